//! 表記: 年度・和暦、日付、数値、XML の文字。どの層からも使う最下層で、ほかのモジュールを読み込まない。
//! Text helpers shared by every layer: fiscal years and 和暦, dates, numbers, XML escaping,
//! spreadsheet-safe CSV cells.
//! This is the ground floor: it imports nothing from the rest of the crate.

pub mod cell;
pub mod chars;
pub mod date;
pub mod escape;
pub mod fiscal_year;
pub mod number;
pub mod url;
