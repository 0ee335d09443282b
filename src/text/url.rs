//! リンク先として安全な URL か。 / Whether a URL is safe to link to.

/// The schemes a link may use; a URL without a scheme (a path) is always allowed.
pub const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The scheme of `url` as a browser reads it, lower-cased: leading and trailing spaces and
/// controls are ignored and ASCII tabs and newlines removed anywhere (WHATWG URL), so
/// `" Java\tScript:…"` is `javascript`. `None` for a path or a fragment.
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// Whether a link to `url` is safe: no scheme, or one of [`SAFE_SCHEMES`] (so never
/// `javascript:`, `data:` or `vbscript:`).
pub fn is_safe_link(url: &str) -> bool {
    scheme(url).is_none_or(|s| SAFE_SCHEMES.contains(&s.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_schemes_are_unsafe_however_written() {
        for url in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_link(url), "{url}");
        }
        for url in [
            "https://www.city.annaka.lg.jp/",
            "http://example.jp",
            "mailto:a@example.jp",
            "tel:0273820000",
            "/assets/x.pdf",
            "../index.html",
            "#top",
            "items/1-1-1.html?a=b:c",
        ] {
            assert!(is_safe_link(url), "{url}");
        }
    }
}
