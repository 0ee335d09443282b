//! ビルドの各段階を順に実行し、時間を計る。 / Runs the build phases in order and times them:
//! load (parse + validate) → charts → render → static files → write.

use crate::diagnostic::Diagnostic;
use crate::model::Plan;
use crate::opendata;
use crate::render::{self, OutputFile, Scope};
use crate::theme::{Theme, ThemeLayer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
    pub timings: Vec<(&'static str, Duration)>,
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
    items: crate::load::ItemMemo,
    templates: crate::theme::TemplateCache,
    charts: render::ChartMemo,
    grams: crate::search::GramMemo,
    markdown: render::MarkdownMemo,
    item_data: opendata::ItemDataMemo,
    item_pages: render::ItemPageMemo,
}

impl BuildCache {
    pub fn enabled() -> Self {
        BuildCache {
            items: crate::load::ItemMemo::enabled(),
            templates: crate::theme::TemplateCache::enabled(),
            charts: crate::memo::Memo::enabled(),
            grams: crate::search::GramMemo::enabled(),
            markdown: crate::memo::Memo::enabled(),
            item_data: crate::memo::Memo::enabled(),
            item_pages: crate::memo::Memo::enabled(),
        }
    }
}

/// Builds the whole site in memory. Used by `build` (which then writes it) and `check`.
pub fn build_site(opts: &BuildOptions) -> Result<(Vec<OutputFile>, BuildReport), Vec<Diagnostic>> {
    build_site_cached(opts, &mut BuildCache::default())
}

/// [`build_site`], reusing the work of earlier builds kept in `cache` (used by `serve`).
pub fn build_site_cached(
    opts: &BuildOptions,
    cache: &mut BuildCache,
) -> Result<(Vec<OutputFile>, BuildReport), Vec<Diagnostic>> {
    let mut report = BuildReport::default();
    let mut phase = Instant::now();
    let mut lap =
        |report: &mut BuildReport, name: &'static str, alongside: &[(&'static str, Duration)]| {
            report.timings.extend_from_slice(alongside);
            report.timings.push((name, phase.elapsed()));
            phase = Instant::now();
        };

    let loaded = crate::load::load_cached(&opts.content, &cache.items);
    let theme = Theme::load_cached(&opts.themes, &mut cache.templates);
    report.files_read = loaded.files_read;
    let (warnings, mut errors): (Vec<_>, Vec<_>) =
        loaded.diagnostics.into_iter().partition(|d| !d.is_error());
    report.warnings = warnings;
    if let Err(mut e) = theme.as_ref().map(|_| ()).map_err(Clone::clone) {
        errors.append(&mut e);
    }
    let accessibility = crate::accessibility::load(&opts.content).unwrap_or_else(|d| {
        errors.push(d);
        None
    });
    report.files_read += usize::from(accessibility.is_some());
    lap(&mut report, "load", &[]);
    let (Some(plan), Ok(theme), true) = (loaded.plan, theme, errors.is_empty()) else {
        crate::diagnostic::sort(&mut errors);
        return Err(errors);
    };
    report.items = plan.items.len();

    // Page sets: the latest site at the root, and one frozen edition per reported year
    // (its data cut off at that year) under reports/YYYY/.
    let n = plan.reports.len();
    let mut sets: Vec<(Plan, String, Option<usize>)> = vec![(plan.clone(), String::new(), None)];
    for (i, r) in plan.reports.iter().enumerate() {
        sets.push((
            plan.as_of_report(r.year),
            format!("reports/{}/", r.year.0),
            Some(i),
        ));
    }

    // Data files first: pages link to them with their sizes.
    let data: Vec<opendata::DataSet> = sets
        .iter()
        .map(|(p, prefix, _)| opendata::data_set_cached(p, prefix, &cache.item_data))
        .collect();
    let by_path: Vec<BTreeMap<String, opendata::Distribution>> = data
        .iter()
        .map(|d| {
            d.distributions
                .iter()
                .map(|x| (x.path.clone(), x.clone()))
                .collect()
        })
        .collect();
    lap(&mut report, "data", &[]);

    let scopes: Vec<Scope> = sets
        .iter()
        .zip(&by_path)
        .map(|((_, prefix, edition), data)| match edition {
            None => Scope {
                prefix: prefix.clone(),
                report: plan.reports.last(),
                frozen: false,
                previous: n.checked_sub(2).map(|i| &plan.reports[i]),
                editions: &plan.reports,
                data,
                accessibility: accessibility.as_ref(),
                markdown: &cache.markdown,
                item_pages: &cache.item_pages,
            },
            Some(i) => Scope {
                prefix: prefix.clone(),
                report: Some(&plan.reports[*i]),
                frozen: true,
                previous: i.checked_sub(1).map(|p| &plan.reports[p]),
                editions: &plan.reports,
                data,
                accessibility: None,
                markdown: &cache.markdown,
                item_pages: &cache.item_pages,
            },
        })
        .collect();

    // Site-wide files: data, schema, catalog, search index, robots, sitemap and feed.
    let catalog_sets: Vec<(String, Option<String>, &[opendata::Distribution])> = sets
        .iter()
        .zip(&data)
        .map(|((_, _, edition), d)| match edition {
            None => (
                format!("{}（最新）", plan.title),
                None,
                d.distributions.as_slice(),
            ),
            Some(i) => {
                let r = &plan.reports[*i];
                (
                    format!("{} {}", plan.title, r.title),
                    Some(r.as_of.clone()),
                    d.distributions.as_slice(),
                )
            }
        })
        .collect();

    // Charts and pages on one side; the catalog and the search index, which need neither, on
    // the other, so that their one-thread work overlaps the parallel rendering.
    let (rendered, side) = rayon::join(
        || -> Result<_, Vec<Diagnostic>> {
            let start = Instant::now();
            let charts: Vec<render::Charts> = sets
                .iter()
                .map(|(p, prefix, _)| render::render_charts_cached(p, prefix, &cache.charts))
                .collect();
            let charts_time = start.elapsed();
            let mut pages = Vec::new();
            for (((p, _, _), scope), charts) in sets.iter().zip(&scopes).zip(&charts) {
                pages.push(render::render_site(p, &theme, charts, scope)?);
            }
            let times = [
                ("charts", charts_time),
                ("render", start.elapsed() - charts_time),
            ];
            Ok((pages, times))
        },
        || {
            let start = Instant::now();
            let catalog = opendata::catalog(&plan, &catalog_sets);
            let catalog_time = start.elapsed();
            let search = crate::search::index_file_cached(&plan, &cache.grams);
            (
                catalog,
                search,
                [
                    ("catalog", catalog_time),
                    ("search", start.elapsed() - catalog_time),
                ],
            )
        },
    );
    let (pages, page_times) = rendered?;
    let (catalog, search, side_times) = side;
    let mut files = Vec::new();
    for ((mut f, stats, mut warnings), scope) in pages.into_iter().zip(&scopes) {
        report.pages += stats.pages;
        report.charts += stats.charts;
        files.append(&mut f);
        // Content warnings repeat in every edition; report them once, from the latest site.
        if scope.prefix.is_empty() {
            report.warnings.append(&mut warnings);
        }
    }
    files.push(catalog);
    files.push(search);
    // "charts" then "render" ran alongside "catalog" then "search"; "pages" is the time of both.
    lap(&mut report, "pages", &[page_times, side_times].concat());
    for ((_, prefix, _), d) in sets.iter().zip(data) {
        files.extend(d.files);
        files.push(OutputFile {
            path: format!("{prefix}data/schema.json"),
            contents: opendata::JSON_SCHEMA.as_bytes().to_vec(),
        });
    }
    lap(&mut report, "datafiles", &[]);
    let (mut discover, notes) = crate::discover::files(&plan, &files);
    files.append(&mut discover);
    report.notes = notes;
    lap(&mut report, "discover", &[]);

    // Every published number must agree across pages, charts, CSV and JSON.
    {
        let index: BTreeMap<&str, &[u8]> = files
            .iter()
            .map(|f| (f.path.as_str(), f.contents.as_slice()))
            .collect();
        let mut errors = Vec::new();
        for (p, prefix, _) in &sets {
            errors.extend(opendata::verify(p, prefix, &index));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
    }
    lap(&mut report, "verify", &[]);

    let mut statics = theme.static_files.clone();
    if let Some(assets) = opts.assets.as_ref().filter(|a| a.is_dir()) {
        statics.extend(render::collect_static(assets, "assets/").map_err(|d| vec![d])?);
    }
    // Later theme folders override earlier ones; pages win over static files of the same path.
    let mut by_path = BTreeMap::new();
    for f in statics.into_iter().chain(files.drain(..)) {
        by_path.insert(f.path.clone(), f);
    }
    // Links in the items' Markdown must lead to a page or file of this site.
    let link_errors = crate::links::check(&plan, &by_path.keys().map(String::as_str).collect());
    if !link_errors.is_empty() {
        return Err(link_errors);
    }
    let files: Vec<OutputFile> = by_path.into_values().collect();
    report.files = files.len();
    report.bytes = files.iter().map(|f| f.contents.len() as u64).sum();
    lap(&mut report, "static", &[]);
    crate::diagnostic::sort(&mut report.warnings);
    cache.charts.end_build();
    cache.markdown.end_build();
    cache.item_data.end_build();
    cache.item_pages.end_build();
    theme.end_build();
    Ok((files, report))
}

/// Builds and writes the site. On any error the output folder is left exactly as it was.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
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
    let (files, mut report) = build_site(opts)?;
    let start = Instant::now();
    crate::output::write_atomically(&opts.output, &files).map_err(|d| vec![d])?;
    report.timings.push(("write", start.elapsed()));
    Ok(report)
}
