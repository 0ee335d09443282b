//! The accessible `<svg>` element around a chart: `role="img"`, `<title>` and `<desc>` with
//! ids prefixed by the chart's own (so charts on one page never share one), the font stack, and
//! plotters' frame, the legend and the marks inside.

use super::{ChartSpec, FONT, HEIGHT, PLOTTERS_FONT_SCALE, WIDTH};
use crate::text::escape::xml as xml_escape;

const FONT_STACK: &str =
    "'Noto Sans JP', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', Meiryo, sans-serif";

/// Puts plotters' frame, the legend and the marks into one accessible `<svg>` element; `note`
/// follows the caller's description in `<desc>` (what the drawing itself adds: where an axis
/// that does not start at 0 starts).
pub(super) fn wrap(spec: &ChartSpec, note: &str, frame: &str, legend: &str, marks: &str) -> String {
    let description = format!("{}{note}", spec.description);
    let text = Text {
        id: spec.id,
        class: "chart",
        title: spec.title,
        description: &description,
    };
    element(&text, (WIDTH, HEIGHT), frame, legend, marks)
}

/// A chart's id and its text alternative.
pub(super) struct Text<'a> {
    pub id: &'a str,
    /// The root's class attribute.
    pub class: &'a str,
    pub title: &'a str,
    pub description: &'a str,
}

/// The `<svg>` element of any chart kind, `size` wide and high.
pub(super) fn element(
    text: &Text,
    (width, height): (u32, u32),
    frame: &str,
    legend: &str,
    marks: &str,
) -> String {
    let (id, class) = (xml_escape(text.id), xml_escape(text.class));
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
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" style=\"max-width:100%;height:auto\" font-family=\"{FONT_STACK}\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n{frame_group}{legend}<g class=\"marks\">\n{marks}</g>\n</svg>",
        xml_escape(text.title),
        xml_escape(text.description),
    )
}
