//! 取組項目の一覧表 (items/index.html): every item of the page set in one table, with where it
//! stands in the page set's year ([`progress::standing`]: status, grade, 達成率 and why it is
//! behind). Complete and sorted by item number without JavaScript; js/table.js filters and sorts
//! the rows on the codes in their `data-*` attributes and keeps that state in the URL query.

use crate::diag::Diagnostic;
use crate::model::{ActionItem, Plan};
use crate::progress::{self, Standing, UNGRADED, UNREPORTED_STATUS};
use crate::render::page::{Page, Renderer};
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::{format_rate, raw_number};
use serde::Serialize;

/// The code of "no value" (no planned status, 未報告, 未評価) in filters and `data-*` attributes.
/// Statuses and grades are words or letters, never a lone hyphen.
pub const NO_VALUE: &str = "-";

/// What a cell without a value shows.
const DASH: &str = "—";

#[derive(Serialize)]
struct TablePage {
    /// 「令和4年度 (2022)」: the year whose standing the table shows.
    year: String,
    /// Whether the page set has a report; without one the table shows only the planned status.
    reported: bool,
    caption: String,
    /// 「4件中4件を表示」; js/table.js rewrites it as the filters change.
    shown: String,
    filters: Vec<Filter>,
    rows: Vec<Row>,
    /// The top level's name (大項目), the heading of its column.
    top_level: String,
    /// What the plan calls its tags (区分) when it defines any: a column and a list of them.
    tag_group: Option<String>,
    tags: Vec<TagList>,
}

/// One tag with its items, listed under the table (works without JavaScript).
#[derive(Serialize)]
struct TagList {
    id: String,
    label: String,
    description: String,
    items: Vec<crate::render::view::ItemLink>,
}

/// One `<select>` of the filter form. `name` is both the URL parameter and the row's
/// `data-*` attribute it filters on.
#[derive(Serialize)]
struct Filter {
    name: String,
    label: String,
    options: Vec<Choice>,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct Row {
    id: String,
    href: String,
    /// Plan order: the sort key of 番号.
    order: usize,
    title: String,
    category: Coded,
    /// The row's section at each level below the top one that has a filter (`data-level1`…).
    levels: Vec<Attribute>,
    /// The departments' codes, space-separated; the text joins their names.
    department: Coded,
    /// The tags' ids, space-separated (`data-tag`), and their labels.
    tags: Coded,
    planned: Coded,
    status: Coded,
    grade: Coded,
    /// 「HPアクセス数 98.2%」 per indicator with a 達成率 this year.
    attainments: Vec<String>,
    /// What the 達成率 cell shows without one.
    no_attainment: &'static str,
    /// The lowest 達成率, exact (what 達成率 filters and sorts on); empty when there is none.
    lowest: String,
    /// Why the item is behind ([`progress::Behind::text`]).
    behind: Vec<String>,
    /// What the 遅れ cell shows without a reason: 「なし」 once reported, 「—」 before.
    not_behind: String,
    /// "1" when behind, "0" otherwise (`data-behind`).
    is_behind: &'static str,
    /// How many reasons (the sort key of 遅れ); empty before the item reports.
    behind_count: String,
}

/// A `data-*` attribute of a row.
#[derive(Serialize)]
struct Attribute {
    name: String,
    value: String,
}

/// A value with the code it is filtered on and its place in the plan's order (the sort key;
/// empty for no value, which sorts last).
#[derive(Serialize)]
struct Coded {
    code: String,
    text: String,
    rank: String,
}

impl Coded {
    fn none(text: &str) -> Coded {
        Coded {
            code: NO_VALUE.into(),
            text: text.into(),
            rank: String::new(),
        }
    }
}

/// The year the table of a page set shows: its edition's, or the plan's first year when there
/// is no report yet (the build knows no date; a plan is published before its first year).
pub fn table_year(plan: &Plan, edition: Option<FiscalYear>) -> FiscalYear {
    edition.unwrap_or(plan.first_year)
}

impl Renderer<'_> {
    pub(crate) fn items_table(&self) -> Result<Page, Diagnostic> {
        let plan = self.plan;
        let edition = self.page_set.edition.map(|e| e.year);
        let year = table_year(plan, edition);
        let rows: Vec<Row> = (plan.items.iter().enumerate())
            .map(|(i, item)| self.table_row(i, item, &progress::standing(plan, item, year)))
            .collect();
        let n = rows.len().to_string();
        let w = self.w();
        let page = TablePage {
            year: self.year_label(year),
            reported: edition.is_some(),
            caption: w.fill(
                "table.caption",
                &[("year", &self.year_label(year)), ("n", &n)],
            ),
            shown: w.fill("table.shown", &[("shown", &n), ("n", &n)]),
            filters: filters(plan, edition.is_some(), &rows),
            rows,
            top_level: plan.level_name(0).to_string(),
            tag_group: (!plan.tags.is_empty()).then(|| plan.tag_group.clone()),
            tags: self.tag_lists(),
        };
        self.page(
            "items/index.html",
            "table.html",
            w.get("table.title").into(),
            vec![self.home_crumb()],
            page,
        )
    }

    fn table_row(&self, order: usize, item: &ActionItem, s: &Standing) -> Row {
        let plan = self.plan;
        let along = plan.sections_of(item);
        let category = along[0];
        let attainments = s.attainments.iter().map(|(i, a)| {
            let name = &item.indicators[*i].name;
            (format!("{name} {}", format_rate(a.rate)), a.rate)
        });
        let lowest = attainments.clone().map(|(_, r)| r).reduce(f64::min);
        Row {
            id: item.id.clone(),
            href: format!("items/{}.html", item.id),
            order,
            title: item.title.clone(),
            category: Coded {
                code: category.id.clone(),
                text: format!("{} {}", category.id, category.title),
                rank: item.category().to_string(),
            },
            levels: level_attributes(plan, &along),
            department: self.department_cell(&item.departments),
            tags: tag_cell(plan, &item.tags),
            planned: status_cell(plan, s.planned_status.as_deref(), DASH),
            status: status_cell(plan, s.status.as_deref(), plan.words.get(UNREPORTED_STATUS)),
            grade: grade_cell(plan, s.grade.as_deref()),
            attainments: attainments.map(|(t, _)| t).collect(),
            no_attainment: DASH,
            lowest: lowest.map(raw_number).unwrap_or_default(),
            behind: s.behind.iter().map(|b| b.text(&plan.words)).collect(),
            not_behind: if s.reported {
                plan.words.get("table.not_behind").into()
            } else {
                DASH.into()
            },
            is_behind: if s.is_behind() { "1" } else { "0" },
            behind_count: if s.reported {
                s.behind.len().to_string()
            } else {
                String::new()
            },
        }
    }

    /// The departments' ids (every department, with a page or not) and names; ranked by the lead.
    fn department_cell(&self, names: &[String]) -> Coded {
        let departments = &self.plan.departments;
        let rank = departments.iter().position(|d| d.name == names[0]);
        let ids = names.iter().filter_map(|n| self.plan.department(n));
        Coded {
            code: ids.map(|d| d.id.as_str()).collect::<Vec<_>>().join(" "),
            text: names.join("、"),
            rank: rank.map(|r| r.to_string()).unwrap_or_default(),
        }
    }

    /// Each tag with its items, in site.toml's order.
    fn tag_lists(&self) -> Vec<TagList> {
        (self.plan.tags.iter())
            .map(|t| TagList {
                id: t.id.clone(),
                label: t.label.clone(),
                description: t.description.clone(),
                items: (self.plan.items.iter())
                    .filter(|i| i.tags.contains(&t.id))
                    .map(|i| self.item_link(i))
                    .collect(),
            })
            .collect()
    }
}

/// The levels with a filter: every level but the last (whose sections are small and whose
/// number is in the id), and at least the top one.
fn filtered_levels(plan: &Plan) -> std::ops::Range<usize> {
    1..plan.levels.len().saturating_sub(1).max(1)
}

/// `data-level1="1-2"`…: the path of section ids down to each filtered level.
fn level_attributes(plan: &Plan, along: &[&crate::model::Section]) -> Vec<Attribute> {
    filtered_levels(plan)
        .map(|depth| Attribute {
            name: format!("level{depth}"),
            value: match along.get(depth) {
                Some(_) => path_id(&along[..=depth]),
                None => NO_VALUE.into(),
            },
        })
        .collect()
}

/// 「1-2」: the ids of a path of sections, top first.
fn path_id(along: &[&crate::model::Section]) -> String {
    along
        .iter()
        .map(|s| s.id.as_str())
        .collect::<Vec<_>>()
        .join("-")
}

fn tag_cell(plan: &Plan, tags: &[String]) -> Coded {
    let known = tags.iter().filter_map(|t| plan.tag(t));
    let labels: Vec<&str> = known.map(|t| t.label.as_str()).collect();
    let rank = tags
        .first()
        .and_then(|t| plan.tags.iter().position(|x| &x.id == t));
    Coded {
        code: tags.join(" "),
        text: if labels.is_empty() {
            DASH.into()
        } else {
            labels.join(plan.words.get("site.list_separator"))
        },
        rank: rank.map(|r| r.to_string()).unwrap_or_default(),
    }
}

fn status_cell(plan: &Plan, status: Option<&str>, none: &str) -> Coded {
    let Some(code) = status else {
        return Coded::none(none);
    };
    let rank = plan.statuses.iter().position(|s| s.code == code);
    Coded {
        code: code.to_string(),
        text: plan.status_label(code).to_string(),
        rank: rank.map(|r| r.to_string()).unwrap_or_default(),
    }
}

/// 「C（やや遅れ）」: the code with the scale's label.
fn grade_cell(plan: &Plan, grade: Option<&str>) -> Coded {
    let Some(code) = grade else {
        return Coded::none(plan.words.get(UNGRADED));
    };
    let found = plan.grades.iter().position(|g| g.code == code);
    Coded {
        code: code.to_string(),
        text: match found {
            Some(_) => crate::progress::grade_text(plan, code),
            None => code.to_string(),
        },
        rank: found.map(|r| r.to_string()).unwrap_or_default(),
    }
}

/// The filter form's selects: the plan's vocabulary in its order, and a no-value choice where a
/// row has none. Result filters only when the page set has a report.
fn filters(plan: &Plan, reported: bool, rows: &[Row]) -> Vec<Filter> {
    let mut out = vec![filter(
        "category",
        plan.level_name(0),
        &category_choices(plan),
    )];
    out.extend(filtered_levels(plan).map(|depth| {
        let name = format!("level{depth}");
        filter(&name, plan.level_name(depth), &level_choices(plan, depth))
    }));
    if !plan.tags.is_empty() {
        let tags: Vec<_> = (plan.tags.iter())
            .map(|t| {
                (
                    t.id.clone(),
                    format!("{} {}", t.label, t.description).trim().to_string(),
                )
            })
            .collect();
        out.push(filter("tag", &plan.tag_group, &tags));
    }
    let w = &plan.words;
    out.extend([
        filter(
            "dept",
            w.get("item.departments"),
            &department_choices(plan, rows),
        ),
        with_none(
            filter(
                "planned",
                w.get("table.status_planned"),
                &status_choices(plan),
            ),
            rows.iter().any(|r| r.planned.code == NO_VALUE),
            w.get("table.not_planned"),
        ),
    ]);
    if reported {
        out.push(with_none(
            filter("status", w.get("item.status_actual"), &status_choices(plan)),
            rows.iter().any(|r| r.status.code == NO_VALUE),
            w.get(UNREPORTED_STATUS),
        ));
        let grades: Vec<_> = (plan.grades.iter())
            .map(|g| (g.code.clone(), crate::progress::grade_text(plan, &g.code)))
            .collect();
        out.push(with_none(
            filter("grade", w.get("item.grade"), &grades),
            rows.iter().any(|r| r.grade.code == NO_VALUE),
            w.get(UNGRADED),
        ));
        out.push(filter(
            "attainment",
            w.get("table.attainment"),
            &attainment_choices(w),
        ));
    }
    out.iter_mut()
        .for_each(|f| f.options[0].label = w.get("table.all").into());
    out
}

fn filter(name: &str, label: &str, choices: &[(String, String)]) -> Filter {
    let all = Choice {
        value: String::new(),
        label: String::new(),
    };
    let options = choices.iter().map(|(value, label)| Choice {
        value: value.clone(),
        label: label.clone(),
    });
    Filter {
        name: name.to_string(),
        label: label.to_string(),
        options: std::iter::once(all).chain(options).collect(),
    }
}

fn with_none(mut f: Filter, any: bool, label: &str) -> Filter {
    if any {
        f.options.push(Choice {
            value: NO_VALUE.into(),
            label: label.into(),
        });
    }
    f
}

fn category_choices(plan: &Plan) -> Vec<(String, String)> {
    (plan.categories.iter())
        .map(|c| (c.id.clone(), format!("{} {}", c.id, c.title)))
        .collect()
}

/// Every section at level `depth`, in plan order: 「1-2 (2) 窓口の改善」.
fn level_choices(plan: &Plan, depth: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<Vec<&crate::model::Section>> =
        plan.categories.iter().rev().map(|c| vec![c]).collect();
    while let Some(along) = stack.pop() {
        let last = along[along.len() - 1];
        if along.len() == depth + 1 {
            let label = format!("{} {} {}", path_id(&along[..depth]), last.label, last.title);
            out.push((path_id(&along), label));
            continue;
        }
        for child in last.sections.iter().rev() {
            let mut next = along.clone();
            next.push(child);
            stack.push(next);
        }
    }
    out
}

fn status_choices(plan: &Plan) -> Vec<(String, String)> {
    (plan.statuses.iter())
        .map(|s| (s.code.clone(), s.code.clone()))
        .collect()
}

/// The departments with items, in site.toml's order.
fn department_choices(plan: &Plan, rows: &[Row]) -> Vec<(String, String)> {
    (plan.departments.iter())
        .filter(|d| {
            rows.iter()
                .any(|r| r.department.code.split(' ').any(|c| c == d.id))
        })
        .map(|d| (d.id.clone(), d.name.clone()))
        .collect()
}

/// The 達成率 choices js/table.js knows (on the item's lowest 達成率).
fn attainment_choices(w: &crate::words::Words) -> Vec<(String, String)> {
    [
        ("lt100", "table.attainment_lt100"),
        ("lt50", "table.attainment_lt50"),
        ("ge100", "table.attainment_ge100"),
        ("none", "table.attainment_none"),
    ]
    .map(|(v, key)| (v.to_string(), w.get(key).to_string()))
    .to_vec()
}
