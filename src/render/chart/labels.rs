//! The labels we place ourselves, each with a white halo and clear of the marks and of the
//! labels placed before it: the actual values (at the bars' ends or the line's points), the
//! reference lines' names and values in the right margin, and the lines' names at their last
//! points.

use super::frame::Plot;
use super::geometry::{overlaps, text_width, Rect};
use super::marks::{Bar, Marker};
use super::palette::TEXT;
use super::{ChartSpec, FONT, WIDTH};
use crate::text::escape::xml as xml_escape;
use std::fmt::Write as _;

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

/// The labels placed so far, and every box already taken by a mark or a label.
pub(super) struct Labels {
    taken: Vec<Rect>,
    /// The labels' markup, in the order placed.
    pub texts: String,
}

impl Labels {
    /// Starts with the plan markers' boxes taken.
    pub fn around(markers: &[Option<Marker>]) -> Labels {
        let taken = markers
            .iter()
            .flatten()
            .map(|&(x, y, _)| (x - 6.0, y - 6.0, x + 6.0, y + 6.0))
            .collect();
        Labels {
            taken,
            texts: String::new(),
        }
    }

    /// Takes these boxes too, so that later labels keep clear of them.
    pub fn avoid(&mut self, boxes: impl IntoIterator<Item = Rect>) {
        self.taken.extend(boxes);
    }

    /// An out-of-period label centred on `x`: the highest free line from `top` down, else `top`.
    pub fn period(&mut self, text: &str, x: f64, top: f64, bottom: f64) {
        let free = (0..)
            .map(|k| top + f64::from(k) * (FONT + 3.0))
            .take_while(|&y| y <= bottom - 4.0)
            .find(|&y| self.is_free(&label_box(text, x, y, Anchor::Middle)));
        let y = free.unwrap_or(top);
        self.taken.push(label_box(text, x, y, Anchor::Middle));
        push_label(
            &mut self.texts,
            "period-label",
            text,
            x,
            y,
            Anchor::Middle,
            TEXT,
        );
    }

    fn is_free(&self, b: &Rect) -> bool {
        !self.taken.iter().any(|t| overlaps(t, b))
    }

    /// Each bar's value written at its end: beside the end, else past the plan marker of the
    /// same year, else one line further; a point of a line (`points`) may also take the place
    /// on its other side. The latest year is placed first and always labelled; an earlier
    /// label that finds no free place is left out (the table has every number).
    pub fn bars(
        &mut self,
        bars: &[Bar],
        markers: &[Option<Marker>],
        plot: &Plot,
        spec: &ChartSpec,
        points: bool,
    ) {
        let (top, bottom) = (plot.top, plot.bottom);
        let mut bar_labels: Vec<(usize, f64, f64, String)> = Vec::new();
        for (rank, bar) in bars.iter().rev().enumerate() {
            let (i, cx, v) = (bar.year, bar.cx, bar.value);
            let text = spec.negative.format(v, spec.decimals);
            let (places, fallback) = label_places(bar, markers[i], points);
            let fits = |ly: f64| ly - FONT >= top - 4.0 && ly <= bottom + FONT;
            let free = places
                .into_iter()
                .find(|&ly| fits(ly) && self.is_free(&label_box(&text, cx, ly, Anchor::Middle)));
            let Some(ly) = free.or((rank == 0).then_some(fallback)) else {
                continue;
            };
            self.taken.push(label_box(&text, cx, ly, Anchor::Middle));
            bar_labels.push((i, cx, ly, text));
        }
        bar_labels.sort_by_key(|l| l.0);
        let class = if points { "point-label" } else { "bar-label" };
        for (_, cx, ly, text) in &bar_labels {
            push_label(&mut self.texts, class, text, *cx, *ly, Anchor::Middle, TEXT);
        }
    }

    /// The reference lines' labels in the right margin, each at its line's height `ys[k]`.
    pub fn refs(&mut self, ys: &[f64], texts: &[String], plot: &Plot) {
        let (right, bottom) = (plot.right, plot.bottom);
        let mut ref_labels: Vec<(f64, usize)> = ys
            .iter()
            .enumerate()
            .map(|(k, y)| (y + FONT * 0.35, k))
            .collect();
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
            let text = &texts[k];
            self.taken
                .push(label_box(text, right + 6.0, ly, Anchor::Start));
            push_label(
                &mut self.texts,
                "ref-label",
                text,
                right + 6.0,
                ly,
                Anchor::Start,
                TEXT,
            );
        }
    }

    /// A line is named directly at its last point where there is room, clear of the bars, the
    /// lines and the other labels (the legend names it anyway).
    pub fn series(&mut self, markers: &[Option<Marker>], name: &str, fill: &str, plot: &Plot) {
        let (left, top, bottom) = (plot.left, plot.top, plot.bottom);
        let Some(&(x, y, _)) = markers.iter().flatten().last() else {
            return;
        };
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
                && self.is_free(&b)
        });
        if let Some((lx, ly, anchor)) = spot {
            self.taken.push(label_box(name, lx, ly, anchor));
            push_label(&mut self.texts, "series-label", name, lx, ly, anchor, fill);
        }
    }
}

/// The baselines a value label may take, best first, and the one taken when none is free:
/// beside the mark's end, else past the plan marker of the same year, else one line further.
/// A point of a line tries its other side second, before stepping over the plan marker.
fn label_places(bar: &Bar, plan: Option<Marker>, point: bool) -> (Vec<f64>, f64) {
    let up = bar.value >= 0.0;
    let first = if up {
        bar.end_y - 5.0
    } else {
        bar.end_y + FONT + 3.0
    };
    let second = match plan {
        Some((_, my, _)) if up => first.min(my - 8.0),
        Some((_, my, _)) => first.max(my + FONT + 6.0),
        None => first,
    };
    let third = if up {
        second - FONT - 2.0
    } else {
        second + FONT + 2.0
    };
    if !point {
        return (vec![first, second, third], second);
    }
    // Past the point's marker box, on the side away from `first`.
    let other = if up {
        bar.rect.3 + FONT + 2.0
    } else {
        bar.rect.1 - 4.0
    };
    (vec![first, other, second, third], second)
}

/// Small boxes along the plan line, so that a label does not sit on it.
pub(super) fn line_boxes(markers: &[Option<Marker>]) -> Vec<Rect> {
    let mut boxes = Vec::new();
    for run in markers.split(Option::is_none) {
        for pair in run.windows(2) {
            if let [Some((x0, y0, _)), Some((x1, y1, _))] = pair {
                let steps = ((x1 - x0).hypot(y1 - y0) / 4.0).ceil().max(1.0) as usize;
                for s in 0..=steps {
                    let t = s as f64 / steps as f64;
                    let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
                    boxes.push((x - 2.0, y - 2.0, x + 2.0, y + 2.0));
                }
            }
        }
    }
    boxes
}
