//! site.toml の語彙: 進捗状況・評価・担当課・大項目と中項目。
//! The vocabularies items must use: statuses, grades, departments, categories and sections.

use super::{RawCategory, RawDepartment, RawGrade, RawStatus};
use crate::content::check::{require_text, Checker};
use crate::diag::codes;
use crate::diag::Position;
use crate::model::{Category, Department, Grade, Section, Status};
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
            id: d.id.into_inner(),
            name: d.name.into_inner(),
        })
        .collect()
}

pub(super) fn categories(raw: Vec<RawCategory>, c: &mut Checker) -> Vec<Category> {
    check_unique(raw.iter().map(|c| &c.id), "大項目 id", c);
    for cat in &raw {
        require_text(&cat.title, "大項目の title", c);
        for s in &cat.sections {
            require_text(&s.title, "中項目の title", c);
        }
        check_unique(cat.sections.iter().map(|s| &s.id), "中項目 id", c);
        for id in std::iter::once(&cat.id).chain(cat.sections.iter().map(|s| &s.id)) {
            if !is_slug(id.get_ref()) {
                c.error(
                    codes::E105,
                    id.span(),
                    format!(
                        "id「{}」には半角英数字とハイフンだけが使えます",
                        id.get_ref()
                    ),
                    "例: \"1\"、\"2\"。",
                );
            }
        }
    }
    raw.into_iter()
        .map(|c| Category {
            id: c.id.into_inner(),
            title: c.title.into_inner(),
            sections: c
                .sections
                .into_iter()
                .map(|s| Section {
                    id: s.id.into_inner(),
                    title: s.title.into_inner(),
                })
                .collect(),
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
