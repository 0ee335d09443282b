//! 前年度比: how an indicator's actual value moved from the previous fiscal year, in words that
//! say the direction (上昇・低下, 増・減) and whether that is an improvement, never colour alone.

use crate::model::{Direction, Indicator, Value};
use crate::text::fiscal_year::{FiscalYear, YearFormat};
use crate::text::number::{difference_unit, format_decimals, round_to};
use crate::words::Words;

/// Which way the actual value moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    Up,
    Down,
    Flat,
}

/// The change of one indicator's actual value from the previous fiscal year.
#[derive(Clone, Debug, PartialEq)]
pub struct YearOnYear {
    pub year: FiscalYear,
    /// The fiscal year before `year`.
    pub previous: FiscalYear,
    pub before: f64,
    pub after: f64,
    /// `after − before`, rounded to the indicator's decimal places (both values have at most
    /// that many, so this is the exact difference).
    pub change: f64,
    pub trend: Trend,
    /// Whether the move is an improvement in the indicator's direction; `None` when the value
    /// did not move or the indicator has no direction.
    pub improved: Option<bool>,
    /// The size of the change, with the indicator's unit unless it is a rate: 「0.60」「120件」
    /// ([`YearOnYear::amount`] adds ポイント to a rate's).
    pub size: String,
    /// A rate in percent (or points): it 上昇・低下 by points; anything else 増える・減る.
    rate: bool,
}

/// 前年度比 of `ind` in `year`: `None` unless both `year` and the year before have a numeric
/// actual value.
pub fn year_on_year(ind: &Indicator, year: FiscalYear) -> Option<YearOnYear> {
    let previous = FiscalYear(year.0.checked_sub(1)?);
    let after = ind.actual.get(&year).and_then(Value::as_number)?;
    let before = ind.actual.get(&previous).and_then(Value::as_number)?;
    let change = round_to(after - before, ind.decimals);
    let trend = match change {
        c if c > 0.0 => Trend::Up,
        c if c < 0.0 => Trend::Down,
        _ => Trend::Flat,
    };
    let improved = match (trend, ind.direction) {
        (Trend::Flat, _) | (_, Direction::None) => None,
        (t, d) => Some((t == Trend::Up) == (d == Direction::Increase)),
    };
    let unit = difference_unit(&ind.unit);
    let rate = unit != ind.unit;
    Some(YearOnYear {
        year,
        previous,
        before,
        after,
        change,
        trend,
        improved,
        size: match rate {
            true => format_decimals(change.abs(), ind.decimals),
            false => format!("{}{unit}", format_decimals(change.abs(), ind.decimals)),
        },
        rate,
    })
}

impl YearOnYear {
    /// 「0.60ポイント」「120件」: the size of the change as the site shows it.
    pub fn amount(&self, w: &Words) -> String {
        match self.rate {
            true => w.fill("progress.points", &[("n", &self.size)]),
            false => self.size.clone(),
        }
    }

    /// 「0.60ポイント上昇」「120件増」「横ばい」.
    /// 「0.60ポイント上昇」「120件増」「横ばい」.
    pub fn short(&self, w: &Words) -> String {
        w.fill(self.key(true), &[("amount", &self.amount(w))])
    }

    /// The catalogue key of the movement (`_flat`, `_rose`, `_fell`, `_up`, `_down`), of the
    /// table cell's short form or of the sentence's.
    fn key(&self, short: bool) -> &'static str {
        let keys: [&'static str; 5] = if short {
            [
                "progress.short_flat",
                "progress.short_rose",
                "progress.short_fell",
                "progress.short_up",
                "progress.short_down",
            ]
        } else {
            [
                "progress.moved_flat",
                "progress.moved_rose",
                "progress.moved_fell",
                "progress.moved_up",
                "progress.moved_down",
            ]
        };
        match (self.trend, self.rate) {
            (Trend::Flat, _) => keys[0],
            (Trend::Up, true) => keys[1],
            (Trend::Down, true) => keys[2],
            (Trend::Up, false) => keys[3],
            (Trend::Down, false) => keys[4],
        }
    }

    /// 「改善」 or 「悪化」 for the indicator's direction; `None` when neither applies.
    pub fn verdict<'w>(&self, w: &'w Words) -> Option<&'w str> {
        self.improved.map(|i| {
            w.get(if i {
                "progress.improved"
            } else {
                "progress.worsened"
            })
        })
    }

    /// The table cell: 「0.60ポイント上昇（改善）」「横ばい」.
    pub fn cell(&self, w: &Words) -> String {
        match self.verdict(w) {
            Some(v) => format!(
                "{}{}",
                self.short(w),
                w.fill("site.parenthesis", &[("text", v)])
            ),
            None => self.short(w),
        }
    }

    /// The sentence: 「前年度（令和2年度）から0.60ポイント上昇しました（改善）。」
    pub fn sentence(&self, w: &Words, years: YearFormat) -> String {
        let moved = w.fill(self.key(false), &[("amount", &self.amount(w))]);
        let verdict = self
            .verdict(w)
            .map(|v| w.fill("site.parenthesis", &[("text", v)]))
            .unwrap_or_default();
        w.fill(
            "progress.sentence_change",
            &[
                ("year", &years.name(self.previous)),
                ("moved", &moved),
                ("verdict", &verdict),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w() -> Words {
        Words::default()
    }
    use std::collections::BTreeMap;

    fn indicator(
        unit: &str,
        direction: Direction,
        decimals: u8,
        actual: &[(i32, f64)],
    ) -> Indicator {
        Indicator {
            name: "指標".into(),
            unit: unit.into(),
            direction,
            baseline: None,
            baseline_note: None,
            target: None,
            target_note: None,
            plan_note: None,
            decimals,
            chart: Default::default(),
            negative: Default::default(),
            plan: BTreeMap::new(),
            actual: actual
                .iter()
                .map(|&(y, v)| (FiscalYear(y), Value::Number(v)))
                .collect(),
            reference: BTreeMap::new(),
            beyond: BTreeMap::new(),
        }
    }

    fn yoy(ind: &Indicator, year: i32) -> YearOnYear {
        year_on_year(ind, FiscalYear(year)).expect("a change")
    }

    #[test]
    fn a_rate_moves_by_points_and_says_whether_that_is_better() {
        // 市税収納率 95.50% → 96.10%: the exact difference, no float residue.
        let ind = indicator("%", Direction::Increase, 2, &[(2020, 95.5), (2021, 96.1)]);
        let c = yoy(&ind, 2021);
        assert_eq!((c.before, c.after, c.change), (95.5, 96.1, 0.6));
        assert_eq!((c.trend, c.improved), (Trend::Up, Some(true)));
        assert_eq!(c.previous, FiscalYear(2020));
        assert_eq!(c.cell(&w()), "0.60ポイント上昇（改善）");
        assert_eq!(
            c.sentence(&w(), Default::default()),
            "前年度（令和2年度）から0.60ポイント上昇しました（改善）。"
        );
        let down = indicator("%", Direction::Increase, 1, &[(2020, 96.1), (2021, 95.7)]);
        assert_eq!(yoy(&down, 2021).cell(&w()), "0.4ポイント低下（悪化）");
    }

    #[test]
    fn a_count_moves_by_its_unit_and_lower_can_be_better() {
        let ind = indicator("人", Direction::Decrease, 0, &[(2020, 21.0), (2021, 12.0)]);
        let c = yoy(&ind, 2021);
        assert_eq!(
            (c.change, c.trend, c.improved),
            (-9.0, Trend::Down, Some(true))
        );
        assert_eq!(c.cell(&w()), "9人減（改善）");
        assert_eq!(
            c.sentence(&w(), Default::default()),
            "前年度（令和2年度）から9人減少しました（改善）。"
        );
        let more = indicator(
            "件",
            Direction::Decrease,
            0,
            &[(2021, 100.0), (2022, 1_320.0)],
        );
        assert_eq!(yoy(&more, 2022).cell(&w()), "1,220件増（悪化）");
        let hits = indicator(
            "件",
            Direction::Increase,
            0,
            &[(2021, 485_500.0), (2022, 481_000.0)],
        );
        assert_eq!(
            yoy(&hits, 2022).sentence(&w(), Default::default()),
            "前年度（令和3年度）から4,500件減少しました（悪化）。"
        );
    }

    #[test]
    fn no_change_is_flat_and_no_direction_has_no_verdict() {
        let flat = indicator("%", Direction::Increase, 2, &[(2020, 95.45), (2021, 95.45)]);
        let c = yoy(&flat, 2021);
        assert_eq!((c.change, c.trend, c.improved), (0.0, Trend::Flat, None));
        assert_eq!(c.cell(&w()), "横ばい");
        assert_eq!(
            c.sentence(&w(), Default::default()),
            "前年度（令和2年度）から横ばいです。"
        );
        let none = indicator("件", Direction::None, 0, &[(2020, 5.0), (2021, 8.0)]);
        let c = yoy(&none, 2021);
        assert_eq!((c.improved, c.verdict(&w())), (None, None));
        assert_eq!(c.cell(&w()), "3件増");
    }

    #[test]
    fn only_with_both_years_reported() {
        // 令和3年度 unreported: 令和4年度 has no 前年度比 (令和2年度 is not the previous year).
        let ind = indicator("日", Direction::Increase, 1, &[(2020, 10.2), (2022, 11.3)]);
        assert!(year_on_year(&ind, FiscalYear(2020)).is_none());
        assert!(year_on_year(&ind, FiscalYear(2021)).is_none());
        assert!(year_on_year(&ind, FiscalYear(2022)).is_none());
        let mut text = indicator("", Direction::None, 0, &[(2021, 1.0)]);
        text.actual
            .insert(FiscalYear(2020), Value::Text("集計中".into()));
        assert!(year_on_year(&text, FiscalYear(2021)).is_none());
    }
}
