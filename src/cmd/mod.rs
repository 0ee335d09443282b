pub mod build;
pub mod check;
pub mod init;
pub mod publish;
pub mod serve;
pub mod survey;

use shinchoku::diag::explain::{Explainer, Lang};
use shinchoku::diag::Diagnostic;
use shinchoku::pipeline::{theme_layers, BuildOptions};
use std::path::PathBuf;

/// `--content`: every command that reads the content.
#[derive(clap::Args)]
pub struct ContentArg {
    /// content フォルダー / content folder (site.toml and items/)
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
}

/// `--output` (once `--out`, still accepted): every command that writes files. Each command
/// says its default in the help (`#[command(mut_arg("output", …))]`).
#[derive(clap::Args)]
pub struct OutputArg {
    /// 出力先 / output folder
    #[arg(long, alias = "out")]
    pub output: Option<PathBuf>,
}

impl OutputArg {
    /// The folder given, or the command's default.
    pub fn or(self, default: impl Into<PathBuf>) -> PathBuf {
        self.output.unwrap_or_else(|| default.into())
    }
}

/// The input folders of every command that builds the site.
#[derive(clap::Args)]
pub struct SiteArgs {
    #[command(flatten)]
    pub input: ContentArg,
    /// テーマのフォルダー（省略時は themes/default、なければ内蔵の既定テーマ） / theme folder
    #[arg(long)]
    pub theme: Option<PathBuf>,
    /// そのままコピーするファイルのフォルダー（省略時は content の隣の assets） / folder copied to the site as assets/
    #[arg(long)]
    pub assets: Option<PathBuf>,
}

impl SiteArgs {
    /// Build options for these folders; only `build` writes `output`.
    pub fn options(self, output: PathBuf) -> BuildOptions {
        let content = self.input.content;
        let site_root = content.parent().map(PathBuf::from).unwrap_or_default();
        BuildOptions {
            themes: theme_layers(&site_root, self.theme),
            assets: Some(self.assets.unwrap_or_else(|| site_root.join("assets"))),
            content,
            output,
        }
    }
}

/// Prints diagnostics to stderr, errors and warnings alike, each with the line it points at,
/// followed by a count.
pub fn print_diagnostics(diagnostics: &[Diagnostic], lang: Lang) {
    let mut explainer = Explainer::new(lang);
    for d in diagnostics {
        eprintln!("{}\n", explainer.render(d));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        eprintln!("エラー {errors} 件、警告 {warnings} 件 ({errors} errors, {warnings} warnings)");
    } else if warnings > 0 {
        eprintln!("警告 {warnings} 件 ({warnings} warnings)");
    }
}

/// Prints the warnings of `now` not among `before` (the last build's), then how many there are
/// in all and how many of them were left out as unchanged.
pub fn print_new_warnings(before: &[Diagnostic], now: &[Diagnostic], lang: Lang) {
    let before: std::collections::HashSet<&Diagnostic> = before.iter().collect();
    let (same, new): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        now.iter().partition(|d| before.contains(d));
    let mut explainer = Explainer::new(lang);
    for d in &new {
        eprintln!("{}\n", explainer.render(d));
    }
    let (all, same) = (now.len(), same.len());
    if same > 0 {
        eprintln!("警告 {all} 件（うち前回と同じ {same} 件は表示を省略） ({all} warnings; {same} unchanged since the last build, not shown again)");
    } else if all > 0 {
        eprintln!("警告 {all} 件 ({all} warnings)");
    }
}

/// Prints the time of each build phase.
pub fn print_timings(report: &shinchoku::pipeline::BuildReport) {
    for (phase, d) in &report.timings {
        println!("  {phase:<9} {:>8.1} ms", d.as_secs_f64() * 1000.0);
    }
    // The per-item steps run on every core at once: their CPU time, not wall time.
    let steps: Vec<String> = report
        .item_steps
        .iter()
        .map(|(step, d)| format!("{step} {:.1}", d.as_secs_f64() * 1000.0))
        .collect();
    if !steps.is_empty() {
        println!(
            "  items の内訳（CPU 時間 ms / CPU ms）: {}",
            steps.join(", ")
        );
    }
}
