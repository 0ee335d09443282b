//! 診断を端末向けに表示する: 見出し 1 行、問題の行とその位置を示す印（^）、ヒント。
//! Renders diagnostics for a terminal: the one-line headline (`file:line:col: エラー[E124]: …`,
//! so every problem stays one greppable line), then the offending source line with a caret drawn
//! by annotate-snippets, then the hint. `--lang en` swaps the headline for an English summary of
//! the error code and keeps the Japanese detail.

use crate::diag::{Diagnostic, Severity};
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The language of the messages printed on the terminal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// 日本語（既定）
    #[default]
    Ja,
    /// English headlines (the Japanese detail follows)
    En,
}

/// Renders diagnostics, reading each file once to show the lines they point at.
pub struct Explainer {
    lang: Lang,
    sources: BTreeMap<PathBuf, Option<String>>,
}

impl Explainer {
    pub fn new(lang: Lang) -> Self {
        Explainer {
            lang,
            sources: BTreeMap::new(),
        }
    }

    pub fn render(&mut self, d: &Diagnostic) -> String {
        let mut out = match self.lang {
            Lang::Ja => d.headline(),
            Lang::En => format!(
                "{}: {}[{}]: {}",
                d.location(),
                match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                d.code,
                summary_en(d.code)
            ),
        };
        if let Some(snippet) = self.snippet(d) {
            out.push('\n');
            out.push_str(&snippet);
        }
        if self.lang == Lang::En {
            out.push_str(&format!("\n  = 詳細 (ja): {}", d.message));
        }
        if let Some(help) = &d.help {
            let label = match self.lang {
                Lang::Ja => "ヒント",
                Lang::En => "hint (ja)",
            };
            out.push_str(&format!("\n  = {label}: {help}"));
        }
        visible(&out)
    }

    fn source(&mut self, file: &Path) -> Option<&str> {
        self.sources
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let bytes = read_regular(file)?;
                printable(bytes)
            })
            .as_deref()
    }

    /// The offending line with a caret under the reported position, or `None` when the file
    /// cannot be shown (unreadable, not text, or the position is not in it).
    fn snippet(&mut self, d: &Diagnostic) -> Option<String> {
        // Spreadsheet cells are named by the headline (`file / sheet / E7`), not shown as text.
        if d.sheet_place.is_some() {
            return None;
        }
        let text = self.source(&d.file)?;
        let line = text.split('\n').nth(d.line.checked_sub(1)?)?;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            return None;
        }
        let start = line
            .char_indices()
            .nth(d.col.checked_sub(1)?)
            .map(|(i, _)| i)
            .unwrap_or(line.len());
        let end = match d.width {
            0 => token_end(line, start),
            n => line[start..]
                .char_indices()
                .nth(n as usize)
                .map_or(line.len(), |(i, _)| start + i),
        };
        let report = &[Level::ERROR.no_name().primary_title("").element(
            Snippet::source(line)
                .line_start(d.line)
                .path(d.file.to_string_lossy())
                .annotation(AnnotationKind::Primary.span(start..end)),
        )];
        let rendered = Renderer::plain().render(report);
        // The first line repeats the location (` --> file:line:col`), which the headline already
        // gives; keep only the source line and its caret.
        let body: Vec<&str> = rendered.lines().skip(1).collect();
        Some(body.join("\n"))
    }
}

/// The end of the token starting at `start`: a quoted string up to its closing quote, otherwise
/// up to the next space, `=`, `,` or bracket. Always at least one character.
fn token_end(line: &str, start: usize) -> usize {
    let rest = &line[start..];
    let Some(first) = rest.chars().next() else {
        return start;
    };
    let len = if first == '"' || first == '\'' {
        rest[1..].find(first).map(|i| i + 2).unwrap_or(rest.len())
    } else {
        rest.find(|c: char| c.is_whitespace() || "=,[]{}".contains(c))
            .filter(|&i| i > 0)
            .unwrap_or(rest.len())
    };
    start + len.max(first.len_utf8())
}

/// A one-line English summary of a code (from the table in `diag::codes`).
pub fn summary_en(code: &str) -> &'static str {
    crate::diag::codes::find(code).map_or("see docs/errors.md", |c| c.summary_en)
}

/// The text of a file as the content reader sees it (UTF-8, BOM dropped), or `None` for a file
/// that has no lines to show: not UTF-8, binary (NUL) or blank. Kept apart from
/// `content::source` so the printer depends on nothing above it.
/// The bytes of a regular file of at most 4 MiB: the file a diagnostic names may be a FIFO or
/// a device (E171), which must not be opened, or far too large to show (E006).
fn read_regular(file: &std::path::Path) -> Option<Vec<u8>> {
    use std::io::Read;
    const MAX: u64 = 4 * 1024 * 1024;
    let meta = std::fs::metadata(file).ok()?;
    if !meta.is_file() || meta.len() > MAX {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .ok()?
        .take(MAX)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(bytes)
}

/// `text` with every character that would act on the terminal (controls but newline, bidi
/// controls, noncharacters) shown as U+FFFD: a message may quote a value from the content.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match crate::text::chars::classify(c) {
            Some(_) if c != '\n' => '\u{fffd}',
            _ => c,
        })
        .collect()
}

/// The file's text as the checks saw it (NFC, like `content::source`, so that columns agree),
/// with control characters, bidirectional controls and noncharacters shown as U+FFFD: they
/// would otherwise act on the terminal (an escape sequence, text drawn right to left).
fn printable(bytes: Vec<u8>) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let text = String::from_utf8(bytes)
        .ok()
        .filter(|t| !t.contains('\0'))?;
    Some(
        text.nfc()
            .map(|c| match crate::text::chars::classify(c) {
                Some(_) => '\u{fffd}',
                None => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Position;

    #[test]
    fn caret_under_the_offending_value() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "+++\nid = \"1-1-1\"\nstatus = \"実施中\"\n+++\n").unwrap();
        let d = Diagnostic::error(
            crate::diag::codes::E124,
            &file,
            Position { line: 3, col: 10 },
            "だめ",
        )
        .with_help("こうする");
        let out = Explainer::new(Lang::Ja).render(&d);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].ends_with(":3:10: エラー[E124]: だめ"), "{out}");
        let src = lines
            .iter()
            .position(|l| l.contains("status = \"実施中\""))
            .unwrap();
        // 「status = 」 is 9 columns wide; the quoted value is 8 columns (3 wide characters + 2).
        let caret = lines[src + 1];
        let bar = caret.find('|').unwrap();
        assert_eq!(&caret[bar + 1..].trim_end(), &"          ^^^^^^^^", "{out}");
        assert!(out.ends_with("= ヒント: こうする"), "{out}");

        let en = Explainer::new(Lang::En).render(&d);
        assert!(en
            .lines()
            .next()
            .unwrap()
            .ends_with(":3:10: error[E124]: the status is not defined in site.toml"));
        assert!(en.contains("詳細 (ja): だめ"));
    }

    #[test]
    fn every_documented_code_has_an_english_summary() {
        let docs = include_str!("../../docs/errors.md");
        for code in docs
            .split('|')
            .map(str::trim)
            .filter(|c| c.len() == 4 && (c.starts_with('E') || c.starts_with('W')))
            .filter(|c| c[1..].chars().all(|ch| ch.is_ascii_digit()))
        {
            assert_ne!(summary_en(code), "see docs/errors.md", "{code}");
        }
    }

    #[test]
    fn unreadable_files_give_the_headline_only() {
        let d = Diagnostic::error(
            crate::diag::codes::E001,
            Path::new("/nonexistent/x.md"),
            Position::START,
            "x",
        );
        assert_eq!(
            Explainer::new(Lang::Ja).render(&d),
            "/nonexistent/x.md:1:1: エラー[E001]: x"
        );
    }
}
