//! Open SDG's translation keys (`global_goals.1-title`, `SEX.F`) resolved per language from
//! the repository's `translations/<lang>/<group>.yml`.

use super::Report;
use super::layout::{read_yaml, translation_files};
use super::yaml::{Node, Value};
use crate::model::Text;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct Translations {
    /// `group.key` → text, by language.
    by_lang: BTreeMap<String, HashMap<String, String>>,
    /// The groups (file names) of the repository's translations.
    groups: BTreeSet<String>,
    /// Keys that looked like translation keys and had no translation in some language, for
    /// one warning at the end rather than one per use.
    missing: Mutex<BTreeSet<String>>,
}

impl Translations {
    /// Reads the translation files of `languages`.
    pub fn load(root: &Path, languages: &[String], report: &mut Report) -> Translations {
        let mut by_lang = BTreeMap::new();
        let mut groups = BTreeSet::new();
        for (lang, files) in translation_files(root) {
            if !languages.contains(&lang) {
                continue;
            }
            let mut keys = HashMap::new();
            for (rel, group) in files {
                groups.insert(group.clone());
                if let Some(node) = read_yaml(root, &rel, report) {
                    flatten(&group, &node, &mut keys);
                }
            }
            by_lang.insert(lang, keys);
        }
        Translations {
            by_lang,
            groups,
            missing: Mutex::default(),
        }
    }

    /// The translation of `group.key` in `lang`.
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        self.by_lang.get(lang)?.get(key).map(String::as_str)
    }

    /// Text as Open SDG shows it in each of `languages`: a translation key (`group.key`) is
    /// replaced by its translation, and a plain value is looked up in each of `groups` (a data
    /// cell `F` in the column `SEX` by `SEX.F`). Text without any translation is in
    /// `languages[0]`, the default language, so other languages mark it as a fallback.
    pub fn text(&self, raw: &str, groups: &[&str], languages: &[String]) -> Text {
        let raw = raw.trim();
        let looks_like_key = self.is_key(raw);
        let mut pairs: Vec<(String, String)> = Vec::new();
        for lang in languages {
            let found = looks_like_key
                .then(|| self.get(lang, raw))
                .flatten()
                .or_else(|| {
                    groups
                        .iter()
                        .find_map(|g| self.get(lang, &format!("{g}.{raw}")))
                });
            if let Some(text) = found {
                pairs.push((lang.clone(), text.to_string()));
            }
        }
        if pairs.is_empty() {
            if looks_like_key {
                self.missing
                    .lock()
                    .expect("not poisoned")
                    .insert(raw.to_string());
            }
            return Text::from_pairs([(languages[0].clone(), raw.to_string())]);
        }
        Text::from_pairs(pairs)
    }

    /// The translations of a key in every language that has one; empty when none has.
    pub fn key(&self, key: &str, languages: &[String]) -> Text {
        let found = Text::from_pairs(
            languages
                .iter()
                .filter_map(|l| Some((l.clone(), self.get(l, key)?.to_string()))),
        );
        if found.is_empty() {
            self.missing
                .lock()
                .expect("not poisoned")
                .insert(key.to_string());
        }
        found
    }

    /// Remembers a key no language translates, for one warning at the end.
    pub fn note_missing(&self, key: &str) {
        self.missing
            .lock()
            .expect("not poisoned")
            .insert(key.to_string());
    }

    /// A translation key is one word whose group (before the first dot) is one of the
    /// repository's translation files or, like Open SDG's shared `global_goals`, has an
    /// underscore: `global_goals.1-title`, `SEX.F`. `1.1.1` and `e.g.` are text.
    pub fn is_key(&self, text: &str) -> bool {
        text.split_once('.').is_some_and(|(group, key)| {
            !key.is_empty()
                && !text.contains(char::is_whitespace)
                && (self.groups.contains(group)
                    || (group.contains('_')
                        && group.chars().all(|c| c.is_alphanumeric() || c == '_')))
        })
    }

    /// Keys used but not translated, sorted.
    pub fn missing(&self) -> Vec<String> {
        self.missing
            .lock()
            .expect("not poisoned")
            .iter()
            .cloned()
            .collect()
    }
}

fn flatten(prefix: &str, node: &Node, out: &mut HashMap<String, String>) {
    for (key, value) in node.entries() {
        let key = format!("{prefix}.{key}");
        match &value.value {
            Value::Map(_) => flatten(&key, value, out),
            Value::Text(text) => {
                out.insert(key, text.trim().to_string());
            }
            Value::Null | Value::List(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translations() -> Translations {
        let mut en = HashMap::new();
        en.insert("SEX.F".to_string(), "Female".to_string());
        en.insert("global_goals.1-title".to_string(), "No poverty".to_string());
        let mut fr = HashMap::new();
        fr.insert("SEX.F".to_string(), "Femmes".to_string());
        Translations {
            by_lang: [("en".to_string(), en), ("fr".to_string(), fr)].into(),
            groups: ["SEX".to_string()].into(),
            missing: Mutex::default(),
        }
    }

    #[test]
    fn keys_and_data_codes_are_translated_per_language() {
        let t = translations();
        let langs = ["en".to_string(), "fr".to_string()];
        let female = t.text("F", &["SEX", "data"], &langs);
        assert_eq!(
            (female.get("en", "en"), female.get("fr", "en")),
            ("Female", "Femmes")
        );
        let goal = t.text("global_goals.1-title", &[], &langs);
        assert_eq!(goal.localize("fr", "en").fallback_lang, Some("en"));
        assert_eq!(goal.get("fr", "en"), "No poverty");
    }

    #[test]
    fn untranslated_keys_are_remembered_and_plain_text_is_kept() {
        let t = translations();
        let langs = ["en".to_string()];
        assert_eq!(
            t.text("Percent of adults", &["data"], &langs)
                .get("en", "en"),
            "Percent of adults"
        );
        t.text("global_targets.1-1-title", &[], &langs);
        assert_eq!(t.missing(), ["global_targets.1-1-title"]);
        assert!(t.is_key("global_indicators.1-1-1-title"));
        assert!(t.is_key("SEX.F"));
        assert!(!t.is_key("2.5 per cent of adults."));
        assert!(!t.is_key("1.1.1"));
        assert!(!t.is_key("e.g."));
    }
}
