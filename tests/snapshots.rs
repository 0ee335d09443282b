//! Output snapshots. Every file that each fixture site (the bundled plan, the sample, `basic`)
//! writes is listed with its size and SHA-256, so any change to any byte of the output shows up
//! here; representative files (an item page with its inline charts, an edition's item page, the
//! CSVs, the JSON, the catalog) are kept in full so that a reviewer sees what changed.
//!
//! A refactoring commit must leave every snapshot as it is. A deliberate change of the output is
//! reviewed and accepted with `cargo insta review` (or `INSTA_UPDATE=always cargo test`).

mod common;

use common::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

fn built(content: &std::path::Path) -> (Site, BTreeMap<String, Vec<u8>>) {
    let site = Site::from_content(content);
    site.build().expect("fixture site builds");
    let tree = read_tree(&site.output());
    (site, tree)
}

/// One line per output file: path, size in bytes, SHA-256.
fn manifest(tree: &BTreeMap<String, Vec<u8>>) -> String {
    tree.iter()
        .map(|(path, bytes)| {
            let hash = Sha256::digest(bytes);
            let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
            format!("{path}  {}  {hex}\n", bytes.len())
        })
        .collect()
}

fn file(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = tree
        .get(path)
        .unwrap_or_else(|| panic!("{path} not in output"));
    String::from_utf8(bytes.clone()).expect("text file")
}

fn settings(site: &str) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_snapshot_suffix(site);
    s
}

#[test]
fn bundled_plan_output() {
    let (_site, tree) = built(&repo().join("content"));
    settings("bundled").bind(|| {
        insta::assert_snapshot!("manifest", manifest(&tree));
        insta::assert_snapshot!("item_page", file(&tree, "items/1-1-1.html"));
        insta::assert_snapshot!(
            "status_csv",
            file(&tree, "data/102113_shinchoku_status.csv")
        );
        insta::assert_snapshot!("item_json", file(&tree, "data/items/102113_1-1-1.json"));
    });
}

#[test]
fn sample_output() {
    let (_site, tree) = built(&repo().join("tests/fixtures/sample/content"));
    settings("sample").bind(|| {
        insta::assert_snapshot!("manifest", manifest(&tree));
        insta::assert_snapshot!("item_page", file(&tree, "items/1-1-1.html"));
        insta::assert_snapshot!(
            "edition_item_page",
            file(&tree, "reports/2021/items/1-1-1.html")
        );
        insta::assert_snapshot!("index", file(&tree, "index.html"));
        insta::assert_snapshot!(
            "progress_csv",
            file(&tree, "data/102113_shinchoku_progress.csv")
        );
        insta::assert_snapshot!(
            "status_csv",
            file(&tree, "data/102113_shinchoku_status.csv")
        );
        insta::assert_snapshot!(
            "item_progress_csv",
            file(&tree, "data/items/102113_1-1-1_progress.csv")
        );
        insta::assert_snapshot!("item_json", file(&tree, "data/items/102113_1-1-1.json"));
        insta::assert_snapshot!("catalog", file(&tree, "catalog.jsonld"));
    });
}

#[test]
fn basic_output() {
    let (_site, tree) = built(&repo().join("tests/fixtures/basic/content"));
    settings("basic").bind(|| insta::assert_snapshot!("manifest", manifest(&tree)));
}
