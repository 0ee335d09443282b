//! 検証中の 1 ファイルの診断を集める。 / Collects the diagnostics of one file being validated.
//!
//! site.toml and item files report problems the same way: an error or a warning at a span of
//! the file's TOML, with a message and a hint. The line index is built once per file.

use crate::content::source::SourceFile;
use crate::diag::codes;
use crate::diag::{Code, Diagnostic, LineIndex, Position};
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

pub(crate) struct Checker<'a> {
    file: &'a SourceFile,
    index: LineIndex<'a>,
    /// Byte offset of the TOML in the file: toml's spans count from there (an item's front
    /// matter starts after its `---` line).
    base: usize,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// A checker for TOML that starts `base` bytes into `file`'s text.
    pub(crate) fn new(file: &'a SourceFile, base: usize) -> Self {
        Checker {
            file,
            index: LineIndex::new(&file.text),
            base,
            diagnostics: Vec::new(),
        }
    }

    pub(crate) fn path(&self) -> &'a Path {
        &self.file.path
    }

    /// Where a toml span starts.
    pub(crate) fn pos(&self, span: Range<usize>) -> Position {
        self.position(self.base + span.start)
    }

    /// Where a byte offset of the whole file is.
    pub(crate) fn position(&self, offset: usize) -> Position {
        self.index.position(offset)
    }

    /// The text of a toml span as written in the file ("" if the span is not in it).
    pub(crate) fn source(&self, span: Range<usize>) -> &'a str {
        self.file
            .text
            .get(self.base + span.start..self.base + span.end)
            .unwrap_or("")
    }

    /// A diagnostic at a toml span, its caret as wide as the span.
    pub(crate) fn error(
        &mut self,
        code: Code,
        span: Range<usize>,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        let (pos, width) = self.span(span);
        let d = Diagnostic::error(code, self.path(), pos, msg).with_help(help);
        self.diagnostics.push(d.with_width(width));
    }

    /// Where a toml span starts and how many characters of its line it covers (0, for the
    /// printer to mark the token there, when the span is empty).
    fn span(&self, span: Range<usize>) -> (Position, u32) {
        if span.is_empty() {
            return (self.pos(span), 0);
        }
        self.index
            .span(self.base + span.start..self.base + span.end)
    }

    pub(crate) fn error_at(
        &mut self,
        code: Code,
        pos: Position,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = Diagnostic::error(code, self.path(), pos, msg).with_help(help);
        self.diagnostics.push(d);
    }

    /// A warning at a position of the file (the Markdown body), its severity the code's.
    pub(crate) fn warning_at(
        &mut self,
        code: Code,
        pos: Position,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.error_at(code, pos, msg, help);
    }

    /// A warning at a toml span. The severity is the code's own (`diag::codes`), so this is
    /// [`error`](Self::error) under the name that reads right at the call.
    pub(crate) fn warning(
        &mut self,
        code: Code,
        span: Range<usize>,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        debug_assert!(
            !matches!(code.severity, crate::diag::Severity::Error),
            "{}",
            code.id
        );
        self.error(code, span, msg, help);
    }

    /// A diagnostic made elsewhere (a TOML syntax error), kept with this file's.
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// The whole text of the file.
    pub(crate) fn text(&self) -> &'a str {
        &self.file.text
    }

    /// Where the TOML starts in the file.
    pub(crate) fn base(&self) -> usize {
        self.base
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

/// A required text (a title, a name) that is empty or only spaces is an error (E175): it would
/// be published as a blank heading, link or column.
/// A setting that names one of fixed choices (`negative = "triangle"`, `chart = "bar"`): the
/// choice, or E020 at the value with the nearest name and what each choice means (`allowed`);
/// `None` then, so the caller uses its default and the file's other problems are still reported.
pub(crate) fn choice<T>(
    (field, name): (&str, &Spanned<String>),
    (names, from_name): (&[&str], impl Fn(&str) -> Option<T>),
    allowed: &str,
    c: &mut Checker,
) -> Option<T> {
    let written = name.get_ref().trim();
    if let Some(choice) = from_name(written) {
        return Some(choice);
    }
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let hint = match crate::diag::toml::nearest(written, &names) {
        Some(best) => format!("`{best}` の誤りではありませんか？ "),
        None => String::new(),
    };
    c.error(
        codes::E020,
        name.span(),
        format!("{field} に使えない値 `{written}` です (unknown value)"),
        format!("{hint}使えるもの: {allowed}"),
    );
    None
}

pub(crate) fn require_text(value: &Spanned<String>, what: &str, c: &mut Checker) {
    if value.get_ref().trim().is_empty() {
        c.error(
            codes::E175,
            value.span(),
            format!("{what} が空です (required text is empty)"),
            "空白だけでなく、内容を書いてください。",
        );
    }
}
