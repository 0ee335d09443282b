//! The y axis: its range and "nice" ticks, and the axis type through which plotters maps
//! values to pixels.

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use std::ops::Range;

/// The value axis: always includes 0 (bars start at 0) and every value, with headroom for the
/// value labels, and ends on "nice" ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ).
pub(super) struct YScale {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
}

pub(super) fn y_scale(values: &[f64]) -> YScale {
    let min = values.iter().copied().fold(0.0_f64, f64::min);
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let span = max - min;
    let fallback = || YScale {
        lo: 0.0,
        hi: 5.0,
        ticks: (0..=5).map(f64::from).collect(),
    };
    if !(span > 0.0 && span.is_finite()) {
        // No values, or all of them 0: an empty but valid axis.
        return fallback();
    }
    let top = if max > 0.0 { max + span * 0.12 } else { 0.0 };
    let bottom = if min < 0.0 { min - span * 0.12 } else { 0.0 };
    // Among steps of 1, 2, 2.5 or 5 × 10ⁿ giving 3 to 6 intervals, take the tightest axis
    // (ties: the count nearest 5). Data have at most two decimals, so no step below 0.01.
    let exp = ((top - bottom) / 5.0).log10().floor();
    let mut best: Option<(f64, i64, i64, f64)> = None;
    for e in [exp - 1.0, exp, exp + 1.0] {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let step = m * 10f64.powf(e);
            if (m == 2.5 && e < 0.0) || step < 0.01 {
                continue;
            }
            let (k0, k1) = ((bottom / step).floor() as i64, (top / step).ceil() as i64);
            if !(3..=6).contains(&(k1 - k0)) {
                continue;
            }
            let extent = (k1 - k0) as f64 * step;
            let better = best.is_none_or(|(b, bk0, bk1, _)| {
                extent < b * (1.0 - 1e-9)
                    || (extent <= b * (1.0 + 1e-9) && (k1 - k0 - 5).abs() < (bk1 - bk0 - 5).abs())
            });
            if better {
                best = Some((extent, k0, k1, step));
            }
        }
    }
    let (k0, k1, step) = match best {
        Some((_, k0, k1, step)) => (k0, k1, step),
        // Tiny values: 0.01 steps.
        None => (
            (bottom / 0.01).floor() as i64,
            (top / 0.01).ceil() as i64,
            0.01,
        ),
    };
    if k1 <= k0 || k1 - k0 > 50 {
        return fallback();
    }
    let ticks: Vec<f64> = (k0..=k1).map(|k| k as f64 * step).collect();
    YScale {
        lo: ticks[0],
        hi: ticks[ticks.len() - 1],
        ticks,
    }
}

/// A linear axis whose ticks are exactly the given values (plotters' own f64 axis picks its own
/// ticks, and its `WithKeyPoints` wrapper cannot take label formatters).
#[derive(Clone)]
pub(super) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let t = (value - self.lo) / (self.hi - self.lo);
        let t = if t.is_finite() {
            t.clamp(-1.0, 2.0)
        } else {
            0.0
        };
        limit.0 + (f64::from(limit.1 - limit.0) * t).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn y_axis_includes_zero_and_all_values_with_headroom() {
        let s = y_scale(&[470000.0, 510000.0, 456456.0]);
        assert_eq!(s.lo, 0.0);
        assert!(s.hi > 510000.0 * 1.05);
        assert_eq!(s.ticks.first(), Some(&s.lo));
        assert_eq!(s.ticks.last(), Some(&s.hi));
        let s = y_scale(&[-5.0, 2.0]);
        assert!(s.lo < -5.0 && s.hi > 2.0);
        assert!(s.ticks.contains(&0.0));
        let s = y_scale(&[]);
        assert_eq!((s.lo, s.hi), (0.0, 5.0));
        let s = y_scale(&[0.0, 0.0]);
        assert_eq!((s.lo, s.hi), (0.0, 5.0));
        let s = y_scale(&[95.45]);
        assert!(s.hi > 95.45 && s.lo == 0.0);
    }
}
