//! 計画値と実績値のグラフ（SVG）。 / Target-versus-actual charts as inline SVG.
//!
//! plotters lays out the chart (scales, grid, axes, tick labels and the axis caption) and gives
//! the pixel position of every value; the data marks themselves (bars, the plan line and its
//! markers, the reference lines and their labels) are written as SVG elements here so that each
//! carries a class and its exact number (`data-value`). That is what lets the build and the
//! tests check the chart against the table and the data files, number by number.
//!
//! Text measurement: with no `ttf`/`ab_glyph` feature, plotters uses its "naive" font metrics
//! (a width estimate from the byte length). That needs no font file, which matters because a
//! fresh machine has no Japanese font; the estimate is only used to size label areas, which are
//! fixed here anyway. All text stays real `<text>` with a CSS font stack, so the browser renders
//! Japanese with the reader's fonts and screen readers can read it.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

pub struct ChartYear {
    /// Short axis label, e.g. "R3".
    pub label: String,
    pub plan: Option<f64>,
    pub actual: Option<f64>,
}

pub struct ChartSpec<'a> {
    /// Unique DOM id prefix on the page (ASCII).
    pub id: &'a str,
    pub title: &'a str,
    /// One Japanese sentence stating baseline, target and latest actual.
    pub description: &'a str,
    pub unit: &'a str,
    pub years: Vec<ChartYear>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
}

const WIDTH: u32 = 640;
const HEIGHT: u32 = 360;
const FONT_STACK: &str = "'Noto Sans JP', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', Meiryo, sans-serif";
const TEXT: &str = "#1a1a1a";
/// Okabe–Ito based palette. Every mark has at least 3:1 contrast with the white background,
/// and the series also differ by form: bars, a solid line with circles, a dashed and a dotted
/// reference line.
const ACTUAL: &str = "#d55e00"; // vermillion bars, 3.9:1 on white
const PLAN: &str = "#0b2e59"; // dark navy line and circles, 13:1 on white, 3.5:1 on the bars
const BASELINE: &str = "#595959"; // grey dashed line, 7:1 on white
const TARGET: &str = "#00664a"; // dark green dotted line, 6.8:1 on white

/// Japanese-style number: thousands separators, up to two decimals as given, never "-0".
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let rounded = (v * 100.0).round() / 100.0;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    let s = format!("{rounded}");
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s.as_str()),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Exact value for data attributes (shortest round-trip form, "0" for -0).
fn data_value(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else {
        format!("{v}")
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The y range: always includes 0 (bars start at 0) and every value, with headroom.
fn y_range(values: &[f64]) -> (f64, f64) {
    let lo = values.iter().copied().fold(0.0_f64, f64::min);
    let hi = values.iter().copied().fold(0.0_f64, f64::max);
    let span = hi - lo;
    if span <= 0.0 {
        return (lo, lo + 1.0);
    }
    let lo = if lo < 0.0 { lo - span * 0.1 } else { lo };
    (lo, hi + span * 0.18)
}

/// Renders the chart as an SVG string to be inlined into HTML.
pub fn render_svg(spec: &ChartSpec) -> String {
    let n = spec.years.len().max(1);
    let values: Vec<f64> = spec
        .years
        .iter()
        .flat_map(|y| [y.plan, y.actual])
        .chain([spec.baseline, spec.target])
        .flatten()
        .filter(|v| v.is_finite())
        .collect();
    let (lo, hi) = y_range(&values);
    let labels: Vec<String> = spec.years.iter().map(|y| y.label.clone()).collect();
    let unit_caption = if spec.unit.is_empty() { String::new() } else { format!("（{}）", spec.unit) };

    let mut frame = String::new();
    let mut marks = String::new();
    {
        let root = SVGBackend::with_string(&mut frame, (WIDTH, HEIGHT)).into_drawing_area();
        // Drawing into a String cannot fail; a plotters error would only drop the frame.
        let _ = root.fill(&WHITE);
        let built = ChartBuilder::on(&root)
            .margin_top(40)
            .margin_right(16)
            .margin_left(8)
            .margin_bottom(8)
            .x_label_area_size(34)
            .y_label_area_size(78)
            .build_cartesian_2d((0..n as i32).into_segmented(), lo..hi);
        let Ok(mut chart) = built else {
            return wrap(spec, "", "");
        };
        let text_color = RGBColor(0x1a, 0x1a, 0x1a);
        let _ = chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .y_labels(6)
            .y_label_formatter(&|v| format_number(*v))
            .y_desc(unit_caption.as_str())
            .label_style(("sans-serif", 13).into_font().color(&text_color))
            .axis_desc_style(("sans-serif", 13).into_font().color(&text_color))
            .axis_style(RGBColor(0x59, 0x59, 0x59))
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(0xd0, 0xd0, 0xd0))
            .draw();

        let at = |x: SegmentValue<i32>, y: f64| chart.backend_coord(&(x, y));
        let (_, zero_y) = at(SegmentValue::CenterOf(0), 0.0_f64.clamp(lo, hi));
        let (plot_x, _) = chart.plotting_area().get_pixel_range();

        // Actual values: bars with their value written above.
        for (i, y) in spec.years.iter().enumerate() {
            let Some(v) = y.actual.filter(|v| v.is_finite()) else { continue };
            let (x0, _) = at(SegmentValue::Exact(i as i32), v);
            let (x1, top) = at(SegmentValue::Exact(i as i32 + 1), v);
            let w = (x1 - x0) as f64;
            let (bx, bw) = (x0 as f64 + w * 0.22, w * 0.56);
            let (ry, rh) = if top <= zero_y { (top, zero_y - top) } else { (zero_y, top - zero_y) };
            marks.push_str(&format!(
                "<rect class=\"bar-actual\" data-value=\"{}\" x=\"{bx:.1}\" y=\"{ry}\" width=\"{bw:.1}\" height=\"{}\" fill=\"{ACTUAL}\"/>\n",
                data_value(v),
                rh.max(1)
            ));
            marks.push_str(&format!(
                "<text class=\"bar-label\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{TEXT}\">{}</text>\n",
                bx + bw / 2.0,
                ry - 5,
                escape(&format_number(v))
            ));
        }

        // Reference lines across the plot, labelled at the right end.
        let mut label_ys: Vec<i32> = Vec::new();
        for (class, value, color, dash, width, name) in [
            ("ref-baseline", spec.baseline, BASELINE, "7 4", 2.0, "現状値"),
            ("ref-target", spec.target, TARGET, "2 3", 3.0, "目標値"),
        ] {
            let Some(v) = value.filter(|v| v.is_finite()) else { continue };
            let (_, y) = at(SegmentValue::CenterOf(0), v);
            marks.push_str(&format!(
                "<line class=\"{class}\" data-value=\"{}\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{color}\" stroke-width=\"{width}\" stroke-dasharray=\"{dash}\"/>\n",
                data_value(v),
                plot_x.start,
                plot_x.end
            ));
            // Keep the two labels apart when the lines are close.
            let mut ly = y - 6;
            if label_ys.iter().any(|o| (o - ly).abs() < 15) {
                ly = y + 16;
            }
            label_ys.push(ly);
            marks.push_str(&format!(
                "<text class=\"ref-label\" x=\"{}\" y=\"{ly}\" text-anchor=\"end\" font-size=\"12\" fill=\"{TEXT}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{name} {}</text>\n",
                plot_x.end - 4,
                escape(&format_number(v))
            ));
        }

        // Planned values: a solid line through circle markers; gaps stay gaps.
        let points: Vec<Option<(i32, i32, f64)>> = spec
            .years
            .iter()
            .enumerate()
            .map(|(i, y)| {
                y.plan.filter(|v| v.is_finite()).map(|v| {
                    let (px, py) = at(SegmentValue::CenterOf(i as i32), v);
                    (px, py, v)
                })
            })
            .collect();
        for run in points.split(|p| p.is_none()).filter(|r| r.len() > 1) {
            let pts: Vec<String> = run.iter().flatten().map(|(x, y, _)| format!("{x},{y}")).collect();
            marks.push_str(&format!(
                "<polyline class=\"plan-line\" points=\"{}\" fill=\"none\" stroke=\"{PLAN}\" stroke-width=\"2.5\"/>\n",
                pts.join(" ")
            ));
        }
        for (x, y, v) in points.iter().flatten() {
            marks.push_str(&format!(
                "<circle class=\"plan-point\" data-value=\"{}\" cx=\"{x}\" cy=\"{y}\" r=\"5\" fill=\"{PLAN}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n",
                data_value(*v)
            ));
        }
        // Direct label for the plan line at its last point.
        if let Some((x, y, _)) = points.iter().flatten().last() {
            marks.push_str(&format!(
                "<text class=\"series-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\" fill=\"{PLAN}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">計画値</text>\n",
                x - 8,
                y - 9
            ));
        }
        let _ = root.present();
    }
    wrap(spec, &frame, &marks)
}

/// The legend row at the top: shape and line style as well as colour tell the series apart.
fn legend(spec: &ChartSpec) -> String {
    let mut items: Vec<(String, &str)> = vec![
        (format!("<line x1=\"0\" y1=\"0\" x2=\"22\" y2=\"0\" stroke=\"{PLAN}\" stroke-width=\"2.5\"/><circle cx=\"11\" cy=\"0\" r=\"5\" fill=\"{PLAN}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"), "計画値（線と丸）"),
        (format!("<rect x=\"4\" y=\"-7\" width=\"14\" height=\"14\" fill=\"{ACTUAL}\"/>"), "実績値（棒）"),
    ];
    if spec.baseline.is_some() {
        items.push((format!("<line x1=\"0\" y1=\"0\" x2=\"22\" y2=\"0\" stroke=\"{BASELINE}\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/>"), "現状値（破線）"));
    }
    if spec.target.is_some() {
        items.push((format!("<line x1=\"0\" y1=\"0\" x2=\"22\" y2=\"0\" stroke=\"{TARGET}\" stroke-width=\"3\" stroke-dasharray=\"2 3\"/>"), "目標値（点線）"));
    }
    let mut out = String::from("<g class=\"legend\" aria-hidden=\"true\">\n");
    let mut x = 90;
    for (symbol, label) in items {
        out.push_str(&format!(
            "<g transform=\"translate({x},20)\">{symbol}<text x=\"28\" y=\"4.5\" font-size=\"12\" fill=\"{TEXT}\">{label}</text></g>\n"
        ));
        x += 28 + label.chars().count() as i32 * 12 + 18;
    }
    out.push_str("</g>\n");
    out
}

/// Wraps plotters' frame and the marks into one accessible SVG element.
fn wrap(spec: &ChartSpec, frame: &str, marks: &str) -> String {
    let id = escape(spec.id);
    // Keep plotters' drawing but replace its root element with ours.
    let body = frame
        .split_once('>')
        .map(|(_, rest)| rest)
        .unwrap_or("")
        .trim_end()
        .trim_end_matches("</svg>")
        .replace("font-family=\"sans-serif\"", &format!("font-family=\"{FONT_STACK}\""));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" style=\"max-width:100%;height:auto\" font-family=\"{FONT_STACK}\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n{}\n{}<g class=\"marks\">\n{marks}</g>\n</svg>",
        escape(spec.title),
        escape(spec.description),
        body.trim(),
        legend(spec),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(years: Vec<(Option<f64>, Option<f64>)>, baseline: Option<f64>, target: Option<f64>) -> String {
        render_svg(&ChartSpec {
            id: "chart-1-1-1-1",
            title: "HPアクセス数（件）の計画値と実績値 <&>",
            description: "現状値は456,456件、目標値は510,000件です。",
            unit: "件",
            years: years
                .into_iter()
                .enumerate()
                .map(|(i, (plan, actual))| ChartYear { label: format!("R{}", i + 2), plan, actual })
                .collect(),
            baseline,
            target,
        })
    }

    fn values(doc: &roxmltree::Document, class: &str) -> Vec<String> {
        doc.descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .filter_map(|n| n.attribute("data-value").map(str::to_string))
            .collect()
    }

    #[test]
    fn accessible_well_formed_and_numbers_readable() {
        let svg = spec(
            vec![(Some(470000.0), Some(478000.0)), (Some(480000.0), None), (Some(490000.0), Some(481000.0))],
            Some(456456.0),
            Some(510000.0),
        );
        let doc = roxmltree::Document::parse(&svg).expect("well-formed");
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("aria-labelledby"), Some("chart-1-1-1-1-title chart-1-1-1-1-desc"));
        let title = doc.descendants().find(|n| n.attribute("id") == Some("chart-1-1-1-1-title")).unwrap();
        assert_eq!(title.tag_name().name(), "title");
        assert_eq!(title.text(), Some("HPアクセス数（件）の計画値と実績値 <&>"));
        let desc = doc.descendants().find(|n| n.attribute("id") == Some("chart-1-1-1-1-desc")).unwrap();
        assert_eq!(desc.tag_name().name(), "desc");
        // The first children are title and desc.
        let first: Vec<&str> = root.children().filter(|n| n.is_element()).take(2).map(|n| n.tag_name().name()).collect();
        assert_eq!(first, vec!["title", "desc"]);
        assert_eq!(values(&doc, "bar-actual"), vec!["478000", "481000"]);
        assert_eq!(values(&doc, "plan-point"), vec!["470000", "480000", "490000"]);
        assert_eq!(values(&doc, "ref-baseline"), vec!["456456"]);
        assert_eq!(values(&doc, "ref-target"), vec!["510000"]);
        // Japanese stays text; the year labels are on the axis.
        let texts: Vec<String> = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text().map(str::to_string)).collect();
        for want in ["R2", "R3", "R4", "計画値（線と丸）", "実績値（棒）", "目標値 510,000", "現状値 456,456", "478,000"] {
            assert!(texts.iter().any(|t| t.contains(want)), "{want} not in {texts:?}");
        }
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert!(svg.contains("Noto Sans JP"));
    }

    #[test]
    fn deterministic() {
        let a = spec(vec![(Some(1.0), Some(2.0))], Some(0.5), Some(3.0));
        let b = spec(vec![(Some(1.0), Some(2.0))], Some(0.5), Some(3.0));
        assert_eq!(a, b);
    }

    #[test]
    fn edge_cases_never_panic_or_emit_nan() {
        let cases = vec![
            spec(vec![(None, None); 5], None, None),
            spec(vec![(Some(0.0), Some(0.0))], Some(0.0), Some(0.0)),
            spec(vec![(Some(5.0), Some(5.0)); 5], Some(5.0), Some(5.0)),
            spec(vec![(Some(20.0), Some(21.0)), (Some(0.0), Some(0.0))], Some(24.0), Some(0.0)),
            spec(vec![(Some(95.45), Some(96.1))], Some(95.45), Some(96.4)),
            spec(vec![(Some(-3.0), Some(-5.0))], Some(2.0), None),
            spec(vec![(Some(f64::NAN), Some(f64::INFINITY))], None, None),
        ];
        for svg in cases {
            let doc = roxmltree::Document::parse(&svg).expect("well-formed");
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
            assert!(doc.root_element().has_tag_name("svg"));
        }
        // A zero actual is a bar of value 0, not a missing bar.
        let svg = spec(vec![(Some(10.0), Some(0.0)), (Some(5.0), None)], Some(24.0), Some(0.0));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(values(&doc, "bar-actual"), vec!["0"]);
    }

    #[test]
    fn numbers_are_formatted_the_japanese_way() {
        assert_eq!(format_number(456456.0), "456,456");
        assert_eq!(format_number(95.45), "95.45");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(1234.5), "1,234.5");
        assert_eq!(format_number(-1234567.0), "-1,234,567");
        assert_eq!(format_number(100.0), "100");
    }
}
