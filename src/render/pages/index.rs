//! The home page of a page set (index.html) and the category pages (categories/*.html): the
//! plan's items by category and section, with the summary tables. The home page opens with the
//! overview of the latest report (`overview.rs`).

use crate::diag::Diagnostic;
use crate::model::{ActionItem, Section};
use crate::progress;
use crate::render::markdown;
use crate::render::page::{Page, Renderer};
use crate::render::pages::changes::ChangesLink;
use crate::render::pages::corrections::EditionCorrections;
use crate::render::pages::overview::OverviewView;
use crate::render::pages::summary::{status_group, SummaryGroup, SummaryView};
use crate::render::view::{self, ItemLink, Link};
use serde::Serialize;

#[derive(Serialize)]
struct IndexPage {
    /// The first screen: how the latest report stands.
    overview: OverviewView,
    description_html: Option<String>,
    revisions: Vec<String>,
    categories: Vec<CategoryView>,
    summary: SummaryView,
    result_summary: Option<SummaryView>,
    /// Planned vs reported 効果額, with its chart (plans with planned amounts only).
    effect_summary: Option<crate::render::pages::effect::EffectSummaryView>,
    statuses: Vec<crate::model::Status>,
    editions: Vec<Link>,
    council_report: Option<Link>,
    /// What changed since the previous report (a page set that shows a report).
    changes_link: Option<ChangesLink>,
    /// The corrections of the edition shown, once it is published.
    corrections: Option<EditionCorrections>,
    department_count: usize,
    item_count: usize,
}

#[derive(Serialize)]
struct CategoryPage {
    category: CategoryView,
    summary: SummaryView,
    result_summary: Option<SummaryView>,
    effect_summary: Option<crate::render::pages::effect::EffectSummaryView>,
}

#[derive(Serialize)]
struct CategoryView {
    id: String,
    /// The top level's name (大項目).
    level: String,
    label: String,
    title: String,
    description_html: Option<String>,
    href: String,
    item_count: usize,
    /// Every section below the category, depth first (a section, then its sub-sections).
    sections: Vec<SectionView>,
    /// Items of a category without sections.
    items: Vec<ItemLink>,
}

/// A section at some level below the top one. The tree is flattened, each section knowing its
/// heading level, so the templates need no recursion.
#[derive(Serialize)]
struct SectionView {
    /// The ids from the top level down, joined: 「1-2」.
    id: String,
    /// The level's name (中項目).
    level: String,
    label: String,
    title: String,
    description_html: Option<String>,
    /// The heading's rank on the home page (h4 for the second level) and on the category
    /// page (h2).
    index_heading: usize,
    page_heading: usize,
    /// Whether sub-sections follow (then the section holds no items itself).
    has_sections: bool,
    items: Vec<ItemLink>,
}

impl Renderer<'_> {
    pub(crate) fn index(&self, by_category: &[Vec<&ActionItem>]) -> Result<Page, Diagnostic> {
        let plan = self.plan;
        let w = self.w();
        let whole = w.get("report.whole");
        let mut groups = vec![status_group(
            w,
            whole.into(),
            &progress::status_summary(plan, plan.items.iter().map(AsRef::as_ref)),
        )];
        for (i, c) in plan.categories.iter().enumerate() {
            let s = progress::status_summary(plan, by_category[i].iter().copied());
            groups.push(status_group(w, format!("{} {}", c.id, c.title), &s));
            groups.extend(self.section_groups(&[i], &by_category[i]));
        }
        let page = IndexPage {
            overview: self.overview(),
            description_html: plan
                .description
                .as_deref()
                .map(|d| markdown::render(d, "").html),
            revisions: plan
                .revisions
                .iter()
                .map(|r| {
                    let when = r.shown(plan.years);
                    w.fill("site.revision", &[("date", &when), ("edition", &r.edition)])
                })
                .collect(),
            categories: (0..plan.categories.len())
                .map(|i| self.category_view(i, &by_category[i]))
                .collect(),
            summary: self.status_summary(groups),
            result_summary: self.result_summary(whole, plan.items.iter().map(AsRef::as_ref)),
            effect_summary: self.effect_summary(whole, plan.items.iter().map(AsRef::as_ref)),
            statuses: plan.statuses.clone(),
            editions: self.edition_links(),
            council_report: self.council_report_link(None, "index.html"),
            changes_link: self.changes_link(),
            corrections: self.edition_corrections("index.html"),
            department_count: plan.departments.iter().filter(|d| !d.collective).count(),
            item_count: plan.items.len(),
        };
        let title = match self.edition {
            Some(e) if e.frozen => e.title.clone(),
            _ => plan.title.clone(),
        };
        let description = match &plan.description {
            Some(d) if self.page_set.prefix.is_empty() => {
                let text = markdown::plain_text(d, 120);
                w.fill(
                    "site.description_home",
                    &[("title", &title), ("text", &text)],
                )
            }
            _ => self.default_description(&title),
        };
        self.page_described(
            "index.html",
            "index.html",
            (title, description),
            vec![],
            page,
        )
    }

    /// The 総括表 rows of the sections under the one at `place`, down to the level above the
    /// last (the last level's sections hold a few items each): 「1-2 窓口の改善」.
    fn section_groups(&self, place: &[usize], items: &[&ActionItem]) -> Vec<SummaryGroup> {
        let plan = self.plan;
        if place.len() + 1 >= plan.levels.len() {
            return Vec::new();
        }
        let along = plan.sections_along(place);
        let mut groups = Vec::new();
        for (i, s) in along[along.len() - 1].sections.iter().enumerate() {
            let here: Vec<usize> = place.iter().copied().chain([i]).collect();
            let within: Vec<&ActionItem> = (items.iter().copied())
                .filter(|item| item.place.starts_with(&here))
                .collect();
            let id: Vec<&str> = plan
                .sections_along(&here)
                .iter()
                .map(|s| s.id.as_str())
                .collect();
            let summary = progress::status_summary(plan, within.iter().copied());
            groups.push(status_group(
                &plan.words,
                format!("{} {}", id.join("-"), s.title),
                &summary,
            ));
            groups.extend(self.section_groups(&here, &within));
        }
        groups
    }

    /// Links to every yearly edition, newest first.
    fn edition_links(&self) -> Vec<Link> {
        let root = view::root_of(&self.page_set.prefix);
        self.page_set
            .editions
            .iter()
            .rev()
            .map(|r| Link {
                title: r.title.clone(),
                href: format!("{root}reports/{}/index.html", r.year.0),
            })
            .collect()
    }

    pub(crate) fn category(&self, index: usize, items: &[&ActionItem]) -> Result<Page, Diagnostic> {
        let c = &self.plan.categories[index];
        let s = progress::status_summary(self.plan, items.iter().copied());
        let title = format!("{} {}", c.id, c.title);
        let page = CategoryPage {
            category: self.category_view(index, items),
            summary: self.status_summary(vec![status_group(self.w(), title.clone(), &s)]),
            result_summary: self.result_summary(&title, items.iter().copied()),
            effect_summary: self.effect_summary(&title, items.iter().copied()),
        };
        self.page(
            &format!("categories/{}.html", c.id),
            "category.html",
            title,
            vec![self.home_crumb()],
            page,
        )
    }

    fn category_view(&self, index: usize, items: &[&ActionItem]) -> CategoryView {
        let c = &self.plan.categories[index];
        let mut sections = Vec::new();
        self.section_views(&[index], &c.sections, items, &mut sections);
        CategoryView {
            id: c.id.clone(),
            level: self.plan.level_name(0).to_string(),
            label: c.label.clone(),
            title: c.title.clone(),
            description_html: description_html(c),
            href: format!("categories/{}.html", c.id),
            item_count: items.len(),
            sections,
            items: items
                .iter()
                .filter(|i| i.place.len() == 1)
                .map(|i| self.item_link(i))
                .collect(),
        }
    }

    /// The sections under the one at `place`, depth first, each with its own items.
    fn section_views(
        &self,
        place: &[usize],
        sections: &[Section],
        items: &[&ActionItem],
        out: &mut Vec<SectionView>,
    ) {
        for (i, s) in sections.iter().enumerate() {
            let here: Vec<usize> = place.iter().copied().chain([i]).collect();
            let along = self.plan.sections_along(&here);
            let depth = here.len() - 1;
            out.push(SectionView {
                id: along
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join("-"),
                level: self.plan.level_name(depth).to_string(),
                label: s.label.clone(),
                title: s.title.clone(),
                description_html: description_html(s),
                index_heading: 3 + depth,
                page_heading: 1 + depth,
                has_sections: !s.sections.is_empty(),
                items: (items.iter().filter(|i| i.place == here))
                    .map(|i| self.item_link(i))
                    .collect(),
            });
            self.section_views(&here, &s.sections, items, out);
        }
    }
}

fn description_html(s: &Section) -> Option<String> {
    s.description
        .as_deref()
        .map(|d| markdown::render(d, "").html)
}
