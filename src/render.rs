//! 描画段階: モデルをページ単位の表示用データに変換し、tera テンプレートで HTML にする。
//! Render phase: turn the model into per-page view data and render it with the theme's templates.
//! All links are relative (`root` is the way back to the site root from each page), so the site
//! works from file://, from any sub-folder and on any static server.

use crate::chart::{self, ChartSpec, ChartYear};
use crate::diagnostic::{Diagnostic, Position};
use crate::fiscal_year::{wareki_month, FiscalYear};
use crate::markdown;
use crate::model::{ActionItem, Indicator, Plan, Value};
use crate::progress::{self, StatusSummary};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One file of the finished site, path relative to the output root with `/` separators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

/// The templates of a theme, compiled once per build.
pub struct Theme {
    tera: tera::Tera,
    /// Template name → file it came from, for error messages.
    sources: BTreeMap<String, PathBuf>,
    pub static_dirs: Vec<PathBuf>,
}

impl Theme {
    /// Loads `templates/*.html` from each directory in order; a later directory overrides
    /// templates of the same name (a site's own templates over the default theme's).
    pub fn load(theme_dirs: &[PathBuf]) -> Result<Theme, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut errors = Vec::new();
        for dir in theme_dirs {
            let templates = dir.join("templates");
            if !templates.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&templates).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let rel = e.path().strip_prefix(&templates).unwrap_or(e.path());
                        let name = rel.to_string_lossy().replace('\\', "/");
                        if name.ends_with(".html") || name.ends_with(".xml") {
                            sources.insert(name, e.path().to_path_buf());
                        }
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(Diagnostic::error("E301", &templates, Position::START, e.to_string())),
                }
            }
        }
        if sources.is_empty() {
            let shown = theme_dirs.first().cloned().unwrap_or_default();
            errors.push(
                Diagnostic::error("E300", &shown, Position::START, "テーマのテンプレートが見つかりません (no templates)")
                    .with_help("--theme で templates/ を含むテーマのフォルダーを指定してください（既定は themes/default）。"),
            );
        }
        let mut raw = Vec::new();
        for (name, path) in &sources {
            match crate::source::read(path, path) {
                Ok(f) => raw.push((name.clone(), f.text)),
                Err(d) => errors.push(d),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut tera = tera::Tera::new();
        tera.add_raw_templates(raw.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| vec![template_diagnostic(&e, &sources)])?;
        let static_dirs = theme_dirs.iter().map(|d| d.join("static")).filter(|d| d.is_dir()).collect();
        Ok(Theme { tera, sources, static_dirs })
    }

    fn render(&self, template: &str, context: &impl Serialize) -> Result<String, Diagnostic> {
        let ctx = tera::Context::from_serialize(context).map_err(|e| template_diagnostic(&e, &self.sources))?;
        self.tera.render(template, &ctx).map_err(|e| template_diagnostic(&e, &self.sources))
    }
}

/// Template errors point at the template file, line and column (tera 2 reports spans).
fn template_diagnostic(e: &tera::Error, sources: &BTreeMap<String, PathBuf>) -> Diagnostic {
    let (file, pos, msg) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
            sources.get(r.filename()).cloned().unwrap_or_else(|| PathBuf::from(r.filename())),
            Position { line: r.span().start_line, col: r.span().start_col + 1 },
            r.message().to_string(),
        ),
        _ => (PathBuf::from("themes"), Position::START, e.to_string()),
    };
    let mut msg = msg;
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    Diagnostic::error("E302", &file, pos, format!("テンプレートのエラー: {msg} (template error)"))
        .with_help("テーマのテンプレートを確認してください。docs/theme.md を参照。")
}

// ---------------------------------------------------------------------------------------------
// View data. Everything a template prints is computed here; templates only lay it out.

#[derive(Serialize)]
struct SiteView<'a> {
    city_name: &'a str,
    city_code: &'a str,
    plan_title: &'a str,
    period: String,
    license_name: &'a str,
    license_url: &'a str,
}

#[derive(Serialize, Clone)]
struct Link {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct PageContext<'a, T: Serialize> {
    root: &'a str,
    page_title: String,
    /// The page's own name (breadcrumb end), without the site suffix.
    page_title_short: String,
    site: &'a SiteView<'a>,
    breadcrumbs: Vec<Link>,
    nav: Vec<NavLink>,
    page: T,
}

#[derive(Serialize)]
struct NavLink {
    title: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct ItemLink {
    id: String,
    title: String,
    href: String,
    department: String,
}

#[derive(Serialize)]
struct SectionView {
    id: String,
    label: String,
    title: String,
    items: Vec<ItemLink>,
}

#[derive(Serialize)]
struct CategoryView {
    id: String,
    label: String,
    title: String,
    href: String,
    item_count: usize,
    sections: Vec<SectionView>,
    /// Items of a category without sections.
    items: Vec<ItemLink>,
}

#[derive(Serialize)]
struct SummaryView {
    years: Vec<String>,
    groups: Vec<SummaryGroup>,
}

#[derive(Serialize)]
struct SummaryGroup {
    title: String,
    item_count: usize,
    rows: Vec<SummaryRow>,
}

#[derive(Serialize)]
struct SummaryRow {
    status: String,
    counts: Vec<usize>,
}

fn summary_group(title: String, s: &StatusSummary) -> SummaryGroup {
    SummaryGroup {
        title,
        item_count: s.item_count,
        rows: s
            .rows
            .iter()
            .map(|r| SummaryRow { status: r.status.clone(), counts: r.counts.clone() })
            .collect(),
    }
}

#[derive(Serialize)]
struct IndexPage {
    description_html: Option<String>,
    revisions: Vec<String>,
    categories: Vec<CategoryView>,
    summary: SummaryView,
    statuses: Vec<crate::model::Status>,
    department_count: usize,
    item_count: usize,
}

#[derive(Serialize)]
struct CategoryPage {
    category: CategoryView,
    summary: SummaryView,
}

#[derive(Serialize)]
struct DepartmentPage {
    name: String,
    items: Vec<ItemLink>,
}

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
struct ItemPage {
    id: String,
    title: String,
    department: Link,
    related_departments: Vec<Link>,
    category: Link,
    section: Option<String>,
    body_html: String,
    common_goal_html: Option<String>,
    years: Vec<YearRow>,
    indicators: Vec<IndicatorView>,
}

#[derive(Serialize)]
struct YearRow {
    label: String,
    status: Option<String>,
    goal_html: Option<String>,
    plan_values: Vec<String>,
    actual_values: Vec<String>,
}

#[derive(Serialize)]
struct IndicatorView {
    name: String,
    unit: String,
    direction: String,
    baseline: String,
    baseline_note: Option<String>,
    target: String,
    target_note: Option<String>,
    /// Inline SVG; present for numeric indicators only.
    chart_svg: Option<String>,
    table_id: String,
    caption: String,
    rows: Vec<ValueRow>,
}

/// One row of an indicator's table. `*_value` carry the exact numbers (for data-value
/// attributes) so the table can be checked against the chart.
#[derive(Serialize)]
struct ValueRow {
    label: String,
    plan: String,
    plan_value: Option<String>,
    actual: String,
    actual_value: Option<String>,
}

pub const UNREPORTED: &str = "未報告";

/// 「456,456件」 for numbers, the text itself for text values.
pub fn format_value(v: &Value, unit: &str) -> String {
    match v {
        Value::Number(n) => format!("{}{unit}", chart::format_number(*n)),
        Value::Text(t) => t.clone(),
    }
}

/// Exact machine-readable form of a number for data attributes and data files.
pub fn raw_number(n: f64) -> String {
    let s = format!("{n}");
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

// ---------------------------------------------------------------------------------------------

/// Statistics about a rendering run, for the build summary.
#[derive(Default, Debug, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    pub charts: usize,
}

/// Renders every page. Returns the files (sorted by path) and any diagnostics; warnings about
/// content (e.g. neutralised HTML) are returned alongside successful output.
/// Chart SVGs keyed by (item index, indicator index); drawn in their own phase so the build can
/// time them separately.
pub type Charts = BTreeMap<(usize, usize), String>;

/// Draws every numeric indicator's chart, in parallel.
pub fn render_charts(plan: &Plan) -> Charts {
    let years: Vec<FiscalYear> = plan.fiscal_years().collect();
    let jobs: Vec<(usize, usize)> = plan
        .items
        .iter()
        .enumerate()
        .flat_map(|(i, item)| item.indicators.iter().enumerate().filter(|(_, ind)| ind.is_numeric()).map(move |(n, _)| (i, n)))
        .collect();
    jobs.par_iter()
        .map(|&(i, n)| {
            let item = &plan.items[i];
            let ind = &item.indicators[n];
            let id = chart_id(item, n);
            let description = describe(ind, &years);
            let svg = chart::render_svg(&ChartSpec {
                id: &id,
                title: &caption(ind),
                description: &description,
                unit: &ind.unit,
                years: years
                    .iter()
                    .map(|y| ChartYear {
                        label: y.short(),
                        plan: ind.plan.get(y).and_then(Value::as_number),
                        actual: ind.actual.get(y).and_then(Value::as_number),
                    })
                    .collect(),
                baseline: ind.baseline.as_ref().and_then(Value::as_number),
                target: ind.target.as_ref().and_then(Value::as_number),
            });
            ((i, n), svg)
        })
        .collect()
}

fn chart_id(item: &ActionItem, n: usize) -> String {
    format!("chart-{}-{}", item.id, n + 1)
}

fn caption(ind: &Indicator) -> String {
    if ind.unit.is_empty() {
        format!("{}の計画値と実績値", ind.name)
    } else {
        format!("{}（{}）の計画値と実績値", ind.name, ind.unit)
    }
}

pub fn render_site(
    plan: &Plan,
    theme: &Theme,
    charts: &Charts,
) -> Result<(Vec<OutputFile>, RenderStats, Vec<Diagnostic>), Vec<Diagnostic>> {
    let site = SiteView {
        city_name: &plan.city.name,
        city_code: &plan.city.code,
        plan_title: &plan.title,
        period: format!("{}〜{}", plan.first_year.label(), plan.last_year.label()),
        license_name: &plan.license.name,
        license_url: &plan.license.url,
    };
    let department_ids: BTreeMap<&str, &str> =
        plan.departments.iter().map(|d| (d.name.as_str(), d.id.as_str())).collect();
    // Index items per department once (no page scans all items).
    let mut by_department: BTreeMap<&str, Vec<&ActionItem>> = BTreeMap::new();
    for item in &plan.items {
        by_department.entry(item.department.as_str()).or_default().push(item);
    }
    let mut by_category: Vec<Vec<&ActionItem>> = vec![Vec::new(); plan.categories.len()];
    for item in &plan.items {
        by_category[item.category].push(item);
    }

    let r = Renderer { plan, theme, site: &site, department_ids: &department_ids, charts };
    let mut jobs: Vec<Job> = vec![Job::Index, Job::Departments];
    jobs.extend((0..plan.categories.len()).map(Job::Category));
    jobs.extend(plan.departments.iter().filter(|d| by_department.contains_key(d.name.as_str())).map(|d| Job::Department(&d.name)));
    jobs.extend(plan.items.iter().enumerate().map(|(i, item)| Job::Item(i, item)));

    let results: Vec<Result<(OutputFile, usize, Vec<Diagnostic>), Diagnostic>> = jobs
        .par_iter()
        .map(|job| match job {
            Job::Index => r.index(&by_category).map(|f| (f, 0, vec![])),
            Job::Departments => r.departments(&by_department).map(|f| (f, 0, vec![])),
            Job::Category(i) => r.category(*i, &by_category[*i]).map(|f| (f, 0, vec![])),
            Job::Department(name) => r.department(name, &by_department[name]).map(|f| (f, 0, vec![])),
            Job::Item(i, item) => r.item(*i, item),
        })
        .collect();

    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut stats = RenderStats::default();
    for result in results {
        match result {
            Ok((file, charts, mut ws)) => {
                stats.pages += 1;
                stats.charts += charts;
                warnings.append(&mut ws);
                files.push(file);
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        // The same template error would repeat on every page; show each once.
        errors.sort_by(|a, b| a.headline().cmp(&b.headline()));
        errors.dedup_by(|a, b| a.headline() == b.headline());
        return Err(errors);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    crate::diagnostic::sort(&mut warnings);
    Ok((files, stats, warnings))
}

enum Job<'a> {
    Index,
    Departments,
    Category(usize),
    Department(&'a str),
    Item(usize, &'a ActionItem),
}

struct Renderer<'a> {
    plan: &'a Plan,
    theme: &'a Theme,
    site: &'a SiteView<'a>,
    department_ids: &'a BTreeMap<&'a str, &'a str>,
    charts: &'a Charts,
}

impl Renderer<'_> {
    fn page<T: Serialize>(
        &self,
        path: String,
        template: &str,
        title: String,
        breadcrumbs: Vec<Link>,
        current_nav: &str,
        page: T,
    ) -> Result<OutputFile, Diagnostic> {
        let depth = path.matches('/').count();
        let root = "../".repeat(depth);
        let nav = [("トップ", "index.html"), ("担当課別一覧", "departments/index.html")]
            .iter()
            .map(|(t, h)| NavLink { title: t.to_string(), href: h.to_string(), current: *h == current_nav })
            .collect();
        let page_title = if path == "index.html" {
            format!("{} | {}", title, self.plan.city.name)
        } else {
            format!("{} | {} | {}", title, self.plan.title, self.plan.city.name)
        };
        let ctx = PageContext { root: &root, page_title, page_title_short: title, site: self.site, breadcrumbs, nav, page };
        let html = self.theme.render(template, &ctx)?;
        Ok(OutputFile { path, contents: html.into_bytes() })
    }

    fn home_crumb(&self) -> Link {
        Link { title: "トップ".into(), href: "index.html".into() }
    }

    fn item_link(&self, item: &ActionItem) -> ItemLink {
        ItemLink {
            id: item.id.clone(),
            title: item.title.clone(),
            href: format!("items/{}.html", item.id),
            department: item.department.clone(),
        }
    }

    fn category_view(&self, index: usize, items: &[&ActionItem]) -> CategoryView {
        let c = &self.plan.categories[index];
        CategoryView {
            id: c.id.clone(),
            label: c.id.clone(),
            title: c.title.clone(),
            href: format!("categories/{}.html", c.id),
            item_count: items.len(),
            sections: c
                .sections
                .iter()
                .enumerate()
                .map(|(si, s)| SectionView {
                    id: format!("{}-{}", c.id, s.id),
                    label: format!("({})", s.id),
                    title: s.title.clone(),
                    items: items.iter().filter(|i| i.section == Some(si)).map(|i| self.item_link(i)).collect(),
                })
                .collect(),
            items: items.iter().filter(|i| i.section.is_none()).map(|i| self.item_link(i)).collect(),
        }
    }

    fn summary(&self, groups: Vec<SummaryGroup>) -> SummaryView {
        SummaryView { years: self.plan.fiscal_years().map(|y| y.label()).collect(), groups }
    }

    fn index(&self, by_category: &[Vec<&ActionItem>]) -> Result<OutputFile, Diagnostic> {
        let plan = self.plan;
        let mut groups = vec![summary_group("全体".into(), &progress::status_summary(plan, plan.items.iter()))];
        for (i, c) in plan.categories.iter().enumerate() {
            let s = progress::status_summary(plan, by_category[i].iter().copied());
            groups.push(summary_group(format!("{} {}", c.id, c.title), &s));
        }
        let page = IndexPage {
            description_html: plan.description.as_deref().map(|d| markdown::render(d, "").html),
            revisions: plan
                .revisions
                .iter()
                .map(|r| format!("{}（{}）", wareki_month(r.year, r.month), r.edition))
                .collect(),
            categories: (0..plan.categories.len()).map(|i| self.category_view(i, &by_category[i])).collect(),
            summary: self.summary(groups),
            statuses: plan.statuses.clone(),
            department_count: plan.departments.len(),
            item_count: plan.items.len(),
        };
        self.page("index.html".into(), "index.html", plan.title.clone(), vec![], "index.html", page)
    }

    fn category(&self, index: usize, items: &[&ActionItem]) -> Result<OutputFile, Diagnostic> {
        let c = &self.plan.categories[index];
        let s = progress::status_summary(self.plan, items.iter().copied());
        let page = CategoryPage {
            category: self.category_view(index, items),
            summary: self.summary(vec![summary_group(format!("{} {}", c.id, c.title), &s)]),
        };
        let title = format!("{} {}", c.id, c.title);
        self.page(format!("categories/{}.html", c.id), "category.html", title, vec![self.home_crumb()], "", page)
    }

    fn departments(&self, by_department: &BTreeMap<&str, Vec<&ActionItem>>) -> Result<OutputFile, Diagnostic> {
        let page = DepartmentsPage {
            departments: self
                .plan
                .departments
                .iter()
                .filter_map(|d| {
                    by_department.get(d.name.as_str()).map(|items| DepartmentEntry {
                        name: d.name.clone(),
                        href: format!("departments/{}.html", d.id),
                        item_count: items.len(),
                    })
                })
                .collect(),
        };
        self.page(
            "departments/index.html".into(),
            "departments.html",
            "担当課別一覧".into(),
            vec![self.home_crumb()],
            "departments/index.html",
            page,
        )
    }

    fn department(&self, name: &str, items: &[&ActionItem]) -> Result<OutputFile, Diagnostic> {
        let id = self.department_ids[name];
        let page = DepartmentPage { name: name.to_string(), items: items.iter().map(|i| self.item_link(i)).collect() };
        let crumbs = vec![
            self.home_crumb(),
            Link { title: "担当課別一覧".into(), href: "departments/index.html".into() },
        ];
        self.page(format!("departments/{id}.html"), "department.html", format!("{name}の取組"), crumbs, "", page)
    }

    fn item(&self, index: usize, item: &ActionItem) -> Result<(OutputFile, usize, Vec<Diagnostic>), Diagnostic> {
        let plan = self.plan;
        let root = "../";
        let mut warnings = Vec::new();
        let mut md = |text: &str, inline: bool, at: Option<Position>| {
            let r = if inline { markdown::render_inline(text, root) } else { markdown::render(text, root) };
            for (offset, msg) in r.problems {
                // Body problems are located exactly; front-matter fields at the item's id line.
                let pos = match at {
                    Some(start) => {
                        let before = &text[..offset];
                        let line = start.line + before.matches('\n').count();
                        let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
                        let col = if before.contains('\n') { col } else { start.col + col - 1 };
                        Position { line, col }
                    }
                    None => item.id_position,
                };
                warnings.push(Diagnostic::warning("W210", &item.source, pos, msg));
            }
            r.html
        };
        let body_html = md(&item.body, false, Some(item.body_position));
        let common_goal_html = item.common_goal.as_deref().map(|g| md(g, true, None));
        let years = item
            .years
            .iter()
            .map(|y| YearRow {
                label: y.year.label(),
                status: y.status.clone(),
                goal_html: y.goal.as_deref().map(|g| md(g, true, None)),
                plan_values: item
                    .indicators
                    .iter()
                    .filter_map(|ind| ind.plan.get(&y.year).map(|v| format!("{} {}", ind.name, format_value(v, &ind.unit))))
                    .collect(),
                actual_values: item
                    .indicators
                    .iter()
                    .map(|ind| {
                        let v = ind.actual.get(&y.year).map(|v| format_value(v, &ind.unit));
                        format!("{} {}", ind.name, v.as_deref().unwrap_or(UNREPORTED))
                    })
                    .collect(),
            })
            .collect();
        let mut charts = 0;
        let indicators = item
            .indicators
            .iter()
            .enumerate()
            .map(|(n, ind)| {
                let view = indicator_view(plan, item, n, ind, self.charts.get(&(index, n)).cloned());
                charts += usize::from(view.chart_svg.is_some());
                view
            })
            .collect();
        let c = &plan.categories[item.category];
        let section = item.section.map(|s| format!("({}) {}", c.sections[s].id, c.sections[s].title));
        let link_department = |name: &str| Link {
            title: name.to_string(),
            href: self.department_ids.get(name).map(|id| format!("departments/{id}.html")).unwrap_or_default(),
        };
        let page = ItemPage {
            id: item.id.clone(),
            title: item.title.clone(),
            department: link_department(&item.department),
            related_departments: item.related_departments.iter().map(|d| link_department(d)).collect(),
            category: Link { title: format!("{} {}", c.id, c.title), href: format!("categories/{}.html", c.id) },
            section,
            body_html,
            common_goal_html,
            years,
            indicators,
        };
        let crumbs = vec![
            self.home_crumb(),
            Link { title: format!("{} {}", c.id, c.title), href: format!("categories/{}.html", c.id) },
        ];
        let title = format!("{} {}", item.id, item.title);
        let file = self.page(format!("items/{}.html", item.id), "item.html", title, crumbs, "", page)?;
        Ok((file, charts, warnings))
    }
}

fn text_or_dash(v: Option<&Value>, unit: &str) -> String {
    v.map(|v| format_value(v, unit)).unwrap_or_else(|| "—".to_string())
}

fn number_attr(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_number).map(raw_number)
}

fn indicator_view(plan: &Plan, item: &ActionItem, n: usize, ind: &Indicator, chart_svg: Option<String>) -> IndicatorView {
    let unit = &ind.unit;
    let chart_id = chart_id(item, n);
    let caption = caption(ind);
    let years: Vec<FiscalYear> = plan.fiscal_years().collect();
    let mut rows = vec![ValueRow {
        label: match &ind.baseline_note {
            Some(note) => format!("現状値（{note}）"),
            None => "現状値".to_string(),
        },
        plan: "—".into(),
        plan_value: None,
        actual: text_or_dash(ind.baseline.as_ref(), unit),
        actual_value: number_attr(ind.baseline.as_ref()),
    }];
    for y in &years {
        let plan_v = ind.plan.get(y);
        let actual_v = ind.actual.get(y);
        rows.push(ValueRow {
            label: y.label(),
            plan: text_or_dash(plan_v, unit),
            plan_value: number_attr(plan_v),
            actual: actual_v.map(|v| format_value(v, unit)).unwrap_or_else(|| UNREPORTED.to_string()),
            actual_value: number_attr(actual_v),
        });
    }
    rows.push(ValueRow {
        label: match &ind.target_note {
            Some(note) => format!("目標値（{note}）"),
            None => "目標値".to_string(),
        },
        plan: text_or_dash(ind.target.as_ref(), unit),
        plan_value: number_attr(ind.target.as_ref()),
        actual: "—".into(),
        actual_value: None,
    });

    IndicatorView {
        name: ind.name.clone(),
        unit: unit.clone(),
        direction: ind.direction.label().to_string(),
        baseline: text_or_dash(ind.baseline.as_ref(), unit),
        baseline_note: ind.baseline_note.clone(),
        target: text_or_dash(ind.target.as_ref(), unit),
        target_note: ind.target_note.clone(),
        chart_svg,
        table_id: format!("{chart_id}-table"),
        caption,
        rows,
    }
}

/// The chart's text alternative: baseline, target and latest actual in one Japanese sentence.
pub fn describe(ind: &Indicator, years: &[FiscalYear]) -> String {
    let unit = &ind.unit;
    let mut parts = Vec::new();
    if let Some(b) = &ind.baseline {
        let note = ind.baseline_note.as_deref().map(|n| format!("（{n}）")).unwrap_or_default();
        parts.push(format!("現状値は{}{note}", format_value(b, unit)));
    }
    if let Some(t) = &ind.target {
        parts.push(format!("目標値は{}", format_value(t, unit)));
    }
    let latest = years.iter().rev().find_map(|y| ind.actual.get(y).map(|v| (y, v)));
    let actual = match latest {
        Some((y, v)) => format!("最新の実績は{}の{}です。", y.wareki(), format_value(v, unit)),
        None => "実績は未報告です。".to_string(),
    };
    let unreported: Vec<String> = match latest {
        Some(_) => years.iter().filter(|y| !ind.actual.contains_key(y)).map(|y| y.wareki()).collect(),
        None => Vec::new(),
    };
    let mut s = format!("{}の推移。", ind.name);
    if !parts.is_empty() {
        s.push_str(&parts.join("、"));
        s.push('、');
    }
    s.push_str(&actual);
    if !unreported.is_empty() && latest.is_some() {
        s.push_str(&format!("{}は未報告です。", unreported.join("・")));
    }
    s
}

/// Copies a directory tree into output files (theme static files, assets/).
pub fn collect_static(dir: &Path, prefix: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Diagnostic::error("E001", dir, Position::START, e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let contents = std::fs::read(entry.path())
            .map_err(|e| Diagnostic::error("E001", entry.path(), Position::START, format!("読み込めません: {e}")))?;
        files.push(OutputFile { path: format!("{prefix}{rel}"), contents });
    }
    Ok(files)
}
