//! An indicator on the item page: its chart, its table of plan, actual, attainment and 前年度比
//! per year (between the baseline and target rows) and plain-language sentences.

use super::charts::{caption, chart_id};
use crate::model::{ActionItem, Indicator, Outside, Plan, Value};
use crate::progress;
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::{format_rate, raw_number};
use crate::words::Words;
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct IndicatorView {
    name: String,
    unit: String,
    direction: String,
    baseline: String,
    baseline_note: Option<String>,
    target: String,
    target_note: Option<String>,
    plan_note: Option<String>,
    /// Inline SVG; present for numeric indicators only.
    pub(crate) chart_svg: Option<String>,
    table_id: String,
    caption: String,
    rows: Vec<ValueRow>,
    /// Plain-language sentences for reported years.
    sentences: Vec<String>,
    has_attainment: bool,
    /// Whether any year has a 前年度比 (two consecutive reported years).
    has_change: bool,
}

/// One row of an indicator's table. `*_value` carry the exact numbers (for data-value
/// attributes) so the table can be checked against the chart.
#[derive(Serialize)]
struct ValueRow {
    label: String,
    /// For a year outside the plan's period, which side: 「参考（計画期間前）」 or
    /// 「計画期間後の目標」.
    period: Option<String>,
    plan: String,
    plan_value: Option<String>,
    actual: String,
    actual_value: Option<String>,
    attainment: String,
    /// 前年度比 in words: 「0.60ポイント上昇（改善）」, or 「—」.
    change: String,
    /// The signed change, exact (`data-change`; not a `data-value`: it is no number of the
    /// model, and the page check counts those).
    change_value: Option<String>,
}

/// The view of indicator `n` of `item`; `reported` are the plan's report years.
pub(crate) fn indicator_view(
    plan: &Plan,
    item: &ActionItem,
    n: usize,
    ind: &Indicator,
    chart_svg: Option<String>,
    reported: &[FiscalYear],
) -> IndicatorView {
    let w = &plan.words;
    // In time order: reference years, 現状値, the period's years, later targets, 目標値.
    let outside = |side: Outside| {
        (ind.outside())
            .filter(move |(s, _, _)| *s == side)
            .map(move |(s, y, v)| outside_row(plan, ind, (s, y, v)))
    };
    let mut rows: Vec<ValueRow> = outside(Outside::Reference).collect();
    rows.push(baseline_row(ind, w));
    let mut has_attainment = false;
    let mut has_change = false;
    for y in plan.fiscal_years() {
        let (row, achieved) = year_row(ind, y, plan);
        has_attainment |= achieved;
        has_change |= row.change_value.is_some();
        rows.push(row);
    }
    rows.extend(outside(Outside::Beyond));
    rows.push(target_row(ind, w));
    let sentences = reported
        .iter()
        .filter(|y| ind.plan.contains_key(y) || ind.actual.contains_key(y))
        .map(|y| progress::plain_sentence(ind, *y, (w, plan.years), |v| ind.format(v)))
        .collect();
    IndicatorView {
        name: ind.name.clone(),
        unit: ind.unit.clone(),
        direction: w.get(ind.direction.key()).to_string(),
        baseline: text_or_dash(ind.baseline.as_ref(), ind),
        baseline_note: ind.baseline_note.clone(),
        target: text_or_dash(ind.target.as_ref(), ind),
        target_note: ind.target_note.clone(),
        plan_note: ind.plan_note.clone(),
        chart_svg,
        table_id: format!("{}-table", chart_id(item, n)),
        caption: caption(ind, w),
        rows,
        sentences,
        has_attainment: has_attainment || !reported.is_empty(),
        has_change,
    }
}

/// A year outside the plan's period: a reference value (in the 実績値 column: it was measured)
/// or a later target (in the 計画値 column), with no 達成率 or 前年度比.
fn outside_row(
    plan: &Plan,
    ind: &Indicator,
    (side, y, v): (Outside, FiscalYear, &Value),
) -> ValueRow {
    let (plan_v, actual_v) = match side {
        Outside::Reference => (None, Some(v)),
        Outside::Beyond => (Some(v), None),
    };
    ValueRow {
        label: plan.years.label(y),
        period: Some(plan.words.get(side.word()).to_string()),
        plan: text_or_dash(plan_v, ind),
        plan_value: number_attr(plan_v),
        actual: text_or_dash(actual_v, ind),
        actual_value: number_attr(actual_v),
        attainment: "—".into(),
        change: "—".into(),
        change_value: None,
    }
}

fn baseline_row(ind: &Indicator, w: &Words) -> ValueRow {
    ValueRow {
        period: None,
        label: noted(w, "item.baseline_row", ind.baseline_note.as_deref()),
        plan: "—".into(),
        plan_value: None,
        actual: text_or_dash(ind.baseline.as_ref(), ind),
        actual_value: number_attr(ind.baseline.as_ref()),
        attainment: "—".into(),
        change: "—".into(),
        change_value: None,
    }
}

/// Year `y`'s row, and whether it has an attainment rate.
fn year_row(ind: &Indicator, y: FiscalYear, plan: &Plan) -> (ValueRow, bool) {
    let w = &plan.words;
    let plan_v = ind.plan.get(&y);
    let actual_v = ind.actual.get(&y);
    let rate = progress::attainment(ind, y);
    let attainment = rate
        .as_ref()
        .map(|a| attainment_text(a, w))
        .unwrap_or_else(|| "—".into());
    let change = progress::year_on_year(ind, y);
    let row = ValueRow {
        label: plan.years.label(y),
        period: None,
        plan: text_or_dash(plan_v, ind),
        plan_value: number_attr(plan_v),
        actual: actual_v
            .map(|v| ind.format(v))
            .unwrap_or_else(|| w.get("site.unreported").to_string()),
        actual_value: number_attr(actual_v),
        attainment,
        change: change.as_ref().map_or_else(|| "—".into(), |c| c.cell(w)),
        change_value: change.map(|c| raw_number(c.change)),
    };
    (row, rate.is_some())
}

/// A 達成率 as shown: 「68.4%（未到達）」.
pub(crate) fn attainment_text(a: &progress::Attainment, w: &Words) -> String {
    let met = w.get(if a.met { "item.met" } else { "item.not_met" });
    format!(
        "{}{}",
        format_rate(a.rate),
        w.fill("site.parenthesis", &[("text", met)])
    )
}

/// 「現状値」, or 「現状値（令和元年度末）」 with its note.
fn noted(w: &Words, key: &str, note: Option<&str>) -> String {
    match note {
        Some(note) => format!(
            "{}{}",
            w.get(key),
            w.fill("site.parenthesis", &[("text", note)])
        ),
        None => w.get(key).to_string(),
    }
}

fn target_row(ind: &Indicator, w: &Words) -> ValueRow {
    ValueRow {
        period: None,
        label: noted(w, "item.target_row", ind.target_note.as_deref()),
        plan: text_or_dash(ind.target.as_ref(), ind),
        plan_value: number_attr(ind.target.as_ref()),
        actual: "—".into(),
        actual_value: None,
        attainment: "—".into(),
        change: "—".into(),
        change_value: None,
    }
}

fn text_or_dash(v: Option<&Value>, ind: &Indicator) -> String {
    v.map(|v| ind.format(v)).unwrap_or_else(|| "—".to_string())
}

fn number_attr(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_number).map(raw_number)
}
