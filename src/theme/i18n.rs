//! Interface strings per language, from the theme's `i18n/<lang>.toml` with the portal's own
//! `i18n/<lang>.toml` overriding single keys.

use crate::format::NumberFormat;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// Flattened keys (`status.met`) to text, by language.
    by_lang: BTreeMap<String, BTreeMap<String, String>>,
}

impl Strings {
    /// Adds a language's strings, later calls overriding earlier ones key by key.
    pub fn merge(&mut self, lang: &str, table: &toml::Table) {
        let target = self.by_lang.entry(lang.to_string()).or_default();
        flatten("", table, target);
    }

    pub fn has_language(&self, lang: &str) -> bool {
        self.by_lang.contains_key(lang)
    }

    /// Keys `reference` has that `lang` lacks.
    pub fn missing_keys(&self, lang: &str, reference: &str) -> Vec<String> {
        let keys = |l: &str| {
            self.by_lang
                .get(l)
                .map(|m| m.keys().cloned().collect::<BTreeSet<_>>())
                .unwrap_or_default()
        };
        keys(reference).difference(&keys(lang)).cloned().collect()
    }

    /// The strings of one language, for templates.
    pub fn language(&self, lang: &str) -> BTreeMap<String, String> {
        self.by_lang.get(lang).cloned().unwrap_or_default()
    }
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
    for (key, value) in table {
        let key = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => flatten(&key, inner, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

/// One language's strings, with `{name}` placeholders filled in.
#[derive(Debug, Clone)]
pub struct Translator {
    pub lang: String,
    strings: BTreeMap<String, String>,
    pub numbers: NumberFormat,
}

impl Translator {
    pub fn new(lang: &str, strings: BTreeMap<String, String>) -> Translator {
        let numbers = NumberFormat {
            decimal: strings
                .get("number.decimal")
                .cloned()
                .unwrap_or_else(|| ".".into()),
            group: strings
                .get("number.group")
                .cloned()
                .unwrap_or_else(|| ",".into()),
        };
        Translator {
            lang: lang.to_string(),
            strings,
            numbers,
        }
    }

    /// The string for `key`; the key itself when there is none, so a gap shows on the page
    /// rather than failing the build.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// The string for `key` with `{name}` placeholders replaced.
    /// Placeholders without a value are kept as written, so a gap shows on the page.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let template = self.get(key);
        let mut text = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                values
                    .iter()
                    .find(|(name, _)| *name == &after[..close])
                    .map(|(_, v)| (close, v))
            });
            match value {
                Some((close, value)) => {
                    text.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    text.push('{');
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_strings_override_theme_strings_key_by_key() {
        let mut strings = Strings::default();
        strings.merge(
            "vi",
            &toml::from_str("[status]\nmet = 'Đạt'\nnot-met = 'Không đạt'").unwrap(),
        );
        strings.merge(
            "vi",
            &toml::from_str("[status]\nmet = 'Hoàn thành'").unwrap(),
        );
        let t = Translator::new("vi", strings.language("vi"));
        assert_eq!(t.get("status.met"), "Hoàn thành");
        assert_eq!(t.get("status.not-met"), "Không đạt");
        assert_eq!(t.get("status.unknown"), "status.unknown");
    }

    #[test]
    fn placeholders_are_filled() {
        let mut strings = Strings::default();
        strings.merge("en", &toml::from_str("count = '{n} targets'").unwrap());
        assert_eq!(
            Translator::new("en", strings.language("en")).fill("count", &[("n", "3")]),
            "3 targets"
        );
    }

    #[test]
    fn reports_keys_missing_from_a_language() {
        let mut strings = Strings::default();
        strings.merge("en", &toml::from_str("a = '1'\nb = '2'").unwrap());
        strings.merge("vi", &toml::from_str("a = '1'").unwrap());
        assert_eq!(strings.missing_keys("vi", "en"), ["b"]);
    }
}
