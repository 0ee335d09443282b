//! Open data read back: CSV and JSON against the model, the JSON Schema, the DCAT catalog against
//! the files that exist, search, and the build-time consistency check.

mod common;

use common::*;
use shinchoku::model::Value;
use std::collections::BTreeMap;

fn sample() -> (Site, BTreeMap<String, Vec<u8>>, shinchoku::model::Plan) {
    let site = Site::from_content(&repo().join("tests/fixtures/sample/content"));
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let plan = shinchoku::content::load::load(&site.content())
        .plan
        .unwrap();
    (site, tree, plan)
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "CSV must start with a BOM"
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(
        text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'),
        "CRLF line ends only"
    );
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[test]
fn progress_csv_equals_the_model() {
    let (_site, tree, plan) = sample();
    let (header, rows) = csv_rows(&tree["data/102113_shinchoku_progress.csv"]);
    assert_eq!(header[0], "全国地方公共団体コード");
    assert_eq!(header[1], "地方公共団体名");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (id, ind_c, kind, year, num, text, note) = (
        col("取組項目ID"),
        col("指標名"),
        col("区分コード"),
        col("年度"),
        col("数値"),
        col("文字列値"),
        col("注記"),
    );
    let mut expected_rows = 0;
    for item in &plan.items {
        for ind in &item.indicators {
            expected_rows += 2 + 2 * plan.fiscal_years().count();
            let find = |k: &str, y: &str| {
                rows.iter()
                    .find(|r| {
                        r[id] == item.id && r[ind_c] == ind.name && r[kind] == k && r[year] == y
                    })
                    .unwrap_or_else(|| panic!("{} {} {k} {y}", item.id, ind.name))
            };
            let check = |row: &Vec<String>, v: Option<&Value>| match v {
                Some(Value::Number(n)) => {
                    assert_eq!(row[num].parse::<f64>().unwrap(), *n, "{row:?}")
                }
                Some(Value::Text(t)) => assert_eq!((&row[num], &row[text]), (&String::new(), t)),
                None => assert_eq!((row[num].as_str(), row[text].as_str()), ("", "")),
            };
            check(find("baseline", ""), ind.baseline.as_ref());
            check(
                find("target", &plan.last_year.0.to_string()),
                ind.target.as_ref(),
            );
            for y in plan.fiscal_years() {
                check(find("plan", &y.0.to_string()), ind.plan.get(&y));
                let row = find("actual", &y.0.to_string());
                check(row, ind.actual.get(&y));
                // Blank is not zero: an unreported reported-year actual says so.
                if !ind.actual.contains_key(&y) && y <= plan.latest_edition_year().unwrap() {
                    assert_eq!(row[note], "未報告");
                }
            }
        }
    }
    assert_eq!(rows.len(), expected_rows);
    assert!(rows
        .iter()
        .all(|r| r[0] == "102113" && r[1] == "サンプル市"));
}

#[test]
fn json_equals_the_model_and_the_schema() {
    let (_site, tree, plan) = sample();
    let schema: serde_json::Value = serde_json::from_slice(&tree["data/schema.json"]).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let whole: serde_json::Value =
        serde_json::from_slice(&tree["data/102113_shinchoku.json"]).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&whole)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    for (i, item) in plan.items.iter().enumerate() {
        let j = &whole["items"][i];
        assert_eq!(j["id"], item.id.as_str());
        for (n, ind) in item.indicators.iter().enumerate() {
            for (k, y) in plan.fiscal_years().enumerate() {
                let v = &j["indicators"][n]["values"][k];
                assert_eq!(v["year"], y.0);
                assert_eq!(
                    v["actual"]["value"].as_f64(),
                    ind.actual.get(&y).and_then(Value::as_number)
                );
                assert_eq!(
                    v["plan"]["value"].as_f64(),
                    ind.plan.get(&y).and_then(Value::as_number)
                );
            }
        }
        let per_item: serde_json::Value =
            serde_json::from_slice(&tree[&format!("data/items/102113_{}.json", item.id)]).unwrap();
        assert!(validator.is_valid(&per_item), "{}", item.id);
        assert_eq!(per_item["item"], *j);
    }
    // A document that breaks the schema is rejected (the schema is not vacuous).
    let mut broken = whole.clone();
    broken["items"][0]["indicators"][0]["direction"] = "sideways".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn catalog_lists_every_data_file_with_its_real_size() {
    let (_site, tree, _plan) = sample();
    let catalog: serde_json::Value = serde_json::from_slice(&tree["catalog.jsonld"]).unwrap();
    assert_eq!(catalog["@type"], "dcat:Catalog");
    assert!(catalog["@context"]["dcat"]
        .as_str()
        .unwrap()
        .starts_with("http://www.w3.org/ns/dcat"));
    let mut listed = BTreeMap::new();
    for ds in catalog["dcat:dataset"].as_array().unwrap() {
        assert!(ds["dct:license"].as_str().unwrap().starts_with("https://"));
        for d in ds["dcat:distribution"].as_array().unwrap() {
            let path = d["dcat:downloadURL"].as_str().unwrap().to_string();
            let size = d["dcat:byteSize"].as_u64().unwrap();
            assert!([
                "text/csv",
                "application/json",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ]
            .contains(&d["dcat:mediaType"].as_str().unwrap()));
            assert!(d["dct:modified"].as_str().is_some());
            listed.insert(path, size);
        }
    }
    let data_files: BTreeMap<String, u64> = tree
        .iter()
        .filter(|(p, _)| {
            p.contains("data/")
                && (p.ends_with(".csv")
                    || p.ends_with(".xlsx")
                    || (p.ends_with(".json")
                        && !p.ends_with("schema.json")
                        && !p.ends_with("datapackage.json")))
        })
        .map(|(p, b)| (p.clone(), b.len() as u64))
        .collect();
    assert_eq!(listed, data_files);
}

#[test]
fn item_pages_link_their_data_with_format_and_size() {
    let (_site, tree, _plan) = sample();
    let doc = html(&tree, "items/2-1-1.html");
    let links: Vec<(String, String)> = doc
        .select(&sel("ul.downloads li"))
        .map(|li| {
            (
                li.select(&sel("a"))
                    .next()
                    .unwrap()
                    .value()
                    .attr("href")
                    .unwrap()
                    .to_string(),
                text(li),
            )
        })
        .collect();
    assert_eq!(links.len(), 2, "{links:?}");
    for (href, label) in links {
        let target = resolve("items/2-1-1.html", &href).unwrap();
        let size = tree[&target].len();
        let kb = size.div_ceil(1024);
        assert!(
            label.contains(&format!("形式 {kb}KB"))
                || label.contains(&format!("形式 {size}バイト")),
            "{label} {size}"
        );
    }
}

#[test]
fn consistency_check_fails_the_build_on_a_mismatch() {
    let (_site, tree, plan) = sample();
    let check = |files: &BTreeMap<String, Vec<u8>>| {
        let index: BTreeMap<&str, &[u8]> = files
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        shinchoku::render::data::verify(&plan, "", &index)
    };
    assert!(check(&tree).is_empty());
    // One changed number in any published file is caught: the whole-plan CSV and JSON, the
    // item's own CSV and JSON, and the item page (its table and chart).
    let tamperings = [
        ("data/102113_shinchoku_progress.csv", ",478000,", ",478001,"),
        (
            "data/102113_shinchoku.json",
            "\"value\": 478000.0",
            "\"value\": 478001.0",
        ),
        (
            "data/items/102113_1-1-1_progress.csv",
            ",478000,",
            ",478001,",
        ),
        (
            "data/items/102113_1-1-1.json",
            "\"value\": 478000.0",
            "\"value\": 478001.0",
        ),
        (
            "items/1-1-1.html",
            "data-value=\"478000\"",
            "data-value=\"478001\"",
        ),
    ];
    for (path, from, to) in tamperings {
        let mut files = tree.clone();
        let text = String::from_utf8(files[path].clone()).unwrap();
        assert!(text.contains(from), "{path} has no {from}");
        files.insert(path.into(), text.replacen(from, to, 1).into_bytes());
        let errors = check(&files);
        assert!(!errors.is_empty(), "{path}: the change was not caught");
        assert!(errors.iter().all(|e| e.code == "E310"), "{errors:?}");
        assert!(
            errors.iter().any(|e| e.file.to_string_lossy() == path),
            "{path}: {errors:?}"
        );
    }
}

#[test]
fn discoverability_files() {
    let (site, tree, _plan) = sample();
    assert!(tree.contains_key("robots.txt") && tree.contains_key("404.html"));
    // No base_url: no sitemap or feed, and no absolute URLs anywhere.
    assert!(!tree.contains_key("sitemap.xml") && !tree.contains_key("feed.xml"));
    let text = site.read("site.toml").replace(
        "[site]\n",
        "[site]\nbase_url = \"https://www.city.example.lg.jp/shinchoku\"\n",
    );
    site.write("site.toml", &text);
    site.build().unwrap();
    let tree = read_tree(&site.output());
    let sitemap = String::from_utf8(tree["sitemap.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://www.city.example.lg.jp/shinchoku/items/1-1-1.html"));
    assert_eq!(
        locs.len(),
        tree.keys()
            .filter(|p| p.ends_with(".html") && *p != "404.html")
            .count()
    );
    let feed = String::from_utf8(tree["feed.xml"].clone()).unwrap();
    let feed = roxmltree::Document::parse(&feed).unwrap();
    let entries: Vec<String> = feed
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            e.descendants()
                .find(|n| n.has_tag_name("title"))
                .unwrap()
                .text()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        entries,
        vec![
            "令和4年度 進捗状況報告",
            "令和3年度 進捗状況報告",
            "令和2年度 進捗状況報告"
        ]
    );
    let index = html(&tree, "index.html");
    let og = index
        .select(&sel("meta[property=\"og:url\"]"))
        .next()
        .unwrap();
    assert_eq!(
        og.value().attr("content"),
        Some("https://www.city.example.lg.jp/shinchoku/index.html")
    );
    assert!(String::from_utf8_lossy(&tree["robots.txt"])
        .contains("Sitemap: https://www.city.example.lg.jp/shinchoku/sitemap.xml"));
}

/// The browser's search.js and the Rust search agree, on the sample's index.
#[test]
fn search_finds_items_in_rust_and_in_javascript() {
    let (_site, tree, plan) = sample();
    let index = shinchoku::render::search::build_index(&plan);
    let cases = [
        ("収納率", vec!["2-2-1", "2-2-2"]),
        ("コンビニ納付", vec!["2-2-1"]),
        ("ＨＰ", vec!["1-1-1"]),
        ("時間外勤務", vec!["2-1-1"]),
        ("財務書類", vec!["2-2-2"]),
    ];
    for (q, expected) in &cases {
        assert_eq!(
            &shinchoku::render::search::search(&index, q),
            expected,
            "{q}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.js"), &tree["search-index.js"]).unwrap();
    std::fs::write(dir.path().join("search.js"), &tree["js/search.js"]).unwrap();
    let queries: Vec<&str> = cases.iter().map(|(q, _)| *q).collect();
    let script = format!(
        "globalThis.window = globalThis; require('./index.js'); const s = require('./search.js'); \
         console.log(JSON.stringify({:?}.map(q => s.search(window.SHINCHOKU_SEARCH, q))));",
        queries
    );
    let out = std::process::Command::new("node")
        .arg("-e")
        .arg(&script)
        .current_dir(dir.path())
        .output()
        .expect("node must be installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).unwrap();
    let expected: Vec<Vec<String>> = cases
        .iter()
        .map(|(_, e)| e.iter().map(|s| s.to_string()).collect())
        .collect();
    assert_eq!(got, expected);
}
