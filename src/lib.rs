//! shinchoku（進捗）: 行政改革大綱 実施計画の進捗状況サイトを生成するライブラリ。
//!
//! The modules, in pipeline order (data flows down this list; a module imports only the ones
//! above it, see docs/development.md):
//!
//! | module | its one job |
//! |---|---|
//! | [`text`] | 年度・和暦, dates, numbers, escaping: plain helpers every layer uses |
//! | [`words`] | the catalogue of fixed words (ja, en) that site.toml may override |
//! | [`diag`] | diagnostics as values, their codes, TOML errors, the terminal printer |
//! | [`memo`] | results of pure functions kept between builds (for `serve`) |
//! | [`model`] | the validated plan: categories, sections, items, indicators |
//! | [`content`] | content files → model: reading, site.toml, item files, loading |
//! | [`progress`] | computed progress: 達成率, 総括表, changes, sentences |
//! | [`output`] | output files and where they go: sinks, staging, the output guard |
//! | [`render`] | pages, charts, open data, search index, sitemap and feed |
//! | [`verify`] | what is about to be published agrees with the model, its published record and itself |
//! | [`pipeline`] | the build: its phases as named steps, editions, the per-item step, the cache |
//! | [`serve`], [`survey`], [`publish`], [`init`] | the commands besides `build`: preview, yearly survey, publishing an edition, scaffold |

pub mod text;
pub mod words;

pub mod diag;
pub mod memo;

pub mod model;

pub mod content;
pub mod progress;

pub mod output;
pub mod render;
pub mod verify;

pub mod pipeline;

pub mod init;
pub mod publish;
pub mod serve;
pub mod survey;
