use shinchoku::init::{init, suffix_warning, InitOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// 作成するフォルダー（空か、存在しないこと） / folder to create (must be empty or absent)
    dir: PathBuf,
    /// 地方公共団体名 / municipality name, e.g. 安中市
    #[arg(long)]
    city: String,
    /// 全国地方公共団体コード（6桁） / local government code with check digit, e.g. 102113
    #[arg(long)]
    code: String,
    /// 計画期間の最初の年度（西暦） / first fiscal year of the plan
    #[arg(long, default_value_t = 2025)]
    first_year: i32,
    /// 計画期間の最後の年度（西暦、省略時は最初の年度＋4） / last fiscal year (default first + 4)
    #[arg(long)]
    last_year: Option<i32>,
}

pub fn run(args: Args, lang: shinchoku::diag::explain::Lang) -> ExitCode {
    let opts = InitOptions {
        last_year: args.last_year.unwrap_or(args.first_year + 4),
        first_year: args.first_year,
        city: args.city,
        code: args.code,
    };
    match init(&args.dir, &opts) {
        Ok(files) => {
            println!(
                "{} に新しいサイトを作りました / created a new site:",
                args.dir.display()
            );
            for f in files {
                println!("  {}", f.display());
            }
            if let Some(w) = suffix_warning(&args.dir, &opts) {
                super::print_diagnostics(std::slice::from_ref(&w), lang);
            }
            println!("次は {}/README.md を読んでください。", args.dir.display());
            ExitCode::SUCCESS
        }
        Err(d) => {
            super::print_diagnostics(std::slice::from_ref(&d), lang);
            ExitCode::FAILURE
        }
    }
}
