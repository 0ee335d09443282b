//! The yearly survey round-trip on the sample site (tests/fixtures/sample): export workbooks, fill
//! cells as a department would, import, build, and read the site back. Every import error is
//! checked with its `file / sheet / cell` location, and nothing may be written when any file is
//! wrong.

mod common;

use calamine::Data;
use common::*;
use shinchoku::survey::sheet::{self, Column, Field, COLUMNS};
use shinchoku::survey::{self as survey, ExportOptions, Format, ImportOptions, ImportReport};
use shinchoku::text::date::Date;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The sample site with 2023 added to [[reports]], so 2023 results may be imported.
fn sample_2023() -> Site {
    let site = Site::from_content(&repo().join("tests/fixtures/sample/content"));
    let mut toml = site.read("site.toml");
    toml.push_str("\n[[reports]]\nyear = 2023\nas_of = \"2024-05-31\"\n");
    site.write("site.toml", &toml);
    site
}

fn export(site: &Site, year: i32, format: Format) -> PathBuf {
    let out = site.dir.path().join(format!("survey-{year}"));
    survey::export(&ExportOptions {
        content: site.content(),
        out: out.clone(),
        year,
        format,
    })
    .unwrap_or_else(|e| panic!("{e:#?}"));
    out
}

fn import_opts(site: &Site, files: &[PathBuf]) -> ImportOptions {
    ImportOptions {
        content: site.content(),
        files: files.to_vec(),
        year: None,
        dry_run: false,
        overwrite: false,
        reason: None,
        date: import_date(),
    }
}

/// The day every test import is dated (the command line uses today in Japan).
fn import_date() -> Date {
    Date::parse("2024-05-20").unwrap()
}

fn import(site: &Site, files: &[PathBuf]) -> ImportReport {
    survey::import(&import_opts(site, files)).unwrap_or_else(|e| panic!("{e:#?}"))
}

/// Imports and returns the error lines, checking that no content file changed.
fn import_errors(site: &Site, opts: ImportOptions) -> Vec<String> {
    let before = read_tree(&site.content());
    let errors = match survey::import(&opts) {
        Ok(r) => panic!("import unexpectedly succeeded: {:#?}", r.changes),
        Err(ds) => ds.iter().map(|d| d.to_string()).collect(),
    };
    assert_eq!(
        before,
        read_tree(&site.content()),
        "nothing may be written on error"
    );
    errors
}

fn assert_error(errors: &[String], location: &str, code: &str, needle: &str) {
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&format!("{location}: エラー[{code}]")) && e.contains(needle)),
        "no {location}: {code} with {needle:?} in {errors:#?}"
    );
}

use common::workbook::{read_book, write_book, Grid};

fn text_of(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// The data row of item `id` (kind 取組) or of its indicator `name` (kind 指標).
fn row_of(grid: &Grid, id: &str, indicator: Option<&str>) -> usize {
    let kind = if indicator.is_some() {
        "指標"
    } else {
        "取組"
    };
    (sheet::FIRST_DATA_ROW as usize..grid.len())
        .find(|&r| {
            let cell = |c: Column| {
                grid[r]
                    .get(c.index() as usize)
                    .map(text_of)
                    .unwrap_or_default()
            };
            cell(Column::Id) == id
                && cell(Column::Kind) == kind
                && indicator.is_none_or(|n| cell(Column::Name) == n)
        })
        .unwrap_or_else(|| panic!("no row for {id} {indicator:?}"))
}

/// One cell a department fills in.
struct Fill<'a> {
    id: &'a str,
    indicator: Option<&'a str>,
    field: Field,
    value: Data,
}

fn fill<'a>(
    id: &'a str,
    indicator: Option<&'a str>,
    field: Field,
    value: impl Into<Data>,
) -> Fill<'a> {
    Fill {
        id,
        indicator,
        field,
        value: value.into(),
    }
}

fn set(grid: &mut Grid, r: usize, c: usize, value: Data) {
    if grid[r].len() <= c {
        grid[r].resize(c + 1, Data::Empty);
    }
    grid[r][c] = value;
}

/// Copies an exported workbook to `to` with cells filled in, as a department returns it.
fn fill_book(from: &Path, to: &Path, fills: &[Fill]) -> PathBuf {
    edit_book(from, to, |grid| {
        for f in fills {
            let r = row_of(grid, f.id, f.indicator);
            set(
                grid,
                r,
                Column::Input(f.field).index() as usize,
                f.value.clone(),
            );
        }
    })
}

fn edit_book(from: &Path, to: &Path, edit: impl FnOnce(&mut Grid)) -> PathBuf {
    let mut sheets = read_book(from);
    let survey = sheets
        .iter_mut()
        .find(|(n, _)| n == sheet::SURVEY_SHEET)
        .unwrap();
    edit(&mut survey.1);
    write_book(to, &sheets);
    to.to_path_buf()
}

/// Lines removed and added between two texts (a longest-common-subsequence diff).
fn diff(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push(b[j].to_string());
            j += 1;
        } else {
            removed.push(a[i].to_string());
            i += 1;
        }
    }
    (removed, added)
}

fn page_text(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    text(html(tree, path).select(&sel("main")).next().unwrap())
}

fn zip_entry(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
    s
}

// ---- export -------------------------------------------------------------------------------

#[test]
fn export_writes_one_protected_workbook_per_department() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        names,
        [
            // What export wrote, so that a later export may replace untouched files.
            survey::exported::FILE,
            "2023_収納課.xlsx",
            "2023_情報戦略課.xlsx",
            "2023_職員課.xlsx"
        ]
    );

    let path = out.join("2023_職員課.xlsx");
    let book = read_book(&path);
    let sheet_names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(sheet_names, [sheet::GUIDE_SHEET, sheet::SURVEY_SHEET]);
    let grid = &book[1].1;
    let meta: Vec<String> = grid[0].iter().map(text_of).collect();
    let headers: Vec<String> = grid[sheet::HEADER_ROW as usize]
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(
        meta,
        [
            "形式",
            "shinchoku-survey",
            "版",
            "1",
            "年度",
            "2023",
            "担当課",
            "職員課",
            "見出し",
            &sheet::header_print(&headers),
        ]
    );
    assert_eq!(
        headers,
        sheet::headers(shinchoku::text::fiscal_year::FiscalYear(2023))
    );
    // Only 職員課's item, its result row first, then each indicator with context.
    let rows: Vec<Vec<String>> = grid[sheet::FIRST_DATA_ROW as usize..]
        .iter()
        .map(|r| r.iter().map(text_of).collect())
        .collect();
    assert_eq!(rows.len(), 3, "{rows:#?}");
    assert_eq!(
        rows[0][..3],
        ["2-1-1", "取組", "働き方改革の推進（サンプル）"]
    );
    assert!(rows[0][Column::History.index() as usize]
        .contains("令和4年度: 実施・評価 B（計画どおり）・効果額 2,800千円"));
    assert_eq!(rows[0][Column::Plan.index() as usize], "進捗状況: 実施");
    let ind = &rows[1];
    assert_eq!(
        ind[..4],
        [
            "2-1-1",
            "指標",
            "月45時間を超える時間外勤務をした職員",
            "人"
        ]
    );
    assert_eq!(
        ind[Column::Baseline.index() as usize],
        "24人\n（令和元年度）"
    );
    assert_eq!(ind[Column::Plan.index() as usize], "5人");
    assert!(ind[Column::History.index() as usize].ends_with("令和4年度: 0人"));
    // Fill-in cells of a year not yet reported are empty.
    for r in &rows {
        for col in COLUMNS.iter().filter(|c| matches!(c, Column::Input(_))) {
            assert_eq!(r.get(col.index() as usize).map_or("", String::as_str), "");
        }
    }
    // The instructions carry the vocabularies from site.toml.
    let guide: Vec<String> = book[0].1.iter().flatten().map(text_of).collect();
    for needed in [
        "未着手",
        "取組に着手していない",
        "計画以上",
        "提出期限",
        "Alt + Enter",
    ] {
        assert!(guide.iter().any(|t| t.contains(needed)), "{needed}");
    }

    // What calamine cannot see: protection, locking, validation, the hidden metadata row.
    let xml = zip_entry(&path, "xl/worksheets/sheet2.xml");
    assert!(
        xml.contains("<sheetProtection"),
        "survey sheet not protected"
    );
    assert!(
        !xml.contains("password"),
        "protection must have no password"
    );
    assert!(xml.contains(r#"<row r="1" spans="1:14" hidden="1">"#));
    assert!(
        xml.contains(r#"type="list""#)
            && xml.contains(r#"<formula1>"未着手,検討,実施,達成"</formula1>"#)
    );
    assert!(xml.contains(r#"<formula1>"A,B,C,D"</formula1>"#));
    assert_eq!(
        xml.matches(r#"type="decimal""#).count(),
        3,
        "two actuals and 効果額"
    );
    assert!(zip_entry(&path, "xl/worksheets/sheet1.xml").contains("<sheetProtection"));
    let styles = zip_entry(&path, "xl/styles.xml");
    assert!(styles.contains(r#"locked="0""#) && styles.contains("FFFFF2CC"));
    assert!(zip_entry(&path, "docProps/core.xml").contains("2024-05-31T00:00:00Z"));
}

#[test]
fn export_is_deterministic_and_never_replaces_a_different_file() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let first = read_tree(&out);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let other = site.dir.path().join("again");
    survey::export(&ExportOptions {
        content: site.content(),
        out: other.clone(),
        year: 2023,
        format: Format::Xlsx,
    })
    .unwrap();
    assert_eq!(first, read_tree(&other), "same input, same bytes");
    // Exporting again into the same folder: identical files are left alone.
    let again = survey::export(&ExportOptions {
        content: site.content(),
        out: out.clone(),
        year: 2023,
        format: Format::Xlsx,
    })
    .unwrap();
    assert_eq!((again.written.len(), again.unchanged.len()), (0, 3));
    // A returned, filled-in survey in the way is never overwritten.
    let path = out.join("2023_職員課.xlsx");
    fill_book(&path, &path, &[fill("2-1-1", None, Field::Status, "実施")]);
    let filled = std::fs::read(&path).unwrap();
    let errors = survey::export(&ExportOptions {
        content: site.content(),
        out: out.clone(),
        year: 2023,
        format: Format::Xlsx,
    })
    .unwrap_err();
    assert!(
        errors[0].to_string().contains("エラー[E702]"),
        "{errors:#?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), filled);
}

/// After a vocabulary change (a new status in site.toml), exporting again over the earlier
/// export replaces the files nobody touched; one a department filled in stops the export with
/// E702 and nothing is written, until it is moved away.
#[test]
fn re_export_after_a_vocabulary_change_replaces_only_untouched_surveys() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let filled = out.join("2023_職員課.xlsx");
    fill_book(
        &filled,
        &filled,
        &[fill("2-1-1", None, Field::Status, "実施")],
    );
    let toml = site.read("site.toml");
    let status = "[[statuses]]\ncode = \"中止\"\ndescription = \"取組を中止した\"\n";
    site.write("site.toml", &format!("{toml}\n{status}"));
    let opts = || ExportOptions {
        content: site.content(),
        out: out.clone(),
        year: 2023,
        format: Format::Xlsx,
    };
    let before = read_tree(&out);
    let errors: Vec<String> = (survey::export(&opts()).unwrap_err().iter())
        .map(|d| d.to_string())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("2023_職員課.xlsx: エラー[E702]: 書き出した後に変更された調査票です"),
        "{errors:#?}"
    );
    assert_eq!(
        before,
        read_tree(&out),
        "nothing is written when one file is refused"
    );

    // The filled-in survey moved away (it is a return): the other two are replaced.
    std::fs::rename(&filled, site.dir.path().join("返送.xlsx")).unwrap();
    let report = survey::export(&opts()).unwrap_or_else(|e| panic!("{e:#?}"));
    let names = |paths: &[PathBuf]| -> Vec<String> {
        let mut v: Vec<String> = (paths.iter())
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names(&report.written),
        [
            "2023_収納課.xlsx",
            "2023_情報戦略課.xlsx",
            "2023_職員課.xlsx"
        ]
    );
    assert_eq!(
        names(&report.replaced),
        ["2023_収納課.xlsx", "2023_情報戦略課.xlsx"]
    );
    // They are the new vocabulary's surveys, as a fresh export writes them.
    let fresh = site.dir.path().join("fresh");
    survey::export(&ExportOptions {
        out: fresh.clone(),
        ..opts()
    })
    .unwrap();
    assert_eq!(read_tree(&out), read_tree(&fresh));
    assert!(zip_entry(&out.join("2023_収納課.xlsx"), SURVEY_PART).contains("中止"));
    // And the record knows them: once more changes nothing.
    let again = survey::export(&opts()).unwrap();
    assert_eq!((again.written.len(), again.unchanged.len()), (0, 3));

    // A same-named file export has no record of (an older version's export, or a return) is
    // never replaced, and the message says what to do.
    std::fs::remove_file(out.join(survey::exported::FILE)).unwrap();
    site.write("site.toml", &toml);
    let e = survey::export(&opts()).unwrap_err()[0].to_string();
    assert!(
        e.contains("エラー[E702]: 同じ名前の別の内容のファイルがあります"),
        "{e}"
    );
    assert!(
        e.contains("手を加えていないことを確かめてから削除し"),
        "{e}"
    );
}

/// Without [[grades]] in site.toml, the 記入方法 sheet says why 評価 is locked and how to add
/// grades; with them, it lists them.
#[test]
fn the_guide_says_when_there_are_no_grades() {
    let guide_text = |site: &Site| -> String {
        let out = export(site, 2023, Format::Xlsx);
        let path = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == "xlsx"))
            .unwrap();
        let book = read_book(&path);
        let (name, grid) = &book[0];
        assert_eq!(name, sheet::GUIDE_SHEET);
        grid.iter()
            .flatten()
            .map(text_of)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let site = sample_2023();
    let toml = site.read("site.toml");
    let with = guide_text(&site);
    assert!(with.contains("計画どおり") && !with.contains("評価を記入しません"));
    let start = toml.find("[[grades]]").unwrap();
    let end = toml.find("[[departments]]").unwrap();
    let site = sample_2023();
    site.write("site.toml", &format!("{}{}", &toml[..start], &toml[end..]));
    // The items' grades must go too: they would not be in the vocabulary.
    for entry in std::fs::read_dir(site.content().join("items")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("grade =")).collect();
        std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    }
    let without = guide_text(&site);
    assert!(without.contains(survey::export::no_grades()), "{without}");
}

#[test]
fn export_years_follow_the_reports() {
    let site = Site::from_content(&repo().join("tests/fixtures/sample/content"));
    let run = |year| {
        survey::export(&ExportOptions {
            content: site.content(),
            out: site.dir.path().join(format!("s{year}")),
            year,
            format: Format::Csv,
        })
    };
    // The last report is 2022: 2023 is the year about to be reported, with a note.
    let report = run(2023).unwrap();
    assert!(
        report.notes[0].contains("[[reports]] year = 2023"),
        "{:?}",
        report.notes
    );
    assert!(run(2022).unwrap().notes.is_empty());
    let e = run(2024).unwrap_err()[0].to_string();
    assert!(
        e.contains("E701") && e.contains("令和5年度 (2023)の報告がありません"),
        "{e}"
    );
    let e = run(2019).unwrap_err()[0].to_string();
    assert!(e.contains("E701") && e.contains("計画期間"), "{e}");
}

// ---- the round trip -----------------------------------------------------------------------

/// What 職員課 and 収納課 report for 2023 (情報戦略課 returns its workbook untouched).
fn fill_2023(out: &Path, to: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(to).unwrap();
    let shokuin = fill_book(
        &out.join("2023_職員課.xlsx"),
        &to.join("職員課.xlsx"),
        &[
            fill("2-1-1", None, Field::Status, "実施"),
            fill("2-1-1", None, Field::Grade, "A"),
            fill(
                "2-1-1",
                None,
                Field::Achievements,
                "- 業務の平準化を進めた。\n- 週1回のノー残業デーを定着させた。",
            ),
            fill(
                "2-1-1",
                None,
                Field::Challenges,
                "繁忙期の時間外勤務が残っている。",
            ),
            fill("2-1-1", None, Field::EffectAmount, 2100.0),
            fill(
                "2-1-1",
                Some("月45時間を超える時間外勤務をした職員"),
                Field::Actual,
                4.0,
            ),
            fill(
                "2-1-1",
                Some("年次有給休暇の平均取得日数"),
                Field::Actual,
                11.8,
            ),
        ],
    );
    let shuno = fill_book(
        &out.join("2023_収納課.xlsx"),
        &to.join("収納課.xlsx"),
        &[
            fill("2-2-1", None, Field::Status, "達成"),
            fill("2-2-1", None, Field::Grade, "A"),
            fill("2-2-1", Some("市税収納率"), Field::Actual, "96.3"),
            fill("2-2-2", None, Field::Status, "実施"),
            fill("2-2-2", None, Field::Grade, "B"),
            fill(
                "2-2-2",
                Some("財務書類の公表時期"),
                Field::Actual,
                "N年度決算分をN+1年12月に公表",
            ),
        ],
    );
    vec![shokuin, shuno, out.join("2023_情報戦略課.xlsx")]
}

#[test]
fn round_trip_fills_only_the_reported_fields_and_the_site_shows_them() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let files = fill_2023(&out, &site.dir.path().join("returned"));
    let before = read_tree(&site.content());

    let report = import(&site, &files);
    assert_eq!(report.changes.len(), 13, "{:#?}", report.changes);
    assert_eq!(report.written.len(), 3);
    let described: Vec<String> = report.changes.iter().map(|c| c.describe()).collect();
    assert!(
        described.contains(&"令和5年度の進捗状況（実績）: （なし） → 実施".to_string()),
        "{described:#?}"
    );
    assert!(
        described.contains(&"指標「市税収納率」の令和5年度の実績値: （なし） → 96.3%".to_string())
    );

    // Only the filled fields changed: every old line is still there, in order.
    let after = read_tree(&site.content());
    let added = |name: &str| {
        let old = String::from_utf8(before[name].clone()).unwrap();
        let new = String::from_utf8(after[name].clone()).unwrap();
        let (removed, added) = diff(&old, &new);
        assert!(removed.is_empty(), "{name}: removed {removed:?}");
        added.concat()
    };
    assert_eq!(
        added("items/2-1-1.md"),
        "[years.result]\nstatus = \"実施\"\ngrade = \"A\"\nachievements = \"\"\"\n- 業務の平準化を進めた。\n- 週1回のノー残業デーを定着させた。\"\"\"\nchallenges = \"繁忙期の時間外勤務が残っている。\"\neffect_amount = 2100\n[[years.sources]]\ndepartment = \"職員課\"\nfile = \"職員課.xlsx\"\nsheet = \"調査票\"\nimported = \"2024-05-20\"\n[years.sources.cells]\n\"進捗状況\" = \"J5\"\n\"評価\" = \"K5\"\n\"取組実績\" = \"L5\"\n\"課題\" = \"M5\"\n\"効果額\" = \"N5\"\n\"実績値/月45時間を超える時間外勤務をした職員\" = \"I6\"\n\"実績値/年次有給休暇の平均取得日数\" = \"I7\"\n\n2023 = 4\n2023 = 11.8\n"
    );
    assert_eq!(
        added("items/2-2-1.md"),
        "[years.result]\nstatus = \"達成\"\ngrade = \"A\"\n[[years.sources]]\ndepartment = \"収納課\"\nfile = \"収納課.xlsx\"\nsheet = \"調査票\"\nimported = \"2024-05-20\"\n[years.sources.cells]\n\"進捗状況\" = \"J5\"\n\"評価\" = \"K5\"\n\"実績値/市税収納率\" = \"I6\"\n\n2023 = 96.3\n"
    );
    // 2-2-2 had no [[years]] entry for 2023 and no [indicators.actual]: both are created.
    assert_eq!(
        added("items/2-2-2.md"),
        "[[years]]\nyear = 2023\n[years.result]\nstatus = \"実施\"\ngrade = \"B\"\n\n[[years.sources]]\ndepartment = \"収納課\"\nfile = \"収納課.xlsx\"\nsheet = \"調査票\"\nimported = \"2024-05-20\"\n[years.sources.cells]\n\"進捗状況\" = \"J7\"\n\"評価\" = \"K7\"\n\"実績値/財務書類の公表時期\" = \"I8\"\n\n\n[indicators.actual]\n2023 = \"N年度決算分をN+1年12月に公表\"\n"
    );
    for unchanged in ["site.toml", "items/1-1-1.md"] {
        assert_eq!(before[unchanged], after[unchanged], "{unchanged}");
    }

    // The built site shows the new actuals, attainment and 総括表.
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let item = html(&tree, "items/2-1-1.html");
    let rows: Vec<String> = item
        .select(&sel("section.indicator table.values tbody tr"))
        .map(text)
        .collect();
    // Decrease from 24 with plan 5: (24 − 4) ÷ (24 − 5) = 105.3%.
    assert!(
        rows.iter()
            .any(|r| r.starts_with("令和5年度 (2023) 5人 4人 105.3%")),
        "{rows:#?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("令和5年度 (2023) 11.5日 11.8日")),
        "{rows:#?}"
    );
    let page = page_text(&tree, "items/2-1-1.html");
    for shown in [
        "週1回のノー残業デーを定着させた。",
        "繁忙期の時間外勤務が残っている。",
        "2,100千円",
    ] {
        assert!(page.contains(shown), "{shown}");
    }
    assert!(page_text(&tree, "items/2-2-2.html").contains("N年度決算分をN+1年12月に公表"));

    let doc = html(&tree, "index.html");
    let summary: Vec<Vec<String>> = doc
        .select(&sel("#result-summary tbody tr"))
        .map(|tr| tr.select(&sel("th[scope=row], td")).map(text).collect())
        .collect();
    let cell = |label: &str| {
        let row = summary
            .iter()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("{label}: {summary:#?}"));
        row.last().unwrap().clone()
    };
    let header: Vec<String> = doc
        .select(&sel("#result-summary thead th"))
        .map(text)
        .collect();
    assert!(header.last().unwrap().contains("2023"), "{header:?}");
    assert_eq!(cell("実施"), "2件（50.0%）");
    assert_eq!(cell("達成"), "1件（25.0%）");
    assert_eq!(cell("A 計画以上"), "2件（50.0%）");
    assert_eq!(cell("未報告"), "1件（25.0%）");
    assert!(cell("効果額の合計").starts_with("2,100千円"), "{summary:?}");
    assert!(tree.contains_key("reports/2023/index.html"));
}

#[test]
fn importing_the_same_workbooks_twice_changes_nothing() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let files = fill_2023(&out, &site.dir.path().join("returned"));
    import(&site, &files);
    let once = read_tree(&site.content());
    let again = import(&site, &files);
    assert!(again.changes.is_empty(), "{:#?}", again.changes);
    assert!(again.written.is_empty());
    assert_eq!(once, read_tree(&site.content()));
    // A fresh export now carries the reported values; returned untouched, it is a no-op too.
    let out2 = site.dir.path().join("second");
    survey::export(&ExportOptions {
        content: site.content(),
        out: out2.clone(),
        year: 2023,
        format: Format::Xlsx,
    })
    .unwrap();
    let grid = &read_book(&out2.join("2023_職員課.xlsx"))[1].1;
    let r = row_of(grid, "2-1-1", None);
    assert_eq!(
        text_of(&grid[r][Column::Input(Field::Status).index() as usize]),
        "実施"
    );
    assert_eq!(
        grid[r][Column::Input(Field::EffectAmount).index() as usize],
        Data::Float(2100.0)
    );
    // As the shell's `second/*.xlsx` gives them (not the folder's export record).
    let files2: Vec<PathBuf> = std::fs::read_dir(&out2)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    assert!(import(&site, &files2).changes.is_empty());
    assert_eq!(once, read_tree(&site.content()));
}

#[test]
fn dry_run_lists_old_and_new_and_writes_nothing() {
    let site = sample_2023();
    let out = export(&site, 2022, Format::Xlsx);
    let returned = site.dir.path().join("returned.xlsx");
    fill_book(
        &out.join("2022_収納課.xlsx"),
        &returned,
        &[
            fill("2-2-1", None, Field::Status, "達成"),
            fill("2-2-1", Some("市税収納率"), Field::Actual, 96.2),
        ],
    );
    let before = read_tree(&site.content());
    let report = survey::import(&ImportOptions {
        year: Some(2022),
        dry_run: true,
        overwrite: true,
        ..import_opts(&site, &[returned])
    })
    .unwrap();
    let described: Vec<String> = report.changes.iter().map(|c| c.describe()).collect();
    assert_eq!(
        described,
        [
            "令和4年度の進捗状況（実績）: （なし） → 達成",
            "指標「市税収納率」の令和4年度の実績値: （なし） → 96.2%"
        ]
    );
    assert!(report.written.is_empty());
    assert_eq!(before, read_tree(&site.content()));
}

#[test]
fn overwriting_a_reported_value_needs_the_flag() {
    let site = sample_2023();
    let out = export(&site, 2022, Format::Xlsx);
    let returned = site.dir.path().join("職員課.xlsx");
    // Prefilled with 2022's reported values; the department changes two of them.
    fill_book(
        &out.join("2022_職員課.xlsx"),
        &returned,
        &[
            fill("2-1-1", None, Field::Grade, "A"),
            fill(
                "2-1-1",
                Some("月45時間を超える時間外勤務をした職員"),
                Field::Actual,
                1.0,
            ),
        ],
    );
    let opts = || ImportOptions {
        year: Some(2022),
        ..import_opts(&site, std::slice::from_ref(&returned))
    };
    let errors = import_errors(&site, opts());
    let file = returned.display().to_string();
    assert_error(
        &errors,
        &format!("{file} / 調査票 / K5"),
        "E723",
        "令和4年度の評価は「B」と報告済みです。「A」で上書きはしません",
    );
    assert_error(
        &errors,
        &format!("{file} / 調査票 / I6"),
        "E723",
        "「0人」と報告済みです。「1人」で上書きはしません",
    );
    assert!(errors[0].contains("--overwrite"));
    let report = survey::import(&ImportOptions {
        overwrite: true,
        ..opts()
    })
    .unwrap();
    let described: Vec<String> = report.changes.iter().map(|c| c.describe()).collect();
    assert_eq!(
        described,
        [
            "令和4年度の評価: B → A",
            "指標「月45時間を超える時間外勤務をした職員」の令和4年度の実績値: 0人 → 1人"
        ]
    );
    let text = site.read("items/2-1-1.md");
    assert!(text.contains("grade = \"A\"\neffect_amount = 2800") && text.contains("2022 = 1\n"));
}

// ---- errors, each located -----------------------------------------------------------------

#[test]
fn every_cell_error_is_located_and_all_files_are_reported_at_once() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let dir = site.dir.path();
    let shokuin = out.join("2023_職員課.xlsx");
    let wrong_types = fill_book(
        &shokuin,
        &dir.join("型.xlsx"),
        &[
            fill("2-1-1", None, Field::EffectAmount, "約60"),
            fill("2-1-1", None, Field::Status, "完了"),
            fill("2-1-1", None, Field::Grade, "S"),
            fill(
                "2-1-1",
                Some("年次有給休暇の平均取得日数"),
                Field::Actual,
                "11.8日",
            ),
        ],
    );
    let unknown_item = edit_book(&shokuin, &dir.join("番号.xlsx"), |g| {
        let r = row_of(g, "2-1-1", Some("年次有給休暇の平均取得日数"));
        set(g, r, 0, Data::String("9-9-9".into()));
    });
    let other_department = edit_book(&shokuin, &dir.join("担当課.xlsx"), |g| {
        let r = row_of(g, "2-1-1", None);
        set(g, r, 0, Data::String("2-2-1".into()));
    });
    let renamed_indicator = edit_book(&shokuin, &dir.join("指標.xlsx"), |g| {
        let r = row_of(g, "2-1-1", Some("年次有給休暇の平均取得日数"));
        set(g, r, 2, Data::String("有給休暇".into()));
    });
    let inserted_column = edit_book(
        &out.join("2023_収納課.xlsx"),
        &dir.join("列.xlsx"),
        |g| {
            for row in g.iter_mut().skip(sheet::HEADER_ROW as usize) {
                if row.len() > 3 {
                    row.insert(3, Data::String("メモ".into()));
                }
            }
        },
    );
    let errors_of = |files: &[PathBuf]| import_errors(&site, import_opts(&site, files));
    let at = |file: &str, cell: &str| format!("{} / 調査票 / {cell}", dir.join(file).display());
    // Two departments' files in one run: every problem of both is reported.
    let errors = errors_of(&[wrong_types, inserted_column]);
    assert_error(
        &errors,
        &at("型.xlsx", "N5"),
        "E720",
        "数値ではありません「約60」",
    );
    assert_error(
        &errors,
        &at("型.xlsx", "J5"),
        "E721",
        "進捗状況「完了」は一覧にありません（使える値: 未着手、検討、実施、達成）",
    );
    assert_error(
        &errors,
        &at("型.xlsx", "K5"),
        "E721",
        "評価「S」は一覧にありません",
    );
    assert_error(
        &errors,
        &at("型.xlsx", "I7"),
        "E720",
        "数値ではありません「11.8日」",
    );
    assert_error(
        &errors,
        &at("列.xlsx", "D4"),
        "E712",
        "列の見出しが「メモ」になっています（「単位」のはずです）",
    );
    assert_eq!(errors.len(), 5, "{errors:#?}");
    let errors = errors_of(&[unknown_item]);
    assert_error(
        &errors,
        &at("番号.xlsx", "A7"),
        "E716",
        "取組項目「9-9-9」はありません",
    );
    let errors = errors_of(&[other_department]);
    assert_error(
        &errors,
        &at("担当課.xlsx", "A5"),
        "E717",
        "取組項目「2-2-1」の担当課は「収納課」です。この調査票は「職員課」のものです",
    );
    let errors = errors_of(&[renamed_indicator]);
    assert_error(
        &errors,
        &at("指標.xlsx", "C7"),
        "E718",
        "取組項目「2-1-1」に指標「有給休暇」はありません",
    );
    // The same file again in one run.
    let errors = import_errors(
        &site,
        import_opts(&site, &[shokuin.clone(), shokuin.clone()]),
    );
    assert_error(
        &errors,
        &format!("{} / 調査票 / A5", shokuin.display()),
        "E719",
        &format!(
            "取組項目「2-1-1」の行が 2 回あります（もう 1 つは {} / 調査票 / A5）",
            shokuin.display()
        ),
    );
}

#[test]
fn a_cell_not_used_by_its_row_is_an_error() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let path = edit_book(
        &out.join("2023_職員課.xlsx"),
        &site.dir.path().join("x.xlsx"),
        |g| {
            let r = row_of(g, "2-1-1", None);
            set(
                g,
                r,
                Column::Input(Field::Actual).index() as usize,
                Data::Float(3.0),
            );
        },
    );
    let errors = import_errors(&site, import_opts(&site, std::slice::from_ref(&path)));
    assert_error(
        &errors,
        &format!("{} / 調査票 / I5", path.display()),
        "E722",
        "「取組」の行に実績値は書けません",
    );
}

#[test]
fn a_workbook_for_another_year_is_refused() {
    let site = sample_2023();
    let out = export(&site, 2022, Format::Xlsx);
    let path = out.join("2022_職員課.xlsx");
    // Without --year, import takes the last report year (2023).
    let errors = import_errors(&site, import_opts(&site, std::slice::from_ref(&path)));
    assert_error(
        &errors,
        &format!("{} / 調査票 / F1", path.display()),
        "E713",
        "この調査票は令和4年度 (2022)のものです。取り込む年度は令和5年度 (2023)です",
    );
    // A year that is not in [[reports]] yet: add the report first.
    let fresh = Site::from_content(&repo().join("tests/fixtures/sample/content"));
    let out = export(&fresh, 2023, Format::Xlsx);
    let path = out.join("2023_職員課.xlsx");
    let errors = import_errors(
        &fresh,
        ImportOptions {
            year: Some(2022),
            ..import_opts(&fresh, std::slice::from_ref(&path))
        },
    );
    assert_error(
        &errors,
        &format!("{} / 調査票 / F1", path.display()),
        "E714",
        "令和5年度は site.toml の [[reports]] にまだありません",
    );
    assert!(errors[0].contains("as_of"), "{errors:?}");
    let errors = import_errors(
        &fresh,
        ImportOptions {
            year: Some(2023),
            ..import_opts(&fresh, std::slice::from_ref(&path))
        },
    );
    assert!(errors[0].contains("エラー[E714]"), "{errors:?}");
}

#[test]
fn files_that_are_not_surveys() {
    let site = sample_2023();
    let dir = site.dir.path();
    let other = dir.join("other.xlsx");
    write_book(
        &other,
        &[("Sheet1".into(), vec![vec![Data::String("x".into())]])],
    );
    let renamed = dir.join("renamed.xlsx");
    write_book(
        &renamed,
        &[(
            "調査票".into(),
            vec![vec![
                Data::String("形式".into()),
                Data::String("別の形式".into()),
            ]],
        )],
    );
    let old_layout = edit_book(
        &export(&site, 2023, Format::Xlsx).join("2023_職員課.xlsx"),
        &dir.join("v0.xlsx"),
        |g| {
            set(
                g,
                0,
                sheet::META_VERSION_COL as usize,
                Data::String("0".into()),
            );
        },
    );
    let text = dir.join("notes.txt");
    std::fs::write(&text, "x").unwrap();
    let broken = dir.join("broken.xlsx");
    std::fs::write(&broken, "not a zip").unwrap();
    let errors = import_errors(
        &site,
        import_opts(
            &site,
            &[
                other.clone(),
                renamed.clone(),
                old_layout.clone(),
                text.clone(),
                broken.clone(),
            ],
        ),
    );
    assert_error(
        &errors,
        &other.display().to_string(),
        "E711",
        "シート「調査票」がありません",
    );
    assert_error(
        &errors,
        &format!("{} / 調査票", renamed.display()),
        "E711",
        "shinchoku の調査票ではありません",
    );
    assert_error(
        &errors,
        &format!("{} / 調査票 / D1", old_layout.display()),
        "E712",
        "調査票の版が「0」です",
    );
    assert_error(
        &errors,
        &text.display().to_string(),
        "E710",
        "調査票の形式ではありません",
    );
    assert_error(
        &errors,
        &broken.display().to_string(),
        "E710",
        "Excel のブックとして読めません",
    );
}

// ---- CSV ----------------------------------------------------------------------------------

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let text =
        std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("UTF-8 BOM")).unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn write_csv(rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn csv_has_the_same_layout_with_bom_and_crlf() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Csv);
    let path = out.join("2023_職員課.csv");
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let rows = csv_rows(&path);
    assert_eq!(
        text.matches("\r\n").count(),
        rows.len(),
        "each row ends with CRLF"
    );
    let note = &rows[sheet::NOTE_ROW as usize][0];
    assert!(
        note.contains("進捗状況: 未着手・検討・実施・達成。評価: A・B・C・D。"),
        "{note}"
    );
    let xlsx = export(&site, 2023, Format::Xlsx);
    let grid = &read_book(&xlsx.join("2023_職員課.xlsx"))[1].1;
    for (r, row) in rows
        .iter()
        .enumerate()
        .filter(|(r, _)| *r != sheet::TITLE_ROW as usize && *r != sheet::NOTE_ROW as usize)
    {
        let from_xlsx: Vec<String> = grid[r].iter().map(text_of).collect();
        assert_eq!(row[..from_xlsx.len()], from_xlsx[..], "row {}", r + 1);
    }
}

#[test]
fn shift_jis_csv_from_excel_imports() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Csv);
    let mut rows = csv_rows(&out.join("2023_収納課.csv"));
    let find = |rows: &Vec<Vec<String>>, kind: &str, id: &str| {
        rows.iter()
            .position(|r| r[0] == id && r[1] == kind)
            .unwrap()
    };
    let r = find(&rows, "取組", "2-2-1");
    rows[r][Column::Input(Field::Status).index() as usize] = "実施".into();
    rows[r][Column::Input(Field::Achievements).index() as usize] =
        "口座振替の勧奨を強化した。\r\n納付案内を見直した。".into();
    rows[r][Column::Input(Field::EffectAmount).index() as usize] = "1,500".into();
    let r = find(&rows, "指標", "2-2-1");
    rows[r][Column::Input(Field::Actual).index() as usize] = "９６．３".into();
    // Excel's 「CSV（コンマ区切り）」: Shift_JIS (CP932), no BOM. ① is a CP932-only character.
    let r = find(&rows, "取組", "2-2-2");
    rows[r][Column::Input(Field::Challenges).index() as usize] = "①人員の確保".into();
    let csv_text = write_csv(&rows);
    let (sjis, _, lossy) = encoding_rs::SHIFT_JIS.encode(&csv_text);
    assert!(!lossy);
    let path = site.dir.path().join("収納課.csv");
    std::fs::write(&path, &sjis).unwrap();
    let report = import(&site, std::slice::from_ref(&path));
    assert!(
        report.notes.iter().any(|n| n.contains("Shift_JIS")),
        "{:?}",
        report.notes
    );
    let described: Vec<String> = report.changes.iter().map(|c| c.describe()).collect();
    assert_eq!(
        described,
        [
            "令和5年度の進捗状況（実績）: （なし） → 実施",
            "令和5年度の取組実績: （なし） → 口座振替の勧奨を強化した。⏎納付案内を見直した。",
            "令和5年度の効果額: （なし） → 1500千円",
            "指標「市税収納率」の令和5年度の実績値: （なし） → 96.3%",
            "令和5年度の課題・今後の方向性: （なし） → ①人員の確保",
        ]
    );
    let text = site.read("items/2-2-1.md");
    assert!(
        text.contains("effect_amount = 1500\n") && text.contains("2023 = 96.3\n"),
        "{text}"
    );
    assert!(site
        .read("items/2-2-2.md")
        .contains("challenges = \"①人員の確保\""));
    // A CSV cell that its row does not use, and an undecodable file.
    let r = find(&rows, "指標", "2-2-1");
    rows[r][Column::Input(Field::Grade).index() as usize] = "A".into();
    let utf8 = site.dir.path().join("utf8.csv");
    std::fs::write(&utf8, write_csv(&rows)).unwrap();
    let garbage = site.dir.path().join("garbage.csv");
    std::fs::write(&garbage, b"\x82\xa0\xff\xff").unwrap();
    let errors = import_errors(&site, import_opts(&site, &[utf8.clone(), garbage.clone()]));
    assert_error(
        &errors,
        &format!("{} / K6", utf8.display()),
        "E722",
        "「指標」の行に評価は書けません",
    );
    assert_error(
        &errors,
        &garbage.display().to_string(),
        "E724",
        "UTF-8 でも Shift_JIS でもありません",
    );
}

// ---- item files written as Windows editors save them -------------------------------------

#[test]
fn bom_and_crlf_item_files_keep_their_style() {
    let site = sample_2023();
    let original = site.read("items/2-2-1.md");
    let windows = format!("\u{FEFF}{}", original.replace('\n', "\r\n"));
    site.write("items/2-2-1.md", &windows);
    let out = export(&site, 2023, Format::Xlsx);
    let returned = fill_book(
        &out.join("2023_収納課.xlsx"),
        &site.dir.path().join("r.xlsx"),
        &[
            fill("2-2-1", None, Field::Status, "実施"),
            fill("2-2-1", Some("市税収納率"), Field::Actual, 96.25),
        ],
    );
    import(&site, &[returned]);
    let after = site.read("items/2-2-1.md");
    assert!(after.starts_with('\u{FEFF}'));
    assert_eq!(
        after.matches('\n').count(),
        after.matches("\r\n").count(),
        "CRLF everywhere"
    );
    let (removed, added) = diff(&windows, &after);
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(
        added.concat(),
        "[years.result]\r\nstatus = \"実施\"\r\n[[years.sources]]\r\ndepartment = \"収納課\"\r\nfile = \"r.xlsx\"\r\nsheet = \"調査票\"\r\nimported = \"2024-05-20\"\r\n[years.sources.cells]\r\n\"進捗状況\" = \"J5\"\r\n\"実績値/市税収納率\" = \"I6\"\r\n\r\n2023 = 96.25\r\n"
    );
    site.build().unwrap();
}

// ---- the command line ---------------------------------------------------------------------

#[test]
fn command_line_export_and_dry_run() {
    let site = sample_2023();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .args(args)
            .current_dir(site.dir.path())
            .output()
            .unwrap()
    };
    let out = run(&["survey", "export", "--year", "2023"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = site.dir.path().join("survey/2023");
    assert!(dir.join("2023_職員課.xlsx").is_file());
    let returned = fill_book(
        &dir.join("2023_職員課.xlsx"),
        &site.dir.path().join("職員課.xlsx"),
        &[fill("2-1-1", None, Field::Status, "実施")],
    );
    let before = read_tree(&site.content());
    let out = run(&["survey", "import", returned.to_str().unwrap(), "--dry-run"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("2-1-1 働き方改革の推進（サンプル）"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  令和5年度の進捗状況（実績）: （なし） → 実施"),
        "{stdout}"
    );
    assert!(
        stdout.contains("--dry-run のため何も書き込んでいません"),
        "{stdout}"
    );
    assert_eq!(before, read_tree(&site.content()));
    let bad = fill_book(
        &returned,
        &site.dir.path().join("bad.xlsx"),
        &[fill("2-1-1", None, Field::EffectAmount, "約60")],
    );
    let out = run(&["survey", "import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.xlsx / 調査票 / N5: エラー[E720]: 数値ではありません「約60」"),
        "{stderr}"
    );
}

/// A workbook whose survey sheet has a cell far from the table: reading it whole would allocate
/// the range up to that cell. It is refused at the cell.
#[test]
fn a_cell_far_outside_the_table_is_refused_at_the_cell_without_reading_the_range() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let far = edit_book(
        &out.join("2023_職員課.xlsx"),
        &site.dir.path().join("far.xlsx"),
        |g| {
            g.resize(150_001, Vec::new());
            g[150_000] = vec![Data::Empty, Data::String("x".into())];
        },
    );
    let errors = import_errors(&site, import_opts(&site, &[far]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("far.xlsx / 調査票 / B150001: エラー[E712]"),
        "{}",
        errors[0]
    );
}

/// The workbook the fuzzer found with such a cell (177 GB when read whole) was made by changing
/// bytes inside the zip: its checksum no longer matches, and it is refused as damaged.
#[test]
fn a_damaged_workbook_is_refused_before_its_cells_are_read() {
    let site = sample_2023();
    let returned = repo().join("tests/fixtures/survey/far-away-cell.xlsx");
    let errors = import_errors(&site, import_opts(&site, &[returned]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("far-away-cell.xlsx: エラー[E710]") && errors[0].contains("checksum"),
        "{}",
        errors[0]
    );
}

/// 1e308 (or any number beyond ±2^53) in a cell is refused at the cell: it would be published
/// as another number.
#[test]
fn a_number_too_large_to_keep_exactly_is_refused_at_its_cell() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let dir = site.dir.path();
    let book = fill_book(
        &out.join("2023_職員課.xlsx"),
        &dir.join("大.xlsx"),
        &[fill(
            "2-1-1",
            Some("年次有給休暇の平均取得日数"),
            Field::Actual,
            Data::Float(1e308),
        )],
    );
    let errors = import_errors(&site, import_opts(&site, &[book]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("大.xlsx / 調査票 /") && errors[0].contains("エラー[E720]"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("大きすぎて正確に扱えません"),
        "{}",
        errors[0]
    );
}

// ---- what departments really do to a returned workbook ------------------------------------

use common::workbook::{replace_cell, rewrite_part, SURVEY_PART};

/// The 職員課 survey of 2023: A5 is 2-1-1's item row, A6 and A7 its two indicators.
const OVERTIME: &str = "月45時間を超える時間外勤務をした職員";
const LEAVE: &str = "年次有給休暇の平均取得日数";

#[test]
fn every_row_export_wrote_is_there_once_and_in_its_place() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let shokuin = out.join("2023_職員課.xlsx");
    let dir = site.dir.path();
    let at = |file: &str, cell: &str| format!("{} / 調査票 / {cell}", dir.join(file).display());
    // A department deleted the leave row (the rows below it move up) and filled in the other.
    let deleted = edit_book(&shokuin, &dir.join("削除.xlsx"), |g| {
        let r = row_of(g, "2-1-1", Some(LEAVE));
        g.remove(r);
        let r = row_of(g, "2-1-1", Some(OVERTIME));
        set(
            g,
            r,
            Column::Input(Field::Actual).index() as usize,
            Data::Float(3.0),
        );
    });
    let errors = import_errors(&site, import_opts(&site, &[deleted]));
    assert_error(
        &errors,
        &at("削除.xlsx", "A7"),
        "E728",
        &format!("取組項目「2-1-1」の指標「{LEAVE}」の行がありません（書き出したときは 7 行目）"),
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");
    // A row copied below the table.
    let duplicated = edit_book(&shokuin, &dir.join("複製.xlsx"), |g| {
        let r = row_of(g, "2-1-1", Some(OVERTIME));
        let copy = g[r].clone();
        g.push(copy);
    });
    let errors = import_errors(&site, import_opts(&site, &[duplicated]));
    assert_error(
        &errors,
        &at("複製.xlsx", "A8"),
        "E719",
        &format!("取組項目「2-1-1」の指標「{OVERTIME}」の行が 2 回あります"),
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");
    // The two indicator rows swapped (sorted by name): the one out of order is named.
    let moved = edit_book(&shokuin, &dir.join("移動.xlsx"), |g| {
        let (a, b) = (
            row_of(g, "2-1-1", Some(OVERTIME)),
            row_of(g, "2-1-1", Some(LEAVE)),
        );
        g.swap(a, b);
    });
    let errors = import_errors(&site, import_opts(&site, &[moved]));
    assert_error(
        &errors,
        &at("移動.xlsx", "A6"),
        "E729",
        &format!(
            "取組項目「2-1-1」の指標「{LEAVE}」の行が移動されています（書き出したときの位置は A7）"
        ),
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");
}

#[test]
fn an_edit_to_a_locked_cell_is_reported_at_the_cell() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let dir = site.dir.path();
    let edited = edit_book(
        &out.join("2023_職員課.xlsx"),
        &dir.join("灰色.xlsx"),
        |g| {
            let r = row_of(g, "2-1-1", Some(OVERTIME));
            set(
                g,
                r,
                Column::Target.index() as usize,
                Data::String("999人".into()),
            );
            let r = row_of(g, "2-1-1", None);
            set(
                g,
                r,
                Column::Name.index() as usize,
                Data::String("働き方改革".into()),
            );
        },
    );
    let errors = import_errors(&site, import_opts(&site, &[edited]));
    let at = |cell: &str| format!("{} / 調査票 / {cell}", dir.join("灰色.xlsx").display());
    assert_error(
        &errors,
        &at("F6"),
        "E730",
        "灰色のセル（目標値）が「0人」から「999人」に書き換えられています",
    );
    assert_error(
        &errors,
        &at("C5"),
        "E730",
        "灰色のセル（取組項目名／指標名）が「働き方改革の推進（サンプル）」から「働き方改革」に",
    );
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

#[test]
fn a_formula_gives_its_saved_result_or_is_an_error() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let dir = site.dir.path();
    let with_result = dir.join("数式.xlsx");
    std::fs::copy(out.join("2023_職員課.xlsx"), &with_result).unwrap();
    rewrite_part(&with_result, SURVEY_PART, |xml| {
        replace_cell(&xml, "I6", "<c r=\"I6\" s=\"13\"><f>1+2</f><v>3</v></c>")
    });
    let report = survey::import(&ImportOptions {
        dry_run: true,
        ..import_opts(&site, std::slice::from_ref(&with_result))
    })
    .unwrap();
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert_eq!(report.changes[0].new, shinchoku::model::Value::Number(3.0));
    // Saved by a program that does not compute formulas: no result to take.
    rewrite_part(&with_result, SURVEY_PART, |xml| {
        replace_cell(&xml, "I6", "<c r=\"I6\" s=\"13\"><f>1+2</f></c>")
    });
    let errors = import_errors(
        &site,
        import_opts(&site, std::slice::from_ref(&with_result)),
    );
    assert_error(
        &errors,
        &format!("{} / 調査票 / I6", with_result.display()),
        "E731",
        "数式のセルに計算結果が保存されていません",
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");
}

#[test]
fn negatives_grades_and_line_breaks_as_departments_type_them() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let dir = site.dir.path();
    let typed = fill_book(
        &out.join("2023_職員課.xlsx"),
        &dir.join("入力.xlsx"),
        &[
            fill("2-1-1", None, Field::EffectAmount, "▲500"),
            fill("2-1-1", None, Field::Grade, "ｂ"),
            fill("2-1-1", None, Field::Status, "実施"),
            fill(
                "2-1-1",
                None,
                Field::Achievements,
                "ノー残業デーを実施\n有給休暇の取得を促進",
            ),
            fill("2-1-1", Some(LEAVE), Field::Actual, "１１．５"),
        ],
    );
    let report = import(&site, std::slice::from_ref(&typed));
    let by_field = |f: Field| {
        report
            .changes
            .iter()
            .find(|c| c.field == f)
            .map(|c| c.new.clone())
            .unwrap_or_else(|| panic!("no change of {f:?}"))
    };
    use shinchoku::model::Value;
    assert_eq!(by_field(Field::EffectAmount), Value::Number(-500.0));
    assert_eq!(by_field(Field::Grade), Value::Text("B".into()));
    assert_eq!(by_field(Field::Actual), Value::Number(11.5));
    let place = |cell: &str| format!("{} / 調査票 / {cell}", typed.display());
    assert!(
        report.notes.contains(&format!(
            "{}: 評価「ｂ」を「B」として読みました (read as B)",
            place("K5")
        )),
        "{:#?}",
        report.notes
    );
    assert!(
        report.notes.iter().any(|n| n.starts_with(&format!(
            "{}: 効果額「▲500」の「▲」を負の符号として -500 と読みました",
            place("N5")
        ))),
        "{:#?}",
        report.notes
    );
    // The line typed with Alt + Enter is a line on the site, and the file says so plainly.
    let item = site.read("items/2-1-1.md");
    assert!(
        item.contains("ノー残業デーを実施\\\n有給休暇の取得を促進"),
        "{item}"
    );
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let page = String::from_utf8(tree["items/2-1-1.html"].clone()).unwrap();
    assert!(
        page.contains("ノー残業デーを実施<br />\n有給休暇の取得を促進"),
        "{page}"
    );
    // Exported again, the cell shows the line break, and the untouched survey changes nothing.
    let again = site.dir.path().join("again");
    survey::export(&ExportOptions {
        content: site.content(),
        out: again.clone(),
        year: 2023,
        format: Format::Xlsx,
    })
    .unwrap();
    let book = read_book(&again.join("2023_職員課.xlsx"));
    let grid = &book
        .iter()
        .find(|(n, _)| n == sheet::SURVEY_SHEET)
        .unwrap()
        .1;
    let r = row_of(grid, "2-1-1", None);
    assert_eq!(
        text_of(&grid[r][Column::Input(Field::Achievements).index() as usize]),
        "ノー残業デーを実施\n有給休暇の取得を促進"
    );
    let unchanged = import(&site, &[again.join("2023_職員課.xlsx")]);
    assert!(unchanged.changes.is_empty(), "{:#?}", unchanged.changes);
}

#[test]
fn values_the_item_file_refuses_are_refused_at_the_cell() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let dir = site.dir.path();
    let negative = fill_book(
        &out.join("2023_職員課.xlsx"),
        &dir.join("負.xlsx"),
        &[
            fill("2-1-1", Some(OVERTIME), Field::Actual, -3.0),
            fill("2-1-1", Some(LEAVE), Field::Actual, "△2"),
        ],
    );
    let errors = import_errors(&site, import_opts(&site, std::slice::from_ref(&negative)));
    let place = |cell: &str| format!("{} / 調査票 / {cell}", negative.display());
    assert_error(
        &errors,
        &place("I6"),
        "E732",
        "実績値が負の数（-3）です。単位「人」の値は 0 以上です",
    );
    assert_error(
        &errors,
        &place("I7"),
        "E732",
        "実績値が負の数（-2）です。単位「日」の値は 0 以上です",
    );
    assert_eq!(errors.len(), 2, "{errors:#?}");
    // Longer than a cell can be (a CSV can hold it; Excel cannot).
    let csv_out = export(&site, 2023, Format::Csv);
    let mut rows = csv_rows(&csv_out.join("2023_職員課.csv"));
    rows[4][Column::Input(Field::Achievements).index() as usize] = "あ".repeat(40_000);
    let long = dir.join("長い.csv");
    std::fs::write(&long, write_csv(&rows)).unwrap();
    let errors = import_errors(&site, import_opts(&site, std::slice::from_ref(&long)));
    assert_error(
        &errors,
        &format!("{} / L5", long.display()),
        "E733",
        "セルの文字が長すぎます（32,767 字まで",
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");
    // An item file that the value would take past 2 MB: at the cell too, not at the file.
    let item = site.read("items/2-1-1.md");
    site.write(
        "items/2-1-1.md",
        &format!("{item}\n{}\n", "い".repeat(690_000)),
    );
    rows[4][Column::Input(Field::Achievements).index() as usize] = "う".repeat(30_000);
    std::fs::write(&long, write_csv(&rows)).unwrap();
    let errors = import_errors(&site, import_opts(&site, std::slice::from_ref(&long)));
    assert_error(
        &errors,
        &format!("{} / L5", long.display()),
        "E733",
        "が 2 MB を超えます",
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");
}

/// Any file is read within fixed bounds: a 300 MB shared string in a 300 KB workbook (which took
/// 1.5 GB before the bounds) is refused when its part passes 32 MB, before calamine sees it.
#[test]
fn a_workbook_that_unpacks_beyond_the_bounds_is_refused_unread() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let dir = site.dir.path();
    let bomb = dir.join("大きい.xlsx");
    std::fs::copy(out.join("2023_職員課.xlsx"), &bomb).unwrap();
    rewrite_part(&bomb, "xl/sharedStrings.xml", |xml| {
        xml.replace(
            "</sst>",
            &format!("<si><t>{}</t></si></sst>", "a".repeat(40 << 20)),
        )
    });
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1 << 20);
    let errors = import_errors(&site, import_opts(&site, std::slice::from_ref(&bomb)));
    assert_error(
        &errors,
        &bomb.display().to_string(),
        "E734",
        "ブックの中の「xl/sharedStrings.xml」が大きすぎます（展開して 32 MB まで）",
    );
    // A count of strings the part cannot hold (calamine would reserve room for them all).
    std::fs::copy(out.join("2023_職員課.xlsx"), &bomb).unwrap();
    rewrite_part(&bomb, "xl/sharedStrings.xml", |xml| {
        let at = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = at + xml[at..].find('"').unwrap();
        format!("{}4000000000{}", &xml[..at], &xml[end..])
    });
    let errors = import_errors(&site, import_opts(&site, std::slice::from_ref(&bomb)));
    assert_error(
        &errors,
        &bomb.display().to_string(),
        "E734",
        "共有文字列の数が中身と合いません",
    );
    // A file larger than any survey is not read at all.
    std::fs::write(&bomb, vec![b'x'; 11 << 20]).unwrap();
    let errors = import_errors(&site, import_opts(&site, std::slice::from_ref(&bomb)));
    assert_error(
        &errors,
        &bomb.display().to_string(),
        "E734",
        "ファイルが大きすぎます（10 MB まで）",
    );
}

// ---- all or nothing: an import stopped at any write or rename ------------------------------
// The test binary runs itself as a child that stops dead (abort: no destructor runs, as with
// SIGKILL) before the n-th change to the file system; the parent then loads the content as any
// later command does, and finds either every item file new or every one old, and nothing else.

const STOP_VAR: &str = "SHINCHOKU_TEST_STOP_BEFORE";
const CONTENT_VAR: &str = "SHINCHOKU_TEST_CONTENT";
const RETURNED_VAR: &str = "SHINCHOKU_TEST_RETURNED";

/// The sample site with a result filled in for each of its 4 items (3 departments' files), and
/// the item files before and after the import.
struct FourItems {
    site: Site,
    returned: Vec<PathBuf>,
    old: BTreeMap<String, Vec<u8>>,
    new: BTreeMap<String, Vec<u8>>,
}

fn four_items() -> FourItems {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let dir = site.dir.path().join("returned");
    std::fs::create_dir_all(&dir).unwrap();
    let status = |id| fill(id, None, Field::Status, "実施");
    let returned = vec![
        fill_book(
            &out.join("2023_収納課.xlsx"),
            &dir.join("収納課.xlsx"),
            &[status("2-2-1"), status("2-2-2")],
        ),
        fill_book(
            &out.join("2023_情報戦略課.xlsx"),
            &dir.join("情報戦略課.xlsx"),
            &[status("1-1-1")],
        ),
        fill_book(
            &out.join("2023_職員課.xlsx"),
            &dir.join("職員課.xlsx"),
            &[status("2-1-1")],
        ),
    ];
    let old = read_tree(&site.content().join("items"));
    let copy = Site::from_content(&site.content());
    import(&copy, &returned);
    let new = read_tree(&copy.content().join("items"));
    assert_eq!(old.len(), 4);
    assert!(old.iter().all(|(k, v)| new[k] != *v), "every item changes");
    FourItems {
        site,
        returned,
        old,
        new,
    }
}

/// Loads the content as `check` or `build` would (which finishes an interrupted import), then
/// tells whether the item files are all new (true) or all old (false); anything else fails.
fn after_recovery(content: &Path, four: &FourItems, what: &str) -> bool {
    let loaded = shinchoku::content::load::load(content);
    assert!(loaded.plan.is_some(), "{what}: {:#?}", loaded.diagnostics);
    assert!(
        !content.join(".shinchoku-import").exists(),
        "{what}: journal left"
    );
    let items = read_tree(&content.join("items"));
    assert!(
        items == four.old || items == four.new,
        "{what}: a mix, or stray files: {:?}",
        items.keys()
    );
    items == four.new
}

/// Run by the parent tests only (ignored otherwise): one import that stops before the n-th step.
#[test]
#[ignore = "child process of an_import_killed_at_any_step_writes_all_or_nothing"]
fn child_import_that_stops() {
    let stop: usize = std::env::var(STOP_VAR)
        .expect("run by the parent test")
        .parse()
        .unwrap();
    let content = PathBuf::from(std::env::var(CONTENT_VAR).unwrap());
    let mut returned: Vec<PathBuf> = std::fs::read_dir(std::env::var(RETURNED_VAR).unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    returned.sort();
    let opts = ImportOptions {
        content,
        files: returned,
        year: None,
        dry_run: false,
        overwrite: false,
        reason: None,
        date: import_date(),
    };
    let mut n = 0;
    survey::import_with(&opts, &mut |_| {
        if n == stop {
            std::process::abort();
        }
        n += 1;
        Ok(())
    })
    .unwrap();
}

#[test]
fn an_import_killed_at_any_step_writes_all_or_nothing() {
    let four = four_items();
    let (mut old_seen, mut new_seen) = (0, 0);
    for stop in 0.. {
        let site = Site::from_content(&four.site.content());
        let child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                "child_import_that_stops",
                "--test-threads=1",
            ])
            .env(STOP_VAR, stop.to_string())
            .env(CONTENT_VAR, site.content())
            .env(RETURNED_VAR, four.site.dir.path().join("returned"))
            .output()
            .unwrap();
        if child.status.success() {
            // Past the last step: the import ran to the end.
            assert!(stop > 10, "only {stop} steps");
            assert!(after_recovery(&site.content(), &four, "finished"));
            break;
        }
        assert_eq!(
            child.status.code(),
            None,
            "{stop}: must be killed: {child:?}"
        );
        if after_recovery(
            &site.content(),
            &four,
            &format!("killed before step {stop}"),
        ) {
            new_seen += 1;
        } else {
            old_seen += 1;
        }
    }
    // Killed before the commit: all old; after it: all new (finished by the next load).
    assert!(
        old_seen >= 6 && new_seen >= 4,
        "old {old_seen}, new {new_seen}"
    );
}

#[test]
fn an_import_failing_at_any_step_writes_all_or_nothing() {
    let four = four_items();
    for fail in 0.. {
        let site = Site::from_content(&four.site.content());
        let mut n = 0;
        let result = survey::import_with(&import_opts(&site, &four.returned), &mut |_| {
            n += 1;
            if n - 1 == fail {
                return Err(std::io::Error::other("injected"));
            }
            Ok(())
        });
        let Err(errors) = result else {
            assert!(fail > 10, "only {fail} steps");
            break;
        };
        let text = errors.iter().map(|d| d.to_string()).collect::<String>();
        assert!(
            text.contains("エラー[E725]") && text.contains("injected"),
            "{text}"
        );
        let committed = text.contains("取り込みは途中です");
        if !committed {
            // Nothing changed, and nothing is left, even before any later command.
            assert_eq!(read_tree(&site.content().join("items")), four.old, "{fail}");
        }
        assert_eq!(
            after_recovery(&site.content(), &four, &format!("failed at {fail}")),
            committed,
            "{fail}"
        );
    }
}

// ---- published editions, provenance and returns ---------------------------------------------

/// The sample with 2023 in [[reports]] and the 2021 edition published on 2022-06-15.
fn published_2021() -> Site {
    let site = sample_2023();
    let date = Date::parse("2022-06-15").unwrap();
    shinchoku::publish::publish(
        &site.content(),
        shinchoku::text::fiscal_year::FiscalYear(2021),
        date,
    )
    .unwrap_or_else(|e| panic!("{e:#?}"));
    site
}

/// 情報戦略課's 2021 survey returned with 1-1-1's actual value changed from 485,500 to 486,000;
/// the file and the cell of the value.
fn corrected_2021(site: &Site) -> (PathBuf, String) {
    let out = export(site, 2021, Format::Xlsx);
    let returned = site.dir.path().join("2021_情報戦略課.xlsx");
    let name = "HPアクセス数";
    let grid = &read_book(&out.join("2021_情報戦略課.xlsx"))[1].1;
    let cell = shinchoku::diag::cell_name(
        row_of(grid, "1-1-1", Some(name)) as u32,
        Column::Input(Field::Actual).index(),
    );
    fill_book(
        &out.join("2021_情報戦略課.xlsx"),
        &returned,
        &[fill("1-1-1", Some(name), Field::Actual, 486000.0)],
    );
    (returned, cell)
}

#[test]
fn overwriting_a_published_value_needs_a_reason_and_records_the_correction() {
    let site = published_2021();
    let (returned, cell) = corrected_2021(&site);
    let opts = || ImportOptions {
        year: Some(2021),
        overwrite: true,
        ..import_opts(&site, std::slice::from_ref(&returned))
    };
    // Without a reason: refused at the cell, nothing written, and it says how to give one.
    let errors = import_errors(&site, opts());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_error(
        &errors,
        &format!("{} / 調査票 / {cell}", returned.display()),
        "E746",
        "1-1-1/2021/実績値/HPアクセス数 が 「485500」 から 「486000」 に変わります",
    );
    assert!(errors[0].contains("--reason"), "{errors:?}");
    let blank = import_errors(
        &site,
        ImportOptions {
            reason: Some("  ".into()),
            ..opts()
        },
    );
    assert!(blank[0].contains("E746"), "{blank:?}");

    let report = survey::import(&ImportOptions {
        reason: Some("集計の誤り".into()),
        ..opts()
    })
    .unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(report.corrections.len(), 1, "{:#?}", report.corrections);
    let record: toml::Table = toml::from_str(&site.read("editions/2021.toml")).unwrap();
    let corrections = record["corrections"].as_array().unwrap();
    assert_eq!(corrections.len(), 1);
    let c = corrections[0].as_table().unwrap();
    let field = |k: &str| c[k].as_str().unwrap().to_string();
    assert_eq!(field("date"), "2024-05-20");
    assert_eq!(field("key"), "1-1-1/2021/実績値/HPアクセス数");
    assert_eq!(
        (field("old"), field("new")),
        ("485500".into(), "486000".into())
    );
    assert_eq!(field("reason"), "集計の誤り");
    // The 2022 edition is not published: its record does not exist and nothing else changed.
    assert!(!site.content().join("editions/2022.toml").exists());

    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let page = "reports/2021/items/1-1-1.html";
    let doc = html(&tree, page);
    let rows: Vec<String> = doc
        .select(&sel("table.corrections tbody tr"))
        .map(text)
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains("令和6年5月20日") && rows[0].contains("485500 486000 集計の誤り"),
        "{rows:?}"
    );
    assert!(page_text(&tree, page).contains("486,000件"));
}

#[test]
fn an_import_into_a_published_year_writes_the_items_and_the_correction_together() {
    let site = published_2021();
    let (returned, _) = corrected_2021(&site);
    let opts = ImportOptions {
        year: Some(2021),
        overwrite: true,
        reason: Some("集計の誤り".into()),
        ..import_opts(&site, std::slice::from_ref(&returned))
    };
    // Fail at each step in turn until the import goes through; whatever the step, the next
    // load leaves the item and its correction both changed or both as before.
    for stop in 0.. {
        let mut n = 0;
        let result = survey::import_with(&opts, &mut |_| {
            n += 1;
            if n - 1 == stop {
                return Err(std::io::Error::other("injected"));
            }
            Ok(())
        });
        shinchoku::content::journal::recover(&site.content()).unwrap();
        let item = site.read("items/1-1-1.md").contains("2021 = 486000");
        let record = site.read("editions/2021.toml").contains("集計の誤り");
        assert_eq!(item, record, "stopped at step {stop}");
        let plan = shinchoku::content::load::load(&site.content())
            .plan
            .unwrap();
        assert!(
            shinchoku::verify::record::check(&plan).is_empty(),
            "step {stop}"
        );
        if result.is_ok() {
            assert!(item && stop > 4, "{stop}");
            break;
        }
        if item {
            // Committed before the failure: the next run finds nothing to change.
            break;
        }
    }
}

#[test]
fn imported_values_record_their_source_and_the_item_page_shows_it() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let files = fill_2023(&out, &site.dir.path().join("returned"));
    import(&site, &files);
    let item_text = site.read("items/2-2-1.md");
    let (_, source) = (item_text.split_once("[[years.sources]]\n")).expect(&item_text);
    let source = &source[..source.find("\n\n").unwrap()];
    let grid = &read_book(&files[1])[1].1;
    let at = |id: &str, ind: Option<&str>, f: Field| {
        shinchoku::diag::cell_name(row_of(grid, id, ind) as u32, Column::Input(f).index())
    };
    assert_eq!(
        source.trim_end(),
        format!(
            "department = \"収納課\"\nfile = \"収納課.xlsx\"\nsheet = \"調査票\"\nimported = \"2024-05-20\"\n[years.sources.cells]\n\"進捗状況\" = \"{}\"\n\"評価\" = \"{}\"\n\"実績値/市税収納率\" = \"{}\"",
            at("2-2-1", None, Field::Status),
            at("2-2-1", None, Field::Grade),
            at("2-2-1", Some("市税収納率"), Field::Actual),
        )
    );
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let sources = |page: &str| -> Vec<String> {
        html(&tree, page)
            .select(&sel("section.result p.source"))
            .map(text)
            .collect()
    };
    assert_eq!(
        sources("items/2-2-1.html"),
        ["報告: 収納課（令和6年5月20日 取込、調査票 収納課.xlsx）"]
    );
    // Results written by hand (2020–2022) show no source.
    let doc = html(&tree, "items/1-1-1.html");
    assert!(doc.select(&sel("section.result")).count() >= 3);
    assert!(sources("items/1-1-1.html").is_empty());

    // Imported again with one value changed: that value's cell moves to the new entry.
    let again = fill_book(
        &files[1],
        &site.dir.path().join("収納課2.xlsx"),
        &[fill("2-2-1", None, Field::Grade, "B")],
    );
    survey::import(&ImportOptions {
        overwrite: true,
        date: Date::parse("2024-06-01").unwrap(),
        ..import_opts(&site, &[again])
    })
    .unwrap_or_else(|e| panic!("{e:#?}"));
    let plan = shinchoku::content::load::load(&site.content())
        .plan
        .unwrap();
    let item = plan.items.iter().find(|i| i.id == "2-2-1").unwrap();
    let y = item.years.iter().find(|y| y.year.0 == 2023).unwrap();
    let cells: Vec<(String, Vec<&String>)> = y
        .sources
        .iter()
        .map(|s| (s.file.clone(), s.cells.keys().collect()))
        .collect();
    assert_eq!(cells.len(), 2, "{cells:?}");
    assert_eq!(cells[0].0, "収納課.xlsx");
    assert!(!cells[0].1.iter().any(|k| *k == "評価"), "{cells:?}");
    assert_eq!(cells[1], ("収納課2.xlsx".into(), vec![&"評価".to_string()]));
}

#[test]
fn a_bad_source_is_an_error_at_its_line() {
    let site = sample_2023();
    let text = site.read("items/2-2-1.md");
    let bad = "[[years.sources]]\ndepartment = \"収納課\"\nfile = \"x.xlsx\"\nimported = \"2024-13-01\"\n[years.sources.cells]\n\"評価\" = \"K5\"\n\"実績値/なし\" = \"5K\"\n";
    let at = text.find("\n[[indicators]]").unwrap();
    site.write(
        "items/2-2-1.md",
        &format!("{}\n{bad}{}", &text[..at], &text[at..]),
    );
    let errors = site.errors();
    let written = site.read("items/2-2-1.md");
    let line = |needle: &str| {
        written[..written.find(needle).unwrap()]
            .matches('\n')
            .count()
            + 1
    };
    for (code, needle) in [
        ("E165", "imported = \"2024-13-01\""),
        ("E166", "\"実績値/なし\""),
    ] {
        let n = line(needle);
        assert!(
            errors
                .iter()
                .any(|e| e.contains(&format!("2-2-1.md:{n}:")) && e.contains(code)),
            "{code} at line {n}: {errors:#?}"
        );
    }
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn status_lists_what_each_department_has_not_reported_and_what_was_imported() {
    let site = sample_2023();
    let out = export(&site, 2023, Format::Xlsx);
    let files = fill_2023(&out, &site.dir.path().join("returned"));
    import(&site, &files);
    let (returns, _) = survey::status::returns(&site.content(), Some(2023)).unwrap();
    let by_name = |n: &str| returns.departments.iter().find(|d| d.name == n).unwrap();
    let joho = by_name("情報戦略課");
    assert_eq!(
        joho.unreported_items,
        [(
            "1-1-1".to_string(),
            "ホームページの充実（サンプル）".to_string()
        )]
    );
    assert_eq!(joho.unreported_indicators.len(), 1, "{joho:?}");
    assert!(joho.imported.is_empty());
    let shokuin = by_name("職員課");
    assert!(shokuin.unreported_items.is_empty() && shokuin.unreported_indicators.is_empty());
    assert_eq!(shokuin.imported.len(), 1);
    assert_eq!(shokuin.imported[0].file, "職員課.xlsx");
    assert_eq!(shokuin.imported[0].date.to_string(), "2024-05-20");
    assert_eq!(shokuin.imported[0].values, 7);

    // The command line prints the same, the table's columns aligned, and exits 0.
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["survey", "status", "--year", "2023"])
        .current_dir(site.dir.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert_eq!(stdout, returns.text());
    assert!(
        stdout.starts_with("令和5年度 (2023)の報告の状況\n"),
        "{stdout}"
    );
    let table: Vec<&str> = stdout.lines().skip(2).take(4).collect();
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    assert!(
        table.iter().all(|l| width(l) == width(table[0])),
        "{stdout}"
    );
    assert!(table[0].starts_with("担当課"), "{stdout}");
    assert!(
        stdout.contains("    1-1-1  ホームページの充実（サンプル）\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("    令和6年5月20日 取込  職員課.xlsx（値 7 件）\n"),
        "{stdout}"
    );
    // A year outside the plan is an error.
    assert!(survey::status::returns(&site.content(), Some(2050)).is_err());
}
