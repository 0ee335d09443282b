//! サイト内検索の索引: 文字 bigram の転置索引を JavaScript ファイルとして書き出す。
//! A character-bigram inverted index for static search. It is written as a `.js` file (not JSON
//! fetched at run time) so search works from file:// as well as from any static server.
//! Text is NFKC-normalised (full-width ASCII → half-width, half-width kana → full-width; voiced
//! kana stay composed) and lower-cased, the same way the browser normalises the query.

use crate::memo::Memo;
use crate::model::{ActionItem, Plan};
use crate::output::OutputFile;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use unicode_normalization::{IsNormalized, UnicodeNormalization};

#[derive(Serialize)]
pub struct SearchIndex {
    /// [id, title, href, department] per item, in plan order.
    pub docs: Vec<[String; 4]>,
    /// bigram → sorted doc numbers.
    pub grams: BTreeMap<String, Vec<u32>>,
}

pub const INDEX_PATH: &str = "search-index.js";

pub fn normalize(text: &str) -> String {
    // Most text is already NFKC; the quick check is far cheaper than recomposing it.
    if unicode_normalization::is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        text.chars().flat_map(char::to_lowercase).collect()
    } else {
        text.nfkc().flat_map(char::to_lowercase).collect()
    }
}

/// Splits normalised text into runs of letters, digits and kana/kanji.
fn tokens(text: &str) -> impl Iterator<Item = Vec<char>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| t.chars().collect())
}

/// A one- or two-character gram. Ordering `(c, None)` before `(c, Some(_))` sorts grams exactly
/// as their strings sort, so the index keeps its order without building a string per gram.
type Gram = (char, Option<char>);

fn gram_string((a, b): Gram) -> String {
    std::iter::once(a).chain(b).collect()
}

/// The distinct grams of a text, sorted.
fn grams(text: &str) -> Vec<Gram> {
    let mut out = Vec::new();
    for t in tokens(&normalize(text)) {
        if t.len() == 1 {
            out.push((t[0], None));
        }
        out.extend(t.windows(2).map(|w| (w[0], Some(w[1]))));
    }
    out.sort_unstable();
    out.dedup();
    out
}

pub fn bigrams(text: &str) -> BTreeSet<String> {
    grams(text).into_iter().map(gram_string).collect()
}

fn item_text(plan: &Plan, item: &ActionItem) -> String {
    let along = plan.sections_of(item);
    let mut parts = vec![item.id.clone(), item.title.clone()];
    parts.extend(item.departments.iter().cloned());
    parts.push(along[0].title.clone());
    parts.extend(item.related_departments.iter().cloned());
    parts.extend(along.iter().skip(1).map(|s| s.title.clone()));
    parts.extend(
        item.tags
            .iter()
            .filter_map(|t| plan.tag(t))
            .map(|t| t.label.clone()),
    );
    parts.push(item.body.clone());
    parts.extend(item.common_goal.iter().cloned());
    for y in &item.years {
        parts.extend(y.goal.iter().cloned());
        if let Some(r) = &y.result {
            parts.extend(r.achievements.iter().cloned());
            parts.extend(r.challenges.iter().cloned());
        }
    }
    for ind in &item.indicators {
        parts.push(ind.name.clone());
    }
    parts.join("\n")
}

/// The grams of each item's text, kept between builds (by `serve`), by the item's
/// [`ActionItem::origin`]: its text comes from the item and the plan's settings.
#[derive(Default)]
pub struct GramMemo(Memo<u64, std::sync::Arc<[Gram]>>);

impl GramMemo {
    pub fn enabled() -> Self {
        GramMemo(Memo::enabled())
    }
}

pub fn build_index(plan: &Plan) -> SearchIndex {
    build_index_cached(plan, &GramMemo::default())
}

fn build_index_cached(plan: &Plan, memo: &GramMemo) -> SearchIndex {
    let docs = plan
        .items
        .iter()
        .map(|item| {
            [
                item.id.clone(),
                item.title.clone(),
                format!("items/{}.html", item.id),
                item.departments.join(plan.words.get("site.joiner")),
            ]
        })
        .collect();
    // Items are visited in plan order, so every posting list comes out sorted. A chunk at a
    // time, so a large plan's grams are never all held at once.
    let mut postings: HashMap<Gram, Vec<u32>, ahash::RandomState> = HashMap::default();
    let mut n = 0u32;
    for chunk in plan.items.chunks(1024) {
        let per_item: Vec<std::sync::Arc<[Gram]>> = chunk
            .par_iter()
            .map(|item| {
                memo.0.get_or(
                    || (item.origin != 0).then_some(item.origin),
                    || grams(&item_text(plan, item)).into(),
                )
            })
            .collect();
        for item_grams in per_item {
            for &g in item_grams.iter() {
                postings.entry(g).or_default().push(n);
            }
            n += 1;
        }
    }
    memo.0.end_build();
    let mut sorted: Vec<(Gram, Vec<u32>)> = postings.into_iter().collect();
    sorted.sort_unstable_by_key(|(g, _)| *g);
    let grams = sorted
        .into_iter()
        .map(|(g, docs)| (gram_string(g), docs))
        .collect();
    SearchIndex { docs, grams }
}

pub fn index_file(plan: &Plan) -> OutputFile {
    index_file_cached(plan, &GramMemo::default())
}

pub fn index_file_cached(plan: &Plan, memo: &GramMemo) -> OutputFile {
    // Written straight after the prefix: the index is megabytes at a thousand items.
    const PREFIX: &[u8] = b"window.SHINCHOKU_SEARCH = ";
    let mut contents = PREFIX.to_vec();
    let index = build_index_cached(plan, memo);
    // Strings and numbers only: it cannot fail, but a failure must not leave half a document.
    if serde_json::to_writer(&mut contents, &index).is_err() {
        contents.truncate(PREFIX.len());
    }
    contents.extend_from_slice(b";\n");
    OutputFile {
        path: INDEX_PATH.into(),
        contents,
    }
}

/// The same query logic as the browser's search.js, for tests and for the CLI.
pub fn search(index: &SearchIndex, query: &str) -> Vec<String> {
    let mut result: Option<BTreeSet<u32>> = None;
    for token in tokens(&normalize(query)) {
        let grams: Vec<String> = if token.len() == 1 {
            vec![token[0].to_string()]
        } else {
            token.windows(2).map(|w| w.iter().collect()).collect()
        };
        for g in grams {
            let hits: BTreeSet<u32> = if g.chars().count() == 1 {
                index
                    .grams
                    .iter()
                    .filter(|(k, _)| k.contains(g.as_str()))
                    .flat_map(|(_, v)| v.iter().copied())
                    .collect()
            } else {
                index
                    .grams
                    .get(&g)
                    .map(|v| v.iter().copied().collect())
                    .unwrap_or_default()
            };
            result = Some(match result {
                Some(r) => r.intersection(&hits).copied().collect(),
                None => hits,
            });
        }
    }
    result
        .unwrap_or_default()
        .into_iter()
        .map(|n| index.docs[n as usize][0].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_keeps_voiced_kana_and_folds_width() {
        assert_eq!(normalize("ＲＰＡ"), "rpa");
        assert_eq!(normalize("ｵﾝﾗｲﾝ"), "オンライン");
        assert_eq!(normalize("ガバメント"), "ガバメント");
        assert!(bigrams("オンライン化").contains("ライ"));
        assert!(!bigrams("ガバメント").contains("カ"));
    }
}
