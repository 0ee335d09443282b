//! The home page's first screen (how the latest report of each page set stands) and the
//! department pages' status and grade, on the sample site (3 editions of invented data) and the
//! plan-only bundled site, read back from the HTML and checked against the loaded model.

mod common;

use common::*;
use scraper::{ElementRef, Html};
use shinchoku::model::{ActionItem, Plan};
use shinchoku::progress::standing;
use shinchoku::text::fiscal_year::FiscalYear;
use std::collections::BTreeMap;

type Tree = BTreeMap<String, Vec<u8>>;

struct Built {
    _site: Site,
    tree: Tree,
    plan: Plan,
}

fn build(content: &str) -> Built {
    let site = Site::from_content(&repo().join(content));
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let plan = shinchoku::content::load::load(&site.content())
        .plan
        .unwrap();
    Built {
        _site: site,
        tree,
        plan,
    }
}

/// A page set of the sample: its folder, the report year it shows and its plan.
struct PageSet {
    prefix: String,
    year: FiscalYear,
    title: String,
    as_of: String,
    plan: Plan,
}

/// The latest site (showing the last edition), then every edition's folder.
fn page_sets(plan: &Plan) -> Vec<PageSet> {
    let set = |prefix: String, e: &shinchoku::model::Edition| PageSet {
        prefix,
        year: e.year,
        title: e.title.clone(),
        as_of: e.as_of.wareki(),
        plan: plan.as_of_edition(e.year),
    };
    let last = plan.editions.last().expect("the sample has editions");
    let mut sets = vec![set(String::new(), last)];
    for e in &plan.editions {
        sets.push(set(format!("reports/{}/", e.year.0), e));
    }
    sets
}

fn overview(doc: &Html) -> ElementRef<'_> {
    doc.select(&sel("main section.overview"))
        .next()
        .expect("overview section")
}

/// The item page a link leads to, checked to exist in the output.
fn target(tree: &Tree, page: &str, a: ElementRef) -> String {
    let href = a.value().attr("href").unwrap();
    let path = resolve(page, href).unwrap_or_else(|| panic!("{page}: {href}"));
    assert!(
        tree.contains_key(&path),
        "{page}: {href} → {path} not written"
    );
    path
}

/// (label, count) rows of an overview table, the count read from `data-value` and checked
/// against the printed 「n項目」.
fn table_rows(section: ElementRef, id: &str) -> Vec<(String, usize)> {
    let rows: Vec<(String, usize)> = section
        .select(&sel(&format!("#{id}-table tbody tr")))
        .map(|tr| {
            let label = text(tr.select(&sel("th[scope=row]")).next().unwrap());
            let td = tr.select(&sel("td")).next().unwrap();
            let n: usize = td.value().attr("data-value").unwrap().parse().unwrap();
            assert_eq!(text(td), format!("{n}項目"), "{id} {label}");
            (label, n)
        })
        .collect();
    assert!(!rows.is_empty(), "{id}: no rows");
    rows
}

/// Items of `plan` counted by what `pick` reads of their result in `year`, in the order of
/// `labels`, then those with none.
fn recount(
    plan: &Plan,
    year: FiscalYear,
    labels: &[(String, String)],
    none: &str,
    pick: fn(&shinchoku::model::YearResult) -> Option<&String>,
) -> Vec<(String, usize)> {
    let of = |i: &ActionItem| i.result(year).and_then(pick).cloned();
    let mut rows: Vec<(String, usize)> = labels
        .iter()
        .map(|(code, label)| {
            let n = plan
                .items
                .iter()
                .filter(|i| of(i).as_ref() == Some(code))
                .count();
            (label.clone(), n)
        })
        .collect();
    let n = plan.items.iter().filter(|i| of(i).is_none()).count();
    rows.push((none.to_string(), n));
    rows
}

#[test]
fn the_overview_opens_every_home_page_before_the_plan_and_the_lists() {
    let b = build("tests/fixtures/sample/content");
    for set in page_sets(&b.plan) {
        let page = format!("{}index.html", set.prefix);
        let doc = html(&b.tree, &page);
        let ids: Vec<&str> = (doc.select(&sel("main h2")))
            .filter_map(|h| h.value().attr("id"))
            .collect();
        assert_eq!(ids, ["overview", "plan", "categories", "summary"], "{page}");
        // The plan's details and the item list come after the overview.
        let main = doc.select(&sel("main")).next().unwrap().html();
        let at = |needle: &str| {
            main.find(needle)
                .unwrap_or_else(|| panic!("{page}: {needle}"))
        };
        assert!(at("class=\"overview\"") < at("class=\"facts\""), "{page}");
        assert!(at("class=\"facts\"") < at("class=\"items\""), "{page}");
        let section = overview(&doc);
        let heading = text(section.select(&sel("h2")).next().unwrap());
        assert_eq!(heading, format!("{}の概要", set.title), "{page}");
        let lead = text(section.select(&sel(".overview-as-of")).next().unwrap());
        assert!(
            lead.contains(&format!("基準日 {}", set.as_of)),
            "{page}: {lead}"
        );
        assert!(lead.contains(&set.year.label()), "{page}: {lead}");
    }
}

#[test]
fn the_overview_counts_are_the_item_files_counts_and_the_charts_numbers() {
    let b = build("tests/fixtures/sample/content");
    let statuses: Vec<(String, String)> = (b.plan.statuses.iter())
        .map(|s| (s.code.clone(), s.code.clone()))
        .collect();
    let grades: Vec<(String, String)> = (b.plan.grades.iter())
        .map(|g| (g.code.clone(), format!("{} {}", g.code, g.label)))
        .collect();
    for set in page_sets(&b.plan) {
        let page = format!("{}index.html", set.prefix);
        let doc = html(&b.tree, &page);
        let section = overview(&doc);
        let by_status = table_rows(section, "overview-status");
        let want = recount(&b.plan, set.year, &statuses, "未報告", |r| {
            r.status.as_ref()
        });
        assert_eq!(by_status, want, "{page}");
        let by_grade = table_rows(section, "overview-grade");
        let want = recount(&b.plan, set.year, &grades, "未評価", |r| {
            r.grade.as_ref()
        });
        assert_eq!(by_grade, want, "{page}");
        for (id, rows) in [
            ("overview-status", &by_status),
            ("overview-grade", &by_grade),
        ] {
            check_chart(section, id, rows, &page);
        }
    }
}

/// The chart before the table: an accessible image whose bars and description carry the
/// table's numbers, in the table's order.
fn check_chart(section: ElementRef, id: &str, rows: &[(String, usize)], page: &str) {
    let svg = section
        .select(&sel(&format!(
            "svg[aria-labelledby='{id}-title {id}-desc']"
        )))
        .next()
        .unwrap_or_else(|| panic!("{page}: no chart {id}"));
    let xml = svg.html();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().attribute("role"), Some("img"));
    let bars: Vec<usize> = (doc.descendants())
        .filter_map(|n| n.attribute("data-value"))
        .map(|v| v.parse().unwrap())
        .collect();
    let counts: Vec<usize> = rows.iter().map(|(_, n)| *n).collect();
    assert_eq!(bars, counts, "{page} {id}");
    let texts: Vec<&str> = (doc.descendants())
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::trim))
        .collect();
    let desc = (doc.descendants())
        .find(|n| n.attribute("id") == Some(&format!("{id}-desc")))
        .and_then(|n| n.text())
        .unwrap();
    for (label, n) in rows {
        // Named in the chart itself and in its text alternative: colour is no cue of its own.
        assert!(
            texts.contains(&label.as_str()),
            "{page} {id}: {label} in {texts:?}"
        );
        assert!(
            desc.contains(&format!("{label} {n}項目")),
            "{page} {id}: {desc}"
        );
    }
}

#[test]
fn every_item_behind_or_not_reported_is_listed_and_linked() {
    let b = build("tests/fixtures/sample/content");
    let (mut behind_seen, mut unreported_seen) = (0, 0);
    for set in page_sets(&b.plan) {
        let page = format!("{}index.html", set.prefix);
        let doc = html(&b.tree, &page);
        let section = overview(&doc);
        let standings: Vec<_> = (set.plan.items.iter())
            .map(|i| (&**i, standing(&set.plan, i, set.year)))
            .collect();
        // Behind: each item linked to its page in this page set, with department and reasons.
        let want: Vec<(String, String, String)> = (standings.iter())
            .filter(|(_, s)| s.is_behind())
            .map(|(i, s)| {
                let reasons: Vec<String> =
                    s.behind.iter().map(|r| r.text(&set.plan.words)).collect();
                (i.id.clone(), i.departments.join("・"), reasons.join("、"))
            })
            .collect();
        let shown: Vec<(String, String, String)> = (section
            .select(&sel("ul.overview-behind > li")))
        .map(|li| {
            let a = li.select(&sel("a")).next().unwrap();
            let path = target(&b.tree, &page, a);
            let id = text(a.select(&sel(".item-id")).next().unwrap());
            assert_eq!(path, format!("{}items/{id}.html", set.prefix));
            let dept = set.plan.items.iter().find(|i| i.id == id).unwrap();
            let dept = dept.departments.join("・");
            assert!(
                text(li).contains(&format!("（{dept}）")),
                "{page}: {}",
                text(li)
            );
            let reasons = text(li.select(&sel(".overview-reasons")).next().unwrap());
            (id, dept.clone(), reasons)
        })
        .collect();
        assert_eq!(shown, want, "{page}");
        behind_seen += shown.len();
        unreported_seen += check_unreported(&b.tree, &page, section, &set, &standings);
    }
    // The sample has both in some edition, so the lists above were really compared.
    assert!(behind_seen > 0 && unreported_seen > 0);
}

/// The items not reported, by department in site.toml's order; returns how many were listed.
fn check_unreported(
    tree: &Tree,
    page: &str,
    section: ElementRef,
    set: &PageSet,
    standings: &[(&ActionItem, shinchoku::progress::Standing)],
) -> usize {
    let want: Vec<(String, Vec<String>)> = (set.plan.departments.iter())
        .map(|d| {
            let ids = (standings.iter())
                .filter(|(i, s)| !s.reported && i.has_department(&d.name))
                .map(|(i, _)| i.id.clone())
                .collect();
            (d.name.clone(), ids)
        })
        .filter(|(_, ids): &(String, Vec<String>)| !ids.is_empty())
        .collect();
    let dts: Vec<ElementRef> = section
        .select(&sel("dl.overview-unreported > dt"))
        .collect();
    let dds: Vec<ElementRef> = section
        .select(&sel("dl.overview-unreported > dd"))
        .collect();
    assert_eq!(dts.len(), dds.len(), "{page}");
    let shown: Vec<(String, Vec<String>)> = dts
        .iter()
        .zip(&dds)
        .map(|(dt, dd)| {
            let dept = dt.select(&sel("a")).next().unwrap();
            let path = target(tree, page, dept);
            assert!(
                path.starts_with(&format!("{}departments/", set.prefix)),
                "{path}"
            );
            let ids = (dd.select(&sel("a")))
                .map(|a| {
                    let path = target(tree, page, a);
                    let id = text(a.select(&sel(".item-id")).next().unwrap());
                    assert_eq!(path, format!("{}items/{id}.html", set.prefix));
                    id
                })
                .collect();
            (text(dept), ids)
        })
        .collect();
    assert_eq!(shown, want, "{page}");
    let total: usize = want.iter().map(|(_, ids)| ids.len()).sum();
    let heading = text(section.select(&sel("#overview-unreported")).next().unwrap());
    assert_eq!(heading, format!("未報告の取組（{total}項目）"), "{page}");
    total
}

#[test]
fn the_effect_total_is_the_year_s_sum_with_its_count() {
    let b = build("tests/fixtures/sample/content");
    for set in page_sets(&b.plan) {
        let page = format!("{}index.html", set.prefix);
        let doc = html(&b.tree, &page);
        let figures: BTreeMap<String, String> = (overview(&doc)
            .select(&sel(".overview-figures > div")))
        .map(|d| {
            let dt = text(d.select(&sel("dt")).next().unwrap());
            (dt, text(d.select(&sel("dd")).next().unwrap()))
        })
        .collect();
        let amounts: Vec<f64> = (b.plan.items.iter())
            .filter_map(|i| i.result(set.year).and_then(|r| r.effect_amount))
            .collect();
        let total = shinchoku::text::number::format_number(amounts.iter().sum());
        let note = match amounts.len() {
            0 => "（報告なし）".to_string(),
            n => format!("（{n}項目が報告）"),
        };
        assert_eq!(
            figures["効果額の合計"],
            format!("{total}千円 {note}"),
            "{page}"
        );
    }
    // Known values of the sample: 令和4年度 2,800千円 from one item.
    let doc = html(&b.tree, "index.html");
    let all = text(overview(&doc));
    assert!(all.contains("2,800千円 （1項目が報告）"), "{all}");
}

#[test]
fn before_any_report_the_home_page_says_so_and_shows_the_yearly_plan() {
    let b = build("content");
    assert!(b.plan.editions.is_empty(), "the bundled plan has no report");
    let doc = html(&b.tree, "index.html");
    let section = overview(&doc);
    let ids: Vec<&str> = (doc.select(&sel("main h2")))
        .filter_map(|h| h.value().attr("id"))
        .collect();
    assert_eq!(ids[..2], ["overview", "plan"]);
    let all = text(section);
    assert!(
        all.contains("進捗状況の報告（実績）はまだありません。"),
        "{all}"
    );
    assert!(section
        .select(&sel("svg, .overview-figures"))
        .next()
        .is_none());
    // The schedule: per fiscal year, items by planned status.
    let head: Vec<String> = section
        .select(&sel("#overview-schedule thead th"))
        .map(text)
        .collect();
    let mut statuses: Vec<Option<&str>> = b
        .plan
        .statuses
        .iter()
        .map(|s| Some(s.code.as_str()))
        .collect();
    fn planned(i: &ActionItem, y: FiscalYear) -> Option<&str> {
        i.year(y).and_then(|p| p.status.as_deref())
    }
    let years: Vec<FiscalYear> = b.plan.fiscal_years().collect();
    if (b.plan.items.iter()).any(|i| years.iter().any(|y| planned(i, *y).is_none())) {
        statuses.push(None);
    }
    let mut want_head = vec!["年度".to_string()];
    want_head.extend(statuses.iter().map(|s| s.unwrap_or("未設定").to_string()));
    assert_eq!(head, want_head);
    let rows: Vec<Vec<String>> = (section.select(&sel("#overview-schedule tbody tr")))
        .map(|tr| tr.select(&sel("th, td")).map(text).collect())
        .collect();
    let want: Vec<Vec<String>> = (years.iter())
        .map(|y| {
            let mut row = vec![y.label()];
            for s in &statuses {
                let n = b.plan.items.iter().filter(|i| planned(i, *y) == *s).count();
                row.push(format!("{n}項目"));
            }
            row
        })
        .collect();
    assert_eq!(rows, want);
}

#[test]
fn department_pages_show_status_and_grade_without_repeating_the_department() {
    let b = build("tests/fixtures/sample/content");
    let mut rows_seen = 0;
    for set in page_sets(&b.plan) {
        for d in &b.plan.departments {
            let page = format!("{}departments/{}.html", set.prefix, d.id);
            let doc = html(&b.tree, &page);
            let head: Vec<String> = (doc
                .select(&sel("table.department-items thead th[scope=col]")))
            .map(text)
            .collect();
            assert_eq!(head, ["番号", "取組項目", "進捗状況", "評価"], "{page}");
            let body = doc
                .select(&sel("table.department-items tbody"))
                .next()
                .unwrap();
            assert!(
                !text(body).contains(&d.name),
                "{page}: the department is repeated"
            );
            let rows: Vec<Vec<String>> = (body.select(&sel("tr")))
                .map(|tr| {
                    let a = tr.select(&sel("a")).next().unwrap();
                    target(&b.tree, &page, a);
                    // Readable text: no cell is the small grey note.
                    assert!(tr.select(&sel(".note")).next().is_none(), "{page}");
                    tr.select(&sel("th, td")).map(text).collect()
                })
                .collect();
            let want: Vec<Vec<String>> = (set.plan.items.iter())
                .filter(|i| i.has_department(&d.name))
                .map(|i| department_row(&b.plan, i, set.year))
                .collect();
            assert_eq!(rows, want, "{page}");
            rows_seen += rows.len();
        }
    }
    assert!(rows_seen > 0);
}

fn department_row(plan: &Plan, item: &ActionItem, year: FiscalYear) -> Vec<String> {
    let r = item.result(year);
    let status = r.and_then(|r| r.status.clone()).unwrap_or("未報告".into());
    let grade = match r.and_then(|r| r.grade.as_ref()) {
        Some(code) => {
            let g = plan.grades.iter().find(|g| &g.code == code).unwrap();
            format!("{} {}", g.code, g.label)
        }
        None => "未評価".into(),
    };
    vec![item.id.clone(), item.title.clone(), status, grade]
}

#[test]
fn department_pages_before_any_report_list_the_items_only() {
    let b = build("content");
    for d in &b.plan.departments {
        let page = format!("departments/{}.html", d.id);
        let Some(_) = b.tree.get(&page) else { continue };
        let doc = html(&b.tree, &page);
        let head: Vec<String> = (doc.select(&sel("table.department-items thead th")))
            .map(text)
            .collect();
        assert_eq!(head, ["番号", "取組項目"], "{page}");
        let main = text(doc.select(&sel("main")).next().unwrap());
        assert!(main.contains("実績の報告はまだありません。"), "{page}");
        let ids: Vec<String> = (doc.select(&sel("table.department-items tbody th[scope=row]")))
            .map(text)
            .collect();
        let want: Vec<String> = (b.plan.items.iter())
            .filter(|i| i.has_department(&d.name))
            .map(|i| i.id.clone())
            .collect();
        assert_eq!(ids, want, "{page}");
    }
}
