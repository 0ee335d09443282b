//! Survey workbooks read and written back as a department's Excel would: values only, every
//! sheet, cells at their absolute positions.

use calamine::{Data, Reader};
use std::path::Path;

pub type Grid = Vec<Vec<Data>>;

/// Every sheet of a workbook, cells at their absolute positions.
pub fn read_book(path: &Path) -> Vec<(String, Grid)> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let mut grid: Grid = Vec::new();
            if let Some((r0, c0)) = range.start() {
                for (r, c, d) in range.used_cells() {
                    let (r, c) = (r0 as usize + r, c0 as usize + c);
                    if grid.len() <= r {
                        grid.resize(r + 1, Vec::new());
                    }
                    if grid[r].len() <= c {
                        grid[r].resize(c + 1, Data::Empty);
                    }
                    grid[r][c] = d.clone();
                }
            }
            (name, grid)
        })
        .collect()
}

/// Writes the sheets' values (no formatting: import reads only values).
pub fn write_book(path: &Path, sheets: &[(String, Grid)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, grid) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in grid.iter().enumerate() {
            for (c, d) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match d {
                    Data::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).unwrap();
                    }
                    Data::Empty => {}
                    other => panic!("unexpected {other:?}"),
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// Rewrites one XML part of a workbook (`xl/worksheets/sheet2.xml`) with `edit`, as a program
/// other than Excel may save it; the other parts are copied as they are.
pub fn rewrite_part(path: &Path, part: &str, edit: impl FnOnce(String) -> String) {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        parts.push((name, bytes));
    }
    let mut edit = Some(edit);
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, bytes) in parts {
        let bytes = if name == part {
            (edit.take().unwrap())(String::from_utf8(bytes).unwrap()).into_bytes()
        } else {
            bytes
        };
        out.start_file(name, options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    assert!(edit.is_none(), "no part {part}");
    out.finish().unwrap();
}

/// The survey sheet's part in workbooks written by [`write_book`] and by `survey export`.
pub const SURVEY_PART: &str = "xl/worksheets/sheet2.xml";

/// Replaces the XML of cell `cell` (`I6`) in a sheet part.
pub fn replace_cell(xml: &str, cell: &str, new: &str) -> String {
    let start = xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let rest = &xml[start..];
    let self_closing = rest.find("/>").unwrap();
    let open_end = rest.find('>').unwrap();
    let end = if self_closing + 1 == open_end {
        open_end + 1
    } else {
        rest.find("</c>").unwrap() + 4
    };
    format!("{}{new}{}", &xml[..start], &xml[start + end..])
}
