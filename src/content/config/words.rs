//! site.toml の `[site] language`・`fy2019_era` と `[words]`: 言葉の目録の選択と上書き。
//! The site's language, the era of FY2019, and the `[words]` table that replaces single
//! entries of the catalogue (docs/words.md lists every key).

use crate::content::check::Checker;
use crate::diag::codes;
use crate::text::fiscal_year::YearFormat;
use crate::words::{Language, Words};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The language named by `[site] language` (Japanese when absent or unknown; unknown is E020).
pub(super) fn language(name: Option<&Spanned<String>>, c: &mut Checker) -> Language {
    let Some(name) = name else {
        return Language::default();
    };
    let written = name.get_ref().trim();
    Language::from_name(written).unwrap_or_else(|| {
        unknown_value(name, "language", "ja（日本語、既定）, en（English）", c);
        Language::default()
    })
}

/// The year format of the site: English years for `en`, FY2019 as 平成31年度 when asked.
pub(super) fn years(
    language: Language,
    era: Option<&Spanned<String>>,
    c: &mut Checker,
) -> YearFormat {
    let heisei_2019 = era.is_some_and(|e| match e.get_ref().trim() {
        "heisei" => true,
        "reiwa" => false,
        _ => {
            unknown_value(
                e,
                "fy2019_era",
                "reiwa（令和元年度、既定）, heisei（平成31年度）",
                c,
            );
            false
        }
    });
    YearFormat {
        western: language == Language::En,
        heisei_2019,
    }
}

fn unknown_value(name: &Spanned<String>, key: &str, allowed: &str, c: &mut Checker) {
    c.error(
        codes::E020,
        name.span(),
        format!(
            "{key} に使えない値 `{}` です (unknown value)",
            name.get_ref().trim()
        ),
        format!("使えるもの: {allowed}"),
    );
}

/// The catalogue of `language` with the `[words]` of site.toml (`text`, already known to be
/// valid TOML) in place of its entries. An unknown key is E320, a value that is not text E321;
/// a placeholder the entry does not fill is W240.
pub(super) fn words(text: &str, language: Language, c: &mut Checker) -> Words {
    let mut words = Words::bundled(language).clone();
    let Ok(root) = DeTable::parse(text) else {
        return words;
    };
    let Some(table) = root.get_ref().get("words") else {
        return words;
    };
    let keys = words.keys();
    for (key, value) in entries(table) {
        match value.get_ref() {
            DeValue::String(s) if words.has(&key.0) => {
                check_placeholders(&key.0, s, value.span(), c);
                words.set(&key.0, s);
            }
            DeValue::String(_) => unknown_key(&key.0, key.1, &keys, c),
            _ if !words.has(&key.0) && !is_group(&keys, &key.0) => {
                unknown_key(&key.0, key.1, &keys, c)
            }
            _ => not_text(&key.0, value.span(), c),
        }
    }
    words
}

/// A `[words]` entry: its key (`group.name`) with where it is written, and its value.
type Entry<'a> = ((String, std::ops::Range<usize>), &'a Spanned<DeValue<'a>>);

/// Every entry of `[words]`: the values of group tables, or a value written directly under
/// `[words]`.
fn entries<'a>(table: &'a Spanned<DeValue<'a>>) -> Vec<Entry<'a>> {
    let DeValue::Table(groups) = table.get_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (group, value) in groups.iter() {
        match value.get_ref() {
            DeValue::Table(names) => out.extend(names.iter().map(|(name, v)| {
                let key = format!("{}.{}", group.get_ref(), name.get_ref());
                ((key, name.span()), v)
            })),
            _ => out.push(((group.get_ref().to_string(), group.span()), value)),
        }
    }
    out
}

fn is_group(keys: &[String], name: &str) -> bool {
    keys.iter().any(|k| k.split('.').next() == Some(name))
}

/// E320 with the keys it may have meant: the same name in another group, or the nearest keys.
fn unknown_key(key: &str, span: std::ops::Range<usize>, keys: &[String], c: &mut Checker) {
    let name = key.rsplit('.').next().unwrap_or(key);
    let mut close: Vec<&str> = keys
        .iter()
        .filter(|k| k.rsplit('.').next() == Some(name))
        .map(String::as_str)
        .collect();
    if close.is_empty() {
        close.extend(nearest_keys(key, keys));
    }
    let hint = if close.is_empty() {
        "使える言葉の一覧は docs/words.md にあります。".to_string()
    } else {
        format!(
            "{} の誤りではありませんか？ 使える言葉の一覧は docs/words.md にあります。",
            close
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join("・")
        )
    };
    c.error(
        codes::E320,
        span,
        format!("[words] に `{key}` という言葉はありません (unknown word key)"),
        hint,
    );
}

/// Up to three keys whose whole key or name part is close to `key`.
fn nearest_keys<'k>(key: &str, keys: &'k [String]) -> Vec<&'k str> {
    let mut scored: Vec<(f64, &str)> = keys
        .iter()
        .map(|k| {
            let name = k.rsplit('.').next().unwrap_or(k);
            let last = key.rsplit('.').next().unwrap_or(key);
            let score = strsim::jaro_winkler(key, k).max(strsim::jaro_winkler(last, name));
            (score, k.as_str())
        })
        .filter(|(s, _)| *s >= 0.85)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

fn not_text(key: &str, span: std::ops::Range<usize>, c: &mut Checker) {
    c.error(
        codes::E321,
        span,
        format!("[words] の `{key}` は文字列で書いてください (a word must be text)"),
        format!("例: {key} = \"…\"（\" で囲みます）"),
    );
}

/// W240: `{name}` in an override that the entry never fills (it would be printed as written).
fn check_placeholders(key: &str, text: &str, span: std::ops::Range<usize>, c: &mut Checker) {
    let known = placeholders(Words::bundled(Language::Ja).get(key));
    for name in placeholders(text) {
        if !known.contains(&name) {
            let list = if known.is_empty() {
                "この言葉には差し込む値がありません。".to_string()
            } else {
                let names: Vec<String> = known.iter().map(|n| format!("{{{n}}}")).collect();
                format!("この言葉で使えるもの: {}", names.join("・"))
            };
            c.warning(
                codes::W240,
                span.clone(),
                format!("[words] の `{key}` の {{{name}}} には何も差し込まれません (unknown placeholder)"),
                list,
            );
        }
    }
}

/// The `{name}`s of a text.
pub fn placeholders(text: &str) -> Vec<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n))
        .filter(|n| !n.is_empty() && n.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'))
        .collect()
}
