//! `shinchoku init`: 新しいサイトの雛形を作る。既存のファイルは決して上書きしない。
//! Scaffolds a new site folder that passes `check` and `build` unchanged.

use crate::diag::codes;
use crate::diag::{Diagnostic, Position};
use crate::text::fiscal_year::FiscalYear;
use std::path::{Path, PathBuf};

pub struct InitOptions {
    pub city: String,
    pub code: String,
    pub first_year: i32,
    pub last_year: i32,
}

/// Creates the site and returns the files written. Refuses a folder that exists and is not empty.
pub fn init(dir: &Path, opts: &InitOptions) -> Result<Vec<PathBuf>, Diagnostic> {
    let fail = |code: codes::Code, msg: String, help: &str| {
        Err(Diagnostic::error(code, dir, Position::START, msg).with_help(help))
    };
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !dir.is_dir() || !empty {
            return fail(
                codes::E601,
                format!("{} は空のフォルダーではないため、雛形を作りません (refusing to write into a non-empty folder)", dir.display()),
                "新しいフォルダー名を指定してください。既存のファイルは変更していません。",
            );
        }
    }
    if !crate::content::config::is_valid_local_government_code(&opts.code) {
        return fail(
            codes::E602,
            format!("全国地方公共団体コード「{}」が正しくありません", opts.code),
            "検査数字付きの 6 桁で指定してください（例: 安中市は 102113）。",
        );
    }
    if opts.first_year > opts.last_year || !(1989..=2200).contains(&opts.first_year) {
        return fail(
            codes::E603,
            format!(
                "計画期間 {}〜{} が正しくありません",
                opts.first_year, opts.last_year
            ),
            "--first-year と --last-year に西暦の年度を指定してください（例: 2025 と 2029）。",
        );
    }
    let files = [
        ("content/site.toml", site_toml(opts)),
        ("content/items/1-1-1.md", item_with_indicator(opts)),
        ("content/items/1-1-2.md", item_without_indicator(opts)),
        ("static/css/site.css", SITE_CSS.to_string()),
        ("README.md", readme(opts)),
    ];
    let mut written = Vec::new();
    let io = |p: &Path, e: std::io::Error| {
        Diagnostic::error(
            codes::E604,
            p,
            Position::START,
            format!("書き込めません: {e}"),
        )
        .with_help("フォルダーの権限を確認してください。")
    };
    std::fs::create_dir_all(dir.join("assets")).map_err(|e| io(dir, e))?;
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        // create_new: never overwrite, even if something appeared meanwhile.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| io(&path, e))?;
        std::io::Write::write_all(&mut f, text.as_bytes()).map_err(|e| io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// Where site_toml() writes the city's name (`name = "…"` of [city]).
const NAME_POSITION: Position = Position { line: 4, col: 8 };

fn site_toml(o: &InitOptions) -> String {
    let (first, last) = (FiscalYear(o.first_year), FiscalYear(o.last_year));
    format!(
        r#"# {city} の計画とサイトの設定です。書き方は shinchoku の docs/content-format.md を参照してください。

[city]
name = "{city}"
code = "{code}"              # 全国地方公共団体コード

[plan]
title = "{city}行政改革大綱 実施計画"
first_year = {first_y}          # {first}
last_year = {last_y}           # {last}

[[plan.revisions]]
edition = "初版"
date = "{first_y}-03"

[site]
# 公開先が決まったら、その URL を base_url に書きます（sitemap・OGP 用）。例: base_url = "https://（公開先）/gyokaku/"

[[statuses]]
code = "未着手"
description = "取組に着手していない"
[[statuses]]
code = "検討"
description = "実施に向けて検討している"
[[statuses]]
code = "実施"
description = "取組を実施している"
[[statuses]]
code = "達成"
description = "目標を達成した"

[[grades]]
code = "A"
label = "計画以上"
description = "計画を上回って進んでいる"
[[grades]]
code = "B"
label = "計画どおり"
description = "おおむね計画どおり進んでいる"
[[grades]]
code = "C"
label = "やや遅れ"
description = "計画よりやや遅れている"
[[grades]]
code = "D"
label = "未着手"
description = "取組に着手していない"

[[departments]]
id = "kikaku"
name = "企画課"
[[departments]]
id = "joho"
name = "情報政策課"

[[categories]]
id = "1"
title = "{residents}サービスの向上"
[[categories.sections]]
id = "1"
title = "行政手続の利便性向上"

# 年度が終わって実績を載せるときは、次のように報告年度を加えます。
# [[reports]]
# year = {first_y}
# as_of = "{next_y}-05-31"
"#,
        city = o.city,
        code = o.code,
        first_y = o.first_year,
        last_y = o.last_year,
        next_y = o.first_year + 1,
        first = first.label(),
        last = last.label(),
        residents = residents(&o.city),
    )
}

/// The word for the people a municipality serves, from its name's last character: 町 → 町民.
fn residents(city: &str) -> &'static str {
    match city.chars().last() {
        Some('市') => "市民",
        Some('町') => "町民",
        Some('村') => "村民",
        Some('区') => "区民",
        _ => "住民",
    }
}

/// W230 when the name's kind (市・町・村・区) cannot be that of the code. Only what the code's
/// numbering settles is checked: 13101–13123 are Tokyo's 特別区 (区), the 100s of a prefecture
/// are a 政令指定都市 and its 区 (not 町・村), and a 区 is one of those two. Located at the name
/// in the new site's site.toml (`dir` is the site folder).
pub fn suffix_warning(dir: &Path, opts: &InitOptions) -> Option<Diagnostic> {
    let kind = opts.city.chars().last()?;
    let number: u32 = opts.code.get(2..5)?.parse().ok()?;
    let special_ward = opts.code.starts_with("13") && (101..=123).contains(&number);
    let designated = (100..=199).contains(&number);
    let expected = if special_ward && kind != '区' {
        "東京都の特別区（区）"
    } else if kind == '区' && !special_ward && !designated {
        "区ではない団体（区のコードは東京都の特別区 13101〜13123 と政令指定都市の区 100番台だけ）"
    } else if designated && matches!(kind, '町' | '村') {
        "政令指定都市かその区（100番台）"
    } else {
        return None;
    };
    Some(
        Diagnostic::warning(
            codes::W230,
            &dir.join("content/site.toml"),
            NAME_POSITION,
            format!(
                "「{}」の全国地方公共団体コード {} は{expected}のコードです",
                opts.city, opts.code
            ),
        )
        .with_help("--city の名称と --code を確かめてください（雛形はそのまま作りました）。"),
    )
}

fn item_with_indicator(o: &InitOptions) -> String {
    let mut years = String::new();
    let mut plan = String::new();
    let span = (o.last_year - o.first_year).max(1) as f64;
    for (i, y) in (o.first_year..=o.last_year).enumerate() {
        years.push_str(&format!("\n[[years]]\nyear = {y}\nstatus = \"実施\"\ngoal = \"オンラインで申請できる手続を増やす。\"\n"));
        plan.push_str(&format!(
            "{y} = {}\n",
            20 + ((i as f64) * 30.0 / span).round() as i64
        ));
    }
    format!(
        r#"+++
id = "1-1-1"
title = "行政手続のオンライン化（例）"
department = "情報政策課"
related_departments = ["全課"]
{years}
[[indicators]]
name = "オンラインで申請できる手続の数"
unit = "件"
direction = "increase"       # 高いほど良い（低いほど良い指標は "decrease"）
baseline = 12
baseline_note = "計画策定時"
target = 50

[indicators.plan]
{plan}
[indicators.actual]
# 年度が終わったら実績を書きます（例: {first} = 21）
+++

## 現状と課題

- （例）窓口でしか申請できない手続が多い。

## 取組内容

- （例）申請件数の多い手続から順にオンライン化する。

## 目標の状態

- （例）主な手続が自宅から申請できる。
"#,
        first = o.first_year,
    )
}

fn item_without_indicator(o: &InitOptions) -> String {
    let mut years = String::new();
    for y in o.first_year..=o.last_year {
        let status = if y == o.first_year {
            "検討"
        } else {
            "実施"
        };
        years.push_str(&format!("\n[[years]]\nyear = {y}\nstatus = \"{status}\"\n"));
    }
    format!(
        r#"+++
id = "1-1-2"
title = "窓口案内の改善（例）"
department = "企画課"
indicators = []              # 数値目標のない取組（書かないと警告 W204 が出ます）
common_goal = "来庁者アンケートの結果を毎年度の改善に反映する。"
{years}+++

## 現状と課題

- （例）窓口の場所が分かりにくいという声がある。

## 取組内容

- （例）案内表示を見直し、来庁者アンケートを実施する。

## 目標の状態

- （例）来庁者が迷わず目的の窓口に行ける。
"#
    )
}

const SITE_CSS: &str = r#"/* このサイトの色・フォントの設定です。既定のテーマの値を上書きします。
 * 文字と背景のコントラスト比は 4.5:1 以上を保ってください（JIS X 8341-3 AA）。 */
:root {
  /* --color-accent: #0b4f8a;   リンク・見出しの線の色 */
  /* --color-accent-bg: #e8f0f8; 表の見出しの背景色 */
  /* --font-body: "Noto Sans JP", sans-serif; */
}
"#;

fn readme(o: &InitOptions) -> String {
    format!(
        r#"# {city} 行政改革大綱 実施計画 進捗状況サイト

shinchoku（進捗）で作るサイトの雛形です。次の順に進めてください。

1. `content/site.toml` を開き、計画の名称・期間・大項目・中項目・担当課を自分の計画に合わせて書き換えます。
2. `content/items/` に、取組項目 1 件につき 1 ファイル（例 `1-1-1.md`）を作ります。例の 2 ファイルを参考にしてください（数値目標のある項目・ない項目）。
3. 内容を検査します: `shinchoku check`（問題があれば、ファイル名・行・列と直し方が表示されます）
4. 手元で確認します: `shinchoku serve`（ブラウザーで表示され、保存すると自動で更新されます）
5. サイトを作ります: `shinchoku build` → `public/` フォルダーの中身をウェブサーバーにアップロードします。

- 紋章や画像は `assets/` に置き、本文から `![説明](/assets/ファイル名.png)` のように参照します。
- 色やフォントは `static/css/site.css` で変えられます。テンプレートを変えたい場合は `templates/` に同じ名前のファイルを置くと、そのファイルだけが差し替わります。
- 年度が終わったら、`site.toml` に `[[reports]]` を加え、各項目に実績を書きます（`shinchoku survey export` / `import` で Excel の調査票からも取り込めます）。

地方公共団体コード: {code}
"#,
        city = o.city,
        code = o.code,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warns(city: &str, code: &str) -> bool {
        let opts = InitOptions {
            city: city.into(),
            code: code.into(),
            first_year: 2025,
            last_year: 2029,
        };
        suffix_warning(Path::new("site"), &opts).is_some()
    }

    #[test]
    fn the_suffix_is_checked_only_where_the_code_settles_it() {
        // Tokyo's 特別区 are 区.
        assert!(warns("新宿市", "131041"));
        assert!(!warns("新宿区", "131041"));
        // The 100s are a 政令指定都市 and its 区.
        assert!(!warns("横浜市", "141003"));
        assert!(!warns("鶴見区", "141011"));
        assert!(warns("鶴見町", "141011"));
        // A 区 outside both ranges.
        assert!(warns("瑞穂区", "133035"));
        // 市 and 町・村 share no range the numbering fixes: not checked.
        assert!(!warns("瑞穂町", "133035"));
        assert!(!warns("瑞穂市", "133035"));
        assert!(!warns("つがる町", "022098"));
    }

    #[test]
    fn residents_follow_the_suffix() {
        assert_eq!(residents("つがる市"), "市民");
        assert_eq!(residents("瑞穂町"), "町民");
        assert_eq!(residents("檜原村"), "村民");
        assert_eq!(residents("新宿区"), "区民");
        assert_eq!(residents("どこか"), "住民");
    }
}
