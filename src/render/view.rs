//! View data shared by every page: the site header and footer, links, breadcrumbs, the site
//! navigation and item links. Everything a template prints is computed in Rust; templates only
//! lay it out.
//!
//! All links are relative. `root` leads back to the site root (CSS, assets, site-wide pages);
//! `base` leads to the root of the current page set (the latest site or one yearly report
//! edition).

use crate::model::Plan;
use crate::render::data::Distribution;
use crate::text::fiscal_year::wareki_month;
use serde::Serialize;

/// The way back to the site root from the file at `path` (one `../` per folder).
pub(crate) fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    city_name: &'a str,
    city_code: &'a str,
    plan_title: &'a str,
    period: String,
    license_name: &'a str,
    license_url: &'a str,
    notice: Option<&'a str>,
    logo: Option<&'a str>,
    logo_alt: &'a str,
    header_links: Vec<SiteLinkView>,
    footer_links: Vec<SiteLinkView>,
    /// The plan's latest revision, 「令和3年4月（改訂1版）」 (the 時点 of a plan-only site).
    plan_revision: Option<String>,
}

impl<'a> SiteView<'a> {
    pub(crate) fn new(plan: &'a Plan) -> Self {
        SiteView {
            city_name: &plan.city.name,
            city_code: &plan.city.code,
            plan_title: &plan.title,
            period: format!("{}〜{}", plan.first_year.label(), plan.last_year.label()),
            license_name: &plan.license.name,
            license_url: &plan.license.url,
            notice: plan.notice.as_deref(),
            logo: plan.branding.logo.as_deref(),
            logo_alt: plan.branding.logo_alt.as_deref().unwrap_or(&plan.city.name),
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
            plan_revision: plan
                .revisions
                .last()
                .map(|r| format!("{}（{}）", wareki_month(r.year, r.month), r.edition)),
        }
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
    pub(crate) current: bool,
}

/// The site navigation of the page at `path`, marking the page itself as current.
pub(crate) fn nav(
    prefix: &str,
    root: &str,
    base: &str,
    path: &str,
    has_editions: bool,
) -> Vec<NavLink> {
    let mut nav_links = vec![
        (
            "トップ",
            format!("{base}index.html"),
            format!("{prefix}index.html"),
        ),
        (
            "担当課別一覧",
            format!("{base}departments/index.html"),
            format!("{prefix}departments/index.html"),
        ),
        (
            "評価の考え方",
            format!("{root}method.html"),
            "method.html".to_string(),
        ),
    ];
    if has_editions {
        nav_links.push((
            "進捗状況報告",
            format!("{root}reports/index.html"),
            "reports/index.html".to_string(),
        ));
    }
    nav_links.push((
        "オープンデータ",
        format!("{root}data/index.html"),
        "data/index.html".to_string(),
    ));
    nav_links.push((
        "サイト内検索",
        format!("{root}search.html"),
        "search.html".to_string(),
    ));
    nav_links
        .into_iter()
        .map(|(t, href, target)| NavLink {
            title: t.to_string(),
            href,
            current: target == path,
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
pub(crate) fn download(d: &Distribution, root: &str) -> Download {
    Download {
        title: d.title.clone(),
        href: format!("{root}{}", d.path),
        label: crate::render::data::size_label(d.format, d.bytes),
    }
}
