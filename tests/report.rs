//! The progress-report side on the sample site (tests/fixtures/sample): yearly editions, 総括表,
//! change lists, plain-language sentences and attainment rates, read back from the HTML.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};

fn sample() -> (Site, BTreeMap<String, Vec<u8>>) {
    let site = Site::from_content(&repo().join("tests/fixtures/sample/content"));
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    (site, tree)
}

fn page_text(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    text(html(tree, path).select(&sel("main")).next().unwrap())
}

#[test]
fn every_page_of_the_sample_says_it_is_sample_data() {
    let (_site, tree) = sample();
    for path in tree.keys().filter(|p| p.ends_with(".html")) {
        let doc = html(&tree, path);
        let notice = doc
            .select(&sel(".notice"))
            .next()
            .unwrap_or_else(|| panic!("{path}: no notice"));
        assert!(text(notice).contains("サンプルデータ"), "{path}");
        let title = text(doc.select(&sel("title")).next().unwrap());
        assert!(title.contains("サンプル"), "{path}: {title}");
    }
}

#[test]
fn an_edition_contains_no_data_from_later_years() {
    let (_site, tree) = sample();
    let e2020 = page_text(&tree, "reports/2020/items/1-1-1.html");
    assert!(e2020.contains("478,000件"));
    for later in ["485,500件", "481,000件", "令和3年度の実績", "閲覧環境調査"] {
        assert!(!e2020.contains(later), "2020 edition shows {later}");
    }
    let latest = page_text(&tree, "items/1-1-1.html");
    assert!(latest.contains("485,500件") && latest.contains("481,000件"));
    // The chart of the 2020 edition has exactly one actual bar.
    let doc = html(&tree, "reports/2020/items/1-1-1.html");
    let svg = doc.select(&sel("svg")).next().unwrap().html();
    let xml = roxmltree::Document::parse(&svg).unwrap();
    let bars = xml
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.contains("bar-actual"))
        })
        .count();
    assert_eq!(bars, 1);
    // Every edition links to itself and the others.
    let editions: Vec<String> = doc.select(&sel("nav.editions li")).map(text).collect();
    assert_eq!(editions.len(), 4, "{editions:?}");
    assert!(editions
        .iter()
        .any(|e| e.contains("令和2年度 進捗状況報告（このページ）")));
}

#[test]
fn summary_counts_equal_a_recount_from_the_model() {
    let (site, tree) = sample();
    let plan = shinchoku::content::load::load(&site.content())
        .plan
        .unwrap();
    let doc = html(&tree, "index.html");
    let rows: Vec<Vec<String>> = doc
        .select(&sel("#result-summary tbody tr"))
        .map(|tr| tr.select(&sel("th[scope=row], td")).map(text).collect())
        .collect();
    let years: Vec<_> = plan.editions.iter().map(|r| r.year).collect();
    for status in &plan.statuses {
        let row = rows.iter().find(|r| r[0] == status.code).unwrap();
        for (i, y) in years.iter().enumerate() {
            let n = plan
                .items
                .iter()
                .filter(|item| {
                    item.years.iter().any(|p| {
                        p.year == *y
                            && p.result.as_ref().and_then(|r| r.status.as_deref())
                                == Some(status.code.as_str())
                    })
                })
                .count();
            let pct = (n as f64 * 1000.0 / plan.items.len() as f64).round() / 10.0;
            assert_eq!(
                row[i + 1],
                format!("{n}件（{pct:.1}%）"),
                "{} {y:?}",
                status.code
            );
        }
    }
    let effect = rows.iter().find(|r| r[0] == "効果額の合計").unwrap();
    for (i, y) in years.iter().enumerate() {
        let total: f64 = plan
            .items
            .iter()
            .flat_map(|item| item.years.iter().filter(|p| p.year == *y))
            .filter_map(|p| p.result.as_ref().and_then(|r| r.effect_amount))
            .sum();
        let shown: f64 = effect[i + 1]
            .split('千')
            .next()
            .unwrap()
            .replace(',', "")
            .parse()
            .unwrap();
        assert_eq!(shown, total, "{y:?}");
    }
    // Known values of the sample: 2021 効果額 = 800 + 3,500.
    assert!(effect[2].starts_with("4,300千円"), "{effect:?}");
}

#[test]
fn change_list_between_editions() {
    let (_site, tree) = sample();
    let doc = html(&tree, "reports/2021/items/2-1-1.html");
    let rows: Vec<String> = doc
        .select(&sel("table.changes tbody tr"))
        .map(text)
        .collect();
    assert_eq!(
        rows,
        vec![
            "進捗状況（実績） 検討 実施",
            "評価 B（計画どおり） A（計画以上）",
            "月45時間を超える時間外勤務をした職員（実績値） 21人 12人",
            "取組実績 部署ごとの時間外勤務を集計した。 ノー残業デーを全庁で実施した。",
        ]
    );
    let head: Vec<String> = doc
        .select(&sel("table.changes thead th"))
        .map(text)
        .collect();
    assert_eq!(head, ["項目", "前回（令和2年度）", "今回（令和3年度）"]);
    // 年次有給休暇 has no 令和3年度 value yet: not a change 「→ 未報告」, but said under the table.
    let note = doc.select(&sel("#changes ~ p.note")).map(text).next();
    assert_eq!(
        note.as_deref(),
        Some("令和3年度の実績値がまだ報告されていない指標: 年次有給休暇の平均取得日数（変更としては扱いません）")
    );
    // The first edition has nothing to compare with.
    assert!(html(&tree, "reports/2020/items/2-1-1.html")
        .select(&sel("table.changes"))
        .next()
        .is_none());
}

/// The sentence's numbers are the table's numbers for the same year.
#[test]
fn plain_sentences_agree_with_the_tables() {
    let (_site, tree) = sample();
    let mut checked = 0;
    for path in tree.keys().filter(|p| p.starts_with("items/")) {
        let doc = html(&tree, path);
        for section in doc.select(&sel("section.indicator")) {
            let rows: BTreeMap<String, Vec<String>> = section
                .select(&sel("table.values tbody tr"))
                .map(|tr| {
                    let cells: Vec<String> = tr.select(&sel("th, td")).map(text).collect();
                    (
                        cells[0].split(' ').next().unwrap().to_string(),
                        cells[1..].to_vec(),
                    )
                })
                .collect();
            for sentence in section.select(&sel("ul.sentences li")).map(text) {
                let year = sentence.split("の実績").next().unwrap();
                let row = &rows[year];
                if sentence.contains("未報告") {
                    assert_eq!(row[1], "未報告", "{sentence}");
                } else {
                    let actual = sentence
                        .split("の実績は")
                        .nth(1)
                        .unwrap()
                        .split('で')
                        .next()
                        .unwrap();
                    assert_eq!(row[1], actual, "{sentence}");
                    if let Some(rest) = sentence.split("計画値").nth(1) {
                        assert!(rest.starts_with(&row[0]), "{sentence} vs {row:?}");
                        let rate = rest
                            .split("達成率は")
                            .nth(1)
                            .unwrap()
                            .split("です")
                            .next()
                            .unwrap();
                        assert!(row[2].starts_with(rate), "{sentence} vs {row:?}");
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn achievement_for_a_zero_target_is_finite_and_labelled() {
    let (_site, tree) = sample();
    let doc = html(&tree, "items/2-1-1.html");
    let t = text(doc.select(&sel("section.indicator")).next().unwrap());
    // 24 → plan 10, actual 0 in 2022: (0 − 24) ÷ (10 − 24) × 100 = 171.4%.
    assert!(t.contains("171.4%（到達）"), "{t}");
    for bad in ["NaN", "inf", "∞"] {
        assert!(!t.contains(bad));
    }
}

#[test]
fn method_page_prints_every_rule() {
    let (_site, tree) = sample();
    let t = page_text(&tree, "method.html");
    for rule in [
        shinchoku::progress::AttainmentRule::FromBaseline,
        shinchoku::progress::AttainmentRule::Ratio,
        shinchoku::progress::AttainmentRule::InverseRatio,
        shinchoku::progress::AttainmentRule::MetOrNot,
    ] {
        let w = shinchoku::words::Words::default();
        assert!(t.contains(rule.formula(&w)), "{}", rule.formula(&w));
    }
    assert!(t.contains("A（計画以上）") && t.contains("計画を上回って進んでいる"));
}

fn has_class(n: &roxmltree::Node, class: &str) -> bool {
    n.attribute("class")
        .is_some_and(|c| c.split(' ').any(|c| c == class))
}

/// The `data-value`s of the chart's marks of one class.
fn chart_values(xml: &roxmltree::Document, class: &str) -> Vec<String> {
    xml.descendants()
        .filter(|n| has_class(n, class))
        .map(|n| n.attribute("data-value").unwrap().to_string())
        .collect()
}

/// The y tick labels of the chart's axes (the x labels are years, not numbers).
fn y_ticks(xml: &roxmltree::Document) -> Vec<f64> {
    let frame = xml.descendants().find(|n| has_class(n, "frame")).unwrap();
    frame
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text()?.trim().replace(',', "").parse().ok())
        .collect()
}

/// The first chart of an item page, as XML.
fn first_chart(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let doc = html(tree, path);
    let svg = doc.select(&sel("section.indicator svg")).next().unwrap();
    svg.html()
}

/// 2-2-1 市税収納率 (95.45 → 96.4, every value between) would fill a tenth of an axis from 0:
/// it is drawn as lines on an axis that starts above 0 and says so; 1-1-1 keeps its bars.
#[test]
fn a_narrow_band_indicator_is_drawn_as_lines_on_an_axis_above_zero() {
    let (_site, tree) = sample();
    for path in ["items/2-2-1.html", "reports/2020/items/2-2-1.html"] {
        let svg = first_chart(&tree, path);
        let xml = roxmltree::Document::parse(&svg).unwrap();
        assert!(
            chart_values(&xml, "bar-actual").is_empty(),
            "{path}: no bars"
        );
        let actual = chart_values(&xml, "actual-point");
        let want: &[&str] = if path.starts_with("reports") {
            &["95.5"]
        } else {
            &["95.5", "96.1"]
        };
        assert_eq!(actual, want, "{path}");
        assert_eq!(chart_values(&xml, "plan-point").len(), 5);
        let ticks = y_ticks(&xml);
        let lowest = ticks.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(
            lowest > 0.0 && lowest <= 95.45,
            "{path}: lowest tick {lowest}"
        );
        let brk = xml.descendants().find(|n| has_class(n, "axis-break"));
        assert!(brk.is_some_and(|b| b.children().filter(|n| n.has_tag_name("line")).count() == 2));
        let desc = xml.descendants().find(|n| n.has_tag_name("desc")).unwrap();
        let note = format!("縦軸は0ではなく{lowest}%から始まります。");
        assert!(desc.text().unwrap().ends_with(&note), "{path}: {desc:?}");
        let unit = xml.descendants().find(|n| has_class(n, "unit")).unwrap();
        assert_eq!(
            unit.text(),
            Some(format!("単位：%（縦軸は0ではなく{lowest}から）").as_str())
        );
    }
    // A wide indicator: bars from 0, standing on one baseline, no break.
    let svg = first_chart(&tree, "items/1-1-1.html");
    let xml = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(
        chart_values(&xml, "bar-actual"),
        ["478000", "485500", "481000"]
    );
    assert!(chart_values(&xml, "actual-point").is_empty());
    assert_eq!(y_ticks(&xml).first(), Some(&0.0));
    assert!(!xml.descendants().any(|n| has_class(&n, "axis-break")));
    let bottoms: BTreeSet<String> = xml
        .descendants()
        .filter(|n| has_class(n, "bar-actual"))
        .map(|n| {
            let y: f64 = n.attribute("y").unwrap().parse().unwrap();
            let h: f64 = n.attribute("height").unwrap().parse().unwrap();
            format!("{}", y + h)
        })
        .collect();
    assert_eq!(bottoms.len(), 1, "{bottoms:?}");
}

/// Every 前年度比 cell is actual(y) − actual(y−1) of the model, in words that say which way and
/// whether that is better, and the year's sentence says the same.
#[test]
fn year_on_year_column_and_sentence_agree_with_the_model() {
    use shinchoku::model::{Direction, Value};
    use shinchoku::text::fiscal_year::FiscalYear;
    use shinchoku::text::number::format_decimals;
    let (site, tree) = sample();
    let plan = shinchoku::content::load::load(&site.content())
        .plan
        .unwrap();
    let num = |v: Option<&Value>| v.and_then(Value::as_number);
    let mut checked = 0;
    for item in &plan.items {
        let doc = html(&tree, &format!("items/{}.html", item.id));
        let section_sel = sel("section.indicator");
        let sections = doc.select(&section_sel);
        for (ind, section) in item.indicators.iter().zip(sections) {
            let header: Vec<String> = section
                .select(&sel("table.values thead th"))
                .map(text)
                .collect();
            let col = header.iter().position(|h| h == "前年度比");
            let sentences: Vec<String> =
                section.select(&sel("ul.sentences li")).map(text).collect();
            for tr in section.select(&sel("table.values tbody tr")) {
                let cells: Vec<_> = tr.select(&sel("th, td")).collect();
                let label = text(cells[0]);
                let Some(year) = plan.fiscal_years().find(|y| y.label() == label) else {
                    continue; // 現状値・目標値
                };
                let previous = FiscalYear(year.0 - 1);
                let (Some(a), Some(b)) =
                    (num(ind.actual.get(&year)), num(ind.actual.get(&previous)))
                else {
                    if let Some(col) = col {
                        assert_eq!(text(cells[col]), "—", "{} {label}", ind.name);
                        assert!(cells[col].value().attr("data-change").is_none());
                    }
                    continue;
                };
                let cell = cells[col.expect("a 前年度比 column")];
                let shown: f64 = cell.value().attr("data-change").unwrap().parse().unwrap();
                assert!(
                    (shown - (a - b)).abs() < 1e-9,
                    "{} {label}: {shown} vs {}",
                    ind.name,
                    a - b
                );
                let t = text(cell);
                let amount = format_decimals((a - b).abs(), ind.decimals);
                let verdict = match ind.direction {
                    _ if a == b => "",
                    Direction::None => "",
                    d if (a > b) == (d == Direction::Increase) => "（改善）",
                    _ => "（悪化）",
                };
                let (up, down) = if ind.unit == "%" {
                    ("上昇", "低下")
                } else {
                    ("増", "減")
                };
                let word = if a > b { up } else { down };
                assert!(
                    t.starts_with(&amount) && t.contains(word) && t.ends_with(verdict),
                    "{t}"
                );
                let sentence = sentences
                    .iter()
                    .find(|s| s.starts_with(&format!("{}の実績", year.wareki())))
                    .unwrap();
                let from = format!("前年度（{}）から{amount}", previous.wareki());
                assert!(
                    sentence.contains(&from) && sentence.ends_with(&format!("{verdict}。")),
                    "{sentence}"
                );
                checked += 1;
            }
        }
    }
    // 1-1-1 (令和3・4年度), 2-1-1 時間外勤務 (令和3・4年度), 2-2-1 (令和3年度).
    assert_eq!(checked, 5);
    let doc = html(&tree, "items/2-2-1.html");
    let cell = doc
        .select(&sel("table.values td.change[data-change]"))
        .next()
        .unwrap();
    assert_eq!(text(cell), "0.60ポイント上昇（改善）");
    let sentences: Vec<String> = doc.select(&sel("ul.sentences li")).map(text).collect();
    assert!(
        sentences[1].ends_with("前年度（令和2年度）から0.60ポイント上昇しました（改善）。"),
        "{sentences:?}"
    );
    // The first edition has one reported year: nothing to compare with, no column.
    let doc = html(&tree, "reports/2020/items/2-2-1.html");
    let header: Vec<String> = doc
        .select(&sel("table.values thead th"))
        .map(text)
        .collect();
    assert!(!header.iter().any(|h| h == "前年度比"), "{header:?}");
}

/// The sample turns on `[site] show_unreported_by_department`: each edition's home page has the
/// table 担当課 / 未報告件数 / 対象件数, with numbers equal to a recount of the model, and each
/// department page says how many of its items have not reported. Off (the default), neither is
/// there.
#[test]
fn unreported_items_are_counted_by_department_when_the_site_asks() {
    let (site, tree) = sample();
    let plan = shinchoku::content::load::load(&site.content())
        .plan
        .unwrap();
    for (prefix, year) in [("", 2022), ("reports/2021/", 2021), ("reports/2020/", 2020)] {
        let page = html(&tree, &format!("{prefix}index.html"));
        let table = page.select(&sel("table#overview-returns")).next().unwrap();
        let caption = text(table.select(&sel("caption")).next().unwrap());
        let wareki = shinchoku::text::fiscal_year::FiscalYear(year).wareki();
        assert_eq!(caption, format!("担当課別の未報告の取組項目数（{wareki}）"));
        let head: Vec<String> = table.select(&sel("thead th")).map(text).collect();
        assert_eq!(head, ["担当課", "未報告件数", "対象件数"]);
        let rows: Vec<(String, String, String)> = (table.select(&sel("tbody tr")))
            .map(|tr| {
                let cells: Vec<String> = tr.select(&sel("th, td")).map(text).collect();
                (cells[0].clone(), cells[1].clone(), cells[2].clone())
            })
            .collect();
        let expected: Vec<(String, String, String)> = plan
            .departments
            .iter()
            .filter_map(|d| {
                let items: Vec<_> = plan
                    .items
                    .iter()
                    .filter(|i| i.has_department(&d.name))
                    .collect();
                let fy = shinchoku::text::fiscal_year::FiscalYear(year);
                let unreported = (items.iter())
                    .filter(|i| !shinchoku::progress::standing(&plan, i, fy).reported)
                    .count();
                (!items.is_empty()).then(|| {
                    (
                        d.name.clone(),
                        format!("{unreported}項目"),
                        format!("{}項目", items.len()),
                    )
                })
            })
            .collect();
        assert_eq!(rows, expected, "{prefix}index.html");
    }
    // 令和4年度: both of 収納課's items are unreported; 令和3年度: one of them.
    let said = |path: &str| {
        let page = html(&tree, path);
        text(page.select(&sel("p.department-returns")).next().unwrap())
    };
    assert_eq!(
        said("departments/shuno.html"),
        "令和4年度 (2022)の報告: 担当する2項目のすべてが未報告です。"
    );
    assert_eq!(
        said("reports/2021/departments/shuno.html"),
        "令和3年度 (2021)の報告: 担当する2項目のうち1項目が未報告です。"
    );
    assert_eq!(
        said("departments/shokuin.html"),
        "令和4年度 (2022)の報告: 担当する1項目から報告がありました。"
    );

    // Off by default: the same site without the setting has neither.
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &toml.replace("show_unreported_by_department = true\n", ""),
    );
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let off = read_tree(&site.output());
    for path in [
        "index.html",
        "reports/2021/index.html",
        "departments/shuno.html",
    ] {
        let page = html(&off, path);
        assert!(
            page.select(&sel("#overview-returns, .department-returns"))
                .next()
                .is_none(),
            "{path}"
        );
    }
    // The unreported list itself stays.
    assert!(html(&off, "index.html")
        .select(&sel("dl.overview-unreported"))
        .next()
        .is_some());
}
