//! TOML / serde のエラーを、場所つきの日本語メッセージに変換する。
//! Turns toml's deserialisation errors into located Japanese diagnostics with suggestions.

use crate::diag::codes;
use crate::diag::{Diagnostic, LineIndex};
use std::path::Path;

/// `text` is the whole file and `base` the byte offset where the TOML starts in it.
pub fn diagnostic(file: &Path, text: &str, base: usize, err: &toml::de::Error) -> Diagnostic {
    let offset = base + err.span().map(|s| s.start).unwrap_or(0);
    let pos = LineIndex::new(text).position(offset);
    let raw = err.message().trim().to_string();

    if let Some((unknown, expected)) = parse_unknown_field(&raw) {
        let mut d = Diagnostic::error(
            codes::E020,
            file,
            pos,
            if raw.starts_with("unknown variant") {
                format!("使えない値 `{unknown}` です (unknown value)")
            } else {
                format!("不明なキー `{unknown}` です (unknown key)")
            },
        );
        let help = match nearest(&unknown, &expected) {
            Some(best) => format!(
                "`{best}` の誤りではありませんか？ 使えるもの: {}",
                expected.join(", ")
            ),
            None => format!("使えるもの: {}", expected.join(", ")),
        };
        d = d.with_help(help);
        return d;
    }
    if let Some(field) = between(&raw, "missing field `", "`") {
        return Diagnostic::error(
            codes::E021,
            file,
            pos,
            format!("必須のキー `{field}` がありません (missing required key)"),
        )
        .with_help("docs/content-format.md の例を参考に、このキーを追加してください。");
    }
    if raw.starts_with("invalid type") || raw.starts_with("invalid value") {
        return Diagnostic::error(
            codes::E022,
            file,
            pos,
            format!("値の型が違います: {} (wrong type)", translate_type_message(&raw)),
        )
        .with_help("数値は引用符なしで `95.45`、文字列は引用符付きで `\"実施\"`、一覧は `[\"財政課\", \"全課\"]` のように書きます。");
    }
    if raw.starts_with("duplicate key") {
        return Diagnostic::error(
            codes::E023,
            file,
            pos,
            format!("同じキーが 2 回書かれています: {raw}"),
        )
        .with_help("どちらか一方を削除してください。");
    }
    Diagnostic::error(
        codes::E012,
        file,
        pos,
        format!("TOML の書き方に誤りがあります: {raw}"),
    )
    .with_help("文字列は \"…\" で囲み、キーと値は `キー = 値` の形で 1 行に書きます。")
}

/// A syntax error from the recovering parse (`content::syntax`), E012 with a hint for the
/// mistake it most likely is, in the words of docs/content-format.md. `toml` is the text that
/// was parsed (starting `base` bytes into the file's `text`).
pub fn syntax(
    file: &Path,
    text: &str,
    base: usize,
    toml: &str,
    err: &toml::de::Error,
) -> Diagnostic {
    let span = err.span().unwrap_or(0..0);
    let index = LineIndex::new(text);
    let (pos, width) = if span.is_empty() {
        (index.position(base + span.start), 0)
    } else {
        index.span(base + span.start..base + span.end)
    };
    let raw = err.message().trim();
    let line = line_at(toml, span.start);
    if raw.starts_with("duplicate key") {
        // A duplicate key is found by the same parse; it keeps its own code (E023).
        return Diagnostic::error(
            codes::E023,
            file,
            pos,
            format!("同じキーが 2 回書かれています: {raw}"),
        )
        .with_help("どちらか一方を削除してください。")
        .with_width(width);
    }
    Diagnostic::error(
        codes::E012,
        file,
        pos,
        format!("TOML の書き方に誤りがあります: {raw}"),
    )
    .with_help(syntax_hint(raw, line, toml.get(span).unwrap_or("")))
    .with_width(width)
}

/// The line of `toml` that holds byte `at`.
fn line_at(toml: &str, at: usize) -> &str {
    let at = at.min(toml.len());
    let start = toml[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = toml[at..].find('\n').map_or(toml.len(), |i| at + i);
    toml[start..end].trim_end_matches('\r')
}

/// The hint for one syntax error: what to write instead, as docs/content-format.md says.
fn syntax_hint(raw: &str, line: &str, token: &str) -> String {
    let value = line.split_once('=').map(|(_, v)| v.trim()).unwrap_or("");
    let value = value.split(" #").next().unwrap_or(value).trim();
    if let Some(n) = number_with_commas_or_unit(value) {
        return format!(
            "数値は桁区切りのカンマや単位を付けずに `{n}` と書きます（単位は unit に書きます）。"
        );
    }
    if raw.contains("string values must be quoted") {
        let word = if token.is_empty() { value } else { token };
        return format!("文字列は引用符で囲みます: `\"{word}\"`。数値なら引用符なしで半角の数字だけを書きます。");
    }
    if raw.contains("basic string") || raw.contains("literal string") {
        return "文字列の終わりの引用符がありません。文字列は同じ行の中で \"…\" で囲みます（複数行なら \"\"\"…\"\"\"）。".to_string();
    }
    if raw.contains("table") && raw.contains("expected `]`") {
        return "表の見出しは `[years.result]`、`[[indicators]]` のように `[` と `]` で閉じます。"
            .to_string();
    }
    if raw.contains("array") {
        return "一覧は `[\"財政課\", \"全課\"]` のように、要素をカンマで区切って `]` で閉じます。"
            .to_string();
    }
    if raw.contains("date") || raw.contains("time") {
        return "日付は引用符付きの文字列で `\"2022-05-31\"`（年月なら `\"2021-04\"`）と書きます。"
            .to_string();
    }
    "キーと値は 1 行に `キー = 値` の形で書きます。値が文字列なら \"…\" で囲み、数値なら引用符なしで書きます。".to_string()
}

/// A value that is a number written with digit-group commas or a unit (`12,345`, `1,234千円`,
/// `95.45%`): the number as it should be written. Quoted values are not numbers here.
fn number_with_commas_or_unit(value: &str) -> Option<String> {
    let digits_end = value
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '+' | '_')))
        .unwrap_or(value.len());
    let (number, rest) = value.split_at(digits_end);
    let plain: String = number.chars().filter(|c| !matches!(c, ',' | '_')).collect();
    let has_extra = number.contains(',') || !rest.trim().is_empty();
    let is_number = plain.parse::<f64>().is_ok() && plain.chars().any(|c| c.is_ascii_digit());
    (is_number && has_extra && !value.starts_with(['"', '\''])).then_some(plain)
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &s[s.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// Parses serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a` or `b`").
fn parse_unknown_field(msg: &str) -> Option<(String, Vec<String>)> {
    let unknown = between(msg, "unknown field `", "`")
        .or_else(|| between(msg, "unknown variant `", "`"))?
        .to_string();
    let rest = &msg[msg.find("expected")?..];
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((unknown, expected))
}

/// The closest valid key, if it is close enough to be a plausible typo.
pub fn nearest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.as_str())
}

fn translate_type_message(raw: &str) -> String {
    let mut out = raw.to_string();
    for (en, ja) in [
        ("invalid type: ", ""),
        ("invalid value: ", ""),
        ("expected a sequence", "一覧（配列）が必要です"),
        ("expected a string", "文字列が必要です"),
        ("expected i32", "整数が必要です"),
        ("expected i64", "整数が必要です"),
        ("expected u32", "整数が必要です"),
        (
            "expected a number or a string",
            "数値または文字列が必要です",
        ),
        ("expected struct", "表（テーブル）が必要です: "),
        ("string ", "文字列 "),
        ("integer ", "整数 "),
        ("floating point ", "小数 "),
        ("boolean ", "真偽値 "),
        ("sequence", "一覧"),
        ("map", "表"),
    ] {
        out = out.replace(en, ja);
    }
    out.replace(", ", "、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_hints_say_what_the_docs_say() {
        let h = syntax_hint("unexpected key or value", "effect_amount = 12,345", "");
        assert!(
            h.contains("`12345`") && !h.contains("引用符で囲みます"),
            "{h}"
        );
        let h = syntax_hint(
            "string values must be quoted",
            "effect_amount = 1234千円",
            "1234千円",
        );
        assert!(h.contains("`1234`"), "{h}");
        let h = syntax_hint("string values must be quoted", "grade = B", "B");
        assert!(h.contains("`\"B\"`"), "{h}");
        assert_eq!(number_with_commas_or_unit("\"12,345\""), None);
        assert_eq!(number_with_commas_or_unit("B"), None);
        assert_eq!(number_with_commas_or_unit("2021-13-45"), None);
    }

    #[test]
    fn unknown_field_suggests_nearest() {
        let (u, e) = parse_unknown_field(
            "unknown field `titel`, expected one of `id`, `title`, `department`",
        )
        .unwrap();
        assert_eq!(u, "titel");
        assert_eq!(nearest(&u, &e), Some("title"));
        let (_, e) = parse_unknown_field("unknown field `zzz`, expected `id` or `title`").unwrap();
        assert_eq!(e, vec!["id", "title"]);
        assert_eq!(nearest("zzz", &e), None);
    }
}
