use super::{OutputArg, SiteArgs};
use shinchoku::output::Others;
use shinchoku::pipeline::build_with;
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(mut_arg("output", |a| a.help("出力先（省略時は public） / output folder (default public)")))]
pub struct Args {
    #[command(flatten)]
    site: SiteArgs,
    #[command(flatten)]
    target: OutputArg,
    /// 出力先にある shinchoku が作っていないファイルを削除する（既定では残す） / remove the files in the
    /// output folder that shinchoku did not write (kept by default)
    #[arg(long)]
    clean: bool,
    /// 段階ごとの所要時間を表示する / print the time of each build phase
    #[arg(long)]
    timings: bool,
}

pub fn run(args: Args, lang: shinchoku::diag::explain::Lang) -> ExitCode {
    let output = args.target.or("public");
    let opts = args.site.options(output.clone());
    let start = std::time::Instant::now();
    let others = if args.clean {
        Others::Remove
    } else {
        Others::Keep
    };
    match build_with(&opts, others) {
        Ok(report) => {
            super::print_diagnostics(&report.warnings, lang);
            for note in &report.notes {
                println!("注: {note}");
            }
            let secs = start.elapsed().as_secs_f64();
            println!(
                "{} に書き出しました: 取組項目 {} 件、ページ {} 件、グラフ {} 件、ファイル計 {} 件 ({:.1} KB)、{:.2} 秒",
                output.display(),
                report.items,
                report.pages,
                report.charts,
                report.files,
                report.bytes as f64 / 1024.0,
                secs
            );
            println!(
                "Wrote {}: {} items, {} pages, {} charts, {} files in {:.2} s",
                output.display(),
                report.items,
                report.pages,
                report.charts,
                report.files,
                secs
            );
            if args.timings {
                super::print_timings(&report);
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            super::print_diagnostics(&diagnostics, lang);
            eprintln!("ビルドを中止しました。出力先は変更していません。(Build failed; the output folder was not changed.)");
            ExitCode::FAILURE
        }
    }
}
