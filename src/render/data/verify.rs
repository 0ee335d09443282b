//! 公開前の数値の照合: pages, charts and data files read back against the model.

use super::columns::Kind;
use super::csv_file::{cell, progress_csv_bytes};
use super::{item_paths, whole_plan_paths};
use crate::diag::codes;
use crate::diag::{Diagnostic, Position};
use crate::model::{ActionItem, Indicator, Outside, Plan, Value};
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::raw_number;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Reads every item page, chart and data file of a page set back and checks that the numbers
/// are the model's numbers. Any mismatch is a build error: published figures must agree.
/// Items are checked in parallel; each check reads only that item's page and data.
pub fn verify(plan: &Plan, prefix: &str, files: &BTreeMap<&str, &[u8]>) -> Vec<Diagnostic> {
    let [progress_csv, _, plan_json_path] = whole_plan_paths(plan, prefix);
    let get = |path: &str| files.get(path).copied().unwrap_or_default();
    let whole_csv = get(&progress_csv);
    // Only the numbers are read (not a whole `Value` tree): the file is large.
    let whole_json: Result<PlanNumbers, String> =
        serde_json::from_slice(get(&plan_json_path)).map_err(|e| e.to_string());

    let mut errors: Vec<Diagnostic> = plan
        .items
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, item)| {
            let [csv_path, json_path] = item_paths(plan, item, prefix);
            let page = format!("{prefix}items/{}.html", item.id);
            let in_whole = whole_json
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|w| w.items.get(i).ok_or_else(|| "項目がありません".to_string()));
            // A schedule-only item has no CSV of its own.
            (!item.is_schedule_only())
                .then(|| verify_csv(plan, item, &csv_path, get(&csv_path)))
                .into_iter()
                .flatten()
                .chain(verify_page(plan, item, prefix, get(&page)))
                .chain(verify_json(
                    plan,
                    item,
                    &json_path,
                    document_numbers(get(&json_path)),
                ))
                .chain(verify_json(plan, item, &plan_json_path, in_whole))
        })
        .collect();

    // The whole-plan CSV is the items' CSV rows, in plan order, under one header.
    let header = progress_csv_bytes(plan, super::Shape::of(plan), &[]);
    let mut rest = whole_csv.strip_prefix(header.as_slice());
    for item in &plan.items {
        let [csv_path, _] = item_paths(plan, item, prefix);
        let rows = get(&csv_path).get(header.len()..).unwrap_or_default();
        rest = rest.and_then(|r| r.strip_prefix(rows));
    }
    if rest != Some(&[][..]) {
        errors.push(mismatch(
            &progress_csv,
            "計画全体の CSV が取組項目ごとの CSV と一致しません".into(),
        ));
    }
    crate::diag::sort(&mut errors);
    errors
}

fn mismatch(path: &str, msg: String) -> Diagnostic {
    Diagnostic::error(codes::E310, Path::new(path), Position::START, format!("公開する数値が一致しません: {msg}"))
        .with_help("テーマのテンプレートやグラフが数値を変えていないか確認してください（shinchoku の不具合の可能性もあります）。")
}

/// The numbers an indicator publishes: (kind, year, value); the baseline has no year.
fn model_numbers(plan: &Plan, ind: &Indicator) -> Vec<(&'static str, Option<FiscalYear>, f64)> {
    let mut out = Vec::new();
    if let Some(b) = ind.baseline.as_ref().and_then(Value::as_number) {
        out.push(("baseline", None, b));
    }
    if let Some(t) = ind.target.as_ref().and_then(Value::as_number) {
        out.push(("target", Some(plan.last_year), t));
    }
    for (kind, values) in [("plan", &ind.plan), ("actual", &ind.actual)] {
        for (y, v) in values {
            if let Some(x) = v.as_number() {
                out.push((kind, Some(*y), x));
            }
        }
    }
    for (side, y, v) in ind.outside() {
        if let Some(x) = v.as_number() {
            out.push((side.code(), Some(y), x));
        }
    }
    out
}

/// Checks an item's CSV against the model.
pub(super) fn verify_csv(
    plan: &Plan,
    item: &ActionItem,
    csv_path: &str,
    csv: &[u8],
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let body = csv.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(csv);
    let records: Vec<csv::StringRecord> =
        csv::Reader::from_reader(body).records().flatten().collect();
    // (indicator, kind, year) → number as written in the CSV.
    let in_csv: BTreeMap<(&str, &str, &str), &str> = records
        .iter()
        .filter(|r| r.len() > 13 && !r[13].is_empty())
        .map(|r| ((&r[6], &r[9], &r[11]), &r[13]))
        .collect();
    for ind in &item.indicators {
        // The name as the CSV writes text (plain and spreadsheet-safe).
        let name = cell(Kind::Text, &ind.name);
        for (kind, year, x) in model_numbers(plan, ind) {
            let year = year.map(|y| y.0.to_string()).unwrap_or_default();
            match in_csv.get(&(name.as_ref(), kind, year.as_str())) {
                Some(s) if s.parse::<f64>().ok() == Some(x) => {}
                other => errors.push(mismatch(
                    csv_path,
                    format!(
                        "{} {} {kind} {year}: モデル {x}、CSV {other:?}",
                        item.id, ind.name
                    ),
                )),
            }
        }
    }
    errors
}

/// Checks the numbers of an item's page (its tables and charts, marked `data-value`) against
/// the model: each number once in the table and, for charted indicators, once in the chart.
pub fn verify_page(plan: &Plan, item: &ActionItem, prefix: &str, html: &[u8]) -> Vec<Diagnostic> {
    let mut expected: Vec<String> = Vec::new();
    for ind in &item.indicators {
        let times = if ind.is_numeric() { 2 } else { 1 };
        for (_, _, x) in model_numbers(plan, ind) {
            expected.extend(std::iter::repeat_n(raw_number(x), times));
        }
    }
    // The 効果額 chart marks each planned and reported amount (its table carries no data-value).
    if item.effect_charted() {
        for y in plan.fiscal_years() {
            let reported = item.result(y).and_then(|r| r.effect_amount);
            expected.extend(
                item.effect_plan
                    .get(&y)
                    .copied()
                    .into_iter()
                    .chain(reported)
                    .map(raw_number),
            );
        }
    }
    const MARK: &[u8] = b"data-value=\"";
    let mut found: Vec<&str> = Vec::with_capacity(expected.len());
    let mut rest = html;
    while let Some(at) = memchr::memmem::find(rest, MARK) {
        rest = &rest[at + MARK.len()..];
        let end = memchr::memchr(b'"', rest).unwrap_or(rest.len());
        found.push(std::str::from_utf8(&rest[..end]).unwrap_or("\u{fffd}"));
        rest = &rest[end..];
    }
    expected.sort();
    found.sort_unstable();
    if expected == found {
        return Vec::new();
    }
    vec![mismatch(
        &format!("{prefix}items/{}.html", item.id),
        format!(
            "{} のページ（表・グラフ）の数値 {found:?} がモデル {expected:?} と違います",
            item.id
        ),
    )]
}

/// The numbers of an item as read back from JSON (other fields are ignored).
#[derive(serde::Deserialize)]
pub(super) struct ItemNumbers {
    indicators: Vec<IndicatorNumbers>,
}

#[derive(serde::Deserialize)]
struct ItemDocumentNumbers {
    item: ItemNumbers,
}

#[derive(serde::Deserialize)]
struct PlanNumbers {
    items: Vec<ItemNumbers>,
}

pub(super) fn document_numbers(json: &[u8]) -> Result<ItemNumbers, String> {
    serde_json::from_slice::<ItemDocumentNumbers>(json)
        .map(|d| d.item)
        .map_err(|e| e.to_string())
}

#[derive(serde::Deserialize)]
struct IndicatorNumbers {
    baseline: NumberJson,
    target: NumberJson,
    values: Vec<YearNumbers>,
    #[serde(default)]
    outside_period: Vec<OutsideNumbers>,
}

#[derive(serde::Deserialize)]
struct OutsideNumbers {
    year: i32,
    kind: String,
    value: NumberJson,
}

#[derive(serde::Deserialize)]
struct YearNumbers {
    year: i32,
    plan: NumberJson,
    actual: NumberJson,
}

#[derive(serde::Deserialize)]
struct NumberJson {
    value: Option<f64>,
}

/// Checks an item's numbers as read back from JSON (its own document, or its entry in the
/// whole-plan file) against the model.
pub(super) fn verify_json<N: std::borrow::Borrow<ItemNumbers>>(
    plan: &Plan,
    item: &ActionItem,
    path: &str,
    parsed: Result<N, String>,
) -> Vec<Diagnostic> {
    let numbers = match parsed.as_ref().map(|n| n.borrow()) {
        Ok(n) if n.indicators.len() == item.indicators.len() => n,
        Ok(_) => {
            return vec![mismatch(
                path,
                format!("{} の指標の数がモデルと違います", item.id),
            )]
        }
        Err(e) => {
            return vec![mismatch(
                path,
                format!("{} の JSON を読めません: {e}", item.id),
            )]
        }
    };
    let mut errors = Vec::new();
    for (ind, json) in item.indicators.iter().zip(&numbers.indicators) {
        let mut published: Vec<(&str, Option<FiscalYear>, f64)> = Vec::new();
        published.extend(json.baseline.value.map(|v| ("baseline", None, v)));
        published.extend(
            json.target
                .value
                .map(|v| ("target", Some(plan.last_year), v)),
        );
        for kind in ["plan", "actual"] {
            for y in &json.values {
                let v = if kind == "plan" { &y.plan } else { &y.actual };
                published.extend(v.value.map(|v| (kind, Some(FiscalYear(y.year)), v)));
            }
        }
        for o in &json.outside_period {
            let kind = [Outside::Reference, Outside::Beyond]
                .into_iter()
                .map(Outside::code)
                .find(|c| *c == o.kind)
                .unwrap_or("?");
            published.extend(o.value.value.map(|v| (kind, Some(FiscalYear(o.year)), v)));
        }
        let expected = model_numbers(plan, ind);
        if published != expected {
            errors.push(mismatch(
                path,
                format!(
                    "{} {}: モデル {expected:?}、JSON {published:?}",
                    item.id, ind.name
                ),
            ));
        }
    }
    errors
}
