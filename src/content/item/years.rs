//! 取組項目の [[years]]: 年度ごとの進捗状況・年度目標・実績。
//! An item's years: each fiscal year's planned status and goal, and its reported result.

use super::year::fiscal_year;
use super::{non_empty, RawResult, RawSource, RawYear};
use crate::content::check::Checker;
use crate::diag::codes;
use crate::model::{actual_field, Plan, Source, YearPlan, YearResult, RESULT_FIELDS};
use crate::text::date::Date;
use crate::text::fiscal_year::FiscalYear;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// The years given in the file, each checked; a year outside the plan or given twice is left out.
pub(super) fn years(
    raw: &[RawYear],
    plan: &Plan,
    indicators: &[&str],
    c: &mut Checker,
) -> BTreeMap<FiscalYear, YearPlan> {
    let mut years: BTreeMap<FiscalYear, YearPlan> = BTreeMap::new();
    for y in raw {
        let Some(fy) = fiscal_year(*y.year.get_ref(), y.year.span(), plan, c) else {
            continue;
        };
        if years.contains_key(&fy) {
            c.error(
                codes::E125,
                y.year.span(),
                format!("{} の [[years]] が 2 回あります", fy.label()),
                "1 つの年度につき [[years]] は 1 つにまとめてください。",
            );
            continue;
        }
        let mut entry = year(y, fy, plan, c);
        entry.sources = (y.sources.iter())
            .filter_map(|s| source(s, indicators, c))
            .collect();
        years.insert(fy, entry);
    }
    years
}

fn year(y: &RawYear, fy: FiscalYear, plan: &Plan, c: &mut Checker) -> YearPlan {
    let status = y.status.as_ref().and_then(|s| match s.get_ref().trim() {
        // An illegible year of a printed plan: neither planned nor unplanned.
        "?" | "？" => Some(crate::model::UNKNOWN_STATUS.to_string()),
        _ => status(s, plan, c),
    });
    if y.status.is_none() {
        c.warning(
            codes::W205,
            y.year.span(),
            format!("{} の進捗状況（status）がありません", fy.label()),
            "計画上の進捗状況を site.toml の statuses から書いてください。計画書で空欄なら、そのままで構いません。",
        );
    }
    let result = y.result.as_ref().and_then(|r| {
        if !check_reported(fy, r.span(), "実績（result）", plan, c) {
            return None;
        }
        Some(result(r.get_ref(), plan, c))
    });
    YearPlan {
        year: fy,
        status,
        goal: non_empty(&y.goal),
        result,
        sources: Vec::new(),
        position: Some(c.pos(y.year.span())),
    }
}

/// One `[[years.sources]]` entry: a real import date, a department and file named, and each
/// cell a field of this item at an address like 「J5」.
fn source(s: &RawSource, indicators: &[&str], c: &mut Checker) -> Option<Source> {
    let imported = Date::parse(s.imported.get_ref());
    if imported.is_none() {
        c.error(
            codes::E165,
            s.imported.span(),
            format!("取り込んだ日（imported）「{}」は YYYY-MM-DD の形で書いてください", s.imported.get_ref()),
            "例: imported = \"2022-05-20\"。shinchoku survey import が書いた値を変えないでください。",
        );
    }
    for (what, v) in [
        ("担当課（department）", &s.department),
        ("ファイル名（file）", &s.file),
    ] {
        if v.get_ref().trim().is_empty() {
            let msg = format!("出典の{what}が空です");
            c.error(
                codes::E166,
                v.span(),
                msg,
                "報告した担当課と、返送された調査票のファイル名を書いてください。",
            );
        }
    }
    let fields: Vec<String> = (RESULT_FIELDS.iter().map(|f| f.to_string()))
        .chain(indicators.iter().map(|i| actual_field(i)))
        .collect();
    for (k, v) in &s.cells {
        source_cell(k, v, &fields, c);
    }
    Some(Source {
        department: s.department.get_ref().trim().to_string(),
        file: s.file.get_ref().trim().to_string(),
        sheet: non_empty(&s.sheet),
        imported: imported?,
        cells: (s.cells.iter())
            .map(|(k, v)| (k.get_ref().clone(), v.get_ref().trim().to_string()))
            .collect(),
    })
}

/// A source's cell: the key one of the item's fields, the value a cell address.
fn source_cell(key: &Spanned<String>, cell: &Spanned<String>, fields: &[String], c: &mut Checker) {
    if !fields.iter().any(|f| f == key.get_ref()) {
        c.error(
            codes::E166,
            key.span(),
            format!(
                "出典の cells の「{}」は、この取組項目の欄ではありません",
                key.get_ref()
            ),
            format!("使える欄: {}", fields.join("、")),
        );
    }
    if !is_cell_address(cell.get_ref().trim()) {
        c.error(
            codes::E166,
            cell.span(),
            format!("セル「{}」が読めません", cell.get_ref()),
            "列の英字と行の番号で書いてください（例: \"J5\"）。",
        );
    }
}

/// 「J5」「AB120」: one to three capital letters, then a row number from 1.
fn is_cell_address(s: &str) -> bool {
    let letters = s.bytes().take_while(u8::is_ascii_uppercase).count();
    let digits = &s[letters..];
    (1..=3).contains(&letters)
        && !digits.is_empty()
        && !digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
}

fn result(r: &RawResult, plan: &Plan, c: &mut Checker) -> YearResult {
    let effect_amount =
        (r.effect_amount.as_ref()).and_then(|e| super::amounts::amount(e, "効果額", c));
    YearResult {
        status: r.status.as_ref().and_then(|s| status(s, plan, c)),
        grade: r.grade.as_ref().and_then(|g| grade(g, plan, c)),
        achievements: non_empty(&r.achievements),
        challenges: non_empty(&r.challenges),
        effect_amount,
        council_comment: non_empty(&r.council_comment),
    }
}

/// Every year of the plan should have its [[years]] entry.
pub(super) fn check_missing(
    years: &BTreeMap<FiscalYear, YearPlan>,
    id: &Spanned<String>,
    plan: &Plan,
    c: &mut Checker,
) {
    let missing: Vec<String> = plan
        .fiscal_years()
        .filter(|fy| !years.contains_key(fy))
        .map(|fy| fy.label())
        .collect();
    if !missing.is_empty() {
        c.warning(
            codes::W205,
            id.span(),
            format!(
                "{} の [[years]]（進捗状況・年度目標）がありません",
                missing.join("・")
            ),
            "計画期間の年度ごとに [[years]] year = … status = \"…\" を書いてください。",
        );
    }
}

/// One entry per year of the plan, in order; a year the file leaves out has nothing in it.
pub(super) fn every_year(mut years: BTreeMap<FiscalYear, YearPlan>, plan: &Plan) -> Vec<YearPlan> {
    plan.fiscal_years()
        .map(|fy| {
            years.remove(&fy).unwrap_or(YearPlan {
                year: fy,
                status: None,
                goal: None,
                result: None,
                sources: Vec::new(),
                position: None,
            })
        })
        .collect()
}

/// Results and actual values may only be given for years that a report edition covers.
pub(super) fn check_reported(
    year: FiscalYear,
    span: Range<usize>,
    what: &str,
    plan: &Plan,
    c: &mut Checker,
) -> bool {
    match plan.latest_edition_year() {
        Some(r) if year <= r => true,
        Some(r) => {
            c.error(
                codes::E132,
                span,
                format!("{}の{what}がありますが、報告の対象は{}までです", year.label(), r.label()),
                "site.toml の [[reports]] にその年度を追加するか、まだ終わっていない年度の値を削除してください。",
            );
            false
        }
        None => {
            c.error(
                codes::E132,
                span,
                format!("{}の{what}がありますが、site.toml に報告年度（[[reports]]）がありません", year.label()),
                "実績を載せるときは site.toml に [[reports]] year = … と as_of = \"YYYY-MM-DD\"（基準日）を書きます。",
            );
            false
        }
    }
}

/// A status code that must be one of site.toml's statuses.
fn status(s: &Spanned<String>, plan: &Plan, c: &mut Checker) -> Option<String> {
    let code = s.get_ref().trim();
    if plan.statuses.iter().any(|st| st.code == code) {
        return Some(code.to_string());
    }
    let codes: Vec<String> = plan.statuses.iter().map(|s| s.code.clone()).collect();
    c.error(
        codes::E124,
        s.span(),
        format!("進捗状況「{code}」は site.toml の statuses にありません"),
        format!("使える値: {}", codes.join("、")),
    );
    None
}

/// A grade code that must be one of site.toml's grades.
fn grade(g: &Spanned<String>, plan: &Plan, c: &mut Checker) -> Option<String> {
    let code = g.get_ref().trim();
    if plan.grades.iter().any(|gr| gr.code == code) {
        return Some(code.to_string());
    }
    let codes: Vec<String> = plan
        .grades
        .iter()
        .map(|g| format!("{}（{}）", g.code, g.label))
        .collect();
    c.error(
        codes::E134,
        g.span(),
        format!("評価「{code}」は site.toml の grades にありません"),
        if codes.is_empty() {
            "site.toml に [[grades]] を定義してください。".to_string()
        } else {
            format!("使える値: {}", codes.join("、"))
        },
    );
    None
}
