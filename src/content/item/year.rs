//! 項目ファイルの年度: どの表（[[years]]・指標・効果額）でも、年度は計画期間の中の西暦で書く。
//! A fiscal year written in an item file (in [[years]], indicator tables and 効果額 tables):
//! a 西暦 year inside the plan's period. Shared by those readers, so none imports another.

use crate::content::check::Checker;
use crate::diag::codes;
use crate::model::Plan;
use crate::text::fiscal_year::FiscalYear;
use std::ops::Range;

/// A year inside the plan's period.
pub(super) fn fiscal_year(
    year: i64,
    span: Range<usize>,
    plan: &Plan,
    c: &mut Checker,
) -> Option<FiscalYear> {
    in_period(year, span, "", plan, c)
}

/// A year inside the plan's period; `more` is added to the hint of E126 (where else such a
/// year may be written).
fn in_period(
    year: i64,
    span: Range<usize>,
    more: &str,
    plan: &Plan,
    c: &mut Checker,
) -> Option<FiscalYear> {
    let (first, last) = (plan.first_year, plan.last_year);
    if year < first.0 as i64 || year > last.0 as i64 {
        let shown = i32::try_from(year)
            .map(|y| FiscalYear(y).label())
            .unwrap_or_else(|_| year.to_string());
        c.error(
            codes::E126,
            span,
            format!(
                "年度 {shown} は計画期間（{}〜{}）の外です",
                first.label(),
                last.label()
            ),
            format!(
                "{}〜{} の西暦で書いてください（令和3年度なら 2021）。{more}",
                first.0, last.0
            ),
        );
        return None;
    }
    Some(FiscalYear(year as i32))
}

/// A year written as a table key (`2021 = …`): a 西暦 integer inside the plan's period (E126,
/// with `example` of how to write it, and `more` added to the hint for a year outside it).
pub(super) fn year_key(
    key: &toml::Spanned<String>,
    example: &str,
    more: &str,
    plan: &Plan,
    c: &mut Checker,
) -> Option<FiscalYear> {
    let year = integer_key(key, example, c)?;
    in_period(year, key.span(), more, plan, c)
}

/// The hint of E126 for an indicator's `plan` and `actual`: where a year outside the period goes.
pub(super) const OUTSIDE_HINT: &str = "計画期間より前の参考値は [indicators.reference] に、計画期間より後の目標は [indicators.beyond] に書きます。";

/// The year of a table key, an integer (E126 otherwise, with `example`).
fn integer_key(key: &toml::Spanned<String>, example: &str, c: &mut Checker) -> Option<i64> {
    let parsed = key.get_ref().trim().parse::<i64>();
    if parsed.is_err() {
        c.error(
            codes::E126,
            key.span(),
            format!("年度「{}」は西暦の整数で書いてください", key.get_ref()),
            example,
        );
    }
    parsed.ok()
}

/// How many years before or after the plan's period an indicator's reference value or later
/// target may lie: a year further away is a typo (「2105」 for 2015).
pub const OUTSIDE_YEARS: i32 = 20;

/// Which side of the plan's period a table of out-of-period values lies on.
#[derive(Clone, Copy)]
pub(super) enum Side {
    /// `[indicators.reference]`: reference values of years before the period.
    Before,
    /// `[indicators.beyond]`: targets of years after the period.
    After,
}

/// A year written as a key of `[indicators.reference]` (before the period) or
/// `[indicators.beyond]` (after it): E200 for a year on the wrong side, E126 for one more than
/// [`OUTSIDE_YEARS`] away.
pub(super) fn outside_year_key(
    key: &toml::Spanned<String>,
    side: Side,
    plan: &Plan,
    c: &mut Checker,
) -> Option<FiscalYear> {
    let example = match side {
        Side::Before => "例: 平成27年度の参考値なら `2015 = 120`。",
        Side::After => "例: 令和6年度の目標なら `2024 = 100`。",
    };
    let year = integer_key(key, example, c)?;
    let (first, last) = (i64::from(plan.first_year.0), i64::from(plan.last_year.0));
    let (wrong_side, far) = match side {
        Side::Before => (year >= first, year < first - i64::from(OUTSIDE_YEARS)),
        Side::After => (year <= last, year > last + i64::from(OUTSIDE_YEARS)),
    };
    if wrong_side {
        wrong_side_error(key, year, side, plan, c);
        return None;
    }
    if far {
        c.error(
            codes::E126,
            key.span(),
            format!("年度 {year} は計画期間から{OUTSIDE_YEARS}年より離れています"),
            format!("西暦の年度の誤りではありませんか？ {example}"),
        );
        return None;
    }
    Some(FiscalYear(year as i32))
}

fn wrong_side_error(
    key: &toml::Spanned<String>,
    year: i64,
    side: Side,
    plan: &Plan,
    c: &mut Checker,
) {
    let shown = i32::try_from(year)
        .map(|y| FiscalYear(y).label())
        .unwrap_or_else(|_| year.to_string());
    let (first, last) = (plan.first_year.label(), plan.last_year.label());
    let (table, place) = match side {
        Side::Before => ("[indicators.reference]", "計画期間より前"),
        Side::After => ("[indicators.beyond]", "計画期間より後"),
    };
    c.error(
        codes::E200,
        key.span(),
        format!("{table} の年度 {shown} が{place}ではありません（計画期間は {first}〜{last}）"),
        "計画期間内の年度は [indicators.plan]・[indicators.actual] に、計画期間より前の参考値は [indicators.reference] に、後の目標は [indicators.beyond] に書きます。",
    );
}
