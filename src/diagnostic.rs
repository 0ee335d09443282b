//! 利用者に見せる診断メッセージ。エラーは値として集め、最後にまとめて表示する。
//! Diagnostics are values: every phase collects them and the caller prints them all at once.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the user's input, located as `file:line:col` (1-based; the column counts
/// characters, as a text editor does, not bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(
        code: &'static str,
        file: &Path,
        pos: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_path_buf(),
            line: pos.line,
            col: pos.col,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(
        code: &'static str,
        file: &Path,
        pos: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, pos, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line of the diagnostic: `file:line:col: エラー[E001]: message`.
    pub fn headline(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
        };
        format!(
            "{}:{}:{}: {kind}[{}]: {}",
            self.file.display(),
            self.line,
            self.col,
            self.code,
            self.message
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        if let Some(help) = &self.help {
            write!(f, "\n    = ヒント: {help}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics into a stable order (file, line, column, code) so output never depends on
/// the order in which parallel work finished.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.col, a.severity, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.col, b.severity, b.code, &b.message))
    });
}

/// A 1-based line and character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

impl Position {
    pub const START: Position = Position { line: 1, col: 1 };

    /// The position reached after `text`, starting at `self` (for locating a problem found in a
    /// slice of a file, such as an item's Markdown body).
    pub fn advance(self, text: &str) -> Position {
        match text.rsplit_once('\n') {
            Some((before, last)) => Position {
                line: self.line + before.matches('\n').count() + 1,
                col: last.chars().count() + 1,
            },
            None => Position {
                line: self.line,
                col: self.col + text.chars().count(),
            },
        }
    }
}

/// Maps byte offsets in a file's text to line and column.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts }
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        // Count characters, not bytes; an offset inside a character counts from its start.
        let col = self.text[start..]
            .char_indices()
            .take_while(|(i, _)| start + i < offset)
            .count()
            + 1;
        Position {
            line: line + 1,
            col,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "a = 1\n担当 = \"x\"\r\nb";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(0), Position { line: 1, col: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.position(x), Position { line: 2, col: 7 });
        assert_eq!(idx.position(text.len() - 1), Position { line: 3, col: 1 });
    }

    #[test]
    fn advance_counts_lines_and_characters() {
        let start = Position { line: 10, col: 5 };
        assert_eq!(start.advance("ab"), Position { line: 10, col: 7 });
        assert_eq!(start.advance("a\n担当x"), Position { line: 11, col: 4 });
        assert_eq!(start.advance(""), start);
    }

    #[test]
    fn headline_format() {
        let d = Diagnostic::error(
            "E120",
            Path::new("items/a.md"),
            Position { line: 3, col: 9 },
            "だめ",
        )
        .with_help("こうする");
        assert_eq!(d.headline(), "items/a.md:3:9: エラー[E120]: だめ");
        assert!(d.to_string().ends_with("ヒント: こうする"));
    }
}
