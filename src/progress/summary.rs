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

/// The catalogue key of the row for years with no planned status (未設定).
pub const UNSET: &str = "summary.unset";

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
    // Years the printed plan leaves illegible (`status = "?"`): their own row, neither
    // planned nor unplanned.
    let unknown = crate::model::UNKNOWN_STATUS;
    let unknowns: Vec<usize> = years.iter().map(|y| count(Some(unknown), *y)).collect();
    if unknowns.iter().any(|n| *n > 0) && !plan.statuses.iter().any(|s| s.code == unknown) {
        rows.push(StatusRow {
            status: plan.status_label(unknown).to_string(),
            counts: unknowns,
        });
    }
    let unset: Vec<usize> = years.iter().map(|y| count(None, *y)).collect();
    if unset.iter().any(|n| *n > 0) {
        rows.push(StatusRow {
            status: plan.words.get(UNSET).to_string(),
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

/// The catalogue keys of the rows for items that did not report a status or a grade.
pub const UNREPORTED_STATUS: &str = "site.unreported";
pub const UNGRADED: &str = "item.ungraded";

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
    by_status.push(row(plan.words.get(UNREPORTED_STATUS).into(), &|i, y| {
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
    by_grade.push(row(plan.words.get(UNGRADED).into(), &|i, y| {
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

/// 効果額 planned and reported (千円) for each fiscal year of the plan and for the whole plan,
/// over the items in scope: planned from `[effect_plan]`, reported from `effect_amount`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EffectSummary {
    pub years: Vec<FiscalYear>,
    /// Sum of the items' planned amounts per year; `None` where no item plans one.
    pub planned: Vec<Option<f64>>,
    /// Sum of the reported amounts per year; `None` where no item reported one.
    pub actual: Vec<Option<f64>>,
    /// The whole plan: the items' totals (`effect_plan_total`, or the sum of their years).
    pub planned_total: Option<f64>,
    pub actual_total: Option<f64>,
    /// Items with a planned amount.
    pub planned_items: usize,
}

/// The 効果額 summary, `None` when no item in scope plans an amount (plans without planned
/// 効果額 show the reported totals in the results' 総括表 only).
pub fn effect_summary<'a>(
    plan: &Plan,
    items: impl Iterator<Item = &'a ActionItem> + Clone,
) -> Option<EffectSummary> {
    let planned_items = items
        .clone()
        .filter(|i| i.effect_plan_sum().is_some())
        .count();
    if planned_items == 0 {
        return None;
    }
    let years: Vec<FiscalYear> = plan.fiscal_years().collect();
    let planned = |y: FiscalYear| sum(items.clone().filter_map(|i| i.effect_plan.get(&y).copied()));
    let actual = |y: FiscalYear| {
        sum(items
            .clone()
            .filter_map(|i| i.result(y).and_then(|r| r.effect_amount)))
    };
    let actual_years: Vec<Option<f64>> = years.iter().map(|y| actual(*y)).collect();
    Some(EffectSummary {
        planned: years.iter().map(|y| planned(*y)).collect(),
        planned_total: sum(items.clone().filter_map(ActionItem::effect_plan_sum)),
        actual_total: sum(actual_years.iter().flatten().copied()),
        actual: actual_years,
        years,
        planned_items,
    })
}

/// The sum, `None` for no values; folded from +0.0 (an empty f64 sum is -0.0).
fn sum(values: impl Iterator<Item = f64>) -> Option<f64> {
    values.fold(None, |a, b| Some(a.unwrap_or(0.0) + b))
}
