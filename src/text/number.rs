//! 数値の書き方。 / How numbers are written: for people (「456,456」「96.00」「68.4%」) and for
//! machines (the shortest exact form in data files and `data-value` attributes).

/// The largest magnitude a published number may have: 10^15 (千兆). Every integer up to it is
/// held exactly by an f64 (up to 2^53 ≈ 9×10^15 they are), so nothing is published as another
/// number than the one written, and charts can still scale it.
pub const MAX_EXACT: f64 = 1e15;

/// Whether `n` is finite and within ±[`MAX_EXACT`].
pub fn is_exact(n: f64) -> bool {
    n.is_finite() && n.abs() <= MAX_EXACT
}

/// Japanese-style number: thousands separators, up to two decimals as given, never "-0".
///
/// `456456.0` → "456,456", `95.45` → "95.45", `1234.5` → "1,234.5", `-0.0` → "0".
pub fn format_number(v: f64) -> String {
    let fixed = format!("{:.2}", v.abs());
    group(fixed.trim_end_matches('0').trim_end_matches('.'), v < 0.0)
}

/// [`format_number`] with exactly `decimals` decimal places (as the plan printed the number,
/// 「96.00」); with 0, as [`format_number`].
pub fn format_decimals(v: f64, decimals: u8) -> String {
    if decimals == 0 {
        return format_number(v);
    }
    group(&format!("{:.*}", decimals as usize, v.abs()), v < 0.0)
}

/// `v` rounded to `decimals` decimal places, never -0: the difference of two numbers written
/// with that many decimals, without the floating-point residue (96.1 − 95.5 = 0.6, not
/// 0.5999999999999943).
pub fn round_to(v: f64, decimals: u8) -> f64 {
    let scale = 10f64.powi(i32::from(decimals.min(6)));
    let r = (v * scale).round() / scale;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The unit of a difference of two values in `unit`: percentage points for a rate in percent
/// (95.5% → 96.1% is 0.6 ポイント, not 0.6%), otherwise the unit itself.
pub fn difference_unit(unit: &str) -> &str {
    match unit {
        "%" | "％" | "パーセント" => "ポイント",
        other => other,
    }
}

/// Rounds a percentage for display to one decimal place (「68.4%」).
pub fn format_rate(rate: f64) -> String {
    let r = (rate * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r };
    format!("{r:.1}%")
}

/// Exact machine-readable form of a number for data attributes and data files: the shortest
/// form that reads back as the same f64, "0" for -0.
pub fn raw_number(n: f64) -> String {
    if n == 0.0 {
        "0".to_string()
    } else {
        format!("{n}")
    }
}

/// Reads a number typed as text the way Excel users type it: full-width digits and digit-group
/// commas are accepted (「１，２００」, "1,200"), and a negative sign as ▲ or △ (the usual
/// Japanese notation, 「▲500」), − or －; units, 「約」 and other words are not.
pub fn parse_number(text: &str) -> Option<f64> {
    let s: String = unicode_normalization::UnicodeNormalization::nfkc(text)
        .collect::<String>()
        .trim()
        .replace('−', "-");
    let (sign, digits) = match s.strip_prefix(['-', '▲', '△']) {
        Some(rest) => (-1.0, rest.trim_start()),
        None => (1.0, s.strip_prefix('+').unwrap_or(&s)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let groups: Vec<&str> = int.split(',').collect();
    let grouped_ok = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let all_digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    if int.is_empty()
        || !grouped_ok
        || !groups.iter().all(|g| all_digits(g))
        || !all_digits(frac)
        || (digits.contains('.') && frac.is_empty())
    {
        return None;
    }
    let n: f64 = format!(
        "{}.{}",
        groups.concat(),
        if frac.is_empty() { "0" } else { frac }
    )
    .parse()
    .ok()?;
    n.is_finite().then_some(sign * n)
}

/// The triangle a negative number typed as text starts with (▲, △), which is not a minus sign
/// everywhere: the import says that it read it as one.
pub fn sign_mark(text: &str) -> Option<char> {
    text.trim_start()
        .chars()
        .next()
        .filter(|c| ['▲', '△'].contains(c))
}

/// Adds thousands separators to a non-negative decimal numeral and the sign, unless the
/// numeral is all zeros (no "-0"). Empty for NaN and infinities.
fn group(numeral: &str, negative: bool) -> String {
    if !numeral.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return String::new();
    }
    let (int, frac) = numeral.split_once('.').unwrap_or((numeral, ""));
    let mut out = String::new();
    if negative && numeral.chars().any(|c| matches!(c, '1'..='9')) {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// How a negative number is shown (site.toml `[site] negative`): with a minus sign
/// (「-80,800」, the default) or with the triangle Japanese plans print (「▲80,800」).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Negative {
    #[default]
    Minus,
    Triangle,
}

impl Negative {
    /// Every value as written in site.toml, in the order documented.
    pub const NAMES: [&'static str; 2] = ["minus", "triangle"];

    pub fn from_name(name: &str) -> Option<Negative> {
        match name {
            "minus" => Some(Negative::Minus),
            "triangle" => Some(Negative::Triangle),
            _ => None,
        }
    }

    /// A number formatted by [`format_number`] or [`format_decimals`], in this style.
    pub fn apply(self, formatted: String) -> String {
        match (self, formatted.strip_prefix('-')) {
            (Negative::Triangle, Some(rest)) => format!("▲{rest}"),
            _ => formatted,
        }
    }

    /// [`format_decimals`] in this style.
    pub fn format(self, v: f64, decimals: u8) -> String {
        self.apply(format_decimals(v, decimals))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negatives_in_either_style() {
        assert_eq!(Negative::Minus.format(-80800.0, 0), "-80,800");
        assert_eq!(Negative::Triangle.format(-80800.0, 0), "▲80,800");
        assert_eq!(Negative::Triangle.format(1200.0, 0), "1,200");
        assert_eq!(Negative::Triangle.format(-0.0, 1), "0.0");
        assert_eq!(parse_number("▲80,800"), Some(-80800.0));
        assert_eq!(parse_number("－５００"), Some(-500.0));
    }
}
