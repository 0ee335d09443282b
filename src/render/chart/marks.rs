//! The data marks, written as SVG elements of our own so that each carries a class and its
//! exact number (`data-value`): the actual values as bars (or, on a line chart, a line through
//! square markers), the plan line with its circle markers, the 現状値/目標値 reference lines,
//! the zero line of an axis that goes below 0 and the break marker of one that starts above 0.

use super::frame::Plot;
use super::geometry::Rect;
use super::palette::{ACTUAL, AXIS, PLAN};
use super::scale::YScale;
use super::series::RefLine;
use crate::text::number::raw_number;
use std::fmt::Write as _;

/// A plan value's marker: its pixel (x, y) and the value.
pub(super) type Marker = (f64, f64, f64);

/// The markers of a series, one per year (`None`: no value that year).
pub(super) fn markers(plot: &Plot, values: &[Option<f64>]) -> Vec<Option<Marker>> {
    values
        .iter()
        .enumerate()
        .map(|(i, p)| {
            p.map(|v| {
                let (x, y) = plot.px(i as f64 + 0.5, v);
                (x, y, v)
            })
        })
        .collect()
}

/// The zero line, for an axis that goes below 0.
pub(super) fn zero_line(out: &mut String, plot: &Plot) {
    let (left, right, zero_y) = (plot.left, plot.right, plot.zero_y());
    let _ = writeln!(out, "<line class=\"zero\" x1=\"{left}\" y1=\"{zero_y}\" x2=\"{right}\" y2=\"{zero_y}\" stroke=\"{AXIS}\" stroke-width=\"1\"/>");
}

/// The break marker of an axis that does not start at 0: two slanted strokes across the y
/// axis with the axis cut between them, in the room left below the lowest tick.
pub(super) fn axis_break(out: &mut String, plot: &Plot, scale: &YScale) {
    let Some(&first) = scale.ticks.first() else {
        return;
    };
    let (x, y) = (plot.left, plot.px(0.0, (scale.lo + first) / 2.0).1);
    let (x0, x1) = (x - 7.0, x + 7.0);
    let _ = writeln!(
        out,
        "<g class=\"axis-break\"><polygon points=\"{x0},{} {x1},{} {x1},{} {x0},{}\" fill=\"#ffffff\"/><line x1=\"{x0}\" y1=\"{}\" x2=\"{x1}\" y2=\"{}\" stroke=\"{AXIS}\" stroke-width=\"1.5\"/><line x1=\"{x0}\" y1=\"{}\" x2=\"{x1}\" y2=\"{}\" stroke=\"{AXIS}\" stroke-width=\"1.5\"/></g>",
        y + 5.0,
        y - 1.0,
        y - 5.0,
        y + 1.0,
        y + 5.0,
        y - 1.0,
        y + 1.0,
        y - 5.0,
    );
}

/// An actual value's mark: a bar, or a point of the line (a bar of no length, for the labels).
pub(super) struct Bar {
    /// The year's index.
    pub year: usize,
    /// Centre of the bar.
    pub cx: f64,
    /// The end away from 0: the top of a positive bar, the bottom of a negative one.
    pub end_y: f64,
    pub value: f64,
    /// The box the bar covers.
    pub rect: Rect,
}

/// Actual values: bars from 0.
pub(super) fn bars(out: &mut String, plot: &Plot, actuals: &[Option<f64>]) -> Vec<Bar> {
    let (zero_y, bar_w) = (plot.zero_y(), plot.bar_w());
    let mut bars: Vec<Bar> = Vec::new();
    for (i, a) in actuals.iter().enumerate() {
        let Some(v) = *a else { continue };
        let (cx, end_y) = plot.px(i as f64 + 0.5, v);
        let (y, h) = if end_y <= zero_y {
            (end_y, zero_y - end_y)
        } else {
            (zero_y, end_y - zero_y)
        };
        bars.push(Bar {
            year: i,
            cx,
            end_y,
            value: v,
            rect: (cx - bar_w / 2.0, y, cx + bar_w / 2.0, y + h),
        });
        let _ = writeln!(
            out,
            "<rect class=\"bar-actual\" data-value=\"{}\" x=\"{:.1}\" y=\"{y}\" width=\"{bar_w:.1}\" height=\"{}\" fill=\"{ACTUAL}\"/>",
            raw_number(v),
            cx - bar_w / 2.0,
            h.max(1.0)
        );
    }
    bars
}

/// Reference lines across the plot; returns the pixel height of each.
pub(super) fn ref_lines(out: &mut String, plot: &Plot, refs: &[RefLine]) -> Vec<f64> {
    let (left, right) = (plot.left, plot.right);
    let mut ys = Vec::new();
    for r in refs {
        let (_, y) = plot.px(0.0, r.value);
        let _ = writeln!(
            out,
            "<line class=\"{}\" data-value=\"{}\" x1=\"{left}\" y1=\"{y}\" x2=\"{right}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"{}\" stroke-dasharray=\"{}\"/>",
            r.class,
            raw_number(r.value),
            r.color,
            r.width,
            r.dash
        );
        ys.push(y);
    }
    ys
}

/// A solid line through the markers of one series; a missing year leaves a gap, a lone
/// point has no line.
fn line(out: &mut String, class: &str, color: &str, markers: &[Option<Marker>]) {
    for run in markers.split(Option::is_none).filter(|r| r.len() > 1) {
        let points: Vec<String> = run
            .iter()
            .flatten()
            .map(|(x, y, _)| format!("{x},{y}"))
            .collect();
        let _ = writeln!(
            out,
            "<polyline class=\"{class}\" points=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>",
            points.join(" ")
        );
    }
}

/// Half the side of an actual value's square marker on a line chart.
const SQUARE: f64 = 5.0;

/// Actual values on a line chart: a solid line through square markers (the plan's are
/// circles). Returns each point as a [`Bar`] of no length, for the value labels.
pub(super) fn actual_line(out: &mut String, points: &[Option<Marker>]) -> Vec<Bar> {
    line(out, "actual-line", ACTUAL, points);
    let mut marks = Vec::new();
    for (i, (x, y, v)) in points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|p| (i, p)))
    {
        let _ = writeln!(
            out,
            "<rect class=\"actual-point\" data-value=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{ACTUAL}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
            raw_number(v),
            x - SQUARE,
            y - SQUARE,
            2.0 * SQUARE,
            2.0 * SQUARE
        );
        let r = SQUARE + 1.0;
        marks.push(Bar {
            year: i,
            cx: x,
            end_y: if v >= 0.0 { y - SQUARE } else { y + SQUARE },
            value: v,
            rect: (x - r, y - r, x + r, y + r),
        });
    }
    marks
}

/// Planned values: a solid line through circle markers; a missing year leaves a gap.
pub(super) fn plan_line(out: &mut String, markers: &[Option<Marker>]) {
    line(out, "plan-line", PLAN, markers);
    for (x, y, v) in markers.iter().flatten() {
        let _ = writeln!(
            out,
            "<circle class=\"plan-point\" data-value=\"{}\" cx=\"{x}\" cy=\"{y}\" r=\"5\" fill=\"{PLAN}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
            raw_number(*v)
        );
    }
}
