//! The first screen of a page set's home page: how its latest report stands (the key figures,
//! items by 進捗状況 and by 評価 as charts with tables of the same numbers, the items behind the
//! plan, the items not reported by department), or, before any report, the plan's yearly
//! schedule. Where an item stands is `progress::standing`; the counts are the 総括表's.

use crate::model::{ActionItem, Edition};
use crate::progress::{self, CountRow, Standing, UNGRADED, UNREPORTED_STATUS};
use crate::render::chart::{render_counts_svg, CountBar, CountChartSpec};
use crate::render::page::Renderer;
use crate::render::view::{thousand_yen, ItemLink};
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::format_number;
use crate::words::Words;
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct OverviewView {
    /// The page set's latest report; none before the first.
    report: Option<ReportView>,
    /// The yearly plan, shown instead while there is no report.
    schedule: Option<ScheduleView>,
}

#[derive(Serialize)]
struct ReportView {
    /// 「令和4年度 進捗状況報告の概要」
    heading: String,
    /// 「令和4年度 (2022)」
    year: String,
    /// 基準日, 「令和5年5月31日」
    as_of: String,
    /// 「全4項目のうち2項目から報告がありました。」
    reported: String,
    figures: Vec<Figure>,
    /// By reported status, then by grade (when the plan has grades).
    counts: Vec<CountView>,
    /// 「計画より遅れている取組（1項目）」
    behind_title: String,
    behind: Vec<BehindView>,
    /// 「未報告の取組（2項目）」
    unreported_title: String,
    unreported: Vec<DepartmentGroup>,
    /// Per department, how many items have not reported (site.toml
    /// `show_unreported_by_department`).
    returns: Option<ReturnsTable>,
}

/// 担当課 / 未報告件数 / 対象件数, one row per department with items.
#[derive(Serialize)]
struct ReturnsTable {
    caption: String,
    rows: Vec<ReturnsRow>,
}

#[derive(Serialize)]
struct ReturnsRow {
    name: String,
    href: String,
    unreported: usize,
    /// 「1項目」
    unreported_text: String,
    items: usize,
    items_text: String,
}

/// A key figure: 「未報告の取組」「2項目」.
#[derive(Serialize)]
struct Figure {
    label: String,
    value: String,
    note: String,
}

/// One vocabulary's counts: the chart and the table of the same numbers.
#[derive(Serialize)]
struct CountView {
    id: String,
    caption: String,
    svg: String,
    rows: Vec<CountCell>,
}

#[derive(Serialize)]
struct CountCell {
    label: String,
    count: usize,
    /// 「2項目」
    text: String,
}

#[derive(Serialize)]
struct BehindView {
    item: ItemLink,
    /// 「評価 C（やや遅れ）、市税収納率の達成率 33.3%」
    reasons: String,
}

#[derive(Serialize)]
struct DepartmentGroup {
    name: String,
    href: String,
    /// 「2項目」
    count: String,
    items: Vec<ItemLink>,
}

#[derive(Serialize)]
struct ScheduleView {
    /// What the place will show once there is a report.
    pending: String,
    /// 「全36項目の、年度ごとの計画は次のとおりです。」
    intro: String,
    caption: String,
    /// Column headers: the statuses (and 「未設定」 when some years have none).
    statuses: Vec<String>,
    rows: Vec<ScheduleRow>,
}

#[derive(Serialize)]
struct ScheduleRow {
    year: String,
    cells: Vec<String>,
}

/// 「12項目」
fn items_text(w: &Words, n: usize) -> String {
    w.fill("site.items_n", &[("n", &format_number(n as f64))])
}

impl Renderer<'_> {
    pub(crate) fn overview(&self) -> OverviewView {
        match self.page_set.edition {
            Some(e) => OverviewView {
                report: Some(self.report_overview(e)),
                schedule: None,
            },
            None => OverviewView {
                report: None,
                schedule: Some(self.schedule()),
            },
        }
    }

    fn report_overview(&self, edition: &Edition) -> ReportView {
        let plan = self.plan;
        let year = edition.year;
        let standings: Vec<(&ActionItem, Standing)> = (plan.items.iter())
            .map(|i| (&**i, progress::standing(plan, i, year)))
            .collect();
        let behind: Vec<BehindView> = (standings.iter())
            .filter(|(_, s)| s.is_behind())
            .map(|(i, s)| BehindView {
                item: self.item_link(i),
                reasons: s
                    .behind
                    .iter()
                    .map(|b| b.text(self.w()))
                    .collect::<Vec<_>>()
                    .join(self.w().get("site.list_separator")),
            })
            .collect();
        let unreported = self.unreported(&standings);
        let unreported_count: usize = unreported.iter().map(|g| g.items.len()).sum();
        let summary = progress::result_summary(plan, plan.items.iter().map(AsRef::as_ref));
        let col = summary.years.iter().position(|y| *y == year);
        let w = self.w();
        let figures = figures(w, &summary, col, behind.len(), unreported_count);
        let titled = |key: &str, n: usize| {
            let n = w.fill("site.parenthesis", &[("text", &items_text(w, n))]);
            format!("{}{n}", w.get(key))
        };
        ReportView {
            heading: w.fill("overview.heading", &[("edition", &edition.title)]),
            year: self.year_label(year),
            as_of: edition.as_of.shown(plan.years),
            reported: reported_sentence(w, plan.items.len(), unreported_count),
            figures,
            counts: self.counts(&summary, col, year),
            behind_title: titled("overview.behind", behind.len()),
            behind,
            unreported_title: titled("overview.unreported", unreported_count),
            unreported,
            returns: (plan.show_unreported_by_department).then(|| self.returns_table(year)),
        }
    }

    /// How many items of each department have not reported for `year`.
    fn returns_table(&self, year: FiscalYear) -> ReturnsTable {
        let rows = (progress::returns_by_department(self.plan, year).iter())
            .map(|r| ReturnsRow {
                name: r.department.name.clone(),
                href: format!("departments/{}.html", r.department.id),
                unreported: r.unreported.len(),
                unreported_text: items_text(self.w(), r.unreported.len()),
                items: r.items.len(),
                items_text: items_text(self.w(), r.items.len()),
            })
            .collect();
        ReturnsTable {
            caption: (self.w()).fill(
                "overview.returns_caption",
                &[("year", &self.year_name(year))],
            ),
            rows,
        }
    }

    /// The items not reported, by department in site.toml's order.
    fn unreported(&self, standings: &[(&ActionItem, Standing)]) -> Vec<DepartmentGroup> {
        (self.plan.departments.iter())
            .filter(|d| self.department_ids.contains_key(d.name.as_str()))
            .filter_map(|d| {
                let items: Vec<ItemLink> = (standings.iter())
                    .filter(|(i, s)| !s.reported && i.has_department(&d.name))
                    .map(|(i, _)| self.item_link(i))
                    .collect();
                (!items.is_empty()).then(|| DepartmentGroup {
                    name: d.name.clone(),
                    href: format!("departments/{}.html", d.id),
                    count: items_text(self.w(), items.len()),
                    items,
                })
            })
            .collect()
    }

    fn counts(
        &self,
        summary: &progress::ResultSummary,
        col: Option<usize>,
        year: FiscalYear,
    ) -> Vec<CountView> {
        let w = self.w();
        let at = (col, self.year_name(year));
        let mut counts = vec![count_view(
            w,
            ("overview-status", w.get("item.status_actual")),
            &summary.by_status,
            &at,
        )];
        if !self.plan.grades.is_empty() {
            counts.push(count_view(
                w,
                ("overview-grade", w.get("item.grade")),
                &summary.by_grade,
                &at,
            ));
        }
        counts
    }

    /// Before any report: items by planned status, one row per fiscal year.
    fn schedule(&self) -> ScheduleView {
        let s = progress::status_summary(self.plan, self.plan.items.iter().map(AsRef::as_ref));
        let w = self.w();
        ScheduleView {
            pending: w
                .get(if self.plan.grades.is_empty() {
                    "overview.pending_status"
                } else {
                    "overview.pending_grade"
                })
                .to_string(),
            intro: w.fill(
                "overview.schedule_intro",
                &[("items", &items_text(w, s.item_count))],
            ),
            caption: w.get("overview.schedule_caption").into(),
            statuses: s.rows.iter().map(|r| r.status.clone()).collect(),
            rows: (s.years.iter().enumerate())
                .map(|(i, y)| ScheduleRow {
                    year: self.year_label(*y),
                    cells: s.rows.iter().map(|r| items_text(w, r.counts[i])).collect(),
                })
                .collect(),
        }
    }
}

fn reported_sentence(w: &Words, items: usize, unreported: usize) -> String {
    let key = match items - unreported {
        0 => "overview.reported_none",
        _ if unreported == 0 => "overview.reported_all",
        _ => "overview.reported_some",
    };
    let (all, n) = (items_text(w, items), items_text(w, items - unreported));
    w.fill(key, &[("all", &all), ("n", &n)])
}

/// The key figures: behind, not reported (of all items), 効果額.
fn figures(
    w: &Words,
    summary: &progress::ResultSummary,
    col: Option<usize>,
    behind: usize,
    unreported: usize,
) -> Vec<Figure> {
    let total = col.and_then(|c| summary.effect_totals.get(c)).copied();
    let effect_count = col.and_then(|c| summary.effect_counts.get(c)).copied();
    vec![
        Figure {
            label: w.get("overview.behind").into(),
            value: items_text(w, behind),
            note: String::new(),
        },
        Figure {
            label: w.get("overview.unreported").into(),
            value: items_text(w, unreported),
            note: w.fill(
                "overview.of_all",
                &[("items", &items_text(w, summary.item_count))],
            ),
        },
        Figure {
            label: w.get("overview.effect_total").into(),
            value: thousand_yen(w, &format_number(total.unwrap_or(0.0))),
            note: match effect_count.unwrap_or(0) {
                0 => w.get("overview.effect_none").into(),
                k => w.fill("overview.effect_reported", &[("items", &items_text(w, k))]),
            },
        },
    ]
}

/// One vocabulary's counts in `year` (column `col` of the 総括表), as a chart and table rows.
fn count_view(
    w: &Words,
    (id, name): (&str, &str),
    rows: &[CountRow],
    (col, year): &(Option<usize>, String),
) -> CountView {
    let col = *col;
    let cells: Vec<CountCell> = rows
        .iter()
        .map(|r| {
            // The 総括表 below has the percentages; the first screen keeps to the counts.
            let count = col.and_then(|c| r.counts.get(c)).copied().unwrap_or(0);
            CountCell {
                label: r.label.clone(),
                count,
                text: items_text(w, count),
            }
        })
        .collect();
    let caption = w.fill("overview.counts_caption", &[("name", name), ("year", year)]);
    let parts: Vec<String> = (cells.iter())
        .map(|c| format!("{} {}", c.label, items_text(w, c.count)))
        .collect();
    let description = w.fill(
        "chart.counts_description",
        &[
            ("caption", &caption),
            ("parts", &parts.join(w.get("site.list_separator"))),
        ],
    );
    let svg = render_counts_svg(&CountChartSpec {
        id,
        title: &caption,
        description: &description,
        unit: w.get("chart.items_unit"),
        bars: (cells.iter())
            .map(|c| CountBar {
                label: c.label.clone(),
                count: c.count,
                none: c.label == w.get(UNREPORTED_STATUS) || c.label == w.get(UNGRADED),
            })
            .collect(),
    });
    CountView {
        id: id.into(),
        caption,
        svg,
        rows: cells,
    }
}
