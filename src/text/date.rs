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
