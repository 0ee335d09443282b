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
use std::sync::{Arc, Mutex};
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

/// What the search index keeps between builds (`serve`): each item's grams, by the item's
/// [`ActionItem::origin`] (its text comes from the item and the plan's settings), and the last
/// index's posting lists with the items they were made from, so that a save patches the
/// lists of the items that changed instead of making them all again.
#[derive(Default)]
pub struct GramMemo {
    grams: Memo<u64, Arc<[Gram]>>,
    last: Mutex<Option<Postings>>,
}

impl GramMemo {
    pub fn enabled() -> Self {
        GramMemo {
            grams: Memo::enabled(),
            last: Mutex::default(),
        }
    }
}

/// Every gram's posting list (the doc numbers that have it, ascending), sorted by gram, with
/// the items' origins and grams, by doc number, that it was made from.
struct Postings {
    origins: Vec<u64>,
    grams: Vec<Arc<[Gram]>>,
    /// Shared with the build that writes them (no longer, by the next build's patch).
    lists: Arc<Lists>,
}

type Lists = Vec<(Gram, Vec<u32>)>;

impl Postings {
    /// The lists of `grams` (each item's, by doc number).
    fn of(grams: impl Iterator<Item = Arc<[Gram]>>) -> Lists {
        let mut postings: HashMap<Gram, Vec<u32>, ahash::RandomState> = HashMap::default();
        // Items are visited in plan order, so every posting list comes out sorted.
        for (n, item_grams) in grams.enumerate() {
            for &g in item_grams.iter() {
                postings.entry(g).or_default().push(n as u32);
            }
        }
        let mut lists: Vec<(Gram, Vec<u32>)> = postings.into_iter().collect();
        lists.sort_unstable_by_key(|(g, _)| *g);
        lists
    }

    /// These lists made right for `grams`, by changing those of the doc numbers whose item
    /// changed; `None` when the items are not the same number (every doc number moves) or
    /// when so many changed that making the lists again is quicker.
    fn patched(mut self, origins: Vec<u64>, grams: Vec<Arc<[Gram]>>) -> Option<Postings> {
        if origins.len() != self.origins.len() {
            return None;
        }
        let changed: Vec<usize> = (0..origins.len())
            .filter(|&n| origins[n] != self.origins[n] || origins[n] == 0)
            .collect();
        if changed.len() > 1 + origins.len() / 16 {
            return None;
        }
        for &n in &changed {
            self.replace(n as u32, &grams[n]);
        }
        Arc::make_mut(&mut self.lists).retain(|(_, docs)| !docs.is_empty());
        Some(Postings {
            origins,
            grams,
            lists: self.lists,
        })
    }

    /// Doc `n`'s grams become `new` (empty lists are left for the caller to drop).
    fn replace(&mut self, n: u32, new: &[Gram]) {
        let old = std::mem::replace(&mut self.grams[n as usize], new.into());
        let lists = Arc::make_mut(&mut self.lists);
        for g in old.iter().filter(|g| new.binary_search(g).is_err()) {
            if let Ok(i) = lists.binary_search_by_key(g, |(g, _)| *g) {
                let docs = &mut lists[i].1;
                if let Ok(at) = docs.binary_search(&n) {
                    docs.remove(at);
                }
            }
        }
        for &g in new.iter().filter(|g| old.binary_search(g).is_err()) {
            let i = match lists.binary_search_by_key(&g, |(g, _)| *g) {
                Ok(i) => i,
                Err(i) => {
                    lists.insert(i, (g, Vec::new()));
                    i
                }
            };
            let docs = &mut lists[i].1;
            if let Err(at) = docs.binary_search(&n) {
                docs.insert(at, n);
            }
        }
    }
}

/// The index's posting lists for `plan`: patched from the last build's when `memo` keeps one.
fn posting_lists(plan: &Plan, memo: &GramMemo) -> Arc<Lists> {
    let item_grams = |item: &ActionItem| -> Arc<[Gram]> {
        memo.grams.get_or(
            || (item.origin != 0).then_some(item.origin),
            || grams(&item_text(plan, item)).into(),
        )
    };
    if !memo.grams.is_enabled() {
        // A chunk at a time, so a large plan's grams are never all held at once.
        let chunks = plan.items.chunks(1024);
        let grams = chunks.flat_map(|c| c.par_iter().map(|i| item_grams(i)).collect::<Vec<_>>());
        return Arc::new(Postings::of(grams));
    }
    let grams: Vec<Arc<[Gram]>> = plan.items.par_iter().map(|i| item_grams(i)).collect();
    memo.grams.end_build();
    let origins: Vec<u64> = plan.items.iter().map(|i| i.origin).collect();
    let mut last = memo.last.lock().unwrap_or_else(|e| e.into_inner());
    let postings = match last.take() {
        Some(p) => p.patched(origins.clone(), grams.clone()),
        None => None,
    };
    let postings = postings.unwrap_or_else(|| Postings {
        lists: Arc::new(Postings::of(grams.iter().cloned())),
        origins,
        grams,
    });
    let lists = Arc::clone(&postings.lists);
    *last = Some(postings);
    lists
}

/// [id, title, href, department] per item, in plan order.
fn docs(plan: &Plan) -> Vec<[String; 4]> {
    (plan.items.iter())
        .map(|item| {
            [
                item.id.clone(),
                item.title.clone(),
                format!("items/{}.html", item.id),
                item.departments.join(plan.words.get("site.joiner")),
            ]
        })
        .collect()
}

pub fn build_index(plan: &Plan) -> SearchIndex {
    let lists = posting_lists(plan, &GramMemo::default());
    SearchIndex {
        docs: docs(plan),
        grams: (lists.iter())
            .map(|(g, docs)| (gram_string(*g), docs.clone()))
            .collect(),
    }
}

pub fn index_file(plan: &Plan) -> OutputFile {
    index_file_cached(plan, &GramMemo::default())
}

/// The index as a script: the JSON of a [`SearchIndex`], written straight from the posting
/// lists (the index is megabytes at a thousand items).
pub fn index_file_cached(plan: &Plan, memo: &GramMemo) -> OutputFile {
    const PREFIX: &[u8] = b"window.SHINCHOKU_SEARCH = ";
    let lists = posting_lists(plan, memo);
    let size: usize = lists.iter().map(|(_, docs)| 8 + 6 * docs.len()).sum();
    let mut contents = Vec::with_capacity(PREFIX.len() + size);
    contents.extend_from_slice(PREFIX);
    contents.extend_from_slice(b"{\"docs\":");
    // Strings only: it cannot fail, but a failure must not leave half a document.
    if serde_json::to_writer(&mut contents, &docs(plan)).is_err() {
        contents.truncate(PREFIX.len());
    }
    contents.extend_from_slice(b",\"grams\":{");
    let mut number = itoa::Buffer::new();
    for (k, (gram, docs)) in lists.iter().enumerate() {
        if k > 0 {
            contents.push(b',');
        }
        let _ = serde_json::to_writer(&mut contents, &gram_string(*gram));
        contents.extend_from_slice(b":[");
        for (j, doc) in docs.iter().enumerate() {
            if j > 0 {
                contents.push(b',');
            }
            contents.extend_from_slice(number.format(*doc).as_bytes());
        }
        contents.push(b']');
    }
    contents.extend_from_slice(b"}};\n");
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
    use proptest::prelude::*;

    fn gram_sets() -> impl Strategy<Value = Vec<Vec<Gram>>> {
        let gram = (0u8..6, proptest::option::of(0u8..6))
            .prop_map(|(a, b)| (char::from(b'a' + a), b.map(|b| char::from(b'a' + b))));
        let set = proptest::collection::btree_set(gram, 0..8);
        proptest::collection::vec(set.prop_map(|s| s.into_iter().collect()), 1..40)
    }

    proptest! {
        /// Patching the lists where items changed (here, any doc) gives the lists made from
        /// scratch.
        #[test]
        fn patched_lists_equal_fresh_ones(before in gram_sets(), after in gram_sets()) {
            let n = before.len().min(after.len());
            let arcs = |sets: &[Vec<Gram>]| -> Vec<Arc<[Gram]>> {
                sets[..n].iter().map(|s| Arc::from(s.as_slice())).collect()
            };
            let (old, new) = (arcs(&before), arcs(&after));
            let mut last = Postings {
                lists: Arc::new(Postings::of(old.iter().cloned())),
                origins: Vec::new(),
                grams: old,
            };
            for (k, grams) in new.iter().enumerate() {
                last.replace(k as u32, grams);
            }
            Arc::make_mut(&mut last.lists).retain(|(_, docs)| !docs.is_empty());
            prop_assert_eq!(&*last.lists, &Postings::of(new.iter().cloned()));
        }
    }

    #[test]
    fn normalisation_keeps_voiced_kana_and_folds_width() {
        assert_eq!(normalize("ＲＰＡ"), "rpa");
        assert_eq!(normalize("ｵﾝﾗｲﾝ"), "オンライン");
        assert_eq!(normalize("ガバメント"), "ガバメント");
        assert!(bigrams("オンライン化").contains("ライ"));
        assert!(!bigrams("ガバメント").contains("カ"));
    }
}
