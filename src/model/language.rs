//! Language tags (BCP 47): the portal's languages and the language keys of its texts.
//!
//! A tag is checked for its form (`vi`, `en-GB`, `zh-Hant`, `sr-Latn-RS`) and its primary
//! language against ISO 639-1, so that a typo such as `vn` (Viet Nam's country code) for `vi`
//! or an invented `xx` is refused with the nearest real code, rather than silently giving a
//! portal without its Vietnamese texts. Three-letter ISO 639-2/3 codes are accepted by form.

/// The two-letter codes of ISO 639-1.
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
    "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
    "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
    "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
    "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
    "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
    "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// Country codes often written for the language of the country, which are no language code
/// themselves: `vn` (Viet Nam) for `vi`, `cn` (China) for `zh`…
const COUNTRY_FOR_LANGUAGE: &[(&str, &str)] = &[
    ("vn", "vi"),
    ("cn", "zh"),
    ("jp", "ja"),
    ("kr", "ko"),
    ("gr", "el"),
    ("dk", "da"),
    ("cz", "cs"),
    ("ua", "uk"),
    ("us", "en"),
    ("gb", "en"),
    ("rs", "sr"),
    ("kh", "km"),
];

/// Languages' names for themselves, for the language switcher of a language the theme has no
/// strings for: the languages national statistical offices publish in most.
const ENDONYMS: &[(&str, &str)] = &[
    ("am", "አማርኛ"),
    ("ar", "العربية"),
    ("az", "Azərbaycan dili"),
    ("bg", "Български"),
    ("bn", "বাংলা"),
    ("bs", "Bosanski"),
    ("ca", "Català"),
    ("cs", "Čeština"),
    ("cy", "Cymraeg"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("es", "Español"),
    ("et", "Eesti"),
    ("fa", "فارسی"),
    ("fi", "Suomi"),
    ("fil", "Filipino"),
    ("fr", "Français"),
    ("ga", "Gaeilge"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("hr", "Hrvatski"),
    ("hu", "Magyar"),
    ("hy", "Հայերեն"),
    ("id", "Bahasa Indonesia"),
    ("is", "Íslenska"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ka", "ქართული"),
    ("kk", "Қазақ тілі"),
    ("km", "ខ្មែរ"),
    ("ko", "한국어"),
    ("ky", "Кыргызча"),
    ("lo", "ລາວ"),
    ("lt", "Lietuvių"),
    ("lv", "Latviešu"),
    ("mk", "Македонски"),
    ("mn", "Монгол"),
    ("ms", "Bahasa Melayu"),
    ("my", "မြန်မာ"),
    ("ne", "नेपाली"),
    ("nl", "Nederlands"),
    ("no", "Norsk"),
    ("pl", "Polski"),
    ("ps", "پښتو"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("ru", "Русский"),
    ("rw", "Kinyarwanda"),
    ("sk", "Slovenčina"),
    ("sl", "Slovenščina"),
    ("sq", "Shqip"),
    ("sr", "Српски"),
    ("sv", "Svenska"),
    ("sw", "Kiswahili"),
    ("tg", "Тоҷикӣ"),
    ("th", "ไทย"),
    ("tk", "Türkmençe"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ur", "اردو"),
    ("uz", "Oʻzbekcha"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
];

/// A language's name for itself, by its primary subtag (`pt-BR` is "Português").
pub fn endonym(tag: &str) -> Option<&'static str> {
    let primary = tag.split('-').next().unwrap_or_default();
    ENDONYMS
        .iter()
        .find(|(code, _)| *code == primary)
        .map(|(_, name)| *name)
}

/// Languages written right to left, unless a script subtag says otherwise.
const RIGHT_TO_LEFT: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "syr", "ug", "ur", "yi",
];

/// Scripts written right to left (ISO 15924).
const RIGHT_TO_LEFT_SCRIPTS: &[&str] = &["Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg"];

/// Whether text in `tag` runs right to left: by its script subtag when it has one
/// (`az-Arab`, `ku-Arab`; `ug-Latn` runs left to right), else by its language.
pub fn is_right_to_left(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or_default();
    match subtags.find(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_alphabetic())) {
        Some(script) => RIGHT_TO_LEFT_SCRIPTS
            .iter()
            .any(|s| s.eq_ignore_ascii_case(script)),
        None => RIGHT_TO_LEFT.contains(&primary),
    }
}

/// Checks a language tag; returns what was expected, for the message.
pub fn check_language_tag(tag: &str) -> Result<(), String> {
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or_default();
    let letters = |s: &str| s.bytes().all(|b| b.is_ascii_lowercase());
    let expected = || {
        "a language tag (BCP 47) such as \"vi\", \"en\" or \"zh-Hant\", in lower case".to_string()
    };
    let well_formed_primary = matches!(primary.len(), 2 | 3) && letters(primary);
    if !well_formed_primary {
        return Err(expected());
    }
    if primary.len() == 2 && !ISO_639_1.contains(&primary) {
        let nearest = COUNTRY_FOR_LANGUAGE
            .iter()
            .find(|(country, _)| *country == primary)
            .map(|(_, language)| *language)
            .or_else(|| nearest_language(primary, ISO_639_1.iter().copied()));
        return Err(format!(
            "an ISO 639 language code such as \"vi\" or \"en\" (\"{primary}\" is no language{})",
            nearest.map_or(String::new(), |n| format!("; did you mean \"{n}\"?"))
        ));
    }
    for subtag in subtags {
        let alnum = subtag.bytes().all(|b| b.is_ascii_alphanumeric());
        if !(1..=8).contains(&subtag.len()) || !alnum {
            return Err(expected());
        }
    }
    Ok(())
}

/// The candidate nearest to `found`: the fewest edits (at most one for a code of up to three
/// letters, two for longer tags), one with the same first letter first, then the first.
/// Among a portal's `vi` and `en`, `vn` gives `vi`; `fr` gives none.
pub fn nearest_language<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let most = if found.len() <= 3 { 1 } else { 2 };
    candidates
        .into_iter()
        .map(|c| (edits(found, c), c))
        .filter(|(d, _)| *d <= most)
        .min_by_key(|(d, c)| (*d, !c.starts_with(&found[..found.len().min(1)])))
        .map(|(_, c)| c)
}

/// Levenshtein distance, for short codes.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_tags_pass() {
        for tag in ["vi", "en", "zh-Hant", "sr-Latn-RS", "es-419", "fil", "ar"] {
            assert_eq!(check_language_tag(tag), Ok(()), "{tag}");
        }
    }

    #[test]
    fn typos_and_inventions_are_refused_with_the_nearest_code() {
        let why = check_language_tag("vn").unwrap_err();
        assert!(
            why.contains("\"vn\" is no language; did you mean \"vi\"?"),
            "{why}"
        );
        assert!(
            check_language_tag("xx")
                .unwrap_err()
                .contains("\"xx\" is no language")
        );
        for bad in ["", "VI", "v", "english", "vi_VN", "vi-", "vi-toolongsubtag"] {
            assert!(check_language_tag(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn direction_comes_from_the_script_or_else_the_language() {
        for rtl in ["ar", "ar-EG", "he", "fa", "ur", "az-Arab", "ku-Arab"] {
            assert!(is_right_to_left(rtl), "{rtl}");
        }
        for ltr in ["en", "vi", "zh-Hant", "ug-Latn", "az", "ku", "sr-Latn-RS"] {
            assert!(!is_right_to_left(ltr), "{ltr}");
        }
    }

    #[test]
    fn the_nearest_of_the_portal_languages() {
        assert_eq!(nearest_language("vn", ["vi", "en"]), Some("vi"));
        assert_eq!(nearest_language("eng", ["vi", "en"]), Some("en"));
        assert_eq!(nearest_language("fr", ["vi", "en"]), None);
    }
}
