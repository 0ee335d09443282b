//! Plans as other municipalities write them (tests/fixtures/shukyu, sample data): ▲ negatives,
//! planned vs reported 効果額, 不明 years and schedule-only items, read back from the built
//! HTML, SVG and CSV.

mod common;

use common::*;
use std::collections::BTreeMap;

type Tree = BTreeMap<String, Vec<u8>>;

fn built() -> Tree {
    let site = Site::fixture("shukyu");
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    read_tree(&site.output())
}

/// The rows of a table: each row's cell texts, the row header first.
fn table(doc: &scraper::Html, table: &str) -> Vec<Vec<String>> {
    doc.select(&sel(&format!("{table} tbody tr")))
        .map(|tr| tr.select(&sel("th, td")).map(text).collect())
        .collect()
}

fn row<'a>(rows: &'a [Vec<String>], label: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0] == label)
        .unwrap_or_else(|| panic!("no row {label}: {rows:?}"))
}

/// The inline SVG chart whose `<title>` is `{id}-title`.
fn chart<'a>(doc: &'a scraper::Html, id: &str) -> Option<scraper::ElementRef<'a>> {
    doc.select(&sel("figure svg")).find(|svg| {
        svg.select(&sel(&format!("title#{id}-title")))
            .next()
            .is_some()
    })
}

fn csv_rows(tree: &Tree, path: &str) -> Vec<Vec<String>> {
    let bytes = tree.get(path).unwrap_or_else(|| panic!("{path}"));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let mut rows = vec![header];
    rows.extend(
        r.records()
            .map(|x| x.unwrap().iter().map(String::from).collect()),
    );
    rows
}

#[test]
fn effect_amounts_planned_and_reported_on_the_item_page() {
    let tree = built();
    let doc = html(&tree, "items/1-1.html");
    let rows = table(&doc, "#chart-1-1-effect-table");
    assert_eq!(
        row(&rows, "平成17年度 (2005)")[1..],
        ["30,000千円", "▲80,800千円"]
    );
    assert_eq!(
        row(&rows, "平成18年度 (2006)")[1..],
        ["▲5,000千円", "12,000千円"]
    );
    assert_eq!(row(&rows, "平成19年度 (2007)")[1..], ["60,000千円", "—"]);
    // effect_plan_total as written (not the sum of the years, 250,000 by chance), and the
    // reported amounts' sum.
    assert_eq!(
        row(&rows, "計画期間の合計")[1..],
        ["250,000千円", "▲68,800千円"]
    );
    // The result shows the reported amount the Japanese way ([site] negative = "triangle").
    let facts: Vec<String> = doc.select(&sel(".result dd")).map(text).collect();
    assert!(facts.contains(&"▲80,800千円".to_string()), "{facts:?}");
    // The chart marks the same numbers, with a text alternative.
    let svg = chart(&doc, "chart-1-1-effect").expect("an effect chart");
    let values: Vec<&str> = svg
        .select(&sel("[data-value]"))
        .filter_map(|e| e.value().attr("data-value"))
        .collect();
    for v in [
        "30000", "-5000", "60000", "80000", "85000", "-80800", "12000",
    ] {
        assert!(values.contains(&v), "{v} in {values:?}");
    }
    let desc = text(svg.select(&sel("desc")).next().expect("desc"));
    assert!(desc.contains("▲68,800千円"), "{desc}");
}

#[test]
fn the_summary_totals_planned_and_reported_effect_amounts() {
    let tree = built();
    let doc = html(&tree, "index.html");
    let rows = table(&doc, "#effect-summary");
    let planned = rows
        .iter()
        .find(|r| r.contains(&"計画".to_string()))
        .unwrap();
    let actual = rows.iter().find(|r| r[0] == "実績").unwrap();
    // 1-1 and 2-2 together: 2006 = ▲5,000 + 1,200; whole plan = 250,000 + 700.
    let tail = |r: &[String]| r[r.len() - 6..].to_vec();
    assert_eq!(
        tail(planned),
        [
            "30,000千円",
            "▲3,800千円",
            "59,500千円",
            "80,000千円",
            "85,000千円",
            "250,700千円"
        ]
    );
    assert_eq!(
        tail(actual),
        ["▲80,800千円", "12,900千円", "—", "—", "—", "▲67,900千円"]
    );
    assert!(chart(&doc, "chart-effect-summary").is_some());
    // A plan without planned amounts has no such table (the basic fixture).
    let site = Site::fixture("basic");
    site.build().unwrap();
    let basic = html(&read_tree(&site.output()), "index.html");
    assert!(basic.select(&sel("#effect-summary")).next().is_none());
}

#[test]
fn unknown_years_are_neither_planned_nor_unset() {
    let tree = built();
    let doc = html(&tree, "items/1-1.html");
    let schedule = table(&doc, "table.schedule");
    assert!(
        row(&schedule, "平成20年度 (2008)")[1].starts_with("不明"),
        "{schedule:?}"
    );
    let note = text(
        doc.select(&sel("#status-unknown"))
            .next()
            .expect("a note on 不明"),
    );
    assert!(note.contains("読み取れない"), "{note}");
    let index = html(&tree, "index.html");
    let summary = table(&index, "#plan-summary");
    let unknown = summary
        .iter()
        .find(|r| r.contains(&"不明".to_string()))
        .unwrap();
    // 2-1 in 2007, 1-1 in 2008.
    assert_eq!(
        unknown[unknown.len() - 5..],
        ["0件", "0件", "1件", "1件", "0件"]
    );
    let unset = summary.iter().find(|r| r.contains(&"未設定".to_string()));
    assert!(unset.is_none(), "{summary:?}");
}

#[test]
fn a_schedule_only_item_has_no_empty_columns_or_downloads() {
    let tree = built();
    let doc = html(&tree, "items/2-1.html");
    let head: Vec<String> = doc
        .select(&sel("table.schedule thead th"))
        .map(text)
        .collect();
    assert_eq!(head, ["年度", "進捗状況"]);
    let cells: Vec<String> = doc.select(&sel("table.schedule td")).map(text).collect();
    assert!(!cells.iter().any(|c| c == "—"), "{cells:?}");
    let csv = "data/items/029998_2-1_progress.csv";
    assert!(!tree.contains_key(csv), "a header-only CSV was written");
    let links: Vec<&str> = doc
        .select(&sel("a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        !links.iter().any(|h| h.ends_with("_2-1_progress.csv")),
        "{links:?}"
    );
    assert!(tree.contains_key("data/items/029998_2-1.json"));
    // The whole-plan status CSV still lists its years; it gains the planned amounts' column.
    let status = csv_rows(&tree, "data/029998_shinchoku_status.csv");
    // The column comes before 基準日, which stays last.
    let column = |name: &str| status[0].iter().position(|c| c == name).unwrap();
    let planned = column("効果額の計画（千円）");
    assert_eq!(planned, column("基準日") - 1);
    assert_eq!(status.iter().filter(|r| r[3] == "2-1").count(), 5);
    let r2006 = status
        .iter()
        .find(|r| r[3] == "1-1" && r[8] == "2006")
        .unwrap();
    assert_eq!(r2006[planned], "-5000");
    assert_eq!(r2006[column("効果額（千円）")], "12000");
    let r2008 = status
        .iter()
        .find(|r| r[3] == "1-1" && r[8] == "2008")
        .unwrap();
    assert_eq!(r2008[10], "不明");
}

#[test]
fn triangles_in_indicator_values_are_negative_numbers() {
    let tree = built();
    let doc = html(&tree, "items/2-2.html");
    let cells: Vec<(String, Option<String>)> = doc
        .select(&sel("table.values td.num"))
        .map(|td| (text(td), td.value().attr("data-value").map(String::from)))
        .collect();
    for (shown, value) in [
        ("▲1,200千円", "-1200"),
        ("▲500千円", "-500"),
        ("▲900千円", "-900"),
    ] {
        assert!(
            cells.contains(&(shown.to_string(), Some(value.to_string()))),
            "{shown} {value} in {cells:?}"
        );
    }
    let progress = csv_rows(&tree, "data/items/029998_2-2_progress.csv");
    assert!(
        progress.iter().any(|r| r.contains(&"-1200".to_string())),
        "{progress:?}"
    );
}

/// The shukyu fixture with one line of an item replaced; the build's errors.
fn errors_with(item: &str, from: &str, to: &str) -> Vec<shinchoku::diag::Diagnostic> {
    let site = Site::fixture("shukyu");
    let text = site.read(&format!("items/{item}.md"));
    assert!(text.contains(from), "{from}");
    site.write(&format!("items/{item}.md"), &text.replacen(from, to, 1));
    site.build().expect_err("the build must fail")
}

#[test]
fn negative_counts_get_a_hint_about_counts() {
    let e = errors_with("1-1", "2005 = 514", "2005 = \"▲5\"");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].code, "E133");
    assert!(e[0].message.contains("▲5"), "{}", e[0].message);
    let help = e[0].help.clone().unwrap_or_default();
    assert!(
        !help.contains("ポイント") && help.contains("削減数"),
        "{help}"
    );
}

#[test]
fn an_unreadable_amount_is_e111() {
    let e = errors_with(
        "1-1",
        "effect_amount = 12000",
        "effect_amount = \"約12千円\"",
    );
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].code, "E111");
    let e = errors_with("2-2", "2007 = \"▲500\"", "2010 = 500");
    assert_eq!(e[0].code, "E126");
}

/// With `[site] negative = "triangle"`, the charts write negatives as ▲ too: the y axis's tick
/// labels (drawn by plotters) and the value labels, never a minus.
#[test]
fn chart_axes_write_negatives_as_the_site_does() {
    let tree = built();
    for (page, id) in [
        ("items/1-1.html", "chart-1-1-effect"),
        ("items/2-2.html", "chart-2-2-1"),
    ] {
        let doc = html(&tree, page);
        let svg = chart(&doc, id).unwrap_or_else(|| panic!("{id}"));
        let texts: Vec<String> = svg.select(&sel("text")).map(text).collect();
        let numbers: Vec<&String> = texts
            .iter()
            .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
            .collect();
        assert!(
            numbers.iter().any(|t| t.starts_with('▲')),
            "{id}: no ▲ in {numbers:?}"
        );
        assert!(
            !numbers.iter().any(|t| t.contains('-') || t.contains('−')),
            "{id}: a minus in {numbers:?}"
        );
    }
}
