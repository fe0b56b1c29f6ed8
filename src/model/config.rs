//! The site configuration, `chiso.toml`.

use crate::model::Text;
use serde::Deserialize;

pub const CONFIG_FILE: &str = "chiso.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: Text,
    #[serde(default)]
    pub description: Text,
    /// Language codes; the first is the default language.
    pub languages: Vec<String>,
    /// Where the portal is published, ending with `/`; links use its path, downloads and
    /// machine-readable catalogues use it whole.
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    pub publisher: Publisher,
    pub license: License,
    /// How chart images are drawn: `[charts]`.
    #[serde(default)]
    pub charts: ChartsConfig,
    /// How statuses are assessed: `[status]`.
    #[serde(default)]
    pub status: StatusConfig,
    #[serde(default)]
    pub history: HistoryConfig,
    /// Releases named here rather than by a git tag.
    #[serde(default)]
    pub releases: Vec<ReleaseConfig>,
    /// Start every CSV download with a UTF-8 byte-order mark. Off by default: a BOM makes
    /// Excel on Windows read the file as UTF-8 (without one it uses the legacy code page and
    /// garbles Vietnamese letters), but it breaks naive parsers and Unix tools, which read it
    /// as part of the first column name. The XLSX download serves Excel users either way.
    #[serde(default)]
    pub csv_bom: bool,
    /// The place the portal's data covers, for catalogues and search engines.
    #[serde(default)]
    pub spatial: Option<Spatial>,
    /// How catalogues classify the portal's datasets: `[catalogue]`.
    #[serde(default)]
    pub catalogue: CatalogueConfig,
}

/// `[charts]`: the fonts chart images (PNG) are drawn with.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartsConfig {
    /// Font files (TrueType or OpenType) inside the portal folder, used instead of the
    /// DejaVu Sans faces chiso carries; name a regular and a bold face.
    #[serde(default)]
    pub fonts: Vec<String>,
}

/// `[catalogue]`: classification for harvesters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueConfig {
    /// The EU data theme of every dataset (`GOVE`, government and public sector; `ECON`,
    /// `SOCI`…), a code of the EU Publications Office's data-theme list; DCAT-AP recommends one.
    pub data_theme: Option<String>,
}

/// The EU data-theme vocabulary: codes and English labels.
pub const DATA_THEMES: [(&str, &str); 13] = [
    ("AGRI", "Agriculture, fisheries, forestry and food"),
    ("ECON", "Economy and finance"),
    ("EDUC", "Education, culture and sport"),
    ("ENER", "Energy"),
    ("ENVI", "Environment"),
    ("GOVE", "Government and public sector"),
    ("HEAL", "Health"),
    ("INTR", "International issues"),
    ("JUST", "Justice, legal system and public safety"),
    ("OP_DATPRO", "Provisional data"),
    ("REGI", "Regions and cities"),
    ("SOCI", "Population and society"),
    ("TECH", "Science and technology"),
];

/// `[status]`: the date targets are assessed at, and where the status matrix starts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusConfig {
    /// The assessment date, YYYY-MM-DD: statuses are given up to it, and an observation after
    /// it is a mistake (a year typed 2052 for 2025) unless its indicator declares projections.
    /// Without it, statuses are assessed at the end of the latest period observed, so a build
    /// never depends on the day it runs — but a mistyped year then moves the assessment date.
    pub as_of: Option<toml::Spanned<String>>,
    /// The first year of the status matrix; default: the earliest baseline.
    pub first_year: Option<i32>,
    /// The line of `as_of` in chiso.toml, for messages; set when the file is loaded.
    #[serde(skip)]
    pub as_of_line: Option<usize>,
}

impl StatusConfig {
    /// The configured assessment date, when it is a valid date.
    pub fn as_of_date(&self) -> Option<chrono::NaiveDate> {
        let text = self.as_of.as_ref()?.get_ref();
        crate::model::iso_date(text)
    }

    /// Where the assessment date is set, for messages: `the assessment date 2025-12-31 set
    /// in chiso.toml:14`.
    pub fn as_of_described(&self) -> Option<String> {
        let date = self.as_of_date()?;
        let place = match self.as_of_line {
            Some(line) => format!("{CONFIG_FILE}:{line}"),
            None => CONFIG_FILE.to_string(),
        };
        Some(format!("the assessment date {date} set in {place}"))
    }
}

/// How the portal's git history is shown and which revisions are releases.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryConfig {
    /// The web page of a commit, `{commit}` standing for its full hash:
    /// `https://github.com/ORG/REPO/commit/{commit}`.
    pub commit_url: Option<String>,
    /// Git tags whose name matches this pattern (`*` any text, `?` one character) are
    /// releases: `v*`.
    pub release_tags: Option<String>,
    /// The language commit messages are written in (`en`, `vi`); where pages show a commit
    /// message they mark it with it, so readers and screen readers know. By default the
    /// portal's default language.
    pub commit_language: Option<String>,
}

/// A release named in the configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseConfig {
    /// Part of the release's URLs: letters, digits, `.`, `-`, `_`.
    pub version: String,
    /// The commit, tag or branch released.
    pub revision: String,
    /// YYYY-MM-DD; default: the commit's date.
    pub date: Option<String>,
    #[serde(default)]
    pub note: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spatial {
    pub name: Text,
    /// A URI that names the place in an authority list (the EU's country list, GeoNames).
    #[serde(default)]
    pub uri: Option<String>,
    /// The place's bounding box, `[west, south, east, north]` in degrees: what data.gov's
    /// harvester can place on a map (it knows no place names outside the United States).
    #[serde(default)]
    pub bbox: Option<[f64; 4]>,
}

impl Spatial {
    /// `west,south,east,north`, as DCAT-US `spatial` takes a bounding box.
    pub fn bbox_text(&self) -> Option<String> {
        let [w, s, e, n] = self.bbox?;
        Some(format!("{w},{s},{e},{n}"))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub name: Text,
    #[serde(default)]
    pub url: Option<String>,
    pub email: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct License {
    pub name: String,
    pub url: String,
}

fn default_theme() -> String {
    "default".to_string()
}

impl SiteConfig {
    pub fn default_lang(&self) -> &str {
        &self.languages[0]
    }

    /// The path part of the base URL (`/` or `/portal/`), which every link starts with.
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    /// The language commit messages are written in.
    pub fn commit_language(&self) -> &str {
        self.history
            .commit_language
            .as_deref()
            .unwrap_or_else(|| self.default_lang())
    }

    /// The web page of a commit, when a commit URL is configured.
    pub fn commit_url(&self, hash: &str) -> Option<String> {
        self.history
            .commit_url
            .as_ref()
            .map(|template| template.replace("{commit}", hash))
    }

    /// Problems with the history and release settings, as (the value's path, expected,
    /// found).
    pub fn history_problems(&self) -> Vec<(String, String, String)> {
        let mut problems = Vec::new();
        if let Some(url) = &self.history.commit_url {
            if crate::model::check_web_url(url).is_err() || !url.contains("{commit}") {
                problems.push((
                    "history.commit_url".into(),
                    "an http(s) URL with {commit} where the commit's hash goes".into(),
                    crate::problem::quoted(url),
                ));
            }
        }
        if let Some(lang) = &self.history.commit_language {
            let is_tag = lang.len() <= 35
                && lang.split('-').all(|part| {
                    !part.is_empty()
                        && part.len() <= 8
                        && part.chars().all(|c| c.is_ascii_alphanumeric())
                });
            if !is_tag {
                problems.push((
                    "history.commit_language".into(),
                    "a language code such as `en` or `vi`".into(),
                    crate::problem::quoted(lang),
                ));
            }
        }
        if self.history.release_tags.as_deref() == Some("") {
            problems.push((
                "history.release_tags".into(),
                "a tag pattern such as \"v*\"".into(),
                "\"\"".into(),
            ));
        }
        for (i, release) in self.releases.iter().enumerate() {
            if let Err(why) = crate::model::check_id(&release.version) {
                problems.push((
                    format!("releases.{i}.version"),
                    "a release version of letters, digits, '.', '-' or '_' (it becomes a URL)"
                        .into(),
                    format!("{} with {why}", crate::problem::quoted(&release.version)),
                ));
            }
            if self.releases[..i]
                .iter()
                .any(|r| r.version == release.version)
            {
                problems.push((
                    format!("releases.{i}.version"),
                    "each release version once".into(),
                    crate::problem::quoted(&release.version),
                ));
            }
            if let Some(date) = &release.date {
                if crate::model::iso_date(date).is_none() {
                    problems.push((
                        format!("releases.{i}.date"),
                        "a release date YYYY-MM-DD".into(),
                        crate::problem::quoted(date),
                    ));
                }
            }
        }
        problems
    }

    /// The base URL, always ending with `/`.
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> SiteConfig {
        let text = format!(
            r#"title = "T"
languages = ["vi", "en"]
base_url = "{base_url}"
publisher = {{ name = "P", email = "p@example.org" }}
license = {{ name = "CC BY 4.0", url = "https://creativecommons.org/licenses/by/4.0/" }}"#
        );
        toml::from_str(&text).unwrap()
    }

    #[test]
    fn links_start_with_the_base_url_path() {
        assert_eq!(config("https://example.org/").base_path(), "/");
        assert_eq!(config("https://example.org/sdg/").base_path(), "/sdg/");
        assert_eq!(config("http://127.0.0.1:8000/").base_path(), "/");
    }

    #[test]
    fn first_language_is_the_default() {
        assert_eq!(config("https://example.org/").default_lang(), "vi");
    }
}
