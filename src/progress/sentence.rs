//! The plain-language sentence for one indicator and year.

use super::{attainment, year_on_year};
use crate::model::{Indicator, Value};
use crate::text::fiscal_year::{FiscalYear, YearFormat};
use crate::text::number::format_rate;
use crate::words::Words;

/// The plain-language sentence for one indicator and year, built from the same numbers as the
/// tables: 「令和3年度の実績は96.1%で、計画値96.4%に対し達成率は68.4%です（計画値に未到達）。」,
/// then the change from the previous year when both are reported:
/// 「前年度（令和2年度）から0.6ポイント上昇しました（改善）。」
pub fn plain_sentence(
    ind: &Indicator,
    year: FiscalYear,
    (w, years): (&Words, YearFormat),
    format_value: impl Fn(&Value) -> String,
) -> String {
    let name = years.name(year);
    let actual = match ind.actual.get(&year) {
        Some(v) => v,
        None => return w.fill("progress.sentence_unreported", &[("year", &name)]),
    };
    let actual = format_value(actual);
    let mut s = match (ind.plan.get(&year), attainment(ind, year)) {
        (Some(p), Some(a)) => w.fill(
            "progress.sentence_attainment",
            &[
                ("year", &name),
                ("actual", &actual),
                ("plan", &format_value(p)),
                ("rate", &format_rate(a.rate)),
                // Every rule gives at least 100 for a plan met (`attainment`); the guard
                // keeps a negative or short rate from ever being called reached.
                (
                    "verdict",
                    w.get(if a.met && a.rate >= 100.0 {
                        "progress.reached"
                    } else {
                        "progress.not_reached"
                    }),
                ),
            ],
        ),
        (Some(p), None) => w.fill(
            "progress.sentence_plan",
            &[
                ("year", &name),
                ("actual", &actual),
                ("plan", &format_value(p)),
            ],
        ),
        (None, _) => w.fill(
            "progress.sentence_no_plan",
            &[("year", &name), ("actual", &actual)],
        ),
    };
    if let Some(change) = year_on_year(ind, year) {
        s.push_str(&change.sentence(w, years));
    }
    s
}
