//! 検索エンジン・フィード向けのファイル: sitemap.xml、feed.xml（Atom、報告ごと）、robots.txt。
//! Discoverability files. Sitemaps and feeds need absolute URLs, so they are written only when
//! site.toml sets `base_url`; otherwise the build says so in a note. robots.txt only matters at
//! the host's root, so it is written only when base_url is a host's root.

use crate::model::Plan;
use crate::output::OutputFile;

/// Returns the files to add and any notes for the user.
/// `site` is every path the site has so far.
pub fn files(plan: &Plan, site: &[String]) -> (Vec<OutputFile>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    match &plan.base_url {
        Some(base) => {
            out.push(sitemap(base, site));
            out.push(feed(plan, base));
            match robots(base) {
                Some(robots) => out.push(robots),
                None => notes.push(format!(
                    "サイトがホストの直下にないため robots.txt は作成しませんでした（クローラーはホストの直下の robots.txt だけを読みます）。サイトマップを知らせるには、ホストの robots.txt に「Sitemap: {base}sitemap.xml」を足してください / robots.txt skipped: the site is not at the host root"
                )),
            }
        }
        None => notes.push(
            "site.toml に [site] base_url がないため、sitemap.xml・feed.xml・robots.txt は作成せず、catalog.jsonld の URL は相対のままです（ポータル（CKAN など）に収集してもらうには base_url が必要です） / sitemap.xml, feed.xml and robots.txt skipped and catalog.jsonld's URLs relative: no base_url".to_string(),
        ),
    }
    (out, notes)
}

/// robots.txt pointing at the sitemap, only when the site is at its host's root: crawlers read
/// robots.txt there and nowhere else.
fn robots(base: &str) -> Option<OutputFile> {
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    (path == "/").then(|| OutputFile {
        path: "robots.txt".into(),
        contents: format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n").into_bytes(),
    })
}

fn sitemap(base: &str, site: &[String]) -> OutputFile {
    let mut paths: Vec<&str> = site
        .iter()
        .map(String::as_str)
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .collect();
    paths.sort_unstable();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for p in paths {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            crate::text::escape::xml(&format!("{base}{p}"))
        ));
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        contents: xml.into_bytes(),
    }
}

/// An Atom feed with one entry per progress-report edition, newest first.
fn feed(plan: &Plan, base: &str) -> OutputFile {
    let stamp = |date: &str| format!("{date}T00:00:00+09:00");
    let updated = plan
        .editions
        .last()
        .map(|r| stamp(&r.as_of.to_string()))
        .or_else(|| {
            plan.revisions
                .last()
                // A year without its month counts from its first day.
                .map(|r| stamp(&format!("{:04}-{:02}-01", r.year, r.month.unwrap_or(1))))
        })
        .unwrap_or_else(|| stamp(&format!("{:04}-04-01", plan.first_year.0)));
    let title =
        crate::text::escape::xml(&(plan.words).fill("feed.title", &[("site", &plan.site_name())]));
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{title}</title>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link href=\"{}\"/>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n",
        plan.language.code(),
        crate::text::escape::xml(&format!("{base}feed.xml")),
        crate::text::escape::xml(&format!("{base}feed.xml")),
        crate::text::escape::xml(base),
        crate::text::escape::xml(&plan.city.name),
    );
    for r in plan.editions.iter().rev() {
        let url = crate::text::escape::xml(&format!("{base}reports/{}/index.html", r.year.0));
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{url}</id>\n    <link href=\"{url}\"/>\n    <updated>{}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            crate::text::escape::xml(&r.title),
            stamp(&r.as_of.to_string()),
            crate::text::escape::xml(&plan.words.fill(
                "feed.summary",
                &[("edition", &r.title), ("date", &r.as_of.to_string())]
            )),
        ));
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: "feed.xml".into(),
        contents: xml.into_bytes(),
    }
}
