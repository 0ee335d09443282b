pub mod build;
pub mod check;
pub mod init;
pub mod survey;

use shinchoku::diagnostic::Diagnostic;
use shinchoku::explain::{Explainer, Lang};

/// Prints diagnostics to stderr, errors and warnings alike, each with the line it points at,
/// followed by a count.
pub fn print_diagnostics(diagnostics: &[Diagnostic], lang: Lang) {
    let mut explainer = Explainer::new(lang);
    for d in diagnostics {
        eprintln!("{}\n", explainer.render(d));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        eprintln!("エラー {errors} 件、警告 {warnings} 件 ({errors} errors, {warnings} warnings)");
    } else if warnings > 0 {
        eprintln!("警告 {warnings} 件 ({warnings} warnings)");
    }
}
