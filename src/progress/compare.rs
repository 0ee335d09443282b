//! One report edition against the previous one: where each item moved ([`Group`]) and what
//! changed for it ([`super::changes`]). The changes page and the item pages read this.

use super::{changes, standing, Changes, Standing};
use crate::model::{ActionItem, Plan};
use crate::text::fiscal_year::FiscalYear;
use std::cmp::Ordering;

/// Where an item moved from the previous report to this one, in the order the changes page
/// lists them. Behind is [`Standing::is_behind`]; an item that did not report in the previous
/// year was not behind then.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Behind now, not behind in the previous report.
    NewlyBehind,
    /// Behind in the previous report, reported and not behind now.
    Recovered,
    /// Not behind in either; a better grade, or (the grade the same or not comparable) a later
    /// status.
    Improved,
    /// Not behind in either; a worse grade, or (the grade the same or not comparable) an
    /// earlier status.
    Worsened,
    /// Behind in both reports.
    StillBehind,
    /// Not behind in either, the grade and status no better and no worse (text or values may
    /// have changed).
    Unchanged,
    /// Has not reported for this year.
    Unreported,
}

impl Group {
    pub const ALL: [Group; 7] = [
        Group::NewlyBehind,
        Group::Recovered,
        Group::Improved,
        Group::Worsened,
        Group::StillBehind,
        Group::Unchanged,
        Group::Unreported,
    ];

    /// The group's name on the site.
    pub fn label(self, w: &crate::words::Words) -> &str {
        w.get(match self {
            Group::NewlyBehind => "changes.newly_behind",
            Group::Recovered => "changes.recovered",
            Group::Improved => "changes.improved",
            Group::Worsened => "changes.worsened",
            Group::StillBehind => "changes.still_behind",
            Group::Unchanged => "changes.unchanged_group",
            Group::Unreported => "site.unreported",
        })
    }

    /// An ASCII name for anchors and classes.
    pub fn id(self) -> &'static str {
        match self {
            Group::NewlyBehind => "newly-behind",
            Group::Recovered => "recovered",
            Group::Improved => "improved",
            Group::Worsened => "worsened",
            Group::StillBehind => "still-behind",
            Group::Unchanged => "unchanged",
            Group::Unreported => "unreported",
        }
    }
}

/// The group of an item that stood at `before` in the previous report and at `now` in this one.
pub fn group(plan: &Plan, before: &Standing, now: &Standing) -> Group {
    if !now.reported {
        return Group::Unreported;
    }
    match (before.is_behind(), now.is_behind()) {
        (false, true) => Group::NewlyBehind,
        (true, false) => Group::Recovered,
        (true, true) => Group::StillBehind,
        (false, false) => match direction(plan, before, now) {
            Ordering::Greater => Group::Improved,
            Ordering::Less => Group::Worsened,
            Ordering::Equal => Group::Unchanged,
        },
    }
}

/// Better (`Greater`) or worse: by grade (site.toml lists the best first) when both years have
/// one site.toml lists and they differ, else by status (site.toml lists them in progression).
fn direction(plan: &Plan, before: &Standing, now: &Standing) -> Ordering {
    let grade = |s: &Standing| {
        let code = s.grade.as_deref()?;
        plan.grades.iter().position(|g| g.code == code)
    };
    let status = |s: &Standing| {
        let code = s.status.as_deref()?;
        plan.statuses.iter().position(|x| x.code == code)
    };
    if let (Some(b), Some(n)) = (grade(before), grade(now)) {
        if b != n {
            // A smaller position is a better grade.
            return b.cmp(&n);
        }
    }
    match (status(before), status(now)) {
        (Some(b), Some(n)) => n.cmp(&b),
        _ => Ordering::Equal,
    }
}

/// One item in this report against the previous one.
#[derive(Clone, Debug)]
pub struct Comparison<'a> {
    pub item: &'a ActionItem,
    pub group: Group,
    pub before: Standing,
    pub now: Standing,
    pub changes: Changes,
}

/// `item` in report year `year` against the previous report year `prev_year`.
pub fn compare<'a>(
    plan: &Plan,
    item: &'a ActionItem,
    year: FiscalYear,
    prev_year: FiscalYear,
) -> Comparison<'a> {
    let before = standing(plan, item, prev_year);
    let now = standing(plan, item, year);
    Comparison {
        item,
        group: group(plan, &before, &now),
        changes: changes(plan, item, &before, &now),
        before,
        now,
    }
}

/// Every item of `plan` in `year` against `prev_year`, by group in [`Group::ALL`]'s order (every
/// group, possibly empty), items in plan order.
pub fn compare_edition(
    plan: &Plan,
    year: FiscalYear,
    prev_year: FiscalYear,
) -> Vec<(Group, Vec<Comparison<'_>>)> {
    let mut groups: Vec<(Group, Vec<Comparison>)> =
        Group::ALL.iter().map(|g| (*g, Vec::new())).collect();
    for item in &plan.items {
        let c = compare(plan, item, year, prev_year);
        // ALL is in the enum's order, so the group's discriminant is its index.
        groups[c.group as usize].1.push(c);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::YearResult;
    use std::path::Path;

    fn sample() -> Plan {
        let loaded = crate::content::load::load(Path::new("tests/fixtures/sample/content"));
        loaded.plan.expect("the sample site loads")
    }

    fn groups(plan: &Plan, year: i32) -> Vec<(Group, Vec<&str>)> {
        let all = compare_edition(plan, FiscalYear(year), FiscalYear(year - 1));
        all.iter().map(|(g, cs)| (*g, ids(cs))).collect()
    }

    fn ids<'a>(cs: &[Comparison<'a>]) -> Vec<&'a str> {
        cs.iter().map(|c| c.item.id.as_str()).collect()
    }

    fn non_empty(plan: &Plan, year: i32) -> Vec<(Group, Vec<&str>)> {
        let mut g = groups(plan, year);
        g.retain(|(_, ids)| !ids.is_empty());
        g
    }

    #[test]
    fn every_item_is_in_one_group_in_order() {
        let plan = sample();
        let g = groups(&plan, 2022);
        assert_eq!(g.iter().map(|(g, _)| *g).collect::<Vec<_>>(), Group::ALL);
        assert_eq!(g.iter().map(|(_, ids)| ids.len()).sum::<usize>(), 4);
    }

    #[test]
    fn the_sample_editions_group_as_the_standings_say() {
        let plan = sample();
        // 令和3年度: 2-1-1 (21人 over the plan of 20) and 2-2-1 (grade C) were behind and are not;
        // 1-1-1 went from A to B, on plan; 2-2-2 has not reported.
        assert_eq!(
            non_empty(&plan, 2021),
            [
                (Group::Recovered, vec!["2-1-1", "2-2-1"]),
                (Group::Worsened, vec!["1-1-1"]),
                (Group::Unreported, vec!["2-2-2"]),
            ]
        );
        // 令和4年度: 1-1-1 is graded C; 2-1-1 went from A to B.
        assert_eq!(
            non_empty(&plan, 2022),
            [
                (Group::NewlyBehind, vec!["1-1-1"]),
                (Group::Worsened, vec!["2-1-1"]),
                (Group::Unreported, vec!["2-2-1", "2-2-2"]),
            ]
        );
    }

    /// 2-1-1's 令和4年度 report with `status` and `grade` (its actuals are on plan).
    fn with_2022(status: &str, grade: &str) -> Plan {
        let mut plan = sample();
        let item =
            std::sync::Arc::make_mut(plan.items.iter_mut().find(|i| i.id == "2-1-1").unwrap());
        item.years[2].result = Some(YearResult {
            status: Some(status.into()),
            grade: Some(grade.into()),
            ..Default::default()
        });
        plan
    }

    fn group_of_2_1_1(plan: &Plan) -> Group {
        let item = plan.items.iter().find(|i| i.id == "2-1-1").unwrap();
        compare(plan, item, FiscalYear(2022), FiscalYear(2021)).group
    }

    #[test]
    fn grade_decides_then_status() {
        // 令和3年度 was 実施, A.
        assert_eq!(group_of_2_1_1(&with_2022("実施", "A")), Group::Unchanged);
        assert_eq!(group_of_2_1_1(&with_2022("達成", "A")), Group::Improved);
        // An earlier status than planned is behind…
        assert_eq!(group_of_2_1_1(&with_2022("検討", "A")), Group::NewlyBehind);
        // …and earlier than the year before, but as planned, is worse.
        let mut plan = with_2022("検討", "A");
        std::sync::Arc::make_mut(&mut plan.items[1]).years[2].status = Some("検討".into());
        assert_eq!(group_of_2_1_1(&plan), Group::Worsened);
        // A worse grade outweighs a later status.
        assert_eq!(group_of_2_1_1(&with_2022("達成", "B")), Group::Worsened);
        assert_eq!(group_of_2_1_1(&with_2022("実施", "C")), Group::NewlyBehind);
        // A grade site.toml does not list is not compared; the status decides.
        assert_eq!(group_of_2_1_1(&with_2022("達成", "Z")), Group::Improved);
    }

    #[test]
    fn behind_in_both_years_is_still_behind_and_better_after_behind_is_recovered() {
        let mut plan = with_2022("実施", "C");
        let item =
            std::sync::Arc::make_mut(plan.items.iter_mut().find(|i| i.id == "2-1-1").unwrap());
        item.years[1].result.as_mut().unwrap().grade = Some("D".into());
        assert_eq!(group_of_2_1_1(&plan), Group::StillBehind);
        let item =
            std::sync::Arc::make_mut(plan.items.iter_mut().find(|i| i.id == "2-1-1").unwrap());
        item.years[2].result.as_mut().unwrap().grade = Some("B".into());
        assert_eq!(group_of_2_1_1(&plan), Group::Recovered);
    }

    #[test]
    fn not_reported_before_is_not_behind_before() {
        let mut plan = sample();
        let item =
            std::sync::Arc::make_mut(plan.items.iter_mut().find(|i| i.id == "2-2-2").unwrap());
        let report = |grade: &str| YearResult {
            status: Some("実施".into()),
            grade: Some(grade.into()),
            ..Default::default()
        };
        item.years[2].result = Some(report("B"));
        let item = plan.items.iter().find(|i| i.id == "2-2-2").unwrap();
        let c = compare(&plan, item, FiscalYear(2022), FiscalYear(2021));
        assert!(!c.before.reported);
        assert_eq!(c.group, Group::Unchanged);
        std::sync::Arc::make_mut(&mut plan.items[3]).years[2].result = Some(report("D"));
        let c = compare(&plan, &plan.items[3], FiscalYear(2022), FiscalYear(2021));
        assert_eq!(c.group, Group::NewlyBehind);
    }
}
