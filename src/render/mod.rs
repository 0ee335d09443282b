//! 描画段階: モデルをページ単位の表示用データに変換し、tera テンプレートで HTML にする。
//! Render phase: turn the model into per-page view data and render it with the theme's templates.
//! All links are relative (`root` is the way back to the site root from each page), so the site
//! works from file://, from any sub-folder and on any static server.

use crate::diag::{Diagnostic, Position};
use crate::memo::Memo;
use crate::model::{ActionItem, Indicator, Plan, Report, Value};
use crate::progress::{self, ResultSummary, StatusSummary};
use crate::render::chart::{ChartSpec, ChartYear};
use crate::text::fiscal_year::{wareki_month, FiscalYear};
use crate::text::number::{format_number, format_rate, raw_number};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

pub mod chart;
pub mod data;
pub mod discover;
pub mod markdown;
pub mod search;
pub mod theme;

pub use crate::output::OutputFile;
pub use crate::render::theme::Theme;

// ---------------------------------------------------------------------------------------------
// View data. Everything a template prints is computed here; templates only lay it out.
// `root` leads back to the site root (CSS, assets, site-wide pages); `base` leads to the root
// of the current page set (the latest site or one yearly report edition).

#[derive(Serialize)]
struct SiteView<'a> {
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
struct Link {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct EditionView {
    title: String,
    as_of: String,
    /// True for a frozen yearly edition under reports/, false for the latest site.
    frozen: bool,
}

#[derive(Serialize)]
struct PageContext<'a, T: Serialize> {
    root: &'a str,
    base: &'a str,
    page_title: String,
    /// The page's own name (breadcrumb end), without the site suffix.
    page_title_short: String,
    site: &'a SiteView<'a>,
    edition: Option<&'a EditionView>,
    breadcrumbs: Vec<Link>,
    nav: Vec<NavLink>,
    /// Absolute URL of the page, only when site.toml sets base_url (for OGP and print).
    canonical: Option<String>,
    /// The page's path inside the site, e.g. "items/1-1-1.html" (printed when there is no
    /// base_url, so a printout still says which page it is).
    path: &'a str,
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
    /// The latest reported status and grade in this page set, as text.
    latest: Option<String>,
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
    caption: String,
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
    label: String,
    cells: Vec<String>,
}

fn status_group(title: String, s: &StatusSummary) -> SummaryGroup {
    SummaryGroup {
        title,
        item_count: s.item_count,
        rows: s
            .rows
            .iter()
            .map(|r| SummaryRow {
                label: r.status.clone(),
                cells: r.counts.iter().map(|n| format!("{n}件")).collect(),
            })
            .collect(),
    }
}

fn count_rows(rows: &[progress::CountRow]) -> Vec<SummaryRow> {
    rows.iter()
        .map(|r| SummaryRow {
            label: r.label.clone(),
            cells: r
                .counts
                .iter()
                .zip(&r.percents)
                .map(|(n, p)| format!("{n}件（{p:.1}%）"))
                .collect(),
        })
        .collect()
}

/// 総括表 of reported results: by status, by grade, and 効果額 totals.
fn result_groups(title: &str, s: &ResultSummary) -> Vec<SummaryGroup> {
    let effect = SummaryRow {
        label: "効果額の合計".into(),
        cells: s
            .effect_totals
            .iter()
            .zip(&s.effect_counts)
            .map(|(t, n)| format!("{}千円（{n}項目）", format_number(*t)))
            .collect(),
    };
    vec![
        SummaryGroup {
            title: format!("{title}: 進捗状況（実績）"),
            item_count: s.item_count,
            rows: count_rows(&s.by_status),
        },
        SummaryGroup {
            title: format!("{title}: 評価"),
            item_count: s.item_count,
            rows: count_rows(&s.by_grade),
        },
        SummaryGroup {
            title: format!("{title}: 効果額"),
            item_count: s.item_count,
            rows: vec![effect],
        },
    ]
}

#[derive(Serialize)]
struct IndexPage {
    description_html: Option<String>,
    revisions: Vec<String>,
    categories: Vec<CategoryView>,
    summary: SummaryView,
    result_summary: Option<SummaryView>,
    statuses: Vec<crate::model::Status>,
    editions: Vec<Link>,
    department_count: usize,
    item_count: usize,
}

#[derive(Serialize)]
struct CategoryPage {
    category: CategoryView,
    summary: SummaryView,
    result_summary: Option<SummaryView>,
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
struct ReportsPage {
    editions: Vec<EditionEntry>,
}

#[derive(Serialize)]
struct EditionEntry {
    title: String,
    href: String,
    as_of: String,
}

#[derive(Serialize)]
struct MethodPage {
    statuses: Vec<crate::model::Status>,
    grades: Vec<crate::model::Grade>,
    rules: Vec<RuleView>,
}

#[derive(Serialize)]
struct OpenDataPage {
    downloads: Vec<Download>,
    item_count: usize,
    progress_columns: Vec<ColumnView>,
    status_columns: Vec<ColumnView>,
    license_name: String,
    license_url: String,
}

/// One column of a data file and its definition (項目定義).
#[derive(Serialize)]
struct ColumnView {
    name: String,
    description: String,
}

#[derive(Serialize)]
struct SearchPage {
    categories: Vec<Link>,
}

#[derive(Serialize)]
struct RuleView {
    name: &'static str,
    when: &'static str,
    formula: &'static str,
    example: String,
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
    results: Vec<ResultView>,
    editions: Vec<NavLink>,
    changes: Option<ChangesView>,
    downloads: Vec<Download>,
}

#[derive(Serialize)]
struct Download {
    title: String,
    href: String,
    /// 「CSV形式 3KB」
    label: String,
}

#[derive(Serialize)]
struct ChangesView {
    from: String,
    to: String,
    changes: Vec<progress::Change>,
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
struct ResultView {
    label: String,
    status: Option<String>,
    grade: Option<String>,
    achievements_html: Option<String>,
    challenges_html: Option<String>,
    effect_amount: Option<String>,
    council_comment_html: Option<String>,
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
    plan_note: Option<String>,
    /// Inline SVG; present for numeric indicators only.
    chart_svg: Option<String>,
    table_id: String,
    caption: String,
    rows: Vec<ValueRow>,
    /// Plain-language sentences for reported years.
    sentences: Vec<String>,
    has_achievement: bool,
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
    achievement: String,
}

pub const UNREPORTED: &str = "未報告";

// ---------------------------------------------------------------------------------------------

/// Which page set is being rendered: the latest site at the root, or a yearly report edition.
pub struct Scope<'a> {
    /// Output path prefix: "" or "reports/2021/".
    pub prefix: String,
    /// The edition this page set shows (the latest report for the root).
    pub report: Option<&'a Report>,
    /// True for a frozen yearly edition.
    pub frozen: bool,
    /// The edition before `report`, to list what changed.
    pub previous: Option<&'a Report>,
    /// Every edition of the plan (for links between them).
    pub editions: &'a [Report],
    /// This page set's data files by path (for download links with sizes).
    pub data: BTreeMap<String, crate::render::data::Distribution>,
    /// Published accessibility test results (content/accessibility-results.json), if any.
    pub accessibility: Option<&'a crate::content::accessibility::Results>,
    /// Markdown rendered by earlier builds, by (text, root, inline).
    pub markdown: &'a MarkdownMemo,
    /// Item pages rendered by earlier builds.
    pub item_pages: &'a ItemPageMemo,
}

pub type MarkdownMemo = Memo<(String, String, bool), markdown::Rendered>;

/// Item pages by [`ActionItem::origin`], page-set prefix and [`Theme::id`]. An item page shows
/// only its item (with its charts and its own data files) and the plan's settings, all fixed by
/// the origin and the prefix; never another item.
pub type ItemPageMemo = Memo<(u64, String, u64), PageResult>;

/// Renders the pages of one page set. Item pages are rendered one at a time (so a large plan
/// can be written out as it goes); the other pages, which list items or link the whole-plan
/// data files, all at once at the end.
pub struct SetRenderer<'a> {
    plan: &'a Plan,
    theme: &'a Theme,
    scope: &'a Scope<'a>,
    site: SiteView<'a>,
    edition: Option<EditionView>,
    department_ids: BTreeMap<&'a str, &'a str>,
    // Items per department and category, indexed once (no page scans all items).
    by_department: BTreeMap<&'a str, Vec<&'a ActionItem>>,
    by_category: Vec<Vec<&'a ActionItem>>,
}

impl<'a> SetRenderer<'a> {
    pub fn new(plan: &'a Plan, theme: &'a Theme, scope: &'a Scope<'a>) -> Self {
        let site = SiteView {
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
        };
        let edition = scope.report.map(|r| EditionView {
            title: r.title.clone(),
            as_of: r.as_of.wareki(),
            frozen: scope.frozen,
        });
        let department_ids = plan
            .departments
            .iter()
            .map(|d| (d.name.as_str(), d.id.as_str()))
            .collect();
        let mut by_department: BTreeMap<&str, Vec<&ActionItem>> = BTreeMap::new();
        let mut by_category: Vec<Vec<&ActionItem>> = vec![Vec::new(); plan.categories.len()];
        for item in &plan.items {
            by_department
                .entry(item.department.as_str())
                .or_default()
                .push(item);
            by_category[item.category].push(item);
        }
        SetRenderer {
            plan,
            theme,
            scope,
            site,
            edition,
            department_ids,
            by_department,
            by_category,
        }
    }

    fn renderer(&self) -> Renderer<'_> {
        Renderer {
            plan: self.plan,
            theme: self.theme,
            site: &self.site,
            edition: self.edition.as_ref(),
            department_ids: &self.department_ids,
            scope: self.scope,
        }
    }

    /// One item's page, given its charts (by indicator) and its own data files.
    pub fn item_page(
        &self,
        index: usize,
        charts: &[Option<String>],
        downloads: &[crate::render::data::Distribution],
    ) -> PageResult {
        let item = &self.plan.items[index];
        let scope = self.scope;
        scope.item_pages.get_or(
            || (item.origin != 0).then(|| (item.origin, scope.prefix.clone(), self.theme.id())),
            || self.renderer().item(item, charts, downloads),
        )
    }

    /// Every page of the set but the item pages, sorted by path. (Only item pages render the
    /// content's Markdown, so only they can have warnings.)
    pub fn site_pages(&self) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let scope = self.scope;
        let mut jobs: Vec<Job> = vec![Job::Index, Job::Departments];
        if scope.prefix.is_empty() {
            jobs.extend([
                Job::Method,
                Job::OpenData,
                Job::Search,
                Job::NotFound,
                Job::Accessibility,
            ]);
            if !scope.editions.is_empty() {
                jobs.push(Job::Reports);
            }
        }
        jobs.extend((0..self.plan.categories.len()).map(Job::Category));
        jobs.extend(
            self.plan
                .departments
                .iter()
                .filter(|d| self.by_department.contains_key(d.name.as_str()))
                .map(|d| Job::Department(&d.name)),
        );
        let r = self.renderer();
        let results: Vec<Result<OutputFile, Diagnostic>> = jobs
            .par_iter()
            .map(|job| match job {
                Job::Index => r.index(&self.by_category),
                Job::Departments => r.departments(&self.by_department),
                Job::Method => r.method(),
                Job::OpenData => r.opendata(),
                Job::Search => r.search(),
                Job::NotFound => r.not_found(),
                Job::Accessibility => r.accessibility(),
                Job::Reports => r.reports(),
                Job::Category(i) => r.category(*i, &self.by_category[*i]),
                Job::Department(name) => r.department(name, &self.by_department[name]),
            })
            .collect();
        let (mut files, mut errors): (Vec<_>, Vec<_>) = (Vec::new(), Vec::new());
        for result in results {
            match result {
                Ok(f) => files.push(f),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            crate::diag::sort_unique(&mut errors);
            return Err(errors);
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }
}

/// A rendered page with its chart count and warnings.
pub type PageResult = Result<(OutputFile, usize, Vec<Diagnostic>), Diagnostic>;

enum Job<'a> {
    Index,
    Departments,
    Method,
    OpenData,
    Search,
    NotFound,
    Accessibility,
    Reports,
    Category(usize),
    Department(&'a str),
}

struct Renderer<'a> {
    plan: &'a Plan,
    theme: &'a Theme,
    site: &'a SiteView<'a>,
    edition: Option<&'a EditionView>,
    department_ids: &'a BTreeMap<&'a str, &'a str>,
    scope: &'a Scope<'a>,
}

impl Renderer<'_> {
    /// Renders one page. `rel` is the path inside the page set; hrefs in `breadcrumbs` are
    /// relative to the page set's base.
    fn page<T: Serialize>(
        &self,
        rel: &str,
        template: &str,
        title: String,
        breadcrumbs: Vec<Link>,
        page: T,
    ) -> Result<OutputFile, Diagnostic> {
        let path = format!("{}{rel}", self.scope.prefix);
        let root = "../".repeat(path.matches('/').count());
        let base = format!("{root}{}", self.scope.prefix);
        let mut nav_links = vec![
            (
                "トップ",
                format!("{base}index.html"),
                format!("{}index.html", self.scope.prefix),
            ),
            (
                "担当課別一覧",
                format!("{base}departments/index.html"),
                format!("{}departments/index.html", self.scope.prefix),
            ),
            (
                "評価の考え方",
                format!("{root}method.html"),
                "method.html".to_string(),
            ),
        ];
        if !self.scope.editions.is_empty() {
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
        let nav = nav_links
            .into_iter()
            .map(|(t, href, target)| NavLink {
                title: t.to_string(),
                href,
                current: target == path,
            })
            .collect();
        let edition_suffix = match self.edition {
            Some(e) if e.frozen => format!(" | {}", e.title),
            _ => String::new(),
        };
        let page_title = if rel == "index.html" && self.scope.prefix.is_empty() {
            format!("{title} | {}", self.plan.city.name)
        } else {
            format!(
                "{title}{edition_suffix} | {} | {}",
                self.plan.title, self.plan.city.name
            )
        };
        let breadcrumbs = breadcrumbs
            .into_iter()
            .map(|l| Link {
                title: l.title,
                href: format!("{base}{}", l.href),
            })
            .collect();
        let canonical = self.plan.base_url.as_ref().map(|b| format!("{b}{path}"));
        let ctx = PageContext {
            root: &root,
            base: &base,
            page_title,
            page_title_short: title,
            site: self.site,
            edition: self.edition,
            breadcrumbs,
            nav,
            canonical,
            path: &path,
            page,
        };
        let html = self.theme.render(template, &ctx)?;
        Ok(OutputFile {
            path,
            contents: html.into_bytes(),
        })
    }

    fn home_crumb(&self) -> Link {
        let title = match self.edition {
            Some(e) if e.frozen => e.title.clone(),
            _ => "トップ".into(),
        };
        Link {
            title,
            href: "index.html".into(),
        }
    }

    fn latest_result_text(&self, item: &ActionItem) -> Option<String> {
        let year = self.scope.report?.year;
        let r = item
            .years
            .iter()
            .find(|y| y.year == year)?
            .result
            .as_ref()?;
        let mut parts = Vec::new();
        if let Some(s) = &r.status {
            parts.push(format!("進捗状況 {s}"));
        }
        if let Some(g) = &r.grade {
            parts.push(format!("評価 {g}"));
        }
        (!parts.is_empty()).then(|| format!("{}: {}", year.wareki(), parts.join("・")))
    }

    fn item_link(&self, item: &ActionItem) -> ItemLink {
        ItemLink {
            id: item.id.clone(),
            title: item.title.clone(),
            href: format!("items/{}.html", item.id),
            department: item.department.clone(),
            latest: self.latest_result_text(item),
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
                    items: items
                        .iter()
                        .filter(|i| i.section == Some(si))
                        .map(|i| self.item_link(i))
                        .collect(),
                })
                .collect(),
            items: items
                .iter()
                .filter(|i| i.section.is_none())
                .map(|i| self.item_link(i))
                .collect(),
        }
    }

    fn status_summary(&self, groups: Vec<SummaryGroup>) -> SummaryView {
        SummaryView {
            caption: "総括表: 計画上の進捗状況別の取組項目数（年度別）".into(),
            years: self.plan.fiscal_years().map(|y| y.label()).collect(),
            groups,
        }
    }

    fn result_summary<'b>(
        &self,
        scope: &str,
        items: impl Iterator<Item = &'b ActionItem> + Clone,
    ) -> Option<SummaryView> {
        if self.plan.reports.is_empty() {
            return None;
        }
        let s = progress::result_summary(self.plan, items);
        Some(SummaryView {
            caption: "総括表: 実績の進捗状況・評価別の取組項目数と効果額（報告年度別）".into(),
            years: s.years.iter().map(|y| y.label()).collect(),
            groups: result_groups(scope, &s),
        })
    }

    fn index(&self, by_category: &[Vec<&ActionItem>]) -> Result<OutputFile, Diagnostic> {
        let plan = self.plan;
        let mut groups = vec![status_group(
            "全体".into(),
            &progress::status_summary(plan, plan.items.iter()),
        )];
        for (i, c) in plan.categories.iter().enumerate() {
            let s = progress::status_summary(plan, by_category[i].iter().copied());
            groups.push(status_group(format!("{} {}", c.id, c.title), &s));
        }
        let page = IndexPage {
            description_html: plan
                .description
                .as_deref()
                .map(|d| markdown::render(d, "").html),
            revisions: plan
                .revisions
                .iter()
                .map(|r| format!("{}（{}）", wareki_month(r.year, r.month), r.edition))
                .collect(),
            categories: (0..plan.categories.len())
                .map(|i| self.category_view(i, &by_category[i]))
                .collect(),
            summary: self.status_summary(groups),
            result_summary: self.result_summary("全体", plan.items.iter()),
            statuses: plan.statuses.clone(),
            editions: self.edition_links(),
            department_count: plan.departments.len(),
            item_count: plan.items.len(),
        };
        let title = match self.edition {
            Some(e) if e.frozen => e.title.clone(),
            _ => plan.title.clone(),
        };
        self.page("index.html", "index.html", title, vec![], page)
    }

    fn edition_links(&self) -> Vec<Link> {
        let root = "../".repeat(self.scope.prefix.matches('/').count());
        self.scope
            .editions
            .iter()
            .rev()
            .map(|r| Link {
                title: r.title.clone(),
                href: format!("{root}reports/{}/index.html", r.year.0),
            })
            .collect()
    }

    fn category(&self, index: usize, items: &[&ActionItem]) -> Result<OutputFile, Diagnostic> {
        let c = &self.plan.categories[index];
        let s = progress::status_summary(self.plan, items.iter().copied());
        let title = format!("{} {}", c.id, c.title);
        let page = CategoryPage {
            category: self.category_view(index, items),
            summary: self.status_summary(vec![status_group(title.clone(), &s)]),
            result_summary: self.result_summary(&title, items.iter().copied()),
        };
        self.page(
            &format!("categories/{}.html", c.id),
            "category.html",
            title,
            vec![self.home_crumb()],
            page,
        )
    }

    fn departments(
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

    fn department(&self, name: &str, items: &[&ActionItem]) -> Result<OutputFile, Diagnostic> {
        let id = self.department_ids[name];
        let page = DepartmentPage {
            name: name.to_string(),
            items: items.iter().map(|i| self.item_link(i)).collect(),
        };
        let crumbs = vec![
            self.home_crumb(),
            Link {
                title: "担当課別一覧".into(),
                href: "departments/index.html".into(),
            },
        ];
        self.page(
            &format!("departments/{id}.html"),
            "department.html",
            format!("{name}の取組"),
            crumbs,
            page,
        )
    }

    fn reports(&self) -> Result<OutputFile, Diagnostic> {
        let page = ReportsPage {
            editions: self
                .scope
                .editions
                .iter()
                .rev()
                .map(|r| EditionEntry {
                    title: r.title.clone(),
                    href: format!("{}/index.html", r.year.0),
                    as_of: r.as_of.wareki(),
                })
                .collect(),
        };
        self.page(
            "reports/index.html",
            "reports.html",
            "進捗状況報告の一覧".into(),
            vec![self.home_crumb()],
            page,
        )
    }

    fn method(&self) -> Result<OutputFile, Diagnostic> {
        use progress::AchievementRule as R;
        let example = |b: Option<f64>, p: f64, a: f64, d: crate::model::Direction| {
            let ind = Indicator {
                name: String::new(),
                unit: String::new(),
                direction: d,
                baseline: b.map(Value::Number),
                baseline_note: None,
                target: None,
                target_note: None,
                plan_note: None,
                decimals: 0,
                plan: BTreeMap::from([(self.plan.first_year, Value::Number(p))]),
                actual: BTreeMap::from([(self.plan.first_year, Value::Number(a))]),
            };
            let x = progress::achievement(&ind, self.plan.first_year)
                .map(|x| format_rate(x.rate))
                .unwrap_or_default();
            let n = format_number;
            match b {
                Some(b) => format!(
                    "現状値 {}、計画値 {}、実績値 {} のとき {x}",
                    n(b),
                    n(p),
                    n(a)
                ),
                None => format!("計画値 {}、実績値 {} のとき {x}", n(p), n(a)),
            }
        };
        use crate::model::Direction::{Decrease, Increase};
        let rules = vec![
            RuleView {
                name: "基準値からの改善率",
                when: "現状値（計画策定時の数値）があり、計画値と異なるとき（高いほど良い指標・低いほど良い指標の両方）",
                formula: R::FromBaseline.formula(),
                example: format!("{}。低いほど良い指標でも同じ式です（例: {}）。", example(Some(95.45), 96.4, 96.1, Increase), example(Some(12.0), 0.0, 6.0, Decrease)),
            },
            RuleView {
                name: "計画値に対する比率（高いほど良い指標）",
                when: "現状値がないか計画値と同じで、計画値が 0 より大きいとき",
                formula: R::Ratio.formula(),
                example: example(None, 50.0, 45.0, Increase),
            },
            RuleView {
                name: "計画値に対する比率（低いほど良い指標）",
                when: "現状値がないか計画値と同じで、実績値が 0 より大きいとき",
                formula: R::InverseRatio.formula(),
                example: example(None, 18.0, 20.0, Decrease),
            },
            RuleView {
                name: "到達・未到達",
                when: "上のどれでも割り算ができないとき（計画値 0 の高いほど良い指標、実績値 0 の低いほど良い指標）",
                formula: R::MetOrNot.formula(),
                example: example(None, 0.0, 0.0, Decrease),
            },
        ];
        let page = MethodPage {
            statuses: self.plan.statuses.clone(),
            grades: self.plan.grades.clone(),
            rules,
        };
        self.page(
            "method.html",
            "method.html",
            "評価の考え方".into(),
            vec![self.home_crumb()],
            page,
        )
    }

    fn download(&self, d: &crate::render::data::Distribution, root: &str) -> Download {
        Download {
            title: d.title.clone(),
            href: format!("{root}{}", d.path),
            label: crate::render::data::size_label(d.format, d.bytes),
        }
    }

    fn opendata(&self) -> Result<OutputFile, Diagnostic> {
        let columns = |cols: &[(&str, &str)]| {
            cols.iter()
                .map(|(n, d)| ColumnView {
                    name: n.to_string(),
                    description: d.to_string(),
                })
                .collect::<Vec<_>>()
        };
        let whole = crate::render::data::whole_plan_paths(self.plan, "");
        let page = OpenDataPage {
            downloads: whole
                .iter()
                .filter_map(|p| self.scope.data.get(p))
                .map(|d| self.download(d, "../"))
                .collect(),
            item_count: self.plan.items.len(),
            progress_columns: columns(&crate::render::data::PROGRESS_COLUMNS),
            status_columns: columns(&crate::render::data::STATUS_COLUMNS),
            license_name: self.plan.license.name.clone(),
            license_url: self.plan.license.url.clone(),
        };
        self.page(
            "data/index.html",
            "opendata.html",
            "オープンデータ".into(),
            vec![self.home_crumb()],
            page,
        )
    }

    fn search(&self) -> Result<OutputFile, Diagnostic> {
        let page = SearchPage {
            categories: self
                .plan
                .categories
                .iter()
                .map(|c| Link {
                    title: format!("{} {}", c.id, c.title),
                    href: format!("categories/{}.html", c.id),
                })
                .collect(),
        };
        self.page(
            "search.html",
            "search.html",
            "サイト内検索".into(),
            vec![self.home_crumb()],
            page,
        )
    }

    fn not_found(&self) -> Result<OutputFile, Diagnostic> {
        self.page(
            "404.html",
            "404.html",
            "ページが見つかりません".into(),
            vec![],
            (),
        )
    }

    fn accessibility(&self) -> Result<OutputFile, Diagnostic> {
        self.page(
            "accessibility.html",
            "accessibility.html",
            "ウェブアクセシビリティ方針と試験結果".into(),
            vec![self.home_crumb()],
            crate::content::accessibility::view(self.scope.accessibility),
        )
    }

    fn item(
        &self,
        item: &ActionItem,
        chart_svgs: &[Option<String>],
        downloads: &[crate::render::data::Distribution],
    ) -> PageResult {
        let plan = self.plan;
        let root = "../".repeat(format!("{}items/x", self.scope.prefix).matches('/').count());
        let root = root.as_str();
        let mut warnings = Vec::new();
        let mut md = |text: &str, inline: bool, at: Option<Position>| {
            let r = self.scope.markdown.get_or(
                || Some((text.to_string(), root.to_string(), inline)),
                || {
                    if inline {
                        markdown::render_inline(text, root)
                    } else {
                        markdown::render(text, root)
                    }
                },
            );
            for (offset, msg) in r.problems {
                // Body problems are located exactly; front-matter fields at the item's id line.
                let pos = match at {
                    Some(start) => start.advance(&text[..offset]),
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
                    .filter_map(|ind| {
                        ind.plan
                            .get(&y.year)
                            .map(|v| format!("{} {}", ind.name, ind.format(v)))
                    })
                    .collect(),
                actual_values: item
                    .indicators
                    .iter()
                    .map(|ind| {
                        let v = ind.actual.get(&y.year).map(|v| ind.format(v));
                        format!("{} {}", ind.name, v.as_deref().unwrap_or(UNREPORTED))
                    })
                    .collect(),
            })
            .collect();
        let results =
            item.years
                .iter()
                .filter_map(|y| y.result.as_ref().map(|r| (y.year, r)))
                .map(|(year, r)| ResultView {
                    label: year.label(),
                    status: r.status.clone(),
                    grade: r.grade.as_ref().map(|g| {
                        match plan.grades.iter().find(|x| &x.code == g) {
                            Some(x) => format!("{}（{}）", x.code, x.label),
                            None => g.clone(),
                        }
                    }),
                    achievements_html: r.achievements.as_deref().map(|t| md(t, false, None)),
                    challenges_html: r.challenges.as_deref().map(|t| md(t, false, None)),
                    effect_amount: r.effect_amount.map(|e| format!("{}千円", format_number(e))),
                    council_comment_html: r.council_comment.as_deref().map(|t| md(t, false, None)),
                })
                .collect();
        let reported: Vec<FiscalYear> = plan.reports.iter().map(|r| r.year).collect();
        let mut charts = 0;
        let indicators = item
            .indicators
            .iter()
            .enumerate()
            .map(|(n, ind)| {
                let view = indicator_view(
                    plan,
                    item,
                    n,
                    ind,
                    chart_svgs.get(n).cloned().flatten(),
                    &reported,
                );
                charts += usize::from(view.chart_svg.is_some());
                view
            })
            .collect();
        let c = &plan.categories[item.category];
        let section = item
            .section
            .map(|s| format!("({}) {}", c.sections[s].id, c.sections[s].title));
        let link_department = |name: &str| Link {
            title: name.to_string(),
            href: self
                .department_ids
                .get(name)
                .map(|id| format!("{root}{}departments/{id}.html", self.scope.prefix))
                .unwrap_or_default(),
        };
        let base = format!("{root}{}", self.scope.prefix);
        // The same item in the latest site and in every edition.
        let mut editions = vec![NavLink {
            title: "最新の状況".into(),
            href: format!("{root}items/{}.html", item.id),
            current: self.scope.prefix.is_empty(),
        }];
        editions.extend(self.scope.editions.iter().rev().map(|r| NavLink {
            title: r.title.clone(),
            href: format!("{root}reports/{}/items/{}.html", r.year.0, item.id),
            current: self.scope.frozen && self.scope.report.map(|x| x.year) == Some(r.year),
        }));
        let changes = match (self.scope.report, self.scope.previous) {
            (Some(now), Some(prev)) => Some(ChangesView {
                from: prev.title.clone(),
                to: now.title.clone(),
                changes: progress::changes(item, now.year, prev.year, |ind, v| ind.format(v)),
            }),
            _ => None,
        };
        let page = ItemPage {
            id: item.id.clone(),
            title: item.title.clone(),
            department: link_department(&item.department),
            related_departments: item
                .related_departments
                .iter()
                .map(|d| link_department(d))
                .collect(),
            category: Link {
                title: format!("{} {}", c.id, c.title),
                href: format!("{base}categories/{}.html", c.id),
            },
            section,
            body_html,
            common_goal_html,
            years,
            indicators,
            results,
            editions: if self.scope.editions.is_empty() {
                Vec::new()
            } else {
                editions
            },
            changes,
            downloads: downloads.iter().map(|d| self.download(d, root)).collect(),
        };
        let crumbs = vec![
            self.home_crumb(),
            Link {
                title: format!("{} {}", c.id, c.title),
                href: format!("categories/{}.html", c.id),
            },
        ];
        let title = format!("{} {}", item.id, item.title);
        let file = self.page(
            &format!("items/{}.html", item.id),
            "item.html",
            title,
            crumbs,
            page,
        )?;
        Ok((file, charts, warnings))
    }
}

fn text_or_dash(v: Option<&Value>, ind: &Indicator) -> String {
    v.map(|v| ind.format(v)).unwrap_or_else(|| "—".to_string())
}

fn number_attr(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_number).map(raw_number)
}

fn indicator_view(
    plan: &Plan,
    item: &ActionItem,
    n: usize,
    ind: &Indicator,
    chart_svg: Option<String>,
    reported: &[FiscalYear],
) -> IndicatorView {
    let unit = &ind.unit;
    let chart_id = chart_id(item, n);
    let caption = caption(ind);
    let mut rows = vec![ValueRow {
        label: match &ind.baseline_note {
            Some(note) => format!("現状値（{note}）"),
            None => "現状値".to_string(),
        },
        plan: "—".into(),
        plan_value: None,
        actual: text_or_dash(ind.baseline.as_ref(), ind),
        actual_value: number_attr(ind.baseline.as_ref()),
        achievement: "—".into(),
    }];
    let mut has_achievement = false;
    for y in plan.fiscal_years() {
        let plan_v = ind.plan.get(&y);
        let actual_v = ind.actual.get(&y);
        let achievement = match progress::achievement(ind, y) {
            Some(a) => {
                has_achievement = true;
                format!(
                    "{}（{}）",
                    format_rate(a.rate),
                    if a.met { "到達" } else { "未到達" }
                )
            }
            None => "—".into(),
        };
        rows.push(ValueRow {
            label: y.label(),
            plan: text_or_dash(plan_v, ind),
            plan_value: number_attr(plan_v),
            actual: actual_v
                .map(|v| ind.format(v))
                .unwrap_or_else(|| UNREPORTED.to_string()),
            actual_value: number_attr(actual_v),
            achievement,
        });
    }
    rows.push(ValueRow {
        label: match &ind.target_note {
            Some(note) => format!("目標値（{note}）"),
            None => "目標値".to_string(),
        },
        plan: text_or_dash(ind.target.as_ref(), ind),
        plan_value: number_attr(ind.target.as_ref()),
        actual: "—".into(),
        actual_value: None,
        achievement: "—".into(),
    });
    let sentences = reported
        .iter()
        .filter(|y| ind.plan.contains_key(y) || ind.actual.contains_key(y))
        .map(|y| progress::plain_sentence(ind, *y, |v| ind.format(v)))
        .collect();
    IndicatorView {
        name: ind.name.clone(),
        unit: unit.clone(),
        direction: ind.direction.label().to_string(),
        baseline: text_or_dash(ind.baseline.as_ref(), ind),
        baseline_note: ind.baseline_note.clone(),
        target: text_or_dash(ind.target.as_ref(), ind),
        target_note: ind.target_note.clone(),
        plan_note: ind.plan_note.clone(),
        chart_svg,
        table_id: format!("{chart_id}-table"),
        caption,
        rows,
        sentences,
        has_achievement: has_achievement || !reported.is_empty(),
    }
}

/// The chart's text alternative: baseline, target and latest actual in one Japanese sentence.
pub fn describe(ind: &Indicator, years: &[FiscalYear]) -> String {
    let mut parts = Vec::new();
    if let Some(b) = &ind.baseline {
        let note = ind
            .baseline_note
            .as_deref()
            .map(|n| format!("（{n}）"))
            .unwrap_or_default();
        parts.push(format!("現状値は{}{note}", ind.format(b)));
    }
    if let Some(t) = &ind.target {
        parts.push(format!("目標値は{}", ind.format(t)));
    }
    let latest = years
        .iter()
        .rev()
        .find_map(|y| ind.actual.get(y).map(|v| (y, v)));
    let actual = match latest {
        Some((y, v)) => format!("最新の実績は{}の{}です。", y.wareki(), ind.format(v)),
        None => "実績は未報告です。".to_string(),
    };
    let mut s = format!("{}の推移。", ind.name);
    if !parts.is_empty() {
        s.push_str(&parts.join("、"));
        s.push('、');
    }
    s.push_str(&actual);
    if let Some((latest_year, _)) = latest {
        let unreported: Vec<String> = years
            .iter()
            .filter(|y| *y <= latest_year && !ind.actual.contains_key(y))
            .map(|y| y.wareki())
            .collect();
        if !unreported.is_empty() {
            s.push_str(&format!("{}は未報告です。", unreported.join("・")));
        }
    }
    s
}

/// Copies a directory tree into output files (theme static files, assets/).
pub fn collect_static(dir: &Path, prefix: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Diagnostic::error("E001", dir, Position::START, e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let contents = std::fs::read(entry.path()).map_err(|e| {
            Diagnostic::error(
                "E001",
                entry.path(),
                Position::START,
                format!("読み込めません: {e}"),
            )
        })?;
        files.push(OutputFile {
            path: format!("{prefix}{rel}"),
            contents,
        });
    }
    Ok(files)
}

/// Chart SVGs by the item's [`ActionItem::origin`], the indicator's index and the page-set
/// prefix: a chart shows one indicator of one item over the plan's years, all fixed by those.
pub type ChartMemo = Memo<(u64, usize, String), String>;

/// Draws an item's charts: one SVG per numeric indicator, `None` for the others.
pub fn item_charts(
    plan: &Plan,
    prefix: &str,
    item: &ActionItem,
    memo: &ChartMemo,
) -> Vec<Option<String>> {
    let years: Vec<FiscalYear> = plan.fiscal_years().collect();
    item.indicators
        .iter()
        .enumerate()
        .map(|(n, ind)| {
            if !ind.is_numeric() {
                return None;
            }
            let draw = || {
                let id = chart_id(item, n);
                let description = describe(ind, &years);
                chart::render_svg(&ChartSpec {
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
                    decimals: ind.decimals,
                })
            };
            let key = || (item.origin != 0).then(|| (item.origin, n, prefix.to_string()));
            Some(memo.get_or(key, draw))
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
