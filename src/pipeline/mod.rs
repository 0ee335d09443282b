//! ビルドの各段階を順に実行し、時間を計る。 / Runs the build phases in order and times them:
//! load (parse + validate) → per item: data files, charts, page, check, write → the pages that
//! list items, catalog, search index → link check → commit (swap the staged folder in).

use crate::diag::Diagnostic;
use crate::model::Plan;
use crate::output::{MemorySink, Others, Sink, Staging};
use crate::render::data;
use crate::render::theme::{Theme, ThemeLayer};
use crate::render::{self, OutputFile, Scope};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub output: PathBuf,
    /// Theme layers, lowest priority first (the default theme, then a site's overrides).
    pub themes: Vec<ThemeLayer>,
    pub assets: Option<PathBuf>,
}

impl BuildOptions {
    /// Defaults for a site folder laid out as `content/`, `assets/`, `public/` and optionally
    /// `templates/` and `static/` overriding single files of the theme.
    pub fn for_site(root: &Path, theme: Option<PathBuf>) -> Self {
        BuildOptions {
            content: root.join("content"),
            output: root.join("public"),
            themes: theme_layers(root, theme),
            assets: Some(root.join("assets")),
        }
    }
}

/// The theme layers for a site folder: the given theme folder, else `themes/default` when the
/// site has one (a checkout of this repository), else the embedded default theme; then the
/// site's own `templates/` and `static/` on top.
pub fn theme_layers(site_root: &Path, theme: Option<PathBuf>) -> Vec<ThemeLayer> {
    let mut layers = match theme {
        Some(dir) => vec![ThemeLayer::Dir(dir)],
        None => {
            let local = site_root.join("themes").join("default");
            if local.join("templates").is_dir() {
                vec![ThemeLayer::Dir(local)]
            } else {
                vec![ThemeLayer::Builtin]
            }
        }
    };
    if site_root.join("templates").is_dir() || site_root.join("static").is_dir() {
        layers.push(ThemeLayer::Dir(site_root.to_path_buf()));
    }
    layers
}

#[derive(Debug, Default)]
pub struct BuildReport {
    pub items: usize,
    pub pages: usize,
    pub charts: usize,
    pub files: usize,
    pub bytes: u64,
    pub files_read: usize,
    /// Wall time of each phase, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// CPU time of each step of the per-item work (data files, charts, page, check, write),
    /// summed over all threads.
    pub item_steps: Vec<(&'static str, Duration)>,
    pub warnings: Vec<Diagnostic>,
    /// Informational notes (e.g. files skipped because base_url is not set).
    pub notes: Vec<String>,
}

/// What a long-running process (`serve`) keeps between builds to rebuild faster: parsed items,
/// compiled templates, rendered pages, item data, charts and search grams. Everything in it is
/// looked up by its complete input, or by what fixes that input (an item's
/// [`origin`](crate::model::ActionItem::origin): site.toml, path and text), so a cached build gives
/// exactly the same files and diagnostics as a fresh one (`tests/build.rs` checks it after many
/// kinds of edit). The default keeps nothing.
#[derive(Default)]
pub struct BuildCache {
    items: crate::content::load::ItemMemo,
    templates: crate::render::theme::TemplateCache,
    charts: render::ChartMemo,
    grams: crate::render::search::GramMemo,
    markdown: render::MarkdownMemo,
    item_data: data::ItemDataMemo,
    item_pages: render::ItemPageMemo,
    /// The check of each item page against the model, keyed as the pages are.
    page_checks: crate::memo::Memo<(u64, String, u64), Vec<Diagnostic>>,
}

impl BuildCache {
    pub fn enabled() -> Self {
        BuildCache {
            items: crate::content::load::ItemMemo::enabled(),
            templates: crate::render::theme::TemplateCache::enabled(),
            charts: crate::memo::Memo::enabled(),
            grams: crate::render::search::GramMemo::enabled(),
            markdown: crate::memo::Memo::enabled(),
            item_data: crate::memo::Memo::enabled(),
            item_pages: crate::memo::Memo::enabled(),
            page_checks: crate::memo::Memo::enabled(),
        }
    }
}

/// Builds the whole site in memory. Used by `check`, tests and (through
/// [`build_site_cached`]) `serve`.
pub fn build_site(opts: &BuildOptions) -> Result<(Vec<OutputFile>, BuildReport), Vec<Diagnostic>> {
    build_site_cached(opts, &mut BuildCache::default())
}

/// [`build_site`], reusing the work of earlier builds kept in `cache` (used by `serve`).
pub fn build_site_cached(
    opts: &BuildOptions,
    cache: &mut BuildCache,
) -> Result<(Vec<OutputFile>, BuildReport), Vec<Diagnostic>> {
    let sink = MemorySink::default();
    let report = build_into(opts, cache, &sink)?;
    Ok((sink.into_files(), report))
}

/// How many items are rendered, checked and written before the next ones are started: enough
/// to keep every core busy, few enough that a large plan never sits in memory whole.
const CHUNK: usize = 256;

/// Time spent in each step of the per-item work, summed over all threads (CPU time).
#[derive(Default)]
struct StepTimes([AtomicU64; 5]);

const STEPS: [&str; 5] = ["data", "charts", "render", "verify", "write"];

impl StepTimes {
    fn add(&self, step: usize, since: &mut Instant) {
        let now = Instant::now();
        self.0[step].fetch_add((now - *since).as_nanos() as u64, Ordering::Relaxed);
        *since = now;
    }

    fn report(&self) -> Vec<(&'static str, Duration)> {
        STEPS
            .iter()
            .zip(&self.0)
            .map(|(name, ns)| (*name, Duration::from_nanos(ns.load(Ordering::Relaxed))))
            .collect()
    }
}

/// One item's results once its files are written: what the page set still needs of it.
struct ItemDone {
    /// Data files and charts, when made for this page set (not taken from the latest site).
    made: Option<(Arc<data::ItemData>, Vec<Option<String>>)>,
    distributions: [data::Distribution; 2],
    chart_count: usize,
    warnings: Vec<Diagnostic>,
}

/// Builds the site into `sink`: load and validate → per page set, each item's data files,
/// charts and page, checked against the model and written as they are made → the pages that
/// list items, the catalog, the search index and the discovery files → link check.
pub fn build_into(
    opts: &BuildOptions,
    cache: &mut BuildCache,
    sink: &dyn Sink,
) -> Result<BuildReport, Vec<Diagnostic>> {
    let mut report = BuildReport::default();
    let mut phase = Instant::now();
    let mut lap = |report: &mut BuildReport, name: &'static str| {
        report.timings.push((name, phase.elapsed()));
        phase = Instant::now();
    };

    let loaded = crate::content::load::load_cached(&opts.content, &cache.items);
    let theme = Theme::load_cached(&opts.themes, &mut cache.templates);
    report.files_read = loaded.files_read;
    let (warnings, mut errors): (Vec<_>, Vec<_>) =
        loaded.diagnostics.into_iter().partition(|d| !d.is_error());
    report.warnings = warnings;
    if let Err(mut e) = theme.as_ref().map(|_| ()).map_err(Clone::clone) {
        errors.append(&mut e);
    }
    let accessibility = crate::content::accessibility::load(&opts.content).unwrap_or_else(|d| {
        errors.push(d);
        None
    });
    report.files_read += usize::from(accessibility.is_some());
    lap(&mut report, "load");
    let (Some(plan), Ok(theme), true) = (loaded.plan, theme, errors.is_empty()) else {
        crate::diag::sort(&mut errors);
        return Err(errors);
    };
    report.items = plan.items.len();

    // Theme static files and assets first: pages of the same path, written later, win.
    for f in &theme.static_files {
        sink.put(&f.path, &f.contents).map_err(|d| vec![d])?;
    }
    if let Some(assets) = opts.assets.as_ref().filter(|a| a.is_dir()) {
        for f in render::collect_static(assets, "assets/").map_err(|d| vec![d])? {
            sink.put(&f.path, &f.contents).map_err(|d| vec![d])?;
        }
    }
    lap(&mut report, "static");

    // Page sets: the latest site at the root, and one frozen edition per reported year
    // (its data cut off at that year) under reports/YYYY/.
    let n = plan.reports.len();
    // The last edition's plan is the plan itself: no result or actual may be later than the
    // last report (E132), so cutting the plan there removes nothing and is not copied.
    let mut sets: Vec<(Cow<Plan>, String, Option<usize>)> =
        vec![(Cow::Borrowed(&plan), String::new(), None)];
    for (i, r) in plan.reports.iter().enumerate() {
        let edition = if i + 1 == plan.reports.len() {
            Cow::Borrowed(&plan)
        } else {
            Cow::Owned(plan.as_of_report(r.year))
        };
        sets.push((edition, format!("reports/{}/", r.year.0), Some(i)));
    }
    let scope = |prefix: &str, edition: Option<usize>, data| {
        let (report, frozen, previous) = match edition {
            None => (plan.reports.last(), false, n.checked_sub(2)),
            Some(i) => (Some(&plan.reports[i]), true, i.checked_sub(1)),
        };
        Scope {
            prefix: prefix.to_string(),
            report,
            frozen,
            previous: previous.map(|i| &plan.reports[i]),
            editions: &plan.reports,
            data,
            // The test results are published once, on the latest site.
            accessibility: if frozen { None } else { accessibility.as_ref() },
            markdown: &cache.markdown,
            item_pages: &cache.item_pages,
        }
    };

    let steps = StepTimes::default();
    let mut errors = Vec::new();
    // One renderer per page set, and the whole-plan data files each set writes as it goes.
    let item_scopes: Vec<Scope> = sets
        .iter()
        .map(|(_, prefix, edition)| scope(prefix, *edition, BTreeMap::new()))
        .collect();
    let renderers: Vec<render::SetRenderer> = sets
        .iter()
        .zip(&item_scopes)
        .map(|((p, _, _), s)| render::SetRenderer::new(p, &theme, s))
        .collect();
    let mut wholes = Vec::new();
    for (p, prefix, _) in &sets {
        wholes.push(data::WholePlanFiles::begin(p, prefix, sink).map_err(|d| vec![d])?);
    }
    let mut distributions: Vec<Vec<data::Distribution>> = vec![Vec::new(); sets.len()];
    // The latest site and the last edition show the same data: no result or actual may be
    // later than the last report (E132), so cutting the plan at that report removes nothing.
    // Their data files and charts are made once and used for both.
    let last_edition = (sets.len() > 1).then(|| sets.len() - 1);
    let indexes: Vec<usize> = (0..plan.items.len()).collect();
    for chunk in indexes.chunks(CHUNK) {
        let mut latest: Vec<(Arc<data::ItemData>, Vec<Option<String>>)> = Vec::new();
        for (s, ((p, prefix, _), renderer)) in sets.iter().zip(&renderers).enumerate() {
            let shared = s == 0 || Some(s) == last_edition;
            let failed = !errors.is_empty();
            let done: Vec<Result<ItemDone, Vec<Diagnostic>>> = chunk
                .par_iter()
                .enumerate()
                .map(|(k, &i)| {
                    let item = &p.items[i];
                    let mut t = Instant::now();
                    // Made here, or taken from the latest site (see above).
                    let made = match latest.get(k).filter(|_| shared) {
                        Some(_) => None,
                        None => {
                            let data = data::item_data(p, item, prefix, &cache.item_data);
                            steps.add(0, &mut t);
                            let charts = render::item_charts(p, prefix, item, &cache.charts);
                            steps.add(1, &mut t);
                            // Every published number must agree across the page, its charts,
                            // CSV and JSON; the files were checked where they were made.
                            if !data.mismatches().is_empty() {
                                return Err(data.mismatches().to_vec());
                            }
                            Some((data, charts))
                        }
                    };
                    let (data, charts) = match &made {
                        Some((data, charts)) => (data, charts),
                        None => (&latest[k].0, &latest[k].1), // `shared` and present
                    };
                    let files = data.files(p, item, prefix);
                    let distributions = files.clone().map(|(d, _)| d);
                    let (page, chart_count, warnings) = renderer
                        .item_page(i, charts, &distributions)
                        .map_err(|d| vec![d])?;
                    steps.add(2, &mut t);
                    let mismatches = cache.page_checks.get_or(
                        || (item.origin != 0).then(|| (item.origin, prefix.clone(), theme.id())),
                        || data::verify_page(p, item, prefix, &page.contents),
                    );
                    steps.add(3, &mut t);
                    if !mismatches.is_empty() {
                        return Err(mismatches);
                    }
                    // After the first error nothing more is written; the rest is still checked.
                    if !failed {
                        sink.put(&page.path, &page.contents).map_err(|d| vec![d])?;
                        for (d, contents) in &files {
                            sink.put(&d.path, contents).map_err(|d| vec![d])?;
                        }
                    }
                    steps.add(4, &mut t);
                    Ok(ItemDone {
                        made,
                        distributions,
                        chart_count,
                        warnings,
                    })
                })
                .collect();
            let mut kept = Vec::new();
            for (k, result) in done.into_iter().enumerate() {
                match result {
                    Ok(item) => {
                        if errors.is_empty() {
                            let data = match &item.made {
                                Some((data, _)) => data,
                                None => &latest[k].0,
                            };
                            wholes[s].add(data, sink).map_err(|d| vec![d])?;
                        }
                        report.pages += 1;
                        report.charts += item.chart_count;
                        distributions[s].extend(item.distributions);
                        // Content warnings repeat in every edition; report them once.
                        if s == 0 {
                            report.warnings.extend(item.warnings);
                            kept.extend(item.made);
                        }
                    }
                    Err(mut e) => errors.append(&mut e),
                }
            }
            // After an error the items no longer line up: later sets make their own.
            if s == 0 && kept.len() == chunk.len() {
                latest = kept;
            }
        }
    }
    report.item_steps = steps.report();
    lap(&mut report, "items");
    if !errors.is_empty() {
        crate::diag::sort_unique(&mut errors);
        return Err(errors);
    }

    let mut catalog_sets: Vec<(String, Option<String>, Vec<data::Distribution>)> = Vec::new();
    for (((p, prefix, edition), whole), items) in sets.iter().zip(wholes).zip(distributions) {
        let whole = whole.finish(p, sink).map_err(|d| vec![d])?;
        sink.put(
            &format!("{prefix}data/schema.json"),
            data::JSON_SCHEMA.as_bytes(),
        )
        .map_err(|d| vec![d])?;
        // The other pages link the whole-plan files with their sizes.
        let data = whole.iter().map(|d| (d.path.clone(), d.clone())).collect();
        let pages_scope = scope(prefix, *edition, data);
        let files = render::SetRenderer::new(p, &theme, &pages_scope).site_pages()?;
        report.pages += files.len();
        for f in &files {
            sink.put(&f.path, &f.contents).map_err(|d| vec![d])?;
        }
        let title = match edition {
            None => format!("{}（最新）", plan.title),
            Some(i) => format!("{} {}", plan.title, plan.reports[*i].title),
        };
        let as_of = edition.map(|i| plan.reports[i].as_of.to_string());
        catalog_sets.push((title, as_of, whole.into_iter().chain(items).collect()));
    }
    lap(&mut report, "pages");

    // Site-wide files: catalog, search index, robots, sitemap and feed.
    let catalog_refs: Vec<(String, Option<String>, &[data::Distribution])> = catalog_sets
        .iter()
        .map(|(t, a, d)| (t.clone(), a.clone(), d.as_slice()))
        .collect();
    let catalog = data::catalog(&plan, &catalog_refs);
    sink.put(&catalog.path, &catalog.contents)
        .map_err(|d| vec![d])?;
    lap(&mut report, "catalog");
    let search = crate::render::search::index_file_cached(&plan, &cache.grams);
    sink.put(&search.path, &search.contents)
        .map_err(|d| vec![d])?;
    lap(&mut report, "search");
    let (discover, notes) = crate::render::discover::files(&plan, &sink.paths());
    for f in discover {
        sink.put(&f.path, &f.contents).map_err(|d| vec![d])?;
    }
    report.notes = notes;

    // Links in the items' Markdown must lead to a page or file of this site.
    let paths = sink.paths();
    let link_errors =
        crate::verify::links::check(&plan, &paths.iter().map(String::as_str).collect());
    if !link_errors.is_empty() {
        return Err(link_errors);
    }
    report.files = paths.len();
    report.bytes = paths.iter().map(|p| sink.size(p)).sum();
    lap(&mut report, "links");
    crate::diag::sort(&mut report.warnings);
    cache.charts.end_build();
    cache.markdown.end_build();
    cache.item_data.end_build();
    cache.item_pages.end_build();
    cache.page_checks.end_build();
    theme.end_build();
    Ok(report)
}

/// Builds and writes the site: files go to a staging folder beside the output as they are
/// made, and replace the output only when the whole build succeeded. On any error the output
/// folder is left exactly as it was.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    build_with(opts, Others::Keep)
}

/// [`build`], saying what becomes of the files in the output that shinchoku did not write.
pub fn build_with(opts: &BuildOptions, others: Others) -> Result<BuildReport, Vec<Diagnostic>> {
    let theme_dirs: Vec<PathBuf> = opts
        .themes
        .iter()
        .filter_map(|l| match l {
            ThemeLayer::Dir(d) => Some([d.join("templates"), d.join("static")]),
            ThemeLayer::Builtin => None,
        })
        .flatten()
        .collect();
    let protected: Vec<&Path> = std::iter::once(opts.content.as_path())
        .chain(theme_dirs.iter().map(PathBuf::as_path))
        .chain(opts.assets.iter().map(PathBuf::as_path))
        .collect();
    crate::output::check_output_dir(&opts.output, &protected).map_err(|d| vec![d])?;
    let staging = Staging::new(&opts.output).map_err(|d| vec![d])?;
    let mut report = build_into(opts, &mut BuildCache::default(), &staging)?;
    let start = Instant::now();
    staging.commit(others).map_err(|d| vec![d])?;
    report.timings.push(("commit", start.elapsed()));
    Ok(report)
}
