//! The legend above the plot: one entry per series drawn, naming its form as well as its
//! colour, laid out in rows that fit the chart's width.

use super::geometry::text_width;
use super::outside_shape;
use super::palette::{ACTUAL, BASELINE, PLAN, TARGET, TEXT};
use super::series::plottable;
use super::{ChartSpec, Form, FONT, WIDTH};
use crate::model::Outside;
use std::fmt::Write as _;

/// A legend entry: symbol markup (centred on 0,0, 24 wide) and its text.
struct LegendItem<'a> {
    symbol: String,
    label: &'a str,
}

fn legend_items<'a>(spec: &ChartSpec<'a>, form: Form) -> Vec<LegendItem<'a>> {
    let w = spec.words;
    let actual = match form {
        Form::Bars => LegendItem {
            symbol: format!("<rect x=\"-7\" y=\"-7\" width=\"14\" height=\"14\" fill=\"{ACTUAL}\"/>"),
            label: w.get("chart.legend_actual_bars"),
        },
        Form::Lines => LegendItem {
            symbol: format!("<line x1=\"-12\" y1=\"0\" x2=\"12\" y2=\"0\" stroke=\"{ACTUAL}\" stroke-width=\"2.5\"/><rect x=\"-5\" y=\"-5\" width=\"10\" height=\"10\" fill=\"{ACTUAL}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"),
            label: w.get("chart.legend_actual_lines"),
        },
    };
    let mut items = vec![
        LegendItem {
            symbol: format!("<line x1=\"-12\" y1=\"0\" x2=\"12\" y2=\"0\" stroke=\"{PLAN}\" stroke-width=\"2.5\"/><circle cx=\"0\" cy=\"0\" r=\"5\" fill=\"{PLAN}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"),
            label: w.get("chart.legend_plan"),
        },
        actual,
    ];
    if plottable(spec.baseline).is_some() {
        items.push(LegendItem {
            symbol: format!("<line x1=\"-12\" y1=\"0\" x2=\"12\" y2=\"0\" stroke=\"{BASELINE}\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/>"),
            label: w.get("chart.legend_baseline"),
        });
    }
    for side in [Outside::Reference, Outside::Beyond] {
        if spec.years.iter().any(|y| y.outside == Some(side)) {
            items.push(LegendItem {
                symbol: format!("<polygon {}/>", outside_shape::shape(side, 0.0, 0.0, 6.0)),
                label: w.get(period_label(side)),
            });
        }
    }
    if plottable(spec.target).is_some() {
        items.push(LegendItem {
            symbol: format!("<line x1=\"-12\" y1=\"0\" x2=\"12\" y2=\"0\" stroke=\"{TARGET}\" stroke-width=\"3.5\" stroke-dasharray=\"2 3\"/>"),
            label: w.get("chart.legend_target"),
        });
    }
    items
}

/// A legend entry of out-of-period values names the side and the marker's shape (its key).
fn period_label(side: Outside) -> &'static str {
    match side {
        Outside::Reference => "chart.legend_reference",
        Outside::Beyond => "chart.legend_beyond",
    }
}

pub(super) const LEGEND_TOP: f64 = 16.0;
pub(super) const LEGEND_ROW: f64 = 22.0;
pub(super) const LEGEND_LEFT: f64 = 12.0;

/// Lays the legend out in rows that fit the width; returns the markup and the number of rows.
pub(super) fn legend(spec: &ChartSpec, form: Form) -> (String, usize) {
    let mut out = String::from("<g class=\"legend\">\n");
    let (mut x, mut row) = (LEGEND_LEFT, 0usize);
    for item in legend_items(spec, form) {
        let w = 24.0 + 6.0 + text_width(item.label, FONT);
        if x > LEGEND_LEFT && x + w > f64::from(WIDTH) - 8.0 {
            row += 1;
            x = LEGEND_LEFT;
        }
        let y = LEGEND_TOP + row as f64 * LEGEND_ROW;
        let _ = writeln!(
            out,
            "<g transform=\"translate({:.1},{y:.1})\">{}<text x=\"18\" y=\"0\" dy=\"0.35em\" font-size=\"{FONT}\" fill=\"{TEXT}\">{}</text></g>",
            x + 12.0,
            item.symbol,
            item.label
        );
        x += w + 20.0;
    }
    out.push_str("</g>\n");
    (out, row + 1)
}
