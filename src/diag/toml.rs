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
