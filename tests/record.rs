//! A published edition is a public record: `publish` freezes its values, and the build refuses
//! a change to them unless a correction (訂正) in the record explains it.

mod common;

use common::*;
use std::collections::BTreeMap;

fn published_sample() -> Site {
    let site = Site::fixture("sample");
    let date = shinchoku::text::date::Date::parse("2022-06-15").unwrap();
    let year = shinchoku::text::fiscal_year::FiscalYear(2021);
    let p = shinchoku::publish::publish(&site.content(), year, date)
        .unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(p.values > 10, "{} values", p.values);
    site
}

fn edit_actual(site: &Site, from: &str, to: &str) {
    let text = site.read("items/1-1-1.md");
    assert!(text.contains(from));
    site.write("items/1-1-1.md", &text.replacen(from, to, 1));
}

#[test]
fn the_record_holds_what_the_edition_shows() {
    let site = published_sample();
    let record = site.read("editions/2021.toml");
    let parsed: toml::Table = toml::from_str(&record).unwrap();
    let values = parsed["values"].as_table().unwrap();
    let loaded = shinchoku::content::load::load(&site.content());
    let plan = loaded.plan.unwrap();
    let item = plan.items.iter().find(|i| i.id == "1-1-1").unwrap();
    let ind = &item.indicators[0];
    let y = shinchoku::text::fiscal_year::FiscalYear(2021);
    let key = format!("1-1-1/2021/実績値/{}", ind.name);
    let actual = ind.actual[&y].as_number().unwrap();
    assert_eq!(
        values[&key].as_str().unwrap().parse::<f64>().unwrap(),
        actual
    );
    // Nothing after the edition's year is in it.
    assert!(values.keys().all(|k| !k.contains("/2022/")), "{values:?}");
    assert!(site.build().is_ok());
}

#[test]
fn a_silent_change_fails_the_build_and_changes_nothing() {
    let site = published_sample();
    site.build().unwrap();
    let before = read_tree(&site.output());
    edit_actual(&site, "2021 = 485500", "2021 = 486000");
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("E161") && errors[0].contains("485500") && errors[0].contains("486000"),
        "{errors:?}"
    );
    assert_eq!(read_tree(&site.output()), before);
}

/// Changes 1-1-1's 2021 actual value and records the correction; returns the indicator's name.
fn correct_actual(site: &Site) -> String {
    edit_actual(site, "2021 = 485500", "2021 = 486000");
    let loaded = shinchoku::content::load::load(&site.content());
    let name = loaded.plan.unwrap().items[0].indicators[0].name.clone();
    let mut record = site.read("editions/2021.toml");
    record.push_str(&format!(
        "\n[[corrections]]\ndate = \"2022-07-01\"\nkey = \"1-1-1/2021/実績値/{name}\"\nold = \"485500\"\nnew = \"486000\"\nreason = \"集計の誤り\"\n"
    ));
    site.write("editions/2021.toml", &record);
    name
}

#[test]
fn a_recorded_correction_lets_the_build_through() {
    let site = published_sample();
    correct_actual(&site);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    // A second, unexplained change is still refused.
    edit_actual(&site, "2021 = 486000", "2021 = 487000");
    assert!(site.errors()[0].contains("E161"));
}

#[test]
fn later_years_stay_open() {
    let site = published_sample();
    // The 2022 edition is not published: its values may change.
    let text = site.read("items/2-2-1.md");
    site.write(
        "items/2-2-1.md",
        &text.replace(
            "[indicators.actual]\n",
            "[indicators.actual]\n2022 = 96.3\n",
        ),
    );
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
}

/// The rows of the table of corrections on `page`, as text cells, and the links of its rows.
fn correction_rows(tree: &BTreeMap<String, Vec<u8>>, page: &str) -> Vec<(Vec<String>, String)> {
    let doc = html(tree, page);
    let rows: Vec<_> = doc
        .select(&sel("table.corrections tbody tr"))
        .map(|tr| {
            let cells = tr.select(&sel("td, th")).map(text).collect();
            let a = tr.select(&sel("th a")).next().expect("a link to the item");
            let href = resolve(page, a.value().attr("href").unwrap()).unwrap();
            (cells, href)
        })
        .collect();
    rows
}

#[test]
fn corrections_are_shown_where_the_edition_and_the_item_are() {
    let site = published_sample();
    let name = correct_actual(&site);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let what = format!("令和3年度の実績値（{name}）");
    let edition_home = correction_rows(&tree, "reports/2021/index.html");
    assert_eq!(edition_home.len(), 1, "{edition_home:?}");
    let (cells, href) = &edition_home[0];
    assert_eq!(cells[0], "令和4年7月1日");
    assert!(cells[1].starts_with("1-1-1 "), "{cells:?}");
    assert_eq!(
        cells[2..],
        [what.as_str(), "485500", "486000", "集計の誤り"]
    );
    assert_eq!(href, "reports/2021/items/1-1-1.html");
    assert!(tree.contains_key(href.as_str()));
    let doc = html(&tree, "reports/2021/index.html");
    let facts = doc.select(&sel("#corrections + dl.facts")).next().unwrap();
    assert_eq!(text(facts), "公開日 令和4年6月15日");
    // The item page, at the root and in the edition, names the edition corrected.
    for page in ["items/1-1-1.html", "reports/2021/items/1-1-1.html"] {
        let rows = correction_rows(&tree, page);
        assert_eq!(rows.len(), 1, "{page}: {rows:?}");
        let (cells, href) = &rows[0];
        assert_eq!(cells[0], "令和4年7月1日");
        assert_eq!(cells[1], "令和3年度 進捗状況報告", "{cells:?}");
        assert_eq!(
            cells[3..],
            [what.as_str(), "485500", "486000", "集計の誤り"]
        );
        assert_eq!(href, "reports/2021/items/1-1-1.html", "{page}");
    }
    // Other items have none; nor has the root home page, which shows the unpublished 2022.
    assert!(correction_rows(&tree, "items/2-1-1.html").is_empty());
    assert!(correction_rows(&tree, "reports/2021/items/2-1-1.html").is_empty());
    let changes = correction_rows(&tree, "reports/2021/changes.html");
    assert_eq!(changes.len(), 1, "{changes:?}");
    for page in [
        "index.html",
        "reports/2022/index.html",
        "reports/2022/changes.html",
    ] {
        let doc = html(&tree, page);
        assert!(doc.select(&sel("#corrections")).next().is_none(), "{page}");
    }
}

#[test]
fn a_published_edition_without_corrections_says_so() {
    let site = published_sample();
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let doc = html(&tree, "reports/2021/index.html");
    let heading = doc.select(&sel("h2#corrections")).next().unwrap();
    assert_eq!(text(heading), "訂正");
    let note = doc.select(&sel("#corrections ~ p")).next().unwrap();
    assert_eq!(
        text(note),
        "この報告は令和4年6月15日に公開しました。訂正はありません。"
    );
    assert!(correction_rows(&tree, "reports/2021/index.html").is_empty());
    assert!(html(&tree, "reports/2020/index.html")
        .select(&sel("#corrections"))
        .next()
        .is_none());
    // The corrections file exists once an edition is published, with its header only.
    let csv = corrections_csv(&tree);
    assert!(csv.is_empty(), "{csv:?}");
}

#[test]
fn the_corrections_file_lists_every_correction() {
    let site = published_sample();
    let name = correct_actual(&site);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let rows = corrections_csv(&tree);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    let key = format!("1-1-1/2021/実績値/{name}");
    let what = format!("令和3年度の実績値（{name}）");
    assert_eq!(row["報告の年度"], "2021");
    assert_eq!(row["公開日"], "2022-06-15");
    assert_eq!(row["訂正日"], "2022-07-01");
    assert_eq!(row["取組項目ID"], "1-1-1");
    assert_eq!(row["キー"], key);
    assert_eq!(row["訂正した箇所"], what);
    assert_eq!((&*row["訂正前"], &*row["訂正後"]), ("485500", "486000"));
    assert_eq!(row["理由"], "集計の誤り");
    // The open data page and the catalog list it.
    let path = corrections_path(&tree);
    let data_page = std::str::from_utf8(&tree["data/index.html"]).unwrap();
    assert!(
        data_page.contains(path.trim_start_matches("data/")),
        "{path}"
    );
    let catalog = std::str::from_utf8(&tree["catalog.jsonld"]).unwrap();
    assert!(catalog.contains(&path));
}

#[test]
fn no_corrections_file_before_an_edition_is_published() {
    let site = Site::fixture("sample");
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    assert!(tree.keys().all(|k| !k.ends_with("_corrections.csv")));
    let doc = html(&tree, "reports/2021/index.html");
    assert!(doc.select(&sel("#corrections")).next().is_none());
}

fn corrections_path(tree: &BTreeMap<String, Vec<u8>>) -> String {
    let paths: Vec<&String> = tree
        .keys()
        .filter(|k| k.ends_with("_corrections.csv"))
        .collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].starts_with("data/") && !paths[0][5..].contains('/'));
    paths[0].clone()
}

/// The rows of the corrections CSV by column name (checking its BOM and CRLF line ends).
fn corrections_csv(tree: &BTreeMap<String, Vec<u8>>) -> Vec<BTreeMap<String, String>> {
    let bytes = &tree[&corrections_path(tree)];
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a UTF-8 BOM");
    assert!(body.ends_with(b"\r\n"));
    let mut r = csv::Reader::from_reader(body);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}
