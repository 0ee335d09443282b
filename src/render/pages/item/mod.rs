//! The item page (items/*.html): one action item with its department and category, its
//! description, the years table, indicators with charts, reported results, links to the same
//! item in other editions and what changed since the previous edition.

pub(crate) mod charts;
mod indicator;

use crate::diag::codes;
use crate::diag::{Diagnostic, Position};
use crate::model::{ActionItem, Category, Source};
use crate::progress;
use crate::render::data::Distribution;
use crate::render::markdown;
use crate::render::page::Renderer;
use crate::render::page_set::{MarkdownMemo, PageResult};
use crate::render::pages::changes::{change_views, unreported_note, ChangeView};
use crate::render::pages::corrections::CorrectionView;
use crate::render::view::{self, download, thousand_yen, Download, Link, NavLink};
use crate::text::fiscal_year::FiscalYear;
pub(crate) use indicator::attainment_text;
use indicator::{indicator_view, IndicatorView};
use serde::Serialize;

/// What the item page shows for a year without a reported actual value.

#[derive(Serialize)]
struct ItemPage {
    id: String,
    title: String,
    /// The responsible departments, lead first (a link where the department has a page).
    departments: Vec<Link>,
    related_departments: Vec<Link>,
    category: LevelView,
    /// The sections below the top level, down to the item's.
    sections: Vec<LevelView>,
    tag_group: String,
    /// 「① 事務事業の再編・整理」 per tag.
    tags: Vec<String>,
    body_html: String,
    common_goal_html: Option<String>,
    years: Vec<YearRow>,
    /// False for a schedule-only item: the years table has no goal and value columns.
    year_details: bool,
    indicators: Vec<IndicatorView>,
    /// Planned and reported 効果額, when the item plans amounts.
    effect: Option<crate::render::pages::effect::EffectView>,
    results: Vec<ResultView>,
    editions: Vec<NavLink>,
    changes: Option<ChangesView>,
    /// Corrections of published editions that concern this item.
    corrections: Vec<CorrectionView>,
    downloads: Vec<Download>,
}

/// The item's section at one level: the level's name (大項目) and 「1 情報の提供」.
#[derive(Serialize)]
struct LevelView {
    name: String,
    title: String,
    /// The category page, for the top level only.
    href: String,
}

#[derive(Serialize)]
struct ChangesView {
    from: String,
    to: String,
    /// 「令和3年度」 and 「令和4年度」: the years compared.
    before_year: String,
    year: String,
    /// False while the item has not reported for this edition's year: nothing is compared.
    reported: bool,
    changes: Vec<ChangeView>,
    /// Which indicators' actual value for this year is not yet reported.
    unreported_note: Option<String>,
}

#[derive(Serialize)]
struct YearRow {
    label: String,
    status: Option<String>,
    /// The printed plan's status for the year is illegible (`status = "?"`).
    unknown: bool,
    goal_html: Option<String>,
    plan_values: Vec<String>,
    actual_values: Vec<String>,
}

#[derive(Serialize)]
struct ResultView {
    label: String,
    status: Option<String>,
    grade: Option<String>,
    achievements_html: Option<String>,
    challenges_html: Option<String>,
    effect_amount: Option<String>,
    council_comment_html: Option<String>,
    /// Who reported, as of when: one line per import (none for results written by hand).
    sources: Vec<String>,
}

/// Renders the item's Markdown (memoised across builds) and collects its warnings.
struct ItemMarkdown<'a> {
    memo: &'a MarkdownMemo,
    root: &'a str,
    item: &'a ActionItem,
    warnings: Vec<Diagnostic>,
}

impl ItemMarkdown<'_> {
    /// `at` is where `text` starts in the source (the body); `None` for front-matter fields.
    fn html(&mut self, text: &str, inline: bool, at: Option<Position>) -> String {
        let root = self.root;
        let r = self.memo.get_or(
            || Some((text.to_string(), root.to_string(), inline)),
            || {
                if inline {
                    markdown::render_inline(text, root)
                } else {
                    markdown::render(text, root)
                }
            },
        );
        for (offset, msg) in r.problems {
            // Body problems are located exactly; front-matter fields at the item's id line.
            let pos = match at {
                Some(start) => start.advance(&text[..offset]),
                None => self.item.id_position,
            };
            let source = &self.item.source;
            self.warnings
                .push(Diagnostic::warning(codes::W210, source, pos, msg));
        }
        r.html
    }

    /// Markdown shown a second time on the page (in the change table): its warnings are
    /// already collected where it is first shown.
    fn html_again(&self, text: &str) -> String {
        let key = || Some((text.to_string(), self.root.to_string(), false));
        (self.memo)
            .get_or(key, || markdown::render(text, self.root))
            .html
    }
}

impl Renderer<'_> {
    pub(crate) fn item(
        &self,
        item: &ActionItem,
        chart_svgs: &[Option<std::sync::Arc<str>>],
        downloads: &[Distribution],
    ) -> PageResult {
        let root = view::root_of(&format!("{}items/x", self.page_set.prefix));
        let root = root.as_str();
        let mut md = ItemMarkdown {
            memo: self.page_set.markdown,
            root,
            item,
            warnings: Vec::new(),
        };
        // Markdown first, in page order, so the warnings come in that order.
        let body_html = md.html(&item.body, false, Some(item.body_position));
        let common_goal_html = item.common_goal.as_deref().map(|g| md.html(g, true, None));
        let years = year_rows(self.plan, item, &mut md);
        let results = self.result_views(item, &mut md);
        let (indicators, charts) = self.indicator_views(item, chart_svgs);
        let along = self.plan.sections_of(item);
        let c = along[0];
        let page = ItemPage {
            id: item.id.clone(),
            title: item.title.clone(),
            departments: (item.departments.iter())
                .map(|d| self.department_link(d, root))
                .collect(),
            related_departments: item
                .related_departments
                .iter()
                .map(|d| self.department_link(d, root))
                .collect(),
            category: LevelView {
                name: self.plan.level_name(0).to_string(),
                title: format!("{} {}", c.id, c.title),
                href: format!("{root}{}categories/{}.html", self.page_set.prefix, c.id),
            },
            sections: self.level_views(&along),
            tag_group: self.plan.tag_group.clone(),
            tags: (item.tags.iter().filter_map(|t| self.plan.tag(t)))
                .map(|t| format!("{} {}", t.label, t.description).trim().to_string())
                .collect(),
            body_html,
            common_goal_html,
            years,
            year_details: !item.is_schedule_only(),
            indicators,
            effect: crate::render::pages::effect::effect_view(self.plan, item),
            results,
            editions: self.item_editions(item, root),
            changes: self.changes(item, &md),
            corrections: self.item_corrections(&item.id, &format!("items/{}.html", item.id)),
            downloads: downloads
                .iter()
                .map(|d| download(self.w(), d, root))
                .collect(),
        };
        let title = format!("{} {}", item.id, item.title);
        let description = self.item_description(item, &title);
        let crumbs = vec![self.home_crumb(), category_crumb(c)];
        let file = self.page_file(
            &format!("items/{}.html", item.id),
            "item.html",
            (title, description),
            crumbs,
            page,
        )?;
        Ok((file, charts, md.warnings))
    }

    /// 「1-1-1 窓口の改善（担当 市民課）。令和3年度: 進捗状況 実施・評価 B。現状は…」
    fn item_description(&self, item: &ActionItem, title: &str) -> String {
        let w = self.w();
        let departments = item.departments.join(w.get("site.joiner"));
        let mut d = w.fill(
            "item.description",
            &[("title", title), ("departments", &departments)],
        );
        if let Some(e) = self.edition.filter(|e| e.frozen) {
            d.push_str(&w.fill("item.description_edition", &[("edition", &e.title)]));
        }
        if let Some(latest) = self.latest_result_text(item) {
            d.push_str(&w.fill("item.description_latest", &[("latest", &latest)]));
        }
        d.push_str(&markdown::plain_text(&item.body, 100));
        d
    }

    /// The sections below the top level: 「(1) 窓口の改善」 under its level's name.
    fn level_views(&self, along: &[&crate::model::Section]) -> Vec<LevelView> {
        (along.iter().enumerate().skip(1))
            .map(|(depth, s)| LevelView {
                name: self.plan.level_name(depth).to_string(),
                title: format!("{} {}", s.label, s.title),
                href: String::new(),
            })
            .collect()
    }

    /// A department's page (no link for a department without a page in this set: not listed
    /// in site.toml, a collective entry, or responsible for no item).
    fn department_link(&self, name: &str, root: &str) -> Link {
        Link {
            title: name.to_string(),
            href: self
                .department_ids
                .get(name)
                .map(|id| format!("{root}{}departments/{id}.html", self.page_set.prefix))
                .unwrap_or_default(),
        }
    }

    /// The reported results, one per year with a result.
    fn result_views(&self, item: &ActionItem, md: &mut ItemMarkdown) -> Vec<ResultView> {
        let plan = self.plan;
        item.years
            .iter()
            .filter_map(|y| y.result.as_ref().map(|r| (y, r)))
            .map(|(y, r)| ResultView {
                label: plan.years.label(y.year),
                status: r.status.clone(),
                grade: r.grade.as_ref().map(|g| grade_text(plan, g)),
                achievements_html: r.achievements.as_deref().map(|t| md.html(t, false, None)),
                challenges_html: r.challenges.as_deref().map(|t| md.html(t, false, None)),
                effect_amount: (r.effect_amount)
                    .map(|e| thousand_yen(&plan.words, &plan.negative.format(e, 0))),
                council_comment_html: r
                    .council_comment
                    .as_deref()
                    .map(|t| md.html(t, false, None)),
                sources: y.sources.iter().map(|s| source_text(plan, s)).collect(),
            })
            .collect()
    }

    /// The indicators' views and how many of them have a chart.
    fn indicator_views(
        &self,
        item: &ActionItem,
        chart_svgs: &[Option<std::sync::Arc<str>>],
    ) -> (Vec<IndicatorView>, usize) {
        let plan = self.plan;
        let reported: Vec<FiscalYear> = plan.editions.iter().map(|r| r.year).collect();
        let views: Vec<IndicatorView> = item
            .indicators
            .iter()
            .enumerate()
            .map(|(n, ind)| {
                let svg = chart_svgs.get(n).cloned().flatten().map(|s| s.to_string());
                indicator_view(plan, item, n, ind, svg, &reported)
            })
            .collect();
        let charts = views.iter().filter(|v| v.chart_svg.is_some()).count();
        (views, charts)
    }

    /// The same item in the latest site and in every edition (none without editions).
    fn item_editions(&self, item: &ActionItem, root: &str) -> Vec<NavLink> {
        let page_set = self.page_set;
        if page_set.editions.is_empty() {
            return Vec::new();
        }
        let mut editions = vec![NavLink {
            title: self.w().get("item.latest_edition").into(),
            href: format!("{root}items/{}.html", item.id),
            current: page_set.prefix.is_empty().then_some("page"),
        }];
        editions.extend(page_set.editions.iter().rev().map(|r| {
            NavLink {
                title: r.title.clone(),
                href: format!("{root}reports/{}/items/{}.html", r.year.0, item.id),
                current: (page_set.frozen && page_set.edition.map(|x| x.year) == Some(r.year))
                    .then_some("page"),
            }
        }));
        editions
    }

    /// What changed since the previous edition (in an edition that has one).
    fn changes(&self, item: &ActionItem, md: &ItemMarkdown) -> Option<ChangesView> {
        let (now, prev) = (self.page_set.edition?, self.page_set.previous?);
        let c = progress::compare(self.plan, item, now.year, prev.year);
        Some(ChangesView {
            from: prev.title.clone(),
            to: now.title.clone(),
            before_year: self.year_name(prev.year),
            year: self.year_name(now.year),
            reported: c.now.reported,
            changes: change_views(&c.changes.changes, |t| md.html_again(t)),
            unreported_note: unreported_note(self.plan, now.year, &c.changes.unreported_indicators),
        })
    }
}

/// The years table: status, goal, planned and actual values per year.
fn year_rows(plan: &crate::model::Plan, item: &ActionItem, md: &mut ItemMarkdown) -> Vec<YearRow> {
    let unreported = plan.words.get("site.unreported");
    item.years
        .iter()
        .map(|y| YearRow {
            label: plan.years.label(y.year),
            status: (y.status.as_deref()).map(|s| plan.status_label(s).to_string()),
            unknown: y.status.as_deref() == Some(crate::model::UNKNOWN_STATUS),
            goal_html: y.goal.as_deref().map(|g| md.html(g, true, None)),
            plan_values: item
                .indicators
                .iter()
                .filter_map(|ind| {
                    ind.plan
                        .get(&y.year)
                        .map(|v| format!("{} {}", ind.name, ind.format(v)))
                })
                .collect(),
            actual_values: item
                .indicators
                .iter()
                .map(|ind| {
                    let v = ind.actual.get(&y.year).map(|v| ind.format(v));
                    format!("{} {}", ind.name, v.as_deref().unwrap_or(unreported))
                })
                .collect(),
        })
        .collect()
}

/// A grade as shown: 「B（計画どおり）」 (the code alone if site.toml does not list it).
/// 「報告: 情報戦略課（令和4年5月20日 取込、調査票 2021_johosenryaku.xlsx）」
fn source_text(plan: &crate::model::Plan, s: &Source) -> String {
    plan.words.fill(
        "item.source",
        &[
            ("department", &s.department),
            ("date", &s.imported.shown(plan.years)),
            ("file", &s.file),
        ],
    )
}

pub(crate) fn grade_text(plan: &crate::model::Plan, code: &str) -> String {
    progress::grade_text(plan, code)
}

fn category_crumb(c: &Category) -> Link {
    Link {
        title: format!("{} {}", c.id, c.title),
        href: format!("categories/{}.html", c.id),
    }
}
