//! An item's charts: one SVG per numeric indicator (drawn by [`crate::render::chart`]), with
//! its id, caption and text alternative.

use crate::memo::Memo;
use crate::model::{ActionItem, Indicator, Outside, Plan, Value};
use crate::render::chart::{self, ChartSpec, ChartYear};
use crate::text::fiscal_year::FiscalYear;
use std::sync::Arc;

/// Chart SVGs by the item's [`ActionItem::origin`], the indicator's index and the page-set
/// prefix: a chart shows one indicator of one item over the plan's years, all fixed by those.
pub type ChartMemo = Memo<(u64, usize, String), Arc<str>>;

/// Draws an item's charts: one SVG per numeric indicator, `None` for the others.
pub fn item_charts(
    plan: &Plan,
    prefix: &str,
    item: &ActionItem,
    memo: &ChartMemo,
) -> Vec<Option<Arc<str>>> {
    let years: Vec<FiscalYear> = plan.fiscal_years().collect();
    item.indicators
        .iter()
        .enumerate()
        .map(|(n, ind)| {
            if !ind.is_numeric() {
                return None;
            }
            let draw = || Arc::from(chart_svg(plan, (item, n, ind), &years));
            let key = || (item.origin != 0).then(|| (item.origin, n, prefix.to_string()));
            Some(memo.get_or(key, draw))
        })
        .collect()
}

fn chart_svg(
    plan: &Plan,
    (item, n, ind): (&ActionItem, usize, &Indicator),
    years: &[FiscalYear],
) -> String {
    let id = chart_id(item, n);
    let description = describe(plan, ind, years);
    chart::render_svg(&ChartSpec {
        id: &id,
        title: &caption(ind, &plan.words),
        description: &description,
        unit: &ind.unit,
        years: chart_years(plan, ind, years),
        baseline: ind.baseline.as_ref().and_then(Value::as_number),
        target: ind.target.as_ref().and_then(Value::as_number),
        decimals: ind.decimals,
        kind: ind.chart,
        negative: ind.negative,
        words: &plan.words,
    })
}

/// The x axis: reference years, the plan's years, later targets (a reference value is drawn
/// as measured, a later target as planned).
fn chart_years(plan: &Plan, ind: &Indicator, years: &[FiscalYear]) -> Vec<ChartYear> {
    let within = years.iter().map(|y| ChartYear {
        label: plan.years.short(*y),
        plan: ind.plan.get(y).and_then(Value::as_number),
        actual: ind.actual.get(y).and_then(Value::as_number),
        outside: None,
    });
    let outside = |side: Outside| {
        (ind.outside())
            .filter(move |(s, _, _)| *s == side)
            .map(|(s, y, v)| {
                let v = v.as_number();
                ChartYear {
                    label: plan.years.short(y),
                    plan: v.filter(|_| s == Outside::Beyond),
                    actual: v.filter(|_| s == Outside::Reference),
                    outside: Some(s),
                }
            })
    };
    (outside(Outside::Reference))
        .chain(within)
        .chain(outside(Outside::Beyond))
        .collect()
}

/// The values outside the plan's period in words, for the text alternative:
/// 「参考（計画期間前）は平成27年度120人・平成28年度118人。」
fn describe_outside(plan: &Plan, ind: &Indicator) -> String {
    let (w, mut s) = (&plan.words, String::new());
    for side in [Outside::Reference, Outside::Beyond] {
        let values: Vec<String> = (ind.outside())
            .filter(|(k, _, _)| *k == side)
            .map(|(_, y, v)| format!("{}{}", plan.years.name(y), ind.format(v)))
            .collect();
        if !values.is_empty() {
            let values = values.join(w.get("site.joiner"));
            let side = w.get(side.word());
            s.push_str(&w.fill("chart.outside_is", &[("side", side), ("values", &values)]));
        }
    }
    s
}

/// The chart's text alternative: baseline, target and latest actual in one Japanese sentence.
fn describe(plan: &Plan, ind: &Indicator, years: &[FiscalYear]) -> String {
    let w = &plan.words;
    let mut parts = Vec::new();
    if let Some(b) = &ind.baseline {
        let note = ind
            .baseline_note
            .as_deref()
            .map(|n| w.fill("site.parenthesis", &[("text", n)]))
            .unwrap_or_default();
        let value = format!("{}{note}", ind.format(b));
        parts.push(w.fill("chart.baseline_is", &[("value", &value)]));
    }
    if let Some(t) = &ind.target {
        parts.push(w.fill("chart.target_is", &[("value", &ind.format(t))]));
    }
    let latest = years
        .iter()
        .rev()
        .find_map(|y| ind.actual.get(y).map(|v| (y, v)));
    let actual = match latest {
        Some((y, v)) => w.fill(
            "chart.latest",
            &[("year", &plan.years.name(*y)), ("value", &ind.format(v))],
        ),
        None => w.get("chart.unreported").to_string(),
    };
    let mut s = w.fill("chart.trend_of", &[("name", &ind.name)]);
    if !parts.is_empty() {
        s.push_str(&parts.join(w.get("site.list_separator")));
        s.push_str(w.get("site.list_separator"));
    }
    s.push_str(&actual);
    if let Some((latest_year, _)) = latest {
        let unreported: Vec<String> = years
            .iter()
            .filter(|y| *y <= latest_year && !ind.actual.contains_key(y))
            .map(|y| plan.years.name(*y))
            .collect();
        if !unreported.is_empty() {
            let years = unreported.join(w.get("site.joiner"));
            s.push_str(&w.fill("chart.years_unreported", &[("years", &years)]));
        }
    }
    s.push_str(&describe_outside(plan, ind));
    s
}

/// The chart's id; the indicator's table is `{id}-table`.
pub(crate) fn chart_id(item: &ActionItem, n: usize) -> String {
    format!("chart-{}-{}", item.id, n + 1)
}

/// The chart's title and the table's caption.
pub(crate) fn caption(ind: &Indicator, w: &crate::words::Words) -> String {
    if ind.unit.is_empty() {
        w.fill("chart.caption", &[("name", &ind.name)])
    } else {
        w.fill(
            "chart.caption_unit",
            &[("name", &ind.name), ("unit", &ind.unit)],
        )
    }
}
