//! File watching: the content folder, the theme folders in use and the assets folder. A burst of
//! changes (one save is often several events; "save all" is many) becomes one rebuild: the
//! rebuild starts once no event has come for the debounce period.

use super::{Builder, ServeError};
use crate::diag::codes;
use crate::pipeline::BuildOptions;
use crate::render::theme::ThemeLayer;
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Even while events keep coming (a long copy), rebuild at least this often.
const MAX_WAIT: Duration = Duration::from_secs(1);

enum Message {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// Watching has started; events queue up until [`Watcher::run`].
pub(super) struct Watcher {
    watcher: notify::RecommendedWatcher,
    tx: Sender<Message>,
    rx: Receiver<Message>,
    debounce: Duration,
}

/// The watcher thread, rebuilding on changes.
pub(super) struct Running {
    _watcher: notify::RecommendedWatcher,
    tx: Sender<Message>,
    thread: JoinHandle<()>,
}

/// The folders whose files go into the site.
pub fn watched_folders(opts: &BuildOptions) -> Vec<PathBuf> {
    let mut dirs = vec![opts.content.clone()];
    for layer in &opts.themes {
        if let ThemeLayer::Dir(d) = layer {
            dirs.push(d.join("templates"));
            dirs.push(d.join("static"));
        }
    }
    dirs.extend(opts.assets.iter().cloned());
    dirs.retain(|d| d.is_dir());
    dirs
}

impl Watcher {
    pub(super) fn start(opts: &BuildOptions, debounce: Duration) -> Result<Watcher, ServeError> {
        let (tx, rx) = channel();
        let events = tx.clone();
        let fail = |what: &Path, e: notify::Error| {
            ServeError {
            code: codes::E503,
            message: format!(
                "{} の変更を監視できません: {e} (cannot watch for changes)",
                what.display()
            ),
            help: "フォルダーの権限を確認してください。Linux で監視できるファイル数の上限に達した場合は \
                   sysctl fs.inotify.max_user_watches を増やしてください。"
                .into(),
        }
        };
        let mut watcher = notify::recommended_watcher(move |e| {
            let _ = events.send(Message::Fs(e));
        })
        .map_err(|e| fail(&opts.content, e))?;
        for dir in watched_folders(opts) {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| fail(&dir, e))?;
        }
        Ok(Watcher {
            watcher,
            tx,
            rx,
            debounce,
        })
    }

    pub(super) fn run(self, mut builder: Builder) -> Running {
        let (rx, debounce) = (self.rx, self.debounce);
        let thread = std::thread::spawn(move || {
            while let Some(changed) = next_change(&rx, debounce) {
                builder.rebuild(changed);
            }
        });
        Running {
            _watcher: self.watcher,
            tx: self.tx,
            thread,
        }
    }
}

impl Running {
    pub(super) fn stop(self) {
        let _ = self.tx.send(Message::Stop);
        let _ = self.thread.join();
    }
}

/// Waits for a relevant change, then for the debounce period to pass without events; returns
/// the changed files, or `None` when stopped.
fn next_change(rx: &Receiver<Message>, debounce: Duration) -> Option<Vec<PathBuf>> {
    let mut changed = BTreeSet::new();
    loop {
        let Message::Fs(event) = rx.recv().ok()? else {
            return None;
        };
        if note(event, &mut changed) {
            break;
        }
    }
    let deadline = Instant::now() + MAX_WAIT;
    while Instant::now() < deadline {
        match rx.recv_timeout(debounce) {
            Ok(Message::Fs(event)) => {
                note(event, &mut changed);
            }
            Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Err(RecvTimeoutError::Timeout) => break,
        }
    }
    Some(changed.into_iter().collect())
}

/// Records the files of an event that can change the site; true if there were any. Reads
/// (access events) and editors' swap, backup and hidden files are ignored; an error from the
/// watcher (e.g. events lost) counts as a change, so the site is rebuilt to be safe.
fn note(event: notify::Result<notify::Event>, changed: &mut BTreeSet<PathBuf>) -> bool {
    let Ok(event) = event else {
        return true;
    };
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    if event.paths.is_empty() {
        return true;
    }
    let mut any = false;
    for path in event.paths.into_iter().filter(|p| !ignored(p)) {
        changed.insert(path);
        any = true;
    }
    any
}

fn ignored(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}
