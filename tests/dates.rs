//! Dates as the plan prints them: a revision whose month the plan leaves blank (「平成29年　月」)
//! is written `date = "2017"` and shown as 「平成29年」.

mod common;

use common::*;

#[test]
fn a_revision_without_its_month_is_shown_by_its_year() {
    let site = Site::fixture("basic");
    let toml = site.read("site.toml").replace(
        "[[plan.revisions]]\nedition = \"初版\"\ndate = \"2020-03\"\n",
        "[[plan.revisions]]\nedition = \"初版\"\ndate = \"2017\"\n[[plan.revisions]]\nedition = \"改訂版\"\ndate = \"2020-03\"\n",
    );
    assert!(toml.contains("date = \"2017\""));
    site.write("site.toml", &toml);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let index = html(&tree, "index.html");
    let dt = index
        .select(&sel("#plan + dl.facts > dt"))
        .find(|dt| text(*dt) == "改訂履歴")
        .unwrap();
    let dd =
        scraper::ElementRef::wrap(dt.next_siblings().find(|n| n.value().is_element()).unwrap())
            .unwrap();
    let revisions: Vec<String> = dd.select(&sel("li")).map(text).collect();
    assert_eq!(revisions, ["平成29年（初版）", "令和2年3月（改訂版）"]);
}

#[test]
fn a_date_that_is_neither_a_year_nor_a_month_is_still_an_error() {
    let site = Site::fixture("basic");
    let toml = site
        .read("site.toml")
        .replace("date = \"2020-03\"", "date = \"平成29年\"");
    site.write("site.toml", &toml);
    assert!(site.errors().iter().any(|e| e.contains("E103")));
}
