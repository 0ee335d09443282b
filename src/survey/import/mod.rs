//! 返送された調査票の検査。すべてのファイルを読み、すべての誤りを集めてから判断する。
//! Import: check every cell of every returned table against the content, and turn what the
//! departments filled in into [`ValueChange`]s. Nothing here writes files.
//!
//! What is checked, in order: the metadata row and the headers (this module); every row the
//! export wrote is there once, in its place, with its locked cells unchanged ([`rows`]); each
//! fill-in cell's value by the item file's rules ([`cells`], [`super::value`]).

mod cells;
mod rows;

pub use super::read::{decode_csv, read, Table, ALTERED};
use super::sheet::{self, Cell, Column, Field, RowKind};
use super::value::Problem;
use crate::diag::codes;
use crate::diag::Diagnostic;
use crate::model::{ActionItem, Indicator, Plan, Value};
use crate::text::fiscal_year::FiscalYear;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One reported value that differs from what the item file has.
#[derive(Clone, Debug)]
pub struct ValueChange {
    /// The action item's id.
    pub item: String,
    pub title: String,
    /// The item's 担当課, who reported the value.
    pub department: String,
    /// The item file to change.
    pub source: PathBuf,
    pub year: FiscalYear,
    pub field: Field,
    /// The indicator's name, for [`Field::Actual`].
    pub indicator: Option<String>,
    pub unit: String,
    pub old: Option<Value>,
    pub new: Value,
    /// Where the value came from: `財政課.xlsx / 調査票 / I7`.
    pub origin: CellRef,
    /// Plan order of the item and of the indicator within it, for listing.
    order: (usize, usize),
}

impl ValueChange {
    /// The value's key in a published record: 「1-1-1/2021/実績値/件数」.
    pub fn key(&self) -> String {
        let field = self.field.record_field(self.indicator.as_deref());
        format!("{}/{}/{field}", self.item, self.year.0)
    }

    /// 「令和5年度 進捗状況（実績）: （なし） → 実施」
    pub fn describe(&self) -> String {
        let what = match &self.indicator {
            Some(name) => format!(
                "指標「{name}」の{}",
                Column::Input(self.field).header(self.year)
            ),
            None => format!("{}の{}", self.year.wareki(), self.field.label()),
        };
        // Text as the cell shows it: a Markdown hard break is the line break typed there.
        let shown = |v: &Value| match v {
            Value::Text(t) if self.field.is_markdown() => {
                show(&Value::Text(sheet::cell_of_markdown(t)), &self.unit)
            }
            _ => show(v, &self.unit),
        };
        let old = self
            .old
            .as_ref()
            .map(shown)
            .unwrap_or_else(|| "（なし）".into());
        format!("{what}: {old} → {}", shown(&self.new))
    }
}

/// A value as shown in messages: the exact number with its unit, or the text on one line.
pub fn show(v: &Value, unit: &str) -> String {
    match v {
        Value::Number(n) => format!("{}{unit}", crate::text::number::raw_number(*n)),
        Value::Text(t) => t.replace('\n', "⏎"),
    }
}

/// A cell of a returned file (or the file or sheet as a whole), kept with a value so that any
/// later problem with it is reported there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellRef {
    pub file: PathBuf,
    pub sheet: Option<String>,
    /// 0-based (row, column).
    pub cell: Option<(u32, u16)>,
}

impl CellRef {
    /// `財政課.xlsx / 調査票 / I7`
    pub fn locate(&self) -> String {
        let place = crate::diag::SheetPlace {
            sheet: self.sheet.clone(),
            cell: self.cell,
        };
        place.locate(&self.file)
    }

    pub fn error(&self, (code, msg, help): Problem) -> Diagnostic {
        let d = Diagnostic::in_sheet(code, &self.file, self.sheet.as_deref(), self.cell, msg);
        if help.is_empty() {
            d
        } else {
            d.with_help(help)
        }
    }
}

const EMPTY: Cell = Cell::Empty;

impl Table {
    fn cell(&self, row: u32, col: u16) -> &Cell {
        self.rows
            .get(row as usize)
            .and_then(|r| r.get(col as usize))
            .unwrap_or(&EMPTY)
    }

    /// The cell's text, trimmed; "" when empty or unreadable.
    fn text(&self, row: u32, col: u16) -> String {
        self.cell(row, col).text().unwrap_or_default()
    }

    fn at(&self, row: u32, col: u16) -> CellRef {
        CellRef {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            cell: Some((row, col)),
        }
    }

    fn whole(&self) -> CellRef {
        CellRef {
            cell: None,
            ..self.at(0, 0)
        }
    }
}

/// What the check of all returned tables found.
#[derive(Debug, Default)]
pub struct Checked {
    /// In plan order: item, then its result, then each indicator.
    pub changes: Vec<ValueChange>,
    pub errors: Vec<Diagnostic>,
    /// What was read other than as typed (「b」 as grade 「B」, 「▲500」 as -500), by cell.
    pub notes: Vec<String>,
}

/// Checks returned tables against the content and collects the changes they ask for, and every
/// problem, each at its place in the table.
pub struct Checker<'a> {
    plan: &'a Plan,
    year: FiscalYear,
    overwrite: bool,
    /// Each item or indicator row seen so far, with where: the same row twice is an error.
    seen: BTreeMap<(String, RowKind, String), String>,
    found: Checked,
}

/// What a data row is about, once its kind, id and indicator name check out.
#[derive(Clone, Copy)]
struct RowTarget<'a> {
    kind: RowKind,
    /// The item's position in the plan.
    index: usize,
    item: &'a ActionItem,
    /// On an indicator row, the indicator and its position in the item.
    indicator: Option<(usize, &'a Indicator)>,
}

impl<'a> RowTarget<'a> {
    fn indicator(&self) -> Option<&'a Indicator> {
        self.indicator.map(|(_, i)| i)
    }

    /// Plan order of the item and of the indicator within it (0 for the item's own row).
    fn order(&self) -> (usize, usize) {
        (self.index, self.indicator.map_or(0, |(i, _)| i + 1))
    }

    /// The row's key: item id, kind, indicator name ("" on an item row).
    fn key(&self) -> (String, RowKind, String) {
        let name = self.indicator().map(|i| i.name.clone()).unwrap_or_default();
        (self.item.id.clone(), self.kind, name)
    }
}

/// 「取組項目「2-1-1」」 or 「取組項目「2-1-1」の指標「時間外勤務」」, for messages about a row.
fn row_name(item: &ActionItem, indicator: Option<&Indicator>) -> String {
    match indicator {
        Some(i) => format!("取組項目「{}」の指標「{}」", item.id, i.name),
        None => format!("取組項目「{}」", item.id),
    }
}

impl<'a> Checker<'a> {
    pub fn new(plan: &'a Plan, year: FiscalYear, overwrite: bool) -> Self {
        Checker {
            plan,
            year,
            overwrite,
            seen: BTreeMap::new(),
            found: Checked::default(),
        }
    }

    fn error(&mut self, at: CellRef, problem: Problem) {
        self.found.errors.push(at.error(problem));
    }

    /// Checks one returned table; problems go to `errors`, values to `changes`.
    pub fn check(&mut self, t: &Table) {
        let Some(department) = self.check_meta(t) else {
            return;
        };
        if !self.check_headers(t) {
            return;
        }
        self.check_outside(t);
        self.check_rows(t, &department);
    }

    /// Values right of the table (the header row's are found by `check_headers`).
    fn check_outside(&mut self, t: &Table) {
        for (&r, &c) in t.extras.range(sheet::FIRST_DATA_ROW..) {
            let msg = "表の外に値があります。記入は黄色いセルだけにしてください (value outside the table)".to_string();
            self.error(t.at(r, c), (codes::E712, msg, ""));
        }
    }

    /// The metadata row: format, layout version, year and department. Returns the department.
    fn check_meta(&mut self, t: &Table) -> Option<String> {
        if !self.check_format(t) || !self.check_year(t) {
            return None;
        }
        let department = t.text(sheet::META_ROW, sheet::META_DEPARTMENT_COL);
        if self.plan.department(&department).is_none() {
            let msg = format!("担当課「{department}」は site.toml の departments にありません (unknown department)");
            self.error(
                t.at(sheet::META_ROW, sheet::META_DEPARTMENT_COL),
                (codes::E715, msg, ALTERED),
            );
            return None;
        }
        Some(department)
    }

    /// The format marker, the metadata labels and the layout version.
    fn check_format(&mut self, t: &Table) -> bool {
        let text = |c: u16| t.text(sheet::META_ROW, c);
        // The labels are in the survey's words: only the values, by position, are read.
        if text(sheet::META_FORMAT_COL) != sheet::FORMAT {
            let msg = "shinchoku の調査票ではありません（1 行目に「形式 shinchoku-survey」がありません） (not a shinchoku survey)".into();
            let help = "shinchoku survey export で作った調査票に記入し、行や列を追加・削除せずに返送してもらってください。";
            self.error(t.whole(), (codes::E711, msg, help));
            return false;
        }
        let version = text(sheet::META_VERSION_COL);
        if version != sheet::LAYOUT_VERSION.to_string() {
            let msg = format!(
                "調査票の版が「{version}」です。この shinchoku が読めるのは版 {} の調査票です (unsupported layout version)",
                sheet::LAYOUT_VERSION
            );
            self.error(
                t.at(sheet::META_ROW, sheet::META_VERSION_COL),
                (codes::E712, msg, ALTERED),
            );
            return false;
        }
        true
    }

    /// The survey's year: readable, in [[reports]], and the year being imported.
    fn check_year(&mut self, t: &Table) -> bool {
        let at_year = t.at(sheet::META_ROW, sheet::META_YEAR_COL);
        let text = t.text(sheet::META_ROW, sheet::META_YEAR_COL);
        let Ok(year) = text.parse::<i32>().map(FiscalYear) else {
            let msg = format!("調査票の年度「{text}」が読めません (unreadable year)");
            self.error(at_year, (codes::E712, msg, ALTERED));
            return false;
        };
        if !self.plan.editions.iter().any(|r| r.year == year) {
            let msg = format!(
                "この調査票は{}のものですが、{}は site.toml の [[reports]] にまだありません (year not in [[reports]])",
                year.label(),
                year.wareki()
            );
            let help = "site.toml に [[reports]] year = …（対象年度）と as_of = \"YYYY-MM-DD\"（基準日）を追加してから取り込んでください。";
            self.error(at_year, (codes::E714, msg, help));
            return false;
        }
        if year != self.year {
            let msg = format!(
                "この調査票は{}のものです。取り込む年度は{}です (a survey for another year)",
                year.label(),
                self.year.label()
            );
            let help = "ほかの年度の調査票を取り込むときは --year にその年度を指定します。--year を省略すると、site.toml の最後の [[reports]] の年度です。";
            self.error(at_year, (codes::E713, msg, help));
            return false;
        }
        true
    }

    fn check_headers(&mut self, t: &Table) -> bool {
        let help = "列や行を追加・削除・移動しないでください。元の調査票に記入し直してもらうか、survey export で作り直してください。";
        let found: Vec<String> = (0..sheet::COLUMNS.len() as u16)
            .map(|c| t.text(sheet::HEADER_ROW, c))
            .collect();
        // Headers as exported pass whatever words they are in (the fingerprint export wrote);
        // a survey without one, in any wording import knows.
        let printed = t.text(sheet::META_ROW, sheet::META_HEADERS_COL);
        let as_exported = printed == sheet::header_print(&found)
            || (sheet::Wording::known(self.plan).iter())
                .any(|wd| sheet::headers_in(*wd, self.year) == found);
        // The first difference only: after an inserted column every later header differs too.
        let mismatch = (!as_exported)
            .then(|| {
                let expected = sheet::headers_in(sheet::Wording::of(self.plan), self.year);
                (expected.into_iter().zip(found).enumerate())
                    .find(|(_, (expected, found))| found != expected)
                    .map(|(c, (expected, found))| (c as u16, found, expected))
            })
            .flatten();
        let problem = if let Some((c, found, expected)) = mismatch {
            let msg = format!("列の見出しが「{found}」になっています（「{expected}」のはずです） (altered sheet: unexpected header)");
            Some((c, msg))
        } else if let Some(&c) = t.extras.get(&sheet::HEADER_ROW) {
            let msg = "調査票の右に列が追加されています (altered sheet: extra column)".to_string();
            Some((c, msg))
        } else {
            None
        };
        let Some((c, msg)) = problem else {
            return true;
        };
        self.error(t.at(sheet::HEADER_ROW, c), (codes::E712, msg, help));
        false
    }

    /// Everything found: the changes in plan order, the errors sorted.
    pub fn finish(mut self) -> Checked {
        self.found.changes.sort_by_key(|c| (c.order, c.field));
        crate::diag::sort(&mut self.found.errors);
        self.found
    }
}
