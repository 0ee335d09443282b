//! 総括表: the summary tables of the home and category pages (items by planned status per
//! year, and reported results by status, grade and 効果額 per report year).

use crate::model::ActionItem;
use crate::progress::{self, ResultSummary, StatusSummary};
use crate::render::page::Renderer;
use crate::text::number::Negative;
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

pub(crate) fn status_group(title: String, s: &StatusSummary) -> SummaryGroup {
    SummaryGroup {
        title,
        item_count: s.item_count,
        rows: s
            .rows
            .iter()
            .map(|r| SummaryRow {
                label: r.status.clone(),
                cells: r.counts.iter().map(|n| format!("{n}件")).collect(),
            })
            .collect(),
    }
}

fn count_rows(rows: &[progress::CountRow]) -> Vec<SummaryRow> {
    rows.iter()
        .map(|r| SummaryRow {
            label: r.label.clone(),
            cells: r
                .counts
                .iter()
                .zip(&r.percents)
                .map(|(n, p)| format!("{n}件（{p:.1}%）"))
                .collect(),
        })
        .collect()
}

/// 総括表 of reported results: by status, by grade, and 効果額 totals.
fn result_groups(title: &str, s: &ResultSummary, negative: Negative) -> Vec<SummaryGroup> {
    let effect = SummaryRow {
        label: "効果額の合計".into(),
        cells: s
            .effect_totals
            .iter()
            .zip(&s.effect_counts)
            .map(|(t, n)| format!("{}千円（{n}項目）", negative.format(*t, 0)))
            .collect(),
    };
    vec![
        SummaryGroup {
            title: format!("{title}: 進捗状況（実績）"),
            item_count: s.item_count,
            rows: count_rows(&s.by_status),
        },
        SummaryGroup {
            title: format!("{title}: 評価"),
            item_count: s.item_count,
            rows: count_rows(&s.by_grade),
        },
        SummaryGroup {
            title: format!("{title}: 効果額"),
            item_count: s.item_count,
            rows: vec![effect],
        },
    ]
}

impl Renderer<'_> {
    pub(crate) fn status_summary(&self, groups: Vec<SummaryGroup>) -> SummaryView {
        SummaryView {
            caption: "総括表: 計画上の進捗状況別の取組項目数（年度別）".into(),
            years: self.plan.fiscal_years().map(|y| y.label()).collect(),
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
            caption: "総括表: 実績の進捗状況・評価別の取組項目数と効果額（報告年度別）".into(),
            years: s.years.iter().map(|y| y.label()).collect(),
            groups: result_groups(page_set, &s, self.plan.negative),
        })
    }
}
