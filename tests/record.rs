//! A published edition is a public record: `publish` freezes its values, and the build refuses
//! a change to them unless a correction (訂正) in the record explains it.

mod common;

use common::*;

fn published_sample() -> Site {
    let site = Site::fixture("sample");
    let date = shinchoku::text::date::Date::parse("2022-06-15").unwrap();
    let year = shinchoku::text::fiscal_year::FiscalYear(2021);
    let p = shinchoku::publish::publish(&site.content(), year, date)
        .unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(p.values > 10, "{} values", p.values);
    site
}

fn edit_actual(site: &Site, from: &str, to: &str) {
    let text = site.read("items/1-1-1.md");
    assert!(text.contains(from));
    site.write("items/1-1-1.md", &text.replacen(from, to, 1));
}

#[test]
fn the_record_holds_what_the_edition_shows() {
    let site = published_sample();
    let record = site.read("editions/2021.toml");
    let parsed: toml::Table = toml::from_str(&record).unwrap();
    let values = parsed["values"].as_table().unwrap();
    let loaded = shinchoku::content::load::load(&site.content());
    let plan = loaded.plan.unwrap();
    let item = plan.items.iter().find(|i| i.id == "1-1-1").unwrap();
    let ind = &item.indicators[0];
    let y = shinchoku::text::fiscal_year::FiscalYear(2021);
    let key = format!("1-1-1/2021/実績値/{}", ind.name);
    let actual = ind.actual[&y].as_number().unwrap();
    assert_eq!(
        values[&key].as_str().unwrap().parse::<f64>().unwrap(),
        actual
    );
    // Nothing after the edition's year is in it.
    assert!(values.keys().all(|k| !k.contains("/2022/")), "{values:?}");
    assert!(site.build().is_ok());
}

#[test]
fn a_silent_change_fails_the_build_and_changes_nothing() {
    let site = published_sample();
    site.build().unwrap();
    let before = read_tree(&site.output());
    edit_actual(&site, "2021 = 485500", "2021 = 486000");
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("E161") && errors[0].contains("485500") && errors[0].contains("486000"),
        "{errors:?}"
    );
    assert_eq!(read_tree(&site.output()), before);
}

#[test]
fn a_recorded_correction_lets_the_build_through() {
    let site = published_sample();
    edit_actual(&site, "2021 = 485500", "2021 = 486000");
    let loaded = shinchoku::content::load::load(&site.content());
    let name = &loaded.plan.unwrap().items[0].indicators[0].name.clone();
    let mut record = site.read("editions/2021.toml");
    record.push_str(&format!(
        "\n[[corrections]]\ndate = \"2022-07-01\"\nkey = \"1-1-1/2021/実績値/{name}\"\nold = \"485500\"\nnew = \"486000\"\nreason = \"集計の誤り\"\n"
    ));
    site.write("editions/2021.toml", &record);
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
    // A second, unexplained change is still refused.
    edit_actual(&site, "2021 = 486000", "2021 = 487000");
    assert!(site.errors()[0].contains("E161"));
}

#[test]
fn later_years_stay_open() {
    let site = published_sample();
    // The 2022 edition is not published: its values may change.
    let text = site.read("items/2-2-1.md");
    site.write(
        "items/2-2-1.md",
        &text.replace(
            "[indicators.actual]\n",
            "[indicators.actual]\n2022 = 96.3\n",
        ),
    );
    site.build().unwrap_or_else(|e| panic!("{e:#?}"));
}
