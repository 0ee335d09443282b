//! 検証済みのモデル: 計画 → 区分の階層（既定は大項目 → 中項目、1〜4 段） → 取組項目 → 指標。
//! The validated model. Everything downstream (pages, charts, data files) reads only this.

use crate::text::fiscal_year::FiscalYear;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Plan {
    pub city: City,
    pub title: String,
    pub description: Option<String>,
    pub first_year: FiscalYear,
    pub last_year: FiscalYear,
    pub revisions: Vec<Revision>,
    pub base_url: Option<String>,
    pub license: License,
    pub statuses: Vec<Status>,
    pub grades: Vec<Grade>,
    pub departments: Vec<Department>,
    /// The names of the plan's section levels, top first (site.toml `[plan] levels`; 大項目 and
    /// 中項目 by default). Between 1 and [`MAX_LEVELS`].
    pub levels: Vec<String>,
    /// The top level of the section tree (大項目), each with its sub-sections.
    pub categories: Vec<Category>,
    /// What the plan calls its tags (site.toml `[plan] tag_group`, e.g. 「区分」).
    pub tag_group: String,
    /// Tags items may carry (site.toml `[[tags]]`), in site.toml's order.
    pub tags: Vec<Tag>,
    /// Yearly progress-report editions, oldest first.
    pub editions: Vec<Edition>,
    /// A banner shown on every page (e.g. 「サンプルデータです」).
    pub notice: Option<String>,
    /// Logo and extra header/footer links from site.toml's [site].
    pub branding: Branding,
    /// site.toml `[site] show_unreported_by_department`: the home page and each department page
    /// show how many items of each department have not reported for the year.
    pub show_unreported_by_department: bool,
    /// How negative numbers are shown (`[site] negative`).
    pub negative: crate::text::number::Negative,
    /// The site's language (`[site] language`).
    pub language: crate::words::Language,
    /// How years and dates are written (`[site] language` and `fy2019_era`).
    pub years: crate::text::fiscal_year::YearFormat,
    /// Every fixed word the site shows: the language's catalogue with site.toml's `[words]`.
    pub words: std::sync::Arc<crate::words::Words>,
    /// In plan order: category, then section, then number.
    pub items: Vec<std::sync::Arc<ActionItem>>,
}

impl Plan {
    /// A status as the site shows it: its code, or for 不明 (an input token, `status = "?"`) the
    /// catalogue's word, unless the plan lists 不明 among its own statuses.
    pub fn status_label<'a>(&'a self, code: &'a str) -> &'a str {
        if code == UNKNOWN_STATUS && !self.statuses.iter().any(|s| s.code == code) {
            self.words.get("site.unknown_status")
        } else {
            code
        }
    }

    /// The site's name: the city and the plan's title, or the title alone when it already names
    /// the city (「第3次 安中市行政改革大綱 実施計画」, not 「安中市 第3次 安中市…」).
    pub fn site_name(&self) -> String {
        if self.title.contains(&self.city.name) {
            self.title.clone()
        } else {
            format!("{} {}", self.city.name, self.title)
        }
    }

    pub fn fiscal_years(&self) -> impl Iterator<Item = FiscalYear> + Clone {
        (self.first_year.0..=self.last_year.0).map(FiscalYear)
    }

    /// The latest fiscal year with a report edition: actual results may exist up to this year.
    pub fn latest_edition_year(&self) -> Option<FiscalYear> {
        self.editions.last().map(|r| r.year)
    }

    /// The plan as it stood in the report edition for `year`: results and actual values of
    /// later fiscal years are removed and only editions up to `year` remain.
    pub fn as_of_edition(&self, year: FiscalYear) -> Plan {
        let mut plan = self.clone();
        plan.editions.retain(|r| r.year <= year);
        // Items with nothing after `year` are shared with this plan, not copied.
        let later = |item: &ActionItem| {
            let result = item
                .years
                .iter()
                .any(|y| y.year > year && y.result.is_some());
            result || (item.indicators.iter()).any(|ind| ind.actual.keys().any(|fy| *fy > year))
        };
        for item in plan.items.iter_mut().filter(|i| later(i)) {
            let item = std::sync::Arc::make_mut(item);
            for y in &mut item.years {
                if y.year > year {
                    y.result = None;
                }
            }
            for ind in &mut item.indicators {
                ind.actual.retain(|fy, _| *fy <= year);
            }
        }
        plan
    }

    pub fn department(&self, name: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.name == name)
    }

    /// The sections an item sits in, top level first (its category, then each sub-section).
    pub fn sections_of(&self, item: &ActionItem) -> Vec<&Section> {
        self.sections_along(&item.place)
    }

    /// The sections along a path of indexes from the top level down.
    pub fn sections_along(&self, place: &[usize]) -> Vec<&Section> {
        let mut out: Vec<&Section> = Vec::with_capacity(place.len());
        for &i in place {
            let next = match out.last() {
                None => &self.categories[i],
                Some(parent) => &parent.sections[i],
            };
            out.push(next);
        }
        out
    }

    /// The name of section level `depth` (0 = the top level), e.g. 「中項目」.
    pub fn level_name(&self, depth: usize) -> &str {
        self.levels.get(depth).map(String::as_str).unwrap_or("")
    }

    pub fn tag(&self, id: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.id == id)
    }
}

/// The most section levels a plan can have (重点取組事項 → (1) → 項目 → … in the deepest plans).
pub const MAX_LEVELS: usize = 4;

#[derive(Clone, Debug, Default, Serialize)]
pub struct Branding {
    /// Site-relative path of the logo image, e.g. "assets/emblem.png".
    pub logo: Option<String>,
    pub logo_alt: Option<String>,
    /// The favicon's path inside the site; `None` for the theme's favicon.svg.
    pub favicon: Option<String>,
    pub header_links: Vec<SiteLink>,
    pub footer_links: Vec<SiteLink>,
    /// The images site.toml names (logo, favicon), where it names them: the build checks each
    /// exists in assets/.
    #[serde(skip)]
    pub assets: Vec<AssetRef>,
}

/// An image named in site.toml, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct AssetRef {
    /// The key naming it: `logo`, `favicon`.
    pub key: &'static str,
    /// Site-relative path, `assets/…`.
    pub path: String,
    pub at: crate::diag::Position,
}

#[derive(Clone, Debug, Serialize)]
pub struct SiteLink {
    pub title: String,
    /// Absolute URL, or a site-relative path.
    pub url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct City {
    pub name: String,
    /// 全国地方公共団体コード (6 digits with check digit).
    pub code: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Revision {
    pub edition: String,
    pub year: i32,
    /// None when the plan does not print the month (`date = "2017"`).
    pub month: Option<u32>,
}

impl Revision {
    /// 「令和3年4月」, or 「平成29年」 when the month is not known.
    pub fn wareki(&self) -> String {
        match self.month {
            Some(m) => crate::text::fiscal_year::wareki_month(self.year, m),
            None => crate::text::fiscal_year::wareki_year(self.year),
        }
    }

    /// [`Revision::wareki`] as the site writes dates (「April 2021」 in English).
    pub fn shown(&self, years: crate::text::fiscal_year::YearFormat) -> String {
        match self.month {
            Some(m) => years.month(self.year, m),
            None => years.year(self.year),
        }
    }

    /// 「2021-04」, or 「2017」 when the month is not known (ISO 8601 and xsd:gYear).
    pub fn iso(&self) -> String {
        match self.month {
            Some(m) => format!("{:04}-{m:02}", self.year),
            None => format!("{:04}", self.year),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct License {
    pub name: String,
    pub url: String,
}

impl Default for License {
    fn default() -> Self {
        License {
            name: "公共データ利用規約 第1.0版 (PDL1.0)".into(),
            url: "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0".into(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Status {
    pub code: String,
    pub description: String,
}

/// A yearly progress-report edition (進捗状況報告).
#[derive(Clone, Debug, Serialize)]
pub struct Edition {
    pub year: FiscalYear,
    /// 基準日: the date the figures are as of.
    pub as_of: crate::text::date::Date,
    /// e.g. 「令和3年度 進捗状況報告」
    pub title: String,
    /// The values recorded when the edition was published (content/editions/<year>.toml), with
    /// their corrections; `None` while the edition is a draft.
    #[serde(skip)]
    pub record: Option<Record>,
}

/// A published edition's record (公開記録): every value it showed, by key
/// (「1-1-1/2021/実績値/件数」), and the corrections made since.
#[derive(Clone, Debug, Default)]
pub struct Record {
    pub path: PathBuf,
    pub published: crate::text::date::Date,
    /// Value text and where it is written in the record file.
    pub values: BTreeMap<String, (String, crate::diag::Position)>,
    pub corrections: Vec<Correction>,
}

/// One correction (訂正) of a published value. `old`/`new` are `None` when the value did not
/// exist before / was removed.
#[derive(Clone, Debug, PartialEq)]
pub struct Correction {
    pub date: crate::text::date::Date,
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub reason: String,
    pub position: crate::diag::Position,
}

#[derive(Clone, Debug, Serialize)]
pub struct Grade {
    pub code: String,
    pub label: String,
    pub description: String,
    /// An item with this grade is behind the plan (site.toml `behind`, or the lower half of
    /// the scale).
    pub behind: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Department {
    /// ASCII slug used in file names.
    pub id: String,
    pub name: String,
    /// A collective entry (関係各課, 全課): not an organisation, so no page, no survey file, and
    /// not counted as a 課.
    pub collective: bool,
}

/// A tag items may carry (site.toml `[[tags]]`, e.g. 区分 ①).
#[derive(Clone, Debug, Serialize)]
pub struct Tag {
    pub id: String,
    /// As shown, e.g. 「①」.
    pub label: String,
    pub description: String,
}

/// A top-level section (大項目).
pub type Category = Section;

/// A node of the plan's section tree at some level (大項目, 中項目, …). Items sit in nodes
/// without sub-sections.
#[derive(Clone, Debug)]
pub struct Section {
    pub id: String,
    /// As shown before the title: the id at the top level, 「(id)」 at the second, else the id
    /// (or site.toml's `label`).
    pub label: String,
    pub title: String,
    /// Optional Markdown shown under the section's heading.
    pub description: Option<String>,
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug)]
pub struct ActionItem {
    /// e.g. "4-1-4": the section ids from the top level down, then the number.
    pub id: String,
    /// The section indexes from the top level down: the category's index in `Plan::categories`,
    /// then the index in each parent's `sections` (see `Plan::sections_of`).
    pub place: Vec<usize>,
    pub number: u32,
    pub title: String,
    /// The responsible departments (担当課), the lead first; at least one.
    pub departments: Vec<String>,
    pub related_departments: Vec<String>,
    /// Tag ids (site.toml `[[tags]]`), as written.
    pub tags: Vec<String>,
    pub common_goal: Option<String>,
    /// One entry per fiscal year of the plan period, in order (possibly empty).
    pub years: Vec<YearPlan>,
    pub indicators: Vec<Indicator>,
    /// Planned 効果額 (千円) per fiscal year (`[effect_plan]`), and for the whole plan
    /// (`effect_plan_total`; when absent, the sum of the years is the plan's total).
    pub effect_plan: BTreeMap<FiscalYear, f64>,
    pub effect_plan_total: Option<f64>,
    pub body: String,
    /// Where the body starts in the source file, to locate problems found while rendering it.
    pub body_position: crate::diag::Position,
    pub source: PathBuf,
    /// Where `id` is written in the source, for diagnostics about the item as a whole.
    pub id_position: crate::diag::Position,
    /// Which parse this item came from, when `serve` keeps parses between builds: equal
    /// non-zero origins mean the same site.toml text, file path and file text, hence the same
    /// item and plan settings. 0 when unknown (every one-shot build).
    pub origin: u64,
}

impl ActionItem {
    /// The index of the item's category (its top-level section).
    pub fn category(&self) -> usize {
        self.place[0]
    }

    /// The lead department (the first listed).
    pub fn lead_department(&self) -> &str {
        &self.departments[0]
    }

    pub fn has_department(&self, name: &str) -> bool {
        self.departments.iter().any(|d| d == name)
    }

    /// A schedule-only item: marks per year and nothing else (no yearly or common goal, no
    /// indicators). Its page shows no goal or value columns, and it has no indicator CSV.
    pub fn is_schedule_only(&self) -> bool {
        self.indicators.is_empty()
            && self.common_goal.is_none()
            && self.years.iter().all(|y| y.goal.is_none())
    }

    /// Whether the item page shows a 効果額 chart: the item plans amounts per year.
    pub fn effect_charted(&self) -> bool {
        !self.effect_plan.is_empty()
    }

    /// The planned 効果額 for the whole plan: as written, or the sum of the years.
    pub fn effect_plan_sum(&self) -> Option<f64> {
        if self.effect_plan_total.is_some() || self.effect_plan.is_empty() {
            return self.effect_plan_total;
        }
        Some(self.effect_plan.values().fold(0.0, |a, b| a + b))
    }

    /// The item's result for fiscal year `year`, if reported.
    pub fn result(&self, year: FiscalYear) -> Option<&YearResult> {
        self.year(year)?.result.as_ref()
    }

    /// The item's yearly plan for `year`.
    pub fn year(&self, year: FiscalYear) -> Option<&YearPlan> {
        self.years.iter().find(|y| y.year == year)
    }
}

/// The planned status of a year the printed plan leaves illegible or blank on purpose
/// (`status = "?"` in the item file): neither planned nor unplanned.
pub const UNKNOWN_STATUS: &str = "不明";

#[derive(Clone, Debug)]
pub struct YearPlan {
    pub year: FiscalYear,
    /// Planned status (計画上の進捗状況).
    pub status: Option<String>,
    /// 年度目標 (Markdown).
    pub goal: Option<String>,
    /// What the department reported for the year, once reported.
    pub result: Option<YearResult>,
    /// Where the year's imported values came from (`[[years.sources]]`), one per import;
    /// empty for values written by hand.
    pub sources: Vec<Source>,
    /// Where the entry's `year = …` is written; `None` when the file has no [[years]] for it.
    pub position: Option<crate::diag::Position>,
}

/// The words naming a result's fields in a published record's keys (「1-1-1/2021/評価」) and in
/// a source's `cells`; an indicator's actual value is [`actual_field`].
pub const RESULT_FIELDS: [&str; 6] = [
    "進捗状況",
    "評価",
    "取組実績",
    "課題",
    "効果額",
    "審議会の意見",
];

/// 「実績値/件数」: the field word of an indicator's actual value.
pub fn actual_field(indicator: &str) -> String {
    format!("実績値/{indicator}")
}

/// Provenance (出典) of imported values: the returned survey they were read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// The department that returned the survey (its 担当課).
    pub department: String,
    /// The returned file's name, without its folder.
    pub file: String,
    /// The sheet read; `None` for a CSV.
    pub sheet: Option<String>,
    /// The day it was imported.
    pub imported: crate::text::date::Date,
    /// The cell of each imported value, by field word ([`RESULT_FIELDS`], [`actual_field`]).
    pub cells: BTreeMap<String, String>,
}

/// A department's report for one fiscal year (実績).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YearResult {
    /// The status actually reached (a code from site.toml's statuses).
    pub status: Option<String>,
    /// Evaluation grade (a code from site.toml's grades).
    pub grade: Option<String>,
    /// 取組実績 (Markdown).
    pub achievements: Option<String>,
    /// 課題・今後の方向性 (Markdown).
    pub challenges: Option<String>,
    /// 効果額 in thousands of yen (千円).
    pub effect_amount: Option<f64>,
    /// 行政改革審議会の意見.
    pub council_comment: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// 高いほど良い
    Increase,
    /// 低いほど良い
    Decrease,
    /// 方向なし（文章の目標など）
    None,
}

impl Direction {
    /// 「高いほど良い」 (in diagnostics; the site uses [`Direction::key`]).
    pub fn label(self) -> &'static str {
        match self {
            Direction::Increase => "高いほど良い",
            Direction::Decrease => "低いほど良い",
            Direction::None => "方向の定めなし",
        }
    }

    /// The catalogue key of the direction's name on the site.
    pub fn key(self) -> &'static str {
        match self {
            Direction::Increase => "item.direction_increase",
            Direction::Decrease => "item.direction_decrease",
            Direction::None => "item.direction_none",
        }
    }
}

/// How an indicator's chart shows its values (`chart` in the item file): decided from the
/// values (`auto`), or always bars from 0 (`bar`), or always lines with point markers (`line`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChartKind {
    #[default]
    Auto,
    Bar,
    Line,
}

impl ChartKind {
    /// Every value as written in the item file, in the order documented.
    pub const NAMES: [&'static str; 3] = ["auto", "bar", "line"];

    pub fn from_name(name: &str) -> Option<ChartKind> {
        match name {
            "auto" => Some(ChartKind::Auto),
            "bar" => Some(ChartKind::Bar),
            "line" => Some(ChartKind::Line),
            _ => None,
        }
    }
}

/// A value as printed in the plan: a number, or text for targets that are not numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    Text(String),
}

impl Value {
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::Text(_) => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Indicator {
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub baseline: Option<Value>,
    pub baseline_note: Option<String>,
    pub target: Option<Value>,
    pub target_note: Option<String>,
    /// A note on the yearly planned values as a whole (e.g. one merged cell for several
    /// years, or 「約60%」 written as 60).
    pub plan_note: Option<String>,
    /// Decimal places to show numbers with: the most written in the file for this indicator
    /// (「96.00%」 stays 96.00, not 96).
    pub decimals: u8,
    /// How the chart shows the values.
    pub chart: ChartKind,
    /// How negative values are shown (the plan's `[site] negative`).
    pub negative: crate::text::number::Negative,
    pub plan: BTreeMap<FiscalYear, Value>,
    pub actual: BTreeMap<FiscalYear, Value>,
    /// 参考値: values of years before the plan's period (`[indicators.reference]`, e.g. the
    /// staff numbers of the two years before it). Shown and published labelled as such; no
    /// 達成率, 前年度比 or progress counts them.
    pub reference: BTreeMap<FiscalYear, Value>,
    /// Targets of years after the plan's period (`[indicators.beyond]`), likewise labelled and
    /// left out of every computation.
    pub beyond: BTreeMap<FiscalYear, Value>,
}

/// Which side of the plan's period an indicator's out-of-period value lies on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outside {
    /// A reference value of a year before the period.
    Reference,
    /// A target of a year after the period.
    Beyond,
}

impl Outside {
    /// The code in the CSV's 区分コード and the JSON's `kind`.
    pub const fn code(self) -> &'static str {
        match self {
            Outside::Reference => "reference",
            Outside::Beyond => "beyond",
        }
    }

    /// The catalogue key of the label the site, the CSV and the chart show.
    pub const fn word(self) -> &'static str {
        match self {
            Outside::Reference => "item.outside_reference",
            Outside::Beyond => "item.outside_beyond",
        }
    }
}

impl Indicator {
    /// The values outside the plan's period, in year order: reference values, then later
    /// targets.
    pub fn outside(&self) -> impl Iterator<Item = (Outside, FiscalYear, &Value)> {
        let reference = self
            .reference
            .iter()
            .map(|(y, v)| (Outside::Reference, *y, v));
        let beyond = self.beyond.iter().map(|(y, v)| (Outside::Beyond, *y, v));
        reference.chain(beyond)
    }

    /// A value as the site shows it: a number with the indicator's decimal places, thousands
    /// separators and unit (「96.00%」, 「456,456件」); text as written.
    pub fn format(&self, v: &Value) -> String {
        match v {
            Value::Number(n) => {
                format!("{}{}", self.negative.format(*n, self.decimals), self.unit)
            }
            Value::Text(t) => t.clone(),
        }
    }

    /// An indicator is charted when every value it has is a number and it has at least one.
    pub fn is_numeric(&self) -> bool {
        let values = || {
            self.baseline
                .iter()
                .chain(self.target.iter())
                .chain(self.plan.values())
                .chain(self.actual.values())
                .chain(self.reference.values())
                .chain(self.beyond.values())
        };
        values().next().is_some() && values().all(|v| matches!(v, Value::Number(_)))
    }
}
