//! Fuzzes reading and parsing site.toml (decode → TOML → validation), then prints every
//! diagnostic as the CLI does (headline, source line with its caret, hint) in both languages.
//! Any input must give a plan or at least one error, and print without a panic.
//!
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir tests/fuzz site_toml -- -max_total_time=600
#![no_main]

#[path = "scratch.rs"]
mod scratch;

use libfuzzer_sys::fuzz_target;
use shinchoku::content::source::{decode, SourceFile};
use shinchoku::diag::explain::{Explainer, Lang};
use shinchoku::diag::Diagnostic;

fn print(diagnostics: &[Diagnostic]) {
    for lang in [Lang::Ja, Lang::En] {
        let mut explainer = Explainer::new(lang);
        for d in diagnostics {
            let _ = explainer.render(d);
        }
    }
}

fuzz_target!(|bytes: &[u8]| {
    // The printer reads the file a diagnostic points at, so the input must be on disk.
    let path = scratch::write("site.toml", bytes);
    let diagnostics = match decode(&path, bytes) {
        Ok(text) => match shinchoku::content::config::parse(&SourceFile { path, text }) {
            Ok(_) => return,
            Err(ds) => ds,
        },
        Err(d) => vec![d],
    };
    assert!(diagnostics.iter().any(Diagnostic::is_error));
    print(&diagnostics);
});
