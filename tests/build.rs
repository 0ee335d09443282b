//! End-to-end tests of `build` on fixture sites: the page set, links, charts against tables,
//! determinism, atomic failure and the output-folder guard.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};

fn built(name: &str) -> (Site, BTreeMap<String, Vec<u8>>) {
    let site = Site::fixture(name);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    (site, tree)
}

#[test]
fn builds_the_expected_page_set() {
    let (_site, tree) = built("basic");
    let pages: BTreeSet<&str> = tree
        .keys()
        .map(String::as_str)
        .filter(|p| p.ends_with(".html"))
        .collect();
    let page_set = [
        "index.html",
        "categories/1.html",
        "categories/2.html",
        "items/1-1-1.html",
        "items/2-1-1.html",
        "items/index.html",
        "departments/index.html",
        "departments/joho.html",
        "departments/zaisei.html",
        // Every page set that shows a report (here the only one, 2020, with nothing before it).
        "changes.html",
    ];
    // The latest site, site-wide pages, and one frozen edition for the reported year 2020.
    let mut expected: BTreeSet<String> = page_set.iter().map(|p| p.to_string()).collect();
    for site_wide in [
        "method.html",
        "reports/index.html",
        "data/index.html",
        "search.html",
        "404.html",
        "accessibility.html",
    ] {
        expected.insert(site_wide.to_string());
    }
    expected.extend(page_set.iter().map(|p| format!("reports/2020/{p}")));
    // The edition's council report, whole and per department (frozen editions only).
    for report in ["report.html", "report/joho.html", "report/zaisei.html"] {
        expected.insert(format!("reports/2020/{report}"));
    }
    assert_eq!(pages, expected.iter().map(String::as_str).collect());
    assert!(tree.contains_key("css/style.css"));
    assert!(tree.contains_key(shinchoku::output::MARKER));
}

#[test]
fn every_page_is_accessible_html_with_relative_links_that_resolve() {
    let (_site, tree) = built("basic");
    let mut titles = BTreeSet::new();
    for (path, _) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let doc = html(&tree, path);
        let root = doc.root_element();
        assert_eq!(root.value().attr("lang"), Some("ja"), "{path}");
        assert_eq!(doc.select(&sel("h1")).count(), 1, "{path}: exactly one h1");
        let title = text(doc.select(&sel("title")).next().unwrap());
        assert!(
            titles.insert(title.clone()),
            "{path}: duplicate title {title}"
        );
        let first_link = doc.select(&sel("a[href]")).next().unwrap();
        assert_eq!(
            first_link.value().attr("href"),
            Some("#main"),
            "{path}: skip link first"
        );
        assert!(doc.select(&sel("main#main")).next().is_some());
        for (attr, selector) in [
            ("href", "a[href], link[href]"),
            ("src", "img[src], script[src]"),
        ] {
            for e in doc.select(&sel(selector)) {
                let url = e.value().attr(attr).unwrap();
                if url.starts_with("https://")
                    || url.starts_with("http://")
                    || url.starts_with("mailto:")
                {
                    continue;
                }
                assert!(!url.starts_with('/'), "{path}: absolute link {url}");
                let target =
                    resolve(path, url).unwrap_or_else(|| panic!("{path}: {url} escapes the site"));
                assert!(
                    tree.contains_key(&target),
                    "{path}: link {url} → {target} does not exist"
                );
            }
        }
    }
}

#[test]
fn item_page_shows_body_schedule_and_unreported_actuals() {
    let (_site, tree) = built("basic");
    let doc = html(&tree, "items/1-1-1.html");
    let h1 = text(doc.select(&sel("h1")).next().unwrap());
    assert_eq!(h1, "1-1-1 情報提供手段の拡大");
    let body = text(doc.select(&sel(".body")).next().unwrap());
    assert!(body.contains("現状と課題") && body.contains("HP編集に関しての職員研修"));
    let schedule: Vec<String> = doc
        .select(&sel("table.schedule tbody tr"))
        .map(text)
        .collect();
    assert_eq!(schedule.len(), 5);
    assert!(
        schedule[0].starts_with("令和2年度 (2020) 実施 HPを充実し"),
        "{}",
        schedule[0]
    );
    assert!(schedule[0].contains("HPアクセス数 470,000件"));
    assert!(schedule[0].contains("HPアクセス数 未報告"));
    assert!(
        schedule[4].starts_with("令和6年度 (2024) —"),
        "{}",
        schedule[4]
    );
    // 関係課: a declared department is linked, a free-text one is plain text.
    let related: Vec<_> = doc
        .select(&sel(".facts a[href^=\"../departments/\"]"))
        .map(text)
        .collect();
    assert_eq!(related, vec!["情報戦略課", "財政課"]);
}

/// Reads `data-value` numbers out of the chart's SVG and the table that follows it.
#[test]
fn chart_numbers_equal_table_numbers() {
    let (_site, tree) = built("basic");
    let doc = html(&tree, "items/2-1-1.html");
    let sections: Vec<_> = doc.select(&sel("section.indicator")).collect();
    assert_eq!(sections.len(), 3);
    let mut charts = 0;
    for section in sections {
        let svg = section.select(&sel("svg")).next();
        let table_plan: Vec<String> = section
            .select(&sel("table.values tbody tr td:nth-of-type(1)[data-value]"))
            .map(|td| td.value().attr("data-value").unwrap().to_string())
            .collect();
        let table_actual: Vec<String> = section
            .select(&sel("table.values tbody tr td:nth-of-type(2)[data-value]"))
            .map(|td| td.value().attr("data-value").unwrap().to_string())
            .collect();
        let Some(svg) = svg else {
            // Text-only indicators have no chart and no numbers.
            assert!(table_plan.is_empty() && table_actual.is_empty());
            continue;
        };
        charts += 1;
        let svg_xml = svg.html();
        let xml = roxmltree::Document::parse(&svg_xml).expect("inline SVG is well-formed XML");
        let values = |class: &str| -> Vec<String> {
            xml.descendants()
                .filter(|n| {
                    n.attribute("class")
                        .is_some_and(|c| c.split(' ').any(|c| c == class))
                })
                .filter_map(|n| n.attribute("data-value").map(str::to_string))
                .collect()
        };
        // Table: baseline is the first actual, target the last plan value.
        let mut plan_points = values("plan-point");
        plan_points.extend(values("ref-target"));
        let mut actual_points = values("ref-baseline");
        // Bars, or the points of the actual line for a narrow-band indicator (市税収納率).
        actual_points.extend(values("bar-actual"));
        actual_points.extend(values("actual-point"));
        assert_eq!(plan_points, table_plan, "plan values and target");
        assert_eq!(actual_points, table_actual, "baseline and actual values");
        // Text alternative.
        let root = xml.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        let ids: Vec<&str> = root
            .attribute("aria-labelledby")
            .unwrap()
            .split(' ')
            .collect();
        for id in ids {
            assert!(
                xml.descendants().any(|n| n.attribute("id") == Some(id)),
                "aria target {id}"
            );
        }
    }
    assert_eq!(charts, 2);
    let desc = text(doc.select(&sel("svg desc")).next().unwrap());
    assert!(
        // Numbers keep the decimal places the indicator is written with (95.45 → 96.40).
        desc.contains("現状値は95.45%") && desc.contains("目標値は96.40%"),
        "{desc}"
    );
    assert!(desc.contains("最新の実績は令和2年度の95.70%"), "{desc}");
}

#[test]
fn summary_table_counts_planned_statuses() {
    let (_site, tree) = built("basic");
    let doc = html(&tree, "index.html");
    let rows: Vec<String> = doc
        .select(&sel("#plan-summary tbody tr"))
        .map(text)
        .collect();
    // 全体: 2020 → 実施 1 (1-1-1), 検討 1 (2-1-1); 2021 → 実施 2; 2022..2024 → 未設定 2.
    let whole: Vec<&String> = rows.iter().take_while(|r| !r.starts_with("1 ")).collect();
    assert!(
        whole[0].starts_with("全体 （2項目） 検討 1件 0件 0件 0件 0件"),
        "{whole:?}"
    );
    assert!(
        whole[1].starts_with("実施 1件 2件 0件 0件 0件"),
        "{whole:?}"
    );
    assert!(
        whole[3].starts_with("未設定 0件 0件 2件 2件 2件"),
        "{whole:?}"
    );
}

#[test]
fn builds_are_byte_identical() {
    let (site, first) = built("basic");
    site.build().unwrap();
    let second = read_tree(&site.output());
    assert_eq!(first, second);
}

/// The latest edition shows the same data as the latest site: its copies of the data files and
/// workbook are hard links to the latest site's (no second file to create), and the output reads
/// exactly as a build in memory gives it.
#[test]
fn an_editions_copies_of_the_latest_data_are_links_with_the_same_bytes() {
    use std::os::unix::fs::MetadataExt;
    let (site, mut tree) = built("sample");
    tree.remove(".shinchoku-output"); // the marker, written only on disk
    let (files, _) = shinchoku::pipeline::build_site(&site.options()).unwrap();
    let memory: BTreeMap<String, Vec<u8>> =
        files.into_iter().map(|f| (f.path, f.contents)).collect();
    assert_eq!(
        tree.keys().collect::<Vec<_>>(),
        memory.keys().collect::<Vec<_>>()
    );
    assert!(
        tree == memory,
        "the files on disk differ from the build in memory"
    );
    let meta = |p: &str| std::fs::metadata(site.output().join(p)).unwrap();
    let linked: Vec<&String> = tree.keys().filter(|p| meta(p).nlink() == 2).collect();
    let latest = "reports/2022/";
    let copies: Vec<&&String> = linked.iter().filter(|p| p.starts_with(latest)).collect();
    assert!(copies.iter().any(|p| p.ends_with(".csv")), "{linked:?}");
    assert!(copies.iter().any(|p| p.ends_with(".xlsx")), "{linked:?}");
    for copy in &copies {
        let original = copy.strip_prefix(latest).unwrap();
        assert!(
            copy.contains("/data/"),
            "only data files are shared: {copy}"
        );
        assert_eq!(meta(copy).ino(), meta(original).ino(), "{copy}");
    }
    assert_eq!(
        linked.len(),
        2 * copies.len(),
        "each link has its original: {linked:?}"
    );
}

/// A rebuild keeps the files that did not change: same inode, same modification time (an
/// upload by rsync skips them); a changed file, one edited in the output or one whose
/// permissions were changed is written anew, and the output reads as a fresh build's.
#[test]
fn a_rebuild_keeps_unchanged_files_and_writes_the_rest_anew() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let (site, _) = built("basic");
    let out = site.output();
    let ino = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
    let before: BTreeMap<String, u64> = read_tree(&out)
        .keys()
        .map(|p| (p.clone(), ino(p)))
        .collect();
    let edited = "data/schema.json";
    let mut bytes = std::fs::read(out.join(edited)).unwrap();
    bytes[0] = b' ';
    std::fs::write(out.join(edited), &bytes).unwrap();
    let locked = "css/style.css";
    std::fs::set_permissions(out.join(locked), std::fs::Permissions::from_mode(0o600)).unwrap();
    let item = site.content().join("items/1-1-1.md");
    let text = std::fs::read_to_string(&item).unwrap();
    std::fs::write(
        &item,
        text.replacen("\n+++\n", "\n+++\n\n追記した一文。\n", 1),
    )
    .unwrap();
    site.build().unwrap();
    let after = read_tree(&out);
    let fresh = Site::from_content(&site.content());
    fresh.build().unwrap();
    assert!(
        after == read_tree(&fresh.output()),
        "the rebuild differs from a fresh build"
    );
    let kept: BTreeSet<&String> = before
        .iter()
        .filter(|(p, i)| after.contains_key(*p) && ino(p) == **i)
        .map(|(p, _)| p)
        .collect();
    for unchanged in [
        "items/2-1-1.html",
        "css/site.css",
        "data/items/102113_2-1-1.json",
    ] {
        assert!(
            kept.contains(&unchanged.to_string()),
            "{unchanged} written anew: {kept:?}"
        );
    }
    for anew in [edited, locked] {
        assert!(!kept.contains(&anew.to_string()), "{anew} was kept");
    }
    let mode = |p: &str| std::fs::metadata(out.join(p)).unwrap().permissions().mode();
    assert_eq!(
        mode(locked),
        mode("css/site.css"),
        "written with a new file's permissions"
    );
    let changed: Vec<&String> = before
        .keys()
        .filter(|p| p.starts_with("items/") && !kept.contains(p))
        .collect();
    assert_eq!(
        changed.len(),
        1,
        "only the edited item's page is new: {changed:?}"
    );
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let (site, before) = built("basic");
    site.write(
        "items/1-1-1.md",
        &site
            .read("items/1-1-1.md")
            .replace("department = \"情報戦略課\"", "department = 12"),
    );
    let errors = site.errors();
    assert!(errors[0].contains("1-1-1.md:4:"), "{errors:?}");
    assert_eq!(read_tree(&site.output()), before);
    // No staging folders are left behind either (the lock file that keeps two builds apart
    // stays, empty).
    let leftovers: Vec<_> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".public.lock")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn refuses_dangerous_output_folders() {
    let site = Site::fixture("basic");
    for bad in [
        site.content(),
        site.dir.path().to_path_buf(),
        site.content().join("items"),
        "/".into(),
    ] {
        let mut opts = site.options();
        opts.output = bad.clone();
        let err = shinchoku::pipeline::build(&opts)
            .expect_err(&format!("{} must be refused", bad.display()));
        assert_eq!(err[0].code, "E401", "{}", err[0]);
    }
    // A folder with the user's own files is never replaced.
    let foreign = site.dir.path().join("mine");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "大事なファイル").unwrap();
    let mut opts = site.options();
    opts.output = foreign.clone();
    assert_eq!(
        shinchoku::pipeline::build(&opts).unwrap_err()[0].code,
        "E402"
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("keep.txt")).unwrap(),
        "大事なファイル"
    );
}

#[test]
fn site_absolute_markdown_links_become_relative() {
    let (_site, tree) = built("basic");
    let doc = html(&tree, "items/2-1-1.html");
    let link = doc.select(&sel(".body a")).next().unwrap();
    assert_eq!(link.value().attr("href"), Some("../items/1-1-1.html"));
}

/// `serve` rebuilds with a cache of parsed items, compiled templates, pages, charts and search
/// grams; after any edit its output must be exactly what a fresh build gives.
#[test]
fn cached_rebuilds_equal_fresh_builds() {
    use shinchoku::pipeline::{build_site, build_site_cached, BuildCache};
    let site = Site::fixture("basic");
    let (theme, opts) = site.options_with_own_theme();
    let mut cache = BuildCache::enabled();
    let mut check = |what: &str| match (build_site_cached(&opts, &mut cache), build_site(&opts)) {
        (Ok((cached, a)), Ok((fresh, b))) => {
            assert!(cached == fresh, "{what}: files differ");
            assert_eq!(a.warnings, b.warnings, "{what}");
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "{what}"),
        (a, b) => panic!("{what}: cached ok {}, fresh ok {}", a.is_ok(), b.is_ok()),
    };
    check("first build");
    check("unchanged");
    let edit = |path: &std::path::Path, from: &str, to: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{} has no {from}", path.display());
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    };
    let item = site.content().join("items/1-1-1.md");
    edit(&item, "情報提供手段の拡大", "情報提供手段の拡充");
    check("item title");
    edit(&item, "2021 = 480000", "2021 = 481000");
    check("a planned value (its chart)");
    // Same length, modification time set back: a rebuild must still read the new text.
    let modified = std::fs::metadata(&item).unwrap().modified().unwrap();
    edit(&item, "2021 = 481000", "2021 = 482000");
    let file = std::fs::File::options().write(true).open(&item).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    check("a value of the same length, modification time kept");
    // Planned 効果額 in one item adds a column to every item's status rows.
    edit(
        &item,
        "[[indicators]]",
        "[effect_plan]\n2021 = 1000\n\n[[indicators]]",
    );
    check("planned 効果額 in one item (every item's columns)");
    // A value before the plan's period in one item changes every item's CSV columns.
    edit(
        &item,
        "[indicators.actual]",
        "[indicators.reference]\n2018 = 400000\n\n[indicators.actual]",
    );
    check("a reference value (every item's columns)");
    edit(&item, "title = \"", "title = ");
    check("broken item");
    edit(&item, "title = ", "title = \"");
    check("fixed item");
    let site_toml = site.content().join("site.toml");
    edit(&site_toml, "健全な財政", "健全な財政運営");
    check("site.toml");
    edit(
        &theme.join("templates/item.html"),
        "<h1>",
        "<h1 class=\"edited\">",
    );
    check("template");
    edit(
        &theme.join("templates/item.html"),
        "{{ page.title }}",
        "{{ page.title",
    );
    check("broken template");
    edit(
        &theme.join("templates/item.html"),
        "{{ page.title",
        "{{ page.title }}",
    );
    check("fixed template");
    let css = theme.join("static/css/style.css");
    std::fs::write(
        &css,
        std::fs::read_to_string(&css).unwrap() + "\n/* edited */\n",
    )
    .unwrap();
    check("stylesheet");
    let other = site.content().join("items/2-1-1.md");
    let text = std::fs::read_to_string(&other).unwrap();
    let title = text.lines().find(|l| l.starts_with("title = ")).unwrap();
    edit(&other, title, "title = \"別の項目の新しい題名\"");
    check("another item");
    std::fs::rename(&other, site.content().join("items/2-1-1-renamed.md")).unwrap();
    check("an item file renamed");
    std::fs::remove_file(site.content().join("items/2-1-1-renamed.md")).unwrap();
    check("an item removed");
}
