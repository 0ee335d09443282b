//! 計画全体の表の Excel ブック（.xlsx）: the whole-plan CSVs as the sheets of one workbook, for
//! people who open data in a spreadsheet. Each cell is typed by its column: ids and codes are
//! stored as text (so `1-1-1` is not read as a date nor `011002` as 11002), numbers and years
//! as numbers, dates as dates. Text is the CSV's plain text without the CSV's 「'」 (a workbook's
//! text cell is never a formula).

use super::columns::{Column, Kind};
use crate::model::Plan;
use crate::text::cell::restore;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// One sheet: its name, the columns and the CSV it copies.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub columns: &'a [Column],
    pub csv: &'a [u8],
}

/// The workbook of `sheets`. Byte-for-byte the same for the same data: its creation date is the
/// 基準日 (or the plan's first day), not the clock.
pub fn workbook(plan: &Plan, sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(plan.title.clone())
            .set_company(plan.city.name.clone())
            .set_author("shinchoku")
            .set_creation_datetime(&created(plan)),
    );
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name).map_err(|e| e.to_string())?;
        write_sheet(ws, sheet)?;
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}

/// The most characters an Excel cell holds.
const CELL_CHARS: usize = 32_767;

fn created(plan: &Plan) -> ExcelDateTime {
    let day = plan.editions.last().map(|e| e.as_of);
    day.and_then(|d| ExcelDateTime::from_ymd(d.year as u16, d.month as u8, d.day as u8).ok())
        .or_else(|| ExcelDateTime::from_ymd(plan.first_year.0 as u16, 4, 1).ok())
        .unwrap_or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).expect("valid date"))
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), String> {
    write_cells(ws, sheet).map_err(|e| match e {
        Cut::Long(row, column, n) => format!(
            "シート「{}」の {} 行目「{column}」の文章が {n} 字で、Excel のセルに入る {CELL_CHARS} 字を超えます",
            sheet.name,
            row + 1
        ),
        Cut::Xlsx(e) => e.to_string(),
    })
}

enum Cut {
    /// A text too long for a cell: row, column name, characters.
    Long(u32, String, usize),
    Xlsx(XlsxError),
}

impl From<XlsxError> for Cut {
    fn from(e: XlsxError) -> Cut {
        Cut::Xlsx(e)
    }
}

fn write_cells(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), Cut> {
    let header = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, col) in sheet.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, col.name.as_ref(), &header)?;
        // Typed-in values of a text column stay text too.
        if col.kind.is_text() {
            ws.set_column_format(c as u16, &text)?;
        }
    }
    let body = sheet.csv.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(sheet.csv);
    let mut reader = csv::Reader::from_reader(body);
    let mut row = 0;
    for record in reader.records().flatten() {
        row += 1;
        for ((c, value), col) in record.iter().enumerate().zip(sheet.columns) {
            if value.is_empty() {
                continue;
            }
            let c = c as u16;
            match col.kind {
                Kind::Number | Kind::Year => match value.parse::<f64>() {
                    Ok(n) => ws.write_number(row, c, n)?,
                    Err(_) => ws.write_string(row, c, value)?,
                },
                Kind::Date => match ExcelDateTime::parse_from_str(value) {
                    Ok(d) => ws.write_datetime_with_format(row, c, &d, &date)?,
                    Err(_) => ws.write_string(row, c, value)?,
                },
                _ => {
                    let n = value.chars().count();
                    if n > CELL_CHARS {
                        return Err(Cut::Long(row, col.name.to_string(), n));
                    }
                    ws.write_string_with_format(row, c, restore(value), &text)?
                }
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row, sheet.columns.len().saturating_sub(1) as u16)?;
    Ok(())
}
