//! A per-process scratch file for targets whose code under test reads from a path: the survey
//! reader dispatches on the file name, and the diagnostic printer reads the file it points at.

use std::path::PathBuf;

/// Writes `bytes` to `name` in this process's scratch folder and returns the path. Each fuzzing
/// process (`-jobs`, `-fork`) has its own folder, so runs never share a file.
pub fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shinchoku-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("scratch file");
    path
}
