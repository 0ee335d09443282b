//! 描画する版（最新のサイト、または年度ごとの報告）について描画側が知ること、と前回のビルドの結果。
//! What the renderer knows of the page set it draws (the latest site or one yearly edition),
//! and the memos of earlier builds it may reuse.

use crate::diag::Diagnostic;
use crate::memo::Memo;
use crate::model::Edition;
use crate::output::OutputFile;
use crate::render::markdown;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Which page set is being rendered: the latest site at the root, or a yearly report edition.
pub struct PageSetView<'a> {
    /// Output path prefix: "" or "reports/2021/".
    pub prefix: String,
    /// The edition this page set shows (the latest report for the root).
    pub edition: Option<&'a Edition>,
    /// True for a frozen yearly edition.
    pub frozen: bool,
    /// The edition before `report`, to list what changed.
    pub previous: Option<&'a Edition>,
    /// Every edition of the plan (for links between them).
    pub editions: &'a [Edition],
    /// This page set's data files by path (for download links with sizes).
    pub data: BTreeMap<&'a str, &'a crate::render::data::Distribution>,
    /// Published accessibility test results (content/accessibility-results.json), if any.
    pub accessibility: Option<&'a crate::content::accessibility::Results>,
    /// Markdown rendered by earlier builds, by (text, root, inline).
    pub markdown: &'a MarkdownMemo,
    /// Item pages rendered by earlier builds.
    pub item_pages: &'a ItemPageMemo,
}

pub type MarkdownMemo = Memo<(String, String, bool), markdown::Rendered>;

/// Item pages by [`ActionItem::origin`], page-set prefix and [`Theme::id`]. An item page shows
/// only its item (with its charts and its own data files) and the plan's settings, all fixed by
/// the origin and the prefix; never another item.
pub type ItemPageMemo = Memo<(u64, String, u64), Arc<PageResult>>;

/// A rendered page with its chart count and warnings.
pub type PageResult = Result<(OutputFile, usize, Vec<Diagnostic>), Diagnostic>;
