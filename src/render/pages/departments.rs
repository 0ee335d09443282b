//! The department pages: the list of departments (departments/index.html) and each
//! department's items (departments/*.html) with their status and grade in the page set's
//! latest report.

use crate::diag::Diagnostic;
use crate::model::{ActionItem, Edition};
use crate::progress::{self, UNGRADED, UNREPORTED_STATUS};
use crate::render::page::{Page, Renderer};
use crate::render::view::Link;
use crate::text::number::format_number;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct DepartmentsPage {
    departments: Vec<DepartmentEntry>,
}

#[derive(Serialize)]
struct DepartmentEntry {
    name: String,
    href: String,
    item_count: usize,
}

#[derive(Serialize)]
struct DepartmentPage {
    name: String,
    council_report: Option<Link>,
    /// 「職員課の取組項目と令和4年度の進捗状況・評価」
    caption: String,
    /// 「令和4年度」: the report year the status and grade are of; none before any report.
    year: Option<String>,
    /// Whether the plan has grades (and so a 評価 column).
    graded: bool,
    rows: Vec<DepartmentRow>,
    /// 「令和4年度 (2022)の報告: 担当する2項目のうち1項目が未報告です。」 (site.toml
    /// `show_unreported_by_department`, once there is a report).
    returns: Option<String>,
}

/// One item of the department: no department name (the page is the department's).
#[derive(Serialize)]
struct DepartmentRow {
    id: String,
    title: String,
    href: String,
    /// 「実施」, or 「未報告」.
    status: String,
    /// 「C やや遅れ」, or 「未評価」.
    grade: String,
}

impl Renderer<'_> {
    pub(crate) fn departments(
        &self,
        by_department: &BTreeMap<&str, Vec<&ActionItem>>,
    ) -> Result<Page, Diagnostic> {
        let page = DepartmentsPage {
            departments: self
                .plan
                .departments
                .iter()
                .filter_map(|d| {
                    by_department
                        .get(d.name.as_str())
                        .map(|items| DepartmentEntry {
                            name: d.name.clone(),
                            href: format!("departments/{}.html", d.id),
                            item_count: items.len(),
                        })
                })
                .collect(),
        };
        self.page(
            "departments/index.html",
            "departments.html",
            self.w().get("nav.departments").into(),
            vec![self.home_crumb()],
            page,
        )
    }

    pub(crate) fn department(&self, name: &str, items: &[&ActionItem]) -> Result<Page, Diagnostic> {
        let id = self.department_ids[name];
        let rel = format!("departments/{id}.html");
        let edition = self.page_set.edition;
        let w = self.w();
        let caption = match edition {
            Some(e) => w.fill(
                "department.caption_year",
                &[("name", name), ("year", &self.year_name(e.year))],
            ),
            None => w.fill("department.caption", &[("name", name)]),
        };
        let page = DepartmentPage {
            name: name.to_string(),
            caption,
            year: edition.map(|e| self.year_name(e.year)),
            graded: !self.plan.grades.is_empty(),
            rows: items
                .iter()
                .map(|i| self.department_row(i, edition))
                .collect(),
            council_report: self.council_report_link(Some(name), &rel),
            returns: (edition.filter(|_| self.plan.show_unreported_by_department))
                .map(|e| self.returns_sentence(name, e)),
        };
        let crumbs = vec![
            self.home_crumb(),
            Link {
                title: w.get("nav.departments").into(),
                href: "departments/index.html".into(),
            },
        ];
        self.page(
            &rel,
            "department.html",
            w.fill("department.title", &[("name", name)]),
            crumbs,
            page,
        )
    }
}

impl Renderer<'_> {
    /// How many of the department's items have not reported for the edition's year.
    fn returns_sentence(&self, name: &str, edition: &Edition) -> String {
        let returns = progress::returns_by_department(self.plan, edition.year);
        let Some(r) = returns.iter().find(|r| r.department.name == name) else {
            return String::new();
        };
        let w = self.w();
        let year = self.year_label(edition.year);
        let n = |k: usize| w.fill("site.items_n", &[("n", &format_number(k as f64))]);
        let (key, all, k) = match (r.unreported.len(), r.items.len()) {
            (0, 1) => ("department.returns_one", 1, 0),
            (0, all) => ("department.returns_all", all, 0),
            (k, all) if k == all => ("department.returns_none", all, k),
            (k, all) => ("department.returns_some", all, k),
        };
        w.fill(
            key,
            &[("year", &year), ("all", &n(all)), ("unreported", &n(k))],
        )
    }

    fn department_row(&self, item: &ActionItem, edition: Option<&Edition>) -> DepartmentRow {
        let standing = edition.map(|e| progress::standing(self.plan, item, e.year));
        let grade = standing
            .as_ref()
            .and_then(|s| s.grade.as_deref())
            .map(
                |code| match self.plan.grades.iter().find(|g| g.code == code) {
                    Some(g) => format!("{} {}", g.code, g.label),
                    None => code.to_string(),
                },
            );
        DepartmentRow {
            id: item.id.clone(),
            title: item.title.clone(),
            href: format!("items/{}.html", item.id),
            status: (standing.as_ref().and_then(|s| s.status.as_deref()))
                .map(|s| self.plan.status_label(s).to_string())
                .unwrap_or_else(|| self.w().get(UNREPORTED_STATUS).into()),
            grade: grade.unwrap_or_else(|| self.w().get(UNGRADED).into()),
        }
    }
}
