//! Reload latency of `shinchoku serve`: the time from saving one item file to the reload event
//! on the event stream, measured end to end against the real binary (file watcher, debounce,
//! rebuild, event), on the bundled plan and on a generated 1,000-item plan.
//!
//! Run: `cargo bench --bench serve_reload` (optionally `-- RUNS`, default 21).
//! Results are recorded in docs/performance.md.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled plan's content folder, copied.
fn bundled(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    std::fs::create_dir_all(content.join("items")).unwrap();
    let from = repo().join("content");
    std::fs::copy(from.join("site.toml"), content.join("site.toml")).unwrap();
    for e in std::fs::read_dir(from.join("items")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, content.join("items").join(p.file_name().unwrap())).unwrap();
    }
    content
}

/// A plan of `n` items (n ≤ 1,000): the bundled site.toml with 10 categories of 10 sections,
/// and the bundled items copied round-robin with new ids and titles.
fn generated(dir: &Path, n: usize) -> PathBuf {
    let content = dir.join("content");
    std::fs::create_dir_all(content.join("items")).unwrap();
    let from = repo().join("content");
    let site = std::fs::read_to_string(from.join("site.toml")).unwrap();
    let mut toml = site[..site.find("[[categories]]").unwrap()].to_string();
    for c in 1..=10 {
        toml.push_str(&format!(
            "[[categories]]\nid = \"{c}\"\ntitle = \"大項目{c}\"\n\n"
        ));
        for s in 1..=10 {
            toml.push_str(&format!(
                "[[categories.sections]]\nid = \"{s}\"\ntitle = \"中項目{c}-{s}\"\n\n"
            ));
        }
    }
    std::fs::write(content.join("site.toml"), toml).unwrap();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(from.join("items"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    sources.sort();
    for k in 0..n {
        let id = format!("{}-{}-{}", k / 100 + 1, k / 10 % 10 + 1, k % 10 + 1);
        let text = std::fs::read_to_string(&sources[k % sources.len()]).unwrap();
        let text: Vec<String> = text
            .lines()
            .scan(false, |done, line| {
                Some(if *done {
                    line.to_string()
                } else if line.starts_with("id = ") {
                    format!("id = \"{id}\"")
                } else if let Some(t) = line.strip_prefix("title = \"") {
                    *done = true;
                    format!("title = \"{}（{id}）\"", t.trim_end_matches('"'))
                } else {
                    line.to_string()
                })
            })
            .collect();
        std::fs::write(
            content.join("items").join(format!("{id}.md")),
            text.join("\n") + "\n",
        )
        .unwrap();
    }
    content
}

struct Serve {
    child: Child,
    addr: SocketAddr,
}

impl Serve {
    fn start(content: &Path) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .args(["serve", "--port", "0", "--content"])
            .arg(content)
            .arg("--theme")
            .arg(repo().join("themes/default"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let addr = loop {
            line.clear();
            assert!(
                out.read_line(&mut line).unwrap() > 0,
                "serve printed no URL"
            );
            if let Some(i) = line.find("http://") {
                let url = line[i + 7..].trim().trim_end_matches('/');
                break url.parse().unwrap();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in out.lines() {});
        Serve { child, addr }
    }

    fn events(&self) -> BufReader<TcpStream> {
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "GET /__shinchoku/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut r = BufReader::new(s);
        let mut line = String::new();
        while !line.starts_with(": shinchoku") {
            line.clear();
            assert!(r.read_line(&mut line).unwrap() > 0);
        }
        r
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn wait_reload(events: &mut BufReader<TcpStream>) {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(events.read_line(&mut line).unwrap() > 0, "stream closed");
        if line.trim() == "event: reload" {
            return;
        }
    }
}

/// Saves `item` `runs` times (a changed line each time) and returns the latencies in ms.
fn measure(content: &Path, item: &str, runs: usize) -> Vec<f64> {
    let serve = Serve::start(content);
    let mut events = serve.events();
    let path = content.join("items").join(item);
    let original = std::fs::read_to_string(&path).unwrap();
    let mut times = Vec::new();
    for run in 0..runs {
        // Let the previous rebuild settle, so each save is measured on its own.
        std::thread::sleep(Duration::from_millis(300));
        let text = format!("{original}\n保存 {run} 回目。\n");
        let start = Instant::now();
        std::fs::write(&path, text).unwrap();
        wait_reload(&mut events);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times
}

fn main() {
    // `cargo bench` passes `--bench`; a number among the arguments sets the runs.
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(21);
    println!("shinchoku serve: save one item file → reload event ({runs} saves each; the first is a warm-up and not counted)");
    println!(
        "{:<22} {:>6} {:>9} {:>9} {:>9}",
        "plan", "items", "median", "min", "max"
    );
    let plans: [(&str, usize, &str); 2] = [
        ("bundled (安中市)", 36, "4-1-4.md"),
        ("generated", 1000, "5-5-5.md"),
    ];
    for (name, n, item) in plans {
        let dir = tempfile::tempdir().unwrap();
        let content = if n == 36 {
            bundled(dir.path())
        } else {
            generated(dir.path(), n)
        };
        let mut times = measure(&content, item, runs + 1);
        times.remove(0);
        times.sort_by(f64::total_cmp);
        println!(
            "{name:<22} {n:>6} {:>6.1} ms {:>6.1} ms {:>6.1} ms",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    }
}
