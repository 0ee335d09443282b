//! site.toml: 計画とサイトの設定。 / The plan-level settings and vocabularies.

use crate::content::source::SourceFile;
use crate::diag::{Diagnostic, LineIndex};
use crate::model::{
    Category, City, Department, Grade, License, Plan, Report, Revision, Section, Status,
};
use crate::text::date::Date;
use crate::text::fiscal_year::{parse_year_month, FiscalYear};
use serde::Deserialize;
use std::collections::BTreeSet;
use toml::Spanned;

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
    #[serde(default)]
    header_links: Vec<RawLink>,
    #[serde(default)]
    footer_links: Vec<RawLink>,
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
    let index = LineIndex::new(&file.text);
    let mut errors = Vec::new();
    let mut err = |code: &'static str, span: std::ops::Range<usize>, msg: String, help: &str| {
        let mut d = Diagnostic::error(code, &file.path, index.position(span.start), msg);
        if !help.is_empty() {
            d = d.with_help(help);
        }
        errors.push(d);
    };

    if !is_valid_local_government_code(raw.city.code.get_ref()) {
        err(
            "E101",
            raw.city.code.span(),
            format!(
                "全国地方公共団体コード「{}」が正しくありません",
                raw.city.code.get_ref()
            ),
            "6 桁（5 桁の団体コード＋検査数字）で書いてください。例: 安中市は \"102113\"。",
        );
    }
    let (first, last) = (
        *raw.plan.first_year.get_ref(),
        *raw.plan.last_year.get_ref(),
    );
    for y in [&raw.plan.first_year, &raw.plan.last_year] {
        if !(1900..=2200).contains(y.get_ref()) {
            err(
                "E102",
                y.span(),
                format!("年度 {} は西暦 4 桁で書いてください", y.get_ref()),
                "令和3年度なら 2021 と書きます。",
            );
        }
    }
    if first > last {
        err(
            "E102",
            raw.plan.last_year.span(),
            format!("計画期間の最後の年度 {last} が最初の年度 {first} より前です"),
            "first_year と last_year を確かめてください。",
        );
    }
    let mut revisions = Vec::new();
    for r in &raw.plan.revisions {
        match parse_year_month(r.date.get_ref()) {
            Some((year, month)) => revisions.push(Revision {
                edition: r.edition.clone(),
                year,
                month,
            }),
            None => err(
                "E103",
                r.date.span(),
                format!(
                    "改訂日「{}」は YYYY-MM の形で書いてください",
                    r.date.get_ref()
                ),
                "令和3年4月なら \"2021-04\" と書きます。",
            ),
        }
    }
    let links = |f: fn(&RawSiteSection) -> &Vec<RawLink>| {
        raw.site
            .as_ref()
            .map(|s| {
                f(s).iter()
                    .map(|l| crate::model::SiteLink {
                        title: l.title.clone(),
                        url: l.url.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let branding = crate::model::Branding {
        logo: raw
            .site
            .as_ref()
            .and_then(|s| s.logo.clone())
            .map(|l| l.trim_start_matches('/').to_string()),
        logo_alt: raw.site.as_ref().and_then(|s| s.logo_alt.clone()),
        header_links: links(|s| &s.header_links),
        footer_links: links(|s| &s.footer_links),
    };
    let notice = raw
        .site
        .as_ref()
        .and_then(|s| s.notice.clone())
        .filter(|n| !n.trim().is_empty());
    let mut reports: Vec<Report> = Vec::new();
    for r in &raw.reports {
        let y = *r.year.get_ref();
        if y < first || y > last {
            err(
                "E108",
                r.year.span(),
                format!("報告年度 {y} が計画期間（{first}〜{last}）の外です"),
                "報告の対象年度を西暦で書いてください（令和3年度なら 2021）。",
            );
        } else if reports.iter().any(|x| x.year.0 >= y) {
            err(
                "E108",
                r.year.span(),
                format!("報告年度 {y} が重複しているか、古い順に並んでいません"),
                "[[reports]] は年度の古い順に 1 年度 1 つずつ書いてください。",
            );
        }
        let as_of = Date::parse(r.as_of.get_ref());
        if as_of.is_none() {
            err(
                "E109",
                r.as_of.span(),
                format!(
                    "基準日「{}」は YYYY-MM-DD の形で書いてください",
                    r.as_of.get_ref()
                ),
                "例: as_of = \"2022-05-31\"",
            );
        }
        reports.push(Report {
            year: FiscalYear(y),
            // An invalid date is an error above, so the placeholder is never published.
            as_of: as_of.unwrap_or_default(),
            title: r
                .title
                .clone()
                .unwrap_or_else(|| format!("{} 進捗状況報告", FiscalYear(y).wareki())),
        });
    }
    let base_url = raw.site.and_then(|s| s.base_url).and_then(|u| {
        let v = u.get_ref().trim().to_string();
        if v.is_empty() {
            None
        } else if !(v.starts_with("https://") || v.starts_with("http://")) {
            err(
                "E104",
                u.span(),
                format!(
                    "base_url「{v}」は http:// または https:// で始まる絶対 URL にしてください"
                ),
                "使わない場合は base_url の行を削除します。",
            );
            None
        } else {
            Some(if v.ends_with('/') { v } else { format!("{v}/") })
        }
    });

    check_unique(raw.statuses.iter().map(|s| &s.code), "進捗状況", &mut err);
    check_unique(raw.grades.iter().map(|g| &g.code), "評価", &mut err);
    check_unique(raw.departments.iter().map(|d| &d.name), "担当課", &mut err);
    check_unique(raw.departments.iter().map(|d| &d.id), "担当課 id", &mut err);
    for d in &raw.departments {
        if !is_slug(d.id.get_ref()) {
            err(
                "E105",
                d.id.span(),
                format!(
                    "担当課 id「{}」には半角英小文字・数字・ハイフンだけが使えます",
                    d.id.get_ref()
                ),
                "ページのファイル名になります。例: \"joho-senryaku\"。",
            );
        }
    }
    check_unique(raw.categories.iter().map(|c| &c.id), "大項目 id", &mut err);
    for c in &raw.categories {
        check_unique(c.sections.iter().map(|s| &s.id), "中項目 id", &mut err);
        for id in std::iter::once(&c.id).chain(c.sections.iter().map(|s| &s.id)) {
            if !is_slug(id.get_ref()) {
                err(
                    "E105",
                    id.span(),
                    format!(
                        "id「{}」には半角英数字とハイフンだけが使えます",
                        id.get_ref()
                    ),
                    "例: \"1\"、\"2\"。",
                );
            }
        }
    }
    for (list, name) in [
        (raw.statuses.is_empty(), "statuses"),
        (raw.departments.is_empty(), "departments"),
        (raw.categories.is_empty(), "categories"),
    ] {
        if list {
            err(
                "E106",
                0..0,
                format!("[[{name}]] が 1 つもありません"),
                "docs/content-format.md の site.toml の例を参照してください。",
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    Ok(Plan {
        city: City {
            name: raw.city.name,
            code: raw.city.code.into_inner(),
        },
        title: raw.plan.title,
        description: raw.plan.description,
        first_year: FiscalYear(first),
        last_year: FiscalYear(last),
        revisions,
        base_url,
        license: raw
            .license
            .map(|l| License {
                name: l.name,
                url: l.url,
            })
            .unwrap_or_default(),
        statuses: raw
            .statuses
            .into_iter()
            .map(|s| Status {
                code: s.code.into_inner(),
                description: s.description,
            })
            .collect(),
        grades: raw
            .grades
            .into_iter()
            .map(|g| Grade {
                code: g.code.into_inner(),
                label: g.label,
                description: g.description,
            })
            .collect(),
        departments: raw
            .departments
            .into_iter()
            .map(|d| Department {
                id: d.id.into_inner(),
                name: d.name.into_inner(),
            })
            .collect(),
        categories: raw
            .categories
            .into_iter()
            .map(|c| Category {
                id: c.id.into_inner(),
                title: c.title,
                sections: c
                    .sections
                    .into_iter()
                    .map(|s| Section {
                        id: s.id.into_inner(),
                        title: s.title,
                    })
                    .collect(),
            })
            .collect(),
        reports,
        notice,
        branding,
        items: Vec::new(),
    })
}

fn check_unique<'a>(
    values: impl Iterator<Item = &'a Spanned<String>>,
    what: &str,
    err: &mut impl FnMut(&'static str, std::ops::Range<usize>, String, &str),
) {
    let mut seen = BTreeSet::new();
    for v in values {
        if !seen.insert(v.get_ref().as_str()) {
            err(
                "E107",
                v.span(),
                format!("{what}「{}」が重複しています", v.get_ref()),
                "同じ値は 1 回だけ書いてください。",
            );
        }
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// 全国地方公共団体コード: five digits and a check digit (modulus 11, weights 6..2).
pub fn is_valid_local_government_code(code: &str) -> bool {
    let digits: Vec<u32> = code.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 6 || code.len() != 6 {
        return false;
    }
    let sum: u32 = digits[..5]
        .iter()
        .zip([6, 5, 4, 3, 2])
        .map(|(d, w)| d * w)
        .sum();
    let check = (11 - sum % 11) % 10;
    digits[5] == check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_government_codes() {
        assert!(is_valid_local_government_code("102113")); // 安中市
        assert!(is_valid_local_government_code("131016")); // 千代田区
        assert!(is_valid_local_government_code("011002")); // 札幌市
        assert!(!is_valid_local_government_code("102114"));
        assert!(!is_valid_local_government_code("10211"));
    }
}
