//! The full terminal rendering of every error and warning code, one small case per code, each
//! kept as an insta snapshot named after the code (`tests/snapshots/E124.snap`).
//!
//! Every case runs the real command line (`shinchoku check`, `build`, `serve`, `init`,
//! `survey export`, `survey import`) in a temporary site folder and records exactly what the user
//! sees: the command, the exit code, stdout and stderr. Only the real binary is used — never the
//! library — so these tests keep compiling and keep proving that diagnostics print the same while
//! `src/` is restructured.
//!
//! The site is `tests/fixtures/basic/content` with the case's files from
//! `tests/fixtures/codes/<CODE>/` laid over it (see the README there). What files cannot express
//! (binary or non-UTF-8 bytes, a 2.5 MB file, permissions, a port in use, survey workbooks filled
//! in after `survey export`) is made here, in the case's test.
//!
//! Normalised in the snapshots, because it differs between runs or machines (`normalise`):
//! - the temporary folder's path → `[TMP]` (absolute paths appear in E401, E403 and E503);
//! - elapsed times after a successful build (`0.01 秒`, `in 0.01 s`, `12 ms`) → `[TIME]` (no
//!   case prints one today; kept so that a case with a successful build stays deterministic);
//! - the port of E501, which the operating system picks → `[PORT]` (and the suggested next port
//!   → `[PORT+1]`).
//!
//! stdout and stderr are recorded separately (their interleaving on a terminal is not
//! deterministic); diagnostics are all on stderr.
//!
//! Accepting a deliberate change of a message: `INSTA_UPDATE=always cargo test --release --test
//! codes`, or `cargo insta review`.

mod common;

use calamine::Data;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Codes that no input can produce, with the reason. `every_code_has_a_case` fails for a code
/// in `src/` or `docs/errors.md` that has neither a case below nor an entry here.
const NOT_TRIGGERABLE: &[(&str, &str)] = &[];

/// How long any one command may take before the test gives up (`serve` would run forever if
/// its expected error did not happen).
const TIMEOUT: Duration = Duration::from_secs(60);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---- the harness --------------------------------------------------------------------------

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// Lays `from` over `to`: each file is copied over the one of the same path; an empty file named
/// `<name>.delete` removes `<name>` (a file or a folder) instead.
/// Starts `cmd`. A freshly copied binary can be "Text file busy" for a moment: another test
/// thread forking at the same time holds the copy's write handle until its child execs.
fn spawn_retrying(cmd: &mut Command) -> std::process::Child {
    const ETXTBSY: i32 = 26;
    for _ in 0..50 {
        match cmd.spawn() {
            Err(e) if e.raw_os_error() == Some(ETXTBSY) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            other => {
                return other.unwrap_or_else(|e| panic!("cannot run {:?}: {e}", cmd.get_program()))
            }
        }
    }
    panic!("cannot run {:?}: text file busy", cmd.get_program())
}

fn overlay(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let dest = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            overlay(&entry.path(), &dest);
        } else if let Some(target) = name.strip_suffix(".delete") {
            let target = to.join(target);
            if target.is_dir() {
                std::fs::remove_dir_all(&target).unwrap();
            } else {
                std::fs::remove_file(&target)
                    .unwrap_or_else(|e| panic!("{}: {e}", target.display()));
            }
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// One code's site: a temporary folder holding `content/` (the basic fixture) and whatever the
/// case adds. Commands run with this folder as the working directory, so paths print relative,
/// as when a user runs `shinchoku` in the site folder.
struct Case {
    code: &'static str,
    dir: tempfile::TempDir,
    /// Paths whose permissions the case took away; given back on drop so the folder can be
    /// removed.
    locked: Vec<PathBuf>,
}

impl Case {
    /// The basic site with the case's fixture folder laid over it (if it has one).
    fn new(code: &'static str) -> Case {
        let case = Case::bare(code);
        case.overlay();
        case
    }

    /// The basic site only; [`Case::overlay`] adds the fixture later.
    fn bare(code: &'static str) -> Case {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &repo().join("tests/fixtures/basic/content"),
            &dir.path().join("content"),
        );
        Case {
            code,
            dir,
            locked: Vec::new(),
        }
    }

    fn overlay(&self) {
        let fixture = repo().join("tests/fixtures/codes").join(self.code);
        if fixture.is_dir() {
            overlay(&fixture, self.dir.path());
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// Sets the permission bits of `rel` (restored on drop).
    #[cfg(unix)]
    fn chmod(&mut self, rel: &str, mode: u32) {
        use std::os::unix::fs::PermissionsExt;
        let path = self.path(rel);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        self.locked.push(path);
    }

    fn command(&self, program: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .current_dir(self.dir.path())
            // Diagnostics are drawn with annotate-snippets' plain renderer, never in colour;
            // NO_COLOR keeps it so should a colour renderer appear.
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        let program = Path::new(env!("CARGO_BIN_EXE_shinchoku"));
        self.spawn(args, self.command(program, args))
    }

    /// Runs the command as a user whom permissions apply to: the current user, or `nobody`
    /// when the tests run as root (root reads and writes everything, so a permission error
    /// could not happen otherwise).
    #[cfg(unix)]
    fn run_unprivileged(&self, args: &[&str]) -> Run {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        use std::os::unix::process::CommandExt;
        let program = Path::new(env!("CARGO_BIN_EXE_shinchoku"));
        let root = std::fs::metadata(self.dir.path()).unwrap().uid() == 0;
        if !root {
            return self.spawn(args, self.command(program, args));
        }
        const NOBODY: u32 = 65534;
        let open = |dir: &Path| {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap()
        };
        // Temporary folders are created 0700; the site inside is world-readable already. The
        // binary is copied out of target/, which may be in a folder `nobody` cannot enter.
        open(self.dir.path());
        let bin = tempfile::tempdir().unwrap();
        open(bin.path());
        let copy = bin.path().join("shinchoku");
        std::fs::copy(program, &copy).unwrap();
        let mut cmd = self.command(&copy, args);
        cmd.uid(NOBODY).gid(NOBODY);
        self.spawn(args, cmd)
    }

    fn spawn(&self, args: &[&str], mut cmd: Command) -> Run {
        let mut child = spawn_retrying(&mut cmd);
        let drain = |pipe: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                pipe.unwrap().read_to_end(&mut bytes).unwrap();
                String::from_utf8(bytes).expect("the terminal output is UTF-8")
            })
        };
        let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
        let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > TIMEOUT {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "{}: `shinchoku {}` still running after {TIMEOUT:?}",
                    self.code,
                    args.join(" ")
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        Run {
            command: format!("shinchoku {}", args.join(" ")),
            status: status.code(),
            stdout: stdout.join().unwrap(),
            stderr: stderr.join().unwrap(),
            masks: Vec::new(),
        }
    }

    /// Runs a setup command that must succeed.
    fn setup(&self, args: &[&str]) {
        let run = self.run(args);
        assert_eq!(run.status, Some(0), "{}: setup failed: {run:#?}", self.code);
    }

    /// Exports the year's surveys with `survey export` into `survey/<year>/`.
    fn export(&self, year: i32) {
        self.setup(&["survey", "export", "--year", &year.to_string()]);
    }

    /// Copies the exported survey `survey/<year>/<year>_<department>.xlsx` to
    /// `returned/<department>.xlsx` with the department's edits, as it comes back by e-mail.
    /// Returns the returned file's path (relative to the site folder).
    fn returned(&self, exported: &str, edit: impl FnOnce(&mut Sheet)) -> String {
        let (year, department) = exported.split_once('_').unwrap();
        let from = self.path(&format!("survey/{year}/{exported}"));
        let rel = format!("returned/{department}");
        std::fs::create_dir_all(self.path("returned")).unwrap();
        let mut book = read_book(&from);
        let sheet = book
            .iter_mut()
            .find(|(name, _)| name == "調査票")
            .expect("the survey sheet");
        edit(&mut sheet.1);
        write_book(&self.path(&rel), &book);
        rel
    }

    /// Checks that the run shows the case's code, then compares the whole rendering with
    /// `tests/snapshots/<CODE>.snap`.
    fn snapshot(&self, run: Run) {
        let text = self.normalise(&run.render());
        assert!(
            text.contains(&format!("エラー[{}]", self.code))
                || text.contains(&format!("警告[{}]", self.code)),
            "{} does not appear in\n{text}",
            self.code
        );
        let expected_status = if self.code.starts_with('W') { 0 } else { 1 };
        assert_eq!(run.status, Some(expected_status), "{text}");
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(self.code, text));
    }

    /// See the module documentation for what is normalised and why.
    fn normalise(&self, text: &str) -> String {
        let tmp = self.dir.path().to_string_lossy().into_owned();
        let canonical = self
            .dir
            .path()
            .canonicalize()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| tmp.clone());
        let mut text = text.replace(&canonical, "[TMP]").replace(&tmp, "[TMP]");
        for (before, after) in [("、", " 秒"), ("in ", " s"), ("、", " ms"), ("in ", " ms")] {
            text = mask_number(&text, before, after, "[TIME]");
        }
        text
    }
}

impl Drop for Case {
    fn drop(&mut self) {
        #[cfg(unix)]
        for path in &self.locked {
            use std::os::unix::fs::PermissionsExt;
            let mode = if path.is_dir() { 0o755 } else { 0o644 };
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
        }
    }
}

/// Replaces the number between `before` and `after` (digits and at most one point) by `mask`.
fn mask_number(text: &str, before: &str, after: &str, mask: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(before) {
        let (head, tail) = rest.split_at(at + before.len());
        out.push_str(head);
        let len = tail
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(tail.len());
        let number = &tail[..len];
        if !number.is_empty()
            && number.starts_with(|c: char| c.is_ascii_digit())
            && number.matches('.').count() <= 1
            && tail[len..].starts_with(after)
        {
            out.push_str(mask);
            rest = &tail[len..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// Replaces every whole number `n` (not part of a longer run of digits) by `mask`.
fn mask_whole_number(text: &str, n: u32, mask: &str) -> String {
    let n = n.to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut prev_digit = false;
    while let Some(at) = rest.find(&n) {
        let before_digit = rest[..at]
            .chars()
            .next_back()
            .map_or(prev_digit, |c| c.is_ascii_digit());
        let after = &rest[at + n.len()..];
        let after_digit = after.starts_with(|c: char| c.is_ascii_digit());
        out.push_str(&rest[..at]);
        if before_digit || after_digit {
            out.push_str(&n);
        } else {
            out.push_str(mask);
        }
        prev_digit = true;
        rest = after;
    }
    out.push_str(rest);
    out
}

/// What one command printed.
#[derive(Debug)]
struct Run {
    command: String,
    status: Option<i32>,
    stdout: String,
    stderr: String,
    /// Run-specific values to mask (a port), with their replacement.
    masks: Vec<(u32, &'static str)>,
}

impl Run {
    fn mask(mut self, n: u32, with: &'static str) -> Run {
        self.masks.push((n, with));
        self
    }

    fn render(&self) -> String {
        let status = self
            .status
            .map_or("killed by a signal".to_string(), |c| c.to_string());
        let mut text = format!(
            "$ {}\nexit code: {status}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.command, self.stdout, self.stderr
        );
        for (n, with) in &self.masks {
            text = mask_whole_number(&text, *n, with);
        }
        text
    }
}

// ---- survey workbooks, read and written back as a department's Excel would ------------------

use common::workbook::{read_book, replace_cell, rewrite_part, write_book, Grid, SURVEY_PART};
use common::GOOD_ITEM;

/// The survey sheet of a returned workbook, addressed as a person reads it: by item id, row kind
/// (取組 / 指標), indicator name and column header.
type Sheet = Grid;

fn text_of(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        _ => String::new(),
    }
}

fn cell(sheet: &Sheet, r: usize, c: usize) -> String {
    sheet[r].get(c).map(text_of).unwrap_or_default()
}

/// The header row: the one that starts with 「番号」.
fn header_row(sheet: &Sheet) -> usize {
    (0..sheet.len())
        .find(|&r| cell(sheet, r, 0) == "番号")
        .expect("a header row")
}

/// The column whose header ends with `header` (「進捗状況」, 「の実績値」, 「効果額（千円）」).
fn col(sheet: &Sheet, header: &str) -> usize {
    let h = header_row(sheet);
    (0..sheet[h].len())
        .find(|&c| cell(sheet, h, c).ends_with(header))
        .unwrap_or_else(|| panic!("no column {header}"))
}

/// The row of item `id` (kind 取組), or of its indicator `name` (kind 指標).
fn row(sheet: &Sheet, id: &str, indicator: Option<&str>) -> usize {
    let kind = if indicator.is_some() {
        "指標"
    } else {
        "取組"
    };
    let name = col(sheet, "取組項目名／指標名");
    (header_row(sheet) + 1..sheet.len())
        .find(|&r| {
            cell(sheet, r, 0) == id
                && cell(sheet, r, 1) == kind
                && indicator.is_none_or(|n| cell(sheet, r, name) == n)
        })
        .unwrap_or_else(|| panic!("no row for {id} {indicator:?}"))
}

fn set(sheet: &mut Sheet, r: usize, c: usize, value: impl Into<Data>) {
    if sheet[r].len() <= c {
        sheet[r].resize(c + 1, Data::Empty);
    }
    sheet[r][c] = value.into();
}

/// Fills in one cell of an item's or indicator's row, as a department does.
fn fill(
    sheet: &mut Sheet,
    id: &str,
    indicator: Option<&str>,
    header: &str,
    value: impl Into<Data>,
) {
    let (r, c) = (row(sheet, id, indicator), col(sheet, header));
    set(sheet, r, c, value);
}

/// The metadata cell right of `label` in the first row (「形式」「版」「年度」「担当課」).
fn meta(sheet: &mut Sheet, label: &str, value: &str) {
    let c = (0..sheet[0].len())
        .find(|&c| cell(sheet, 0, c) == label)
        .unwrap_or_else(|| panic!("no {label} in the first row"));
    set(sheet, 0, c + 1, Data::String(value.into()));
}

// ---- every code has a case ----------------------------------------------------------------

/// Every `"E123"` / `"W123"` literal of the Rust files under `dir`.
fn codes_in_sources(dir: &Path, out: &mut std::collections::BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            codes_in_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.extend(quoted_codes(&text, '"', '"'));
        }
    }
}

/// Codes written between `open` and `close`: `"E123"` in Rust, `| E123 |` in Markdown tables.
fn quoted_codes(text: &str, open: char, close: char) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(6)
        .filter(|w| {
            w[0] == open
                && w[5] == close
                && (w[1] == 'E' || w[1] == 'W')
                && w[2..5].iter().all(char::is_ascii_digit)
        })
        .map(|w| w[1..5].iter().collect())
        .collect()
}

#[test]
fn every_code_has_a_case() {
    let mut codes = std::collections::BTreeSet::new();
    codes_in_sources(&repo().join("src"), &mut codes);
    let docs = std::fs::read_to_string(repo().join("docs/errors.md")).unwrap();
    codes.extend(quoted_codes(&docs.replace(' ', ""), '|', '|'));
    assert!(codes.len() > 50, "found only {codes:?}");
    let this = include_str!("codes.rs");
    let cases: std::collections::BTreeSet<String> = ["Case::new(\"", "Case::bare(\""]
        .iter()
        .flat_map(|open| this.split(open).skip(1).map(|s| s[..4].to_string()))
        .collect();
    for code in &codes {
        let skipped = NOT_TRIGGERABLE.iter().any(|(c, _)| c == code);
        assert!(
            cases.contains(code) != skipped,
            "{code}: needs exactly one of a case in tests/codes.rs or an entry in NOT_TRIGGERABLE"
        );
    }
    for code in &cases {
        assert!(codes.contains(code), "{code} has a case but is not in src/");
    }
    for entry in std::fs::read_dir(repo().join("tests/snapshots")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(code) = name.strip_suffix(".snap") {
            if quoted_codes(&format!("\"{code}\""), '"', '"').len() == 1 {
                assert!(cases.contains(code), "tests/snapshots/{name} has no case");
            }
        }
    }
}

// ---- reading files ------------------------------------------------------------------------

#[test]
#[cfg(unix)]
fn e001() {
    let mut c = Case::new("E001");
    c.chmod("content/items/1-1-1.md", 0o000);
    c.snapshot(c.run_unprivileged(&["check"]));
}

#[test]
fn e002() {
    let c = Case::new("E002");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e003() {
    let c = Case::new("E003");
    // Saved by an old editor in Shift_JIS.
    let (sjis, _, lossy) = encoding_rs::SHIFT_JIS.encode(GOOD_ITEM);
    assert!(!lossy);
    c.write("content/items/1-1-9.md", &sjis);
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e004() {
    let c = Case::new("E004");
    // A PNG image saved into items/ under an .md name.
    c.write("content/items/1-1-9.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e005() {
    let c = Case::new("E005");
    c.snapshot(c.run(&["check", "--content", "contents"]));
}

#[test]
fn e006() {
    let c = Case::new("E006");
    // A pasted document: 2.5 MB, over the 2 MB limit.
    let size = 5 * 1024 * 1024 / 2;
    let text = format!("{GOOD_ITEM}{}", "x".repeat(size - GOOD_ITEM.len()));
    c.write("content/items/1-1-9.md", text);
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e010() {
    let c = Case::new("E010");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e011() {
    let c = Case::new("E011");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e012() {
    let c = Case::new("E012");
    c.snapshot(c.run(&["check"]));
}

// ---- shape of the settings ----------------------------------------------------------------

#[test]
fn e020() {
    let c = Case::new("E020");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e021() {
    let c = Case::new("E021");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e022() {
    let c = Case::new("E022");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e023() {
    let c = Case::new("E023");
    c.snapshot(c.run(&["check"]));
}

// ---- site.toml ----------------------------------------------------------------------------

#[test]
fn e101() {
    let c = Case::new("E101");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e102() {
    let c = Case::new("E102");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e103() {
    let c = Case::new("E103");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e104() {
    let c = Case::new("E104");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e105() {
    let c = Case::new("E105");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e106() {
    let c = Case::new("E106");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e107() {
    let c = Case::new("E107");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e108() {
    let c = Case::new("E108");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e109() {
    let c = Case::new("E109");
    c.snapshot(c.run(&["check"]));
}

// ---- action items -------------------------------------------------------------------------

#[test]
fn e120() {
    let c = Case::new("E120");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e121() {
    let c = Case::new("E121");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e122() {
    let c = Case::new("E122");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e123() {
    let c = Case::new("E123");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e124() {
    let c = Case::new("E124");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e125() {
    let c = Case::new("E125");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e126() {
    let c = Case::new("E126");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e200() {
    let c = Case::new("E200");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e127() {
    let c = Case::new("E127");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e128() {
    let c = Case::new("E128");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e130() {
    let c = Case::new("E130");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e131() {
    let c = Case::new("E131");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e132() {
    let c = Case::new("E132");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e111() {
    let c = Case::new("E111");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e133() {
    let c = Case::new("E133");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e134() {
    let c = Case::new("E134");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e135() {
    let c = Case::new("E135");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e136() {
    let c = Case::new("E136");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e137() {
    let c = Case::new("E137");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e138() {
    let c = Case::new("E138");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e139() {
    let c = Case::new("E139");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e140() {
    let c = Case::new("E140");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e141() {
    let c = Case::new("E141");
    c.snapshot(c.run(&["check"]));
}

// ---- accessibility test results -----------------------------------------------------------

#[test]
fn e150() {
    let c = Case::new("E150");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e151() {
    let c = Case::new("E151");
    c.snapshot(c.run(&["check"]));
}

// ---- theme --------------------------------------------------------------------------------

#[test]
fn e300() {
    let c = Case::new("E300");
    c.snapshot(c.run(&["check", "--theme", "mytheme"]));
}

#[test]
#[cfg(unix)]
fn e301() {
    let mut c = Case::new("E301");
    // The site's own stylesheet, which the theme layer copies, cannot be read.
    c.write(
        "static/css/site.css",
        ":root { --color-accent: #00563f; }\n",
    );
    c.chmod("static/css/site.css", 0o000);
    c.snapshot(c.run_unprivileged(&["check"]));
}

#[test]
fn e302() {
    let c = Case::new("E302");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e303() {
    // templates/default/item.html would hide the theme's item.html that default/ names.
    let c = Case::new("E303");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e310() {
    // The site's item template publishes a number the model does not have.
    let c = Case::new("E310");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e320() {
    // `council` is not a key: the hint names `item.council`, the same name in its group.
    let c = Case::new("E320");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e321() {
    let c = Case::new("E321");
    c.snapshot(c.run(&["check"]));
}

// ---- output -------------------------------------------------------------------------------

#[test]
fn e401() {
    let c = Case::new("E401");
    c.snapshot(c.run(&["build", "--output", "."]));
}

#[test]
fn e402() {
    let c = Case::new("E402");
    c.snapshot(c.run(&["build"]));
}

#[test]
fn e403() {
    // `public` is a file, so the folder beside the output cannot be made.
    let c = Case::new("E403");
    c.snapshot(c.run(&["build", "--output", "public/site"]));
}

#[test]
fn e404() {
    // Built once without base_url (no sitemap.xml); the user puts a sitemap.xml of their own in
    // the output; with base_url set (the fixture's site.toml) the build would write over it.
    let c = Case::bare("E404");
    assert_eq!(c.run(&["build"]).status, Some(0));
    c.write("public/sitemap.xml", "mine");
    c.overlay();
    c.snapshot(c.run(&["build"]));
}

// ---- serve --------------------------------------------------------------------------------

#[test]
fn e501() {
    let c = Case::new("E501");
    // Held until the run is over, so the port stays taken. The OS picks it from the ephemeral
    // range (below 65535), so the suggested next port is always the port + 1.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let run = c.run(&["serve", "--port", &port.to_string()]);
    drop(taken);
    c.snapshot(
        run.mask(port.into(), "[PORT]")
            .mask(u32::from(port) + 1, "[PORT+1]"),
    );
}

#[test]
// The message carries Linux's wording of the error (os error 99).
#[cfg(target_os = "linux")]
fn e502() {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this computer.
    let c = Case::new("E502");
    c.snapshot(c.run(&["serve", "--bind", "192.0.2.1"]));
}

#[test]
// inotify refuses a folder that cannot be read; other systems' watchers may not.
#[cfg(target_os = "linux")]
fn e503() {
    // A folder in assets/ that cannot be read cannot be watched.
    let mut c = Case::new("E503");
    std::fs::create_dir_all(c.path("assets/private")).unwrap();
    c.chmod("assets/private", 0o000);
    c.snapshot(c.run_unprivileged(&["serve", "--port", "0"]));
}

// ---- init ---------------------------------------------------------------------------------

#[test]
fn e601() {
    let c = Case::new("E601");
    c.snapshot(c.run(&["init", "newsite", "--city", "高崎市", "--code", "102024"]));
}

#[test]
fn e602() {
    let c = Case::new("E602");
    c.snapshot(c.run(&["init", "newsite", "--city", "高崎市", "--code", "102025"]));
}

#[test]
fn e603() {
    let c = Case::new("E603");
    c.snapshot(c.run(&[
        "init",
        "newsite",
        "--city",
        "高崎市",
        "--code",
        "102024",
        "--first-year",
        "2030",
        "--last-year",
        "2025",
    ]));
}

#[test]
fn e604() {
    // `sites` is a file, so nothing can be created under it.
    let c = Case::new("E604");
    c.snapshot(c.run(&["init", "sites/new", "--city", "高崎市", "--code", "102024"]));
}

#[test]
fn e612() {
    // A 年度目標 of 32,900 characters: the CSV and JSON hold it, an Excel cell does not.
    let c = Case::new("E612");
    c.snapshot(c.run(&["check"]));
}

// ---- survey -------------------------------------------------------------------------------

#[test]
fn e701() {
    let c = Case::new("E701");
    c.snapshot(c.run(&["survey", "export", "--year", "2019"]));
}

#[test]
fn e702() {
    // survey/2020/ already holds a different 2020_財政課.xlsx (perhaps a returned survey).
    let c = Case::new("E702");
    c.snapshot(c.run(&["survey", "export", "--year", "2020"]));
}

#[test]
fn e710() {
    let c = Case::new("E710");
    c.snapshot(c.run(&["survey", "import", "returned/財政課.txt"]));
}

#[test]
fn e711() {
    // A CSV made by hand, not from an exported survey.
    let c = Case::new("E711");
    c.snapshot(c.run(&["survey", "import", "returned/財政課.csv"]));
}

#[test]
fn e712() {
    let c = Case::new("E712");
    c.export(2020);
    // A column inserted after 「取組項目名／指標名」.
    let file = c.returned("2020_財政課.xlsx", |s| {
        let h = header_row(s);
        for row in s.iter_mut().skip(h) {
            if row.len() > 3 {
                row.insert(3, Data::String("メモ".into()));
            }
        }
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e713() {
    // site.toml reports 2020 and 2021: import takes 2021, the survey is 2020's.
    let c = Case::new("E713");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        fill(s, "2-1-1", None, "進捗状況", "実施")
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e714() {
    // 2021 may be exported (the year about to be reported) but not imported before site.toml
    // has its [[reports]].
    let c = Case::new("E714");
    c.export(2021);
    let file = c.returned("2021_財政課.xlsx", |s| {
        fill(s, "2-1-1", None, "進捗状況", "実施")
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e715() {
    let c = Case::new("E715");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| meta(s, "担当課", "総務課"));
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e716() {
    let c = Case::new("E716");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        let r = row(s, "2-1-1", Some("時間外勤務"));
        set(s, r, 0, Data::String("9-9-9".into()));
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e717() {
    let c = Case::new("E717");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        let r = row(s, "2-1-1", None);
        set(s, r, 0, Data::String("1-1-1".into()));
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e718() {
    let c = Case::new("E718");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        let (r, n) = (
            row(s, "2-1-1", Some("時間外勤務")),
            col(s, "取組項目名／指標名"),
        );
        set(s, r, n, Data::String("時間外勤務の職員".into()));
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e719() {
    // The same department's survey twice in one run.
    let c = Case::new("E719");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        fill(s, "2-1-1", None, "進捗状況", "実施")
    });
    c.snapshot(c.run(&["survey", "import", &file, "survey/2020/2020_財政課.xlsx"]));
}

#[test]
fn e720() {
    let c = Case::new("E720");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        fill(s, "2-1-1", None, "効果額（千円）", "約60");
        fill(s, "2-1-1", Some("時間外勤務"), "の実績値", "5人");
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e721() {
    let c = Case::new("E721");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        fill(s, "2-1-1", None, "進捗状況", "完了");
        fill(s, "2-1-1", None, "評価", "S");
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e722() {
    let c = Case::new("E722");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        fill(s, "2-1-1", None, "の実績値", 3.0);
        fill(s, "2-1-1", Some("時間外勤務"), "評価", "A");
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e723() {
    // 市税収納率 was reported as 95.7 for 2020.
    let c = Case::new("E723");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        fill(s, "2-1-1", Some("市税収納率"), "の実績値", 96.0)
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e724() {
    // Neither UTF-8 nor Shift_JIS (a CSV saved as something else, or damaged).
    let c = Case::new("E724");
    c.write("returned/財政課.csv", b"\x82\xa0\xff\xfe\xff,2-1-1\r\n");
    c.snapshot(c.run(&["survey", "import", "returned/財政課.csv"]));
}

#[test]
#[cfg(unix)]
fn e725() {
    let mut c = Case::new("E725");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        fill(s, "2-1-1", None, "進捗状況", "実施")
    });
    // items/ is read-only: the new item file cannot be written beside the old one.
    c.chmod("content/items", 0o555);
    c.snapshot(c.run_unprivileged(&["survey", "import", &file]));
}

#[test]
fn e726() {
    // 2-1-1.md writes its years as an inline array, which the import cannot edit.
    let c = Case::new("E726");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        fill(s, "2-1-1", None, "進捗状況", "実施")
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e727() {
    // The surveys were exported; since then an item file got an error.
    let c = Case::bare("E727");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        fill(s, "2-1-1", None, "進捗状況", "実施")
    });
    c.overlay();
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e728() {
    // The department deleted an indicator's row.
    let c = Case::new("E728");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        let r = row(s, "2-1-1", Some("時間外勤務"));
        s.remove(r);
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e729() {
    // Two indicator rows swapped (sorted by name).
    let c = Case::new("E729");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        let (a, b) = (
            row(s, "2-1-1", Some("市税収納率")),
            row(s, "2-1-1", Some("時間外勤務")),
        );
        s.swap(a, b);
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e730() {
    // A target corrected in the grey cell instead of in the item file.
    let c = Case::new("E730");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        let (r, t) = (row(s, "2-1-1", Some("時間外勤務")), col(s, "目標値"));
        set(s, r, t, Data::String("10人".into()));
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

/// Excel's name of a cell in the first 26 columns: (4, 9) → "J5".
fn cell_ref(r: usize, c: usize) -> String {
    format!("{}{}", (b'A' + c as u8) as char, r + 1)
}

#[test]
fn e731() {
    // Saved by a program that keeps formulas without computing them.
    let c = Case::new("E731");
    c.export(2020);
    let mut at = String::new();
    let file = c.returned("2020_財政課.xlsx", |s| {
        let (r, k) = (row(s, "2-1-1", None), col(s, "進捗状況"));
        set(s, r, k, Data::String("実施".into()));
        at = cell_ref(r, k);
    });
    rewrite_part(&c.path(&file), SURVEY_PART, |xml| {
        replace_cell(
            &xml,
            &at,
            &format!("<c r=\"{at}\" t=\"str\"><f>\"実施\"</f></c>"),
        )
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e732() {
    let c = Case::new("E732");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        fill(s, "2-1-1", Some("時間外勤務"), "の実績値", "▲5")
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e733() {
    // A control character pasted from another document.
    let c = Case::new("E733");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        fill(s, "2-1-1", None, "取組実績", "資料\u{7}を作成した")
    });
    c.snapshot(c.run(&["survey", "import", &file]));
}

#[test]
fn e734() {
    // Larger than any survey (10 MB): not read at all.
    let c = Case::new("E734");
    c.write("returned/財政課.xlsx", vec![b'x'; 11 << 20]);
    c.snapshot(c.run(&["survey", "import", "returned/財政課.xlsx"]));
}

#[test]
#[cfg(unix)]
fn e735() {
    // An import was killed after its journal was committed; the staged file cannot be renamed
    // into items/, which is read-only now.
    let mut c = Case::new("E735");
    c.chmod("content/items", 0o555);
    c.chmod("content/.shinchoku-import", 0o555);
    c.snapshot(c.run_unprivileged(&["check"]));
}

// ---- warnings -----------------------------------------------------------------------------

#[test]
fn w201() {
    let c = Case::new("W201");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn w202() {
    let c = Case::new("W202");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e160() {
    let c = Case::new("E160");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e161() {
    let c = Case::new("E161");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e162() {
    let c = Case::new("E162");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e163() {
    let c = Case::bare("E163");
    c.snapshot(c.run(&["publish", "--year", "2023"]));
}

#[test]
fn e164() {
    let c = Case::new("E164");
    c.snapshot(c.run(&["publish", "--year", "2020", "--date", "2021-06-30"]));
}

#[test]
fn e165() {
    let c = Case::new("E165");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e166() {
    let c = Case::new("E166");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e745() {
    let c = Case::bare("E745");
    c.snapshot(c.run(&["survey", "status", "--year", "2050"]));
}

#[test]
fn e746() {
    // The 2020 edition is published (its record in the fixture); 市税収納率 was 95.7.
    let c = Case::new("E746");
    c.export(2020);
    let file = c.returned("2020_財政課.xlsx", |s| {
        fill(s, "2-1-1", Some("市税収納率"), "の実績値", 96.0)
    });
    c.snapshot(c.run(&["survey", "import", &file, "--overwrite"]));
}

#[test]
fn w203() {
    let c = Case::new("W203");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn w204() {
    let c = Case::new("W204");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn w205() {
    let c = Case::new("W205");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn w206() {
    let c = Case::new("W206");
    c.snapshot(c.run(&["check"]));
}

/// The basic site reports 令和2年度 (2020) and neither of its items has a result for it: one
/// warning each at its [[years]] entry, and `check` counts them by department.
#[test]
fn w207() {
    let c = Case::new("W207");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn w210() {
    let c = Case::new("W210");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn w230() {
    // 13104 is 新宿区, one of Tokyo's 特別区: a 区, not a 市. The scaffold is still written.
    let c = Case::new("W230");
    c.snapshot(c.run(&["init", "newsite", "--city", "新宿市", "--code", "131041"]));
}

#[test]
fn w240() {
    let c = Case::new("W240");
    c.snapshot(c.run(&["check"]));
}

#[test]
#[cfg(unix)]
fn e170() {
    let c = Case::new("E170");
    // An item that is a symbolic link to a file outside content/ (here /etc/hosts).
    std::os::unix::fs::symlink("/etc/hosts", c.dir.path().join("content/items/1-1-9.md")).unwrap();
    c.snapshot(c.run(&["check"]));
}

#[test]
#[cfg(unix)]
fn e171() {
    let c = Case::new("E171");
    // An item that is a FIFO: reading it would wait for ever for a writer.
    let fifo = c.dir.path().join("content/items/1-1-9.md");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e172() {
    let c = Case::new("E172");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e173() {
    let c = Case::new("E173");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e174() {
    let c = Case::new("E174");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn e175() {
    let c = Case::new("E175");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn w211() {
    let c = Case::new("W211");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn w212() {
    let c = Case::new("W212");
    c.snapshot(c.run(&["check"]));
}

#[test]
fn w225() {
    let c = Case::new("W225");
    c.snapshot(c.run(&["check"]));
}
