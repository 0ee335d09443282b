//! 書き出し段階: 出力先の安全確認と、一時フォルダーに書いてから入れ替える原子的な書き込み。
//! Write phase. The site is written to a temporary folder beside the output and swapped in only
//! when complete, so a failed build never leaves a half-written or emptied `public/`.

use crate::diag::{Diagnostic, Position};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// One file of the finished site, path relative to the output root with `/` separators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

/// A file written into every output folder; its presence tells a later build that the folder is
/// shinchoku's own and may be replaced.
pub const MARKER: &str = ".shinchoku-output";

fn absolute(path: &Path) -> PathBuf {
    // Canonicalise the longest existing ancestor, then re-append the rest (the output may not
    // exist yet).
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.iter().rev() {
        out.push(part);
    }
    // Resolve any remaining `..` lexically.
    let mut clean = PathBuf::new();
    for c in out.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

/// Refuses output folders whose replacement would destroy the user's own files: `/`, the home
/// folder, the content or theme folder, a folder containing either, or a non-empty folder that
/// shinchoku did not create.
pub fn check_output_dir(output: &Path, protected: &[&Path]) -> Result<(), Diagnostic> {
    let out = absolute(output);
    let refuse = |why: String| {
        Err(Diagnostic::error("E401", output, Position::START, format!("この出力先には書き出せません: {why}"))
            .with_help("--output で content/ や themes/ と別の、専用のフォルダー（例 public）を指定してください。"))
    };
    if out.parent().is_none() {
        return refuse("ルートフォルダーです".into());
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home) == out {
            return refuse("ホームフォルダーです".into());
        }
    }
    for p in protected {
        let p = absolute(p);
        if p == out || p.starts_with(&out) {
            return refuse(format!("{} を含むフォルダーです", p.display()));
        }
        if out.starts_with(&p) {
            return refuse(format!("{} の中です", p.display()));
        }
    }
    if out.exists() {
        if !out.is_dir() {
            return refuse("フォルダーではなくファイルです".into());
        }
        let non_empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
        if non_empty && !out.join(MARKER).is_file() {
            return Err(Diagnostic::error(
                "E402",
                output,
                Position::START,
                "出力先は shinchoku が作ったフォルダーではないため、上書きしません (refusing to replace a folder shinchoku did not create)",
            )
            .with_help("中身が不要なことを確かめて削除するか、別の --output を指定してください。"));
        }
    }
    Ok(())
}

/// Where the build puts the files it makes: memory (`check`, `serve`, tests) or a staging
/// folder beside the output (`build`), so a large site never has to fit in memory at once.
/// Writing a path again replaces it: later files win (pages over theme static files).
pub trait Sink: Sync {
    fn put(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic>;
    /// Adds to the end of a file begun with [`put`](Sink::put) (the whole-plan data files).
    fn append(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic>;
    /// The current size of a file written here.
    fn size(&self, path: &str) -> u64;
    /// Every path written, sorted.
    fn paths(&self) -> Vec<String>;
}

/// Files kept in memory, by path.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    pub fn into_files(self) -> Vec<OutputFile> {
        self.files
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .map(|(path, contents)| OutputFile { path, contents })
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Vec<u8>>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        self.lock().insert(path.to_string(), contents.to_vec());
        Ok(())
    }

    fn append(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        self.lock()
            .entry(path.to_string())
            .or_default()
            .extend_from_slice(contents);
        Ok(())
    }

    fn size(&self, path: &str) -> u64 {
        self.lock().get(path).map_or(0, |f| f.len() as u64)
    }

    fn paths(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }
}

/// A fresh temporary folder next to the output. Files go straight to disk as they are made;
/// [`Staging::commit`] swaps the folder in only when the whole build succeeded. Dropped
/// without a commit (any error), it is deleted and the output is left exactly as it was.
pub struct Staging {
    out: PathBuf,
    dir: tempfile::TempDir,
    /// Size of every file written, by path.
    written: Mutex<BTreeMap<String, u64>>,
}

fn io_error(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "E403",
        path,
        Position::START,
        format!("書き込めません: {e} (write failed)"),
    )
    .with_help("フォルダーの権限と空き容量を確認してください。出力先は変更されていません。")
}

impl Staging {
    pub fn new(output: &Path) -> Result<Self, Diagnostic> {
        let out = absolute(output);
        let parent = out.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.building-"))
            .tempdir_in(parent)
            .map_err(|e| io_error(parent, e))?;
        Ok(Staging {
            out,
            dir,
            written: Mutex::default(),
        })
    }

    fn path_of(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
        }
        Ok(path)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, u64>> {
        self.written.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Marks the folder as shinchoku's and swaps it in place of the output: old output aside,
    /// new one in, then the old one removed.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let marker = self.dir.path().join(MARKER);
        std::fs::write(
            &marker,
            "This folder is generated by shinchoku and replaced on every build.\n",
        )
        .map_err(|e| io_error(&marker, e))?;
        let out = self.out;
        let parent = out.parent().unwrap_or(Path::new("/"));
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let old = parent.join(format!(".{name}.previous"));
        if old.exists() && old.join(MARKER).is_file() {
            std::fs::remove_dir_all(&old).map_err(|e| io_error(&old, e))?;
        }
        let had_output = out.exists();
        if had_output {
            std::fs::rename(&out, &old).map_err(|e| io_error(&out, e))?;
        }
        let staged = self.dir.keep();
        if let Err(e) = std::fs::rename(&staged, &out) {
            if had_output {
                let _ = std::fs::rename(&old, &out);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(io_error(&out, e));
        }
        if had_output {
            std::fs::remove_dir_all(&old).map_err(|e| io_error(&old, e))?;
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, rel: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        let path = self.path_of(rel)?;
        std::fs::write(&path, contents).map_err(|e| io_error(&path, e))?;
        self.lock().insert(rel.to_string(), contents.len() as u64);
        Ok(())
    }

    fn append(&self, rel: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        use std::io::Write as _;
        let path = self.path_of(rel)?;
        std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&path)
            .and_then(|mut f| f.write_all(contents))
            .map_err(|e| io_error(&path, e))?;
        *self.lock().entry(rel.to_string()).or_default() += contents.len() as u64;
        Ok(())
    }

    fn size(&self, rel: &str) -> u64 {
        self.lock().get(rel).copied().unwrap_or(0)
    }

    fn paths(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }
}

/// Writes all files into a fresh temporary folder next to `output`, then swaps it in.
pub fn write_atomically(output: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let staging = Staging::new(output)?;
    files
        .par_iter()
        .try_for_each(|f| staging.put(&f.path, &f.contents))?;
    staging.commit()
}
