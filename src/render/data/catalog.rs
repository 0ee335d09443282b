//! DCAT catalog (catalog.jsonld) for portal harvesting.

use super::json::to_json;
use super::Distribution;
use crate::model::Plan;
use crate::output::OutputFile;
use serde::Serialize;

/// catalog.jsonld: one dcat:Dataset per page set (latest and each report edition), listing every
/// distribution with media type, byte size, modified date and licence, for CKAN harvesting.
pub fn catalog(plan: &Plan, sets: &[(String, Option<String>, &[Distribution])]) -> OutputFile {
    let url = |path: &str| match &plan.base_url {
        Some(base) => format!("{base}{path}"),
        None => path.to_string(),
    };
    let modified = plan
        .editions
        .last()
        .map(|r| r.as_of.to_string())
        .or_else(|| plan.revisions.last().map(|r| r.iso()));
    let license = plan.license.url.as_str();
    let publisher = |identifier| Publisher {
        kind: "foaf:Organization",
        name: &plan.city.name,
        identifier,
    };
    let doc = Catalog {
        context: CatalogContext {
            dcat: "http://www.w3.org/ns/dcat#",
            dct: "http://purl.org/dc/terms/",
            foaf: "http://xmlns.com/foaf/0.1/",
            byte_size: TypedTerm {
                kind: "http://www.w3.org/2001/XMLSchema#decimal",
            },
            download_url: TypedTerm { kind: "@id" },
            license: TypedTerm { kind: "@id" },
        },
        kind: "dcat:Catalog",
        title: format!("{} オープンデータ", plan.site_name()),
        publisher: publisher(None),
        license,
        datasets: sets
            .iter()
            .map(|(title, as_of, dists)| {
                let modified = as_of.clone().or(modified.clone());
                Dataset {
                    kind: "dcat:Dataset",
                    title,
                    publisher: publisher(Some(&plan.city.code)),
                    license,
                    keywords: ["行政改革", "進捗状況", &plan.city.name],
                    distributions: dists
                        .iter()
                        .map(|d| CatalogDistribution {
                            kind: "dcat:Distribution",
                            title: &d.title,
                            download_url: url(&d.path),
                            media_type: d.media_type,
                            format: d.format,
                            byte_size: d.bytes,
                            modified: modified.clone(),
                            license,
                        })
                        .collect(),
                    modified,
                }
            })
            .collect(),
    };
    OutputFile {
        path: "catalog.jsonld".into(),
        contents: to_json(&doc),
    }
}

// The DCAT catalog's JSON-LD shape. Typed rather than built as a `serde_json::Value` tree: a
// large plan has hundreds of thousands of distributions.

#[derive(Serialize)]
struct Catalog<'a> {
    #[serde(rename = "@context")]
    context: CatalogContext,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dct:title")]
    title: String,
    #[serde(rename = "dct:publisher")]
    publisher: Publisher<'a>,
    #[serde(rename = "dct:license")]
    license: &'a str,
    #[serde(rename = "dcat:dataset")]
    datasets: Vec<Dataset<'a>>,
}

#[derive(Serialize)]
struct CatalogContext {
    dcat: &'static str,
    dct: &'static str,
    foaf: &'static str,
    #[serde(rename = "dcat:byteSize")]
    byte_size: TypedTerm,
    #[serde(rename = "dcat:downloadURL")]
    download_url: TypedTerm,
    #[serde(rename = "dct:license")]
    license: TypedTerm,
}

#[derive(Serialize)]
struct TypedTerm {
    #[serde(rename = "@type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "foaf:name")]
    name: &'a str,
    #[serde(rename = "dct:identifier", skip_serializing_if = "Option::is_none")]
    identifier: Option<&'a str>,
}

#[derive(Serialize)]
struct Dataset<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dct:title")]
    title: &'a str,
    #[serde(rename = "dct:publisher")]
    publisher: Publisher<'a>,
    #[serde(rename = "dct:license")]
    license: &'a str,
    #[serde(rename = "dct:modified")]
    modified: Option<String>,
    #[serde(rename = "dcat:keyword")]
    keywords: [&'a str; 3],
    #[serde(rename = "dcat:distribution")]
    distributions: Vec<CatalogDistribution<'a>>,
}

#[derive(Serialize)]
struct CatalogDistribution<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dct:title")]
    title: &'a str,
    #[serde(rename = "dcat:downloadURL")]
    download_url: String,
    #[serde(rename = "dcat:mediaType")]
    media_type: &'static str,
    #[serde(rename = "dct:format")]
    format: &'static str,
    #[serde(rename = "dcat:byteSize")]
    byte_size: u64,
    #[serde(rename = "dct:modified")]
    modified: Option<String>,
    #[serde(rename = "dct:license")]
    license: &'a str,
}
