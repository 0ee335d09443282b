//! 記入欄の値: セルの中身を項目ファイルの値にし、項目ファイルと同じ規則でセルごとに検査する。
//! A fill-in cell's value: what the cell holds as the item file's value, checked at the cell by
//! the rules the item file is checked by (so no problem is found only after the item file has
//! been rewritten, and reported there).

use super::sheet::{self, Cell, Field};
use crate::diag::codes;
use crate::model::{Indicator, Plan, Value};

/// A problem: code, message and help ("" for none).
pub type Problem = (codes::Code, String, &'static str);

/// A value read from a cell, with what was assumed reading it (for a note to the user).
pub struct Read {
    pub value: Value,
    pub note: Option<String>,
}

impl Read {
    fn plain(value: Value) -> Read {
        Read { value, note: None }
    }
}

/// The value of a fill-in cell; None when empty, which means "no change".
pub fn value(
    plan: &Plan,
    field: Field,
    cell: &Cell,
    ind: Option<&Indicator>,
) -> Result<Option<Read>, Problem> {
    let text = match cell {
        Cell::Empty => return Ok(None),
        Cell::Text(t) if t.trim().is_empty() => return Ok(None),
        Cell::Uncomputed => return Err(uncomputed()),
        Cell::TooLong => return Err(too_long()),
        Cell::Other(what) => {
            let msg = format!(
                "{}のセルの値が読めません（{what}） (unreadable cell)",
                field.label()
            );
            return Err((codes::E720, msg, "数値か文字を入力してください。"));
        }
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(n) => crate::text::number::raw_number(*n),
    };
    let read = match field {
        Field::Status => {
            let statuses: Vec<&str> = plan.statuses.iter().map(|s| s.code.as_str()).collect();
            code(&text, &statuses, "進捗状況")
        }
        Field::Grade if plan.grades.is_empty() => Err((
            codes::E721,
            format!("評価「{text}」が書かれていますが、site.toml に評価の区分（[[grades]]）がありません (no grades defined)"),
            "評価を使うときは site.toml に [[grades]] を定義します。使わないなら空欄にしてください。",
        )),
        Field::Grade => {
            let grades: Vec<&str> = plan.grades.iter().map(|g| g.code.as_str()).collect();
            code(&text, &grades, "評価")
        }
        Field::Achievements | Field::Challenges => text_value(cell, &text, true),
        Field::Actual if ind.is_some_and(sheet::takes_text) => match cell {
            Cell::Number(n) => number(*n, field, ind, None),
            _ => text_value(cell, &text, false),
        },
        Field::Actual | Field::EffectAmount => number_value(cell, &text, field, ind),
    };
    read.map(Some)
}

fn uncomputed() -> Problem {
    (
        codes::E731,
        "数式のセルに計算結果が保存されていません (a formula without its result)".into(),
        "Excel で開いて上書き保存すると計算結果が保存されます。数式を使わず値を入力してもかまいません。",
    )
}

fn too_long() -> Problem {
    (
        codes::E733,
        format!(
            "セルの文字が長すぎます（{} 字まで。Excel の 1 つのセルの上限です） (text too long)",
            crate::text::number::format_number(super::read::MAX_CELL_CHARS as f64)
        ),
        "長い資料は項目ファイルの本文か assets/ に置き、セルには要点を書いてください。",
    )
}

/// A status or grade: one of `codes`, matched ignoring full/half width and case.
fn code(text: &str, codes: &[&str], what: &str) -> Result<Read, Problem> {
    if codes.contains(&text) {
        return Ok(Read::plain(Value::Text(text.to_string())));
    }
    let folded = sheet::fold_code(text);
    let matching: Vec<&&str> = codes
        .iter()
        .filter(|c| sheet::fold_code(c) == folded)
        .collect();
    if let [only] = matching.as_slice() {
        return Ok(Read {
            value: Value::Text(only.to_string()),
            note: Some(format!(
                "{what}「{text}」を「{only}」として読みました (read as {only})"
            )),
        });
    }
    let msg = format!(
        "{what}「{text}」は一覧にありません（使える値: {}） (not in the list)",
        codes.join("、")
    );
    Err((codes::E721, msg, "セルを選ぶと出る一覧から選んでください。"))
}

/// Text as the item file keeps it: line ends as `\n`, and in Markdown fields each line break
/// typed in the cell as a line break on the site.
fn text_value(cell: &Cell, text: &str, markdown: bool) -> Result<Read, Problem> {
    let text = match cell {
        Cell::Text(t) => sheet::normalize_text(t),
        _ => text.to_string(),
    };
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        let msg = format!(
            "セルに表示できない制御文字（U+{:04X}）があります (a control character)",
            c as u32
        );
        return Err((
            codes::E733,
            msg,
            "ほかの文書から貼り付けた文字を、入力し直してください。",
        ));
    }
    let value = if markdown {
        sheet::markdown_of_cell(&text)
    } else {
        text
    };
    Ok(Read::plain(Value::Text(value)))
}

fn number_value(
    cell: &Cell,
    text: &str,
    field: Field,
    ind: Option<&Indicator>,
) -> Result<Read, Problem> {
    if let Cell::Number(n) = cell {
        return number(*n, field, ind, None);
    }
    match sheet::parse_number(text) {
        Some(n) => number(n, field, ind, sheet::sign_mark(text).map(|m| (m, text))),
        None => Err((
            codes::E720,
            format!("数値ではありません「{text}」 (not a number)"),
            "単位・カンマ・「約」などを付けず、数値だけを半角で書いてください（例: 60）。",
        )),
    }
}

/// A number, by the item file's rules: exact, and not negative in a unit counted from zero.
/// `mark` is the sign mark it was typed with (▲), for the note.
fn number(
    n: f64,
    field: Field,
    ind: Option<&Indicator>,
    mark: Option<(char, &str)>,
) -> Result<Read, Problem> {
    use crate::text::number::{is_exact, raw_number};
    if !is_exact(n) {
        return Err((
            codes::E720,
            format!("数値が大きすぎて正確に扱えません（±1,000,000,000,000,000 まで）「{}」 (number too large to keep exactly)", raw_number(n)),
            "桁を確かめてください。",
        ));
    }
    let unit = ind.map(|i| i.unit.as_str()).unwrap_or_default();
    if n < 0.0 && field == Field::Actual && crate::content::item::never_negative(unit) {
        let msg = format!(
            "実績値が負の数（{}）です。単位「{unit}」の値は 0 以上です (a negative value where impossible)",
            raw_number(n)
        );
        return Err((codes::E732, msg, "符号（-・▲・△）を確かめてください。"));
    }
    let note = mark.map(|(m, typed)| {
        format!(
            "{}「{typed}」の「{m}」を負の符号として {} と読みました (read as negative)",
            field.label(),
            raw_number(n)
        )
    });
    Ok(Read {
        value: Value::Number(n),
        note,
    })
}
