//! HTTP: GET and HEAD of the in-memory site, the reload event stream, and the error page.
//! Request paths are decoded and checked before lookup; anything that is not a plain path
//! inside the site (`..`, `.`, encoded slashes or dots that decode to them, backslashes, NUL,
//! drive letters) is refused with 400, never resolved.

use super::{Shared, Snapshot};
use std::io::Write;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// Path of the Server-Sent Events stream that tells pages to reload.
pub const EVENTS_PATH: &str = "/__shinchoku/events";

/// Comment lines sent this often keep the stream open and notice closed browsers.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub(super) fn handle(request: Request, shared: &Arc<Shared>) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = text(
            405,
            "GET と HEAD だけに対応しています / only GET and HEAD\n",
        )
        .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let target = request.url().to_string();
    if target.split('?').next() == Some(EVENTS_PATH) {
        let since = query_value(&target, "since").and_then(|v| v.parse().ok());
        let shared = Arc::clone(shared);
        std::thread::spawn(move || events(request, &shared, since));
        return;
    }
    let snapshot = shared.snapshot();
    let response = match site_path(&target) {
        None => text(400, "不正なパスです / bad request path\n"),
        Some(path) => lookup(&snapshot, &path),
    };
    let _ = request.respond(response);
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

fn lookup(snapshot: &Snapshot, path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let is_page = path.ends_with(".html");
    if !snapshot.errors.is_empty() && is_page {
        return html(500, error_page(snapshot).into_bytes());
    }
    if let Some(bytes) = snapshot.files.get(path) {
        return if is_page {
            html(200, inject(bytes, snapshot.generation))
        } else {
            respond(200, content_type(path), bytes.clone())
        };
    }
    // `/reports/2021` → `/reports/2021/`, so the page's relative links resolve.
    if snapshot.files.contains_key(&format!("{path}/index.html")) {
        return text(301, "").with_header(header("Location", &format!("/{path}/")));
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

/// The script that reloads the page when a newer build than `generation` is published.
/// Only ever added to responses of the preview server, never to built files.
fn reload_script(generation: u64) -> String {
    format!(
        "<script>/* shinchoku serve */(function(){{var s=new EventSource(\"{EVENTS_PATH}?since={generation}\");\
         s.addEventListener(\"reload\",function(){{s.close();location.reload();}});}})();</script>"
    )
}

/// Inserts the reload script before the last `</body>` (or at the end).
fn inject(page: &[u8], generation: u64) -> Vec<u8> {
    let script = reload_script(generation);
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

/// Every diagnostic of the failed build, exactly as `build` prints them.
fn error_page(snapshot: &Snapshot) -> String {
    let n = snapshot.errors.len();
    let items: String = snapshot
        .errors
        .iter()
        .map(|d| {
            format!(
                "<li><pre>{}</pre></li>\n",
                crate::text::escape::xml(&d.to_string())
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
    String::from_utf8(inject(page.as_bytes(), snapshot.generation)).unwrap_or(page)
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn respond(status: u16, content_type: &str, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        // A preview must always show the latest build.
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        // Always send Content-Length (also for HEAD) instead of chunking large files.
        .with_chunked_threshold(usize::MAX)
}

fn html(status: u16, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    respond(status, "text/html; charset=utf-8", body)
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    respond(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

/// Streams reload events to one page until it goes away or the server stops (on a thread of
/// its own). A page built before the latest generation is told to reload at once.
fn events(request: Request, shared: &Shared, since: Option<u64>) {
    let is_head = *request.method() == Method::Head;
    let mut seen = since.unwrap_or_else(|| *lock(&shared.generation));
    // The raw connection: tiny_http would buffer a streamed body, and events must go out now.
    let mut out = request.into_writer();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
         Connection: close\r\n\r\n{}",
        if is_head {
            String::new()
        } else {
            format!(": shinchoku {seen}\n\n")
        }
    );
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
        || is_head
    {
        return;
    }
    let mut generation = lock(&shared.generation);
    loop {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let message = if *generation > seen {
            seen = *generation;
            format!("event: reload\ndata: {seen}\n\n")
        } else {
            let (g, timeout) = shared
                .published
                .wait_timeout(generation, KEEP_ALIVE)
                .unwrap_or_else(|e| e.into_inner());
            generation = g;
            if !timeout.timed_out() {
                continue;
            }
            ": keep-alive\n\n".to_string()
        };
        // Never write while holding the lock: a slow browser must not stall the others.
        drop(generation);
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
        generation = lock(&shared.generation);
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
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
        assert!(page.starts_with("<html><body>x<script>"));
        assert!(page.ends_with("</script></body></html>"));
        assert!(page.contains("since=7"));
    }
}
