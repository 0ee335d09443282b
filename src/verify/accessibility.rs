//! Whether the published accessibility test results still cover the site being built: a page
//! the browser tests never opened (a new edition, a new page) would otherwise be claimed as
//! tested by the accessibility page.

use crate::content::accessibility::{Results, FILE_NAME};
use crate::diag::{codes, Diagnostic, Position};
use std::collections::BTreeSet;
use std::path::Path;

/// How many of the pages shown in a warning.
const EXAMPLES: usize = 3;

/// A warning when `pages` (every HTML page being built) and the tested pages differ.
pub fn coverage(content_dir: &Path, results: &Results, pages: &[&str]) -> Option<Diagnostic> {
    let tested: BTreeSet<&str> = results.pages.iter().map(|p| p.path.as_str()).collect();
    let built: BTreeSet<&str> = pages.iter().copied().collect();
    let untested: Vec<&str> = built.difference(&tested).copied().collect();
    let gone: Vec<&str> = tested.difference(&built).copied().collect();
    if untested.is_empty() && gone.is_empty() {
        return None;
    }
    let mut message = format!(
        "アクセシビリティの試験結果（試験日 {}、{}ページ）は、今回作る {}ページを試験したものではありません",
        results.tested_on,
        tested.len(),
        built.len()
    );
    if !untested.is_empty() {
        message.push_str(&format!(
            "。未試験のページ {}ページ（{}）",
            untested.len(),
            examples(&untested)
        ));
    }
    if !gone.is_empty() {
        message.push_str(&format!(
            "。今はないページ {}ページ（{}）",
            gone.len(),
            examples(&gone)
        ));
    }
    let help = "試験結果のページ（accessibility.html）はこの結果をそのまま載せます。ブラウザーで試験し直してください: bash tests/browser/run.sh --publish（README「ブラウザーでの試験」）";
    Some(
        Diagnostic::warning(
            codes::W206,
            &content_dir.join(FILE_NAME),
            Position::START,
            message,
        )
        .with_help(help),
    )
}

fn examples(paths: &[&str]) -> String {
    let mut s = paths[..paths.len().min(EXAMPLES)].join("、");
    if paths.len() > EXAMPLES {
        s.push_str(" ほか");
    }
    s
}
