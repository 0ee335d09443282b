//! Frictionless Data Package（datapackage.json）: every CSV of a page set with its Table Schema,
//! so that a tool (or a spreadsheet import) knows each column's type: ids and codes are text,
//! numbers are numbers, years and dates are years and dates.
//! The three Table Schemas are files of their own (`*.tableschema.json`), shared by the
//! whole-plan CSV and the items' CSVs of the same kind.

use super::columns::{named, progress_columns, status_columns, Column, ColumnDef, Kind, Shape};
use super::columns::{CORRECTION_COLUMNS, PROGRESS_COLUMNS};
use super::csv_file::cell;
use super::Distribution;
use crate::model::Plan;
use crate::output::OutputFile;
use serde_json::{json, Value};

/// The kinds of published CSV: what the file name ends with, its schema file, columns (the
/// status CSV's depend on the plan: [`status_columns`]) and primary key (by catalogue key).
const TABLES: [(&str, &str, &[ColumnDef], &[&str]); 3] = [
    (
        "_progress.csv",
        "progress.tableschema.json",
        &PROGRESS_COLUMNS,
        &["item_id", "indicator", "kind_code", "year"],
    ),
    (
        "_status.csv",
        "status.tableschema.json",
        &[],
        &["item_id", "year_status"],
    ),
    (
        "_corrections.csv",
        "corrections.tableschema.json",
        &CORRECTION_COLUMNS,
        &[],
    ),
];

// The package's objects, typed: a data package lists thousands of files, and building it as
// `serde_json::Value`s (a map per object) was most of its cost. Fields are in alphabetical
// order, the order the maps gave the file before, so its bytes are the same.

#[derive(serde::Serialize)]
struct Package<'a> {
    licenses: [License<'a>; 1],
    name: String,
    profile: &'static str,
    resources: Vec<Resource<'a>>,
    title: &'a str,
}

#[derive(serde::Serialize)]
struct License<'a> {
    path: &'a str,
    title: &'a str,
}

#[derive(serde::Serialize)]
struct Resource<'a> {
    bytes: u64,
    dialect: Dialect,
    encoding: &'static str,
    format: &'static str,
    mediatype: &'static str,
    name: String,
    path: &'a str,
    profile: &'static str,
    schema: &'static str,
    title: &'a str,
}

#[derive(serde::Serialize)]
struct Dialect {
    delimiter: &'static str,
    header: bool,
    #[serde(rename = "lineTerminator")]
    line_terminator: &'static str,
}

/// The data package of the page set at `prefix` describing its CSVs in `files`, and the Table
/// Schemas it refers to.
pub fn data_package(
    plan: &Plan,
    prefix: &str,
    title: &str,
    files: &[&Distribution],
) -> Vec<OutputFile> {
    let data = format!("{prefix}data/");
    let resources: Vec<Resource> = files
        .iter()
        .filter_map(|d| {
            let (_, schema, _, _) = TABLES.iter().find(|t| d.path.ends_with(t.0))?;
            let path = d.path.strip_prefix(&data)?;
            Some(Resource {
                bytes: d.bytes,
                dialect: Dialect {
                    delimiter: ",",
                    header: true,
                    line_terminator: "\r\n",
                },
                encoding: "utf-8",
                format: "csv",
                mediatype: "text/csv",
                name: path
                    .trim_end_matches(".csv")
                    .replace('/', "-")
                    .to_lowercase(),
                path,
                profile: "tabular-data-resource",
                schema,
                title: &d.title,
            })
        })
        .collect();
    let used = |schema: &str| resources.iter().any(|r| r.schema == schema);
    let shape = Shape::of(plan);
    let mut out: Vec<OutputFile> = TABLES
        .iter()
        .filter(|t| used(t.1))
        .map(|(_, schema, columns, key)| {
            // The status CSV's columns depend on the plan (planned 効果額).
            let columns = match *schema {
                "status.tableschema.json" => status_columns(plan, shape),
                "progress.tableschema.json" => progress_columns(plan, shape),
                _ => named(columns, &plan.words),
            };
            let key: Vec<&str> = (key.iter())
                .map(|k| plan.words.get(&format!("columns.{k}")))
                .collect();
            OutputFile {
                path: format!("{data}{schema}"),
                contents: pretty(&table_schema(plan, &columns, &key)),
            }
        })
        .collect();
    let package = Package {
        licenses: [License {
            path: &plan.license.url,
            title: &plan.license.name,
        }],
        name: format!("{}-shinchoku{}", plan.city.code, edition_suffix(prefix)),
        profile: "tabular-data-package",
        resources,
        title,
    };
    out.push(OutputFile {
        path: format!("{data}datapackage.json"),
        contents: pretty(&package),
    });
    out
}

/// "-2021" for reports/2021/, "" for the latest site.
fn edition_suffix(prefix: &str) -> String {
    let year = prefix.trim_start_matches("reports/").trim_end_matches('/');
    if year.is_empty() {
        String::new()
    } else {
        format!("-{year}")
    }
}

fn pretty(v: &impl serde::Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(v).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn table_schema(plan: &Plan, columns: &[Column], key: &[&str]) -> Value {
    let fields: Vec<Value> = columns.iter().map(|c| field(plan, c)).collect();
    let mut schema = json!({"fields": fields, "missingValues": [""]});
    if !key.is_empty() {
        schema["primaryKey"] = json!(key);
    }
    schema
}

/// One column as a Table Schema field. An enumeration lists its values as the CSV writes
/// them (a code beginning with 「-」 would be written neutralised).
fn field(plan: &Plan, c: &Column) -> Value {
    let (kind, format) = match c.kind {
        Kind::Year => ("year", "default"),
        Kind::Number => ("number", "default"),
        Kind::Date => ("date", "default"),
        _ => ("string", "default"),
    };
    let mut f =
        json!({"name": c.name, "description": c.description, "type": kind, "format": format});
    let codes: Vec<String> = match c.kind {
        Kind::Codes(codes) => codes.iter().map(|s| s.to_string()).collect(),
        Kind::Words(keys) => keys.iter().map(|k| plan.words.get(k).to_string()).collect(),
        Kind::Status => plan.statuses.iter().map(|s| s.code.clone()).collect(),
        Kind::Grade => plan.grades.iter().map(|g| g.code.clone()).collect(),
        _ => Vec::new(),
    };
    if !codes.is_empty() {
        let written: Vec<String> = codes.iter().map(|s| cell(c.kind, s).into_owned()).collect();
        f["constraints"] = json!({"enum": written});
    }
    if c.name == plan.words.get("columns.city_code") {
        f["constraints"] = json!({"required": true, "pattern": "[0-9]{6}"});
    }
    f
}

/// A metadata file of a page set's data (the data package, a Table Schema, the JSON Schema) as
/// the open data page lists it. Not a catalog entry: it describes the data, it is not data.
pub fn metadata(w: &crate::words::Words, path: &str, bytes: u64) -> Distribution {
    let name = path.rsplit('/').next().unwrap_or_default();
    let title = w.get(match name {
        "datapackage.json" => "data.title_package",
        "schema.json" => "data.title_json_schema",
        "progress.tableschema.json" => "data.title_progress_schema",
        "status.tableschema.json" => "data.title_status_schema",
        _ => "data.title_corrections_schema",
    });
    super::distribution(
        path.to_string(),
        title.to_string(),
        "application/json",
        "JSON",
        bytes,
    )
}
