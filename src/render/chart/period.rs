//! Values outside the plan's period (issue #18): a reference value of a year before it as a
//! hollow diamond, a target of a year after it as a hollow triangle. Neither joins the plan or
//! actual line (they are no part of those series); each carries its exact number
//! (`data-value`). A dashed vertical line marks each end of the period and a label above the
//! years names the side (「参考（計画期間前）」, 「計画期間後の目標」), so the points are told
//! apart by shape and by words, not by colour alone.

use super::frame::Plot;
use super::geometry::{text_width, Rect};
use super::labels::Labels;
use super::outside_shape::shape;
use super::palette::AXIS;
use super::series::OutsidePoint;
use super::FONT;
use crate::model::Outside;
use crate::text::number::raw_number;
use std::fmt::Write as _;

/// Half the size of an out-of-period marker.
const SIZE: f64 = 6.5;

/// The class of a side's markers.
pub(super) fn class(side: Outside) -> &'static str {
    match side {
        Outside::Reference => "reference-point",
        Outside::Beyond => "beyond-point",
    }
}

/// Draws the markers; returns the boxes they cover, for the labels to keep clear of.
pub(super) fn markers(out: &mut String, plot: &Plot, points: &[OutsidePoint]) -> Vec<Rect> {
    let mut boxes = Vec::new();
    for &(i, side, v) in points {
        let (x, y) = plot.px(i as f64 + 0.5, v);
        let _ = writeln!(
            out,
            "<polygon class=\"{}\" data-value=\"{}\" {}/>",
            class(side),
            raw_number(v),
            shape(side, x, y, SIZE)
        );
        let r = SIZE + 1.5;
        boxes.push((x - r, y - r, x + r, y + r));
    }
    boxes
}

/// The years of each side as (first index, last index + 1), in x order.
fn spans(points: &[OutsidePoint]) -> Vec<(Outside, usize, usize)> {
    let mut spans: Vec<(Outside, usize, usize)> = Vec::new();
    for &(i, side, _) in points {
        match spans.iter_mut().find(|s| s.0 == side) {
            Some(s) => (s.1, s.2) = (s.1.min(i), s.2.max(i + 1)),
            None => spans.push((side, i, i + 1)),
        }
    }
    spans
}

/// A dashed vertical line at each end of the plan's period that has years beyond it.
pub(super) fn boundaries(out: &mut String, plot: &Plot, points: &[OutsidePoint]) {
    for (side, from, to) in spans(points) {
        let at = match side {
            Outside::Reference => to,
            Outside::Beyond => from,
        };
        let x = plot.px(at as f64, 0.0).0;
        let _ = writeln!(
            out,
            "<line class=\"period-boundary\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{AXIS}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>",
            plot.top,
            plot.bottom
        );
    }
}

/// Each side's label over its years, as high as it finds room clear of the marks and labels.
pub(super) fn labels(
    labels: &mut Labels,
    plot: &Plot,
    points: &[OutsidePoint],
    words: &crate::words::Words,
) {
    for (side, from, to) in spans(points) {
        let (x0, x1) = (plot.px(from as f64, 0.0).0, plot.px(to as f64, 0.0).0);
        let text = words.get(side.word());
        // Anchored at the boundary side when the label is wider than its years.
        let w = text_width(text, FONT);
        let x = match side {
            Outside::Reference => (x0 + w / 2.0).max((x0 + x1) / 2.0),
            Outside::Beyond => (x1 - w / 2.0).min((x0 + x1) / 2.0),
        };
        labels.period(text, x, plot.top + FONT + 2.0, plot.bottom);
    }
}
