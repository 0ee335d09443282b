//! 内容ファイルをまとめて置き換える（すべてか、どれも変えないか）。途中で強制終了されても、
//! 次に内容を読み込むとき（build・check・serve・survey）に完了させるか、元に戻します。
//! Replacing several content files together, all or none, even when the process is killed at
//! any point (`survey import` writes the item files this way).
//!
//! 1. `content/.shinchoku-import/journal.json` lists the files, not yet committed;
//! 2. each new file is written beside its target (`items/.1-1-1.md.shinchoku-import`);
//! 3. the journal is marked committed (written to a temporary name and renamed: atomic);
//! 4. each staged file is renamed over its target; then the journal folder is removed.
//!
//! [`recover`] (called by every content load) finishes what a killed run left: before the
//! commit it removes the staged files (every target keeps its old bytes), after it renames the
//! staged files that are still there (every target gets its new bytes). Either way nothing is
//! left behind. A lock inside the journal folder keeps a recovery away from a run in progress.

use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The journal folder's name, in the content folder.
pub const DIR: &str = ".shinchoku-import";
const JOURNAL: &str = "journal.json";
const JOURNAL_TMP: &str = "journal.json.tmp";
const LOCK: &str = "lock";
const STAGED_SUFFIX: &str = ".shinchoku-import";

/// A file's new bytes.
pub struct Replacement {
    /// The target, inside the content folder.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct Journal {
    version: u32,
    committed: bool,
    /// Paths relative to the content folder, `/`-separated.
    files: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    target: String,
    staged: String,
}

/// One change to the file system, announced to the hook before it is made (tests stop or fail
/// there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    WriteJournal { committed: bool },
    RenameJournal { committed: bool },
    WriteStaged(usize),
    RenameStaged(usize),
    RemoveJournal,
    RemoveDir,
}

/// Called before each step; an error makes that step fail.
pub type Hook<'h> = &'h mut dyn FnMut(Step) -> io::Result<()>;

/// What a failed [`replace_all`] left: `committed` tells whether the new files will still be put
/// in place (by the next [`recover`]) or none was changed.
#[derive(Debug)]
pub struct Failure {
    pub path: PathBuf,
    pub error: io::Error,
    pub committed: bool,
}

/// Replaces every file in `files` (all inside `content`), or none.
pub fn replace_all(content: &Path, files: &[Replacement], hook: Hook) -> Result<(), Failure> {
    let dir = content.join(DIR);
    let failure = |(path, error): (PathBuf, io::Error), committed| Failure {
        path,
        error,
        committed,
    };
    let at_dir = |e| failure((dir.clone(), e), false);
    recover(content).map_err(at_dir)?;
    fs::create_dir(&dir).map_err(at_dir)?;
    let lock = lock(&dir, false).map_err(at_dir)?;
    let mut journal = Journal {
        version: 1,
        committed: false,
        files: entries(content, files).map_err(at_dir)?,
    };
    let mut result = stage(content, &dir, &journal, files, hook).map_err(|e| failure(e, false));
    if result.is_ok() {
        journal.committed = true;
        result = write_journal(&dir, &journal, hook).map_err(|e| failure(e, false));
    }
    if result.is_ok() {
        result = roll(content, &dir, &journal, hook).map_err(|e| failure(e, true));
    } else {
        // Not committed: the targets are untouched; take the staged files away now if we can
        // (else the next recover does).
        let journal = read_journal(&dir).unwrap_or(journal);
        let _ = roll(content, &dir, &journal, &mut |_| Ok(()));
    }
    drop(lock);
    result?;
    remove_dir(&dir, hook).map_err(|e| failure(e, true))
}

/// The journal's entries: each target relative to `content`, and its staged name beside it.
fn entries(content: &Path, files: &[Replacement]) -> io::Result<Vec<Entry>> {
    files
        .iter()
        .map(|f| {
            let rel = f.path.strip_prefix(content).map_err(|_| {
                io::Error::other(format!(
                    "{} is not in {}",
                    f.path.display(),
                    content.display()
                ))
            })?;
            let name = rel.file_name().unwrap_or_default().to_string_lossy();
            let staged = rel.with_file_name(format!(".{name}{STAGED_SUFFIX}"));
            let slash = |p: &Path| p.to_string_lossy().replace('\\', "/");
            Ok(Entry {
                target: slash(rel),
                staged: slash(&staged),
            })
        })
        .collect()
}

/// Writes the uncommitted journal, then every staged file.
fn stage(
    content: &Path,
    dir: &Path,
    journal: &Journal,
    files: &[Replacement],
    hook: Hook,
) -> Result<(), (PathBuf, io::Error)> {
    write_journal(dir, journal, hook)?;
    for (i, (entry, file)) in journal.files.iter().zip(files).enumerate() {
        let staged = content.join(&entry.staged);
        let err = |e| (file.path.clone(), e);
        hook(Step::WriteStaged(i)).map_err(err)?;
        write_staged(&staged, &file.path, &file.bytes).map_err(err)?;
    }
    Ok(())
}

fn write_staged(staged: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    let _ = fs::remove_file(staged);
    // A new file gets the usual permissions (umask); a replaced one keeps its own.
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(staged)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    if let Ok(meta) = fs::metadata(target) {
        fs::set_permissions(staged, meta.permissions())?;
    }
    sync_dir(staged)
}

/// Writes the journal to a temporary name and renames it into place (atomic).
fn write_journal(dir: &Path, journal: &Journal, hook: Hook) -> Result<(), (PathBuf, io::Error)> {
    let (tmp, path) = (dir.join(JOURNAL_TMP), dir.join(JOURNAL));
    let committed = journal.committed;
    let err = |p: &Path| {
        let p = p.to_path_buf();
        move |e| (p, e)
    };
    hook(Step::WriteJournal { committed }).map_err(err(&tmp))?;
    let json = serde_json::to_vec_pretty(journal)
        .map_err(io::Error::other)
        .map_err(err(&tmp))?;
    let mut f = File::create(&tmp).map_err(err(&tmp))?;
    f.write_all(&json)
        .and_then(|()| f.sync_all())
        .map_err(err(&tmp))?;
    hook(Step::RenameJournal { committed }).map_err(err(&path))?;
    fs::rename(&tmp, &path).map_err(err(&path))?;
    sync_dir(&path).map_err(err(&path))
}

fn read_journal(dir: &Path) -> Option<Journal> {
    let bytes = fs::read(dir.join(JOURNAL)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Finishes the journal: a committed one forward (staged files over their targets), another
/// back (staged files removed); then removes the journal.
fn roll(
    content: &Path,
    dir: &Path,
    journal: &Journal,
    hook: Hook,
) -> Result<(), (PathBuf, io::Error)> {
    for (i, entry) in journal.files.iter().enumerate() {
        let (staged, target) = (content.join(&entry.staged), content.join(&entry.target));
        if !staged.exists() {
            continue; // already renamed (or never written)
        }
        let err = |e| (target.clone(), e);
        if journal.committed {
            hook(Step::RenameStaged(i)).map_err(err)?;
            fs::rename(&staged, &target).map_err(err)?;
            sync_dir(&target).map_err(err)?;
        } else {
            fs::remove_file(&staged).map_err(err)?;
        }
    }
    hook(Step::RemoveJournal).map_err(|e| (dir.join(JOURNAL), e))?;
    for name in [JOURNAL_TMP, JOURNAL] {
        remove_if_there(&dir.join(name))?;
    }
    Ok(())
}

/// Removes the journal folder (its lock, no longer held, is all that is left in it).
fn remove_dir(dir: &Path, hook: Hook) -> Result<(), (PathBuf, io::Error)> {
    hook(Step::RemoveDir).map_err(|e| (dir.to_path_buf(), e))?;
    remove_if_there(&dir.join(LOCK))?;
    match fs::remove_dir(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err((dir.to_path_buf(), e)),
        _ => Ok(()),
    }
}

fn remove_if_there(path: &Path) -> Result<(), (PathBuf, io::Error)> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err((path.to_path_buf(), e)),
        _ => Ok(()),
    }
}

/// Finishes or undoes what an interrupted [`replace_all`] left in `content`. Returns whether
/// there was anything (Some(true): the new files were put in place, Some(false): none was
/// changed). Leaves it alone while another process is in the middle of it.
pub fn recover(content: &Path) -> io::Result<Option<bool>> {
    let dir = content.join(DIR);
    if !dir.is_dir() {
        return Ok(None);
    }
    let Some(lock) = lock_soon(&dir)? else {
        return Ok(None);
    };
    // No journal yet: killed before it was written, so nothing was staged.
    let journal = read_journal(&dir).unwrap_or(Journal {
        version: 1,
        committed: false,
        files: Vec::new(),
    });
    let no_hook = &mut |_| Ok(());
    roll(content, &dir, &journal, no_hook).map_err(|(_, e)| e)?;
    drop(lock);
    remove_dir(&dir, no_hook).map_err(|(_, e)| e)?;
    Ok(Some(journal.committed))
}

/// The lock, if it comes free within a second or so. A process that forks holds an open lock
/// file for a moment before its child execs (and closes it), so one failed try does not mean
/// that another import is running.
fn lock_soon(dir: &Path) -> io::Result<Option<File>> {
    for _ in 0..50 {
        if let Some(file) = lock(dir, true)? {
            return Ok(Some(file));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Ok(None)
}

/// The journal folder's lock: waited for, or with `try_only` None when another process has it.
fn lock(dir: &Path, try_only: bool) -> io::Result<Option<File>> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK))?;
    if !try_only {
        file.lock()?;
        return Ok(Some(file));
    }
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(fs::TryLockError::WouldBlock) => Ok(None),
        Err(fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Makes a rename or new file in `path`'s folder durable (where the system allows it).
fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    if let Some(parent) = path.parent() {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        File::open(parent)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
