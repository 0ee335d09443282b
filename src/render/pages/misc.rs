//! The site-wide pages with little data of their own: search, 404 and the accessibility
//! statement.

use crate::diag::Diagnostic;
use crate::render::page::{Page, Renderer};
use crate::render::view::Link;
use serde::Serialize;

#[derive(Serialize)]
struct SearchPage {
    categories: Vec<Link>,
}

impl Renderer<'_> {
    pub(crate) fn search(&self) -> Result<Page, Diagnostic> {
        let page = SearchPage {
            categories: self
                .plan
                .categories
                .iter()
                .map(|c| Link {
                    title: format!("{} {}", c.id, c.title),
                    href: format!("categories/{}.html", c.id),
                })
                .collect(),
        };
        self.page(
            "search.html",
            "search.html",
            self.w().get("nav.search").into(),
            vec![self.home_crumb()],
            page,
        )
    }

    pub(crate) fn not_found(&self) -> Result<Page, Diagnostic> {
        self.page(
            "404.html",
            "404.html",
            self.w().get("not_found.title").into(),
            vec![],
            (),
        )
    }

    pub(crate) fn accessibility(&self) -> Result<Page, Diagnostic> {
        self.page(
            "accessibility.html",
            "accessibility.html",
            self.w().get("accessibility.title").into(),
            vec![self.home_crumb()],
            crate::content::accessibility::view(
                self.page_set.accessibility,
                (self.w(), self.plan.years),
            ),
        )
    }
}
