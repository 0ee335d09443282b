//! DCAT catalog (catalog.jsonld) for portal harvesting, conformant to DCAT-AP 3.0.1 (checked
//! with its SHACL shapes in tests/opendata.rs) and read by CKAN's ckanext-dcat (docs/opendata.md).

use super::Distribution;
use crate::diag::Diagnostic;
use crate::model::{Edition, Plan};
use crate::output::{Sink, SinkWriter};
use serde::Serialize;

/// One dataset of the catalog: the latest site's data files (`edition` is `None`) or an
/// edition's.
pub struct CatalogSet<'a> {
    pub edition: Option<&'a Edition>,
    pub files: &'a [Distribution],
}

/// The title of a page set's data: the latest, or one edition's (the catalog's dataset and the
/// data package share it).
pub fn dataset_title(plan: &Plan, edition: Option<&Edition>) -> String {
    match edition {
        None => plan
            .words
            .fill("catalog.latest_title", &[("title", &plan.title)]),
        Some(e) => format!("{} {}", plan.title, e.title),
    }
}

const IANA: &str = "http://www.iana.org/assignments/media-types/";
const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
const JAPANESE: &str = "http://publications.europa.eu/resource/authority/language/JPN";
/// The shared description of the licence's terms, referenced by every distribution.
const RIGHTS: &str = "_:rights";

/// catalog.jsonld: one dcat:Dataset per page set (latest and each report edition), listing every
/// distribution with media type, byte size, modified date and licence. Its IRIs are absolute
/// when site.toml sets base_url, else relative to the catalog (a harvester needs base_url).
/// Written into `sink` as it is made (it lists every item's files).
pub fn catalog(plan: &Plan, sets: &[CatalogSet], sink: &dyn Sink) -> Result<(), Diagnostic> {
    let terms = Terms::new(plan);
    let datasets = sets.iter().map(|set| terms.dataset(set)).collect();
    let doc = Catalog {
        context: CONTEXT,
        id: terms.url("catalog.jsonld"),
        kind: "dcat:Catalog",
        title: (plan.words).fill("catalog.title", &[("site", &plan.site_name())]),
        description: plan.words.fill(
            "catalog.about",
            &[("city", &plan.city.name), ("title", &plan.title)],
        ),
        publisher: terms.publisher(),
        license: terms.license(),
        rights: Rights {
            id: RIGHTS,
            kind: "dct:RightsStatement",
            label: plan.words.fill(
                "catalog.rights",
                &[("name", &plan.license.name), ("url", &plan.license.url)],
            ),
        },
        language: language(),
        homepage: Document::new(terms.url("index.html")),
        modified: terms.plan_modified.clone(),
        datasets,
    };
    let json = |out: &mut SinkWriter| {
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        std::io::Write::write_all(out, b"\n")
    };
    SinkWriter::write(sink, "catalog.jsonld", json).map(|_| ())
}

/// What every part of the catalog shares: the plan, its base URL and last modification.
struct Terms<'a> {
    plan: &'a Plan,
    /// The latest edition's 基準日, else the plan's last revision (year and month, or year).
    plan_modified: Option<Typed>,
}

impl<'a> Terms<'a> {
    fn new(plan: &'a Plan) -> Self {
        let plan_modified = match (plan.editions.last(), plan.revisions.last()) {
            (Some(e), _) => Some(Typed::date(e)),
            (None, Some(r)) => Some(Typed {
                value: r.iso(),
                // A revision whose month the plan leaves blank is dated by its year.
                kind: if r.month.is_some() {
                    "xsd:gYearMonth"
                } else {
                    "xsd:gYear"
                },
            }),
            (None, None) => None,
        };
        Terms {
            plan,
            plan_modified,
        }
    }

    /// A path of the site as an IRI: absolute with base_url, else relative to the catalog.
    fn url(&self, path: &str) -> String {
        match &self.plan.base_url {
            Some(base) => format!("{base}{path}"),
            None => path.to_string(),
        }
    }

    /// The city, identified by its 全国地方公共団体コード; one node wherever it appears.
    fn publisher(&self) -> Publisher<'a> {
        Publisher {
            id: "_:publisher",
            kind: ["foaf:Agent", "foaf:Organization"],
            name: &self.plan.city.name,
            identifier: &self.plan.city.code,
        }
    }

    fn license(&self) -> License<'a> {
        License {
            id: &self.plan.license.url,
            kind: "dct:LicenseDocument",
            title: &self.plan.license.name,
        }
    }

    fn dataset(&self, set: &CatalogSet<'a>) -> Dataset<'a> {
        let plan = self.plan;
        let code = &plan.city.code;
        let (identifier, title, landing, description) = match set.edition {
            None => (
                format!("{code}_shinchoku"),
                dataset_title(plan, None),
                "data/index.html".to_string(),
                latest_description(plan),
            ),
            Some(e) => (
                format!("{code}_shinchoku_{}", e.year.0),
                dataset_title(plan, Some(e)),
                format!("reports/{}/index.html", e.year.0),
                plan.words.fill(
                    "catalog.edition_about",
                    &[("edition", &e.title), ("date", &e.as_of.shown(plan.years))],
                ),
            ),
        };
        let modified = set.edition.map(Typed::date).or(self.plan_modified.clone());
        Dataset {
            id: self.url(&format!("catalog.jsonld#{identifier}")),
            kind: "dcat:Dataset",
            // CKAN names a harvested dataset after the ASCII letters of its title: the
            // identifier in the title gives it a readable, stable name.
            title: (plan.words).fill(
                "catalog.dataset_title",
                &[("title", &title), ("identifier", &identifier)],
            ),
            identifier,
            description,
            publisher: self.publisher(),
            license: self.license(),
            language: language(),
            landing_page: Document::new(self.url(&landing)),
            keywords: [
                plan.words.get("catalog.keyword_reform"),
                plan.words.get("catalog.keyword_progress"),
                &plan.city.name,
            ],
            distributions: set
                .files
                .iter()
                .map(|d| self.distribution(d, modified.clone()))
                .collect(),
            modified,
        }
    }

    fn distribution(
        &self,
        d: &'a Distribution,
        modified: Option<Typed>,
    ) -> CatalogDistribution<'a> {
        let url = self.url(&d.path);
        CatalogDistribution {
            kind: "dcat:Distribution",
            title: &d.title,
            access_url: url.clone(),
            download_url: url,
            media_type: MediaType {
                id: format!("{IANA}{}", d.media_type),
                kind: "dct:MediaType",
                label: d.media_type,
            },
            format: FileType {
                id: format!("{FILE_TYPE}{}", d.format),
                kind: "dct:MediaTypeOrExtent",
            },
            byte_size: d.bytes,
            modified,
            license: &self.plan.license.url,
            rights: RIGHTS,
        }
    }
}

fn latest_description(plan: &Plan) -> String {
    match plan.editions.last() {
        Some(e) => plan.words.fill(
            "catalog.latest_about",
            &[
                ("title", &plan.title),
                ("edition", &e.title),
                ("date", &e.as_of.shown(plan.years)),
            ],
        ),
        None => (plan.words).fill("catalog.plan_about", &[("title", &plan.title)]),
    }
}

fn language() -> Node {
    Node {
        id: JAPANESE,
        kind: "dct:LinguisticSystem",
    }
}

// The DCAT catalog's JSON-LD shape. Typed rather than built as a `serde_json::Value` tree: a
// large plan has hundreds of thousands of distributions.

/// Prefixes, languages and datatypes. The distributions' licence and rights are plain IRIs
/// (typed `@id` here): their descriptions are given once, on the catalog.
#[derive(Serialize)]
struct Context {
    dcat: &'static str,
    dct: &'static str,
    foaf: &'static str,
    rdfs: &'static str,
    xsd: &'static str,
    #[serde(rename = "dct:title")]
    title: Language,
    #[serde(rename = "dct:description")]
    description: Language,
    #[serde(rename = "dcat:keyword")]
    keyword: Language,
    #[serde(rename = "foaf:name")]
    name: Language,
    #[serde(rename = "dcat:byteSize")]
    byte_size: TypedTerm,
    #[serde(rename = "dcat:accessURL")]
    access_url: TypedTerm,
    #[serde(rename = "dcat:downloadURL")]
    download_url: TypedTerm,
    #[serde(rename = "dct:license")]
    license: TypedTerm,
    #[serde(rename = "dct:rights")]
    rights: TypedTerm,
}

const ID: TypedTerm = TypedTerm { kind: "@id" };
const JA: Language = Language { language: "ja" };
const CONTEXT: Context = Context {
    dcat: "http://www.w3.org/ns/dcat#",
    dct: "http://purl.org/dc/terms/",
    foaf: "http://xmlns.com/foaf/0.1/",
    rdfs: "http://www.w3.org/2000/01/rdf-schema#",
    xsd: "http://www.w3.org/2001/XMLSchema#",
    title: JA,
    description: JA,
    keyword: JA,
    name: JA,
    byte_size: TypedTerm {
        kind: "xsd:nonNegativeInteger",
    },
    access_url: ID,
    download_url: ID,
    license: ID,
    rights: ID,
};

#[derive(Serialize)]
struct TypedTerm {
    #[serde(rename = "@type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Language {
    #[serde(rename = "@language")]
    language: &'static str,
}

/// A typed literal (`xsd:date`, `xsd:gYearMonth`).
#[derive(Serialize, Clone)]
struct Typed {
    #[serde(rename = "@value")]
    value: String,
    #[serde(rename = "@type")]
    kind: &'static str,
}

impl Typed {
    fn date(e: &Edition) -> Typed {
        Typed {
            value: e.as_of.to_string(),
            kind: "xsd:date",
        }
    }
}

#[derive(Serialize)]
struct Catalog<'a> {
    #[serde(rename = "@context")]
    context: Context,
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dct:title")]
    title: String,
    #[serde(rename = "dct:description")]
    description: String,
    #[serde(rename = "dct:publisher")]
    publisher: Publisher<'a>,
    #[serde(rename = "dct:license")]
    license: License<'a>,
    #[serde(rename = "dct:rights")]
    rights: Rights,
    #[serde(rename = "dct:language")]
    language: Node,
    #[serde(rename = "foaf:homepage")]
    homepage: Document,
    #[serde(rename = "dct:modified", skip_serializing_if = "Option::is_none")]
    modified: Option<Typed>,
    #[serde(rename = "dcat:dataset")]
    datasets: Vec<Dataset<'a>>,
}

#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "@id")]
    id: &'static str,
    #[serde(rename = "@type")]
    kind: [&'static str; 2],
    #[serde(rename = "foaf:name")]
    name: &'a str,
    #[serde(rename = "dct:identifier")]
    identifier: &'a str,
}

#[derive(Serialize)]
struct License<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dct:title")]
    title: &'a str,
}

#[derive(Serialize)]
struct Rights {
    #[serde(rename = "@id")]
    id: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "rdfs:label")]
    label: String,
}

/// A node known by its IRI and class (a controlled-vocabulary term).
#[derive(Serialize)]
struct Node {
    #[serde(rename = "@id")]
    id: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
}

/// A page of the site (foaf:Document).
#[derive(Serialize)]
struct Document {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
}

impl Document {
    fn new(id: String) -> Self {
        Document {
            id,
            kind: "foaf:Document",
        }
    }
}

#[derive(Serialize)]
struct Dataset<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dct:identifier")]
    identifier: String,
    #[serde(rename = "dct:title")]
    title: String,
    #[serde(rename = "dct:description")]
    description: String,
    #[serde(rename = "dct:publisher")]
    publisher: Publisher<'a>,
    #[serde(rename = "dct:license")]
    license: License<'a>,
    #[serde(rename = "dct:language")]
    language: Node,
    #[serde(rename = "dcat:landingPage")]
    landing_page: Document,
    #[serde(rename = "dct:modified", skip_serializing_if = "Option::is_none")]
    modified: Option<Typed>,
    #[serde(rename = "dcat:keyword")]
    keywords: [&'a str; 3],
    #[serde(rename = "dcat:distribution")]
    distributions: Vec<CatalogDistribution<'a>>,
}

/// An IANA media type; its `rdfs:label` is the bare type, which CKAN shows and knows.
#[derive(Serialize)]
struct MediaType {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "rdfs:label")]
    label: &'static str,
}

/// An EU file type (publications.europa.eu authority list).
#[derive(Serialize)]
struct FileType {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct CatalogDistribution<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dct:title")]
    title: &'a str,
    /// The file itself: DCAT-AP requires an access URL, and a downloadable file is its own.
    #[serde(rename = "dcat:accessURL")]
    access_url: String,
    #[serde(rename = "dcat:downloadURL")]
    download_url: String,
    #[serde(rename = "dcat:mediaType")]
    media_type: MediaType,
    #[serde(rename = "dct:format")]
    format: FileType,
    #[serde(rename = "dcat:byteSize")]
    byte_size: u64,
    #[serde(rename = "dct:modified", skip_serializing_if = "Option::is_none")]
    modified: Option<Typed>,
    #[serde(rename = "dct:license")]
    license: &'a str,
    #[serde(rename = "dct:rights")]
    rights: &'static str,
}
