//! Property tests: whatever bytes a content file holds, reading and parsing it gives either an
//! item or located diagnostics, never a panic. (The same entry point is fuzzed by
//! fuzz/fuzz_targets/item.rs with cargo-fuzz.)

mod common;

use common::repo;
use proptest::prelude::*;
use shinchoku::content::source::{decode, SourceFile};
use shinchoku::model::Plan;
use std::path::Path;
use std::sync::OnceLock;

fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let path = repo().join("tests/fixtures/basic/content/site.toml");
        let file = shinchoku::content::source::read(&path, &path).unwrap();
        shinchoku::content::config::parse(&file).unwrap()
    })
}

/// The fixture's real item, to mutate: random edits of valid input reach deeper than noise.
fn good_item() -> &'static str {
    static ITEM: OnceLock<String> = OnceLock::new();
    ITEM.get_or_init(|| {
        std::fs::read_to_string(repo().join("tests/fixtures/basic/content/items/1-1-1.md")).unwrap()
    })
}

/// Reads bytes as a content file and parses them; checks the outcome is well-formed.
fn parse_bytes(bytes: &[u8]) {
    let path = Path::new("items/x.md");
    let text = match decode(path, bytes) {
        Ok(text) => text,
        Err(d) => {
            assert!(d.is_error() && d.line >= 1 && d.col >= 1, "{d:?}");
            return;
        }
    };
    let file = SourceFile {
        path: path.to_path_buf(),
        text,
    };
    let (item, diagnostics) = shinchoku::content::item::parse(&file, plan());
    let lines = file.text.split('\n').count();
    for d in &diagnostics {
        assert!(d.line >= 1 && d.col >= 1, "{d:?}");
        assert!(
            d.line <= lines.max(1),
            "{d:?} beyond the {lines} lines of the file"
        );
        assert!(!d.message.is_empty());
    }
    // An item is returned exactly when there is no error.
    assert_eq!(
        item.is_some(),
        !diagnostics.iter().any(|d| d.is_error()),
        "{diagnostics:?}"
    );
}

/// A mutation of the good item: replace a random byte range with random text.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let len = good_item().len();
    (0..len, 0..64usize, ".{0,24}").prop_map(move |(at, cut, insert)| {
        let src = good_item().as_bytes();
        let end = (at + cut).min(src.len());
        let mut out = src[..at].to_vec();
        out.extend_from_slice(insert.as_bytes());
        out.extend_from_slice(&src[end..]);
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_give_an_item_or_diagnostics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        parse_bytes(&bytes);
    }

    #[test]
    fn any_text_after_front_matter_markers(body in "\\PC{0,300}") {
        parse_bytes(format!("+++\n{body}\n+++\n{body}").as_bytes());
    }

    #[test]
    fn mutations_of_a_valid_item(bytes in mutated()) {
        parse_bytes(&bytes);
    }
}

#[test]
fn the_unmutated_item_parses() {
    parse_bytes(good_item().as_bytes());
    let file = SourceFile {
        path: "items/1-1-1.md".into(),
        text: good_item().to_string(),
    };
    assert!(shinchoku::content::item::parse(&file, plan()).0.is_some());
}

// ---- adversarial cases (issue #20) --------------------------------------------------------
//
// One test per attack on the content: what is done to the basic site, and every located
// diagnostic it must give (`path:line:col: エラー[CODE]`, each expected line counted: a line
// listed twice must be given twice). Count them with
// `cargo test --release --test robustness adversarial -- --list | grep -c ': test$'`.

use common::{Site, GOOD_ITEM};
use shinchoku::diag::Diagnostic;

/// Builds `site` in memory (a hang fails the test instead of stopping the suite) and returns
/// every diagnostic, errors and warnings.
fn diagnostics(site: &Site) -> Vec<Diagnostic> {
    let opts = site.options();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let ds = match shinchoku::pipeline::build_site(&opts) {
            Ok((_, report)) => report.warnings,
            Err(ds) => ds,
        };
        let _ = tx.send(ds);
    });
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .expect("the build hung (or panicked) on the attack")
}

/// Checks the located headlines: each of `expected` (a headline's start after the site's
/// folder, e.g. `content/items/1-1-9.md:3:9: エラー[E172]`) is given exactly as often as listed,
/// and every diagnostic is located in a file.
fn assert_gives(site: &Site, expected: &[&str]) -> Vec<String> {
    let root = format!("{}/", site.dir.path().display());
    let heads: Vec<String> = diagnostics(site)
        .iter()
        .map(|d| d.headline().replace(&root, ""))
        .collect();
    for want in expected {
        let listed = expected.iter().filter(|e| *e == want).count();
        let given = heads.iter().filter(|h| h.starts_with(want)).count();
        assert_eq!(given, listed, "{want}\ngiven:\n{}", heads.join("\n"));
    }
    heads
}

/// A site with one more item, `content/items/1-1-9.md`: GOOD_ITEM with `from` replaced by `to`.
fn with_item(from: &str, to: &str) -> Site {
    assert!(GOOD_ITEM.contains(from), "{from}");
    let site = Site::fixture("basic");
    site.write("items/1-1-9.md", &GOOD_ITEM.replacen(from, to, 1));
    site
}

/// The basic site with site.toml's `from` replaced by `to`.
fn with_site_toml(from: &str, to: &str) -> Site {
    let site = Site::fixture("basic");
    let toml = site.read("site.toml");
    assert!(toml.contains(from), "{from}");
    site.write("site.toml", &toml.replacen(from, to, 1));
    site
}

macro_rules! attack {
    ($name:ident, $site:expr, [$($expected:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let site: Site = $site;
            assert_gives(&site, &[$($expected),*]);
        }
    };
}

#[cfg(unix)]
fn symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(unix)]
fn fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

// Deliver 3: symbolic links, FIFOs and devices.
#[cfg(unix)]
attack!(
    adversarial_symlink_to_another_item_is_a_duplicate,
    {
        let site = Site::fixture("basic");
        symlink("1-1-1.md", &site.content().join("items/1-1-8.md"));
        site
    },
    ["content/items/1-1-8.md:2:6: エラー[E128]"]
);
#[cfg(unix)]
attack!(
    adversarial_symlink_outside_content,
    {
        let site = Site::fixture("basic");
        std::fs::write(site.dir.path().join("outside.md"), GOOD_ITEM).unwrap();
        symlink("../../outside.md", &site.content().join("items/1-1-9.md"));
        site
    },
    ["content/items/1-1-9.md:1:1: エラー[E170]"]
);
#[cfg(unix)]
attack!(
    adversarial_symlink_inside_content_is_followed,
    {
        let site = Site::fixture("basic");
        std::fs::write(site.content().join("shared.md"), GOOD_ITEM).unwrap();
        symlink("../shared.md", &site.content().join("items/1-1-9.md"));
        site
    },
    []
);
#[cfg(unix)]
attack!(
    adversarial_broken_symlink,
    {
        let site = Site::fixture("basic");
        symlink("nothing.md", &site.content().join("items/1-1-9.md"));
        site
    },
    ["content/items/1-1-9.md:1:1: エラー[E170]"]
);
#[cfg(unix)]
attack!(
    adversarial_symlinked_folder_outside_content,
    {
        let site = Site::fixture("basic");
        let elsewhere = site.dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("1-1-9.md"), GOOD_ITEM).unwrap();
        symlink("../../elsewhere", &site.content().join("items/more"));
        site
    },
    ["content/items/more/1-1-9.md:1:1: エラー[E170]"]
);
// items/ itself a link to a folder outside content/: every file in it is outside, though none
// of them is a link.
#[cfg(unix)]
attack!(
    adversarial_items_folder_symlinked_outside_content,
    {
        let site = Site::fixture("basic");
        let items = site.content().join("items");
        let elsewhere = site.dir.path().join("elsewhere");
        std::fs::rename(&items, &elsewhere).unwrap();
        symlink("../elsewhere", &items);
        site
    },
    [
        "content/items/1-1-1.md:1:1: エラー[E170]",
        "content/items/2-1-1.md:1:1: エラー[E170]"
    ]
);
#[cfg(unix)]
attack!(
    adversarial_site_toml_symlink_to_dev_zero,
    {
        let site = Site::fixture("basic");
        std::fs::remove_file(site.content().join("site.toml")).unwrap();
        symlink("/dev/zero", &site.content().join("site.toml"));
        site
    },
    ["content/site.toml:1:1: エラー[E170]"]
);
#[cfg(unix)]
attack!(
    adversarial_site_toml_fifo,
    {
        let site = Site::fixture("basic");
        std::fs::remove_file(site.content().join("site.toml")).unwrap();
        fifo(&site.content().join("site.toml"));
        site
    },
    ["content/site.toml:1:1: エラー[E171]"]
);
#[cfg(unix)]
attack!(
    adversarial_item_fifo,
    {
        let site = Site::fixture("basic");
        fifo(&site.content().join("items/1-1-9.md"));
        site
    },
    ["content/items/1-1-9.md:1:1: エラー[E171]"]
);
attack!(
    adversarial_item_too_large,
    {
        let site = Site::fixture("basic");
        let big = format!("{GOOD_ITEM}{}", "あ".repeat(1_000_000));
        site.write("items/1-1-9.md", &big);
        site
    },
    ["content/items/1-1-9.md:1:1: エラー[E006]"]
);

// Control characters, bidi controls and noncharacters.
attack!(
    adversarial_nul_escape_in_title,
    with_item("title = \"テスト項目\"", "title = \"テスト\\u0000項目\""),
    ["content/items/1-1-9.md:3:9: エラー[E172]"]
);
attack!(
    adversarial_escape_character_in_indicator_name,
    with_item("name = \"件数\"", "name = \"件数\\u001b[31m\""),
    ["content/items/1-1-9.md:11:8: エラー[E172]"]
);
attack!(
    adversarial_raw_control_character_in_body,
    with_item("本文", "本\u{7}文"),
    ["content/items/1-1-9.md:19:2: エラー[E172]"]
);
attack!(
    adversarial_raw_nul_is_binary,
    with_item("本文", "本\u{0}文"),
    ["content/items/1-1-9.md:19:2: エラー[E004]"]
);
attack!(
    adversarial_bidi_override_in_title,
    with_item("title = \"テスト項目\"", "title = \"テスト\\u202E項目\""),
    ["content/items/1-1-9.md:3:9: 警告[W211]"]
);
attack!(
    adversarial_bidi_isolate_in_body,
    with_item("本文", "本文\u{2066}x\u{2069}"),
    [
        "content/items/1-1-9.md:19:3: 警告[W211]",
        "content/items/1-1-9.md:19:5: 警告[W211]"
    ]
);
attack!(
    adversarial_noncharacter_in_site_toml,
    with_site_toml("name = \"テスト市\"", "name = \"テスト市\\uFFFE\""),
    ["content/site.toml:3:8: 警告[W211]"]
);
attack!(
    adversarial_control_character_in_a_key,
    with_item(
        "title = \"テスト項目\"",
        "title = \"テスト項目\"\n\"a\\u0001\" = 1"
    ),
    ["content/items/1-1-9.md:4:1: エラー[E172]"]
);

// Links and images of site.toml.
attack!(
    adversarial_javascript_header_link,
    with_site_toml(
        "[[statuses]]",
        "[site]\nheader_links = [{ title = \"x\", url = \"javascript:alert(1)\" }]\n\n[[statuses]]"
    ),
    ["content/site.toml:16:38: エラー[E173]"]
);
attack!(adversarial_data_footer_link,
    with_site_toml("[[statuses]]", "[site]\nfooter_links = [{ title = \"x\", url = \" DATA:text/html,<script>\" }]\n\n[[statuses]]"),
    ["content/site.toml:16:38: エラー[E173]"]);
attack!(
    adversarial_vbscript_license_url,
    with_site_toml(
        "[[statuses]]",
        "[license]\nname = \"x\"\nurl = \"vb\\tscript:msgbox\"\n\n[[statuses]]"
    ),
    ["content/site.toml:17:7: エラー[E173]"]
);
attack!(
    adversarial_logo_outside_assets,
    with_site_toml(
        "[[statuses]]",
        "[site]\nlogo = \"../../../../etc/passwd\"\n\n[[statuses]]"
    ),
    ["content/site.toml:16:8: エラー[E174]"]
);
attack!(
    adversarial_logo_climbs_out_of_assets,
    with_site_toml(
        "[[statuses]]",
        "[site]\nlogo = \"assets/../site.toml\"\n\n[[statuses]]"
    ),
    ["content/site.toml:16:8: エラー[E174]"]
);
attack!(
    adversarial_missing_favicon,
    with_site_toml(
        "[[statuses]]",
        "[site]\nfavicon = \"/assets/none.png\"\n\n[[statuses]]"
    ),
    ["content/site.toml:16:11: エラー[E174]"]
);

// Unicode normalisation: NFD is read as NFC.
attack!(adversarial_nfd_department_duplicate,
    with_site_toml("[[departments]]", "[[departments]]\nid = \"ga\"\nname = \"ガス課\"\n[[departments]]\nid = \"ga2\"\nname = \"カ\u{3099}ス課\"\n[[departments]]"),
    ["content/site.toml:30:8: エラー[E107]"]);
attack!(
    adversarial_nfd_status_duplicate,
    with_site_toml(
        "code = \"検討\"",
        "code = \"ガ\"\n[[statuses]]\ncode = \"カ\u{3099}\""
    ),
    ["content/site.toml:18:8: エラー[E107]"]
);
attack!(
    adversarial_nfd_department_in_item_matches,
    {
        let toml = "[[departments]]\nid = \"ga\"\nname = \"ガス課\"\n[[departments]]";
        let site = with_site_toml("[[departments]]", toml);
        site.write(
            "items/1-1-9.md",
            &GOOD_ITEM.replace("情報戦略課", "カ\u{3099}ス課"),
        );
        site
    },
    []
);

// Empty required text.
attack!(
    adversarial_empty_title,
    with_item("title = \"テスト項目\"", "title = \"  \""),
    ["content/items/1-1-9.md:3:9: エラー[E175]"]
);
attack!(
    adversarial_empty_indicator_name,
    with_item("name = \"件数\"", "name = \"\u{3000}\""),
    ["content/items/1-1-9.md:11:8: エラー[E175]"]
);
attack!(
    adversarial_empty_city_and_plan_title,
    {
        let site = with_site_toml("name = \"テスト市\"", "name = \"\"");
        let toml = site
            .read("site.toml")
            .replace("title = \"テスト市行政改革実施計画\"", "title = \" \"");
        site.write("site.toml", &toml);
        site
    },
    [
        "content/site.toml:3:8: エラー[E175]",
        "content/site.toml:7:9: エラー[E175]"
    ]
);
attack!(
    adversarial_empty_department_name,
    with_site_toml("name = \"財政課\"", "name = \"\""),
    ["content/site.toml:30:8: エラー[E175]"]
);

// Numbers that cannot be kept exactly.
attack!(
    adversarial_effect_amount_beyond_i64_precision,
    with_item(
        "status = \"実施\"",
        "status = \"実施\"\n[years.result]\neffect_amount = 9223372036854775807"
    ),
    ["content/items/1-1-9.md:10:17: エラー[E131]"]
);
attack!(
    adversarial_value_beyond_2_pow_53,
    with_item("2020 = 12", "2020 = 9007199254740993"),
    ["content/items/1-1-9.md:17:8: エラー[E131]"]
);
attack!(
    adversarial_value_1e308,
    with_item("target = 20", "target = 1e308"),
    ["content/items/1-1-9.md:15:10: エラー[E131]"]
);
attack!(
    adversarial_value_infinity,
    with_item("baseline = 10", "baseline = -inf"),
    ["content/items/1-1-9.md:14:12: エラー[E131]"]
);

// Plans against the direction.
attack!(
    adversarial_increase_planned_below_baseline,
    with_item("2020 = 12", "2020 = 0"),
    ["content/items/1-1-9.md:17:8: 警告[W212]"]
);
attack!(
    adversarial_decrease_planned_above_baseline,
    with_item("direction = \"increase\"", "direction = \"decrease\""),
    [
        "content/items/1-1-9.md:15:10: 警告[W212]",
        "content/items/1-1-9.md:17:8: 警告[W212]"
    ]
);

// Deliver 4: every syntax error of a file in one run, with the docs' hints.
attack!(adversarial_four_syntax_errors_in_one_item,
    with_item("status = \"実施\"", "status = \"実施\"\ngoal = \"閉じ忘れ\n[years.result]\ngrade = B\neffect_amount = 12,345\n[bad"),
    [
        "content/items/1-1-9.md:9:13: エラー[E012]",
        "content/items/1-1-9.md:11:9: エラー[E012]",
        "content/items/1-1-9.md:12:19: エラー[E012]",
        "content/items/1-1-9.md:13:5: エラー[E012]",
    ]);
attack!(
    adversarial_two_syntax_errors_in_site_toml,
    with_site_toml(
        "first_year = 2020\nlast_year = 2024",
        "first_year = 2,020\nlast_year = 二〇二四"
    ),
    [
        "content/site.toml:8:15: エラー[E012]",
        "content/site.toml:9:13: エラー[E012]"
    ]
);

#[test]
fn adversarial_syntax_hints_match_the_docs() {
    let site = with_item(
        "status = \"実施\"",
        "status = \"実施\"\n[years.result]\ngrade = B\neffect_amount = 12,345",
    );
    let ds = diagnostics(&site);
    let help = |line: usize| {
        let d = ds
            .iter()
            .find(|d| d.line == line)
            .unwrap_or_else(|| panic!("{ds:?}"));
        d.help.clone().unwrap_or_default()
    };
    assert!(help(10).contains("`\"B\"`"), "{}", help(10));
    let commas = help(11);
    assert!(
        commas.contains("`12345`") && !commas.contains("引用符で囲みます"),
        "{commas}"
    );
    let docs = std::fs::read_to_string(repo().join("docs/content-format.md")).unwrap();
    assert!(
        docs.contains("桁区切りのカンマや単位は付けません"),
        "the docs' rule moved"
    );
}

/// Issue #20 item 10: a plan of 0 under a baseline of 456,456 (an increase) once gave
/// 「達成率は-4.7%です（計画値に到達）」. No sentence reports a negative or short 達成率 as reached.
#[test]
fn adversarial_no_negative_attainment_is_reached() {
    let site = with_item(
        "baseline = 10\ntarget = 20\n[indicators.plan]\n2020 = 12",
        "baseline = 456456\ntarget = 500000\n[indicators.plan]\n2020 = 0\n[indicators.actual]\n2020 = 478000",
    );
    let ds = diagnostics(&site);
    assert!(ds.iter().all(|d| !d.is_error()), "{ds:?}");
    let (files, _) = shinchoku::pipeline::build_site(&site.options()).unwrap();
    let page = files.iter().find(|f| f.path == "items/1-1-9.html").unwrap();
    let html = String::from_utf8_lossy(&page.contents);
    let sentences: Vec<&str> = html
        .split("。")
        .filter(|s| s.contains("達成率は"))
        .collect();
    assert!(!sentences.is_empty(), "{html}");
    for s in sentences {
        assert!(
            !(s.contains("達成率は-") && s.contains("計画値に到達")),
            "{s}"
        );
        assert!(
            s.contains("達成率は100.0%です（計画値に到達）") || !s.contains("計画値に到達"),
            "{s}"
        );
    }
}
