use super::SiteArgs;
use shinchoku::pipeline::build_site;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: SiteArgs,
}

/// Validates everything `build` would, renders in memory, and writes nothing.
pub fn run(args: Args, lang: shinchoku::diag::explain::Lang) -> ExitCode {
    let content = args.site.input.content.clone();
    let opts = args.site.options(PathBuf::new());
    match build_site(&opts) {
        Ok((_, report)) => {
            super::print_diagnostics(&report.warnings, lang);
            for line in &report.returns {
                println!("{line}");
            }
            println!(
                "{}: 問題は見つかりませんでした（取組項目 {} 件、警告 {} 件） / no errors ({} items, {} warnings)",
                content.display(),
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
