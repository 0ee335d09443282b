//! The chart's colours, and the test that they keep their contrast (WCAG 2.x).

use plotters::style::RGBColor;

pub(super) const TEXT: &str = "#1a1a1a"; // 17:1 on white
pub(super) const TEXT_RGB: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
pub(super) const AXIS_RGB: RGBColor = RGBColor(0x59, 0x59, 0x59); // 7:1 on white
pub(super) const AXIS: &str = "#595959"; // AXIS_RGB, for the marks we write ourselves
pub(super) const GRID_RGB: RGBColor = RGBColor(0xd9, 0xd9, 0xd9); // decoration only
/// Okabe–Ito based palette (tested in `palette_contrast`): every mark has at least 3:1 contrast
/// with the white background, and every line at least 3:1 with the bars it crosses. The three
/// lines are dark and told apart from each other by form (solid with circles, dashed, thick
/// dotted) and by their direct labels, never by colour alone.
pub(super) const ACTUAL: &str = "#de6b12"; // vermillion bars: 3.4:1 on white
pub(super) const PLAN: &str = "#0b2e59"; // dark navy (Okabe–Ito blue, darkened): 13.6:1 on white, 4.0:1 on the bars
pub(super) const BASELINE: &str = "#333333"; // dark grey: 12.6:1 on white, 3.7:1 on the bars
pub(super) const TARGET: &str = "#004030"; // bluish green, darkened: 11.8:1 on white, 3.5:1 on the bars
/// Count charts: bars of items counted in a category, and the bar of items with none (未報告,
/// 未評価), which also differs in form (a dashed outline) and is named by its label.
pub(super) const COUNT: &str = PLAN;
pub(super) const NONE: &str = "#767676"; // grey: 4.5:1 on white

#[cfg(test)]
mod tests {
    use super::*;

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
        for mark in [ACTUAL, PLAN, BASELINE, TARGET, COUNT, NONE] {
            assert!(contrast(mark, "#ffffff") >= 3.0, "{mark} on white");
        }
        for line in [PLAN, BASELINE, TARGET] {
            assert!(contrast(line, ACTUAL) >= 3.0, "{line} on the bars");
        }
        assert!(contrast(TEXT, "#ffffff") >= 4.5);
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    }
}
