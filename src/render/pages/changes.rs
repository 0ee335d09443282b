//! The change table of the item pages: what changed since the previous report, as rows.

use crate::progress::Change;
use crate::text::fiscal_year::FiscalYear;
use serde::Serialize;

/// One changed field, as a table row shows it: plain text, or HTML for the Markdown fields.
#[derive(Serialize)]
pub(crate) struct ChangeView {
    label: String,
    before: String,
    after: String,
    before_html: Option<String>,
    after_html: Option<String>,
}

/// The rows of a change table; `html` renders a Markdown field.
pub(crate) fn change_views(
    changes: &[Change],
    mut html: impl FnMut(&str) -> String,
) -> Vec<ChangeView> {
    let mut md = |c: &Change, text: &str| c.markdown.then(|| html(text));
    changes
        .iter()
        .map(|c| ChangeView {
            label: c.label.clone(),
            before: c.before.clone(),
            after: c.after.clone(),
            before_html: md(c, &c.before),
            after_html: md(c, &c.after),
        })
        .collect()
}

/// 「令和3年度の実績値がまだ報告されていない指標: 年次有給休暇の平均取得日数（変更としては扱いません）」
pub(crate) fn unreported_note(year: FiscalYear, indicators: &[String]) -> Option<String> {
    (!indicators.is_empty()).then(|| {
        format!(
            "{}の実績値がまだ報告されていない指標: {}（変更としては扱いません）",
            year.wareki(),
            indicators.join("、")
        )
    })
}
