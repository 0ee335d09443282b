//! Fuzzes reading a returned survey file (an Excel workbook, or a CSV in UTF-8 or Shift_JIS) and
//! checking its cells against the sample site's 2023 survey, as `shinchoku survey import` does
//! before it writes anything. Any input must give changes or diagnostics, never a panic.
//!
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir tests/fuzz survey_import -- -max_total_time=600
#![no_main]

#[path = "scratch.rs"]
mod scratch;

use libfuzzer_sys::fuzz_target;
use shinchoku::diag::Diagnostic;
use shinchoku::model::{Plan, Edition};
use shinchoku::survey::import::{self, Checker};
use shinchoku::text::date::Date;
use shinchoku::text::fiscal_year::FiscalYear;
use std::path::Path;
use std::sync::OnceLock;

const YEAR: FiscalYear = FiscalYear(2023);

/// The sample site with 2023 in [[reports]], as tests/survey.rs imports it.
fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/sample/content");
        let mut plan = shinchoku::content::load::load(&content)
            .plan
            .expect("sample content");
        plan.editions.push(Edition {
            year: YEAR,
            as_of: Date::parse("2024-05-31").expect("date"),
            title: String::new(),
            record: None,
        });
        plan
    })
}

/// The reader picks the format by the file's extension: a zip goes in as a workbook, anything
/// else as a CSV.
fn file_name(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"PK") {
        "returned.xlsx"
    } else {
        "returned.csv"
    }
}

fuzz_target!(|bytes: &[u8]| {
    let path = scratch::write(file_name(bytes), bytes);
    let mut notes = Vec::new();
    let table = match import::read(&path, &mut notes) {
        Ok(table) => table,
        Err(d) => {
            assert!(d.is_error());
            return;
        }
    };
    let mut checker = Checker::new(plan(), YEAR, false);
    checker.check(&table);
    let checked = checker.finish();
    let (changes, errors) = (checked.changes, checked.errors);
    for c in &changes {
        let _ = c.describe();
    }
    assert!(errors.iter().all(Diagnostic::is_error));
    for e in &errors {
        let _ = e.to_string();
    }
});
