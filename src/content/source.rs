//! 入力ファイルの読み込み: 文字コードの判定とフロントマターの分離。
//! Reading input files: encoding checks and splitting TOML front matter from the Markdown body.

use crate::diag::codes;
use crate::diag::{Diagnostic, LineIndex, Position};
use std::path::{Path, PathBuf};

/// A text file of the content folder, decoded to UTF-8 with any BOM removed.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path as shown to the user (relative to the working directory where possible).
    pub path: PathBuf,
    pub text: String,
}

impl SourceFile {
    pub fn position(&self, offset: usize) -> Position {
        LineIndex::new(&self.text).position(offset)
    }
}

/// What tells whether a file changed without reading it: its device, inode, size, and the
/// times of its last change of content and of its inode (nanoseconds). Every write changes the
/// inode's change time, which no program can set back, so an equal stamp means an equal file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp([i64; 5]);

impl Stamp {
    /// The stamp of the file at `path` (links followed), where the platform gives one.
    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
        let (dev, ino, len) = (m.dev() as i64, m.ino() as i64, m.len() as i64);
        let modified = m.mtime() * 1_000_000_000 + m.mtime_nsec();
        let changed = m.ctime() * 1_000_000_000 + m.ctime_nsec();
        Some(Stamp([dev, ino, len, modified, changed]))
    }

    #[cfg(not(unix))]
    pub fn of(_path: &Path) -> Option<Stamp> {
        None
    }
}

/// The largest content file read (2 MiB). An item is a few kilobytes; anything near this size is
/// a mistake (a pasted document, a wrong file) and would slow every build and page.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Reads and decodes one file. Only a regular file is read (a FIFO would block for ever,
/// `/dev/zero` never ends), and never more than [`MAX_FILE_BYTES`], even if it grows while being
/// read. Anything that is not UTF-8 text is an error that names the likely encoding and how to
/// re-save the file; nothing is guessed silently.
pub fn read(path: &Path, display: &Path) -> Result<SourceFile, Diagnostic> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| {
        Diagnostic::error(
            codes::E001,
            display,
            Position::START,
            format!("ファイルを読み込めません: {e}"),
        )
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(not_regular(display, &meta));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(display, meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(display, bytes.len() as u64));
    }
    decode(display, &bytes).map(|text| SourceFile {
        path: display.to_path_buf(),
        text,
    })
}

fn too_large(display: &Path, size: u64) -> Diagnostic {
    Diagnostic::error(
        codes::E006,
        display,
        Position::START,
        format!(
            "ファイルが大きすぎます（{:.1} MB。上限は {} MB） (file too large)",
            size as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ),
    )
    .with_help("取組項目のファイルは通常数 KB です。別の文書を貼り付けていないか確かめてください。画像や資料は assets/ に置いてリンクします。")
}

/// A FIFO, a device, a socket or a folder where a content file should be (E171).
fn not_regular(display: &Path, meta: &std::fs::Metadata) -> Diagnostic {
    let kind = file_kind(meta.file_type());
    Diagnostic::error(
        codes::E171,
        display,
        Position::START,
        format!("通常のファイルではないため読み込みません: {kind}"),
    )
    .with_help("content/ には site.toml と items/*.md を普通のファイルとして置いてください。")
}

fn file_kind(t: std::fs::FileType) -> &'static str {
    if t.is_dir() {
        return "フォルダー (a folder)";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "名前付きパイプ (a FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "デバイス (a device)";
        }
        if t.is_socket() {
            return "ソケット (a socket)";
        }
    }
    "通常のファイルではないもの (not a regular file)"
}

pub fn decode(display: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let resave =
        "メモ帳などで開き「名前を付けて保存」で文字コード「UTF-8」を選んで保存し直してください。";
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Diagnostic::error(
            codes::E002,
            display,
            Position::START,
            "ファイルが空です (the file is empty)",
        )
        .with_help("不要なファイルなら削除し、必要なら内容を書いてください。"));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Diagnostic::error(
            codes::E003,
            display,
            Position::START,
            "文字コードが UTF-16 です。UTF-8 で保存してください (file is UTF-16, not UTF-8)",
        )
        .with_help(resave));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            if let Some(nul) = text.find('\0') {
                let pos = LineIndex::new(text).position(nul);
                return Err(binary_error(display, pos));
            }
            Ok(nfc(text))
        }
        Err(err) => {
            let valid = err.valid_up_to();
            // The valid prefix is UTF-8, so the position of the first bad byte is exact.
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let pos = LineIndex::new(prefix).position(valid);
            if bytes.contains(&0) {
                return Err(binary_error(display, pos));
            }
            let likely = likely_encoding(bytes);
            Err(Diagnostic::error(
                codes::E003,
                display,
                pos,
                match likely {
                    Some(name) => format!(
                        "文字コードが UTF-8 ではありません（{name} と思われます） (not UTF-8; looks like {name})"
                    ),
                    None => "文字コードが UTF-8 ではありません (not valid UTF-8)".to_string(),
                },
            )
            .with_help(resave))
        }
    }
}

/// The text in Unicode NFC, so that an id, a name or a code typed in decomposed form (NFD, as
/// some Mac editors save) is the same string as the composed one everywhere: compared, looked
/// up and published. Lines are unchanged; a column counts composed characters.
fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if unicode_normalization::is_nfc(text) {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

fn binary_error(display: &Path, pos: Position) -> Diagnostic {
    Diagnostic::error(
        codes::E004,
        display,
        pos,
        "テキストではないファイル（バイナリ）です (binary file)",
    )
    .with_help("content/ には .md と site.toml だけを置いてください。画像は assets/ に置きます。")
}

/// Names the Japanese legacy encoding that decodes the bytes without errors, if any.
fn likely_encoding(bytes: &[u8]) -> Option<&'static str> {
    use encoding_rs::{EUC_JP, SHIFT_JIS};
    if SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some()
    {
        Some("Shift_JIS")
    } else if EUC_JP
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some()
    {
        Some("EUC-JP")
    } else {
        None
    }
}

/// The two parts of an item file. Offsets are byte offsets into the whole file's text so that
/// positions reported for either part point into the file as the user sees it.
#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    pub toml: &'a str,
    pub toml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Splits `+++`-delimited TOML front matter from the body. Delimiter lines may carry trailing
/// spaces (ASCII or full-width) and CRLF endings, as Windows editors save them.
pub fn split_front_matter<'a>(file: &Path, text: &'a str) -> Result<FrontMatter<'a>, Diagnostic> {
    let mut lines = lines_with_offsets(text);
    let opening = loop {
        match lines.next() {
            Some((_, line)) if is_blank(line) => continue,
            Some((offset, line)) => break Some((offset, line)),
            None => break None,
        }
    };
    let Some((open_offset, open_line)) = opening else {
        return Err(Diagnostic::error(
            codes::E002,
            file,
            Position::START,
            "ファイルが空です (the file is empty)",
        ));
    };
    let pos = LineIndex::new(text).position(open_offset);
    if !is_delimiter(open_line) {
        return Err(Diagnostic::error(
            codes::E010,
            file,
            pos,
            "フロントマターがありません。ファイルの 1 行目は `+++` にしてください (missing front matter)",
        )
        .with_help("先頭に `+++` の行、続けて id や title などの設定、もう一度 `+++` の行、その後に本文を書きます。docs/content-format.md を参照してください。"));
    }
    let toml_offset = open_offset + open_line.len();
    for (offset, line) in lines {
        if is_delimiter(line) {
            let body_offset = offset + line.len();
            return Ok(FrontMatter {
                toml: &text[toml_offset..offset],
                toml_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
    }
    Err(Diagnostic::error(
        codes::E011,
        file,
        pos,
        "フロントマターが閉じていません。設定の終わりに `+++` の行を入れてください (unterminated front matter)",
    ))
}

/// Replaces full-width spaces (U+3000) that stand where TOML expects whitespace — around keys,
/// `=` and values, as typed with a Japanese input method — by three ASCII spaces. A full-width
/// space is three bytes in UTF-8, so every byte offset (and thus every reported line and column)
/// stays the same. Spaces inside strings and comments are content and are kept.
pub fn normalize_wide_spaces(toml: &str) -> std::borrow::Cow<'_, str> {
    if !toml.contains('\u{3000}') {
        return std::borrow::Cow::Borrowed(toml);
    }
    #[derive(PartialEq)]
    enum State {
        Code,
        Comment,
        Basic,
        Literal,
        MultiBasic,
        MultiLiteral,
    }
    let mut out = String::with_capacity(toml.len());
    let mut state = State::Code;
    let mut rest = toml;
    while let Some(c) = rest.chars().next() {
        let mut step = c.len_utf8();
        match state {
            State::Code => match c {
                '\u{3000}' => {
                    out.push_str("   ");
                    rest = &rest[step..];
                    continue;
                }
                '#' => state = State::Comment,
                '"' if rest.starts_with("\"\"\"") => {
                    state = State::MultiBasic;
                    step = 3;
                }
                '\'' if rest.starts_with("'''") => {
                    state = State::MultiLiteral;
                    step = 3;
                }
                '"' => state = State::Basic,
                '\'' => state = State::Literal,
                _ => {}
            },
            State::Comment if c == '\n' => state = State::Code,
            State::Basic | State::MultiBasic if c == '\\' => {
                // An escape: copy the backslash and the escaped character together.
                step += rest[1..].chars().next().map_or(0, char::len_utf8);
            }
            State::Basic if c == '"' || c == '\n' => state = State::Code,
            State::Literal if c == '\'' || c == '\n' => state = State::Code,
            State::MultiBasic if rest.starts_with("\"\"\"") => {
                state = State::Code;
                step = 3;
            }
            State::MultiLiteral if rest.starts_with("'''") => {
                state = State::Code;
                step = 3;
            }
            _ => {}
        }
        out.push_str(&rest[..step]);
        rest = &rest[step..];
    }
    std::borrow::Cow::Owned(out)
}

/// Lines including their terminator, with the byte offset where each starts.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    })
}

fn trim_wide(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{FEFF}')
}

fn is_blank(line: &str) -> bool {
    trim_wide(line).is_empty()
}

fn is_delimiter(line: &str) -> bool {
    trim_wide(line) == "+++"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_crlf_and_trailing_spaces() {
        let text = "+++  \r\nid = \"1\"\r\n+++\u{3000}\r\nbody\r\n";
        let fm = split_front_matter(Path::new("a.md"), text).unwrap();
        assert_eq!(fm.toml, "id = \"1\"\r\n");
        assert_eq!(fm.body, "body\r\n");
        assert_eq!(&text[fm.toml_offset..fm.toml_offset + 2], "id");
    }

    #[test]
    fn wide_spaces_outside_strings_become_ascii() {
        let toml = "title\u{3000}=\u{3000}\"情報\u{3000}提供\"\u{3000}# 注\u{3000}記\nx = '''a\u{3000}b'''\u{3000}\n";
        let n = normalize_wide_spaces(toml);
        assert_eq!(n.len(), toml.len(), "byte offsets are kept");
        assert_eq!(
            n,
            "title   =   \"情報\u{3000}提供\"   # 注\u{3000}記\nx = '''a\u{3000}b'''   \n"
        );
        assert!(matches!(
            normalize_wide_spaces("a = 1"),
            std::borrow::Cow::Borrowed(_)
        ));
        // Escaped quotes do not end a string.
        assert_eq!(
            normalize_wide_spaces("a = \"\\\"\u{3000}\""),
            "a = \"\\\"\u{3000}\""
        );
    }

    #[test]
    fn missing_and_unterminated() {
        let e = split_front_matter(Path::new("a.md"), "# title\n").unwrap_err();
        assert_eq!(e.code, "E010");
        let e = split_front_matter(Path::new("a.md"), "\n+++\nid = 1\n").unwrap_err();
        assert_eq!((e.code, e.line), ("E011", 2));
    }

    #[test]
    fn decodes_bom_and_rejects_shift_jis() {
        let p = Path::new("a.md");
        assert_eq!(decode(p, b"\xEF\xBB\xBF+++\n").unwrap(), "+++\n");
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("+++\ntitle = \"情報\"\n");
        let e = decode(p, &sjis).unwrap_err();
        assert_eq!(e.code, "E003");
        assert!(e.message.contains("Shift_JIS"), "{}", e.message);
        assert_eq!((e.line, e.col), (2, 10));
        assert_eq!(decode(p, b"").unwrap_err().code, "E002");
        assert_eq!(
            decode(p, b"\x89PNG\r\n\x1a\n\0\0").unwrap_err().code,
            "E004"
        );
    }
}
