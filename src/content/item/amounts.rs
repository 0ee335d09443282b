//! 取組項目の効果額: 年度ごとの実績（`[years.result] effect_amount`）と計画（`[effect_plan]`・
//! `effect_plan_total`）。数値のほか、計画書の書き方の文字（「▲80,800」「1,200」）も読む。
//! An item's 効果額 (千円): reported per year, planned per year and for the whole plan; written
//! as a number or as plans print it, read by the same parser as the survey's cells.

use super::year::year_key;
use super::{too_large, RawValue, TOO_LARGE_HELP};
use crate::content::check::Checker;
use crate::diag::codes;
use crate::model::{Plan, Value};
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::{is_exact, parse_number};
use std::collections::BTreeMap;
use toml::Spanned;

/// An amount in 千円: a finite, exact number, or text that reads as one (▲/△/− are minus).
pub(super) fn amount(v: &Spanned<RawValue>, what: &str, c: &mut Checker) -> Option<f64> {
    let n = match &v.get_ref().0 {
        Value::Number(n) => *n,
        Value::Text(t) => match parse_number(t) {
            Some(n) => n,
            None => {
                c.error(
                    codes::E111,
                    v.span(),
                    format!("{what}「{t}」を数値として読めません"),
                    "千円単位の数値を書いてください。負の数は -80800 か \"▲80,800\"（引用符つき）と書けます。単位「千円」や「約」は付けません。",
                );
                return None;
            }
        },
    };
    if !n.is_finite() {
        c.error(
            codes::E131,
            v.span(),
            format!("{what}に nan や inf は使えません"),
            "千円単位の数値を書いてください。",
        );
        None
    } else if !is_exact(n) {
        c.error(codes::E131, v.span(), too_large(what), TOO_LARGE_HELP);
        None
    } else {
        Some(n)
    }
}

/// The planned 効果額 of each year (`[effect_plan]`), each year inside the plan period.
pub(super) fn effect_plan(
    raw: &BTreeMap<Spanned<String>, Spanned<RawValue>>,
    plan: &Plan,
    c: &mut Checker,
) -> BTreeMap<FiscalYear, f64> {
    let mut out = BTreeMap::new();
    for (k, v) in raw {
        let year = year_key(k, "例: 平成29年度の計画額なら `2017 = 1200`。", "", plan, c);
        if let (Some(year), Some(n)) = (year, amount(v, "効果額（計画）", c)) {
            out.insert(year, n);
        }
    }
    out
}
