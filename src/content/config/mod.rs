//! site.toml: 計画とサイトの設定。 / The plan-level settings and vocabularies.
//!
//! This module holds the file's serde shape and [`parse`], a list of steps: [`plan`] (city,
//! period, revisions, yearly reports), [`site`] (base URL, notice, branding, licence) and
//! [`vocab`] (statuses, grades, departments, section levels and the section tree, tags).

mod plan;
mod site;
mod vocab;
mod words;

use crate::content::check::Checker;
use crate::content::source::SourceFile;
use crate::diag::Diagnostic;
use crate::model::Plan;
use serde::Deserialize;
use toml::Spanned;

pub use plan::is_valid_local_government_code;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    city: RawCity,
    plan: RawPlan,
    site: Option<RawSiteSection>,
    license: Option<RawLicense>,
    statuses: Vec<RawStatus>,
    #[serde(default)]
    grades: Vec<RawGrade>,
    departments: Vec<RawDepartment>,
    categories: Vec<RawSection>,
    #[serde(default)]
    tags: Vec<RawTag>,
    #[serde(default)]
    reports: Vec<RawReport>,
    /// Read with its locations by [`words::words`]; only its presence is checked here.
    #[serde(rename = "words")]
    _words: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    year: Spanned<i32>,
    as_of: Spanned<String>,
    title: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCity {
    name: Spanned<String>,
    code: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    title: Spanned<String>,
    description: Option<String>,
    first_year: Spanned<i32>,
    last_year: Spanned<i32>,
    #[serde(default)]
    revisions: Vec<RawRevision>,
    /// The section levels' names, top first (default 大項目, 中項目).
    levels: Option<Spanned<Vec<Spanned<String>>>>,
    /// What the plan calls its tags (default 区分).
    tag_group: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRevision {
    edition: String,
    date: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSiteSection {
    base_url: Option<Spanned<String>>,
    notice: Option<String>,
    /// Path of the city emblem or logo inside the site (e.g. "assets/emblem.png").
    logo: Option<Spanned<String>>,
    logo_alt: Option<String>,
    /// Path of the favicon inside the site (svg, png or ico); the theme's favicon.svg by default.
    favicon: Option<Spanned<String>>,
    #[serde(default)]
    header_links: Vec<RawLink>,
    #[serde(default)]
    footer_links: Vec<RawLink>,
    /// Show, per department, how many items have not reported for the year.
    #[serde(default)]
    show_unreported_by_department: bool,
    /// How negative numbers are shown: `minus` (default) or `triangle` (▲).
    negative: Option<Spanned<String>>,
    /// The catalogue of fixed words and the way years read: `ja` (default) or `en`.
    language: Option<Spanned<String>>,
    /// FY2019 as `reiwa` (令和元年度, default) or `heisei` (平成31年度).
    fy2019_era: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    title: Spanned<String>,
    url: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLicense {
    name: Spanned<String>,
    url: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatus {
    code: Spanned<String>,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    code: Spanned<String>,
    label: Spanned<String>,
    #[serde(default)]
    description: String,
    /// Whether this grade means the item is behind the plan (遅れ). Unset on every grade: the
    /// lower half of the scale.
    behind: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDepartment {
    id: Spanned<String>,
    name: Spanned<String>,
    /// `"collective"` for 関係各課, 全課 and the like; an organisation when absent.
    kind: Option<Spanned<String>>,
}

/// A section at any level: `[[categories]]`, `[[categories.sections]]`,
/// `[[categories.sections.sections]]`, …
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: Spanned<String>,
    title: Spanned<String>,
    label: Option<String>,
    description: Option<String>,
    #[serde(default)]
    sections: Vec<RawSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTag {
    id: Spanned<String>,
    label: String,
    #[serde(default)]
    description: String,
}

/// Parses site.toml into a [`Plan`] without items; `Err` holds every error found. Warnings are
/// left out: the build reads site.toml with [`parse_with_warnings`].
pub fn parse(file: &SourceFile) -> Result<Plan, Vec<Diagnostic>> {
    match parse_with_warnings(file) {
        (Some(plan), _) => Ok(plan),
        (None, diagnostics) => Err(diagnostics),
    }
}

/// Parses site.toml into a [`Plan`] without items (`None` when there were errors), with every
/// diagnostic found, warnings included.
pub fn parse_with_warnings(file: &SourceFile) -> (Option<Plan>, Vec<Diagnostic>) {
    let mut c = Checker::new(file, 0);
    let toml = crate::content::source::normalize_wide_spaces(&file.text);
    if !crate::content::syntax::check(&toml, &mut c) {
        return (None, c.into_diagnostics());
    }
    match toml::from_str(&toml) {
        Ok(raw) => {
            let plan = checked(raw, &toml, &mut c);
            let ok = !c.has_errors();
            (plan.filter(|_| ok), c.into_diagnostics())
        }
        Err(e) => {
            c.push(crate::diag::toml::diagnostic(&file.path, &file.text, 0, &e));
            (None, c.into_diagnostics())
        }
    }
}

/// The plan of a site.toml of the right shape, each part checked by its step.
fn checked(raw: RawSite, text: &str, c: &mut Checker) -> Option<Plan> {
    let site_section = raw.site.as_ref();
    let language = words::language(site_section.and_then(|s| s.language.as_ref()), c);
    let years = words::years(
        language,
        site_section.and_then(|s| s.fy2019_era.as_ref()),
        c,
    );
    let words = std::sync::Arc::new(words::words(text, language, c));
    plan::required_text(&raw.city, &raw.plan, c);
    let city = plan::city(raw.city, c);
    let (first_year, last_year) = plan::period(&raw.plan, c);
    let revisions = plan::revisions(&raw.plan.revisions, c);
    let reports = plan::reports(&raw.reports, (first_year, last_year), (&words, years), c);
    let site = site::site(raw.site, c);
    let license = site::license(raw.license, &words, c);
    let statuses = vocab::statuses(raw.statuses, c);
    let grades = vocab::grades(raw.grades, c);
    let departments = vocab::departments(raw.departments, c);
    let levels = vocab::levels(raw.plan.levels, &words, c);
    let categories = vocab::categories(raw.categories, &levels, c);
    let tags = vocab::tags(raw.tags, c);
    vocab::require_lists(&statuses, &departments, &categories, c);
    Some(Plan {
        city,
        title: raw.plan.title.into_inner().trim().to_string(),
        description: raw.plan.description,
        first_year,
        last_year,
        revisions,
        base_url: site.base_url,
        license,
        statuses,
        grades,
        departments,
        levels,
        categories,
        tag_group: raw
            .plan
            .tag_group
            .unwrap_or_else(|| words.get("plan.tag_group").into()),
        tags,
        editions: reports,
        notice: site.notice,
        branding: site.branding,
        show_unreported_by_department: site.show_unreported_by_department,
        negative: site.negative,
        language,
        years,
        words,
        items: Vec::new(),
    })
}
