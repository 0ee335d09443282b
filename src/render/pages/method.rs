//! 評価の考え方 (method.html): the statuses, grades and how the attainment rate is
//! computed, each rule with a worked example.

use crate::diag::Diagnostic;
use crate::model::Direction::{self, Decrease, Increase};
use crate::model::{Indicator, Value};
use crate::output::OutputFile;
use crate::progress::{self, AttainmentRule as R};
use crate::render::page::Renderer;
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::{format_number, format_rate};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct MethodPage {
    statuses: Vec<crate::model::Status>,
    grades: Vec<crate::model::Grade>,
    rules: Vec<RuleView>,
}

#[derive(Serialize)]
struct RuleView {
    name: &'static str,
    when: &'static str,
    formula: String,
    example: String,
}

impl Renderer<'_> {
    pub(crate) fn method(&self) -> Result<OutputFile, Diagnostic> {
        let page = MethodPage {
            statuses: self.plan.statuses.clone(),
            grades: self.plan.grades.clone(),
            rules: rules(self.plan.first_year, self.w()),
        };
        self.page(
            "method.html",
            "method.html",
            self.w().get("nav.method").into(),
            vec![self.home_crumb()],
            page,
        )
    }
}

/// The attainment rules, in the order [`progress::attainment`] tries them.
fn rules(year: FiscalYear, w: &crate::words::Words) -> Vec<RuleView> {
    let example = |b, p, a, d| worked_example(year, b, p, a, d);
    vec![
        RuleView {
            name: "基準値からの改善率",
            when: "現状値（計画策定時の数値）があり、計画値が現状値から指標の向きに離れているとき（高いほど良い指標では計画値が現状値より大きく、低いほど良い指標では小さいとき）",
            formula: R::FromBaseline.formula(w).to_string(),
            example: format!("{}。低いほど良い指標でも同じ式です（例: {}）。", example(Some(95.45), 96.4, 96.1, Increase), example(Some(12.0), 0.0, 6.0, Decrease)),
        },
        RuleView {
            name: "計画値に対する比率（高いほど良い指標）",
            when: "現状値がないか、計画値が現状値と同じか逆の向きにあって、計画値が 0 より大きいとき",
            formula: R::Ratio.formula(w).to_string(),
            example: example(None, 50.0, 45.0, Increase),
        },
        RuleView {
            name: "計画値に対する比率（低いほど良い指標）",
            when: "現状値がないか、計画値が現状値と同じか逆の向きにあって、実績値が 0 より大きいとき",
            formula: R::InverseRatio.formula(w).to_string(),
            example: example(None, 18.0, 20.0, Decrease),
        },
        RuleView {
            name: "到達・未到達",
            when: "上のどれでも割り算ができないとき（計画値 0 の高いほど良い指標、実績値 0 の低いほど良い指標）",
            formula: R::MetOrNot.formula(w).to_string(),
            example: example(None, 0.0, 0.0, Decrease),
        },
    ]
}

/// A worked example: the rate [`progress::attainment`] gives for baseline `b`, plan `p` and
/// actual `a` in `year`.
fn worked_example(year: FiscalYear, b: Option<f64>, p: f64, a: f64, d: Direction) -> String {
    let ind = Indicator {
        name: String::new(),
        unit: String::new(),
        direction: d,
        baseline: b.map(Value::Number),
        baseline_note: None,
        target: None,
        target_note: None,
        plan_note: None,
        decimals: 0,
        chart: Default::default(),
        negative: Default::default(),
        plan: BTreeMap::from([(year, Value::Number(p))]),
        actual: BTreeMap::from([(year, Value::Number(a))]),
    };
    let x = progress::attainment(&ind, year)
        .map(|x| format_rate(x.rate))
        .unwrap_or_default();
    let n = format_number;
    match b {
        Some(b) => format!(
            "現状値 {}、計画値 {}、実績値 {} のとき {x}",
            n(b),
            n(p),
            n(a)
        ),
        None => format!("計画値 {}、実績値 {} のとき {x}", n(p), n(a)),
    }
}
