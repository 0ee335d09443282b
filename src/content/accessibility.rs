//! ウェブアクセシビリティの試験結果（`content/accessibility-results.json`）の読み込みと表示用データ。
//! Accessibility test results. The browser test suite (`tests/browser/`) writes one JSON file per
//! site; when the content folder holds one, the build reads it and the site's accessibility page
//! (`accessibility.html`: ウェブアクセシビリティ方針と試験結果) publishes it. Without the file the
//! page says that no results have been published yet.

use crate::diag::codes;
use crate::diag::{Diagnostic, LineIndex, Position};
use crate::text::date::Date;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// File name inside the content folder.
pub const FILE_NAME: &str = "accessibility-results.json";
/// Value of the `format` field.
pub const FORMAT: &str = "shinchoku-accessibility-results";
/// The only `version` this build reads.
pub const VERSION: u32 = 1;

/// The results of one test run, as written by `tests/browser/check.mjs`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Results {
    pub format: String,
    pub version: u32,
    /// Test date, `YYYY-MM-DD` (Japan time).
    pub tested_on: String,
    /// e.g. "JIS X 8341-3:2016".
    pub standard: String,
    /// Target conformance level, e.g. "AA".
    pub level: String,
    /// axe-core rule tags that were run, e.g. ["wcag2a", "wcag2aa", …].
    #[serde(default)]
    pub axe_tags: Vec<String>,
    pub tools: Vec<Tool>,
    pub checks: Vec<Check>,
    pub pages: Vec<PageResult>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// One kind of check and how many pages it was run on and failed on.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Check {
    pub id: String,
    /// What was checked, in Japanese.
    pub name: String,
    pub pages: usize,
    pub failed: usize,
}

/// The result for one page.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct PageResult {
    /// Site-relative path, e.g. "items/1-1-1.html".
    pub path: String,
    pub title: String,
    /// Number of elements violating an axe-core rule.
    pub axe_violations: usize,
    /// Number of errors reported by the Nu Html Checker.
    pub html_errors: usize,
    #[serde(default)]
    pub problems: Vec<Problem>,
    /// Number of A4 pages when printed (item pages only).
    #[serde(default)]
    pub print_pages: Option<u32>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Problem {
    pub check: String,
    pub message: String,
}

/// Reads `content/accessibility-results.json` if it exists. A malformed file is an error (E150)
/// located at the offending line and column, like every other content file.
pub fn load(content_dir: &Path) -> Result<Option<Results>, Diagnostic> {
    let path = content_dir.join(FILE_NAME);
    if !path.is_file() {
        return Ok(None);
    }
    let file = crate::content::source::read(&path, &path)?;
    parse(&path, &file.text).map(Some)
}

/// Parses and checks the results file's text.
pub fn parse(path: &Path, text: &str) -> Result<Results, Diagnostic> {
    let help = "tests/browser/run.sh が書き出したファイルをそのまま置いてください（docs/content-format.md）。";
    let results: Results = serde_json::from_str(text).map_err(|e| {
        let pos = Position {
            line: e.line().max(1),
            col: e.column().max(1),
        };
        Diagnostic::error(
            codes::E150,
            path,
            pos,
            format!("アクセシビリティ試験結果の JSON を読めません: {e}"),
        )
        .with_help(help)
    })?;
    let at = |needle: &str| {
        text.find(needle)
            .map(|o| LineIndex::new(text).position(o))
            .unwrap_or(Position::START)
    };
    if results.format != FORMAT || results.version != VERSION {
        return Err(Diagnostic::error(
            codes::E151,
            path,
            at("\"format\""),
            format!(
                "アクセシビリティ試験結果の形式が違います（format = \"{}\", version = {}。読めるのは \"{FORMAT}\" の version {VERSION}）",
                results.format, results.version
            ),
        )
        .with_help(help));
    }
    if Date::parse(&results.tested_on).is_none() {
        return Err(Diagnostic::error(
            codes::E151,
            path,
            at("\"tested_on\""),
            format!(
                "試験日（tested_on）は YYYY-MM-DD の形で書いてください: \"{}\"",
                results.tested_on
            ),
        ));
    }
    for p in &results.pages {
        if !is_site_path(&p.path) {
            return Err(Diagnostic::error(
                codes::E151,
                path,
                at(&format!("\"{}\"", p.path)),
                format!(
                    "試験したページのパスは、サイト内の .html ファイルの相対パスで書いてください: \"{}\"",
                    p.path
                ),
            ));
        }
    }
    Ok(results)
}

/// A relative path to an HTML page inside the site: no scheme, no leading slash, no `..`.
fn is_site_path(p: &str) -> bool {
    !p.is_empty()
        && p.ends_with(".html")
        && !p.starts_with('/')
        && !p.contains('\\')
        && !p.contains(':')
        && p.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
}

// ---------------------------------------------------------------------------------------------
// View data for the accessibility page.

#[derive(Serialize)]
pub struct PageView {
    pub results: Option<ResultsView>,
}

#[derive(Serialize)]
pub struct ResultsView {
    /// 「令和7年11月24日」
    pub tested_on: String,
    pub standard: String,
    pub level: String,
    pub axe_tags: String,
    pub tools: Vec<String>,
    pub checks: Vec<CheckView>,
    pub pages: Vec<PageRow>,
    pub page_count: usize,
    /// Tested pages of the yearly editions (under reports/).
    pub edition_page_count: usize,
    pub failed_count: usize,
    pub axe_total: usize,
    pub html_total: usize,
}

#[derive(Serialize)]
pub struct CheckView {
    pub name: String,
    pub pages: usize,
    /// 「問題なし」 or 「問題あり（3ページ）」
    pub result: String,
}

#[derive(Serialize)]
pub struct PageRow {
    /// Site-relative path; the template prefixes `root`.
    pub href: String,
    pub path: String,
    pub title: String,
    pub axe: String,
    pub html: String,
    pub print: Option<String>,
    /// 「問題なし」 or 「問題あり」: always text, never a colour alone.
    pub result: String,
    pub ok: bool,
    pub problems: Vec<String>,
}

/// The catalogue keys of a passed and a failed check (問題なし, 問題あり).
pub const NO_PROBLEM: &str = "accessibility.no_problem";
pub const PROBLEM: &str = "accessibility.problem";

pub fn view(results: Option<&Results>, shown: Shown) -> PageView {
    PageView {
        results: results.map(|r| results_view(r, shown)),
    }
}

/// The site's words and year format.
type Shown<'a> = (
    &'a crate::words::Words,
    crate::text::fiscal_year::YearFormat,
);

fn results_view(r: &Results, (w, years): Shown) -> ResultsView {
    let tested_on = match Date::parse(&r.tested_on) {
        Some(date) => date.shown(years),
        None => r.tested_on.clone(),
    };
    let n = |key: &str, n: usize| w.fill(key, &[("n", &n.to_string())]);
    let pages: Vec<PageRow> = r
        .pages
        .iter()
        .map(|p| {
            let ok = p.problems.is_empty() && p.axe_violations == 0 && p.html_errors == 0;
            PageRow {
                href: p.path.clone(),
                path: p.path.clone(),
                // 「1-1-1 情報提供手段の拡大 | 計画名 | 市名」→ the page's own name; the path
                // beside it tells editions apart.
                title: p.title.split(" | ").next().unwrap_or_default().to_string(),
                axe: n("summary.count", p.axe_violations),
                html: n("summary.count", p.html_errors),
                print: (p.print_pages).map(|k| n("accessibility.print_pages", k as usize)),
                result: w.get(if ok { NO_PROBLEM } else { PROBLEM }).to_string(),
                ok,
                problems: p.problems.iter().map(|x| x.message.clone()).collect(),
            }
        })
        .collect();
    ResultsView {
        tested_on,
        standard: r.standard.clone(),
        level: r.level.clone(),
        axe_tags: r.axe_tags.join(w.get("site.list_separator")),
        tools: r
            .tools
            .iter()
            .map(|t| format!("{} {}", t.name, t.version))
            .collect(),
        checks: r
            .checks
            .iter()
            .map(|c| CheckView {
                name: c.name.clone(),
                pages: c.pages,
                result: if c.failed == 0 {
                    w.get(NO_PROBLEM).to_string()
                } else {
                    let pages = n("accessibility.pages_n", c.failed);
                    let pages = w.fill("site.parenthesis", &[("text", &pages)]);
                    format!("{}{pages}", w.get(PROBLEM))
                },
            })
            .collect(),
        page_count: pages.len(),
        edition_page_count: pages
            .iter()
            .filter(|p| p.path.starts_with("reports/"))
            .count(),
        failed_count: pages.iter().filter(|p| !p.ok).count(),
        axe_total: r.pages.iter().map(|p| p.axe_violations).sum(),
        html_total: r.pages.iter().map(|p| p.html_errors).sum(),
        pages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{
  "format": "shinchoku-accessibility-results",
  "version": 1,
  "tested_on": "2025-11-24",
  "standard": "JIS X 8341-3:2016",
  "level": "AA",
  "axe_tags": ["wcag2a", "wcag2aa"],
  "tools": [{ "name": "axe-core", "version": "4.14.1" }],
  "checks": [
    { "id": "axe", "name": "axe-core による自動チェック", "pages": 2, "failed": 0 },
    { "id": "print", "name": "印刷", "pages": 2, "failed": 1 }
  ],
  "pages": [
    { "path": "index.html", "title": "トップ", "axe_violations": 0, "html_errors": 0, "problems": [] },
    { "path": "items/1-1-1.html", "title": "1-1-1", "axe_violations": 0, "html_errors": 0,
      "problems": [{ "check": "print", "message": "A4 で 3 枚に印刷されます" }], "print_pages": 3,
      "future_field": true }
  ]
}"#;

    fn p() -> &'static Path {
        Path::new("content/accessibility-results.json")
    }

    #[test]
    fn reads_results_and_builds_the_view() {
        let r = parse(p(), SAMPLE).unwrap();
        assert_eq!(r.pages.len(), 2);
        let v = results_view(&r, (&Default::default(), Default::default()));
        assert_eq!(v.tested_on, "令和7年11月24日");
        assert_eq!(v.page_count, 2);
        assert_eq!(v.failed_count, 1);
        assert_eq!(v.pages[0].result, "問題なし");
        assert_eq!(v.pages[1].result, "問題あり");
        assert_eq!(v.pages[1].print.as_deref(), Some("A4 3枚"));
        assert_eq!(v.checks[0].result, "問題なし");
        assert_eq!(v.checks[1].result, "問題あり（1ページ）");
        assert_eq!(v.axe_tags, "wcag2a、wcag2aa");
        assert_eq!(v.tools, vec!["axe-core 4.14.1"]);
    }

    #[test]
    fn syntax_errors_are_located() {
        let broken = SAMPLE.replace("\"level\": \"AA\",", "\"level\": \"AA\"");
        let e = parse(p(), &broken).unwrap_err();
        assert_eq!(e.code, "E150");
        assert_eq!(e.line, 7);
    }

    #[test]
    fn wrong_shape_format_date_and_paths_are_errors() {
        let e = parse(
            p(),
            &SAMPLE.replace(
                "\"pages\": 2, \"failed\": 0",
                "\"pages\": \"2\", \"failed\": 0",
            ),
        )
        .unwrap_err();
        assert_eq!(e.code, "E150");
        let e = parse(p(), &SAMPLE.replace("\"version\": 1", "\"version\": 2")).unwrap_err();
        assert_eq!((e.code, e.line), ("E151", 2));
        let e = parse(p(), &SAMPLE.replace("2025-11-24", "2025/11/24")).unwrap_err();
        assert_eq!((e.code, e.line), ("E151", 4));
        for bad in [
            "/etc/passwd.html",
            "../x.html",
            "javascript:alert(1).html",
            "items/1.csv",
            "a//b.html",
        ] {
            let e = parse(p(), &SAMPLE.replace("items/1-1-1.html", bad)).unwrap_err();
            assert_eq!(e.code, "E151", "{bad}");
            assert_eq!(e.line, 15, "{bad}");
        }
    }

    #[test]
    fn missing_file_is_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()).unwrap(), None);
        std::fs::write(dir.path().join(FILE_NAME), SAMPLE).unwrap();
        assert_eq!(load(dir.path()).unwrap().unwrap().pages.len(), 2);
    }

    #[test]
    fn no_results_view() {
        assert!(view(None, (&Default::default(), Default::default()))
            .results
            .is_none());
    }
}
