//! items/*.md: 取組項目ファイルの解析と検証。 / Parsing and validating one action-item file.

use crate::content::source::{split_front_matter, SourceFile};
use crate::diag::toml::nearest;
use crate::diag::{Diagnostic, LineIndex, Position};
use crate::model::{ActionItem, Direction, Indicator, Plan, Value, YearPlan, YearResult};
use crate::text::fiscal_year::FiscalYear;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Spanned<String>,
    title: String,
    department: Spanned<String>,
    #[serde(default)]
    related_departments: Vec<String>,
    common_goal: Option<String>,
    #[serde(default)]
    years: Vec<RawYear>,
    /// `None` when the key is absent (warned about), `Some([])` for "no numeric target, on purpose".
    indicators: Option<Vec<RawIndicator>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: Spanned<i64>,
    status: Option<Spanned<String>>,
    goal: Option<String>,
    result: Option<Spanned<RawResult>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResult {
    status: Option<Spanned<String>>,
    grade: Option<Spanned<String>>,
    achievements: Option<String>,
    challenges: Option<String>,
    effect_amount: Option<Spanned<f64>>,
    council_comment: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    name: Spanned<String>,
    #[serde(default)]
    unit: String,
    direction: Direction,
    baseline: Option<Spanned<RawValue>>,
    baseline_note: Option<String>,
    target: Option<Spanned<RawValue>>,
    target_note: Option<String>,
    plan_note: Option<String>,
    #[serde(default)]
    plan: BTreeMap<Spanned<String>, Spanned<RawValue>>,
    #[serde(default)]
    actual: BTreeMap<Spanned<String>, Spanned<RawValue>>,
}

/// A number or a string, exactly as written (no coercion).
struct RawValue(Value);

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
                Ok(RawValue(Value::Number(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
                Ok(RawValue(Value::Number(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
                Ok(RawValue(Value::Number(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
                Ok(RawValue(Value::Text(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

/// Context needed to check one item against site.toml.
struct Checker<'a> {
    file: &'a SourceFile,
    index: LineIndex<'a>,
    base: usize,
    plan: &'a Plan,
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn pos(&self, span: Range<usize>) -> Position {
        self.index.position(self.base + span.start)
    }

    fn error(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        msg: String,
        help: impl Into<String>,
    ) {
        let d = Diagnostic::error(code, &self.file.path, self.pos(span), msg).with_help(help);
        self.diagnostics.push(d);
    }

    fn warning(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        msg: String,
        help: impl Into<String>,
    ) {
        let d = Diagnostic::warning(code, &self.file.path, self.pos(span), msg).with_help(help);
        self.diagnostics.push(d);
    }

    fn fiscal_year(&mut self, year: i64, span: Range<usize>) -> Option<FiscalYear> {
        let (first, last) = (self.plan.first_year, self.plan.last_year);
        if year < first.0 as i64 || year > last.0 as i64 {
            let shown = i32::try_from(year)
                .map(|y| FiscalYear(y).label())
                .unwrap_or_else(|_| year.to_string());
            self.error(
                "E126",
                span,
                format!(
                    "年度 {shown} は計画期間（{}〜{}）の外です",
                    first.label(),
                    last.label()
                ),
                format!(
                    "{}〜{} の西暦で書いてください（令和3年度なら 2021）。",
                    first.0, last.0
                ),
            );
            return None;
        }
        Some(FiscalYear(year as i32))
    }

    /// A status code that must be one of site.toml's statuses.
    fn status(&mut self, s: &Spanned<String>) -> Option<String> {
        let code = s.get_ref().trim();
        if self.plan.statuses.iter().any(|st| st.code == code) {
            return Some(code.to_string());
        }
        let codes: Vec<String> = self.plan.statuses.iter().map(|s| s.code.clone()).collect();
        self.error(
            "E124",
            s.span(),
            format!("進捗状況「{code}」は site.toml の statuses にありません"),
            format!("使える値: {}", codes.join("、")),
        );
        None
    }

    fn grade(&mut self, g: &Spanned<String>) -> Option<String> {
        let code = g.get_ref().trim();
        if self.plan.grades.iter().any(|gr| gr.code == code) {
            return Some(code.to_string());
        }
        let codes: Vec<String> = self
            .plan
            .grades
            .iter()
            .map(|g| format!("{}（{}）", g.code, g.label))
            .collect();
        self.error(
            "E134",
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

    /// Results and actual values may only be given for years that a report edition covers.
    fn check_reported(&mut self, year: FiscalYear, span: Range<usize>, what: &str) -> bool {
        match self.plan.report_year() {
            Some(r) if year <= r => true,
            Some(r) => {
                self.error(
                    "E132",
                    span,
                    format!("{}の{what}がありますが、報告の対象は{}までです", year.label(), r.label()),
                    "site.toml の [[reports]] にその年度を追加するか、まだ終わっていない年度の値を削除してください。",
                );
                false
            }
            None => {
                self.error(
                    "E132",
                    span,
                    format!("{}の{what}がありますが、site.toml に報告年度（[[reports]]）がありません", year.label()),
                    "実績を載せるときは site.toml に [[reports]] year = … と as_of = \"YYYY-MM-DD\"（基準日）を書きます。",
                );
                false
            }
        }
    }

    /// Decimal places of a number as written in the file (`96.00` → 2), so the site can show
    /// it as the plan printed it.
    fn decimals(&self, v: &Spanned<RawValue>) -> u8 {
        let span = v.span();
        let literal = self
            .file
            .text
            .get(self.base + span.start..self.base + span.end)
            .unwrap_or("");
        match (&v.get_ref().0, literal.split_once('.')) {
            (Value::Number(_), Some((_, fraction))) => fraction
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '_')
                .filter(char::is_ascii_digit)
                .count()
                .min(6) as u8,
            _ => 0,
        }
    }

    fn value(&mut self, v: &Spanned<RawValue>, unit: &str, what: &str) -> Option<Value> {
        match &v.get_ref().0 {
            Value::Number(n) if !n.is_finite() => {
                self.error(
                    "E131",
                    v.span(),
                    format!("{what}に nan や inf は使えません"),
                    "数値を書くか、値がなければ行を削除してください。",
                );
                None
            }
            Value::Number(n) if *n < 0.0 && COUNT_UNITS.contains(&unit) => {
                self.error(
                    "E133",
                    v.span(),
                    format!("{what}が負の数（{n}）になっています。単位「{unit}」の値は 0 以上です"),
                    "符号（-）を確かめてください。増減を表す指標なら、単位を「件」などの数ではなく「%」「ポイント」などにします。",
                );
                None
            }
            Value::Text(t) => {
                if let Some(n) = number_written_as_text(t, unit) {
                    self.error(
                        "E130",
                        v.span(),
                        format!("{what}「{t}」が文字列になっています。数値として書いてください"),
                        format!("引用符・桁区切りのカンマ・単位を付けずに半角で `{n}` と書きます（単位は unit に書きます）。"),
                    );
                    return None;
                }
                Some(Value::Text(t.trim().to_string()))
            }
            other => Some(other.clone()),
        }
    }
}

/// Parses and validates one item file against the plan's vocabularies. Returns the item and
/// every diagnostic (warnings included); `None` when there were errors.
pub fn parse(file: &SourceFile, plan: &Plan) -> (Option<ActionItem>, Vec<Diagnostic>) {
    let fm = match split_front_matter(&file.path, &file.text) {
        Ok(fm) => fm,
        Err(d) => return (None, vec![d]),
    };
    let raw: RawItem = match toml::from_str(&crate::content::source::normalize_wide_spaces(fm.toml))
    {
        Ok(raw) => raw,
        Err(e) => {
            let d = crate::diag::toml::diagnostic(&file.path, &file.text, fm.toml_offset, &e);
            return (None, vec![d]);
        }
    };
    let mut c = Checker {
        file,
        index: LineIndex::new(&file.text),
        base: fm.toml_offset,
        plan,
        diagnostics: Vec::new(),
    };

    let place = locate_id(&mut c, &raw.id);
    let stem = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem != raw.id.get_ref() {
        c.warning(
            "W201",
            raw.id.span(),
            format!(
                "ファイル名「{stem}」と id「{}」が一致していません",
                raw.id.get_ref()
            ),
            format!(
                "ファイル名を {}.md にすると探しやすくなります。",
                raw.id.get_ref()
            ),
        );
    }
    if plan.department(raw.department.get_ref()).is_none() {
        let names: Vec<String> = plan.departments.iter().map(|d| d.name.clone()).collect();
        let help = match nearest(raw.department.get_ref(), &names) {
            Some(n) => format!("「{n}」の誤りではありませんか？ 新しい課なら site.toml の [[departments]] に追加してください。"),
            None => "site.toml の [[departments]] に追加するか、登録済みの課名を書いてください。".to_string(),
        };
        c.error(
            "E123",
            raw.department.span(),
            format!(
                "担当課「{}」は site.toml の departments にありません",
                raw.department.get_ref()
            ),
            help,
        );
    }

    let mut years: BTreeMap<FiscalYear, YearPlan> = BTreeMap::new();
    for y in &raw.years {
        let Some(fy) = c.fiscal_year(*y.year.get_ref(), y.year.span()) else {
            continue;
        };
        if years.contains_key(&fy) {
            c.error(
                "E125",
                y.year.span(),
                format!("{} の [[years]] が 2 回あります", fy.label()),
                "1 つの年度につき [[years]] は 1 つにまとめてください。",
            );
            continue;
        }
        let status = y.status.as_ref().and_then(|s| c.status(s));
        if y.status.is_none() {
            c.warning(
                "W205",
                y.year.span(),
                format!("{} の進捗状況（status）がありません", fy.label()),
                "計画上の進捗状況を site.toml の statuses から書いてください。計画書で空欄なら、そのままで構いません。",
            );
        }
        let result = y.result.as_ref().and_then(|r| {
            if !c.check_reported(fy, r.span(), "実績（result）") {
                return None;
            }
            let r = r.get_ref();
            let effect_amount = r.effect_amount.as_ref().and_then(|e| {
                let v = *e.get_ref();
                if v.is_finite() {
                    Some(v)
                } else {
                    c.error(
                        "E131",
                        e.span(),
                        "効果額に nan や inf は使えません".into(),
                        "千円単位の数値を書いてください。",
                    );
                    None
                }
            });
            Some(YearResult {
                status: r.status.as_ref().and_then(|s| c.status(s)),
                grade: r.grade.as_ref().and_then(|g| c.grade(g)),
                achievements: non_empty(&r.achievements),
                challenges: non_empty(&r.challenges),
                effect_amount,
                council_comment: non_empty(&r.council_comment),
            })
        });
        years.insert(
            fy,
            YearPlan {
                year: fy,
                status,
                goal: non_empty(&y.goal),
                result,
            },
        );
    }

    if raw.indicators.is_none() {
        c.warning(
            "W204",
            raw.id.span(),
            "この取組項目には指標（[[indicators]]）がありません".into(),
            "数値目標がない取組なら `indicators = []` と書くと、この警告は出なくなります。",
        );
    }
    let mut names = BTreeSet::new();
    let mut indicators = Vec::new();
    for ind in raw.indicators.iter().flatten() {
        let name = ind.name.get_ref().trim().to_string();
        if !names.insert(name.clone()) {
            c.error(
                "E127",
                ind.name.span(),
                format!("指標名「{name}」が同じ項目の中で重複しています"),
                "指標ごとに違う名前を付けてください。",
            );
        }
        let unit = ind.unit.trim().to_string();
        let baseline = ind
            .baseline
            .as_ref()
            .and_then(|v| c.value(v, &unit, "現状の数値"));
        let target = ind
            .target
            .as_ref()
            .and_then(|v| c.value(v, &unit, "目標の数値"));
        let mut per_year =
            |map: &BTreeMap<Spanned<String>, Spanned<RawValue>>, what: &str, reported: bool| {
                let mut out = BTreeMap::new();
                for (k, v) in map {
                    let year = match k.get_ref().trim().parse::<i64>() {
                        Ok(y) => c.fiscal_year(y, k.span()),
                        Err(_) => {
                            c.error(
                                "E126",
                                k.span(),
                                format!("年度「{}」は西暦の整数で書いてください", k.get_ref()),
                                "例: 令和3年度の値なら `2021 = 96.4`。",
                            );
                            None
                        }
                    };
                    let year = year.filter(|y| !reported || c.check_reported(*y, k.span(), what));
                    if let (Some(year), Some(value)) = (year, c.value(v, &unit, what)) {
                        out.insert(year, value);
                    }
                }
                out
            };
        let plan_values = per_year(&ind.plan, "計画値", false);
        let actual = per_year(&ind.actual, "実績値", true);
        let decimals = ind
            .baseline
            .iter()
            .chain(&ind.target)
            .chain(ind.plan.values())
            .chain(ind.actual.values())
            .map(|v| c.decimals(v))
            .max()
            .unwrap_or(0);
        indicators.push(Indicator {
            decimals,
            name,
            unit,
            direction: ind.direction,
            baseline,
            baseline_note: ind.baseline_note.clone().filter(|s| !s.trim().is_empty()),
            target,
            target_note: ind.target_note.clone().filter(|s| !s.trim().is_empty()),
            plan_note: non_empty(&ind.plan_note),
            plan: plan_values,
            actual,
        });
    }

    let missing: Vec<String> = plan
        .fiscal_years()
        .filter(|fy| !years.contains_key(fy))
        .map(|fy| fy.label())
        .collect();
    if !missing.is_empty() {
        c.warning(
            "W205",
            raw.id.span(),
            format!(
                "{} の [[years]]（進捗状況・年度目標）がありません",
                missing.join("・")
            ),
            "計画期間の年度ごとに [[years]] year = … status = \"…\" を書いてください。",
        );
    }

    let has_errors = c.diagnostics.iter().any(Diagnostic::is_error);
    let id_span = raw.id.span();
    let Some((category, section, number)) = place.filter(|_| !has_errors) else {
        return (None, c.diagnostics);
    };
    let item = ActionItem {
        id: raw.id.get_ref().trim().to_string(),
        category,
        section,
        number,
        title: raw.title.trim().to_string(),
        department: raw.department.get_ref().trim().to_string(),
        related_departments: raw
            .related_departments
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        common_goal: raw.common_goal.filter(|g| !g.trim().is_empty()),
        years: plan
            .fiscal_years()
            .map(|fy| {
                years.remove(&fy).unwrap_or(YearPlan {
                    year: fy,
                    status: None,
                    goal: None,
                    result: None,
                })
            })
            .collect(),
        indicators,
        body: fm.body.to_string(),
        body_position: c.index.position(fm.body_offset),
        source: file.path.clone(),
        id_position: c.pos(id_span),
        origin: 0,
    };
    (Some(item), c.diagnostics)
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Resolves "4-1-4" (or "4-2" in a category without sections) to category/section indexes.
fn locate_id(c: &mut Checker, id: &Spanned<String>) -> Option<(usize, Option<usize>, u32)> {
    let text = id.get_ref().trim();
    let parts: Vec<&str> = text.split('-').collect();
    let plan = c.plan;
    let Some(ci) = plan.categories.iter().position(|cat| cat.id == parts[0]) else {
        let ids: Vec<String> = plan.categories.iter().map(|c| c.id.clone()).collect();
        c.error(
            "E121",
            id.span(),
            format!(
                "id「{text}」の大項目「{}」は site.toml の categories にありません",
                parts[0]
            ),
            format!(
                "id は「大項目-中項目-番号」（例 4-1-4）で書きます。大項目: {}",
                ids.join("、")
            ),
        );
        return None;
    };
    let category = &plan.categories[ci];
    let expected = if category.sections.is_empty() { 2 } else { 3 };
    let number = parts
        .last()
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|n| *n > 0);
    if parts.len() != expected || number.is_none() {
        let shape = if expected == 3 {
            "大項目-中項目-番号（例 4-1-4）"
        } else {
            "大項目-番号（例 4-2）"
        };
        c.error(
            "E120",
            id.span(),
            format!("id「{text}」の形が正しくありません"),
            format!(
                "大項目「{}」の取組項目の id は {shape} で書きます。",
                category.title
            ),
        );
        return None;
    }
    let section = if expected == 3 {
        match category.sections.iter().position(|s| s.id == parts[1]) {
            Some(si) => Some(si),
            None => {
                let ids: Vec<String> = category.sections.iter().map(|s| s.id.clone()).collect();
                c.error(
                    "E122",
                    id.span(),
                    format!(
                        "id「{text}」の中項目「{}」は大項目「{}」にありません",
                        parts[1], category.title
                    ),
                    format!("この大項目の中項目: {}", ids.join("、")),
                );
                return None;
            }
        }
    } else {
        None
    };
    Some((ci, section, number?))
}

/// Units of things that are counted or measured from zero: a negative value is a typo.
const COUNT_UNITS: [&str; 20] = [
    "件", "人", "名", "日", "時間", "回", "団体", "社", "床", "箇所", "か所", "校", "台", "本",
    "冊", "部", "施設", "千円", "円", "世帯",
];

/// Recognises a number typed as text — 「４５６，４５６」, "456,456", "95.45%", "510,000件" —
/// and returns it as it should be written.
fn number_written_as_text(text: &str, unit: &str) -> Option<String> {
    let normalized: String = text
        .trim()
        .chars()
        .map(|ch| match ch {
            '０'..='９' => char::from_u32(ch as u32 - '０' as u32 + '0' as u32).unwrap_or(ch),
            '，' | '、' => ',',
            '．' => '.',
            '－' | 'ー' | '−' => '-',
            '％' => '%',
            c => c,
        })
        .collect();
    let mut s = normalized.trim();
    if !unit.is_empty() {
        s = s.strip_suffix(unit).unwrap_or(s).trim();
    }
    s = s.strip_suffix('%').unwrap_or(s).trim();
    let digits: String = s.chars().filter(|c| *c != ',').collect();
    if digits.is_empty() || !digits.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: f64 = digits.parse().ok()?;
    n.is_finite().then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_typed_as_text() {
        assert_eq!(
            number_written_as_text("４５６，４５６", "件").as_deref(),
            Some("456456")
        );
        assert_eq!(
            number_written_as_text("510,000件", "件").as_deref(),
            Some("510000")
        );
        assert_eq!(
            number_written_as_text("95.45%", "%").as_deref(),
            Some("95.45")
        );
        assert_eq!(
            number_written_as_text("N年度決算分をN+1年12月に公表", ""),
            None
        );
        assert_eq!(number_written_as_text("12月", ""), None);
    }
}
