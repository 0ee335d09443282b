use super::SiteArgs;
use shinchoku::output::Others;
use shinchoku::pipeline::build_with;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// 出力先 / output folder
    #[arg(long, default_value = "public")]
    output: PathBuf,
    /// 出力先にある shinchoku が作っていないファイルを削除する（既定では残す） / remove the files in the
    /// output folder that shinchoku did not write (kept by default)
    #[arg(long)]
    clean: bool,
    /// 段階ごとの所要時間を表示する / print the time of each build phase
    #[arg(long)]
    timings: bool,
}

pub fn run(args: Args, lang: shinchoku::diag::explain::Lang) -> ExitCode {
    let opts = args.site.options(args.output.clone());
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
                args.output.display(),
                report.items,
                report.pages,
                report.charts,
                report.files,
                report.bytes as f64 / 1024.0,
                secs
            );
            println!(
                "Wrote {}: {} items, {} pages, {} charts, {} files in {:.2} s",
                args.output.display(),
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
