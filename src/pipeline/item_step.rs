//! One item of one edition: its data files → charts → page → checks against the model → the
//! sink. Many run at once (see [`items`](super::items)).

use super::page_set::PageSet;
use super::timing::{Step, StepClock, StepTimes};
use super::Build;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::ActionItem;
use crate::output::OutputFile;
use crate::render::data::{self, Distribution, ItemData};
use crate::render::{self, SetRenderer};
use std::sync::Arc;

/// An item's data files and charts (by indicator), as made for one edition.
pub(super) struct Made {
    pub data: Arc<ItemData>,
    pub charts: Vec<Option<std::sync::Arc<str>>>,
}

/// One item's results once its files are written: what its edition still needs of it.
pub(super) struct ItemDone {
    /// Its data files and charts, when made for this edition (not taken from the latest site).
    pub made: Option<Made>,
    /// Its own data files' catalog entries.
    pub distributions: Vec<Distribution>,
    pub chart_count: usize,
    pub warnings: Vec<Diagnostic>,
}

/// A rendered page's bytes, shared with the memo that keeps the page (`serve`).
struct PageBytes(Arc<render::PageResult>);

impl AsRef<[u8]> for PageBytes {
    fn as_ref(&self) -> &[u8] {
        match &*self.0 {
            Ok((page, ..)) => &page.contents,
            Err(_) => &[],
        }
    }
}

/// What the items of one edition share while they are made.
pub(super) struct ItemStep<'a> {
    pub build: &'a Build<'a>,
    pub page_set: &'a PageSet<'a>,
    pub renderer: &'a SetRenderer<'a>,
    pub times: &'a StepTimes,
    /// False after the first error: nothing more is written, but the rest is still checked.
    pub write: bool,
}

impl ItemStep<'_> {
    /// Makes, checks and writes item `index`, with the data files and charts `shared` from the
    /// latest site if given.
    pub fn run(&self, index: usize, shared: Option<&Made>) -> Result<ItemDone, Diagnostics> {
        let mut clock = self.times.clock();
        match shared {
            Some(made) => self.publish(index, made, true, &mut clock),
            None => {
                let made = self.make(&self.page_set.plan.items[index], &mut clock)?;
                let done = self.publish(index, &made, false, &mut clock)?;
                Ok(ItemDone {
                    made: Some(made),
                    ..done
                })
            }
        }
    }

    /// The item's data files and charts.
    fn make(&self, item: &ActionItem, clock: &mut StepClock) -> Result<Made, Diagnostics> {
        let (plan, prefix, cache) = (
            &*self.page_set.plan,
            &self.page_set.prefix,
            self.build.cache,
        );
        let shaped = (plan, self.page_set.shape);
        let data = data::item_data(shaped, item, prefix, &cache.item_data);
        clock.lap(Step::Data);
        let charts = render::item_charts(plan, prefix, item, &cache.charts);
        clock.lap(Step::Charts);
        // Every published number must agree across the page, its charts, CSV and JSON; the
        // files were checked where they were made.
        Diagnostics::from(data.mismatches().to_vec()).into_result(Made { data, charts })
    }

    /// The item's page, checked, and written with its data files (`shared`: the latest site's,
    /// already written there).
    fn publish(
        &self,
        index: usize,
        made: &Made,
        shared: bool,
        clock: &mut StepClock,
    ) -> Result<ItemDone, Diagnostics> {
        let (plan, prefix) = (&*self.page_set.plan, &self.page_set.prefix);
        let item = &plan.items[index];
        let files = made.data.files(plan, item, prefix);
        let distributions: Vec<Distribution> = files.iter().map(|(d, _)| d.clone()).collect();
        // Shared with the memo (`serve`): the page is not copied.
        let rendered = self.renderer.item_page(index, &made.charts, &distributions);
        let (page, chart_count, warnings) = rendered.as_ref().as_ref().map_err(Clone::clone)?;
        clock.lap(Step::Render);
        self.check_page(item, page)?;
        clock.lap(Step::Verify);
        if self.write {
            let page_bytes = bytes::Bytes::from_owner(PageBytes(Arc::clone(&rendered)));
            self.build.sink.put_shared(&page.path, page_bytes)?;
            for (d, contents) in files {
                match d.path.strip_prefix(prefix.as_str()).filter(|_| shared) {
                    Some(original) => self.build.sink.put_same(&d.path, original)?,
                    None => self.build.sink.put_shared(&d.path, contents)?,
                }
            }
        }
        clock.lap(Step::Write);
        Ok(ItemDone {
            made: None,
            distributions,
            chart_count: *chart_count,
            warnings: warnings.clone(),
        })
    }

    /// The page's numbers against the model.
    fn check_page(&self, item: &ActionItem, page: &OutputFile) -> Result<(), Diagnostics> {
        let (plan, prefix) = (&*self.page_set.plan, &self.page_set.prefix);
        let mismatches = self.build.cache.page_checks.get_or(
            || (item.origin != 0).then(|| (item.origin, prefix.clone(), self.build.theme.id())),
            || data::verify_page(plan, item, prefix, &page.contents),
        );
        Diagnostics::from(mismatches).into_result(())
    }
}
