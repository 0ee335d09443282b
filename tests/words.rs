//! The catalogue of fixed words (src/words): the English catalogue is complete (a sample built
//! with `language = "en"` shows no Japanese outside what the staff wrote), `[words]` overrides
//! reach the pages, FY2019 can read 平成31年度, and every key is known and documented.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};

fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{309f}' // Hiragana
        | '\u{30a0}'..='\u{30ff}' // Katakana
        | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' // Han
    )
}

/// Every text the staff wrote: the strings of site.toml, of the items' front matter and the
/// lines of their bodies, and of the published accessibility results. Read from the files, so
/// the exclusions follow the content, never a list kept here.
fn content_texts(content: &std::path::Path) -> Vec<String> {
    fn strings(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => out.push(s.trim().to_string()),
            toml::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            toml::Value::Table(t) => t.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.trim().to_string()),
            serde_json::Value::Array(a) => a.iter().for_each(|v| json_strings(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| json_strings(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    let site = std::fs::read_to_string(content.join("site.toml")).unwrap();
    strings(&site.parse::<toml::Table>().unwrap().into(), &mut out);
    for entry in std::fs::read_dir(content.join("items")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut parts = text.splitn(3, "+++");
        let (_, front, body) = (parts.next(), parts.next().unwrap(), parts.next().unwrap());
        strings(&front.parse::<toml::Table>().unwrap().into(), &mut out);
        out.extend(
            body.lines()
                .map(|l| l.trim_matches(|c| " #-*".contains(c)).to_string()),
        );
    }
    if let Ok(json) = std::fs::read_to_string(content.join("accessibility-results.json")) {
        json_strings(&serde_json::from_str(&json).unwrap(), &mut out);
    }
    // A Markdown text shows line by line, as the pieces between its inline marks (**強調**,
    // [リンク](…)); a tested page's title as its first part (「収納課の取組 | 計画 | 市」).
    let lines: Vec<String> = (out.iter())
        .flat_map(|s| s.lines().flat_map(|l| l.split(" | ")))
        .map(|l| l.trim_matches(|c| " #-*".contains(c)).to_string())
        .collect();
    let pieces: Vec<String> = (lines.iter())
        .flat_map(|s| s.split(['*', '_', '`', '[', ']', '(', ')']))
        .map(|p| p.trim().to_string())
        .chain(lines.clone())
        .collect();
    out.extend(pieces);
    out.retain(|s| s.chars().any(is_japanese));
    // Longest first, so that a name is removed before a word inside it.
    out.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    out.dedup();
    out
}

/// The Japanese left in `text` once every content text is taken out.
fn japanese_outside(text: &str, content: &[String]) -> Option<String> {
    if !text.chars().any(is_japanese) {
        return None;
    }
    let mut rest = text.to_string();
    for c in content {
        rest = rest.replace(c.as_str(), " ");
    }
    rest.chars()
        .any(is_japanese)
        .then(|| format!("{:?} in {text:?}", rest.trim()))
}

fn english_sample() -> (Site, BTreeMap<String, Vec<u8>>) {
    let site = Site::fixture("sample");
    let toml = site.read("site.toml").replace(
        "[site]\n",
        "[site]\nlanguage = \"en\"\nbase_url = \"https://example.org/sample/\"\n",
    );
    assert!(toml.contains("language = \"en\""));
    site.write("site.toml", &toml);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    (site, tree)
}

#[test]
fn an_english_sample_shows_no_japanese_word_outside_the_content() {
    let (site, tree) = english_sample();
    let content = content_texts(&site.content());
    let mut found = BTreeSet::new();
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let doc = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
        for node in doc.tree.nodes() {
            let texts: Vec<String> = match node.value() {
                scraper::Node::Text(t) => vec![t.to_string()],
                scraper::Node::Element(e) => (e.attrs())
                    .filter(|(name, _)| !matches!(*name, "href" | "src"))
                    .map(|(_, v)| v.to_string())
                    .collect(),
                _ => Vec::new(),
            };
            for t in texts {
                if let Some(f) = japanese_outside(&t, &content) {
                    found.insert(format!("{path}: {f}"));
                }
            }
        }
    }
    let shown: Vec<&String> = found.iter().take(40).collect();
    assert!(
        found.is_empty(),
        "{} texts with Japanese outside the content:\n{shown:#?}",
        found.len()
    );
    let html = std::str::from_utf8(&tree["index.html"]).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("FY2020"), "years read FY2020");
}

/// Each text of a data file as its reader sees it: a JSON file's strings, a CSV file's cells,
/// a workbook's cells, the text of any other file (XML, JavaScript, SVG).
fn texts_of_file(path: &str, bytes: &[u8]) -> Vec<String> {
    fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|v| json_strings(v, out)),
            // `wareki` is the year in the Japanese calendar whatever the language: data, as
            // its Table Schema and JSON Schema say.
            serde_json::Value::Object(o) => {
                (o.iter())
                    .filter(|(k, _)| *k != "wareki")
                    .for_each(|(k, v)| {
                        out.push(k.clone());
                        json_strings(v, out)
                    })
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if path.ends_with(".json") || path.ends_with(".jsonld") {
        json_strings(&serde_json::from_slice(bytes).unwrap(), &mut out);
    } else if path.ends_with(".csv") {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        for record in r.records() {
            out.extend(record.unwrap().iter().map(str::to_string));
        }
    } else if path.ends_with(".xlsx") {
        let file = tempfile::NamedTempFile::with_suffix(".xlsx").unwrap();
        std::fs::write(file.path(), bytes).unwrap();
        out.extend(workbook_texts(file.path()));
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        // XML: the text between the marks, unescaped as a reader would.
        let unescaped = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        out.extend(unescaped.split(['<', '>', '"']).map(str::to_string));
    }
    out
}

/// Every cell of every sheet of a workbook, the sheet names and the document's title.
fn workbook_texts(path: &std::path::Path) -> Vec<String> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut out: Vec<String> = wb.sheet_names();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        out.extend(range.used_cells().map(|(_, _, d)| d.to_string()));
    }
    out.extend(workbook_xml_texts(path));
    out
}

/// The texts of a workbook that are not cells: the document properties and the prompts and
/// messages of its data validations, read from the sheets' XML.
fn workbook_xml_texts(path: &std::path::Path) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let wanted = name.starts_with("docProps/") || name.starts_with("xl/worksheets/");
        if !wanted {
            continue;
        }
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut entry, &mut xml).unwrap();
        out.extend(texts_of_file(&name, xml.as_bytes()));
    }
    out
}

/// Every Japanese text in `files` that is not the content's, as `path: text`.
fn japanese_in_files<'a>(
    files: impl IntoIterator<Item = (&'a String, &'a Vec<u8>)>,
    content: &[String],
) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (path, bytes) in files {
        for t in texts_of_file(path, bytes) {
            if let Some(f) = japanese_outside(&t, content) {
                found.insert(format!("{path}: {f}"));
            }
        }
    }
    found
}

fn assert_none(found: &BTreeSet<String>) {
    let shown: Vec<&String> = found.iter().take(400).collect();
    assert!(
        found.is_empty(),
        "{} texts with Japanese outside the content:\n{shown:#?}",
        found.len()
    );
}

#[test]
fn an_english_samples_data_files_show_no_japanese_outside_the_content() {
    let (site, tree) = english_sample();
    let content = content_texts(&site.content());
    let data = (tree.iter()).filter(|(p, _)| {
        [".json", ".jsonld", ".csv", ".xml", ".xlsx", ".txt", ".svg"]
            .iter()
            .any(|x| p.ends_with(x))
    });
    let checked: Vec<&String> = data.clone().map(|(p, _)| p).collect();
    for wanted in [
        "feed.xml",
        "catalog.jsonld",
        "data/schema.json",
        "datapackage.json",
    ] {
        assert!(
            checked.iter().any(|p| p.ends_with(wanted)),
            "{wanted} in {checked:?}"
        );
    }
    assert_none(&japanese_in_files(data, &content));
}

#[test]
fn the_scripts_hold_no_japanese_and_the_pages_give_them_their_words() {
    let (_site, tree) = english_sample();
    let scripts: Vec<(&String, &Vec<u8>)> =
        tree.iter().filter(|(p, _)| p.ends_with(".js")).collect();
    assert!(scripts.len() >= 3, "{scripts:?}");
    for (path, bytes) in scripts {
        if path.ends_with("search-index.js") {
            continue; // the content's words, for the search
        }
        let text = String::from_utf8_lossy(bytes);
        let found: String = text.chars().filter(|c| is_japanese(*c)).collect();
        assert!(found.is_empty(), "{path}: {found}");
    }
    let words = shinchoku::words::Words::bundled(shinchoku::words::Language::En);
    let table = html(&tree, "items/index.html");
    let status = table.select(&sel("#table-status")).next().unwrap();
    assert_eq!(
        status.value().attr("data-shown"),
        Some(words.get("table.shown"))
    );
    assert_eq!(
        status.value().attr("data-sorted"),
        Some(words.get("js.table_sorted"))
    );
    let search = html(&tree, "search.html");
    let status = search.select(&sel("#search-status")).next().unwrap();
    assert_eq!(
        status.value().attr("data-found"),
        Some(words.get("js.search_found"))
    );
    assert!(!words.get("js.search_found").chars().any(is_japanese));
}

/// `shinchoku survey export` in the site's folder, as staff run it; the files it wrote in
/// `format` (`xlsx` or `csv`).
fn survey_export(site: &Site, year: i32, format: &str) -> Vec<std::path::PathBuf> {
    let out_dir = format!("survey-{format}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["survey", "export", "--year", &year.to_string()])
        .args(["--format", format, "--output", &out_dir])
        .current_dir(site.dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files: Vec<std::path::PathBuf> = (std::fs::read_dir(site.dir.path().join(out_dir)))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == format))
        .collect();
    files.sort();
    files
}

#[test]
fn an_english_samples_survey_shows_no_japanese_outside_the_content() {
    let (site, _tree) = english_sample();
    let content = content_texts(&site.content());
    let books = survey_export(&site, 2022, "xlsx");
    let csvs = survey_export(&site, 2022, "csv");
    assert!(
        books.len() >= 3 && csvs.len() == books.len(),
        "{books:?} {csvs:?}"
    );
    let mut found = BTreeSet::new();
    for file in books.iter().chain(&csvs) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let texts = match file.extension().is_some_and(|x| x == "csv") {
            true => texts_of_file(&name, &std::fs::read(file).unwrap()),
            false => workbook_texts(file),
        };
        // Read as it is meant: the English headers are there.
        assert!(texts.iter().any(|t| t == "Unit"), "{name}: {texts:?}");
        for t in texts {
            if let Some(f) = japanese_outside(&t, &content) {
                found.insert(format!("{name}: {f}"));
            }
        }
    }
    assert_none(&found);
}

#[test]
fn an_english_samples_column_headers_are_english() {
    let (_site, tree) = english_sample();
    let headers: Vec<(&String, String)> = (tree.iter())
        .filter(|(p, _)| p.ends_with(".csv"))
        .map(|(p, b)| {
            let text = String::from_utf8_lossy(b);
            let first = text
                .trim_start_matches('\u{feff}')
                .lines()
                .next()
                .unwrap_or("");
            (p, first.to_string())
        })
        .collect();
    assert!(headers.len() > 4, "{headers:?}");
    for (path, header) in &headers {
        assert!(!header.chars().any(is_japanese), "{path}: {header}");
        assert!(header.contains("item_id"), "{path}: {header}");
    }
    // The Table Schema names the same columns, its primary key among them.
    let schema: serde_json::Value =
        serde_json::from_slice(&tree["data/progress.tableschema.json"]).unwrap();
    let names: Vec<&str> = (schema["fields"].as_array().unwrap().iter())
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    for key in schema["primaryKey"].as_array().unwrap() {
        assert!(
            names.contains(&key.as_str().unwrap()),
            "{key} not in {names:?}"
        );
    }
    assert!(!names.concat().chars().any(is_japanese), "{names:?}");
}

#[test]
fn words_from_site_toml_replace_the_catalogues_words() {
    let site = Site::fixture("sample");
    let mut toml = site.read("site.toml");
    toml.push_str("\n[words]\nitem.council = \"推進委員会の意見\"\nterms.council = \"推進本部\"\n");
    site.write("site.toml", &toml);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let headings: Vec<String> = html(&tree, "reports/2021/items/1-1-1.html")
        .select(&sel("h4"))
        .map(text)
        .collect();
    assert!(
        headings.contains(&"推進委員会の意見".to_string()),
        "{headings:?}"
    );
    // The renamed body reaches every word that names it: the council report's title.
    let title = text(
        html(&tree, "reports/2021/report.html")
            .select(&sel("title"))
            .next()
            .unwrap(),
    );
    assert!(title.starts_with("推進本部 報告書"), "{title}");
    // The accessibility page lists the page titles of the published test results (content).
    for (path, bytes) in
        (tree.iter()).filter(|(p, _)| p.ends_with(".html") && !p.contains("accessibility"))
    {
        let page = String::from_utf8_lossy(bytes);
        assert!(!page.contains("行政改革審議会"), "{path}");
    }
}

#[test]
fn fy2019_can_read_heisei_31() {
    let site = Site::fixture("basic");
    let toml = site
        .read("site.toml")
        .replace("first_year = 2020", "first_year = 2019")
        .replace(
            "[[plan.revisions]]",
            "[site]\nfy2019_era = \"heisei\"\n\n[[plan.revisions]]",
        );
    site.write("site.toml", &toml);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let index = String::from_utf8_lossy(&tree["index.html"]);
    assert!(index.contains("平成31年度 (2019)"), "the plan period");
    let item = String::from_utf8_lossy(&tree["items/1-1-1.html"]);
    assert!(item.contains("<th scope=\"row\">平成31年度 (2019)</th>"));
    for (path, bytes) in &tree {
        assert!(
            !String::from_utf8_lossy(bytes).contains("令和元年"),
            "{path}"
        );
    }
}

/// Every catalogue key, from the shipped Japanese catalogue.
fn catalogue_keys() -> BTreeSet<String> {
    let ja: toml::Table = shinchoku::words::JA.parse().unwrap();
    (ja.iter())
        .flat_map(|(g, t)| {
            let names: Vec<String> = t.as_table().unwrap().keys().cloned().collect();
            names.into_iter().map(move |n| format!("{g}.{n}"))
        })
        .collect()
}

#[test]
fn every_key_is_listed_in_docs_words_md() {
    let doc = std::fs::read_to_string(repo().join("docs/words.md")).unwrap();
    let listed: BTreeSet<String> = (doc.lines())
        .filter_map(|l| {
            l.strip_prefix("| `")?
                .split_once('`')
                .map(|(k, _)| k.to_string())
        })
        .collect();
    let keys = catalogue_keys();
    let missing: Vec<&String> = keys.difference(&listed).collect();
    let unknown: Vec<&String> = listed.difference(&keys).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "not in docs/words.md: {missing:?}; listed but not in the catalogue: {unknown:?}"
    );
}

/// The literal keys the program and the default theme use (`"item.council"`,
/// `words.item.council`, the open data columns' `def("city_code", …)`).
fn used_keys() -> BTreeSet<String> {
    let keys = catalogue_keys();
    let groups: BTreeSet<&str> = keys.iter().filter_map(|k| k.split('.').next()).collect();
    let mut used = BTreeSet::new();
    let mut files = Vec::new();
    for dir in ["src", "themes/default/templates"] {
        for e in walkdir::WalkDir::new(repo().join(dir)) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                files.push(e.into_path());
            }
        }
    }
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let template = f.extension().is_some_and(|x| x == "html");
        // The program's own tests may name keys that do not exist on purpose.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for part in text.split(['"', ' ', '(', ')', '|', '{', '}', ',']) {
            let key = match part.strip_prefix("words.") {
                Some(key) if template => key,
                _ if template => continue,
                _ if text.contains(&format!("\"{part}\"")) => part,
                _ => continue,
            };
            let Some((g, n)) = key.split_once('.') else {
                continue;
            };
            let file = ["html", "toml", "json", "jsonld", "csv", "js", "md", "xml"].contains(&n);
            let name_ok = !n.is_empty()
                && !file
                && n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if groups.contains(g) && name_ok {
                used.insert(key.to_string());
            }
        }
        // The attainment rules are named by their key (`rule("ratio", …)` in method.rs).
        for (i, _) in text.match_indices("rule(\n") {
            let key = text[i..].split('"').nth(1).unwrap();
            used.insert(format!("method.rule_{key}"));
            used.insert(format!("method.when_{key}"));
        }
        for (i, _) in text.match_indices("def(\"") {
            let key = text[i + 5..].split('"').next().unwrap();
            used.insert(format!("columns.{key}"));
            used.insert(format!("columns.{key}_about"));
        }
    }
    used
}

#[test]
fn every_key_the_program_uses_is_in_the_catalogue() {
    let keys = catalogue_keys();
    let used = used_keys();
    assert!(used.len() > 300, "{}", used.len());
    let unknown: Vec<&String> = used.iter().filter(|k| !keys.contains(*k)).collect();
    assert!(
        unknown.is_empty(),
        "keys used but not in the catalogue: {unknown:?}"
    );
}

#[test]
fn every_reference_between_words_resolves() {
    for language in [
        shinchoku::words::Language::Ja,
        shinchoku::words::Language::En,
    ] {
        let w = shinchoku::words::Words::bundled(language);
        for key in w.keys() {
            assert!(
                !w.get(&key).contains("{@"),
                "{language:?} {key}: {}",
                w.get(&key)
            );
        }
    }
}

/// The sample with FY2023 in [[reports]] (so its surveys may be imported) and `settings` after
/// `[site]`, `[words]` entries at the end.
fn sample_for_survey(settings: &str, words: &str) -> Site {
    let site = Site::fixture("sample");
    let mut toml = (site.read("site.toml")).replace("[site]\n", &format!("[site]\n{settings}"));
    toml.push_str("\n[[reports]]\nyear = 2023\nas_of = \"2024-05-31\"\n");
    if !words.is_empty() {
        toml.push_str(&format!("\n[words]\n{words}"));
    }
    site.write("site.toml", &toml);
    site
}

/// Exports 職員課's 2023 workbook, fills in the status of its item 2-1-1 as the department
/// would (the values only, saved again), runs `between` (a change of site.toml after the
/// export), and imports the returned file.
fn survey_round_trip(
    site: &Site,
    between: impl FnOnce(&Site),
) -> Result<shinchoku::survey::ImportReport, Vec<String>> {
    use calamine::Data;
    use common::workbook::{read_book, write_book};
    use shinchoku::survey::sheet::{Column, Field};
    let out = site.dir.path().join("survey");
    shinchoku::survey::export(&shinchoku::survey::ExportOptions {
        content: site.content(),
        out: out.clone(),
        year: 2023,
        format: shinchoku::survey::Format::Xlsx,
    })
    .unwrap_or_else(|e| panic!("{e:#?}"));
    let mut book = read_book(&out.join("2023_職員課.xlsx"));
    let marker = Data::String(shinchoku::survey::sheet::FORMAT.into());
    let (_, grid) = (book.iter_mut())
        .find(|(_, g)| g.first().and_then(|r| r.get(1)) == Some(&marker))
        .expect("a sheet with the survey's marker");
    let id = Data::String("2-1-1".into());
    let row = (grid.iter_mut())
        .find(|r| r.get(Column::Id.index() as usize) == Some(&id))
        .expect("the item's row");
    let c = Column::Input(Field::Status).index() as usize;
    row.resize(row.len().max(c + 1), Data::Empty);
    row[c] = Data::String("実施".into());
    let returned = site.dir.path().join("returned.xlsx");
    write_book(&returned, &book);
    between(site);
    shinchoku::survey::import(&shinchoku::survey::ImportOptions {
        content: site.content(),
        files: vec![returned],
        year: None,
        dry_run: false,
        overwrite: false,
        reason: None,
        date: shinchoku::text::date::Date::parse("2024-05-20").unwrap(),
    })
    .map_err(|ds| ds.iter().map(|d| d.to_string()).collect())
}

fn imported_status(report: &shinchoku::survey::ImportReport, site: &Site) {
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert_eq!(report.changes[0].item, "2-1-1");
    let file = site.read("items/2-1-1.md");
    let year = file.split("year = 2023").nth(1).expect("a 2023 entry");
    assert!(year.contains("status = \"実施\""), "{file}");
}

#[test]
fn an_english_survey_is_exported_and_imported() {
    let site = sample_for_survey("language = \"en\"\n", "");
    let report = survey_round_trip(&site, |_| {}).unwrap_or_else(|e| panic!("{e:#?}"));
    imported_status(&report, &site);
    // Exported in English, imported after the site went back to Japanese.
    let site = sample_for_survey("language = \"en\"\n", "");
    let report = survey_round_trip(&site, |site| {
        let toml = site.read("site.toml").replace("language = \"en\"\n", "");
        site.write("site.toml", &toml);
    })
    .unwrap_or_else(|e| panic!("{e:#?}"));
    imported_status(&report, &site);
}

#[test]
fn a_survey_with_renamed_headers_is_imported_even_after_the_words_change() {
    let renamed = "survey.col_status = \"実施状況\"\nsurvey.kind_item = \"取組項目\"\n";
    let site = sample_for_survey("", renamed);
    let report = survey_round_trip(&site, |_| {}).unwrap_or_else(|e| panic!("{e:#?}"));
    imported_status(&report, &site);
    // The header's word changed again between export and import: the survey still reads by
    // the fingerprint of its headers, not by their words.
    let site = sample_for_survey("", renamed);
    let report = survey_round_trip(&site, |site| {
        let toml = site.read("site.toml").replace("実施状況", "進み具合");
        site.write("site.toml", &toml);
    })
    .unwrap_or_else(|e| panic!("{e:#?}"));
    imported_status(&report, &site);
}

#[test]
fn a_survey_with_an_altered_header_is_still_refused() {
    // Headers are read by their fingerprint or a known wording: a header changed by hand in a
    // survey that carries its fingerprint is an altered sheet.
    let site = sample_for_survey("", "");
    let errors = survey_round_trip(&site, |site| {
        let book = site.dir.path().join("returned.xlsx");
        let mut sheets = common::workbook::read_book(&book);
        let header = shinchoku::survey::sheet::HEADER_ROW as usize;
        sheets[1].1[header][3] = calamine::Data::String("メモ".into());
        common::workbook::write_book(&book, &sheets);
    })
    .map(|r| r.changes.len())
    .expect_err("an altered header");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("E712") && e.contains("「メモ」")),
        "{errors:#?}"
    );
}

#[test]
fn an_unknown_status_shows_the_catalogues_word() {
    let site = Site::fixture("sample");
    let toml = (site.read("site.toml")).replace("[site]\n", "[site]\nlanguage = \"en\"\n");
    site.write("site.toml", &toml);
    let item = site.read("items/2-1-1.md");
    let year = item.find("year = 2024").expect("a 2024 entry");
    let status = year + item[year..].find("status = \"").unwrap();
    let end = status + item[status + 10..].find('"').unwrap() + 11;
    let item = format!("{}status = \"?\"{}", &item[..status], &item[end..]);
    site.write("items/2-1-1.md", &item);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let tree = read_tree(&site.output());
    let cells: Vec<String> = (html(&tree, "items/2-1-1.html").select(&sel("td.status")))
        .map(text)
        .collect();
    assert!(cells.iter().any(|c| c.starts_with("unknown")), "{cells:?}");
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let page = String::from_utf8_lossy(bytes);
        assert!(!page.contains("不明"), "{path}");
    }
    // The plan's summary of statuses per year: a row of its own.
    let rows: Vec<String> = (html(&tree, "index.html").select(&sel("th[scope=row]")))
        .map(text)
        .collect();
    assert!(rows.contains(&"unknown".to_string()), "{rows:?}");
}

#[test]
fn a_survey_exported_before_the_fingerprint_still_imports() {
    // Surveys exported before the header fingerprint: row 1 ends with the department.
    let site = sample_for_survey("", "");
    let report = survey_round_trip(&site, |site| {
        let book = site.dir.path().join("returned.xlsx");
        let mut sheets = common::workbook::read_book(&book);
        let meta = &mut sheets[1].1[0];
        assert_eq!(meta.len(), 10, "{meta:?}");
        meta.truncate(8);
        common::workbook::write_book(&book, &sheets);
    })
    .unwrap_or_else(|e| panic!("{e:#?}"));
    imported_status(&report, &site);
}
