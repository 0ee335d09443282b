//! site.toml: 計画とサイトの設定。 / The plan-level settings and vocabularies.
//!
//! This module holds the file's serde shape and [`parse`], a list of steps: [`plan`] (city,
//! period, revisions, yearly reports), [`site`] (base URL, notice, branding, licence) and
//! [`vocab`] (statuses, grades, departments, categories and sections).

mod plan;
mod site;
mod vocab;

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
    categories: Vec<RawCategory>,
    #[serde(default)]
    reports: Vec<RawReport>,
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
    name: String,
    code: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    title: String,
    description: Option<String>,
    first_year: Spanned<i32>,
    last_year: Spanned<i32>,
    #[serde(default)]
    revisions: Vec<RawRevision>,
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
    logo: Option<String>,
    logo_alt: Option<String>,
    /// Path of the favicon inside the site (svg, png or ico); the theme's favicon.svg by default.
    favicon: Option<String>,
    #[serde(default)]
    header_links: Vec<RawLink>,
    #[serde(default)]
    footer_links: Vec<RawLink>,
    /// How negative numbers are shown: `minus` (default) or `triangle` (▲).
    negative: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    title: String,
    url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLicense {
    name: String,
    url: String,
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
    label: String,
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    sections: Vec<RawSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: Spanned<String>,
    title: String,
}

/// Parses site.toml into a [`Plan`] without items. Returns every problem found.
pub fn parse(file: &SourceFile) -> Result<Plan, Vec<Diagnostic>> {
    let raw: RawSite =
        toml::from_str(&crate::content::source::normalize_wide_spaces(&file.text))
            .map_err(|e| vec![crate::diag::toml::diagnostic(&file.path, &file.text, 0, &e)])?;
    let mut c = Checker::new(file, 0);
    let city = plan::city(raw.city, &mut c);
    let (first_year, last_year) = plan::period(&raw.plan, &mut c);
    let revisions = plan::revisions(&raw.plan.revisions, &mut c);
    let reports = plan::reports(&raw.reports, (first_year, last_year), &mut c);
    let site = site::site(raw.site, &mut c);
    let statuses = vocab::statuses(raw.statuses, &mut c);
    let grades = vocab::grades(raw.grades, &mut c);
    let departments = vocab::departments(raw.departments, &mut c);
    let categories = vocab::categories(raw.categories, &mut c);
    vocab::require_lists(&statuses, &departments, &categories, &mut c);
    if c.has_errors() {
        return Err(c.into_diagnostics());
    }

    Ok(Plan {
        city,
        title: raw.plan.title,
        description: raw.plan.description,
        first_year,
        last_year,
        revisions,
        base_url: site.base_url,
        license: site::license(raw.license),
        statuses,
        grades,
        departments,
        categories,
        editions: reports,
        notice: site.notice,
        branding: site.branding,
        negative: site.negative,
        items: Vec::new(),
    })
}
