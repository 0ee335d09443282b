//! 書き出し段階: 出力先の安全確認と、一時フォルダーに書いてから入れ替える原子的な書き込み。
//! Write phase. The site is written to a temporary folder beside the output and swapped in only
//! when complete, so a failed build never leaves a half-written or emptied `public/`.

use crate::diag::Diagnostic;
use bytes::Bytes;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// One file of the finished site, path relative to the output root with `/` separators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

/// A file written into every output folder: its presence tells a later build that the folder is
/// shinchoku's own, and it lists the files shinchoku wrote (the rest are the user's).
pub const MARKER: &str = ".shinchoku-output";

mod guard;
mod manifest;
mod staging;
mod writer;

use guard::absolute;
pub use guard::check_output_dir;
pub use staging::{write_atomically, Others, Staging, Step};
pub use writer::SinkWriter;

/// Where the build puts the files it makes: memory (`check`, `serve`, tests) or a staging
/// folder beside the output (`build`), so a large site never has to fit in memory at once.
/// Writing a path again replaces it: later files win (pages over theme static files).
pub trait Sink: Sync {
    fn put(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic>;
    /// [`put`](Sink::put) of bytes the caller shares (a page or data file kept by `serve`'s
    /// cache): a sink that keeps files in memory keeps them without a copy.
    fn put_shared(&self, path: &str, contents: Bytes) -> Result<(), Diagnostic> {
        self.put(path, &contents)
    }
    /// How much of a file written in parts (the whole-plan data files) is worth keeping before
    /// it is written: each write costs a lookup, and on disk an open, but what is kept is
    /// memory. (A sink in memory keeps the whole file either way.)
    fn chunk_bytes(&self) -> usize {
        1 << 20
    }
    /// Adds to the end of a file begun with [`put`](Sink::put) (the whole-plan data files).
    fn append(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic>;
    /// Writes a copy of the file `original` written earlier in this build (an edition's copy of
    /// a data file of the latest site). A sink may store it as a link to `original`: neither
    /// is appended to afterwards.
    fn put_same(&self, path: &str, original: &str) -> Result<(), Diagnostic>;
    /// Reads back a file written here.
    fn open(&self, path: &str) -> Result<Box<dyn std::io::Read + '_>, Diagnostic>;
    /// The current size of a file written here.
    fn size(&self, path: &str) -> u64;
    /// Every path written, sorted.
    fn paths(&self) -> Vec<String>;
}

/// Files kept in memory, by path.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Bytes>>,
}

impl MemorySink {
    pub fn into_files(self) -> Vec<OutputFile> {
        (self.into_shared().into_iter())
            .map(|(path, contents)| OutputFile {
                path,
                contents: contents.into(),
            })
            .collect()
    }

    /// The files, by path, still shared with whatever they came from (`serve` keeps them so).
    pub fn into_shared(self) -> BTreeMap<String, Bytes> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Bytes>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        self.put_shared(path, Bytes::copy_from_slice(contents))
    }

    fn put_shared(&self, path: &str, contents: Bytes) -> Result<(), Diagnostic> {
        self.lock().insert(path.to_string(), contents);
        Ok(())
    }

    fn chunk_bytes(&self) -> usize {
        usize::MAX
    }

    fn append(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        let mut files = self.lock();
        let file = files.entry(path.to_string()).or_default();
        // A file appended to was begun by `put`, so it is this sink's alone: no copy.
        let mut whole = std::mem::take(file)
            .try_into_mut()
            .unwrap_or_else(|shared| bytes::BytesMut::from(&shared[..]));
        whole.extend_from_slice(contents);
        *file = whole.freeze();
        Ok(())
    }

    fn put_same(&self, path: &str, original: &str) -> Result<(), Diagnostic> {
        let mut files = self.lock();
        let contents = files.get(original).cloned().unwrap_or_default();
        files.insert(path.to_string(), contents);
        Ok(())
    }

    fn open(&self, path: &str) -> Result<Box<dyn std::io::Read + '_>, Diagnostic> {
        let contents = self.lock().get(path).cloned().unwrap_or_default();
        Ok(Box::new(std::io::Cursor::new(contents)))
    }

    fn size(&self, path: &str) -> u64 {
        self.lock().get(path).map_or(0, |f| f.len() as u64)
    }

    fn paths(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }
}
