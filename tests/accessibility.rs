//! The accessibility page (ウェブアクセシビリティ方針と試験結果): always built, linked from every
//! page, and showing the browser suite's results when content/accessibility-results.json exists.
//! The browser suite itself is tests/browser/ (bash tests/browser/run.sh).

mod common;

use common::*;

const RESULTS: &str = r#"{
  "format": "shinchoku-accessibility-results",
  "version": 1,
  "tested_on": "2025-11-24",
  "standard": "JIS X 8341-3:2016",
  "level": "AA",
  "axe_tags": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
  "tools": [
    { "name": "Chromium", "version": "156.0.8078.79" },
    { "name": "axe-core", "version": "4.14.1" }
  ],
  "checks": [
    { "id": "axe", "name": "axe-core による自動チェック", "pages": 2, "failed": 0 },
    { "id": "print", "name": "印刷", "pages": 2, "failed": 1 }
  ],
  "pages": [
    { "path": "index.html", "title": "トップ <script> | 計画 | 市", "axe_violations": 0, "html_errors": 0, "problems": [] },
    { "path": "items/1-1-1.html", "title": "1-1-1 情報提供手段の拡大", "axe_violations": 0, "html_errors": 0,
      "problems": [{ "check": "print", "message": "A4 で 3 枚に印刷されます" }], "print_pages": 3 }
  ]
}
"#;

#[test]
fn every_page_links_to_the_accessibility_page() {
    let site = Site::fixture("basic");
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let mut pages = 0;
    for path in tree.keys().filter(|p| p.ends_with(".html")) {
        let doc = html(&tree, path);
        let link = doc
            .select(&sel("footer a[href$='accessibility.html']"))
            .next()
            .unwrap_or_else(|| panic!("{path}: no footer link to accessibility.html"));
        let href = link.value().attr("href").unwrap();
        assert_eq!(
            resolve(path, href).as_deref(),
            Some("accessibility.html"),
            "{path}"
        );
        assert_eq!(text(link), "ウェブアクセシビリティ方針と試験結果");
        pages += 1;
    }
    assert!(pages > 10);
    // Without results, the page says so and still states the policy.
    let doc = html(&tree, "accessibility.html");
    let body = text(doc.select(&sel("main")).next().unwrap());
    assert!(body.contains("JIS X 8341-3:2016"), "{body}");
    assert!(
        body.contains("適合レベル AA に準拠することを目標"),
        "{body}"
    );
    assert!(body.contains("試験結果はまだ公開していません。"), "{body}");
    assert_eq!(doc.select(&sel("table")).count(), 0);
}

#[test]
fn published_results_are_shown_page_by_page() {
    let site = Site::fixture("basic");
    site.write("accessibility-results.json", RESULTS);
    let report = site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(report.pages > 10);
    let tree = read_tree(&site.output());
    let doc = html(&tree, "accessibility.html");
    let main = doc.select(&sel("main")).next().unwrap();
    let body = text(main);
    assert!(!body.contains("まだ公開していません"), "{body}");
    for want in [
        "令和7年11月24日",
        "Chromium 156.0.8078.79",
        "axe-core 4.14.1",
        "wcag2a、wcag2aa、wcag21a、wcag21aa",
        "2ページ",
        "1ページで問題が見つかりました",
        "A4 で 3 枚に印刷されます",
        "問題あり（1ページ）",
    ] {
        assert!(body.contains(want), "{want} not in {body}");
    }
    // One row per tested page, linking to it; results are words, not colours.
    let rows: Vec<_> = doc.select(&sel("table.page-results tbody tr")).collect();
    assert_eq!(rows.len(), 2);
    let first = rows[0];
    let link = first.select(&sel("th a")).next().unwrap();
    assert_eq!(link.value().attr("href"), Some("index.html"));
    assert_eq!(text(link), "トップ <script>", "titles are escaped text");
    assert!(text(first).ends_with("問題なし"));
    assert!(text(rows[1]).contains("問題あり"));
    assert!(text(rows[1]).contains("A4 3枚"));
    // Tables are labelled, scrollable regions with scoped headers.
    for region in doc.select(&sel(".table-scroll")) {
        assert_eq!(region.value().attr("role"), Some("region"));
        assert_eq!(region.value().attr("tabindex"), Some("0"));
    }
    for th in doc.select(&sel("main th")) {
        assert!(th.value().attr("scope").is_some());
    }
    // Editions under reports/ do not get their own copy.
    assert!(!tree.contains_key("reports/2020/accessibility.html"));
}

#[test]
fn malformed_results_stop_the_build_with_a_located_error() {
    let site = Site::fixture("basic");
    site.build().unwrap();
    let before = read_tree(&site.output());
    site.write(
        "accessibility-results.json",
        &RESULTS.replace("\"level\": \"AA\",", "\"level\": \"AA\""),
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("accessibility-results.json:7:"),
        "{errors:?}"
    );
    assert!(errors[0].contains("E150"), "{errors:?}");
    assert_eq!(read_tree(&site.output()), before, "output untouched");

    site.write(
        "accessibility-results.json",
        &RESULTS.replace("items/1-1-1.html", "https://example.com/x.html"),
    );
    let errors = site.errors();
    assert!(errors[0].contains("E151"), "{errors:?}");
    assert!(
        errors[0].contains("accessibility-results.json:18:"),
        "{errors:?}"
    );
}

#[test]
fn the_documented_format_is_the_one_the_build_reads() {
    let doc = std::fs::read_to_string(repo().join("docs/content-format.md")).unwrap();
    let json = doc
        .split("```json\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a json block in docs/content-format.md");
    let r = shinchoku::content::accessibility::parse(std::path::Path::new("doc.json"), json)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.pages[0].print_pages, Some(2));
    // The browser suite writes the same format and version.
    let check = std::fs::read_to_string(repo().join("tests/browser/check.mjs")).unwrap();
    assert!(check.contains(&format!(
        "format: '{}'",
        shinchoku::content::accessibility::FORMAT
    )));
    assert!(check.contains(&format!(
        "version: {},",
        shinchoku::content::accessibility::VERSION
    )));
    let run = std::fs::read_to_string(repo().join("tests/browser/run.sh")).unwrap();
    assert!(run.contains(&format!(
        "content/{}",
        shinchoku::content::accessibility::FILE_NAME
    )));
}
