//! Markdown → HTML。生の HTML は表示せず文字として出す（安全のため）。
//! Markdown rendering. Raw HTML is shown as text, never passed through, and `javascript:` style
//! links are dropped, so content can never inject markup or script into the site.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

#[derive(Clone)]
pub struct Rendered {
    pub html: String,
    /// (byte offset in the Markdown, message) for each thing that was neutralised.
    pub problems: Vec<(usize, String)>,
}

/// Renders Markdown for a page whose path back to the site root is `root` ("", "../", …).
/// Links and images written as site-absolute paths ("/assets/x.png") become relative to the page,
/// so the site works from any sub-folder and from file://. Headings start at h2 because every
/// page already has its own h1.
pub fn render(markdown: &str, root: &str) -> Rendered {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut problems = Vec::new();
    let events: Vec<Event> = Parser::new_ext(markdown, options)
        .into_offset_iter()
        .map(|(event, range)| match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                problems.push((
                    range.start,
                    "HTML タグは使えないため文字としてそのまま表示します (raw HTML is shown as text)".to_string(),
                ));
                Event::Text(html)
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => Event::Start(Tag::Heading {
                level: level.max(HeadingLevel::H2),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(level.max(HeadingLevel::H2))),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = rewrite_url(dest_url, root, range.start, &mut problems);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = rewrite_url(dest_url, root, range.start, &mut problems);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            other => other,
        })
        .collect();
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered { html, problems }
}

fn rewrite_url<'a>(
    url: CowStr<'a>,
    root: &str,
    offset: usize,
    problems: &mut Vec<(usize, String)>,
) -> CowStr<'a> {
    if !crate::text::url::is_safe_link(&url) {
        problems.push((
            offset,
            format!("安全でないリンク「{url}」を削除しました (unsafe link removed)"),
        ));
        return CowStr::Borrowed("#");
    }
    match url.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => {
            CowStr::Boxed(format!("{root}{rest}").into_boxed_str())
        }
        _ => url,
    }
}

/// Renders a short Markdown fragment (a table cell); a single paragraph loses its `<p>`.
pub fn render_inline(markdown: &str, root: &str) -> Rendered {
    let mut r = render(markdown, root);
    let trimmed = r.html.trim();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        if !inner.contains("<p>") {
            r.html = inner.to_string();
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_and_script_links_are_neutralised() {
        let r = render(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=\"x\">b</b>",
            "",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<b "), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert_eq!(r.problems.len(), 4);
    }

    #[test]
    fn site_absolute_links_become_relative_and_headings_start_at_h2() {
        let r = render(
            "# 見出し\n\n![紋章](/assets/emblem.png) [外部](https://example.jp/)",
            "../",
        );
        assert!(r.html.contains("<h2>見出し</h2>"), "{}", r.html);
        assert!(
            r.html.contains("src=\"../assets/emblem.png\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"https://example.jp/\""));
    }

    #[test]
    fn inline_fragment_drops_single_paragraph() {
        assert_eq!(render_inline("HPを充実する。", "").html, "HPを充実する。");
        assert!(render_inline("- a\n- b", "").html.contains("<ul>"));
    }
}

/// The text of Markdown without its markup and headings, for a page description: paragraphs and
/// list items joined by a space, cut to `max` characters (with 「…」 when cut).
pub fn plain_text(markdown: &str, max: usize) -> String {
    let mut out = String::new();
    let mut in_heading = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if !in_heading => out.push_str(&t),
            Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::SoftBreak | Event::HardBreak
                if !out.ends_with(' ') && !out.is_empty() =>
            {
                out.push(' ')
            }
            _ => {}
        }
    }
    cut(out.trim(), max)
}

/// What separates the blocks and list items of a Markdown text in a CSV cell (docs/opendata.md).
pub const CELL_SEPARATOR: &str = "／";

/// A Markdown text as one CSV cell: the plain text with no Markdown syntax and no line feeds,
/// its paragraphs, headings and list items joined by [`CELL_SEPARATOR`] (1セル1データ: a cell
/// is not laid out with line breaks). A line broken inside a paragraph is joined with a space
/// after ASCII, with nothing after Japanese.
pub fn plain_cell(markdown: &str) -> String {
    let mut out = String::new();
    let separate = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(CELL_SEPARATOR) {
            out.push_str(CELL_SEPARATOR);
        }
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                let mut lines = t.lines().map(str::trim).filter(|l| !l.is_empty());
                if let Some(first) = lines.next() {
                    out.push_str(first);
                }
                for line in lines {
                    separate(&mut out);
                    out.push_str(line);
                }
            }
            Event::SoftBreak if out.ends_with(|c: char| c.is_ascii_alphanumeric()) => out.push(' '),
            Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) => separate(&mut out),
            _ => {}
        }
    }
    out.trim_end_matches(CELL_SEPARATOR).trim().to_string()
}

/// `text` cut to `max` characters, marked with 「…」 when cut.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod plain_text_tests {
    use super::*;

    #[test]
    fn headings_and_markup_are_left_out() {
        let md = "## 現状と課題\n\n- **窓口**の混雑\n- 待ち時間\n\n詳しくは[こちら](x.html)。";
        assert_eq!(plain_text(md, 100), "窓口の混雑 待ち時間 詳しくはこちら。");
        assert_eq!(plain_text(md, 5), "窓口の混雑…");
    }
}

#[cfg(test)]
mod plain_cell_tests {
    use super::*;

    #[test]
    fn one_line_without_markup_items_joined() {
        let md = "## 目標\n\n- **窓口**の混雑\n- 待ち時間の\n  短縮\n\n詳しくは[こちら](x.html)。\nsee\nthis";
        assert_eq!(
            plain_cell(md),
            "目標／窓口の混雑／待ち時間の短縮／詳しくはこちら。see this"
        );
        assert_eq!(plain_cell("- a\n- b\n"), "a／b");
        assert_eq!(plain_cell("HPを充実する。"), "HPを充実する。");
        assert_eq!(plain_cell(""), "");
    }
}
