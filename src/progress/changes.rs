//! What changed for an item from one report edition to the next, field by field.
//!
//! The rule (docs/usage.md 「前回の報告からの変化」):
//! - An item that has not reported for the later year ([`Standing::reported`] is false) has no
//!   changes: it is 未報告, and nothing is shown as changed 「→ 未報告」.
//! - In a year that was reported, the department's own fields (進捗状況, 評価, 取組実績) are
//!   compared as written: one left empty in the new report is a change, shown as 「記載なし」
//!   (評価 「未評価」).
//! - An indicator's actual value is its own measurement of each year, and may come later than
//!   the report (集計が間に合わない). A value in the earlier year and none in the later one is
//!   not a change: the indicator is listed as not yet reported ([`Changes::unreported_indicators`]).
//! - The 行政改革審議会の意見 is given after the department's report, so a missing one is not yet
//!   given, not removed: only a new or different opinion is a change.

use super::Standing;
use crate::model::{ActionItem, Plan, YearResult};
use crate::text::fiscal_year::FiscalYear;
use serde::Serialize;

/// One difference between an item in the previous report edition and in this one.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Change {
    pub label: String,
    /// The value in the earlier year as shown, or the word for its absence (「未報告」「記載なし」).
    pub before: String,
    /// The value in the later year as shown, or the word for a field the new report left empty
    /// (「記載なし」「未評価」); never 「未報告」.
    pub after: String,
    /// `before` and `after` are Markdown from the item file (取組実績, 行政改革審議会の意見); an
    /// absence word there reads the same as Markdown.
    pub markdown: bool,
}

/// What changed for an item between two report years.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// In the order status, grade, each indicator's actual value, 取組実績, 審議会の意見.
    pub changes: Vec<Change>,
    /// Indicators with an actual value in the earlier year and none yet in the later one, in a
    /// year the item has reported.
    pub unreported_indicators: Vec<String>,
}

/// A field of a year's result that the change list compares.
#[derive(Clone, Copy)]
enum Field {
    Status,
    Grade,
    Achievements,
    Council,
}

impl Field {
    fn label(self) -> &'static str {
        match self {
            Field::Status => "item.status_actual",
            Field::Grade => "item.grade",
            Field::Achievements => "item.achievements",
            Field::Council => "item.council",
        }
    }

    fn pick(self, r: &YearResult) -> Option<&str> {
        match self {
            Field::Status => r.status.as_deref(),
            Field::Grade => r.grade.as_deref(),
            Field::Achievements => r.achievements.as_deref(),
            Field::Council => r.council_comment.as_deref(),
        }
    }

    /// Shown for the field left empty in a year that was reported.
    fn empty(self) -> &'static str {
        match self {
            Field::Grade => "item.ungraded",
            Field::Council => "changes.no_opinion",
            Field::Status | Field::Achievements => "site.not_written",
        }
    }

    /// Part of the department's report, so left empty in a reported year is a change. Not the
    /// council's opinion, which comes after the report: empty means not yet given.
    fn is_departments(self) -> bool {
        !matches!(self, Field::Council)
    }

    fn show(self, plan: &Plan, v: &str) -> String {
        match self {
            Field::Grade => grade_text(plan, v),
            _ => v.to_string(),
        }
    }
}

/// What changed for `item` from the year of `before` to the year of `now` (both standings of
/// this item). Nothing when the item has not reported for `now`'s year.
pub fn changes(plan: &Plan, item: &ActionItem, before: &Standing, now: &Standing) -> Changes {
    let mut out = Changes::default();
    if !now.reported {
        return out;
    }
    for f in [Field::Status, Field::Grade] {
        out.changes.extend(field_change(plan, item, f, before, now));
    }
    indicator_changes((plan, item), before, now.year, &mut out);
    for f in [Field::Achievements, Field::Council] {
        out.changes.extend(field_change(plan, item, f, before, now));
    }
    out
}

/// One result field, compared between the two years.
fn field_change(
    plan: &Plan,
    item: &ActionItem,
    f: Field,
    before: &Standing,
    now: &Standing,
) -> Option<Change> {
    let pick = |y: FiscalYear| item.result(y).and_then(|r| f.pick(r));
    let (old, new) = (pick(before.year), pick(now.year));
    if old == new || (new.is_none() && !f.is_departments()) {
        return None;
    }
    // A year without any report is 未報告 (never the later side).
    let w = &plan.words;
    let shown = |v: Option<&str>, reported: bool| match v {
        Some(v) => f.show(plan, v),
        None if reported => w.get(f.empty()).to_string(),
        None => w.get("site.unreported").to_string(),
    };
    Some(Change {
        label: w.get(f.label()).to_string(),
        before: shown(old, before.reported),
        after: shown(new, true),
        markdown: matches!(f, Field::Achievements | Field::Council),
    })
}

/// 「C（やや遅れ）」, or the code alone for a grade site.toml does not list.
pub fn grade_text(plan: &Plan, code: &str) -> String {
    match plan.grades.iter().find(|g| g.code == code) {
        Some(g) => format!(
            "{}{}",
            g.code,
            plan.words.fill("site.parenthesis", &[("text", &g.label)])
        ),
        None => code.to_string(),
    }
}

/// Each indicator's actual value: a new or different value is a change, a missing one is not
/// yet reported.
fn indicator_changes(
    (plan, item): (&Plan, &ActionItem),
    before: &Standing,
    year: FiscalYear,
    out: &mut Changes,
) {
    let w = &plan.words;
    for ind in &item.indicators {
        let old = ind.actual.get(&before.year).map(|v| ind.format(v));
        let Some(new) = ind.actual.get(&year).map(|v| ind.format(v)) else {
            if old.is_some() {
                out.unreported_indicators.push(ind.name.clone());
            }
            continue;
        };
        if old.as_ref() != Some(&new) {
            out.changes.push(Change {
                label: w.fill("changes.actual_of", &[("name", &ind.name)]),
                before: old.unwrap_or_else(|| w.get("site.unreported").to_string()),
                after: new,
                markdown: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::standing;
    use std::path::Path;

    fn sample() -> Plan {
        let loaded = crate::content::load::load(Path::new("tests/fixtures/sample/content"));
        loaded.plan.expect("the sample site loads")
    }

    fn between(plan: &Plan, id: &str, prev: i32, year: i32) -> Changes {
        let item = plan.items.iter().find(|i| i.id == id).unwrap();
        let before = standing(plan, item, FiscalYear(prev));
        let now = standing(plan, item, FiscalYear(year));
        changes(plan, item, &before, &now)
    }

    fn rows(c: &Changes) -> Vec<String> {
        let row = |c: &Change| format!("{}: {} → {}", c.label, c.before, c.after);
        c.changes.iter().map(row).collect()
    }

    #[test]
    fn a_year_not_yet_reported_has_no_changes() {
        let plan = sample();
        // 2-2-1 reported 令和3年度 (実施, B, 96.1%) and nothing yet for 令和4年度.
        assert_eq!(between(&plan, "2-2-1", 2021, 2022), Changes::default());
    }

    #[test]
    fn a_missing_actual_value_is_not_yet_reported_not_a_change() {
        let plan = sample();
        // 2-1-1 reported 令和3年度, without 年次有給休暇 (10.2日 in 令和2年度).
        let c = between(&plan, "2-1-1", 2020, 2021);
        assert_eq!(
            rows(&c),
            [
                "進捗状況（実績）: 検討 → 実施",
                "評価: B（計画どおり） → A（計画以上）",
                "月45時間を超える時間外勤務をした職員（実績値）: 21人 → 12人",
                "取組実績: 部署ごとの時間外勤務を集計した。 → ノー残業デーを全庁で実施した。",
            ]
        );
        assert_eq!(c.unreported_indicators, ["年次有給休暇の平均取得日数"]);
        // The next year it is reported again: 「未報告」 is the earlier side.
        let c = between(&plan, "2-1-1", 2021, 2022);
        assert!(rows(&c).contains(&"年次有給休暇の平均取得日数（実績値）: 未報告 → 11.3日".into()));
    }

    #[test]
    fn a_field_left_empty_in_a_report_is_a_change_but_a_missing_opinion_is_not() {
        let plan = sample();
        // 2-1-1's 令和4年度 report has no 取組実績.
        let c = between(&plan, "2-1-1", 2021, 2022);
        assert!(rows(&c).contains(&"取組実績: ノー残業デーを全庁で実施した。 → 記載なし".into()));
        assert!(c.changes.iter().all(|c| c.after != "未報告"));
        // 1-1-1 had the council's opinion for 令和3年度 and none yet for 令和4年度.
        let c = between(&plan, "1-1-1", 2021, 2022);
        assert!(c.changes.iter().all(|c| c.label != "行政改革審議会の意見"));
        // …and a new opinion is a change.
        let c = between(&plan, "1-1-1", 2020, 2021);
        let opinion = c.changes.iter().find(|c| c.label == "行政改革審議会の意見");
        assert_eq!(opinion.map(|c| c.before.as_str()), Some("意見なし"));
        assert!(opinion.unwrap().markdown);
    }

    #[test]
    fn a_year_without_any_report_is_unreported_on_the_earlier_side() {
        let mut plan = sample();
        // 2-2-2 reported 令和2年度 only; let it report 令和4年度.
        let item =
            std::sync::Arc::make_mut(plan.items.iter_mut().find(|i| i.id == "2-2-2").unwrap());
        item.years[2].result = Some(YearResult {
            status: Some("実施".into()),
            ..Default::default()
        });
        let c = between(&plan, "2-2-2", 2021, 2022);
        assert_eq!(rows(&c), ["進捗状況（実績）: 未報告 → 実施"]);
    }
}
