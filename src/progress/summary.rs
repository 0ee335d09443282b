//! 総括表: items counted by planned status, reported status and grade, with 効果額 totals.

use crate::model::{ActionItem, Plan};
use crate::text::fiscal_year::FiscalYear;
use serde::Serialize;

/// Items counted by planned status for each fiscal year (総括表).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StatusSummary {
    pub years: Vec<FiscalYear>,
    pub rows: Vec<StatusRow>,
    /// Items in scope (the same for every year).
    pub item_count: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StatusRow {
    /// A status code from site.toml, or 「未設定」 for years with no planned status.
    pub status: String,
    pub counts: Vec<usize>,
}

pub const UNSET: &str = "未設定";

pub fn status_summary<'a>(
    plan: &Plan,
    items: impl Iterator<Item = &'a ActionItem> + Clone,
) -> StatusSummary {
    let years: Vec<FiscalYear> = plan.fiscal_years().collect();
    let count = |status: Option<&str>, year: FiscalYear| {
        items
            .clone()
            .filter(|item| {
                item.years
                    .iter()
                    .find(|y| y.year == year)
                    .map(|y| y.status.as_deref() == status)
                    .unwrap_or(status.is_none())
            })
            .count()
    };
    let mut rows: Vec<StatusRow> = plan
        .statuses
        .iter()
        .map(|s| StatusRow {
            status: s.code.clone(),
            counts: years.iter().map(|y| count(Some(&s.code), *y)).collect(),
        })
        .collect();
    let unset: Vec<usize> = years.iter().map(|y| count(None, *y)).collect();
    if unset.iter().any(|n| *n > 0) {
        rows.push(StatusRow {
            status: UNSET.to_string(),
            counts: unset,
        });
    }
    StatusSummary {
        years,
        rows,
        item_count: items.count(),
    }
}

/// Items counted by reported status and by grade for each reported year, with 効果額 totals.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ResultSummary {
    pub years: Vec<FiscalYear>,
    pub item_count: usize,
    /// Rows by reported status (vocabulary order, then 「未報告」).
    pub by_status: Vec<CountRow>,
    /// Rows by grade (scale order, then 「未評価」).
    pub by_grade: Vec<CountRow>,
    /// 効果額 total per year in 千円 (sum of the items that reported one).
    pub effect_totals: Vec<f64>,
    /// How many items reported a 効果額 per year.
    pub effect_counts: Vec<usize>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CountRow {
    pub label: String,
    pub counts: Vec<usize>,
    /// Percent of the items in scope, one decimal place.
    pub percents: Vec<f64>,
}

pub const UNREPORTED_STATUS: &str = "未報告";
pub const UNGRADED: &str = "未評価";

/// Summarises results for the report years of `plan` over `items`.
pub fn result_summary<'a>(
    plan: &Plan,
    items: impl Iterator<Item = &'a ActionItem> + Clone,
) -> ResultSummary {
    let years: Vec<FiscalYear> = plan.editions.iter().map(|r| r.year).collect();
    let item_count = items.clone().count();
    let result = |item: &'a ActionItem, y: FiscalYear| {
        item.years
            .iter()
            .find(|p| p.year == y)
            .and_then(|p| p.result.as_ref())
    };
    let percent = |n: usize| {
        if item_count == 0 {
            0.0
        } else {
            (n as f64 * 1000.0 / item_count as f64).round() / 10.0
        }
    };
    let row = |label: String, pick: &dyn Fn(&'a ActionItem, FiscalYear) -> bool| {
        let counts: Vec<usize> = years
            .iter()
            .map(|y| items.clone().filter(|i| pick(i, *y)).count())
            .collect();
        CountRow {
            label,
            percents: counts.iter().map(|n| percent(*n)).collect(),
            counts,
        }
    };
    let mut by_status: Vec<CountRow> = plan
        .statuses
        .iter()
        .map(|s| {
            row(s.code.clone(), &|i, y| {
                result(i, y).and_then(|r| r.status.as_deref()) == Some(s.code.as_str())
            })
        })
        .collect();
    by_status.push(row(UNREPORTED_STATUS.into(), &|i, y| {
        result(i, y).and_then(|r| r.status.as_ref()).is_none()
    }));
    let mut by_grade: Vec<CountRow> = plan
        .grades
        .iter()
        .map(|g| {
            row(format!("{} {}", g.code, g.label), &|i, y| {
                result(i, y).and_then(|r| r.grade.as_deref()) == Some(g.code.as_str())
            })
        })
        .collect();
    by_grade.push(row(UNGRADED.into(), &|i, y| {
        result(i, y).and_then(|r| r.grade.as_ref()).is_none()
    }));
    let effects = |y: FiscalYear| {
        items
            .clone()
            .filter_map(move |i| result(i, y).and_then(|r| r.effect_amount))
    };
    ResultSummary {
        // fold from +0.0: an empty f64 sum is -0.0, which would print as 「-0千円」.
        effect_totals: years
            .iter()
            .map(|y| effects(*y).fold(0.0, |a, b| a + b))
            .collect(),
        effect_counts: years.iter().map(|y| effects(*y).count()).collect(),
        years,
        item_count,
        by_status,
        by_grade,
    }
}
