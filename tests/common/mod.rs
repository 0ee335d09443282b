//! Shared helpers for integration tests: copy fixture sites into temp folders, build them, and
//! read the output back.
#![allow(dead_code)]

pub mod council;
pub mod workbook;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A valid item file for 1-1-9 of the basic fixture, for tests that break one thing in it.
pub const GOOD_ITEM: &str = "+++
id = \"1-1-9\"
title = \"テスト項目\"
department = \"情報戦略課\"

[[years]]
year = 2020
status = \"実施\"

[[indicators]]
name = \"件数\"
unit = \"件\"
direction = \"increase\"
baseline = 10
target = 20
[indicators.plan]
2020 = 12
+++
本文
";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary site: `content/` copied from a fixture, the repository's default theme.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn fixture(name: &str) -> Site {
        Site::from_content(&repo().join("tests/fixtures").join(name).join("content"))
    }

    pub fn from_content(content: &Path) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(content, &dir.path().join("content"));
        Site { dir }
    }

    pub fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    pub fn output(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn options(&self) -> shinchoku::pipeline::BuildOptions {
        shinchoku::pipeline::BuildOptions {
            content: self.content(),
            output: self.output(),
            themes: vec![shinchoku::render::theme::ThemeLayer::Dir(
                repo().join("themes/default"),
            )],
            assets: Some(self.dir.path().join("assets")),
        }
    }

    /// Options using a copy of the default theme in `theme/`, for tests that edit the theme.
    pub fn options_with_own_theme(&self) -> (PathBuf, shinchoku::pipeline::BuildOptions) {
        let theme = self.dir.path().join("theme");
        copy_dir(&repo().join("themes/default"), &theme);
        let mut opts = self.options();
        opts.themes = vec![shinchoku::render::theme::ThemeLayer::Dir(theme.clone())];
        (theme, opts)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.content().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        std::fs::write(self.content().join(rel), bytes).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.content().join(rel)).unwrap()
    }

    pub fn build(
        &self,
    ) -> Result<shinchoku::pipeline::BuildReport, Vec<shinchoku::diag::Diagnostic>> {
        shinchoku::pipeline::build(&self.options())
    }

    /// Builds and returns only the error headlines, failing the test if the build succeeded.
    pub fn errors(&self) -> Vec<String> {
        match self.build() {
            Ok(_) => panic!("build unexpectedly succeeded"),
            Err(ds) => ds.iter().map(|d| d.to_string()).collect(),
        }
    }
}

/// Every file under `dir`, relative path → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn html(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> scraper::Html {
    let bytes = tree
        .get(path)
        .unwrap_or_else(|| panic!("{path} not in output"));
    scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap())
}

pub fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).unwrap()
}

pub fn text(e: scraper::ElementRef) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Resolves a relative URL against the page's path inside the site (no leading slash).
pub fn resolve(page: &str, href: &str) -> Option<String> {
    let href = href.split('#').next().unwrap().split('?').next().unwrap();
    if href.is_empty() {
        return Some(page.to_string());
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}
