//! 年度（4 月〜翌 3 月）と和暦表示。年度の表示はすべてこのモジュールを通す。

use serde::Serialize;
use std::fmt;

/// A Japanese fiscal year, stored as the Western year in which it starts (令和3年度 = 2021).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct FiscalYear(pub i32);

/// Era boundaries as (first Western year, era name, letter). For fiscal years the era is that of
/// the year's name in official use: FY2019 is 令和元年度 and FY1989 is 平成元年度.
const FISCAL_ERAS: [(i32, &str, &str); 3] = [
    (2019, "令和", "R"),
    (1989, "平成", "H"),
    (1926, "昭和", "S"),
];

impl FiscalYear {
    pub fn new(year: i32) -> Self {
        FiscalYear(year)
    }

    pub fn year(self) -> i32 {
        self.0
    }

    fn era(self) -> Option<(&'static str, &'static str, i32)> {
        FISCAL_ERAS
            .iter()
            .find(|(start, _, _)| self.0 >= *start)
            .map(|(start, name, letter)| (*name, *letter, self.0 - start + 1))
    }

    /// 「令和3年度」。元年は「令和元年度」。
    pub fn wareki(self) -> String {
        match self.era() {
            Some((name, _, n)) => format!("{name}{}年度", era_number(n)),
            None => format!("{}年度", self.0),
        }
    }

    /// 「令和3年度 (2021)」: the form used everywhere on the site.
    pub fn label(self) -> String {
        format!("{} ({})", self.wareki(), self.0)
    }

    /// 「R3」: compact axis label for charts.
    pub fn short(self) -> String {
        match self.era() {
            Some((_, letter, n)) => format!("{letter}{n}"),
            None => self.0.to_string(),
        }
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

fn era_number(n: i32) -> String {
    if n == 1 {
        "元".to_string()
    } else {
        n.to_string()
    }
}

/// A calendar month (not a fiscal year) in 和暦, e.g. 2021-04 → 「令和3年4月」. Uses the real era
/// change dates: 2019-04 is 平成31年4月, 2019-05 is 令和元年5月.
pub fn wareki_month(year: i32, month: u32) -> String {
    format!("{}{month}月", wareki_year_in(year, month))
}

/// A calendar year whose month is not known, e.g. 2017 → 「平成29年」. Named by the era of its
/// first day: 2019 → 平成31年, 1989 → 昭和64年.
pub fn wareki_year(year: i32) -> String {
    wareki_year_in(year, 1)
}

/// 「令和3年」 for a month of `year`.
fn wareki_year_in(year: i32, month: u32) -> String {
    let (name, start) = if (year, month) >= (2019, 5) {
        ("令和", 2019)
    } else if year >= 1989 {
        ("平成", 1989)
    } else if year >= 1927 {
        ("昭和", 1926)
    } else {
        return format!("{year}年");
    };
    format!("{name}{}年", era_number(year - start + 1))
}

/// How the site writes years and dates, from site.toml's `[site] language` and `fy2019_era`:
/// 和暦 with 西暦 (「令和3年度 (2021)」, the default) or English (「FY2021」); and whether FY2019
/// is 令和元年度 (its official name) or 平成31年度 (as plans written before the change print it).
/// One value built at load and handed to everything that labels a year, so every page, data
/// file and workbook agrees.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct YearFormat {
    /// English: 「FY2021」, 「April 2021」, 「31 May 2022」.
    pub western: bool,
    /// FY2019 as 平成31年度 (and its short form H31).
    pub heisei_2019: bool,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl YearFormat {
    /// The era of a fiscal year under this format (FY2019 as 平成31 when asked).
    fn era(self, fy: FiscalYear) -> Option<(&'static str, &'static str, i32)> {
        if self.heisei_2019 && fy.0 == 2019 {
            return Some(("平成", "H", 31));
        }
        fy.era()
    }

    /// 「令和3年度」 or 「FY2021」: a fiscal year's name.
    pub fn name(self, fy: FiscalYear) -> String {
        if self.western {
            return format!("FY{}", fy.0);
        }
        match self.era(fy) {
            Some((name, _, n)) => format!("{name}{}年度", era_number(n)),
            None => format!("{}年度", fy.0),
        }
    }

    /// 「令和3年度 (2021)」 or 「FY2021」: the form used everywhere on the site.
    pub fn label(self, fy: FiscalYear) -> String {
        if self.western {
            self.name(fy)
        } else {
            format!("{} ({})", self.name(fy), fy.0)
        }
    }

    /// 「R3」 or 「2021」: compact axis label for charts.
    pub fn short(self, fy: FiscalYear) -> String {
        match self.era(fy) {
            Some((_, letter, n)) if !self.western => format!("{letter}{n}"),
            _ => fy.0.to_string(),
        }
    }

    /// A calendar month: 「令和3年4月」 or 「April 2021」 (the real era change dates).
    pub fn month(self, year: i32, month: u32) -> String {
        if self.western {
            let name = MONTHS[(month.clamp(1, 12) - 1) as usize];
            return format!("{name} {year}");
        }
        wareki_month(year, month)
    }

    /// A calendar year whose month is not known: 「平成29年」 or 「2017」.
    pub fn year(self, year: i32) -> String {
        if self.western {
            year.to_string()
        } else {
            wareki_year(year)
        }
    }

    /// A day: 「令和4年5月31日」 or 「31 May 2022」.
    pub fn day(self, year: i32, month: u32, day: u32) -> String {
        if self.western {
            format!("{day} {}", self.month(year, month))
        } else {
            format!("{}{day}日", wareki_month(year, month))
        }
    }
}

/// Parses "YYYY-MM" (as written in site.toml) into (year, month).
pub fn parse_year_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.trim().split_once('-')?;
    if y.len() != 4 || m.is_empty() || m.len() > 2 {
        return None;
    }
    let y: i32 = y.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (1..=12).contains(&m).then_some((y, m))
}

/// Parses "YYYY-MM", or "YYYY" for a year whose month is not known, into (year, month).
pub fn parse_year_maybe_month(s: &str) -> Option<(i32, Option<u32>)> {
    let t = s.trim();
    if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        return Some((t.parse().ok()?, None));
    }
    parse_year_month(t).map(|(y, m)| (y, Some(m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_year_labels() {
        assert_eq!(FiscalYear(2021).label(), "令和3年度 (2021)");
        assert_eq!(FiscalYear(2019).wareki(), "令和元年度");
        assert_eq!(FiscalYear(2018).wareki(), "平成30年度");
        assert_eq!(FiscalYear(1989).wareki(), "平成元年度");
        assert_eq!(FiscalYear(1988).wareki(), "昭和63年度");
        assert_eq!(FiscalYear(2024).short(), "R6");
        assert_eq!(FiscalYear(2019).short(), "R1");
    }

    #[test]
    fn formats_follow_the_site_settings() {
        let heisei = YearFormat {
            heisei_2019: true,
            ..YearFormat::default()
        };
        assert_eq!(heisei.label(FiscalYear(2019)), "平成31年度 (2019)");
        assert_eq!(heisei.short(FiscalYear(2019)), "H31");
        assert_eq!(heisei.name(FiscalYear(2020)), "令和2年度");
        let default = YearFormat::default();
        assert_eq!(default.label(FiscalYear(2019)), FiscalYear(2019).label());
        let english = YearFormat {
            western: true,
            heisei_2019: true,
        };
        assert_eq!(english.label(FiscalYear(2019)), "FY2019");
        assert_eq!(english.short(FiscalYear(2024)), "2024");
        assert_eq!(english.month(2021, 4), "April 2021");
        assert_eq!(english.day(2022, 5, 31), "31 May 2022");
        assert_eq!(english.year(2017), "2017");
    }

    #[test]
    fn months_follow_the_real_era_change() {
        assert_eq!(wareki_month(2020, 3), "令和2年3月");
        assert_eq!(wareki_month(2019, 4), "平成31年4月");
        assert_eq!(wareki_month(2019, 5), "令和元年5月");
        assert_eq!(parse_year_month("2021-04"), Some((2021, 4)));
        assert_eq!(parse_year_month("2021-13"), None);
        assert_eq!(parse_year_month("令和3年"), None);
    }

    #[test]
    fn a_year_without_its_month() {
        assert_eq!(wareki_year(2017), "平成29年");
        assert_eq!(wareki_year(2019), "平成31年");
        assert_eq!(wareki_year(2020), "令和2年");
        assert_eq!(parse_year_maybe_month("2017"), Some((2017, None)));
        assert_eq!(parse_year_maybe_month("2017-04"), Some((2017, Some(4))));
        assert_eq!(parse_year_maybe_month("17"), None);
        assert_eq!(parse_year_maybe_month("2017-"), None);
    }
}
