//! ビルドの各段階を順に実行し、時間を計る。 / Runs the build phases in order and times them:
//! load (parse + validate) → charts → render → static files → write.

use crate::diagnostic::Diagnostic;
use crate::model::Plan;
use crate::render::{self, OutputFile, Scope, Theme};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub output: PathBuf,
    /// Theme folders, lowest priority first (the default theme, then a site's overrides).
    pub themes: Vec<PathBuf>,
    pub assets: Option<PathBuf>,
}

impl BuildOptions {
    /// Defaults for a site folder laid out as `content/`, `themes/default/`, `assets/`, `public/`.
    pub fn for_site(root: &Path) -> Self {
        BuildOptions {
            content: root.join("content"),
            output: root.join("public"),
            themes: vec![root.join("themes").join("default")],
            assets: Some(root.join("assets")),
        }
    }
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
}

/// Builds the whole site in memory. Used by `build` (which then writes it) and by `serve`.
pub fn build_site(opts: &BuildOptions) -> Result<(Vec<OutputFile>, BuildReport), Vec<Diagnostic>> {
    let mut report = BuildReport::default();
    let mut phase = Instant::now();
    let mut lap = |report: &mut BuildReport, name: &'static str| {
        report.timings.push((name, phase.elapsed()));
        phase = Instant::now();
    };

    let loaded = crate::load::load(&opts.content);
    let theme = Theme::load(&opts.themes);
    report.files_read = loaded.files_read;
    let (warnings, mut errors): (Vec<_>, Vec<_>) =
        loaded.diagnostics.into_iter().partition(|d| !d.is_error());
    report.warnings = warnings;
    if let Err(mut e) = theme.as_ref().map(|_| ()).map_err(Clone::clone) {
        errors.append(&mut e);
    }
    lap(&mut report, "load");
    let (Some(plan), Ok(theme), true) = (loaded.plan, theme, errors.is_empty()) else {
        crate::diagnostic::sort(&mut errors);
        return Err(errors);
    };
    report.items = plan.items.len();

    // Page sets: the latest site at the root, and one frozen edition per reported year
    // (its data cut off at that year) under reports/YYYY/.
    let n = plan.reports.len();
    let editions: Vec<Plan> = plan
        .reports
        .iter()
        .map(|r| plan.as_of_report(r.year))
        .collect();
    let mut scopes = vec![(
        &plan,
        Scope {
            prefix: String::new(),
            report: plan.reports.last(),
            frozen: false,
            previous: n.checked_sub(2).map(|i| &plan.reports[i]),
            editions: &plan.reports,
        },
    )];
    for (i, (report, edition)) in plan.reports.iter().zip(&editions).enumerate() {
        scopes.push((
            edition,
            Scope {
                prefix: format!("reports/{}/", report.year.0),
                report: Some(report),
                frozen: true,
                previous: i.checked_sub(1).map(|p| &plan.reports[p]),
                editions: &plan.reports,
            },
        ));
    }

    let charts: Vec<render::Charts> = scopes
        .iter()
        .map(|(p, _)| render::render_charts(p))
        .collect();
    lap(&mut report, "charts");

    let mut files = Vec::new();
    for ((p, scope), charts) in scopes.iter().zip(&charts) {
        let (mut f, stats, mut warnings) = render::render_site(p, &theme, charts, scope)?;
        report.pages += stats.pages;
        report.charts += stats.charts;
        files.append(&mut f);
        // Content warnings repeat in every edition; report them once, from the latest site.
        if scope.prefix.is_empty() {
            report.warnings.append(&mut warnings);
        }
    }
    lap(&mut report, "render");

    let mut statics = Vec::new();
    for dir in &theme.static_dirs {
        statics.extend(render::collect_static(dir, "").map_err(|d| vec![d])?);
    }
    if let Some(assets) = opts.assets.as_ref().filter(|a| a.is_dir()) {
        statics.extend(render::collect_static(assets, "assets/").map_err(|d| vec![d])?);
    }
    // Later theme folders override earlier ones; pages win over static files of the same path.
    let mut by_path = std::collections::BTreeMap::new();
    for f in statics.into_iter().chain(files.drain(..)) {
        by_path.insert(f.path.clone(), f);
    }
    let files: Vec<OutputFile> = by_path.into_values().collect();
    report.files = files.len();
    report.bytes = files.iter().map(|f| f.contents.len() as u64).sum();
    lap(&mut report, "static");
    crate::diagnostic::sort(&mut report.warnings);
    Ok((files, report))
}

/// Builds and writes the site. On any error the output folder is left exactly as it was.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let protected: Vec<&Path> = std::iter::once(opts.content.as_path())
        .chain(opts.themes.iter().map(PathBuf::as_path))
        .chain(opts.assets.iter().map(PathBuf::as_path))
        .collect();
    crate::output::check_output_dir(&opts.output, &protected).map_err(|d| vec![d])?;
    let (files, mut report) = build_site(opts)?;
    let start = Instant::now();
    crate::output::write_atomically(&opts.output, &files).map_err(|d| vec![d])?;
    report.timings.push(("write", start.elapsed()));
    Ok(report)
}
