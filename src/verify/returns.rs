//! Every item reports in every report year: an item without a result for a `[[reports]]` year
//! is a warning (W207) at its file, and each year gets a one-line count by department, so staff
//! see which returns are still missing before the report is published.

use crate::diag::{codes, Diagnostic};
use crate::model::{ActionItem, Edition, Plan};
use crate::progress::{returns_by_department, DepartmentReturns};
use crate::text::number::format_number;

/// The warnings (one per unreported item and report year, in plan order) and one summary line
/// per report year, oldest first.
pub fn check(plan: &Plan) -> (Vec<Diagnostic>, Vec<String>) {
    let mut warnings = Vec::new();
    let mut lines = Vec::new();
    for edition in &plan.editions {
        let returns = returns_by_department(plan, edition.year);
        for r in &returns {
            let name = &r.department.name;
            warnings.extend(r.unreported.iter().map(|i| unreported(i, name, edition)));
        }
        lines.push(summary(plan.items.len(), edition, &returns));
    }
    (warnings, lines)
}

/// W207 at the item's [[years]] entry for the year, or at its id when it has none.
fn unreported(item: &ActionItem, department: &str, edition: &Edition) -> Diagnostic {
    let year = edition.year;
    let position = (item.year(year).and_then(|y| y.position)).unwrap_or(item.id_position);
    Diagnostic::warning(
        codes::W207,
        &item.source,
        position,
        format!("{}の報告（実績）がありません（担当課: {department}）", year.label()),
    )
    .with_help(format!(
        "{department}に{}の調査票を送り（shinchoku survey export --year {y}）、返送された調査票を shinchoku survey import で取り込んでください（docs/survey.md「1 年の流れ」）。報告がないまま公開すると「未報告」と表示されます。",
        year.wareki(),
        y = year.0
    ))
}

/// 「令和3年度 (2021)の報告: 36項目中20項目が未報告（情報戦略課 3、職員課 2）」
fn summary(total: usize, edition: &Edition, returns: &[DepartmentReturns]) -> String {
    let count = |n: usize| format!("{}項目", format_number(n as f64));
    let by_department: Vec<String> = (returns.iter())
        .filter(|r| !r.unreported.is_empty())
        .map(|r| format!("{} {}", r.department.name, r.unreported.len()))
        .collect();
    let unreported: usize = returns.iter().map(|r| r.unreported.len()).sum();
    let year = edition.year.label();
    if unreported == 0 {
        format!("{year}の報告: 全{}が報告済み", count(total))
    } else {
        format!(
            "{year}の報告: {}中{}が未報告（{}）",
            count(total),
            count(unreported),
            by_department.join("、")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn each_unreported_item_is_a_warning_at_its_year_and_each_year_a_line() {
        let loaded = crate::content::load::load(Path::new("tests/fixtures/sample/content"));
        let plan = loaded.plan.expect("the sample site loads");
        let (warnings, lines) = check(&plan);
        let heads: Vec<String> = warnings.iter().map(Diagnostic::headline).collect();
        assert_eq!(heads.len(), 3, "{heads:#?}");
        // By year, then in plan order: 2021's 2-2-2, then 2022's 2-2-1 and 2-2-2.
        assert!(heads[0].contains("2-2-2.md:"), "{}", heads[0]);
        assert!(heads[1].contains("2-2-1.md:"), "{}", heads[1]);
        assert!(
            heads[1].ends_with(
                "警告[W207]: 令和4年度 (2022)の報告（実績）がありません（担当課: 収納課）"
            ),
            "{}",
            heads[1]
        );
        // At the file's [[years]] entry for 2022.
        let item = plan.items.iter().find(|i| i.id == "2-2-1").unwrap();
        let text = std::fs::read_to_string(&item.source).unwrap();
        let line = text.lines().nth(warnings[1].line - 1).unwrap();
        assert_eq!(line.trim(), "year = 2022");
        assert_eq!(
            lines,
            [
                "令和2年度 (2020)の報告: 全4項目が報告済み",
                "令和3年度 (2021)の報告: 4項目中1項目が未報告（収納課 1）",
                "令和4年度 (2022)の報告: 4項目中2項目が未報告（収納課 2）",
            ]
        );
    }

    #[test]
    fn an_item_without_the_years_entry_is_located_at_its_id() {
        let loaded = crate::content::load::load(Path::new("tests/fixtures/sample/content"));
        let mut plan = loaded.plan.expect("the sample site loads");
        let item =
            std::sync::Arc::make_mut(plan.items.iter_mut().find(|i| i.id == "2-2-1").unwrap());
        for y in &mut item.years {
            y.position = None;
        }
        let id_position = item.id_position;
        let (warnings, _) = check(&plan);
        let w = warnings
            .iter()
            .find(|w| w.file.ends_with("2-2-1.md"))
            .unwrap();
        assert_eq!((w.line, w.col), (id_position.line, id_position.col));
    }
}
