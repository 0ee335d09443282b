use shinchoku::build::{build_site, theme_layers, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// content フォルダー / content folder (site.toml and items/)
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// テーマのフォルダー（省略時は themes/default、なければ内蔵の既定テーマ） / theme folder
    #[arg(long)]
    theme: Option<PathBuf>,
}

/// Validates everything `build` would, renders in memory, and writes nothing.
pub fn run(args: Args, lang: shinchoku::explain::Lang) -> ExitCode {
    let site_root = args.content.parent().map(PathBuf::from).unwrap_or_default();
    let opts = BuildOptions {
        themes: theme_layers(&site_root, args.theme),
        assets: Some(site_root.join("assets")),
        content: args.content.clone(),
        output: PathBuf::new(),
    };
    match build_site(&opts) {
        Ok((_, report)) => {
            super::print_diagnostics(&report.warnings, lang);
            println!(
                "{}: 問題は見つかりませんでした（取組項目 {} 件、警告 {} 件） / no errors ({} items, {} warnings)",
                args.content.display(),
                report.items,
                report.warnings.len(),
                report.items,
                report.warnings.len()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            super::print_diagnostics(&diagnostics, lang);
            ExitCode::FAILURE
        }
    }
}
