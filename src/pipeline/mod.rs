//! ビルドの各段階を順に実行し、時間を計る。 / The build: its phases as named, timed steps.
//! load (parse + validate) → static files → per item, in every edition: data files, charts,
//! page, check, write → at the same time, the pages that list items, the search index, and the
//! whole-plan data files followed by the open data page and the catalog that list them →
//! discovery files and link check → commit (swap the staged folder in).

mod cache;
mod item_step;
mod items;
mod page_set;
mod timing;

pub use cache::BuildCache;

use crate::content::accessibility;
use crate::diag::codes;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Plan;
use crate::output::{MemorySink, Others, OutputFile, Sink, Staging};
use crate::render::data;
use crate::render::theme::{Theme, ThemeLayer};
use crate::render::{self, SetRenderer};
use items::EditionFiles;
use page_set::PageSet;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use timing::PhaseClock;

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
    /// One line per report year: how many items have not reported, by department
    /// (`verify::returns`; `check` prints them).
    pub returns: Vec<String>,
}

/// Builds the whole site in memory. Used by `check`, tests and (through
/// [`build_site_cached`]) `serve`.
pub fn build_site(opts: &BuildOptions) -> Result<(Vec<OutputFile>, BuildReport), Vec<Diagnostic>> {
    build_site_cached(opts, &mut BuildCache::default())
}

/// [`build_site`], reusing the work of earlier builds kept in `cache`.
pub fn build_site_cached(
    opts: &BuildOptions,
    cache: &mut BuildCache,
) -> Result<(Vec<OutputFile>, BuildReport), Vec<Diagnostic>> {
    let (files, summary) = build_site_shared(opts, cache)?;
    let files = files.into_iter().map(|(path, contents)| OutputFile {
        path,
        contents: contents.into(),
    });
    Ok((files.collect(), summary))
}

/// [`build_site_cached`] with the files, by path, still shared with the cache (`serve`: an
/// unchanged page is not copied on every save).
pub fn build_site_shared(
    opts: &BuildOptions,
    cache: &mut BuildCache,
) -> Result<(BTreeMap<String, bytes::Bytes>, BuildReport), Vec<Diagnostic>> {
    let sink = MemorySink::default();
    let summary = build_into(opts, cache, &sink)?;
    Ok((sink.into_shared(), summary))
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
    let mut summary = build_into(opts, &mut BuildCache::default(), &staging)?;
    let mut clock = PhaseClock::start();
    staging.commit(others).map_err(|d| vec![d])?;
    clock.lap(&mut summary, "commit");
    Ok(summary)
}

/// Builds the site into `sink`: load and validate → static files → per edition, each item's
/// data files, charts and page, checked against the model and written as they are made → the
/// pages that list items, the catalog, the search index and the discovery files → link check.
pub fn build_into(
    opts: &BuildOptions,
    cache: &mut BuildCache,
    sink: &dyn Sink,
) -> Result<BuildReport, Vec<Diagnostic>> {
    let mut summary = BuildReport::default();
    let mut clock = PhaseClock::start();
    let loaded = load(opts, cache, &mut summary);
    clock.lap(&mut summary, "load");
    let (plan, theme, accessibility) = loaded.map_err(Vec::from)?;
    let build = Build {
        opts,
        plan: &plan,
        theme: &theme,
        accessibility: accessibility.as_ref(),
        cache,
        sink,
    };
    build.run(&mut summary, clock).map_err(Vec::from)?;
    crate::diag::sort(&mut summary.warnings);
    cache.end_build();
    theme.end_build();
    Ok(summary)
}

/// Reads and validates the content, the theme and the accessibility test results. Warnings go
/// to `summary`; any error stops the build.
fn load(
    opts: &BuildOptions,
    cache: &mut BuildCache,
    summary: &mut BuildReport,
) -> Result<(Plan, Theme, Option<accessibility::Results>), Diagnostics> {
    let loaded = crate::content::load::load_cached(&opts.content, &cache.items);
    let theme = Theme::load_cached(&opts.themes, &mut cache.templates);
    summary.files_read = loaded.files_read;
    let (warnings, errors): (Vec<_>, Vec<_>) =
        loaded.diagnostics.into_iter().partition(|d| !d.is_error());
    summary.warnings = warnings;
    let mut errors = Diagnostics::from(errors);
    if let Err(e) = &theme {
        errors.extend(e.iter().cloned());
    }
    let accessibility = accessibility_results(opts, &mut errors, summary);
    if let Some(plan) = &loaded.plan {
        // A published edition never changes silently (content/editions/).
        errors.extend(crate::verify::record::check(plan));
        errors.extend(missing_assets(plan, opts));
    }
    let (Some(plan), Ok(theme), true) = (loaded.plan, theme, errors.is_empty()) else {
        return Err(errors);
    };
    summary.items = plan.items.len();
    // Unreported items are warnings: a report may be published with some still missing.
    let (warnings, returns) = crate::verify::returns::check(&plan);
    summary.warnings.extend(warnings);
    summary.returns = returns;
    Ok((plan, theme, accessibility))
}

/// The images site.toml names that are not in the assets folder (E174, at the key): a broken
/// `<img>` on every page otherwise.
fn missing_assets(plan: &Plan, opts: &BuildOptions) -> Vec<Diagnostic> {
    let site_toml = opts.content.join("site.toml");
    plan.branding
        .assets
        .iter()
        .filter(|a| {
            let rest = a.path.strip_prefix("assets/").unwrap_or(&a.path);
            !opts
                .assets
                .as_ref()
                .is_some_and(|dir| dir.join(rest).is_file())
        })
        .map(|a| {
            let dir = opts.assets.as_deref().unwrap_or(Path::new("assets"));
            Diagnostic::error(
                codes::E174,
                &site_toml,
                a.at,
                format!(
                    "{}「{}」のファイルが assets フォルダーにありません (image not found)",
                    a.key, a.path
                ),
            )
            .with_help(format!(
                "{} に画像を置くか、{} の行を直してください。",
                dir.display(),
                a.key
            ))
        })
        .collect()
}

/// The published accessibility test results (content/accessibility-results.json), if any.
fn accessibility_results(
    opts: &BuildOptions,
    errors: &mut Diagnostics,
    summary: &mut BuildReport,
) -> Option<accessibility::Results> {
    let results = accessibility::load(&opts.content).unwrap_or_else(|d| {
        errors.push(d);
        None
    });
    summary.files_read += usize::from(results.is_some());
    results
}

/// One page set's data files' catalog entries, and its metadata files' (schemas, data package),
/// as [`Build::data_files`] returns them.
type SetData = (Vec<data::Distribution>, Vec<data::Distribution>);

/// What every phase after loading reads: the options, the loaded plan, theme and test results,
/// the cache and where the files go.
struct Build<'a> {
    opts: &'a BuildOptions,
    plan: &'a Plan,
    theme: &'a Theme,
    accessibility: Option<&'a accessibility::Results>,
    cache: &'a BuildCache,
    sink: &'a dyn Sink,
}

impl Build<'_> {
    /// The phases after loading, each timed.
    fn run(&self, summary: &mut BuildReport, mut clock: PhaseClock) -> Result<(), Diagnostics> {
        self.static_files()?;
        clock.lap(summary, "static");
        let page_sets = PageSet::all(self.plan);
        let files = items::run(self, &page_sets, summary)?;
        clock.lap(summary, "items");
        self.site_pages(&page_sets, files, summary)?;
        clock.lap(summary, "pages");
        self.discover_files(summary)?;
        self.check_links(summary)?;
        clock.lap(summary, "links");
        Ok(())
    }

    fn put_all(&self, files: &[OutputFile]) -> Result<(), Diagnostic> {
        files
            .iter()
            .try_for_each(|f| self.sink.put(&f.path, &f.contents))
    }

    /// The theme's static files and the site's assets, first: pages of the same path, written
    /// later, win.
    fn static_files(&self) -> Result<(), Diagnostics> {
        self.put_all(&self.theme.static_files)?;
        if let Some(assets) = self.opts.assets.as_ref().filter(|a| a.is_dir()) {
            self.put_all(&render::collect_static(assets, "assets/")?)?;
        }
        Ok(())
    }

    /// Each edition's pages besides the item pages, the end of its data files with the open
    /// data page and the catalog, and the search index, made at the same time: the data files
    /// (the workbook above all) are mostly one thread's work, and only the open data page and
    /// the catalog need them.
    fn site_pages(
        &self,
        page_sets: &[PageSet],
        files: Vec<EditionFiles>,
        summary: &mut BuildReport,
    ) -> Result<(), Diagnostics> {
        let (data, (pages, search)) = rayon::join(
            || self.data_pages(page_sets, files),
            || rayon::join(|| self.list_pages(page_sets), || self.search_index()),
        );
        let mut errors = Diagnostics::new();
        for result in [data, pages] {
            match result {
                Ok(count) => summary.pages += count,
                Err(e) => errors.append(e),
            }
        }
        errors.extend(search.err());
        errors.into_result(())
    }

    /// Every edition's data files, then the open data page and the catalog (at the same time),
    /// which list them; returns how many pages it wrote.
    fn data_pages(
        &self,
        page_sets: &[PageSet],
        files: Vec<EditionFiles>,
    ) -> Result<usize, Diagnostics> {
        let data = self.all_data_files(page_sets, files)?;
        let every: Vec<&data::Distribution> =
            data.iter().flat_map(|(f, m)| f.iter().chain(m)).collect();
        let (pages, catalog) = rayon::join(
            || self.open_data_page(&page_sets[0], &every),
            || self.catalog(page_sets, &data),
        );
        catalog?;
        pages
    }

    /// Every edition's data files, in page-set order (made at the same time).
    fn all_data_files(
        &self,
        page_sets: &[PageSet],
        files: Vec<EditionFiles>,
    ) -> Result<Vec<SetData>, Diagnostic> {
        let books = data::workbook::Made::new(&self.cache.workbooks);
        let made: Vec<Result<SetData, Diagnostic>> = (page_sets.par_iter().zip(files))
            .map(|(page_set, files)| self.data_files(page_set, files, &books))
            .collect();
        // The first error in page-set order, whichever thread met it first.
        made.into_iter().collect()
    }

    /// Every edition's pages besides the item pages and the open data page; returns how many.
    fn list_pages(&self, page_sets: &[PageSet]) -> Result<usize, Diagnostics> {
        let mut count = 0;
        for page_set in page_sets {
            let view = page_set.view(self, BTreeMap::new());
            let renderer = SetRenderer::new(&page_set.plan, self.theme, &view);
            count += renderer.site_pages(self.sink)?;
        }
        Ok(count)
    }

    /// The open data page of the latest site (`root`), listing `every` edition's data files;
    /// returns how many pages it wrote (one, or none for a set without one).
    fn open_data_page(
        &self,
        root: &PageSet,
        every: &[&data::Distribution],
    ) -> Result<usize, Diagnostics> {
        let by_path = every.iter().map(|d| (d.path.as_str(), *d)).collect();
        let view = root.view(self, by_path);
        let renderer = SetRenderer::new(&root.plan, self.theme, &view);
        Ok(usize::from(renderer.open_data_page(self.sink)?))
    }

    /// The end of a page set's data files: the whole-plan files, the JSON Schema, (at the root)
    /// every edition's corrections, the workbook and the data package. Returns the data files'
    /// catalog entries (the whole-plan files and the workbook, then the items' files) and the
    /// metadata files (schemas, data package), which the open data page lists too.
    fn data_files(
        &self,
        page_set: &PageSet,
        files: EditionFiles,
        books: &data::workbook::Made<'_>,
    ) -> Result<SetData, Diagnostic> {
        let (plan, prefix) = (&page_set.plan, &page_set.prefix);
        let whole = files.whole.finish(plan, self.sink)?;
        let schema = format!("{prefix}data/schema.json");
        let json_schema = data::json_schema(plan);
        self.sink.put(&schema, json_schema.as_bytes())?;
        let mut out = whole.files.to_vec();
        let mut corrections = None;
        // Every edition's corrections, once, at the root.
        if prefix.is_empty() {
            if let Some((file, dist)) = data::corrections_file(self.plan) {
                self.sink.put(&file.path, &file.contents)?;
                out.push(dist);
                corrections = Some(file.contents);
            }
        }
        let tables = (&whole, corrections.as_deref());
        let made = (books, self.sink);
        out.push(data::whole_plan_workbook(plan, prefix, tables, made)?);
        out.extend(files.items);
        let title = data::dataset_title(plan, page_set.edition.map(|i| &self.plan.editions[i]));
        let listed: Vec<&data::Distribution> = out.iter().collect();
        let package = data::data_package(plan, prefix, &title, &listed);
        self.put_all(&package)?;
        let w = &plan.words;
        let mut metadata = vec![data::metadata(w, &schema, json_schema.len() as u64)];
        let described = package
            .iter()
            .map(|f| data::metadata(w, &f.path, f.contents.len() as u64));
        metadata.extend(described);
        Ok((out, metadata))
    }

    /// The data catalog of every edition's data files (`data`, in page-set order).
    fn catalog(&self, page_sets: &[PageSet], data: &[SetData]) -> Result<(), Diagnostics> {
        let entries: Vec<data::CatalogSet> = (page_sets.iter().zip(data))
            .map(|(set, (files, _))| data::CatalogSet {
                edition: set.edition.map(|i| &self.plan.editions[i]),
                files,
            })
            .collect();
        Ok(data::catalog(self.plan, &entries, self.sink)?)
    }

    fn search_index(&self) -> Result<(), Diagnostic> {
        let search = render::search::index_file_cached(self.plan, &self.cache.grams);
        self.sink.put(&search.path, &search.contents)
    }

    /// robots.txt, the sitemap and the feed, listing what has been written.
    fn discover_files(&self, summary: &mut BuildReport) -> Result<(), Diagnostics> {
        let (files, notes) = render::discover::files(self.plan, &self.sink.paths());
        self.put_all(&files)?;
        summary.notes = notes;
        Ok(())
    }

    /// Links in the items' Markdown must lead to a page or file of this site; the published
    /// accessibility results should cover every page.
    fn check_links(&self, summary: &mut BuildReport) -> Result<(), Diagnostics> {
        let paths = self.sink.paths();
        let outputs = paths.iter().map(String::as_str).collect();
        Diagnostics::from(crate::verify::links::check(self.plan, &outputs)).into_result(())?;
        if let Some(results) = self.accessibility {
            let pages: Vec<&str> = (outputs.iter().copied())
                .filter(|p| p.ends_with(".html"))
                .collect();
            let content = &self.opts.content;
            let warning = crate::verify::accessibility::coverage(content, results, &pages);
            summary.warnings.extend(warning);
        }
        summary.files = paths.len();
        summary.bytes = paths.iter().map(|p| self.sink.size(p)).sum();
        Ok(())
    }
}
