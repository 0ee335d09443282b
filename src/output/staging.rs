//! 一時フォルダーへの書き出しと入れ替え。 / Staging: the site is written to a temporary folder
//! beside the output and swapped in only when complete.

use super::{absolute, manifest, OutputFile, Sink, MARKER};
use crate::diag::codes;
use crate::diag::{Diagnostic, Position};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A fresh temporary folder next to the output. Files go straight to disk as they are made;
/// [`Staging::commit`] swaps the folder in only when the whole build succeeded. Dropped
/// without a commit (any error), it is deleted and the output is left exactly as it was.
///
/// Every step leaves a state the next build recovers from (see [`heal`]), whenever the process
/// is killed: the names beside the output say what each folder is.
pub struct Staging {
    out: PathBuf,
    siblings: Siblings,
    dir: tempfile::TempDir,
    /// Size of every file written, by path.
    written: Mutex<BTreeMap<String, u64>>,
    /// The folders made so far.
    folders: Mutex<HashSet<PathBuf>>,
    /// The files of the current output that the last build wrote, for [`Staging::reuse`].
    previous: Previous,
    /// Held until the build ends, so two builds into one folder never meet.
    _lock: std::fs::File,
}

/// What to do with the files in the output that shinchoku did not write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Others {
    /// Carry them over into the new output (the default).
    Keep,
    /// Remove them (`build --clean`).
    Remove,
}

/// A point in [`Staging::commit`], for tests that stop the process there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    MarkerWritten,
    OutputMovedAside,
    StagedMovedIn,
    OthersCarried,
    PreviousMovedToTrash,
}

/// The names beside the output `public`: `.public.building-*` (staging, or trash being
/// deleted: always shinchoku's, removed by the next build), `.public.previous` (the last
/// output during the swap), `.public.lock`.
struct Siblings {
    parent: PathBuf,
    name: String,
}

impl Siblings {
    fn of(out: &Path) -> Siblings {
        Siblings {
            parent: out.parent().unwrap_or(Path::new("/")).to_path_buf(),
            name: out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "public".into()),
        }
    }

    fn building_prefix(&self) -> String {
        format!(".{}.building-", self.name)
    }

    fn previous(&self) -> PathBuf {
        self.parent.join(format!(".{}.previous", self.name))
    }

    fn lock(&self) -> PathBuf {
        self.parent.join(format!(".{}.lock", self.name))
    }

    fn temp_dir(&self) -> Result<tempfile::TempDir, Diagnostic> {
        tempfile::Builder::new()
            .prefix(&self.building_prefix())
            .tempdir_in(&self.parent)
            .map_err(|e| io_error(&self.parent, e))
    }
}

/// What [`Staging::reuse`] may take from the current output: the files the last build wrote
/// (its marker's list; none if the output is not shinchoku's), and the permissions a file
/// written now gets.
#[derive(Default)]
struct Previous {
    files: std::collections::BTreeSet<String>,
    mode: u32,
}

impl Previous {
    fn of(out: &Path) -> Previous {
        let Some(files) = manifest::read(out) else {
            return Previous::default();
        };
        // The permissions of a new file (the umask's), from the marker's own, which every build
        // writes anew.
        match std::fs::metadata(out.join(MARKER)).map(|m| mode(&m)) {
            Ok(mode) => Previous { files, mode },
            Err(_) => Previous::default(),
        }
    }
}

#[cfg(unix)]
fn mode(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode(meta: &std::fs::Metadata) -> u32 {
    u32::from(meta.permissions().readonly())
}

pub(super) fn io_error(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        codes::E403,
        path,
        Position::START,
        format!("書き込めません: {e} (write failed)"),
    )
    .with_help("フォルダーの権限と空き容量を確認してください。出力先は変更されていません。")
}

impl Staging {
    /// Locks the output's folder for this build, repairs what an interrupted build left
    /// ([`heal`]) and makes the staging folder.
    pub fn new(output: &Path) -> Result<Self, Diagnostic> {
        let out = absolute(output);
        let siblings = Siblings::of(&out);
        std::fs::create_dir_all(&siblings.parent).map_err(|e| io_error(&siblings.parent, e))?;
        let lock = lock(&siblings.lock())?;
        heal(&out, &siblings)?;
        Ok(Staging {
            previous: Previous::of(&out),
            dir: siblings.temp_dir()?,
            out,
            siblings,
            written: Mutex::default(),
            folders: Mutex::default(),
            _lock: lock,
        })
    }

    fn path_of(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            self.make_folder(parent)?;
        }
        Ok(path)
    }

    /// Makes `folder` once per build: asking the file system again for every file costs two
    /// system calls each.
    fn make_folder(&self, folder: &Path) -> Result<(), Diagnostic> {
        let made = |f: &Path| {
            self.folders
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(f)
        };
        if made(folder) {
            return Ok(());
        }
        std::fs::create_dir_all(folder).map_err(|e| io_error(folder, e))?;
        let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        folders.extend(folder.ancestors().map(Path::to_path_buf));
        Ok(())
    }

    /// Links `rel` to the current output's file of that path when the last build wrote it with
    /// exactly `contents`: no new file is created, and an unchanged file keeps its modification
    /// time (so an upload with rsync or a sync tool skips it). Returns whether it did.
    fn reuse(&self, rel: &str, path: &Path, contents: &[u8]) -> bool {
        if !self.previous.files.contains(rel) {
            return false;
        }
        let old = self.out.join(rel);
        let Ok(meta) = std::fs::symlink_metadata(&old) else {
            return false;
        };
        // A file whose permissions somebody changed is written anew, as a fresh build would.
        let fresh = mode(&meta) == self.previous.mode;
        let same = meta.is_file() && fresh && meta.len() == contents.len() as u64;
        same && std::fs::read(&old).is_ok_and(|b| b == contents)
            && std::fs::hard_link(&old, path).is_ok()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, u64>> {
        self.written.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Swaps the staged folder in place of the output, keeping the user's files.
    pub fn commit(self, others: Others) -> Result<(), Diagnostic> {
        self.commit_with(others, &mut |_| {})
    }

    /// [`commit`](Self::commit), calling `at` after each step (tests stop the process there).
    pub fn commit_with(self, others: Others, at: &mut dyn FnMut(Step)) -> Result<(), Diagnostic> {
        let written: Vec<String> = self.lock().keys().cloned().collect();
        let user = match others {
            Others::Keep => self.check_clashes(&written)?,
            Others::Remove => Vec::new(),
        };
        let marker = self.dir.path().join(MARKER);
        std::fs::write(&marker, manifest::text(&written)).map_err(|e| io_error(&marker, e))?;
        at(Step::MarkerWritten);
        let Staging {
            out, siblings, dir, ..
        } = self;
        let previous = siblings.previous();
        let had_output = out.exists();
        if had_output {
            std::fs::rename(&out, &previous).map_err(|e| io_error(&out, e))?;
            at(Step::OutputMovedAside);
        }
        let staged = dir.keep();
        if let Err(e) = std::fs::rename(&staged, &out) {
            if had_output {
                let _ = std::fs::rename(&previous, &out);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(io_error(&out, e));
        }
        at(Step::StagedMovedIn);
        if had_output {
            carry(&previous, &out, &user)?;
            at(Step::OthersCarried);
            remove_previous(&siblings, at)?;
        }
        Ok(())
    }

    /// The user's entries in the current output, or an error naming those the new build would
    /// write over (nothing is changed then).
    fn check_clashes(&self, written: &[String]) -> Result<Vec<String>, Diagnostic> {
        let Some(ours) = manifest::read(&self.out) else {
            return Ok(Vec::new());
        };
        let user = manifest::user_entries(&self.out, &ours);
        let new: std::collections::BTreeSet<String> = written.iter().cloned().collect();
        let clashes = manifest::clashes(&user, &new);
        if clashes.is_empty() {
            return Ok(user);
        }
        Err(Diagnostic::in_file(
            codes::E404,
            &self.out,
            format!(
                "出力先にある shinchoku が作っていないファイルと、今回書き出すファイルの名前が重なります: {} (files shinchoku did not write would be replaced)",
                clashes.join("、")
            ),
        )
        .with_help("そのファイルを別の場所に移すか、不要なら `shinchoku build --clean` で出力先の shinchoku 以外のファイルを削除してください。出力先は変更していません。"))
    }
}

fn lock(path: &Path) -> Result<std::fs::File, Diagnostic> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| io_error(path, e))?;
    file.lock().map_err(|e| io_error(path, e))?;
    Ok(file)
}

/// Repairs what an interrupted build left beside the output: staging and trash folders are
/// removed; a previous output is put back if the output is missing (killed mid-swap), or has
/// the user's files carried into the new output and is then removed.
fn heal(out: &Path, siblings: &Siblings) -> Result<(), Diagnostic> {
    remove_stale_building(siblings)?;
    let previous = siblings.previous();
    if !previous.exists() {
        return Ok(());
    }
    if !previous.join(MARKER).is_file() {
        return Err(Diagnostic::in_file(
            codes::E402,
            &previous,
            "出力先の隣に、shinchoku の印のないフォルダーがあります（以前のビルドの中断の跡かもしれません）。削除しません (a folder without shinchoku's marker is in the way)",
        )
        .with_help("中身を確かめ、不要なら削除してから、もう一度ビルドしてください。"));
    }
    if !out.exists() {
        return std::fs::rename(&previous, out).map_err(|e| io_error(out, e));
    }
    let user = manifest::read(&previous)
        .map(|ours| manifest::user_entries(&previous, &ours))
        .unwrap_or_default();
    carry(&previous, out, &user)?;
    remove_previous(siblings, &mut |_| {})
}

fn remove_stale_building(siblings: &Siblings) -> Result<(), Diagnostic> {
    let prefix = siblings.building_prefix();
    let entries = std::fs::read_dir(&siblings.parent).map_err(|e| io_error(&siblings.parent, e))?;
    for entry in entries.filter_map(Result::ok) {
        let is_ours = entry.file_name().to_string_lossy().starts_with(&prefix)
            && entry.file_type().is_ok_and(|t| t.is_dir());
        if is_ours {
            let path = entry.path();
            std::fs::remove_dir_all(&path).map_err(|e| io_error(&path, e))?;
        }
    }
    Ok(())
}

/// Moves the user's entries from the previous output into the new one. An entry already in
/// the new output (carried before an interruption) stays where it is.
fn carry(previous: &Path, out: &Path, user: &[String]) -> Result<(), Diagnostic> {
    for rel in user {
        let (from, to) = (previous.join(rel), out.join(rel));
        if to.symlink_metadata().is_ok() || from.symlink_metadata().is_err() {
            continue;
        }
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
        }
        std::fs::rename(&from, &to).map_err(|e| io_error(&to, e))?;
    }
    Ok(())
}

/// Removes the previous output: first renamed to a staging name (so an interruption while
/// deleting leaves only a folder the next build removes), then deleted.
fn remove_previous(siblings: &Siblings, at: &mut dyn FnMut(Step)) -> Result<(), Diagnostic> {
    let previous = siblings.previous();
    let trash = siblings.temp_dir()?.keep();
    std::fs::remove_dir(&trash).map_err(|e| io_error(&trash, e))?;
    std::fs::rename(&previous, &trash).map_err(|e| io_error(&previous, e))?;
    at(Step::PreviousMovedToTrash);
    std::fs::remove_dir_all(&trash).map_err(|e| io_error(&trash, e))
}

impl Sink for Staging {
    fn put(&self, rel: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        let path = self.path_of(rel)?;
        // A file written again (a page over a static file of the same path) may be a link:
        // replace it rather than write through to the file it shares.
        if self.lock().contains_key(rel) {
            std::fs::remove_file(&path).map_err(|e| io_error(&path, e))?;
        }
        if !self.reuse(rel, &path, contents) {
            std::fs::write(&path, contents).map_err(|e| io_error(&path, e))?;
        }
        self.lock().insert(rel.to_string(), contents.len() as u64);
        Ok(())
    }

    /// A hard link to `original` (no new inode and no second copy: creating files is most of
    /// the cost of writing a large site); written out in full where links are not supported.
    fn put_same(&self, rel: &str, original: &str) -> Result<(), Diagnostic> {
        let size = self.size(original);
        let (from, path) = (self.dir.path().join(original), self.path_of(rel)?);
        if self.lock().contains_key(rel) {
            std::fs::remove_file(&path).map_err(|e| io_error(&path, e))?;
        }
        if std::fs::hard_link(&from, &path).is_err() {
            std::fs::copy(&from, &path).map_err(|e| io_error(&path, e))?;
        }
        self.lock().insert(rel.to_string(), size);
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

    fn open(&self, rel: &str) -> Result<Box<dyn std::io::Read + '_>, Diagnostic> {
        let path = self.dir.path().join(rel);
        let file = std::fs::File::open(&path).map_err(|e| io_error(&path, e))?;
        Ok(Box::new(file))
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
    staging.commit(Others::Keep)
}
