//! Accepting connections: one thread accepts, and each connection is answered on a short-lived
//! thread of its own, at most [`MAX_CONNECTIONS`](super::policy::MAX_CONNECTIONS) at once
//! (more get 503). Every connection answers one request and closes (or becomes an event stream,
//! which needs no thread), and reading a request is bounded in size and time, so these threads
//! never pile up. Stopping closes the connections still being answered and waits for them.

use super::policy::{MAX_CONNECTIONS, WRITE_TIMEOUT};
use super::{http, lock, wire, Shared};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long stopping waits for the connections being answered.
const STOP_WAIT: Duration = Duration::from_secs(5);

/// The connections being answered, so that stopping can close them.
#[derive(Default)]
struct Connections {
    open: Mutex<(u64, HashMap<u64, TcpStream>)>,
    finished: Condvar,
}

/// A connection being answered; dropping it takes it off the list.
struct Admitted {
    connections: Arc<Connections>,
    id: u64,
}

impl Drop for Admitted {
    fn drop(&mut self) {
        lock(&self.connections.open).1.remove(&self.id);
        self.connections.finished.notify_all();
    }
}

impl Connections {
    /// Lists the connection, or `None` when as many as allowed are being answered.
    fn admit(self: &Arc<Self>, stream: &TcpStream) -> Option<Admitted> {
        let copy = stream.try_clone().ok()?;
        let mut open = lock(&self.open);
        if open.1.len() >= MAX_CONNECTIONS {
            return None;
        }
        open.0 += 1;
        let id = open.0;
        open.1.insert(id, copy);
        Some(Admitted {
            connections: Arc::clone(self),
            id,
        })
    }

    fn close_all_and_wait(&self) {
        let deadline = Instant::now() + STOP_WAIT;
        let mut open = lock(&self.open);
        for stream in open.1.values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        while !open.1.is_empty() {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return;
            };
            open = self
                .finished
                .wait_timeout(open, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// The accepting thread.
pub(super) struct Listening {
    thread: JoinHandle<()>,
    /// Where to connect to wake the accepting thread when stopping.
    wake: SocketAddr,
    connections: Arc<Connections>,
}

pub(super) fn start(listener: TcpListener, addr: SocketAddr, shared: Arc<Shared>) -> Listening {
    let connections = Arc::new(Connections::default());
    let accepted = Arc::clone(&connections);
    let thread = std::thread::spawn(move || {
        for stream in listener.incoming() {
            if shared.stopping.load(Ordering::SeqCst) {
                return;
            }
            match stream {
                Ok(stream) => answer(stream, &accepted, &shared),
                // Out of file descriptors and the like: wait instead of spinning.
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    });
    Listening {
        thread,
        wake: wake_address(addr),
        connections,
    }
}

/// Answers one connection on a thread of its own, or 503 at once when too many are open.
fn answer(stream: TcpStream, connections: &Arc<Connections>, shared: &Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let Some(admitted) = connections.admit(&stream) else {
        return refuse_busy(stream);
    };
    let shared = Arc::clone(shared);
    let spawned = std::thread::Builder::new()
        .name("serve-connection".into())
        .spawn(move || {
            http::serve_connection(stream, &shared);
            drop(admitted);
        });
    drop(spawned);
}

/// 503 without reading the request: written without waiting, so the accepting thread never
/// blocks on a client.
fn refuse_busy(mut stream: TcpStream) {
    use std::io::Write;
    let body = "接続が多すぎます。しばらくして再読み込みしてください。 / Too many connections: reload later.\n";
    let content_type = [("Content-Type", "text/plain; charset=utf-8".to_string())];
    let head = wire::head(503, &content_type, Some(body.len()));
    if stream.set_nonblocking(true).is_ok() {
        let _ = stream.write_all(format!("{head}{body}").as_bytes());
    }
}

/// The bound address as a client reaches it (every address → the loopback one).
fn wake_address(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => (Ipv4Addr::LOCALHOST, addr.port()).into(),
        IpAddr::V6(ip) if ip.is_unspecified() => (Ipv6Addr::LOCALHOST, addr.port()).into(),
        _ => addr,
    }
}

impl Listening {
    /// Stops accepting (`stopping` must be set already), closes the connections being answered
    /// and waits for them.
    pub(super) fn stop(self) {
        // The accepting thread sees `stopping` on its next connection: make one.
        if TcpStream::connect_timeout(&self.wake, Duration::from_secs(2)).is_ok() {
            let _ = self.thread.join();
        }
        self.connections.close_all_and_wait();
    }
}
