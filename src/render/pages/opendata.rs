//! The open data page (data/index.html): the whole-plan data files and their column
//! definitions. (The files themselves are written by [`crate::render::data`].)

use crate::diag::Diagnostic;
use crate::output::OutputFile;
use crate::render::data;
use crate::render::page::Renderer;
use crate::render::view::{download, Download};
use serde::Serialize;

#[derive(Serialize)]
struct OpenDataPage {
    downloads: Vec<Download>,
    item_count: usize,
    progress_columns: Vec<ColumnView>,
    status_columns: Vec<ColumnView>,
    /// Only once an edition is published (the corrections file is written).
    correction_columns: Option<Vec<ColumnView>>,
    license_name: String,
    license_url: String,
}

/// One column of a data file and its definition (項目定義).
#[derive(Serialize)]
struct ColumnView {
    name: String,
    description: String,
}

fn columns(cols: &[(&str, &str)]) -> Vec<ColumnView> {
    cols.iter()
        .map(|(n, d)| ColumnView {
            name: n.to_string(),
            description: d.to_string(),
        })
        .collect()
}

fn owned_columns(cols: Vec<(String, String)>) -> Vec<ColumnView> {
    (cols.into_iter())
        .map(|(name, description)| ColumnView { name, description })
        .collect()
}

impl Renderer<'_> {
    pub(crate) fn opendata(&self) -> Result<OutputFile, Diagnostic> {
        let mut whole = data::whole_plan_paths(self.plan, "").to_vec();
        whole.push(data::corrections_path(self.plan));
        let has_corrections = self.page_set.data.contains_key(&whole[3]);
        let page = OpenDataPage {
            downloads: whole
                .iter()
                .filter_map(|p| self.page_set.data.get(p))
                .map(|d| download(d, "../"))
                .collect(),
            item_count: self.plan.items.len(),
            progress_columns: columns(&data::PROGRESS_COLUMNS),
            status_columns: owned_columns(data::status_columns(self.plan)),
            correction_columns: (has_corrections).then(|| columns(&data::CORRECTION_COLUMNS)),
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
}
