//! 効果額の計画と実績: the item page's 効果額 section (a chart and a table of the same numbers)
//! and the 総括表 of planned vs reported totals on the home and category pages.

use crate::model::{ActionItem, Plan};
use crate::progress;
use crate::render::chart::{self, ChartSpec, ChartYear};
use crate::render::page::Renderer;
use crate::render::pages::summary::{SummaryGroup, SummaryRow, SummaryView};
use crate::render::view::thousand_yen;
use crate::text::fiscal_year::FiscalYear;
use serde::Serialize;

/// An item's planned and reported 効果額, shown when the item plans amounts.
#[derive(Serialize)]
pub(crate) struct EffectView {
    caption: String,
    chart_id: String,
    chart_svg: String,
    rows: Vec<EffectRow>,
}

#[derive(Serialize)]
struct EffectRow {
    label: String,
    plan: String,
    actual: String,
}

/// 「1,200千円」 in the plan's style of negatives; 「—」 for none.
fn amount(plan: &Plan, v: Option<f64>) -> String {
    v.map(|v| thousand_yen(&plan.words, &plan.negative.format(v, 0)))
        .unwrap_or_else(|| "—".to_string())
}

/// The item's 効果額 section; `None` when the item plans no amount.
pub(crate) fn effect_view(plan: &Plan, item: &ActionItem) -> Option<EffectView> {
    if !item.effect_charted() {
        return None;
    }
    let years: Vec<FiscalYear> = plan.fiscal_years().collect();
    let actual = |y: &FiscalYear| item.result(*y).and_then(|r| r.effect_amount);
    let points: Vec<EffectPoint> = (years.iter())
        .map(|y| {
            (
                plan.years.label(*y),
                item.effect_plan.get(y).copied(),
                actual(y),
            )
        })
        .collect();
    let chart_id = format!("chart-{}-effect", item.id);
    let chart_svg = effect_chart(
        plan,
        &chart_id,
        plan.words.get("effect.chart_title"),
        &years,
        &points,
    );
    let n = plan;
    let mut rows: Vec<EffectRow> = (points.iter())
        .map(|(label, p, a)| EffectRow {
            label: label.clone(),
            plan: amount(n, *p),
            actual: amount(n, *a),
        })
        .collect();
    let reported: Vec<f64> = points.iter().filter_map(|(_, _, a)| *a).collect();
    rows.push(EffectRow {
        label: plan.words.get("effect.total").into(),
        plan: amount(n, item.effect_plan_sum()),
        actual: amount(n, (!reported.is_empty()).then(|| reported.iter().sum())),
    });
    Some(EffectView {
        caption: plan.words.get("effect.caption").into(),
        chart_id,
        chart_svg,
        rows,
    })
}

/// One year's 効果額: its label, the planned and the reported amount (千円).
type EffectPoint = (String, Option<f64>, Option<f64>);

/// A planned-vs-reported chart of 効果額 (千円) with a one-sentence text alternative.
fn effect_chart(
    plan: &Plan,
    id: &str,
    title: &str,
    years: &[FiscalYear],
    points: &[EffectPoint],
) -> String {
    let w = &plan.words;
    let sum = |pick: fn(&EffectPoint) -> Option<f64>| {
        let v: Vec<f64> = points.iter().filter_map(pick).collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>())
    };
    let planned = amount(plan, sum(|p| p.1)).replace('—', w.get("effect.none"));
    let reported = amount(plan, sum(|p| p.2)).replace('—', w.get("site.unreported"));
    let description = w.fill(
        "effect.description",
        &[("planned", &planned), ("reported", &reported)],
    );
    chart::render_svg(&ChartSpec {
        id,
        title,
        description: &description,
        unit: w.get("effect.unit"),
        years: (years.iter().zip(points))
            .map(|(y, (_, plan_v, actual))| ChartYear {
                label: plan.years.short(*y),
                plan: *plan_v,
                actual: *actual,
                outside: None,
            })
            .collect(),
        baseline: None,
        target: None,
        decimals: 0,
        kind: crate::model::ChartKind::Bar,
        negative: plan.negative,
        words: &plan.words,
    })
}

/// The 総括表 of 効果額 and its chart.
#[derive(Serialize)]
pub(crate) struct EffectSummaryView {
    table: SummaryView,
    chart_svg: String,
}

impl Renderer<'_> {
    /// 総括表 of 効果額: planned and reported per year and for the whole plan, with a chart of
    /// the same numbers; `None` when no item in scope plans an amount.
    pub(crate) fn effect_summary<'b>(
        &self,
        title: &str,
        items: impl Iterator<Item = &'b ActionItem> + Clone,
    ) -> Option<EffectSummaryView> {
        let plan = self.plan;
        let s = progress::effect_summary(plan, items)?;
        let (n, w) = (plan, &plan.words);
        let row = |label: &str, per: &[Option<f64>], total: Option<f64>| SummaryRow {
            label: label.into(),
            cells: (per.iter().copied().chain([total]))
                .map(|v| amount(n, v))
                .collect(),
        };
        let mut years: Vec<String> = s.years.iter().map(|y| plan.years.label(*y)).collect();
        years.push(w.get("effect.total").into());
        let points: Vec<EffectPoint> = (s.years.iter())
            .zip(s.planned.iter().zip(&s.actual))
            .map(|(y, (p, a))| (plan.years.label(*y), *p, *a))
            .collect();
        let chart = effect_chart(
            plan,
            "chart-effect-summary",
            &w.fill("effect.summary_chart_title", &[("title", title)]),
            &s.years,
            &points,
        );
        let view = SummaryView {
            caption: w.get("effect.summary_caption").into(),
            years,
            groups: vec![SummaryGroup {
                title: w.fill("summary.group_effect", &[("title", title)]),
                item_count: s.planned_items,
                rows: vec![
                    row(w.get("report.planned"), &s.planned, s.planned_total),
                    row(w.get("item.figures_actual"), &s.actual, s.actual_total),
                ],
            }],
        };
        Some(EffectSummaryView {
            table: view,
            chart_svg: chart,
        })
    }
}
