//! The list of yearly report editions (reports/index.html).

use crate::diag::Diagnostic;
use crate::render::page::{Page, Renderer};
use crate::render::pages::changes;
use serde::Serialize;

#[derive(Serialize)]
struct ReportsPage {
    editions: Vec<EditionEntry>,
}

#[derive(Serialize)]
struct EditionEntry {
    title: String,
    href: String,
    as_of: String,
    /// Its council report (the A4 report of every item).
    report_href: String,
    /// What changed since the report before it.
    changes: changes::ChangesLink,
}

impl Renderer<'_> {
    pub(crate) fn reports(&self) -> Result<Page, Diagnostic> {
        let editions = self.page_set.editions;
        let page = ReportsPage {
            editions: (editions.iter().enumerate().rev())
                .map(|(i, r)| EditionEntry {
                    title: r.title.clone(),
                    href: format!("{}/index.html", r.year.0),
                    report_href: format!("{}/report.html", r.year.0),
                    as_of: r.as_of.shown(self.plan.years),
                    changes: changes::changes_link(
                        self.plan,
                        (r, i.checked_sub(1).map(|p| &editions[p])),
                        format!("{}/{}", r.year.0, changes::PATH),
                    ),
                })
                .collect(),
        };
        self.page(
            "reports/index.html",
            "reports.html",
            self.w().get("reports.title").into(),
            vec![self.home_crumb()],
            page,
        )
    }
}
