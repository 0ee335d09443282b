//! 入力: content/ のファイルを読み、検証して [`crate::model::Plan`] にする。
//! Content: read the files of `content/` (encoding, front matter), parse and validate
//! `site.toml` and every item file, and assemble the validated model. Nothing here renders.

pub mod accessibility;
mod check;
pub mod config;
pub mod item;
mod item_memo;
pub mod journal;
pub mod load;
pub mod record;
pub mod source;
mod syntax;
