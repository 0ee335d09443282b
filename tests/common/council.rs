//! 試験用の 36 項目の計画: 同梱の計画（content/）に、架空の実績を加えたもの。
//! The 36-item test plan: a copy of the bundled plan (content/, 36 items, no results) with
//! clearly invented results added: site.toml gets grades A–D, editions for 2020 and 2021, a
//! base_url on example.jp and a notice saying it is test data; every item gets a
//! `[years.result]` for 2020 and 2021 and an actual value for each indicator planned in those
//! years. Deterministic: the same content/ gives the same bytes.
//!
//! Written, not committed: the Rust tests call [`write`] into a temporary folder, and the browser
//! tests (tests/browser/run.sh) build the same plan through `cargo run --example council_plan`
//! (examples/council_plan.rs includes this file). So a correction to content/ reaches the test
//! plan at once, and no copy of the plan with invented results sits in the repository where it
//! could be mistaken for 安中市's own.

use std::path::Path;
use toml_edit::{value, ArrayOfTables, DocumentMut, Item, Table};

/// The editions of the test plan.
pub const YEARS: [i32; 2] = [2020, 2021];
pub const BASE_URL: &str = "https://www.example.jp/annaka-test/";
pub const NOTICE: &str = "このサイトは試験用のデータです。第3次 安中市行政改革大綱 実施計画の計画に、架空の実績・評価・審議会の意見を加えたもので、安中市の実際の報告ではありません。";
const TITLE_MARK: &str = "【試験用データ】";

/// Writes the test plan's content folder (site.toml and items/) into `to`.
pub fn write(bundled: &Path, to: &Path) {
    std::fs::create_dir_all(to.join("items")).unwrap();
    let site = std::fs::read_to_string(bundled.join("site.toml")).unwrap();
    std::fs::write(to.join("site.toml"), site_toml(&site)).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(bundled.join("items"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    for (k, name) in names.iter().enumerate() {
        let text = std::fs::read_to_string(bundled.join("items").join(name)).unwrap();
        std::fs::write(to.join("items").join(name), item(k, &text)).unwrap();
    }
}

fn site_toml(text: &str) -> String {
    let mut doc: DocumentMut = text.parse().unwrap();
    let title = doc["plan"]["title"].as_str().unwrap().to_string();
    doc["plan"]["title"] = value(format!("{TITLE_MARK}{title}"));
    doc["site"]["notice"] = value(NOTICE);
    doc["site"]["base_url"] = value(BASE_URL);
    let grades = [
        ("A", "計画以上", "計画を上回って進んでいる"),
        ("B", "計画どおり", "おおむね計画どおり進んでいる"),
        ("C", "やや遅れ", "計画よりやや遅れている"),
        ("D", "遅れ", "計画より大きく遅れている"),
    ];
    let mut list = ArrayOfTables::new();
    for (code, label, description) in grades {
        let mut t = Table::new();
        t["code"] = value(code);
        t["label"] = value(label);
        t["description"] = value(description);
        list.push(t);
    }
    doc["grades"] = Item::ArrayOfTables(list);
    let mut reports = ArrayOfTables::new();
    for y in YEARS {
        let mut t = Table::new();
        t["year"] = value(y as i64);
        t["as_of"] = value(format!("{}-05-31", y + 1));
        reports.push(t);
    }
    doc["reports"] = Item::ArrayOfTables(reports);
    format!("# 試験用データ: tests/common/council.rs が同梱の計画から生成。実績はすべて架空です。\n{doc}")
}

/// The grade of item `k` in year `y`: mostly B, some A, C and D.
fn grade(k: usize, y: i32) -> &'static str {
    const CYCLE: [&str; 10] = ["B", "A", "B", "C", "B", "B", "D", "A", "B", "C"];
    CYCLE[(k * 3 + (y as usize - 2020) * 7) % CYCLE.len()]
}

fn item(k: usize, text: &str) -> String {
    let path = Path::new("item.md");
    let fm = shinchoku::content::source::split_front_matter(path, text).unwrap();
    let mut doc: DocumentMut = fm.toml.parse().unwrap();
    let title = doc["title"].as_str().unwrap().to_string();
    if let Some(years) = doc.get_mut("years").and_then(Item::as_array_of_tables_mut) {
        for entry in years.iter_mut() {
            let y = entry["year"].as_integer().unwrap() as i32;
            if YEARS.contains(&y) {
                let planned = entry.get("status").and_then(Item::as_str).unwrap_or("実施");
                let result = result(k, y, &title, planned);
                entry.insert("result", Item::Table(result));
            }
        }
    }
    if let Some(inds) = doc
        .get_mut("indicators")
        .and_then(Item::as_array_of_tables_mut)
    {
        for ind in inds.iter_mut() {
            actuals(k, ind);
        }
    }
    let end = fm.toml_offset + fm.toml.len();
    format!("{}{doc}{}", &text[..fm.toml_offset], &text[end..])
}

fn result(k: usize, y: i32, title: &str, planned: &str) -> Table {
    let g = grade(k, y);
    let status = match g {
        "D" => "検討",
        "A" if k.is_multiple_of(5) => "達成",
        _ => planned,
    };
    let mut t = Table::new();
    // Directly under its [[years]] entry, as docs/content-format.md shows it.
    t.decor_mut().set_prefix("");
    t["status"] = value(status);
    t["grade"] = value(g);
    t["achievements"] = value(achievements(k, y, title));
    t["challenges"] = value(challenges(k, g));
    if k % 3 == 1 {
        t["effect_amount"] = value((((k * 37 + y as usize * 11) % 40 + 1) * 100) as i64);
    }
    if (k + y as usize).is_multiple_of(4) {
        t["council_comment"] = value(format!(
            "【試験用の架空の意見】{}",
            COMMENTS[(k / 4) % COMMENTS.len()]
        ));
    }
    t
}

const DONE: [&str; 6] = [
    "担当課内で実施方針を確認し、関係課と調整のうえ年間の取組を進めた",
    "前年度の結果を踏まえて手順を見直し、職員向けの説明会を2回開催した",
    "対象となる業務の現状を調査し、改善案を取りまとめて庁内で共有した",
    "市民向けの周知を広報とホームページで行い、問い合わせの傾向を整理した",
    "他市の事例を調べ、本市で取り入れられる手法を試行した",
    "計画に沿って取組を継続し、四半期ごとに進捗を確認した",
];
const NEXT: [&str; 5] = [
    "取組の効果を数値で把握する方法を定める必要がある",
    "担当者の異動があっても続けられるよう、手順書を整える",
    "関係課との役割分担を明確にし、次年度の計画に反映する",
    "市民の意見を取り入れる機会を増やし、取組の内容を見直す",
    "費用と効果を比べ、優先する取組を絞り込む",
];
const COMMENTS: [&str; 4] = [
    "取組の成果が市民に伝わるよう、わかりやすい説明に努められたい。",
    "遅れの原因を分析し、次年度に確実に取り戻されたい。",
    "他の取組とも連携し、全庁的な効果につなげられたい。",
    "数値目標の達成状況を定期的に公表されたい。",
];

/// 取組実績: two or three sentences, and a list for every third item (Markdown).
fn achievements(k: usize, y: i32, title: &str) -> String {
    let year = shinchoku::text::fiscal_year::FiscalYear(y).wareki();
    let k = k + y as usize;
    let a = DONE[k % DONE.len()];
    let b = DONE[(k + 2) % DONE.len()];
    let mut s = format!("【試験用の架空の実績】{year}は「{title}」について、{a}。また、{b}。");
    if k.is_multiple_of(3) {
        s.push_str(&format!(
            "\n\n- {}\n- {}",
            DONE[(k + 4) % DONE.len()],
            NEXT[k % NEXT.len()]
        ));
    }
    s
}

fn challenges(k: usize, grade: &str) -> String {
    let next = NEXT[k % NEXT.len()];
    match grade {
        "C" | "D" => format!("【試験用】計画より遅れている。{next}。"),
        _ => format!("【試験用】{next}。"),
    }
}

/// Actual values for the editions' years that have a planned value: numbers from the grade's
/// share of the planned improvement (rounded as the plan writes them), text as a sentence.
fn actuals(k: usize, ind: &mut Table) {
    let baseline = ind.get("baseline").and_then(number);
    let lower_is_better = ind.get("direction").and_then(Item::as_str) == Some("decrease");
    let Some(plan) = ind.get("plan").and_then(Item::as_table_like) else {
        return;
    };
    let mut values = Vec::new();
    for y in YEARS {
        let Some(p) = plan.get(&y.to_string()) else {
            continue;
        };
        let v = match (number(p), p.as_str()) {
            (Some(n), _) => {
                let a = actual(n, baseline, lower_is_better, grade(k, y));
                number_value(a, decimals(p))
            }
            (None, Some(_)) => value(text_actual(grade(k, y))),
            _ => continue,
        };
        values.push((y, v));
    }
    let actual = ind.entry("actual").or_insert(Item::Table(Table::new()));
    let actual = actual.as_table_like_mut().unwrap();
    for (y, v) in values {
        actual.insert(&y.to_string(), v);
    }
}

fn number(i: &Item) -> Option<f64> {
    i.as_float().or_else(|| i.as_integer().map(|n| n as f64))
}

/// Decimal places as written (`96.00` → 2); none for an integer.
fn decimals(i: &Item) -> Option<usize> {
    match i.as_value()? {
        toml_edit::Value::Float(f) => {
            let repr = f.display_repr();
            Some(repr.split_once('.').map_or(0, |(_, d)| d.len()))
        }
        _ => None,
    }
}

fn number_value(n: f64, decimals: Option<usize>) -> Item {
    let n = n.max(0.0);
    match decimals {
        None => value(n.round() as i64),
        Some(d) => {
            let scale = 10f64.powi(d as i32);
            value((n * scale).round() / scale)
        }
    }
}

/// The grade's share of the planned improvement: A beyond the plan, D barely moved. Without a
/// baseline (or one equal to the plan), a share of the plan itself.
fn actual(plan: f64, baseline: Option<f64>, lower_is_better: bool, grade: &str) -> f64 {
    let share = match grade {
        "A" => 1.2,
        "B" => 1.0,
        "C" => 0.6,
        _ => 0.2,
    };
    match baseline {
        Some(b) if b != plan => b + (plan - b) * share,
        _ if lower_is_better => plan * (1.5 - share / 2.0),
        _ => plan * (0.5 + share / 2.0),
    }
}

fn text_actual(grade: &str) -> &'static str {
    match grade {
        "A" | "B" => "計画どおり実施（試験用）",
        "C" => "一部を実施（試験用）",
        _ => "未実施（試験用）",
    }
}
