//! 行政改革審議会への報告書: 1 つの版の全取組項目の計画と実績を 1 ページに（A4 で印刷する）。
//! The council report of an edition (reports/<year>/report.html, and one per department under
//! reports/<year>/report/): a cover, the edition's 総括表, then every item's plan and actual for
//! the year with its 達成率, status, grade, 取組実績, 課題, 効果額 and the council's comment.
//! Where an item stands comes from [`progress::standing`]; nothing is judged here.

use crate::diag::Diagnostic;
use crate::model::{ActionItem, Edition, Indicator, Value};
use crate::progress::{self, Standing};
use crate::render::markdown;
use crate::render::page::{Page, Renderer};
use crate::render::pages::item::{attainment_text, grade_text};
use crate::render::pages::summary::SummaryView;
use crate::render::view::{self, Link};
use crate::text::fiscal_year::FiscalYear;
use crate::text::number::{format_number, raw_number};
use serde::Serialize;

/// The report's title (the page's own name, before the edition and plan in `<title>`).
/// The catalogue key of the report's title (行政改革審議会 報告書).
pub(crate) const TITLE: &str = "report.title";

#[derive(Serialize)]
struct ReportPage<'a> {
    cover: Cover,
    summary: Option<SummaryView>,
    /// 「取組項目ごとの計画と実績（令和3年度）」
    caption: String,
    year: String,
    items: view::Each<'a, ReportItem>,
    /// The whole report (on a department's version) or the departments' versions.
    whole: Option<Link>,
    departments: Vec<Link>,
}

#[derive(Serialize)]
struct Cover {
    edition: String,
    as_of: String,
    /// 「全36項目」「収納課の4項目」
    scope: String,
    /// The page's absolute URL (with base_url), else its path inside the site.
    url: String,
    absolute: bool,
    /// The URL as a QR code (inline SVG), only with base_url: a relative path cannot be opened
    /// from paper.
    qr_svg: Option<String>,
}

/// One item's row of the report table.
#[derive(Serialize)]
struct ReportItem {
    id: String,
    title: String,
    department: String,
    planned_status: String,
    goal_html: Option<String>,
    plans: Vec<Figure>,
    status: String,
    actuals: Vec<Figure>,
    attainments: Vec<Figure>,
    grade: String,
    /// Why the item is behind the plan (empty when it is not).
    behind: Vec<String>,
    achievements_html: String,
    challenges_html: String,
    effect_amount: String,
    effect_value: Option<String>,
    council_comment_html: String,
}

/// An indicator's value in a cell: 「HPアクセス数 480,000件」, with the exact number for checks.
#[derive(Serialize)]
struct Figure {
    name: String,
    text: String,
    value: Option<String>,
}

/// What a report cell says when the department wrote nothing there.
const NOT_WRITTEN: &str = "site.not_written";

impl Renderer<'_> {
    /// The council report of this edition: of all its items, or of one department's.
    pub(crate) fn council_report(
        &self,
        department: Option<&str>,
        items: &[&ActionItem],
    ) -> Result<Page, Diagnostic> {
        let edition = self
            .page_set
            .edition
            .expect("a council report has an edition");
        let w = self.w();
        let report_title = w.get(TITLE);
        let (rel, title) = match department {
            Some(name) => (
                format!("report/{}.html", self.department_ids[name]),
                format!(
                    "{report_title}{}",
                    w.fill("site.parenthesis", &[("text", name)])
                ),
            ),
            None => ("report.html".to_string(), report_title.to_string()),
        };
        let root = view::root_of(&format!("{}{rel}", self.page_set.prefix));
        let page = ReportPage {
            cover: self.cover(edition, department, items.len(), &rel),
            summary: self.result_summary(
                department.unwrap_or(w.get("report.whole")),
                items.iter().copied(),
            ),
            caption: w.fill(
                "report.caption",
                &[("year", &self.year_label(edition.year))],
            ),
            year: self.year_label(edition.year),
            items: view::Each::new(items.len(), |k| {
                self.report_item(items[k], edition.year, &root)
            }),
            whole: department.map(|_| Link {
                title: w.fill(
                    "report.whole_link",
                    &[
                        ("title", report_title),
                        ("n", &self.plan.items.len().to_string()),
                    ],
                ),
                href: format!("{root}{}report.html", self.page_set.prefix),
            }),
            departments: self.department_reports(department, &root),
        };
        let mut crumbs = vec![self.home_crumb()];
        if department.is_some() {
            crumbs.push(Link {
                title: report_title.into(),
                href: "report.html".into(),
            });
        }
        self.page(&rel, "council_report.html", title, crumbs, page)
    }

    /// A link to the council report of this page set's edition (the latest edition's on the
    /// latest site), from the page at `rel` in the set; none before the first edition.
    pub(crate) fn council_report_link(&self, department: Option<&str>, rel: &str) -> Option<Link> {
        let edition = self.page_set.edition?;
        let root = view::root_of(&format!("{}{rel}", self.page_set.prefix));
        let w = self.w();
        let (file, whose) = match department {
            Some(name) => (format!("report/{}.html", self.department_ids[name]), name),
            None => ("report.html".to_string(), w.get("report.all_items")),
        };
        Some(Link {
            title: w.fill(
                "report.link",
                &[("edition", &edition.title), ("whose", whose)],
            ),
            href: format!("{root}reports/{}/{file}", edition.year.0),
        })
    }

    fn cover(&self, edition: &Edition, department: Option<&str>, n: usize, rel: &str) -> Cover {
        let path = format!("{}{rel}", self.page_set.prefix);
        let absolute = self.plan.base_url.as_ref().map(|b| format!("{b}{path}"));
        Cover {
            edition: edition.title.clone(),
            as_of: edition.as_of.shown(self.plan.years),
            scope: match department {
                Some(name) => (self.w()).fill(
                    "report.scope_department",
                    &[("name", name), ("n", &n.to_string())],
                ),
                None => (self.w()).fill("report.scope_all", &[("n", &n.to_string())]),
            },
            qr_svg: absolute.as_deref().and_then(qr_svg),
            absolute: absolute.is_some(),
            url: absolute.unwrap_or(path),
        }
    }

    /// Links to the departments' versions, on the whole report only.
    fn department_reports(&self, department: Option<&str>, root: &str) -> Vec<Link> {
        if department.is_some() {
            return Vec::new();
        }
        let prefix = &self.page_set.prefix;
        (self.plan.departments.iter())
            .filter(|d| self.department_ids.contains_key(d.name.as_str()))
            .filter_map(|d| {
                let n = self.count_of(&d.name);
                (n > 0).then(|| Link {
                    title: format!(
                        "{}{}",
                        d.name,
                        self.w()
                            .fill("site.item_count_note", &[("n", &n.to_string())])
                    ),
                    href: format!("{root}{prefix}report/{}.html", d.id),
                })
            })
            .collect()
    }

    fn count_of(&self, department: &str) -> usize {
        (self.plan.items.iter())
            .filter(|i| i.has_department(department))
            .count()
    }

    fn report_item(&self, item: &ActionItem, year: FiscalYear, root: &str) -> ReportItem {
        let s = progress::standing(self.plan, item, year);
        let result = item.result(year);
        let not_written = self.w().get(NOT_WRITTEN);
        let md = |t: Option<&String>| match t {
            Some(t) => self.markdown(t, root, false),
            None => not_written.to_string(),
        };
        let effect = result.and_then(|r| r.effect_amount);
        ReportItem {
            id: item.id.clone(),
            title: item.title.clone(),
            department: item.departments.join(self.w().get("site.joiner")),
            planned_status: (s.planned_status.as_deref())
                .map_or(not_written, |p| self.plan.status_label(p))
                .to_string(),
            goal_html: (item.year(year).and_then(|y| y.goal.as_ref()))
                .or(item.common_goal.as_ref())
                .map(|g| self.markdown(g, root, true)),
            plans: figures(
                item,
                |ind| ind.plan.get(&year),
                self.w().get("report.no_plan"),
            ),
            status: s
                .status
                .clone()
                .unwrap_or_else(|| self.w().get(progress::UNREPORTED_STATUS).into()),
            actuals: figures(
                item,
                |ind| ind.actual.get(&year),
                self.w().get(progress::UNREPORTED_STATUS),
            ),
            attainments: attainments(item, &s, self.w()),
            grade: self.grade(&s),
            behind: s.behind.iter().map(|b| b.text(self.w())).collect(),
            achievements_html: md(result.and_then(|r| r.achievements.as_ref())),
            challenges_html: md(result.and_then(|r| r.challenges.as_ref())),
            effect_amount: effect
                .map(|e| view::thousand_yen(self.w(), &format_number(e)))
                .unwrap_or_else(|| not_written.into()),
            effect_value: effect.map(raw_number),
            council_comment_html: md(result.and_then(|r| r.council_comment.as_ref())),
        }
    }

    fn grade(&self, s: &Standing) -> String {
        match &s.grade {
            Some(code) => grade_text(self.plan, code),
            None => self.w().get(progress::UNGRADED).into(),
        }
    }

    /// Markdown as HTML for a page at `root` (memoised; its warnings are the item page's, which
    /// renders the same text).
    fn markdown(&self, text: &str, root: &str, inline: bool) -> String {
        let key = || Some((text.to_string(), root.to_string(), inline));
        let r = self.page_set.markdown.get_or(key, || {
            if inline {
                markdown::render_inline(text, root)
            } else {
                markdown::render(text, root)
            }
        });
        r.html
    }
}

/// Each indicator's value picked by `value`, or `missing`.
fn figures<'a>(
    item: &'a ActionItem,
    value: impl Fn(&'a Indicator) -> Option<&'a Value>,
    missing: &str,
) -> Vec<Figure> {
    (item.indicators.iter())
        .map(|ind| {
            let v = value(ind);
            Figure {
                name: ind.name.clone(),
                text: v.map(|v| ind.format(v)).unwrap_or_else(|| missing.into()),
                value: v.and_then(Value::as_number).map(raw_number),
            }
        })
        .collect()
}

/// Each indicator's 達成率, 「—」 where it has none this year.
fn attainments(item: &ActionItem, s: &Standing, w: &crate::words::Words) -> Vec<Figure> {
    (item.indicators.iter().enumerate())
        .map(|(i, ind)| {
            let a = s.attainments.iter().find(|(n, _)| *n == i).map(|(_, a)| a);
            Figure {
                name: ind.name.clone(),
                text: a
                    .map(|a| attainment_text(a, w))
                    .unwrap_or_else(|| "—".into()),
                value: a.map(|a| raw_number(a.rate)),
            }
        })
        .collect()
}

/// The URL as a QR code: inline SVG hidden from assistive technology, since the URL is printed
/// beside it as text. None for a URL too long for a QR code (over 2,331 bytes at level M).
fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = (code.render::<qrcode::render::svg::Color>())
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .build();
    let svg = svg.split_once("?>").map_or(svg.as_str(), |(_, s)| s);
    Some(svg.replacen("<svg ", r#"<svg class="qr" aria-hidden="true" "#, 1))
}
