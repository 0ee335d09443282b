//! 報告の状況（`survey status`）: 1 つの年度について、担当課ごとに、まだ報告のない取組項目・指標と、
//! 取り込んだ調査票（いつ取り込んだか）。 / Which returns are still missing for a year, by
//! department, and which returned files were imported, when (from the items' sources).

use crate::diag::{codes, Diagnostic};
use crate::model::{ActionItem, Plan};
use crate::progress::standing;
use crate::text::date::Date;
use crate::text::fiscal_year::FiscalYear;
use std::collections::BTreeMap;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// The returns of one fiscal year.
#[derive(Debug)]
pub struct Returns {
    pub year: FiscalYear,
    /// In site.toml's order of departments; only those with items.
    pub departments: Vec<DepartmentReturns>,
}

#[derive(Debug)]
pub struct DepartmentReturns {
    pub name: String,
    /// How many items and indicators it reports for (indicators planned for the year).
    pub items: usize,
    pub indicators: usize,
    /// Items with nothing reported for the year (`progress::standing`): id and title.
    pub unreported_items: Vec<(String, String)>,
    /// Indicators planned for the year without an actual value: item id and indicator name.
    pub unreported_indicators: Vec<(String, String)>,
    /// The returned files imported for the year, by date then name.
    pub imported: Vec<Imported>,
}

/// A returned file, as its values' sources record it.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Imported {
    pub date: Date,
    pub file: String,
    /// How many of the year's values come from it.
    pub values: usize,
}

/// The returns of `year` (by default the last year in `[[reports]]`).
pub fn returns(
    content: &Path,
    year: Option<i32>,
) -> Result<(Returns, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (plan, warnings) = super::load_plan(content)?;
    let site = content.join("site.toml");
    let year = status_year(&plan, year, &site).map_err(|d| vec![d])?;
    let departments = (plan.departments.iter())
        .filter_map(|d| department(&plan, &d.name, year))
        .collect();
    Ok((Returns { year, departments }, warnings))
}

fn status_year(plan: &Plan, year: Option<i32>, site: &Path) -> Result<FiscalYear, Diagnostic> {
    let Some(year) = year.map(FiscalYear).or(plan.latest_edition_year()) else {
        return Err(Diagnostic::in_file(
            codes::E745,
            site,
            "報告年度（[[reports]]）がないため、年度が決まりません (no year given)",
        )
        .with_help("--year に調べる年度の西暦を指定してください。"));
    };
    if year < plan.first_year || year > plan.last_year {
        let msg = format!(
            "年度 {} は計画期間（{}〜{}）の外です (year outside the plan period)",
            year.0,
            plan.first_year.label(),
            plan.last_year.label()
        );
        let help = format!(
            "--year に {}〜{} の西暦を指定してください。",
            plan.first_year.0, plan.last_year.0
        );
        return Err(Diagnostic::in_file(codes::E745, site, msg).with_help(help));
    }
    Ok(year)
}

fn department(plan: &Plan, name: &str, year: FiscalYear) -> Option<DepartmentReturns> {
    let items: Vec<&ActionItem> = plan
        .items
        .iter()
        .map(AsRef::as_ref)
        .filter(|i| i.has_department(name))
        .collect();
    if items.is_empty() {
        return None;
    }
    let mut d = DepartmentReturns {
        name: name.to_string(),
        items: items.len(),
        indicators: 0,
        unreported_items: Vec::new(),
        unreported_indicators: Vec::new(),
        imported: Vec::new(),
    };
    let mut files: BTreeMap<(Date, String), usize> = BTreeMap::new();
    for item in items {
        if !standing(plan, item, year).reported {
            d.unreported_items
                .push((item.id.clone(), item.title.clone()));
        }
        for ind in item
            .indicators
            .iter()
            .filter(|i| i.plan.contains_key(&year))
        {
            d.indicators += 1;
            if !ind.actual.contains_key(&year) {
                d.unreported_indicators
                    .push((item.id.clone(), ind.name.clone()));
            }
        }
        for s in item.year(year).into_iter().flat_map(|y| &y.sources) {
            *files.entry((s.imported, s.file.clone())).or_default() += s.cells.len();
        }
    }
    d.imported = (files.into_iter())
        .map(|((date, file), values)| Imported { date, file, values })
        .collect();
    Some(d)
}

impl Returns {
    /// The report as plain text: a table of counts, aligned, then each department's details.
    pub fn text(&self) -> String {
        let mut out = format!("{}の報告の状況\n\n", self.year.label());
        out.push_str(&self.table());
        for d in &self.departments {
            out.push('\n');
            out.push_str(&d.details());
        }
        out
    }

    fn table(&self) -> String {
        let header = [
            "担当課",
            "取組項目",
            "未報告",
            "指標",
            "未報告",
            "取り込んだ調査票",
        ];
        let rows: Vec<[String; 6]> = (self.departments.iter())
            .map(|d| {
                [
                    d.name.clone(),
                    d.items.to_string(),
                    d.unreported_items.len().to_string(),
                    d.indicators.to_string(),
                    d.unreported_indicators.len().to_string(),
                    d.imported.len().to_string(),
                ]
            })
            .collect();
        let mut widths = header.map(UnicodeWidthStr::width);
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        let line = |cells: [&str; 6]| {
            let mut s = pad(cells[0], widths[0], false);
            for (i, cell) in cells.iter().enumerate().skip(1) {
                s.push_str("  ");
                s.push_str(&pad(cell, widths[i], true));
            }
            s.trim_end().to_string() + "\n"
        };
        let mut out = line(header);
        for row in &rows {
            out.push_str(&line(row.each_ref().map(String::as_str)));
        }
        out
    }
}

/// `s` padded with spaces to `width` columns (a full-width character is two), right-aligned
/// for numbers.
fn pad(s: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(s.width()));
    if right {
        fill + s
    } else {
        s.to_string() + &fill
    }
}

impl DepartmentReturns {
    fn details(&self) -> String {
        let mut out = format!("{}\n", self.name);
        if self.unreported_items.is_empty() && self.unreported_indicators.is_empty() {
            out.push_str("  すべて報告済みです\n");
        }
        if !self.unreported_items.is_empty() {
            out.push_str("  未報告の取組項目:\n");
            for (id, title) in &self.unreported_items {
                out.push_str(&format!("    {id}  {title}\n"));
            }
        }
        if !self.unreported_indicators.is_empty() {
            out.push_str("  未報告の指標:\n");
            for (id, name) in &self.unreported_indicators {
                out.push_str(&format!("    {id}  {name}\n"));
            }
        }
        if self.imported.is_empty() {
            out.push_str("  取り込んだ調査票: なし\n");
        } else {
            out.push_str("  取り込んだ調査票:\n");
            for f in &self.imported {
                let when = format!("{} 取込", f.date.wareki());
                out.push_str(&format!("    {}  {}（値 {} 件）\n", when, f.file, f.values));
            }
        }
        out
    }
}
