//! Where things go around the plot: the legend and unit on top, the y tick labels on the left,
//! the reference-line labels on the right, and how many x labels fit. Widths are estimated by
//! [`text_width`], without a font file (see the module docs of `chart`).

use super::geometry::text_width;
use super::legend::{legend, LEGEND_ROW, LEGEND_TOP};
use super::palette::TEXT;
use super::scale::YScale;
use super::series::{clean, Series};
use super::{ChartSpec, Form, FONT, WIDTH};
use crate::text::escape::xml as xml_escape;
use crate::text::number::format_number;
use std::fmt::Write as _;

/// The widest of `texts` at the chart's font size.
fn widest<S: AsRef<str>>(texts: &[S]) -> f64 {
    texts
        .iter()
        .map(|t| text_width(t.as_ref(), FONT))
        .fold(0.0, f64::max)
}

/// The chart's margins and label areas, measured with [`text_width`].
pub(super) struct Layout {
    /// The legend's markup.
    pub legend: String,
    /// 「単位：…」, or empty when there is no unit.
    unit_text: String,
    /// Baseline of the unit text, below the legend.
    unit_y: f64,
    /// Margin above the plot: room for the legend and the unit.
    pub plot_top: u32,
    /// Width of the y tick label area.
    pub y_area: u32,
    /// Margin right of the plot: room for the reference-line labels.
    pub margin_right: u32,
    /// Label only every `every`-th year, so that the x labels do not collide.
    pub every: usize,
    /// The reference-line labels, in the order of [`Series::refs`].
    pub ref_texts: Vec<String>,
    /// For an axis that does not start at 0, the sentence saying so, for the text alternative.
    pub axis_note: String,
}

impl Layout {
    pub fn new(spec: &ChartSpec, series: &Series, scale: &YScale, form: Form) -> Layout {
        let (legend, legend_rows) = legend(spec, form);
        let (unit_text, axis_note) = unit_texts(spec, scale);
        let legend_bottom = LEGEND_TOP + (legend_rows as f64 - 1.0) * LEGEND_ROW + 10.0;
        let unit_y = legend_bottom + 8.0 + FONT;
        let plot_top = (unit_y + 12.0).round() as u32;
        let tick_labels: Vec<String> = (scale.ticks.iter())
            .map(|&t| spec.negative.apply(format_number(t)))
            .collect();
        let y_area = (widest(&tick_labels) + 16.0).clamp(24.0, 160.0).ceil() as u32;
        let ref_texts: Vec<String> = series
            .refs
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r.name,
                    spec.negative.format(r.value, spec.decimals)
                )
            })
            .collect();
        let margin_right = if ref_texts.is_empty() {
            16
        } else {
            (widest(&ref_texts) + 14.0).clamp(16.0, 200.0).ceil() as u32
        };
        // X labels: if they would collide, label every k-th year only.
        let seg_w = (f64::from(WIDTH) - 8.0 - f64::from(y_area) - f64::from(margin_right))
            / series.segments() as f64;
        let label_w = widest(&series.labels);
        let every = ((label_w + 8.0) / seg_w.max(1.0)).ceil().max(1.0) as usize;
        Layout {
            legend,
            unit_text,
            unit_y,
            plot_top,
            y_area,
            margin_right,
            every,
            ref_texts,
            axis_note,
        }
    }

    /// Writes the unit above the y axis, when there is one.
    pub fn unit(&self, out: &mut String) {
        if !self.unit_text.is_empty() {
            let _ = writeln!(
                out,
                "<text class=\"unit\" x=\"8\" y=\"{:.1}\" font-size=\"{FONT}\" fill=\"{TEXT}\">{}</text>",
                self.unit_y,
                xml_escape(&self.unit_text)
            );
        }
    }
}

/// 「単位：%」 above the axis, which for an axis that does not start at 0 also says where it
/// starts (「単位：%（縦軸は0ではなく95から）」), and the sentence for the text alternative
/// (「縦軸は0ではなく95%から始まります。」, empty for an axis from 0).
fn unit_texts(spec: &ChartSpec, scale: &YScale) -> (String, String) {
    let (w, unit) = (spec.words, clean(spec.unit.trim()));
    let start = match scale.ticks.first() {
        Some(&first) if scale.cropped => spec.negative.apply(format_number(first)),
        _ => {
            let text = if unit.is_empty() {
                String::new()
            } else {
                w.fill("chart.unit", &[("unit", &unit)])
            };
            return (text, String::new());
        }
    };
    let axis = w.fill("chart.axis_from", &[("start", &start)]);
    let text = if unit.is_empty() {
        axis
    } else {
        w.fill("chart.unit_axis", &[("unit", &unit), ("axis", &axis)])
    };
    let note = w.fill("chart.axis_note", &[("start", &start), ("unit", &unit)]);
    (text, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_width_treats_japanese_as_full_width() {
        assert_eq!(text_width("計画値", 10.0), 30.0);
        assert!(text_width("令和2年度", 10.0) > text_width("R2", 10.0) * 3.0);
        assert!(text_width("456,456", 10.0) < 40.0);
    }
}
