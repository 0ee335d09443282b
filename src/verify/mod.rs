//! 検査: 公開するファイルがモデルと一致し、リンクがサイト内のファイルを指していることを確かめる。
//! Verification of what is about to be published: links inside the site lead to files the build
//! writes. (The numbers check of pages, charts and data files lives in [`crate::render::data`].)

pub mod accessibility;
pub mod links;
pub mod record;
pub mod returns;
