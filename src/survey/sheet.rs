//! 調査票の配置（行・列・見出し）と、記入欄ごとの意味。書き出し（export）と取り込み（import）は
//! どちらもここだけを見るので、両者の配置がずれることはありません。
//! The survey sheet's layout and the meaning of each fill-in column, shared by export and import
//! so the two cannot drift apart. The CSV variant has exactly the same rows and columns.

use crate::model::{actual_field, ActionItem, Indicator, Plan, Value, RESULT_FIELDS};
use crate::text::fiscal_year::{FiscalYear, YearFormat};
use crate::words::{Language, Words};
use unicode_normalization::UnicodeNormalization;

/// The marker in cell B1 that says "this is a shinchoku survey".
pub const FORMAT: &str = "shinchoku-survey";
/// Raised whenever rows or columns change, or the text export writes in a locked cell (the import
/// compares those cells with what export would write): a workbook of another layout is refused,
/// not misread.
pub const LAYOUT_VERSION: u32 = 1;
/// The sheet names of the Japanese catalogue: the survey sheet is found by its format marker
/// ([`FORMAT`] in B1), whatever its name; a sheet of this name without it is a survey whose first
/// row was changed.
pub const SURVEY_SHEET: &str = "調査票";
pub const GUIDE_SHEET: &str = "記入方法";

/// The words a survey is written in: a catalogue (the plan's, with site.toml's `[words]`) and
/// how it writes years. Import also knows the shipped ones, so that a survey exported before a
/// change of language still reads.
#[derive(Clone, Copy)]
pub struct Wording<'w> {
    pub words: &'w Words,
    pub years: YearFormat,
}

impl<'w> Wording<'w> {
    pub fn of(plan: &'w Plan) -> Wording<'w> {
        Wording {
            words: &plan.words,
            years: plan.years,
        }
    }

    /// A shipped catalogue with its language's way of writing years.
    pub fn bundled(language: Language) -> Wording<'static> {
        Wording {
            words: Words::bundled(language),
            years: YearFormat {
                western: language == Language::En,
                heisei_2019: false,
            },
        }
    }

    /// The plan's wording, then the shipped ones: every wording a returned survey may be in.
    pub fn known(plan: &'w Plan) -> [Wording<'w>; 3] {
        [
            Wording::of(plan),
            Wording::bundled(Language::Ja),
            Wording::bundled(Language::En),
        ]
    }

    pub fn get(&self, key: &str) -> &'w str {
        self.words.get(key)
    }

    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.words.fill(key, args)
    }
}

/// Rows of the survey sheet (0-based). Row 1 holds the metadata (hidden in the workbook).
pub const META_ROW: u32 = 0;
pub const TITLE_ROW: u32 = 1;
pub const NOTE_ROW: u32 = 2;
pub const HEADER_ROW: u32 = 3;
pub const FIRST_DATA_ROW: u32 = 4;

/// The metadata row: label/value pairs, 「形式 shinchoku-survey 版 1 年度 2023 担当課 財政課
/// 見出し 3f…」. Import reads the values by position, never the labels (they are in the
/// survey's words).
pub const META_LABELS: [&str; 5] = [
    "survey.meta_format",
    "survey.meta_version",
    "survey.meta_year",
    "survey.meta_department",
    "survey.meta_headers",
];
/// Columns (0-based) of the metadata values, each right of its label.
pub const META_FORMAT_COL: u16 = 1;
pub const META_VERSION_COL: u16 = 3;
pub const META_YEAR_COL: u16 = 5;
pub const META_DEPARTMENT_COL: u16 = 7;
/// The fingerprint of the column headers as exported ([`header_print`]): a survey whose
/// headers are as written passes, whatever words they were written in. Added after version 1
/// was first published; a survey without it is checked against the known wordings.
pub const META_HEADERS_COL: u16 = 9;

pub fn meta_cells(wd: Wording, year: FiscalYear, department: &str) -> Vec<Cell> {
    let values = [
        FORMAT.to_string(),
        LAYOUT_VERSION.to_string(),
        year.0.to_string(),
        department.to_string(),
        header_print(&headers_in(wd, year)),
    ];
    META_LABELS
        .iter()
        .zip(values)
        .flat_map(|(label, value)| [Cell::Text(wd.get(label).to_string()), Cell::Text(value)])
        .collect()
}

/// A short fingerprint of the header texts as a cell reads back (trimmed): SHA-256, 16 hex
/// digits.
pub fn header_print(headers: &[String]) -> String {
    use sha2::Digest;
    let trimmed: Vec<&str> = headers.iter().map(|h| h.trim()).collect();
    let digest = sha2::Sha256::digest(trimmed.join("\n").as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

pub fn title(wd: Wording, year: FiscalYear, department: &str) -> String {
    let year = wd.years.label(year);
    wd.fill(
        "survey.title",
        &[("year", &year), ("department", department)],
    )
}

/// What a cell holds, whether written by export or read back by import.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
    /// Anything else a spreadsheet can hold (an error value, a date, TRUE), described for
    /// messages. Never a valid answer.
    Other(String),
    /// A formula saved without its result: its value is not known.
    Uncomputed,
    /// Text longer than a cell can hold ([`super::read::MAX_CELL_CHARS`]), not kept.
    TooLong,
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            Cell::Number(_) | Cell::Other(_) | Cell::Uncomputed | Cell::TooLong => false,
        }
    }

    /// The cell as text, trimmed; numbers in their exact form. None when empty or unreadable.
    pub fn text(&self) -> Option<String> {
        match self {
            Cell::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
            Cell::Number(n) => Some(crate::text::number::raw_number(*n)),
            _ => None,
        }
    }

    pub fn from_value(v: &Value) -> Cell {
        match v {
            Value::Number(n) => Cell::Number(*n),
            Value::Text(t) => Cell::Text(t.clone()),
        }
    }
}

/// What a data row describes: an action item's result for the year, or one of its indicators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RowKind {
    Item,
    Indicator,
}

impl RowKind {
    /// The kind's word in messages (Japanese, as diagnostics are).
    pub fn label(self) -> &'static str {
        Wording::bundled(Language::Ja).get(self.key())
    }

    fn key(self) -> &'static str {
        match self {
            RowKind::Item => "survey.kind_item",
            RowKind::Indicator => "survey.kind_indicator",
        }
    }

    /// The kind's word in the survey's column 区分.
    pub fn label_in(self, wd: Wording) -> String {
        wd.get(self.key()).to_string()
    }

    /// The kind a cell names, in any of `wordings`.
    pub fn from_label(s: &str, wordings: &[Wording]) -> Option<RowKind> {
        [RowKind::Item, RowKind::Indicator]
            .into_iter()
            .find(|k| wordings.iter().any(|wd| wd.get(k.key()) == s.trim()))
    }
}

/// A fill-in column: what the department reports, and where it goes in the item file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 指標の実績値 → `[indicators.actual]`
    Actual,
    /// 進捗状況（実績） → `[years.result] status`
    Status,
    /// 評価 → `[years.result] grade`
    Grade,
    /// 取組実績 → `[years.result] achievements`
    Achievements,
    /// 課題・今後の方向性 → `[years.result] challenges`
    Challenges,
    /// 効果額（千円） → `[years.result] effect_amount`
    EffectAmount,
}

impl Field {
    pub fn row_kind(self) -> RowKind {
        match self {
            Field::Actual => RowKind::Indicator,
            _ => RowKind::Item,
        }
    }

    /// Whether the site shows the field as Markdown (取組実績, 課題・今後の方向性).
    pub fn is_markdown(self) -> bool {
        matches!(self, Field::Achievements | Field::Challenges)
    }

    /// The key under `[years.result]` (the indicator's actual value is keyed by year instead).
    pub fn result_key(self) -> Option<&'static str> {
        match self {
            Field::Actual => None,
            Field::Status => Some("status"),
            Field::Grade => Some("grade"),
            Field::Achievements => Some("achievements"),
            Field::Challenges => Some("challenges"),
            Field::EffectAmount => Some("effect_amount"),
        }
    }

    /// The field's word in a published record's keys and in a source's cells: 「評価」,
    /// 「実績値/件数」 for the indicator 件数.
    pub fn record_field(self, indicator: Option<&str>) -> String {
        let i = match self {
            Field::Actual => return actual_field(indicator.unwrap_or_default()),
            Field::Status => 0,
            Field::Grade => 1,
            Field::Achievements => 2,
            Field::Challenges => 3,
            Field::EffectAmount => 4,
        };
        RESULT_FIELDS[i].to_string()
    }

    /// The field's word in messages (Japanese, as diagnostics are).
    pub fn label(self) -> &'static str {
        Wording::bundled(Language::Ja).get(self.key())
    }

    /// The field's word in the survey (its validation prompts).
    pub fn label_in(self, wd: Wording) -> String {
        wd.get(self.key()).to_string()
    }

    fn key(self) -> &'static str {
        match self {
            Field::Actual => "survey.field_actual",
            Field::Status => "survey.field_status",
            Field::Grade => "survey.field_grade",
            Field::Achievements => "survey.field_achievements",
            Field::Challenges => "survey.field_challenges",
            Field::EffectAmount => "survey.field_effect_amount",
        }
    }

    /// The value the content already has for `year`, if reported.
    pub fn current(
        self,
        item: &ActionItem,
        indicator: Option<&Indicator>,
        year: FiscalYear,
    ) -> Option<Value> {
        if self == Field::Actual {
            return indicator.and_then(|ind| ind.actual.get(&year).cloned());
        }
        let result = item
            .years
            .iter()
            .find(|y| y.year == year)
            .and_then(|y| y.result.as_ref())?;
        let text = |s: &Option<String>| s.clone().map(Value::Text);
        match self {
            Field::Status => text(&result.status),
            Field::Grade => text(&result.grade),
            Field::Achievements => text(&result.achievements),
            Field::Challenges => text(&result.challenges),
            Field::EffectAmount => result.effect_amount.map(Value::Number),
            Field::Actual => None,
        }
    }
}

/// The columns of the survey sheet, left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Id,
    Kind,
    Name,
    Unit,
    Baseline,
    Target,
    History,
    Plan,
    Input(Field),
}

pub const COLUMNS: [Column; 14] = [
    Column::Id,
    Column::Kind,
    Column::Name,
    Column::Unit,
    Column::Baseline,
    Column::Target,
    Column::History,
    Column::Plan,
    Column::Input(Field::Actual),
    Column::Input(Field::Status),
    Column::Input(Field::Grade),
    Column::Input(Field::Achievements),
    Column::Input(Field::Challenges),
    Column::Input(Field::EffectAmount),
];

impl Column {
    /// 0-based column number.
    pub fn index(self) -> u16 {
        COLUMNS.iter().position(|c| *c == self).unwrap_or(0) as u16
    }

    /// The header text in messages (Japanese, as diagnostics are).
    pub fn header(self, year: FiscalYear) -> String {
        self.header_in(Wording::bundled(Language::Ja), year)
    }

    /// The header text. The year appears in the plan and actual headers so a sheet read
    /// against the wrong year cannot pass the header check.
    pub fn header_in(self, wd: Wording, year: FiscalYear) -> String {
        let key = match self {
            Column::Id => "survey.col_id",
            Column::Kind => "survey.col_kind",
            Column::Name => "survey.col_name",
            Column::Unit => "survey.col_unit",
            Column::Baseline => "survey.col_baseline",
            Column::Target => "survey.col_target",
            Column::History => "survey.col_history",
            Column::Plan => "survey.col_plan",
            Column::Input(Field::Actual) => "survey.col_actual",
            Column::Input(Field::Status) => "survey.col_status",
            Column::Input(Field::EffectAmount) => "survey.col_effect_amount",
            Column::Input(f) => return f.label_in(wd),
        };
        wd.fill(key, &[("year", &wd.years.name(year))])
    }

    /// Width in Excel's character units, for Japanese text (A3 landscape, one page wide).
    pub fn width(self) -> f64 {
        match self {
            Column::Id => 7.0,
            Column::Kind => 5.0,
            Column::Name => 26.0,
            Column::Unit => 6.0,
            Column::Baseline | Column::Target => 14.0,
            Column::History => 22.0,
            Column::Plan => 22.0,
            Column::Input(Field::Actual) => 13.0,
            Column::Input(Field::Status) => 10.0,
            Column::Input(Field::Grade) => 7.0,
            Column::Input(Field::Achievements) | Column::Input(Field::Challenges) => 34.0,
            Column::Input(Field::EffectAmount) => 11.0,
        }
    }

    /// What the column asks for, for the instructions sheet.
    pub fn explanation<'w>(self, wd: Wording<'w>) -> &'w str {
        wd.get(match self {
            Column::Id => "survey.about_id",
            Column::Kind => "survey.about_kind",
            Column::Name => "survey.about_name",
            Column::Unit => "survey.about_unit",
            Column::Baseline => "survey.about_baseline",
            Column::Target => "survey.about_target",
            Column::History => "survey.about_history",
            Column::Plan => "survey.about_plan",
            Column::Input(Field::Actual) => "survey.about_actual",
            Column::Input(Field::Status) => "survey.about_status",
            Column::Input(Field::Grade) => "survey.about_grade",
            Column::Input(Field::Achievements) => "survey.about_achievements",
            Column::Input(Field::Challenges) => "survey.about_challenges",
            Column::Input(Field::EffectAmount) => "survey.about_effect_amount",
        })
    }
}

/// The headers of the survey sheet, left to right, in the Japanese catalogue.
pub fn headers(year: FiscalYear) -> Vec<String> {
    headers_in(Wording::bundled(Language::Ja), year)
}

/// The headers of the survey sheet, left to right.
pub fn headers_in(wd: Wording, year: FiscalYear) -> Vec<String> {
    COLUMNS.iter().map(|c| c.header_in(wd, year)).collect()
}

/// An indicator whose values are written as text (「N年度決算分をN+1年12月に公表」) takes text
/// as its actual value; every other indicator takes a number.
pub fn takes_text(ind: &Indicator) -> bool {
    ind.baseline
        .iter()
        .chain(ind.target.iter())
        .chain(ind.plan.values())
        .chain(ind.actual.values())
        .any(|v| matches!(v, Value::Text(_)))
}

pub use crate::text::number::{parse_number, sign_mark};

/// A status or grade as typed, folded for matching: full-width letters and digits as half-width
/// (NFKC), upper case as lower.
pub fn fold_code(text: &str) -> String {
    text.trim().nfkc().collect::<String>().to_lowercase()
}

/// The Markdown options the site renders 取組実績 and 課題 with (render::markdown).
const MARKDOWN: pulldown_cmark::Options =
    pulldown_cmark::Options::ENABLE_TABLES.union(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);

/// A cell's lines as Markdown that shows them as lines: a line break typed in the cell (Alt +
/// Enter) would be a soft break in Markdown, shown as a space, so each becomes a hard break
/// (`\` at the end of the line). Breaks that Markdown already shows (between list items or
/// paragraphs) are left as they are.
pub fn markdown_of_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for (event, range) in pulldown_cmark::Parser::new_ext(text, MARKDOWN).into_offset_iter() {
        if event == pulldown_cmark::Event::SoftBreak {
            let at = range.start + text[range.clone()].find('\n').unwrap_or(0);
            out.push_str(&text[last..at]);
            out.push('\\');
            last = at;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// The reverse of [`markdown_of_cell`], for export: a hard break written as `\` at the end of
/// a line is a plain line break in the cell.
pub fn cell_of_markdown(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut last = 0;
    for (event, range) in pulldown_cmark::Parser::new_ext(markdown, MARKDOWN).into_offset_iter() {
        if event == pulldown_cmark::Event::HardBreak && markdown[range.clone()].starts_with('\\') {
            out.push_str(&markdown[last..range.start]);
            last = range.start + 1;
        }
    }
    out.push_str(&markdown[last..]);
    out
}

/// The cell export writes for a field's value: Markdown text with its hard breaks as plain line
/// breaks.
pub fn cell_of_value(field: Field, v: &Value) -> Cell {
    match v {
        Value::Text(t) if field.is_markdown() => Cell::Text(cell_of_markdown(t)),
        _ => Cell::from_value(v),
    }
}

/// Text as it should be stored: Windows line ends become `\n`, ends are trimmed.
pub fn normalize_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

/// A file name for a department's survey: `2023_財政課`, with characters that Windows or
/// macOS refuse in file names replaced by `_`.
pub fn file_stem(year: FiscalYear, department: &str) -> String {
    let safe: String = department
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let safe = safe.trim_matches(|c: char| c == '.' || c.is_whitespace());
    format!("{}_{}", year.0, if safe.is_empty() { "_" } else { safe })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_typed() {
        assert_eq!(parse_number("478000"), Some(478000.0));
        assert_eq!(parse_number(" 1,200 "), Some(1200.0));
        assert_eq!(parse_number("１，２００"), Some(1200.0));
        assert_eq!(parse_number("95.45"), Some(95.45));
        assert_eq!(parse_number("-3"), Some(-3.0));
        for negative in ["▲500", "△500", "−500", "－500", "▲ 500", "▲１，２００"] {
            assert!(
                parse_number(negative).is_some_and(|n| n < 0.0),
                "{negative}"
            );
        }
        assert_eq!(parse_number("▲1,200"), Some(-1200.0));
        for bad in [
            "約60", "60%", "12,34", "1.", "", "1,2345", "一二", "1e5", "inf", "▲", "▲-5", "5▲",
        ] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn line_breaks_become_hard_breaks_and_back() {
        let cell = "一行目\n二行目\n三行目";
        let md = markdown_of_cell(cell);
        assert_eq!(md, "一行目\\\n二行目\\\n三行目");
        assert_eq!(cell_of_markdown(&md), cell);
        // Lists and paragraphs already show their breaks.
        for kept in ["- 一\n- 二", "一\n\n二", "一行"] {
            assert_eq!(markdown_of_cell(kept), kept);
            assert_eq!(cell_of_markdown(kept), kept);
        }
        let html = |md: &str| {
            let mut s = String::new();
            pulldown_cmark::html::push_html(&mut s, pulldown_cmark::Parser::new_ext(md, MARKDOWN));
            s
        };
        assert_eq!(html(&md), "<p>一行目<br />\n二行目<br />\n三行目</p>\n");
    }

    #[test]
    fn codes_fold_width_and_case() {
        assert_eq!(fold_code(" ｂ "), fold_code("B"));
        assert_eq!(fold_code("Ａ"), "a");
        assert_eq!(fold_code("実施"), "実施");
    }

    #[test]
    fn columns_are_unique_and_indexed() {
        for (i, c) in COLUMNS.iter().enumerate() {
            assert_eq!(c.index() as usize, i);
        }
        let h = headers(FiscalYear(2023));
        let unique: std::collections::BTreeSet<_> = h.iter().collect();
        assert_eq!(unique.len(), h.len());
        assert_eq!(h[8], "令和5年度の実績値");
    }

    #[test]
    fn safe_file_stems() {
        assert_eq!(file_stem(FiscalYear(2023), "財政課"), "2023_財政課");
        assert_eq!(file_stem(FiscalYear(2023), "a/b:c?"), "2023_a_b_c_");
        assert_eq!(file_stem(FiscalYear(2023), ".."), "2023__");
    }
}
