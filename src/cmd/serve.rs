use super::SiteArgs;
use shinchoku::serve::{BuildEvent, ServeOptions, Server, DEFAULT_PORT};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// ポート番号（0 なら空いている番号を自動で選ぶ） / port (0 picks a free one)
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// 待ち受けるアドレス。既定はこのパソコンの中だけ / address to listen on (default: this computer only)
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// 作り直すたびに段階ごとの所要時間を表示する / print the time of each build phase on every build
    #[arg(long)]
    timings: bool,
}

pub fn run(args: Args, lang: shinchoku::diag::explain::Lang) -> ExitCode {
    // No output folder: the preview is served from memory.
    let build = args.site.options(PathBuf::new());
    let mut opts = ServeOptions::new(build, SocketAddr::new(args.bind, args.port));
    let timings = args.timings;
    // The warnings of the last good build: a save shows only the ones it added.
    let shown = std::sync::Mutex::new(Vec::new());
    opts.on_build = Some(Box::new(move |event: &BuildEvent| {
        let mut shown = shown.lock().unwrap_or_else(|e| e.into_inner());
        print_build(event, timings, lang, &mut shown)
    }));
    let server = match Server::start(opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = server.addr();
    let shown = if addr.ip().is_unspecified() {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
    } else {
        addr
    };
    if !addr.ip().is_loopback() {
        eprintln!(
            "警告: {} で待ち受けています。同じネットワークのほかのコンピューターからもこのサイトを見られます。\n\
             Warning: listening on {}: other computers on the network can see this site.",
            addr.ip(),
            addr.ip()
        );
    }
    println!("プレビュー / Preview: http://{shown}/");
    println!("ファイルを保存すると自動で再表示します。Ctrl-C で終了します。 / Reloads on save; press Ctrl-C to stop.");

    let (tx, rx) = std::sync::mpsc::channel();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = tx.send(());
    }) {
        eprintln!("Ctrl-C を受け付けられません: {e} (cannot handle Ctrl-C)");
        return ExitCode::FAILURE;
    }
    let _ = rx.recv();
    server.stop();
    println!("プレビューを終了しました / Preview stopped");
    ExitCode::SUCCESS
}

/// Prints a build's result: its warnings (those not printed after the last good build, in
/// full; hundreds of warnings scrolling past on every save would hide the new one) or errors.
fn print_build(
    event: &BuildEvent,
    timings: bool,
    lang: shinchoku::diag::explain::Lang,
    shown: &mut Vec<shinchoku::diag::Diagnostic>,
) {
    let ms = event.elapsed.as_secs_f64() * 1000.0;
    let changed: Vec<String> = event
        .changed
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if !changed.is_empty() {
        println!("変更 / changed: {}", changed.join(", "));
    }
    match &event.result {
        Ok(report) => {
            super::print_new_warnings(shown, &report.warnings, lang);
            shown.clone_from(&report.warnings);
            println!(
                "生成しました: ページ {} 件、ファイル計 {} 件、{ms:.0} ms / built {} pages, {} files in {ms:.0} ms",
                report.pages, report.files, report.pages, report.files
            );
            if timings {
                super::print_timings(report);
            }
        }
        Err(diagnostics) => {
            super::print_diagnostics(diagnostics, lang);
            eprintln!(
                "ビルドに失敗しました。ブラウザーにエラーを表示しています（直して保存すると再表示します）。 \
                 (Build failed; the browser shows the errors until they are fixed.)"
            );
        }
    }
}
