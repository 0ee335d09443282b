//! Every documented input error produces its code and message at the right line and column, all
//! problems are reported in one run, and nothing is written.

mod common;

use common::*;

/// Writes one extra item with `from` replaced by `to` and returns the build's error lines.
fn errors_for(from: &str, to: &str) -> Vec<String> {
    let site = Site::fixture("basic");
    assert!(GOOD_ITEM.contains(from), "{from}");
    site.write("items/1-1-9.md", &GOOD_ITEM.replacen(from, to, 1));
    let errors = site.errors();
    assert!(!site.output().exists(), "nothing may be written on error");
    errors
}

fn assert_one(errors: &[String], location: &str, code: &str, needle: &str) {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert!(
        e.contains(&format!("1-1-9.md:{location}: エラー[{code}]")),
        "{e}"
    );
    assert!(e.contains(needle), "{e}");
}

#[test]
fn the_good_item_builds() {
    let site = Site::fixture("basic");
    site.write("items/1-1-9.md", GOOD_ITEM);
    site.build().unwrap();
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let e = errors_for("title =", "titel =");
    assert_one(&e, "3:1", "E020", "`title` の誤りではありませんか");
}

#[test]
fn unknown_direction_value() {
    let e = errors_for("\"increase\"", "\"increse\"");
    assert_one(&e, "13:13", "E020", "`increase` の誤り");
}

#[test]
fn unknown_chart_kind_suggests_the_nearest() {
    // Line 16, after `target = 20`; column 9 is the value's opening quote.
    let e = errors_for("target = 20\n", "target = 20\nchart = \"lines\"\n");
    assert_one(&e, "16:9", "E020", "`line` の誤りではありませんか");
    assert!(e[0].contains("chart に使えない値 `lines`"), "{e:?}");
    // The known kinds build.
    for kind in ["auto", "bar", "line"] {
        let site = Site::fixture("basic");
        let item = GOOD_ITEM.replacen(
            "target = 20\n",
            &format!("target = 20\nchart = \"{kind}\"\n"),
            1,
        );
        site.write("items/1-1-9.md", &item);
        site.build().unwrap_or_else(|e| panic!("{kind}: {e:#?}"));
    }
}

#[test]
fn wrong_type() {
    let e = errors_for("year = 2020", "year = \"令和2年度\"");
    assert_one(&e, "7:8", "E022", "型が違います");
}

#[test]
fn missing_required_field() {
    let e = errors_for("title = \"テスト項目\"\n", "");
    assert_one(&e, "2:1", "E021", "必須のキー `title`");
}

#[test]
fn malformed_toml() {
    let e = errors_for("title = \"テスト項目\"", "title = \"テスト項目");
    assert_one(&e, "3:15", "E012", "TOML の書き方に誤り");
}

#[test]
fn unknown_department_suggests_the_registered_one() {
    let e = errors_for("\"情報戦略課\"", "\"情報戦略\"");
    assert_one(&e, "4:14", "E123", "「情報戦略課」の誤りではありませんか");
}

#[test]
fn undefined_status() {
    let e = errors_for("status = \"実施\"", "status = \"完了\"");
    assert_one(&e, "8:10", "E124", "進捗状況「完了」");
}

#[test]
fn year_outside_the_plan_period() {
    let e = errors_for("year = 2020", "year = 2025");
    assert_one(&e, "7:8", "E126", "令和7年度 (2025) は計画期間");
    let e = errors_for("2020 = 12", "2019 = 12");
    assert_one(&e, "17:1", "E126", "令和元年度 (2019)");
}

#[test]
fn numbers_typed_as_text_say_what_to_write() {
    let e = errors_for("baseline = 10", "baseline = \"４５６，４５６\"");
    assert_one(&e, "14:12", "E130", "`456456` と書きます");
}

#[test]
fn nan_is_rejected() {
    let e = errors_for("target = 20", "target = nan");
    assert_one(&e, "15:10", "E131", "nan");
}

#[test]
fn numbers_too_large_to_keep_exactly_are_rejected_where_written() {
    for big in ["1e308", "9007199254740993", "-1e20", "1000000000000001"] {
        let e = errors_for("target = 20", &format!("target = {big}"));
        assert_one(&e, "15:10", "E131", "大きすぎて正確に扱えません");
    }
    // The largest allowed number is published as written.
    let site = Site::fixture("basic");
    site.write(
        "items/1-1-9.md",
        &GOOD_ITEM.replace("target = 20", "target = 1000000000000000"),
    );
    site.build().unwrap();
}

#[test]
fn id_must_match_a_section() {
    let e = errors_for("id = \"1-1-9\"", "id = \"1-7-9\"");
    assert!(
        e[0].contains("E122") && e[0].contains("中項目「7」"),
        "{e:?}"
    );
    let e = errors_for("id = \"1-1-9\"", "id = \"9-1-9\"");
    assert!(e[0].contains("E121"), "{e:?}");
    let e = errors_for("id = \"1-1-9\"", "id = \"1-1\"");
    assert!(e[0].contains("E120"), "{e:?}");
}

#[test]
fn duplicate_indicator_names() {
    let e = errors_for(
        "+++\n本文",
        "[[indicators]]\nname = \"件数\"\ndirection = \"none\"\n+++\n本文",
    );
    assert_one(&e, "19:8", "E127", "指標名「件数」");
}

#[test]
fn duplicate_ids_name_both_files() {
    let site = Site::fixture("basic");
    site.write("items/copy.md", &site.read("items/1-1-1.md"));
    let e = site.errors();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("copy.md:2:6: エラー[E128]") && e[0].contains("1-1-1.md と重複"),
        "{e:?}"
    );
}

#[test]
fn front_matter_problems() {
    let site = Site::fixture("basic");
    site.write("items/a.md", "# 見出しだけ\n");
    site.write("items/b.md", "+++\nid = \"1-1-5\"\n");
    site.write("items/c.md", "");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("+++\ntitle = \"情報\"\n+++\n");
    site.write_bytes("items/d.md", &sjis);
    site.write_bytes("items/e.md", b"\x89PNG\r\n\x1a\n\0\0\0");
    let e = site.errors();
    // Every problem, in one run, in file order.
    assert_eq!(e.len(), 5, "{e:#?}");
    assert!(e[0].contains("a.md:1:1: エラー[E010]"), "{}", e[0]);
    assert!(e[1].contains("b.md:1:1: エラー[E011]"), "{}", e[1]);
    assert!(e[2].contains("c.md:1:1: エラー[E002]"), "{}", e[2]);
    assert!(
        e[3].contains("d.md:2:10: エラー[E003]") && e[3].contains("Shift_JIS"),
        "{}",
        e[3]
    );
    assert!(e[4].contains("e.md") && e[4].contains("E004"), "{}", e[4]);
}

#[test]
fn windows_style_files_are_accepted() {
    let site = Site::fixture("basic");
    let crlf = format!(
        "\u{feff}{}",
        GOOD_ITEM.replace("+++\n", "+++  \n").replace('\n', "\r\n")
    );
    site.write("items/1-1-9.md", &crlf);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
}

#[test]
fn site_toml_errors_are_located() {
    let site = Site::fixture("basic");
    let text = site
        .read("site.toml")
        .replace("code = \"102113\"", "code = \"102114\"");
    site.write("site.toml", &text);
    let e = site.errors();
    assert!(e[0].contains("site.toml:4:8: エラー[E101]"), "{e:?}");
}

#[test]
fn unknown_negative_style_suggests_the_nearest() {
    let site = Site::fixture("basic");
    // basic has no [site] section: one is added at the end.
    let text = format!(
        "{}\n[site]\nnegative = \"triangel\"\n",
        site.read("site.toml")
    );
    site.write("site.toml", &text);
    let e = site.errors();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("エラー[E020]") && e[0].contains("negative に使えない値 `triangel`"),
        "{e:?}"
    );
    assert!(e[0].contains("`triangle` の誤りではありませんか"), "{e:?}");
}

#[test]
fn script_in_title_or_body_never_becomes_markup() {
    let site = Site::fixture("basic");
    let evil = GOOD_ITEM
        .replace("テスト項目", "<script>alert(1)</script>")
        .replace(
            "本文",
            "<script>alert(2)</script>\n\n[x](javascript:alert(3))\n\n<img src=x onerror=alert(4)>",
        );
    site.write("items/1-1-9.md", &evil);
    let report = site.build().unwrap();
    assert!(report.warnings.iter().any(|w| w.code == "W210"));
    let tree = read_tree(&site.output());
    for (path, bytes) in &tree {
        if path.ends_with(".html") {
            let s = String::from_utf8_lossy(bytes);
            assert!(!s.contains("<script>alert"), "{path}");
            // The only scripts are the site's own search and item-table files, loaded by src.
            let doc = html(&tree, path);
            for script in doc.select(&sel("script")) {
                let src = script.value().attr("src").unwrap_or_default();
                assert!(
                    src.ends_with("search-index.js")
                        || src.ends_with("js/search.js")
                        || src.ends_with("js/table.js"),
                    "{path}: {src}"
                );
                assert_eq!(script.inner_html(), "");
            }
            assert!(!s.contains("javascript:"), "{path}");
            assert!(!s.contains("<img src=x"), "{path}");
        }
    }
    let doc = html(&tree, "items/1-1-9.html");
    assert!(text(doc.select(&sel("h1")).next().unwrap()).contains("<script>alert(1)</script>"));
}

#[test]
fn tabs_wide_spaces_and_trailing_whitespace_are_accepted() {
    let site = Site::fixture("basic");
    let messy = GOOD_ITEM
        .replace(
            "title = \"テスト項目\"",
            "title\u{3000}=\u{3000}\"テスト　項目\"\u{3000}  ",
        )
        .replace("unit = \"件\"", "unit\t=\t\"件\"\t")
        .replace("baseline = 10", "baseline = 10   \t");
    site.write("items/1-1-9.md", &messy);
    let report = site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(report.warnings.iter().all(|w| !w.is_error()));
    let tree = read_tree(&site.output());
    let doc = html(&tree, "items/1-1-9.html");
    // The full-width space inside the title is content and is kept.
    let h1: String = doc.select(&sel("h1")).next().unwrap().text().collect();
    assert!(h1.contains("テスト\u{3000}項目"), "{h1:?}");
}

#[test]
fn wide_space_errors_keep_their_columns() {
    // After a full-width space, a TOML error is still reported at the right character column.
    let e = errors_for("baseline = 10", "baseline\u{3000}= 10 x");
    // 「baseline　= 」 is 11 characters: the value starts at column 12 of line 14.
    assert_one(&e, "14:12", "E012", "TOML");
}

#[test]
fn a_huge_file_is_refused_quickly() {
    let site = Site::fixture("basic");
    let huge = format!("{GOOD_ITEM}{}", "あ".repeat(10 * 1024 * 1024 / 3));
    site.write("items/1-1-9.md", &huge);
    let start = std::time::Instant::now();
    let e = site.errors();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("1-1-9.md:1:1: エラー[E006]"), "{e:?}");
    // Bounded: the file is refused from its size, not parsed (a generous bound, not a benchmark).
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn negative_counts_are_refused() {
    let e = errors_for("baseline = 10", "baseline = -10");
    assert_one(&e, "14:12", "E133", "負の数");
}

#[test]
fn broken_links_in_the_body_are_errors() {
    let site = Site::fixture("basic");
    let body = "[関連する項目](2-1-1.html) [トップ](/index.html) [ない項目](9-9-9.html)\n\n![図](/assets/nai.png)\n\n[外部](https://example.jp/nai)";
    site.write("items/1-1-9.md", &GOOD_ITEM.replace("本文", body));
    let e = site.errors();
    assert_eq!(e.len(), 2, "{e:#?}");
    // The body starts on line 19; 「[ない項目]」 follows 40 characters of links.
    assert!(
        e[0].contains("1-1-9.md:19:41: エラー[E135]") && e[0].contains("9-9-9.html"),
        "{e:?}"
    );
    assert!(
        e[1].contains("1-1-9.md:21:1: エラー[E135]") && e[1].contains("assets/nai.png"),
        "{e:?}"
    );
    assert!(!site.output().exists());

    // With the image in assets/, only the missing page remains.
    std::fs::create_dir_all(site.dir.path().join("assets")).unwrap();
    std::fs::write(site.dir.path().join("assets/nai.png"), b"\x89PNG").unwrap();
    assert_eq!(site.errors().len(), 1);
}
