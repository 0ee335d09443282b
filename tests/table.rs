//! 取組項目の一覧表 (items/index.html in every page set), read back from the built HTML and
//! compared with the model: one row per item in plan order, each cell equal to
//! `progress::standing`, the `data-*` codes js/table.js filters on equal to the visible text,
//! every code offered by the filter form, links that lead to written pages.

mod common;

use common::*;
use shinchoku::model::Plan;
use shinchoku::progress::{standing, Standing};
use shinchoku::text::fiscal_year::FiscalYear;
use shinchoku::text::number::format_rate;
use std::collections::BTreeMap;

type Tree = BTreeMap<String, Vec<u8>>;

fn build(content: &std::path::Path) -> (Tree, Plan) {
    let site = Site::from_content(content);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let plan = shinchoku::content::load::load(&site.content())
        .plan
        .unwrap();
    (read_tree(&site.output()), plan)
}

/// One row of the table as the page has it.
struct Row {
    data: BTreeMap<String, String>,
    /// Cell texts, the row header first.
    cells: Vec<String>,
    /// The list items of the 達成率 and 遅れ cells.
    attainments: Vec<String>,
    behind: Vec<String>,
    href: String,
}

fn rows(doc: &scraper::Html) -> Vec<Row> {
    let li = |tr: scraper::ElementRef, cell: &str| -> Vec<String> {
        tr.select(&sel(&format!("td.{cell} li")))
            .map(text)
            .collect()
    };
    doc.select(&sel("#item-table tbody tr"))
        .map(|tr| Row {
            data: (tr.value().attrs())
                .filter_map(|(k, v)| Some((k.strip_prefix("data-")?.to_string(), v.to_string())))
                .collect(),
            cells: tr.select(&sel("th, td")).map(text).collect(),
            attainments: li(tr, "attainment"),
            behind: li(tr, "behind"),
            href: (tr.select(&sel("th[scope=row] a")).next())
                .and_then(|a| a.value().attr("href"))
                .unwrap()
                .to_string(),
        })
        .collect()
}

fn headers(doc: &scraper::Html) -> Vec<String> {
    doc.select(&sel("#item-table thead th[scope=col]"))
        .map(text)
        .collect()
}

/// The `data-*` code of a missing value, and what its cell shows.
const NO_VALUE: &str = "-";

fn expect_cell(cell: &str, data: &str, value: Option<&str>, none: &str, what: &str) {
    match value {
        Some(v) => {
            assert_eq!(data, v, "{what}: data-* is the code");
            assert!(cell.starts_with(v), "{what}: {cell} shows {v}");
        }
        None => {
            assert_eq!(data, NO_VALUE, "{what}");
            assert_eq!(cell, none, "{what}");
        }
    }
}

/// Checks one row against where the item stands, with the page's columns.
fn check_row(plan: &Plan, index: usize, row: &Row, s: &Standing, reported: bool) {
    let item = &plan.items[index];
    let what = format!("{} ({})", item.id, s.year.0);
    let category = &plan.categories[item.category()];
    let department = plan.department(item.lead_department()).unwrap();
    assert_eq!(row.cells[0], item.id, "{what}: plan order");
    assert_eq!(row.cells[1], item.title, "{what}");
    assert_eq!(row.cells[2], format!("{} {}", category.id, category.title));
    assert_eq!(row.data["category"], category.id, "{what}");
    assert_eq!(row.cells[3], department.name, "{what}");
    assert_eq!(row.data["dept"], department.id, "{what}");
    let planned = s.planned_status.as_deref();
    expect_cell(&row.cells[4], &row.data["planned"], planned, "—", &what);
    if !reported {
        assert_eq!(row.cells.len(), 5, "{what}: no result columns");
        for key in ["status", "grade", "attainment", "behind"] {
            assert!(!row.data.contains_key(key), "{what}: data-{key}");
        }
        return;
    }
    assert_eq!(row.cells.len(), 9, "{what}");
    let status = s.status.as_deref();
    expect_cell(&row.cells[5], &row.data["status"], status, "未報告", &what);
    expect_cell(
        &row.cells[6],
        &row.data["grade"],
        s.grade.as_deref(),
        "未評価",
        &what,
    );
    check_results(plan, index, row, s, &what);
}

/// The 達成率 and 遅れ cells and their codes.
fn check_results(plan: &Plan, index: usize, row: &Row, s: &Standing, what: &str) {
    let item = &plan.items[index];
    let rates: Vec<String> = (s.attainments.iter())
        .map(|(i, a)| format!("{} {}", item.indicators[*i].name, format_rate(a.rate)))
        .collect();
    assert_eq!(row.attainments, rates, "{what}");
    let lowest = s.attainments.iter().map(|(_, a)| a.rate).reduce(f64::min);
    let data = &row.data["attainment"];
    assert_eq!(data.parse::<f64>().ok(), lowest, "{what}: data-attainment");
    // The exact code the filter compares agrees with the rounded rate on the page.
    if let Some(low) = lowest {
        assert!(row
            .attainments
            .iter()
            .any(|t| t.ends_with(&format_rate(low))));
    } else {
        assert_eq!(row.cells[7], "—", "{what}");
    }
    let reasons: Vec<String> = s.behind.iter().map(|b| b.text(&plan.words)).collect();
    assert_eq!(row.behind, reasons, "{what}");
    assert_eq!(row.data["behind"], if s.is_behind() { "1" } else { "0" });
    if reasons.is_empty() {
        let none = if s.reported { "なし" } else { "—" };
        assert_eq!(row.cells[8], none, "{what}");
    }
}

/// Every code a row carries is a choice of the select of the same name, so that any row can be
/// filtered to; and every choice is a code of the plan's vocabulary.
fn check_filters(doc: &scraper::Html, rows: &[Row], page: &str) {
    let selects: Vec<scraper::ElementRef> = doc.select(&sel("#table-filters select")).collect();
    assert!(!selects.is_empty(), "{page}");
    for select in &selects {
        let name = select.value().attr("name").unwrap();
        let id = select.value().attr("id").unwrap();
        let label = doc.select(&sel(&format!("label[for=\"{id}\"]"))).next();
        assert!(label.is_some_and(|l| !text(l).is_empty()), "{page}: {name}");
        let values: Vec<&str> = (select.select(&sel("option")))
            .map(|o| o.value().attr("value").unwrap())
            .collect();
        assert_eq!(values[0], "", "{page}: {name} starts with すべて");
        if name == "attainment" {
            continue;
        }
        for r in rows {
            let code = &r.data[name];
            assert!(values.contains(&code.as_str()), "{page}: {name}={code}");
        }
    }
}

/// One page set's table: its rows against the model at `year`.
fn check_table(tree: &Tree, plan: &Plan, page: &str, year: FiscalYear, reported: bool) {
    let doc = html(tree, page);
    let h1 = text(doc.select(&sel("main h1")).next().unwrap());
    assert_eq!(h1, "取組項目の一覧表", "{page}");
    let rows = rows(&doc);
    assert_eq!(rows.len(), plan.items.len(), "{page}: one row per item");
    for (i, row) in rows.iter().enumerate() {
        let item = &plan.items[i];
        check_row(plan, i, row, &standing(plan, item, year), reported);
        let target = resolve(page, &row.href).unwrap();
        let expected = page.replace("index.html", &format!("{}.html", item.id));
        assert_eq!(
            target, expected,
            "{page}: the link leads to the item in this page set"
        );
        assert!(tree.contains_key(&target), "{page}: {target} is written");
    }
    check_filters(&doc, &rows, page);
    let status = text(
        doc.select(&sel("#table-status[role=status]"))
            .next()
            .unwrap(),
    );
    let n = plan.items.len();
    assert_eq!(status, format!("{n}件中{n}件を表示"), "{page}");
    let caption = text(doc.select(&sel("#item-table caption")).next().unwrap());
    assert!(caption.contains(&year.label()), "{page}: {caption}");
    // The filter form is there for the script, hidden until it runs.
    let form = doc.select(&sel("form#table-filters")).next().unwrap();
    assert!(form.value().attr("hidden").is_some(), "{page}");
    let script = doc.select(&sel("script[src$=\"js/table.js\"]")).next();
    let src = script.unwrap().value().attr("src").unwrap();
    assert!(
        tree.contains_key(&resolve(page, src).unwrap()),
        "{page}: {src}"
    );
}

#[test]
fn every_edition_of_the_sample_has_a_table_equal_to_the_model() {
    let (tree, plan) = build(&repo().join("tests/fixtures/sample/content"));
    let latest = plan.latest_edition_year().unwrap();
    check_table(&tree, &plan, "items/index.html", latest, true);
    assert_eq!(plan.editions.len(), 3);
    for e in &plan.editions {
        let frozen = plan.as_of_edition(e.year);
        let page = format!("reports/{}/items/index.html", e.year.0);
        check_table(&tree, &frozen, &page, e.year, true);
    }
    let doc = html(&tree, "items/index.html");
    let heads = headers(&doc);
    assert_eq!(
        heads,
        [
            "番号",
            "取組項目",
            "大項目",
            "担当課",
            "進捗状況（計画）",
            "進捗状況（実績）",
            "評価",
            "達成率",
            "遅れ"
        ]
    );
}

#[test]
fn the_sample_table_shows_the_reasons_an_item_is_behind() {
    let (tree, _plan) = build(&repo().join("tests/fixtures/sample/content"));
    // 令和2年度: 2-2-1 graded C and short of its 市税収納率 plan (see progress::standing).
    let rows = rows(&html(&tree, "reports/2020/items/index.html"));
    let row = rows.iter().find(|r| r.cells[0] == "2-2-1").unwrap();
    assert_eq!(row.data["grade"], "C");
    assert_eq!(row.cells[6], "C（やや遅れ）");
    assert_eq!(
        row.behind,
        ["評価 C（やや遅れ）", "市税収納率の達成率 33.3%"]
    );
    assert_eq!(row.data["behind"], "1");
    // The latest report: 2-2-1 has not reported 令和4年度.
    let rows = rows_of(&tree, "items/index.html");
    let row = rows.iter().find(|r| r.cells[0] == "2-2-1").unwrap();
    assert_eq!(
        (row.cells[5].as_str(), row.data["status"].as_str()),
        ("未報告", "-")
    );
    let c: Vec<&str> = (rows.iter())
        .filter(|r| r.data["grade"] == "C")
        .map(|r| r.cells[0].as_str())
        .collect();
    assert_eq!(c, ["1-1-1"], "?grade=C shows one item in the latest report");
}

fn rows_of(tree: &Tree, page: &str) -> Vec<Row> {
    rows(&html(tree, page))
}

#[test]
fn a_plan_without_reports_has_a_table_of_planned_status() {
    let (tree, plan) = build(&repo().join("content"));
    assert!(
        plan.editions.is_empty(),
        "the bundled plan has no reports yet"
    );
    check_table(&tree, &plan, "items/index.html", plan.first_year, false);
    let doc = html(&tree, "items/index.html");
    let main = text(doc.select(&sel("main")).next().unwrap());
    assert!(main.contains("実績の報告はまだありません"), "{main}");
    assert_eq!(
        headers(&doc),
        ["番号", "取組項目", "大項目", "担当課", "進捗状況（計画）"]
    );
    let names: Vec<&str> = (doc.select(&sel("#table-filters select")))
        .map(|s| s.value().attr("name").unwrap())
        .collect();
    assert_eq!(names, ["category", "dept", "planned"]);
    assert!(doc.select(&sel("#filter-behind")).next().is_none());
}

#[test]
fn the_home_page_and_the_menu_lead_to_the_table() {
    let (tree, _plan) = build(&repo().join("tests/fixtures/sample/content"));
    for (page, table) in [
        ("index.html", "items/index.html"),
        ("reports/2021/index.html", "reports/2021/items/index.html"),
    ] {
        let doc = html(&tree, page);
        let hrefs: Vec<String> = (doc.select(&sel("main a")))
            .filter_map(|a| resolve(page, a.value().attr("href")?))
            .collect();
        assert!(hrefs.iter().any(|h| h == table), "{page} links {table}");
    }
    // The menu of every page has 一覧表, marked current on the table itself.
    for page in ["items/1-1-1.html", "items/index.html", "method.html"] {
        let doc = html(&tree, page);
        let link = (doc.select(&sel("nav.site-nav a")))
            .find(|a| text(*a) == "一覧表")
            .unwrap_or_else(|| panic!("{page}: no 一覧表 in the menu"));
        let href = resolve(page, link.value().attr("href").unwrap()).unwrap();
        assert_eq!(href, "items/index.html", "{page}");
        let current = link.value().attr("aria-current");
        assert_eq!(current.is_some(), page == "items/index.html", "{page}");
    }
}
