//! Where an item stands in one report year: whether it has reported, and whether (and why) it is
//! behind the plan. The home page, the item table, the change list and the council report all
//! read this one judgement.

use super::{attainment, Attainment};
use crate::model::{ActionItem, Department, Plan};
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::format_rate;
use serde::Serialize;

/// One item in one report year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Standing {
    pub year: FiscalYear,
    /// The status the yearly plan gives for this year.
    pub planned_status: Option<String>,
    /// The reported status, grade and 効果額 (千円).
    pub status: Option<String>,
    pub grade: Option<String>,
    pub effect_amount: Option<f64>,
    /// 達成率 per indicator index, for indicators that have one this year.
    pub attainments: Vec<(usize, Attainment)>,
    /// False when the year has no reported status, grade or actual value.
    pub reported: bool,
    /// Why the item is behind the plan; empty when it is not (or has not reported).
    pub behind: Vec<Behind>,
}

/// One reason an item is behind the plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Behind {
    /// Its grade is one site.toml marks as behind (or the lower half of the scale).
    Grade { grade: String, label: String },
    /// An indicator's actual value did not reach the year's plan (達成率 under the published
    /// rule).
    Attainment { indicator: String, rate: f64 },
    /// The reported status comes before the planned one in site.toml's status order.
    Status { planned: String, reported: String },
}

impl Behind {
    /// 「評価 C（やや遅れ）」「市税収納率の達成率 64.8%」「進捗状況 検討（計画は実施）」
    pub fn text(&self, w: &crate::words::Words) -> String {
        match self {
            Behind::Grade { grade, label } => w.fill(
                "progress.behind_grade",
                &[("grade", grade), ("label", label)],
            ),
            Behind::Attainment { indicator, rate } => w.fill(
                "progress.behind_attainment",
                &[("indicator", indicator), ("rate", &format_rate(*rate))],
            ),
            Behind::Status { planned, reported } => w.fill(
                "progress.behind_status",
                &[("planned", planned), ("reported", reported)],
            ),
        }
    }
}

impl Standing {
    pub fn is_behind(&self) -> bool {
        !self.behind.is_empty()
    }
}

/// Where `item` stands in fiscal year `year`.
pub fn standing(plan: &Plan, item: &ActionItem, year: FiscalYear) -> Standing {
    let result = item.result(year);
    let status = result.and_then(|r| r.status.clone());
    let grade = result.and_then(|r| r.grade.clone());
    let planned_status = item.year(year).and_then(|y| y.status.clone());
    let attainments: Vec<(usize, Attainment)> = (item.indicators.iter().enumerate())
        .filter_map(|(i, ind)| Some((i, attainment(ind, year)?)))
        .collect();
    let has_actual = item.indicators.iter().any(|i| i.actual.contains_key(&year));
    let mut s = Standing {
        year,
        reported: status.is_some() || grade.is_some() || has_actual,
        effect_amount: result.and_then(|r| r.effect_amount),
        planned_status,
        status,
        grade,
        attainments,
        behind: Vec::new(),
    };
    s.behind = behind(plan, item, &s);
    s
}

/// One department's returns for a report year: its items, and those that have not reported.
#[derive(Clone, Debug)]
pub struct DepartmentReturns<'a> {
    pub department: &'a Department,
    /// The items the department is 担当課 of, in plan order.
    pub items: Vec<&'a ActionItem>,
    /// Those of `items` that have not reported for the year ([`Standing::reported`]).
    pub unreported: Vec<&'a ActionItem>,
}

/// Every department that is 担当課 of at least one item, in site.toml's order, with the items
/// that have not reported for `year`.
pub fn returns_by_department(plan: &Plan, year: FiscalYear) -> Vec<DepartmentReturns<'_>> {
    (plan.departments.iter())
        .filter_map(|d| {
            let items: Vec<&ActionItem> = (plan.items.iter().map(AsRef::as_ref))
                .filter(|i| i.has_department(&d.name))
                .collect();
            let unreported = (items.iter().copied())
                .filter(|i| !standing(plan, i, year).reported)
                .collect();
            (!items.is_empty()).then_some(DepartmentReturns {
                department: d,
                items,
                unreported,
            })
        })
        .collect()
}

fn behind(plan: &Plan, item: &ActionItem, s: &Standing) -> Vec<Behind> {
    let mut out = Vec::new();
    if let Some(g) = (s.grade.as_deref()).and_then(|c| plan.grades.iter().find(|g| g.code == c)) {
        if g.behind {
            out.push(Behind::Grade {
                grade: g.code.clone(),
                label: g.label.clone(),
            });
        }
    }
    for (i, a) in &s.attainments {
        if !a.met {
            out.push(Behind::Attainment {
                indicator: item.indicators[*i].name.clone(),
                rate: a.rate,
            });
        }
    }
    if let (Some(p), Some(r)) = (&s.planned_status, &s.status) {
        let rank = |code: &str| plan.statuses.iter().position(|s| s.code == code);
        if let (Some(pi), Some(ri)) = (rank(p), rank(r)) {
            if ri < pi {
                out.push(Behind::Status {
                    planned: p.clone(),
                    reported: r.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn sample() -> Plan {
        let loaded = crate::content::load::load(Path::new("tests/fixtures/sample/content"));
        loaded.plan.expect("the sample site loads")
    }

    #[test]
    fn the_lower_half_of_the_scale_is_behind() {
        let plan = sample();
        let behind: Vec<&str> = (plan.grades.iter())
            .filter(|g| g.behind)
            .map(|g| g.code.as_str())
            .collect();
        assert_eq!(behind, ["C", "D"]);
    }

    #[test]
    fn a_grade_and_a_missed_plan_are_both_reasons() {
        let plan = sample();
        let item = plan.items.iter().find(|i| i.id == "2-2-1").unwrap();
        // 令和2年度: grade C, and 市税収納率 95.5% against a plan of 95.6% from 95.45%.
        let s = standing(&plan, item, FiscalYear(2020));
        assert!(s.reported);
        let texts: Vec<String> = s
            .behind
            .iter()
            .map(|b| b.text(&Default::default()))
            .collect();
        assert_eq!(texts, ["評価 C（やや遅れ）", "市税収納率の達成率 33.3%"]);
        // 令和3年度: grade B and 96.1% against 95.8%: on plan.
        assert!(!standing(&plan, item, FiscalYear(2021)).is_behind());
        // 令和4年度 has no result and no actual value: not reported, and so not behind.
        let s = standing(&plan, item, FiscalYear(2022));
        assert!(!s.reported && !s.is_behind());
    }

    #[test]
    fn returns_list_each_department_with_its_unreported_items() {
        let plan = sample();
        let counts = |year| -> Vec<(String, usize, Vec<String>)> {
            (returns_by_department(&plan, FiscalYear(year)).iter())
                .map(|r| {
                    let ids = r.unreported.iter().map(|i| i.id.clone()).collect();
                    (r.department.name.clone(), r.items.len(), ids)
                })
                .collect()
        };
        // 令和4年度: 収納課's 2-2-1 and 2-2-2 have no result and no actual value.
        let r2022 = counts(2022);
        let shuno = ("収納課".into(), 2, vec!["2-2-1".into(), "2-2-2".into()]);
        assert!(r2022.contains(&shuno), "{r2022:?}");
        assert!(r2022.iter().all(|(_, n, _)| *n > 0));
        assert!(counts(2020).iter().all(|(_, _, u)| u.is_empty()));
    }

    #[test]
    fn a_status_short_of_the_plan_is_behind() {
        let mut plan = sample();
        let item = std::sync::Arc::make_mut(&mut plan.items[0]);
        let y = item.years[0].year;
        item.years[0].status = Some("実施".into());
        let r = item.years[0].result.get_or_insert_with(Default::default);
        r.status = Some("検討".into());
        r.grade = None;
        let item = plan.items[0].clone();
        let s = standing(&plan, &item, y);
        assert!(s
            .behind
            .iter()
            .any(|b| b.text(&Default::default()) == "進捗状況 検討（計画は実施）"));
    }
}
