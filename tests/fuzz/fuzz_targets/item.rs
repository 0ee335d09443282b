//! Fuzzes reading and parsing one item file (decode → front matter → TOML → validation) against
//! the test fixture's site.toml. Any input must give an item or diagnostics, never a panic.
//!
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir tests/fuzz item -- -max_total_time=600
#![no_main]

use libfuzzer_sys::fuzz_target;
use shinchoku::model::Plan;
use shinchoku::content::source::{decode, SourceFile};
use std::path::Path;
use std::sync::OnceLock;

fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let text = include_str!("../../fixtures/basic/content/site.toml");
        let file = SourceFile {
            path: "site.toml".into(),
            text: text.to_string(),
        };
        shinchoku::content::config::parse(&file).expect("fixture site.toml")
    })
}

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("items/x.md");
    if let Ok(text) = decode(path, bytes) {
        let file = SourceFile {
            path: path.to_path_buf(),
            text,
        };
        let (item, diagnostics) = shinchoku::content::item::parse(&file, plan());
        assert_eq!(item.is_some(), !diagnostics.iter().any(|d| d.is_error()));
    }
});
