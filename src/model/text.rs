//! Human-readable text in several languages.

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// Text that is either the same in every language (`title = "GDP"`) or given per language
/// (`title = { vi = "…", en = "…" }`). A language without its own entry falls back to the
/// default language, then to the language-neutral text, then to any text there is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Text {
    /// Language-neutral text, used when a language has no entry of its own.
    neutral: Option<String>,
    by_lang: BTreeMap<String, String>,
}

/// One language's rendering of a [`Text`], telling whether it fell back to another language,
/// so pages can mark fallback text with its own `lang` attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Localized<'a> {
    pub text: &'a str,
    /// The language the text is written in when it differs from the requested one.
    pub fallback_lang: Option<&'a str>,
}

impl Text {
    pub fn neutral(text: impl Into<String>) -> Self {
        Text {
            neutral: Some(text.into()),
            by_lang: BTreeMap::new(),
        }
    }

    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let by_lang = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .filter(|(_, v): &(String, String)| !v.trim().is_empty())
            .collect();
        Text {
            neutral: None,
            by_lang,
        }
    }

    /// The same text with `f` applied to every language's entry.
    pub fn map(self, f: impl Fn(&str) -> String) -> Text {
        Text {
            neutral: self.neutral.as_deref().map(&f),
            by_lang: self
                .by_lang
                .iter()
                .map(|(k, v)| (k.clone(), f(v)))
                .collect(),
        }
    }

    /// The same text with a language-neutral fallback added.
    pub fn with_neutral(mut self, text: impl Into<String>) -> Self {
        self.neutral = Some(text.into());
        self
    }

    pub fn is_empty(&self) -> bool {
        self.neutral.as_deref().is_none_or(|s| s.trim().is_empty()) && self.by_lang.is_empty()
    }

    /// Languages the text has an entry of its own for.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.by_lang.keys().map(String::as_str)
    }

    /// The text in `lang`, falling back to `default_lang`, then the neutral text, then any.
    pub fn localize<'a>(&'a self, lang: &str, default_lang: &'a str) -> Localized<'a> {
        if let Some(text) = self.by_lang.get(lang) {
            return Localized {
                text,
                fallback_lang: None,
            };
        }
        if let Some(text) = &self.neutral {
            return Localized {
                text,
                fallback_lang: None,
            };
        }
        if let Some((l, text)) = self.by_lang.get_key_value(default_lang) {
            return Localized {
                text,
                fallback_lang: Some(l),
            };
        }
        match self.by_lang.iter().next() {
            Some((l, text)) => Localized {
                text,
                fallback_lang: Some(l),
            },
            None => Localized {
                text: "",
                fallback_lang: None,
            },
        }
    }

    /// The text in `lang` with fallback, as a plain string.
    pub fn get<'a>(&'a self, lang: &str, default_lang: &'a str) -> &'a str {
        self.localize(lang, default_lang).text
    }

    /// Every language's text, for machine-readable outputs: neutral text under `""`.
    pub fn entries(&self) -> BTreeMap<&str, &str> {
        let mut map: BTreeMap<&str, &str> = self
            .by_lang
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if let Some(n) = &self.neutral {
            map.insert("", n);
        }
        map
    }
}

thread_local! {
    /// The language keys of the texts read by [`with_language_keys`] on this thread.
    static LANGUAGE_KEYS: std::cell::RefCell<Option<Vec<String>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `parse` (a deserialisation, which runs on one thread) and returns with its result the
/// language keys of every [`Text`] it read, in order, so that a key for a language the portal
/// does not publish (`vn` for `vi`, `fr`) is reported instead of the text silently vanishing.
pub fn with_language_keys<T>(parse: impl FnOnce() -> T) -> (T, Vec<String>) {
    let outer = LANGUAGE_KEYS.with(|k| k.borrow_mut().replace(Vec::new()));
    let result = parse();
    let keys = LANGUAGE_KEYS.with(|k| std::mem::replace(&mut *k.borrow_mut(), outer));
    (result, keys.unwrap_or_default())
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(
            untagged,
            expecting = "a string, or a table of strings by language code"
        )]
        enum Raw {
            Neutral(String),
            ByLang(BTreeMap<String, String>),
        }
        Ok(match Raw::deserialize(deserializer)? {
            Raw::Neutral(s) => Text::neutral(s),
            Raw::ByLang(map) => {
                LANGUAGE_KEYS.with(|k| {
                    if let Some(keys) = k.borrow_mut().as_mut() {
                        keys.extend(map.keys().cloned());
                    }
                });
                Text::from_pairs(map)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_default_language_and_says_so() {
        let text = Text::from_pairs([("vi", "Đạt")]);
        assert_eq!(
            text.localize("en", "vi"),
            Localized {
                text: "Đạt",
                fallback_lang: Some("vi")
            }
        );
        assert_eq!(
            text.localize("vi", "vi"),
            Localized {
                text: "Đạt",
                fallback_lang: None
            }
        );
    }

    #[test]
    fn neutral_text_serves_every_language() {
        let text: Text = toml::from_str::<toml::Table>("t = 'CC BY 4.0'").unwrap()["t"]
            .clone()
            .try_into()
            .unwrap();
        assert_eq!(text.get("en", "vi"), "CC BY 4.0");
    }

    #[test]
    fn blank_entries_count_as_missing() {
        let text = Text::from_pairs([("vi", "Có"), ("en", "  ")]);
        assert_eq!(text.localize("en", "vi").fallback_lang, Some("vi"));
    }
}
