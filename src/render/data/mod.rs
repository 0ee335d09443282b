//! オープンデータ: 計画の数値を CSV・JSON で公開し、DCAT カタログを書き、公開前に
//! ページ・グラフ・データの数値が一致することを確かめる。
//! Open data: every number of the plan as CSV (UTF-8 with BOM, CRLF, long format, as the
//! デジタル庁 machine-readability rules ask) and JSON from the same model, a JSON Schema, a DCAT
//! catalog, and a build-time consistency check of pages, charts and data files.

use crate::diag::Diagnostic;
use crate::memo::Memo;
use crate::model::{ActionItem, Plan};
use crate::output::Sink;
use std::sync::Arc;

mod catalog;
mod columns;
mod corrections;
mod csv_file;
mod json;
mod package;
mod verify;
pub mod workbook;

pub use catalog::{catalog, dataset_title, CatalogSet};
pub use columns::{
    named, progress_columns, status_columns, Column, Kind, Shape, CORRECTION_COLUMNS,
    PROGRESS_COLUMNS,
};
pub use corrections::{corrections_file, corrections_path};
use csv_file::{progress_csv_bytes, status_csv_bytes};
use json::{item_json_bytes, plan_json_head, plan_json_item};
pub use package::{data_package, metadata};
use verify::{document_numbers, verify_csv, verify_json, ItemNumbers};
pub use verify::{verify, verify_page};

/// A data file with the metadata the catalog and the pages need.
#[derive(Clone, Debug)]
pub struct Distribution {
    pub path: String,
    pub title: String,
    pub media_type: &'static str,
    pub format: &'static str,
    pub bytes: u64,
}

fn file_stem(plan: &Plan) -> String {
    format!("{}_shinchoku", plan.city.code)
}

pub fn whole_plan_paths(plan: &Plan, prefix: &str) -> [String; 3] {
    let stem = file_stem(plan);
    [
        format!("{prefix}data/{stem}_progress.csv"),
        format!("{prefix}data/{stem}_status.csv"),
        format!("{prefix}data/{stem}.json"),
    ]
}

pub fn item_paths(plan: &Plan, item: &ActionItem, prefix: &str) -> [String; 2] {
    let code = &plan.city.code;
    [
        format!("{prefix}data/items/{code}_{}_progress.csv", item.id),
        format!("{prefix}data/items/{code}_{}.json", item.id),
    ]
}

/// One item's part of the data files, by [`ActionItem::origin`], page-set prefix and the plan's
/// [`Shape`]: it is made from the item and the plan's settings, both fixed by the origin, and
/// from the columns, which other items can change.
pub type ItemDataMemo = Memo<(u64, String, Shape), std::sync::Arc<ItemData>>;

/// One item's part of the data files.
#[derive(Clone)]
pub struct ItemData {
    /// The item's own CSV and JSON files (shared with the sink that keeps them in `serve`).
    csv: bytes::Bytes,
    json: bytes::Bytes,
    /// Its rows of the whole-plan progress CSV (those of its own CSV, after the header).
    progress_rows: std::ops::Range<usize>,
    /// Its rows of the whole-plan status CSV, and its object in the whole-plan JSON.
    status_rows: Vec<u8>,
    plan_json_item: Vec<u8>,
    /// The SHA-256 of its progress rows and of its status rows: the whole-plan CSVs' digests
    /// are made of them (see [`WholePlan`]).
    rows_sha256: [[u8; 32]; 2],
    /// Where the files disagree with the model (E310); empty when they agree.
    mismatches: Vec<Diagnostic>,
}

/// Makes an item's part of the data files (or takes it from an earlier build).
/// The files are read back and checked against the model as they are made (see
/// [`ItemData::mismatches`]); a part taken from an earlier build was checked then.
pub fn item_data(
    (plan, shape): (&Plan, Shape),
    item: &ActionItem,
    prefix: &str,
    memo: &ItemDataMemo,
) -> std::sync::Arc<ItemData> {
    memo.get_or(
        || (item.origin != 0).then(|| (item.origin, prefix.to_string(), shape)),
        || {
            use sha2::{Digest, Sha256};
            let status = status_csv_bytes(plan, shape, &[item]);
            let status_head = status_csv_bytes(plan, shape, &[]).len();
            let csv = progress_csv_bytes(plan, shape, &[item]);
            let progress_rows = progress_csv_bytes(plan, shape, &[]).len()..csv.len();
            let status_rows = status[status_head..].to_vec();
            let rows_sha256 = [
                Sha256::digest(&csv[progress_rows.clone()]).into(),
                Sha256::digest(&status_rows).into(),
            ];
            let mut data = ItemData {
                csv: csv.into(),
                json: item_json_bytes(plan, item).into(),
                progress_rows,
                status_rows,
                plan_json_item: plan_json_item(plan, item),
                rows_sha256,
                mismatches: Vec::new(),
            };
            data.mismatches = data.verify(plan, item, prefix);
            std::sync::Arc::new(data)
        },
    )
}

impl ItemData {
    /// The item's own files with their catalog entries: CSV, then JSON. A schedule-only item
    /// has no indicator CSV (it would be only a header).
    pub fn files(
        &self,
        plan: &Plan,
        item: &ActionItem,
        prefix: &str,
    ) -> Vec<(Distribution, bytes::Bytes)> {
        let mut files = Vec::from(self.all_files(plan, item, prefix));
        if item.is_schedule_only() {
            files.remove(0);
        }
        files
    }

    fn all_files(
        &self,
        plan: &Plan,
        item: &ActionItem,
        prefix: &str,
    ) -> [(Distribution, bytes::Bytes); 2] {
        let [csv, json] = item_paths(plan, item, prefix);
        let title = format!("{} {}", item.id, item.title);
        let w = &plan.words;
        let titled = |key: &str| w.fill(key, &[("title", &title)]);
        [
            (
                distribution(
                    csv,
                    titled("data.title_progress"),
                    "text/csv",
                    "CSV",
                    self.csv.len() as u64,
                ),
                self.csv.clone(),
            ),
            (
                distribution(
                    json,
                    titled("data.title_json"),
                    "application/json",
                    "JSON",
                    self.json.len() as u64,
                ),
                self.json.clone(),
            ),
        ]
    }

    /// How many bytes its part adds to each whole-plan file (progress CSV, status CSV, JSON,
    /// with the separator before it).
    fn part_sizes(&self) -> [usize; 3] {
        let json = self.plan_json_item.len() + 2;
        [self.progress_rows.len(), self.status_rows.len(), json]
    }

    /// Where the item's own CSV and JSON and its object in the whole-plan JSON disagree with
    /// the model. (Its page is checked by [`verify_page`].)
    pub fn mismatches(&self) -> &[Diagnostic] {
        &self.mismatches
    }

    fn verify(&self, plan: &Plan, item: &ActionItem, prefix: &str) -> Vec<Diagnostic> {
        let [csv_path, json_path] = item_paths(plan, item, prefix);
        let [_, _, plan_json_path] = whole_plan_paths(plan, prefix);
        let whole: Result<ItemNumbers, String> =
            serde_json::from_slice(&self.plan_json_item).map_err(|e| e.to_string());
        let mut errors = verify_csv(plan, item, &csv_path, &self.csv);
        errors.extend(verify_json(
            plan,
            item,
            &json_path,
            document_numbers(&self.json),
        ));
        errors.extend(verify_json(plan, item, &plan_json_path, whole));
        errors
    }
}

fn distribution(
    path: String,
    title: String,
    media_type: &'static str,
    format: &'static str,
    bytes: u64,
) -> Distribution {
    Distribution {
        path,
        title,
        media_type,
        format,
        bytes,
    }
}

/// The whole-plan data files of a page set, written item by item as the build goes: each is
/// the items' parts, in plan order, under one header. The parts are the items' own, already
/// verified CSV rows and JSON objects, so the whole-plan files cannot disagree with them.
pub struct WholePlanFiles {
    paths: [String; 3],
    /// The headers, until the files are begun in the sink.
    heads: Option<[Vec<u8>; 3]>,
    /// The items' parts not yet written, and how many bytes they add: a sink's write costs a
    /// lookup (and, on disk, an open) each, so they go out in chunks of the sink's
    /// [`Sink::chunk_bytes`], each made at its exact size.
    parts: Vec<Arc<ItemData>>,
    parts_bytes: usize,
    chunk_bytes: usize,
    /// How many items' parts were written.
    written: usize,
    /// The digests of the two CSVs (see [`WholePlan`]), fed as they are written.
    progress: sha2::Sha256,
    status: sha2::Sha256,
}

/// The whole-plan files of a page set once written: their catalog entries (progress CSV,
/// status CSV, JSON) and a digest of each CSV, which fixes its bytes for the workbook made of
/// it: the SHA-256 of the SHA-256 of its header and of each item's rows, in order (the items'
/// were made with them, in parallel).
pub struct WholePlan {
    pub files: [Distribution; 3],
    pub progress: [u8; 32],
    pub status: [u8; 32],
}

impl WholePlanFiles {
    /// Starts the files with their headers.
    pub fn begin(plan: &Plan, prefix: &str, sink: &dyn Sink) -> Self {
        use sha2::{Digest, Sha256};
        let shape = Shape::of(plan);
        let progress_head = progress_csv_bytes(plan, shape, &[]);
        let status_head = status_csv_bytes(plan, shape, &[]);
        let digest_of = |head: &[u8]| Sha256::new().chain_update(Sha256::digest(head));
        WholePlanFiles {
            paths: whole_plan_paths(plan, prefix),
            progress: digest_of(&progress_head),
            status: digest_of(&status_head),
            heads: Some([progress_head, status_head, plan_json_head(plan)]),
            parts: Vec::new(),
            parts_bytes: 0,
            chunk_bytes: sink.chunk_bytes(),
            written: 0,
        }
    }

    /// Appends the next item's part.
    pub fn add(&mut self, data: &Arc<ItemData>, sink: &dyn Sink) -> Result<(), Diagnostic> {
        sha2::Digest::update(&mut self.progress, data.rows_sha256[0]);
        sha2::Digest::update(&mut self.status, data.rows_sha256[1]);
        self.parts_bytes += data.part_sizes().iter().sum::<usize>();
        self.parts.push(Arc::clone(data));
        if self.parts_bytes > self.chunk_bytes {
            self.flush(sink, b"")?;
        }
        Ok(())
    }

    /// Writes the parts kept so far (after the headers, the first time), then `end`.
    fn flush(&mut self, sink: &dyn Sink, end: &[u8]) -> Result<(), Diagnostic> {
        let begun = self.heads.is_none();
        let mut files = self.heads.take().unwrap_or_default();
        let sizes = self.parts.iter().map(|p| p.part_sizes());
        let sizes = sizes.fold([0; 3], |[a, b, c], [x, y, z]| [a + x, b + y, c + z]);
        for (file, size) in files.iter_mut().zip(sizes) {
            file.reserve_exact(size + end.len());
        }
        let [progress, status, json] = &mut files;
        for part in self.parts.drain(..) {
            progress.extend_from_slice(&part.csv[part.progress_rows.clone()]);
            status.extend_from_slice(&part.status_rows);
            json.extend_from_slice(if self.written == 0 { b"[\n" } else { b",\n" });
            json.extend_from_slice(&part.plan_json_item);
            self.written += 1;
        }
        json.extend_from_slice(end);
        self.parts_bytes = 0;
        for (path, file) in self.paths.iter().zip(files) {
            if begun {
                sink.append(path, &file)?;
            } else {
                sink.put_shared(path, file.into())?;
            }
        }
        Ok(())
    }

    /// Closes the JSON and returns the three files' catalog entries with the CSVs' digests.
    pub fn finish(mut self, plan: &Plan, sink: &dyn Sink) -> Result<WholePlan, Diagnostic> {
        let end: &[u8] = if self.written + self.parts.len() == 0 {
            b"[]\n}\n"
        } else {
            b"\n  ]\n}\n"
        };
        self.flush(sink, end)?;
        let [progress, status, json] = self.paths;
        let whole = |path: String, what: &str, media_type, format| {
            let bytes = sink.size(&path);
            let title = plan.words.fill(what, &[("title", &plan.title)]);
            distribution(path, title, media_type, format, bytes)
        };
        Ok(WholePlan {
            files: [
                whole(progress, "data.title_progress", "text/csv", "CSV"),
                whole(status, "data.title_status", "text/csv", "CSV"),
                whole(json, "data.title_json", "application/json", "JSON"),
            ],
            progress: sha2::Digest::finalize(self.progress).into(),
            status: sha2::Digest::finalize(self.status).into(),
        })
    }
}

/// The media type of an .xlsx workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The whole-plan tables of the page set at `prefix` as one workbook: 指標の数値, 年度別の進捗状況,
/// and 公開した報告の訂正 when `corrections` (that CSV) is given.
pub fn whole_plan_workbook(
    plan: &Plan,
    prefix: &str,
    (whole, corrections): (&WholePlan, Option<&[u8]>),
    (made, sink): (&workbook::Made<'_>, &dyn Sink),
) -> Result<Distribution, Diagnostic> {
    use workbook::{Csv, Sheet};
    let shape = Shape::of(plan);
    let status = columns::status_columns(plan, shape);
    let progress = columns::progress_columns(plan, shape);
    let corrections_columns = columns::named(&CORRECTION_COLUMNS, &plan.words);
    let mut sheets = vec![
        Sheet {
            name: plan.words.get("data.sheet_progress"),
            columns: &progress,
            csv: Csv::Written {
                path: &whole.files[0].path,
                sha256: whole.progress,
            },
        },
        Sheet {
            name: plan.words.get("data.sheet_status"),
            columns: &status,
            csv: Csv::Written {
                path: &whole.files[1].path,
                sha256: whole.status,
            },
        },
    ];
    if let Some(csv) = corrections {
        sheets.push(Sheet {
            name: plan.words.get("data.sheet_corrections"),
            columns: &corrections_columns,
            csv: Csv::Bytes(csv),
        });
    }
    let path = format!("{prefix}data/{}.xlsx", file_stem(plan));
    let size = made.write(plan, &sheets, (&path, sink)).map_err(|e| {
        Diagnostic::in_file(crate::diag::codes::E612, std::path::Path::new(&path), format!("Excel ブックを作れません: {e} (cannot write the workbook)")).with_help("CSV と JSON には長さの制限がありませんが、Excel のセルには 32,767 字までしか入りません。文章を短くするか、分けて書いてください。")
    })?;
    let title = plan
        .words
        .fill("data.title_workbook", &[("title", &plan.title)]);
    Ok(distribution(path, title, XLSX, "XLSX", size))
}

/// The JSON Schema (draft 2020-12) of the whole-plan JSON and the per-item JSON. Its titles and
/// descriptions are `"{schema.name}"` marks, filled from the catalogue ([`json_schema`]).
pub const JSON_SCHEMA: &str = include_str!("schema.json");

/// The indicator property `outside_period`, in the schema of plans that have values outside
/// their period only (so the schema of the others keeps its bytes): inserted after
/// [`OUTSIDE_ANCHOR`], the end of the indicator's `values`.
const SCHEMA_OUTSIDE: &str = include_str!("schema_outside.json");
const OUTSIDE_ANCHOR: &str =
    "\"description\": \"{schema.attainment}\" }\n                  }\n                }\n              }";

/// The JSON Schema of `plan`'s JSON files, in the plan's words.
pub fn json_schema(plan: &Plan) -> String {
    let schema: std::borrow::Cow<str> = match JSON_SCHEMA.split_once(OUTSIDE_ANCHOR) {
        Some((head, tail)) if Shape::of(plan).outside_values => {
            let fragment = SCHEMA_OUTSIDE.trim_end();
            format!("{head}{OUTSIDE_ANCHOR}{fragment}{tail}").into()
        }
        _ => JSON_SCHEMA.into(),
    };
    // Each mark is a whole JSON string: the word goes in escaped, between the same quotes.
    let escaped: std::collections::BTreeMap<String, String> = (plan.words.keys().into_iter())
        .filter(|k| k.starts_with("schema."))
        .map(|k| {
            let json = serde_json::Value::from(plan.words.get(&k)).to_string();
            (k, json[1..json.len() - 1].to_string())
        })
        .collect();
    crate::words::fill_with(&schema, |name| escaped.get(name).map(String::as_str))
}

/// 「CSV形式 3KB」 style label for links.
pub fn size_label(w: &crate::words::Words, format: &str, bytes: u64) -> String {
    let (key, size) = if bytes < 1024 {
        ("data.size_bytes", bytes.to_string())
    } else if bytes < 1024 * 1024 {
        ("data.size_kb", bytes.div_ceil(1024).to_string())
    } else {
        (
            "data.size_mb",
            format!("{:.1}", bytes as f64 / (1024.0 * 1024.0)),
        )
    };
    w.fill(key, &[("format", format), ("size", &size)])
}
