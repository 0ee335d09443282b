//! 計画値と実績値のグラフ（SVG）。 / Target-versus-actual charts as inline SVG.
//!
//! plotters (SVG backend) draws the frame: background, y grid, axes, tick marks and tick labels,
//! and maps data values to pixels. The data marks (bars, the plan line and its markers, the
//! reference lines) and every text label we place ourselves (value labels, reference-line labels,
//! legend, unit) are written here as SVG elements, so each mark carries a class and its exact
//! number (`data-value`). That lets the build and the tests check the chart against the table and
//! the data files, number by number.
//!
//! # Text measurement
//!
//! With neither the `ttf` nor the `ab_glyph` feature, plotters 0.3.7 uses its "naive" font
//! (`plotters/src/style/font/naive.rs`): width = `0.7 em × text.len()` in *bytes*, with
//! `em = size / 1.24²`. No font file is needed, which matters because the build machine and CI
//! have no Japanese fonts. For ASCII digits the estimate is close (≈0.56 of the rendered size),
//! but a Japanese character is 3 bytes in UTF-8, so it comes out at ≈1.7 em instead of 1 em.
//! That does not matter for what plotters uses it for here: the SVG backend writes every label
//! as `<text>` with `text-anchor`, so the *browser* aligns the text with the reader's own font,
//! and plotters measures text only to size automatic label areas, the caption and right-hand
//! axis labels, none of which this chart uses (label areas are sized explicitly).
//!
//! Where *we* need a width (label-area and margin sizes, legend spacing, keeping labels from
//! overlapping) we use [`text_width`]: 1 em for full-width (CJK) characters and a slightly
//! generous 0.6 em for ASCII. So no font file, no extra plotters feature, and layout that stays
//! right for Japanese labels; estimates err on the wide side, which only costs a little space.
//! All text stays real `<text>` with a CSS font stack (set once on the root `<svg>`), so the
//! browser renders Japanese with the reader's fonts.
//!
//! # Accessibility (JIS X 8341-3 / WCAG 2.0 AA)
//!
//! `role="img"` with `aria-labelledby` pointing at `<title>` and `<desc>` (the caller's sentence
//! states the numbers); the same numbers are in the HTML table next to the chart. Series differ
//! by form as well as colour (bars; solid line with circles; dashed; thick dotted), the legend
//! names the form, the colours are dark enough for 3:1 against white and the text for 4.5:1.

use crate::text::escape::{is_xml_char, xml as xml_escape};
use crate::text::number::{format_decimals, format_number, raw_number};
use std::fmt::Write as _;
use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;

/// One fiscal year on the x axis.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartYear {
    /// Short axis label, e.g. "R3" or "令和3年度".
    pub label: String,
    pub plan: Option<f64>,
    pub actual: Option<f64>,
}

/// Everything one chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec<'a> {
    /// Unique DOM id prefix on the page (ASCII), e.g. "chart-1-1-1-1".
    pub id: &'a str,
    /// Text of `<title>`.
    pub title: &'a str,
    /// Text of `<desc>`: one Japanese sentence stating baseline, target and latest actual.
    pub description: &'a str,
    /// Unit shown on the y axis, e.g. "件" or "%".
    pub unit: &'a str,
    /// X axis categories in order.
    pub years: Vec<ChartYear>,
    /// 現状値: dashed reference line.
    pub baseline: Option<f64>,
    /// 目標値: thick dotted reference line.
    pub target: Option<f64>,
    /// Decimal places of the value labels, as the plan writes the numbers.
    pub decimals: u8,
}

const WIDTH: u32 = 640;
const HEIGHT: u32 = 360;
/// Font size of all text in the chart, in SVG user units.
const FONT: f64 = 13.0;
const FONT_STACK: &str =
    "'Noto Sans JP', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', Meiryo, sans-serif";
/// plotters' SVG backend writes `font-size = size / 1.24`; this undoes that.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

const TEXT: &str = "#1a1a1a"; // 17:1 on white
const TEXT_RGB: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
const AXIS_RGB: RGBColor = RGBColor(0x59, 0x59, 0x59); // 7:1 on white
const GRID_RGB: RGBColor = RGBColor(0xd9, 0xd9, 0xd9); // decoration only
/// Okabe–Ito based palette (tested in `palette_contrast`): every mark has at least 3:1 contrast
/// with the white background, and every line at least 3:1 with the bars it crosses. The three
/// lines are dark and told apart from each other by form (solid with circles, dashed, thick
/// dotted) and by their direct labels, never by colour alone.
const ACTUAL: &str = "#de6b12"; // vermillion bars: 3.4:1 on white
const PLAN: &str = "#0b2e59"; // dark navy (Okabe–Ito blue, darkened): 13.6:1 on white, 4.0:1 on the bars
const BASELINE: &str = "#333333"; // dark grey: 12.6:1 on white, 3.7:1 on the bars
const TARGET: &str = "#004030"; // bluish green, darkened: 11.8:1 on white, 3.5:1 on the bars

/// Values beyond this magnitude are not plotted (they would only break the scale).
const MAX_MAGNITUDE: f64 = 1e15;

/// Text handed to plotters (which escapes `<&>"'` itself): only XML-invalid characters removed.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| is_xml_char(c) && c != '\n' && c != '\r')
        .collect()
}

/// Estimated advance width of `s` at font size `size`, without any font file.
///
/// Full-width characters (kana, kanji, full-width forms, most symbols used in Japanese text)
/// are 1 em in every Japanese font; ASCII is given a generous 0.6 em (0.3 for narrow
/// punctuation). Over-estimating only costs a little whitespace.
pub(crate) fn text_width(s: &str, size: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            ' ' | ',' | '.' | ':' | ';' | '\'' | '!' | '|' | 'i' | 'j' | 'l' => 0.3,
            '\u{21}'..='\u{7E}' => 0.6,
            '\u{FF61}'..='\u{FF9F}' => 0.5, // half-width katakana
            '\u{2000}'..='\u{200F}' => 0.3, // spaces and marks
            c if (c as u32) >= 0x1100 => 1.0,
            _ => 0.6,
        })
        .sum();
    em * size
}

/// A text box for overlap checks: (x0, y0, x1, y1) in SVG units.
type Rect = (f64, f64, f64, f64);

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

#[derive(Clone, Copy, PartialEq)]
enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// The box a one-line label occupies; `y` is the baseline.
fn label_box(text: &str, x: f64, y: f64, anchor: Anchor) -> Rect {
    let w = text_width(text, FONT);
    let x0 = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - w / 2.0,
        Anchor::End => x - w,
    };
    (x0 - 5.0, y - FONT * 0.9, x0 + w + 5.0, y + FONT * 0.1)
}

/// Writes a text label with a white halo so lines and bars behind it do not hurt legibility.
fn push_label(
    out: &mut String,
    class: &str,
    text: &str,
    x: f64,
    y: f64,
    anchor: Anchor,
    fill: &str,
) {
    let _ = writeln!(
        out,
        "<text class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{}\" font-size=\"{FONT}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
        anchor.as_str(),
        xml_escape(text)
    );
}

/// The value axis: always includes 0 (bars start at 0) and every value, with headroom for the
/// value labels, and ends on "nice" ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ).
struct YScale {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

fn y_scale(values: &[f64]) -> YScale {
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
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
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

/// A legend entry: symbol markup (centred on 0,0, 24 wide) and its text.
struct LegendItem {
    symbol: String,
    label: &'static str,
}

fn legend_items(spec: &ChartSpec) -> Vec<LegendItem> {
    let mut items = vec![
        LegendItem {
            symbol: format!("<line x1=\"-12\" y1=\"0\" x2=\"12\" y2=\"0\" stroke=\"{PLAN}\" stroke-width=\"2.5\"/><circle cx=\"0\" cy=\"0\" r=\"5\" fill=\"{PLAN}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"),
            label: "計画値（線と丸）",
        },
        LegendItem {
            symbol: format!("<rect x=\"-7\" y=\"-7\" width=\"14\" height=\"14\" fill=\"{ACTUAL}\"/>"),
            label: "実績値（棒）",
        },
    ];
    if plottable(spec.baseline).is_some() {
        items.push(LegendItem {
            symbol: format!("<line x1=\"-12\" y1=\"0\" x2=\"12\" y2=\"0\" stroke=\"{BASELINE}\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/>"),
            label: "現状値（破線）",
        });
    }
    if plottable(spec.target).is_some() {
        items.push(LegendItem {
            symbol: format!("<line x1=\"-12\" y1=\"0\" x2=\"12\" y2=\"0\" stroke=\"{TARGET}\" stroke-width=\"3.5\" stroke-dasharray=\"2 3\"/>"),
            label: "目標値（点線）",
        });
    }
    items
}

const LEGEND_TOP: f64 = 16.0;
const LEGEND_ROW: f64 = 22.0;
const LEGEND_LEFT: f64 = 12.0;

/// Lays the legend out in rows that fit the width; returns the markup and the number of rows.
fn legend(spec: &ChartSpec) -> (String, usize) {
    let mut out = String::from("<g class=\"legend\">\n");
    let (mut x, mut row) = (LEGEND_LEFT, 0usize);
    for item in legend_items(spec) {
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

/// A horizontal reference line: 現状値 or 目標値.
struct RefLine {
    class: &'static str,
    name: &'static str,
    value: f64,
    color: &'static str,
    dash: &'static str,
    width: f64,
}

fn plottable(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite() && v.abs() < MAX_MAGNITUDE)
}

/// Renders the chart as an SVG string to be inlined into HTML (no XML declaration).
///
/// Never panics; the output is well-formed XML and the same input gives the same bytes.
pub fn render_svg(spec: &ChartSpec) -> String {
    let n = spec.years.len();
    let segments = n.max(1);
    let labels: Vec<String> = spec.years.iter().map(|y| clean(&y.label)).collect();
    let plans: Vec<Option<f64>> = spec.years.iter().map(|y| plottable(y.plan)).collect();
    let actuals: Vec<Option<f64>> = spec.years.iter().map(|y| plottable(y.actual)).collect();
    let refs: Vec<RefLine> = [
        plottable(spec.baseline).map(|value| RefLine {
            class: "ref-baseline",
            name: "現状値",
            value,
            color: BASELINE,
            dash: "7 4",
            width: 2.0,
        }),
        plottable(spec.target).map(|value| RefLine {
            class: "ref-target",
            name: "目標値",
            value,
            color: TARGET,
            dash: "2 3",
            width: 3.5,
        }),
    ]
    .into_iter()
    .flatten()
    .collect();

    let values: Vec<f64> = plans
        .iter()
        .chain(&actuals)
        .flatten()
        .copied()
        .chain(refs.iter().map(|r| r.value))
        .collect();
    let scale = y_scale(&values);

    // Layout, measured with `text_width` (see the module docs).
    let (legend_svg, legend_rows) = legend(spec);
    let unit_text = if spec.unit.trim().is_empty() {
        String::new()
    } else {
        format!("単位：{}", clean(spec.unit.trim()))
    };
    let legend_bottom = LEGEND_TOP + (legend_rows as f64 - 1.0) * LEGEND_ROW + 10.0;
    let unit_y = legend_bottom + 8.0 + FONT;
    let plot_top = (unit_y + 12.0).round() as u32;
    let tick_labels: Vec<String> = scale.ticks.iter().map(|&t| format_number(t)).collect();
    let tick_w = tick_labels
        .iter()
        .map(|t| text_width(t, FONT))
        .fold(0.0, f64::max);
    let y_area = (tick_w + 16.0).clamp(24.0, 160.0).ceil() as u32;
    let ref_texts: Vec<String> = refs
        .iter()
        .map(|r| format!("{} {}", r.name, format_decimals(r.value, spec.decimals)))
        .collect();
    let ref_w = ref_texts
        .iter()
        .map(|t| text_width(t, FONT))
        .fold(0.0, f64::max);
    let margin_right = if refs.is_empty() {
        16
    } else {
        (ref_w + 14.0).clamp(16.0, 200.0).ceil() as u32
    };
    // X labels: if they would collide, label every k-th year only.
    let seg_w =
        (f64::from(WIDTH) - 8.0 - f64::from(y_area) - f64::from(margin_right)) / segments as f64;
    let label_w = labels
        .iter()
        .map(|l| text_width(l, FONT))
        .fold(0.0, f64::max);
    let every = ((label_w + 8.0) / seg_w.max(1.0)).ceil().max(1.0) as usize;

    let mut frame = String::new();
    let mut marks = String::new();
    {
        let root = SVGBackend::with_string(&mut frame, (WIDTH, HEIGHT)).into_drawing_area();
        // Drawing into a String cannot fail; a plotters error would only leave the frame out.
        let _ = root.fill(&WHITE);
        let x_keys: Vec<f64> = (0..n)
            .filter(|i| i % every == 0)
            .map(|i| i as f64 + 0.5)
            .collect();
        let x_range = Axis {
            lo: 0.0,
            hi: segments as f64,
            ticks: x_keys,
        };
        let y_range = Axis {
            lo: scale.lo,
            hi: scale.hi,
            ticks: scale.ticks.clone(),
        };
        let built = ChartBuilder::on(&root)
            .margin_top(plot_top)
            .margin_left(8)
            .margin_right(margin_right)
            .margin_bottom(6)
            .x_label_area_size(28)
            .y_label_area_size(y_area)
            .build_cartesian_2d(x_range, y_range);
        let Ok(mut chart) = built else {
            drop(root);
            return wrap(spec, "", &legend_svg, "");
        };
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
        let y_fmt = |v: &f64| format_number(*v);
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

        let px = |x: f64, y: f64| {
            let (a, b) = chart.backend_coord(&(x, y));
            (f64::from(a), f64::from(b))
        };
        let (plot_x, plot_y) = chart.plotting_area().get_pixel_range();
        let (left, right) = (f64::from(plot_x.start), f64::from(plot_x.end));
        let (top, bottom) = (f64::from(plot_y.start), f64::from(plot_y.end));
        let (_, zero_y) = px(0.0, 0.0);
        let seg = px(1.0, 0.0).0 - px(0.0, 0.0).0;
        let bar_w = (seg * 0.56).min(72.0);

        // Boxes already taken by marks or labels, for placing further labels.
        let markers: Vec<Option<(f64, f64, f64)>> = plans
            .iter()
            .enumerate()
            .map(|(i, p)| {
                p.map(|v| {
                    let (x, y) = px(i as f64 + 0.5, v);
                    (x, y, v)
                })
            })
            .collect();
        let mut taken: Vec<Rect> = markers
            .iter()
            .flatten()
            .map(|&(x, y, _)| (x - 6.0, y - 6.0, x + 6.0, y + 6.0))
            .collect();
        let mut texts = String::new();

        // The zero line, when the axis goes below 0.
        if scale.lo < 0.0 {
            let _ = writeln!(marks, "<line class=\"zero\" x1=\"{left}\" y1=\"{zero_y}\" x2=\"{right}\" y2=\"{zero_y}\" stroke=\"#595959\" stroke-width=\"1\"/>");
        }

        // Actual values: bars from 0.
        let mut bar_boxes: Vec<Rect> = Vec::new();
        let mut bars: Vec<(usize, f64, f64, f64)> = Vec::new();
        for (i, a) in actuals.iter().enumerate() {
            let Some(v) = *a else { continue };
            let (cx, end_y) = px(i as f64 + 0.5, v);
            let (y, h) = if end_y <= zero_y {
                (end_y, zero_y - end_y)
            } else {
                (zero_y, end_y - zero_y)
            };
            bar_boxes.push((cx - bar_w / 2.0, y, cx + bar_w / 2.0, y + h));
            bars.push((i, cx, end_y, v));
            let _ = writeln!(
                marks,
                "<rect class=\"bar-actual\" data-value=\"{}\" x=\"{:.1}\" y=\"{y}\" width=\"{bar_w:.1}\" height=\"{}\" fill=\"{ACTUAL}\"/>",
                raw_number(v),
                cx - bar_w / 2.0,
                h.max(1.0)
            );
        }
        // Each bar's value written at its end: beside the end, else past the plan marker of the
        // same year, else one line further. The latest year is placed first and always labelled;
        // an earlier label that finds no free place is left out (the table has every number).
        let mut bar_labels: Vec<(usize, f64, f64, String)> = Vec::new();
        for (rank, &(i, cx, end_y, v)) in bars.iter().rev().enumerate() {
            let text = format_decimals(v, spec.decimals);
            let up = v >= 0.0;
            let first = if up { end_y - 5.0 } else { end_y + FONT + 3.0 };
            let second = match markers[i] {
                Some((_, my, _)) if up => first.min(my - 8.0),
                Some((_, my, _)) => first.max(my + FONT + 6.0),
                None => first,
            };
            let third = if up {
                second - FONT - 2.0
            } else {
                second + FONT + 2.0
            };
            let fits = |ly: f64| ly - FONT >= top - 4.0 && ly <= bottom + FONT;
            let free = [first, second, third].into_iter().find(|&ly| {
                fits(ly)
                    && !taken
                        .iter()
                        .any(|t| overlaps(t, &label_box(&text, cx, ly, Anchor::Middle)))
            });
            let Some(ly) = free.or((rank == 0).then_some(second)) else {
                continue;
            };
            taken.push(label_box(&text, cx, ly, Anchor::Middle));
            bar_labels.push((i, cx, ly, text));
        }
        bar_labels.sort_by_key(|l| l.0);
        for (_, cx, ly, text) in &bar_labels {
            push_label(
                &mut texts,
                "bar-label",
                text,
                *cx,
                *ly,
                Anchor::Middle,
                TEXT,
            );
        }

        // Reference lines across the plot, labelled in the right margin at their height.
        let mut ref_labels: Vec<(f64, usize)> = Vec::new();
        for (k, r) in refs.iter().enumerate() {
            let (_, y) = px(0.0, r.value);
            let _ = writeln!(
                marks,
                "<line class=\"{}\" data-value=\"{}\" x1=\"{left}\" y1=\"{y}\" x2=\"{right}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"{}\" stroke-dasharray=\"{}\"/>",
                r.class,
                raw_number(r.value),
                r.color,
                r.width,
                r.dash
            );
            ref_labels.push((y + FONT * 0.35, k));
        }
        // Keep the labels apart when the lines are close, and inside the chart.
        ref_labels.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for i in 1..ref_labels.len() {
            ref_labels[i].0 = ref_labels[i].0.max(ref_labels[i - 1].0 + FONT + 3.0);
        }
        if let Some(&(last, _)) = ref_labels.last() {
            let shift = (last - (bottom + FONT * 0.35)).max(0.0);
            for l in &mut ref_labels {
                l.0 -= shift;
            }
        }
        ref_labels.sort_by_key(|l| l.1);
        for (ly, k) in ref_labels {
            let text = &ref_texts[k];
            taken.push(label_box(text, right + 6.0, ly, Anchor::Start));
            push_label(
                &mut texts,
                "ref-label",
                text,
                right + 6.0,
                ly,
                Anchor::Start,
                TEXT,
            );
        }

        // Planned values: a solid line through circle markers; a missing year leaves a gap.
        for run in markers.split(Option::is_none).filter(|r| r.len() > 1) {
            let points: Vec<String> = run
                .iter()
                .flatten()
                .map(|(x, y, _)| format!("{x},{y}"))
                .collect();
            let _ = writeln!(
                marks,
                "<polyline class=\"plan-line\" points=\"{}\" fill=\"none\" stroke=\"{PLAN}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>",
                points.join(" ")
            );
        }
        for (x, y, v) in markers.iter().flatten() {
            let _ = writeln!(
                marks,
                "<circle class=\"plan-point\" data-value=\"{}\" cx=\"{x}\" cy=\"{y}\" r=\"5\" fill=\"{PLAN}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
                raw_number(*v)
            );
        }
        // The plan line is named directly at its last point where there is room, clear of the
        // bars, the line and the other labels (the legend names it anyway).
        taken.extend(bar_boxes);
        for run in markers.split(Option::is_none) {
            for pair in run.windows(2) {
                if let [Some((x0, y0, _)), Some((x1, y1, _))] = pair {
                    let steps = ((x1 - x0).hypot(y1 - y0) / 4.0).ceil().max(1.0) as usize;
                    for s in 0..=steps {
                        let t = s as f64 / steps as f64;
                        let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
                        taken.push((x - 2.0, y - 2.0, x + 2.0, y + 2.0));
                    }
                }
            }
        }
        if let Some(&(x, y, _)) = markers.iter().flatten().last() {
            let name = "計画値";
            let spot = [
                (x - 9.0, y - 9.0, Anchor::End),
                (x + 9.0, y - 9.0, Anchor::Start),
                (x, y - 11.0, Anchor::Middle),
                (x - 9.0, y + FONT + 6.0, Anchor::End),
                (x + 9.0, y + FONT + 6.0, Anchor::Start),
            ]
            .into_iter()
            .find(|&(lx, ly, anchor)| {
                let b = label_box(name, lx, ly, anchor);
                b.0 >= left
                    && b.2 <= f64::from(WIDTH) - 4.0
                    && b.1 >= top - 6.0
                    && b.3 <= bottom
                    && !taken.iter().any(|t| overlaps(t, &b))
            });
            if let Some((lx, ly, anchor)) = spot {
                push_label(&mut texts, "series-label", name, lx, ly, anchor, PLAN);
            }
        }
        marks.push_str(&texts);
        if !unit_text.is_empty() {
            let _ = writeln!(
                marks,
                "<text class=\"unit\" x=\"8\" y=\"{unit_y:.1}\" font-size=\"{FONT}\" fill=\"{TEXT}\">{}</text>",
                xml_escape(&unit_text)
            );
        }
        let _ = root.present();
    }
    wrap(spec, &frame, &legend_svg, &marks)
}

/// Puts plotters' frame, the legend and the marks into one accessible `<svg>` element.
fn wrap(spec: &ChartSpec, frame: &str, legend: &str, marks: &str) -> String {
    let id = xml_escape(spec.id);
    // Replace plotters' root element with ours; text inherits the font stack from the root,
    // and the font size plotters scaled by 1/1.24 is written back as FONT.
    let plotters_size = format!(
        "font-size=\"{}\"",
        FONT * PLOTTERS_FONT_SCALE / PLOTTERS_FONT_SCALE
    );
    let body = frame
        .split_once('>')
        .map(|(_, rest)| rest)
        .unwrap_or("")
        .trim()
        .trim_end_matches("</svg>")
        .trim()
        .replace(" font-family=\"sans-serif\"", "")
        .replace(" opacity=\"1\"", "")
        .replace(&plotters_size, &format!("font-size=\"{FONT}\""));
    let frame_group = if body.is_empty() {
        String::new()
    } else {
        format!("<g class=\"frame\">\n{body}\n</g>\n")
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" style=\"max-width:100%;height:auto\" font-family=\"{FONT_STACK}\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n{frame_group}{legend}<g class=\"marks\">\n{marks}</g>\n</svg>",
        xml_escape(spec.title),
        xml_escape(spec.description),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "chart-1-1-1-1";

    fn make(
        years: Vec<(Option<f64>, Option<f64>)>,
        baseline: Option<f64>,
        target: Option<f64>,
    ) -> String {
        render_svg(&ChartSpec {
            id: ID,
            title: "HPアクセス数（件）の計画値と実績値 <&>",
            description: "現状値は456,456件、目標値は510,000件です。",
            unit: "件",
            years: years
                .into_iter()
                .enumerate()
                .map(|(i, (plan, actual))| ChartYear {
                    label: format!("R{}", i + 2),
                    plan,
                    actual,
                })
                .collect(),
            baseline,
            target,
            decimals: 0,
        })
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"))
    }

    fn has_class(n: &roxmltree::Node, class: &str) -> bool {
        n.attribute("class")
            .is_some_and(|c| c.split(' ').any(|c| c == class))
    }

    fn values(doc: &roxmltree::Document, class: &str) -> Vec<String> {
        doc.descendants()
            .filter(|n| has_class(n, class))
            .map(|n| n.attribute("data-value").expect("data-value").to_string())
            .collect()
    }

    fn texts(doc: &roxmltree::Document) -> Vec<String> {
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text().map(|t| t.trim().to_string()))
            .collect()
    }

    /// Checks that hold for every chart: well-formed, accessible, finite, ids prefixed.
    fn check_common(svg: &str) -> roxmltree::Document<'_> {
        assert!(!svg.starts_with("<?xml"));
        for bad in ["NaN", "inf", "Infinity"] {
            assert!(!svg.contains(bad), "{bad} in {svg}");
        }
        let doc = parse(svg);
        let root = doc.root_element();
        assert!(root.has_tag_name("svg"));
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert_eq!(root.attribute("class"), Some("chart"));
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("viewBox"), Some("0 0 640 360"));
        assert!(root.attribute("style").unwrap().contains("max-width:100%"));
        assert!(root
            .attribute("font-family")
            .unwrap()
            .starts_with("'Noto Sans JP'"));
        let labelled: Vec<&str> = root
            .attribute("aria-labelledby")
            .unwrap()
            .split(' ')
            .collect();
        assert_eq!(labelled, vec![format!("{ID}-title"), format!("{ID}-desc")]);
        let first: Vec<_> = root.children().filter(|n| n.is_element()).take(2).collect();
        assert!(first[0].has_tag_name("title") && first[0].attribute("id") == Some(labelled[0]));
        assert!(first[1].has_tag_name("desc") && first[1].attribute("id") == Some(labelled[1]));
        // Every id on the chart is prefixed with the chart's id.
        for n in doc.descendants() {
            if let Some(id) = n.attribute("id") {
                assert!(id.starts_with(ID), "{id}");
            }
        }
        // Every coordinate is a finite number inside the drawing.
        for n in doc.descendants() {
            for a in [
                "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "width", "height",
            ] {
                if let Some(v) = n.attribute(a) {
                    let v: f64 = v.parse().unwrap_or_else(|_| panic!("{a}={v}"));
                    assert!(v.is_finite() && (-50.0..=700.0).contains(&v), "{a}={v}");
                }
            }
        }
        doc
    }

    #[test]
    fn accessible_well_formed_and_numbers_readable() {
        let svg = make(
            vec![
                (Some(470000.0), Some(478000.0)),
                (Some(480000.0), None),
                (Some(490000.0), Some(481000.0)),
                (Some(500000.0), None),
                (Some(510000.0), None),
            ],
            Some(456456.0),
            Some(510000.0),
        );
        let doc = check_common(&svg);
        let title = doc
            .descendants()
            .find(|n| n.attribute("id") == Some("chart-1-1-1-1-title"))
            .unwrap();
        assert_eq!(title.text(), Some("HPアクセス数（件）の計画値と実績値 <&>"));
        assert!(svg.contains("の計画値と実績値 &lt;&amp;&gt;</title>"));
        let desc = doc
            .descendants()
            .find(|n| n.attribute("id") == Some("chart-1-1-1-1-desc"))
            .unwrap();
        assert_eq!(
            desc.text(),
            Some("現状値は456,456件、目標値は510,000件です。")
        );

        // One bar per actual value, one marker per plan value, exact numbers readable back.
        assert_eq!(values(&doc, "bar-actual"), vec!["478000", "481000"]);
        assert!(doc
            .descendants()
            .filter(|n| has_class(n, "bar-actual"))
            .all(|n| n.has_tag_name("rect")));
        assert_eq!(
            values(&doc, "plan-point"),
            vec!["470000", "480000", "490000", "500000", "510000"]
        );
        assert!(doc
            .descendants()
            .filter(|n| has_class(n, "plan-point"))
            .all(|n| n.has_tag_name("circle")));
        assert_eq!(values(&doc, "ref-baseline"), vec!["456456"]);
        assert_eq!(values(&doc, "ref-target"), vec!["510000"]);

        // Japanese stays text: year labels, legend, reference and value labels, unit.
        let texts = texts(&doc);
        for want in [
            "R2",
            "R3",
            "R4",
            "R5",
            "R6",
            "計画値（線と丸）",
            "実績値（棒）",
            "現状値（破線）",
            "目標値（点線）",
            "目標値 510,000",
            "現状値 456,456",
            "478,000",
            "481,000",
            "単位：件",
            "0",
            "600,000",
        ] {
            assert!(texts.iter().any(|t| t == want), "{want} not in {texts:?}");
        }
        // The year axis has exactly the given categories, no extra one.
        let years: Vec<&String> = texts.iter().filter(|t| t.starts_with('R')).collect();
        assert_eq!(years.len(), 5, "{texts:?}");

        // Bars stand on the zero line and are taller for larger values.
        let bars: Vec<roxmltree::Node> = doc
            .descendants()
            .filter(|n| has_class(n, "bar-actual"))
            .collect();
        let bottom = |n: &roxmltree::Node| {
            n.attribute("y").unwrap().parse::<f64>().unwrap()
                + n.attribute("height").unwrap().parse::<f64>().unwrap()
        };
        assert_eq!(bottom(&bars[0]), bottom(&bars[1]));
        let h = |n: &roxmltree::Node| n.attribute("height").unwrap().parse::<f64>().unwrap();
        assert!(h(&bars[0]) < h(&bars[1]));
        // Series differ by line style, not only colour.
        let dash = |class: &str| {
            doc.descendants()
                .find(|n| has_class(n, class))
                .unwrap()
                .attribute("stroke-dasharray")
                .map(str::to_string)
        };
        assert_ne!(dash("ref-baseline"), dash("ref-target"));
        assert!(dash("ref-baseline").is_some());
        assert_eq!(dash("plan-line"), None);
    }

    #[test]
    fn bars_only_for_years_with_actuals() {
        let svg = make(
            vec![
                (Some(1.0), None),
                (None, Some(2.0)),
                (Some(3.0), None),
                (None, None),
            ],
            None,
            None,
        );
        let doc = check_common(&svg);
        assert_eq!(values(&doc, "bar-actual"), vec!["2"]);
        assert_eq!(values(&doc, "plan-point"), vec!["1", "3"]);
        // A missing plan year breaks the line; lone points have no line.
        assert_eq!(
            doc.descendants()
                .filter(|n| has_class(n, "plan-line"))
                .count(),
            0
        );
        assert!(values(&doc, "ref-baseline").is_empty() && values(&doc, "ref-target").is_empty());
        let texts = texts(&doc);
        assert!(
            !texts
                .iter()
                .any(|t| t.contains("現状値") || t.contains("目標値")),
            "{texts:?}"
        );
    }

    #[test]
    fn decimals_are_exact() {
        let svg = make(
            vec![
                (Some(95.45), Some(95.7)),
                (Some(96.0), Some(94.0)),
                (Some(96.4), None),
            ],
            Some(95.45),
            Some(96.4),
        );
        let doc = check_common(&svg);
        assert_eq!(values(&doc, "plan-point"), vec!["95.45", "96", "96.4"]);
        assert_eq!(values(&doc, "bar-actual"), vec!["95.7", "94"]);
        assert_eq!(values(&doc, "ref-baseline"), vec!["95.45"]);
        let texts = texts(&doc);
        for want in ["95.7", "94", "現状値 95.45", "目標値 96.4"] {
            assert!(texts.iter().any(|t| t == want), "{want} not in {texts:?}");
        }
    }

    #[test]
    fn charts_on_one_page_do_not_share_ids() {
        let one = |id: &str| {
            render_svg(&ChartSpec {
                id,
                title: "t",
                description: "d",
                unit: "件",
                years: vec![ChartYear {
                    label: "R2".into(),
                    plan: Some(1.0),
                    actual: Some(1.0),
                }],
                baseline: None,
                target: None,
                decimals: 0,
            })
        };
        let page = format!("<div>{}{}</div>", one("chart-a"), one("chart-b"));
        let doc = parse(&page);
        let ids: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("id"))
            .collect();
        assert_eq!(
            ids,
            vec![
                "chart-a-title",
                "chart-a-desc",
                "chart-b-title",
                "chart-b-desc"
            ]
        );
        // No url(#…) references that could point into another chart.
        assert!(!page.contains("url(#"));
    }

    #[test]
    fn every_bar_is_labelled_when_there_is_room() {
        let svg = make(
            vec![
                (Some(470000.0), Some(478000.0)),
                (Some(480000.0), Some(481000.0)),
                (Some(490000.0), Some(485500.0)),
            ],
            Some(456456.0),
            Some(510000.0),
        );
        let doc = check_common(&svg);
        let labels: Vec<String> = doc
            .descendants()
            .filter(|n| has_class(n, "bar-label"))
            .map(|n| n.text().unwrap().to_string())
            .collect();
        assert_eq!(labels, vec!["478,000", "481,000", "485,500"]);
    }

    #[test]
    fn deterministic() {
        let years = vec![(Some(1.0), Some(2.0)), (Some(1.5), None)];
        assert_eq!(
            make(years.clone(), Some(0.5), Some(3.0)),
            make(years, Some(0.5), Some(3.0))
        );
    }

    #[test]
    fn edge_cases_never_panic_or_emit_nan() {
        let many: Vec<_> = (0..20)
            .map(|i| (Some(i as f64 * 1000.5), Some(i as f64 * 990.0)))
            .collect();
        let cases = vec![
            make(vec![], None, None),
            make(vec![(None, None); 5], None, None),
            make(vec![(Some(0.0), Some(0.0))], Some(0.0), Some(0.0)),
            make(vec![(Some(5.0), Some(5.0)); 5], Some(5.0), Some(5.0)),
            make(vec![(Some(7.0), Some(6.0))], None, Some(8.0)),
            make(
                vec![(Some(20.0), Some(21.0)), (Some(0.0), Some(0.0))],
                Some(24.0),
                Some(0.0),
            ),
            make(vec![(Some(95.45), Some(96.1))], Some(95.45), Some(96.4)),
            make(
                vec![(Some(-3.0), Some(-5.0)), (Some(2.0), Some(1.0))],
                Some(2.0),
                None,
            ),
            make(vec![(Some(0.01), Some(0.02))], None, None),
            make(vec![(Some(1e13), Some(9.99e12))], Some(1e12), None),
            make(
                vec![
                    (Some(f64::NAN), Some(f64::INFINITY)),
                    (Some(f64::NEG_INFINITY), Some(f64::MAX)),
                ],
                Some(f64::NAN),
                Some(f64::MIN),
            ),
            make(many, Some(0.0), Some(20000.0)),
        ];
        for svg in &cases {
            check_common(svg);
        }
        // Non-finite values are simply not drawn.
        let doc = parse(&cases[10]);
        assert!(values(&doc, "bar-actual").is_empty() && values(&doc, "plan-point").is_empty());
        // All-None: axes and legend still there.
        let doc = parse(&cases[1]);
        assert!(doc.descendants().any(|n| has_class(&n, "legend")));
        assert_eq!(texts(&doc).iter().filter(|t| t.starts_with('R')).count(), 5);
        // A zero actual is a bar of value 0, not a missing bar; target 0 is still drawn.
        let doc = parse(&cases[5]);
        assert_eq!(values(&doc, "bar-actual"), vec!["21", "0"]);
        assert_eq!(values(&doc, "ref-target"), vec!["0"]);
        // Negative values: the axis goes below 0.
        let doc = parse(&cases[7]);
        assert!(texts(&doc).iter().any(|t| t.starts_with('-')));
        // Twenty years: every year still has its marker and bar.
        let doc = parse(&cases[11]);
        assert_eq!(values(&doc, "plan-point").len(), 20);
        assert_eq!(values(&doc, "bar-actual").len(), 20);
    }

    #[test]
    fn japanese_year_labels_and_odd_text() {
        let svg = render_svg(&ChartSpec {
            id: ID,
            title: "a \"quoted\" <title> & 'more'\u{1}",
            description: "説明 <b>",
            unit: "%",
            years: ["令和2年度", "令和3年度", "R5 <&>"]
                .iter()
                .map(|l| ChartYear {
                    label: l.to_string(),
                    plan: Some(50.0),
                    actual: Some(40.0),
                })
                .collect(),
            baseline: Some(45.0),
            target: Some(60.0),
            decimals: 1,
        });
        let doc = check_common(&svg);
        let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
        assert_eq!(title.text(), Some("a \"quoted\" <title> & 'more'"));
        let texts = texts(&doc);
        for want in ["令和2年度", "令和3年度", "R5 <&>", "単位：%"] {
            assert!(texts.iter().any(|t| t == want), "{want} not in {texts:?}");
        }
    }

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

    /// WCAG 2.x contrast ratio of two `#rrggbb` colours.
    fn contrast(a: &str, b: &str) -> f64 {
        let luminance = |hex: &str| {
            let c = |i: usize| {
                let v = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
        };
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn palette_contrast() {
        for mark in [ACTUAL, PLAN, BASELINE, TARGET] {
            assert!(contrast(mark, "#ffffff") >= 3.0, "{mark} on white");
        }
        for line in [PLAN, BASELINE, TARGET] {
            assert!(contrast(line, ACTUAL) >= 3.0, "{line} on the bars");
        }
        assert!(contrast(TEXT, "#ffffff") >= 4.5);
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    }

    #[test]
    fn text_width_treats_japanese_as_full_width() {
        assert_eq!(text_width("計画値", 10.0), 30.0);
        assert!(text_width("令和2年度", 10.0) > text_width("R2", 10.0) * 3.0);
        assert!(text_width("456,456", 10.0) < 40.0);
    }

    #[test]
    fn numbers_are_formatted_the_japanese_way() {
        assert_eq!(format_number(456456.0), "456,456");
        assert_eq!(format_number(95.45), "95.45");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(-0.001), "0");
        assert_eq!(format_number(1234.5), "1,234.5");
        assert_eq!(format_number(1234.50), "1,234.5");
        assert_eq!(format_number(-1234567.0), "-1,234,567");
        assert_eq!(format_number(100.0), "100");
        assert_eq!(format_number(999.999), "1,000");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(1e15), "1,000,000,000,000,000");
        assert_eq!(format_number(f64::NAN), "");
        assert_eq!(format_number(f64::INFINITY), "");
        assert_eq!(format_decimals(96.0, 2), "96.00");
        assert_eq!(format_decimals(1234.5, 1), "1,234.5");
        assert_eq!(format_decimals(-0.001, 2), "0.00");
        assert_eq!(format_decimals(-2.5, 2), "-2.50");
        assert_eq!(format_decimals(456456.0, 0), "456,456");
    }
}
