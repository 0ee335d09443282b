//! 毎年度の進行状況調査（実施計画進行状況の調査）: 担当課ごとの調査票を書き出し、返送された
//! 調査票の実績を項目ファイルに取り込む。 / The yearly survey round-trip: [`export`] writes one
//! workbook (or CSV) per department; [`import`] checks the returned files and writes the reported
//! values into the item files. [`sheet`] is the layout both sides share.
//!
//! Rules (docs/survey.md):
//! - The survey year must be in the plan period. Export accepts a year in `[[reports]]` or the
//!   year right after the last one (the year about to be reported); import accepts only years in
//!   `[[reports]]` and never edits site.toml.
//! - An empty cell means "no change"; a value equal to the content's is a no-op; a value that
//!   differs from an already-reported one is an error unless `overwrite` is set.
//! - Nothing is written unless every file checks out; files are replaced atomically and the
//!   content is loaded again afterwards (and restored if it would not load).

pub mod correct;
pub mod edit;
pub mod export;
pub mod exported;
pub mod import;
pub mod read;
pub mod sheet;
pub mod status;
pub mod value;

use crate::content::journal;
use crate::content::load::load;
use crate::diag::codes;
use crate::diag::{self, Diagnostic};
use crate::model::Plan;
use crate::text::fiscal_year::FiscalYear;
use import::ValueChange;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }
}

pub struct ExportOptions {
    pub content: PathBuf,
    pub out: PathBuf,
    pub year: i32,
    pub format: Format,
}

#[derive(Debug, Default)]
pub struct ExportReport {
    /// Files written (new or changed).
    pub written: Vec<PathBuf>,
    /// Files that already had exactly these contents.
    pub unchanged: Vec<PathBuf>,
    /// Of `written`, the files that replaced an earlier export nobody had touched (still the
    /// bytes that export wrote, by the folder's `.shinchoku-export.toml`).
    pub replaced: Vec<PathBuf>,
    /// Things the user should know (the year not yet in [[reports]], departments skipped).
    pub notes: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

fn load_plan(content: &Path) -> Result<(Plan, Vec<Diagnostic>), Vec<Diagnostic>> {
    let loaded = load(content);
    match loaded.plan {
        Some(plan) => Ok((plan, loaded.diagnostics)),
        None => Err(loaded.diagnostics),
    }
}

/// The year a survey may be exported for: in the plan period, and a report year or the one
/// right after the last. Returns a note when the year is not in [[reports]] yet.
fn export_year(
    plan: &Plan,
    year: i32,
    site: &Path,
) -> Result<(FiscalYear, Option<String>), Diagnostic> {
    let fy = FiscalYear(year);
    let err = |msg: String, help: String| {
        Err(Diagnostic::in_file(codes::E701, site, msg).with_help(help))
    };
    if fy < plan.first_year || fy > plan.last_year {
        return err(
            format!(
                "年度 {year} は計画期間（{}〜{}）の外です (year outside the plan period)",
                plan.first_year.label(),
                plan.last_year.label()
            ),
            format!(
                "--year に {}〜{} の西暦を指定してください。",
                plan.first_year.0, plan.last_year.0
            ),
        );
    }
    if plan.editions.iter().any(|r| r.year == fy) {
        return Ok((fy, None));
    }
    if let Some(last) = plan.latest_edition_year() {
        if fy.0 > last.0 + 1 {
            return err(
                format!(
                    "{}の前に{}の報告がありません（最後の報告は{}） (the years in between are not reported yet)",
                    fy.label(),
                    FiscalYear(last.0 + 1).label(),
                    last.label()
                ),
                format!("先に {} 年度の調査をしてください。", last.0 + 1),
            );
        }
    }
    Ok((
        fy,
        Some(format!(
            "{}はまだ site.toml の [[reports]] にありません。取り込む前に [[reports]] year = {year} と as_of = \"YYYY-MM-DD\"（基準日）を追加してください。 ({year} is not in [[reports]] yet: add it before importing.)",
            fy.label()
        )),
    ))
}

/// Writes one survey per department that is 担当課 of at least one item. Identical files are
/// left as they are; an earlier export nobody touched (the folder's `.shinchoku-export.toml`
/// says so) is replaced; any other file of the same name (it may be a returned, filled-in
/// survey) is refused. Nothing is written if any file would be refused.
pub fn export(opts: &ExportOptions) -> Result<ExportReport, Vec<Diagnostic>> {
    let (plan, warnings) = load_plan(&opts.content)?;
    let site = opts.content.join("site.toml");
    let (year, note) = export_year(&plan, opts.year, &site).map_err(|d| vec![d])?;
    let mut report = ExportReport {
        warnings,
        notes: note.into_iter().collect(),
        ..Default::default()
    };
    let files = survey_files(&plan, year, opts, &mut report)?;
    let written = write_surveys(&opts.out, files)?;
    // The folder's record of what export wrote is not a survey.
    report.written = (written.into_iter())
        .filter(|p| !p.ends_with(exported::FILE))
        .collect();
    Ok(report)
}

/// The new surveys to write, as (path, bytes), and the folder's record of them when it
/// changed. Files that already hold the same bytes go to `report.unchanged`; an earlier export
/// nobody touched is replaced (`report.replaced`); a file with other contents is an error.
fn survey_files(
    plan: &Plan,
    year: FiscalYear,
    opts: &ExportOptions,
    report: &mut ExportReport,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut stems = std::collections::BTreeSet::new();
    let mut exported = exported::Exported::read(&opts.out);
    let before = exported.clone();
    // Collective entries (関係各課, 全課) are nobody to send a survey to.
    for dept in plan.departments.iter().filter(|d| !d.collective) {
        let rows = export::rows(plan, &dept.name, year);
        if rows.is_empty() {
            report.notes.push(format!(
                "{}は担当の取組項目がないため、調査票を作りませんでした ({} has no items)",
                dept.name, dept.name
            ));
            continue;
        }
        let mut stem = sheet::file_stem(year, &dept.name);
        if !stems.insert(stem.clone()) {
            stem = format!("{stem}_{}", dept.id);
        }
        let name = format!("{stem}.{}", opts.format.extension());
        let placed = survey_bytes(plan, year, &dept.name, &rows, opts)
            .and_then(|bytes| place(&opts.out, &name, bytes, &mut exported, report));
        match placed {
            Err(d) => errors.push(d),
            Ok(file) => files.extend(file),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if exported != before {
        files.push((opts.out.join(exported::FILE), exported.to_bytes()));
    }
    Ok(files)
}

/// Where the survey `name` goes: nowhere when the folder has it already, else the file to write
/// (new, or replacing an untouched earlier export). Any other file of that name is E702.
fn place(
    out: &Path,
    name: &str,
    bytes: Vec<u8>,
    exported: &mut exported::Exported,
    report: &mut ExportReport,
) -> Result<Option<(PathBuf, Vec<u8>)>, Diagnostic> {
    let path = out.join(name);
    let existing = std::fs::read(&path).ok();
    match existing {
        Some(e) if e == bytes => report.unchanged.push(path.clone()),
        Some(e) if !exported.is_untouched(name, &e) => {
            return Err(different_file(&path, exported.knows(name)))
        }
        Some(_) => report.replaced.push(path.clone()),
        None => {}
    }
    exported.record(name, &bytes);
    Ok((!report.unchanged.contains(&path)).then_some((path, bytes)))
}

/// E702: a file of the survey's name that export did not write as it is now.
fn different_file(path: &Path, exported_here: bool) -> Diagnostic {
    if exported_here {
        Diagnostic::in_file(codes::E702, path, "書き出した後に変更された調査票です（記入されたか、開いて保存されたもの）。上書きしません (changed since it was exported)")
            .with_help("返送された調査票なら別のフォルダーに移し、shinchoku survey import で取り込んでください。記入されていないことを確かめたうえで書き出し直すなら、このファイルを削除してからもう一度書き出してください。--output で別のフォルダーにも書き出せます。")
    } else {
        Diagnostic::in_file(codes::E702, path, "同じ名前の別の内容のファイルがあります。上書きしません (a different file exists)")
            .with_help(format!("返送された調査票かもしれません。ファイルを移すか、--output で別のフォルダーを指定してください。書き出しの記録（{}）のない、以前の版の shinchoku で書き出した調査票なら、手を加えていないことを確かめてから削除し、もう一度書き出してください。", exported::FILE))
    }
}

/// One department's survey in the requested format.
fn survey_bytes(
    plan: &Plan,
    year: FiscalYear,
    department: &str,
    rows: &[export::Row],
    opts: &ExportOptions,
) -> Result<Vec<u8>, Diagnostic> {
    match opts.format {
        Format::Xlsx => export::xlsx(plan, year, department, rows).map_err(|e| {
            Diagnostic::in_file(
                codes::E702,
                &opts.out,
                format!("調査票を作れません: {e} (cannot build the workbook)"),
            )
        }),
        Format::Csv => Ok(export::csv(plan, year, department, rows)),
    }
}

/// Creates `out` and writes the files, all or none. Returns their paths.
fn write_surveys(
    out: &Path,
    files: Vec<(PathBuf, Vec<u8>)>,
) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let write_err = |p: &Path, e: std::io::Error| {
        vec![Diagnostic::in_file(
            codes::E702,
            p,
            format!("書き込めません: {e} (write failed)"),
        )
        .with_help("フォルダーの権限と空き容量を確認してください。")]
    };
    std::fs::create_dir_all(out).map_err(|e| write_err(out, e))?;
    let rewrites: Vec<edit::Rewrite> = files
        .into_iter()
        .map(|(path, new)| edit::Rewrite {
            path,
            old: None,
            new,
        })
        .collect();
    edit::write_all(&rewrites).map_err(|(p, e)| write_err(&p, e))?;
    Ok(rewrites.into_iter().map(|r| r.path).collect())
}

pub struct ImportOptions {
    pub content: PathBuf,
    pub files: Vec<PathBuf>,
    /// The survey year; by default the last year in [[reports]].
    pub year: Option<i32>,
    pub dry_run: bool,
    /// Allow replacing values that were already reported with different ones.
    pub overwrite: bool,
    /// Why values of a published edition change (訂正の理由): required when they do.
    pub reason: Option<String>,
    /// The day of the import (today in Japan), written as the values' source and as the date
    /// of any correction.
    pub date: crate::text::date::Date,
}

#[derive(Debug)]
pub struct ImportReport {
    pub year: FiscalYear,
    /// Every change, in plan order, grouped by item file.
    pub changes: Vec<ValueChange>,
    /// Item files and records written (empty on a dry run or when nothing changed).
    pub written: Vec<PathBuf>,
    /// Published values changed, each recorded as a correction (on a dry run: would be).
    pub corrections: Vec<correct::PublishedChange>,
    /// What the reader assumed (e.g. a CSV's encoding).
    pub notes: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

fn import_year(plan: &Plan, requested: Option<i32>, site: &Path) -> Result<FiscalYear, Diagnostic> {
    let help = "site.toml に [[reports]] year = …（対象年度）と as_of = \"YYYY-MM-DD\"（基準日）を追加してから取り込んでください。";
    match requested {
        Some(y) if plan.editions.iter().any(|r| r.year.0 == y) => Ok(FiscalYear(y)),
        Some(y) => Err(Diagnostic::in_file(
            codes::E714,
            site,
            format!("{}は site.toml の [[reports]] にありません (year not in [[reports]])", FiscalYear(y).label()),
        )
        .with_help(help)),
        None => plan.latest_edition_year().ok_or_else(|| {
            Diagnostic::in_file(
                codes::E714,
                site,
                "site.toml に報告年度（[[reports]]）がないため、実績を取り込めません (no [[reports]] in site.toml)",
            )
            .with_help(help)
        }),
    }
}

/// Reads and checks every file, and only when all of them are right writes the changes into
/// the item files (unless `dry_run`). Returns every problem of every file at once otherwise.
pub fn import(opts: &ImportOptions) -> Result<ImportReport, Vec<Diagnostic>> {
    import_with(opts, &mut |_| Ok(()))
}

/// [`import`], with `hook` called before each change to the file system while the item files
/// are written (tests stop or fail the import there: `content::journal::Step`).
pub fn import_with(
    opts: &ImportOptions,
    hook: journal::Hook,
) -> Result<ImportReport, Vec<Diagnostic>> {
    let mut notes = Vec::new();
    if let Ok(Some(committed)) = journal::recover(&opts.content) {
        notes.push(interrupted_note(committed));
    }
    let (plan, warnings) = load_for_import(&opts.content)?;
    let year =
        import_year(&plan, opts.year, &opts.content.join("site.toml")).map_err(|d| vec![d])?;
    let changes = check_files(&plan, year, opts, &mut notes)?;
    let (mut rewrites, after) = item_rewrites(&plan, &changes, opts.date)?;
    let corrections = correct::published_changes(&plan, &after);
    let reason = correct::require_reason(&corrections, &changes, opts.reason.as_deref())?;
    if let (Some(reason), false) = (reason, corrections.is_empty()) {
        rewrites.extend(correct::record_rewrites(&corrections, opts.date, reason)?);
    }
    let mut report = ImportReport {
        year,
        changes,
        written: Vec::new(),
        corrections,
        notes,
        warnings,
    };
    if opts.dry_run || rewrites.is_empty() {
        return Ok(report);
    }
    write_and_reload(&opts.content, &rewrites, hook)?;
    report.written = rewrites.into_iter().map(|r| r.path).collect();
    Ok(report)
}

/// The plan, which must load without errors before anything is imported into it.
fn load_for_import(content: &Path) -> Result<(Plan, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_plan(content).map_err(|mut ds| {
        ds.push(
            Diagnostic::in_file(
                codes::E727,
                content,
                "内容に誤りがあるため取り込みませんでした (the content has errors)",
            )
            .with_help("先に shinchoku check で表示される誤りを直してください。"),
        );
        ds
    })
}

/// Reads and checks every returned file: the changes they ask for, or every problem found.
fn check_files(
    plan: &Plan,
    year: FiscalYear,
    opts: &ImportOptions,
    notes: &mut Vec<String>,
) -> Result<Vec<ValueChange>, Vec<Diagnostic>> {
    let mut checker = import::Checker::new(plan, year, opts.overwrite);
    let mut errors = Vec::new();
    for file in &opts.files {
        // One table at a time: the memory bound of `read` holds for the whole import.
        match import::read(file, notes) {
            Ok(table) => checker.check(&table),
            Err(d) => errors.push(d),
        }
    }
    let mut checked = checker.finish();
    errors.append(&mut checked.errors);
    if !errors.is_empty() {
        diag::sort(&mut errors);
        return Err(errors);
    }
    notes.append(&mut checked.notes);
    Ok(checked.changes)
}

/// The new text of every item file with changes, each checked to be a valid item still, and
/// the plan as it will be with them.
fn item_rewrites(
    plan: &Plan,
    changes: &[ValueChange],
    date: crate::text::date::Date,
) -> Result<(Vec<edit::Rewrite>, Plan), Vec<Diagnostic>> {
    let mut by_file: BTreeMap<&Path, Vec<&ValueChange>> = BTreeMap::new();
    for c in changes {
        by_file.entry(&c.source).or_default().push(c);
    }
    let mut after = plan.clone();
    let mut rewrites = Vec::new();
    for (path, file_changes) in by_file {
        let (rewrite, item) = item_rewrite(plan, path, &file_changes, date)?;
        if let Some(slot) = after.items.iter_mut().find(|i| i.id == item.id) {
            *slot = std::sync::Arc::new(item);
        }
        rewrites.push(rewrite);
    }
    Ok((rewrites, after))
}

fn item_rewrite(
    plan: &Plan,
    path: &Path,
    file_changes: &[&ValueChange],
    date: crate::text::date::Date,
) -> Result<(edit::Rewrite, crate::model::ActionItem), Vec<Diagnostic>> {
    let read_err = |msg: String| vec![Diagnostic::in_file(codes::E726, path, msg)];
    let old = std::fs::read(path).map_err(|e| read_err(format!("読み込めません: {e}")))?;
    let text = String::from_utf8(old.clone()).map_err(|e| read_err(e.to_string()))?;
    let new = edit::apply(path, &text, file_changes, date).map_err(read_err)?;
    let item = check_rewritten(plan, path, &new, file_changes)?;
    let rewrite = edit::Rewrite {
        path: path.to_path_buf(),
        old: Some(old),
        new: new.into_bytes(),
    };
    Ok((rewrite, item))
}

/// The rewritten item file must load as the item with its new values. Every rule a cell's value
/// must follow is checked at the cell before this; a problem found only here is still reported
/// at the cells whose values went into the file.
fn check_rewritten(
    plan: &Plan,
    path: &Path,
    new: &str,
    file_changes: &[&ValueChange],
) -> Result<crate::model::ActionItem, Vec<Diagnostic>> {
    let at_cells = |problem: value::Problem| {
        let mut cells: Vec<&import::CellRef> = file_changes.iter().map(|c| &c.origin).collect();
        cells.dedup();
        cells
            .into_iter()
            .map(|c| c.error(problem.clone()))
            .collect::<Vec<_>>()
    };
    let max = crate::content::source::MAX_FILE_BYTES;
    if new.len() as u64 > max {
        let msg = format!(
            "取り込むと項目ファイル {} が {} MB を超えます（{:.1} MB） (the item file would be too large)",
            path.display(),
            max >> 20,
            new.len() as f64 / 1_048_576.0
        );
        return Err(at_cells((
            codes::E733,
            msg,
            "文字を減らしてもらってください。長い資料は項目ファイルの本文か assets/ に置きます。",
        )));
    }
    let file = crate::content::source::SourceFile {
        path: path.to_path_buf(),
        text: new.strip_prefix('\u{FEFF}').unwrap_or(new).to_string(),
    };
    let (item, ds) = crate::content::item::parse(&file, plan);
    if let Some(item) = item {
        return Ok(item);
    }
    let why: Vec<String> = ds
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("[{}] {}", d.code, d.message))
        .collect();
    let msg = format!(
        "取り込むと項目ファイル {} が検査を通りません: {} (the item file would not load)",
        path.display(),
        why.join(" / ")
    );
    Err(at_cells((
        codes::E725,
        msg,
        "shinchoku の不具合の可能性があります。表示された誤りと調査票を添えて報告してください。",
    )))
}

fn interrupted_note(committed: bool) -> String {
    if committed {
        "前回中断された取り込みを完了しました（すべての項目ファイルを書き込みました） (completed an interrupted import)".into()
    } else {
        "前回中断された取り込みを取り消しました（項目ファイルは取り込み前のままです） (undid an interrupted import)".into()
    }
}

/// Writes the item files, all or none (content::journal: even if killed), then loads the
/// content again; if it would not load, puts the old files back the same way.
fn write_and_reload(
    content: &Path,
    rewrites: &[edit::Rewrite],
    hook: journal::Hook,
) -> Result<(), Vec<Diagnostic>> {
    let files = |new: bool| -> Vec<journal::Replacement> {
        rewrites
            .iter()
            .map(|r| journal::Replacement {
                path: r.path.clone(),
                bytes: if new {
                    r.new.clone()
                } else {
                    r.old.clone().unwrap_or_default()
                },
            })
            .collect()
    };
    journal::replace_all(content, &files(true), hook).map_err(|f| vec![write_failure(f)])?;
    let reloaded = load(content);
    if reloaded.plan.is_some() {
        return Ok(());
    }
    let restored = journal::replace_all(content, &files(false), &mut |_| Ok(()));
    let mut ds: Vec<Diagnostic> = reloaded
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    ds.push(match restored {
        Ok(()) => Diagnostic::in_file(codes::E725, content, "取り込み後の内容に誤りがあったため、項目ファイルを元に戻しました (restored: the result did not load)")
            .with_help("shinchoku の不具合の可能性があります。表示された誤りと調査票を添えて報告してください。"),
        Err(f) => write_failure(f),
    });
    Err(ds)
}

/// E725 for a failed write: whether the files are as before, or the import will be completed.
fn write_failure(f: journal::Failure) -> Diagnostic {
    let help = if f.committed {
        "取り込みは途中です。原因（権限・空き容量）を取り除いてから shinchoku check などを実行すると、すべての項目ファイルの書き込みを完了します。"
    } else {
        "フォルダーの権限と空き容量を確認してください。項目ファイルは取り込み前のままです。"
    };
    Diagnostic::in_file(
        codes::E725,
        &f.path,
        format!("書き込めません: {} (write failed)", f.error),
    )
    .with_help(help)
}
