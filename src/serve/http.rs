//! Answering one connection: the request is read within the limits, its Host and method are
//! checked, then it gets a file of the in-memory site, the reload script, the reload event
//! stream or the error page. Request paths are decoded and checked before lookup; anything that
//! is not a plain path inside the site (`..`, `.`, encoded slashes or dots that decode to them,
//! backslashes, NUL, drive letters) is refused with 400, never resolved.

use super::policy::{Hosts, MAX_BODY, MAX_HEADER_BYTES, MAX_HEADER_COUNT, MAX_REQUEST_LINE};
use super::wire::{self, ReadError, Request, Response};
use super::{Shared, Snapshot};
use crate::diag::explain::{Explainer, Lang};
use crate::diag::Diagnostic;
use std::net::TcpStream;

/// Path of the Server-Sent Events stream that tells pages to reload.
pub const EVENTS_PATH: &str = "/__shinchoku/events";

/// Path of the reload script. A file rather than an inline script, so that the
/// Content-Security-Policy allows no inline script at all.
pub const SCRIPT_PATH: &str = "/__shinchoku/reload.js";

/// Listens to the event stream named by its own `data-events` attribute and reloads the page
/// on a newer build.
const RELOAD_SCRIPT: &str = "/* shinchoku serve */(function(){\
     var s=new EventSource(document.currentScript.getAttribute(\"data-events\"));\
     s.addEventListener(\"reload\",function(){s.close();location.reload();});})();\n";

/// What a request gets.
enum Answer {
    Response(Response),
    /// The event stream, for a page served at this generation (when given).
    Events(Option<u64>),
}

/// Reads one request from the connection and answers it.
pub(super) fn serve_connection(mut stream: TcpStream, shared: &Shared) {
    let request = match wire::read_request(&mut stream) {
        Ok(request) => request,
        Err(ReadError::Closed) => return,
        Err(ReadError::Status(status)) => return wire::send(stream, &refusal(status), false),
    };
    let head_only = request.is_head();
    match answer(&request, shared) {
        Answer::Events(since) => shared.streams.open(stream, since, head_only, shared),
        Answer::Response(response) => wire::send(stream, &response, head_only),
    }
}

fn answer(request: &Request, shared: &Shared) -> Answer {
    if let Some(refused) = check_host(request, &shared.hosts) {
        return Answer::Response(refused);
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        let response = text(
            405,
            "GET と HEAD だけに対応しています / only GET and HEAD\n",
        );
        return Answer::Response(response.with_header("Allow", "GET, HEAD"));
    }
    let target = request.target.as_str();
    let response = match target.split('?').next() {
        Some(EVENTS_PATH) => {
            let since = query_value(target, "since").and_then(|v| v.parse().ok());
            return Answer::Events(since);
        }
        Some(SCRIPT_PATH) => respond(200, content_type(SCRIPT_PATH), RELOAD_SCRIPT.into()),
        _ => match site_path(target) {
            None => text(400, "不正なパスです / bad request path\n"),
            Some(path) => lookup(&shared.snapshot(), &path),
        },
    };
    Answer::Response(response)
}

/// 403 for a Host that is not this server's (DNS rebinding), 400 for none or several.
fn check_host(request: &Request, hosts: &Hosts) -> Option<Response> {
    let mut values = request.values("Host");
    match (values.next(), values.next()) {
        (Some(host), None) if hosts.allows(host) => None,
        (Some(_), None) => {
            let url = hosts.example();
            let body = format!(
                "このプレビューは http://{url}/ のように、このサーバー自身のアドレスでだけ表示できます（ほかのサイトからの接続を防ぐため）。\n\
                 This preview answers only its own address, such as http://{url}/ (to keep other sites out).\n"
            );
            Some(text(403, &body))
        }
        _ => Some(text(
            400,
            "Host ヘッダーが 1 つ必要です / exactly one Host header is required\n",
        )),
    }
}

/// The answer to a request that broke a limit or could not be read.
fn refusal(status: u16) -> Response {
    let body = match status {
        408 => "要求が時間内に届きませんでした / the request did not arrive in time\n".to_string(),
        411 => "長さのわからない本文は受け付けません / a request body needs a Content-Length\n".into(),
        413 => format!(
            "要求の本文が大きすぎます（最大 {} KiB） / request body too large (at most {} KiB)\n",
            MAX_BODY / 1024,
            MAX_BODY / 1024
        ),
        414 => format!(
            "要求行が長すぎます（最大 {} KiB） / request line too long (at most {} KiB)\n",
            MAX_REQUEST_LINE / 1024,
            MAX_REQUEST_LINE / 1024
        ),
        431 => format!(
            "ヘッダーが大きすぎます（最大 {} KiB、{} 行） / request headers too large (at most {} KiB, {} lines)\n",
            MAX_HEADER_BYTES / 1024,
            MAX_HEADER_COUNT,
            MAX_HEADER_BYTES / 1024,
            MAX_HEADER_COUNT
        ),
        505 => "HTTP/1.1 だけに対応しています / only HTTP/1.1 is supported\n".into(),
        _ => "不正な要求です / bad request\n".into(),
    };
    text(status, &body)
}

/// Maps a request target to a file of the site, or `None` if it is malformed or could leave the
/// site root. Directory URLs map to their `index.html`.
pub fn site_path(target: &str) -> Option<String> {
    let raw = target.split(['?', '#']).next()?;
    let rest = raw.strip_prefix('/')?;
    let decoded = String::from_utf8(percent_decode(rest)?).ok()?;
    let bad_char = |c: char| c == '\\' || c == ':' || c.is_control();
    if decoded.chars().any(bad_char) {
        return None;
    }
    let mut segments: Vec<&str> = decoded.split('/').collect();
    let directory = segments.last() == Some(&"");
    if directory {
        segments.pop();
    }
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return None;
    }
    let mut path = segments.join("/");
    if directory {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// Decodes `%XX` escapes; `None` for a malformed escape.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

fn query_value<'a>(target: &'a str, key: &str) -> Option<&'a str> {
    let query = target.split_once('?')?.1;
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
}

fn lookup(snapshot: &Snapshot, path: &str) -> Response {
    let is_page = path.ends_with(".html");
    if let (Some(page), true) = (&snapshot.error_page, is_page) {
        return html(500, page.clone());
    }
    if let Some(bytes) = snapshot.files.get(path) {
        return if is_page {
            html(200, inject(bytes, snapshot.generation))
        } else {
            respond(200, content_type(path), bytes.to_vec())
        };
    }
    // `/reports/2021` → `/reports/2021/`, so the page's relative links resolve.
    if snapshot.files.contains_key(&format!("{path}/index.html")) {
        return text(301, "").with_header("Location", format!("/{path}/"));
    }
    let body = match snapshot.files.get("404.html") {
        Some(page) => inject(page, snapshot.generation),
        None => {
            let text = "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>ページが見つかりません / Not found</title></head><body><h1>ページが見つかりません / Not found</h1></body></html>\n";
            inject(text.as_bytes(), snapshot.generation)
        }
    };
    html(404, body)
}

/// The Content-Type of a site file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("jsonld") => "application/ld+json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The tag that loads the reload script, told the generation the page was served at. Only ever
/// added to responses of the preview server, never to built files.
fn reload_tag(generation: u64) -> String {
    format!(
        "<script src=\"{SCRIPT_PATH}\" data-events=\"{EVENTS_PATH}?since={generation}\"></script>"
    )
}

/// Inserts the reload script before the last `</body>` (or at the end).
fn inject(page: &[u8], generation: u64) -> Vec<u8> {
    let script = reload_tag(generation);
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + script.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// The page shown for every path while the latest build failed: each diagnostic exactly as
/// `build` prints it (headline, source line with its caret, hint), with the reload script.
pub(super) fn error_page(errors: &[Diagnostic], generation: u64, lang: Lang) -> Vec<u8> {
    let n = errors.len();
    let mut explainer = Explainer::new(lang);
    let items: String = errors
        .iter()
        .map(|d| {
            format!(
                "<li><pre>{}</pre></li>\n",
                crate::text::escape::xml(&explainer.render(d))
            )
        })
        .collect();
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>ビルドエラー {n} 件 - shinchoku プレビュー</title>\n\
         <style>body{{font-family:sans-serif;line-height:1.6;margin:1rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a;background:#fff}}\
         h1{{color:#a4000f}}pre{{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font-size:1rem}}\
         li{{border-left:4px solid #a4000f;background:#fff5f5;padding:.5rem 1rem;margin:.5rem 0}}</style>\n\
         </head>\n<body>\n<main>\n<h1>ビルドエラー / Build failed</h1>\n\
         <p>エラーが {n} 件あります。ファイルを直して保存すると、このページは自動で再表示されます。<br>\n\
         {n} error(s). Fix the files and save: this page reloads by itself.</p>\n\
         <ol>\n{items}</ol>\n</main>\n</body>\n</html>\n"
    );
    inject(page.as_bytes(), generation)
}

fn respond(status: u16, content_type: &str, body: Vec<u8>) -> Response {
    Response::new(status, content_type, body)
}

fn html(status: u16, body: Vec<u8>) -> Response {
    respond(status, "text/html; charset=utf-8", body)
}

fn text(status: u16, body: &str) -> Response {
    respond(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_into_the_site_or_are_refused() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/a/").as_deref(), Some("a/index.html"));
        assert_eq!(site_path("/a/b.css?x=1").as_deref(), Some("a/b.css"));
        assert_eq!(
            site_path("/%E6%8B%85%E5%BD%93.html").as_deref(),
            Some("担当.html")
        );
        for bad in [
            "",
            "a",
            "*",
            "//x",
            "/../x",
            "/a/../x",
            "/%2e%2e/x",
            "/%2E%2e%2Fx",
            "/a%2f..%2fx",
            "/./x",
            "/a//b",
            "/a\\b",
            "/%5c",
            "/%00",
            "/c:/x",
            "/%",
            "/%g0",
            "/%ff",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_last_body_end() {
        let page = inject(b"<html><body>x</body></html>", 7);
        let page = String::from_utf8(page).unwrap();
        assert!(page.starts_with("<html><body>x<script src=\"/__shinchoku/reload.js\""));
        assert!(page.ends_with("</script></body></html>"));
        assert!(page.contains("since=7"));
    }
}
