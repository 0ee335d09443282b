//! 返送されたファイルの読み込み。どんなファイルでもメモリーの使用量に上限があります。
//! Reading a returned file (.xlsx or CSV) into a [`Table`], within fixed bounds whatever the file
//! claims or holds:
//!
//! - the file itself: [`MAX_FILE_BYTES`] (checked before it is read);
//! - an .xlsx is a zip: each XML part is inflated by us, at most [`MAX_PART_BYTES`] each and
//!   [`MAX_PARTS_BYTES`] together (counted while inflating, not taken from the zip's headers),
//!   and handed to calamine uncompressed; other parts (images, macros) are not read at all;
//! - the shared strings, which calamine keeps whole, are one of those parts, and the count of
//!   strings it reserves room for must fit in it;
//! - cells: only the survey's columns are kept; a cell's text at most [`MAX_CELL_CHARS`]
//!   (Excel's own limit) and all kept text at most [`MAX_TABLE_BYTES`]; rows and columns
//!   within [`MAX_ROWS`] × [`MAX_COLS`].
//!
//! With these, an import takes at most about 250 MB whatever the file: 138 MB measured on a
//! workbook at the bounds (docs/survey.md has the measurements).

use super::sheet::{self, Cell, COLUMNS};
use crate::diag::codes;
use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// A returned survey is tens of kilobytes; 10 MiB is far beyond any survey without images.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// One XML part of an .xlsx, inflated (the shared strings, a sheet).
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// All XML parts of an .xlsx, inflated.
pub const MAX_PARTS_BYTES: u64 = 64 * 1024 * 1024;
/// Excel cannot hold more characters in one cell, so a longer cell was not made by Excel.
pub const MAX_CELL_CHARS: usize = 32_767;
/// A cell of more bytes than this has more than [`MAX_CELL_CHARS`] characters (UTF-8 takes at
/// most 4 bytes a character).
const MAX_CELL_BYTES: usize = MAX_CELL_CHARS * 4;
/// The text kept from the survey sheet (a survey of 500 items holds about 1 MB).
pub const MAX_TABLE_BYTES: usize = 16 * 1024 * 1024;
/// The survey sheet is a few dozen columns by one row per indicator: a cell beyond these is no
/// survey's.
pub const MAX_ROWS: u32 = 100_000;
pub const MAX_COLS: u32 = 256;

/// The survey sheet of one returned file, as cells.
pub struct Table {
    pub file: PathBuf,
    /// None for a CSV, which has no sheets.
    pub sheet: Option<String>,
    /// The survey's columns of each row ([`COLUMNS`] at most; cells not given are empty).
    pub rows: Vec<Vec<Cell>>,
    /// The first non-empty cell right of the survey's columns, in each row that has one.
    pub extras: BTreeMap<u32, u16>,
}

/// The help for a sheet whose layout was changed.
pub const ALTERED: &str =
    "shinchoku survey export で作り直した調査票に記入し直してもらってください。";

/// Reads a returned file: an Excel workbook (.xlsx, .xlsm) or a CSV.
/// `notes` receives what the reader assumed (the encoding of a CSV).
pub fn read(path: &Path, notes: &mut Vec<String>) -> Result<Table, Diagnostic> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !matches!(ext.as_str(), "csv" | "xlsx" | "xlsm") {
        return Err(not_a_survey_file(path, &ext));
    }
    let bytes = read_bounded(path)?;
    match ext.as_str() {
        "csv" => read_csv(path, &bytes, notes),
        _ => read_xlsx(path, bytes),
    }
}

fn not_a_survey_file(path: &Path, ext: &str) -> Diagnostic {
    let old_format = matches!(ext, "xls" | "ods");
    let msg = if old_format {
        format!(".{ext} の形式は読みません。調査票は .xlsx で返送してもらいます (.{ext} is not read: use .xlsx)")
    } else {
        "調査票の形式ではありません（.xlsx・.csv のどちらか） (not a survey file: use .xlsx or .csv)".to_string()
    };
    let help = if old_format {
        "Excel などで開き、「名前を付けて保存」で「Excel ブック（.xlsx）」を選んで保存し直してください。"
    } else {
        "shinchoku survey export で作ったファイルに記入し、同じ形式で保存して返送してもらってください。"
    };
    Diagnostic::in_file(codes::E710, path, msg).with_help(help)
}

/// The file's bytes, refused before reading when it is larger than any survey.
fn read_bounded(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let cannot = |e: std::io::Error| {
        Diagnostic::in_file(
            codes::E710,
            path,
            format!("ファイルを読み込めません: {e} (cannot read)"),
        )
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(
            path,
            format!(
                "ファイルが大きすぎます（{} MB まで） (file too large)",
                MAX_FILE_BYTES >> 20
            ),
        ));
    }
    Ok(bytes)
}

/// E734: the file is beyond what a survey can be.
fn too_large(path: &Path, msg: String) -> Diagnostic {
    too_large_at(Diagnostic::in_file(codes::E734, path, msg))
}

fn too_large_at(d: Diagnostic) -> Diagnostic {
    d.with_help(
        "調査票は通常数十 KB です。画像や別の表を貼り付けていないか確かめ、survey export で作った調査票に記入し直してもらってください。",
    )
}

fn workbook_error(path: &Path, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::in_file(
        codes::E710,
        path,
        format!("Excel のブックとして読めません: {e} (not a readable workbook)"),
    )
    .with_help("Excel で開けるか確かめ、「Excel ブック（.xlsx）」で保存し直してください。")
}

/// The XML parts of an .xlsx, each inflated within the bounds, packed again without compression
/// for calamine (which then inflates nothing and so cannot be made to go past them).
fn bounded_parts(path: &Path, bytes: &[u8]) -> Result<Vec<u8>, Diagnostic> {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| workbook_error(path, e))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| workbook_error(path, e))?;
        let name = entry
            .name()
            .map_err(|e| workbook_error(path, e))?
            .into_owned();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) || entry.is_dir() {
            continue;
        }
        let part = inflate(path, &mut entry, &name, MAX_PARTS_BYTES - total)?;
        total += part.len() as u64;
        if name.ends_with("sharedStrings.xml") {
            check_string_count(path, &part)?;
        }
        out.start_file(name, stored)
            .and_then(|_| out.write_all(&part).map_err(Into::into))
            .map_err(|e| workbook_error(path, e))?;
    }
    out.finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|e| workbook_error(path, e))
}

/// One part, inflated: at most [`MAX_PART_BYTES`] and `room`, whatever its header says.
fn inflate(
    path: &Path,
    entry: &mut impl Read,
    name: &str,
    room: u64,
) -> Result<Vec<u8>, Diagnostic> {
    let limit = MAX_PART_BYTES.min(room);
    let mut part = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut part)
        .map_err(|e| workbook_error(path, e))?;
    if part.len() as u64 > limit {
        let msg = if limit < MAX_PART_BYTES {
            format!("ブックの中身が大きすぎます（展開して {} MB まで） (workbook too large when unpacked)", MAX_PARTS_BYTES >> 20)
        } else {
            format!("ブックの中の「{name}」が大きすぎます（展開して {} MB まで） (a part too large when unpacked)", MAX_PART_BYTES >> 20)
        };
        return Err(too_large(path, msg));
    }
    Ok(part)
}

/// calamine reserves room for the `uniqueCount` the shared strings claim; a claim more than the
/// part can hold (an `<si/>` takes at least 5 bytes) is refused before it allocates.
fn check_string_count(path: &Path, part: &[u8]) -> Result<(), Diagnostic> {
    let mut xml = quick_xml::Reader::from_reader(part);
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                let claimed = e
                    .try_get_attribute("uniqueCount")
                    .ok()
                    .flatten()
                    .and_then(|a| a.value.trim().parse::<u64>().ok());
                if claimed.is_some_and(|n| n > part.len() as u64 / 5) {
                    let msg = "ブックの共有文字列の数が中身と合いません (the shared strings claim more strings than they hold)".to_string();
                    return Err(too_large(path, msg));
                }
                return Ok(());
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return Ok(()),
            _ => buf.clear(),
        }
    }
}

fn read_xlsx(path: &Path, bytes: Vec<u8>) -> Result<Table, Diagnostic> {
    use calamine::Reader;
    let parts = bounded_parts(path, &bytes)?;
    drop(bytes);
    let mut wb: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(parts)).map_err(|e| workbook_error(path, e))?;
    let name = survey_sheet(&mut wb, path)?;
    let mut reader = wb
        .worksheet_cells_reader(&name)
        .map_err(|e| workbook_error(path, e))?;
    let mut table = TableBuilder::new(path, Some(&name));
    while let Some(record) = reader
        .next_cell_with_formula_metadata()
        .map_err(|e| workbook_error(path, e))?
    {
        let (r, c) = record.pos;
        let cell = match (&record.formula, record.value) {
            // A formula saved without its result (by a program other than Excel).
            (Some(_), calamine::DataRef::Empty) => Cell::Uncomputed,
            // Judged before copying: a shared string may be referenced by every cell.
            (_, calamine::DataRef::SharedString(s)) if s.len() > MAX_CELL_BYTES => Cell::TooLong,
            (_, value) => cell_of(&value.into()),
        };
        table.put(r, c, cell)?;
    }
    Ok(table.finish())
}

/// The survey sheet: the first whose B1 holds the format marker, whatever its name (it is in
/// the survey's words); else the sheet named as the Japanese catalogue names it, whose first row
/// the import then reports as changed.
fn survey_sheet<R: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<R>,
    path: &Path,
) -> Result<String, Diagnostic> {
    use calamine::{DataType, Reader};
    for name in wb.sheet_names() {
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| workbook_error(path, e))?;
        // Cells come row by row: only the first row's first two are read.
        while let Some(cell) = reader.next_cell().map_err(|e| workbook_error(path, e))? {
            let (r, c) = cell.get_position();
            if (r, c) == (0, sheet::META_FORMAT_COL as u32) {
                if cell.get_value().as_string().as_deref() == Some(sheet::FORMAT) {
                    return Ok(name);
                }
                break;
            }
            if r > 0 || c > sheet::META_FORMAT_COL as u32 {
                break;
            }
        }
    }
    match wb
        .sheet_names()
        .into_iter()
        .find(|n| n == sheet::SURVEY_SHEET)
    {
        Some(name) => Ok(name),
        None => Err(no_survey_sheet(path)),
    }
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

/// Collects cells into a [`Table`], within the bounds of the module documentation.
struct TableBuilder {
    table: Table,
    text_bytes: usize,
}

impl TableBuilder {
    fn new(path: &Path, sheet: Option<&str>) -> TableBuilder {
        TableBuilder {
            table: Table {
                file: path.to_path_buf(),
                sheet: sheet.map(str::to_string),
                rows: Vec::new(),
                extras: BTreeMap::new(),
            },
            text_bytes: 0,
        }
    }

    fn place(&self, r: u32, c: u32) -> Option<(u32, u16)> {
        Some((r, c.min(u16::MAX as u32) as u16))
    }

    /// Keeps the cell at (row, column), 0-based; refuses one beyond the bounds.
    fn put(&mut self, r: u32, c: u32, cell: Cell) -> Result<(), Diagnostic> {
        let at = self.place(r, c);
        let t = &mut self.table;
        if r >= MAX_ROWS || c >= MAX_COLS {
            let msg = format!(
                "調査票の表から遠く離れたセルに値があります（{MAX_ROWS} 行・{MAX_COLS} 列まで） (a cell far outside the survey table)"
            );
            let d = Diagnostic::in_sheet(codes::E712, &t.file, t.sheet.as_deref(), at, msg);
            return Err(d.with_help(ALTERED));
        }
        if c as usize >= COLUMNS.len() {
            if !cell.is_empty() {
                t.extras.entry(r).or_insert(c as u16);
            }
            return Ok(());
        }
        // Every text read counts, kept or not, so that no file can make the reading slow either.
        let cell = match cell {
            Cell::Text(s) => {
                self.spend(s.len(), r, c)?;
                if s.len() > MAX_CELL_CHARS && s.chars().count() > MAX_CELL_CHARS {
                    Cell::TooLong
                } else {
                    Cell::Text(s)
                }
            }
            Cell::TooLong => {
                self.spend(MAX_CELL_BYTES, r, c)?;
                Cell::TooLong
            }
            other => other,
        };
        let rows = &mut self.table.rows;
        let (r, c) = (r as usize, c as usize);
        if rows.len() <= r {
            rows.resize(r + 1, Vec::new());
        }
        if rows[r].len() <= c {
            rows[r].resize(c + 1, Cell::Empty);
        }
        rows[r][c] = cell;
        Ok(())
    }

    fn spend(&mut self, bytes: usize, r: u32, c: u32) -> Result<(), Diagnostic> {
        self.text_bytes += bytes;
        if self.text_bytes <= MAX_TABLE_BYTES {
            return Ok(());
        }
        let msg = format!(
            "調査票の文字が多すぎます（全体で {} MB まで） (too much text in the sheet)",
            MAX_TABLE_BYTES >> 20
        );
        let t = &self.table;
        let at = self.place(r, c);
        Err(too_large_at(Diagnostic::in_sheet(
            codes::E734,
            &t.file,
            t.sheet.as_deref(),
            at,
            msg,
        )))
    }

    fn finish(self) -> Table {
        self.table
    }
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
    let mut table = TableBuilder::new(path, None);
    let mut record = csv::StringRecord::new();
    for r in 0u32.. {
        let more = reader.read_record(&mut record).map_err(|e| {
            Diagnostic::in_file(
                codes::E710,
                path,
                format!("CSV として読めません: {e} (not a readable CSV)"),
            )
        })?;
        if !more {
            break;
        }
        for (c, field) in record.iter().enumerate() {
            if !field.is_empty() {
                // The export's 「'」 before a formula character is not part of the value.
                let text = crate::text::cell::restore(field);
                table.put(r, c as u32, Cell::Text(text.to_string()))?;
            }
        }
    }
    Ok(table.finish())
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
