//! 調査票の配置（行・列・見出し）と、記入欄ごとの意味。書き出し（export）と取り込み（import）は
//! どちらもここだけを見るので、両者の配置がずれることはありません。
//! The survey sheet's layout and the meaning of each fill-in column, shared by export and import
//! so the two cannot drift apart. The CSV variant has exactly the same rows and columns.

use crate::model::{actual_field, ActionItem, Indicator, Value, RESULT_FIELDS};
use crate::text::fiscal_year::FiscalYear;
use unicode_normalization::UnicodeNormalization;

/// The marker in cell B1 that says "this is a shinchoku survey".
pub const FORMAT: &str = "shinchoku-survey";
/// Raised whenever rows or columns change, or the text export writes in a locked cell (the import
/// compares those cells with what export would write): a workbook of another layout is refused,
/// not misread.
pub const LAYOUT_VERSION: u32 = 1;
pub const SURVEY_SHEET: &str = "調査票";
pub const GUIDE_SHEET: &str = "記入方法";

/// Rows of the survey sheet (0-based). Row 1 holds the metadata (hidden in the workbook).
pub const META_ROW: u32 = 0;
pub const TITLE_ROW: u32 = 1;
pub const NOTE_ROW: u32 = 2;
pub const HEADER_ROW: u32 = 3;
pub const FIRST_DATA_ROW: u32 = 4;

/// The metadata row: label/value pairs, 「形式 shinchoku-survey 版 1 年度 2023 担当課 財政課」.
pub const META_LABELS: [&str; 4] = ["形式", "版", "年度", "担当課"];
/// Columns (0-based) of the metadata values, each right of its label.
pub const META_FORMAT_COL: u16 = 1;
pub const META_VERSION_COL: u16 = 3;
pub const META_YEAR_COL: u16 = 5;
pub const META_DEPARTMENT_COL: u16 = 7;

pub fn meta_cells(year: FiscalYear, department: &str) -> Vec<Cell> {
    let values = [
        FORMAT.to_string(),
        LAYOUT_VERSION.to_string(),
        year.0.to_string(),
        department.to_string(),
    ];
    META_LABELS
        .iter()
        .zip(values)
        .flat_map(|(label, value)| [Cell::Text(label.to_string()), Cell::Text(value)])
        .collect()
}

pub fn title(year: FiscalYear, department: &str) -> String {
    format!("{} 実施計画 進行状況調査票（{department}）", year.label())
}

pub const NOTE: &str = "黄色のセルに記入してください。灰色のセルは変更できません。空欄のセルは「変更なし」として扱います。記入のしかたはシート「記入方法」にあります。";

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
    pub fn label(self) -> &'static str {
        match self {
            RowKind::Item => "取組",
            RowKind::Indicator => "指標",
        }
    }

    pub fn from_label(s: &str) -> Option<RowKind> {
        [RowKind::Item, RowKind::Indicator]
            .into_iter()
            .find(|k| k.label() == s.trim())
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

    pub fn label(self) -> &'static str {
        match self {
            Field::Actual => "実績値",
            Field::Status => "進捗状況（実績）",
            Field::Grade => "評価",
            Field::Achievements => "取組実績",
            Field::Challenges => "課題・今後の方向性",
            Field::EffectAmount => "効果額",
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

    /// The header text. The year appears in the plan and actual headers so a sheet read
    /// against the wrong year cannot pass the header check.
    pub fn header(self, year: FiscalYear) -> String {
        match self {
            Column::Id => "番号".into(),
            Column::Kind => "区分".into(),
            Column::Name => "取組項目名／指標名".into(),
            Column::Unit => "単位".into(),
            Column::Baseline => "現状値".into(),
            Column::Target => "目標値".into(),
            Column::History => "前年度までの実績".into(),
            Column::Plan => format!("{}の計画", year.wareki()),
            Column::Input(Field::Actual) => format!("{}の実績値", year.wareki()),
            Column::Input(Field::Status) => "進捗状況".into(),
            Column::Input(Field::EffectAmount) => "効果額（千円）".into(),
            Column::Input(f) => f.label().into(),
        }
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
    pub fn explanation(self) -> &'static str {
        match self {
            Column::Id => "取組項目の番号（大項目-中項目-番号）",
            Column::Kind => "「取組」の行は取組項目の実績、「指標」の行は数値目標の実績値",
            Column::Name => "取組項目名、または指標名",
            Column::Unit => "指標の単位",
            Column::Baseline => "計画策定時の現状値",
            Column::Target => "計画最終年度の目標値",
            Column::History => "これまでに報告された実績（参考）",
            Column::Plan => "この年度の計画（進捗状況・年度目標、または指標の計画値）",
            Column::Input(Field::Actual) => {
                "指標の実績値。数値だけを半角で（単位・カンマ・「約」は付けない）。文章の指標は文章で"
            }
            Column::Input(Field::Status) => "実際の進捗状況。一覧から選ぶ",
            Column::Input(Field::Grade) => "評価。一覧から選ぶ",
            Column::Input(Field::Achievements) => "この年度に実施した取組の内容",
            Column::Input(Field::Challenges) => "課題と今後の方向性",
            Column::Input(Field::EffectAmount) => {
                "取組による効果額（千円単位の数値。効果額がなければ空欄）"
            }
        }
    }
}

/// The headers of the survey sheet, left to right.
pub fn headers(year: FiscalYear) -> Vec<String> {
    COLUMNS.iter().map(|c| c.header(year)).collect()
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
