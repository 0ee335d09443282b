//! site.toml の [site] と [license]: 公開 URL、お知らせ、ロゴとリンク、ライセンス。
//! The published site's settings: base URL, notice, branding and links, licence.

use super::{RawLicense, RawLink, RawSiteSection};
use crate::content::check::{choice, require_text, Checker};
use crate::diag::codes;
use crate::model::{AssetRef, Branding, License, SiteLink};
use crate::text::number::Negative;
use toml::Spanned;

/// The checked `[site]` section.
pub(super) struct Site {
    pub(super) base_url: Option<String>,
    pub(super) notice: Option<String>,
    pub(super) branding: Branding,
    pub(super) show_unreported_by_department: bool,
    pub(super) negative: Negative,
}

pub(super) fn site(raw: Option<RawSiteSection>, c: &mut Checker) -> Site {
    let branding = branding(raw.as_ref(), c);
    let notice = raw
        .as_ref()
        .and_then(|s| s.notice.clone())
        .filter(|n| !n.trim().is_empty());
    let show_unreported_by_department = raw
        .as_ref()
        .is_some_and(|s| s.show_unreported_by_department);
    let negative = raw
        .as_ref()
        .and_then(|s| s.negative.as_ref())
        .map_or(Negative::default(), |n| negative(n, c));
    let base_url = raw.and_then(|s| s.base_url).and_then(|u| base_url(u, c));
    Site {
        base_url,
        notice,
        branding,
        show_unreported_by_department,
        negative,
    }
}

/// The style of negative numbers; an unknown name is an error (and the default is used, so
/// that the other problems of the file are still reported).
fn negative(name: &Spanned<String>, c: &mut Checker) -> Negative {
    let allowed = "minus（-80,800、既定）, triangle（▲80,800）";
    let choices = (&Negative::NAMES[..], Negative::from_name);
    choice(("negative", name), choices, allowed, c).unwrap_or_default()
}

fn branding(raw: Option<&RawSiteSection>, c: &mut Checker) -> Branding {
    let links = |list: Option<&Vec<RawLink>>, c: &mut Checker| -> Vec<SiteLink> {
        list.into_iter()
            .flatten()
            .map(|l| {
                require_text(&l.title, "リンクの title", c);
                SiteLink {
                    title: l.title.get_ref().trim().to_string(),
                    url: link_url(&l.url, c),
                }
            })
            .collect()
    };
    let header_links = links(raw.map(|s| &s.header_links), c);
    let footer_links = links(raw.map(|s| &s.footer_links), c);
    let logo = raw
        .and_then(|s| s.logo.as_ref())
        .map(|l| asset(l, "logo", c));
    let favicon = raw
        .and_then(|s| s.favicon.as_ref())
        .map(|l| asset(l, "favicon", c));
    Branding {
        assets: [("logo", &logo), ("favicon", &favicon)]
            .into_iter()
            .filter_map(|(key, a)| a.as_ref().map(|a| (key, a.clone())))
            .map(|(key, (path, span))| AssetRef {
                key,
                path,
                at: c.pos(span),
            })
            .collect(),
        logo: logo.map(|(path, _)| path),
        logo_alt: raw.and_then(|s| s.logo_alt.clone()),
        favicon: favicon.map(|(path, _)| path),
        header_links,
        footer_links,
    }
}

/// A link of the header, the footer or the licence: http, https, mailto, tel or a path inside
/// the site, by the rule body links follow (`text::url`); anything else is an error (E173),
/// never a live `javascript:` link on every page.
fn link_url(url: &Spanned<String>, c: &mut Checker) -> String {
    let v = url.get_ref().trim();
    if !crate::text::url::is_safe_link(v) {
        c.error(
            codes::E173,
            url.span(),
            format!("リンク「{v}」は使えません。http:// か https:// で始まる URL（または mailto:・tel:、サイト内のパス）にしてください (unsafe link)"),
            "javascript: や data: などのリンクは、開いた人のブラウザーでプログラムを動かせるため使えません。",
        );
    }
    v.to_string()
}

/// An image of the site (logo, favicon): a path inside assets/, site-absolute or not
/// (`assets/emblem.png`, `/assets/emblem.png`), without `..` (E174). Whether the file exists
/// is checked by the build, which knows the assets folder (`pipeline`).
fn asset(path: &Spanned<String>, key: &str, c: &mut Checker) -> (String, std::ops::Range<usize>) {
    let v = path.get_ref().trim();
    let rel = v.trim_start_matches('/');
    let inside = rel.strip_prefix("assets/").is_some_and(|rest| {
        !rest.is_empty()
            && !rel.contains('\\')
            && rest
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..")
    });
    if !inside {
        c.error(
            codes::E174,
            path.span(),
            format!("{key}「{v}」は assets/ の中のファイルにしてください (image path outside assets/)"),
            format!("画像を assets/ フォルダーに置き、`{key} = \"assets/emblem.png\"` のように書きます。"),
        );
    }
    (rel.to_string(), path.span())
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

/// The licence of the data; without `[license]`, PDL1.0 (its name from `site.license_default`).
pub(super) fn license(
    raw: Option<RawLicense>,
    words: &crate::words::Words,
    c: &mut Checker,
) -> License {
    raw.map(|l| {
        require_text(&l.name, "license.name（ライセンスの名前）", c);
        License {
            name: l.name.get_ref().trim().to_string(),
            url: link_url(&l.url, c),
        }
    })
    .unwrap_or_else(|| License {
        name: words.get("site.license_default").into(),
        ..License::default()
    })
}
