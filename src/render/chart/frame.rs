//! The frame plotters draws: background, y grid, axes, tick marks and tick labels. Drawing it
//! also gives the value-to-pixel mapping ([`Plot`]) every mark and label is placed with.

use super::layout::Layout;
use super::palette::{AXIS_RGB, GRID_RGB, TEXT_RGB};
use super::scale::{Axis, YScale};
use super::series::Series;
use super::{FONT, HEIGHT, PLOTTERS_FONT_SCALE, WIDTH};
use crate::text::number::{format_number, Negative};
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::CoordTranslate;
use plotters::prelude::*;

/// The plot area in SVG units, and the mapping of (year segment, value) to it.
pub(super) struct Plot {
    coord: Cartesian2d<Axis, Axis>,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Plot {
    /// The pixel of a value: `x` counts year segments (year `i` is centred on `i + 0.5`).
    pub fn px(&self, x: f64, y: f64) -> (f64, f64) {
        let (a, b) = self.coord.translate(&(x, y));
        (f64::from(a), f64::from(b))
    }

    /// Where the bars start.
    pub fn zero_y(&self) -> f64 {
        self.px(0.0, 0.0).1
    }

    /// Width of a bar: a little over half the year's segment.
    pub fn bar_w(&self) -> f64 {
        let seg = self.px(1.0, 0.0).0 - self.px(0.0, 0.0).0;
        (seg * 0.56).min(72.0)
    }
}

/// Draws the frame into `frame` (an `<svg>` element of plotters' own). `None` when plotters
/// cannot lay the chart out; then there is no frame to draw on.
pub(super) fn draw(
    frame: &mut String,
    series: &Series,
    scale: &YScale,
    layout: &Layout,
    negative: Negative,
) -> Option<Plot> {
    let root = SVGBackend::with_string(frame, (WIDTH, HEIGHT)).into_drawing_area();
    // Drawing into a String cannot fail; a plotters error would only leave the frame out.
    let _ = root.fill(&WHITE);
    let (x_range, y_range) = axes(series, scale, layout);
    let mut chart = ChartBuilder::on(&root)
        .margin_top(layout.plot_top)
        .margin_left(8)
        .margin_right(layout.margin_right)
        .margin_bottom(6)
        .x_label_area_size(28)
        .y_label_area_size(layout.y_area)
        .build_cartesian_2d(x_range, y_range)
        .ok()?;
    draw_mesh(&mut chart, &series.labels, negative);
    let plot = Plot::of(&chart);
    let _ = root.present();
    Some(plot)
}

impl Plot {
    /// The plot area of a chart plotters has laid out.
    pub fn of(chart: &ChartContext<'_, SVGBackend<'_>, Cartesian2d<Axis, Axis>>) -> Plot {
        let (plot_x, plot_y) = chart.plotting_area().get_pixel_range();
        Plot {
            coord: chart.as_coord_spec().clone(),
            left: f64::from(plot_x.start),
            right: f64::from(plot_x.end),
            top: f64::from(plot_y.start),
            bottom: f64::from(plot_y.end),
        }
    }
}

/// The x axis has one segment per year, its ticks at the centres of the years labelled; the
/// y axis has the scale's ticks.
fn axes(series: &Series, scale: &YScale, layout: &Layout) -> (Axis, Axis) {
    let x_keys: Vec<f64> = (0..series.labels.len())
        .filter(|i| i % layout.every == 0)
        .map(|i| i as f64 + 0.5)
        .collect();
    let x_range = Axis {
        lo: 0.0,
        hi: series.segments() as f64,
        ticks: x_keys,
    };
    let y_range = Axis {
        lo: scale.lo,
        hi: scale.hi,
        ticks: scale.ticks.clone(),
    };
    (x_range, y_range)
}

/// The axes, the y grid and the tick labels (the years and the values, negatives written as
/// the site writes them: 「▲80,000」 with `[site] negative = "triangle"`).
fn draw_mesh(
    chart: &mut ChartContext<'_, SVGBackend<'_>, Cartesian2d<Axis, Axis>>,
    labels: &[String],
    negative: Negative,
) {
    let font = || {
        ("sans-serif", FONT * PLOTTERS_FONT_SCALE)
            .into_font()
            .color(&TEXT_RGB)
    };
    let x_fmt = |v: &f64| {
        let i = (v - 0.5).round();
        if i >= 0.0 {
            labels.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let y_fmt = |v: &f64| negative.apply(format_number(*v));
    let _ = chart
        .configure_mesh()
        .disable_x_mesh()
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_label_style(font())
        .y_label_style(font())
        .axis_style(AXIS_RGB)
        .bold_line_style(GRID_RGB)
        .light_line_style(TRANSPARENT)
        .draw();
}
