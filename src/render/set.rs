//! One page set (the latest site at the root, or a yearly report edition under reports/): what
//! it shows ([`PageSetView`]) and which pages it has ([`SetRenderer`]).

use crate::diag::Diagnostic;
use crate::model::{ActionItem, Plan};
use crate::output::Sink;
use crate::render::page::{Page, Renderer};
use crate::render::page_set::{PageResult, PageSetView};
use crate::render::pages::corrections;
use crate::render::theme::Theme;
use crate::render::view::{EditionView, SiteView};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Renders the pages of one page set. Item pages are rendered one at a time (so a large plan
/// can be written out as it goes); the other pages all at once at the end, the open data page
/// (which shows the whole-plan data files' sizes) last.
pub struct SetRenderer<'a> {
    plan: &'a Plan,
    theme: &'a Theme,
    page_set: &'a PageSetView<'a>,
    site: SiteView<'a>,
    edition: Option<EditionView>,
    /// The departments with a page in this set (name → id).
    department_ids: BTreeMap<&'a str, &'a str>,
    // Items per department (organisations only) and category, indexed once (no page scans all items).
    by_department: BTreeMap<&'a str, Vec<&'a ActionItem>>,
    by_category: Vec<Vec<&'a ActionItem>>,
}

/// A page of the set other than an item page.
enum Job<'a> {
    Index,
    Departments,
    Method,
    Search,
    NotFound,
    Accessibility,
    Reports,
    Changes,
    ItemsTable,
    Category(usize),
    Department(&'a str),
    /// The council report of a frozen edition, of all items or of one department's.
    CouncilReport,
    DepartmentReport(&'a str),
}

impl<'a> SetRenderer<'a> {
    pub fn new(plan: &'a Plan, theme: &'a Theme, page_set: &'a PageSetView<'a>) -> Self {
        let edition = page_set.edition.map(|r| EditionView {
            title: r.title.clone(),
            as_of: r.as_of.shown(plan.years),
            frozen: page_set.frozen,
        });
        let mut by_department: BTreeMap<&str, Vec<&ActionItem>> = BTreeMap::new();
        let mut by_category: Vec<Vec<&ActionItem>> = vec![Vec::new(); plan.categories.len()];
        for item in &plan.items {
            for name in &item.departments {
                by_department.entry(name.as_str()).or_default().push(item);
            }
            by_category[item.category()].push(item);
        }
        // Only departments with a page: organisations owning an item. Every link to a
        // department page goes through this map, so none leads to a page the set does not have.
        by_department.retain(|name, _| plan.department(name).is_some_and(|d| !d.collective));
        let with_page = |d: &&crate::model::Department| by_department.contains_key(d.name.as_str());
        let department_ids = (plan.departments.iter().filter(with_page))
            .map(|d| (d.name.as_str(), d.id.as_str()))
            .collect();
        SetRenderer {
            plan,
            theme,
            page_set,
            site: SiteView::new(plan),
            edition,
            department_ids,
            by_department,
            by_category,
        }
    }

    /// What an item page shows besides its item and the plan's settings: the theme, the
    /// departments' pages and the item's own data files (their names and sizes, which other
    /// items can change through the tables' columns).
    fn page_key(&self, downloads: &[crate::render::data::Distribution]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        (self.theme.id(), &self.department_ids).hash(&mut h);
        for d in downloads {
            (&d.path, &d.title, d.bytes).hash(&mut h);
        }
        h.finish()
    }

    fn renderer(&self) -> Renderer<'_> {
        Renderer {
            plan: self.plan,
            theme: self.theme,
            site: &self.site,
            edition: self.edition.as_ref(),
            department_ids: &self.department_ids,
            page_set: self.page_set,
            out: None,
        }
    }

    /// A renderer that writes its pages into `sink` as it renders them.
    fn renderer_into<'s>(&'s self, sink: &'s dyn Sink) -> Renderer<'s> {
        Renderer {
            out: Some(sink),
            ..self.renderer()
        }
    }

    /// One item's page, given its charts (by indicator) and its own data files.
    pub fn item_page(
        &self,
        index: usize,
        charts: &[Option<std::sync::Arc<str>>],
        downloads: &[crate::render::data::Distribution],
    ) -> Arc<PageResult> {
        let item = &self.plan.items[index];
        let page_set = self.page_set;
        // The origin does not cover the records: a page showing corrections is never reused.
        let reusable =
            item.origin != 0 && !corrections::item_has_corrections(page_set.editions, &item.id);
        page_set.item_pages.get_or(
            || {
                reusable.then(|| {
                    (
                        item.origin,
                        page_set.prefix.clone(),
                        self.page_key(downloads),
                    )
                })
            },
            || Arc::new(self.renderer().item(item, charts, downloads)),
        )
    }

    /// Every page of the set but the item pages and the open data page, each put into `sink`
    /// as soon as it is made (at a large plan, the pages that list every item are megabytes
    /// each); returns how many. None of them shows a data file's size, so they need not wait
    /// for the whole-plan data files. (Only item pages render the content's Markdown, so only
    /// they can have warnings.)
    pub fn site_pages(&self, sink: &dyn Sink) -> Result<usize, Vec<Diagnostic>> {
        let r = self.renderer_into(sink);
        let jobs = self.jobs();
        let put = |job| self.render(&r, job)?.put(sink);
        let mut errors: Vec<Diagnostic> = jobs.par_iter().filter_map(|j| put(j).err()).collect();
        if !errors.is_empty() {
            crate::diag::sort_unique(&mut errors);
            return Err(errors);
        }
        Ok(jobs.len())
    }

    /// The open data page, which lists every data file with its size, into `sink`: only the
    /// root set has it (returns whether it is written), made once every edition's data files
    /// are.
    pub fn open_data_page(&self, sink: &dyn Sink) -> Result<bool, Diagnostic> {
        if !self.page_set.prefix.is_empty() {
            return Ok(false);
        }
        self.renderer_into(sink).opendata()?.put(sink)?;
        Ok(true)
    }

    /// The pages of the set: site-wide pages only at the root, what changed since the previous
    /// report in a set that shows a report, a page per category and per department with items;
    /// in a frozen edition, its council report, whole and per department.
    fn jobs(&self) -> Vec<Job<'a>> {
        let page_set = self.page_set;
        let mut jobs: Vec<Job> = vec![Job::Index, Job::Departments, Job::ItemsTable];
        if page_set.prefix.is_empty() {
            jobs.extend([Job::Method, Job::Search, Job::NotFound, Job::Accessibility]);
            if !page_set.editions.is_empty() {
                jobs.push(Job::Reports);
            }
        }
        if page_set.edition.is_some() {
            jobs.push(Job::Changes);
        }
        jobs.extend((0..self.plan.categories.len()).map(Job::Category));
        let departments = (self.plan.departments.iter())
            .filter(|d| self.by_department.contains_key(d.name.as_str()));
        jobs.extend(departments.clone().map(|d| Job::Department(&d.name)));
        if page_set.frozen {
            jobs.push(Job::CouncilReport);
            jobs.extend(departments.map(|d| Job::DepartmentReport(&d.name)));
        }
        jobs
    }

    fn render(&self, r: &Renderer, job: &Job) -> Result<Page, Diagnostic> {
        match job {
            Job::Index => r.index(&self.by_category),
            Job::Departments => r.departments(&self.by_department),
            Job::Method => r.method(),
            Job::Search => r.search(),
            Job::NotFound => r.not_found(),
            Job::Accessibility => r.accessibility(),
            Job::Reports => r.reports(),
            Job::Changes => r.changes_page(),
            Job::ItemsTable => r.items_table(),
            Job::Category(i) => r.category(*i, &self.by_category[*i]),
            Job::Department(name) => r.department(name, &self.by_department[name]),
            Job::CouncilReport => {
                let items: Vec<&ActionItem> = self.plan.items.iter().map(AsRef::as_ref).collect();
                r.council_report(None, &items)
            }
            Job::DepartmentReport(name) => r.council_report(Some(name), &self.by_department[name]),
        }
    }
}
