//! An indicator on the item page: its chart, its table of plan, actual, attainment and 前年度比
//! per year (between the baseline and target rows) and plain-language sentences.

use super::charts::{caption, chart_id};
use super::UNREPORTED;
use crate::model::{ActionItem, Indicator, Outside, Plan, Value};
use crate::progress;
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::{format_rate, raw_number};
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
    period: Option<&'static str>,
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
    // In time order: reference years, 現状値, the period's years, later targets, 目標値.
    let outside = |side: Outside| {
        (ind.outside())
            .filter(move |(s, _, _)| *s == side)
            .map(|(s, y, v)| outside_row(ind, s, y, v))
    };
    let mut rows: Vec<ValueRow> = outside(Outside::Reference).collect();
    rows.push(baseline_row(ind));
    let mut has_attainment = false;
    let mut has_change = false;
    for y in plan.fiscal_years() {
        let (row, achieved) = year_row(ind, y);
        has_attainment |= achieved;
        has_change |= row.change_value.is_some();
        rows.push(row);
    }
    rows.extend(outside(Outside::Beyond));
    rows.push(target_row(ind));
    let sentences = reported
        .iter()
        .filter(|y| ind.plan.contains_key(y) || ind.actual.contains_key(y))
        .map(|y| progress::plain_sentence(ind, *y, |v| ind.format(v)))
        .collect();
    IndicatorView {
        name: ind.name.clone(),
        unit: ind.unit.clone(),
        direction: ind.direction.label().to_string(),
        baseline: text_or_dash(ind.baseline.as_ref(), ind),
        baseline_note: ind.baseline_note.clone(),
        target: text_or_dash(ind.target.as_ref(), ind),
        target_note: ind.target_note.clone(),
        plan_note: ind.plan_note.clone(),
        chart_svg,
        table_id: format!("{}-table", chart_id(item, n)),
        caption: caption(ind),
        rows,
        sentences,
        has_attainment: has_attainment || !reported.is_empty(),
        has_change,
    }
}

/// A year outside the plan's period: a reference value (in the 実績値 column: it was measured)
/// or a later target (in the 計画値 column), with no 達成率 or 前年度比.
fn outside_row(ind: &Indicator, side: Outside, y: FiscalYear, v: &Value) -> ValueRow {
    let (plan_v, actual_v) = match side {
        Outside::Reference => (None, Some(v)),
        Outside::Beyond => (Some(v), None),
    };
    ValueRow {
        label: y.label(),
        period: Some(side.label()),
        plan: text_or_dash(plan_v, ind),
        plan_value: number_attr(plan_v),
        actual: text_or_dash(actual_v, ind),
        actual_value: number_attr(actual_v),
        attainment: "—".into(),
        change: "—".into(),
        change_value: None,
    }
}

fn baseline_row(ind: &Indicator) -> ValueRow {
    ValueRow {
        period: None,
        label: match &ind.baseline_note {
            Some(note) => format!("現状値（{note}）"),
            None => "現状値".to_string(),
        },
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
fn year_row(ind: &Indicator, y: FiscalYear) -> (ValueRow, bool) {
    let plan_v = ind.plan.get(&y);
    let actual_v = ind.actual.get(&y);
    let rate = progress::attainment(ind, y);
    let attainment = rate
        .as_ref()
        .map(attainment_text)
        .unwrap_or_else(|| "—".into());
    let change = progress::year_on_year(ind, y);
    let row = ValueRow {
        label: y.label(),
        period: None,
        plan: text_or_dash(plan_v, ind),
        plan_value: number_attr(plan_v),
        actual: actual_v
            .map(|v| ind.format(v))
            .unwrap_or_else(|| UNREPORTED.to_string()),
        actual_value: number_attr(actual_v),
        attainment,
        change: change.as_ref().map_or_else(|| "—".into(), |c| c.cell()),
        change_value: change.map(|c| raw_number(c.change)),
    };
    (row, rate.is_some())
}

/// A 達成率 as shown: 「68.4%（未到達）」.
pub(crate) fn attainment_text(a: &progress::Attainment) -> String {
    let met = if a.met { "到達" } else { "未到達" };
    format!("{}（{met}）", format_rate(a.rate))
}

fn target_row(ind: &Indicator) -> ValueRow {
    ValueRow {
        period: None,
        label: match &ind.target_note {
            Some(note) => format!("目標値（{note}）"),
            None => "目標値".to_string(),
        },
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
