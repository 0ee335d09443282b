//! 描画段階: モデルをページ単位の表示用データに変換し、tera テンプレートで HTML にする。
//! Render phase: turn the model into per-page view data and render it with the theme's templates.
//! All links are relative (`root` is the way back to the site root from each page), so the site
//! works from file://, from any sub-folder and on any static server.
//!
//! | module | job |
//! |---|---|
//! | `set` | one page set (latest site or a yearly edition): [`PageSetView`], [`SetRenderer`] |
//! | `view` | view data shared by every page: site, links, navigation, breadcrumbs |
//! | `page` | one template rendered into an [`OutputFile`] |
//! | `pages/` | the pages: home and categories, departments, reports, changes, method, open data, item, misc |
//! | [`chart`], [`data`], [`search`], [`discover`] | charts, open data, search index, sitemap and feed |
//! | [`theme`], [`markdown`], `assets` | templates and static files, Markdown, copied assets |

mod assets;
pub mod chart;
pub mod data;
pub mod discover;
pub mod markdown;
mod page;
mod page_set;
mod pages;
pub mod search;
mod set;
pub mod theme;
mod view;

pub use crate::output::OutputFile;
pub use crate::render::theme::Theme;
pub use assets::collect_static;
pub use page_set::{ItemPageMemo, MarkdownMemo, PageResult, PageSetView};
pub use pages::item::charts::{item_charts, ChartMemo};
pub use set::SetRenderer;
