//! Interface strings per language, from the theme's `i18n/<lang>.toml` with the portal's own
//! `i18n/<lang>.toml` overriding single keys. A language the theme has no (or not every)
//! string for is still published: the strings it lacks are [`FALLBACK_LANGUAGE`]'s, and the
//! pages mark them as such (`render::fallback`).

use crate::format::NumberFormat;
use crate::model::endonym;
use std::collections::{BTreeMap, BTreeSet};

/// The language whose strings stand in for those a language lacks: the default theme has
/// every string in it.
pub const FALLBACK_LANGUAGE: &str = "en";

/// Opens a borrowed string in the strings of [`Translator::marking_borrowed`] (Unicode private
/// use: in no string of the theme or the data).
pub const BORROWED_OPEN: char = '\u{E000}';
/// Closes a borrowed string.
pub const BORROWED_CLOSE: char = '\u{E001}';

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

    /// The strings of one language as written, without any fallback.
    pub fn language(&self, lang: &str) -> BTreeMap<String, String> {
        self.by_lang.get(lang).cloned().unwrap_or_default()
    }

    /// The strings of `lang`, with [`FALLBACK_LANGUAGE`]'s for the keys it lacks, and the keys
    /// so filled. A language's own name is never borrowed: without one it is the language's
    /// name for itself ([`endonym`]) or, failing that, its tag.
    pub fn with_fallback(&self, lang: &str) -> (BTreeMap<String, String>, BTreeSet<String>) {
        let mut strings = self.language(lang);
        strings
            .entry(LANGUAGE_NAME.to_string())
            .or_insert_with(|| endonym(lang).unwrap_or(lang).to_string());
        let mut borrowed = BTreeSet::new();
        if lang != FALLBACK_LANGUAGE
            && let Some(fallback) = self.by_lang.get(FALLBACK_LANGUAGE)
        {
            for (key, text) in fallback {
                if !strings.contains_key(key) {
                    strings.insert(key.clone(), text.clone());
                    borrowed.insert(key.clone());
                }
            }
        }
        (strings, borrowed)
    }
}

/// The key of a language's name for itself, shown in the language switcher.
const LANGUAGE_NAME: &str = "language.name";

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
    /// The keys whose strings are [`FALLBACK_LANGUAGE`]'s, the language having none.
    borrowed: BTreeSet<String>,
    pub numbers: NumberFormat,
}

impl Translator {
    pub fn new(lang: &str, all: &Strings) -> Translator {
        let (strings, borrowed) = all.with_fallback(lang);
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
            borrowed,
            numbers,
        }
    }

    /// Whether any string is [`FALLBACK_LANGUAGE`]'s.
    pub fn borrows(&self) -> bool {
        !self.borrowed.is_empty()
    }

    /// This translator with every borrowed string between [`BORROWED_OPEN`] and
    /// [`BORROWED_CLOSE`], for pages, which mark them with their language (`render::fallback`);
    /// whatever else it writes must drop the brackets. The number format is this one's.
    pub fn marking_borrowed(&self) -> Translator {
        let mut marking = self.clone();
        for key in &self.borrowed {
            if let Some(text) = marking.strings.get_mut(key) {
                *text = format!("{BORROWED_OPEN}{text}{BORROWED_CLOSE}");
            }
        }
        marking
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
        let t = Translator::new("vi", &strings);
        assert_eq!(t.get("status.met"), "Hoàn thành");
        assert_eq!(t.get("status.not-met"), "Không đạt");
        assert_eq!(t.get("status.unknown"), "status.unknown");
    }

    #[test]
    fn a_language_without_a_string_borrows_english_but_never_its_name() {
        let mut strings = Strings::default();
        strings.merge(
            "en",
            &toml::from_str(
                "[language]\nname = 'English'\n[status]\nmet = 'Met'\nnot-met = 'Not met'",
            )
            .unwrap(),
        );
        strings.merge("de", &toml::from_str("[status]\nmet = 'Erreicht'").unwrap());
        let de = Translator::new("de", &strings);
        assert_eq!(de.get("status.met"), "Erreicht");
        assert_eq!(de.get("status.not-met"), "Not met");
        assert_eq!(de.get("language.name"), "Deutsch");
        let marking = de.marking_borrowed();
        assert_eq!(marking.get("status.met"), "Erreicht");
        assert_eq!(marking.get("status.not-met"), "\u{E000}Not met\u{E001}");
        assert_eq!(marking.get("language.name"), "Deutsch");
        let pt = Translator::new("pt-BR", &strings);
        assert_eq!(pt.get("language.name"), "Português");
        assert!(pt.borrows());
        let xh = Translator::new("kw", &strings);
        assert_eq!(xh.get("language.name"), "kw");
        assert!(!Translator::new("en", &strings).borrows());
    }

    #[test]
    fn placeholders_are_filled() {
        let mut strings = Strings::default();
        strings.merge("en", &toml::from_str("count = '{n} targets'").unwrap());
        assert_eq!(
            Translator::new("en", &strings).fill("count", &[("n", "3")]),
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
