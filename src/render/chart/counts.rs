//! 項目数の横棒グラフ。 / Items counted by category (a 進捗状況 or a 評価), one horizontal bar each.
//!
//! The same division of work as the indicator charts: plotters draws the frame (background, the
//! category axis, its ticks and the category names) and maps counts to pixels; the bars and their
//! count labels are ours, so each bar carries its class and exact number (`data-value`). Every bar
//! is named on the axis and labelled with its count, so colour is never the only cue; the bar of
//! the items with none (未報告, 未評価) is grey with a dashed outline as well.

use super::frame::Plot;
use super::geometry::text_width;
use super::palette::{AXIS_RGB, COUNT, NONE, TEXT, TEXT_RGB};
use super::scale::Axis;
use super::series::clean;
use super::svg::{self, Text};
use super::{FONT, PLOTTERS_FONT_SCALE};
use crate::text::escape::xml as xml_escape;
use crate::text::number::format_number;
use plotters::prelude::*;
use std::fmt::Write as _;

/// One bar: a category and how many items are in it.
#[derive(Debug, Clone, PartialEq)]
pub struct CountBar {
    pub label: String,
    pub count: usize,
    /// The items with none of the categories (未報告, 未評価).
    pub none: bool,
}

/// Everything one count chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CountChartSpec<'a> {
    /// Unique DOM id prefix on the page (ASCII).
    pub id: &'a str,
    /// Text of `<title>`.
    pub title: &'a str,
    /// Text of `<desc>`: a sentence stating every count.
    pub description: &'a str,
    /// The counter word after each count, e.g. 「項目」.
    pub unit: &'a str,
    /// Top to bottom.
    pub bars: Vec<CountBar>,
}

/// Narrow enough that two charts and their tables fit side by side on a wide screen, at the
/// font size of the other charts (and unscaled, so their text stays that size).
const WIDTH: u32 = 260;
const ROW: f64 = 26.0;
const BAR: f64 = 16.0;
const PAD: u32 = 6;

/// Renders the chart as an SVG string to be inlined into HTML (no XML declaration).
///
/// Never panics; the output is well-formed XML and the same input gives the same bytes.
pub fn render_counts_svg(spec: &CountChartSpec) -> String {
    let labels: Vec<String> = spec.bars.iter().map(|b| clean(&b.label)).collect();
    let height = 2 * PAD + (labels.len().max(1) as f64 * ROW) as u32;
    let max = spec.bars.iter().map(|b| b.count).max().unwrap_or(0);
    let widest = labels
        .iter()
        .map(|l| text_width(l, FONT))
        .fold(0.0, f64::max);
    let areas = Areas {
        labels: (widest + 14.0).clamp(32.0, 160.0).ceil() as u32,
        counts: (text_width(&count_text(max, spec.unit), FONT) + 12.0).ceil() as u32,
    };
    let mut frame = String::new();
    let marks = draw_frame(&mut frame, (WIDTH, height), &labels, max, &areas)
        .map(|plot| bars(&plot, spec))
        .unwrap_or_default();
    let text = Text {
        id: spec.id,
        class: "chart chart-counts",
        title: spec.title,
        description: spec.description,
    };
    svg::element(&text, (WIDTH, height), &frame, "", &marks)
}

/// Widths left of the plot (category names) and right of it (the longest count label).
struct Areas {
    labels: u32,
    counts: u32,
}

/// 「12項目」
fn count_text(count: usize, unit: &str) -> String {
    format!("{}{}", format_number(count as f64), clean(unit))
}

/// Where category `i` of `n` sits on the y axis: the first at the top.
fn row_y(i: usize, n: usize) -> f64 {
    n as f64 - i as f64 - 0.5
}

/// plotters draws the background, the category axis and the category names.
fn draw_frame(
    out: &mut String,
    size: (u32, u32),
    labels: &[String],
    max: usize,
    areas: &Areas,
) -> Option<Plot> {
    let root = SVGBackend::with_string(out, size).into_drawing_area();
    // Drawing into a String cannot fail; a plotters error would only leave the frame out.
    let _ = root.fill(&WHITE);
    let n = labels.len();
    let x = Axis {
        lo: 0.0,
        hi: max.max(1) as f64,
        ticks: Vec::new(),
    };
    let y = Axis {
        lo: 0.0,
        hi: n.max(1) as f64,
        ticks: (0..n).map(|i| row_y(i, n)).collect(),
    };
    let mut chart = ChartBuilder::on(&root)
        .margin_top(PAD)
        .margin_bottom(PAD)
        .margin_left(8)
        .margin_right(areas.counts)
        .y_label_area_size(areas.labels)
        .build_cartesian_2d(x, y)
        .ok()?;
    let name = |v: &f64| {
        let i = (n as f64 - 0.5 - v).round();
        (i >= 0.0)
            .then(|| labels.get(i as usize).cloned())
            .flatten()
            .unwrap_or_default()
    };
    let font = ("sans-serif", FONT * PLOTTERS_FONT_SCALE)
        .into_font()
        .color(&TEXT_RGB);
    let _ = chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_y_mesh()
        .y_label_formatter(&name)
        .y_label_style(font)
        .axis_style(AXIS_RGB)
        .draw();
    let plot = Plot::of(&chart);
    let _ = root.present();
    Some(plot)
}

/// A bar from 0 per category, and its count just beyond its end.
fn bars(plot: &Plot, spec: &CountChartSpec) -> String {
    let n = spec.bars.len();
    let mut out = String::new();
    for (i, b) in spec.bars.iter().enumerate() {
        let (x0, cy) = plot.px(0.0, row_y(i, n));
        let (x1, _) = plot.px(b.count as f64, row_y(i, n));
        let w = (x1 - x0).max(1.0);
        let (class, style) = if b.none {
            (
                "bar-none",
                format!(
                    "fill=\"{NONE}\" stroke=\"{TEXT}\" stroke-width=\"1\" stroke-dasharray=\"3 2\""
                ),
            )
        } else {
            ("bar-count", format!("fill=\"{COUNT}\""))
        };
        let _ = writeln!(
            out,
            "<rect class=\"{class}\" data-value=\"{}\" x=\"{x0}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{BAR}\" {style}/>",
            b.count,
            cy - BAR / 2.0,
        );
        let _ = writeln!(
            out,
            "<text class=\"count-label\" x=\"{:.1}\" y=\"{cy}\" dy=\"0.35em\" font-size=\"{FONT}\" fill=\"{TEXT}\">{}</text>",
            x0 + w + 4.0,
            xml_escape(&count_text(b.count, spec.unit))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn make(bars: &[(&str, usize, bool)]) -> String {
        render_counts_svg(&CountChartSpec {
            id: "overview-status",
            title: "進捗状況別の取組項目数 <&>",
            description: "実施 2項目、未報告 2項目。",
            unit: "項目",
            bars: bars
                .iter()
                .map(|(label, count, none)| CountBar {
                    label: label.to_string(),
                    count: *count,
                    none: *none,
                })
                .collect(),
        })
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"))
    }

    fn class_is(n: &roxmltree::Node, class: &str) -> bool {
        n.attribute("class") == Some(class)
    }

    fn num(n: &roxmltree::Node, a: &str) -> f64 {
        n.attribute(a).unwrap().parse().unwrap()
    }

    #[test]
    fn bars_carry_their_counts_names_and_labels() {
        let svg = make(&[
            ("未着手", 0, false),
            ("実施", 12, false),
            ("達成", 3, false),
            ("未報告", 5, true),
        ]);
        let doc = parse(&svg);
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("class"), Some("chart chart-counts"));
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some("overview-status-title overview-status-desc")
        );
        let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
        assert_eq!(title.text(), Some("進捗状況別の取組項目数 <&>"));
        let rects: Vec<_> = (doc.descendants())
            .filter(|n| n.attribute("data-value").is_some())
            .collect();
        let values: Vec<&str> = rects
            .iter()
            .filter_map(|n| n.attribute("data-value"))
            .collect();
        assert_eq!(values, ["0", "12", "3", "5"]);
        assert!(class_is(&rects[3], "bar-none") && class_is(&rects[1], "bar-count"));
        assert!(rects[3].attribute("stroke-dasharray").is_some());
        // Top to bottom in the given order; longer bars for larger counts, all from one axis.
        let ys: Vec<f64> = rects.iter().map(|r| num(r, "y")).collect();
        assert!(ys.windows(2).all(|w| w[0] < w[1]), "{ys:?}");
        assert!(num(&rects[1], "width") > num(&rects[3], "width"));
        assert!(num(&rects[3], "width") > num(&rects[2], "width"));
        assert!(rects.iter().all(|r| num(r, "x") == num(&rects[0], "x")));
        let texts: Vec<&str> = (doc.descendants())
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text().map(str::trim))
            .collect();
        for want in [
            "未着手",
            "実施",
            "達成",
            "未報告",
            "0項目",
            "12項目",
            "3項目",
            "5項目",
        ] {
            assert!(texts.contains(&want), "{want} not in {texts:?}");
        }
        // The count labels stay inside the drawing.
        let width = num(&root, "width");
        for t in doc.descendants().filter(|n| class_is(n, "count-label")) {
            let w = text_width(t.text().unwrap(), FONT);
            assert!(num(&t, "x") + w <= width, "{svg}");
        }
    }

    #[test]
    fn odd_input_still_gives_a_valid_chart() {
        for svg in [
            make(&[]),
            make(&[("a", 0, false)]),
            make(&[("とても長い区分の名前がここに入ります", 1_000_000, false)]),
            make(&[("<&>\u{1}", 3, true)]),
        ] {
            let doc = parse(&svg);
            assert_eq!(doc.root_element().attribute("role"), Some("img"));
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        }
        assert_eq!(make(&[("A", 1, false)]), make(&[("A", 1, false)]));
    }
}
