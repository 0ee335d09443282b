//! オープンデータ: 計画の数値を CSV・JSON で公開し、DCAT カタログを書き、公開前に
//! ページ・グラフ・データの数値が一致することを確かめる。
//! Open data: every number of the plan as CSV (UTF-8 with BOM, CRLF, long format, as the
//! デジタル庁 machine-readability rules ask) and JSON from the same model, a JSON Schema, a DCAT
//! catalog, and a build-time consistency check of pages, charts and data files.

use crate::diag::codes;
use crate::diag::{Diagnostic, Position};
use crate::memo::Memo;
use crate::model::{ActionItem, Indicator, Plan, Value};
use crate::output::OutputFile;
use crate::output::Sink;
use crate::progress;
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::raw_number;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

/// Column definitions (項目定義) of the indicator-values CSV, in column order.
pub const PROGRESS_COLUMNS: [(&str, &str); 17] = [
    (
        "全国地方公共団体コード",
        "総務省の全国地方公共団体コード（6桁、検査数字付き）",
    ),
    ("地方公共団体名", "計画を定めた地方公共団体の名称"),
    ("計画名", "計画の名称"),
    ("取組項目ID", "大項目-中項目-番号（例 4-1-4）"),
    ("取組項目名", "取組項目の名称"),
    ("担当課", "取組項目の担当課"),
    ("指標名", "数値目標の指標の名称"),
    (
        "単位",
        "数値の単位（例 件、%、人）。数値の列には単位を付けません",
    ),
    (
        "評価の向き",
        "increase（高いほど良い）、decrease（低いほど良い）、none（方向の定めなし）",
    ),
    (
        "区分コード",
        "baseline（現状値）、target（目標値）、plan（計画値）、actual（実績値）",
    ),
    ("区分", "区分コードの日本語名"),
    ("年度", "西暦の年度（4月〜翌3月）。現状値は空欄"),
    ("年度（和暦）", "年度の和暦表記（例 令和3年度）"),
    (
        "数値",
        "数値（桁区切り・単位なし）。値がない・未報告の場合は空欄（0 ではありません）",
    ),
    (
        "文字列値",
        "数値でない目標（例「N年度決算分をN+1年12月に公表」）の文章",
    ),
    (
        "注記",
        "現状値・目標値の時点や表記、計画値についての注記（plan_note）。実績値の行では、報告がない場合に「未報告」",
    ),
    (
        "達成率",
        "実績値の行の達成率（%、小数第1位）。計算方法はサイトの「評価の考え方」",
    ),
];

/// Column definitions of the yearly status CSV.
pub const STATUS_COLUMNS: [(&str, &str); 15] = [
    (
        "全国地方公共団体コード",
        "総務省の全国地方公共団体コード（6桁、検査数字付き）",
    ),
    ("地方公共団体名", "計画を定めた地方公共団体の名称"),
    ("計画名", "計画の名称"),
    ("取組項目ID", "大項目-中項目-番号（例 4-1-4）"),
    ("取組項目名", "取組項目の名称"),
    ("担当課", "取組項目の担当課"),
    ("大項目", "大項目の番号と名称"),
    ("中項目", "中項目の番号と名称（中項目のない計画では空欄）"),
    ("年度", "西暦の年度（4月〜翌3月）"),
    ("年度（和暦）", "年度の和暦表記（例 令和3年度）"),
    (
        "計画上の進捗状況",
        "年次計画に定めた進捗状況（site.toml の進捗状況の区分）。定めがなければ空欄",
    ),
    ("年度目標", "年次計画の年度目標（Markdown の文章）"),
    ("実績の進捗状況", "報告された進捗状況。未報告は空欄"),
    ("評価", "報告された評価の区分コード。未評価は空欄"),
    (
        "効果額（千円）",
        "報告された効果額（千円）。報告がなければ空欄",
    ),
];

/// Column definitions of the corrections CSV (訂正の一覧), in column order.
pub const CORRECTION_COLUMNS: [(&str, &str); 12] = [
    (
        "全国地方公共団体コード",
        "総務省の全国地方公共団体コード（6桁、検査数字付き）",
    ),
    ("地方公共団体名", "計画を定めた地方公共団体の名称"),
    ("計画名", "計画の名称"),
    ("報告の年度", "訂正した進捗状況報告の年度（西暦）"),
    ("公開日", "その報告を公開した日（YYYY-MM-DD）"),
    ("訂正日", "訂正した日（YYYY-MM-DD）"),
    ("取組項目ID", "大項目-中項目-番号（例 4-1-4）"),
    (
        "キー",
        "訂正した値のキー（取組項目ID/年度/欄、例 1-1-1/2021/実績値/件数）",
    ),
    (
        "訂正した箇所",
        "訂正した欄の説明（例 令和3年度の実績値（件数））",
    ),
    ("訂正前", "訂正前の値。値がなかった場合は空欄"),
    ("訂正後", "訂正後の値。値を削除した場合は空欄"),
    ("理由", "訂正の理由"),
];

/// The corrections CSV's path (at the site root: it lists every edition's).
pub fn corrections_path(plan: &Plan) -> String {
    format!("data/{}_corrections.csv", file_stem(plan))
}

/// The corrections of every published edition, oldest edition first; `None` while no edition
/// is published (the file is not written).
pub fn corrections_file(plan: &Plan) -> Option<(OutputFile, Distribution)> {
    use crate::content::record::{field_words, parse_key};
    plan.editions.iter().find(|e| e.record.is_some())?;
    let header: Vec<&str> = CORRECTION_COLUMNS.iter().map(|(n, _)| *n).collect();
    let mut rows = Vec::new();
    for e in &plan.editions {
        let Some(record) = &e.record else { continue };
        for c in &record.corrections {
            let parsed = parse_key(&c.key);
            rows.push(vec![
                plan.city.code.clone(),
                plan.city.name.clone(),
                plan.title.clone(),
                e.year.0.to_string(),
                record.published.to_string(),
                c.date.to_string(),
                parsed.map(|(id, _, _)| id.to_string()).unwrap_or_default(),
                c.key.clone(),
                parsed
                    .map(|(_, y, f)| field_words(y, f))
                    .unwrap_or_default(),
                c.old.clone().unwrap_or_default(),
                c.new.clone().unwrap_or_default(),
                c.reason.clone(),
            ]);
        }
    }
    let contents = csv_bytes(&header, rows);
    let path = corrections_path(plan);
    let title = format!("{}（公開した報告の訂正）", plan.title);
    let dist = distribution(
        path.clone(),
        title,
        "text/csv",
        "CSV",
        contents.len() as u64,
    );
    Some((OutputFile { path, contents }, dist))
}

/// A data file with the metadata the catalog and the pages need.
#[derive(Clone, Debug)]
pub struct Distribution {
    pub path: String,
    pub title: String,
    pub media_type: &'static str,
    pub format: &'static str,
    pub bytes: u64,
}

fn file_stem(plan: &Plan) -> String {
    format!("{}_shinchoku", plan.city.code)
}

pub fn whole_plan_paths(plan: &Plan, prefix: &str) -> [String; 3] {
    let stem = file_stem(plan);
    [
        format!("{prefix}data/{stem}_progress.csv"),
        format!("{prefix}data/{stem}_status.csv"),
        format!("{prefix}data/{stem}.json"),
    ]
}

pub fn item_paths(plan: &Plan, item: &ActionItem, prefix: &str) -> [String; 2] {
    let code = &plan.city.code;
    [
        format!("{prefix}data/items/{code}_{}_progress.csv", item.id),
        format!("{prefix}data/items/{code}_{}.json", item.id),
    ]
}

/// One item's part of the data files, by [`ActionItem::origin`] and page-set prefix: it is made
/// from the item and the plan's settings only, both fixed by the origin.
pub type ItemDataMemo = Memo<(u64, String), std::sync::Arc<ItemData>>;

/// One item's part of the data files.
#[derive(Clone)]
pub struct ItemData {
    /// The item's own CSV and JSON files.
    csv: Vec<u8>,
    json: Vec<u8>,
    /// Its rows of the whole-plan status CSV, and its object in the whole-plan JSON.
    status_rows: Vec<u8>,
    plan_json_item: Vec<u8>,
    /// Where the files disagree with the model (E310); empty when they agree.
    mismatches: Vec<Diagnostic>,
}

/// Makes an item's part of the data files (or takes it from an earlier build).
/// The files are read back and checked against the model as they are made (see
/// [`ItemData::mismatches`]); a part taken from an earlier build was checked then.
pub fn item_data(
    plan: &Plan,
    item: &ActionItem,
    prefix: &str,
    memo: &ItemDataMemo,
) -> std::sync::Arc<ItemData> {
    memo.get_or(
        || (item.origin != 0).then(|| (item.origin, prefix.to_string())),
        || {
            let status = status_csv_bytes(plan, &[item]);
            let status_head = status_csv_bytes(plan, &[]).len();
            let mut data = ItemData {
                csv: progress_csv_bytes(plan, &[item]),
                json: to_json(&item_document(plan, item)),
                status_rows: status[status_head..].to_vec(),
                plan_json_item: plan_json_item(plan, item),
                mismatches: Vec::new(),
            };
            data.mismatches = data.verify(plan, item, prefix);
            std::sync::Arc::new(data)
        },
    )
}

impl ItemData {
    /// The item's own files with their catalog entries: CSV, then JSON.
    pub fn files(
        &self,
        plan: &Plan,
        item: &ActionItem,
        prefix: &str,
    ) -> [(Distribution, &[u8]); 2] {
        let [csv, json] = item_paths(plan, item, prefix);
        let title = format!("{} {}", item.id, item.title);
        [
            (
                distribution(
                    csv,
                    format!("{title}（指標の数値）"),
                    "text/csv",
                    "CSV",
                    self.csv.len() as u64,
                ),
                &self.csv,
            ),
            (
                distribution(
                    json,
                    format!("{title}（全データ）"),
                    "application/json",
                    "JSON",
                    self.json.len() as u64,
                ),
                &self.json,
            ),
        ]
    }

    /// Where the item's own CSV and JSON and its object in the whole-plan JSON disagree with
    /// the model. (Its page is checked by [`verify_page`].)
    pub fn mismatches(&self) -> &[Diagnostic] {
        &self.mismatches
    }

    fn verify(&self, plan: &Plan, item: &ActionItem, prefix: &str) -> Vec<Diagnostic> {
        let [csv_path, json_path] = item_paths(plan, item, prefix);
        let [_, _, plan_json_path] = whole_plan_paths(plan, prefix);
        let whole: Result<ItemNumbers, String> =
            serde_json::from_slice(&self.plan_json_item).map_err(|e| e.to_string());
        let mut errors = verify_csv(plan, item, &csv_path, &self.csv);
        errors.extend(verify_json(
            plan,
            item,
            &json_path,
            document_numbers(&self.json),
        ));
        errors.extend(verify_json(plan, item, &plan_json_path, whole));
        errors
    }
}

fn distribution(
    path: String,
    title: String,
    media_type: &'static str,
    format: &'static str,
    bytes: u64,
) -> Distribution {
    Distribution {
        path,
        title,
        media_type,
        format,
        bytes,
    }
}

/// The whole-plan data files of a page set, written item by item as the build goes: each is
/// the items' parts, in plan order, under one header. The parts are the items' own, already
/// verified CSV rows and JSON objects, so the whole-plan files cannot disagree with them.
pub struct WholePlanFiles {
    paths: [String; 3],
    progress_head: usize,
    items: usize,
}

impl WholePlanFiles {
    /// Writes the headers.
    pub fn begin(plan: &Plan, prefix: &str, sink: &dyn Sink) -> Result<Self, Diagnostic> {
        let paths = whole_plan_paths(plan, prefix);
        let progress_head = progress_csv_bytes(plan, &[]);
        sink.put(&paths[0], &progress_head)?;
        sink.put(&paths[1], &status_csv_bytes(plan, &[]))?;
        sink.put(&paths[2], &plan_json_head(plan))?;
        Ok(WholePlanFiles {
            paths,
            progress_head: progress_head.len(),
            items: 0,
        })
    }

    /// Appends the next item's part.
    pub fn add(&mut self, data: &ItemData, sink: &dyn Sink) -> Result<(), Diagnostic> {
        sink.append(&self.paths[0], &data.csv[self.progress_head..])?;
        sink.append(&self.paths[1], &data.status_rows)?;
        sink.append(
            &self.paths[2],
            if self.items == 0 { b"[\n" } else { b",\n" },
        )?;
        sink.append(&self.paths[2], &data.plan_json_item)?;
        self.items += 1;
        Ok(())
    }

    /// Closes the JSON and returns the three files' catalog entries.
    pub fn finish(self, plan: &Plan, sink: &dyn Sink) -> Result<[Distribution; 3], Diagnostic> {
        let end: &[u8] = if self.items == 0 {
            b"[]\n}\n"
        } else {
            b"\n  ]\n}\n"
        };
        sink.append(&self.paths[2], end)?;
        let [progress, status, json] = self.paths;
        let whole = |path: String, what: &str, media_type, format| {
            let bytes = sink.size(&path);
            let title = format!("{}（{what}）", plan.title);
            distribution(path, title, media_type, format, bytes)
        };
        Ok([
            whole(progress, "指標の数値", "text/csv", "CSV"),
            whole(status, "年度別の進捗状況", "text/csv", "CSV"),
            whole(json, "全データ", "application/json", "JSON"),
        ])
    }
}

/// The whole-plan JSON up to its item list: `{ …, "items": `.
fn plan_json_head(plan: &Plan) -> Vec<u8> {
    let empty = PlanJson {
        schema: "schema.json",
        city: &plan.city,
        plan: plan_header(plan),
        license: &plan.license,
        items: Vec::new(),
    };
    let mut out = to_json(&empty);
    const EMPTY_LIST: &[u8] = b"[]\n}\n";
    debug_assert!(out.ends_with(EMPTY_LIST));
    out.truncate(out.len() - EMPTY_LIST.len());
    out
}

fn csv_bytes<S: AsRef<str>>(header: &[&str], rows: Vec<Vec<S>>) -> Vec<u8> {
    // UTF-8 with BOM so Excel on Windows opens it correctly; CRLF line ends.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| c.as_ref()));
    }
    let _ = w.flush();
    drop(w);
    out
}

fn value_cells(v: Option<&Value>) -> (String, String) {
    match v {
        Some(Value::Number(n)) => (raw_number(*n), String::new()),
        Some(Value::Text(t)) => (String::new(), t.clone()),
        None => (String::new(), String::new()),
    }
}

fn direction_code(ind: &Indicator) -> &'static str {
    match ind.direction {
        crate::model::Direction::Increase => "increase",
        crate::model::Direction::Decrease => "decrease",
        crate::model::Direction::None => "none",
    }
}

/// One row per item × indicator × kind × fiscal year (long format).
fn progress_csv_bytes<'a>(plan: &'a Plan, items: &[&'a ActionItem]) -> Vec<u8> {
    let header: Vec<&str> = PROGRESS_COLUMNS.iter().map(|(n, _)| *n).collect();
    // Cells borrow from the model where they can: thousands of rows repeat the same names.
    let mut rows: Vec<Vec<Cow<'a, str>>> = Vec::new();
    for item in items {
        for ind in &item.indicators {
            let common = |kind: &'static str, label: &'static str, year: Option<FiscalYear>| {
                vec![
                    Cow::Borrowed(plan.city.code.as_str()),
                    Cow::Borrowed(plan.city.name.as_str()),
                    Cow::Borrowed(plan.title.as_str()),
                    Cow::Borrowed(item.id.as_str()),
                    Cow::Borrowed(item.title.as_str()),
                    Cow::Borrowed(item.department.as_str()),
                    Cow::Borrowed(ind.name.as_str()),
                    Cow::Borrowed(ind.unit.as_str()),
                    Cow::Borrowed(direction_code(ind)),
                    Cow::Borrowed(kind),
                    Cow::Borrowed(label),
                    year.map(|y| y.0.to_string()).unwrap_or_default().into(),
                    year.map(|y| y.wareki()).unwrap_or_default().into(),
                ]
            };
            let mut push = |mut row: Vec<Cow<'a, str>>,
                            v: Option<&Value>,
                            note: Cow<'a, str>,
                            rate: String| {
                let (num, text) = value_cells(v);
                row.extend([num.into(), text.into(), note, rate.into()]);
                rows.push(row);
            };
            let note = |n: &'a Option<String>| Cow::Borrowed(n.as_deref().unwrap_or_default());
            push(
                common("baseline", "現状値", None),
                ind.baseline.as_ref(),
                note(&ind.baseline_note),
                String::new(),
            );
            push(
                common("target", "目標値", Some(plan.last_year)),
                ind.target.as_ref(),
                note(&ind.target_note),
                String::new(),
            );
            for y in plan.fiscal_years() {
                let value = ind.plan.get(&y);
                let plan_note = if value.is_some() {
                    note(&ind.plan_note)
                } else {
                    Cow::Borrowed("")
                };
                push(
                    common("plan", "計画値", Some(y)),
                    value,
                    plan_note,
                    String::new(),
                );
            }
            for y in plan.fiscal_years() {
                let reported = plan.latest_edition_year().is_some_and(|r| y <= r);
                let actual = ind.actual.get(&y);
                let note = if actual.is_none() && reported {
                    "未報告"
                } else {
                    ""
                };
                let rate = progress::attainment(ind, y)
                    .map(|a| format!("{:.1}", a.rate))
                    .unwrap_or_default();
                push(
                    common("actual", "実績値", Some(y)),
                    actual,
                    Cow::Borrowed(note),
                    rate,
                );
            }
        }
    }
    csv_bytes(&header, rows)
}

fn status_csv_bytes(plan: &Plan, items: &[&ActionItem]) -> Vec<u8> {
    let header: Vec<&str> = STATUS_COLUMNS.iter().map(|(n, _)| *n).collect();
    let mut rows = Vec::new();
    for item in items {
        let c = &plan.categories[item.category];
        let section = item
            .section
            .map(|s| format!("({}) {}", c.sections[s].id, c.sections[s].title))
            .unwrap_or_default();
        for y in &item.years {
            let r = y.result.as_ref();
            rows.push(vec![
                plan.city.code.clone(),
                plan.city.name.clone(),
                plan.title.clone(),
                item.id.clone(),
                item.title.clone(),
                item.department.clone(),
                format!("{} {}", c.id, c.title),
                section.clone(),
                y.year.0.to_string(),
                y.year.wareki(),
                y.status.clone().unwrap_or_default(),
                y.goal
                    .clone()
                    .or_else(|| item.common_goal.clone())
                    .unwrap_or_default(),
                r.and_then(|r| r.status.clone()).unwrap_or_default(),
                r.and_then(|r| r.grade.clone()).unwrap_or_default(),
                r.and_then(|r| r.effect_amount)
                    .map(raw_number)
                    .unwrap_or_default(),
            ]);
        }
    }
    csv_bytes(&header, rows)
}

// ---------------------------------------------------------------------------------------------
// JSON

#[derive(Serialize)]
struct PlanJson<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    city: &'a crate::model::City,
    plan: PlanHeader<'a>,
    license: &'a crate::model::License,
    /// Always empty when printed: see [`plan_json_bytes`].
    items: Vec<ItemJson<'a>>,
}

#[derive(Serialize)]
struct ItemDocument<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    city: &'a crate::model::City,
    plan: PlanHeader<'a>,
    license: &'a crate::model::License,
    item: ItemJson<'a>,
}

#[derive(Serialize)]
struct PlanHeader<'a> {
    title: &'a str,
    first_year: FiscalYear,
    last_year: FiscalYear,
    report_year: Option<FiscalYear>,
    as_of: Option<crate::text::date::Date>,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    title: &'a str,
    department: &'a str,
    related_departments: &'a [String],
    category: IdTitle<'a>,
    section: Option<IdTitle<'a>>,
    years: Vec<YearJson<'a>>,
    indicators: Vec<IndicatorJson<'a>>,
}

#[derive(Serialize)]
struct IdTitle<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct YearJson<'a> {
    year: FiscalYear,
    wareki: String,
    planned_status: Option<&'a str>,
    goal: Option<&'a str>,
    result: Option<ResultJson<'a>>,
}

#[derive(Serialize)]
struct ResultJson<'a> {
    status: Option<&'a str>,
    grade: Option<&'a str>,
    achievements: Option<&'a str>,
    challenges: Option<&'a str>,
    effect_amount_thousand_yen: Option<f64>,
    council_comment: Option<&'a str>,
}

#[derive(Serialize)]
struct IndicatorJson<'a> {
    name: &'a str,
    unit: &'a str,
    direction: &'static str,
    baseline: ValueJson<'a>,
    target: ValueJson<'a>,
    values: Vec<YearValueJson<'a>>,
}

/// A value as number or text; exactly one of the two is non-null when the value exists.
#[derive(Serialize)]
struct ValueJson<'a> {
    value: Option<f64>,
    text: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct YearValueJson<'a> {
    year: FiscalYear,
    wareki: String,
    plan: ValueJson<'a>,
    actual: ValueJson<'a>,
    achievement_percent: Option<f64>,
}

fn value_json<'a>(v: Option<&'a Value>, note: Option<&'a str>) -> ValueJson<'a> {
    match v {
        Some(Value::Number(n)) => ValueJson {
            value: Some(*n),
            text: None,
            note,
        },
        Some(Value::Text(t)) => ValueJson {
            value: None,
            text: Some(t),
            note,
        },
        None => ValueJson {
            value: None,
            text: None,
            note,
        },
    }
}

fn plan_header(plan: &Plan) -> PlanHeader<'_> {
    PlanHeader {
        title: &plan.title,
        first_year: plan.first_year,
        last_year: plan.last_year,
        report_year: plan.latest_edition_year(),
        as_of: plan.editions.last().map(|r| r.as_of),
    }
}

fn item_json<'a>(plan: &'a Plan, item: &'a ActionItem) -> ItemJson<'a> {
    let c = &plan.categories[item.category];
    ItemJson {
        id: &item.id,
        title: &item.title,
        department: &item.department,
        related_departments: &item.related_departments,
        category: IdTitle {
            id: &c.id,
            title: &c.title,
        },
        section: item.section.map(|s| IdTitle {
            id: &c.sections[s].id,
            title: &c.sections[s].title,
        }),
        years: item
            .years
            .iter()
            .map(|y| YearJson {
                year: y.year,
                wareki: y.year.wareki(),
                planned_status: y.status.as_deref(),
                goal: y.goal.as_deref().or(item.common_goal.as_deref()),
                result: y.result.as_ref().map(|r| ResultJson {
                    status: r.status.as_deref(),
                    grade: r.grade.as_deref(),
                    achievements: r.achievements.as_deref(),
                    challenges: r.challenges.as_deref(),
                    effect_amount_thousand_yen: r.effect_amount,
                    council_comment: r.council_comment.as_deref(),
                }),
            })
            .collect(),
        indicators: item
            .indicators
            .iter()
            .map(|ind| IndicatorJson {
                name: &ind.name,
                unit: &ind.unit,
                direction: direction_code(ind),
                baseline: value_json(ind.baseline.as_ref(), ind.baseline_note.as_deref()),
                target: value_json(ind.target.as_ref(), ind.target_note.as_deref()),
                values: plan
                    .fiscal_years()
                    .map(|y| YearValueJson {
                        year: y,
                        wareki: y.wareki(),
                        plan: value_json(
                            ind.plan.get(&y),
                            ind.plan.get(&y).and(ind.plan_note.as_deref()),
                        ),
                        actual: value_json(ind.actual.get(&y), None),
                        achievement_percent: progress::attainment(ind, y)
                            .map(|a| (a.rate * 10.0).round() / 10.0),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The whole-plan JSON: pretty-printed with an empty item list, into which the items'
/// pretty-printed objects are put, indented to their depth (JSON strings hold no raw newlines,
/// so every line break is layout). The bytes are those of printing it all at once.
/// One item's object in the whole-plan JSON, indented to its depth in the item list.
fn plan_json_item(plan: &Plan, item: &ActionItem) -> Vec<u8> {
    let json = serde_json::to_vec_pretty(&item_json(plan, item)).unwrap_or_default();
    let mut out = Vec::with_capacity(json.len() + json.len() / 8);
    out.extend_from_slice(b"    ");
    for b in json {
        out.push(b);
        if b == b'\n' {
            out.extend_from_slice(b"    ");
        }
    }
    out
}

fn item_document<'a>(plan: &'a Plan, item: &'a ActionItem) -> ItemDocument<'a> {
    ItemDocument {
        schema: "../schema.json",
        city: &plan.city,
        plan: plan_header(plan),
        license: &plan.license,
        item: item_json(plan, item),
    }
}

fn to_json(v: &impl Serialize) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The JSON Schema (draft 2020-12) of the whole-plan JSON and the per-item JSON.
pub const JSON_SCHEMA: &str = include_str!("data_schema.json");

/// 「CSV形式 3KB」 style label for links.
pub fn size_label(format: &str, bytes: u64) -> String {
    if bytes < 1024 {
        format!("{format}形式 {bytes}バイト")
    } else if bytes < 1024 * 1024 {
        format!("{format}形式 {}KB", bytes.div_ceil(1024))
    } else {
        format!("{format}形式 {:.1}MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

// ---------------------------------------------------------------------------------------------
// DCAT catalog

/// catalog.jsonld: one dcat:Dataset per page set (latest and each report edition), listing every
/// distribution with media type, byte size, modified date and licence, for CKAN harvesting.
pub fn catalog(plan: &Plan, sets: &[(String, Option<String>, &[Distribution])]) -> OutputFile {
    let url = |path: &str| match &plan.base_url {
        Some(base) => format!("{base}{path}"),
        None => path.to_string(),
    };
    let modified = plan
        .editions
        .last()
        .map(|r| r.as_of.to_string())
        .or_else(|| plan.revisions.last().map(|r| r.iso()));
    let license = plan.license.url.as_str();
    let publisher = |identifier| Publisher {
        kind: "foaf:Organization",
        name: &plan.city.name,
        identifier,
    };
    let doc = Catalog {
        context: CatalogContext {
            dcat: "http://www.w3.org/ns/dcat#",
            dct: "http://purl.org/dc/terms/",
            foaf: "http://xmlns.com/foaf/0.1/",
            byte_size: TypedTerm {
                kind: "http://www.w3.org/2001/XMLSchema#decimal",
            },
            download_url: TypedTerm { kind: "@id" },
            license: TypedTerm { kind: "@id" },
        },
        kind: "dcat:Catalog",
        title: format!("{} オープンデータ", plan.site_name()),
        publisher: publisher(None),
        license,
        datasets: sets
            .iter()
            .map(|(title, as_of, dists)| {
                let modified = as_of.clone().or(modified.clone());
                Dataset {
                    kind: "dcat:Dataset",
                    title,
                    publisher: publisher(Some(&plan.city.code)),
                    license,
                    keywords: ["行政改革", "進捗状況", &plan.city.name],
                    distributions: dists
                        .iter()
                        .map(|d| CatalogDistribution {
                            kind: "dcat:Distribution",
                            title: &d.title,
                            download_url: url(&d.path),
                            media_type: d.media_type,
                            format: d.format,
                            byte_size: d.bytes,
                            modified: modified.clone(),
                            license,
                        })
                        .collect(),
                    modified,
                }
            })
            .collect(),
    };
    OutputFile {
        path: "catalog.jsonld".into(),
        contents: to_json(&doc),
    }
}

// The DCAT catalog's JSON-LD shape. Typed rather than built as a `serde_json::Value` tree: a
// large plan has hundreds of thousands of distributions.

#[derive(Serialize)]
struct Catalog<'a> {
    #[serde(rename = "@context")]
    context: CatalogContext,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dct:title")]
    title: String,
    #[serde(rename = "dct:publisher")]
    publisher: Publisher<'a>,
    #[serde(rename = "dct:license")]
    license: &'a str,
    #[serde(rename = "dcat:dataset")]
    datasets: Vec<Dataset<'a>>,
}

#[derive(Serialize)]
struct CatalogContext {
    dcat: &'static str,
    dct: &'static str,
    foaf: &'static str,
    #[serde(rename = "dcat:byteSize")]
    byte_size: TypedTerm,
    #[serde(rename = "dcat:downloadURL")]
    download_url: TypedTerm,
    #[serde(rename = "dct:license")]
    license: TypedTerm,
}

#[derive(Serialize)]
struct TypedTerm {
    #[serde(rename = "@type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "foaf:name")]
    name: &'a str,
    #[serde(rename = "dct:identifier", skip_serializing_if = "Option::is_none")]
    identifier: Option<&'a str>,
}

#[derive(Serialize)]
struct Dataset<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dct:title")]
    title: &'a str,
    #[serde(rename = "dct:publisher")]
    publisher: Publisher<'a>,
    #[serde(rename = "dct:license")]
    license: &'a str,
    #[serde(rename = "dct:modified")]
    modified: Option<String>,
    #[serde(rename = "dcat:keyword")]
    keywords: [&'a str; 3],
    #[serde(rename = "dcat:distribution")]
    distributions: Vec<CatalogDistribution<'a>>,
}

#[derive(Serialize)]
struct CatalogDistribution<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dct:title")]
    title: &'a str,
    #[serde(rename = "dcat:downloadURL")]
    download_url: String,
    #[serde(rename = "dcat:mediaType")]
    media_type: &'static str,
    #[serde(rename = "dct:format")]
    format: &'static str,
    #[serde(rename = "dcat:byteSize")]
    byte_size: u64,
    #[serde(rename = "dct:modified")]
    modified: Option<String>,
    #[serde(rename = "dct:license")]
    license: &'a str,
}

// ---------------------------------------------------------------------------------------------
// Consistency

/// Reads every item page, chart and data file of a page set back and checks that the numbers
/// are the model's numbers. Any mismatch is a build error: published figures must agree.
/// The numbers of the whole-plan JSON, as [`verify`] reads them back.
/// Reads every item page, chart and data file of a page set back and checks that the numbers
/// are the model's numbers. Any mismatch is a build error: published figures must agree.
/// Items are checked in parallel; each check reads only that item's page and data.
pub fn verify(plan: &Plan, prefix: &str, files: &BTreeMap<&str, &[u8]>) -> Vec<Diagnostic> {
    let [progress_csv, _, plan_json_path] = whole_plan_paths(plan, prefix);
    let get = |path: &str| files.get(path).copied().unwrap_or_default();
    let whole_csv = get(&progress_csv);
    // Only the numbers are read (not a whole `Value` tree): the file is large.
    let whole_json: Result<PlanNumbers, String> =
        serde_json::from_slice(get(&plan_json_path)).map_err(|e| e.to_string());

    let mut errors: Vec<Diagnostic> = plan
        .items
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, item)| {
            let [csv_path, json_path] = item_paths(plan, item, prefix);
            let page = format!("{prefix}items/{}.html", item.id);
            let in_whole = whole_json
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|w| w.items.get(i).ok_or_else(|| "項目がありません".to_string()));
            verify_csv(plan, item, &csv_path, get(&csv_path))
                .into_iter()
                .chain(verify_page(plan, item, prefix, get(&page)))
                .chain(verify_json(
                    plan,
                    item,
                    &json_path,
                    document_numbers(get(&json_path)),
                ))
                .chain(verify_json(plan, item, &plan_json_path, in_whole))
        })
        .collect();

    // The whole-plan CSV is the items' CSV rows, in plan order, under one header.
    let header = progress_csv_bytes(plan, &[]);
    let mut rest = whole_csv.strip_prefix(header.as_slice());
    for item in &plan.items {
        let [csv_path, _] = item_paths(plan, item, prefix);
        let rows = get(&csv_path).get(header.len()..).unwrap_or_default();
        rest = rest.and_then(|r| r.strip_prefix(rows));
    }
    if rest != Some(&[][..]) {
        errors.push(mismatch(
            &progress_csv,
            "計画全体の CSV が取組項目ごとの CSV と一致しません".into(),
        ));
    }
    crate::diag::sort(&mut errors);
    errors
}

fn mismatch(path: &str, msg: String) -> Diagnostic {
    Diagnostic::error(codes::E310, Path::new(path), Position::START, format!("公開する数値が一致しません: {msg}"))
        .with_help("テーマのテンプレートやグラフが数値を変えていないか確認してください（shinchoku の不具合の可能性もあります）。")
}

/// The numbers an indicator publishes: (kind, year, value); the baseline has no year.
fn model_numbers(plan: &Plan, ind: &Indicator) -> Vec<(&'static str, Option<FiscalYear>, f64)> {
    let mut out = Vec::new();
    if let Some(b) = ind.baseline.as_ref().and_then(Value::as_number) {
        out.push(("baseline", None, b));
    }
    if let Some(t) = ind.target.as_ref().and_then(Value::as_number) {
        out.push(("target", Some(plan.last_year), t));
    }
    for (kind, values) in [("plan", &ind.plan), ("actual", &ind.actual)] {
        for (y, v) in values {
            if let Some(x) = v.as_number() {
                out.push((kind, Some(*y), x));
            }
        }
    }
    out
}

/// Checks an item's CSV against the model.
fn verify_csv(plan: &Plan, item: &ActionItem, csv_path: &str, csv: &[u8]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let body = csv.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(csv);
    let records: Vec<csv::StringRecord> =
        csv::Reader::from_reader(body).records().flatten().collect();
    // (indicator, kind, year) → number as written in the CSV.
    let in_csv: BTreeMap<(&str, &str, &str), &str> = records
        .iter()
        .filter(|r| r.len() > 13 && !r[13].is_empty())
        .map(|r| ((&r[6], &r[9], &r[11]), &r[13]))
        .collect();
    for ind in &item.indicators {
        for (kind, year, x) in model_numbers(plan, ind) {
            let year = year.map(|y| y.0.to_string()).unwrap_or_default();
            match in_csv.get(&(ind.name.as_str(), kind, year.as_str())) {
                Some(s) if s.parse::<f64>().ok() == Some(x) => {}
                other => errors.push(mismatch(
                    csv_path,
                    format!(
                        "{} {} {kind} {year}: モデル {x}、CSV {other:?}",
                        item.id, ind.name
                    ),
                )),
            }
        }
    }
    errors
}

/// Checks the numbers of an item's page (its tables and charts, marked `data-value`) against
/// the model: each number once in the table and, for charted indicators, once in the chart.
pub fn verify_page(plan: &Plan, item: &ActionItem, prefix: &str, html: &[u8]) -> Vec<Diagnostic> {
    let mut expected: Vec<String> = Vec::new();
    for ind in &item.indicators {
        let times = if ind.is_numeric() { 2 } else { 1 };
        for (_, _, x) in model_numbers(plan, ind) {
            expected.extend(std::iter::repeat_n(raw_number(x), times));
        }
    }
    const MARK: &[u8] = b"data-value=\"";
    let mut found: Vec<&str> = Vec::with_capacity(expected.len());
    let mut rest = html;
    while let Some(at) = memchr::memmem::find(rest, MARK) {
        rest = &rest[at + MARK.len()..];
        let end = memchr::memchr(b'"', rest).unwrap_or(rest.len());
        found.push(std::str::from_utf8(&rest[..end]).unwrap_or("\u{fffd}"));
        rest = &rest[end..];
    }
    expected.sort();
    found.sort_unstable();
    if expected == found {
        return Vec::new();
    }
    vec![mismatch(
        &format!("{prefix}items/{}.html", item.id),
        format!(
            "{} のページ（表・グラフ）の数値 {found:?} がモデル {expected:?} と違います",
            item.id
        ),
    )]
}

/// The numbers of an item as read back from JSON (other fields are ignored).
#[derive(serde::Deserialize)]
struct ItemNumbers {
    indicators: Vec<IndicatorNumbers>,
}

#[derive(serde::Deserialize)]
struct ItemDocumentNumbers {
    item: ItemNumbers,
}

#[derive(serde::Deserialize)]
struct PlanNumbers {
    items: Vec<ItemNumbers>,
}

fn document_numbers(json: &[u8]) -> Result<ItemNumbers, String> {
    serde_json::from_slice::<ItemDocumentNumbers>(json)
        .map(|d| d.item)
        .map_err(|e| e.to_string())
}

#[derive(serde::Deserialize)]
struct IndicatorNumbers {
    baseline: NumberJson,
    target: NumberJson,
    values: Vec<YearNumbers>,
}

#[derive(serde::Deserialize)]
struct YearNumbers {
    year: i32,
    plan: NumberJson,
    actual: NumberJson,
}

#[derive(serde::Deserialize)]
struct NumberJson {
    value: Option<f64>,
}

/// Checks an item's numbers as read back from JSON (its own document, or its entry in the
/// whole-plan file) against the model.
fn verify_json<N: std::borrow::Borrow<ItemNumbers>>(
    plan: &Plan,
    item: &ActionItem,
    path: &str,
    parsed: Result<N, String>,
) -> Vec<Diagnostic> {
    let numbers = match parsed.as_ref().map(|n| n.borrow()) {
        Ok(n) if n.indicators.len() == item.indicators.len() => n,
        Ok(_) => {
            return vec![mismatch(
                path,
                format!("{} の指標の数がモデルと違います", item.id),
            )]
        }
        Err(e) => {
            return vec![mismatch(
                path,
                format!("{} の JSON を読めません: {e}", item.id),
            )]
        }
    };
    let mut errors = Vec::new();
    for (ind, json) in item.indicators.iter().zip(&numbers.indicators) {
        let mut published: Vec<(&str, Option<FiscalYear>, f64)> = Vec::new();
        published.extend(json.baseline.value.map(|v| ("baseline", None, v)));
        published.extend(
            json.target
                .value
                .map(|v| ("target", Some(plan.last_year), v)),
        );
        for kind in ["plan", "actual"] {
            for y in &json.values {
                let v = if kind == "plan" { &y.plan } else { &y.actual };
                published.extend(v.value.map(|v| (kind, Some(FiscalYear(y.year)), v)));
            }
        }
        let expected = model_numbers(plan, ind);
        if published != expected {
            errors.push(mismatch(
                path,
                format!(
                    "{} {}: モデル {expected:?}、JSON {published:?}",
                    item.id, ind.name
                ),
            ));
        }
    }
    errors
}
