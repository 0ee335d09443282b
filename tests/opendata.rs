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
        assert!(ds["dct:license"]["@id"]
            .as_str()
            .unwrap()
            .starts_with("https://"));
        for d in ds["dcat:distribution"].as_array().unwrap() {
            let path = d["dcat:downloadURL"].as_str().unwrap().to_string();
            let size = d["dcat:byteSize"].as_u64().unwrap();
            assert!([
                "text/csv",
                "application/json",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ]
            .contains(&d["dcat:mediaType"]["rdfs:label"].as_str().unwrap()));
            assert_eq!(d["dcat:accessURL"], d["dcat:downloadURL"]);
            assert_eq!(d["dct:modified"]["@type"], "xsd:date");
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

/// The sample with `base_url` set, built.
fn sample_with_base_url() -> (Site, BTreeMap<String, Vec<u8>>) {
    let site = Site::from_content(&repo().join("tests/fixtures/sample/content"));
    let text = site.read("site.toml").replace(
        "[site]\n",
        "[site]\nbase_url = \"https://www.city.example.lg.jp/shinchoku\"\n",
    );
    site.write("site.toml", &text);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    (site, tree)
}

/// Whether a Python tool the open-data checks use is installed; outside CI a missing one skips
/// the check with a message, in CI it fails the test (.ci/run installs it).
fn tool_available(program: &str, args: &[&str]) -> bool {
    let found = std::process::Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{program} is required in CI (.ci/run installs it with pip)"
        );
        eprintln!("SKIPPED: {program} is not installed (pip install {program})");
    }
    found
}

/// pySHACL with the DCAT-AP 3.0.1 shapes (vendored in tests/shacl) finds no violation in the
/// catalog of a site with base_url, and does find them in a catalog that lacks what DCAT-AP
/// requires (the shapes are not vacuous).
#[test]
fn catalog_conforms_to_dcat_ap() {
    if !tool_available("pyshacl", &["--version"]) {
        return;
    }
    let (site, tree) = sample_with_base_url();
    let catalog = site.output().join("catalog.jsonld");
    let shapes = repo().join("tests/shacl/dcat-ap-3.0.1");
    let mut broken: serde_json::Value = serde_json::from_slice(&tree["catalog.jsonld"]).unwrap();
    broken["dcat:dataset"][0]
        .as_object_mut()
        .unwrap()
        .remove("dct:description");
    let broken_path = site.output().join("broken.jsonld");
    std::fs::write(&broken_path, serde_json::to_vec(&broken).unwrap()).unwrap();
    for file in ["dcat-ap-SHACL.ttl", "shapes.ttl", "range.ttl"] {
        let report = |data: &std::path::Path| {
            let out = std::process::Command::new("pyshacl")
                .arg("-s")
                .arg(shapes.join(file))
                .args(["-df", "json-ld"])
                .arg(data)
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).to_string()
        };
        let good = report(&catalog);
        assert!(good.contains("Conforms: True"), "{file}:\n{good}");
        if file != "range.ttl" {
            let bad = report(&broken_path);
            assert!(bad.contains("Conforms: False"), "{file}:\n{bad}");
        }
    }
}

/// With base_url every IRI of the catalog is absolute and every dataset has a stable IRI and
/// identifier; without it, the IRIs are relative paths inside the site (never file:///).
#[test]
fn catalog_iris_follow_base_url() {
    let (_site, tree) = sample_with_base_url();
    let text = String::from_utf8(tree["catalog.jsonld"].clone()).unwrap();
    let catalog: serde_json::Value = serde_json::from_str(&text).unwrap();
    let base = "https://www.city.example.lg.jp/shinchoku/";
    assert_eq!(catalog["@id"], format!("{base}catalog.jsonld"));
    let ids: Vec<(String, String)> = catalog["dcat:dataset"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["@id"].to_string(), d["dct:identifier"].to_string()))
        .collect();
    let expected: Vec<(String, String)> = ["", "_2020", "_2021", "_2022"]
        .iter()
        .map(|y| {
            (
                format!("\"{base}catalog.jsonld#102113_shinchoku{y}\""),
                format!("\"102113_shinchoku{y}\""),
            )
        })
        .collect();
    assert_eq!(ids, expected);
    for d in catalog["dcat:dataset"][1]["dcat:distribution"]
        .as_array()
        .unwrap()
    {
        let url = d["dcat:downloadURL"].as_str().unwrap();
        assert!(
            url.starts_with(&format!("{base}reports/2020/data/")),
            "{url}"
        );
    }
    let (_site, plain, _plan) = sample();
    let plain = String::from_utf8(plain["catalog.jsonld"].clone()).unwrap();
    assert!(!plain.contains("file:") && !plain.contains(base));
    let plain: serde_json::Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(
        plain["dcat:dataset"][0]["dcat:distribution"][0]["dcat:downloadURL"],
        "data/102113_shinchoku_progress.csv"
    );
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
    assert!(tree.contains_key("404.html"));
    // No base_url: no sitemap, feed or robots.txt (nothing to point at, and the host's root is
    // unknown), and no absolute URLs anywhere.
    for absent in ["sitemap.xml", "feed.xml", "robots.txt"] {
        assert!(!tree.contains_key(absent), "{absent}");
    }
    let text = site.read("site.toml").replace(
        "[site]\n",
        "[site]\nbase_url = \"https://www.city.example.lg.jp/shinchoku\"\n",
    );
    site.write("site.toml", &text);
    site.build().unwrap();
    let tree = read_tree(&site.output());
    let sitemap = String::from_utf8(tree["sitemap.xml"].clone()).unwrap();
    let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
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
    assert!(sitemap.starts_with(declaration) && feed.starts_with(declaration));
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
    // Every page announces the feed.
    let feed_link = index
        .select(&sel(
            "link[rel=\"alternate\"][type=\"application/atom+xml\"]",
        ))
        .next()
        .unwrap();
    assert_eq!(feed_link.value().attr("href"), Some("feed.xml"));
    // The site is in a sub-folder of its host: crawlers never read a robots.txt there.
    assert!(!tree.contains_key("robots.txt"));
    let text = site.read("site.toml").replace(
        "https://www.city.example.lg.jp/shinchoku",
        "https://shinchoku.city.example.lg.jp",
    );
    site.write("site.toml", &text);
    site.build().unwrap();
    assert_eq!(
        std::fs::read_to_string(site.output().join("robots.txt")).unwrap(),
        "User-agent: *\nAllow: /\nSitemap: https://shinchoku.city.example.lg.jp/sitemap.xml\n"
    );
}

/// The server shows 404.html for a missing URL at any depth: with base_url its links, styles
/// and icon are absolute; without, relative to the site's top (docs/usage.md says so).
#[test]
fn not_found_page_works_at_any_depth_with_base_url() {
    let (_site, tree) = sample_with_base_url();
    let base = "https://www.city.example.lg.jp/shinchoku/";
    let refs = |tree: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        let doc = html(tree, "404.html");
        doc.select(&sel("a[href], link[href], img[src], script[src]"))
            .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
            .filter(|h| !h.starts_with('#') && !h.starts_with("https://www.digital.go.jp"))
            .map(str::to_string)
            .collect()
    };
    let absolute = refs(&tree);
    assert!(absolute.len() >= 9, "{absolute:?}");
    for href in &absolute {
        let rest = href.strip_prefix(base).unwrap_or_else(|| panic!("{href}"));
        assert!(tree.contains_key(rest), "{href} leads to no file");
    }
    // Only the 404 page: the others stay relative.
    let index = html(&tree, "items/1-1-1.html");
    let css = index
        .select(&sel("link[rel=\"stylesheet\"]"))
        .next()
        .unwrap();
    assert_eq!(css.value().attr("href"), Some("../css/style.css"));
    let (_site, plain, _plan) = sample();
    for href in refs(&plain) {
        assert!(!href.contains("://") && plain.contains_key(&href), "{href}");
    }
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
