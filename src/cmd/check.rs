use shinchoku::build::{build_site, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// content フォルダー / content folder (site.toml and items/)
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// テーマのフォルダー / theme folder
    #[arg(long, default_value = "themes/default")]
    theme: PathBuf,
}

/// Validates everything `build` would, renders in memory, and writes nothing.
pub fn run(args: Args) -> ExitCode {
    let opts = BuildOptions {
        content: args.content.clone(),
        output: PathBuf::new(),
        themes: vec![args.theme],
        assets: None,
    };
    match build_site(&opts) {
        Ok((_, report)) => {
            super::print_diagnostics(&report.warnings);
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
            super::print_diagnostics(&diagnostics);
            ExitCode::FAILURE
        }
    }
}
