//! The reload event streams (Server-Sent Events), at most
//! [`MAX_EVENT_STREAMS`](super::policy::MAX_EVENT_STREAMS) at once. A stream is an open
//! connection in a list, not a thread: one thread (`run`) writes each event to every stream. The
//! sockets are non-blocking, so a browser that stops reading is dropped instead of stalling the
//! others; closed tabs are noticed by their end of connection. Stopping the server ends every
//! stream.

use super::policy::MAX_EVENT_STREAMS;
use super::{lock, wire, Shared};
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Comment lines sent this often keep the stream open and notice closed browsers.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

struct Stream {
    tcp: TcpStream,
    /// The generation this page knows about.
    seen: u64,
}

impl Stream {
    /// Writes without waiting; a stream that cannot take a few bytes at once is dropped.
    fn send(&mut self, message: &str) -> bool {
        self.tcp.write_all(message.as_bytes()).is_ok()
    }

    /// Whether the browser is still there (it never sends anything after its request).
    fn is_open(&mut self) -> bool {
        let mut buf = [0u8; 512];
        match self.tcp.read(&mut buf) {
            Ok(0) => false,
            Ok(_) => true,
            Err(e) => e.kind() == io::ErrorKind::WouldBlock,
        }
    }
}

#[derive(Default)]
pub(super) struct Streams {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    open: Vec<Stream>,
    /// Set when the server stops: no stream is accepted after that.
    closed: bool,
}

fn reload(generation: u64) -> String {
    format!("event: reload\ndata: {generation}\n\n")
}

impl Streams {
    /// Starts a stream for a page served at generation `since` (when given): it hears about a
    /// newer build at once. Refused with 503 when the list is full of live streams.
    pub(super) fn open(
        &self,
        tcp: TcpStream,
        since: Option<u64>,
        head_only: bool,
        shared: &Shared,
    ) {
        let mut inner = lock(&self.inner);
        inner.open.retain_mut(Stream::is_open);
        if inner.closed {
            return;
        }
        if inner.open.len() >= MAX_EVENT_STREAMS {
            drop(inner);
            let body = format!(
                "再読み込みの接続が多すぎます（最大 {MAX_EVENT_STREAMS}）。使っていないタブを閉じてください。\n\
                 Too many live-reload connections (at most {MAX_EVENT_STREAMS}): close unused tabs.\n"
            );
            let response = wire::Response::new(503, "text/plain; charset=utf-8", body.into_bytes());
            return wire::send(tcp, &response, head_only);
        }
        let current = *lock(&shared.generation);
        let seen = since.unwrap_or(current);
        let mut head = wire::head(200, &[("Content-Type", "text/event-stream".into())], None);
        if !head_only {
            head.push_str(&format!(": shinchoku {seen}\n\n"));
        }
        if tcp.set_nonblocking(true).is_err() {
            return;
        }
        let mut stream = Stream { tcp, seen };
        if !stream.send(&head) || head_only {
            return;
        }
        if seen < current {
            stream.seen = current;
            if !stream.send(&reload(current)) {
                return;
            }
        }
        inner.open.push(stream);
    }

    /// Sends `message(stream)` to every open stream that wants one, dropping those that fail.
    fn send_all(&self, mut message: impl FnMut(&mut Stream) -> Option<String>) {
        let mut inner = lock(&self.inner);
        inner.open.retain_mut(|s| match message(s) {
            Some(m) => s.send(&m) && s.is_open(),
            None => s.is_open(),
        });
    }

    fn close_all(&self) {
        let mut inner = lock(&self.inner);
        inner.closed = true;
        for s in inner.open.drain(..) {
            let _ = s.tcp.shutdown(Shutdown::Both);
        }
    }
}

/// The thread that tells every stream about each new build, and keeps them alive, until the
/// server stops.
pub(super) fn run(shared: Arc<Shared>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut last = *lock(&shared.generation);
        loop {
            let generation = wait(&shared, last);
            if shared.stopping.load(Ordering::SeqCst) {
                shared.streams.close_all();
                return;
            }
            match generation {
                Some(g) => {
                    last = g;
                    shared.streams.send_all(|s| {
                        (s.seen < g).then(|| {
                            s.seen = g;
                            reload(g)
                        })
                    });
                }
                None => shared.streams.send_all(|_| Some(": keep-alive\n\n".into())),
            }
        }
    })
}

/// Waits for a generation other than `last` (returned) or the keep-alive time (`None`); returns
/// at once when the server is stopping.
fn wait(shared: &Shared, last: u64) -> Option<u64> {
    let deadline = Instant::now() + KEEP_ALIVE;
    let mut generation = lock(&shared.generation);
    while *generation == last && !shared.stopping.load(Ordering::SeqCst) {
        let left = deadline.checked_duration_since(Instant::now())?;
        generation = shared
            .published
            .wait_timeout(generation, left)
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
    Some(*generation)
}
