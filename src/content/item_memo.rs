//! What `serve` keeps of the content between builds: site.toml and every item file as last
//! read and parsed. A file whose [`Stamp`] is unchanged is neither read nor parsed again, and
//! a file read again with the same text is not parsed again. Everything is forgotten when
//! site.toml's text changes, since every item is checked against it.

use crate::content::source::{self, SourceFile, Stamp};
use crate::diag::Diagnostic;
use crate::model::{ActionItem, Plan};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// One item file parsed: the item (shared with every plan that holds it) and its diagnostics.
pub type Parsed = (Option<Arc<ActionItem>>, Vec<Diagnostic>);

/// What parsing an item file gives, before it is kept.
type Parse = (Option<ActionItem>, Vec<Diagnostic>);

/// site.toml parsed: the plan without its items, and the diagnostics.
type Site = (Option<Plan>, Vec<Diagnostic>);

/// Items parsed by earlier builds. The default keeps nothing (a one-shot build).
#[derive(Default)]
pub struct ItemMemo {
    enabled: bool,
    /// site.toml's text as last parsed, and what it gave.
    site: Mutex<Option<(String, Site)>>,
    /// Each item file by path: its stamp taken before it was read, its text and its parse.
    files: Mutex<HashMap<PathBuf, Known>>,
    /// The last [`ActionItem::origin`] given out.
    origins: AtomicU64,
}

struct Known {
    stamp: Option<Stamp>,
    text: String,
    parsed: Parsed,
}

impl ItemMemo {
    pub fn enabled() -> Self {
        ItemMemo {
            enabled: true,
            ..ItemMemo::default()
        }
    }

    /// site.toml parsed, as last time when its text is the same; a new text forgets every item.
    pub fn site(&self, file: &SourceFile, parse: impl FnOnce(&SourceFile) -> Site) -> Site {
        if !self.enabled {
            return parse(file);
        }
        let mut site = lock(&self.site);
        if let Some((_, parsed)) = site.as_ref().filter(|(text, _)| *text == file.text) {
            return parsed.clone();
        }
        lock(&self.files).clear();
        let parsed = parse(file);
        *site = Some((file.text.clone(), parsed.clone()));
        parsed
    }

    /// The item file at `path` parsed (by `parse`), or as parsed before when its stamp, or
    /// else its text, is unchanged. A kept parse gets a new origin.
    pub fn item(
        &self,
        path: &Path,
        parse: impl FnOnce(&SourceFile) -> Parse,
    ) -> Result<Parsed, Diagnostic> {
        if !self.enabled {
            let (item, diagnostics) = parse(&source::read(path, path)?);
            return Ok((item.map(Arc::new), diagnostics));
        }
        // Taken before reading: a write while the file is read changes it again.
        let stamp = Stamp::of(path);
        if let Some(known) = lock(&self.files).get(path) {
            if stamp.is_some() && known.stamp == stamp {
                return Ok(known.parsed.clone());
            }
        }
        let file = source::read(path, path)?;
        let mut files = lock(&self.files);
        if let Some(known) = files.get_mut(path).filter(|k| k.text == file.text) {
            known.stamp = stamp;
            return Ok(known.parsed.clone());
        }
        drop(files);
        let (mut item, diagnostics) = parse(&file);
        if let Some(item) = item.as_mut() {
            item.origin = self.origins.fetch_add(1, Ordering::Relaxed) + 1;
        }
        let parsed = (item.map(Arc::new), diagnostics);
        let known = Known {
            stamp,
            text: file.text,
            parsed: parsed.clone(),
        };
        lock(&self.files).insert(path.to_path_buf(), known);
        Ok(parsed)
    }

    /// Forgets the files not among `paths` (removed or renamed since).
    pub fn keep(&self, paths: &[PathBuf]) {
        let keep: HashSet<&PathBuf> = paths.iter().collect();
        lock(&self.files).retain(|p, _| keep.contains(p));
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
