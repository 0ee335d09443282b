//! shinchoku（進捗）: 行政改革大綱 実施計画の進捗状況サイトを生成するライブラリ。
//!
//! Data flows one way through these modules:
//! content files ([`load`], [`source`], [`config`], [`item`]) → validated [`model`] →
//! computed [`progress`] → rendered pages ([`render`], [`markdown`], [`chart`]) →
//! atomic write ([`output`]). [`build`] runs the phases in order and times them; [`serve`]
//! previews the site from memory and rebuilds it when files change.

pub mod accessibility;
pub mod build;
pub mod chart;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod explain;
pub mod fiscal_year;
pub mod init;
pub mod item;
pub mod links;
pub mod load;
pub mod markdown;
pub mod memo;
pub mod model;
pub mod opendata;
pub mod output;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod source;
pub mod survey;
pub mod theme;
pub mod toml_error;
