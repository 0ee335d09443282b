//! 評価の考え方 (method.html): the statuses, grades and how the attainment rate is
//! computed, each rule with a worked example.

use crate::diag::Diagnostic;
use crate::model::Direction::{self, Decrease, Increase};
use crate::model::{Indicator, Value};
use crate::progress::{self, AttainmentRule as R};
use crate::render::page::{Page, Renderer};
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
    name: String,
    when: String,
    formula: String,
    example: String,
}

impl Renderer<'_> {
    pub(crate) fn method(&self) -> Result<Page, Diagnostic> {
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
    let example = |b, p, a, d| worked_example(w, year, (b, p, a), d);
    let rule = |key: &str, formula: &str, example: String| RuleView {
        name: w.get(&format!("method.rule_{key}")).into(),
        when: w.get(&format!("method.when_{key}")).into(),
        formula: formula.to_string(),
        example,
    };
    vec![
        rule(
            "from_baseline",
            R::FromBaseline.formula(w),
            w.fill(
                "method.example_from_baseline",
                &[
                    ("increase", &example(Some(95.45), 96.4, 96.1, Increase)),
                    ("decrease", &example(Some(12.0), 0.0, 6.0, Decrease)),
                ],
            ),
        ),
        rule(
            "ratio",
            R::Ratio.formula(w),
            example(None, 50.0, 45.0, Increase),
        ),
        rule(
            "inverse_ratio",
            R::InverseRatio.formula(w),
            example(None, 18.0, 20.0, Decrease),
        ),
        rule(
            "met_or_not",
            R::MetOrNot.formula(w),
            example(None, 0.0, 0.0, Decrease),
        ),
    ]
}

/// A worked example: the rate [`progress::attainment`] gives for baseline `b`, plan `p` and
/// actual `a` in `year`.
fn worked_example(
    w: &crate::words::Words,
    year: FiscalYear,
    (b, p, a): (Option<f64>, f64, f64),
    d: Direction,
) -> String {
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
        reference: BTreeMap::new(),
        beyond: BTreeMap::new(),
    };
    let x = progress::attainment(&ind, year)
        .map(|x| format_rate(x.rate))
        .unwrap_or_default();
    let n = format_number;
    let (p, a) = (n(p), n(a));
    match b {
        Some(b) => w.fill(
            "method.example_baseline",
            &[
                ("baseline", &n(b)),
                ("plan", &p),
                ("actual", &a),
                ("rate", &x),
            ],
        ),
        None => w.fill(
            "method.example_plain",
            &[("plan", &p), ("actual", &a), ("rate", &x)],
        ),
    }
}
