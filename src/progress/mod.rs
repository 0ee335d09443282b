//! 集計: モデルから総括表などの数値を計算する。テンプレートでは計算しない。
//! Computed progress: every count shown on the site is derived here from the model at build time:
//! 達成率 (`attainment`), 前年度比 (`year_on_year`), 総括表, sentences, changes between editions.

use crate::model::{Direction, Indicator, Value};
use crate::text::fiscal_year::FiscalYear;
use serde::Serialize;

/// How an attainment rate was computed; each variant is one formula printed on the site's
/// 「評価の考え方」 page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AttainmentRule {
    /// (実績 − 現状値) ÷ (計画 − 現状値) × 100: the share of the planned improvement achieved.
    FromBaseline,
    /// 実績 ÷ 計画 × 100 (higher is better, no usable baseline, 計画 > 0).
    Ratio,
    /// 計画 ÷ 実績 × 100 (lower is better, no usable baseline, 実績 > 0).
    InverseRatio,
    /// 計画が 0 以下（増加）または実績が 0（減少）で割り算ができない: 達成なら 100、未達成なら 0.
    MetOrNot,
}

impl AttainmentRule {
    /// The rule's formula in words (`method.formula_*`).
    pub fn formula(self, w: &crate::words::Words) -> &str {
        w.get(match self {
            AttainmentRule::FromBaseline => "method.formula_from_baseline",
            AttainmentRule::Ratio => "method.formula_ratio",
            AttainmentRule::InverseRatio => "method.formula_inverse_ratio",
            AttainmentRule::MetOrNot => "method.formula_met_or_not",
        })
    }
}

/// 達成率 of one indicator in one fiscal year.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Attainment {
    pub year: FiscalYear,
    pub actual: f64,
    pub plan: f64,
    /// Percent, always finite.
    pub rate: f64,
    /// Whether the actual value reached the planned value in the indicator's direction.
    pub met: bool,
    pub rule: AttainmentRule,
}

/// Computes the attainment rate by the documented rule. `None` when the indicator has no
/// direction, or the year has no numeric planned or actual value.
pub fn attainment(ind: &Indicator, year: FiscalYear) -> Option<Attainment> {
    let actual = ind.actual.get(&year).and_then(Value::as_number)?;
    let plan = ind.plan.get(&year).and_then(Value::as_number)?;
    let baseline = ind.baseline.as_ref().and_then(Value::as_number);
    let met = match ind.direction {
        Direction::Increase => actual >= plan,
        Direction::Decrease => actual <= plan,
        Direction::None => return None,
    };
    // From the baseline only when the plan moves from it the indicator's way: an increase
    // planned below its baseline (W212 at load) would give a negative 達成率 for a plan met.
    let towards = |b: f64| match ind.direction {
        Direction::Increase => plan > b,
        _ => plan < b,
    };
    let (rate, rule) = match (baseline, ind.direction) {
        (Some(b), _) if towards(b) => (
            (actual - b) / (plan - b) * 100.0,
            AttainmentRule::FromBaseline,
        ),
        (_, Direction::Increase) if plan > 0.0 => (actual / plan * 100.0, AttainmentRule::Ratio),
        (_, Direction::Decrease) if actual > 0.0 => {
            (plan / actual * 100.0, AttainmentRule::InverseRatio)
        }
        _ => (if met { 100.0 } else { 0.0 }, AttainmentRule::MetOrNot),
    };
    // The rules above never divide by zero; this guards the invariant for any future rule.
    let rate = if rate.is_finite() { rate } else { 0.0 };
    Some(Attainment {
        year,
        actual,
        plan,
        rate,
        met,
        rule,
    })
}

mod changes;
mod compare;
mod sentence;
mod standing;
mod summary;
mod year_on_year;

pub use changes::{changes, grade_text, Change, Changes};
pub use compare::{compare, compare_edition, group, Comparison, Group};
pub use sentence::plain_sentence;
pub use standing::{returns_by_department, standing, Behind, DepartmentReturns, Standing};
pub use summary::*;
pub use year_on_year::{year_on_year, Trend, YearOnYear};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::text::number::format_rate;
    use std::collections::BTreeMap;

    fn indicator(
        direction: Direction,
        baseline: Option<f64>,
        plan: f64,
        actual: Option<f64>,
    ) -> Indicator {
        let fy = FiscalYear(2021);
        Indicator {
            name: "指標".into(),
            unit: "%".into(),
            direction,
            baseline: baseline.map(Value::Number),
            baseline_note: None,
            target: None,
            target_note: None,
            plan_note: None,
            decimals: 0,
            chart: ChartKind::Auto,
            negative: Default::default(),
            plan: BTreeMap::from([(fy, Value::Number(plan))]),
            actual: actual
                .map(|a| BTreeMap::from([(fy, Value::Number(a))]))
                .unwrap_or_default(),
            reference: BTreeMap::new(),
            beyond: BTreeMap::new(),
        }
    }

    fn rate(d: Direction, b: Option<f64>, p: f64, a: f64) -> (f64, bool, AttainmentRule) {
        let x = attainment(&indicator(d, b, p, Some(a)), FiscalYear(2021)).unwrap();
        ((x.rate * 10.0).round() / 10.0, x.met, x.rule)
    }

    #[test]
    fn achievement_rules() {
        use AttainmentRule::*;
        use Direction::{Decrease, Increase};
        // Higher is better, from the baseline: 95.45 → plan 96.4, actual 96.1.
        assert_eq!(
            rate(Increase, Some(95.45), 96.4, 96.1),
            (68.4, false, FromBaseline)
        );
        assert_eq!(
            rate(Increase, Some(95.45), 96.4, 96.4),
            (100.0, true, FromBaseline)
        );
        // Lower is better with a target of exactly 0: no division by zero.
        assert_eq!(
            rate(Decrease, Some(12.0), 0.0, 6.0),
            (50.0, false, FromBaseline)
        );
        assert_eq!(
            rate(Decrease, Some(12.0), 0.0, 0.0),
            (100.0, true, FromBaseline)
        );
        assert_eq!(rate(Decrease, None, 0.0, 0.0), (100.0, true, MetOrNot));
        assert_eq!(rate(Decrease, None, 0.0, 3.0), (0.0, false, InverseRatio));
        // Baseline equals plan: fall back to ratios.
        assert_eq!(rate(Increase, Some(50.0), 50.0, 45.0), (90.0, false, Ratio));
        assert_eq!(
            rate(Decrease, Some(18.0), 18.0, 20.0),
            (90.0, false, InverseRatio)
        );
        assert_eq!(rate(Increase, None, 0.0, 0.0), (100.0, true, MetOrNot));
        // Worse than the baseline gives a negative rate, shown honestly.
        assert_eq!(
            rate(Increase, Some(10.0), 20.0, 5.0),
            (-50.0, false, FromBaseline)
        );
        // Missing actual or no direction: no rate at all.
        assert!(attainment(&indicator(Increase, Some(1.0), 2.0, None), FiscalYear(2021)).is_none());
        assert!(attainment(
            &indicator(Direction::None, Some(1.0), 2.0, Some(2.0)),
            FiscalYear(2021)
        )
        .is_none());
    }

    #[test]
    fn sentence_uses_the_same_numbers() {
        let ind = indicator(Direction::Increase, Some(95.45), 96.4, Some(96.1));
        let f = |v: &Value| {
            format!(
                "{}%",
                crate::text::number::format_number(v.as_number().unwrap())
            )
        };
        assert_eq!(
            plain_sentence(
                &ind,
                FiscalYear(2021),
                (&Default::default(), Default::default()),
                f
            ),
            "令和3年度の実績は96.1%で、計画値96.4%に対し達成率は68.4%です（計画値に未到達）。"
        );
        assert_eq!(
            plain_sentence(
                &ind,
                FiscalYear(2022),
                (&Default::default(), Default::default()),
                f
            ),
            "令和4年度の実績は未報告です。"
        );
        // With the previous year reported, the sentence says how the value moved.
        let mut ind = ind;
        ind.decimals = 1;
        ind.actual.insert(FiscalYear(2020), Value::Number(95.5));
        assert_eq!(
            plain_sentence(&ind, FiscalYear(2021), (&Default::default(), Default::default()), f),
            "令和3年度の実績は96.1%で、計画値96.4%に対し達成率は68.4%です（計画値に未到達）。前年度（令和2年度）から0.6ポイント上昇しました（改善）。"
        );
        assert_eq!(format_rate(-0.01), "0.0%");
    }

    fn plan_with(statuses: &[&[Option<&str>]]) -> Plan {
        let years = |ss: &[Option<&str>]| {
            ss.iter()
                .enumerate()
                .map(|(i, s)| YearPlan {
                    year: FiscalYear(2020 + i as i32),
                    status: s.map(str::to_string),
                    goal: None,
                    result: None,
                    sources: vec![],
                    position: None,
                })
                .collect()
        };
        Plan {
            city: City {
                name: "市".into(),
                code: "102113".into(),
            },
            title: "計画".into(),
            description: None,
            first_year: FiscalYear(2020),
            last_year: FiscalYear(2021),
            revisions: vec![],
            base_url: None,
            license: License::default(),
            statuses: ["検討", "実施"]
                .iter()
                .map(|c| Status {
                    code: c.to_string(),
                    description: String::new(),
                })
                .collect(),
            grades: vec![],
            departments: vec![],
            levels: vec!["大項目".into()],
            categories: vec![],
            tag_group: "区分".into(),
            tags: vec![],
            editions: vec![],
            notice: None,
            branding: Default::default(),
            show_unreported_by_department: false,
            negative: Default::default(),
            language: Default::default(),
            years: Default::default(),
            words: Default::default(),
            items: statuses
                .iter()
                .enumerate()
                .map(|(i, ss)| ActionItem {
                    id: format!("1-{}", i + 1),
                    place: vec![0],
                    number: i as u32 + 1,
                    title: String::new(),
                    departments: vec![String::new()],
                    related_departments: vec![],
                    tags: vec![],
                    common_goal: None,
                    years: years(ss),
                    indicators: vec![],
                    effect_plan: Default::default(),
                    effect_plan_total: None,
                    body: String::new(),
                    body_position: Default::default(),
                    source: Default::default(),
                    id_position: Default::default(),
                    origin: 0,
                })
                .map(std::sync::Arc::new)
                .collect(),
        }
    }

    #[test]
    fn counts_every_item_once_per_year() {
        let plan = plan_with(&[
            &[Some("検討"), Some("実施")],
            &[None, Some("実施")],
            &[Some("実施"), Some("実施")],
        ]);
        let s = status_summary(&plan, plan.items.iter().map(AsRef::as_ref));
        assert_eq!(s.item_count, 3);
        assert_eq!(
            s.rows[0],
            StatusRow {
                status: "検討".into(),
                counts: vec![1, 0]
            }
        );
        assert_eq!(
            s.rows[1],
            StatusRow {
                status: "実施".into(),
                counts: vec![1, 3]
            }
        );
        assert_eq!(
            s.rows[2],
            StatusRow {
                status: "未設定".into(),
                counts: vec![1, 0]
            }
        );
        for (i, _) in s.years.iter().enumerate() {
            assert_eq!(s.rows.iter().map(|r| r.counts[i]).sum::<usize>(), 3);
        }
    }
}
