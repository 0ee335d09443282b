//! 取組項目の [[indicators]]: 指標の現状・目標・年度ごとの計画値と実績値。
//! An item's indicators: baseline, target, and the planned and actual value of each year.

use super::year::{outside_year_key, year_key, Side, OUTSIDE_HINT};
use super::years::check_reported;
use super::{non_empty, too_large, RawIndicator, RawValue, TOO_LARGE_HELP};
use crate::content::check::{choice, Checker};
use crate::diag::codes;
use crate::model::{ChartKind, Direction, Indicator, Plan, Value};
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::is_exact;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

/// The item's indicators; `id` locates the warning when the file has no `indicators` key.
pub(super) fn indicators(
    raw: Option<&Vec<RawIndicator>>,
    id: &Spanned<String>,
    plan: &Plan,
    c: &mut Checker,
) -> Vec<Indicator> {
    if raw.is_none() {
        c.warning(
            codes::W204,
            id.span(),
            "この取組項目には指標（[[indicators]]）がありません",
            "数値目標がない取組なら `indicators = []` と書くと、この警告は出なくなります。",
        );
    }
    let mut names = BTreeSet::new();
    let mut indicators = Vec::new();
    for ind in raw.into_iter().flatten() {
        let name = ind.name.get_ref().trim().to_string();
        if !names.insert(name.clone()) {
            c.error(
                codes::E127,
                ind.name.span(),
                format!("指標名「{name}」が同じ項目の中で重複しています"),
                "指標ごとに違う名前を付けてください。",
            );
        }
        indicators.push(indicator(ind, name, plan, c));
    }
    indicators
}

fn indicator(ind: &RawIndicator, name: String, plan: &Plan, c: &mut Checker) -> Indicator {
    let unit = ind.unit.trim().to_string();
    let baseline = ind
        .baseline
        .as_ref()
        .and_then(|v| value(v, &unit, "現状の数値", c));
    let target = ind
        .target
        .as_ref()
        .and_then(|v| value(v, &unit, "目標の数値", c));
    let plan_values = per_year(&ind.plan, &unit, "計画値", false, plan, c);
    against_baseline(ind, baseline.as_ref(), c);
    let actual = per_year(&ind.actual, &unit, "実績値", true, plan, c);
    let reference = outside(&ind.reference, &unit, Side::Before, plan, c);
    let beyond = outside(&ind.beyond, &unit, Side::After, plan, c);
    let decimals = ind
        .baseline
        .iter()
        .chain(&ind.target)
        .chain(ind.plan.values())
        .chain(ind.actual.values())
        .chain(ind.reference.values())
        .chain(ind.beyond.values())
        .map(|v| decimals(v, c))
        .max()
        .unwrap_or(0);
    Indicator {
        decimals,
        negative: plan.negative,
        chart: ind
            .chart
            .as_ref()
            .map_or(ChartKind::Auto, |k| chart_kind(k, c)),
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
        reference,
        beyond,
    }
}

/// The values of `[indicators.reference]` (years before the period) or `[indicators.beyond]`
/// (years after it).
fn outside(
    map: &BTreeMap<Spanned<String>, Spanned<RawValue>>,
    unit: &str,
    side: Side,
    plan: &Plan,
    c: &mut Checker,
) -> BTreeMap<FiscalYear, Value> {
    let what = match side {
        Side::Before => "参考値",
        Side::After => "計画期間後の目標",
    };
    let mut out = BTreeMap::new();
    for (k, v) in map {
        let year = outside_year_key(k, side, plan, c);
        if let (Some(year), Some(value)) = (year, value(v, unit, what, c)) {
            out.insert(year, value);
        }
    }
    out
}

/// A target or planned value on the wrong side of the baseline for the indicator's direction
/// (an increase planned below where it starts) is a warning (W212): it is most often a typo,
/// and 達成率 from the baseline means nothing there (`progress::attainment` does not use it).
fn against_baseline(ind: &RawIndicator, baseline: Option<&Value>, c: &mut Checker) {
    let Some(b) = baseline.and_then(Value::as_number) else {
        return;
    };
    let way = match ind.direction {
        Direction::Increase => "下回って",
        Direction::Decrease => "上回って",
        Direction::None => return,
    };
    let against = |v: f64| match ind.direction {
        Direction::Increase => v < b,
        _ => v > b,
    };
    let values = ind.target.iter().map(|v| ("目標", v));
    for (what, v) in values.chain(ind.plan.values().map(|v| ("計画値", v))) {
        if let Value::Number(n) = v.get_ref().0 {
            if n.is_finite() && against(n) {
                c.warning(
                    codes::W212,
                    v.span(),
                    format!("{what} {n} が現状値 {b} を{way}います。指標は「{}」です (against the direction)", ind.direction.label()),
                    "値の桁や符号、direction（increase・decrease）を確かめてください。この値には現状値からの達成率を使いません。",
                );
            }
        }
    }
}

/// The planned or actual (`reported`: only for reported years) value of each year.
fn per_year(
    map: &BTreeMap<Spanned<String>, Spanned<RawValue>>,
    unit: &str,
    what: &str,
    reported: bool,
    plan: &Plan,
    c: &mut Checker,
) -> BTreeMap<FiscalYear, Value> {
    let mut out = BTreeMap::new();
    for (k, v) in map {
        let example = "例: 令和3年度の値なら `2021 = 96.4`。";
        let year = year_key(k, example, OUTSIDE_HINT, plan, c);
        let year = year.filter(|y| !reported || check_reported(*y, k.span(), what, plan, c));
        if let (Some(year), Some(value)) = (year, value(v, unit, what, c)) {
            out.insert(year, value);
        }
    }
    out
}

/// The chart kind the file asks for; an unknown name is an error (and the chart is chosen
/// from the values, so that the other problems of the file are still reported).
fn chart_kind(name: &Spanned<String>, c: &mut Checker) -> ChartKind {
    let allowed = "auto（値から自動で選ぶ）, bar（0 からの棒）, line（線と点）";
    let choices = (&ChartKind::NAMES[..], ChartKind::from_name);
    choice(("chart", name), choices, allowed, c).unwrap_or(ChartKind::Auto)
}

/// Decimal places of a number as written in the file (`96.00` → 2), so the site can show
/// it as the plan printed it.
fn decimals(v: &Spanned<RawValue>, c: &Checker) -> u8 {
    let literal = c.source(v.span());
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

fn value(v: &Spanned<RawValue>, unit: &str, what: &str, c: &mut Checker) -> Option<Value> {
    match &v.get_ref().0 {
        Value::Number(n) if !n.is_finite() => {
            c.error(
                codes::E131,
                v.span(),
                format!("{what}に nan や inf は使えません"),
                "数値を書くか、値がなければ行を削除してください。",
            );
            None
        }
        Value::Number(n) if !is_exact(*n) => {
            c.error(codes::E131, v.span(), too_large(what), TOO_LARGE_HELP);
            None
        }
        Value::Number(n) if *n < 0.0 && never_negative(unit) => {
            negative_count(v, &crate::text::number::raw_number(*n), unit, what, c);
            None
        }
        Value::Text(t) if signed(t).is_some() => {
            let n = signed(t)?;
            if never_negative(unit) {
                negative_count(v, t.trim(), unit, what, c);
                return None;
            }
            value(
                &Spanned::new(v.span(), RawValue(Value::Number(n))),
                unit,
                what,
                c,
            )
        }
        Value::Text(t) => {
            if let Some(n) = number_written_as_text(t, unit) {
                c.error(
                    codes::E130,
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

/// A negative number written as plans print it (「▲80,800」「△5」「−3」): the number.
fn signed(text: &str) -> Option<f64> {
    let first = text.trim_start().chars().next()?;
    let n = crate::text::number::parse_number(text)?;
    (['▲', '△', '−', '－', '-'].contains(&first) && n < 0.0).then_some(n)
}

/// E133: a negative value in a unit counted from zero, with a hint that fits counts.
fn negative_count(v: &Spanned<RawValue>, shown: &str, unit: &str, what: &str, c: &mut Checker) {
    c.error(
        codes::E133,
        v.span(),
        format!("{what}が負の数（{shown}）になっています。単位「{unit}」で数えるものは 0 以上です"),
        "符号（-・▲・△）を確かめてください。減った数を示すなら、指標名を「削減数」などにして正の数で書きます（前年度からの増減は、サイトが前年度比として示します）。",
    );
}

/// Whether values in `unit` count or measure from zero, so that a negative one is a typo (the
/// survey import checks its cells by the same rule).
pub fn never_negative(unit: &str) -> bool {
    COUNT_UNITS.contains(&unit.trim())
}

/// Units of things that are counted or measured from zero: a negative value is a typo.
/// Amounts of money (円, 千円) are not among them: a saving or a change of cost can be ▲.
const COUNT_UNITS: [&str; 18] = [
    "件", "人", "名", "日", "時間", "回", "団体", "社", "床", "箇所", "か所", "校", "台", "本",
    "冊", "部", "施設", "世帯",
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
