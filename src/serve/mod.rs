//! プレビューサーバー（`shinchoku serve`）: サイトをメモリー上に生成して手元のブラウザーに配信し、
//! ファイルが保存されるたびに作り直して、開いているページを再読み込みさせる。
//! Preview server. The site is built in memory and served from there, so previewing never
//! touches the output folder; a file watcher (`watch`) rebuilds it and Server-Sent Events
//! (`events`) tell open pages to reload. A failed build keeps the server running and shows the
//! diagnostics in the browser until the next good build. HTTP is our own small HTTP/1.1 on std
//! (`listen` accepts, `wire` reads and writes within the limits of `policy`, `http` answers):
//! GET and HEAD of files in memory need no more, and every read stays bounded.

mod events;
mod http;
mod listen;
mod policy;
mod watch;
mod wire;

use crate::diag::codes;
use crate::diag::explain::Lang;
use crate::diag::Diagnostic;
use crate::pipeline::{BuildCache, BuildOptions, BuildReport};
use std::collections::HashMap;
use std::fmt;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The default port (the same as Zola's preview; rarely taken by other tools).
pub const DEFAULT_PORT: u16 = 1111;

/// Default quiet period after a change before rebuilding: the events of one save (or of a tool
/// writing many files) come within a millisecond or two of each other, and every millisecond
/// here is added to the reload time.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(10);

/// Called after every build, the first one included (from the watcher thread).
pub type OnBuild = Box<dyn Fn(&BuildEvent) + Send>;

pub struct ServeOptions {
    pub build: BuildOptions,
    pub addr: SocketAddr,
    pub debounce: Duration,
    pub on_build: Option<OnBuild>,
    /// The language of the error page's headlines, as `build --lang` prints them.
    pub lang: Lang,
}

impl ServeOptions {
    pub fn new(build: BuildOptions, addr: SocketAddr) -> Self {
        ServeOptions {
            build,
            addr,
            debounce: DEFAULT_DEBOUNCE,
            on_build: None,
            lang: Lang::default(),
        }
    }
}

/// One finished build.
pub struct BuildEvent {
    pub generation: u64,
    /// Files whose change started this build (empty for the first build).
    pub changed: Vec<PathBuf>,
    pub elapsed: Duration,
    pub result: Result<BuildReport, Vec<Diagnostic>>,
}

/// Why the server could not start. Codes are documented in docs/errors.md.
#[derive(Debug)]
pub struct ServeError {
    pub code: codes::Code,
    pub message: String,
    pub help: String,
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "エラー[{}]: {}\n    = ヒント: {}",
            self.code.id, self.message, self.help
        )
    }
}

/// What the server is serving: the latest good site, and the errors of the latest build if it
/// failed.
struct Snapshot {
    generation: u64,
    files: Arc<HashMap<String, bytes::Bytes>>,
    /// The page shown instead of every page while the build is failing.
    error_page: Option<Vec<u8>>,
}

/// What the threads answering requests share.
struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    /// The latest generation; the event thread waits on `published` for it to change.
    generation: Mutex<u64>,
    published: Condvar,
    /// Set (under the `generation` lock, so no waiter misses it) when the server stops.
    stopping: AtomicBool,
    hosts: policy::Hosts,
    streams: events::Streams,
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }

    fn publish(&self, snapshot: Snapshot) {
        let generation = snapshot.generation;
        let old = std::mem::replace(
            &mut *self.snapshot.write().unwrap_or_else(|e| e.into_inner()),
            Arc::new(snapshot),
        );
        *self.generation.lock().unwrap_or_else(|e| e.into_inner()) = generation;
        self.published.notify_all();
        // Freeing the previous site (thousands of files) waits until the pages are told.
        drop(old);
    }

    fn stop(&self) {
        let generation = lock(&self.generation);
        self.stopping.store(true, Ordering::SeqCst);
        drop(generation);
        self.published.notify_all();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Builds the site, keeping the previous good files when the build fails.
struct Builder {
    opts: BuildOptions,
    cache: BuildCache,
    shared: Arc<Shared>,
    on_build: Option<OnBuild>,
    lang: Lang,
}

impl Builder {
    fn rebuild(&mut self, changed: Vec<PathBuf>) {
        let start = Instant::now();
        let previous = self.shared.snapshot();
        let generation = previous.generation + 1;
        let (snapshot, result) =
            match crate::pipeline::build_site_shared(&self.opts, &mut self.cache) {
                Ok((files, report)) => {
                    let files = files.into_iter().collect();
                    let snapshot = Snapshot {
                        generation,
                        files: Arc::new(files),
                        error_page: None,
                    };
                    (snapshot, Ok(report))
                }
                Err(errors) => {
                    let snapshot = Snapshot {
                        generation,
                        files: Arc::clone(&previous.files),
                        error_page: Some(http::error_page(&errors, generation, self.lang)),
                    };
                    (snapshot, Err(errors))
                }
            };
        drop(previous);
        self.shared.publish(snapshot);
        if let Some(on_build) = &self.on_build {
            on_build(&BuildEvent {
                generation,
                changed,
                elapsed: start.elapsed(),
                result,
            });
        }
    }
}

/// A running preview server. Dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    running: Option<Running>,
}

/// The threads of a running server.
struct Running {
    listening: listen::Listening,
    events: JoinHandle<()>,
    watcher: watch::Running,
}

impl Server {
    /// Binds the address, builds the site once and starts serving and watching.
    pub fn start(opts: ServeOptions) -> Result<Server, ServeError> {
        let listener = TcpListener::bind(opts.addr).map_err(|e| bind_error(opts.addr, &e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| bind_error(opts.addr, &e))?;
        let shared = Arc::new(Shared {
            snapshot: RwLock::new(Arc::new(Snapshot {
                generation: 0,
                files: Arc::default(),
                error_page: None,
            })),
            generation: Mutex::new(0),
            published: Condvar::new(),
            stopping: AtomicBool::new(false),
            hosts: policy::Hosts::new(addr),
            streams: events::Streams::default(),
        });
        let mut builder = Builder {
            cache: BuildCache::enabled(),
            shared: Arc::clone(&shared),
            on_build: opts.on_build,
            opts: opts.build,
            lang: opts.lang,
        };
        // Watch before the first build, so a save during it is not missed.
        let watcher = watch::Watcher::start(&builder.opts, opts.debounce)?;
        builder.rebuild(Vec::new());
        let running = Running {
            events: events::run(Arc::clone(&shared)),
            listening: listen::start(listener, addr, Arc::clone(&shared)),
            watcher: watcher.run(builder),
        };
        Ok(Server {
            addr,
            shared,
            running: Some(running),
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The generation of the latest finished build (1 after the first build).
    pub fn generation(&self) -> u64 {
        self.shared.snapshot().generation
    }

    /// Stops serving and watching, ends every event stream and waits for the threads.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(running) = self.running.take() else {
            return;
        };
        self.shared.stop();
        running.listening.stop();
        let _ = running.events.join();
        running.watcher.stop();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn bind_error(addr: SocketAddr, e: &std::io::Error) -> ServeError {
    if e.kind() == std::io::ErrorKind::AddrInUse {
        ServeError {
            code: codes::E501,
            message: format!(
                "ポート {} はほかのプログラムが使っています (port {} is already in use)",
                addr.port(),
                addr.port()
            ),
            help: format!(
                "--port で別の番号を指定してください（例 --port {}）。--port 0 なら空いている番号を自動で選びます。",
                addr.port().wrapping_add(1).max(1024)
            ),
        }
    } else {
        ServeError {
            code: codes::E502,
            message: format!("{addr} で待ち受けできません: {e} (cannot listen on {addr})"),
            help: "--bind と --port の指定を確認してください。".into(),
        }
    }
}
