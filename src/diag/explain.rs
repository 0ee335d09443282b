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
        out
    }

    fn source(&mut self, file: &Path) -> Option<&str> {
        self.sources
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let bytes = std::fs::read(file).ok()?;
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
        let end = token_end(line, start);
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

/// A one-line English summary of each error and warning code (docs/errors.md has them all).
pub fn summary_en(code: &str) -> &'static str {
    match code {
        "E000" => "internal error",
        "E001" => "cannot read the file or folder",
        "E002" => "the file is empty",
        "E003" => "the file is not UTF-8 (Shift_JIS, EUC-JP, UTF-16, …): re-save it as UTF-8",
        "E004" => "not a text file",
        "E005" => "site.toml not found",
        "E006" => "the file is too large",
        "E010" => "no front matter: the file must start with a `+++` line",
        "E011" => "the front matter is not closed with a `+++` line",
        "E012" => "TOML syntax error",
        "E020" => "unknown key or value",
        "E021" => "a required key is missing",
        "E022" => "wrong type of value",
        "E023" => "duplicate key",
        "E101" => "invalid local government code (6 digits with check digit)",
        "E102" => "invalid plan period",
        "E103" => "invalid revision date (YYYY-MM)",
        "E104" => "base_url is not an absolute URL",
        "E105" => "invalid characters in an id",
        "E106" => "statuses, departments or categories are empty",
        "E107" => "duplicate id or name in site.toml",
        "E108" => "invalid report year",
        "E109" => "invalid as-of date (YYYY-MM-DD)",
        "E120" => "malformed item id",
        "E121" => "the id's category is not in site.toml",
        "E122" => "the id's section is not in its category",
        "E123" => "the department is not in site.toml",
        "E124" => "the status is not defined in site.toml",
        "E125" => "the same fiscal year appears twice",
        "E126" => "fiscal year outside the plan period, or not a Western-calendar integer",
        "E127" => "two indicators with the same name in one item",
        "E128" => "duplicate item id",
        "E130" => "a number written as text (full-width digits, commas or units)",
        "E131" => "NaN or infinity where a number is required",
        "E132" => "an actual result for a year that has not been reported yet",
        "E133" => "a negative value where it is impossible",
        "E134" => "the grade is not defined in site.toml",
        "E135" => "a link to a page or file that does not exist",
        "E150" => "the accessibility results file cannot be read",
        "E151" => "the accessibility results file has the wrong shape",
        "E300" => "theme template not found",
        "E301" => "cannot read the theme folder",
        "E302" => "template error",
        "E310" => "published numbers disagree between pages, charts, CSV and JSON (self-check)",
        "E401" => "unsafe output folder",
        "E402" => "the output folder was not created by shinchoku; not replacing it",
        "E403" => "write failed; the output folder is unchanged",
        "E501" => "the port is in use (another `shinchoku serve`?): use --port",
        "E502" => "cannot listen on that address and port",
        "E503" => "cannot watch the folders for changes",
        "E601" => "the folder is not empty; nothing written",
        "E602" => "invalid local government code",
        "E603" => "invalid plan period",
        "E604" => "cannot write the new site",
        "E701" => "survey year outside the plan period or beyond the next report year",
        "E702" => "cannot write the survey, or a different file of the same name exists",
        "E710" => "cannot read the returned file (not .xlsx or .csv, or damaged)",
        "E711" => "not a shinchoku survey workbook",
        "E712" => "the survey sheet's structure was altered",
        "E713" => "a survey for another fiscal year",
        "E714" => "the survey year is not in site.toml's [[reports]]",
        "E715" => "the survey's department is not in site.toml",
        "E716" => "no action item with this id",
        "E717" => "the action item belongs to another department",
        "E718" => "the action item has no indicator of this name",
        "E719" => "the same item or indicator row appears twice",
        "E720" => "not a number",
        "E721" => "status or grade not in site.toml's lists",
        "E722" => "a value in a cell that this row does not use",
        "E723" => "would overwrite an already-reported, different value (use --overwrite)",
        "E724" => "the CSV is neither UTF-8 nor Shift_JIS",
        "E725" => "cannot write an item file, or the result failed validation (rolled back)",
        "E726" => "the item file has a shape that cannot be edited automatically",
        "E727" => "the content has errors; fix them before importing",
        "W201" => "the file name and the id differ",
        "W202" => "a file other than .md in items/ (not read)",
        "W203" => "no action items",
        "W204" => "the item has no indicators",
        "W205" => "a fiscal year has no planned status",
        "W210" => "raw HTML or an unsafe link was neutralised",
        _ => "see docs/errors.md",
    }
}

/// The text of a file as the content reader sees it (UTF-8, BOM dropped), or `None` for a file
/// that has no lines to show: not UTF-8, binary (NUL) or blank. Kept apart from
/// `content::source` so the printer depends on nothing above it.
fn printable(bytes: Vec<u8>) -> Option<String> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return None;
    }
    String::from_utf8(bytes).ok().filter(|t| !t.contains('\0'))
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
        let d = Diagnostic::error("E124", &file, Position { line: 3, col: 10 }, "だめ")
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
        let d = Diagnostic::error("E001", Path::new("/nonexistent/x.md"), Position::START, "x");
        assert_eq!(
            Explainer::new(Lang::Ja).render(&d),
            "/nonexistent/x.md:1:1: エラー[E001]: x"
        );
    }
}
