//! site.toml の語彙: 進捗状況・評価・担当課・区分の階層（大項目・中項目…）・タグ。
//! The vocabularies items must use: statuses, grades, departments, the section levels and
//! their tree, and tags.

use super::{RawDepartment, RawGrade, RawSection, RawStatus, RawTag};
use crate::content::check::{require_text, Checker};
use crate::diag::codes;
use crate::diag::Position;
use crate::model::{Category, Department, Grade, Section, Status, Tag, MAX_LEVELS};
use std::collections::BTreeSet;
use toml::Spanned;

pub(super) fn statuses(raw: Vec<RawStatus>, c: &mut Checker) -> Vec<Status> {
    check_unique(raw.iter().map(|s| &s.code), "進捗状況", c);
    for s in &raw {
        require_text(&s.code, "進捗状況の code", c);
    }
    raw.into_iter()
        .map(|s| Status {
            code: s.code.into_inner(),
            description: s.description,
        })
        .collect()
}

pub(super) fn grades(raw: Vec<RawGrade>, c: &mut Checker) -> Vec<Grade> {
    check_unique(raw.iter().map(|g| &g.code), "評価", c);
    for g in &raw {
        require_text(&g.code, "評価の code", c);
        require_text(&g.label, "評価の label", c);
    }
    let explicit = raw.iter().any(|g| g.behind.is_some());
    let half = raw.len().div_ceil(2);
    raw.into_iter()
        .enumerate()
        .map(|(i, g)| Grade {
            behind: if explicit {
                g.behind.unwrap_or(false)
            } else {
                // A scale is ordered best first; with no `behind` given, its lower half is
                // behind (C・D of A–D, C of A–C).
                i >= half
            },
            code: g.code.into_inner(),
            label: g.label.into_inner(),
            description: g.description,
        })
        .collect()
}

pub(super) fn departments(raw: Vec<RawDepartment>, c: &mut Checker) -> Vec<Department> {
    check_unique(raw.iter().map(|d| &d.name), "担当課", c);
    check_unique(raw.iter().map(|d| &d.id), "担当課 id", c);
    for d in &raw {
        require_text(&d.name, "担当課の name", c);
        if !is_slug(d.id.get_ref()) {
            c.error(
                codes::E105,
                d.id.span(),
                format!(
                    "担当課 id「{}」には半角英小文字・数字・ハイフンだけが使えます",
                    d.id.get_ref()
                ),
                "ページのファイル名になります。例: \"joho-senryaku\"。",
            );
        }
    }
    raw.into_iter()
        .map(|d| Department {
            collective: is_collective(d.kind.as_ref(), c),
            id: d.id.into_inner(),
            name: d.name.into_inner(),
        })
        .collect()
}

/// `kind = "collective"` (関係各課, 全課): anything else but `"organization"` is an error.
fn is_collective(kind: Option<&Spanned<String>>, c: &mut Checker) -> bool {
    let Some(kind) = kind else { return false };
    match kind.get_ref().as_str() {
        "collective" => true,
        "organization" => false,
        other => {
            c.error(
                codes::E140,
                kind.span(),
                format!("担当課の kind「{other}」は使えません"),
                "関係各課・全課のような、課の集まりを表す項目なら kind = \"collective\" と書きます（ページと調査票を作りません）。課そのものなら kind は書きません。",
            );
            false
        }
    }
}

/// The section levels' names: 1 to [`MAX_LEVELS`] non-empty names; by default the
/// catalogue's two (`plan.level_1`, `plan.level_2`: 大項目・中項目).
pub(super) fn levels(
    raw: Option<Spanned<Vec<Spanned<String>>>>,
    words: &crate::words::Words,
    c: &mut Checker,
) -> Vec<String> {
    let Some(raw) = raw else {
        return ["plan.level_1", "plan.level_2"]
            .iter()
            .map(|k| words.get(k).to_string())
            .collect();
    };
    let n = raw.get_ref().len();
    if n == 0 || n > MAX_LEVELS {
        c.error(
            codes::E136,
            raw.span(),
            format!("levels には 1〜{MAX_LEVELS} 段の名前を書きます（{n} 段あります）"),
            "例: levels = [\"大項目\", \"中項目\", \"小項目\"]。取組項目の上にある区分の段の名前を、上から順に書きます。",
        );
    }
    check_unique(raw.get_ref().iter(), "levels の名前", c);
    for name in raw
        .get_ref()
        .iter()
        .filter(|l| l.get_ref().trim().is_empty())
    {
        c.error(
            codes::E136,
            name.span(),
            "levels の名前が空です",
            "段の名前（例「大項目」「重点取組事項」）を書いてください。",
        );
    }
    let names = raw.into_inner().into_iter();
    names.map(|l| l.into_inner().trim().to_string()).collect()
}

/// The section tree, checked level by level against `levels`.
pub(super) fn categories(
    raw: Vec<RawSection>,
    levels: &[String],
    c: &mut Checker,
) -> Vec<Category> {
    sections(raw, 0, levels, c)
}

fn sections(
    raw: Vec<RawSection>,
    depth: usize,
    levels: &[String],
    c: &mut Checker,
) -> Vec<Section> {
    let level = levels.get(depth).map(String::as_str).unwrap_or("");
    check_unique(raw.iter().map(|s| &s.id), &format!("{level} id"), c);
    raw.into_iter()
        .map(|s| section(s, depth, levels, c))
        .collect()
}

fn section(raw: RawSection, depth: usize, levels: &[String], c: &mut Checker) -> Section {
    let level = levels.get(depth).map_or("区分", String::as_str);
    require_text(&raw.title, &format!("{level}の title"), c);
    if !is_slug(raw.id.get_ref()) {
        c.error(
            codes::E105,
            raw.id.span(),
            format!(
                "id「{}」には半角英数字とハイフンだけが使えます",
                raw.id.get_ref()
            ),
            "例: \"1\"、\"2\"。",
        );
    }
    if depth + 1 >= levels.len() {
        if let Some(child) = raw.sections.first() {
            too_deep(child, depth + 1, levels, c);
        }
    }
    let label = match (&raw.label, depth) {
        (Some(l), _) => l.trim().to_string(),
        (None, 1) => format!("({})", raw.id.get_ref()),
        (None, _) => raw.id.get_ref().clone(),
    };
    Section {
        label,
        id: raw.id.into_inner(),
        title: raw.title.into_inner().trim().to_string(),
        description: raw.description.filter(|d| !d.trim().is_empty()),
        sections: sections(raw.sections, depth + 1, levels, c),
    }
}

/// A section below the last configured level.
fn too_deep(child: &RawSection, depth: usize, levels: &[String], c: &mut Checker) {
    c.error(
        codes::E137,
        child.id.span(),
        format!(
            "区分「{}」は {} 段目ですが、[plan] levels は {} 段です",
            child.id.get_ref(),
            depth + 1,
            levels.len()
        ),
        format!(
            "段を増やすなら [plan] levels に名前を足します（いまの段: {}）。そうでなければ、この区分を 1 つ上の段に移してください。",
            levels.join("・")
        ),
    );
}

pub(super) fn tags(raw: Vec<RawTag>, c: &mut Checker) -> Vec<Tag> {
    check_unique(raw.iter().map(|t| &t.id), "タグ id", c);
    for t in raw.iter().filter(|t| t.id.get_ref().trim().is_empty()) {
        c.error(
            codes::E139,
            t.id.span(),
            "タグの id が空です",
            "取組項目の tags に書く値です。例: id = \"1\"",
        );
    }
    raw.into_iter()
        .map(|t| Tag {
            id: t.id.into_inner(),
            label: t.label.trim().to_string(),
            description: t.description.trim().to_string(),
        })
        .collect()
}

/// Statuses, departments and categories must each have at least one entry.
pub(super) fn require_lists(
    statuses: &[Status],
    departments: &[Department],
    categories: &[Category],
    c: &mut Checker,
) {
    for (list, name) in [
        (statuses.is_empty(), "statuses"),
        (departments.is_empty(), "departments"),
        (categories.is_empty(), "categories"),
    ] {
        if list {
            c.error_at(
                codes::E106,
                Position::START,
                format!("[[{name}]] が 1 つもありません"),
                "docs/content-format.md の site.toml の例を参照してください。",
            );
        }
    }
}

fn check_unique<'a>(
    values: impl Iterator<Item = &'a Spanned<String>>,
    what: &str,
    c: &mut Checker,
) {
    let mut seen = BTreeSet::new();
    for v in values {
        if !seen.insert(v.get_ref().as_str()) {
            c.error(
                codes::E107,
                v.span(),
                format!("{what}「{}」が重複しています", v.get_ref()),
                "同じ値は 1 回だけ書いてください。",
            );
        }
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
