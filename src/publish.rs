//! 報告の版を公開する: その時点の値を公開記録（content/editions/<年度>.toml）に書き、以後は訂正なしに変えられなくする。
//! Publishing an edition freezes it: its values go to a record beside the content, and from
//! then on the build refuses any change to them that no correction (訂正) explains.

use crate::content::record;
use crate::diag::{codes, Diagnostic, Position};
use crate::text::date::Date;
use crate::text::fiscal_year::FiscalYear;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What publishing wrote.
pub struct Published {
    pub path: PathBuf,
    pub title: String,
    pub values: usize,
}

/// Writes the record of the edition for `year`, dated `date`. The content must load without
/// errors, the edition must exist and must not be published yet.
pub fn publish(
    content_dir: &Path,
    year: FiscalYear,
    date: Date,
) -> Result<Published, Vec<Diagnostic>> {
    let loaded = crate::content::load::load(content_dir);
    let Some(plan) = loaded.plan else {
        return Err(loaded.diagnostics);
    };
    let records = crate::verify::record::check(&plan);
    if !records.is_empty() {
        return Err(records);
    }
    let site = content_dir.join("site.toml");
    let Some(edition) = plan.editions.iter().find(|e| e.year == year) else {
        let d = Diagnostic::error(
            codes::E163,
            &site,
            Position::START,
            format!(
                "{} の報告は site.toml の [[reports]] にありません",
                year.wareki()
            ),
        );
        return Err(vec![d.with_help(
            "公開する年度の [[reports]]（year と as_of）を先に書いてください。",
        )]);
    };
    let path = record::path(content_dir, year);
    if let Some(r) = &edition.record {
        let d = Diagnostic::error(
            codes::E164,
            &r.path,
            Position::START,
            format!(
                "「{}」は {} に公開済みです",
                edition.title,
                r.published.wareki()
            ),
        );
        return Err(vec![d.with_help("公開した値を直すときは、このファイルの最後に [[corrections]]（訂正）を書き足してください。")]);
    }
    let values = crate::verify::record::values(&plan, year);
    let text = record::text(&edition.title, year, date, &values);
    write_new(&path, text.as_bytes()).map_err(|e| vec![cannot_write(&path, &e)])?;
    Ok(Published {
        path,
        title: edition.title.clone(),
        values: values.len(),
    })
}

/// Writes a file that must not exist yet, all at once (a temporary file renamed into place).
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        codes::E164,
        path,
        Position::START,
        format!("公開記録を書き込めません: {e}"),
    )
    .with_help("content/editions/ に書き込めるか、同じ名前のファイルがないかを確かめてください。")
}
