use super::ContentArg;
use shinchoku::text::date::Date;
use shinchoku::text::fiscal_year::FiscalYear;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: ContentArg,
    /// 公開する報告の年度（西暦） / fiscal year of the edition to publish
    #[arg(long)]
    year: i32,
    /// 公開日（YYYY-MM-DD、省略時は今日） / publication date (default: today, Japan time)
    #[arg(long)]
    date: Option<String>,
}

/// Freezes one edition: writes content/editions/<year>.toml.
pub fn run(args: Args, lang: shinchoku::diag::explain::Lang) -> ExitCode {
    let date = match args.date.as_deref().map(Date::parse) {
        None => Date::today(),
        Some(Some(d)) => d,
        Some(None) => {
            eprintln!("--date は YYYY-MM-DD の形で指定してください / --date must be YYYY-MM-DD");
            return ExitCode::from(2);
        }
    };
    match shinchoku::publish::publish(&args.input.content, FiscalYear(args.year), date) {
        Ok(p) => {
            println!(
                "「{}」を公開しました: {} に値 {} 件を記録しました。以後この版の値は、訂正（[[corrections]]）を書かない限り変えられません。 / published: {} values recorded in {}",
                p.title,
                p.path.display(),
                p.values,
                p.values,
                p.path.display()
            );
            ExitCode::SUCCESS
        }
        Err(ds) => {
            super::print_diagnostics(&ds, lang);
            ExitCode::FAILURE
        }
    }
}
