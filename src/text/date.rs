//! 日付（基準日・試験日）: `YYYY-MM-DD` を一度だけ解析し、暦として正しいことを確かめる。
//! Calendar dates as written in site.toml and the accessibility results, parsed once.

use crate::text::fiscal_year::wareki_month;
use serde::{Serialize, Serializer};
use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// `YYYY-MM-DD` (a four-digit year; month and day of one or two digits) naming a real day.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
            n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
        };
        if parts.next().is_some() || !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        date.is_real().then_some(date)
    }

    fn is_real(&self) -> bool {
        (1..=12).contains(&self.month)
            && (1..=days_in_month(self.year, self.month)).contains(&self.day)
    }

    /// 「令和4年5月31日」
    pub fn wareki(&self) -> String {
        format!("{}{}日", wareki_month(self.year, self.month), self.day)
    }

    /// The day as the site writes dates (「令和4年5月31日」 or 「31 May 2022」).
    pub fn shown(&self, years: crate::text::fiscal_year::YearFormat) -> String {
        years.day(self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// ISO 8601: `2022-05-31`.
impl Date {
    /// Today in Japan (UTC+9), for the dates staff write (a publication, a correction); never
    /// used in the site's output, which must not depend on when it is built.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs as i64 + 9 * 3600).div_euclid(86_400))
    }

    /// The civil date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

#[cfg(test)]
mod today_tests {
    use super::Date;

    #[test]
    fn days_become_dates() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(19_783).to_string(), "2024-03-01");
        assert_eq!(Date::from_days(20_788).to_string(), "2026-12-01");
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_days() {
        assert_eq!(Date::parse("2022-05-31").unwrap().to_string(), "2022-05-31");
        assert_eq!(Date::parse("2024-2-29").unwrap().to_string(), "2024-02-29");
        for bad in [
            "2023-02-29",
            "2022-13-01",
            "2022-04-31",
            "22-05-31",
            "2022-05",
            "2022-05-31-1",
            "2022-０5-31",
            "+022-05-31",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn wareki() {
        assert_eq!(
            Date::parse("2022-05-31").unwrap().wareki(),
            "令和4年5月31日"
        );
    }
}
