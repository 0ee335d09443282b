//! 訂正の一覧 CSV: every published edition's corrections.

use super::columns::{named, CORRECTION_COLUMNS};
use super::csv_file::csv_bytes;
use super::{distribution, file_stem, Distribution};
use crate::model::Plan;
use crate::output::OutputFile;

/// The corrections CSV's path (at the site root: it lists every edition's).
pub fn corrections_path(plan: &Plan) -> String {
    format!("data/{}_corrections.csv", file_stem(plan))
}

/// The corrections of every published edition, oldest edition first; `None` while no edition
/// is published (the file is not written).
pub fn corrections_file(plan: &Plan) -> Option<(OutputFile, Distribution)> {
    use crate::content::record::{field_words, parse_key};
    plan.editions.iter().find(|e| e.record.is_some())?;
    let mut rows = Vec::new();
    for e in &plan.editions {
        let Some(record) = &e.record else { continue };
        for c in &record.corrections {
            let parsed = parse_key(&c.key);
            rows.push(vec![
                plan.city.code.clone(),
                plan.city.name.clone(),
                plan.title.clone(),
                e.year.0.to_string(),
                record.published.to_string(),
                c.date.to_string(),
                parsed.map(|(id, _, _)| id.to_string()).unwrap_or_default(),
                c.key.clone(),
                parsed
                    .map(|(_, y, f)| field_words(y, f))
                    .unwrap_or_default(),
                c.old.clone().unwrap_or_default(),
                c.new.clone().unwrap_or_default(),
                c.reason.clone(),
                e.as_of.to_string(),
            ]);
        }
    }
    let contents = csv_bytes(&named(&CORRECTION_COLUMNS, &plan.words), rows);
    let path = corrections_path(plan);
    let title = format!("{}（公開した報告の訂正）", plan.title);
    let dist = distribution(
        path.clone(),
        title,
        "text/csv",
        "CSV",
        contents.len() as u64,
    );
    Some((OutputFile { path, contents }, dist))
}
