//! 言葉の目録: サイト・オープンデータの列名・調査票・端末の表示が使う決まった言葉。
//! The catalogue of every fixed word the site, the data files, the survey workbook and the
//! command's summaries show. `ja.toml` (the default, today's words) and `en.toml` ship in the
//! binary; site.toml's `[site] language` picks one and its `[words]` table replaces single
//! entries (docs/words.md lists every key). Keys are `group.name`, e.g. `item.council`.
//!
//! A text may hold `{name}` placeholders, filled by [`Words::fill`] (or the templates' `fill`
//! filter), and `{@group.name}` references to another entry, so that a word used inside
//! others (`terms.council`, 行政改革審議会) is written once and renamed once.

use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The catalogues as shipped.
pub const JA: &str = include_str!("ja.toml");
pub const EN: &str = include_str!("en.toml");

/// The site's language (`[site] language`): which catalogue, `<html lang>`, how years read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    #[default]
    Ja,
    En,
}

impl Language {
    /// The names site.toml accepts, as they are written there.
    pub const NAMES: [&'static str; 2] = ["ja", "en"];

    pub fn from_name(name: &str) -> Option<Language> {
        match name {
            "ja" => Some(Language::Ja),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// The BCP 47 tag, for `<html lang>` and `xml:lang`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Ja => "ja",
            Language::En => "en",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Language::Ja => JA,
            Language::En => EN,
        }
    }
}

type Groups = BTreeMap<String, BTreeMap<String, String>>;

/// Every fixed word of one catalogue, by group and name (sorted, so it serializes the same
/// way every time). Templates read it as `words.<group>.<name>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Words {
    /// The texts as written, `{@…}` references included.
    written: Groups,
    /// The texts shown: references replaced by the entries they name.
    groups: Groups,
}

impl Serialize for Words {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.groups.serialize(s)
    }
}

impl Default for Words {
    fn default() -> Self {
        Words::bundled(Language::Ja).clone()
    }
}

impl Words {
    /// The shipped catalogue of `language`, parsed once.
    pub fn bundled(language: Language) -> &'static Words {
        static JA_WORDS: OnceLock<Words> = OnceLock::new();
        static EN_WORDS: OnceLock<Words> = OnceLock::new();
        let cell = match language {
            Language::Ja => &JA_WORDS,
            Language::En => &EN_WORDS,
        };
        cell.get_or_init(|| Words::parse(language.source()))
    }

    /// A catalogue file: tables of strings. The shipped ones are checked by the tests, so a
    /// mistake in them is a bug of the program, not of a site.
    fn parse(text: &str) -> Words {
        let written: Groups =
            toml::from_str(text).expect("a shipped word catalogue is a table of string tables");
        let groups = resolve(&written);
        Words { written, groups }
    }

    /// Every key, `group.name`, sorted.
    pub fn keys(&self) -> Vec<String> {
        self.groups
            .iter()
            .flat_map(|(g, names)| names.keys().map(move |n| format!("{g}.{n}")))
            .collect()
    }

    /// The text of `key` (`group.name`). Keys are written in the program, and the tests check
    /// every one it uses exists (`every_key_the_program_uses_is_in_the_catalogue`), so an
    /// unknown key is a bug: it shows as nothing rather than stopping a build.
    pub fn get(&self, key: &str) -> &str {
        let found = key
            .split_once('.')
            .and_then(|(g, n)| self.groups.get(g)?.get(n));
        debug_assert!(found.is_some(), "no word `{key}` in the catalogue");
        found.map_or("", String::as_str)
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill_with(self.get(key), |name| {
            args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        })
    }

    /// Whether `key` is in the catalogue.
    pub fn has(&self, key: &str) -> bool {
        key.split_once('.')
            .and_then(|(g, n)| self.groups.get(g)?.get(n))
            .is_some()
    }

    /// Replaces the text of a known key (site.toml `[words]`); `false` for an unknown key.
    pub fn set(&mut self, key: &str, text: &str) -> bool {
        let slot = key
            .split_once('.')
            .and_then(|(g, n)| self.written.get_mut(g)?.get_mut(n));
        match slot {
            Some(slot) => {
                *slot = text.to_string();
                self.groups = resolve(&self.written);
                true
            }
            None => false,
        }
    }
}

/// `text` with each `{name}` that `value` knows replaced, in one pass (pages fill thousands).
pub fn fill_with<'v>(text: &str, value: impl Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| Some((value(&after[..close])?, close)))
        {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The texts with every `{@group.name}` replaced by that entry's own text, itself resolved (to
/// a depth of four, which no catalogue needs; a reference loop stays as written).
fn resolve(written: &Groups) -> Groups {
    let lookup = |key: &str| {
        key.split_once('.')
            .and_then(|(g, n)| written.get(g)?.get(n))
            .cloned()
    };
    let expand = |text: &str| -> String {
        let mut out = text.to_string();
        for _ in 0..4 {
            let Some(start) = out.find("{@") else { break };
            let Some(len) = out[start..].find('}') else {
                break;
            };
            let key = &out[start + 2..start + len];
            let Some(inner) = lookup(key) else { break };
            out.replace_range(start..start + len + 1, &inner);
        }
        out
    };
    written
        .iter()
        .map(|(g, names)| {
            let names = names.iter().map(|(n, t)| (n.clone(), expand(t))).collect();
            (g.clone(), names)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_have_the_same_keys() {
        let ja = Words::bundled(Language::Ja).keys();
        let en = Words::bundled(Language::En).keys();
        let only_ja: Vec<_> = ja.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !ja.contains(k)).collect();
        assert!(
            only_ja.is_empty() && only_en.is_empty(),
            "only in ja.toml: {only_ja:?}; only in en.toml: {only_en:?}"
        );
    }

    #[test]
    fn placeholders_agree_between_the_catalogues() {
        let (ja, en) = (Words::bundled(Language::Ja), Words::bundled(Language::En));
        for key in ja.keys() {
            assert_eq!(
                placeholders(ja.get(&key)),
                placeholders(en.get(&key)),
                "{key}"
            );
        }
    }

    fn placeholders(text: &str) -> Vec<&str> {
        let mut out: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n))
            .filter(|n| !n.starts_with('@'))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn overrides_replace_one_entry() {
        let mut w = Words::default();
        assert!(w.set("item.council", "推進委員会の意見"));
        assert_eq!(w.get("item.council"), "推進委員会の意見");
        assert!(!w.set("item.no_such_word", "x"));
        assert_eq!(w.fill("site.period", &[("from", "A"), ("to", "B")]), "A〜B");
    }

    #[test]
    fn a_renamed_term_reaches_every_entry_that_uses_it() {
        let mut w = Words::default();
        assert_eq!(w.get("item.council"), "行政改革審議会の意見");
        w.set("terms.council", "推進本部");
        assert_eq!(w.get("item.council"), "推進本部の意見");
        assert!(w.get("changes.unchanged").contains("推進本部の意見"));
    }
}
