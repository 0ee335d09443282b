//! CSV: UTF-8 with BOM, CRLF, long format, from the model. Every text cell is plain text on
//! one line and safe to open in a spreadsheet ([`cell`]).

use super::columns::{progress_columns, status_columns, Column, Kind, Shape};
use crate::model::{ActionItem, Indicator, Plan, Value};
use crate::progress;
use crate::render::markdown::{plain_cell, CELL_SEPARATOR};
use crate::text::cell::neutralise;
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::raw_number;
use std::borrow::Cow;

/// What a cell of a column of `kind` is written as. Text is made one plain line (Markdown
/// without its syntax, line feeds as 「／」, as the machine-readability rules ask: 1セル1データ,
/// no line breaks for layout), then neutralised so no spreadsheet reads it as a formula.
/// Numbers, years and dates are written as they are: `-5` stays a number.
pub(super) fn cell(kind: Kind, value: &str) -> Cow<'_, str> {
    if !kind.is_text() {
        return Cow::Borrowed(value);
    }
    let plain = if kind == Kind::Markdown {
        Cow::Owned(plain_cell(value))
    } else if value.contains(['\n', '\r']) {
        let lines: Vec<&str> = value
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        Cow::Owned(lines.join(CELL_SEPARATOR))
    } else {
        Cow::Borrowed(value)
    };
    match plain {
        Cow::Borrowed(p) => neutralise(p),
        Cow::Owned(p) => Cow::Owned(neutralise(&p).into_owned()),
    }
}

pub(super) fn csv_bytes<S: AsRef<str>>(columns: &[Column], rows: Vec<Vec<S>>) -> Vec<u8> {
    // UTF-8 with BOM so Excel on Windows opens it correctly; CRLF line ends.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    // Writing to a Vec cannot fail.
    let _ = w.write_record(columns.iter().map(|c| c.name.as_ref()));
    for row in rows {
        let cells = row
            .iter()
            .zip(columns)
            .map(|(v, c)| cell(c.kind, v.as_ref()));
        let _ = w.write_record(cells.map(|c| c.into_owned()));
    }
    let _ = w.flush();
    drop(w);
    out
}

pub(super) fn value_cells(v: Option<&Value>) -> (String, String) {
    match v {
        Some(Value::Number(n)) => (raw_number(*n), String::new()),
        Some(Value::Text(t)) => (String::new(), t.clone()),
        None => (String::new(), String::new()),
    }
}

pub(super) fn direction_code(ind: &Indicator) -> &'static str {
    match ind.direction {
        crate::model::Direction::Increase => "increase",
        crate::model::Direction::Decrease => "decrease",
        crate::model::Direction::None => "none",
    }
}

/// One row per item × indicator × kind × fiscal year (long format).
pub(super) fn progress_csv_bytes<'a>(
    plan: &'a Plan,
    shape: Shape,
    items: &[&'a ActionItem],
) -> Vec<u8> {
    let as_of = as_of(plan);
    let w = &plan.words;
    // Cells borrow from the model where they can: thousands of rows repeat the same names.
    let mut rows: Vec<Vec<Cow<'a, str>>> = Vec::new();
    for item in items {
        let departments: Cow<'a, str> = match item.departments.as_slice() {
            [one] => Cow::Borrowed(one.as_str()),
            many => Cow::Owned(many.join(w.get("site.joiner"))),
        };
        for ind in &item.indicators {
            let common = |kind: &'static str, label: &'a str, year: Option<FiscalYear>| {
                vec![
                    Cow::Borrowed(plan.city.code.as_str()),
                    Cow::Borrowed(plan.city.name.as_str()),
                    Cow::Borrowed(plan.title.as_str()),
                    Cow::Borrowed(item.id.as_str()),
                    Cow::Borrowed(item.title.as_str()),
                    departments.clone(),
                    Cow::Borrowed(ind.name.as_str()),
                    Cow::Borrowed(ind.unit.as_str()),
                    Cow::Borrowed(direction_code(ind)),
                    Cow::Borrowed(kind),
                    Cow::Borrowed(label),
                    year.map(|y| y.0.to_string()).unwrap_or_default().into(),
                    year.map(|y| plan.years.name(y)).unwrap_or_default().into(),
                ]
            };
            let mut push = |mut row: Vec<Cow<'a, str>>,
                            v: Option<&Value>,
                            note: Cow<'a, str>,
                            rate: String| {
                let (num, text) = value_cells(v);
                row.extend([num.into(), text.into(), note, rate.into()]);
                row.push(Cow::Owned(as_of.clone()));
                rows.push(row);
            };
            let note = |n: &'a Option<String>| Cow::Borrowed(n.as_deref().unwrap_or_default());
            push(
                common("baseline", w.get("item.baseline_row"), None),
                ind.baseline.as_ref(),
                note(&ind.baseline_note),
                String::new(),
            );
            push(
                common("target", w.get("item.target_row"), Some(plan.last_year)),
                ind.target.as_ref(),
                note(&ind.target_note),
                String::new(),
            );
            for y in plan.fiscal_years() {
                let value = ind.plan.get(&y);
                let plan_note = if value.is_some() {
                    note(&ind.plan_note)
                } else {
                    Cow::Borrowed("")
                };
                push(
                    common("plan", w.get("item.planned_value"), Some(y)),
                    value,
                    plan_note,
                    String::new(),
                );
            }
            for y in plan.fiscal_years() {
                let reported = plan.latest_edition_year().is_some_and(|r| y <= r);
                let actual = ind.actual.get(&y);
                let note = if actual.is_none() && reported {
                    w.get("site.unreported")
                } else {
                    ""
                };
                let rate = progress::attainment(ind, y)
                    .map(|a| format!("{:.1}", a.rate))
                    .unwrap_or_default();
                push(
                    common("actual", w.get("item.actual_value"), Some(y)),
                    actual,
                    Cow::Borrowed(note),
                    rate,
                );
            }
            // Values outside the period, after the period's rows: they have no 達成率.
            for (side, y, v) in ind.outside() {
                push(
                    common(side.code(), w.get(side.word()), Some(y)),
                    Some(v),
                    Cow::Borrowed(""),
                    String::new(),
                );
            }
        }
    }
    csv_bytes(&progress_columns(plan, shape), rows)
}

/// The 基準日 of a page set's figures: its edition's (the last edition of the plan as the page
/// set shows it); empty while no edition is reported.
pub(super) fn as_of(plan: &Plan) -> String {
    plan.editions
        .last()
        .map(|e| e.as_of.to_string())
        .unwrap_or_default()
}

pub(super) fn status_csv_bytes(plan: &Plan, shape: Shape, items: &[&ActionItem]) -> Vec<u8> {
    let as_of = as_of(plan);
    let mut rows = Vec::new();
    for item in items {
        let sections = section_cells(plan, item);
        for y in &item.years {
            let r = y.result.as_ref();
            let mut row = vec![
                plan.city.code.clone(),
                plan.city.name.clone(),
                plan.title.clone(),
                item.id.clone(),
                item.title.clone(),
                item.departments.join(plan.words.get("site.joiner")),
            ];
            row.extend(sections.iter().cloned());
            row.extend([
                y.year.0.to_string(),
                plan.years.name(y.year),
                y.status.clone().unwrap_or_default(),
                y.goal
                    .clone()
                    .or_else(|| item.common_goal.clone())
                    .unwrap_or_default(),
                r.and_then(|r| r.status.clone()).unwrap_or_default(),
                r.and_then(|r| r.grade.clone()).unwrap_or_default(),
                r.and_then(|r| r.effect_amount)
                    .map(raw_number)
                    .unwrap_or_default(),
            ]);
            if shape.effect_plan {
                let planned = item.effect_plan.get(&y.year).copied();
                row.push(planned.map(raw_number).unwrap_or_default());
            }
            row.push(as_of.clone());
            rows.push(row);
        }
    }
    csv_bytes(&status_columns(plan, shape), rows)
}

/// One cell per section level: 「1 情報の提供」, 「(1) 窓口」, …; empty below the item's section.
fn section_cells(plan: &Plan, item: &ActionItem) -> Vec<String> {
    let along = plan.sections_of(item);
    (0..plan.levels.len())
        .map(|depth| match (depth, along.get(depth)) {
            (_, None) => String::new(),
            (0, Some(s)) => format!("{} {}", s.id, s.title),
            (_, Some(s)) => format!("{} {}", s.label, s.title),
        })
        .collect()
}
