//! 計画値と実績値のグラフ（SVG）。 / Target-versus-actual charts as inline SVG.
//!
//! plotters (SVG backend) draws the frame: background, y grid, axes, tick marks and tick labels,
//! and maps data values to pixels. The data marks (bars, the plan line and its markers, the
//! reference lines) and every text label we place ourselves (value labels, reference-line labels,
//! legend, unit) are written here as SVG elements, so each mark carries a class and its exact
//! number (`data-value`). That lets the build and the tests check the chart against the table and
//! the data files, number by number.
//!
//! The steps, one module each: `series` (the input, cleaned of what cannot be drawn) →
//! `scale` (the y axis and its ticks) → `layout` (margins and label areas, with the `legend`)
//! → `frame` (plotters draws the axes; its value-to-pixel mapping) → `marks` (bars, plan line,
//! reference lines) → `labels` (value and series labels placed clear of each other) → `svg`
//! (the accessible `<svg>` around it all). `palette` holds the colours.
//!
//! # Bars or lines
//!
//! Actual values are bars from 0, unless the values lie in a narrow band far from zero
//! (`scale::narrow_band`: all positive and spread over at most a tenth of the largest); then
//! plan and actual are both lines through point markers (circles and squares) on an axis that
//! starts above 0, with a break marker on the y axis and the start said in the unit label and
//! in `<desc>`. A bar is read by its length, so its axis must start at 0; a line is read by its
//! position, so its axis need not (ONS service manual, "Axes and gridlines"). The item file can
//! ask for bars or lines (`ChartSpec::kind`); bars are never drawn on a cropped axis.
//!
//! A second kind, [`render_counts_svg`] (`counts`), draws items counted by category as
//! horizontal bars (the home page's counts by 進捗状況 and 評価), on the same frame, palette and
//! `<svg>` element.
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
//! overlapping) we use [`text_width`](layout::text_width): 1 em for full-width (CJK) characters
//! and a slightly generous 0.6 em for ASCII. So no font file, no extra plotters feature, and
//! layout that stays right for Japanese labels; estimates err on the wide side, which only costs
//! a little space. All text stays real `<text>` with a CSS font stack (set once on the root
//! `<svg>`), so the browser renders Japanese with the reader's fonts.
//!
//! # Accessibility (JIS X 8341-3 / WCAG 2.0 AA)
//!
//! `role="img"` with `aria-labelledby` pointing at `<title>` and `<desc>` (the caller's sentence
//! states the numbers); the same numbers are in the HTML table next to the chart. Series differ
//! by form as well as colour (bars; solid line with circles; dashed; thick dotted), the legend
//! names the form, the colours are dark enough for 3:1 against white and the text for 4.5:1.

mod counts;
mod frame;
mod geometry;
mod labels;
mod layout;
mod legend;
mod marks;
mod outside_shape;
mod palette;
mod period;
mod scale;
mod series;
mod svg;

use crate::model::{ChartKind, Outside};
use crate::text::number::Negative;
pub use counts::{render_counts_svg, CountBar, CountChartSpec};
use labels::Labels;
use layout::Layout;
use series::Series;

/// One fiscal year on the x axis.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartYear {
    /// Short axis label, e.g. "R3" or "令和3年度".
    pub label: String,
    pub plan: Option<f64>,
    pub actual: Option<f64>,
    /// For a year outside the plan's period, which side: its value (a reference value as
    /// `actual`, a later target as `plan`) is drawn as a point of its own, not on the lines.
    pub outside: Option<Outside>,
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
    /// Bars, lines, or chosen from the values.
    pub kind: ChartKind,
    /// How negative numbers are written on the axis and in the labels (`[site] negative`).
    pub negative: Negative,
    /// The site's words (legend, unit, reference lines).
    pub words: &'a crate::words::Words,
}

const WIDTH: u32 = 640;
const HEIGHT: u32 = 360;
/// Font size of all text in the chart, in SVG user units.
const FONT: f64 = 13.0;
/// plotters' SVG backend writes `font-size = size / 1.24`; this undoes that.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// How the actual values are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// Bars from 0, the plan a line through circles.
    Bars,
    /// Both plan and actual as lines through point markers (circles, squares), on an axis
    /// that starts above 0 when the values lie in a narrow band (see `scale::narrow_band`).
    Lines,
}

impl Form {
    /// `auto` draws lines exactly when bars would need an axis that does not start at 0.
    fn of(kind: ChartKind, values: &[f64]) -> Form {
        match kind {
            ChartKind::Bar => Form::Bars,
            ChartKind::Line => Form::Lines,
            ChartKind::Auto if scale::narrow_band(values) => Form::Lines,
            ChartKind::Auto => Form::Bars,
        }
    }
}

/// Renders the chart as an SVG string to be inlined into HTML (no XML declaration).
///
/// Never panics; the output is well-formed XML and the same input gives the same bytes.
pub fn render_svg(spec: &ChartSpec) -> String {
    let series = Series::of(spec);
    let values = series.values();
    let form = Form::of(spec.kind, &values);
    // Bars are lengths from 0: only lines may have an axis that does not start at 0.
    let scale = scale::y_scale(&values, form == Form::Lines);
    let layout = Layout::new(spec, &series, &scale, form);
    let mut frame = String::new();
    let Some(plot) = frame::draw(&mut frame, &series, &scale, &layout, spec.negative) else {
        return svg::wrap(spec, &layout.axis_note, "", &layout.legend, "");
    };

    let markers = marks::markers(&plot, &series.plans);
    let mut marks = String::new();
    if scale.lo < 0.0 {
        marks::zero_line(&mut marks, &plot);
    }
    if scale.cropped {
        marks::axis_break(&mut marks, &plot, &scale);
    }
    let (points, actuals) = match form {
        Form::Bars => (Vec::new(), marks::bars(&mut marks, &plot, &series.actuals)),
        Form::Lines => (marks::markers(&plot, &series.actuals), Vec::new()),
    };
    let ref_ys = marks::ref_lines(&mut marks, &plot, &series.refs);
    period::boundaries(&mut marks, &plot, &series.outside);
    let outside = period::markers(&mut marks, &plot, &series.outside);
    marks::plan_line(&mut marks, &markers);
    // The actual line goes over the plan line: it is what was reported.
    let actuals = match form {
        Form::Bars => actuals,
        Form::Lines => marks::actual_line(&mut marks, &points),
    };
    let drawn = Drawn {
        markers,
        points,
        actuals,
        ref_ys,
        outside,
    };
    marks.push_str(&drawn.labels(spec, &series, form, &layout, &plot));
    layout.unit(&mut marks);
    svg::wrap(spec, &layout.axis_note, &frame, &layout.legend, &marks)
}

/// The marks drawn, as the labels need them.
struct Drawn {
    /// The plan values' markers.
    markers: Vec<Option<marks::Marker>>,
    /// The actual values' markers on a line chart (empty for bars).
    points: Vec<Option<marks::Marker>>,
    /// The actual values' bars, or their points on a line chart.
    actuals: Vec<marks::Bar>,
    /// The reference lines' heights.
    ref_ys: Vec<f64>,
    /// The boxes of the out-of-period values' markers.
    outside: Vec<geometry::Rect>,
}

impl Drawn {
    /// Every label, placed after (above) every mark and clear of the ones placed before it.
    fn labels(
        &self,
        spec: &ChartSpec,
        series: &Series,
        form: Form,
        layout: &Layout,
        plot: &frame::Plot,
    ) -> String {
        let mut labels = Labels::around(&self.markers);
        let avoid_marks = |labels: &mut Labels| {
            labels.avoid(self.outside.iter().copied());
            labels.avoid(self.actuals.iter().map(|b| b.rect));
            labels.avoid(labels::line_boxes(&self.markers));
            labels.avoid(labels::line_boxes(&self.points));
        };
        // A line's values keep clear of both lines and every point; a bar's sit on its end.
        if form == Form::Lines {
            avoid_marks(&mut labels);
        }
        let lines = form == Form::Lines;
        labels.bars(&self.actuals, &self.markers, plot, spec, lines);
        labels.refs(&self.ref_ys, &layout.ref_texts, plot);
        if form == Form::Bars {
            avoid_marks(&mut labels);
        }
        let w = spec.words;
        labels.series(
            &self.markers,
            w.get("item.planned_value"),
            palette::PLAN,
            plot,
        );
        labels.series(
            &self.points,
            w.get("item.actual_value"),
            palette::TEXT,
            plot,
        );
        period::labels(&mut labels, plot, &series.outside, w);
        labels.texts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::number::{format_decimals, format_number};

    const ID: &str = "chart-1-1-1-1";

    fn make(
        years: Vec<(Option<f64>, Option<f64>)>,
        baseline: Option<f64>,
        target: Option<f64>,
    ) -> String {
        make_as(ChartKind::Auto, years, baseline, target)
    }

    fn make_as(
        kind: ChartKind,
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
                    outside: None,
                })
                .collect(),
            baseline,
            target,
            decimals: 0,
            kind,
            negative: Negative::Minus,
            words: &crate::words::Words::default(),
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
        assert_eq!(values(&doc, "actual-point"), vec!["95.7", "94"]);
        assert_eq!(values(&doc, "ref-baseline"), vec!["95.45"]);
        let texts = texts(&doc);
        for want in ["95.7", "94", "現状値 95.45", "目標値 96.4"] {
            assert!(texts.iter().any(|t| t == want), "{want} not in {texts:?}");
        }
    }

    /// The y tick labels plotters wrote, as numbers.
    fn y_ticks(doc: &roxmltree::Document) -> Vec<f64> {
        let frame = doc.descendants().find(|n| has_class(n, "frame")).unwrap();
        frame
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text()?.trim().replace(',', "").parse().ok())
            .collect()
    }

    /// 2-2-1 市税収納率 of the sample: 95.45 → 96.4, actual 95.5 and 96.1.
    fn narrow(kind: ChartKind) -> String {
        make_as(
            kind,
            vec![
                (Some(95.6), Some(95.5)),
                (Some(95.8), Some(96.1)),
                (Some(96.0), None),
                (Some(96.2), None),
                (Some(96.4), None),
            ],
            Some(95.45),
            Some(96.4),
        )
    }

    #[test]
    fn a_narrow_band_is_drawn_as_lines_on_an_axis_that_does_not_start_at_zero() {
        let svg = narrow(ChartKind::Auto);
        let doc = check_common(&svg);
        assert!(values(&doc, "bar-actual").is_empty(), "no bars: {svg}");
        assert_eq!(values(&doc, "actual-point"), vec!["95.5", "96.1"]);
        assert_eq!(
            values(&doc, "plan-point"),
            vec!["95.6", "95.8", "96", "96.2", "96.4"]
        );
        // Distinct marker shapes: squares for actual values, circles for planned ones.
        let tags = |class: &str| -> Vec<String> {
            doc.descendants()
                .filter(|n| has_class(n, class))
                .map(|n| n.tag_name().name().to_string())
                .collect()
        };
        assert!(tags("actual-point").iter().all(|t| t == "rect"));
        assert!(tags("plan-point").iter().all(|t| t == "circle"));
        assert_eq!(tags("actual-line"), vec!["polyline"]);
        // The axis starts above 0, below every value, and says so.
        let ticks = y_ticks(&doc);
        assert_eq!(ticks, vec![95.0, 95.5, 96.0, 96.5, 97.0]);
        let texts = texts(&doc);
        for want in [
            "単位：件（縦軸は0ではなく95から）",
            "実績値（線と四角）",
            "計画値（線と丸）",
            "95.5",
            "96.1",
        ] {
            assert!(texts.iter().any(|t| t == want), "{want} not in {texts:?}");
        }
        let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
        assert!(
            desc.text()
                .unwrap()
                .ends_with("縦軸は0ではなく95件から始まります。"),
            "{desc:?}"
        );
        // The break marker sits on the y axis, below every point.
        let mark = doc
            .descendants()
            .find(|n| has_class(n, "axis-break"))
            .unwrap();
        let lines: Vec<_> = mark.children().filter(|n| n.has_tag_name("line")).collect();
        assert_eq!(lines.len(), 2);
        let num = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
        let lowest_point = doc
            .descendants()
            .filter_map(|n| match n.attribute("class") {
                Some("plan-point") => Some(num(&n, "cy") + 5.0),
                Some("actual-point") => Some(num(&n, "y") + num(&n, "height")),
                _ => None,
            })
            .fold(0.0, f64::max);
        for l in &lines {
            assert!(
                num(l, "y1").min(num(l, "y2")) > lowest_point,
                "below the values"
            );
        }
    }

    #[test]
    fn the_file_can_ask_for_bars_or_lines() {
        // Bars always stand on 0, even for a narrow band: no break, no cropped axis.
        let doc_svg = narrow(ChartKind::Bar);
        let doc = check_common(&doc_svg);
        assert_eq!(values(&doc, "bar-actual"), vec!["95.5", "96.1"]);
        assert!(values(&doc, "actual-point").is_empty());
        assert_eq!(y_ticks(&doc).first(), Some(&0.0));
        assert!(!doc.descendants().any(|n| has_class(&n, "axis-break")));
        assert!(texts(&doc).iter().any(|t| t == "単位：件"));
        // Lines for a wide range keep the axis at 0.
        let svg = make_as(
            ChartKind::Line,
            vec![(Some(20.0), Some(21.0)), (Some(15.0), Some(12.0))],
            Some(24.0),
            Some(0.0),
        );
        let doc = check_common(&svg);
        assert_eq!(values(&doc, "actual-point"), vec!["21", "12"]);
        assert!(values(&doc, "bar-actual").is_empty());
        assert_eq!(y_ticks(&doc).first(), Some(&0.0));
        assert!(!doc.descendants().any(|n| has_class(&n, "axis-break")));
        let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
        assert!(!desc.text().unwrap().contains("縦軸"));
        // A wide range drawn automatically: bars from 0.
        assert_eq!(Form::of(ChartKind::Auto, &[24.0, 20.0, 0.0]), Form::Bars);
    }

    #[test]
    fn values_outside_the_period_are_points_of_their_own() {
        // A narrow band (lines on a cropped axis): 96.0–97.5 with a reference year before the
        // period and a later target after it.
        let year = |label: &str, plan, actual, outside| ChartYear {
            label: label.into(),
            plan,
            actual,
            outside,
        };
        let svg = render_svg(&ChartSpec {
            id: ID,
            title: "収納率",
            description: "d",
            unit: "%",
            years: vec![
                year("H28", None, Some(96.0), Some(Outside::Reference)),
                year("H29", Some(96.4), Some(96.3), None),
                year("H30", Some(96.8), None, None),
                year("R4", Some(97.5), None, Some(Outside::Beyond)),
            ],
            baseline: None,
            target: None,
            decimals: 1,
            kind: ChartKind::Auto,
            negative: Negative::Minus,
            words: &crate::words::Words::default(),
        });
        let doc = check_common(&svg);
        assert_eq!(values(&doc, "reference-point"), ["96"]);
        assert_eq!(values(&doc, "beyond-point"), ["97.5"]);
        assert_eq!(values(&doc, "plan-point"), ["96.4", "96.8"]);
        assert_eq!(values(&doc, "actual-point"), ["96.3"]);
        let texts = texts(&doc);
        for want in [
            "参考（計画期間前）",
            "計画期間後の目標",
            "参考値（計画期間前・ひし形）",
        ] {
            assert!(texts.iter().any(|t| t == want), "{want} in {texts:?}");
        }
        // The axis still shows every value, the outside ones included.
        let ticks: Vec<f64> = texts.iter().filter_map(|t| t.parse().ok()).collect();
        let (lo, hi) = (
            ticks.iter().copied().fold(f64::MAX, f64::min),
            ticks.iter().copied().fold(f64::MIN, f64::max),
        );
        assert!(lo <= 96.0 && hi >= 97.5, "{ticks:?}");
    }

    #[test]
    fn negative_ticks_follow_the_site_setting() {
        let words = crate::words::Words::default();
        let spec = |negative| ChartSpec {
            words: &words,
            id: ID,
            title: "t",
            description: "d",
            unit: "千円",
            years: vec![ChartYear {
                label: "R2".into(),
                plan: Some(-80800.0),
                actual: Some(-60000.0),
                outside: None,
            }],
            baseline: None,
            target: None,
            decimals: 0,
            kind: ChartKind::Bar,
            negative,
        };
        let minus = render_svg(&spec(Negative::Minus));
        let triangle = render_svg(&spec(Negative::Triangle));
        let numbers = |svg: &str| -> Vec<String> {
            texts(&parse(svg))
                .into_iter()
                .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
                .collect()
        };
        assert!(
            numbers(&minus).iter().any(|t| t.starts_with('-')),
            "{:?}",
            numbers(&minus)
        );
        let shown = numbers(&triangle);
        assert!(shown.iter().any(|t| t == "▲60,000"), "{shown:?}");
        assert!(
            shown.iter().any(|t| t.starts_with('▲') && t != "▲60,000"),
            "{shown:?}"
        );
        assert!(!shown.iter().any(|t| t.contains('-')), "{shown:?}");
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
                    outside: None,
                }],
                baseline: None,
                target: None,
                decimals: 0,
                kind: ChartKind::Auto,
                negative: Negative::Minus,
                words: &crate::words::Words::default(),
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
                    outside: None,
                })
                .collect(),
            baseline: Some(45.0),
            target: Some(60.0),
            decimals: 1,
            kind: ChartKind::Auto,
            negative: Negative::Minus,
            words: &crate::words::Words::default(),
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
