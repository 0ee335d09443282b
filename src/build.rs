//! ビルドの各段階を順に実行し、時間を計る。 / Runs the build phases in order and times them:
//! load (parse + validate) → charts → render → static files → write.

use crate::diagnostic::Diagnostic;
use crate::render::{self, OutputFile, Theme};
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
    let (warnings, mut errors): (Vec<_>, Vec<_>) = loaded.diagnostics.into_iter().partition(|d| !d.is_error());
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

    let charts = render::render_charts(&plan);
    lap(&mut report, "charts");

    let (mut files, stats, mut warnings) = render::render_site(&plan, &theme, &charts)?;
    report.pages = stats.pages;
    report.charts = stats.charts;
    report.warnings.append(&mut warnings);
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
