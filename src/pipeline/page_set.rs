//! The editions a build writes, one page set each: the latest site at the root, and one frozen
//! edition per yearly report under reports/YYYY/, its data cut off at that report's year.

use super::Build;
use crate::model::Plan;
use crate::render::data::{self, Distribution};
use crate::render::PageSetView;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One edition of the site: the latest, or one frozen at a yearly report.
pub(super) struct PageSet<'p> {
    /// The plan as this edition shows it.
    pub plan: Cow<'p, Plan>,
    /// Output path prefix: "" or "reports/2021/".
    pub prefix: String,
    /// The report it is frozen at (an index into the plan's reports); none for the latest site.
    pub edition: Option<usize>,
    /// Shows the same data as the latest site (the last report's edition): no result or actual
    /// may be later than the last report (E132), so cutting the plan there removes nothing.
    /// Its data files and charts are the latest site's.
    pub same_as_latest: bool,
    /// What the data files' columns depend on in this edition's plan.
    pub shape: data::Shape,
}

impl<'p> PageSet<'p> {
    /// The latest site, then one edition per report, oldest first.
    pub fn all(plan: &'p Plan) -> Vec<PageSet<'p>> {
        let latest = PageSet {
            plan: Cow::Borrowed(plan),
            prefix: String::new(),
            edition: None,
            same_as_latest: false,
            shape: data::Shape::of(plan),
        };
        let n = plan.editions.len();
        let yearly = plan.editions.iter().enumerate().map(|(i, r)| {
            let last = i + 1 == n;
            // The last edition's plan is the plan itself (see `same_as_latest`): not copied.
            let plan = if last {
                Cow::Borrowed(plan)
            } else {
                Cow::Owned(plan.as_of_edition(r.year))
            };
            PageSet {
                shape: data::Shape::of(&plan),
                plan,
                prefix: format!("reports/{}/", r.year.0),
                edition: Some(i),
                same_as_latest: last,
            }
        });
        std::iter::once(latest).chain(yearly).collect()
    }

    /// What the renderer needs to know of this edition, with its data files by path (`data`,
    /// for download links with sizes).
    pub fn view<'v>(
        &self,
        build: &'v Build<'_>,
        data: BTreeMap<&'v str, &'v Distribution>,
    ) -> PageSetView<'v> {
        let plan = build.plan;
        let (edition, frozen, previous) = match self.edition {
            None => (
                plan.editions.last(),
                false,
                plan.editions.len().checked_sub(2),
            ),
            Some(i) => (Some(&plan.editions[i]), true, i.checked_sub(1)),
        };
        PageSetView {
            prefix: self.prefix.clone(),
            edition,
            frozen,
            previous: previous.map(|i| &plan.editions[i]),
            editions: &plan.editions,
            data,
            // The test results are published once, on the latest site.
            accessibility: if frozen { None } else { build.accessibility },
            markdown: &build.cache.markdown,
            item_pages: &build.cache.item_pages,
        }
    }
}
