//! 取組項目の id（例 4-1-4）: 大項目・中項目・番号への対応づけ。
//! An item's id ("4-1-4"): where the item sits in the plan's categories and sections.

use crate::content::check::Checker;
use crate::diag::codes;
use crate::model::Plan;
use toml::Spanned;

/// An item's category index, section index (none in a category without sections) and number.
pub(super) type Place = (usize, Option<usize>, u32);

/// Resolves "4-1-4" (or "4-2" in a category without sections) to category/section indexes.
pub(super) fn locate(id: &Spanned<String>, plan: &Plan, c: &mut Checker) -> Option<Place> {
    let text = id.get_ref().trim();
    let parts: Vec<&str> = text.split('-').collect();
    let Some(ci) = plan.categories.iter().position(|cat| cat.id == parts[0]) else {
        let ids: Vec<String> = plan.categories.iter().map(|c| c.id.clone()).collect();
        c.error(
            codes::E121,
            id.span(),
            format!(
                "id「{text}」の大項目「{}」は site.toml の categories にありません",
                parts[0]
            ),
            format!(
                "id は「大項目-中項目-番号」（例 4-1-4）で書きます。大項目: {}",
                ids.join("、")
            ),
        );
        return None;
    };
    let category = &plan.categories[ci];
    let expected = if category.sections.is_empty() { 2 } else { 3 };
    let number = parts
        .last()
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|n| *n > 0);
    if parts.len() != expected || number.is_none() {
        let shape = if expected == 3 {
            "大項目-中項目-番号（例 4-1-4）"
        } else {
            "大項目-番号（例 4-2）"
        };
        c.error(
            codes::E120,
            id.span(),
            format!("id「{text}」の形が正しくありません"),
            format!(
                "大項目「{}」の取組項目の id は {shape} で書きます。",
                category.title
            ),
        );
        return None;
    }
    let section = if expected == 3 {
        match category.sections.iter().position(|s| s.id == parts[1]) {
            Some(si) => Some(si),
            None => {
                let ids: Vec<String> = category.sections.iter().map(|s| s.id.clone()).collect();
                c.error(
                    codes::E122,
                    id.span(),
                    format!(
                        "id「{text}」の中項目「{}」は大項目「{}」にありません",
                        parts[1], category.title
                    ),
                    format!("この大項目の中項目: {}", ids.join("、")),
                );
                return None;
            }
        }
    } else {
        None
    };
    Some((ci, section, number?))
}

/// The file should be named after the id, so it can be found.
pub(super) fn check_file_name(id: &Spanned<String>, c: &mut Checker) {
    let stem = c.path().file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem != id.get_ref() {
        c.warning(
            codes::W201,
            id.span(),
            format!(
                "ファイル名「{stem}」と id「{}」が一致していません",
                id.get_ref()
            ),
            format!(
                "ファイル名を {}.md にすると探しやすくなります。",
                id.get_ref()
            ),
        );
    }
}
