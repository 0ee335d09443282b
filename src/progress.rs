//! 集計: モデルから総括表などの数値を計算する。テンプレートでは計算しない。
//! Computed progress: every count shown on the site is derived here from the model at build time.

use crate::fiscal_year::FiscalYear;
use crate::model::{ActionItem, Plan};
use serde::Serialize;

/// Items counted by planned status for each fiscal year (総括表).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StatusSummary {
    pub years: Vec<FiscalYear>,
    pub rows: Vec<StatusRow>,
    /// Items in scope (the same for every year).
    pub item_count: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StatusRow {
    /// A status code from site.toml, or 「未設定」 for years with no planned status.
    pub status: String,
    pub counts: Vec<usize>,
}

pub const UNSET: &str = "未設定";

pub fn status_summary<'a>(plan: &Plan, items: impl Iterator<Item = &'a ActionItem> + Clone) -> StatusSummary {
    let years: Vec<FiscalYear> = plan.fiscal_years().collect();
    let count = |status: Option<&str>, year: FiscalYear| {
        items
            .clone()
            .filter(|item| {
                item.years
                    .iter()
                    .find(|y| y.year == year)
                    .map(|y| y.status.as_deref() == status)
                    .unwrap_or(status.is_none())
            })
            .count()
    };
    let mut rows: Vec<StatusRow> = plan
        .statuses
        .iter()
        .map(|s| StatusRow {
            status: s.code.clone(),
            counts: years.iter().map(|y| count(Some(&s.code), *y)).collect(),
        })
        .collect();
    let unset: Vec<usize> = years.iter().map(|y| count(None, *y)).collect();
    if unset.iter().any(|n| *n > 0) {
        rows.push(StatusRow {
            status: UNSET.to_string(),
            counts: unset,
        });
    }
    StatusSummary {
        years,
        rows,
        item_count: items.count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn plan_with(statuses: &[&[Option<&str>]]) -> Plan {
        let years = |ss: &[Option<&str>]| {
            ss.iter()
                .enumerate()
                .map(|(i, s)| YearPlan {
                    year: FiscalYear(2020 + i as i32),
                    status: s.map(str::to_string),
                    goal: None,
                })
                .collect()
        };
        Plan {
            city: City { name: "市".into(), code: "102113".into() },
            title: "計画".into(),
            description: None,
            first_year: FiscalYear(2020),
            last_year: FiscalYear(2021),
            revisions: vec![],
            base_url: None,
            license: License::default(),
            statuses: ["検討", "実施"].iter().map(|c| Status { code: c.to_string(), description: String::new() }).collect(),
            grades: vec![],
            departments: vec![],
            categories: vec![],
            items: statuses
                .iter()
                .enumerate()
                .map(|(i, ss)| ActionItem {
                    id: format!("1-{}", i + 1),
                    category: 0,
                    section: None,
                    number: i as u32 + 1,
                    title: String::new(),
                    department: String::new(),
                    related_departments: vec![],
                    common_goal: None,
                    years: years(ss),
                    indicators: vec![],
                    body: String::new(),
                    body_position: Default::default(),
                    source: Default::default(),
                    id_position: Default::default(),
                })
                .collect(),
        }
    }

    #[test]
    fn counts_every_item_once_per_year() {
        let plan = plan_with(&[&[Some("検討"), Some("実施")], &[None, Some("実施")], &[Some("実施"), Some("実施")]]);
        let s = status_summary(&plan, plan.items.iter());
        assert_eq!(s.item_count, 3);
        assert_eq!(s.rows[0], StatusRow { status: "検討".into(), counts: vec![1, 0] });
        assert_eq!(s.rows[1], StatusRow { status: "実施".into(), counts: vec![1, 3] });
        assert_eq!(s.rows[2], StatusRow { status: UNSET.into(), counts: vec![1, 0] });
        for (i, _) in s.years.iter().enumerate() {
            assert_eq!(s.rows.iter().map(|r| r.counts[i]).sum::<usize>(), 3);
        }
    }
}
