//! shinchoku のコマンドライン。処理はライブラリ側にあり、ここは引数の解釈と表示だけ。
//! The command line: a thin layer over the library.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "shinchoku",
    version,
    about = "行政改革大綱 実施計画の進捗状況サイトを生成します / Builds a static progress-report site for a municipal plan"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// メッセージの言語 / language of messages (ja, en)
    #[arg(long, value_enum, default_value_t, global = true)]
    lang: shinchoku::diag::explain::Lang,
}

#[derive(Subcommand)]
enum Command {
    /// サイトを生成する / Build the site into the output folder
    Build(cmd::build::Args),
    /// 内容を検査する（何も書き出さない） / Check the content without writing anything
    Check(cmd::check::Args),
    /// 新しいサイトの雛形を作る / Scaffold a new site
    Init(cmd::init::Args),
    /// 毎年度の進行状況調査（調査票の書き出しと取り込み） / Yearly survey: export workbooks, import results
    Survey(cmd::survey::Args),
    /// 報告の版を公開し、値を記録する（以後は訂正なしに変えられない） / Publish an edition: freeze its values
    Publish(cmd::publish::Args),
    /// 手元のブラウザーで確認する（保存すると自動で再表示） / Preview locally with live reload
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => cmd::build::run(args, cli.lang),
        Command::Check(args) => cmd::check::run(args, cli.lang),
        Command::Init(args) => cmd::init::run(args, cli.lang),
        Command::Survey(args) => cmd::survey::run(args, cli.lang),
        Command::Publish(args) => cmd::publish::run(args, cli.lang),
        Command::Serve(args) => cmd::serve::run(args, cli.lang),
    }
}
