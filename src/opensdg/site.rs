//! The site settings of a portal read from an Open SDG repository, which keeps its title,
//! address and publisher in another repository (the site's).

use super::Report;
use super::layout::Settings;
use crate::model::Text;
use crate::model::config::{CONFIG_FILE, License, Publisher, SiteConfig};
use crate::problem::Problem;
use crate::theme::i18n::{Strings, Translator};
use std::path::Path;

/// The site settings: `chiso.toml` beside the Open SDG files when there is one, else
/// placeholders named in a warning. Languages are those of `config_data.yml`.
pub fn site_config(
    root: &Path,
    settings: &Settings,
    strings: &Strings,
    report: &mut Report,
) -> Option<SiteConfig> {
    if root.join(CONFIG_FILE).is_file() {
        return crate::load::load_config(root)
            .map_err(|p| p.into_iter().for_each(|p| report.problem(p)))
            .ok();
    }
    // Every configured language is published, the first being the default; a language the
    // theme has no interface strings for borrows English ones, with a warning from the theme.
    let languages = if settings.languages.is_empty() {
        vec!["en".to_string()]
    } else {
        settings.languages.clone()
    };
    let translators: Vec<Translator> = languages
        .iter()
        .map(|lang| Translator::new(lang, strings))
        .collect();
    let per_language = |key: &str| {
        Text::from_pairs(
            translators
                .iter()
                .map(|t| (t.lang.clone(), t.get(key).to_string())),
        )
    };
    report.warn(Problem::new(
        CONFIG_FILE,
        "the site's title, address, publisher and licence (Open SDG keeps them in the site repository: write a chiso.toml beside config_data.yml, see docs/migration-opensdg.md)",
        "no chiso.toml; placeholders are used",
    ));
    let not_stated = translators[0].get("opensdg.not_stated").to_string();
    Some(SiteConfig {
        title: per_language("opensdg.site_title"),
        description: Text::default(),
        base_url: "http://localhost:8000/".to_string(),
        theme: "default".to_string(),
        publisher: Publisher {
            name: per_language("opensdg.not_stated"),
            url: None,
            email: String::new(),
        },
        license: License {
            name: not_stated,
            url: "https://opendefinition.org/licenses/".to_string(),
        },
        status: Default::default(),
        charts: Default::default(),
        catalogue: Default::default(),
        history: Default::default(),
        releases: Vec::new(),
        csv_bom: false,
        spatial: None,
        languages,
    })
}
