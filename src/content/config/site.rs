//! site.toml の [site] と [license]: 公開 URL、お知らせ、ロゴとリンク、ライセンス。
//! The published site's settings: base URL, notice, branding and links, licence.

use super::{RawLicense, RawLink, RawSiteSection};
use crate::content::check::Checker;
use crate::diag::codes;
use crate::diag::toml::nearest;
use crate::model::{Branding, License, SiteLink};
use crate::text::number::Negative;
use toml::Spanned;

/// The checked `[site]` section.
pub(super) struct Site {
    pub(super) base_url: Option<String>,
    pub(super) notice: Option<String>,
    pub(super) branding: Branding,
    pub(super) negative: Negative,
}

pub(super) fn site(raw: Option<RawSiteSection>, c: &mut Checker) -> Site {
    let branding = branding(raw.as_ref());
    let notice = raw
        .as_ref()
        .and_then(|s| s.notice.clone())
        .filter(|n| !n.trim().is_empty());
    let negative = raw
        .as_ref()
        .and_then(|s| s.negative.as_ref())
        .map_or(Negative::default(), |n| negative(n, c));
    let base_url = raw.and_then(|s| s.base_url).and_then(|u| base_url(u, c));
    Site {
        base_url,
        notice,
        branding,
        negative,
    }
}

/// The style of negative numbers; an unknown name is an error (and the default is used, so
/// that the other problems of the file are still reported).
fn negative(name: &Spanned<String>, c: &mut Checker) -> Negative {
    let written = name.get_ref().trim();
    if let Some(style) = Negative::from_name(written) {
        return style;
    }
    let names: Vec<String> = Negative::NAMES.iter().map(|n| n.to_string()).collect();
    let hint = match nearest(written, &names) {
        Some(best) => format!("`{best}` の誤りではありませんか？ "),
        None => String::new(),
    };
    c.error(
        codes::E020,
        name.span(),
        format!("negative に使えない値 `{written}` です (unknown value)"),
        format!("{hint}使えるもの: minus（-80,800、既定）, triangle（▲80,800）"),
    );
    Negative::default()
}

fn branding(raw: Option<&RawSiteSection>) -> Branding {
    let links = |f: fn(&RawSiteSection) -> &Vec<RawLink>| {
        raw.map(|s| {
            f(s).iter()
                .map(|l| SiteLink {
                    title: l.title.clone(),
                    url: l.url.clone(),
                })
                .collect()
        })
        .unwrap_or_default()
    };
    Branding {
        logo: raw
            .and_then(|s| s.logo.clone())
            .map(|l| l.trim_start_matches('/').to_string()),
        logo_alt: raw.and_then(|s| s.logo_alt.clone()),
        favicon: raw
            .and_then(|s| s.favicon.clone())
            .map(|l| l.trim_start_matches('/').to_string()),
        header_links: links(|s| &s.header_links),
        footer_links: links(|s| &s.footer_links),
    }
}

/// An absolute http(s) URL ending in `/`; `None` when empty (no base URL) or invalid.
fn base_url(u: Spanned<String>, c: &mut Checker) -> Option<String> {
    let v = u.get_ref().trim().to_string();
    if v.is_empty() {
        None
    } else if !(v.starts_with("https://") || v.starts_with("http://")) {
        c.error(
            codes::E104,
            u.span(),
            format!("base_url「{v}」は http:// または https:// で始まる絶対 URL にしてください"),
            "使わない場合は base_url の行を削除します。",
        );
        None
    } else {
        Some(if v.ends_with('/') { v } else { format!("{v}/") })
    }
}

pub(super) fn license(raw: Option<RawLicense>) -> License {
    raw.map(|l| License {
        name: l.name,
        url: l.url,
    })
    .unwrap_or_default()
}
