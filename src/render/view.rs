//! View data shared by every page: the site header and footer, links, breadcrumbs, the site
//! navigation and item links. Everything a template prints is computed in Rust; templates only
//! lay it out.
//!
//! All links are relative. `root` leads back to the site root (CSS, assets, site-wide pages);
//! `base` leads to the root of the current page set (the latest site or one yearly report
//! edition).

use crate::model::Plan;
use crate::render::data::Distribution;
use crate::words::Words;
use serde::Serialize;

/// 「80,800千円」: an amount in thousands of yen (`site.thousand_yen`).
pub(crate) fn thousand_yen(w: &Words, amount: &str) -> String {
    w.fill("site.thousand_yen", &[("amount", amount)])
}

/// The way back to the site root from the file at `path` (one `../` per folder).
pub(crate) fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    /// `<html lang>`: the site's language.
    lang: &'static str,
    /// `og:locale`.
    og_locale: &'static str,
    /// The catalogue, given to every template as `words` (not part of `site`).
    #[serde(skip)]
    pub(crate) words: crate::render::theme::SharedWords,
    city_name: &'a str,
    /// [`Plan::site_name`], in the header and wherever the site names itself.
    name: String,
    city_code: &'a str,
    plan_title: &'a str,
    period: String,
    license_name: &'a str,
    license_url: &'a str,
    notice: Option<&'a str>,
    logo: Option<&'a str>,
    logo_alt: &'a str,
    /// The favicon's path inside the site and its MIME type.
    favicon: &'a str,
    favicon_type: &'static str,
    /// Whether feed.xml is written (it needs base_url), for `<link rel="alternate">`.
    feed: bool,
    header_links: Vec<SiteLinkView>,
    footer_links: Vec<SiteLinkView>,
    /// The plan's latest revision, 「令和3年4月（改訂1版）」 (the 時点 of a plan-only site).
    plan_revision: Option<String>,
}

impl<'a> SiteView<'a> {
    pub(crate) fn new(plan: &'a Plan) -> Self {
        let years = plan.years;
        SiteView {
            lang: plan.language.code(),
            og_locale: match plan.language {
                crate::words::Language::Ja => "ja_JP",
                crate::words::Language::En => "en_US",
            },
            words: crate::render::theme::SharedWords::new(&plan.words),
            city_name: &plan.city.name,
            name: plan.site_name(),
            city_code: &plan.city.code,
            plan_title: &plan.title,
            period: plan.words.fill(
                "site.period",
                &[
                    ("from", &years.label(plan.first_year)),
                    ("to", &years.label(plan.last_year)),
                ],
            ),
            license_name: &plan.license.name,
            license_url: &plan.license.url,
            notice: plan.notice.as_deref(),
            logo: plan.branding.logo.as_deref(),
            logo_alt: plan.branding.logo_alt.as_deref().unwrap_or(&plan.city.name),
            favicon: plan.branding.favicon.as_deref().unwrap_or(DEFAULT_FAVICON),
            favicon_type: icon_type(plan.branding.favicon.as_deref().unwrap_or(DEFAULT_FAVICON)),
            feed: plan.base_url.is_some(),
            header_links: plan
                .branding
                .header_links
                .iter()
                .map(SiteLinkView::from)
                .collect(),
            footer_links: plan
                .branding
                .footer_links
                .iter()
                .map(SiteLinkView::from)
                .collect(),
            plan_revision: plan.revisions.last().map(|r| {
                let when = r.shown(years);
                plan.words
                    .fill("site.revision", &[("date", &when), ("edition", &r.edition)])
            }),
        }
    }
}

/// The theme's own favicon (themes/default/static/favicon.svg).
const DEFAULT_FAVICON: &str = "favicon.svg";

/// The MIME type browsers need to pick an icon, from the file name.
fn icon_type(path: &str) -> &'static str {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".png") {
        "image/png"
    } else if lower.ends_with(".ico") {
        "image/x-icon"
    } else {
        "image/svg+xml"
    }
}

impl SiteView<'_> {
    /// 「令和2年度〜令和6年度」
    pub(crate) fn period(&self) -> &str {
        &self.period
    }
}

/// A link from site.toml: external URLs are used as they are, site paths get `root` prepended
/// in the template.
#[derive(Serialize)]
struct SiteLinkView {
    title: String,
    url: String,
    external: bool,
}

impl From<&crate::model::SiteLink> for SiteLinkView {
    fn from(l: &crate::model::SiteLink) -> Self {
        let external =
            l.url.contains("://") || l.url.starts_with("mailto:") || l.url.starts_with("tel:");
        SiteLinkView {
            title: l.title.clone(),
            url: if external {
                l.url.clone()
            } else {
                l.url.trim_start_matches('/').to_string()
            },
            external,
        }
    }
}

#[derive(Serialize, Clone)]
pub(crate) struct Link {
    pub(crate) title: String,
    pub(crate) href: String,
}

#[derive(Serialize)]
pub(crate) struct EditionView {
    pub(crate) title: String,
    pub(crate) as_of: String,
    /// True for a frozen yearly edition under reports/, false for the latest site.
    pub(crate) frozen: bool,
}

#[derive(Serialize)]
pub(crate) struct NavLink {
    pub(crate) title: String,
    pub(crate) href: String,
    /// `aria-current`: "page" on the entry's own page, "true" inside its section (the pages of
    /// a yearly edition belong to 進捗状況報告), none elsewhere.
    pub(crate) current: Option<&'static str>,
}

/// The site navigation of the page at `path`, marking the page itself as current. The menu is
/// the latest site's: a yearly edition's own pages are reached from its home (breadcrumbs).
pub(crate) fn nav(
    words: &Words,
    (prefix, root, path): (&str, &str, &str),
    has_editions: bool,
) -> Vec<NavLink> {
    // トップ is the latest site's home; an edition's own home is its first breadcrumb.
    let mut targets = vec![
        ("nav.home", "index.html"),
        ("nav.table", "items/index.html"),
        ("nav.departments", "departments/index.html"),
        ("nav.method", "method.html"),
    ];
    if has_editions {
        targets.push(("nav.reports", "reports/index.html"));
    }
    targets.push(("nav.opendata", "data/index.html"));
    targets.push(("nav.search", "search.html"));
    let in_edition = !prefix.is_empty();
    targets
        .into_iter()
        .map(|(key, target)| NavLink {
            title: words.get(key).to_string(),
            current: if target == path {
                Some("page")
            } else if in_edition && target == "reports/index.html" {
                Some("true")
            } else {
                None
            },
            href: format!("{root}{target}"),
        })
        .collect()
}

#[derive(Serialize)]
pub(crate) struct ItemLink {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) department: String,
    /// The latest reported status and grade in this page set, as text.
    pub(crate) latest: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Download {
    title: String,
    href: String,
    /// 「CSV形式 3KB」
    label: String,
}

/// A download link to a data file, from a page whose way back to the site root is `root`.
pub(crate) fn download(words: &Words, d: &Distribution, root: &str) -> Download {
    Download {
        title: d.title.clone(),
        href: format!("{root}{}", d.path),
        label: crate::render::data::size_label(words, d.format, d.bytes),
    }
}

/// A list made as it is serialized, an element at a time: a page that lists every item (the
/// council report) never holds all of their views at once, only the template context they go
/// into. (A page kept between builds is serialized twice, for its key and its context, so its
/// elements are made twice.)
pub(crate) struct Each<'a, T> {
    len: usize,
    make: Box<dyn Fn(usize) -> T + 'a>,
}

impl<'a, T> Each<'a, T> {
    /// The list of `make(0)`, …, `make(len - 1)`.
    pub(crate) fn new(len: usize, make: impl Fn(usize) -> T + 'a) -> Self {
        Each {
            len,
            make: Box::new(make),
        }
    }
}

impl<T: Serialize> Serialize for Each<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((0..self.len).map(&self.make))
    }
}
