//! 内容ファイルの TOML を丸ごと確かめる: 書き方の誤りをすべてと、文字列の中の文字。
//! The TOML of a content file checked whole, before it is read into its shape: every syntax
//! error in one run (not only the first), and the characters of every string.
//!
//! `toml::from_str` stops at the first syntax error. The same crate's
//! `toml::de::DeTable::parse_recoverable` runs the same parser (toml_parser) but carries on
//! after an error and returns all of them with their spans, so a file with four mistakes is
//! fixed in one round, with no second parser that could disagree with the one that reads the
//! file. Only the first error of a line is kept: the others on it follow from it.

use crate::content::check::Checker;
use crate::diag::codes;
use crate::text::chars::{self, Problem};
use toml::de::{DeTable, DeValue};

/// Checks `toml` (the file's TOML, starting at the checker's base) for raw control characters
/// in the whole file, syntax errors and the characters of its strings. `false` when the file
/// cannot be read into its shape (raw control characters or a syntax error).
pub(crate) fn check(toml: &str, c: &mut Checker) -> bool {
    raw_controls(c);
    if c.has_errors() {
        return false;
    }
    let (tree, errors) = DeTable::parse_recoverable(toml);
    if !errors.is_empty() {
        let mut lines = std::collections::BTreeSet::new();
        for e in &errors {
            let d = crate::diag::toml::syntax(c.path(), c.text(), c.base(), toml, e);
            if lines.insert(d.line) {
                c.push(d);
            }
        }
        return false;
    }
    strings(tree.get_ref(), c);
    true
}

/// Control characters typed into the file itself, anywhere (E172). TOML refuses them too, but
/// with a message that does not say which character or why.
fn raw_controls(c: &mut Checker) {
    let found: Vec<(usize, char)> = chars::problems(c.text())
        .filter(|(_, _, p)| *p == Problem::Control)
        .map(|(i, ch, _)| (i, ch))
        .collect();
    for (offset, ch) in found {
        let pos = c.position(offset);
        c.error_at(codes::E172, pos, control_message(ch), CONTROL_HELP);
    }
}

/// Bidirectional controls and noncharacters typed into the Markdown body (W211); `offset` is
/// where the body starts in the file.
pub(crate) fn body(text: &str, offset: usize, c: &mut Checker) {
    let found: Vec<(usize, char)> = chars::problems(text)
        .filter(|(_, _, p)| *p == Problem::Invisible)
        .map(|(i, ch, _)| (i, ch))
        .collect();
    for (i, ch) in found {
        let pos = c.position(offset + i);
        c.warning_at(codes::W211, pos, invisible_message(ch), INVISIBLE_HELP);
    }
}

/// Every key and string value: a control character written as an escape (`"\u0000"`) is an
/// error (E172), a bidirectional control or a noncharacter a warning (W211), at the string.
fn strings(table: &DeTable, c: &mut Checker) {
    for (key, value) in table.iter() {
        text(key.get_ref(), key.span(), c);
        match value.get_ref() {
            DeValue::String(s) => text(s, value.span(), c),
            DeValue::Table(t) => strings(t, c),
            DeValue::Array(a) => array(a, c),
            _ => {}
        }
    }
}

fn array(a: &toml::de::DeArray, c: &mut Checker) {
    for v in a {
        match v.get_ref() {
            DeValue::String(s) => text(s, v.span(), c),
            DeValue::Table(t) => strings(t, c),
            DeValue::Array(inner) => array(inner, c),
            _ => {}
        }
    }
}

fn text(s: &str, span: std::ops::Range<usize>, c: &mut Checker) {
    for (_, ch, problem) in chars::problems(s) {
        match problem {
            Problem::Control => {
                c.error(codes::E172, span.clone(), control_message(ch), CONTROL_HELP)
            }
            Problem::Invisible => c.warning(
                codes::W211,
                span.clone(),
                invisible_message(ch),
                INVISIBLE_HELP,
            ),
        }
    }
}

fn control_message(ch: char) -> String {
    format!(
        "制御文字 {} は使えません (control character)",
        chars::describe(ch)
    )
}

const CONTROL_HELP: &str = "目に見えない文字が紛れ込んでいます。別の文書から貼り付けた所を打ち直してください（改行とタブは使えます）。";

fn invisible_message(ch: char) -> String {
    format!(
        "見えない文字 {} があります。表示の順序が変わって見えることがあります (bidi control or noncharacter)",
        chars::describe(ch)
    )
}

const INVISIBLE_HELP: &str =
    "意図して入れたのでなければ削除してください。別の文書から貼り付けたときに紛れ込みます。";
