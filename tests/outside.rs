//! Indicator values outside the plan's period (issue #18): the levels4 fixture's staff numbers
//! of 平成27–36年度 (2015–2024, invented sample data) in a plan of 平成29–33年度 (2017–2021):
//! 2015–16 are reference values (`[indicators.reference]`), 2022–24 targets after the period
//! (`[indicators.beyond]`). Read back from the built HTML table, SVG chart, CSV, JSON and the
//! Table Schema; and the errors for years on the wrong side or absurdly far.

mod common;

use common::*;
use std::collections::BTreeMap;

type Tree = BTreeMap<String, Vec<u8>>;

const PAGE: &str = "items/1-1-1-2.html";
const CHART: &str = "chart-1-1-1-2-1";

fn built() -> Tree {
    let site = Site::fixture("levels4");
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    read_tree(&site.output())
}

/// The table's rows: (row header, [(cell text, data-value)]).
type Row = (String, Vec<(String, Option<String>)>);

fn table_rows(doc: &scraper::Html) -> Vec<Row> {
    let table = doc
        .select(&sel(&format!("table#{CHART}-table")))
        .next()
        .expect("the indicator's table");
    table
        .select(&sel("tbody tr"))
        .map(|tr| {
            let th = text(tr.select(&sel("th")).next().unwrap());
            let cells = tr
                .select(&sel("td"))
                .map(|td| (text(td), td.value().attr("data-value").map(String::from)))
                .collect();
            (th, cells)
        })
        .collect()
}

#[test]
fn the_table_shows_outside_years_in_time_order_and_labelled() {
    let tree = built();
    let doc = html(&tree, PAGE);
    let rows = table_rows(&doc);
    let heads: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        heads,
        [
            "平成27年度 (2015) 参考（計画期間前）",
            "平成28年度 (2016) 参考（計画期間前）",
            "現状値（平成28年4月1日現在）",
            "平成29年度 (2017)",
            "平成30年度 (2018)",
            "令和元年度 (2019)",
            "令和2年度 (2020)",
            "令和3年度 (2021)",
            "令和4年度 (2022) 計画期間後の目標",
            "令和5年度 (2023) 計画期間後の目標",
            "令和6年度 (2024) 計画期間後の目標",
            "目標値（平成33年度）",
        ]
    );
    let cell = |text: &str, v: Option<&str>| (text.to_string(), v.map(String::from));
    // A reference value was measured: the 実績値 column; no 達成率.
    assert_eq!(
        rows[0].1,
        [cell("—", None), cell("120人", Some("120")), cell("—", None)]
    );
    // A later target is planned: the 計画値 column; not 「未報告」, no 達成率.
    assert_eq!(
        rows[10].1,
        [cell("105人", Some("105")), cell("—", None), cell("—", None)]
    );
    // The period's 達成率 is from the baseline and the year's plan only.
    assert_eq!(rows[3].1[2].0, "100.0%（到達）");
    // No 前年度比: 2017 is not compared with the reference value of 2016.
    let head: Vec<String> = doc
        .select(&sel(&format!("table#{CHART}-table thead th")))
        .map(text)
        .collect();
    assert_eq!(head, ["年度", "計画値", "実績値", "達成率"]);
    let outside = doc
        .select(&sel(&format!("table#{CHART}-table tr.outside-period")))
        .count();
    assert_eq!(outside, 5);
}

fn svg_values(svg: scraper::ElementRef, selector: &str) -> Vec<String> {
    svg.select(&sel(selector))
        .map(|e| e.value().attr("data-value").unwrap().to_string())
        .collect()
}

#[test]
fn the_chart_draws_them_as_labelled_points_of_their_own_shape() {
    let tree = built();
    let doc = html(&tree, PAGE);
    let svg = doc
        .select(&sel("figure svg"))
        .find(|s| {
            s.select(&sel(&format!("title#{CHART}-title")))
                .next()
                .is_some()
        })
        .expect("the chart");
    // Shapes of their own (diamonds and triangles), each with its number; not on the lines.
    assert_eq!(svg_values(svg, "polygon.reference-point"), ["120", "118"]);
    assert_eq!(
        svg_values(svg, "polygon.beyond-point"),
        ["108", "106", "105"]
    );
    assert_eq!(
        svg_values(svg, "circle.plan-point"),
        ["117", "116", "114", "112", "110"]
    );
    assert_eq!(svg_values(svg, "rect.bar-actual"), ["117"]);
    // The plan line joins only the period's years.
    let line = svg.select(&sel("polyline.plan-line")).next().unwrap();
    let points = line.value().attr("points").unwrap().split(' ').count();
    assert_eq!(points, 5);
    // Named in words: the legend (with the shape), a label over the years, the axis.
    let texts: Vec<String> = svg.select(&sel("text")).map(text).collect();
    for want in [
        "参考値（計画期間前・ひし形）",
        "計画期間後の目標（三角）",
        "参考（計画期間前）",
        "計画期間後の目標",
        "H27",
        "R6",
    ] {
        assert!(texts.iter().any(|t| t == want), "{want} not in {texts:?}");
    }
    assert_eq!(svg.select(&sel("line.period-boundary")).count(), 2);
    // The text alternative states them too.
    let desc = text(svg.select(&sel("desc")).next().unwrap());
    assert!(
        desc.contains("参考（計画期間前）は平成27年度120人・平成28年度118人。"),
        "{desc}"
    );
    assert!(
        desc.contains("計画期間後の目標は令和4年度108人・令和5年度106人・令和6年度105人。"),
        "{desc}"
    );
}

fn csv_rows(tree: &Tree, path: &str) -> Vec<csv::StringRecord> {
    let bytes = tree.get(path).unwrap_or_else(|| panic!("{path}"));
    csv::Reader::from_reader(&bytes[3..])
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_csv_json_and_table_schema_say_which_kind() {
    let tree = built();
    for path in [
        "data/items/469998_1-1-1-2_progress.csv",
        "data/469998_shinchoku_progress.csv",
    ] {
        let rows = csv_rows(&tree, path);
        let of = |kind: &str| -> Vec<(String, String, String, String)> {
            (rows.iter().filter(|r| &r[9] == kind))
                .map(|r| (r[10].into(), r[11].into(), r[13].into(), r[16].into()))
                .collect()
        };
        let row =
            |label: &str, year: &str, v: &str| (label.into(), year.into(), v.into(), String::new());
        assert_eq!(
            of("reference"),
            [
                row("参考（計画期間前）", "2015", "120"),
                row("参考（計画期間前）", "2016", "118")
            ],
            "{path}"
        );
        assert_eq!(
            of("beyond"),
            [
                row("計画期間後の目標", "2022", "108"),
                row("計画期間後の目標", "2023", "106"),
                row("計画期間後の目標", "2024", "105")
            ],
            "{path}"
        );
        // Actual and plan rows stay within the period.
        let years = |kind: &str| -> Vec<String> {
            (rows
                .iter()
                .filter(|r| &r[6] == "職員数（サンプル）" && &r[9] == kind))
            .map(|r| r[11].to_string())
            .collect()
        };
        assert_eq!(years("actual"), ["2017", "2018", "2019", "2020", "2021"]);
        assert_eq!(years("plan"), ["2017", "2018", "2019", "2020", "2021"]);
    }
    let doc: serde_json::Value =
        serde_json::from_slice(&tree["data/items/469998_1-1-1-2.json"]).unwrap();
    let outside = &doc["item"]["indicators"][0]["outside_period"];
    let kinds: Vec<(i64, &str, f64)> = (outside.as_array().unwrap().iter())
        .map(|o| {
            (
                o["year"].as_i64().unwrap(),
                o["kind"].as_str().unwrap(),
                o["value"]["value"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (2015, "reference", 120.0),
            (2016, "reference", 118.0),
            (2022, "beyond", 108.0),
            (2023, "beyond", 106.0),
            (2024, "beyond", 105.0)
        ]
    );
    // An indicator without such values has no field at all.
    let other: serde_json::Value =
        serde_json::from_slice(&tree["data/469998_shinchoku.json"]).unwrap();
    let fields: usize = (other["items"].as_array().unwrap().iter())
        .flat_map(|i| i["indicators"].as_array().unwrap())
        .filter(|ind| ind.get("outside_period").is_some())
        .count();
    assert_eq!(fields, 1);
    let schema: serde_json::Value =
        serde_json::from_slice(&tree["data/progress.tableschema.json"]).unwrap();
    let kind = (schema["fields"].as_array().unwrap().iter())
        .find(|f| f["name"] == "区分コード")
        .unwrap();
    assert_eq!(
        kind["constraints"]["enum"],
        serde_json::json!([
            "baseline",
            "target",
            "plan",
            "actual",
            "reference",
            "beyond"
        ])
    );
}

/// The levels4 fixture with one line of 1-1-1-2 replaced; the build's errors.
fn errors_with(from: &str, to: &str) -> Vec<shinchoku::diag::Diagnostic> {
    let site = Site::fixture("levels4");
    let path = "items/1-1-1-2.md";
    let text = site.read(path);
    assert!(text.contains(from), "{from}");
    site.write(path, &text.replacen(from, to, 1));
    site.build().expect_err("the build must fail")
}

#[test]
fn years_on_the_wrong_side_or_far_away_are_errors() {
    // A reference year inside the period: E200, pointing to plan and actual.
    let e = errors_with("2016 = 118", "2017 = 118");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].code, "E200");
    assert!(
        e[0].message.contains("[indicators.reference]"),
        "{}",
        e[0].message
    );
    // A later target before the period's end: E200.
    let e = errors_with("2022 = 108", "2021 = 108");
    assert_eq!(e[0].code, "E200");
    // A typo far from the period: E126.
    let e = errors_with("2015 = 120", "1915 = 120");
    assert_eq!(e[0].code, "E126");
    let e = errors_with("2024 = 105", "2204 = 105");
    assert_eq!(e[0].code, "E126");
    // A planned year outside the period stays E126, with the hint where such a year goes.
    let e = errors_with("2021 = 110", "2022 = 110");
    assert_eq!(e[0].code, "E126");
    let help = e[0].help.clone().unwrap_or_default();
    assert!(help.contains("[indicators.beyond]"), "{help}");
    // Values are read as in the period: a count below 0 is E133.
    let e = errors_with("2015 = 120", "2015 = \"▲5\"");
    assert_eq!(e[0].code, "E133");
}
