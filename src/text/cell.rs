//! 表計算ソフトで開かれる CSV のセル: 数式として解釈される文字で始まる文字列セルを無害にする
//! （OWASP「CSV Injection」の推奨どおり、先頭に「'」を付ける）。
//! Text cells of a CSV that spreadsheets open: a cell beginning with a character a spreadsheet
//! reads as the start of a formula gets a leading single quote, as OWASP recommends. Applied
//! per column (text columns only), so a numeric column's `-5` stays `-5`.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula (OWASP's list).
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// What a text cell is written as: `'` before a leading formula character, else unchanged.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text a neutralised cell stood for: the `'` that [`neutralise`] adds is taken off again
/// (reading back a CSV the tool wrote, e.g. a returned survey sheet).
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_a_quote_and_come_back() {
        for raw in [
            "=HYPERLINK(\"http://example.com\",\"click\")",
            "+1+2",
            "-1+1",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let cell = neutralise(raw);
            assert_eq!(cell, format!("'{raw}"));
            assert_eq!(restore(&cell), raw);
        }
        for raw in ["1-1-1", "窓口の混雑", "'quoted", ""] {
            assert_eq!(neutralise(raw), raw);
            assert_eq!(restore(raw), raw);
        }
    }
}
