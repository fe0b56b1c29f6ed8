//! Every configured language is published at its own path with its `lang` and direction; the
//! theme ships the six UN languages, German and Vietnamese; a language without (all of its)
//! interface strings borrows English ones, marked `lang="en"` on the page, with a warning.

mod common;

use common::{Site, visible_text};

/// The demo portal published in `languages` (its texts are Vietnamese and English only, so
/// the others show them in the default language, as any text without a translation).
fn demo_in(languages: &str) -> Site {
    let site = Site::fixture("demo");
    site.edit(
        "chiso.toml",
        "languages = [\"vi\", \"en\"]",
        &format!("languages = {languages}"),
    );
    site
}

fn warnings(summary: &chiso::build::BuildSummary) -> Vec<String> {
    summary.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn every_un_language_and_german_is_published_with_its_own_interface() {
    let site = demo_in(r#"["vi", "en", "ar", "zh", "fr", "ru", "es", "de"]"#);
    let summary = site.build();
    assert!(
        !warnings(&summary).iter().any(|w| w.contains("i18n/")),
        "{:?}",
        warnings(&summary)
    );
    for (lang, indicators) in [
        ("ar", "المؤشرات"),
        ("zh", "指标"),
        ("fr", "Indicateurs"),
        ("ru", "Показатели"),
        ("es", "Indicadores"),
        ("de", "Indikatoren"),
    ] {
        let page = site.page(&format!("{lang}/indicators/index.html"));
        let html_tag = &page[page.find("<html").unwrap()..][..40];
        if lang == "ar" {
            assert!(
                html_tag.starts_with(r#"<html lang="ar" dir="rtl">"#),
                "{html_tag}"
            );
        } else {
            assert!(
                html_tag.starts_with(&format!(r#"<html lang="{lang}">"#)),
                "{html_tag}"
            );
        }
        let text = visible_text(&page);
        assert!(text.contains(indicators), "{lang}: {text}");
        // Nothing is borrowed from English: no span marks any string as such.
        assert!(!page.contains(r#"<span lang="en""#), "{lang}");
    }
    // The language switcher names each language in itself.
    let home = site.page("de/index.html");
    for name in [
        "العربية",
        "中文",
        "Français",
        "Русский",
        "Español",
        "Deutsch",
    ] {
        assert!(home.contains(name), "{name}");
    }
}

#[test]
fn a_language_without_strings_borrows_english_marked_as_english_with_a_warning() {
    let site = demo_in(r#"["vi", "en", "pt"]"#);
    let summary = site.build();
    let warned = warnings(&summary);
    assert!(
        warned.iter().any(|w| w.contains("i18n/pt.toml")
            && w.contains("copy the theme's i18n/en.toml to i18n/pt.toml")
            && w.contains("English is shown in their place, marked lang=\"en\"")),
        "{warned:?}"
    );
    let page = site.page("pt/indicators/index.html");
    assert!(page.contains(r#"<html lang="pt">"#));
    // In text, a borrowed string is a span in English…
    assert!(
        page.contains(r#"<span lang="en">Skip to main content</span>"#),
        "{page}"
    );
    // …and in an attribute or the title, where no element may go, it is plain.
    assert!(page.contains(r#"aria-label="Main""#), "{page}");
    let title = &page[page.find("<title>").unwrap()..page.find("</title>").unwrap()];
    assert!(!title.contains("<span"), "{title}");
    // The switcher names the language in itself, not "English".
    assert!(page.contains(">Português<"), "{page}");
    // The brackets that mark borrowed strings never reach a file.
    for (path, bytes) in site.output_files() {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            assert!(
                !text.contains(['\u{E000}', '\u{E001}']),
                "{path} holds a private-use bracket"
            );
        }
    }
}

#[test]
fn a_portal_translating_some_strings_sees_the_rest_borrowed_and_listed() {
    let site = demo_in(r#"["vi", "en", "pt"]"#);
    site.write(
        "i18n/pt.toml",
        "[nav]\nskip = \"Ir para o conteúdo principal\"\nindicators = \"Indicadores\"\n",
    );
    let summary = site.build();
    let page = site.page("pt/indicators/index.html");
    assert!(page.contains(">Ir para o conteúdo principal</a>"), "{page}");
    assert!(page.contains(r#"<span lang="en">Goals</span>"#), "{page}");
    let warned = warnings(&summary);
    assert!(
        warned.iter().any(|w| w.contains("i18n/pt.toml")
            && w.contains("every interface string of the theme's i18n/en.toml, translated")
            && w.contains("more; English is shown in their place")),
        "{warned:?}"
    );
}

#[test]
fn a_right_to_left_page_sets_borrowed_english_left_to_right() {
    let site = demo_in(r#"["vi", "en", "ur"]"#);
    site.build();
    let page = site.page("ur/index.html");
    assert!(page.contains(r#"<html lang="ur" dir="rtl">"#));
    assert!(
        page.contains(r#"<span lang="en" dir="ltr">Skip to main content</span>"#),
        "{page}"
    );
    assert!(page.contains(">اردو<"));
}
