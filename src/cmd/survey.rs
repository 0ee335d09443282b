use super::{ContentArg, OutputArg};
use shinchoku::diag::explain::Lang;
use shinchoku::survey::{export, import, ExportOptions, Format, ImportOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// 担当課ごとの調査票（Excel または CSV）を書き出す / Write one survey workbook per department
    Export(ExportArgs),
    /// 返送された調査票の実績を項目ファイルに取り込む / Import returned surveys into the item files
    Import(ImportArgs),
    /// 担当課ごとの未報告の取組項目・指標と、取り込んだ調査票 / Unreported items and imported returns, by department
    Status(StatusArgs),
}

#[derive(clap::Args)]
struct StatusArgs {
    /// 調べる年度（西暦、省略時は site.toml の最後の [[reports]]） / fiscal year (default: last report year)
    #[arg(long)]
    year: Option<i32>,
    #[command(flatten)]
    input: ContentArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Xlsx,
    Csv,
}

#[derive(clap::Args)]
#[command(mut_arg("output", |a| a.help("書き出し先（省略時は survey/<年度>） / output folder (default survey/<year>)")))]
struct ExportArgs {
    /// 調査する年度（西暦） / fiscal year surveyed, e.g. 2023
    #[arg(long)]
    year: i32,
    #[command(flatten)]
    input: ContentArg,
    #[command(flatten)]
    target: OutputArg,
    /// 形式 / file format
    #[arg(long, value_enum, default_value = "xlsx")]
    format: FormatArg,
}

#[derive(clap::Args)]
struct ImportArgs {
    /// 返送された調査票（.xlsx・.csv） / returned survey files
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    input: ContentArg,
    /// 取り込む年度（省略時は site.toml の最後の [[reports]]） / survey year (default: last report year)
    #[arg(long)]
    year: Option<i32>,
    /// 変更点を表示するだけで書き込まない / show what would change, write nothing
    #[arg(long)]
    dry_run: bool,
    /// 報告済みの値と違う値で上書きする / replace already-reported values that differ
    #[arg(long)]
    overwrite: bool,
    /// 公開済みの報告の値を変えるときの訂正の理由（公開記録に書かれ、サイトに公開される） / why published values change (recorded as a correction)
    #[arg(long)]
    reason: Option<String>,
}

pub fn run(args: Args, lang: Lang) -> ExitCode {
    match args.command {
        Command::Export(a) => run_export(a, lang),
        Command::Import(a) => run_import(a, lang),
        Command::Status(a) => run_status(a, lang),
    }
}

fn run_status(a: StatusArgs, lang: Lang) -> ExitCode {
    match shinchoku::survey::status::returns(&a.input.content, a.year) {
        Ok((returns, warnings)) => {
            super::print_diagnostics(&warnings, lang);
            print!("{}", returns.text());
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            super::print_diagnostics(&diagnostics, lang);
            ExitCode::FAILURE
        }
    }
}

fn run_export(a: ExportArgs, lang: Lang) -> ExitCode {
    let opts = ExportOptions {
        out: a
            .target
            .or(PathBuf::from("survey").join(a.year.to_string())),
        content: a.input.content,
        year: a.year,
        format: match a.format {
            FormatArg::Xlsx => Format::Xlsx,
            FormatArg::Csv => Format::Csv,
        },
    };
    match export(&opts) {
        Ok(report) => {
            super::print_diagnostics(&report.warnings, lang);
            for note in &report.notes {
                println!("注: {note}");
            }
            for f in &report.written {
                if report.replaced.contains(f) {
                    println!("  {}（手を加えていない前回の書き出しを置き換え / replaced an untouched earlier export）", f.display());
                } else {
                    println!("  {}", f.display());
                }
            }
            for f in &report.unchanged {
                println!("  {}（変更なし / unchanged）", f.display());
            }
            println!(
                "{} に調査票を書き出しました: {} 件（うち変更なし {} 件） / wrote {} surveys ({} unchanged)",
                opts.out.display(),
                report.written.len() + report.unchanged.len(),
                report.unchanged.len(),
                report.written.len() + report.unchanged.len(),
                report.unchanged.len()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            super::print_diagnostics(&diagnostics, lang);
            eprintln!("書き出しを中止しました。何も書き込んでいません。(Export failed; nothing was written.)");
            ExitCode::FAILURE
        }
    }
}

fn run_import(a: ImportArgs, lang: Lang) -> ExitCode {
    let opts = ImportOptions {
        content: a.input.content,
        files: a.files,
        year: a.year,
        dry_run: a.dry_run,
        overwrite: a.overwrite,
        reason: a.reason,
        date: shinchoku::text::date::Date::today(),
    };
    match import(&opts) {
        Ok(report) => {
            super::print_diagnostics(&report.warnings, lang);
            for note in &report.notes {
                println!("注: {note}");
            }
            let mut last = None;
            for c in &report.changes {
                if last != Some(&c.source) {
                    println!("{} {}（{}）", c.item, c.title, c.source.display());
                    last = Some(&c.source);
                }
                println!("  {}", c.describe());
            }
            for p in &report.corrections {
                let done = if opts.dry_run {
                    "訂正として記録します"
                } else {
                    "訂正を記録しました"
                };
                println!("{done}: {}", p.describe());
            }
            let items = report
                .changes
                .iter()
                .map(|c| &c.source)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            let n = report.changes.len();
            let year = report.year.label();
            if n == 0 {
                println!("{year}: 変更はありません（0 件） / no changes");
            } else if opts.dry_run {
                println!("{year}: 変更 {n} 件（取組項目 {items} 件）。--dry-run のため何も書き込んでいません / dry run: {n} changes in {items} items, nothing written");
            } else {
                println!("{year}: 変更 {n} 件を取組項目 {items} 件のファイルに書き込みました / wrote {n} changes into {items} item files");
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            super::print_diagnostics(&diagnostics, lang);
            eprintln!("取り込みを中止しました。項目ファイルは変更していません。(Import failed; no item file was changed.)");
            ExitCode::FAILURE
        }
    }
}
