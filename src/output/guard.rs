//! 出力先の安全確認: 消してはいけないフォルダー（/、ホーム、content/、作業中のフォルダーなど）には書き出さない。
//! The output guard: refuses output folders whose replacement would destroy the user's work.

use super::MARKER;
use crate::diag::codes;
use crate::diag::{Diagnostic, Position};
use std::path::{Component, Path, PathBuf};

pub(super) fn absolute(path: &Path) -> PathBuf {
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
        Err(Diagnostic::error(codes::E401, output, Position::START, format!("この出力先には書き出せません: {why}"))
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
    // Replacing the working folder (`--output .`) or a folder holding it would rename it away
    // under the user's shell.
    if let Ok(cwd) = std::env::current_dir() {
        if absolute(&cwd).starts_with(&out) {
            return refuse("作業中のフォルダー、またはそれを含むフォルダーです".into());
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
                codes::E402,
                output,
                Position::START,
                "出力先は shinchoku が作ったフォルダーではないため、上書きしません (refusing to replace a folder shinchoku did not create)",
            )
            .with_help("中身が不要なことを確かめて削除するか、別の --output を指定してください。"));
        }
    }
    Ok(())
}
