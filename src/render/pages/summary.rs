//! 総括表: the summary tables of the home and category pages (items by planned status per
//! year, and reported results by status, grade and 効果額 per report year).

use crate::model::{ActionItem, Plan};
use crate::progress::{self, ResultSummary, StatusSummary};
use crate::render::page::Renderer;
use crate::render::view::thousand_yen;
use crate::words::Words;
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct SummaryView {
    pub(crate) caption: String,
    pub(crate) years: Vec<String>,
    pub(crate) groups: Vec<SummaryGroup>,
}

#[derive(Serialize)]
pub(crate) struct SummaryGroup {
    pub(crate) title: String,
    pub(crate) item_count: usize,
    pub(crate) rows: Vec<SummaryRow>,
}

#[derive(Serialize)]
pub(crate) struct SummaryRow {
    pub(crate) label: String,
    pub(crate) cells: Vec<String>,
}

pub(crate) fn status_group(w: &Words, title: String, s: &StatusSummary) -> SummaryGroup {
    SummaryGroup {
        title,
        item_count: s.item_count,
        rows: s
            .rows
            .iter()
            .map(|r| SummaryRow {
                label: r.status.clone(),
                cells: (r.counts.iter())
                    .map(|n| w.fill("summary.count", &[("n", &n.to_string())]))
                    .collect(),
            })
            .collect(),
    }
}

fn count_rows(w: &Words, rows: &[progress::CountRow]) -> Vec<SummaryRow> {
    rows.iter()
        .map(|r| SummaryRow {
            label: r.label.clone(),
            cells: r
                .counts
                .iter()
                .zip(&r.percents)
                .map(|(n, p)| {
                    let (n, p) = (n.to_string(), format!("{p:.1}"));
                    w.fill("summary.count_percent", &[("n", &n), ("percent", &p)])
                })
                .collect(),
        })
        .collect()
}

/// 総括表 of reported results: by status, by grade, and 効果額 totals.
fn result_groups(title: &str, s: &ResultSummary, plan: &Plan) -> Vec<SummaryGroup> {
    let w = &plan.words;
    let effect = SummaryRow {
        label: w.get("overview.effect_total").into(),
        cells: s
            .effect_totals
            .iter()
            .zip(&s.effect_counts)
            .map(|(t, n)| {
                let amount = thousand_yen(w, &plan.negative.format(*t, 0));
                let n = w.fill("site.item_count_note", &[("n", &n.to_string())]);
                format!("{amount}{n}")
            })
            .collect(),
    };
    let group = |key: &str| w.fill(key, &[("title", title)]);
    vec![
        SummaryGroup {
            title: group("summary.group_status"),
            item_count: s.item_count,
            rows: count_rows(w, &s.by_status),
        },
        SummaryGroup {
            title: group("summary.group_grade"),
            item_count: s.item_count,
            rows: count_rows(w, &s.by_grade),
        },
        SummaryGroup {
            title: group("summary.group_effect"),
            item_count: s.item_count,
            rows: vec![effect],
        },
    ]
}

impl Renderer<'_> {
    pub(crate) fn status_summary(&self, groups: Vec<SummaryGroup>) -> SummaryView {
        SummaryView {
            caption: self.w().get("summary.plan_caption").into(),
            years: self
                .plan
                .fiscal_years()
                .map(|y| self.year_label(y))
                .collect(),
            groups,
        }
    }

    /// The results table, only once the plan has reports.
    pub(crate) fn result_summary<'b>(
        &self,
        page_set: &str,
        items: impl Iterator<Item = &'b ActionItem> + Clone,
    ) -> Option<SummaryView> {
        if self.plan.editions.is_empty() {
            return None;
        }
        let s = progress::result_summary(self.plan, items);
        Some(SummaryView {
            caption: self.w().get("summary.result_caption").into(),
            years: s.years.iter().map(|y| self.year_label(*y)).collect(),
            groups: result_groups(page_set, &s, self.plan),
        })
    }
}
