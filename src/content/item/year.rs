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
                "{}〜{} の西暦で書いてください（令和3年度なら 2021）。",
                first.0, last.0
            ),
        );
        return None;
    }
    Some(FiscalYear(year as i32))
}

/// A year written as a table key (`2021 = …`): a 西暦 integer inside the plan's period (E126,
/// with `example` of how to write it).
pub(super) fn year_key(
    key: &toml::Spanned<String>,
    example: &str,
    plan: &Plan,
    c: &mut Checker,
) -> Option<FiscalYear> {
    match key.get_ref().trim().parse::<i64>() {
        Ok(y) => fiscal_year(y, key.span(), plan, c),
        Err(_) => {
            c.error(
                codes::E126,
                key.span(),
                format!("年度「{}」は西暦の整数で書いてください", key.get_ref()),
                example,
            );
            None
        }
    }
}
