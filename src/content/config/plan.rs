//! site.toml の [city] と [plan]、[[reports]]: 団体、計画期間、改訂、報告年度。
//! The city, the plan's period and revisions, and the yearly report editions.

use super::{RawCity, RawPlan, RawReport, RawRevision};
use crate::content::check::{require_text, Checker};
use crate::diag::codes;
use crate::model::{City, Edition, Revision};
use crate::text::date::Date;
use crate::text::fiscal_year::YearFormat;
use crate::text::fiscal_year::{parse_year_maybe_month, FiscalYear};
use crate::words::Words;

/// city.name and plan.title head every page: they must say something (E175).
pub(super) fn required_text(city: &RawCity, plan: &RawPlan, c: &mut Checker) {
    require_text(&city.name, "city.name（団体名）", c);
    require_text(&plan.title, "plan.title（計画の名前）", c);
}

pub(super) fn city(raw: RawCity, c: &mut Checker) -> City {
    if !is_valid_local_government_code(raw.code.get_ref()) {
        c.error(
            codes::E101,
            raw.code.span(),
            format!(
                "全国地方公共団体コード「{}」が正しくありません",
                raw.code.get_ref()
            ),
            "6 桁（5 桁の団体コード＋検査数字）で書いてください。例: 安中市は \"102113\"。",
        );
    }
    City {
        name: raw.name.into_inner().trim().to_string(),
        code: raw.code.into_inner(),
    }
}

/// The first and last fiscal years of the plan.
pub(super) fn period(raw: &RawPlan, c: &mut Checker) -> (FiscalYear, FiscalYear) {
    let (first, last) = (*raw.first_year.get_ref(), *raw.last_year.get_ref());
    for y in [&raw.first_year, &raw.last_year] {
        if !(1900..=2200).contains(y.get_ref()) {
            c.error(
                codes::E102,
                y.span(),
                format!("年度 {} は西暦 4 桁で書いてください", y.get_ref()),
                "令和3年度なら 2021 と書きます。",
            );
        }
    }
    if first > last {
        c.error(
            codes::E102,
            raw.last_year.span(),
            format!("計画期間の最後の年度 {last} が最初の年度 {first} より前です"),
            "first_year と last_year を確かめてください。",
        );
    }
    (FiscalYear(first), FiscalYear(last))
}

pub(super) fn revisions(raw: &[RawRevision], c: &mut Checker) -> Vec<Revision> {
    let mut revisions = Vec::new();
    for r in raw {
        match parse_year_maybe_month(r.date.get_ref()) {
            Some((year, month)) => revisions.push(Revision {
                edition: r.edition.clone(),
                year,
                month,
            }),
            None => c.error(
                codes::E103,
                r.date.span(),
                format!(
                    "改訂日「{}」は YYYY-MM の形で書いてください",
                    r.date.get_ref()
                ),
                "令和3年4月なら \"2021-04\" と書きます。月が分からない（計画に「平成29年　月」とある）なら年だけ \"2017\" と書きます。",
            ),
        }
    }
    revisions
}

/// The yearly report editions: inside the plan's period, oldest first, one per year.
pub(super) fn reports(
    raw: &[RawReport],
    (first, last): (FiscalYear, FiscalYear),
    shown: (&Words, YearFormat),
    c: &mut Checker,
) -> Vec<Edition> {
    let (first, last) = (first.0, last.0);
    let mut reports: Vec<Edition> = Vec::new();
    for r in raw {
        let y = *r.year.get_ref();
        if y < first || y > last {
            c.error(
                codes::E108,
                r.year.span(),
                format!("報告年度 {y} が計画期間（{first}〜{last}）の外です"),
                "報告の対象年度を西暦で書いてください（令和3年度なら 2021）。",
            );
        } else if reports.iter().any(|x| x.year.0 >= y) {
            c.error(
                codes::E108,
                r.year.span(),
                format!("報告年度 {y} が重複しているか、古い順に並んでいません"),
                "[[reports]] は年度の古い順に 1 年度 1 つずつ書いてください。",
            );
        }
        reports.push(report(r, shown, c));
    }
    reports
}

/// One edition; without a title of its own, 「令和2年度 進捗状況報告」 (`site.edition_title`).
fn report(r: &RawReport, (words, years): (&Words, YearFormat), c: &mut Checker) -> Edition {
    let y = *r.year.get_ref();
    let as_of = Date::parse(r.as_of.get_ref());
    if as_of.is_none() {
        c.error(
            codes::E109,
            r.as_of.span(),
            format!(
                "基準日「{}」は YYYY-MM-DD の形で書いてください",
                r.as_of.get_ref()
            ),
            "例: as_of = \"2022-05-31\"",
        );
    }
    Edition {
        year: FiscalYear(y),
        // An invalid date is an error above, so the placeholder is never published.
        as_of: as_of.unwrap_or_default(),
        title: r.title.clone().unwrap_or_else(|| {
            words.fill(
                "site.edition_title",
                &[("year", &years.name(FiscalYear(y)))],
            )
        }),
        record: None,
    }
}

/// 全国地方公共団体コード: five digits and a check digit (modulus 11, weights 6..2).
pub fn is_valid_local_government_code(code: &str) -> bool {
    let digits: Vec<u32> = code.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 6 || code.len() != 6 {
        return false;
    }
    let sum: u32 = digits[..5]
        .iter()
        .zip([6, 5, 4, 3, 2])
        .map(|(d, w)| d * w)
        .sum();
    let check = (11 - sum % 11) % 10;
    digits[5] == check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_government_codes() {
        assert!(is_valid_local_government_code("102113")); // 安中市
        assert!(is_valid_local_government_code("131016")); // 千代田区
        assert!(is_valid_local_government_code("011002")); // 札幌市
        assert!(!is_valid_local_government_code("102114"));
        assert!(!is_valid_local_government_code("10211"));
    }
}
