//! The plain-language sentence for one indicator and year.

use super::{attainment, year_on_year};
use crate::model::{Indicator, Value};
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::format_rate;

/// The plain-language sentence for one indicator and year, built from the same numbers as the
/// tables: 「令和3年度の実績は96.1%で、計画値96.4%に対し達成率は68.4%です（計画値に未到達）。」,
/// then the change from the previous year when both are reported:
/// 「前年度（令和2年度）から0.6ポイント上昇しました（改善）。」
pub fn plain_sentence(
    ind: &Indicator,
    year: FiscalYear,
    format_value: impl Fn(&Value) -> String,
) -> String {
    let actual = match ind.actual.get(&year) {
        Some(v) => v,
        None => return format!("{}の実績は未報告です。", year.wareki()),
    };
    let mut s = format!("{}の実績は{}", year.wareki(), format_value(actual));
    match (ind.plan.get(&year), attainment(ind, year)) {
        (Some(p), Some(a)) => s.push_str(&format!(
            "で、計画値{}に対し達成率は{}です（{}）。",
            format_value(p),
            format_rate(a.rate),
            // Every rule gives at least 100 for a plan met (`attainment`); the guard keeps
            // a negative or short rate from ever being called reached.
            if a.met && a.rate >= 100.0 {
                "計画値に到達"
            } else {
                "計画値に未到達"
            }
        )),
        (Some(p), None) => s.push_str(&format!("で、計画値は{}です。", format_value(p))),
        (None, _) => s.push_str("です（この年度の計画値はありません）。"),
    }
    if let Some(change) = year_on_year(ind, year) {
        s.push_str(&change.sentence());
    }
    s
}
