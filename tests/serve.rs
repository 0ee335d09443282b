//! `serve`: the preview server on an ephemeral port, spoken to over plain TCP so that requests
//! reach it exactly as written (HTTP clients would normalise `..` away). Waits are on events
//! with deadlines, not fixed sleeps, except where a test checks that nothing more happens.

mod common;

use common::*;
use shinchoku::diag::explain::{Explainer, Lang};
use shinchoku::serve::{BuildEvent, ServeOptions, Server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn request(addr: SocketAddr, method: &str, target: &str) -> Response {
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    );
    send_raw(addr, head.as_bytes())
}

/// Sends `raw` as it is and reads the whole response.
fn send_raw(addr: SocketAddr, raw: &[u8]) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    stream.write_all(raw).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn get(addr: SocketAddr, target: &str) -> Response {
    request(addr, "GET", target)
}

/// A connection to the reload event stream.
struct Events(BufReader<TcpStream>);

impl Events {
    /// Connects and waits for the stream's greeting, so no later build can be missed.
    fn connect(addr: SocketAddr) -> Events {
        Events::try_connect(addr).unwrap_or_else(|status| panic!("event stream: {status}"))
    }

    /// The stream, or the status it was refused with.
    fn try_connect(addr: SocketAddr) -> Result<Events, u16> {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        write!(
            stream,
            "GET /__shinchoku/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
        )
        .unwrap();
        let mut events = Events(BufReader::new(stream));
        let mut line = String::new();
        while !line.starts_with(": shinchoku") {
            line.clear();
            assert!(events.0.read_line(&mut line).unwrap() > 0, "stream closed");
            if let Some(status) = line.strip_prefix("HTTP/1.1 ") {
                let status = status[..3].parse().unwrap();
                if status != 200 {
                    return Err(status);
                }
            }
            if line.to_ascii_lowercase().starts_with("content-type") {
                assert!(line.contains("text/event-stream"), "{line}");
            }
        }
        Ok(events)
    }

    /// Whether the server ended the stream (reads to its end within the deadline).
    fn ends(mut self) -> bool {
        self.0.get_ref().set_read_timeout(Some(DEADLINE)).unwrap();
        let mut rest = Vec::new();
        self.0.read_to_end(&mut rest).is_ok()
    }

    /// The generation of the next reload event, or `None` if none comes within `timeout`.
    fn next_reload(&mut self, timeout: Duration) -> Option<u64> {
        let end = Instant::now() + timeout;
        let mut reload = false;
        loop {
            let left = end.checked_duration_since(Instant::now())?;
            self.0
                .get_ref()
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .unwrap();
            let mut line = String::new();
            match self.0.read_line(&mut line) {
                Ok(0) => panic!("event stream closed"),
                Ok(_) => {}
                Err(_) => return None,
            }
            if line.trim() == "event: reload" {
                reload = true;
            } else if let (true, Some(data)) = (reload, line.trim().strip_prefix("data: ")) {
                return Some(data.parse().unwrap());
            }
        }
    }
}

/// Waits for reload events until `target` is served as `ok` wants: one save may take more than
/// one rebuild on a busy machine, and each sends its own event.
fn reload_until(
    events: &mut Events,
    addr: SocketAddr,
    target: &str,
    ok: impl Fn(&Response) -> bool,
) -> (u64, Response) {
    let end = Instant::now() + DEADLINE;
    loop {
        let left = end.saturating_duration_since(Instant::now());
        let generation = events
            .next_reload(left)
            .unwrap_or_else(|| panic!("no reload brought the change to {target}"));
        let r = get(addr, target);
        if ok(&r) {
            return (generation, r);
        }
    }
}

/// A fixture site being previewed, with a count of finished builds.
struct Preview {
    site: Site,
    server: Server,
    builds: Arc<AtomicUsize>,
}

impl Preview {
    fn start(debounce: Duration) -> Preview {
        let site = Site::fixture("basic");
        let assets = site.dir.path().join("assets");
        std::fs::create_dir_all(&assets).unwrap();
        std::fs::write(assets.join("logo.png"), b"\x89PNG\r\n\x1a\nnot really").unwrap();
        std::fs::write(assets.join("font.woff2"), b"wOF2").unwrap();
        std::fs::write(
            assets.join("mark.svg"),
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .unwrap();
        let builds = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&builds);
        let mut opts = ServeOptions::new(site.options(), "127.0.0.1:0".parse().unwrap());
        opts.debounce = debounce;
        opts.on_build = Some(Box::new(move |_: &BuildEvent| {
            counter.fetch_add(1, Ordering::SeqCst);
        }));
        let server = Server::start(opts).unwrap_or_else(|e| panic!("{e}"));
        Preview {
            site,
            server,
            builds,
        }
    }

    fn addr(&self) -> SocketAddr {
        self.server.addr()
    }
}

#[test]
fn serves_pages_and_assets_with_the_right_types() {
    let p = Preview::start(Duration::from_millis(20));
    let (files, _) = shinchoku::pipeline::build_site(&p.site.options()).unwrap();
    let built = |path: &str| {
        files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} not built"))
            .contents
            .clone()
    };
    let csv = files.iter().find(|f| f.path.ends_with(".csv")).unwrap();
    let json = files.iter().find(|f| f.path.ends_with(".json")).unwrap();
    let cases = [
        ("/css/style.css", "text/css; charset=utf-8"),
        ("/js/search.js", "text/javascript; charset=utf-8"),
        (&format!("/{}", csv.path), "text/csv; charset=utf-8"),
        (&format!("/{}", json.path), "application/json"),
        ("/assets/logo.png", "image/png"),
        ("/assets/mark.svg", "image/svg+xml"),
        ("/assets/font.woff2", "font/woff2"),
    ];
    for (target, content_type) in cases {
        let r = get(p.addr(), target);
        assert_eq!(r.status, 200, "{target}");
        assert_eq!(r.header("Content-Type"), Some(content_type), "{target}");
        assert_eq!(r.body, built(&target[1..]), "{target}: served as built");
        assert_eq!(r.header("Cache-Control"), Some("no-store"));
    }
    for (target, file) in [
        ("/", "index.html"),
        ("/index.html", "index.html"),
        ("/departments/", "departments/index.html"),
        ("/items/1-1-1.html", "items/1-1-1.html"),
        ("/reports/2020/", "reports/2020/index.html"),
    ] {
        let r = get(p.addr(), target);
        assert_eq!(r.status, 200, "{target}");
        assert_eq!(r.header("Content-Type"), Some("text/html; charset=utf-8"));
        let built = String::from_utf8(built(file)).unwrap();
        let title = built
            .split("<title>")
            .nth(1)
            .unwrap()
            .split("</title>")
            .next();
        assert!(
            r.text()
                .contains(&format!("<title>{}</title>", title.unwrap())),
            "{target}"
        );
    }
    // A directory without its slash is redirected, so the page's relative links resolve.
    let r = get(p.addr(), "/reports/2020");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("Location"), Some("/reports/2020/"));
    // Query strings are ignored.
    assert_eq!(get(p.addr(), "/css/style.css?v=2").status, 200);
}

#[test]
fn head_has_headers_and_no_body_and_other_methods_are_refused() {
    let p = Preview::start(Duration::from_millis(20));
    let full = get(p.addr(), "/index.html");
    let head = request(p.addr(), "HEAD", "/index.html");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("Content-Length"),
        Some(full.body.len().to_string().as_str())
    );
    assert_eq!(
        head.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = request(p.addr(), method, "/index.html");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("Allow"), Some("GET, HEAD"), "{method}");
    }
}

#[test]
fn not_found_is_the_sites_404_page() {
    let p = Preview::start(Duration::from_millis(20));
    let r = get(p.addr(), "/no/such/page.html");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("Content-Type"), Some("text/html; charset=utf-8"));
    let page = std::fs::read_to_string(p.site.output().join("404.html"));
    assert!(page.is_err(), "preview must not write the output folder");
    let (files, _) = shinchoku::pipeline::build_site(&p.site.options()).unwrap();
    let not_found = files.iter().find(|f| f.path == "404.html").unwrap();
    let built = String::from_utf8(not_found.contents.clone()).unwrap();
    let h1 = built
        .split("<h1")
        .nth(1)
        .unwrap()
        .split("</h1>")
        .next()
        .unwrap();
    assert!(r.text().contains(h1));
    assert!(r.text().contains("/__shinchoku/events"));
}

#[test]
fn paths_outside_the_site_are_refused() {
    let p = Preview::start(Duration::from_millis(20));
    // A file beside the site folder, and a symlink to it inside the assets folder.
    let secret = p.site.dir.path().join("secret.txt");
    std::fs::write(&secret, "secret-contents").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, p.site.dir.path().join("assets/link.txt")).unwrap();
        std::os::unix::fs::symlink(p.site.dir.path(), p.site.dir.path().join("assets/up")).unwrap();
    }
    let mut events = Events::connect(p.addr());
    std::fs::write(p.site.dir.path().join("assets/trigger.txt"), "x").unwrap();
    reload_until(&mut events, p.addr(), "/assets/trigger.txt", |r| {
        r.status == 200
    });

    let refused = [
        "/../secret.txt",
        "/../../etc/passwd",
        "/css/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/css/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/C:/Windows/win.ini",
        "/index.html%00.css",
        "/./index.html",
        "/css//style.css",
        "/%zz",
        "http://example.com/index.html",
        "*",
    ];
    for target in refused {
        let r = get(p.addr(), target);
        assert_eq!(r.status, 400, "{target}");
        assert!(!r.text().contains("secret-contents"), "{target}");
    }
    // Absolute file-system paths are just paths inside the site, and symlinks are not followed.
    for target in [
        "/etc/passwd",
        "/assets/link.txt",
        "/assets/up/secret.txt",
        "/secret.txt",
    ] {
        let r = get(p.addr(), target);
        assert_eq!(r.status, 404, "{target}");
        assert!(!r.text().contains("secret-contents"), "{target}");
    }
}

#[test]
fn reload_script_is_only_in_the_preview() {
    let p = Preview::start(Duration::from_millis(20));
    let served = get(p.addr(), "/items/1-1-1.html").text();
    let body_end = served.rfind("</body>").unwrap();
    let script = served.find("/__shinchoku/events").unwrap();
    assert!(script < body_end, "script inside <body>");
    assert!(served.contains("<script src=\"/__shinchoku/reload.js\""));
    let script = get(p.addr(), "/__shinchoku/reload.js");
    assert_eq!(
        script.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.text().contains("new EventSource("));
    assert!(!get(p.addr(), "/css/style.css")
        .text()
        .contains("__shinchoku"));

    p.site.build().unwrap();
    for (path, bytes) in read_tree(&p.site.output()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__shinchoku"),
            "{path} has the reload script"
        );
        assert!(
            !text.contains("EventSource"),
            "{path} has the reload script"
        );
    }
}

#[test]
fn edits_rebuild_and_reload_and_broken_content_shows_every_error_until_fixed() {
    let p = Preview::start(Duration::from_millis(20));
    let mut events = Events::connect(p.addr());
    let original = p.site.read("items/1-1-1.md");
    let title = original
        .lines()
        .find_map(|l| l.strip_prefix("title = \""))
        .unwrap()
        .trim_end_matches('"')
        .to_string();

    // An edit: the page shows it after the reload event.
    let edited = original.replacen(&title, "プレビューで確認する題名", 1);
    p.site.write("items/1-1-1.md", &edited);
    let (g1, page) = reload_until(&mut events, p.addr(), "/items/1-1-1.html", |r| {
        r.text().contains("プレビューで確認する題名")
    });
    assert_eq!(page.status, 200);
    assert!(page.text().contains(&format!("since={g1}")));

    // Broken content: two errors in two files; every page shows both, as `build` prints them
    // (headline, the source line with a caret under the value, hint).
    let broken = edited.replacen("title = \"", "title = ", 1);
    p.site.write("items/1-1-1.md", &broken);
    let other = p.site.read("items/2-1-1.md");
    p.site.write(
        "items/2-1-1.md",
        &other.replacen("department = \"", "department = \"存在しない課", 1),
    );
    let (g2, _) = reload_until(&mut events, p.addr(), "/", |r| {
        r.status == 500 && r.text().contains("2-1-1.md:")
    });
    assert!(g2 > g1);
    let expected = match shinchoku::pipeline::build_site(&p.site.options()) {
        Ok(_) => panic!("the content should be broken"),
        Err(ds) => ds,
    };
    assert!(expected.len() >= 2, "{expected:#?}");
    for target in ["/", "/items/1-1-1.html", "/categories/1.html"] {
        let r = get(p.addr(), target);
        assert_eq!(r.status, 500, "{target}");
        let doc = scraper::Html::parse_document(&r.text());
        assert_eq!(doc.root_element().value().attr("lang"), Some("ja"));
        assert_eq!(doc.select(&sel("h1")).count(), 1);
        let shown: Vec<String> = doc
            .select(&sel("main li pre"))
            .map(|e| e.text().collect())
            .collect();
        let mut explainer = Explainer::new(Lang::Ja);
        let wanted: Vec<String> = expected.iter().map(|d| explainer.render(d)).collect();
        assert_eq!(shown, wanted, "{target}");
        let toml_error = shown.iter().find(|s| s.contains("1-1-1.md:")).unwrap();
        assert!(toml_error.contains("title = "), "{toml_error}");
        assert!(toml_error.contains('^'), "the caret: {toml_error}");
        assert_security_headers(&r, target);
        assert!(shown.iter().any(|s| s.contains("1-1-1.md:")));
        assert!(shown.iter().any(|s| s.contains("2-1-1.md:")));
        assert!(r.text().contains("/__shinchoku/events"));
    }
    // Assets of the last good build are still served, so the error page never breaks them.
    assert_eq!(get(p.addr(), "/css/style.css").status, 200);

    // Fixed: the site comes back by itself.
    p.site.write("items/1-1-1.md", &original);
    p.site.write("items/2-1-1.md", &other);
    let (g3, page) = reload_until(&mut events, p.addr(), "/items/1-1-1.html", |r| {
        r.status == 200 && r.text().contains(&title)
    });
    assert!(g3 > g2);
    assert!(!page.text().contains("プレビューで確認する題名"));
}

#[test]
fn a_burst_of_writes_gives_one_rebuild() {
    // A long quiet period, so the burst is one burst even on a loaded machine.
    let debounce = Duration::from_millis(300);
    let p = Preview::start(debounce);
    let mut events = Events::connect(p.addr());
    assert_eq!(p.builds.load(Ordering::SeqCst), 1, "the first build");
    let original = p.site.read("items/1-1-1.md");
    for n in 0..5 {
        p.site
            .write("items/1-1-1.md", &format!("{original}\n<!-- {n} -->\n"));
        p.site
            .write("items/2-1-1.md", &p.site.read("items/2-1-1.md"));
    }
    events.next_reload(DEADLINE).expect("one reload");
    assert_eq!(events.next_reload(debounce * 4), None, "a second reload");
    assert_eq!(p.builds.load(Ordering::SeqCst), 2);
}

#[test]
fn a_page_loaded_before_a_rebuild_is_told_to_reload_when_it_connects() {
    let p = Preview::start(Duration::from_millis(20));
    let mut events = Events::connect(p.addr());
    p.site.write(
        "items/1-1-1.md",
        &format!("{}\n", p.site.read("items/1-1-1.md")),
    );
    let g = events.next_reload(DEADLINE).unwrap();
    // A page served at generation g - 1 connects late: it hears about g at once.
    let mut stream = TcpStream::connect(p.addr()).unwrap();
    write!(
        stream,
        "GET /__shinchoku/events?since={} HTTP/1.1\r\nHost: {}\r\n\r\n",
        g - 1,
        p.addr()
    )
    .unwrap();
    let mut late = Events(BufReader::new(stream));
    assert!(late.next_reload(DEADLINE) >= Some(g));
}

#[test]
fn a_taken_port_is_reported() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let site = Site::fixture("basic");
    let opts = ServeOptions::new(site.options(), taken.local_addr().unwrap());
    let err = Server::start(opts).err().expect("the port is taken");
    assert_eq!(err.code.id, "E501");
    let text = err.to_string();
    assert!(text.contains("--port"), "{text}");
    assert!(text.contains(&taken.local_addr().unwrap().port().to_string()));
}

/// `shinchoku serve` on `site` on any free port, its output piped.
fn serve_command(site: &Site) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["serve", "--port", "0", "--content"])
        .arg(site.content())
        .arg("--theme")
        .arg(repo().join("themes/default"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// The command: prints the URL, serves, and stops cleanly with exit code 0 on Ctrl-C (SIGINT).
#[cfg(unix)]
#[test]
fn the_command_prints_the_url_and_stops_cleanly_on_ctrl_c() {
    let site = Site::fixture("basic");
    let mut child = serve_command(&site);
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let url = loop {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "no URL printed");
        if let Some(i) = line.find("http://127.0.0.1:") {
            break line[i..].trim().to_string();
        }
    };
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    assert_eq!(get(addr, "/").status, 200);
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("終了しました"), "{rest}");
    assert!(!site.output().exists(), "serve must not write public/");
}

/// After a save the command prints only the warnings the save added, and how many it left out
/// as unchanged: hundreds of the same warnings on every save would hide the new one.
#[cfg(unix)]
#[test]
fn after_a_save_the_command_prints_only_the_new_warnings() {
    let site = Site::fixture("basic");
    site.write("items/notes.txt", "メモ");
    let mut child = serve_command(&site);
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let built = |out: &mut BufReader<std::process::ChildStdout>| {
        let mut line = String::new();
        while !line.contains("生成しました") {
            line.clear();
            assert!(out.read_line(&mut line).unwrap() > 0, "no build printed");
        }
    };
    built(&mut out);
    site.write("items/more.txt", "メモ");
    built(&mut out);
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    // Each warning printed once (the fixture has others besides these two).
    let heads: Vec<&str> = err.lines().filter(|l| l.contains(": 警告[")).collect();
    let unique: std::collections::BTreeSet<&&str> = heads.iter().collect();
    assert_eq!(unique.len(), heads.len(), "{err}");
    assert_eq!(err.matches("notes.txt:1:1").count(), 1, "{err}");
    assert_eq!(err.matches("more.txt:1:1").count(), 1, "{err}");
    let (all, same) = (heads.len(), heads.len() - 1);
    let count = format!("警告 {all} 件（うち前回と同じ {same} 件は表示を省略）");
    assert!(err.contains(&count), "{err}");
}

#[test]
fn template_and_stylesheet_edits_rebuild_and_reload() {
    let site = Site::fixture("basic");
    let (theme, opts) = site.options_with_own_theme();
    let server = Server::start(ServeOptions::new(opts, "127.0.0.1:0".parse().unwrap())).unwrap();
    let mut events = Events::connect(server.addr());

    let css = theme.join("static/css/style.css");
    let text = std::fs::read_to_string(&css).unwrap();
    std::fs::write(&css, format!("{text}\n/* プレビューの確認 */\n")).unwrap();
    reload_until(&mut events, server.addr(), "/css/style.css", |r| {
        r.text().contains("プレビューの確認")
    });

    let template = theme.join("templates/item.html");
    let text = std::fs::read_to_string(&template).unwrap();
    let edited = text.replacen("<h1>", "<h1 data-edited=\"yes\">", 1);
    std::fs::write(&template, edited).unwrap();
    reload_until(&mut events, server.addr(), "/items/1-1-1.html", |r| {
        r.text().contains("data-edited=\"yes\"")
    });
}

/// The headers every preview response carries: the page may not be framed, loads scripts only
/// from files of the preview, sends no referrer, and is never cached or sniffed.
fn assert_security_headers(r: &Response, what: &str) {
    let csp = r
        .header("Content-Security-Policy")
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"));
    let directive = |name: &str| {
        csp.split(';')
            .map(str::trim)
            .find(|d| d.split(' ').next() == Some(name))
            .unwrap_or_else(|| panic!("{what}: no {name} in {csp}"))
    };
    assert_eq!(directive("frame-ancestors"), "frame-ancestors 'none'");
    assert_eq!(directive("script-src"), "script-src 'self'");
    assert_eq!(directive("default-src"), "default-src 'self'");
    assert_eq!(directive("object-src"), "object-src 'none'");
    assert_eq!(r.header("X-Frame-Options"), Some("DENY"), "{what}");
    assert_eq!(r.header("Referrer-Policy"), Some("no-referrer"), "{what}");
    assert_eq!(
        r.header("X-Content-Type-Options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(r.header("Cache-Control"), Some("no-store"), "{what}");
}

#[test]
fn every_response_has_the_security_headers_and_no_page_needs_an_inline_script() {
    let p = Preview::start(Duration::from_millis(20));
    for target in [
        "/",
        "/css/style.css",
        "/assets/mark.svg",
        "/no/such/page.html",
        "/reports/2020",
        "/__shinchoku/reload.js",
        "/../x",
    ] {
        assert_security_headers(&get(p.addr(), target), target);
    }
    assert_security_headers(&request(p.addr(), "POST", "/"), "POST");
    let stream = request(p.addr(), "HEAD", "/__shinchoku/events");
    assert_eq!(stream.header("Content-Type"), Some("text/event-stream"));
    assert_security_headers(&stream, "the event stream");

    // `script-src 'self'` allows every script of every page as served: none is inline.
    let (files, _) = shinchoku::pipeline::build_site(&p.site.options()).unwrap();
    let pages: Vec<_> = files.iter().filter(|f| f.path.ends_with(".html")).collect();
    assert!(pages.len() > 10);
    for page in pages {
        let r = get(p.addr(), &format!("/{}", page.path));
        assert_eq!(r.status, 200, "{}", page.path);
        assert_security_headers(&r, &page.path);
        let doc = scraper::Html::parse_document(&r.text());
        for script in doc.select(&sel("script")) {
            assert!(
                script.value().attr("src").is_some(),
                "{}: inline script",
                page.path
            );
            assert_eq!(text(script), "", "{}: inline script", page.path);
        }
        let handlers = doc
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
            .flat_map(|e| {
                e.value()
                    .attrs()
                    .map(|(n, _)| n.to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|n| n.starts_with("on"));
        assert_eq!(handlers.count(), 0, "{}: inline event handlers", page.path);
    }
}

#[test]
fn oversized_requests_are_refused_with_their_status_and_the_server_stays_up() {
    let p = Preview::start(Duration::from_millis(20));
    let addr = p.addr();
    let long_line = format!(
        "GET /{} HTTP/1.1\r\nHost: {addr}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    let many = format!(
        "GET / HTTP/1.1\r\nHost: {addr}\r\n{}\r\n",
        "X-A: b\r\n".repeat(200)
    );
    let big = format!(
        "GET / HTTP/1.1\r\nHost: {addr}\r\nCookie: a={}\r\n\r\n",
        "b".repeat(64 * 1024)
    );
    let body = format!("POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 50000000\r\n\r\n");
    let chunked = format!("POST / HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (what, raw, status) in [
        ("request line of 64 KiB", long_line, 414),
        ("200 header lines", many, 431),
        ("header of 64 KiB", big, 431),
        ("body of 50 MB", body, 413),
        ("chunked body", chunked, 411),
    ] {
        let r = send_raw(addr, raw.as_bytes());
        assert_eq!(r.status, status, "{what}");
        assert!(
            r.text().contains(" / "),
            "{what}: Japanese / English: {}",
            r.text()
        );
        assert_eq!(get(addr, "/").status, 200, "after {what}");
    }
}

#[test]
fn an_endless_request_line_is_cut_off() {
    let p = Preview::start(Duration::from_millis(20));
    let mut stream = TcpStream::connect(p.addr()).unwrap();
    stream.set_write_timeout(Some(DEADLINE)).unwrap();
    stream.write_all(b"GET /").unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let limit = 50 * 1024 * 1024;
    let mut sent = 0;
    while let Ok(n) = stream.write(&chunk) {
        sent += n;
        assert!(sent < limit, "the server took a 50 MB request line");
    }
    assert_eq!(get(p.addr(), "/").status, 200);
}

#[test]
fn requests_for_another_host_name_are_refused() {
    let p = Preview::start(Duration::from_millis(20));
    let addr = p.addr();
    let port = addr.port();
    let ask = |host: &str| {
        let raw = format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
        send_raw(addr, raw.as_bytes())
    };
    for host in [
        addr.to_string(),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(ask(&host).status, 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
        "127.0.0.1".to_string(),
    ] {
        let r = ask(&host);
        assert_eq!(r.status, 403, "{host}");
        assert!(r.text().contains("このプレビューは"), "{}", r.text());
        assert!(r
            .text()
            .contains("This preview answers only its own address"));
        assert!(
            r.text().contains(&format!("http://{addr}/")),
            "{}",
            r.text()
        );
        assert!(!r.text().contains("<title>"), "{host}: no page");
    }
    // The event stream is refused too: another site cannot hold its places.
    let raw = format!("GET /__shinchoku/events HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n");
    assert_eq!(send_raw(addr, raw.as_bytes()).status, 403);
    // No Host, or two.
    let none = send_raw(addr, b"GET / HTTP/1.1\r\n\r\n");
    assert_eq!(none.status, 400);
    assert!(none.text().contains("Host"));
    let two = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nHost: evil.example\r\n\r\n");
    assert_eq!(send_raw(addr, two.as_bytes()).status, 400);
}

#[test]
fn event_streams_are_capped_and_all_end_when_the_server_stops() {
    const CAP: usize = 16;
    let p = Preview::start(Duration::from_millis(20));
    let addr = p.addr();
    let mut streams: Vec<Events> = (0..CAP).map(|_| Events::connect(addr)).collect();
    let refused = get(addr, "/__shinchoku/events");
    assert_eq!(refused.status, 503);
    assert!(refused.text().contains("16"), "{}", refused.text());
    // Pages are still served.
    assert_eq!(get(addr, "/").status, 200);

    // A closed tab frees its place (as soon as the server has seen the connection end).
    drop(streams.pop());
    let end = Instant::now() + DEADLINE;
    loop {
        match Events::try_connect(addr) {
            Ok(events) => break streams.push(events),
            Err(503) if Instant::now() < end => std::thread::sleep(Duration::from_millis(50)),
            Err(status) => panic!("no place freed: {status}"),
        }
    }

    // Every stream hears about a rebuild.
    p.site.write(
        "items/1-1-1.md",
        &format!("{}\n", p.site.read("items/1-1-1.md")),
    );
    for events in &mut streams {
        assert!(events.next_reload(DEADLINE).is_some());
    }

    let Preview { server, .. } = p;
    server.stop();
    for events in streams {
        assert!(events.ends(), "a stream outlived the server");
    }
}

/// A slow client cannot hold a thread: the head must arrive within 10 s. (Waits for the
/// server's own deadline, so this test takes about 10 s.)
#[test]
fn a_request_head_that_never_ends_times_out() {
    let p = Preview::start(Duration::from_millis(20));
    let addr = p.addr();
    let idle = std::thread::spawn(move || {
        // A browser's spare connection that never sends anything is closed without a word.
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        raw
    });
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(stream, "GET / HTTP/1.1\r\nHost: {addr}\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    assert_eq!(parse_response(&raw).status, 408);
    assert_eq!(idle.join().unwrap(), b"");
    assert_eq!(get(addr, "/").status, 200);
}
