//! Property tests: whatever bytes a content file holds, reading and parsing it gives either an
//! item or located diagnostics, never a panic. (The same entry point is fuzzed by
//! fuzz/fuzz_targets/item.rs with cargo-fuzz.)

mod common;

use common::repo;
use proptest::prelude::*;
use shinchoku::content::source::{decode, SourceFile};
use shinchoku::model::Plan;
use std::path::Path;
use std::sync::OnceLock;

fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let path = repo().join("tests/fixtures/basic/content/site.toml");
        let file = shinchoku::content::source::read(&path, &path).unwrap();
        shinchoku::content::config::parse(&file).unwrap()
    })
}

/// The fixture's real item, to mutate: random edits of valid input reach deeper than noise.
fn good_item() -> &'static str {
    static ITEM: OnceLock<String> = OnceLock::new();
    ITEM.get_or_init(|| {
        std::fs::read_to_string(repo().join("tests/fixtures/basic/content/items/1-1-1.md")).unwrap()
    })
}

/// Reads bytes as a content file and parses them; checks the outcome is well-formed.
fn parse_bytes(bytes: &[u8]) {
    let path = Path::new("items/x.md");
    let text = match decode(path, bytes) {
        Ok(text) => text,
        Err(d) => {
            assert!(d.is_error() && d.line >= 1 && d.col >= 1, "{d:?}");
            return;
        }
    };
    let file = SourceFile {
        path: path.to_path_buf(),
        text,
    };
    let (item, diagnostics) = shinchoku::content::item::parse(&file, plan());
    let lines = file.text.split('\n').count();
    for d in &diagnostics {
        assert!(d.line >= 1 && d.col >= 1, "{d:?}");
        assert!(
            d.line <= lines.max(1),
            "{d:?} beyond the {lines} lines of the file"
        );
        assert!(!d.message.is_empty());
    }
    // An item is returned exactly when there is no error.
    assert_eq!(
        item.is_some(),
        !diagnostics.iter().any(|d| d.is_error()),
        "{diagnostics:?}"
    );
}

/// A mutation of the good item: replace a random byte range with random text.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let len = good_item().len();
    (0..len, 0..64usize, ".{0,24}").prop_map(move |(at, cut, insert)| {
        let src = good_item().as_bytes();
        let end = (at + cut).min(src.len());
        let mut out = src[..at].to_vec();
        out.extend_from_slice(insert.as_bytes());
        out.extend_from_slice(&src[end..]);
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_give_an_item_or_diagnostics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        parse_bytes(&bytes);
    }

    #[test]
    fn any_text_after_front_matter_markers(body in "\\PC{0,300}") {
        parse_bytes(format!("+++\n{body}\n+++\n{body}").as_bytes());
    }

    #[test]
    fn mutations_of_a_valid_item(bytes in mutated()) {
        parse_bytes(&bytes);
    }
}

#[test]
fn the_unmutated_item_parses() {
    parse_bytes(good_item().as_bytes());
    let file = SourceFile {
        path: "items/1-1-1.md".into(),
        text: good_item().to_string(),
    };
    assert!(shinchoku::content::item::parse(&file, plan()).0.is_some());
}
