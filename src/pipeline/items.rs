//! The items phase: every item's data files, charts and page in every edition, checked and
//! written as they are made, a chunk of items at a time.

use super::item_step::{ItemDone, ItemStep, Made};
use super::page_set::PageSet;
use super::timing::StepTimes;
use super::{Build, BuildReport};
use crate::diag::Diagnostics;
use crate::render::data::{Distribution, WholePlanFiles};
use crate::render::{PageSetView, SetRenderer};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// How many items are rendered, checked and written before the next ones are started: enough
/// to keep every core busy, few enough that a large plan never sits in memory whole.
const CHUNK: usize = 256;

/// What an edition's other pages and the catalog need from the items phase.
pub(super) struct EditionFiles {
    /// The whole-plan data files, each item's part appended as it was made.
    pub whole: WholePlanFiles,
    /// The items' own data files' catalog entries.
    pub items: Vec<Distribution>,
}

/// Runs the items phase; returns each edition's [`EditionFiles`] (in the order of `editions`).
pub(super) fn run(
    build: &Build,
    page_sets: &[PageSet],
    summary: &mut BuildReport,
) -> Result<Vec<EditionFiles>, Diagnostics> {
    // One renderer per edition, and the whole-plan data files each writes as it goes.
    let views: Vec<PageSetView> = page_sets
        .iter()
        .map(|p| p.view(build, BTreeMap::new()))
        .collect();
    let renderers = page_sets
        .iter()
        .zip(&views)
        .map(|(e, s)| SetRenderer::new(&e.plan, build.theme, s));
    let mut sets = Vec::new();
    for (page_set, renderer) in page_sets.iter().zip(renderers) {
        let whole = WholePlanFiles::begin(&page_set.plan, &page_set.prefix, build.sink);
        sets.push(EditionItems {
            page_set,
            renderer,
            files: EditionFiles {
                whole,
                items: Vec::new(),
            },
        });
    }
    let mut phase = ItemsPhase {
        build,
        sets,
        times: StepTimes::default(),
        errors: Diagnostics::new(),
        summary,
    };
    let indexes: Vec<usize> = (0..build.plan.items.len()).collect();
    for chunk in indexes.chunks(CHUNK) {
        phase.chunk(chunk)?;
    }
    phase.summary.item_steps = phase.times.report();
    phase.errors.dedup();
    let files = phase.sets.into_iter().map(|s| s.files).collect();
    phase.errors.into_result(files)
}

/// One edition in the items phase.
struct EditionItems<'a> {
    page_set: &'a PageSet<'a>,
    renderer: SetRenderer<'a>,
    files: EditionFiles,
}

struct ItemsPhase<'a> {
    build: &'a Build<'a>,
    /// The editions, the latest site first.
    sets: Vec<EditionItems<'a>>,
    times: StepTimes,
    /// The items' errors so far (template errors, for one, repeat on every page).
    errors: Diagnostics,
    summary: &'a mut BuildReport,
}

impl ItemsPhase<'_> {
    /// One chunk of items in every edition, the latest site first: an edition that shows the
    /// same data takes the latest site's data files and charts instead of making them again.
    fn chunk(&mut self, chunk: &[usize]) -> Result<(), Diagnostics> {
        let mut latest: Vec<Made> = Vec::new();
        for s in 0..self.sets.len() {
            let shared: &[Made] = if self.sets[s].page_set.same_as_latest {
                &latest
            } else {
                &[]
            };
            let done = self.make(s, chunk, shared);
            let kept = self.take(s, done, shared)?;
            // After an error the items no longer line up: later editions make their own.
            if s == 0 && kept.len() == chunk.len() {
                latest = kept;
            }
        }
        Ok(())
    }

    /// Runs the item step for each item of `chunk` in edition `s`, in parallel.
    fn make(
        &self,
        s: usize,
        chunk: &[usize],
        shared: &[Made],
    ) -> Vec<Result<ItemDone, Diagnostics>> {
        let step = ItemStep {
            build: self.build,
            page_set: self.sets[s].page_set,
            renderer: &self.sets[s].renderer,
            times: &self.times,
            write: self.errors.is_empty(),
        };
        chunk
            .par_iter()
            .enumerate()
            .map(|(k, &i)| step.run(i, shared.get(k)))
            .collect()
    }

    /// Takes in edition `s`'s results for a chunk, in plan order: each item's part of the
    /// whole-plan files (while nothing failed), its pages, charts, data files and warnings.
    /// Returns what the latest site made, for the editions that share it.
    fn take(
        &mut self,
        s: usize,
        done: Vec<Result<ItemDone, Diagnostics>>,
        shared: &[Made],
    ) -> Result<Vec<Made>, Diagnostics> {
        let mut kept = Vec::new();
        for (k, result) in done.into_iter().enumerate() {
            let item = match result {
                Ok(item) => item,
                Err(e) => {
                    self.errors.append(e);
                    continue;
                }
            };
            let set = &mut self.sets[s];
            if self.errors.is_empty() {
                let data = match &item.made {
                    Some(made) => &made.data,
                    None => &shared[k].data,
                };
                set.files.whole.add(data, self.build.sink)?;
            }
            self.summary.pages += 1;
            self.summary.charts += item.chart_count;
            set.files.items.extend(item.distributions);
            // Content warnings repeat in every edition; report them once.
            if s == 0 {
                self.summary.warnings.extend(item.warnings);
                kept.extend(item.made);
            }
        }
        Ok(kept)
    }
}
