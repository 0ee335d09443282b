//! The chart's input, cleaned of what cannot be drawn: axis labels without XML-invalid
//! characters, values that are finite and of a plottable size, and the reference lines.

use super::palette::{BASELINE, TARGET};
use super::ChartSpec;
use crate::model::Outside;
use crate::text::escape::is_xml_char;

/// One out-of-period value: its year's index on the x axis, its side, the value.
pub(super) type OutsidePoint = (usize, Outside, f64);

/// Text handed to plotters (which escapes `<&>"'` itself): only XML-invalid characters removed.
pub(super) fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| is_xml_char(c) && c != '\n' && c != '\r')
        .collect()
}

pub(super) fn plottable(v: Option<f64>) -> Option<f64> {
    // Content refuses larger numbers (E131); the check keeps the scale sound for any caller.
    v.filter(|v| crate::text::number::is_exact(*v))
}

/// A horizontal reference line: 現状値 or 目標値.
pub(super) struct RefLine {
    pub class: &'static str,
    pub name: String,
    pub value: f64,
    pub color: &'static str,
    pub dash: &'static str,
    pub width: f64,
}

/// What the chart draws, year by year (`None`: nothing to draw for that year).
pub(super) struct Series {
    /// The x axis labels, one per year.
    pub labels: Vec<String>,
    pub plans: Vec<Option<f64>>,
    pub actuals: Vec<Option<f64>>,
    /// 現状値 then 目標値, each only when given.
    pub refs: Vec<RefLine>,
    /// Values of years outside the plan's period, drawn apart from the plan and actual lines.
    pub outside: Vec<OutsidePoint>,
}

impl Series {
    pub fn of(spec: &ChartSpec) -> Series {
        let labels: Vec<String> = spec.years.iter().map(|y| clean(&y.label)).collect();
        let within = |y: &&super::ChartYear| y.outside.is_none();
        let of = |y: &super::ChartYear, v: Option<f64>| plottable(v).filter(|_| within(&y));
        let plans: Vec<Option<f64>> = spec.years.iter().map(|y| of(y, y.plan)).collect();
        let actuals: Vec<Option<f64>> = spec.years.iter().map(|y| of(y, y.actual)).collect();
        // A reference value was measured (its actual), a later target planned (its plan).
        let outside = (spec.years.iter().enumerate())
            .filter_map(|(i, y)| {
                let side = y.outside?;
                plottable(y.actual.or(y.plan)).map(|v| (i, side, v))
            })
            .collect();
        let refs: Vec<RefLine> = [
            plottable(spec.baseline).map(|value| RefLine {
                class: "ref-baseline",
                name: spec.words.get("item.baseline_row").into(),
                value,
                color: BASELINE,
                dash: "7 4",
                width: 2.0,
            }),
            plottable(spec.target).map(|value| RefLine {
                class: "ref-target",
                name: spec.words.get("item.target_row").into(),
                value,
                color: TARGET,
                dash: "2 3",
                width: 3.5,
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        Series {
            labels,
            plans,
            actuals,
            refs,
            outside,
        }
    }

    /// The number of x axis segments: one per year, and one for an empty chart.
    pub fn segments(&self) -> usize {
        self.labels.len().max(1)
    }

    /// Every value drawn, which the y axis must show.
    pub fn values(&self) -> Vec<f64> {
        self.plans
            .iter()
            .chain(&self.actuals)
            .flatten()
            .copied()
            .chain(self.refs.iter().map(|r| r.value))
            .chain(self.outside.iter().map(|p| p.2))
            .collect()
    }
}
