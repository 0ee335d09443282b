//! The changes page (changes.html of every page set with a report), read back from the built
//! sample site with two more items (tests/fixtures/changes) so every group appears in the
//! 2021 or 2022 edition.

mod common;

use common::*;
use shinchoku::progress::{compare_edition, Group};
use shinchoku::text::fiscal_year::FiscalYear;
use std::collections::BTreeMap;

type Tree = BTreeMap<String, Vec<u8>>;

fn site() -> (Site, Tree, shinchoku::model::Plan) {
    let site = Site::from_content(&repo().join("tests/fixtures/sample/content"));
    copy_dir(
        &repo().join("tests/fixtures/changes/content"),
        &site.content(),
    );
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let plan = shinchoku::content::load::load(&site.content())
        .plan
        .unwrap();
    (site, tree, plan)
}

/// Each group's id on the page with the item numbers listed under it, in page order.
fn groups_on_page(tree: &Tree, path: &str) -> Vec<(String, Vec<String>)> {
    let doc = html(tree, path);
    doc.select(&sel("section.change-group"))
        .map(|g| {
            let ids = g.select(&sel(".change-entry .item-id")).map(text).collect();
            (g.value().attr("id").unwrap().to_string(), ids)
        })
        .collect()
}

/// The groups the library computes for `year` against `prev`, from the loaded model.
fn groups_of_model(
    plan: &shinchoku::model::Plan,
    year: i32,
    prev: i32,
) -> Vec<(String, Vec<String>)> {
    let plan = plan.as_of_edition(FiscalYear(year));
    compare_edition(&plan, FiscalYear(year), FiscalYear(prev))
        .iter()
        .map(|(g, cs)| {
            let ids = cs.iter().map(|c| c.item.id.clone()).collect();
            (g.id().to_string(), ids)
        })
        .collect()
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn each_group_holds_the_items_the_model_says() {
    let (_site, tree, plan) = site();
    let expected_2021 = vec![
        ("newly-behind", ids(&[])),
        ("recovered", ids(&["2-1-1", "2-2-1"])),
        ("improved", ids(&["1-1-2"])),
        ("worsened", ids(&["1-1-1"])),
        ("still-behind", ids(&["2-1-2"])),
        ("unchanged", ids(&[])),
        ("unreported", ids(&["2-2-2"])),
    ];
    let expected_2022 = vec![
        ("newly-behind", ids(&["1-1-1"])),
        ("recovered", ids(&[])),
        ("improved", ids(&[])),
        ("worsened", ids(&["2-1-1"])),
        ("still-behind", ids(&["2-1-2"])),
        ("unchanged", ids(&["1-1-2"])),
        ("unreported", ids(&["2-2-1", "2-2-2"])),
    ];
    for (path, year, expected) in [
        ("reports/2021/changes.html", 2021, expected_2021),
        ("reports/2022/changes.html", 2022, expected_2022.clone()),
        // The root shows the latest report.
        ("changes.html", 2022, expected_2022),
    ] {
        let shown = groups_on_page(&tree, path);
        let expected: Vec<(String, Vec<String>)> = (expected.into_iter())
            .map(|(g, v)| (g.to_string(), v))
            .collect();
        assert_eq!(shown, expected, "{path}");
        assert_eq!(shown, groups_of_model(&plan, year, year - 1), "{path}");
    }
    // Across the editions, every group shows at least once.
    for g in Group::ALL {
        let seen = ["reports/2021/changes.html", "reports/2022/changes.html"]
            .iter()
            .flat_map(|p| groups_on_page(&tree, p))
            .any(|(id, items)| id == g.id() && !items.is_empty());
        assert!(seen, "{} never shows", g.id());
    }
}

#[test]
fn headings_counts_and_empty_groups() {
    let (_site, tree, _plan) = site();
    let doc = html(&tree, "reports/2022/changes.html");
    let h2: Vec<String> = doc.select(&sel("main h2")).map(text).collect();
    assert_eq!(
        h2,
        [
            "新たに遅れ （1項目）",
            "回復 （0項目）",
            "改善 （0項目）",
            "後退 （1項目）",
            "引き続き遅れ （1項目）",
            "変化なし （1項目）",
            "未報告 （2項目）",
        ]
    );
    let recovered = doc.select(&sel("section#recovered")).next().unwrap();
    assert!(text(recovered).contains("該当する取組項目はありません。"));
    // The count table adds up to every item.
    let total = doc.select(&sel("table.change-groups tfoot td")).next();
    assert_eq!(total.map(text).as_deref(), Some("6項目"));
}

#[test]
fn an_entry_shows_before_and_after_with_the_years() {
    let (_site, tree, _plan) = site();
    let doc = html(&tree, "reports/2022/changes.html");
    let entry = doc.select(&sel("section.change-entry")).find(|e| {
        e.select(&sel(".item-id"))
            .next()
            .is_some_and(|i| text(i) == "2-1-1")
    });
    let entry = entry.unwrap();
    let t = text(entry);
    assert!(t.contains("担当課 職員課"), "{t}");
    let head: Vec<String> = entry.select(&sel("thead th")).map(text).collect();
    assert_eq!(head, ["項目", "前回（令和3年度）", "今回（令和4年度）"]);
    let rows: Vec<String> = entry.select(&sel("tbody tr")).map(text).collect();
    assert_eq!(
        rows,
        [
            "評価 A（計画以上） B（計画どおり）",
            "月45時間を超える時間外勤務をした職員（実績値） 12人 0人",
            "年次有給休暇の平均取得日数（実績値） 未報告 11.3日",
            "取組実績 ノー残業デーを全庁で実施した。 記載なし",
        ]
    );
    // A behind item says why, in both reports.
    let doc = html(&tree, "reports/2021/changes.html");
    let still = text(doc.select(&sel("section#still-behind")).next().unwrap());
    assert!(still.contains("評価 C（やや遅れ）"), "{still}");
    assert!(still.contains("進捗状況 検討（計画は実施）"), "{still}");
}

#[test]
fn not_yet_reported_is_never_an_after_value() {
    let (_site, tree, _plan) = site();
    let mut cells = 0;
    for path in tree.keys().filter(|p| p.ends_with(".html")) {
        for td in html(&tree, path).select(&sel("table.changes td.after")) {
            assert!(!text(td).contains("未報告"), "{path}: {}", td.html());
            cells += 1;
        }
    }
    assert!(cells > 20, "{cells}");
    // The item page of an item that has not reported says so instead of listing changes.
    let doc = html(&tree, "reports/2022/items/2-2-1.html");
    assert!(doc.select(&sel("table.changes")).next().is_none());
    let main = text(doc.select(&sel("main")).next().unwrap());
    assert!(
        main.contains("令和4年度の報告はまだありません（未報告）"),
        "{main}"
    );
}

#[test]
fn the_first_report_has_nothing_to_compare_with() {
    let (_site, tree, _plan) = site();
    let doc = html(&tree, "reports/2020/changes.html");
    let main = text(doc.select(&sel("main")).next().unwrap());
    assert!(main.contains("最初の進捗状況報告のため、比べる前回の報告はありません"));
    assert!(doc.select(&sel("section.change-group")).next().is_none());
}

#[test]
fn links_lead_to_written_files_of_the_same_edition() {
    let (_site, tree, _plan) = site();
    for (path, prefix) in [
        ("changes.html", ""),
        ("reports/2020/changes.html", "reports/2020/"),
        ("reports/2021/changes.html", "reports/2021/"),
        ("reports/2022/changes.html", "reports/2022/"),
    ] {
        let doc = html(&tree, path);
        let main = doc.select(&sel("main")).next().unwrap();
        for a in main.select(&sel("a[href]")) {
            let href = a.value().attr("href").unwrap();
            let target = resolve(path, href).unwrap();
            assert!(tree.contains_key(&target), "{path}: {href}");
            if let Some(anchor) = href.strip_prefix('#') {
                let id = format!("[id=\"{anchor}\"]");
                assert!(doc.select(&sel(&id)).next().is_some(), "{path}: {href}");
            }
            if target.contains("/items/") || target.starts_with("items/") {
                assert!(
                    target.starts_with(&format!("{prefix}items/")),
                    "{path}: {href}"
                );
            }
        }
    }
}

#[test]
fn the_home_pages_and_the_list_of_reports_link_the_changes_pages() {
    let (_site, tree, _plan) = site();
    let link = |page: &str, wanted: &str| {
        let doc = html(&tree, page);
        let found = doc
            .select(&sel("main a[href]"))
            .filter_map(|a| resolve(page, a.value().attr("href").unwrap()))
            .any(|t| t == wanted);
        assert!(found, "{page} does not link {wanted}");
    };
    link("index.html", "changes.html");
    for year in [2020, 2021, 2022] {
        let changes = format!("reports/{year}/changes.html");
        link(&format!("reports/{year}/index.html"), &changes);
        link("reports/index.html", &changes);
    }
    let home = html(&tree, "index.html");
    let line = text(home.select(&sel("main .changes-link")).next().unwrap());
    assert_eq!(line, "前回の報告からの変化 （令和3年度 → 令和4年度）");
}

/// An item of several departments names every one of them, lead first, each a link to its page.
#[test]
fn an_entry_names_every_department() {
    let (site, _, _) = site();
    let path = "items/1-1-2.md";
    let text0 = site.read(path);
    let one = "department = \"情報戦略課\"";
    assert!(text0.contains(one));
    site.write(
        path,
        &text0.replacen(one, "department = [\"情報戦略課\", \"職員課\"]", 1),
    );
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    for page in ["reports/2021/changes.html", "reports/2022/changes.html"] {
        let doc = html(&tree, page);
        let entry = doc
            .select(&sel(".change-entry"))
            .find(|e| e.select(&sel(".item-id")).any(|i| text(i) == "1-1-2"))
            .unwrap_or_else(|| panic!("no 1-1-2 in {page}"));
        let links: Vec<(String, String)> = entry
            .select(&sel("a"))
            .filter_map(|a| {
                let href = a.value().attr("href")?;
                href.contains("departments/")
                    .then(|| (text(a), href.to_string()))
            })
            .collect();
        let names: Vec<&str> = links.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(names, ["情報戦略課", "職員課"], "{page}");
        let joined: String = entry.text().collect();
        assert!(joined.contains("情報戦略課、職員課"), "{page}: {joined}");
        // Each link leads to a page the build wrote.
        for (_, href) in &links {
            let mut parts: Vec<&str> = page.split('/').collect();
            parts.pop();
            for p in href.split('/') {
                match p {
                    ".." => drop(parts.pop()),
                    _ => parts.push(p),
                }
            }
            let target = parts.join("/");
            assert!(tree.contains_key(&target), "{href} from {page}: {target}");
        }
    }
}
