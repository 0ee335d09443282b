//! 取組項目の id（例 4-1-4）: 区分の階層（大項目・中項目…）と番号への対応づけ。
//! An item's id ("4-1-4"): where the item sits in the plan's section tree.

use crate::content::check::Checker;
use crate::diag::codes;
use crate::model::{Plan, Section};
use toml::Spanned;

/// An item's section indexes from the top level down (see `ActionItem::place`) and number.
pub(super) type Place = (Vec<usize>, u32);

/// An example id for each number of parts (2 to 5), for the hint of a malformed id.
const EXAMPLES: [&str; 4] = ["4-2", "4-1-4", "1-1-2-1", "1-1-1-2-1"];

/// Resolves "4-1-4" (or "4-2" under a section without sub-sections) to section indexes: the
/// section ids from the top level down to a section without sub-sections, then the number.
pub(super) fn locate(id: &Spanned<String>, plan: &Plan, c: &mut Checker) -> Option<Place> {
    let text = id.get_ref().trim();
    let parts: Vec<&str> = text.split('-').collect();
    let mut path: Vec<usize> = Vec::new();
    let mut nodes: &[Section] = &plan.categories;
    let mut parent: Option<&Section> = None;
    while !nodes.is_empty() {
        let part = parts.get(path.len()).copied().unwrap_or("");
        let Some(i) = nodes.iter().position(|s| s.id == part) else {
            unknown_section(id, part, parent, path.len(), plan, c);
            return None;
        };
        path.push(i);
        parent = Some(&nodes[i]);
        nodes = &nodes[i].sections;
    }
    let number = parts
        .last()
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|n| *n > 0);
    match number.filter(|_| parts.len() == path.len() + 1) {
        Some(n) => Some((path, n)),
        None => {
            malformed(id, &plan.sections_along(&path), plan, c);
            None
        }
    }
}

/// E120: the id does not end with a number right below a section without sub-sections.
fn malformed(id: &Spanned<String>, along: &[&Section], plan: &Plan, c: &mut Checker) {
    let mut names: Vec<&str> = (0..along.len()).map(|d| plan.level_name(d)).collect();
    names.push("番号");
    let example = EXAMPLES.get(along.len().saturating_sub(1)).unwrap_or(&"");
    let top = along.first().map(|s| s.title.as_str()).unwrap_or("");
    c.error(
        codes::E120,
        id.span(),
        format!("id「{}」の形が正しくありません", id.get_ref().trim()),
        format!(
            "{}「{top}」の取組項目の id は {}（例 {example}） で書きます。",
            plan.level_name(0),
            names.join("-")
        ),
    );
}

/// E121 (top level) or E122 (below): no section of this id where the id says.
fn unknown_section(
    id: &Spanned<String>,
    part: &str,
    parent: Option<&Section>,
    depth: usize,
    plan: &Plan,
    c: &mut Checker,
) {
    let text = id.get_ref().trim();
    let level = plan.level_name(depth);
    let Some(parent) = parent else {
        let ids: Vec<&str> = plan.categories.iter().map(|c| c.id.as_str()).collect();
        c.error(
            codes::E121,
            id.span(),
            format!("id「{text}」の{level}「{part}」は site.toml の categories にありません"),
            format!(
                "id は「{}-番号」（例 4-1-4）で書きます。{level}: {}",
                plan.levels.join("-"),
                ids.join("、")
            ),
        );
        return;
    };
    let up = plan.level_name(depth - 1);
    let ids: Vec<&str> = parent.sections.iter().map(|s| s.id.as_str()).collect();
    c.error(
        codes::E122,
        id.span(),
        format!(
            "id「{text}」の{level}「{part}」は{up}「{}」にありません",
            parent.title
        ),
        format!("この{up}の{level}: {}", ids.join("、")),
    );
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
