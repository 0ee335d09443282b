//! items/*.md: 取組項目ファイルの解析と検証。 / Parsing and validating one action-item file.
//!
//! This module holds the front matter's serde shape and [`parse`], a list of steps: the
//! [`id`] and its place in the plan, the department, the [`years`] and the [`indicators`].

mod amounts;
mod id;
mod indicators;
mod year;
mod years;

pub use indicators::never_negative;

use crate::content::check::Checker;
use crate::content::source::{split_front_matter, FrontMatter, SourceFile};
use crate::diag::codes;
use crate::diag::toml::nearest;
use crate::diag::Diagnostic;
use crate::model::{ActionItem, Direction, Indicator, Plan, Value, YearPlan};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Spanned<String>,
    title: Spanned<String>,
    /// One department (`"A"`) or several (`["A", "B"]`), the lead first.
    department: Spanned<RawDepartments>,
    #[serde(default)]
    related_departments: Vec<String>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    common_goal: Option<String>,
    #[serde(default)]
    years: Vec<RawYear>,
    /// `None` when the key is absent (warned about), `Some([])` for "no numeric target, on purpose".
    indicators: Option<Vec<RawIndicator>>,
    /// Planned 効果額 (千円) by fiscal year, and for the whole plan.
    #[serde(default)]
    effect_plan: BTreeMap<Spanned<String>, Spanned<RawValue>>,
    effect_plan_total: Option<Spanned<RawValue>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: Spanned<i64>,
    status: Option<Spanned<String>>,
    goal: Option<String>,
    result: Option<Spanned<RawResult>>,
    #[serde(default)]
    sources: Vec<RawSource>,
}

/// `[[years.sources]]`: where imported values came from (written by `survey import`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    department: Spanned<String>,
    file: Spanned<String>,
    sheet: Option<String>,
    imported: Spanned<String>,
    #[serde(default)]
    cells: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResult {
    status: Option<Spanned<String>>,
    grade: Option<Spanned<String>>,
    achievements: Option<String>,
    challenges: Option<String>,
    effect_amount: Option<Spanned<RawValue>>,
    council_comment: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    name: Spanned<String>,
    #[serde(default)]
    unit: String,
    direction: Direction,
    baseline: Option<Spanned<RawValue>>,
    baseline_note: Option<String>,
    target: Option<Spanned<RawValue>>,
    target_note: Option<String>,
    plan_note: Option<String>,
    /// `auto`, `bar` or `line`; checked in `indicators::chart_kind`.
    chart: Option<Spanned<String>>,
    #[serde(default)]
    plan: BTreeMap<Spanned<String>, Spanned<RawValue>>,
    #[serde(default)]
    actual: BTreeMap<Spanned<String>, Spanned<RawValue>>,
    /// Reference values of years before the plan's period.
    #[serde(default)]
    reference: BTreeMap<Spanned<String>, Spanned<RawValue>>,
    /// Targets of years after the plan's period.
    #[serde(default)]
    beyond: BTreeMap<Spanned<String>, Spanned<RawValue>>,
}

/// `department`: a name, or an array of names.
enum RawDepartments {
    One(String),
    Many(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for RawDepartments {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawDepartments;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a department name or an array of names")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDepartments, E> {
                Ok(RawDepartments::One(v.to_string()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RawDepartments, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<Spanned<String>>()? {
                    names.push(name);
                }
                Ok(RawDepartments::Many(names))
            }
        }
        d.deserialize_any(V)
    }
}

impl RawDepartments {
    /// Each name with where it is written (the whole value's span for a single name).
    fn names(raw: &Spanned<RawDepartments>) -> Vec<Spanned<String>> {
        match raw.get_ref() {
            RawDepartments::One(name) => vec![Spanned::new(raw.span(), name.clone())],
            RawDepartments::Many(names) => names.clone(),
        }
    }
}

/// A number or a string, exactly as written (no coercion).
struct RawValue(Value);

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
                Ok(RawValue(Value::Number(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
                Ok(RawValue(Value::Number(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
                Ok(RawValue(Value::Number(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
                Ok(RawValue(Value::Text(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

/// Parses and validates one item file against the plan's vocabularies. Returns the item and
/// every diagnostic (warnings included); `None` when there were errors.
pub fn parse(file: &SourceFile, plan: &Plan) -> (Option<ActionItem>, Vec<Diagnostic>) {
    let fm = match split_front_matter(&file.path, &file.text) {
        Ok(fm) => fm,
        Err(d) => return (None, vec![d]),
    };
    let mut c = Checker::new(file, fm.toml_offset);
    let Some(raw) = read(&fm, &mut c) else {
        return (None, c.into_diagnostics());
    };
    crate::content::syntax::body(fm.body, fm.body_offset, &mut c);
    let place = id::locate(&raw.id, plan, &mut c);
    id::check_file_name(&raw.id, &mut c);
    let departments = departments(&raw.department, plan, &mut c);
    check_tags(&raw.tags, plan, &mut c);
    required_text(&raw, &mut c);
    let names: Vec<&str> = (raw.indicators.iter().flatten())
        .map(|i| i.name.get_ref().trim())
        .collect();
    let years = years::years(&raw.years, plan, &names, &mut c);
    let indicators = indicators::indicators(raw.indicators.as_ref(), &raw.id, plan, &mut c);
    years::check_missing(&years, &raw.id, plan, &mut c);
    let effect_plan = amounts::effect_plan(&raw.effect_plan, plan, &mut c);
    let effect_plan_total = (raw.effect_plan_total.as_ref())
        .and_then(|v| amounts::amount(v, "効果額（計画の合計）", &mut c));

    let Some(place) = place.filter(|_| !c.has_errors()) else {
        return (None, c.into_diagnostics());
    };
    let checked = Checked {
        place,
        departments,
        years: years::every_year(years, plan),
        indicators,
        effect_plan,
        effect_plan_total,
    };
    let item = assemble(raw, checked, &fm, &c);
    (Some(item), c.into_diagnostics())
}

/// The front matter deserialised, after every syntax error and character problem of the file
/// is collected (`content::syntax`); `None` when it cannot be read.
fn read(fm: &FrontMatter, c: &mut Checker) -> Option<RawItem> {
    let toml = crate::content::source::normalize_wide_spaces(fm.toml);
    if !crate::content::syntax::check(&toml, c) {
        return None;
    }
    match toml::from_str(&toml) {
        Ok(raw) => Some(raw),
        Err(e) => {
            let d = crate::diag::toml::diagnostic(c.path(), c.text(), fm.toml_offset, &e);
            c.push(d);
            None
        }
    }
}

/// The title and every indicator's name must say something (E175).
fn required_text(raw: &RawItem, c: &mut Checker) {
    crate::content::check::require_text(&raw.title, "title（取組項目名）", c);
    for ind in raw.indicators.iter().flatten() {
        crate::content::check::require_text(&ind.name, "指標の name", c);
    }
}

/// The item's departments, each checked against site.toml (E123), at least one and none twice
/// (E141); a warning when all are collective entries (W225).
fn departments(raw: &Spanned<RawDepartments>, plan: &Plan, c: &mut Checker) -> Vec<String> {
    let names = RawDepartments::names(raw);
    if names.is_empty() {
        c.error(
            codes::E141,
            raw.span(),
            "担当課が 1 つもありません",
            "department = \"情報戦略課\" か、複数なら department = [\"情報戦略課\", \"行政課\"] のように書きます（先頭が主な担当課）。",
        );
    }
    let mut seen: Vec<String> = Vec::new();
    for name in &names {
        let n = name.get_ref().trim().to_string();
        if seen.contains(&n) {
            c.error(
                codes::E141,
                name.span(),
                format!("担当課「{n}」が 2 回書かれています"),
                "同じ課は 1 回だけ書いてください。",
            );
        }
        check_department(name, plan, c);
        seen.push(n);
    }
    let collective = |n: &String| plan.department(n).is_some_and(|d| d.collective);
    if !seen.is_empty() && seen.iter().all(collective) {
        c.warning(
            codes::W225,
            raw.span(),
            format!(
                "担当課が「{}」だけで、担当課のページにも調査票にも載りません",
                seen.join("、")
            ),
            "取りまとめる課を先頭に加えてください。例: department = [\"行政課\", \"関係各課\"]",
        );
    }
    seen
}

fn check_department(department: &Spanned<String>, plan: &Plan, c: &mut Checker) {
    if plan.department(department.get_ref().trim()).is_some() {
        return;
    }
    let names: Vec<String> = plan.departments.iter().map(|d| d.name.clone()).collect();
    let help = match nearest(department.get_ref(), &names) {
        Some(n) => format!("「{n}」の誤りではありませんか？ 新しい課なら site.toml の [[departments]] に追加してください。"),
        None => "site.toml の [[departments]] に追加するか、登録済みの課名を書いてください。".to_string(),
    };
    c.error(
        codes::E123,
        department.span(),
        format!(
            "担当課「{}」は site.toml の departments にありません",
            department.get_ref()
        ),
        help,
    );
}

/// Every tag must be defined in site.toml's [[tags]] (E138).
fn check_tags(tags: &[Spanned<String>], plan: &Plan, c: &mut Checker) {
    for tag in tags
        .iter()
        .filter(|t| plan.tag(t.get_ref().trim()).is_none())
    {
        let known: Vec<String> = plan
            .tags
            .iter()
            .map(|t| format!("{}（{}）", t.id, t.label))
            .collect();
        let help = if known.is_empty() {
            "site.toml に [[tags]] を定義してください（docs/content-format.md の「タグ」）。"
                .to_string()
        } else {
            format!("使える {}: {}", plan.tag_group, known.join("、"))
        };
        c.error(
            codes::E138,
            tag.span(),
            format!(
                "{}「{}」は site.toml の [[tags]] にありません",
                plan.tag_group,
                tag.get_ref()
            ),
            help,
        );
    }
}

/// The parts of an item that were checked against the plan, without errors.
struct Checked {
    place: id::Place,
    departments: Vec<String>,
    years: Vec<YearPlan>,
    indicators: Vec<Indicator>,
    effect_plan: BTreeMap<crate::text::fiscal_year::FiscalYear, f64>,
    effect_plan_total: Option<f64>,
}

fn assemble(raw: RawItem, checked: Checked, fm: &FrontMatter, c: &Checker) -> ActionItem {
    let (place, number) = checked.place;
    ActionItem {
        id: raw.id.get_ref().trim().to_string(),
        place,
        number,
        title: raw.title.get_ref().trim().to_string(),
        departments: checked.departments,
        tags: raw
            .tags
            .iter()
            .map(|t| t.get_ref().trim().to_string())
            .collect(),
        related_departments: raw
            .related_departments
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        common_goal: raw.common_goal.filter(|g| !g.trim().is_empty()),
        years: checked.years,
        indicators: checked.indicators,
        effect_plan: checked.effect_plan,
        effect_plan_total: checked.effect_plan_total,
        body: fm.body.to_string(),
        body_position: c.position(fm.body_offset),
        source: c.path().to_path_buf(),
        id_position: c.pos(raw.id.span()),
        origin: 0,
    }
}

/// The message for a number beyond ±10^15 (`text::number::MAX_EXACT`), for values and 効果額.
pub(super) fn too_large(what: &str) -> String {
    format!("{what}が大きすぎて正確に扱えません（±1,000,000,000,000,000 まで） (number too large to keep exactly)")
}

pub(super) const TOO_LARGE_HELP: &str =
    "桁を確かめてください。単位を大きくする（円 → 千円、人 → 千人）と扱える大きさになります。";

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}
