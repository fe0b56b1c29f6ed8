//! Every URL and output path of the portal, derived from ids so they stay stable.
//!
//! A page's *path* is its place in the output (`vi/indicators/CL.III.1.đ/`); its *URL* is the
//! path percent-encoded after the base URL's path (`/vi/indicators/CL.III.1.%C4%91/`).

use crate::site::catalog::Format;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use strum::{EnumCount, EnumDiscriminants};

/// Characters escaped in a path segment: everything but unreserved ASCII.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

/// Where `chiso serve` answers for itself (live reload, the problems overlay): never a file of
/// the output, so the link checker passes over it.
pub const PREVIEW_PATHS: &str = "/__chiso/";

/// A page of the portal in one language, as a path relative to the output folder. Its kinds,
/// [`PageKind`], are what [`super::pages::every_page`] lists.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, EnumDiscriminants)]
#[strum_discriminants(name(PageKind), derive(EnumCount, PartialOrd, Ord))]
pub enum PagePath {
    Home,
    /// Every goal, with its targets' statuses.
    Goals,
    Goal(String),
    /// Every target by goal, with its status.
    Targets,
    Target(String),
    Indicators,
    Indicator(String),
    Tasks {
        agency: Option<String>,
        status: Option<String>,
    },
    Datasets,
    Dataset(String),
    /// Every download in one place, with the stable address patterns.
    DataHub,
    /// Which targets are met: every target with its status, by goal.
    Status,
    /// The same, only the targets with one status (`met`, `off-track`…): a filter that needs
    /// no JavaScript.
    StatusFilter(String),
    /// The targets × years matrix.
    StatusMatrix,
    /// One goal's part of a long list (`list` is the targets, the indicators, the status
    /// overview or one of its filters, or the matrix), when the portal is too large for the
    /// list to be one page ([`super::pages::is_split`]).
    GoalPart {
        list: Box<PagePath>,
        goal: String,
    },
    /// How many indicators of each goal have data.
    Reporting,
    /// A goal's reform-review form, printable.
    Review(String),
    Page(String),
    /// A chart alone, for embedding in other sites.
    Embed(ChartRef),
    Releases,
    Release(String),
    /// The latest data changes, newest first, and the releases.
    Updates,
}

/// A chart of the portal: an indicator's, a target's with its paths, or an indicator's map.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChartRef {
    Indicator(String),
    Target(String),
    /// The choropleth of an indicator's regional figures.
    Map(String),
}

impl ChartRef {
    fn segments(&self) -> [&str; 2] {
        match self {
            ChartRef::Indicator(id) => ["indicators", id],
            ChartRef::Target(id) => ["targets", id],
            ChartRef::Map(id) => ["maps", id],
        }
    }

    /// The page the chart belongs to, with its data table and sources.
    pub fn page(&self) -> PagePath {
        match self {
            ChartRef::Indicator(id) | ChartRef::Map(id) => PagePath::Indicator(id.clone()),
            ChartRef::Target(id) => PagePath::Target(id.clone()),
        }
    }

    /// The standalone image in `lang` (`charts/vi/indicators/<id>.svg`); `extension` is `svg`
    /// or `png`.
    pub fn image(&self, lang: &str, extension: &str) -> String {
        let [kind, id] = self.segments();
        format!("charts/{lang}/{kind}/{id}.{extension}")
    }
}

impl PagePath {
    /// Whether search engines may index the page. An embed is a chart for other sites'
    /// frames, which the indicator's or target's own page shows too: its template says
    /// `noindex`, and the sitemap leaves it out (search engines report a page listed there
    /// that they may not index as an error).
    pub fn is_indexed(&self) -> bool {
        !matches!(self, PagePath::Embed(_))
    }

    /// The part of goal `goal` of the split list `list`.
    pub fn goal_part(list: PagePath, goal: &str) -> PagePath {
        PagePath::GoalPart {
            list: Box::new(list),
            goal: goal.to_string(),
        }
    }

    /// The path inside a language folder, as a list of segments.
    fn segments(&self) -> Vec<&str> {
        match self {
            PagePath::Home => vec![],
            PagePath::Goals => vec!["goals"],
            PagePath::Goal(id) => vec!["goals", id],
            PagePath::Targets => vec!["targets"],
            PagePath::Target(id) => vec!["targets", id],
            PagePath::Indicators => vec!["indicators"],
            PagePath::Indicator(id) => vec!["indicators", id],
            PagePath::Tasks {
                agency: None,
                status: None,
            } => vec!["tasks"],
            PagePath::Tasks {
                agency: Some(a),
                status: None,
            } => vec!["tasks", "agency", a],
            PagePath::Tasks {
                agency: None,
                status: Some(s),
            } => vec!["tasks", "status", s],
            PagePath::Tasks {
                agency: Some(a),
                status: Some(s),
            } => vec!["tasks", "agency", a, s],
            PagePath::Datasets => vec!["datasets"],
            PagePath::DataHub => vec!["data"],
            PagePath::Dataset(id) => vec!["datasets", id],
            PagePath::Status => vec!["status"],
            PagePath::StatusFilter(code) => vec!["status", code],
            PagePath::StatusMatrix => vec!["status", "matrix"],
            PagePath::GoalPart { list, goal } => {
                let mut segments = list.segments();
                segments.extend(["goals", goal.as_str()]);
                segments
            }
            PagePath::Reporting => vec!["reporting"],
            PagePath::Review(goal) => vec!["goals", goal, "review"],
            PagePath::Page(slug) => vec![slug],
            PagePath::Embed(chart) => {
                let [kind, id] = chart.segments();
                vec!["embed", kind, id]
            }
            PagePath::Releases => vec!["releases"],
            PagePath::Release(version) => vec!["releases", version],
            PagePath::Updates => vec!["updates"],
        }
    }

    /// The output file of the page in `lang`: `vi/goals/CL.II/index.html`.
    pub fn file(&self, lang: &str) -> String {
        let mut path = String::from(lang);
        for segment in self.segments() {
            path.push('/');
            path.push_str(segment);
        }
        path.push_str("/index.html");
        path
    }

    /// The page's URL path in `lang`, after the base path: `vi/goals/CL.II/`.
    pub fn url(&self, lang: &str) -> String {
        let mut url = encode(lang);
        url.push('/');
        for segment in self.segments() {
            url.push_str(&encode(segment));
            url.push('/');
        }
        url
    }
}

pub fn encode(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// Downloads, the same in every language.
pub struct Downloads;

impl Downloads {
    pub fn indicator_csv(id: &str) -> String {
        Self::indicator_file(id, Format::Csv)
    }
    pub fn indicator_json(id: &str) -> String {
        Self::indicator_file(id, Format::Json)
    }
    /// An indicator's file in one format: `data/indicators/<id>.<extension>`.
    pub fn indicator_file(id: &str, format: Format) -> String {
        format!("data/indicators/{id}.{}", format.extension())
    }
    pub fn all_indicators_zip() -> String {
        "data/indicators.zip".to_string()
    }
    /// A goal's review form as a workbook, in one language.
    pub fn review_xlsx(lang: &str, goal: &str) -> String {
        format!("data/review/{lang}/{goal}.xlsx")
    }
    /// The same rows as CSV.
    pub fn review_csv(lang: &str, goal: &str) -> String {
        format!("data/review/{lang}/{goal}.csv")
    }
    pub fn status_csv() -> String {
        "data/status.csv".to_string()
    }
    pub fn status_json() -> String {
        "data/status.json".to_string()
    }
    pub fn dataset_csv(id: &str) -> String {
        Self::dataset_file(id, Format::Csv)
    }
    /// A dataset's file in one format: `data/datasets/<id>.<extension>`.
    pub fn dataset_file(id: &str, format: Format) -> String {
        format!("data/datasets/{id}.{}", format.extension())
    }
    /// The Data Package of every CSV of the portal.
    pub fn portal_datapackage() -> String {
        "datapackage.json".to_string()
    }
    /// Every indicator's SDMX data structure definition, in one SDMX-ML structure message.
    pub fn sdmx_structure() -> String {
        "data/sdmx/structure.xml".to_string()
    }
    /// The DCAT-US v1.1 catalogue that data.gov-style harvesters read.
    pub fn dcat_us() -> String {
        "data.json".to_string()
    }
    /// The DCAT-AP 3 catalogue as JSON-LD.
    pub fn dcat_ap_jsonld() -> String {
        "catalog.jsonld".to_string()
    }
    /// The DCAT-AP 3 catalogue as Turtle.
    pub fn dcat_ap_turtle() -> String {
        "catalog.ttl".to_string()
    }
    pub fn sitemap() -> String {
        "sitemap.xml".to_string()
    }
    pub fn robots() -> String {
        "robots.txt".to_string()
    }
    /// The site search index of one language.
    pub fn search_index(lang: &str) -> String {
        format!("{lang}/search.json")
    }
    /// The Atom feed of data updates in one language.
    pub fn feed(lang: &str) -> String {
        format!("{lang}/feed.xml")
    }
    /// A download's URL path after the base path: each segment encoded.
    pub fn url(path: &str) -> String {
        path.split('/').map(encode).collect::<Vec<_>>().join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_keep_ids_and_encode_what_urls_cannot_hold() {
        let target = PagePath::Target("CL.III.1.đ".into());
        assert_eq!(target.file("vi"), "vi/targets/CL.III.1.đ/index.html");
        assert_eq!(target.url("en"), "en/targets/CL.III.1.%C4%91/");
        assert_eq!(PagePath::Home.url("vi"), "vi/");
        assert_eq!(PagePath::Home.file("vi"), "vi/index.html");
    }

    #[test]
    fn charts_have_embed_pages_and_images_at_stable_addresses() {
        let chart = ChartRef::Target("CL.III.1.đ".into());
        assert_eq!(
            PagePath::Embed(chart.clone()).url("en"),
            "en/embed/targets/CL.III.1.%C4%91/"
        );
        assert_eq!(chart.image("vi", "png"), "charts/vi/targets/CL.III.1.đ.png");
    }

    #[test]
    fn task_filters_have_their_own_pages() {
        let page = PagePath::Tasks {
            agency: Some("bo-tttt".into()),
            status: Some("completed".into()),
        };
        assert_eq!(page.url("vi"), "vi/tasks/agency/bo-tttt/completed/");
        assert_eq!(
            Downloads::url(&Downloads::indicator_csv("CL.đ")),
            "data/indicators/CL.%C4%91.csv"
        );
    }
}
