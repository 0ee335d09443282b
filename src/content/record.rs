//! 公開記録: content/editions/<年度>.toml。報告の版を公開したときの値と、その後の訂正。
//! A published edition's record. `shinchoku publish` writes it; the build then refuses any
//! value of that edition that differs from it, unless a correction (訂正) explains the change.
//! One value per line, keys sorted, so a diff shows exactly what changed.

use crate::content::check::Checker;
use crate::content::source::{self, SourceFile};
use crate::diag::{codes, Diagnostic, Position};
use crate::model::{Correction, Plan, Record};
use crate::text::date::Date;
use crate::text::fiscal_year::FiscalYear;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The folder inside content/ that holds the records.
pub const DIR: &str = "editions";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecord {
    year: Spanned<i32>,
    published: Spanned<String>,
    #[serde(default)]
    values: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    corrections: Vec<RawCorrection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCorrection {
    date: Spanned<String>,
    key: Spanned<String>,
    old: Option<String>,
    new: Option<String>,
    reason: Spanned<String>,
}

/// The record file of the edition for `year`.
pub fn path(content_dir: &Path, year: FiscalYear) -> PathBuf {
    content_dir.join(DIR).join(format!("{}.toml", year.0))
}

/// Reads every record in content/editions/ into its edition of `plan`.
pub fn load_all(content_dir: &Path, plan: &mut Plan, diagnostics: &mut Vec<Diagnostic>) {
    let Ok(entries) = std::fs::read_dir(content_dir.join(DIR)) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    for p in paths {
        match source::read(&p, &p) {
            Ok(file) => attach(&file, plan, diagnostics),
            Err(d) => diagnostics.push(d),
        }
    }
}

fn attach(file: &SourceFile, plan: &mut Plan, diagnostics: &mut Vec<Diagnostic>) {
    let raw: RawRecord = match toml::from_str(&file.text) {
        Ok(r) => r,
        Err(e) => {
            return diagnostics.push(crate::diag::toml::diagnostic(&file.path, &file.text, 0, &e))
        }
    };
    let mut c = Checker::new(file, 0);
    let year = FiscalYear(*raw.year.get_ref());
    let record = record(raw, &mut c);
    let found = plan.editions.iter_mut().find(|e| e.year == year);
    match (found, record) {
        (Some(edition), Some(record)) => edition.record = Some(record),
        (None, _) => c.error(
            codes::E160,
            0..0,
            format!(
                "{} の報告は site.toml の [[reports]] にありません",
                year.wareki()
            ),
            "公開した報告は site.toml から消さないでください。",
        ),
        _ => {}
    }
    diagnostics.extend(c.into_diagnostics());
}

fn record(raw: RawRecord, c: &mut Checker) -> Option<Record> {
    let published = date(&raw.published, c)?;
    let values = (raw.values.into_iter())
        .map(|(k, v)| (k.into_inner(), (v.get_ref().clone(), c.pos(v.span()))))
        .collect();
    let corrections = (raw.corrections.into_iter())
        .filter_map(|r| correction(r, c))
        .collect();
    Some(Record {
        path: c.path().to_path_buf(),
        published,
        values,
        corrections,
    })
}

fn correction(r: RawCorrection, c: &mut Checker) -> Option<Correction> {
    if r.reason.get_ref().trim().is_empty() {
        c.error(
            codes::E160,
            r.reason.span(),
            "訂正の理由（reason）が空です",
            "公開した値を訂正する理由を、市民が読んでわかるように書いてください。",
        );
    }
    Some(Correction {
        date: date(&r.date, c)?,
        position: c.pos(r.key.span()),
        key: r.key.into_inner(),
        old: r.old,
        new: r.new,
        reason: r.reason.into_inner(),
    })
}

fn date(s: &Spanned<String>, c: &mut Checker) -> Option<Date> {
    let d = Date::parse(s.get_ref());
    if d.is_none() {
        c.error(
            codes::E160,
            s.span(),
            format!("日付「{}」は YYYY-MM-DD の形で書いてください", s.get_ref()),
            "例: \"2022-06-15\"",
        );
    }
    d
}

/// The text of a new record: the edition's values on the day it is published.
pub fn text(
    title: &str,
    year: FiscalYear,
    published: Date,
    values: &BTreeMap<String, String>,
) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = format!(
        "# 「{title}」の公開記録: 公開したときの値です。shinchoku publish が書きました。\n\
         # 公開した値は黙って変えられません。項目ファイルの値を訂正したら、ファイルの最後に\n\
         # [[corrections]] を書き足してください（docs/survey.md「公開と訂正」）。\n\
         year = {}\npublished = {}\n\n[values]\n",
        year.0,
        q(&published.to_string())
    );
    for (k, v) in values {
        out.push_str(&format!("{} = {}\n", q(k), q(v)));
    }
    out
}

/// Where a correction is missing: the position of `key` in the record, or its start.
pub fn position_of(record: &Record, key: &str) -> Position {
    record
        .values
        .get(key)
        .map(|v| v.1)
        .unwrap_or(Position::START)
}

/// A correction's key 「1-1-1/2021/実績値/件数」 as item id, fiscal year and field.
pub fn parse_key(key: &str) -> Option<(&str, FiscalYear, &str)> {
    let (id, rest) = key.split_once('/')?;
    let (year, field) = rest.split_once('/')?;
    Some((id, FiscalYear(year.parse().ok()?), field))
}

/// The field in words: 「令和3年度の実績値（件数）」, 「令和3年度の課題・今後の方向性」.
pub fn field_words(year: FiscalYear, field: &str) -> String {
    let words = match field.split_once('/') {
        Some((_, indicator)) => format!("実績値（{indicator}）"),
        None => match field {
            "課題" => "課題・今後の方向性".into(),
            "審議会の意見" => "行政改革審議会の意見".into(),
            other => other.to_string(),
        },
    };
    format!("{}の{words}", year.wareki())
}
