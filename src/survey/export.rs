//! 調査票の書き出し: 担当課ごとに 1 つの Excel ブック（または CSV）。
//! Export: one workbook (or CSV) per department with its items, indicators and fill-in cells.

use super::sheet::{self, Cell, Column, Field, RowKind, Wording, COLUMNS};
use crate::model::{ActionItem, Indicator, Plan, Value};
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::format_number;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
    XlsxError,
};

/// One data row of the survey sheet.
pub struct Row<'a> {
    pub kind: RowKind,
    pub item: &'a ActionItem,
    pub indicator: Option<&'a Indicator>,
    /// One cell per entry of [`COLUMNS`].
    pub cells: Vec<Cell>,
}

/// The department's survey for `year`: the items it is 担当課 of, in plan order, each followed
/// by its indicators. Fill-in cells hold what the content already has for the year, so a
/// returned sheet that nobody touched imports as "no change".
pub fn rows<'a>(plan: &'a Plan, department: &str, year: FiscalYear) -> Vec<Row<'a>> {
    rows_in(plan, Wording::of(plan), department, year)
}

/// [`rows`] in the words of `wd`: import compares a returned survey's locked cells with each
/// wording it knows.
pub fn rows_in<'a>(
    plan: &'a Plan,
    wd: Wording,
    department: &str,
    year: FiscalYear,
) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    for item in plan.items.iter().filter(|i| i.has_department(department)) {
        rows.push(item_row(plan, wd, item, year));
        for ind in &item.indicators {
            rows.push(indicator_row(wd, item, ind, year));
        }
    }
    rows
}

fn base_cells(wd: Wording, item: &ActionItem, kind: RowKind, name: &str) -> Vec<Cell> {
    let mut cells = vec![Cell::Empty; COLUMNS.len()];
    cells[Column::Id.index() as usize] = Cell::Text(item.id.clone());
    cells[Column::Kind.index() as usize] = Cell::Text(kind.label_in(wd));
    cells[Column::Name.index() as usize] = Cell::Text(name.into());
    cells
}

fn fill_current(
    cells: &mut [Cell],
    item: &ActionItem,
    indicator: Option<&Indicator>,
    year: FiscalYear,
    kind: RowKind,
) {
    for col in COLUMNS {
        if let Column::Input(field) = col {
            if field.row_kind() == kind {
                if let Some(v) = field.current(item, indicator, year) {
                    cells[col.index() as usize] = sheet::cell_of_value(field, &v);
                }
            }
        }
    }
}

/// One earlier year's result, as the history column shows it: 「令和4年度: 実施・評価 B（計画どおり）」.
fn history_line(plan: &Plan, wd: Wording, y: &crate::model::YearPlan) -> Option<String> {
    let r = y.result.as_ref()?;
    let mut parts = Vec::new();
    parts.extend(r.status.clone());
    if let Some(g) = &r.grade {
        let label = plan.grades.iter().find(|x| &x.code == g).map(|x| &x.label);
        parts.push(match label {
            Some(l) => wd.fill("survey.history_grade", &[("grade", g), ("label", l)]),
            None => wd.fill("survey.history_grade_code", &[("grade", g)]),
        });
    }
    if let Some(e) = r.effect_amount {
        parts.push(wd.fill("survey.history_effect", &[("amount", &format_number(e))]));
    }
    let parts = parts.join(wd.get("site.joiner"));
    let year = wd.years.name(y.year);
    Some(wd.fill("survey.history_line", &[("year", &year), ("parts", &parts)]))
}

fn item_row<'a>(plan: &Plan, wd: Wording, item: &'a ActionItem, year: FiscalYear) -> Row<'a> {
    let mut cells = base_cells(wd, item, RowKind::Item, &item.title);
    let history: Vec<String> = (item.years.iter())
        .filter(|y| y.year < year)
        .filter_map(|y| history_line(plan, wd, y))
        .collect();
    cells[Column::History.index() as usize] = Cell::Text(history.join("\n"));
    let planned = item.years.iter().find(|y| y.year == year);
    let mut plan_text = Vec::new();
    if let Some(s) = planned.and_then(|y| y.status.as_ref()) {
        plan_text.push(wd.fill("survey.plan_status", &[("status", s)]));
    }
    if let Some(g) = planned
        .and_then(|y| y.goal.as_ref())
        .or(item.common_goal.as_ref())
    {
        plan_text.push(wd.fill("survey.plan_goal", &[("goal", g.trim())]));
    }
    cells[Column::Plan.index() as usize] = Cell::Text(plan_text.join("\n"));
    fill_current(&mut cells, item, None, year, RowKind::Item);
    Row {
        kind: RowKind::Item,
        item,
        indicator: None,
        cells,
    }
}

fn indicator_row<'a>(
    wd: Wording,
    item: &'a ActionItem,
    ind: &'a Indicator,
    year: FiscalYear,
) -> Row<'a> {
    let mut cells = base_cells(wd, item, RowKind::Indicator, &ind.name);
    let with_note = |v: &Option<Value>, note: &Option<String>| {
        let mut s = v.as_ref().map(|v| ind.format(v)).unwrap_or_default();
        if let Some(n) = note {
            s = format!("{s}\n{}", wd.fill("survey.value_note", &[("note", n)]));
        }
        Cell::Text(s.trim().to_string())
    };
    cells[Column::Unit.index() as usize] = Cell::Text(ind.unit.clone());
    cells[Column::Baseline.index() as usize] = with_note(&ind.baseline, &ind.baseline_note);
    cells[Column::Target.index() as usize] = with_note(&ind.target, &ind.target_note);
    let history: Vec<String> = ind
        .actual
        .range(..year)
        .map(|(y, v)| format!("{}: {}", wd.years.name(*y), ind.format(v)))
        .collect();
    cells[Column::History.index() as usize] = Cell::Text(history.join("\n"));
    cells[Column::Plan.index() as usize] = with_note(&ind.plan.get(&year).cloned(), &ind.plan_note);
    fill_current(&mut cells, item, Some(ind), year, RowKind::Indicator);
    Row {
        kind: RowKind::Indicator,
        item,
        indicator: Some(ind),
        cells,
    }
}

/// The whole survey sheet as rows of cells: metadata, title, note, headers, data. The CSV is
/// exactly this; the workbook is this plus formatting, locking and validation.
pub fn grid(
    wd: Wording,
    (year, department): (FiscalYear, &str),
    note: &str,
    rows: &[Row],
) -> Vec<Vec<Cell>> {
    let text = |s: String| vec![Cell::Text(s)];
    let mut grid = vec![
        sheet::meta_cells(wd, year, department),
        text(sheet::title(wd, year, department)),
        text(note.to_string()),
        (sheet::headers_in(wd, year).into_iter())
            .map(Cell::Text)
            .collect(),
    ];
    grid.extend(rows.iter().map(|r| r.cells.clone()));
    for row in &mut grid {
        row.resize(COLUMNS.len().max(row.len()), Cell::Empty);
    }
    grid
}

/// The CSV variant: UTF-8 with BOM (so Excel opens it correctly) and CRLF line ends. Without
/// colours or drop-down lists, its note says which columns to fill and the allowed values.
pub fn csv(plan: &Plan, year: FiscalYear, department: &str, rows: &[Row]) -> Vec<u8> {
    let wd = Wording::of(plan);
    let codes = |v: Vec<&str>| v.join(wd.get("site.joiner"));
    let mut note = wd.fill(
        "survey.csv_note",
        &[
            ("actual", &Column::Input(Field::Actual).header_in(wd, year)),
            (
                "statuses",
                &codes(plan.statuses.iter().map(|s| s.code.as_str()).collect()),
            ),
        ],
    );
    if plan.grades.is_empty() {
        note += wd.get("survey.csv_no_grades");
    } else {
        let grades = codes(plan.grades.iter().map(|g| g.code.as_str()).collect());
        note += &wd.fill("survey.csv_grades", &[("grades", &grades)]);
    }
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        for row in grid(wd, (year, department), &note, rows) {
            let fields: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Number(n) => crate::text::number::raw_number(*n),
                    // Text that a spreadsheet would read as a formula gets a leading
                    // 「'」 (OWASP); import takes it off again (`read_csv`).
                    Cell::Text(t) => crate::text::cell::neutralise(t).into_owned(),
                    _ => String::new(),
                })
                .collect();
            // Writing to a Vec cannot fail.
            let _ = w.write_record(&fields);
        }
        let _ = w.flush();
    }
    out
}

const YELLOW: u32 = 0xFFF2CC;
const GREY: u32 = 0xE7E6E6;
const DARK_GREY: u32 = 0xBFBFBF;
const HEADER_BLUE: u32 = 0xD9E1F2;
const HEADER_YELLOW: u32 = 0xFFE699;

struct Formats {
    title: Format,
    note: Format,
    header: Format,
    header_input: Format,
    context: Format,
    context_bold: Format,
    not_applicable: Format,
    input_text: Format,
    input_number: Format,
    label: Format,
    body: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = || {
            Format::new()
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0x808080))
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_name("游ゴシック")
                .set_font_size(10)
        };
        let input = || {
            cell()
                .set_unlocked()
                .set_background_color(Color::RGB(YELLOW))
        };
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_font_name("游ゴシック"),
            note: Format::new().set_font_name("游ゴシック").set_font_size(10),
            header: cell()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(HEADER_BLUE)),
            header_input: cell()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(HEADER_YELLOW)),
            context: cell().set_background_color(Color::RGB(GREY)),
            context_bold: cell().set_bold().set_background_color(Color::RGB(GREY)),
            not_applicable: cell().set_background_color(Color::RGB(DARK_GREY)),
            // Text format so that 「1-2」 or 「3/4」 typed into a text cell stays text.
            input_text: input().set_num_format("@"),
            input_number: input(),
            label: cell().set_bold().set_background_color(Color::RGB(GREY)),
            body: cell(),
        }
    }
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    f: &Format,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Number(n) => ws.write_number_with_format(row, col, *n, f)?,
        Cell::Text(t) if !t.is_empty() => ws.write_string_with_format(row, col, t, f)?,
        _ => ws.write_blank(row, col, f)?,
    };
    Ok(())
}

/// The department's workbook: 記入方法 (instructions) and 調査票 (the survey), both protected
/// without a password so the structure cannot be changed by accident. Byte-for-byte the same
/// for the same content: the creation date is the report's 基準日, not the clock.
pub fn xlsx(
    plan: &Plan,
    year: FiscalYear,
    department: &str,
    rows: &[Row],
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let wd = Wording::of(plan);
    let mut wb = Workbook::new();
    let created = creation_date(plan, year);
    wb.set_properties(
        &DocProperties::new()
            .set_title(sheet::title(wd, year, department))
            .set_subject(plan.title.clone())
            .set_company(plan.city.name.clone())
            .set_author("shinchoku")
            .set_creation_datetime(&created),
    );
    let guide = wb.add_worksheet();
    guide.set_name(wd.get("survey.guide_sheet"))?;
    write_guide(guide, plan, year, department, &f)?;
    let ws = wb.add_worksheet();
    ws.set_name(wd.get("survey.sheet"))?;
    write_survey(ws, plan, year, department, rows, &f)?;
    wb.save_to_buffer()
}

fn creation_date(plan: &Plan, year: FiscalYear) -> ExcelDateTime {
    let as_of = plan
        .editions
        .iter()
        .find(|r| r.year == year)
        .map(|r| r.as_of);
    let parsed =
        as_of.and_then(|d| ExcelDateTime::from_ymd(d.year as u16, d.month as u8, d.day as u8).ok());
    // Without a report edition yet: the first day after the fiscal year.
    parsed
        .or_else(|| ExcelDateTime::from_ymd((year.0 + 1) as u16, 4, 1).ok())
        .unwrap_or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).expect("valid date"))
}

fn write_survey(
    ws: &mut Worksheet,
    plan: &Plan,
    year: FiscalYear,
    department: &str,
    rows: &[Row],
    f: &Formats,
) -> Result<(), XlsxError> {
    let wd = Wording::of(plan);
    write_survey_head(ws, wd, (year, department), rows, f)?;
    let lists = Lists {
        wd,
        statuses: plan.statuses.iter().map(|s| s.code.as_str()).collect(),
        grades: plan.grades.iter().map(|g| g.code.as_str()).collect(),
    };
    for (i, row) in rows.iter().enumerate() {
        write_survey_row(ws, sheet::FIRST_DATA_ROW + i as u32, row, &lists, f)?;
    }
    finish_survey(ws)
}

/// The rows above the data: the hidden metadata, the title, the note and the column headers.
fn write_survey_head(
    ws: &mut Worksheet,
    wd: Wording,
    (year, department): (FiscalYear, &str),
    rows: &[Row],
    f: &Formats,
) -> Result<(), XlsxError> {
    let last_col = COLUMNS.len() as u16 - 1;
    let note = wd.get("survey.note");
    let grid = grid(wd, (year, department), note, rows);
    for (c, cell) in grid[sheet::META_ROW as usize].iter().enumerate() {
        write_cell(ws, sheet::META_ROW, c as u16, cell, &f.note)?;
    }
    ws.set_row_hidden(sheet::META_ROW)?;
    ws.merge_range(
        sheet::TITLE_ROW,
        0,
        sheet::TITLE_ROW,
        last_col,
        &sheet::title(wd, year, department),
        &f.title,
    )?;
    ws.set_row_height(sheet::TITLE_ROW, 24)?;
    ws.merge_range(sheet::NOTE_ROW, 0, sheet::NOTE_ROW, last_col, note, &f.note)?;
    for (c, col) in COLUMNS.iter().enumerate() {
        let format = match col {
            Column::Input(_) => &f.header_input,
            _ => &f.header,
        };
        ws.write_string_with_format(sheet::HEADER_ROW, c as u16, col.header_in(wd, year), format)?;
        ws.set_column_width(c as u16, col.width())?;
    }
    let headers: Vec<(String, f64)> = COLUMNS
        .iter()
        .map(|c| (c.header_in(wd, year), c.width()))
        .collect();
    ws.set_row_height(sheet::HEADER_ROW, row_height(&headers, 1))?;
    Ok(())
}

/// The codes offered in the drop-down lists of the status and grade cells.
struct Lists<'a> {
    wd: Wording<'a>,
    statuses: Vec<&'a str>,
    grades: Vec<&'a str>,
}

/// One data row at sheet row `r`: its height, then each cell with its format and validation.
fn write_survey_row(
    ws: &mut Worksheet,
    r: u32,
    row: &Row,
    lists: &Lists,
    f: &Formats,
) -> Result<(), XlsxError> {
    let texts: Vec<(String, f64)> = COLUMNS
        .iter()
        .zip(&row.cells)
        .map(|(col, cell)| (cell.text().unwrap_or_default(), col.width()))
        .collect();
    // Room to write a few lines in an item's fill-in cells.
    let min_lines = if row.kind == RowKind::Item { 4 } else { 1 };
    ws.set_row_height(r, row_height(&texts, min_lines))?;
    for (c, col) in COLUMNS.iter().enumerate() {
        let c = c as u16;
        let cell = &row.cells[c as usize];
        let Column::Input(field) = col else {
            let format =
                if row.kind == RowKind::Item && *col != Column::History && *col != Column::Plan {
                    &f.context_bold
                } else {
                    &f.context
                };
            write_cell(ws, r, c, cell, format)?;
            continue;
        };
        write_input_cell(ws, (r, c), row, field, lists, f)?;
    }
    Ok(())
}

/// A fill-in cell: yellow and unlocked with its list or number check, or dark grey where the
/// row has no such field (or the plan no codes for it).
fn write_input_cell(
    ws: &mut Worksheet,
    (r, c): (u32, u16),
    row: &Row,
    field: &Field,
    lists: &Lists,
    f: &Formats,
) -> Result<(), XlsxError> {
    let cell = &row.cells[c as usize];
    let takes_text = row.indicator.is_some_and(sheet::takes_text);
    let list = match field {
        Field::Status => Some(lists.statuses.as_slice()),
        Field::Grade => Some(lists.grades.as_slice()),
        _ => None,
    };
    if field.row_kind() != row.kind || list.is_some_and(|l| l.is_empty()) {
        return write_cell(ws, r, c, cell, &f.not_applicable);
    }
    let numeric = *field == Field::EffectAmount || (*field == Field::Actual && !takes_text);
    write_cell(
        ws,
        r,
        c,
        cell,
        if numeric {
            &f.input_number
        } else {
            &f.input_text
        },
    )?;
    let validation = match list {
        Some(list) => Some(list_validation(lists.wd, list, field)?),
        None if numeric => Some(number_validation(lists.wd, field)?),
        None => None,
    };
    if let Some(v) = validation {
        ws.add_data_validation(r, c, r, c, &v)?;
    }
    Ok(())
}

/// Frozen headers, printing on A3 landscape, and protection that still allows resizing.
fn finish_survey(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_freeze_panes(sheet::FIRST_DATA_ROW, Column::Unit.index())?;
    ws.set_repeat_rows(sheet::HEADER_ROW, sheet::HEADER_ROW)?;
    ws.set_landscape();
    ws.set_paper_size(8); // A3
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer("&P / &N");
    ws.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// Lines a text takes in a column `width` characters wide (full-width characters count two):
/// Excel does not size rows for wrapped text by itself, so export sets each row's height.
fn lines(text: &str, width: f64) -> usize {
    text.split('\n')
        .map(|segment| {
            let w: f64 = segment
                .chars()
                .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
                .sum();
            ((w / (width - 1.0).max(1.0)).ceil() as usize).max(1)
        })
        .sum()
}

/// The height in points of a row whose cells hold `texts` (text, column width) in 10-point type.
fn row_height(texts: &[(String, f64)], min_lines: usize) -> f64 {
    let n = texts
        .iter()
        .map(|(t, w)| lines(t, *w))
        .max()
        .unwrap_or(1)
        .max(min_lines);
    14.0 * n as f64 + 3.0
}

fn list_validation(wd: Wording, list: &[&str], field: &Field) -> Result<DataValidation, XlsxError> {
    let values = list.join(wd.get("site.list_separator"));
    DataValidation::new()
        .allow_list_strings(list)?
        .set_input_title(field.label_in(wd))?
        .set_input_message(wd.get("survey.list_prompt"))?
        .set_error_title(field.label_in(wd))?
        .set_error_message(wd.fill("survey.list_error", &[("values", &values)]))
}

fn number_validation(wd: Wording, field: &Field) -> Result<DataValidation, XlsxError> {
    let hint = wd.get(match field {
        Field::EffectAmount => "survey.number_prompt_effect",
        _ => "survey.number_prompt",
    });
    let label = field.label_in(wd);
    Ok(DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(-1.0e12, 1.0e12))
        .set_input_title(&label)?
        .set_input_message(hint)?
        .set_error_title(wd.fill("survey.number_error_title", &[("field", &label)]))?
        .set_error_message(hint)?
        .set_error_style(DataValidationErrorStyle::Stop))
}

const GUIDE_WIDTHS: [f64; 3] = [22.0, 18.0, 70.0];

/// Text across the guide's second and third columns, in a row tall enough to show all of it.
fn guide_text(ws: &mut Worksheet, r: u32, text: &str, f: &Format) -> Result<(), XlsxError> {
    ws.merge_range(r, 1, r, 2, text, f)?;
    let texts = [(text.to_string(), GUIDE_WIDTHS[1] + GUIDE_WIDTHS[2])];
    ws.set_row_height(r, row_height(&texts, 1))?;
    Ok(())
}

/// The guide sheet: what is surveyed, how to fill in the sheet, and what the codes and columns
/// mean.
fn write_guide(
    ws: &mut Worksheet,
    plan: &Plan,
    year: FiscalYear,
    department: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, w) in GUIDE_WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let wd = Wording::of(plan);
    let mut g = Guide { ws, f, wd, r: 0 };
    let label = plan.years.label(year);
    g.heading(&wd.fill("survey.guide_title", &[("year", &label)]))?;
    g.r += 1;
    g.facts(plan, year, department)?;
    g.section(wd.get("survey.steps"))?;
    for (i, s) in GUIDE_STEPS.iter().enumerate() {
        g.entry(&format!("{}", i + 1), wd.get(s))?;
    }
    g.section(wd.get("survey.colours"))?;
    for (fmt, what) in [
        (&f.input_text, "survey.colour_input"),
        (&f.context, "survey.colour_context"),
        (&f.not_applicable, "survey.colour_none"),
    ] {
        g.ws.write_blank(g.r, 0, fmt)?;
        guide_text(g.ws, g.r, wd.get(what), &f.body)?;
        g.r += 1;
    }
    g.section(wd.get("survey.statuses"))?;
    for s in &plan.statuses {
        g.entry(&s.code, &s.description)?;
    }
    g.section(wd.get("survey.grades"))?;
    if plan.grades.is_empty() {
        g.entry(&Field::Grade.label_in(wd), wd.get("survey.no_grades"))?;
    } else {
        g.grades(plan)?;
    }
    g.section(wd.get("survey.columns"))?;
    for col in COLUMNS {
        g.entry(&col.header_in(wd, year), col.explanation(wd))?;
    }
    ws.set_portrait();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.protect();
    Ok(())
}

/// The guide's 評価の区分 when site.toml has no grades, in the Japanese catalogue: why the
/// column is locked, and how the plan's owner adds them.
pub fn no_grades() -> &'static str {
    Wording::bundled(crate::words::Language::Ja).get("survey.no_grades")
}

/// The steps of 記入のしかた, by key.
const GUIDE_STEPS: [&str; 7] = [
    "survey.step_1",
    "survey.step_2",
    "survey.step_3",
    "survey.step_4",
    "survey.step_5",
    "survey.step_6",
    "survey.step_7",
];

/// The guide sheet being written, row `r` next.
struct Guide<'w, 'f> {
    ws: &'w mut Worksheet,
    f: &'f Formats,
    wd: Wording<'f>,
    r: u32,
}

impl Guide<'_, '_> {
    fn heading(&mut self, text: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(self.r, 0, text, &self.f.title)?;
        self.r += 1;
        Ok(())
    }

    /// A heading after a blank row.
    fn section(&mut self, text: &str) -> Result<(), XlsxError> {
        self.r += 1;
        self.heading(text)
    }

    /// A label in the first column and its text across the other two.
    fn entry(&mut self, label: &str, text: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(self.r, 0, label, &self.f.label)?;
        guide_text(self.ws, self.r, text, &self.f.body)?;
        self.r += 1;
        Ok(())
    }

    /// The plan, the department, the year and its 基準日, then the two cells left for the
    /// plan's owner.
    fn facts(&mut self, plan: &Plan, year: FiscalYear, department: &str) -> Result<(), XlsxError> {
        let wd = self.wd;
        let as_of = (plan.editions.iter())
            .find(|x| x.year == year)
            .map(|x| x.as_of.to_string())
            .unwrap_or_else(|| wd.get("survey.fact_undecided").into());
        let period = wd.fill(
            "survey.fact_period",
            &[
                ("year", &plan.years.label(year)),
                ("first", &year.0.to_string()),
                ("last", &(year.0 + 1).to_string()),
            ],
        );
        let facts = [
            ("survey.fact_plan", plan.title.clone()),
            ("survey.fact_department", department.to_string()),
            ("survey.fact_subject", period),
            ("survey.fact_as_of", as_of),
        ];
        for (label, value) in facts {
            self.entry(wd.get(label), &value)?;
        }
        // Left blank for the plan's owner to fill in before sending the workbook out.
        for label in ["survey.fact_deadline", "survey.fact_send_to"] {
            self.ws
                .write_string_with_format(self.r, 0, wd.get(label), &self.f.label)?;
            self.ws
                .merge_range(self.r, 1, self.r, 2, "", &self.f.input_text)?;
            self.r += 1;
        }
        Ok(())
    }

    /// Each grade: code, label and description in a row of their own.
    fn grades(&mut self, plan: &Plan) -> Result<(), XlsxError> {
        let (ws, f, r) = (&mut *self.ws, self.f, &mut self.r);
        for g in &plan.grades {
            ws.write_string_with_format(*r, 0, &g.code, &f.label)?;
            ws.write_string_with_format(*r, 1, &g.label, &f.body)?;
            ws.write_string_with_format(*r, 2, &g.description, &f.body)?;
            let texts = [
                (g.label.clone(), GUIDE_WIDTHS[1]),
                (g.description.clone(), GUIDE_WIDTHS[2]),
            ];
            ws.set_row_height(*r, row_height(&texts, 1))?;
            *r += 1;
        }
        Ok(())
    }
}
