//! A published edition never changes silently: the values the edition shows now must equal
//! its record (content/editions/<year>.toml) with its corrections applied.

use crate::content::record::position_of;
use crate::diag::{codes, Diagnostic};
use crate::model::{actual_field, ActionItem, Correction, Plan, Record, Value, RESULT_FIELDS};
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::raw_number;
use std::collections::BTreeMap;

/// Every value the edition for `year` shows, by key 「1-1-1/2021/実績値/件数」: each item's
/// results and actual values of the years up to `year`.
pub fn values(plan: &Plan, year: FiscalYear) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for item in &plan.items {
        for y in item.years.iter().filter(|y| y.year <= year) {
            result_values(item, y, &mut out);
        }
        for ind in &item.indicators {
            for (y, v) in ind.actual.range(..=year) {
                let key = format!("{}/{}/{}", item.id, y.0, actual_field(&ind.name));
                out.insert(key, value_text(v));
            }
        }
    }
    out
}

fn result_values(
    item: &ActionItem,
    y: &crate::model::YearPlan,
    out: &mut BTreeMap<String, String>,
) {
    let Some(r) = &y.result else { return };
    let fields = [
        r.status.clone(),
        r.grade.clone(),
        r.achievements.clone(),
        r.challenges.clone(),
        r.effect_amount.map(raw_number),
        r.council_comment.clone(),
    ];
    for (name, v) in RESULT_FIELDS.iter().zip(fields) {
        if let Some(v) = v {
            out.insert(format!("{}/{}/{name}", item.id, y.year.0), v);
        }
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Number(n) => raw_number(*n),
        Value::Text(t) => t.clone(),
    }
}

/// The values the edition must show now: its record with every correction applied.
pub fn expected(record: &Record) -> BTreeMap<String, String> {
    corrected(record, |_, _| {})
}

/// The record's values with its corrections applied in order; `stale` hears of each correction
/// whose `old` is not the value it corrects (with that value).
fn corrected(
    record: &Record,
    mut stale: impl FnMut(&Correction, Option<&String>),
) -> BTreeMap<String, String> {
    let mut expected: BTreeMap<String, String> = (record.values.iter())
        .map(|(k, v)| (k.clone(), v.0.clone()))
        .collect();
    for c in &record.corrections {
        if expected.get(&c.key) != c.old.as_ref() {
            stale(c, expected.get(&c.key));
        }
        match &c.new {
            Some(v) => expected.insert(c.key.clone(), v.clone()),
            None => expected.remove(&c.key),
        };
    }
    expected
}

/// Each published edition's values against its record and corrections.
pub fn check(plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in &plan.editions {
        if let Some(record) = &e.record {
            check_edition(plan, e.year, &e.title, record, &mut out);
        }
    }
    out
}

fn check_edition(
    plan: &Plan,
    year: FiscalYear,
    title: &str,
    record: &Record,
    out: &mut Vec<Diagnostic>,
) {
    let expected = corrected(record, |c, actual| {
        out.push(stale_correction(record, c, actual));
    });
    let now = values(plan, year);
    let keys: std::collections::BTreeSet<&String> = expected.keys().chain(now.keys()).collect();
    for key in keys {
        let (was, is) = (expected.get(key), now.get(key));
        if was != is {
            out.push(changed(plan, title, record, key, was, is));
        }
    }
}

fn shown(v: Option<&String>) -> String {
    v.map(|v| format!("「{v}」"))
        .unwrap_or_else(|| "（なし）".into())
}

fn changed(
    plan: &Plan,
    title: &str,
    record: &Record,
    key: &str,
    was: Option<&String>,
    is: Option<&String>,
) -> Diagnostic {
    let id = key.split('/').next().unwrap_or_default();
    let item = plan.items.iter().find(|i| i.id == id);
    let message = format!(
        "公開済みの「{title}」（{} 公開）の値 {key} が {} から {} に変わっています",
        record.published.wareki(),
        shown(was),
        shown(is)
    );
    let d = match item {
        Some(i) => Diagnostic::error(codes::E161, &i.source, i.id_position, message),
        None => Diagnostic::error(codes::E161, &record.path, position_of(record, key), message),
    };
    d.with_help(format!(
        "公開した値は黙って変えられません。誤りの訂正なら {} の最後に次を書き足してください:\n[[corrections]]\ndate = \"YYYY-MM-DD\"  # 訂正した日\nkey = \"{key}\"\n{}{}reason = \"（訂正の理由）\"\n値を戻すなら、項目ファイルを {} に戻してください。",
        record.path.display(),
        was.map(|v| format!("old = {}\n", toml::Value::String(v.clone()))).unwrap_or_default(),
        is.map(|v| format!("new = {}\n", toml::Value::String(v.clone()))).unwrap_or_default(),
        shown(was),
    ))
}

fn stale_correction(record: &Record, c: &Correction, actual: Option<&String>) -> Diagnostic {
    Diagnostic::error(
        codes::E162,
        &record.path,
        c.position,
        format!(
            "訂正の old {} が、訂正前の値 {} と違います（{}）",
            shown(c.old.as_ref()),
            shown(actual),
            c.key
        ),
    )
    .with_help("old には、その訂正の直前の値（公開時の値、またはそれ以前の訂正の new）を書いてください。値がなかったときは old を書きません。")
}
