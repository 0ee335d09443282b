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
