//! 本文のリンク切れの検査。 / Checks that every link in an item's Markdown that points inside
//! the site (a page or a file under assets/) leads to a file the build actually writes.
//!
//! Links are resolved as the published item page sees them: site-absolute paths (`/assets/x.png`)
//! from the site root, relative ones (`2-1-1.html`, `../index.html`) from `items/`.

use crate::diag::codes;
use crate::diag::{Diagnostic, Position};
use crate::model::{ActionItem, Plan};
use pulldown_cmark::{Event, Options, Parser, Tag};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// One error (E135) per link whose target is not among `outputs` (paths inside the site).
pub fn check(plan: &Plan, outputs: &BTreeSet<&str>) -> Vec<Diagnostic> {
    let mut errors: Vec<Diagnostic> = plan
        .items
        .par_iter()
        .flat_map_iter(|item| check_item(item, outputs))
        .collect();
    crate::diag::sort(&mut errors);
    errors
}

fn check_item(item: &ActionItem, outputs: &BTreeSet<&str>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut check_text = |text: &str, start: Option<Position>| {
        // Cheap pre-filter: without these there is no Markdown link or image to follow.
        if !text.contains("](") && !text.contains("]:") && !text.contains('<') {
            return;
        }
        for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
            let dest = match event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
                _ => continue,
            };
            let Some(target) = site_path(&dest) else {
                continue;
            };
            if outputs.contains(target.as_str()) {
                continue;
            }
            let pos = match start {
                Some(start) => start.advance(&text[..range.start]),
                None => item.id_position,
            };
            errors.push(
                Diagnostic::error(
                    codes::E135,
                    &item.source,
                    pos,
                    format!("リンク先「{dest}」がありません（サイト内の {target} を探しました）"),
                )
                .with_help("ページのパス（例 /items/2-1-1.html）や、assets/ に置いたファイル名（例 /assets/図.png）を確かめてください。"),
            );
        }
    };
    check_text(&item.body, Some(item.body_position));
    for text in item
        .common_goal
        .iter()
        .chain(item.years.iter().flat_map(|y| y.goal.iter()))
        .chain(item.years.iter().flat_map(|y| {
            y.result
                .iter()
                .flat_map(|r| [&r.achievements, &r.challenges, &r.council_comment])
                .flatten()
        }))
    {
        check_text(text, None);
    }
    errors
}

/// The path inside the site a link points at, seen from `items/<id>.html`; `None` for links
/// that leave the site (a scheme such as https: or mailto:) or only jump within the page.
fn site_path(dest: &str) -> Option<String> {
    let dest = dest.trim();
    let path = dest.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || dest.starts_with("//") {
        return None;
    }
    if let Some((scheme, _)) = path.split_once(':') {
        if !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        {
            return None;
        }
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut parts: Vec<&str> = if decoded.starts_with('/') {
        Vec::new()
    } else {
        vec!["items"]
    };
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if joined.is_empty() || decoded.ends_with('/') {
        joined = if joined.is_empty() {
            "index.html".into()
        } else {
            format!("{joined}/index.html")
        };
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_the_published_item_page() {
        assert_eq!(site_path("2-1-1.html").as_deref(), Some("items/2-1-1.html"));
        assert_eq!(
            site_path("../index.html#top").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            site_path("/assets/%E5%9B%B3.png").as_deref(),
            Some("assets/図.png")
        );
        assert_eq!(
            site_path("/departments/").as_deref(),
            Some("departments/index.html")
        );
        assert_eq!(site_path("https://example.jp/x"), None);
        assert_eq!(site_path("mailto:a@example.jp"), None);
        assert_eq!(site_path("#schedule"), None);
        assert_eq!(site_path("//cdn.example.jp/x.js"), None);
    }
}
