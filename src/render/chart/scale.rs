//! The y axis: its range and "nice" ticks, and the axis type through which plotters maps
//! values to pixels.

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use std::ops::Range;

/// The narrow-band rule: values whose spread (largest − smallest) is at most this share of the
/// largest value would fill no more than a tenth of an axis from 0 — some 25 of the plot's
/// 260 pixels — so a plan and an actual value a few tenths apart look the same (収納率 95.45 →
/// 97.50% at 達成率 64.8%). ONS's examples fall either side: data from 92 to 100 (8%) start the
/// axis at 90, data from 2.5 to 9.5 keep it at 0.
pub(super) const NARROW_BAND: f64 = 0.1;

/// Whether the values lie in a narrow band far from zero: all of them positive, not all the
/// same, and spread over at most [`NARROW_BAND`] of the largest.
pub(super) fn narrow_band(values: &[f64]) -> bool {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    min > 0.0 && max > min && max - min <= NARROW_BAND * max
}

/// The value axis and its "nice" ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ), with headroom for the
/// value labels.
pub(super) struct YScale {
    /// The bottom of the plot: 0 or below for an axis from 0; a little below the lowest tick
    /// for a cropped axis, leaving room for the axis-break marker.
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    /// Whether the axis does not start at 0 (it then starts at `ticks[0]`).
    pub cropped: bool,
}

/// The axis from 0 (bars start at 0), or with `crop` and values in a narrow band, an axis
/// that starts above 0 (see [`cropped`]).
pub(super) fn y_scale(values: &[f64], crop: bool) -> YScale {
    if crop && narrow_band(values) {
        if let Some(s) = cropped(values) {
            return s;
        }
    }
    from_zero(values)
}

/// An axis that includes 0 and every value.
fn from_zero(values: &[f64]) -> YScale {
    let min = values.iter().copied().fold(0.0_f64, f64::min);
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let span = max - min;
    let fallback = || YScale {
        lo: 0.0,
        hi: 5.0,
        ticks: (0..=5).map(f64::from).collect(),
        cropped: false,
    };
    if !(span > 0.0 && span.is_finite()) {
        // No values, or all of them 0: an empty but valid axis.
        return fallback();
    }
    let top = if max > 0.0 { max + span * 0.12 } else { 0.0 };
    let bottom = if min < 0.0 { min - span * 0.12 } else { 0.0 };
    let Some(ticks) = nice_ticks(bottom, top) else {
        return fallback();
    };
    YScale {
        lo: ticks[0],
        hi: ticks[ticks.len() - 1],
        ticks,
        cropped: false,
    }
}

/// Share of a tick step left below the lowest tick of a cropped axis, for the break marker.
pub(super) const BREAK_ROOM: f64 = 0.4;

/// An axis for positive values in a narrow band: it starts at a tick below the lowest value
/// with a gap of about a quarter to a third of the plot under it (as the ONS service manual
/// asks of an axis that does not start at 0), never at or below 0. `None` if it would.
fn cropped(values: &[f64]) -> Option<YScale> {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = max - min;
    let ticks = nice_ticks(min - span * 0.3, max + span * 0.12)?;
    let step = ticks[1] - ticks[0];
    (ticks[0] > 0.0).then(|| YScale {
        lo: ticks[0] - step * BREAK_ROOM,
        hi: ticks[ticks.len() - 1],
        ticks,
        cropped: true,
    })
}

/// Ticks from at most `bottom` to at least `top`: among steps of 1, 2, 2.5 or 5 × 10ⁿ giving
/// 3 to 6 intervals, the tightest axis (ties: the count nearest 5). Data have at most two
/// decimals, so no step below 0.01. `None` when no sound axis comes out.
fn nice_ticks(bottom: f64, top: f64) -> Option<Vec<f64>> {
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
        return None;
    }
    Some((k0..=k1).map(|k| k as f64 * step).collect())
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
        let y_scale = |v: &[f64]| y_scale(v, false);
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
        // Without crop, a narrow band still gets an axis from 0.
        let s = super::y_scale(&[95.45, 96.4, 95.5], false);
        assert!(s.lo == 0.0 && !s.cropped);
    }

    #[test]
    fn narrow_band_rule() {
        // 市税収納率 95.45 → 96.40, 4-1-4 収納率 95.45 → 97.50: narrow.
        assert!(narrow_band(&[95.45, 95.6, 96.4, 95.5, 96.1]));
        assert!(narrow_band(&[95.45, 97.5]));
        // ONS's examples: 92–100 is cropped, 2.5–9.5 is not.
        assert!(narrow_band(&[92.0, 100.0]));
        assert!(!narrow_band(&[2.5, 9.5]));
        // The boundary: a spread of exactly a tenth of the largest value is narrow.
        assert!(narrow_band(&[54.0, 60.0]));
        assert!(!narrow_band(&[53.9, 60.0]));
        // HPアクセス数 456,456 → 510,000 (10.5%), a count from 0 (24 → 0): bars from 0.
        assert!(!narrow_band(&[456456.0, 470000.0, 510000.0]));
        assert!(!narrow_band(&[24.0, 10.0, 0.0]));
        // Not a band: one value, all equal, nothing, or zero and negative values.
        assert!(!narrow_band(&[95.45]));
        assert!(!narrow_band(&[5.0, 5.0, 5.0]));
        assert!(!narrow_band(&[]));
        assert!(!narrow_band(&[-96.0, -95.0]));
        assert!(!narrow_band(&[0.0, 0.0001]));
    }

    #[test]
    fn a_cropped_axis_starts_above_zero_below_every_value() {
        let values = [95.45, 95.6, 95.8, 96.0, 96.2, 96.4, 95.5, 96.1];
        let s = y_scale(&values, true);
        assert!(s.cropped);
        assert_eq!(s.ticks, vec![95.0, 95.5, 96.0, 96.5, 97.0]);
        assert!(s.lo > 0.0 && s.lo < s.ticks[0]);
        // The gap under the lowest value is about a quarter to a third of the plot.
        let gap = (95.45 - s.lo) / (s.hi - s.lo);
        assert!((0.2..=0.45).contains(&gap), "{gap}");
        let s = y_scale(&[95.45, 97.5, 96.0], true);
        assert_eq!((s.ticks[0], s.cropped), (94.0, true));
        let gap = (95.45 - s.lo) / (s.hi - s.lo);
        assert!((0.2..=0.45).contains(&gap), "{gap}");
        // A wide range is never cropped.
        let s = y_scale(&[456456.0, 510000.0], true);
        assert!(!s.cropped && s.lo == 0.0);
    }
}
