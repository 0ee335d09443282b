//! The department pages: the list of departments (departments/index.html) and each
//! department's items (departments/*.html).

use crate::diag::Diagnostic;
use crate::model::ActionItem;
use crate::output::OutputFile;
use crate::render::page::Renderer;
use crate::render::view::{ItemLink, Link};
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
    items: Vec<ItemLink>,
    council_report: Option<Link>,
}

impl Renderer<'_> {
    pub(crate) fn departments(
        &self,
        by_department: &BTreeMap<&str, Vec<&ActionItem>>,
    ) -> Result<OutputFile, Diagnostic> {
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
            "担当課別一覧".into(),
            vec![self.home_crumb()],
            page,
        )
    }

    pub(crate) fn department(
        &self,
        name: &str,
        items: &[&ActionItem],
    ) -> Result<OutputFile, Diagnostic> {
        let id = self.department_ids[name];
        let rel = format!("departments/{id}.html");
        let page = DepartmentPage {
            name: name.to_string(),
            items: items.iter().map(|i| self.item_link(i)).collect(),
            council_report: self.council_report_link(Some(name), &rel),
        };
        let crumbs = vec![
            self.home_crumb(),
            Link {
                title: "担当課別一覧".into(),
                href: "departments/index.html".into(),
            },
        ];
        self.page(
            &rel,
            "department.html",
            format!("{name}の取組"),
            crumbs,
            page,
        )
    }
}
