//! 項目ファイルへの書き戻し: フロントマターの該当する値だけを変え、コメント・順序・書式・BOM・
//! 改行コードはそのまま残す。 / Write-back into item files: only the reported values change;
//! everything else in the file stays byte-for-byte (toml_edit keeps comments and layout).

use super::import::ValueChange;
use super::sheet::Field;
use crate::content::source::split_front_matter;
use crate::model::Value;
use crate::text::date::Date;
use crate::text::fiscal_year::FiscalYear;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use toml_edit::{DocumentMut, Item, Table, TableLike};

/// Applies `changes` (all for the item in `text`, imported on `imported`) and returns the new
/// file text, with where the values came from in `[[years.sources]]`.
pub fn apply(
    path: &Path,
    text: &str,
    changes: &[&ValueChange],
    imported: Date,
) -> Result<String, String> {
    let (bom, body) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => ("\u{FEFF}", rest),
        None => ("", text),
    };
    let fm = split_front_matter(path, body).map_err(|d| d.message)?;
    let mut doc: DocumentMut = fm.toml.parse().map_err(|e| format!("{e}"))?;
    for change in changes {
        match change.field {
            Field::Actual => {
                let name = change.indicator.as_deref().unwrap_or_default();
                set_actual(&mut doc, name, change.year, &change.new)?;
            }
            field => {
                let key = field.result_key().unwrap_or_default();
                set_result(&mut doc, change.year, key, &change.new)?;
            }
        }
    }
    add_sources(&mut doc, changes, imported)?;
    let mut toml = doc.to_string();
    // toml_edit writes `\n`; a file saved with CRLF keeps CRLF throughout.
    if fm.toml.contains("\r\n") {
        toml = toml.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    let end = fm.toml_offset + fm.toml.len();
    Ok(format!(
        "{bom}{}{toml}{}",
        &body[..fm.toml_offset],
        &body[end..]
    ))
}

/// A TOML value as the content format writes it: whole numbers without a decimal point.
fn toml_value(v: &Value) -> toml_edit::Value {
    match v {
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => (*n as i64).into(),
        Value::Number(n) => (*n).into(),
        Value::Text(t) => t.as_str().into(),
    }
}

/// Sets `key = v` in a table, keeping the comments and spacing around an existing value.
fn set(table: &mut dyn TableLike, key: &str, v: &Value) {
    let mut value = toml_value(v);
    match table.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

fn not_editable(what: &str) -> String {
    format!("{what}が自動で書き換えられない形で書かれています。docs/content-format.md の形（[[years]] と [years.result]、[[indicators]] と [indicators.actual]）に直してから取り込んでください")
}

/// The `[[years]]` entry of `year`, made (in year order) when the file has none.
fn year_entry(doc: &mut DocumentMut, year: FiscalYear) -> Result<&mut Table, String> {
    let years = doc
        .entry("years")
        .or_insert(Item::ArrayOfTables(Default::default()))
        .as_array_of_tables_mut()
        .ok_or_else(|| not_editable("years"))?;
    let of_year = |t: &Table| t.get("year").and_then(Item::as_integer) == Some(year.0 as i64);
    let found = years.iter().position(of_year);
    let index = match found {
        Some(i) => i,
        None => {
            // Keep [[years]] in year order: the new entry goes before the first later year.
            let at = years
                .iter()
                .position(|t| t.get("year").and_then(Item::as_integer) > Some(year.0 as i64))
                .unwrap_or(years.len());
            let mut entry = Table::new();
            entry.insert("year", toml_edit::value(year.0 as i64));
            years.insert(at, entry);
            at
        }
    };
    years.get_mut(index).ok_or_else(|| not_editable("years"))
}

fn set_result(doc: &mut DocumentMut, year: FiscalYear, key: &str, v: &Value) -> Result<(), String> {
    let entry = year_entry(doc, year)?;
    let result = entry.entry("result").or_insert_with(|| {
        let mut t = Table::new();
        // Directly under its [[years]] entry, as docs/content-format.md shows it.
        t.decor_mut().set_prefix("");
        Item::Table(t)
    });
    let result = result
        .as_table_like_mut()
        .ok_or_else(|| not_editable("[years.result]"))?;
    set(result, key, v);
    Ok(())
}

fn set_actual(
    doc: &mut DocumentMut,
    indicator: &str,
    year: FiscalYear,
    v: &Value,
) -> Result<(), String> {
    let indicators = doc
        .get_mut("indicators")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| not_editable("indicators"))?;
    let ind = indicators
        .iter_mut()
        .find(|t| t.get("name").and_then(Item::as_str).map(str::trim) == Some(indicator))
        .ok_or_else(|| format!("指標「{indicator}」が見つかりません"))?;
    let actual = ind
        .entry("actual")
        .or_insert(Item::Table(Table::new()))
        .as_table_like_mut()
        .ok_or_else(|| not_editable("[indicators.actual]"))?;
    let key = year.0.to_string();
    let later_exists = actual.iter().any(|(k, _)| k > key.as_str());
    let new_key = !actual.contains_key(&key);
    set(actual, &key, v);
    if new_key && later_exists {
        // Years are four digits, so text order is year order.
        actual.sort_values();
    }
    Ok(())
}

/// One `[[years.sources]]` entry per year imported: the returned file, sheet, day and the cell
/// of each value. Earlier entries give up the cells of the values imported again (an entry left
/// with none goes), so each value has one source: the import that wrote it.
fn add_sources(
    doc: &mut DocumentMut,
    changes: &[&ValueChange],
    imported: Date,
) -> Result<(), String> {
    let mut by_year: BTreeMap<FiscalYear, Vec<&ValueChange>> = BTreeMap::new();
    for c in changes {
        by_year.entry(c.year).or_default().push(c);
    }
    for (year, changes) in by_year {
        let fields: Vec<(String, String)> = (changes.iter())
            .map(|c| (c.field.record_field(c.indicator.as_deref()), cell_of(c)))
            .collect();
        let entry = year_entry(doc, year)?;
        let sources = entry
            .entry("sources")
            .or_insert(Item::ArrayOfTables(Default::default()))
            .as_array_of_tables_mut()
            .ok_or_else(|| not_editable("[[years.sources]]"))?;
        for old in sources.iter_mut() {
            if let Some(cells) = old.get_mut("cells").and_then(Item::as_table_like_mut) {
                for (field, _) in &fields {
                    cells.remove(field);
                }
            }
        }
        sources.retain(|t| {
            t.get("cells")
                .and_then(Item::as_table_like)
                .is_none_or(|c| !c.is_empty())
        });
        sources.push(source_table(changes[0], imported, &fields));
    }
    Ok(())
}

fn source_table(first: &ValueChange, imported: Date, fields: &[(String, String)]) -> Table {
    let origin = &first.origin;
    let mut t = Table::new();
    t.insert("department", toml_edit::value(first.department.as_str()));
    let file = origin
        .file
        .file_name()
        .unwrap_or_default()
        .to_string_lossy();
    t.insert("file", toml_edit::value(file.as_ref()));
    if let Some(sheet) = &origin.sheet {
        t.insert("sheet", toml_edit::value(sheet.as_str()));
    }
    t.insert("imported", toml_edit::value(imported.to_string()));
    let mut cells = Table::new();
    // Directly under its entry, as [years.result] is.
    cells.decor_mut().set_prefix("");
    for (field, cell) in fields {
        cells.insert(field, toml_edit::value(cell.as_str()));
    }
    t.insert("cells", Item::Table(cells));
    t
}

/// 「J5」: the cell a value was read from.
fn cell_of(c: &ValueChange) -> String {
    c.origin
        .cell
        .map(|(r, col)| crate::diag::cell_name(r, col))
        .unwrap_or_default()
}

/// New contents for one file, with the bytes it had (None: it did not exist), so a failed
/// write can be undone.
pub struct Rewrite {
    pub path: PathBuf,
    pub old: Option<Vec<u8>>,
    pub new: Vec<u8>,
}

/// Writes every file or none: each new file is first written beside its target, then all are
/// renamed into place; if any step fails, the files already replaced get their old bytes back.
/// Returns the file that could not be written.
pub fn write_all(rewrites: &[Rewrite]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut staged = Vec::new();
    for r in rewrites {
        staged.push(Staged::new(&r.path, &r.new).map_err(|e| (r.path.clone(), e))?);
    }
    for (i, tmp) in staged.into_iter().enumerate() {
        if let Err(e) = tmp.persist() {
            restore(&rewrites[..i]);
            return Err((rewrites[i].path.clone(), e));
        }
    }
    Ok(())
}

/// Puts the old bytes back, or removes files that did not exist (best effort: used only after
/// a failure).
pub fn restore(rewrites: &[Rewrite]) {
    for r in rewrites {
        match &r.old {
            Some(old) => {
                let _ = Staged::new(&r.path, old).and_then(Staged::persist);
            }
            None => {
                let _ = std::fs::remove_file(&r.path);
            }
        }
    }
}

/// A file written beside its target under a hidden name (skipped by the content loader), to be
/// renamed over the target. Removed if never persisted.
struct Staged {
    tmp: PathBuf,
    target: PathBuf,
}

impl Staged {
    fn new(target: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let tmp = target.with_file_name(format!(".{name}.shinchoku-{}.tmp", std::process::id()));
        // A new file gets the usual permissions (umask); a replaced one keeps its own.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let staged = Staged {
            tmp,
            target: target.to_path_buf(),
        };
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(target) {
            std::fs::set_permissions(&staged.tmp, meta.permissions())?;
        }
        Ok(staged)
    }

    fn persist(self) -> std::io::Result<()> {
        std::fs::rename(&self.tmp, &self.target)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // After a successful rename the temporary name no longer exists.
        let _ = std::fs::remove_file(&self.tmp);
    }
}
