//! Rendering one page: the context every template gets (site, edition, navigation,
//! breadcrumbs, title, the page's own view) rendered with the theme into an [`OutputFile`].
//! Template errors become diagnostics in [`crate::render::theme`].

use crate::diag::Diagnostic;
use crate::model::ActionItem;
use crate::model::Plan;
use crate::output::{OutputFile, Sink};
use crate::render::page_set::PageSetView;
use crate::render::theme::Theme;
use crate::render::view::{self, EditionView, ItemLink, Link, NavLink, SiteView};
use serde::Serialize;
use std::collections::BTreeMap;

/// Renders the pages of one page set; each page family adds its methods in `pages/`.
pub(crate) struct Renderer<'a> {
    pub(crate) plan: &'a Plan,
    pub(crate) theme: &'a Theme,
    pub(crate) site: &'a SiteView<'a>,
    pub(crate) edition: Option<&'a EditionView>,
    pub(crate) department_ids: &'a BTreeMap<&'a str, &'a str>,
    pub(crate) page_set: &'a PageSetView<'a>,
    /// Where the pages go as they are rendered; without, they are rendered into memory.
    pub(crate) out: Option<&'a dyn Sink>,
}

/// A page rendered: into memory, or written into the renderer's sink.
pub(crate) enum Page {
    File(OutputFile),
    Written,
}

impl Page {
    /// Puts the page into `sink`, unless it is written already.
    pub(crate) fn put(self, sink: &dyn Sink) -> Result<(), Diagnostic> {
        match self {
            Page::File(f) => sink.put(&f.path, &f.contents),
            Page::Written => Ok(()),
        }
    }
}

#[derive(Serialize)]
struct PageContext<'a, T: Serialize> {
    root: &'a str,
    base: &'a str,
    page_title: String,
    /// The page's own name (breadcrumb end), without the site suffix.
    page_title_short: String,
    /// `<meta name="description">` and og:description: what the page holds, in a sentence.
    description: String,
    site: &'a SiteView<'a>,
    edition: Option<&'a EditionView>,
    breadcrumbs: Vec<Link>,
    nav: Vec<NavLink>,
    /// Absolute URL of the page, only when site.toml sets base_url (for OGP and print).
    canonical: Option<String>,
    /// The page's path inside the site, e.g. "items/1-1-1.html" (printed when there is no
    /// base_url, so a printout still says which page it is).
    path: &'a str,
    page: T,
}

impl Renderer<'_> {
    /// Renders one page. `rel` is the path inside the page set; hrefs in `breadcrumbs` are
    /// relative to the page set's base.
    pub(crate) fn page<T: Serialize>(
        &self,
        rel: &str,
        template: &str,
        title: String,
        breadcrumbs: Vec<Link>,
        page: T,
    ) -> Result<Page, Diagnostic> {
        let description = self.default_description(&title);
        self.page_described(rel, template, (title, description), breadcrumbs, page)
    }

    /// [`Renderer::page`] with the page's own description (from its content).
    pub(crate) fn page_described<T: Serialize>(
        &self,
        rel: &str,
        template: &str,
        titles: (String, String),
        breadcrumbs: Vec<Link>,
        page: T,
    ) -> Result<Page, Diagnostic> {
        let Some(sink) = self.out else {
            return (self.page_file(rel, template, titles, breadcrumbs, page)).map(Page::File);
        };
        self.with_context(rel, titles, breadcrumbs, page, |path, ctx| {
            (self
                .theme
                .render_into(template, ctx, &self.site.words, (path, sink)))
            .map(|()| Page::Written)
        })
    }

    /// [`Renderer::page_described`] into memory, whatever the renderer's sink (an item page
    /// is checked before it is written).
    pub(crate) fn page_file<T: Serialize>(
        &self,
        rel: &str,
        template: &str,
        titles: (String, String),
        breadcrumbs: Vec<Link>,
        page: T,
    ) -> Result<OutputFile, Diagnostic> {
        self.with_context(rel, titles, breadcrumbs, page, |path, ctx| {
            let contents = self.theme.render(template, ctx, &self.site.words)?;
            let path = path.to_string();
            Ok(OutputFile { path, contents })
        })
    }

    /// Calls `f` with the path of the page at `rel` in the set and its template context.
    fn with_context<T: Serialize, R>(
        &self,
        rel: &str,
        (title, description): (String, String),
        breadcrumbs: Vec<Link>,
        page: T,
        f: impl FnOnce(&str, PageContext<T>) -> R,
    ) -> R {
        let prefix = self.page_set.prefix.as_str();
        let path = format!("{prefix}{rel}");
        let root = self.root_for(&path);
        let base = format!("{root}{prefix}");
        let has_editions = !self.page_set.editions.is_empty();
        let breadcrumbs = breadcrumbs
            .into_iter()
            .map(|l| Link {
                title: l.title,
                href: format!("{base}{}", l.href),
            })
            .collect();
        let ctx = PageContext {
            root: &root,
            base: &base,
            page_title: self.page_title(rel, &title),
            page_title_short: title,
            description,
            site: self.site,
            edition: self.edition,
            breadcrumbs,
            nav: view::nav(&self.plan.words, (prefix, &root, &path), has_editions),
            canonical: self.plan.base_url.as_ref().map(|b| format!("{b}{path}")),
            path: &path,
            page,
        };
        f(&path, ctx)
    }

    /// The way from a page to the site's root. The server shows 404.html for a missing URL at
    /// any depth, so with base_url its links are absolute (without, they work at the top only).
    fn root_for(&self, path: &str) -> String {
        match &self.plan.base_url {
            Some(base) if path == "404.html" => base.clone(),
            _ => view::root_of(path),
        }
    }

    /// A page without a description of its own: its title, in which plan and which report.
    pub(crate) fn default_description(&self, title: &str) -> String {
        let w = self.w();
        let when = match self.edition {
            Some(e) => w.fill(
                if e.frozen {
                    "site.description_frozen"
                } else {
                    "site.description_latest"
                },
                &[("edition", &e.title), ("date", &e.as_of)],
            ),
            None => w.get("site.description_plan").to_string(),
        };
        w.fill(
            "site.description",
            &[
                ("title", title),
                ("city", &self.plan.city.name),
                ("plan", &self.plan.title),
                ("period", self.site.period()),
                ("when", &when),
            ],
        )
    }

    /// The `<title>`: the site's home names only the city; other pages also the plan (and a
    /// frozen edition, unless the title already is the edition's).
    fn page_title(&self, rel: &str, title: &str) -> String {
        let edition_suffix = match self.edition {
            Some(e) if e.frozen && e.title != title => format!(" | {}", e.title),
            _ => String::new(),
        };
        if rel == "index.html" && self.page_set.prefix.is_empty() {
            format!("{title} | {}", self.plan.city.name)
        } else {
            format!(
                "{title}{edition_suffix} | {} | {}",
                self.plan.title, self.plan.city.name
            )
        }
    }
}

impl Renderer<'_> {
    /// The site's catalogue of fixed words.
    pub(crate) fn w(&self) -> &crate::words::Words {
        &self.plan.words
    }

    /// 「令和3年度 (2021)」 (or 「FY2021」) as the site writes a fiscal year.
    pub(crate) fn year_label(&self, y: crate::text::fiscal_year::FiscalYear) -> String {
        self.plan.years.label(y)
    }

    /// 「令和3年度」 (or 「FY2021」): a fiscal year's name.
    pub(crate) fn year_name(&self, y: crate::text::fiscal_year::FiscalYear) -> String {
        self.plan.years.name(y)
    }

    /// The first breadcrumb: the page set's home (named after the edition in a frozen one).
    pub(crate) fn home_crumb(&self) -> Link {
        let title = match self.edition {
            Some(e) if e.frozen => e.title.clone(),
            _ => self.w().get("nav.home").into(),
        };
        Link {
            title,
            href: "index.html".into(),
        }
    }

    pub(crate) fn latest_result_text(&self, item: &ActionItem) -> Option<String> {
        let year = self.page_set.edition?.year;
        let r = item
            .years
            .iter()
            .find(|y| y.year == year)?
            .result
            .as_ref()?;
        let w = self.w();
        let mut parts = Vec::new();
        if let Some(s) = &r.status {
            parts.push(w.fill("site.latest_status", &[("status", s)]));
        }
        if let Some(g) = &r.grade {
            parts.push(w.fill("site.latest_grade", &[("grade", g)]));
        }
        (!parts.is_empty()).then(|| {
            let parts = parts.join(w.get("site.joiner"));
            w.fill(
                "site.latest",
                &[("year", &self.year_name(year)), ("parts", &parts)],
            )
        })
    }

    /// An item in a list of items (home, category and department pages).
    pub(crate) fn item_link(&self, item: &ActionItem) -> ItemLink {
        ItemLink {
            id: item.id.clone(),
            title: item.title.clone(),
            href: format!("items/{}.html", item.id),
            department: item.departments.join(self.w().get("site.joiner")),
            latest: self.latest_result_text(item),
        }
    }
}
