//! The bundled plan in `content/`: 安中市 第3次行政改革大綱 実施計画, transcribed from the plan
//! document. These tests check its shape and a sample of its printed figures, and build it.

mod common;

use common::*;
use shinchoku::model::{ActionItem, Direction, Indicator, Plan, Value};
use shinchoku::text::fiscal_year::FiscalYear;
use std::collections::BTreeSet;

fn plan() -> Plan {
    let loaded = shinchoku::content::load::load(&repo().join("content"));
    // The two warnings are faithful to the plan: 1-4-3 plans 14団体 for 令和2年度 under the
    // current 15 (「減少を最小限に抑える」, W212), and 4-2-4's 令和2年度 進捗状況 cell is blank (W205).
    let found: Vec<(String, &str, usize)> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            let file = d.file.file_name().unwrap().to_string_lossy().into_owned();
            (file, d.code, d.line)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("1-4-3.md".to_string(), "W212", 42),
            ("4-2-4.md".to_string(), "W205", 9)
        ],
        "the bundled content must load without errors, with only the expected warning: {:#?}",
        loaded.diagnostics
    );
    loaded.plan.expect("plan")
}

fn item<'a>(plan: &'a Plan, id: &str) -> &'a ActionItem {
    plan.items
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("item {id} missing"))
}

fn indicator<'a>(item: &'a ActionItem, name: &str) -> &'a Indicator {
    item.indicators
        .iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("{}: indicator {name} missing", item.id))
}

fn num(v: Option<&Value>) -> f64 {
    v.and_then(Value::as_number)
        .unwrap_or_else(|| panic!("not a number: {v:?}"))
}

fn plan_numbers(ind: &Indicator) -> Vec<(i32, f64)> {
    ind.plan.iter().map(|(y, v)| (y.0, num(Some(v)))).collect()
}

#[test]
fn plan_has_36_items_in_5_categories_with_matching_ids() {
    let plan = plan();
    assert_eq!(plan.city.name, "安中市");
    assert_eq!(plan.city.code, "102113");
    assert_eq!(
        (plan.first_year, plan.last_year),
        (FiscalYear(2020), FiscalYear(2024))
    );
    let editions: Vec<(&str, i32, Option<u32>)> = plan
        .revisions
        .iter()
        .map(|r| (r.edition.as_str(), r.year, r.month))
        .collect();
    assert_eq!(
        editions,
        [("初版", 2020, Some(3)), ("改訂1版", 2021, Some(4))]
    );

    assert_eq!(plan.categories.len(), 5);
    assert_eq!(plan.items.len(), 36);
    let per_category: Vec<usize> = (0..5)
        .map(|c| plan.items.iter().filter(|i| i.category() == c).count())
        .collect();
    assert_eq!(per_category, [8, 4, 8, 11, 5]);

    let mut ids = BTreeSet::new();
    for it in &plan.items {
        assert!(ids.insert(it.id.clone()), "duplicate id {}", it.id);
        assert_eq!(it.place.len(), 2, "every category has sections");
        let cat = &plan.categories[it.category()];
        let sec = &cat.sections[it.place[1]];
        assert_eq!(it.id, format!("{}-{}-{}", cat.id, sec.id, it.number));
        let file = it.source.file_name().unwrap().to_str().unwrap();
        assert!(file.is_ascii(), "{file}: file names are ASCII");
        assert_eq!(file, format!("{}.md", it.id));
        assert!(!it.title.is_empty() && !it.departments.is_empty());
        let years: Vec<i32> = it.years.iter().map(|y| y.year.0).collect();
        assert_eq!(years, [2020, 2021, 2022, 2023, 2024], "{}", it.id);
    }

    // 2-(2) is in the plan's table of contents but has no action items.
    let staff = &plan.categories[1];
    assert_eq!(
        staff.sections[1].title,
        "既得権益にもしっかりと対応できる職員の育成と組織の確立"
    );
    assert!(!plan.items.iter().any(|i| i.place == [1, 1]));
}

#[test]
fn every_item_has_the_three_body_sections_and_no_invented_results() {
    let plan = plan();
    assert!(plan.editions.is_empty(), "the plan reports no results yet");
    for it in &plan.items {
        let headings: Vec<&str> = it
            .body
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .collect();
        assert_eq!(
            headings,
            ["現状と課題", "取組内容", "目標の状態"],
            "{}",
            it.id
        );
        for y in &it.years {
            assert!(y.result.is_none(), "{}: no results in the plan", it.id);
        }
        for ind in &it.indicators {
            assert!(ind.actual.is_empty(), "{} {}: no actuals", it.id, ind.name);
        }
        // PDF letter-spacing and HTML fragments are not carried over.
        for bad in ["<ul", "<p>", "</p>", "P D C A", "I C T", "N P O", "关"] {
            assert!(!it.body.contains(bad), "{}: {bad:?} in body", it.id);
        }
    }
}

#[test]
fn printed_figures_are_transcribed_exactly() {
    let plan = plan();

    let hp = indicator(item(&plan, "1-1-1"), "HPアクセス数");
    assert_eq!(
        (hp.unit.as_str(), hp.direction),
        ("件", Direction::Increase)
    );
    assert_eq!(num(hp.baseline.as_ref()), 456456.0);
    assert_eq!(hp.baseline_note.as_deref(), Some("R2.1.15現在"));
    assert_eq!(num(hp.target.as_ref()), 510000.0);
    assert_eq!(
        plan_numbers(hp),
        [
            (2020, 470000.0),
            (2021, 480000.0),
            (2022, 490000.0),
            (2023, 500000.0),
            (2024, 510000.0)
        ]
    );

    let tax = indicator(item(&plan, "4-1-4"), "収納率");
    assert_eq!(tax.unit, "%");
    assert_eq!(num(tax.baseline.as_ref()), 95.45);
    assert_eq!(num(tax.target.as_ref()), 97.5);
    assert_eq!(
        plan_numbers(tax),
        [
            (2020, 96.0),
            (2021, 96.4),
            (2022, 96.8),
            (2023, 97.2),
            (2024, 97.5)
        ]
    );

    // Two quantities in one cell are two indicators; lower is better for overtime.
    let work = item(&plan, "2-4-2");
    assert_eq!(work.indicators.len(), 2);
    let overtime = &work.indicators[0];
    assert_eq!(
        (overtime.unit.as_str(), overtime.direction),
        ("人", Direction::Decrease)
    );
    assert_eq!(num(overtime.baseline.as_ref()), 23.0);
    assert_eq!(num(overtime.target.as_ref()), 0.0);
    let leave = &work.indicators[1];
    assert_eq!(
        (leave.unit.as_str(), leave.direction),
        ("日", Direction::Increase)
    );
    assert_eq!(num(leave.baseline.as_ref()), 11.9);
    assert_eq!(num(leave.target.as_ref()), 15.0);

    let reply = &item(&plan, "1-3-1").indicators[0];
    assert_eq!(reply.direction, Direction::Decrease);
    assert_eq!(num(reply.baseline.as_ref()), 19.1);
    assert!(reply.plan.values().all(|v| num(Some(v)) == 18.0));

    for (id, count) in [("3-1-2", 2), ("5-1-1", 2), ("4-3-1", 4), ("1-4-3", 2)] {
        assert_eq!(item(&plan, id).indicators.len(), count, "{id}");
    }
    let beds = indicator(item(&plan, "4-3-1"), "病床");
    assert_eq!(beds.direction, Direction::Decrease);
    assert_eq!(
        (num(beds.baseline.as_ref()), num(beds.target.as_ref())),
        (199.0, 149.0)
    );

    // Targets that are not numbers stay text.
    let org = &item(&plan, "3-3-1").indicators[0];
    assert_eq!(org.baseline, Some(Value::Text("3月".into())));
    assert_eq!(org.target, Some(Value::Text("12月".into())));
    let statements = &item(&plan, "4-1-3").indicators[0];
    assert_eq!(
        statements.baseline,
        Some(Value::Text("N年度決算分をN+2年6月に公表".into()))
    );
    assert_eq!(
        statements.target,
        Some(Value::Text("N年度決算分をN+1年12月に公表".into()))
    );

    // 関係課 split into a list, as printed.
    assert_eq!(
        item(&plan, "4-1-4").related_departments,
        ["債権を扱う各課", "秘書政策課", "財政課", "行政課等"]
    );
    // A blank 進捗状況 cell stays blank (4-2-4, 令和2年度).
    let mgmt = item(&plan, "4-2-4");
    assert_eq!(mgmt.years[0].status, None);
    assert_eq!(mgmt.years[4].status.as_deref(), Some("達成"));
}

#[test]
fn transcription_notes_cover_every_item() {
    let plan = plan();
    let notes = std::fs::read_to_string(repo().join("content/TRANSCRIPTION.md")).unwrap();
    for it in &plan.items {
        assert!(
            notes.contains(&format!("### {} {}", it.id, it.title)),
            "TRANSCRIPTION.md has no record for {} {}",
            it.id,
            it.title
        );
    }
}

#[test]
fn bundled_site_builds_and_shows_unreported_actuals() {
    let site = Site::from_content(&repo().join("content"));
    let report = site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(report.items, 36);
    let tree = read_tree(&site.output());
    let plan = plan();
    for it in &plan.items {
        let path = format!("items/{}.html", it.id);
        let doc = html(&tree, &path);
        let h1 = text(doc.select(&sel("h1")).next().unwrap());
        assert!(h1.contains(&it.title), "{path}: {h1}");
        // One chart (inline SVG) per numeric indicator, each followed by its table.
        let charts = doc.select(&sel("svg[role=img]")).count();
        let numeric = it.indicators.iter().filter(|i| i.is_numeric()).count();
        assert_eq!(charts, numeric, "{path}");
        if numeric > 0 {
            let body = text(doc.select(&sel("main")).next().unwrap());
            assert!(
                body.contains("未報告"),
                "{path}: unreported actuals are shown as such"
            );
        }
    }
    // Numbers are shown with the decimal places the plan prints them with.
    for (path, printed) in [
        ("items/4-1-4.html", ["95.45%", "96.00%", "97.50%"]),
        ("items/1-3-2.html", ["29.2%", "31.0%", "36.0%"]),
        ("items/2-4-2.html", ["11.9日", "13.0日", "15.0日"]),
    ] {
        let page = text(html(&tree, path).root_element());
        for number in printed {
            assert!(page.contains(number), "{path}: {number} as printed");
        }
    }
    // The section without items is listed on its category page.
    let doc = html(&tree, "categories/2.html");
    assert!(
        text(doc.root_element()).contains("既得権益にもしっかりと対応できる職員の育成と組織の確立")
    );
}
