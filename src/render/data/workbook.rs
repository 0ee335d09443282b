//! 計画全体の表の Excel ブック（.xlsx）: the whole-plan CSVs as the sheets of one workbook, for
//! people who open data in a spreadsheet. Each cell is typed by its column: ids and codes are
//! stored as text (so `1-1-1` is not read as a date nor `011002` as 11002), numbers and years
//! as numbers, dates as dates. Text is the CSV's plain text without the CSV's 「'」 (a workbook's
//! text cell is never a formula).

use super::columns::{Column, Kind};
use crate::model::Plan;
use crate::output::Sink;
use crate::text::cell::restore;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::io::Read;
use std::sync::{Arc, Mutex, OnceLock};

/// One sheet: its name, the columns and the CSV it copies.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub columns: &'a [Column],
    pub csv: Csv<'a>,
}

/// A sheet's CSV: in memory, or a file written in this build (read back as the sheet is
/// written, so that a large plan's tables are never held in memory whole) with a SHA-256
/// digest that fixes its bytes ([`WholePlan`](super::WholePlan)'s).
pub enum Csv<'a> {
    Bytes(&'a [u8]),
    Written { path: &'a str, sha256: [u8; 32] },
}

impl Csv<'_> {
    fn sha256(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        match self {
            Csv::Bytes(bytes) => Sha256::digest(bytes).into(),
            Csv::Written { sha256, .. } => *sha256,
        }
    }

    fn open<'s>(&'s self, sink: &'s dyn Sink) -> Result<Box<dyn Read + 's>, String> {
        match self {
            Csv::Bytes(bytes) => Ok(Box::new(*bytes)),
            Csv::Written { path, .. } => sink.open(path).map_err(|d| d.message),
        }
    }
}

/// Workbooks kept from one build to the next (for `serve`), by the digest of what each was made
/// from: a save that leaves the tables as they were does not make the workbook again.
pub type WorkbookMemo = crate::memo::Memo<[u8; 32], Result<Arc<Vec<u8>>, String>>;

/// The workbooks written in this build, by the digest of what they were made from: an edition
/// that shows the same tables as another (the last report's edition and the latest site) gets a
/// copy of its workbook without making it again (making one is most of the time of the
/// whole-plan files). Editions write theirs at the same time.
pub struct Made<'m> {
    books: Mutex<Vec<Written>>,
    memo: &'m WorkbookMemo,
}

/// A workbook of this build: where it is first written, and, once it is, its size.
struct Written {
    digest: [u8; 32],
    path: String,
    size: Arc<OnceLock<Result<u64, String>>>,
}

impl<'m> Made<'m> {
    pub fn new(memo: &'m WorkbookMemo) -> Self {
        Made {
            books: Mutex::default(),
            memo,
        }
    }

    /// Writes the workbook of `sheets` at `path` and returns its size: made now (or kept from
    /// an earlier build), or a copy of the same workbook written at another path
    /// ([`Sink::put_same`]) once that one is written.
    pub fn write(
        &self,
        plan: &Plan,
        sheets: &[Sheet],
        (path, sink): (&str, &dyn Sink),
    ) -> Result<u64, String> {
        let digest = digest(plan, sheets);
        let (original, size) = self.claim(digest, path);
        // Whichever edition gets here first makes it, at the first path: the same digest
        // means the same workbook.
        let size = size.get_or_init(|| {
            let contents = self.memo.get_or(
                || Some(digest),
                || workbook(plan, sheets, sink).map(Arc::new),
            )?;
            sink.put(&original, &contents).map_err(|d| d.message)?;
            Ok(contents.len() as u64)
        });
        let size = size.clone()?;
        if original != path {
            sink.put_same(path, &original).map_err(|d| d.message)?;
        }
        Ok(size)
    }

    /// The first path of the workbook of `digest` (`path`, when it is new), and its size to be.
    fn claim(&self, digest: [u8; 32], path: &str) -> (String, Arc<OnceLock<Result<u64, String>>>) {
        let mut books = self.books.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = books.iter().find(|b| b.digest == digest) {
            return (known.path.clone(), Arc::clone(&known.size));
        }
        let size = Arc::<OnceLock<_>>::default();
        books.push(Written {
            digest,
            path: path.to_string(),
            size: Arc::clone(&size),
        });
        (path.to_string(), size)
    }
}

/// Everything a workbook's bytes depend on.
fn digest(plan: &Plan, sheets: &[Sheet]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    let created = created(plan).to_excel().to_string();
    let meta = [
        plan.title.as_str(),
        plan.city.name.as_str(),
        created.as_str(),
    ];
    for part in meta.iter().map(|s| s.as_bytes()) {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    for sheet in sheets {
        // A column's kind decides how its cells are typed.
        let columns: Vec<String> = (sheet.columns.iter())
            .map(|c| format!("{:?}:{}", c.kind, c.name))
            .collect();
        let csv = sheet.csv.sha256();
        let names = columns.iter().map(|c| c.as_bytes());
        for part in [sheet.name.as_bytes(), &csv].into_iter().chain(names) {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part);
        }
    }
    hash.finalize().into()
}

/// The workbook of `sheets`. Byte-for-byte the same for the same data: its creation date is the
/// 基準日 (or the plan's first day), not the clock.
pub fn workbook(plan: &Plan, sheets: &[Sheet], sink: &dyn Sink) -> Result<Vec<u8>, String> {
    workbook_of_rows(plan, sheets, sink, SHEET_ROWS)
}

/// The rows of data a sheet holds: Excel's 1,048,576 less the header. A longer table goes on
/// to sheets named 「<name> (2)」, 「<name> (3)」….
const SHEET_ROWS: u32 = 1_048_575;

fn workbook_of_rows(
    plan: &Plan,
    sheets: &[Sheet],
    sink: &dyn Sink,
    rows: u32,
) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(plan.title.clone())
            .set_company(plan.city.name.clone())
            .set_author("shinchoku")
            .set_creation_datetime(&created(plan)),
    );
    for sheet in sheets {
        // The UTF-8 byte order mark (for Excel's CSV import) is not part of the first name.
        let mut body = std::io::BufReader::new(sheet.csv.open(sink)?);
        if std::io::BufRead::fill_buf(&mut body).is_ok_and(|b| b.starts_with(BOM)) {
            std::io::BufRead::consume(&mut body, BOM.len());
        }
        let mut reader = csv::Reader::from_reader(body);
        let mut records = reader.records().flatten().peekable();
        for part in 1.. {
            let name = match part {
                1 => sheet.name.to_string(),
                n => format!("{} ({n})", sheet.name),
            };
            // Constant memory: rows go out as they are written (a large plan's tables would
            // otherwise sit in memory cell by cell).
            let ws = wb
                .add_worksheet_with_constant_memory()
                .map_err(|e| e.to_string())?;
            ws.set_name(&name).map_err(|e| e.to_string())?;
            write_sheet(ws, sheet, &name, (&mut records).take(rows as usize))?;
            if records.peek().is_none() {
                break;
            }
        }
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The most characters an Excel cell holds.
const CELL_CHARS: usize = 32_767;

fn created(plan: &Plan) -> ExcelDateTime {
    let day = plan.editions.last().map(|e| e.as_of);
    day.and_then(|d| ExcelDateTime::from_ymd(d.year as u16, d.month as u8, d.day as u8).ok())
        .or_else(|| ExcelDateTime::from_ymd(plan.first_year.0 as u16, 4, 1).ok())
        .unwrap_or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).expect("valid date"))
}

fn write_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    name: &str,
    records: impl Iterator<Item = csv::StringRecord>,
) -> Result<(), String> {
    write_cells(ws, sheet, records).map_err(|e| match e {
        Cut::Long(row, column, n) => format!(
            "シート「{name}」の {} 行目「{column}」の文章が {n} 字で、Excel のセルに入る {CELL_CHARS} 字を超えます",
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

fn write_cells(
    ws: &mut Worksheet,
    sheet: &Sheet,
    records: impl Iterator<Item = csv::StringRecord>,
) -> Result<(), Cut> {
    let header = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, col) in sheet.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, col.name.as_ref(), &header)?;
        // Cells take their column's format (typed-in values of a text column stay text too),
        // so no cell needs its own: looking one up costs more than writing the cell.
        if col.kind.is_text() {
            ws.set_column_format(c as u16, &text)?;
        } else if col.kind == Kind::Date {
            ws.set_column_format(c as u16, &date)?;
        }
    }
    let mut row = 0;
    for record in records {
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
                    Ok(d) => ws.write_datetime(row, c, d)?,
                    Err(_) => ws.write_string(row, c, value)?,
                },
                _ => {
                    let n = value.chars().count();
                    if n > CELL_CHARS {
                        return Err(Cut::Long(row, col.name.to_string(), n));
                    }
                    ws.write_string(row, c, restore(value))?
                }
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row, sheet.columns.len().saturating_sub(1) as u16)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Reader as _;

    /// A table longer than a sheet holds goes on to numbered sheets, header and all, with no
    /// row lost or repeated.
    #[test]
    fn a_table_longer_than_a_sheet_goes_on_to_the_next_sheet() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = crate::content::load::load(&root.join("tests/fixtures/basic/content"));
        let plan = loaded.plan.expect("the basic fixture loads");
        let column = |name: &'static str, kind| Column {
            name: name.into(),
            description: "".into(),
            kind,
        };
        let columns = [column("id", Kind::Text), column("n", Kind::Number)];
        let csv = b"id,n\na,1\nb,2\nc,3\nd,4\ne,5\n";
        let sheet = Sheet {
            name: "表",
            columns: &columns,
            csv: Csv::Bytes(csv),
        };
        let sink = crate::output::MemorySink::default();
        let bytes = workbook_of_rows(&plan, &[sheet], &sink, 2).unwrap();
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["表", "表 (2)", "表 (3)"]);
        let ids: Vec<Vec<String>> = ["表", "表 (2)", "表 (3)"]
            .iter()
            .map(|name| {
                let range = book.worksheet_range(name).unwrap();
                range.rows().map(|r| r[0].to_string()).collect()
            })
            .collect();
        assert_eq!(
            ids,
            [vec!["id", "a", "b"], vec!["id", "c", "d"], vec!["id", "e"]]
        );
    }
}
