//! Corrections (訂正) of published editions, as the pages show them: an edition's home page and
//! its changes page list that edition's corrections, an item page those of every edition that
//! concern the item. The open data file of them is written by [`crate::render::data`].

use crate::content::record::{field_words, parse_key};
use crate::model::{Correction, Edition};
use crate::render::page::Renderer;
use crate::render::view;
use serde::Serialize;

/// The text of a value before or after a correction (「（なし）」 when there was none).
pub fn value_text(w: &crate::words::Words, v: &Option<String>) -> String {
    v.clone()
        .unwrap_or_else(|| w.get("corrections.nothing").into())
}

/// One correction, as a table row shows it.
#[derive(Serialize)]
pub(crate) struct CorrectionView {
    /// 「令和4年7月1日」
    date: String,
    /// The edition it corrects, 「令和3年度 進捗状況報告」.
    edition: String,
    edition_href: String,
    item: String,
    /// The item's page in that edition (empty for an item the plan no longer has).
    item_href: String,
    what: String,
    old: String,
    new: String,
    reason: String,
}

/// The corrections section of an edition's home page.
#[derive(Serialize)]
pub(crate) struct EditionCorrections {
    /// 「令和4年6月15日」
    published: String,
    /// 「この報告は令和4年6月15日に公開しました。訂正はありません。」 when there are none.
    none_note: Option<String>,
    pub(crate) corrections: Vec<CorrectionView>,
}

impl Renderer<'_> {
    /// A correction of `edition` as seen from the page at `rel` (inside this page set).
    fn correction_view(&self, edition: &Edition, c: &Correction, rel: &str) -> CorrectionView {
        let here = format!("{}{rel}", self.page_set.prefix);
        let (base, root) = (view::root_of(rel), view::root_of(&here));
        let set = format!("reports/{}/", edition.year.0);
        // Inside the edition's own pages, stay there; elsewhere, go through the site root.
        let to_set = if self.page_set.prefix == set {
            base
        } else {
            format!("{root}{set}")
        };
        let parsed = parse_key(&c.key);
        let item = parsed.and_then(|(id, _, _)| self.plan.items.iter().find(|i| i.id == id));
        CorrectionView {
            date: c.date.shown(self.plan.years),
            edition: edition.title.clone(),
            edition_href: format!("{to_set}index.html#corrections"),
            item: match (item, parsed) {
                (Some(i), _) => format!("{} {}", i.id, i.title),
                (None, Some((id, _, _))) => id.to_string(),
                (None, None) => c.key.clone(),
            },
            item_href: item
                .map(|i| format!("{to_set}items/{}.html", i.id))
                .unwrap_or_default(),
            what: parsed
                .map(|(_, y, field)| field_words(y, field))
                .unwrap_or_else(|| c.key.clone()),
            old: value_text(self.w(), &c.old),
            new: value_text(self.w(), &c.new),
            reason: c.reason.clone(),
        }
    }

    /// This page set's edition's corrections for the page at `rel`; `None` while it is a draft.
    pub(crate) fn edition_corrections(&self, rel: &str) -> Option<EditionCorrections> {
        let edition = self.page_set.edition?;
        let record = edition.record.as_ref()?;
        let published = record.published.shown(self.plan.years);
        let w = self.w();
        Some(EditionCorrections {
            none_note: (record.corrections.is_empty())
                .then(|| w.fill("corrections.none", &[("date", &published)])),
            corrections: (record.corrections.iter())
                .map(|c| self.correction_view(edition, c, rel))
                .collect(),
            published,
        })
    }

    /// The corrections of every published edition that concern the item `id`, oldest edition
    /// first.
    pub(crate) fn item_corrections(&self, id: &str, rel: &str) -> Vec<CorrectionView> {
        let mut views = Vec::new();
        for edition in self.page_set.editions {
            for c in item_corrections_of(edition, id) {
                views.push(self.correction_view(edition, c, rel));
            }
        }
        views
    }
}

/// The corrections of `edition` that concern the item `id`.
pub fn item_corrections_of<'a>(
    edition: &'a Edition,
    id: &'a str,
) -> impl Iterator<Item = &'a Correction> + 'a {
    let prefix = format!("{id}/");
    (edition.record.iter())
        .flat_map(|r| r.corrections.iter())
        .filter(move |c| c.key.starts_with(&prefix))
}

/// Whether any of `editions` has a correction concerning the item `id`.
pub fn item_has_corrections(editions: &[Edition], id: &str) -> bool {
    editions
        .iter()
        .any(|e| item_corrections_of(e, id).next().is_some())
}
