//! The documentation cannot drift from the code: every diagnostic code the source can emit is
//! documented in docs/errors.md (and every documented one is emitted somewhere), and the README gives the commands CI runs.

mod common;

use std::collections::BTreeSet;

fn codes_in(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    let mut out = BTreeSet::new();
    for i in 0..(bytes.len() + 1).saturating_sub(4) {
        let (c, rest) = (bytes[i], &bytes[i + 1..i + 4]);
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let after = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_alphanumeric());
        if boundary && after && (c == b'E' || c == b'W') && rest.iter().all(u8::is_ascii_digit) {
            out.insert(text[i..i + 4].to_string());
        }
    }
    out
}

#[test]
fn every_emitted_code_is_documented_and_every_documented_code_emitted() {
    let repo = common::repo();
    // Diagnostics are made from the constants of `diag::codes` (`codes::E124`).
    let mut emitted = BTreeSet::new();
    for entry in walkdir::WalkDir::new(repo.join("src")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs")
            && !entry.path().ends_with("diag/codes.rs")
        {
            let src = std::fs::read_to_string(entry.path()).unwrap();
            for used in src.split("codes::").skip(1) {
                emitted.extend(codes_in(used.get(..4).unwrap_or("")));
            }
        }
    }
    assert!(emitted.len() > 20, "{emitted:?}");
    let documented = codes_in(&std::fs::read_to_string(repo.join("docs/errors.md")).unwrap());
    let missing: Vec<_> = emitted.difference(&documented).collect();
    assert!(missing.is_empty(), "undocumented codes: {missing:?}");
    let unused: Vec<_> = documented.difference(&emitted).collect();
    assert!(
        unused.is_empty(),
        "documented but never emitted: {unused:?}"
    );
}

#[test]
fn readme_gives_the_build_and_test_commands_that_ci_runs() {
    let repo = common::repo();
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    let ci = std::fs::read_to_string(repo.join(".ci/run")).unwrap();
    let block = readme
        .split("```sh")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let commands: Vec<&str> = block
        .lines()
        .filter_map(|l| l.split('#').next())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        commands,
        vec!["cargo run --release -- build", "cargo test --release"]
    );
    assert!(
        ci.lines().any(|l| l.trim() == commands[1]),
        ".ci/run must call the README test command"
    );
}

/// The full examples in docs/content-format.md build as they are.
#[test]
fn content_format_examples_build() {
    let doc = std::fs::read_to_string(common::repo().join("docs/content-format.md")).unwrap();
    let block = |lang: &str, contains: &str| -> String {
        doc.split(&format!("```{lang}\n"))
            .skip(1)
            .map(|b| b.split("```").next().unwrap().to_string())
            .find(|b| b.contains(contains))
            .unwrap_or_else(|| panic!("no {lang} block with {contains}"))
    };
    let site_toml = block("toml", "[city]");
    // The items/*.md example (the complete example sites are checked on their own below).
    let item = block("markdown", "id = \"1-1-1\"");
    let site = common::Site::fixture("basic");
    std::fs::remove_dir_all(site.content()).unwrap();
    site.write("site.toml", &site_toml);
    site.write("items/1-1-1.md", &item);
    // The example's logo and favicon: files in assets/ (E174 otherwise).
    let assets = site.dir.path().join("assets");
    std::fs::create_dir_all(&assets).unwrap();
    for name in ["emblem.png", "favicon.png"] {
        std::fs::write(assets.join(name), b"\x89PNG\r\n\x1a\n").unwrap();
    }
    let report = site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(report.items, 1);
}

/// Runs one documented `shinchoku` command line (without the program name) and requires success.
fn run_documented(
    line: &str,
    args: &[impl AsRef<std::ffi::OsStr>],
    cwd: &std::path::Path,
) -> std::process::Output {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{line}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The commands in docs/usage.md's `init` block run, in order, as a new user types them.
#[test]
fn usage_commands_run() {
    let doc = std::fs::read_to_string(common::repo().join("docs/usage.md")).unwrap();
    let block = doc
        .split("```sh\n")
        .find(|b| b.starts_with("shinchoku init"))
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cwd = dir.path().to_path_buf();
    for line in block
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
    {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words[0] == "cd" {
            cwd = cwd.join(words[1]);
            continue;
        }
        assert_eq!(words[0], "shinchoku");
        run_documented(line, &words[1..], &cwd);
    }
    assert!(cwd.join("public/index.html").is_file());
}

/// The yearly survey in docs/survey.md, as the plan's owner runs it on the sample site: the
/// documented [[reports]] entry, then every documented command in order. The departments return
/// their workbooks untouched, so the import changes nothing.
#[test]
fn survey_commands_run() {
    let doc = std::fs::read_to_string(common::repo().join("docs/survey.md")).unwrap();
    let block = |lang: &str, starts: &str| -> Vec<String> {
        doc.split(&format!("```{lang}\n"))
            .map(|b| b.split("```").next().unwrap())
            .find(|b| b.trim_start().starts_with(starts))
            .unwrap_or_else(|| panic!("no {lang} block starting with {starts}"))
            .lines()
            .map(|l| l.trim().to_string())
            .collect()
    };
    let site = common::Site::from_content(&common::repo().join("tests/fixtures/sample/content"));
    let reports = block("toml", "[[reports]]").join("\n");
    site.write(
        "site.toml",
        &format!("{}\n{reports}\n", site.read("site.toml")),
    );
    let cwd = site.dir.path();
    let mut ran = Vec::new();
    for line in block("sh", "shinchoku survey export") {
        let line = line.split('#').next().unwrap().trim();
        if line.is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().skip(1).collect();
        if words.starts_with(&["survey", "import"]) && !cwd.join("返送").exists() {
            // The departments send the workbooks back.
            common::copy_dir(&cwd.join("survey/2023"), &cwd.join("返送"));
        }
        let mut args = Vec::new();
        for word in words {
            // The shell's glob: `返送/*.xlsx` is every .xlsx in 返送/.
            match word.split_once("/*") {
                Some((dir, ext)) => {
                    let mut files: Vec<String> = std::fs::read_dir(cwd.join(dir))
                        .unwrap()
                        .map(|e| format!("{dir}/{}", e.unwrap().file_name().to_string_lossy()))
                        .filter(|f| f.ends_with(ext))
                        .collect();
                    files.sort();
                    assert!(!files.is_empty(), "{word} matches nothing");
                    args.extend(files);
                }
                None => args.push(word.to_string()),
            }
        }
        let out = run_documented(line, &args, cwd);
        if args.starts_with(&["survey".to_string(), "import".to_string()]) {
            assert!(String::from_utf8_lossy(&out.stdout).contains("変更はありません（0 件）"));
        }
        ran.push(args[0].clone());
    }
    assert_eq!(
        ran,
        ["survey", "survey", "survey", "survey", "check", "build"]
    );
    assert!(cwd.join("public/reports/2023/index.html").is_file());
}

/// The fenced blocks of docs/content-format.md marked by `<!-- {tag}: … -->` on the line above
/// (indentation allowed): (what the marker says, the block's text).
fn marked_blocks(doc: &str, tag: &str) -> Vec<(String, String)> {
    let open = format!("<!-- {tag}: ");
    let lines: Vec<&str> = doc.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.trim().strip_prefix(&open) else {
            continue;
        };
        let what = rest.trim_end_matches("-->").trim().to_string();
        let fence = lines.get(i + 1).map(|l| l.trim()).unwrap_or_default();
        assert!(fence.starts_with("```"), "no block after {line}");
        let indent = lines[i + 1].len() - lines[i + 1].trim_start().len();
        let body: Vec<&str> = (lines[i + 2..].iter())
            .take_while(|l| l.trim() != "```")
            .map(|l| l.get(indent..).unwrap_or_else(|| l.trim_start()))
            .collect();
        out.push((what, body.join("\n") + "\n"));
    }
    out
}

/// A TOML line without its comment (a `#` outside quotes) and surrounding spaces.
fn without_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return line[..i].trim(),
            _ => {}
        }
    }
    line.trim()
}

/// Every example marked `<!-- check: PATH -->` is what the fixture PATH says: each of its lines
/// (without comments) is a line of that file, in the same order. The fixtures are built and
/// read back by their own tests (tests/hierarchy.rs, amounts.rs, outside.rs), so an example
/// cannot drift from what the build accepts.
#[test]
fn content_format_examples_match_the_fixtures() {
    let doc = std::fs::read_to_string(common::repo().join("docs/content-format.md")).unwrap();
    let blocks = marked_blocks(&doc, "check");
    assert!(blocks.len() >= 12, "{}", blocks.len());
    for (path, block) in blocks {
        let file = std::fs::read_to_string(common::repo().join(&path))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let lines: Vec<&str> = file.lines().map(without_comment).collect();
        let mut at = 0;
        for want in block.lines().map(without_comment).filter(|l| !l.is_empty()) {
            match lines[at..].iter().position(|l| *l == want) {
                Some(k) => at += k + 1,
                None => panic!("{path}: 「{want}」 is not in the file (after line {at})"),
            }
        }
    }
}

/// The complete example sites (`<!-- example: NAME PATH -->`, PATH inside content/) build as
/// they are written.
#[test]
fn content_format_example_sites_build() {
    let doc = std::fs::read_to_string(common::repo().join("docs/content-format.md")).unwrap();
    let mut sites: std::collections::BTreeMap<String, Vec<(String, String)>> = Default::default();
    for (what, block) in marked_blocks(&doc, "example") {
        let (name, path) = what.split_once(' ').expect("NAME PATH");
        sites
            .entry(name.to_string())
            .or_default()
            .push((path.to_string(), block));
    }
    assert!(sites.contains_key("levels3"), "{:?}", sites.keys());
    for (name, files) in sites {
        let site = common::Site::fixture("basic");
        std::fs::remove_dir_all(site.content()).unwrap();
        for (path, text) in &files {
            site.write(path, text);
        }
        let report = site.build().unwrap_or_else(|e| panic!("{name}: {e:#?}"));
        assert!(report.items > 0, "{name}");
    }
}
