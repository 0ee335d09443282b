//! The home page of a page set (index.html) and the category pages (categories/*.html): the
//! plan's items by category and section, with the summary tables. The home page opens with the
//! overview of the latest report (`overview.rs`).

use crate::diag::Diagnostic;
use crate::model::ActionItem;
use crate::output::OutputFile;
use crate::progress;
use crate::render::markdown;
use crate::render::page::Renderer;
use crate::render::pages::changes::ChangesLink;
use crate::render::pages::corrections::EditionCorrections;
use crate::render::pages::overview::OverviewView;
use crate::render::pages::summary::{status_group, SummaryView};
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
    label: String,
    title: String,
    href: String,
    item_count: usize,
    sections: Vec<SectionView>,
    /// Items of a category without sections.
    items: Vec<ItemLink>,
}

#[derive(Serialize)]
struct SectionView {
    id: String,
    label: String,
    title: String,
    items: Vec<ItemLink>,
}

impl Renderer<'_> {
    pub(crate) fn index(&self, by_category: &[Vec<&ActionItem>]) -> Result<OutputFile, Diagnostic> {
        let plan = self.plan;
        let mut groups = vec![status_group(
            "全体".into(),
            &progress::status_summary(plan, plan.items.iter()),
        )];
        for (i, c) in plan.categories.iter().enumerate() {
            let s = progress::status_summary(plan, by_category[i].iter().copied());
            groups.push(status_group(format!("{} {}", c.id, c.title), &s));
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
                .map(|r| format!("{}（{}）", r.wareki(), r.edition))
                .collect(),
            categories: (0..plan.categories.len())
                .map(|i| self.category_view(i, &by_category[i]))
                .collect(),
            summary: self.status_summary(groups),
            result_summary: self.result_summary("全体", plan.items.iter()),
            effect_summary: self.effect_summary("全体", plan.items.iter()),
            statuses: plan.statuses.clone(),
            editions: self.edition_links(),
            council_report: self.council_report_link(None, "index.html"),
            changes_link: self.changes_link(),
            corrections: self.edition_corrections("index.html"),
            department_count: plan.departments.len(),
            item_count: plan.items.len(),
        };
        let title = match self.edition {
            Some(e) if e.frozen => e.title.clone(),
            _ => plan.title.clone(),
        };
        let description = match &plan.description {
            Some(d) if self.page_set.prefix.is_empty() => {
                format!("{title}。{}", markdown::plain_text(d, 120))
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

    pub(crate) fn category(
        &self,
        index: usize,
        items: &[&ActionItem],
    ) -> Result<OutputFile, Diagnostic> {
        let c = &self.plan.categories[index];
        let s = progress::status_summary(self.plan, items.iter().copied());
        let title = format!("{} {}", c.id, c.title);
        let page = CategoryPage {
            category: self.category_view(index, items),
            summary: self.status_summary(vec![status_group(title.clone(), &s)]),
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
        CategoryView {
            id: c.id.clone(),
            label: c.id.clone(),
            title: c.title.clone(),
            href: format!("categories/{}.html", c.id),
            item_count: items.len(),
            sections: c
                .sections
                .iter()
                .enumerate()
                .map(|(si, s)| SectionView {
                    id: format!("{}-{}", c.id, s.id),
                    label: format!("({})", s.id),
                    title: s.title.clone(),
                    items: items
                        .iter()
                        .filter(|i| i.section == Some(si))
                        .map(|i| self.item_link(i))
                        .collect(),
                })
                .collect(),
            items: items
                .iter()
                .filter(|i| i.section.is_none())
                .map(|i| self.item_link(i))
                .collect(),
        }
    }
}
