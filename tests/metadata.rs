//! Page metadata read back from every page of the sample site: a description per page, OGP,
//! the favicon, the feed link, titles and the current menu entry of edition pages.

mod common;

use common::*;
use std::collections::BTreeMap;

fn built(site: &Site) -> BTreeMap<String, Vec<u8>> {
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    read_tree(&site.output())
}

fn attr(doc: &scraper::Html, selector: &str, name: &str) -> Option<String> {
    let e = doc.select(&sel(selector)).next()?;
    e.value().attr(name).map(str::to_string)
}

fn pages(tree: &BTreeMap<String, Vec<u8>>) -> Vec<&String> {
    tree.keys().filter(|p| p.ends_with(".html")).collect()
}

#[test]
fn every_page_has_its_own_description_and_an_icon_that_exists() {
    let site = Site::fixture("sample");
    let tree = built(&site);
    let mut seen = BTreeMap::new();
    for path in pages(&tree) {
        let doc = html(&tree, path);
        let d = attr(&doc, r#"meta[name="description"]"#, "content").unwrap();
        assert!(
            d.chars().count() >= 20,
            "{path}: description too short: {d}"
        );
        let og = attr(&doc, r#"meta[property="og:description"]"#, "content");
        assert_eq!(og.as_deref(), Some(d.as_str()), "{path}");
        if let Some(other) = seen.insert(d.clone(), path.clone()) {
            panic!("{path} and {other} share the description {d}");
        }
        let icon = attr(&doc, r#"link[rel="icon"]"#, "href").unwrap();
        let file = resolve(path, &icon).unwrap();
        assert!(
            tree.contains_key(&file),
            "{path}: icon {icon} → {file} missing"
        );
        // Without base_url there is no feed to point to, and no og:url.
        assert!(
            attr(&doc, r#"link[rel="alternate"]"#, "href").is_none(),
            "{path}"
        );
        assert!(
            attr(&doc, r#"meta[property="og:url"]"#, "content").is_none(),
            "{path}"
        );
    }
}

#[test]
fn an_item_page_is_described_by_its_item() {
    let site = Site::fixture("sample");
    let tree = built(&site);
    let doc = html(&tree, "reports/2020/items/2-2-1.html");
    let d = attr(&doc, r#"meta[name="description"]"#, "content").unwrap();
    let item = site.read("items/2-2-1.md");
    assert!(d.starts_with("2-2-1 市税の収納率の向上"), "{d}");
    assert!(d.contains("収納課"), "{d}");
    assert!(
        d.contains("評価 C"),
        "the 2020 result is graded C in the item file: {d}"
    );
    let body_line = item.lines().find(|l| l.starts_with("- ")).unwrap();
    assert!(d.contains(body_line.trim_start_matches("- ")), "{d}");
}

#[test]
fn with_a_base_url_pages_link_the_feed_and_their_own_url() {
    let site = Site::fixture("sample");
    let toml = site.read("site.toml").replace(
        "[site]\n",
        "[site]\nbase_url = \"https://example.jp/shinchoku/\"\nfavicon = \"assets/mon.png\"\n",
    );
    site.write("site.toml", &toml);
    std::fs::create_dir_all(site.dir.path().join("assets")).unwrap();
    std::fs::write(site.dir.path().join("assets/mon.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let tree = built(&site);
    // 404.html links absolutely (it is served at any depth); every other page relatively.
    let target = |page: &str, href: &str| match href.strip_prefix("https://example.jp/shinchoku/") {
        Some(path) if page == "404.html" => Some(path.to_string()),
        _ => resolve(page, href),
    };
    for path in pages(&tree) {
        let doc = html(&tree, path);
        let feed = attr(
            &doc,
            r#"link[rel="alternate"][type="application/atom+xml"]"#,
            "href",
        );
        assert_eq!(
            target(path, &feed.unwrap()).as_deref(),
            Some("feed.xml"),
            "{path}"
        );
        let url = attr(&doc, r#"meta[property="og:url"]"#, "content").unwrap();
        assert_eq!(url, format!("https://example.jp/shinchoku/{path}"));
        let icon = attr(&doc, r#"link[rel="icon"]"#, "href").unwrap();
        assert_eq!(
            target(path, &icon).as_deref(),
            Some("assets/mon.png"),
            "{path}"
        );
        assert_eq!(
            attr(&doc, r#"link[rel="icon"]"#, "type").as_deref(),
            Some("image/png")
        );
    }
    assert!(tree.contains_key("feed.xml"));
}

#[test]
fn edition_pages_name_the_edition_once_and_mark_the_reports_menu() {
    let site = Site::fixture("sample");
    let tree = built(&site);
    for path in pages(&tree)
        .into_iter()
        .filter(|p| p.starts_with("reports/2"))
    {
        let doc = html(&tree, path);
        let title = text(doc.select(&sel("title")).next().unwrap());
        let year: i32 = path[8..12].parse().unwrap();
        let edition = format!("令和{}年度 進捗状況報告", year - 2018);
        assert_eq!(title.matches(&edition).count(), 1, "{path}: {title}");
        let current: Vec<String> = doc
            .select(&sel(".site-nav a[aria-current]"))
            .map(text)
            .collect();
        assert_eq!(current, ["進捗状況報告"], "{path}");
    }
    // Both kinds of current entry are drawn as current, not only "page".
    let css = String::from_utf8(tree["css/style.css"].clone()).unwrap();
    assert!(
        css.contains(".nav a[aria-current] {"),
        "the menu's current entry has no style for aria-current=\"true\""
    );
    // The latest site's own pages mark themselves.
    let doc = html(&tree, "index.html");
    let current: Vec<String> = doc
        .select(&sel(".site-nav a[aria-current=page]"))
        .map(text)
        .collect();
    assert_eq!(current, ["トップ"]);
}
