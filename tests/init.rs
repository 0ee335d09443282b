//! `shinchoku init` → `check` → `build` works with no edits; a site overrides one template and its
//! colours; a plan with another period, vocabulary and no sections builds.

mod common;

use common::*;
use shinchoku::init::{init, InitOptions};
use shinchoku::pipeline::{build, build_site, BuildOptions};
use shinchoku::render::theme::ThemeLayer;

fn new_site(first: i32, last: i32) -> tempfile::TempDir {
    new_site_of("高崎市", "102024", first, last)
}

fn new_site_of(city: &str, code: &str, first: i32, last: i32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let opts = InitOptions {
        city: city.into(),
        code: code.into(),
        first_year: first,
        last_year: last,
    };
    init(&dir.path().join("site"), &opts).unwrap();
    dir
}

fn options(root: &std::path::Path) -> BuildOptions {
    // The repository's default theme, then the site's own overrides, as the CLI does.
    BuildOptions::for_site(root, Some(repo().join("themes/default")))
}

#[test]
fn init_then_check_then_build_with_no_edits() {
    let dir = new_site(2025, 2029);
    let root = dir.path().join("site");
    assert!(root.join("assets").is_dir());
    assert!(std::fs::read_to_string(root.join("README.md"))
        .unwrap()
        .contains("shinchoku check"));
    let (_, report) = build_site(&options(&root)).unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    build(&options(&root)).unwrap();
    let tree = read_tree(&root.join("public"));
    let doc = html(&tree, "items/1-1-1.html");
    assert!(text(doc.select(&sel("table.schedule")).next().unwrap()).contains("令和7年度 (2025)"));
    assert_eq!(
        doc.select(&sel("svg[role=img]")).count(),
        1,
        "the numeric example has a chart"
    );
    assert_eq!(
        html(&tree, "items/1-1-2.html").select(&sel("svg")).count(),
        0
    );
}

#[test]
fn init_refuses_a_non_empty_folder_and_bad_codes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mine.txt"), "x").unwrap();
    let opts = InitOptions {
        city: "市".into(),
        code: "102024".into(),
        first_year: 2025,
        last_year: 2029,
    };
    assert_eq!(init(dir.path(), &opts).unwrap_err().code, "E601");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine.txt")).unwrap(),
        "x"
    );
    let opts = InitOptions {
        code: "102025".into(),
        ..opts
    };
    assert_eq!(
        init(&dir.path().join("new"), &opts).unwrap_err().code,
        "E602"
    );
}

#[test]
fn a_site_overrides_one_template_and_its_colours() {
    let dir = new_site(2025, 2029);
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/department.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.name }}（独自テンプレート）</h1>{% endblock content %}",
    )
    .unwrap();
    std::fs::write(
        root.join("static/css/site.css"),
        ":root { --color-accent: #00563f; }\n",
    )
    .unwrap();
    build(&options(&root)).unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&root.join("public"));
    let dept = html(&tree, "departments/joho.html");
    assert_eq!(
        text(dept.select(&sel("h1")).next().unwrap()),
        "情報政策課（独自テンプレート）"
    );
    // The rest of the default theme is intact.
    let item = html(&tree, "items/1-1-1.html");
    assert!(item.select(&sel("table.schedule")).next().is_some());
    assert!(item.select(&sel("a.skip-link")).next().is_some());
    assert_eq!(
        String::from_utf8_lossy(&tree["css/site.css"]),
        ":root { --color-accent: #00563f; }\n"
    );
    let default_css = std::fs::read(repo().join("themes/default/static/css/style.css")).unwrap();
    assert_eq!(tree["css/style.css"], default_css);
}

#[test]
fn the_embedded_theme_builds_without_a_theme_folder() {
    let dir = new_site(2025, 2029);
    let root = dir.path().join("site");
    let opts = BuildOptions::for_site(&root, None);
    assert_eq!(opts.themes[0], ThemeLayer::Builtin);
    build(&opts).unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(root.join("public/css/style.css").is_file());
}

#[test]
fn another_period_vocabulary_and_no_sections() {
    let dir = new_site(2026, 2028);
    let root = dir.path().join("site");
    let site = root.join("content/site.toml");
    let toml = std::fs::read_to_string(&site).unwrap();
    let toml = toml
        .replace("code = \"未着手\"", "code = \"準備中\"")
        .replace("code = \"実施\"", "code = \"推進中\"")
        .replace(
            "[[categories.sections]]\nid = \"1\"\ntitle = \"行政手続の利便性向上\"\n",
            "",
        );
    std::fs::write(&site, toml).unwrap();
    for (file, id) in [("1-1-1.md", "1-1"), ("1-1-2.md", "1-2")] {
        let p = root.join("content/items").join(file);
        let t = std::fs::read_to_string(&p)
            .unwrap()
            .replace("status = \"実施\"", "status = \"推進中\"");
        let t = t.replacen(
            &format!("id = \"1-1-{}\"", &id[2..]),
            &format!("id = \"{id}\""),
            1,
        );
        std::fs::remove_file(&p).unwrap();
        std::fs::write(root.join("content/items").join(format!("{id}.md")), t).unwrap();
    }
    build(&options(&root)).unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&root.join("public"));
    let schedule = text(
        html(&tree, "items/1-1.html")
            .select(&sel("table.schedule"))
            .next()
            .unwrap(),
    );
    assert!(
        schedule.contains("令和8年度 (2026) 推進中") && schedule.contains("令和10年度 (2028)"),
        "{schedule}"
    );
    assert!(!schedule.contains("令和11年度"));
    let summary = text(
        html(&tree, "index.html")
            .select(&sel("#plan-summary"))
            .next()
            .unwrap(),
    );
    assert!(
        summary.contains("推進中") && summary.contains("準備中") && !summary.contains("実施"),
        "{summary}"
    );
}

#[test]
fn a_town_scaffold_speaks_of_its_town_and_links_to_no_example_site() {
    let dir = new_site_of("瑞穂町", "133035", 2025, 2029);
    let root = dir.path().join("site");
    let toml = std::fs::read_to_string(root.join("content/site.toml")).unwrap();
    assert!(toml.contains("町民サービスの向上"), "{toml}");
    assert!(!toml.contains("市民"), "{toml}");
    build(&options(&root)).unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&root.join("public"));
    for (path, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("example."),
            "{path} links to an example domain"
        );
        assert!(!text.contains("市民"), "{path} says 市民");
    }
    // The plan's title names the town: the header does not repeat it.
    let index = html(&tree, "index.html");
    assert_eq!(
        text(index.select(&sel(".site-name a")).next().unwrap()),
        "瑞穂町行政改革大綱 実施計画"
    );
}
