//! 返送された調査票の読み込みと検査。すべてのファイルを読み、すべての誤りを集めてから判断する。
//! Import: read every returned workbook or CSV, check every cell against the content, and turn
//! what the departments filled in into [`ValueChange`]s. Nothing here writes files.

use super::sheet::{self, Cell, Column, Field, RowKind, COLUMNS};
use crate::diag::codes;
use crate::diag::Diagnostic;
use crate::model::{ActionItem, Indicator, Plan, Value};
use crate::text::fiscal_year::FiscalYear;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One reported value that differs from what the item file has.
#[derive(Clone, Debug)]
pub struct ValueChange {
    /// The action item's id.
    pub item: String,
    pub title: String,
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
    pub origin: String,
    /// Plan order of the item and of the indicator within it, for listing.
    order: (usize, usize),
}

impl ValueChange {
    /// 「令和5年度 進捗状況（実績）: （なし） → 実施」
    pub fn describe(&self) -> String {
        let what = match &self.indicator {
            Some(name) => format!(
                "指標「{name}」の{}",
                Column::Input(self.field).header(self.year)
            ),
            None => format!("{}の{}", self.year.wareki(), self.field.label()),
        };
        let old = self
            .old
            .as_ref()
            .map(|v| show(v, &self.unit))
            .unwrap_or_else(|| "（なし）".into());
        format!("{what}: {old} → {}", show(&self.new, &self.unit))
    }
}

/// A value as shown in messages: the exact number with its unit, or the text on one line.
pub fn show(v: &Value, unit: &str) -> String {
    match v {
        Value::Number(n) => format!("{}{unit}", crate::text::number::raw_number(*n)),
        Value::Text(t) => t.replace('\n', "⏎"),
    }
}

/// The survey sheet of one returned file, as cells.
pub struct Table {
    pub file: PathBuf,
    /// None for a CSV, which has no sheets.
    pub sheet: Option<String>,
    pub rows: Vec<Vec<Cell>>,
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

    fn at(&self, row: u32, col: u16) -> Place<'_> {
        Place {
            table: self,
            cell: Some((row, col)),
        }
    }

    fn whole(&self) -> Place<'_> {
        Place {
            table: self,
            cell: None,
        }
    }
}

/// The help for a sheet whose layout was changed.
const ALTERED: &str = "shinchoku survey export で作り直した調査票に記入し直してもらってください。";

/// Reads a returned file: an Excel workbook (.xlsx, .xlsm, .xls) or ODS, or a CSV.
/// `notes` receives what the reader assumed (the encoding of a CSV).
pub fn read(path: &Path, notes: &mut Vec<String>) -> Result<Table, Diagnostic> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::in_file(
            codes::E710,
            path,
            format!("ファイルを読み込めません: {e} (cannot read)"),
        )
    })?;
    match ext.as_str() {
        "csv" => read_csv(path, &bytes, notes),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path, bytes),
        _ => Err(Diagnostic::in_file(
            codes::E710,
            path,
            "調査票の形式ではありません（.xlsx・.csv のどちらか） (not a survey file: use .xlsx or .csv)",
        )
        .with_help("shinchoku survey export で作ったファイルに記入し、同じ形式で保存して返送してもらってください。")),
    }
}

/// The survey sheet is a few dozen columns by one row per indicator: a cell beyond these is no
/// survey's, and refusing it keeps memory bounded whatever coordinates a file claims.
const MAX_ROWS: u32 = 100_000;
const MAX_COLS: u32 = 256;

fn read_workbook(path: &Path, bytes: Vec<u8>) -> Result<Table, Diagnostic> {
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"));
    let cells = if is_xlsx {
        xlsx_cells(path, bytes)
    } else {
        other_workbook_cells(path, bytes)
    }?;
    Ok(Table {
        file: path.to_path_buf(),
        sheet: Some(sheet::SURVEY_SHEET.to_string()),
        rows: into_rows(cells),
    })
}

/// The survey sheet's cells as (row, column, cell), 0-based.
type CellsResult = Result<Vec<(u32, u32, Cell)>, Diagnostic>;

/// Reads the survey sheet of an .xlsx cell by cell (calamine's streaming reader), so a cell
/// far away from A1 costs nothing until it is refused.
fn xlsx_cells(path: &Path, bytes: Vec<u8>) -> CellsResult {
    let unreadable = |e: String| workbook_error(path, e);
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    if !wb.sheet_names().iter().any(|n| n == sheet::SURVEY_SHEET) {
        return Err(no_survey_sheet(path));
    }
    let mut reader = wb
        .worksheet_cells_reader(sheet::SURVEY_SHEET)
        .map_err(|e| unreadable(e.to_string()))?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(e.to_string()))? {
        let (r, c) = cell.get_position();
        check_bounds(path, r, c)?;
        let data: calamine::Data = cell.get_value().clone().into();
        cells.push((r, c, cell_of(&data)));
    }
    Ok(cells)
}

/// .xls and .ods: calamine reads these only as a whole range.
fn other_workbook_cells(path: &Path, bytes: Vec<u8>) -> CellsResult {
    use calamine::Reader;
    let unreadable = |e: String| workbook_error(path, e);
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable(e.to_string()))?;
    if !wb.sheet_names().iter().any(|n| n == sheet::SURVEY_SHEET) {
        return Err(no_survey_sheet(path));
    }
    let range = wb
        .worksheet_range(sheet::SURVEY_SHEET)
        .map_err(|e| unreadable(e.to_string()))?;
    let Some((r0, c0)) = range.start() else {
        return Ok(Vec::new());
    };
    let mut cells = Vec::new();
    for (r, c, data) in range.used_cells() {
        let (r, c) = (r0 + r as u32, c0 + c as u32);
        check_bounds(path, r, c)?;
        cells.push((r, c, cell_of(data)));
    }
    Ok(cells)
}

fn check_bounds(path: &Path, row: u32, col: u32) -> Result<(), Diagnostic> {
    if row < MAX_ROWS && col < MAX_COLS {
        return Ok(());
    }
    Err(
        Diagnostic::in_sheet(
            codes::E712,
            path,
            Some(sheet::SURVEY_SHEET),
            Some((row, col.min(u16::MAX as u32) as u16)),
            format!(
                "調査票の表から遠く離れたセルに値があります（{MAX_ROWS} 行・{MAX_COLS} 列まで） (a cell far outside the survey table)"
            ),
        )
        .with_help(ALTERED),
    )
}

fn workbook_error(path: &Path, e: String) -> Diagnostic {
    Diagnostic::in_file(
        codes::E710,
        path,
        format!("Excel のブックとして読めません: {e} (not a readable workbook)"),
    )
    .with_help("Excel で開けるか確かめ、「Excel ブック（.xlsx）」で保存し直してください。")
}

fn no_survey_sheet(path: &Path) -> Diagnostic {
    Diagnostic::in_file(
        codes::E711,
        path,
        format!(
            "シート「{}」がありません。shinchoku の調査票ではないか、シート名が変えられています (no survey sheet)",
            sheet::SURVEY_SHEET
        ),
    )
    .with_help("shinchoku survey export で作ったブックに記入し、シート名を変えずに返送してもらってください。")
}

fn cell_of(data: &calamine::Data) -> Cell {
    use calamine::Data;
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Other(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(_) | Data::DateTimeIso(_) => Cell::Other("日付".into()),
        Data::DurationIso(_) => Cell::Other("時間".into()),
        Data::Error(e) => Cell::Other(format!("エラー値 {e}")),
    }
}

/// Rows of cells from (row, column, cell), 0-based; cells not given are empty.
fn into_rows(cells: Vec<(u32, u32, Cell)>) -> Vec<Vec<Cell>> {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for (r, c, cell) in cells {
        let (r, c) = (r as usize, c as usize);
        if rows.len() <= r {
            rows.resize(r + 1, Vec::new());
        }
        if rows[r].len() <= c {
            rows[r].resize(c + 1, Cell::Empty);
        }
        rows[r][c] = cell;
    }
    rows
}

fn read_csv(path: &Path, bytes: &[u8], notes: &mut Vec<String>) -> Result<Table, Diagnostic> {
    let (text, encoding) = decode_csv(bytes).map_err(|why| {
        Diagnostic::in_file(codes::E724, path, why).with_help(
            "Excel なら「名前を付けて保存」で「CSV UTF-8（コンマ区切り）」か「CSV（コンマ区切り）」を選んで保存し直してください。",
        )
    })?;
    if let Some(enc) = encoding {
        notes.push(format!(
            "{}: 文字コードを {enc} と判断して読みました (read as {enc})",
            path.display()
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            Diagnostic::in_file(
                codes::E710,
                path,
                format!("CSV として読めません: {e} (not a readable CSV)"),
            )
        })?;
        rows.push(
            record
                .iter()
                .map(|s| {
                    if s.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(Table {
        file: path.to_path_buf(),
        sheet: None,
        rows,
    })
}

/// UTF-8 with or without a BOM, or Shift_JIS as Excel's 「CSV（コンマ区切り）」 writes it
/// (encoding_rs's Shift_JIS is the Windows code page 932 variant). Returns the text and, when
/// it was not UTF-8, the encoding assumed.
pub fn decode_csv(bytes: &[u8]) -> Result<(String, Option<&'static str>), String> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err("文字コードが UTF-16 です。UTF-8 か Shift_JIS の CSV にしてください (UTF-16 is not supported)".into());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|t| (t.to_string(), None))
            .map_err(|_| {
                "BOM は UTF-8 ですが、中身が UTF-8 ではありません (invalid UTF-8 after the BOM)"
                    .into()
            });
    }
    if let Ok(t) = std::str::from_utf8(bytes) {
        return Ok((t.to_string(), None));
    }
    encoding_rs::SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| (t.into_owned(), Some("Shift_JIS（CP932）")))
        .ok_or_else(|| {
            "文字コードが UTF-8 でも Shift_JIS でもありません (neither UTF-8 nor Shift_JIS)".into()
        })
}

/// A cell of a returned table, or the table as a whole: where a problem or a value is.
#[derive(Clone, Copy)]
struct Place<'t> {
    table: &'t Table,
    cell: Option<(u32, u16)>,
}

impl Place<'_> {
    /// `財政課.xlsx / 調査票 / I7`
    fn locate(&self) -> String {
        let place = crate::diag::SheetPlace {
            sheet: self.table.sheet.clone(),
            cell: self.cell,
        };
        place.locate(&self.table.file)
    }
}

/// Refuses a number an f64 cannot hold exactly (beyond ±2^53, as 1e308): it would be published
/// as another number than the department wrote.
fn exact(value: Result<Option<Value>, Problem>) -> Result<Option<Value>, Problem> {
    match value {
        Ok(Some(Value::Number(n))) if !crate::text::number::is_exact(n) => Err((
            codes::E720,
            format!("数値が大きすぎて正確に扱えません（±1,000,000,000,000,000 まで）「{}」 (number too large to keep exactly)", crate::text::number::raw_number(n)),
            "桁を確かめてください。",
        )),
        other => other,
    }
}

/// A problem: code, message and help ("" for none).
type Problem = (codes::Code, String, &'static str);

/// Checks returned tables against the content and collects the changes they ask for, and every
/// problem, each at its place in the table.
pub struct Checker<'a> {
    plan: &'a Plan,
    year: FiscalYear,
    overwrite: bool,
    /// Each item or indicator row seen so far, with where: the same row twice is an error.
    seen: BTreeMap<(String, RowKind, String), String>,
    changes: Vec<ValueChange>,
    errors: Vec<Diagnostic>,
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
}

impl<'a> Checker<'a> {
    pub fn new(plan: &'a Plan, year: FiscalYear, overwrite: bool) -> Self {
        Checker {
            plan,
            year,
            overwrite,
            seen: BTreeMap::new(),
            changes: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn error(&mut self, at: Place, (code, msg, help): Problem) {
        let t = at.table;
        let mut d = Diagnostic::in_sheet(code, &t.file, t.sheet.as_deref(), at.cell, msg);
        if !help.is_empty() {
            d = d.with_help(help);
        }
        self.errors.push(d);
    }

    /// Checks one returned table; problems go to `errors`, values to `changes`.
    pub fn check(&mut self, t: &Table) {
        let Some(department) = self.check_meta(t) else {
            return;
        };
        if !self.check_headers(t) {
            return;
        }
        for r in sheet::FIRST_DATA_ROW..t.rows.len() as u32 {
            self.check_row(t, r, &department);
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
        if text(0) != sheet::META_LABELS[0] || text(sheet::META_FORMAT_COL) != sheet::FORMAT {
            let msg = "shinchoku の調査票ではありません（1 行目に「形式 shinchoku-survey」がありません） (not a shinchoku survey)".into();
            let help = "shinchoku survey export で作った調査票に記入し、行や列を追加・削除せずに返送してもらってください。";
            self.error(t.whole(), (codes::E711, msg, help));
            return false;
        }
        for (i, label) in sheet::META_LABELS.iter().enumerate().skip(1) {
            let c = 2 * i as u16;
            if text(c) != *label {
                let msg = format!("調査票の 1 行目が変えられています: 「{}」のはずのセルが「{}」です (altered sheet)", label, text(c));
                self.error(t.at(sheet::META_ROW, c), (codes::E712, msg, ALTERED));
                return false;
            }
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
        // The first difference only: after an inserted column every later header differs too.
        let mismatch =
            sheet::headers(self.year)
                .into_iter()
                .enumerate()
                .find_map(|(c, expected)| {
                    let found = t.text(sheet::HEADER_ROW, c as u16);
                    (found != expected).then_some((c as u16, found, expected))
                });
        let problem = if let Some((c, found, expected)) = mismatch {
            let msg = format!("列の見出しが「{found}」になっています（「{expected}」のはずです） (altered sheet: unexpected header)");
            Some((c, msg))
        } else if let Some(c) = first_extra(t.rows.get(sheet::HEADER_ROW as usize)) {
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

    /// One data row: what it is about, then each of its fill-in cells.
    fn check_row(&mut self, t: &Table, r: u32, department: &str) {
        let Some(cells) = t.rows.get(r as usize) else {
            return;
        };
        if cells.iter().all(Cell::is_empty) {
            return;
        }
        if let Some(c) = first_extra(Some(cells)) {
            let msg = "表の外に値があります。記入は黄色いセルだけにしてください (value outside the table)".to_string();
            self.error(t.at(r, c), (codes::E712, msg, ""));
        }
        let Some(target) = self.row_target(t, r, department) else {
            return;
        };
        if !self.first_sighting(t, r, &target) {
            return;
        }
        for col in COLUMNS {
            if let Column::Input(field) = col {
                self.check_input(t, r, col, field, &target);
            }
        }
    }

    /// The row's kind, item and (on an indicator row) indicator; None after an error.
    fn row_target(&mut self, t: &Table, r: u32, department: &str) -> Option<RowTarget<'a>> {
        let kind_text = t.text(r, Column::Kind.index());
        let Some(kind) = RowKind::from_label(&kind_text) else {
            let msg = format!("区分「{kind_text}」が読めません（「取組」か「指標」のはずです） (altered sheet: unknown row kind)");
            let help = "行を追加・削除しないでください。";
            self.error(t.at(r, Column::Kind.index()), (codes::E712, msg, help));
            return None;
        };
        let (index, item) = self.row_item(t, r, department)?;
        let indicator = match kind {
            RowKind::Item => None,
            RowKind::Indicator => Some(self.row_indicator(t, r, item)?),
        };
        Some(RowTarget {
            kind,
            index,
            item,
            indicator,
        })
    }

    /// The action item named by the row's id, which must be one of `department`'s.
    fn row_item(&mut self, t: &Table, r: u32, department: &str) -> Option<(usize, &'a ActionItem)> {
        let at = t.at(r, Column::Id.index());
        let Some(id) = t.cell(r, Column::Id.index()).text() else {
            let msg = "番号が空です (altered sheet: no item id)".to_string();
            self.error(at, (codes::E712, msg, "行を追加しないでください。"));
            return None;
        };
        let plan = self.plan;
        let Some((index, item)) = plan.items.iter().enumerate().find(|(_, i)| i.id == id) else {
            let msg = format!("取組項目「{id}」はありません (no such action item)");
            let help = "content/items/ の項目と番号を確かめてください。項目の番号が変わったときは survey export で作り直します。";
            self.error(at, (codes::E716, msg, help));
            return None;
        };
        if item.department != department {
            let msg = format!(
                "取組項目「{id}」の担当課は「{}」です。この調査票は「{department}」のものです (item of another department)",
                item.department
            );
            let help = "担当課が変わったときは survey export で作り直してください。";
            self.error(at, (codes::E717, msg, help));
            return None;
        }
        Some((index, item))
    }

    /// The item's indicator named in the row, with its position in the item.
    fn row_indicator(
        &mut self,
        t: &Table,
        r: u32,
        item: &'a ActionItem,
    ) -> Option<(usize, &'a Indicator)> {
        let name = t.text(r, Column::Name.index());
        let found = item
            .indicators
            .iter()
            .enumerate()
            .find(|(_, i)| i.name == name);
        if found.is_none() {
            let msg = format!(
                "取組項目「{}」に指標「{name}」はありません (no such indicator)",
                item.id
            );
            let help = "指標名を変えないでください。計画の指標名が変わったときは survey export で作り直します。";
            self.error(t.at(r, Column::Name.index()), (codes::E718, msg, help));
        }
        found
    }

    /// Records the row as seen; false, after an error, when the same row came before.
    fn first_sighting(&mut self, t: &Table, r: u32, target: &RowTarget) -> bool {
        let at = t.at(r, Column::Id.index());
        let name = target
            .indicator()
            .map(|i| i.name.clone())
            .unwrap_or_default();
        let key = (target.item.id.clone(), target.kind, name);
        if let Some(first) = self.seen.get(&key) {
            let msg = format!("同じ行が {first} にもあります (the same row twice)");
            let help = "同じ担当課の調査票は 1 回に 1 つだけ取り込んでください。";
            self.error(at, (codes::E719, msg, help));
            return false;
        }
        self.seen.insert(key, at.locate());
        true
    }

    /// One fill-in cell: empty where the row has no such field, else a value to compare.
    fn check_input(&mut self, t: &Table, r: u32, col: Column, field: Field, target: &RowTarget) {
        let at = t.at(r, col.index());
        let cell = t.cell(r, col.index());
        if field.row_kind() != target.kind {
            if !cell.is_empty() {
                let msg = format!(
                    "「{}」の行に{}は書けません (not used in this row)",
                    target.kind.label(),
                    field.label()
                );
                let help = "濃い灰色のセルは空欄のままにしてください。";
                self.error(at, (codes::E722, msg, help));
            }
            return;
        }
        match self.value(field, cell, target.indicator()) {
            Err(problem) => self.error(at, problem),
            Ok(None) => {}
            Ok(Some(new)) => self.compare(at, target, field, new),
        }
    }

    /// The value of a fill-in cell; None when empty, which means "no change".
    fn value(
        &self,
        field: Field,
        cell: &Cell,
        ind: Option<&Indicator>,
    ) -> Result<Option<Value>, Problem> {
        if cell.is_empty() {
            return Ok(None);
        }
        if let Cell::Other(what) = cell {
            let msg = format!(
                "{}のセルの値が読めません（{what}） (unreadable cell)",
                field.label()
            );
            return Err((codes::E720, msg, "数値か文字を入力してください。"));
        }
        let text = cell.text().unwrap_or_default();
        let one_of = |codes: Vec<&str>, what: &str| {
            if codes.contains(&text.as_str()) {
                Ok(Some(Value::Text(text.clone())))
            } else {
                let msg = format!(
                    "{what}「{text}」は一覧にありません（使える値: {}） (not in the list)",
                    codes.join("、")
                );
                Err((codes::E721, msg, "セルを選ぶと出る一覧から選んでください。"))
            }
        };
        let value = match field {
            Field::Status => one_of(self.plan.statuses.iter().map(|s| s.code.as_str()).collect(), "進捗状況"),
            Field::Grade if self.plan.grades.is_empty() => Err((
                codes::E721,
                format!("評価「{text}」が書かれていますが、site.toml に評価の区分（[[grades]]）がありません (no grades defined)"),
                "評価を使うときは site.toml に [[grades]] を定義します。使わないなら空欄にしてください。",
            )),
            Field::Grade => one_of(self.plan.grades.iter().map(|g| g.code.as_str()).collect(), "評価"),
            Field::Achievements | Field::Challenges => match cell {
                Cell::Text(t) => Ok(Some(Value::Text(sheet::normalize_text(t)))),
                _ => Ok(Some(Value::Text(text))),
            },
            Field::Actual if ind.is_some_and(sheet::takes_text) => match cell {
                Cell::Number(n) => Ok(Some(Value::Number(*n))),
                Cell::Text(t) => Ok(Some(Value::Text(sheet::normalize_text(t)))),
                _ => Ok(None),
            },
            Field::Actual | Field::EffectAmount => match cell {
                Cell::Number(n) => Ok(Some(Value::Number(*n))),
                _ => sheet::parse_number(&text).map(|n| Some(Value::Number(n))).ok_or((
                    codes::E720,
                    format!("数値ではありません「{text}」 (not a number)"),
                    "単位・カンマ・「約」などを付けず、数値だけを半角で書いてください（例: 60）。",
                )),
            },
        };
        exact(value)
    }

    /// A value that differs from the content's becomes a change, unless it would replace an
    /// already-reported one without `overwrite`.
    fn compare(&mut self, at: Place, target: &RowTarget, field: Field, new: Value) {
        let (item, ind) = (target.item, target.indicator());
        let unit = match field {
            Field::Actual => ind.map(|i| i.unit.clone()).unwrap_or_default(),
            Field::EffectAmount => "千円".into(),
            _ => String::new(),
        };
        let old = field.current(item, ind, self.year);
        if old.as_ref() == Some(&new) {
            return;
        }
        if let (Some(old), false) = (&old, self.overwrite) {
            let msg = format!(
                "{}の{}は「{}」と報告済みです。「{}」で上書きはしません (would overwrite an already-reported value)",
                self.year.wareki(),
                match ind {
                    Some(i) => format!("指標「{}」の実績値", i.name),
                    None => field.label().to_string(),
                },
                show(old, &unit),
                show(&new, &unit)
            );
            let help = "報告済みの値を書き換えるときは --overwrite を付けて取り込みます。書き換えないなら、このセルを元の値に戻すか空欄にしてもらってください。";
            self.error(at, (codes::E723, msg, help));
            return;
        }
        self.changes.push(ValueChange {
            item: item.id.clone(),
            title: item.title.clone(),
            source: item.source.clone(),
            year: self.year,
            field,
            indicator: ind.map(|i| i.name.clone()),
            unit,
            old,
            new,
            origin: at.locate(),
            order: target.order(),
        });
    }

    /// The changes in plan order: item, then its result, then each indicator.
    pub fn into_changes(mut self) -> (Vec<ValueChange>, Vec<Diagnostic>) {
        self.changes.sort_by_key(|c| (c.order, c.field));
        crate::diag::sort(&mut self.errors);
        (self.changes, self.errors)
    }
}

/// The first non-empty cell right of the table, if any.
fn first_extra(row: Option<&Vec<Cell>>) -> Option<u16> {
    row?.iter()
        .enumerate()
        .skip(COLUMNS.len())
        .find(|(_, c)| !c.is_empty())
        .map(|(i, _)| i as u16)
}
