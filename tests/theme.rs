//! A site template extends the default template of the same name (`default/item.html`) and
//! overrides one block; the rest of the page is the default's, byte for byte. Errors in such a
//! template are located at the site's own file.

mod common;

use common::*;
use shinchoku::pipeline::{build, BuildOptions};
use std::path::Path;

/// The sample's content in a site folder, with `templates/` copied from tests/fixtures/<name>.
fn site(templates_from: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &repo().join("tests/fixtures/sample/content"),
        &dir.path().join("content"),
    );
    if let Some(name) = templates_from {
        copy_dir(
            &repo().join("tests/fixtures").join(name).join("templates"),
            &dir.path().join("templates"),
        );
    }
    dir
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions::for_site(root, Some(repo().join("themes/default")))
}

fn item_page(root: &Path) -> String {
    build(&options(root)).unwrap_or_else(|e| panic!("{e:#?}"));
    std::fs::read_to_string(root.join("public/items/1-1-1.html")).unwrap()
}

#[test]
fn a_site_template_overrides_one_block_of_the_default() {
    let default = item_page(site(None).path());
    let overridden = item_page(site(Some("theme-override")).path());
    assert!(default.contains("<dt>担当課</dt>"));
    assert!(overridden.contains("<dt>担当課等</dt>"));
    assert!(!overridden.contains("<dt>担当課</dt>"));
    // Everything else is the default template's output, byte for byte.
    assert_eq!(
        overridden.replace("<dt>担当課等</dt>", "<dt>担当課</dt>"),
        default
    );
    let doc = scraper::Html::parse_document(&overridden);
    assert!(doc.select(&sel("table.schedule")).next().is_some());
    assert!(doc.select(&sel("header.site-header")).next().is_some());
}

/// Builds the sample with `templates/item.html` = `text` and returns the one error.
fn template_error(text: &str) -> shinchoku::diag::Diagnostic {
    let dir = site(None);
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/item.html"), text).unwrap();
    let mut errors = build(&options(dir.path())).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = errors.remove(0);
    assert_eq!(e.code, "E302");
    assert_eq!(
        Path::new(&e.file),
        dir.path().join("templates/item.html"),
        "{e:#?}"
    );
    e
}

#[test]
fn errors_in_a_site_template_are_located_at_its_file() {
    // Extending its own name: the file itself, with a hint naming default/item.html.
    let e = template_error("\n  {% extends \"item.html\" %}{% block facts %}{% endblock facts %}");
    assert_eq!((e.line, e.col), (2, 3));
    assert!(
        e.help.as_deref().unwrap().contains("default/item.html"),
        "{e:#?}"
    );
    // A block the default template does not have, and an unknown filter: the line in the file.
    let e =
        template_error("{% extends \"default/item.html\" %}\n{% block fact %}x{% endblock fact %}");
    assert_eq!((e.line, e.message.contains("`fact`")), (2, true), "{e:#?}");
    let e = template_error(
        "{% extends \"default/item.html\" %}\n{% block facts %}\n{{ page.id | nosuch }}{% endblock facts %}",
    );
    assert_eq!(e.line, 3, "{e:#?}");
}

#[test]
fn templates_default_is_reserved() {
    let dir = site(None);
    std::fs::create_dir_all(dir.path().join("templates/default")).unwrap();
    std::fs::write(dir.path().join("templates/default/item.html"), "x").unwrap();
    let errors = build(&options(dir.path())).unwrap_err();
    assert_eq!(errors[0].code, "E303", "{errors:#?}");
}
