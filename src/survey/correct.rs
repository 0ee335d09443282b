//! 公開済みの報告の値を取り込みで変えるとき: 理由を求め、訂正（日付・キー・訂正前 → 訂正後・理由）を
//! その報告の公開記録に書き足す。 / When an import changes a value a published edition shows,
//! it needs a reason, and the correction is written into the edition's record in the same
//! all-or-nothing replacement as the item files, so the build passes and shows it.

use super::edit::Rewrite;
use super::import::ValueChange;
use crate::diag::{codes, Diagnostic, Position};
use crate::model::Plan;
use crate::text::date::Date;
use std::collections::BTreeSet;
use std::path::PathBuf;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

/// One published value that an import changes, in one edition's record.
#[derive(Clone, Debug, PartialEq)]
pub struct PublishedChange {
    /// The record (content/editions/<year>.toml).
    pub record: PathBuf,
    /// The edition's title, 「令和3年度 進捗状況報告」.
    pub title: String,
    pub published: Date,
    /// 「1-1-1/2021/実績値/件数」
    pub key: String,
    /// The value the edition shows now (its record with the corrections so far), and after.
    pub old: Option<String>,
    pub new: Option<String>,
}

impl PublishedChange {
    /// 「content/editions/2021.toml: 1-1-1/2021/実績値/件数 485500 → 486000」
    pub fn describe(&self) -> String {
        let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "（なし）".into());
        format!(
            "{}: {} {} → {}",
            self.record.display(),
            self.key,
            shown(&self.old),
            shown(&self.new)
        )
    }
}

/// Every value of a published edition that differs between `before` and `after` (the plan with
/// the imported item files), by edition, then key.
pub fn published_changes(before: &Plan, after: &Plan) -> Vec<PublishedChange> {
    let mut out = Vec::new();
    for e in &before.editions {
        let Some(record) = &e.record else { continue };
        let expected = crate::verify::record::expected(record);
        let was = crate::verify::record::values(before, e.year);
        let now = crate::verify::record::values(after, e.year);
        let keys: BTreeSet<&String> = was.keys().chain(now.keys()).collect();
        for key in keys {
            let (old, new) = (expected.get(key), now.get(key));
            if was.get(key) == now.get(key) || old == new {
                continue;
            }
            out.push(PublishedChange {
                record: record.path.clone(),
                title: e.title.clone(),
                published: record.published,
                key: key.clone(),
                old: old.cloned(),
                new: new.cloned(),
            });
        }
    }
    out
}

/// The reason given on the command line, when a published value changes; else every such value
/// as an error at the cell it came from.
pub fn require_reason<'r>(
    published: &[PublishedChange],
    changes: &[ValueChange],
    reason: Option<&'r str>,
) -> Result<Option<&'r str>, Vec<Diagnostic>> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if published.is_empty() || reason.is_some() {
        return Ok(reason);
    }
    Err(published.iter().map(|p| refused(p, changes)).collect())
}

fn refused(p: &PublishedChange, changes: &[ValueChange]) -> Diagnostic {
    let shown = |v: &Option<String>| {
        (v.as_ref())
            .map(|v| format!("「{v}」"))
            .unwrap_or_else(|| "（なし）".into())
    };
    let msg = format!(
        "公開済みの「{}」（{} 公開）の値 {} が {} から {} に変わります。訂正の理由がないため取り込みません (would change a published value: give --reason)",
        p.title,
        p.published.wareki(),
        p.key,
        shown(&p.old),
        shown(&p.new)
    );
    let help = format!(
        "誤りの訂正なら、理由を付けて取り込み直してください: shinchoku survey import … --overwrite --reason \"（訂正の理由）\"。訂正（今日の日付・値・理由）が {} に書き足され、サイトの「訂正」に公開されます。",
        p.record.display()
    );
    let d = match changes.iter().find(|c| c.key() == p.key) {
        Some(c) => c.origin.error((codes::E746, msg, "")),
        None => Diagnostic::error(codes::E746, &p.record, Position::START, msg),
    };
    d.with_help(help)
}

/// Each record with `published` changes, with the corrections written at its end.
pub fn record_rewrites(
    published: &[PublishedChange],
    date: Date,
    reason: &str,
) -> Result<Vec<Rewrite>, Vec<Diagnostic>> {
    let records: BTreeSet<&PathBuf> = published.iter().map(|p| &p.record).collect();
    records
        .into_iter()
        .map(|path| {
            let of_record = published.iter().filter(|p| &p.record == path);
            record_rewrite(path, of_record, date, reason).map_err(|e| {
                vec![Diagnostic::in_file(codes::E746, path, e)
                    .with_help("公開記録の [[corrections]] は docs/survey.md「公開と訂正」の形で書いてください。")]
            })
        })
        .collect()
}

fn record_rewrite<'p>(
    path: &PathBuf,
    published: impl Iterator<Item = &'p PublishedChange>,
    date: Date,
    reason: &str,
) -> Result<Rewrite, String> {
    let old = std::fs::read(path).map_err(|e| format!("公開記録を読み込めません: {e}"))?;
    let text = String::from_utf8(old.clone()).map_err(|e| e.to_string())?;
    let mut doc: DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    let corrections = doc
        .entry("corrections")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or("公開記録の corrections が [[corrections]] の形で書かれていないため、訂正を書き足せません")?;
    for p in published {
        corrections.push(correction(p, date, reason));
    }
    Ok(Rewrite {
        path: path.clone(),
        old: Some(old),
        new: doc.to_string().into_bytes(),
    })
}

fn correction(p: &PublishedChange, date: Date, reason: &str) -> Table {
    let mut t = Table::new();
    t.insert("date", toml_edit::value(date.to_string()));
    t.insert("key", toml_edit::value(p.key.as_str()));
    if let Some(old) = &p.old {
        t.insert("old", toml_edit::value(old.as_str()));
    }
    if let Some(new) = &p.new {
        t.insert("new", toml_edit::value(new.as_str()));
    }
    t.insert("reason", toml_edit::value(reason));
    t
}
