//! Typed, spreadsheet-safe tables: text cells that a spreadsheet would run as formulas are
//! neutralised (numbers are not), cells are plain one-line text, every CSV is described by
//! the data package (checked with frictionless), and the workbook stores ids and codes as text.

mod common;

use calamine::{Data, Reader};
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// The sample with formula-like titles, a Markdown goal, a negative number and a city code with
/// a leading zero (札幌市 011002), built.
fn hostile() -> (Site, BTreeMap<String, Vec<u8>>) {
    let site = Site::from_content(&repo().join("tests/fixtures/sample/content"));
    let edit = |rel: &str, from: &str, to: &str| {
        let text = site.read(rel);
        assert!(text.contains(from), "{rel}: {from}");
        site.write(rel, &text.replacen(from, to, 1));
    };
    edit("site.toml", "code = \"102113\"", "code = \"011002\"");
    let item = "items/1-1-1.md";
    edit(
        item,
        "ホームページの充実（サンプル）",
        "=HYPERLINK(\\\"http://example.com\\\",\\\"click\\\")",
    );
    edit(item, "name = \"HPアクセス数\"", "name = \"-1+1\"");
    edit(
        item,
        "goal = \"HPを充実し、アクセス数を増やす。\"",
        "goal = \"- **@SUM(A1)**\\n- 二つ目\"",
    );
    edit(item, "effect_amount = 1200", "effect_amount = -5");
    edit("items/2-1-1.md", "title = \"", "title = \"+1+2");
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    (site, tree)
}

fn records(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap();
    let mut r = csv::Reader::from_reader(body);
    r.records().map(Result::unwrap).collect()
}

#[test]
fn formula_like_text_is_neutralised_and_numbers_are_not() {
    let (_site, tree) = hostile();
    let status = records(&tree["data/011002_shinchoku_status.csv"]);
    let first = status
        .iter()
        .find(|r| &r[8] == "2020" && &r[3] == "1-1-1")
        .unwrap();
    assert_eq!(&first[4], "'=HYPERLINK(\"http://example.com\",\"click\")");
    // Markdown made plain, items joined by 「／」, then neutralised: a text column.
    assert_eq!(&first[11], "'@SUM(A1)／二つ目");
    // A numeric column keeps its sign.
    assert_eq!(&first[14], "-5");
    assert_eq!(&first[15], "2023-05-31", "基準日");
    assert!(status.iter().any(|r| r[4].starts_with("'+1+2")));
    let progress = records(&tree["data/011002_shinchoku_progress.csv"]);
    assert!(progress.iter().any(|r| &r[6] == "'-1+1"));
    // The code keeps its leading zero; the raw bytes too.
    assert!(progress.iter().all(|r| &r[0] == "011002"));
    let raw = String::from_utf8_lossy(&tree["data/011002_shinchoku_status.csv"]).to_string();
    assert!(raw.contains("\"'=HYPERLINK(\"\"http://example.com\"\",\"\"click\"\")\""));
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".csv")) {
        for r in records(bytes) {
            for c in r.iter() {
                assert!(!c.contains(['\n', '\r']), "{path}: a line feed in {c:?}");
                assert!(!c.starts_with(['=', '+', '@', '\t']), "{path}: {c:?}");
            }
        }
    }
    // The JSON keeps the Markdown and the text as written.
    let json = String::from_utf8_lossy(&tree["data/011002_shinchoku.json"]).to_string();
    assert!(json.contains("- **@SUM(A1)**\\n- 二つ目"));
}

/// Every cell of every sheet of a workbook.
fn sheets(path: &Path) -> BTreeMap<String, calamine::Range<Data>> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| (n.clone(), wb.worksheet_range(&n).unwrap()))
        .collect()
}

#[test]
fn the_workbook_stores_ids_and_codes_as_text_and_numbers_as_numbers() {
    let (site, _tree) = hostile();
    let path = site.output().join("data/011002_shinchoku.xlsx");
    let book = sheets(&path);
    assert_eq!(
        book.keys().collect::<Vec<_>>(),
        ["年度別の進捗状況", "指標の数値"]
    );
    let status = &book["年度別の進捗状況"];
    let row = |r: usize| -> Vec<&Data> { (0..16).map(|c| status.get((r, c)).unwrap()).collect() };
    assert_eq!(row(0)[3], &Data::String("取組項目ID".into()));
    let first = row(1);
    assert_eq!(
        first[0],
        &Data::String("011002".into()),
        "the code keeps its zero"
    );
    assert_eq!(first[3], &Data::String("1-1-1".into()), "not a date");
    // The text as written (a workbook's text cell is never a formula), plain.
    assert_eq!(
        first[4],
        &Data::String("=HYPERLINK(\"http://example.com\",\"click\")".into())
    );
    assert_eq!(first[11], &Data::String("@SUM(A1)／二つ目".into()));
    assert_eq!(first[8], &Data::Float(2020.0));
    assert_eq!(first[14], &Data::Float(-5.0));
    assert!(matches!(first[15], Data::DateTime(_)), "{:?}", first[15]);
    // No formulas anywhere.
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    for name in book.keys() {
        let formulas = wb.worksheet_formula(name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name}"
        );
    }
    // The same data, the same bytes (no clock in the workbook).
    let again = std::fs::read(&path).unwrap();
    site.build().unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), again);
}

/// `frictionless validate` of a page set's data package: every CSV against its Table Schema.
/// Required on CI (.ci/run installs it); skipped with a note elsewhere when it is missing.
fn frictionless(dir: &Path) -> Option<serde_json::Value> {
    let out = std::process::Command::new("frictionless")
        .args(["validate", "--json", "datapackage.json"])
        .current_dir(dir)
        .output();
    match out {
        Ok(o) => Some(serde_json::from_slice(&o.stdout).unwrap()),
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("frictionless がないため省略 (pip install frictionless)");
            None
        }
        Err(e) => panic!("frictionless: {e}"),
    }
}

#[test]
fn every_csv_is_in_the_data_package_and_valid() {
    let (site, tree) = hostile();
    for prefix in ["", "reports/2020/", "reports/2022/"] {
        let package: serde_json::Value =
            serde_json::from_slice(&tree[&format!("{prefix}data/datapackage.json")]).unwrap();
        let listed: Vec<String> = package["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| format!("{prefix}data/{}", r["path"].as_str().unwrap()))
            .collect();
        let csvs: Vec<&String> = (tree.keys())
            .filter(|p| p.ends_with(".csv") && p.starts_with(&format!("{prefix}data/")))
            .filter(|p| !prefix.is_empty() || !p.starts_with("reports/"))
            .collect();
        let mut sorted = listed.clone();
        sorted.sort();
        assert_eq!(sorted.iter().collect::<Vec<_>>(), csvs, "{prefix}");
        let schema: serde_json::Value =
            serde_json::from_slice(&tree[&format!("{prefix}data/progress.tableschema.json")])
                .unwrap();
        let field = |name: &str| {
            schema["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["name"] == name)
                .unwrap()
                .clone()
        };
        assert_eq!(field("取組項目ID")["type"], "string");
        assert_eq!(field("全国地方公共団体コード")["type"], "string");
        assert_eq!(field("数値")["type"], "number");
        assert_eq!(field("年度")["type"], "year");
        assert_eq!(field("基準日")["type"], "date");
        assert_eq!(field("区分コード")["constraints"]["enum"][0], "baseline");
        let Some(report) = frictionless(&site.output().join(format!("{prefix}data"))) else {
            return;
        };
        assert_eq!(report["valid"], true, "{prefix}: {report:#}");
        assert_eq!(report["tasks"].as_array().unwrap().len(), listed.len());
    }
}

#[test]
fn the_open_data_page_lists_every_file_of_every_edition_with_its_date() {
    let (_site, tree) = hostile();
    let page = html(&tree, "data/index.html");
    let links: Vec<String> = page
        .select(&sel("main a[href]"))
        .filter_map(|a| resolve("data/index.html", a.value().attr("href")?))
        .collect();
    let data_files = (tree.keys()).filter(|p| p.contains("data/") && !p.ends_with(".html"));
    for path in data_files {
        assert!(links.contains(path), "{path} is not listed");
    }
    let captions: Vec<String> = page.select(&sel("table.files caption")).map(text).collect();
    assert!(
        captions
            .iter()
            .any(|c| c.contains("令和5年5月31日（基準日）")),
        "{captions:?}"
    );
    let credit = text(page.select(&sel("#credit + p + ul")).next().unwrap());
    assert!(credit.contains("出典：サンプル市"), "{credit}");
}

/// A plan with indicator values outside its period (tests/fixtures/levels4): the reference and
/// beyond rows are valid against the Table Schema, whose kind codes list them.
#[test]
fn out_of_period_rows_are_valid_against_the_table_schema() {
    let site = Site::fixture("levels4");
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let Some(report) = frictionless(&site.output().join("data")) else {
        return;
    };
    assert_eq!(report["valid"], true, "{report:#}");
}
