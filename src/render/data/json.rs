//! JSON: the whole-plan document and one per item, from the same model as the CSV.

use super::csv_file::direction_code;
use crate::model::{ActionItem, Plan, Value};
use crate::progress;
use crate::text::fiscal_year::FiscalYear;
use serde::Serialize;

/// The whole-plan JSON up to its item list: `{ …, "items": `.
pub(super) fn plan_json_head(plan: &Plan) -> Vec<u8> {
    let empty = PlanJson {
        schema: "schema.json",
        city: &plan.city,
        plan: plan_header(plan),
        license: &plan.license,
        items: Vec::new(),
    };
    let mut out = to_json(&empty);
    const EMPTY_LIST: &[u8] = b"[]\n}\n";
    debug_assert!(out.ends_with(EMPTY_LIST));
    out.truncate(out.len() - EMPTY_LIST.len());
    out
}

#[derive(Serialize)]
struct PlanJson<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    city: &'a crate::model::City,
    plan: PlanHeader<'a>,
    license: &'a crate::model::License,
    /// Always empty when printed: see [`plan_json_bytes`].
    items: Vec<ItemJson<'a>>,
}

#[derive(Serialize)]
struct ItemDocument<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    city: &'a crate::model::City,
    plan: PlanHeader<'a>,
    license: &'a crate::model::License,
    item: ItemJson<'a>,
}

#[derive(Serialize)]
struct PlanHeader<'a> {
    title: &'a str,
    first_year: FiscalYear,
    last_year: FiscalYear,
    report_year: Option<FiscalYear>,
    as_of: Option<crate::text::date::Date>,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    title: &'a str,
    /// The lead department.
    department: &'a str,
    /// Every responsible department, lead first: only for an item with more than one.
    #[serde(skip_serializing_if = "Option::is_none")]
    departments: Option<&'a [String]>,
    related_departments: &'a [String],
    category: IdTitle<'a>,
    section: Option<IdTitle<'a>>,
    /// The sections below 中項目 (third and fourth levels), in plans that have them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    subsections: Vec<IdTitle<'a>>,
    /// The item's tag ids, in plans that define tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<&'a [String]>,
    years: Vec<YearJson<'a>>,
    indicators: Vec<IndicatorJson<'a>>,
}

#[derive(Serialize)]
struct IdTitle<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct YearJson<'a> {
    year: FiscalYear,
    wareki: String,
    planned_status: Option<&'a str>,
    goal: Option<&'a str>,
    result: Option<ResultJson<'a>>,
}

#[derive(Serialize)]
struct ResultJson<'a> {
    status: Option<&'a str>,
    grade: Option<&'a str>,
    achievements: Option<&'a str>,
    challenges: Option<&'a str>,
    effect_amount_thousand_yen: Option<f64>,
    council_comment: Option<&'a str>,
}

#[derive(Serialize)]
struct IndicatorJson<'a> {
    name: &'a str,
    unit: &'a str,
    direction: &'static str,
    baseline: ValueJson<'a>,
    target: ValueJson<'a>,
    values: Vec<YearValueJson<'a>>,
    /// Values of years outside the plan's period (only when there are any).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    outside_period: Vec<OutsideJson<'a>>,
}

/// A value of a year outside the plan's period, with which kind it is.
#[derive(Serialize)]
struct OutsideJson<'a> {
    year: FiscalYear,
    wareki: String,
    /// `reference` (before the period) or `beyond` (a target after it).
    kind: &'static str,
    label: &'a str,
    value: ValueJson<'a>,
}

/// A value as number or text; exactly one of the two is non-null when the value exists.
#[derive(Serialize)]
struct ValueJson<'a> {
    value: Option<f64>,
    text: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct YearValueJson<'a> {
    year: FiscalYear,
    wareki: String,
    plan: ValueJson<'a>,
    actual: ValueJson<'a>,
    achievement_percent: Option<f64>,
}

fn value_json<'a>(v: Option<&'a Value>, note: Option<&'a str>) -> ValueJson<'a> {
    match v {
        Some(Value::Number(n)) => ValueJson {
            value: Some(*n),
            text: None,
            note,
        },
        Some(Value::Text(t)) => ValueJson {
            value: None,
            text: Some(t),
            note,
        },
        None => ValueJson {
            value: None,
            text: None,
            note,
        },
    }
}

fn plan_header(plan: &Plan) -> PlanHeader<'_> {
    PlanHeader {
        title: &plan.title,
        first_year: plan.first_year,
        last_year: plan.last_year,
        report_year: plan.latest_edition_year(),
        as_of: plan.editions.last().map(|r| r.as_of),
    }
}

fn item_json<'a>(plan: &'a Plan, item: &'a ActionItem) -> ItemJson<'a> {
    let along = plan.sections_of(item);
    let id_title = |s: &&'a crate::model::Section| IdTitle {
        id: &s.id,
        title: &s.title,
    };
    ItemJson {
        id: &item.id,
        title: &item.title,
        department: item.lead_department(),
        departments: (item.departments.len() > 1).then_some(item.departments.as_slice()),
        related_departments: &item.related_departments,
        category: id_title(&along[0]),
        section: along.get(1).map(id_title),
        subsections: along.iter().skip(2).map(id_title).collect(),
        tags: (!plan.tags.is_empty()).then_some(item.tags.as_slice()),
        years: item
            .years
            .iter()
            .map(|y| YearJson {
                year: y.year,
                wareki: wareki(plan, y.year),
                planned_status: y.status.as_deref(),
                goal: y.goal.as_deref().or(item.common_goal.as_deref()),
                result: y.result.as_ref().map(|r| ResultJson {
                    status: r.status.as_deref(),
                    grade: r.grade.as_deref(),
                    achievements: r.achievements.as_deref(),
                    challenges: r.challenges.as_deref(),
                    effect_amount_thousand_yen: r.effect_amount,
                    council_comment: r.council_comment.as_deref(),
                }),
            })
            .collect(),
        indicators: item
            .indicators
            .iter()
            .map(|ind| IndicatorJson {
                name: &ind.name,
                unit: &ind.unit,
                direction: direction_code(ind),
                baseline: value_json(ind.baseline.as_ref(), ind.baseline_note.as_deref()),
                target: value_json(ind.target.as_ref(), ind.target_note.as_deref()),
                values: plan
                    .fiscal_years()
                    .map(|y| YearValueJson {
                        year: y,
                        wareki: wareki(plan, y),
                        plan: value_json(
                            ind.plan.get(&y),
                            ind.plan.get(&y).and(ind.plan_note.as_deref()),
                        ),
                        actual: value_json(ind.actual.get(&y), None),
                        achievement_percent: progress::attainment(ind, y)
                            .map(|a| (a.rate * 10.0).round() / 10.0),
                    })
                    .collect(),
                outside_period: (ind.outside())
                    .map(|(side, y, v)| OutsideJson {
                        year: y,
                        wareki: wareki(plan, y),
                        kind: side.code(),
                        label: plan.words.get(side.word()),
                        value: value_json(Some(v), None),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The whole-plan JSON: pretty-printed with an empty item list, into which the items'
/// pretty-printed objects are put, indented to their depth (JSON strings hold no raw newlines,
/// so every line break is layout). The bytes are those of printing it all at once.
/// One item's object in the whole-plan JSON, indented to its depth in the item list.
pub(super) fn plan_json_item(plan: &Plan, item: &ActionItem) -> Vec<u8> {
    let json = serde_json::to_vec_pretty(&item_json(plan, item)).unwrap_or_default();
    let mut out = Vec::with_capacity(json.len() + json.len() / 8);
    out.extend_from_slice(b"    ");
    for b in json {
        out.push(b);
        if b == b'\n' {
            out.extend_from_slice(b"    ");
        }
    }
    out
}

fn item_document<'a>(plan: &'a Plan, item: &'a ActionItem) -> ItemDocument<'a> {
    ItemDocument {
        schema: "../schema.json",
        city: &plan.city,
        plan: plan_header(plan),
        license: &plan.license,
        item: item_json(plan, item),
    }
}

pub(super) fn to_json(v: &impl Serialize) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

/// One item's own JSON document.
pub(super) fn item_json_bytes(plan: &Plan, item: &ActionItem) -> Vec<u8> {
    to_json(&item_document(plan, item))
}

/// The `wareki` field: the year in 和暦 in any language, with the plan's era for FY2019.
fn wareki(plan: &Plan, y: FiscalYear) -> String {
    let years = crate::text::fiscal_year::YearFormat {
        western: false,
        ..plan.years
    };
    years.name(y)
}
