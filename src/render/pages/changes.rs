//! What changed since the previous report (changes.html, in every page set that shows a report):
//! every item, grouped by where it moved ([`progress::Group`]), with the fields that changed. The
//! change table of the item pages is laid out from the same [`ChangeView`]s.

use crate::diag::Diagnostic;
use crate::model::{Edition, Plan};
use crate::progress::{self, Change, Comparison, Group, Standing};
use crate::render::markdown;
use crate::render::page::{Page, Renderer};
use crate::render::pages::corrections::CorrectionView;
use crate::render::view::{self, Link};
use crate::text::fiscal_year::FiscalYear;
use serde::Serialize;

/// The page's path inside its page set.
pub(crate) const PATH: &str = "changes.html";
/// Its title, and the text of the links to it.
/// The catalogue key of the page's title (前回の報告からの変化).
pub(crate) const TITLE: &str = "changes.title";

#[derive(Serialize)]
struct ChangesPage {
    /// This page set's report, 「令和4年度 進捗状況報告」.
    edition: String,
    /// None for the first report: there is nothing to compare it with.
    comparison: Option<ComparisonView>,
    method_href: String,
    /// The edition's corrections, if it is published and has any.
    corrections: Vec<CorrectionView>,
    /// Its home page's corrections section.
    corrections_href: String,
}

#[derive(Serialize)]
struct ComparisonView {
    previous: String,
    /// 「令和3年度」 and 「令和4年度」: the years compared.
    before_year: String,
    year: String,
    item_count: usize,
    groups: Vec<GroupView>,
}

#[derive(Serialize)]
struct GroupView {
    id: &'static str,
    label: String,
    description: String,
    count: usize,
    /// Listed one line each (未報告: nothing to show but the previous report).
    compact: bool,
    entries: Vec<EntryView>,
}

#[derive(Serialize)]
struct EntryView {
    id: String,
    title: String,
    href: String,
    /// Its departments, lead first (a link where the department has a page).
    departments: Vec<Link>,
    /// Where the item stood in the previous report and stands in this one, as text.
    before: String,
    now: String,
    /// Why it is behind now, and why it was behind in the previous report.
    behind_now: Option<String>,
    behind_before: Option<String>,
    changes: Vec<ChangeView>,
    /// The change table's caption and its id.
    caption: String,
    caption_id: String,
    /// Which indicators' actual value is not yet reported.
    unreported_note: Option<String>,
}

/// One changed field, as a table row shows it: plain text, or HTML for the Markdown fields.
#[derive(Serialize)]
pub(crate) struct ChangeView {
    label: String,
    before: String,
    after: String,
    before_html: Option<String>,
    after_html: Option<String>,
}

/// The rows of a change table; `html` renders a Markdown field.
pub(crate) fn change_views(
    changes: &[Change],
    mut html: impl FnMut(&str) -> String,
) -> Vec<ChangeView> {
    let mut md = |c: &Change, text: &str| c.markdown.then(|| html(text));
    changes
        .iter()
        .map(|c| ChangeView {
            label: c.label.clone(),
            before: c.before.clone(),
            after: c.after.clone(),
            before_html: md(c, &c.before),
            after_html: md(c, &c.after),
        })
        .collect()
}

/// 「令和3年度の実績値がまだ報告されていない指標: 年次有給休暇の平均取得日数（変更としては扱いません）」
pub(crate) fn unreported_note(
    plan: &crate::model::Plan,
    year: FiscalYear,
    indicators: &[String],
) -> Option<String> {
    let w = &plan.words;
    (!indicators.is_empty()).then(|| {
        let names = indicators.join(w.get("site.list_separator"));
        let year = plan.years.name(year);
        w.fill(
            "changes.unreported_note",
            &[("year", &year), ("indicators", &names)],
        )
    })
}

/// What each group means, under its heading.
fn description(group: Group) -> &'static str {
    match group {
        Group::NewlyBehind => "changes.about_newly_behind",
        Group::Recovered => "changes.about_recovered",
        Group::Improved => "changes.about_improved",
        Group::Worsened => "changes.about_worsened",
        Group::StillBehind => "changes.about_still_behind",
        Group::Unchanged => "changes.about_unchanged",
        Group::Unreported => "changes.about_unreported",
    }
}

/// 「進捗状況 実施・評価 C（やや遅れ）」, or 「未報告」.
fn standing_text(plan: &Plan, s: &Standing) -> String {
    let w = &plan.words;
    if !s.reported {
        return w.get("site.unreported").into();
    }
    let grade = s
        .grade
        .as_deref()
        .map(|code| progress::grade_text(plan, code));
    let parts: Vec<String> = [
        (s.status.as_deref()).map(|x| w.fill("site.latest_status", &[("status", x)])),
        grade.map(|g| w.fill("site.latest_grade", &[("grade", &g)])),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        w.get("changes.values_only").into()
    } else {
        parts.join(w.get("site.joiner"))
    }
}

impl Renderer<'_> {
    pub(crate) fn changes_page(&self) -> Result<Page, Diagnostic> {
        let page_set = self.page_set;
        let edition = page_set.edition.expect("the changes page shows a report");
        let root = view::root_of(&format!("{}{PATH}", page_set.prefix));
        let page = ChangesPage {
            edition: edition.title.clone(),
            comparison: page_set
                .previous
                .map(|prev| self.comparison_view(edition, prev, &root)),
            method_href: format!("{root}method.html"),
            corrections: (self.edition_corrections(PATH))
                .map(|c| c.corrections)
                .unwrap_or_default(),
            corrections_href: "index.html#corrections".into(),
        };
        self.page(
            PATH,
            "changes.html",
            self.w().get(TITLE).into(),
            vec![self.home_crumb()],
            page,
        )
    }

    fn comparison_view(&self, edition: &Edition, prev: &Edition, root: &str) -> ComparisonView {
        let plan = self.plan;
        let groups = progress::compare_edition(plan, edition.year, prev.year);
        ComparisonView {
            previous: prev.title.clone(),
            before_year: self.year_name(prev.year),
            year: self.year_name(edition.year),
            item_count: plan.items.len(),
            groups: groups
                .iter()
                .map(|(group, items)| GroupView {
                    id: group.id(),
                    label: group.label(&plan.words).to_string(),
                    description: plan.words.get(description(*group)).to_string(),
                    count: items.len(),
                    compact: *group == Group::Unreported,
                    entries: items.iter().map(|c| self.entry_view(c, root)).collect(),
                })
                .collect(),
        }
    }

    fn entry_view(&self, c: &Comparison, root: &str) -> EntryView {
        let item = c.item;
        let reasons = |s: &Standing| {
            let w = self.w();
            let texts: Vec<String> = s.behind.iter().map(|b| b.text(w)).collect();
            (!texts.is_empty()).then(|| texts.join(w.get("site.list_separator")))
        };
        let memo = self.page_set.markdown;
        let html = |text: &str| {
            let key = || Some((text.to_string(), root.to_string(), false));
            // Its warnings are the item page's, which renders the same text.
            memo.get_or(key, || markdown::render(text, root)).html
        };
        EntryView {
            id: item.id.clone(),
            title: item.title.clone(),
            href: format!("items/{}.html", item.id),
            departments: (item.departments.iter())
                .map(|d| self.department_here(d))
                .collect(),
            before: standing_text(self.plan, &c.before),
            now: standing_text(self.plan, &c.now),
            behind_now: reasons(&c.now),
            behind_before: reasons(&c.before),
            changes: change_views(&c.changes.changes, html),
            caption: self.w().fill("changes.caption_of", &[("id", &item.id)]),
            caption_id: format!("changes-{}-caption", item.id),
            unreported_note: unreported_note(
                self.plan,
                c.now.year,
                &c.changes.unreported_indicators,
            ),
        }
    }

    /// The link to this page set's changes page, for its home page (relative to the page set).
    pub(crate) fn changes_link(&self) -> Option<ChangesLink> {
        let edition = self.page_set.edition?;
        Some(changes_link(
            self.plan,
            (edition, self.page_set.previous),
            PATH.into(),
        ))
    }

    /// A department's page, from a page at the page set's base (none for a department the plan
    /// does not list).
    fn department_here(&self, name: &str) -> Link {
        Link {
            title: name.to_string(),
            href: (self.department_ids.get(name))
                .map(|id| format!("departments/{id}.html"))
                .unwrap_or_default(),
        }
    }
}

/// A link to a changes page, with the years it compares.
#[derive(Serialize)]
pub(crate) struct ChangesLink {
    title: String,
    href: String,
    /// 「令和3年度 → 令和4年度」, or why there is nothing to compare.
    note: String,
}

/// The link to the changes page at `href` of `edition`, whose previous report is `previous`.
pub(crate) fn changes_link(
    plan: &Plan,
    (edition, previous): (&Edition, Option<&Edition>),
    href: String,
) -> ChangesLink {
    let (w, years) = (&plan.words, plan.years);
    let note = match previous {
        Some(prev) => w.fill(
            "changes.from_to",
            &[
                ("from", &years.name(prev.year)),
                ("to", &years.name(edition.year)),
            ],
        ),
        None => w.get("changes.first_note").into(),
    };
    ChangesLink {
        title: w.get(TITLE).into(),
        href,
        note,
    }
}
