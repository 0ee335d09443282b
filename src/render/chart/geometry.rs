//! Sizes and boxes on the chart: how wide a text is (without a font file) and whether two
//! text boxes overlap. Used by the layout, the legend, the marks and the labels alike.

/// A text box for overlap checks: (x0, y0, x1, y1) in SVG units.
pub(super) type Rect = (f64, f64, f64, f64);

pub(super) fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Estimated advance width of `s` at font size `size`, without any font file.
///
/// Full-width characters (kana, kanji, full-width forms, most symbols used in Japanese text)
/// are 1 em in every Japanese font; ASCII is given a generous 0.6 em (0.3 for narrow
/// punctuation). Over-estimating only costs a little whitespace.
pub(super) fn text_width(s: &str, size: f64) -> f64 {
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
