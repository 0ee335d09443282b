//! The marker of a value outside the plan's period, shared by the plot (`period`) and the
//! legend: a diamond for a reference value, a triangle for a later target (not colour alone).

use super::palette::{ACTUAL, PLAN};
use crate::model::Outside;

/// A marker's shape, centred on (x, y), stroked in its side's colour and filled white.
pub(super) fn shape(side: Outside, x: f64, y: f64, size: f64) -> String {
    let s = size;
    let (points, color) = match side {
        Outside::Reference => (
            format!("{x},{} {},{y} {x},{} {},{y}", y - s, x + s, y + s, x - s),
            ACTUAL,
        ),
        Outside::Beyond => (
            format!(
                "{x},{} {},{} {},{}",
                y - s,
                x + s,
                y + s * 0.8,
                x - s,
                y + s * 0.8
            ),
            PLAN,
        ),
    };
    format!("points=\"{points}\" fill=\"#ffffff\" stroke=\"{color}\" stroke-width=\"2.5\"")
}
