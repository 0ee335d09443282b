//! What changed for an item from one report edition to the next.

use crate::model::{ActionItem, Indicator, Value};
use crate::text::fiscal_year::FiscalYear;
use serde::Serialize;
/// Picks one field of a year's result.
type ResultField = fn(&crate::model::YearResult) -> Option<&str>;

/// One difference between an item in the previous report edition and in this one.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Change {
    pub label: String,
    pub before: String,
    pub after: String,
}

/// What changed for an item from the previous edition (its report year `prev_year`) to this
/// edition (`year`): the reported status, the grade and each indicator's actual value.
pub fn changes(
    item: &ActionItem,
    year: FiscalYear,
    prev_year: FiscalYear,
    format_value: impl Fn(&Indicator, &Value) -> String,
) -> Vec<Change> {
    let result = |y: FiscalYear| {
        item.years
            .iter()
            .find(|p| p.year == y)
            .and_then(|p| p.result.as_ref())
    };
    let label = |v: Option<&str>, y: FiscalYear| match v {
        Some(v) => format!("{v}（{}）", y.wareki()),
        None => format!("未報告（{}）", y.wareki()),
    };
    let mut out = Vec::new();
    let pairs: [(&str, ResultField); 2] = [
        ("進捗状況（実績）", |r| r.status.as_deref()),
        ("評価", |r| r.grade.as_deref()),
    ];
    for (name, pick) in pairs {
        let before = result(prev_year).and_then(pick);
        let after = result(year).and_then(pick);
        if before != after {
            out.push(Change {
                label: name.to_string(),
                before: label(before, prev_year),
                after: label(after, year),
            });
        }
    }
    for ind in &item.indicators {
        let before = ind.actual.get(&prev_year).map(|v| format_value(ind, v));
        let after = ind.actual.get(&year).map(|v| format_value(ind, v));
        if before != after {
            out.push(Change {
                label: format!("{}（実績値）", ind.name),
                before: label(before.as_deref(), prev_year),
                after: label(after.as_deref(), year),
            });
        }
    }
    out
}
