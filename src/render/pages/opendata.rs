//! The open data page (data/index.html): every data file of every edition with its format,
//! size and date, the column definitions, and how to credit the source. (The files themselves
//! are written by [`crate::render::data`].)

use crate::diag::Diagnostic;
use crate::model::Plan;
use crate::render::data::{self, Distribution};
use crate::render::page::{Page, Renderer};
use serde::Serialize;

#[derive(Serialize)]
struct OpenDataPage {
    /// The latest site's files, then each edition's, newest first.
    editions: Vec<EditionFilesView>,
    item_count: usize,
    progress_columns: Vec<ColumnView>,
    status_columns: Vec<ColumnView>,
    /// Only once an edition is published (the corrections file is written).
    correction_columns: Option<Vec<ColumnView>>,
    license_name: String,
    license_url: String,
    /// 出典記載例: as it is, and for data that was edited.
    credit: String,
    credit_edited: String,
    separator: &'static str,
}

/// One page set's data files.
#[derive(Serialize)]
struct EditionFilesView {
    id: String,
    title: String,
    /// The 基準日 (or the plan's revision) the files are as of: ISO and in words.
    date: String,
    date_label: String,
    files: Vec<FileView>,
    /// The items' own files, by item in plan order.
    items: Vec<ItemFilesView>,
}

#[derive(Serialize)]
struct FileView {
    href: String,
    name: String,
    title: String,
    format: &'static str,
    size: String,
}

#[derive(Serialize)]
struct ItemFilesView {
    item: String,
    files: Vec<FileView>,
}

/// One column of a data file and its definition (項目定義).
#[derive(Serialize)]
struct ColumnView {
    name: String,
    kind: String,
    description: String,
}

fn columns(w: &crate::words::Words, cols: &[data::Column]) -> Vec<ColumnView> {
    cols.iter()
        .map(|c| ColumnView {
            name: c.name.to_string(),
            kind: c.kind.label(w).to_string(),
            description: c.description.to_string(),
        })
        .collect()
}

fn file_view(w: &crate::words::Words, d: &Distribution) -> FileView {
    FileView {
        href: format!("../{}", d.path),
        name: d.path.rsplit('/').next().unwrap_or_default().to_string(),
        title: d.title.clone(),
        format: d.format,
        size: data::size_label(w, d.format, d.bytes),
    }
}

/// The date a page set's files are as of: its edition's 基準日, or (before any edition) the
/// plan's last revision. Never the build's date: the output must not depend on it.
fn files_date(plan: &Plan, edition: Option<usize>) -> (String, String) {
    let edition = edition.map(|i| &plan.editions[i]).or(plan.editions.last());
    match (edition, plan.revisions.last()) {
        (Some(e), _) => (
            e.as_of.to_string(),
            (plan.words).fill(
                "opendata.as_of_date",
                &[("date", &e.as_of.shown(plan.years))],
            ),
        ),
        (None, Some(r)) => (
            r.iso(),
            (plan.words).fill(
                "site.revision",
                &[("date", &r.shown(plan.years)), ("edition", &r.edition)],
            ),
        ),
        (None, None) => (String::new(), String::new()),
    }
}

impl Renderer<'_> {
    pub(crate) fn opendata(&self) -> Result<Page, Diagnostic> {
        let plan = self.plan;
        let corrections = data::corrections_path(plan);
        let has_corrections = self.page_set.data.contains_key(corrections.as_str());
        let w = self.w();
        let latest = self.w().get("opendata.latest");
        let shape = data::Shape::of(plan);
        let mut editions = vec![self.edition_files("latest", latest, "", None)];
        for (i, e) in plan.editions.iter().enumerate().rev() {
            let prefix = format!("reports/{}/", e.year.0);
            let id = format!("files-{}", e.year.0);
            editions.push(self.edition_files(&id, &e.title, &prefix, Some(i)));
        }
        let page = OpenDataPage {
            editions,
            item_count: plan.items.len(),
            progress_columns: columns(w, &data::progress_columns(plan, shape)),
            status_columns: columns(w, &data::status_columns(plan, shape)),
            correction_columns: (has_corrections)
                .then(|| columns(w, &data::named(&data::CORRECTION_COLUMNS, w))),
            license_name: plan.license.name.clone(),
            license_url: plan.license.url.clone(),
            credit: self.credit(false),
            credit_edited: self.credit(true),
            separator: crate::render::markdown::CELL_SEPARATOR,
        };
        self.page(
            "data/index.html",
            "opendata.html",
            self.w().get("nav.opendata").into(),
            vec![self.home_crumb()],
            page,
        )
    }

    /// The files of the page set at `prefix` that the build wrote (the root's view has them all).
    fn edition_files(
        &self,
        id: &str,
        title: &str,
        prefix: &str,
        edition: Option<usize>,
    ) -> EditionFilesView {
        let data_dir = format!("{prefix}data/");
        let items_dir = format!("{data_dir}items/");
        let files = (self.page_set.data.values())
            .filter(|d| d.path.starts_with(&data_dir) && !d.path.starts_with(&items_dir))
            .filter(|d| !prefix.is_empty() || !d.path.starts_with("reports/"))
            .map(|d| file_view(self.w(), d))
            .collect();
        let items = (self.plan.items.iter())
            .filter_map(|item| {
                let paths = data::item_paths(self.plan, item, prefix);
                let files: Vec<FileView> = (paths.iter())
                    .filter_map(|p| {
                        self.page_set
                            .data
                            .get(p.as_str())
                            .map(|d| file_view(self.w(), d))
                    })
                    .collect();
                (!files.is_empty()).then(|| ItemFilesView {
                    item: format!("{} {}", item.id, item.title),
                    files,
                })
            })
            .collect();
        let (date, date_label) = files_date(self.plan, edition);
        EditionFilesView {
            id: id.to_string(),
            title: title.to_string(),
            date,
            date_label,
            files,
            items,
        }
    }

    /// 出典記載例 (PDL1.0 第2条 and its 記載例): the city, the plan and where the data is.
    fn credit(&self, edited: bool) -> String {
        let plan = self.plan;
        let w = self.w();
        let at = match &plan.base_url {
            Some(base) => format!("{}/data/", base.trim_end_matches('/')),
            None => w.get("opendata.this_url").to_string(),
        };
        let key = if edited {
            "opendata.credit_edited_text"
        } else {
            "opendata.credit_text"
        };
        w.fill(
            key,
            &[
                ("plan", &plan.title),
                ("city", &plan.city.name),
                ("at", &at),
            ],
        )
    }
}
