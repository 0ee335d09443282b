//! 行政改革審議会 報告書 (reports/<year>/report.html and report/<department>.html), read back
//! from the built HTML of the sample site and of the 36-item test plan (tests/common/council.rs)
//! and compared with the model: every item once, in plan order, with the model's values.

mod common;

use common::*;
use scraper::{ElementRef, Html};
use shinchoku::model::{ActionItem, Department, Plan, Value};
use shinchoku::progress;
use shinchoku::text::fiscal_year::FiscalYear;
use shinchoku::text::number::{format_number, format_rate};
use std::collections::BTreeMap;

struct Built {
    _site: Site,
    plan: Plan,
    tree: BTreeMap<String, Vec<u8>>,
}

fn build(site: Site) -> Built {
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let plan = shinchoku::content::load::load(&site.content())
        .plan
        .unwrap();
    let tree = read_tree(&site.output());
    Built {
        _site: site,
        plan,
        tree,
    }
}

fn sample() -> Built {
    build(Site::fixture("sample"))
}

/// The bundled plan with invented results for 2020 and 2021 (tests/common/council.rs).
fn council_plan() -> Built {
    let dir = tempfile::tempdir().unwrap();
    common::council::write(&repo().join("content"), &dir.path().join("content"));
    build(Site { dir })
}

fn one<'a>(e: ElementRef<'a>, s: &str) -> ElementRef<'a> {
    e.select(&sel(s))
        .next()
        .unwrap_or_else(|| panic!("no {s} in {}", text(e)))
}

fn texts(e: ElementRef, s: &str) -> Vec<String> {
    e.select(&sel(s)).map(text).collect()
}

/// The plain text of Markdown as the report shows it (or 「記載なし」).
fn md_text(md: Option<&String>) -> String {
    match md {
        Some(t) => {
            let html = shinchoku::render::markdown::render(t, "").html;
            text(Html::parse_fragment(&html).root_element())
        }
        None => "記載なし".into(),
    }
}

/// Each indicator's `name：value` and exact number, for the values `pick` chooses.
fn figures(
    item: &ActionItem,
    pick: impl Fn(&shinchoku::model::Indicator) -> Option<&Value>,
    missing: &str,
) -> Vec<(String, Option<f64>)> {
    (item.indicators.iter())
        .map(|ind| {
            let v = pick(ind);
            let shown = v.map(|v| ind.format(v)).unwrap_or_else(|| missing.into());
            (
                format!("{}：{shown}", ind.name),
                v.and_then(Value::as_number),
            )
        })
        .collect()
}

fn shown_figures(cell: ElementRef) -> Vec<(String, Option<f64>)> {
    cell.select(&sel("ul.figures li"))
        .map(|li| {
            let v = li.value().attr("data-value").map(|v| v.parse().unwrap());
            (text(li), v)
        })
        .collect()
}

/// One item's rows in the report against the model.
fn check_item(plan: &Plan, item: &ActionItem, year: FiscalYear, body: ElementRef) {
    let id = &item.id;
    assert_eq!(text(one(body, "th.report-id")), *id);
    assert_eq!(text(one(body, "td.report-title h3")), item.title, "{id}");
    assert_eq!(
        text(one(body, ".report-department")),
        item.departments.join("・")
    );
    let s = progress::standing(plan, item, year);
    let planned = s.planned_status.as_deref().unwrap_or("記載なし");
    let plan_cell = one(body, "td.report-plan");
    assert_eq!(
        text(one(plan_cell, ".report-status")),
        format!("進捗状況 {planned}")
    );
    let plans = figures(item, |i| i.plan.get(&year), "計画値なし");
    assert_eq!(shown_figures(plan_cell), plans, "{id} plan");
    let actual_cell = one(body, "td.report-actual");
    let status = s.status.as_deref().unwrap_or("未報告");
    assert_eq!(
        text(one(actual_cell, ".report-status")),
        format!("進捗状況 {status}")
    );
    let actuals = figures(item, |i| i.actual.get(&year), "未報告");
    assert_eq!(shown_figures(actual_cell), actuals, "{id} actual");
    check_attainments(item, year, one(body, "td.report-rate"));
    check_grade(plan, &s, one(body, "td.report-grade"));
    check_detail(item, year, body);
}

fn check_attainments(item: &ActionItem, year: FiscalYear, cell: ElementRef) {
    let want: Vec<(String, Option<f64>)> = (item.indicators.iter())
        .map(|ind| match progress::attainment(ind, year) {
            Some(a) => {
                let met = if a.met { "到達" } else { "未到達" };
                let shown = format!("{}：{}（{met}）", ind.name, format_rate(a.rate));
                (shown, Some(a.rate))
            }
            None => (format!("{}：—", ind.name), None),
        })
        .collect();
    assert_eq!(shown_figures(cell), want, "{} 達成率", item.id);
}

fn check_grade(plan: &Plan, s: &progress::Standing, cell: ElementRef) {
    let grade = match &s.grade {
        Some(code) => {
            let g = plan.grades.iter().find(|g| &g.code == code).unwrap();
            format!("{}（{}）", g.code, g.label)
        }
        None => "未評価".into(),
    };
    assert_eq!(text(one(cell, "p")), grade);
    let behind: Vec<String> = s.behind.iter().map(|b| b.text(&plan.words)).collect();
    assert_eq!(texts(cell, "ul.figures li"), behind);
    assert_eq!(
        cell.select(&sel("p.behind")).count(),
        usize::from(s.is_behind())
    );
}

fn check_detail(item: &ActionItem, year: FiscalYear, body: ElementRef) {
    let r = item.result(year);
    let field = |f: fn(&shinchoku::model::YearResult) -> Option<&String>| md_text(r.and_then(f));
    let dd = |class: &str| text(one(body, &format!(".report-{class} dd")));
    assert_eq!(dd("achievements"), field(|r| r.achievements.as_ref()));
    assert_eq!(dd("challenges"), field(|r| r.challenges.as_ref()));
    assert_eq!(dd("comment"), field(|r| r.council_comment.as_ref()));
    let effect = r.and_then(|r| r.effect_amount);
    let effect_dd = one(body, ".report-effect dd");
    match effect {
        Some(e) => assert_eq!(text(effect_dd), format!("{}千円", format_number(e))),
        None => assert_eq!(text(effect_dd), "記載なし"),
    }
    let value = effect_dd.value().attr("data-value");
    assert_eq!(
        value.map(|v| v.parse::<f64>().unwrap()),
        effect,
        "{}",
        item.id
    );
}

/// The report of `year` (of one department's items, or all) against the model.
fn check_report(b: &Built, year: FiscalYear, department: Option<&Department>) -> Html {
    let plan = b.plan.as_of_edition(year);
    let path = match department {
        Some(d) => format!("reports/{}/report/{}.html", year.0, d.id),
        None => format!("reports/{}/report.html", year.0),
    };
    let items: Vec<&ActionItem> = (plan.items.iter().map(AsRef::as_ref))
        .filter(|i| department.is_none_or(|d| i.has_department(&d.name)))
        .collect();
    let doc = html(&b.tree, &path);
    let bodies: Vec<ElementRef> = doc.select(&sel("table.report-items tbody")).collect();
    let ids: Vec<&str> = bodies.iter().map(|t| t.value().id().unwrap()).collect();
    let want: Vec<String> = items.iter().map(|i| format!("item-{}", i.id)).collect();
    assert_eq!(ids, want, "{path}: every item once, in plan order");
    for (item, body) in items.iter().zip(&bodies) {
        check_item(&plan, item, year, *body);
    }
    check_cover(&plan, year, &path, items.len(), department, &doc);
    check_summary(&plan, year, &items, &doc);
    doc
}

fn check_cover(
    plan: &Plan,
    year: FiscalYear,
    path: &str,
    n: usize,
    department: Option<&Department>,
    doc: &Html,
) {
    let edition = plan.editions.iter().find(|e| e.year == year).unwrap();
    let cover = doc.select(&sel(".report-cover")).next().unwrap();
    let h1 = text(one(cover, "h1"));
    assert!(h1.starts_with(&edition.title) && h1.contains("行政改革審議会 報告書"));
    let facts = texts(cover, ".report-facts dd");
    let scope = match department {
        Some(d) => format!("{}の{n}項目", d.name),
        None => format!("全{n}項目"),
    };
    assert_eq!(facts[0], plan.city.name);
    assert!(facts[1].starts_with(&plan.title), "{facts:?}");
    assert_eq!(
        facts[2..5],
        [edition.title.clone(), edition.as_of.wareki(), scope]
    );
    let url = text(one(cover, ".report-url"));
    let qr = cover.select(&sel("svg.qr")).next();
    match &plan.base_url {
        Some(base) => {
            assert_eq!(url, format!("{base}{path}"));
            assert_eq!(decode_qr(qr.expect("a QR code with base_url")), url);
        }
        None => {
            assert_eq!(url, path);
            assert!(qr.is_none(), "{path}: no QR code of a relative path");
            assert!(doc.select(&sel("main svg")).next().is_none());
        }
    }
}

/// The 総括表 counts the report's items by grade for each edition up to `year`.
fn check_summary(plan: &Plan, year: FiscalYear, items: &[&ActionItem], doc: &Html) {
    let table = doc.select(&sel("#result-summary")).next().unwrap();
    let years: Vec<FiscalYear> = plan.editions.iter().map(|e| e.year).collect();
    assert_eq!(years.last(), Some(&year));
    let heads = texts(table, "thead th");
    assert_eq!(heads.len(), 2 + years.len());
    let rows: Vec<Vec<String>> = table
        .select(&sel("tbody tr"))
        .map(|tr| tr.select(&sel("th[scope=row], td")).map(text).collect())
        .collect();
    for g in &plan.grades {
        let row = rows
            .iter()
            .find(|r| r[0] == format!("{} {}", g.code, g.label))
            .unwrap();
        for (i, y) in years.iter().enumerate() {
            let n = (items.iter())
                .filter(|it| it.result(*y).and_then(|r| r.grade.as_deref()) == Some(&g.code))
                .count();
            assert!(row[i + 1].starts_with(&format!("{n}件（")), "{row:?}");
        }
    }
    let groups = texts(table, "th[scope=rowgroup] .note");
    assert!(groups
        .iter()
        .all(|g| *g == format!("（{}項目）", items.len())));
}

/// Reads the QR code back (with rqrr, not the crate that drew it): the SVG's unit squares as
/// a greyscale image, 4 pixels a module.
fn decode_qr(svg: ElementRef) -> String {
    let view: Vec<usize> = (svg.value().attr("viewBox").unwrap().split(' '))
        .map(|n| n.parse().unwrap())
        .collect();
    let (w, h) = (view[2], view[3]);
    let mut dark = vec![vec![false; w]; h];
    let d = one(svg, "path").value().attr("d").unwrap();
    for rect in d.split('M').filter(|s| !s.is_empty()) {
        // M{x} {y}h{width}v{height}H{x}V{y}
        let nums: Vec<usize> = rect
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|n| n.parse().unwrap())
            .collect();
        let (x, y, rw, rh) = (nums[0], nums[1], nums[2], nums[3]);
        for row in dark.iter_mut().skip(y).take(rh) {
            row[x..x + rw].fill(true);
        }
    }
    let px = |x: usize, y: usize| if dark[y / 4][x / 4] { 0 } else { 255 };
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w * 4, h * 4, px);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().unwrap().1
}

fn departments_with_items(plan: &Plan) -> Vec<&Department> {
    (plan.departments.iter())
        .filter(|d| plan.items.iter().any(|i| i.has_department(&d.name)))
        .collect()
}

fn check_every_report(b: &Built) {
    assert!(!b.plan.editions.is_empty());
    for e in &b.plan.editions {
        check_report(b, e.year, None);
        let depts = departments_with_items(&b.plan);
        for d in &depts {
            check_report(b, e.year, Some(d));
        }
        let prefix = format!("reports/{}/report/", e.year.0);
        let files = b.tree.keys().filter(|p| p.starts_with(&prefix)).count();
        assert_eq!(files, depts.len(), "one version per department with items");
    }
}

#[test]
fn the_samples_reports_hold_every_item_with_the_models_values() {
    let b = sample();
    assert!(b.plan.base_url.is_none());
    check_every_report(&b);
}

#[test]
fn the_36_item_plans_reports_hold_every_item_with_the_models_values() {
    let b = council_plan();
    assert_eq!(b.plan.items.len(), 36);
    assert!(b.plan.base_url.is_some());
    check_every_report(&b);
    // The plan exercises what the report shows: items behind the plan, 効果額, comments.
    let y = FiscalYear(2021);
    let behind = (b.plan.items.iter())
        .filter(|i| progress::standing(&b.plan, i, y).is_behind())
        .count();
    let effects = (b.plan.items.iter())
        .filter_map(|i| i.result(y)?.effect_amount)
        .count();
    let comments = (b.plan.items.iter())
        .filter_map(|i| i.result(y)?.council_comment.as_ref())
        .count();
    assert!(
        behind >= 5 && effects >= 5 && comments >= 5,
        "{behind} {effects} {comments}"
    );
}

#[test]
fn the_test_plan_is_the_bundled_plan_with_invented_results_for_two_years() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    common::council::write(&repo().join("content"), &a);
    common::council::write(&repo().join("content"), &b);
    assert_eq!(read_tree(&a), read_tree(&b), "deterministic");
    let bundled = shinchoku::content::load::load(&repo().join("content"));
    let bundled = bundled.plan.unwrap();
    let test = shinchoku::content::load::load(&a).plan.unwrap();
    assert!(test.notice.as_deref().unwrap().contains("試験用"));
    assert!(test.title.contains("試験用") && test.title.ends_with(&bundled.title));
    let years: Vec<i32> = test.editions.iter().map(|e| e.year.0).collect();
    assert_eq!(years, common::council::YEARS);
    let codes: Vec<&str> = test.grades.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(codes, ["A", "B", "C", "D"]);
    for (t, o) in test.items.iter().zip(&bundled.items) {
        assert_eq!((&t.id, &t.title, &t.body), (&o.id, &o.title, &o.body));
        for y in &t.years {
            let reported = common::council::YEARS.contains(&y.year.0);
            let r = y.result.as_ref();
            assert_eq!(r.is_some(), reported, "{} {:?}", t.id, y.year);
            if let Some(r) = r {
                assert!(r.achievements.as_deref().unwrap().contains("架空"));
                assert!(r.status.is_some() && r.grade.is_some());
            }
        }
        for (ti, oi) in t.indicators.iter().zip(&o.indicators) {
            assert_eq!(ti.plan, oi.plan);
            let planned: Vec<_> = (oi.plan.keys())
                .filter(|y| common::council::YEARS.contains(&y.0))
                .collect();
            assert_eq!(ti.actual.keys().collect::<Vec<_>>(), planned, "{}", t.id);
        }
    }
    assert_eq!(test.items.len(), bundled.items.len());
}

/// The link's target, from the page at `page`, as a path in the site.
fn link(b: &Built, page: &str, selector: &str) -> String {
    let doc = html(&b.tree, page);
    let a = doc.select(&sel(selector)).next();
    let href = a.unwrap_or_else(|| panic!("{page}: no {selector}"));
    resolve(page, href.value().attr("href").unwrap()).unwrap()
}

#[test]
fn the_reports_are_linked_from_the_edition_and_department_pages() {
    let b = sample();
    let last = b.plan.editions.last().unwrap().year.0;
    let home = link(&b, "index.html", ".council-report-link a");
    assert_eq!(home, format!("reports/{last}/report.html"));
    let list = html(&b.tree, "reports/index.html");
    let targets: Vec<String> = list
        .select(&sel("ul.editions a"))
        .filter_map(|a| resolve("reports/index.html", a.value().attr("href")?))
        .filter(|p| p.ends_with("report.html"))
        .collect();
    let want: Vec<String> = (b.plan.editions.iter().rev())
        .map(|e| format!("reports/{}/report.html", e.year.0))
        .collect();
    assert_eq!(targets, want);
    for e in &b.plan.editions {
        let base = format!("reports/{}/", e.year.0);
        let from_home = link(&b, &format!("{base}index.html"), ".council-report-link a");
        assert_eq!(from_home, format!("{base}report.html"));
        for d in departments_with_items(&b.plan) {
            let page = format!("{base}departments/{}.html", d.id);
            let version = format!("{base}report/{}.html", d.id);
            assert_eq!(link(&b, &page, ".council-report-link a"), version);
            assert!(b.tree.contains_key(&version));
            let back = link(&b, &version, "p.report-versions a");
            assert_eq!(back, format!("{base}report.html"));
        }
        let whole = html(&b.tree, &format!("{base}report.html"));
        let versions = texts(whole.root_element(), "nav.report-versions a");
        assert_eq!(versions.len(), departments_with_items(&b.plan).len());
    }
}

#[test]
fn a_plan_without_editions_has_no_report() {
    let b = build(Site::from_content(&repo().join("content")));
    assert!(b.plan.editions.is_empty());
    let reports: Vec<&String> = (b.tree.keys())
        .filter(|p| p.ends_with("report.html") || p.contains("/report/"))
        .collect();
    assert!(reports.is_empty(), "{reports:?}");
    let home = String::from_utf8(b.tree["index.html"].clone()).unwrap();
    assert!(!home.contains("council-report-link"));
}
