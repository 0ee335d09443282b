//! 公開する文字列に入れてはいけない文字と、注意する文字。
//! Characters no published text may hold, and characters worth a warning.
//!
//! Content is typed or pasted by staff, but it is still untrusted input: a NUL or an escape
//! character breaks CSV readers and terminals, and bidirectional controls can make a page read
//! differently from what its source says (the "Trojan Source" problem, CVE-2021-42574).

/// What is wrong with a character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// NUL, the C0 controls but TAB, LF and CR, DEL and the C1 controls: never allowed.
    Control,
    /// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and
    /// noncharacters (U+FDD0–U+FDEF, U+xxFFFE, U+xxFFFF): allowed, with a warning.
    Invisible,
}

/// The problem with `c`, if any.
pub fn classify(c: char) -> Option<Problem> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' => Some(Problem::Control),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{fdd0}'..='\u{fdef}' => {
            Some(Problem::Invisible)
        }
        c if (c as u32) & 0xfffe == 0xfffe => Some(Problem::Invisible),
        _ => None,
    }
}

/// Every character of `s` with a problem: its byte offset, the character and the problem.
pub fn problems(s: &str) -> impl Iterator<Item = (usize, char, Problem)> + '_ {
    s.char_indices()
        .filter_map(|(i, c)| classify(c).map(|p| (i, c, p)))
}

/// How a message names the character: `U+0000（NUL）`, `U+202E（右から左への上書き）`.
pub fn describe(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\u{1b}' => "ESC",
        '\u{7f}' => "DEL",
        '\u{202a}'..='\u{202e}' => "双方向の埋め込み・上書き / bidi embedding or override",
        '\u{2066}'..='\u{2069}' => "双方向の分離 / bidi isolate",
        c if classify(c) == Some(Problem::Control) => "制御文字 / control character",
        _ => "非文字 / noncharacter",
    };
    format!("U+{:04X}（{name}）", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_bidi_and_noncharacters() {
        for c in ['\0', '\u{1}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}'] {
            assert_eq!(classify(c), Some(Problem::Control), "{c:?}");
        }
        for c in [
            '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{fffe}', '\u{ffff}',
        ] {
            assert_eq!(classify(c), Some(Problem::Invisible), "{c:?}");
        }
        for c in [
            '\t',
            '\n',
            '\r',
            ' ',
            'あ',
            '\u{3000}',
            '\u{200d}',
            '\u{fffd}',
            '\u{1f600}',
        ] {
            assert_eq!(classify(c), None, "{c:?}");
        }
        assert_eq!(classify('\u{1fffe}'), Some(Problem::Invisible));
        assert_eq!(describe('\0'), "U+0000（NUL）");
    }
}
