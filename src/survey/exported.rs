//! What `survey export` wrote into a folder: each file's SHA-256, kept in the folder as
//! `.shinchoku-export.toml`. A later export (after site.toml's statuses or grades changed, say)
//! may replace a file that still holds exactly those bytes, since nobody has touched it; a file
//! that differs was filled in, returned or saved by someone, and is never overwritten.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The record's file name, in the export folder.
pub const FILE: &str = ".shinchoku-export.toml";

const HEADER: &str = "# shinchoku survey export が書き出した調査票と、その SHA-256。書き出し直すとき、手を加えていない調査票だけを置き換えるための記録です。消しても構いません（そのときは置き換えずに E702 で止まります）。\n# Files written by `shinchoku survey export` and their SHA-256: a later export replaces only files that still hold these bytes.\n";

/// File name → SHA-256 (hex) of the bytes export wrote.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Exported {
    #[serde(default)]
    files: BTreeMap<String, String>,
}

fn digest(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

impl Exported {
    /// The folder's record; empty when there is none or it cannot be read (then nothing is
    /// replaced: the safe side).
    pub fn read(out: &Path) -> Exported {
        (std::fs::read_to_string(out.join(FILE)).ok())
            .and_then(|t| toml::from_str(&t).ok())
            .unwrap_or_default()
    }

    /// Whether export wrote the file `name` at all.
    pub fn knows(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Whether `bytes` are exactly what export wrote as `name`.
    pub fn is_untouched(&self, name: &str, bytes: &[u8]) -> bool {
        self.files.get(name).is_some_and(|d| *d == digest(bytes))
    }

    pub fn record(&mut self, name: &str, bytes: &[u8]) {
        self.files.insert(name.to_string(), digest(bytes));
    }

    /// The record's text: a comment saying what it is, then one line per file, sorted.
    pub fn to_bytes(&self) -> Vec<u8> {
        let body = toml::to_string(self).unwrap_or_default();
        format!("{HEADER}{body}").into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_bytes_written_are_untouched() {
        let mut e = Exported::default();
        e.record("2021_財政課.xlsx", b"abc");
        assert!(e.is_untouched("2021_財政課.xlsx", b"abc"));
        assert!(!e.is_untouched("2021_財政課.xlsx", b"abd"));
        assert!(!e.is_untouched("2021_職員課.xlsx", b"abc"));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), e.to_bytes()).unwrap();
        assert_eq!(Exported::read(dir.path()), e);
        std::fs::write(dir.path().join(FILE), "not toml [").unwrap();
        assert_eq!(Exported::read(dir.path()), Exported::default());
    }
}
