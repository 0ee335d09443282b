//! 合成の実施計画を作る（ベンチマーク用）。 / Writes a synthetic plan of N action items.
//!
//! ```sh
//! cargo run --release --example gen_plan -- --items 10000 --out /tmp/plan10k [--hugo /tmp/hugo10k]
//! ```
//!
//! The plan is in the real content format (site.toml + items/*.md): Japanese Markdown bodies of
//! about 1.5 KB (headings, lists, a table), 1–4 indicators per item with baseline, target, plan and
//! actual values for five fiscal years, yearly statuses, results and grades. The same seed gives
//! the same files. With `--hugo DIR` the same items are also written as a Hugo site whose
//! templates print the same fields and an HTML table of each indicator (Hugo draws no charts), so
//! both generators can be timed on the same work (benches/bench.sh).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const CATEGORIES: usize = 10;
const SECTIONS: usize = 10;
const DEPARTMENTS: [&str; 20] = [
    "情報戦略課",
    "秘書政策課",
    "財政課",
    "収納課",
    "職員課",
    "行政課",
    "地域創造課",
    "高齢者支援課",
    "土木課",
    "子ども課",
    "健康づくり課",
    "環境政策課",
    "農林課",
    "商工観光課",
    "都市計画課",
    "上下水道課",
    "学校教育課",
    "生涯学習課",
    "市民課",
    "税務課",
];
const STATUSES: [&str; 4] = ["未着手", "検討", "実施", "達成"];
const GRADES: [&str; 4] = ["A", "B", "C", "D"];
const YEARS: [i32; 5] = [2020, 2021, 2022, 2023, 2024];
const PHRASES: [&str; 16] = [
    "市民ニーズを的確に把握し、行政サービスの質の向上を図る",
    "業務の効率化と事務負担の軽減により、時間外勤務の縮減につなげる",
    "関係部署と連携し、全庁的な取組として推進する",
    "先進自治体の事例を調査・研究し、本市に適した手法を検討する",
    "広報あんなか及び市ホームページで取組の状況を周知する",
    "職員研修を実施し、担当職員の知識と技能の向上に努める",
    "数値目標を設定し、毎年度その達成状況を検証する",
    "民間事業者のノウハウを活用し、費用対効果の高い運営を実現する",
    "オープンデータとして公開し、市民・事業者の利活用を促進する",
    "行政改革審議会に進捗状況を報告し、外部の視点で点検を受ける",
    "公共施設の老朽化に対応し、維持管理費の平準化を図る",
    "収納率の向上と滞納額の縮減に向けて、徴収体制を強化する",
    "オンラインで可能な行政手続を拡充し、来庁不要の手続を増やす",
    "女性委員の登用を促進し、多様な意見を市政に反映する",
    "地域の担い手と協働し、住民主体のまちづくりを支援する",
    "RPA・AI-OCRの活用事務を拡大し、定型業務を自動化する",
];
const INDICATORS: [(&str, &str, bool); 8] = [
    ("HPアクセス数", "件", true),
    ("収納率", "%", true),
    ("時間外勤務が年360時間を超える職員", "人", false),
    ("オンラインで可能な行政手続数", "件", true),
    ("審議会等の女性参加率", "%", true),
    ("回答発送までの平均日数", "日", false),
    ("オープンデータの公開数", "件", true),
    ("未利用地の売却・貸付件数", "件", true),
];

struct Args {
    items: usize,
    out: PathBuf,
    hugo: Option<PathBuf>,
    seed: u64,
}

fn parse_args() -> Args {
    let mut args = Args {
        items: 1000,
        out: PathBuf::from("target/bench/plan"),
        hugo: None,
        seed: 20240401,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .unwrap_or_else(|| usage(&format!("{a} に値がありません")))
        };
        match a.as_str() {
            "--items" => args.items = value().parse().unwrap_or_else(|_| usage("--items は整数")),
            "--out" => args.out = PathBuf::from(value()),
            "--hugo" => args.hugo = Some(PathBuf::from(value())),
            "--seed" => args.seed = value().parse().unwrap_or_else(|_| usage("--seed は整数")),
            _ => usage(&format!("不明な引数 {a}")),
        }
    }
    args
}

fn usage(msg: &str) -> ! {
    eprintln!("{msg}\n使い方 / usage: gen_plan --items N --out DIR [--hugo DIR] [--seed S]");
    std::process::exit(2)
}

/// One generated item, shared by both writers so the two sites hold the same data.
struct Item {
    id: String,
    title: String,
    department: &'static str,
    years: Vec<Year>,
    indicators: Vec<Ind>,
    body: String,
}

struct Year {
    year: i32,
    status: &'static str,
    goal: String,
    result_status: &'static str,
    grade: &'static str,
    achievements: String,
    effect: u32,
}

struct Ind {
    name: &'static str,
    unit: &'static str,
    increase: bool,
    baseline: f64,
    target: f64,
    plan: Vec<f64>,
    actual: Vec<f64>,
}

fn item(rng: &mut fastrand::Rng, i: usize) -> Item {
    let (c, s, n) = id_parts(i);
    let phrase = |rng: &mut fastrand::Rng| PHRASES[rng.usize(..PHRASES.len())];
    let head = phrase(rng);
    let title = format!("{}（{}）", &head[..phrase_cut(head)], i + 1);
    let years = YEARS
        .iter()
        .map(|&year| {
            let st = rng.usize(1..STATUSES.len());
            Year {
                year,
                status: STATUSES[st],
                goal: format!("- {}\n- {}", phrase(rng), phrase(rng)),
                result_status: STATUSES[rng.usize(..STATUSES.len())],
                grade: GRADES[rng.usize(..GRADES.len())],
                achievements: format!("{}。{}。", phrase(rng), phrase(rng)),
                effect: rng.u32(0..5000),
            }
        })
        .collect();
    let count = rng.usize(1..=4);
    let first = rng.usize(..INDICATORS.len());
    let indicators = (0..count)
        .map(|k| {
            let (name, unit, increase) = INDICATORS[(first + k) % INDICATORS.len()];
            let baseline = (rng.u32(10..1000) as f64) * if unit == "%" { 0.1 } else { 1.0 };
            let step = baseline * 0.05 * if increase { 1.0 } else { -1.0 };
            let plan: Vec<f64> = (1..=5)
                .map(|y| round1(baseline + step * y as f64))
                .collect();
            let actual = plan
                .iter()
                .map(|p| round1(p * (0.9 + rng.f64() * 0.2)))
                .collect();
            Ind {
                name,
                unit,
                increase,
                baseline: round1(baseline),
                target: plan[4],
                plan,
                actual,
            }
        })
        .collect();
    let mut body = String::new();
    for heading in ["現状と課題", "取組内容", "目標の状態"] {
        let _ = writeln!(body, "## {heading}\n");
        for _ in 0..rng.usize(3..=5) {
            let _ = writeln!(body, "- {}。{}。", phrase(rng), phrase(rng));
        }
        body.push('\n');
    }
    body.push_str("| 区分 | 内容 | 担当 |\n|---|---|---|\n");
    for k in 1..=3 {
        let _ = writeln!(
            body,
            "| 手順{k} | {} | {} |",
            phrase(rng),
            DEPARTMENTS[rng.usize(..DEPARTMENTS.len())]
        );
    }
    Item {
        id: format!("{c}-{s}-{n}"),
        title,
        department: DEPARTMENTS[rng.usize(..DEPARTMENTS.len())],
        years,
        indicators,
        body,
    }
}

/// Items fill categories and sections round-robin so every section gets items.
fn id_parts(i: usize) -> (usize, usize, usize) {
    (
        i % CATEGORIES + 1,
        i / CATEGORIES % SECTIONS + 1,
        i / (CATEGORIES * SECTIONS) + 1,
    )
}

/// A short title: the phrase up to its first 「、」 (byte index).
fn phrase_cut(p: &str) -> usize {
    p.find('、').unwrap_or(p.len())
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn site_toml() -> String {
    let mut s = String::from(
        "[city]\nname = \"ベンチ市\"\ncode = \"102113\"\n\n[plan]\ntitle = \"ベンチマーク用 合成計画\"\nfirst_year = 2020\nlast_year = 2024\n\n",
    );
    for st in STATUSES {
        let _ = writeln!(
            s,
            "[[statuses]]\ncode = \"{st}\"\ndescription = \"{st}の段階\"\n"
        );
    }
    for (g, label) in GRADES
        .iter()
        .zip(["計画以上", "計画どおり", "やや遅れ", "未着手"])
    {
        let _ = writeln!(s, "[[grades]]\ncode = \"{g}\"\nlabel = \"{label}\"\n");
    }
    let _ = writeln!(s, "[[reports]]\nyear = 2024\nas_of = \"2025-05-31\"\n");
    for (k, d) in DEPARTMENTS.iter().enumerate() {
        let _ = writeln!(
            s,
            "[[departments]]\nid = \"dept-{:02}\"\nname = \"{d}\"\n",
            k + 1
        );
    }
    for c in 1..=CATEGORIES {
        let _ = writeln!(s, "[[categories]]\nid = \"{c}\"\ntitle = \"大項目{c}\"\n");
        for sec in 1..=SECTIONS {
            let _ = writeln!(
                s,
                "[[categories.sections]]\nid = \"{sec}\"\ntitle = \"中項目{c}-{sec}\"\n"
            );
        }
    }
    s
}

/// The item's front matter in shinchoku's format (also valid as Hugo front matter).
fn front_matter(it: &Item) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "id = \"{}\"\ntitle = \"{}\"\ndepartment = \"{}\"\nrelated_departments = [\"全課\"]\n",
        it.id, it.title, it.department
    );
    for y in &it.years {
        let _ = writeln!(
            s,
            "[[years]]\nyear = {}\nstatus = \"{}\"\ngoal = \"\"\"\n{}\n\"\"\"\n[years.result]\nstatus = \"{}\"\ngrade = \"{}\"\nachievements = \"{}\"\neffect_amount = {}\n",
            y.year, y.status, y.goal, y.result_status, y.grade, y.achievements, y.effect
        );
    }
    for ind in &it.indicators {
        let _ = writeln!(
            s,
            "[[indicators]]\nname = \"{}\"\nunit = \"{}\"\ndirection = \"{}\"\nbaseline = {:?}\ntarget = {:?}\n\n[indicators.plan]",
            ind.name,
            ind.unit,
            if ind.increase { "increase" } else { "decrease" },
            ind.baseline,
            ind.target
        );
        for (y, v) in YEARS.iter().zip(&ind.plan) {
            let _ = writeln!(s, "{y} = {v:?}");
        }
        s.push_str("\n[indicators.actual]\n");
        for (y, v) in YEARS.iter().zip(&ind.actual) {
            let _ = writeln!(s, "{y} = {v:?}");
        }
        s.push('\n');
    }
    s
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn fresh_dir(dir: &Path) {
    if dir.exists() {
        fs::remove_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
}

const HUGO_SINGLE: &str = r#"<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{{ .Params.id }} {{ .Title }} | {{ .Site.Title }}</title></head>
<body><main>
<h1>{{ .Params.id }} {{ .Title }}</h1>
<dl><dt>担当課</dt><dd>{{ .Params.department }}</dd><dt>関係課</dt><dd>{{ delimit .Params.related_departments "、" }}</dd></dl>
{{ .Content }}
<h2>年次計画</h2>
<table><tr><th>年度</th><th>進捗状況</th><th>年度目標</th><th>実績</th><th>評価</th><th>効果額</th></tr>
{{ range .Params.years }}<tr><th>{{ .year }}</th><td>{{ .status }}</td><td>{{ .goal | markdownify }}</td><td>{{ .result.status }} {{ .result.achievements }}</td><td>{{ .result.grade }}</td><td>{{ .result.effect_amount }}千円</td></tr>
{{ end }}</table>
<h2>数値目標</h2>
{{ range .Params.indicators }}{{ $ind := . }}
<h3>{{ .name }}</h3>
<table><caption>{{ .name }}（{{ .unit }}）</caption><tr><th>年度</th><th>計画値</th><th>実績値</th></tr>
<tr><th>現状値</th><td></td><td>{{ .baseline }}{{ .unit }}</td></tr>
{{ range $y := slice "2020" "2021" "2022" "2023" "2024" }}<tr><th>{{ $y }}</th><td>{{ index $ind.plan $y }}{{ $ind.unit }}</td><td>{{ index $ind.actual $y }}{{ $ind.unit }}</td></tr>
{{ end }}<tr><th>目標値</th><td>{{ .target }}{{ .unit }}</td><td></td></tr></table>
{{ end }}
</main></body></html>
"#;

const HUGO_LIST: &str = r#"<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Params.id }} {{ .Title }}</a>（{{ .Params.department }}）</li>
{{ end }}</ul></main></body></html>
"#;

fn write_hugo(dir: &Path, items: &[Item]) {
    fresh_dir(dir);
    write(
        &dir.join("config.toml"),
        "baseURL = \"/\"\nlanguageCode = \"ja\"\ntitle = \"ベンチマーク用 合成計画\"\nrelativeURLs = true\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n[markup.goldmark.renderer]\nunsafe = false\n",
    );
    let layouts = dir.join("layouts/_default");
    fs::create_dir_all(&layouts).unwrap();
    write(&layouts.join("single.html"), HUGO_SINGLE);
    write(&layouts.join("list.html"), HUGO_LIST);
    let content = dir.join("content/items");
    fs::create_dir_all(&content).unwrap();
    write(
        &dir.join("content/items/_index.md"),
        "+++\ntitle = \"取組項目一覧\"\n+++\n",
    );
    for it in items {
        write(
            &content.join(format!("{}.md", it.id)),
            &format!("+++\n{}+++\n\n{}", front_matter(it), it.body),
        );
    }
}

fn main() {
    let args = parse_args();
    let mut rng = fastrand::Rng::with_seed(args.seed);
    let items: Vec<Item> = (0..args.items).map(|i| item(&mut rng, i)).collect();

    let content = args.out.join("content");
    fresh_dir(&args.out);
    fs::create_dir_all(content.join("items")).unwrap();
    write(&content.join("site.toml"), &site_toml());
    for it in &items {
        write(
            &content.join("items").join(format!("{}.md", it.id)),
            &format!("+++\n{}+++\n\n{}", front_matter(it), it.body),
        );
    }
    if let Some(hugo) = &args.hugo {
        write_hugo(hugo, &items);
    }
    println!(
        "{} 件の取組項目を書き出しました / wrote {} items: {}{}",
        items.len(),
        items.len(),
        content.display(),
        args.hugo
            .as_ref()
            .map(|h| format!(" (Hugo: {})", h.display()))
            .unwrap_or_default()
    );
}
