//! 公開する CSV の項目定義（列名・説明・型）。 Column definitions of the published CSVs, in
//! column order: the name, the description the open data page shows, and the kind, which
//! decides how a cell is written (text cells made plain and spreadsheet-safe, numbers as they
//! are) and the column's type in the Table Schema (datapackage.json) and the workbook.

use crate::model::Outside;
use std::borrow::Cow;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A code or identifier (団体コード, 取組項目ID): text, never a number or a date, though it
    /// may look like one (`011002`, `1-1-1`).
    Id,
    /// Plain text.
    Text,
    /// Markdown in the model, written as plain text (`markdown::plain_cell`).
    Markdown,
    /// One of fixed codes.
    Codes(&'static [&'static str]),
    /// One of the plan's 進捗状況 codes (site.toml).
    Status,
    /// One of the plan's 評価 codes (site.toml).
    Grade,
    /// A 西暦 fiscal year.
    Year,
    /// A number without unit or thousands separator.
    Number,
    /// A date, YYYY-MM-DD.
    Date,
}

impl Kind {
    /// Whether cells of this kind are text (made plain and neutralised when written).
    pub fn is_text(self) -> bool {
        !matches!(self, Kind::Year | Kind::Number | Kind::Date)
    }

    /// The type as the data dictionary names it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Id => "文字列（コード）",
            Kind::Text | Kind::Markdown => "文字列",
            Kind::Codes(_) | Kind::Status | Kind::Grade => "文字列（区分）",
            Kind::Year => "整数（西暦年）",
            Kind::Number => "数値",
            Kind::Date => "日付",
        }
    }
}

/// One column of a published CSV.
/// Names are owned where the plan names them (the section levels, `[plan] levels`).
#[derive(Clone, Debug)]
pub struct Column {
    pub name: Cow<'static, str>,
    pub description: Cow<'static, str>,
    pub kind: Kind,
}

const fn col(name: &'static str, description: &'static str, kind: Kind) -> Column {
    Column {
        name: Cow::Borrowed(name),
        description: Cow::Borrowed(description),
        kind,
    }
}

const DIRECTIONS: [&str; 3] = ["increase", "decrease", "none"];
const KIND_CODES: [&str; 4] = ["baseline", "target", "plan", "actual"];
const KIND_NAMES: [&str; 4] = ["現状値", "目標値", "計画値", "実績値"];
/// The kinds with the values outside the plan's period, in plans that have them.
const KIND_CODES_OUTSIDE: [&str; 6] = [
    "baseline",
    "target",
    "plan",
    "actual",
    Outside::Reference.code(),
    Outside::Beyond.code(),
];
const KIND_NAMES_OUTSIDE: [&str; 6] = [
    "現状値",
    "目標値",
    "計画値",
    "実績値",
    Outside::Reference.label(),
    Outside::Beyond.label(),
];
/// The kind column of the indicator CSV of a plan with values outside its period.
const KIND_COLUMNS_OUTSIDE: [Column; 2] = [
    col("区分コード", "baseline（現状値）、target（目標値）、plan（計画値）、actual（実績値）、reference（計画期間前の参考値。達成率の計算には使わない）、beyond（計画期間後の目標。達成率の計算には使わない）", Kind::Codes(&KIND_CODES_OUTSIDE)),
    col("区分", "区分コードの日本語名", Kind::Codes(&KIND_NAMES_OUTSIDE)),
];

/// The indicator CSV's columns for `plan`: [`PROGRESS_COLUMNS`], whose kind columns also list
/// reference and beyond when an indicator has values outside the plan's period (files of
/// plans without them keep their shape).
pub fn progress_columns(plan: &crate::model::Plan) -> Vec<Column> {
    let mut columns = PROGRESS_COLUMNS.to_vec();
    if has_outside_values(plan) {
        columns[9..11].clone_from_slice(&KIND_COLUMNS_OUTSIDE);
    }
    columns
}

/// Whether an indicator of the plan has values outside its period.
pub fn has_outside_values(plan: &crate::model::Plan) -> bool {
    (plan.items.iter().flat_map(|i| &i.indicators)).any(|ind| ind.outside().next().is_some())
}

/// Column definitions (項目定義) of the indicator-values CSV, in column order.
pub static PROGRESS_COLUMNS: [Column; 18] = [
    col("全国地方公共団体コード", "総務省の全国地方公共団体コード（6桁、検査数字付き）", Kind::Id),
    col("地方公共団体名", "計画を定めた地方公共団体の名称", Kind::Text),
    col("計画名", "計画の名称", Kind::Text),
    col("取組項目ID", "大項目-中項目-番号（例 4-1-4）", Kind::Id),
    col("取組項目名", "取組項目の名称", Kind::Text),
    col("担当課", "取組項目の担当課", Kind::Text),
    col("指標名", "数値目標の指標の名称", Kind::Text),
    col("単位", "数値の単位（例 件、%、人）。数値の列には単位を付けません", Kind::Text),
    col("評価の向き", "increase（高いほど良い）、decrease（低いほど良い）、none（方向の定めなし）", Kind::Codes(&DIRECTIONS)),
    col("区分コード", "baseline（現状値）、target（目標値）、plan（計画値）、actual（実績値）", Kind::Codes(&KIND_CODES)),
    col("区分", "区分コードの日本語名", Kind::Codes(&KIND_NAMES)),
    col("年度", "西暦の年度（4月〜翌3月）。現状値は空欄", Kind::Year),
    col("年度（和暦）", "年度の和暦表記（例 令和3年度）", Kind::Text),
    col("数値", "数値（桁区切り・単位なし）。値がない・未報告の場合は空欄（0 ではありません）", Kind::Number),
    col("文字列値", "数値でない目標（例「N年度決算分をN+1年12月に公表」）の文章", Kind::Text),
    col("注記", "現状値・目標値の時点や表記、計画値についての注記（plan_note）。実績値の行では、報告がない場合に「未報告」", Kind::Text),
    col("達成率", "実績値の行の達成率（%、小数第1位）。計算方法はサイトの「評価の考え方」", Kind::Number),
    col("基準日", "その版の数値の基準日（YYYY-MM-DD）。進捗状況報告がまだない計画だけのデータでは空欄", Kind::Date),
];

/// Column definitions of the yearly status CSV.
pub static STATUS_COLUMNS: [Column; 16] = [
    col("全国地方公共団体コード", "総務省の全国地方公共団体コード（6桁、検査数字付き）", Kind::Id),
    col("地方公共団体名", "計画を定めた地方公共団体の名称", Kind::Text),
    col("計画名", "計画の名称", Kind::Text),
    col("取組項目ID", "大項目-中項目-番号（例 4-1-4）", Kind::Id),
    col("取組項目名", "取組項目の名称", Kind::Text),
    col("担当課", "取組項目の担当課", Kind::Text),
    col("大項目", "大項目の番号と名称", Kind::Text),
    col("中項目", "中項目の番号と名称（中項目のない計画では空欄）", Kind::Text),
    col("年度", "西暦の年度（4月〜翌3月）", Kind::Year),
    col("年度（和暦）", "年度の和暦表記（例 令和3年度）", Kind::Text),
    col("計画上の進捗状況", "年次計画に定めた進捗状況（site.toml の進捗状況の区分）。定めがなければ空欄", Kind::Status),
    col("年度目標", "年次計画の年度目標。Markdown の記号を除いた文章で、段落と箇条書きの項目は「／」で区切ります（Markdown のままの文章は JSON にあります）", Kind::Markdown),
    col("実績の進捗状況", "報告された進捗状況。未報告は空欄", Kind::Status),
    col("評価", "報告された評価の区分コード。未評価は空欄", Kind::Grade),
    col("効果額（千円）", "報告された効果額（千円）。報告がなければ空欄", Kind::Number),
    col("基準日", "その版の数値の基準日（YYYY-MM-DD）。進捗状況報告がまだない計画だけのデータでは空欄", Kind::Date),
];

/// Column definitions of the corrections CSV (訂正の一覧), in column order.
pub static CORRECTION_COLUMNS: [Column; 13] = [
    col("全国地方公共団体コード", "総務省の全国地方公共団体コード（6桁、検査数字付き）", Kind::Id),
    col("地方公共団体名", "計画を定めた地方公共団体の名称", Kind::Text),
    col("計画名", "計画の名称", Kind::Text),
    col("報告の年度", "訂正した進捗状況報告の年度（西暦）", Kind::Year),
    col("公開日", "その報告を公開した日（YYYY-MM-DD）", Kind::Date),
    col("訂正日", "訂正した日（YYYY-MM-DD）", Kind::Date),
    col("取組項目ID", "大項目-中項目-番号（例 4-1-4）", Kind::Id),
    col("キー", "訂正した値のキー（取組項目ID/年度/欄、例 1-1-1/2021/実績値/件数）", Kind::Id),
    col("訂正した箇所", "訂正した欄の説明（例 令和3年度の実績値（件数））", Kind::Text),
    col("訂正前", "訂正前の値（文章は Markdown の記号を除き、段落と箇条書きの項目を「／」で区切ります）。値がなかった場合は空欄", Kind::Markdown),
    col("訂正後", "訂正後の値（訂正前と同じ書き方）。値を削除した場合は空欄", Kind::Markdown),
    col("理由", "訂正の理由", Kind::Text),
    col("基準日", "訂正した進捗状況報告の基準日（YYYY-MM-DD）", Kind::Date),
];

/// A column of the status CSV only in plans with planned 効果額 (`[effect_plan]`), before
/// 基準日: files of plans without it keep their shape.
pub const EFFECT_PLAN_COLUMN: Column = col(
    "効果額の計画（千円）",
    "年次計画に定めたその年度の効果額（千円）。負の数は削減・減収など。定めがなければ空欄",
    Kind::Number,
);

/// The status CSV's columns for `plan`: [`STATUS_COLUMNS`], with [`EFFECT_PLAN_COLUMN`] before
/// the last (基準日) when the plan has planned 効果額.
/// The section columns (大項目・中項目 by default) are named after `[plan] levels`, one per level.
pub fn status_columns(plan: &crate::model::Plan) -> Vec<Column> {
    let levels = plan.levels.iter().enumerate().map(|(depth, name)| Column {
        name: Cow::Owned(name.clone()),
        description: Cow::Owned(match depth {
            0 => format!("{name}の番号と名称"),
            _ => format!("{name}の番号と名称（{name}のない計画では空欄）"),
        }),
        kind: Kind::Text,
    });
    let mut columns: Vec<Column> = STATUS_COLUMNS[..6].to_vec();
    columns.extend(levels);
    columns.extend_from_slice(&STATUS_COLUMNS[8..]);
    if has_effect_plan(plan) {
        columns.insert(columns.len() - 1, EFFECT_PLAN_COLUMN);
    }
    columns
}

/// Whether the plan's status CSV has [`EFFECT_PLAN_COLUMN`].
pub fn has_effect_plan(plan: &crate::model::Plan) -> bool {
    plan.items.iter().any(|i| !i.effect_plan.is_empty())
}
