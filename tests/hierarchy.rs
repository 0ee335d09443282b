//! Plans of other shapes (issue #18): a 町's plan of four levels (tests/fixtures/levels4:
//! 重点取組事項 → 推進項目 → 項目 → items 1-1-1-1, several departments per item, a collective
//! 関係各課, 区分 tags) and a plan of one section level (tests/fixtures/levels1: items 1-1),
//! built and read back.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};

fn built(name: &str) -> BTreeMap<String, Vec<u8>> {
    let site = Site::fixture(name);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    read_tree(&site.output())
}

fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector)).map(text).collect()
}

#[test]
fn the_home_page_has_a_heading_per_level() {
    let tree = built("levels4");
    let home = html(&tree, "index.html");
    let h3 = texts(&home, "section.category h3");
    assert_eq!(h3.len(), 2, "{h3:?}");
    assert!(h3[0].starts_with("1 行政運営の効率化"), "{h3:?}");
    assert_eq!(
        texts(&home, "section.category h4"),
        [
            "(1) 事務事業の見直し",
            "(2) 民間活力の活用",
            "(1) 歳入の確保"
        ]
    );
    assert_eq!(
        texts(&home, "section.category h5"),
        [
            "① 事務事業の整理合理化",
            "② 補助金の見直し",
            "① 指定管理者制度の活用",
            "① 町税の収納率向上",
            "② 使用料・手数料の見直し"
        ]
    );
    // A section of the last level without items says so, with its level's name.
    assert!(texts(&home, "section.category p.note")
        .iter()
        .any(|t| t == "この項目に取組項目はありません。"));
    // Descriptions of sections are shown.
    assert!(texts(&home, "section.category .description")
        .iter()
        .any(|t| t.contains("すべての事務事業を点検する。")));
    // The 総括表 has a row per category and per 推進項目 (not per 項目, the last level).
    let rows = texts(&home, "#plan-summary th[scope=rowgroup]");
    assert!(
        rows.iter().any(|r| r.starts_with("1-2 民間活力の活用")),
        "{rows:?}"
    );
    assert!(
        !rows.iter().any(|r| r.contains("事務事業の整理合理化")),
        "{rows:?}"
    );
}

#[test]
fn the_category_page_nests_its_headings() {
    let tree = built("levels4");
    let page = html(&tree, "categories/1.html");
    assert_eq!(texts(&page, "h1"), ["1 行政運営の効率化"]);
    assert_eq!(
        texts(&page, "section[aria-labelledby^=\"sec-\"] > h2"),
        ["(1) 事務事業の見直し", "(2) 民間活力の活用"]
    );
    assert_eq!(
        texts(&page, "section[aria-labelledby^=\"sec-\"] > h3"),
        [
            "① 事務事業の整理合理化",
            "② 補助金の見直し",
            "① 指定管理者制度の活用"
        ]
    );
    let items = texts(&page, "section[aria-labelledby=\"sec-1-1-1\"] .item-id");
    assert_eq!(items, ["1-1-1-1", "1-1-1-2"]);
}

#[test]
fn the_item_page_names_every_level_departments_and_tags() {
    let tree = built("levels4");
    let page = html(&tree, "items/1-1-1-2.html");
    let dts = texts(&page, "h1 + dl.facts dt");
    assert_eq!(
        dts,
        [
            "重点取組事項",
            "推進項目",
            "項目",
            "担当課",
            // No 関係課 row: the item has none.
            "区分"
        ]
    );
    let dds: Vec<String> = (page.select(&sel("h1 + dl.facts dd")))
        .map(|d| d.text().collect())
        .collect();
    assert_eq!(dds[1], "(1) 事務事業の見直し");
    assert_eq!(dds[2], "① 事務事業の整理合理化");
    assert_eq!(dds[3], "総務課、関係各課");
    assert_eq!(dds[4], "① 事務事業の再編・整理、③ 定員管理の適正化");
    // 総務課 has a page; 関係各課 (collective) does not, so it is plain text.
    let links: Vec<String> = page
        .select(&sel("h1 + dl.facts dd a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["../categories/1.html", "../departments/somu.html"]);
}

#[test]
fn every_owner_lists_the_item_and_collectives_get_no_page() {
    let tree = built("levels4");
    let ids = |path: &str| texts(&html(&tree, path), "table.department-items tbody th");
    let has = |path: &str, id: &str| ids(path).iter().any(|t| t.contains(id));
    // 2-1-1-1 belongs to 税務課 and 企画課: on both pages.
    assert!(has("departments/zeimu.html", "2-1-1-1"));
    assert!(has("departments/kikaku.html", "2-1-1-1"));
    assert!(has("departments/somu.html", "1-1-1-2"));
    // No page for the collective 関係各課 nor for 会計課, which owns no item.
    assert!(!tree.contains_key("departments/kankei.html"));
    assert!(!tree.contains_key("departments/kaikei.html"));
    assert!(!tree.contains_key("reports/2017/report/kankei.html"));
    let list = texts(
        &html(&tree, "departments/index.html"),
        "main li, main td, main a",
    );
    assert!(!list.iter().any(|t| t.contains("関係各課")), "{list:?}");
    // 「担当課 4課」: the registered organisations (会計課 included); 関係各課 is not a 課.
    let facts = texts(&html(&tree, "index.html"), "#plan + dl dd");
    assert!(
        facts.iter().any(|t| t == "5項目（担当課 4課）"),
        "{facts:?}"
    );
}

#[test]
fn a_related_department_without_a_page_is_plain_text() {
    let tree = built("levels4");
    let page = html(&tree, "items/1-1-1-1.html");
    let dd = page.select(&sel("h1 + dl.facts dd")).nth(4).unwrap();
    assert_eq!(text(dd), "会計課");
    assert_eq!(dd.select(&sel("a")).count(), 0);
}

#[test]
fn every_relative_link_leads_to_a_written_file() {
    for name in ["levels4", "levels1"] {
        let tree = built(name);
        let files: BTreeSet<&str> = tree.keys().map(String::as_str).collect();
        for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
            let doc = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
            for a in doc.select(&sel("a[href]")) {
                let href = a.value().attr("href").unwrap();
                if href.contains(':') || href.starts_with('#') {
                    continue;
                }
                let target = resolve(path, href).unwrap();
                assert!(files.contains(target.as_str()), "{name} {path}: {href}");
            }
        }
    }
}

#[test]
fn the_items_table_filters_by_level_tag_and_every_department() {
    let tree = built("levels4");
    let page = html(&tree, "items/index.html");
    let selects: Vec<String> = page
        .select(&sel("#table-filters select"))
        .map(|s| s.value().attr("name").unwrap().to_string())
        .collect();
    assert_eq!(
        &selects[..4],
        ["category", "level1", "tag", "dept"],
        "{selects:?}"
    );
    let level1: Vec<String> = page
        .select(&sel("#filter-level1 option"))
        .map(|o| o.value().attr("value").unwrap().to_string())
        .collect();
    assert_eq!(level1, ["", "1-1", "1-2", "2-1"]);
    let row = page
        .select(&sel("#item-table tbody tr"))
        .find(|r| text(*r).contains("2-1-1-1"))
        .unwrap();
    assert_eq!(row.value().attr("data-level1"), Some("2-1"));
    assert_eq!(row.value().attr("data-dept"), Some("zeimu kikaku"));
    assert_eq!(row.value().attr("data-tag"), Some(""));
    let tagged = page
        .select(&sel("#item-table tbody tr"))
        .find(|r| text(*r).contains("1-1-1-2"))
        .unwrap();
    assert_eq!(tagged.value().attr("data-tag"), Some("1 3"));
    // Without JavaScript, the tags are listed with their items.
    let tag3 = texts(&page, "section[aria-labelledby=\"tag-3\"] .item-id");
    assert_eq!(tag3, ["1-1-1-2"]);
    assert!(texts(&page, "thead th").iter().any(|t| t == "区分"));
}

#[test]
fn the_status_csv_has_a_column_per_level() {
    let tree = built("levels4");
    let csv = tree
        .iter()
        .find(|(p, _)| p.starts_with("data/") && p.ends_with("status.csv"))
        .map(|(_, b)| {
            String::from_utf8_lossy(b)
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .expect("a status CSV");
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.contains("担当課,重点取組事項,推進項目,項目,年度"),
        "{header}"
    );
    let row = csv.lines().find(|l| l.contains("2-1-1-1")).unwrap();
    assert!(
        row.contains("税務課・企画課,2 財政の健全化,(1) 歳入の確保,① 町税の収納率向上"),
        "{row}"
    );
}

#[test]
fn every_owner_gets_the_item_in_its_survey_and_collectives_get_none() {
    let site = Site::fixture("levels4");
    let out = site.dir.path().join("survey");
    let opts = shinchoku::survey::ExportOptions {
        content: site.content(),
        out: out.clone(),
        year: 2017,
        format: shinchoku::survey::Format::Csv,
    };
    shinchoku::survey::export(&opts).unwrap_or_else(|e| panic!("{e:#?}"));
    let files: BTreeMap<String, String> = read_tree(&out)
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
        .collect();
    // The export's own record of what it wrote (.shinchoku-export.toml) is not a survey.
    let names: Vec<&str> = (files.keys().map(String::as_str))
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(names.len(), 3, "総務課・企画課・税務課 only: {names:?}");
    assert!(!names
        .iter()
        .any(|n| n.contains("関係各課") || n.contains("会計課")));
    let of = |dept: &str| files.iter().find(|(p, _)| p.contains(dept)).unwrap().1;
    assert!(of("税務課").contains("2-1-1-1"));
    assert!(of("企画課").contains("2-1-1-1"));
    assert!(of("総務課").contains("1-1-1-2"));
}

#[test]
fn one_level_plans_have_two_part_ids() {
    let tree = built("levels1");
    let page = html(&tree, "items/1-1.html");
    let dts = texts(&page, "h1 + dl.facts dt");
    assert_eq!(dts[0], "区分");
    assert_eq!(dts[1], "担当課");
    let home = html(&tree, "index.html");
    assert!(texts(&home, "section.category h4").is_empty());
    assert_eq!(
        texts(&home, "section.category .item-id"),
        ["1-1", "1-2", "2-1"]
    );
}

#[test]
fn the_json_of_several_departments_levels_and_tags_meets_the_schema() {
    let tree = built("levels4");
    let schema: serde_json::Value = serde_json::from_slice(&tree["data/schema.json"]).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let whole: serde_json::Value =
        serde_json::from_slice(&tree["data/469998_shinchoku.json"]).unwrap();
    let errors: Vec<String> = (validator.iter_errors(&whole))
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let item = (whole["items"].as_array().unwrap().iter())
        .find(|i| i["id"] == "2-1-1-1")
        .unwrap();
    assert_eq!(item["department"], "税務課");
    assert_eq!(item["departments"], serde_json::json!(["税務課", "企画課"]));
    assert_eq!(item["section"]["title"], "歳入の確保");
    assert_eq!(item["subsections"][0]["title"], "町税の収納率向上");
    assert_eq!(item["tags"], serde_json::json!([]));
}
