//! 公開する CSV の項目定義（列名・説明・型）。 Column definitions of the published CSVs, in
//! column order: the name, the description the open data page shows, and the kind, which
//! decides how a cell is written (text cells made plain and spreadsheet-safe, numbers as they
//! are) and the column's type in the Table Schema (datapackage.json) and the workbook.

use crate::model::Outside;
use crate::words::Words;
use std::borrow::Cow;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A code or identifier (団体コード, 取組項目ID): text, never a number or a date, though it
    /// may look like one (`011002`, `1-1-1`).
    Id,
    /// Plain text.
    Text,
    /// Markdown in the model, written as plain text (`markdown::plain_cell`).
    Markdown,
    /// One of fixed codes.
    Codes(&'static [&'static str]),
    /// One of fixed words of the catalogue (by key), written in the site's words.
    Words(&'static [&'static str]),
    /// One of the plan's 進捗状況 codes (site.toml).
    Status,
    /// One of the plan's 評価 codes (site.toml).
    Grade,
    /// A 西暦 fiscal year.
    Year,
    /// A number without unit or thousands separator.
    Number,
    /// A date, YYYY-MM-DD.
    Date,
}

impl Kind {
    /// Whether cells of this kind are text (made plain and neutralised when written).
    pub fn is_text(self) -> bool {
        !matches!(self, Kind::Year | Kind::Number | Kind::Date)
    }

    /// The type as the data dictionary names it.
    pub fn label(self, w: &Words) -> &str {
        w.get(match self {
            Kind::Id => "opendata.kind_id",
            Kind::Text | Kind::Markdown => "opendata.kind_text",
            Kind::Codes(_) | Kind::Words(_) | Kind::Status | Kind::Grade => "opendata.kind_codes",
            Kind::Year => "opendata.kind_year",
            Kind::Number => "opendata.kind_number",
            Kind::Date => "opendata.kind_date",
        })
    }
}

/// One column of a published CSV, its name and description from the site's catalogue
/// (`columns.<key>` and `columns.<key>_about`; the section columns from `[plan] levels`).
#[derive(Clone, Debug)]
pub struct Column {
    pub name: Cow<'static, str>,
    pub description: Cow<'static, str>,
    pub kind: Kind,
}

/// A column as the program defines it: its catalogue key and kind.
#[derive(Clone, Copy, Debug)]
pub struct ColumnDef {
    pub key: &'static str,
    pub kind: Kind,
}

const fn def(key: &'static str, kind: Kind) -> ColumnDef {
    ColumnDef { key, kind }
}

impl ColumnDef {
    /// The column with its name and description in the site's words.
    pub fn named(self, w: &Words) -> Column {
        Column {
            name: Cow::Owned(w.get(&format!("columns.{}", self.key)).to_string()),
            description: Cow::Owned(w.get(&format!("columns.{}_about", self.key)).to_string()),
            kind: self.kind,
        }
    }
}

/// The columns `defs` in the site's words.
pub fn named(defs: &[ColumnDef], w: &Words) -> Vec<Column> {
    defs.iter().map(|d| d.named(w)).collect()
}

const DIRECTIONS: [&str; 3] = ["increase", "decrease", "none"];
const KIND_CODES: [&str; 4] = ["baseline", "target", "plan", "actual"];
/// The names of the kinds of value, as catalogue keys (現状値, 目標値, 計画値, 実績値).
pub const KIND_NAMES: [&str; 4] = [
    "item.baseline_row",
    "item.target_row",
    "item.planned_value",
    "item.actual_value",
];
/// The kinds with the values outside the plan's period, in plans that have them.
const KIND_CODES_OUTSIDE: [&str; 6] = [
    "baseline",
    "target",
    "plan",
    "actual",
    Outside::Reference.code(),
    Outside::Beyond.code(),
];
const KIND_NAMES_OUTSIDE: [&str; 6] = [
    "item.baseline_row",
    "item.target_row",
    "item.planned_value",
    "item.actual_value",
    Outside::Reference.word(),
    Outside::Beyond.word(),
];
/// The kind columns of the indicator CSV of a plan with values outside its period.
const KIND_COLUMNS_OUTSIDE: [ColumnDef; 2] = [
    def("kind_code_outside", Kind::Codes(&KIND_CODES_OUTSIDE)),
    def("kind", Kind::Words(&KIND_NAMES_OUTSIDE)),
];

/// What the tables' columns depend on besides the words: facts about the whole plan. Found
/// once per page set ([`Shape::of`] reads every item) and handed to what makes each item's
/// rows, so that making n items' files stays linear in n.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shape {
    /// An indicator has values outside the plan's period.
    pub outside_values: bool,
    /// An item has planned 効果額.
    pub effect_plan: bool,
}

impl Shape {
    pub fn of(plan: &crate::model::Plan) -> Shape {
        let indicators = plan.items.iter().flat_map(|i| &i.indicators);
        Shape {
            outside_values: { indicators }.any(|ind| ind.outside().next().is_some()),
            effect_plan: plan.items.iter().any(|i| !i.effect_plan.is_empty()),
        }
    }
}

/// The indicator CSV's columns for `plan`: [`PROGRESS_COLUMNS`], whose kind columns also list
/// reference and beyond when an indicator has values outside the plan's period (files of
/// plans without them keep their shape).
pub fn progress_columns(plan: &crate::model::Plan, shape: Shape) -> Vec<Column> {
    let mut defs = PROGRESS_COLUMNS.to_vec();
    if shape.outside_values {
        defs[9..11].copy_from_slice(&KIND_COLUMNS_OUTSIDE);
    }
    named(&defs, &plan.words)
}

/// Column definitions (項目定義) of the indicator-values CSV, in column order.
pub static PROGRESS_COLUMNS: [ColumnDef; 18] = [
    def("city_code", Kind::Id),
    def("city_name", Kind::Text),
    def("plan_title", Kind::Text),
    def("item_id", Kind::Id),
    def("item_title", Kind::Text),
    def("departments", Kind::Text),
    def("indicator", Kind::Text),
    def("unit", Kind::Text),
    def("direction", Kind::Codes(&DIRECTIONS)),
    def("kind_code", Kind::Codes(&KIND_CODES)),
    def("kind", Kind::Words(&KIND_NAMES)),
    def("year", Kind::Year),
    def("year_name", Kind::Text),
    def("value", Kind::Number),
    def("text_value", Kind::Text),
    def("note", Kind::Text),
    def("attainment", Kind::Number),
    def("as_of", Kind::Date),
];

/// Column definitions of the yearly status CSV, without the section columns (which
/// [`status_columns`] puts after the first six).
pub static STATUS_COLUMNS: [ColumnDef; 14] = [
    def("city_code", Kind::Id),
    def("city_name", Kind::Text),
    def("plan_title", Kind::Text),
    def("item_id", Kind::Id),
    def("item_title", Kind::Text),
    def("departments", Kind::Text),
    def("year_status", Kind::Year),
    def("year_name", Kind::Text),
    def("planned_status", Kind::Status),
    def("goal", Kind::Markdown),
    def("status", Kind::Status),
    def("grade", Kind::Grade),
    def("effect", Kind::Number),
    def("as_of", Kind::Date),
];

/// Column definitions of the corrections CSV (訂正の一覧), in column order.
pub static CORRECTION_COLUMNS: [ColumnDef; 13] = [
    def("city_code", Kind::Id),
    def("city_name", Kind::Text),
    def("plan_title", Kind::Text),
    def("edition_year", Kind::Year),
    def("published", Kind::Date),
    def("corrected", Kind::Date),
    def("item_id", Kind::Id),
    def("key", Kind::Id),
    def("what", Kind::Text),
    def("old", Kind::Markdown),
    def("new", Kind::Markdown),
    def("reason", Kind::Text),
    def("as_of_correction", Kind::Date),
];

/// A column of the status CSV only in plans with planned 効果額 (`[effect_plan]`), before
/// 基準日: files of plans without it keep their shape.
pub const EFFECT_PLAN_COLUMN: ColumnDef = def("effect_plan", Kind::Number);

/// The status CSV's columns for `plan`: [`STATUS_COLUMNS`] with one column per section level
/// (大項目・中項目 by default, named after `[plan] levels`) after the first six, and
/// [`EFFECT_PLAN_COLUMN`] before the last (基準日) when the plan has planned 効果額.
pub fn status_columns(plan: &crate::model::Plan, shape: Shape) -> Vec<Column> {
    let w = &plan.words;
    let levels = plan.levels.iter().enumerate().map(|(depth, name)| Column {
        name: Cow::Owned(name.clone()),
        description: Cow::Owned(match depth {
            0 => w.fill("columns.level_about", &[("level", name)]),
            _ => w.fill("columns.sublevel_about", &[("level", name)]),
        }),
        kind: Kind::Text,
    });
    let mut columns: Vec<Column> = named(&STATUS_COLUMNS[..6], w);
    columns.extend(levels);
    columns.extend(named(&STATUS_COLUMNS[6..], w));
    if shape.effect_plan {
        columns.insert(columns.len() - 1, EFFECT_PLAN_COLUMN.named(w));
    }
    columns
}
