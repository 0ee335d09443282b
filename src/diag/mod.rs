//! 利用者に見せる診断メッセージ。エラーは値として集め、最後にまとめて表示する。
//! Diagnostics are values: every phase collects them and the caller prints them all at once.

pub mod codes;

pub use codes::Code;
pub mod explain;
pub mod toml;

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the user's input, located as `file:line:col` (1-based; the column counts
/// characters, as a text editor does, not bytes), or in a spreadsheet as `file / sheet / cell`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub file: PathBuf,
    /// For a spreadsheet place, the cell's row (1-based; 0 for the whole sheet or file).
    pub line: usize,
    /// For a spreadsheet place, the cell's column (1-based; 0 for the whole sheet or file).
    pub col: usize,
    /// Set when the file is a spreadsheet (a survey workbook or CSV), which has cells, not lines.
    /// Boxed to keep diagnostics small: they travel in `Result`s everywhere.
    pub sheet_place: Option<Box<SheetPlace>>,
    /// How many characters of the line the problem spans, from `col` (0: unknown, and the
    /// printer marks the token that starts there).
    pub width: u32,
    pub message: String,
    pub help: Option<String>,
}

/// Where in a spreadsheet: the sheet (none in a CSV) and the cell, if the problem has one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SheetPlace {
    pub sheet: Option<String>,
    pub cell: Option<(u32, u16)>,
}

impl SheetPlace {
    /// `file / sheet / E7`, leaving out what is not known.
    pub fn locate(&self, file: &Path) -> String {
        let mut parts = vec![file.display().to_string()];
        parts.extend(self.sheet.clone());
        parts.extend(self.cell.map(|(r, c)| cell_name(r, c)));
        parts.join(" / ")
    }
}

/// Excel's name of a 0-based cell: (6, 4) → "E7".
pub fn cell_name(row: u32, col: u16) -> String {
    let mut letters = Vec::new();
    let mut n = col as u32 + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

impl Diagnostic {
    pub fn error(code: Code, file: &Path, pos: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity,
            code: code.id,
            file: file.to_path_buf(),
            line: pos.line,
            col: pos.col,
            sheet_place: None,
            width: 0,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(code: Code, file: &Path, pos: Position, message: impl Into<String>) -> Self {
        Diagnostic::error(code, file, pos, message)
    }

    /// An error about a file as a whole (a survey workbook that cannot be read, a folder that
    /// cannot be written): located by the file name alone.
    pub fn in_file(code: Code, file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            line: 0,
            col: 0,
            ..Diagnostic::error(code, file, Position::START, message)
        }
    }

    /// An error in a spreadsheet: `file / sheet / E7`. `cell` is 0-based (row, column).
    pub fn in_sheet(
        code: Code,
        file: &Path,
        sheet: Option<&str>,
        cell: Option<(u32, u16)>,
        message: impl Into<String>,
    ) -> Self {
        let (line, col) = cell.map_or((0, 0), |(r, c)| (r as usize + 1, c as usize + 1));
        Diagnostic {
            line,
            col,
            sheet_place: Some(Box::new(SheetPlace {
                sheet: sheet.map(str::to_string),
                cell,
            })),
            ..Diagnostic::error(code, file, Position::START, message)
        }
    }

    /// Where the problem is, as shown to the user: `file:line:col` or `file / sheet / E7`.
    pub fn location(&self) -> String {
        match &self.sheet_place {
            None if self.line == 0 => self.file.display().to_string(),
            None => format!("{}:{}:{}", self.file.display(), self.line, self.col),
            Some(place) => place.locate(&self.file),
        }
    }

    /// Marks `width` characters from the position (from a byte span the caller knows).
    pub fn with_width(mut self, width: u32) -> Self {
        self.width = width;
        self
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
            "{}: {kind}[{}]: {}",
            self.location(),
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

/// Sorts diagnostics and keeps each distinct one once: a template error, for example, would
/// otherwise repeat on every page.
pub fn sort_unique(diagnostics: &mut Vec<Diagnostic>) {
    sort(diagnostics);
    diagnostics.dedup_by(|a, b| a.headline() == b.headline());
}

/// Sorts diagnostics into a stable order (file, line, column, code) so output never depends on
/// the order in which parallel work finished.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.col, a.severity, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.col, b.severity, b.code, &b.message))
    });
}

/// Diagnostics collected across the phases of a build, so that `?` carries one
/// [`Diagnostic`], or a list of them, out of any phase. Every way out is sorted (see [`sort`]),
/// so what is printed never depends on the order in which parallel work finished.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Moves all of `other` in.
    pub fn append(&mut self, mut other: Diagnostics) {
        self.0.append(&mut other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Keeps each distinct diagnostic once (see [`sort_unique`]).
    pub fn dedup(&mut self) {
        sort_unique(&mut self.0);
    }

    /// `Ok(value)` when nothing was collected, else the diagnostics.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// The diagnostics, sorted.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        sort(&mut self.0);
        self.0
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Diagnostics(diagnostics)
    }
}

/// Sorted, as every way out of [`Diagnostics`].
impl From<Diagnostics> for Vec<Diagnostic> {
    fn from(diagnostics: Diagnostics) -> Self {
        diagnostics.into_sorted()
    }
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

    /// The position of a byte span's start and how many characters of that line it covers
    /// (at least 1; a span running past the line's end stops there).
    pub fn span(&self, span: std::ops::Range<usize>) -> (Position, u32) {
        let start = self.position(span.start);
        let end = span.end.clamp(span.start, self.text.len());
        let line_end = self.text[span.start.min(self.text.len())..]
            .find('\n')
            .map_or(self.text.len(), |i| span.start + i);
        let width = self
            .text
            .get(span.start..end.min(line_end))
            .map_or(0, |t| t.trim_end_matches('\r').chars().count() as u32);
        (start, width.max(1))
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
    fn spans_give_the_start_and_the_width_on_its_line() {
        let text = "a = 1\nname = \"取組\"\nx";
        let index = LineIndex::new(text);
        let start = text.find('"').unwrap();
        let (pos, width) = index.span(start..start + "\"取組\"".len());
        assert_eq!((pos, width), (Position { line: 2, col: 8 }, 4));
        // A span over the line's end stops at the end of the line.
        assert_eq!(index.span(0..text.len()).1, 5);
        // An empty span still marks one character.
        assert_eq!(index.span(2..2).1, 1);
    }

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
            crate::diag::codes::E120,
            Path::new("items/a.md"),
            Position { line: 3, col: 9 },
            "だめ",
        )
        .with_help("こうする");
        assert_eq!(d.headline(), "items/a.md:3:9: エラー[E120]: だめ");
        assert!(d.to_string().ends_with("ヒント: こうする"));
    }

    #[test]
    fn diagnostics_collect_and_come_out_sorted() {
        let at =
            |line, code| Diagnostic::error(code, Path::new("a.md"), Position { line, col: 1 }, "x");
        let mut all = Diagnostics::from(at(3, codes::E122));
        assert_eq!(Diagnostics::new().into_result(7), Ok(7));
        all.extend([at(1, codes::E121), at(3, codes::E122)]);
        all.append(Diagnostics::from(vec![at(2, codes::E123)]));
        assert_eq!(all.len(), 4);
        let lines = |d: Vec<Diagnostic>| d.iter().map(|d| d.line).collect::<Vec<_>>();
        assert_eq!(lines(all.clone().into_sorted()), [1, 2, 3, 3]);
        all.dedup();
        let Err(all) = all.into_result(()) else {
            panic!("diagnostics were collected")
        };
        assert_eq!(lines(all.into()), [1, 2, 3]);
    }

    #[test]
    fn spreadsheet_places() {
        assert_eq!(cell_name(6, 4), "E7");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 27), "AB10");
        let p = Path::new("財政課.xlsx");
        let d = Diagnostic::in_sheet(
            crate::diag::codes::E720,
            p,
            Some("調査票"),
            Some((6, 4)),
            "数値ではありません「約60」",
        );
        assert_eq!(
            d.headline(),
            "財政課.xlsx / 調査票 / E7: エラー[E720]: 数値ではありません「約60」"
        );
        assert_eq!((d.line, d.col), (7, 5));
        let d = Diagnostic::in_sheet(
            crate::diag::codes::E710,
            Path::new("a.csv"),
            None,
            None,
            "x",
        );
        assert_eq!(d.headline(), "a.csv: エラー[E710]: x");
    }
}
