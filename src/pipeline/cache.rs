//! What a long-running process (`serve`) keeps between builds to rebuild faster.

use crate::diag::Diagnostic;
use crate::memo::Memo;
use crate::render::{self, data};

/// What a long-running process (`serve`) keeps between builds to rebuild faster: parsed items,
/// compiled templates, rendered pages, item data, charts and search grams. Everything in it is
/// looked up by its complete input, or by what fixes that input (an item's
/// [`origin`](crate::model::ActionItem::origin): site.toml, path and text), so a cached build gives
/// exactly the same files and diagnostics as a fresh one (`tests/build.rs` checks it after many
/// kinds of edit). The default keeps nothing.
#[derive(Default)]
pub struct BuildCache {
    pub(super) items: crate::content::load::ItemMemo,
    pub(super) templates: render::theme::TemplateCache,
    pub(super) charts: render::ChartMemo,
    pub(super) grams: render::search::GramMemo,
    pub(super) markdown: render::MarkdownMemo,
    pub(super) item_data: data::ItemDataMemo,
    pub(super) item_pages: render::ItemPageMemo,
    pub(super) workbooks: data::workbook::WorkbookMemo,
    /// The check of each item page against the model, keyed as the pages are.
    pub(super) page_checks: Memo<(u64, String, u64), Vec<Diagnostic>>,
}

impl BuildCache {
    pub fn enabled() -> Self {
        BuildCache {
            items: crate::content::load::ItemMemo::enabled(),
            templates: render::theme::TemplateCache::enabled(),
            charts: Memo::enabled(),
            grams: render::search::GramMemo::enabled(),
            markdown: Memo::enabled(),
            item_data: Memo::enabled(),
            item_pages: Memo::enabled(),
            workbooks: Memo::enabled(),
            page_checks: Memo::enabled(),
        }
    }

    /// Ends the build in the memos the pipeline uses: what it did not use is dropped at the end
    /// of the next one. (Loading ends the items' build, the search index the grams', and the
    /// theme its templates'.)
    pub(super) fn end_build(&self) {
        self.charts.end_build();
        self.markdown.end_build();
        self.item_data.end_build();
        self.item_pages.end_build();
        self.workbooks.end_build();
        self.page_checks.end_build();
    }
}
