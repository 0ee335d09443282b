//! Files copied into the site as they are (the site's assets/).

use crate::diag::codes;
use crate::diag::{Diagnostic, Position};
use crate::output::OutputFile;
use std::path::Path;

/// Copies a directory tree into output files (theme static files, assets/).
pub fn collect_static(dir: &Path, prefix: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry
            .map_err(|e| Diagnostic::error(codes::E001, dir, Position::START, e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let contents = std::fs::read(entry.path()).map_err(|e| {
            Diagnostic::error(
                codes::E001,
                entry.path(),
                Position::START,
                format!("読み込めません: {e}"),
            )
        })?;
        files.push(OutputFile {
            path: format!("{prefix}{rel}"),
            contents,
        });
    }
    Ok(files)
}
