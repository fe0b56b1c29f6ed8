//! Interface strings a language borrows from [`FALLBACK_LANGUAGE`], marked with their language
//! on the page so that screen readers pronounce them as English and translators find them.
//!
//! Neither `t()` in a template nor the code that builds a page's strings knows where a string
//! lands: in text, where it can be wrapped in `<span lang="en">`, or in an attribute, a
//! `<title>`, a script or a chart, where no element may go. So pages are rendered with
//! [`Translator::marking_borrowed`], whose borrowed strings are bracketed with two private-use
//! characters, and [`mark`] turns the brackets into a span where the page allows one and
//! drops them elsewhere; files that are no page (chart images, the search index) go through
//! [`strip`].
//!
//! [`FALLBACK_LANGUAGE`]: crate::theme::i18n::FALLBACK_LANGUAGE
//! [`Translator::marking_borrowed`]: crate::theme::i18n::Translator::marking_borrowed

use crate::theme::i18n::{BORROWED_CLOSE as CLOSE, BORROWED_OPEN as OPEN};

/// Elements whose content may hold no span: text only, or SVG, where an HTML element would
/// hide the text.
const TEXT_ONLY: [&str; 6] = ["title", "script", "style", "textarea", "option", "svg"];

/// `text` without the brackets of borrowed strings.
pub fn strip(text: &str) -> String {
    text.replace([OPEN, CLOSE], "")
}

/// Replaces the brackets of borrowed strings in a rendered HTML page by
/// `<span lang="{lang}">` (with `dir="ltr"` on a right-to-left page) where the page's text
/// may hold an element, and removes them inside tags and text-only elements. In a page that is
/// no HTML (`xml`, `js`), `html` is false and every bracket is removed.
pub fn mark(page: &str, lang: &str, right_to_left: bool, html: bool) -> String {
    if !html {
        return strip(page);
    }
    let open = if right_to_left {
        format!("<span lang=\"{lang}\" dir=\"ltr\">")
    } else {
        format!("<span lang=\"{lang}\">")
    };
    let mut out = String::with_capacity(page.len() + 512);
    let mut in_tag = false;
    let mut text_only: Option<&str> = None;
    let mut rest = page;
    while let Some(c) = rest.chars().next() {
        let width = c.len_utf8();
        match c {
            '<' if !in_tag => {
                let after = &rest[1..];
                match text_only {
                    Some(name) if closes(after, name) => {
                        text_only = None;
                        in_tag = true;
                    }
                    Some(_) => {}
                    None => {
                        in_tag = true;
                        text_only = TEXT_ONLY.into_iter().find(|name| opens(after, name));
                    }
                }
                out.push(c);
            }
            '>' if in_tag => {
                in_tag = false;
                out.push(c);
            }
            OPEN if !in_tag && text_only.is_none() => out.push_str(&open),
            CLOSE if !in_tag && text_only.is_none() => out.push_str("</span>"),
            OPEN | CLOSE => {}
            _ => out.push(c),
        }
        rest = &rest[width..];
    }
    out
}

/// Whether `after` (what follows a `<`) starts the element `name`: `title>` or `title `.
fn opens(after: &str, name: &str) -> bool {
    after
        .get(..name.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(name))
        && after[name.len()..]
            .chars()
            .next()
            .is_some_and(|c| c == '>' || c.is_ascii_whitespace())
}

/// Whether `after` (what follows a `<`) closes the element `name`.
fn closes(after: &str, name: &str) -> bool {
    after.strip_prefix('/').is_some_and(|a| opens(a, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bracket(text: &str) -> String {
        format!("{OPEN}{text}{CLOSE}")
    }

    #[test]
    fn borrowed_text_is_a_span_in_english_and_nothing_in_attributes_or_titles() {
        let page = format!(
            "<html lang=\"de\"><head><title>{} · Seite</title><script>var s = \"{}\";</script></head>\
             <body><nav aria-label=\"{}\"><a href=\"/\">{}</a></nav><select><option>{}</option></select>\
             <p>Erreicht · {}</p></body></html>",
            bracket("Target status"),
            bracket("Copied"),
            bracket("Main"),
            bracket("Home"),
            bracket("All goals"),
            bracket("Not met"),
        );
        let marked = mark(&page, "en", false, true);
        assert_eq!(
            marked,
            "<html lang=\"de\"><head><title>Target status · Seite</title><script>var s = \"Copied\";</script></head>\
             <body><nav aria-label=\"Main\"><a href=\"/\"><span lang=\"en\">Home</span></a></nav><select><option>All goals</option></select>\
             <p>Erreicht · <span lang=\"en\">Not met</span></p></body></html>"
        );
    }

    #[test]
    fn a_right_to_left_page_sets_borrowed_text_left_to_right() {
        let marked = mark(&format!("<p>{}</p>", bracket("Met")), "en", true, true);
        assert_eq!(marked, "<p><span lang=\"en\" dir=\"ltr\">Met</span></p>");
    }

    #[test]
    fn a_page_that_is_no_html_loses_the_brackets() {
        let feed = format!(
            "<feed><title>{}</title><summary>{}</summary></feed>",
            bracket("Updates"),
            bracket("New")
        );
        assert_eq!(
            mark(&feed, "en", false, false),
            "<feed><title>Updates</title><summary>New</summary></feed>"
        );
    }

    #[test]
    fn an_inline_chart_keeps_its_text_plain() {
        let page = format!(
            "<figure><svg role=\"img\"><title>{}</title><text>{}</text></svg><figcaption>{}</figcaption></figure>",
            bracket("Chart"),
            bracket("Target"),
            bracket("Source")
        );
        assert_eq!(
            mark(&page, "en", false, true),
            "<figure><svg role=\"img\"><title>Chart</title><text>Target</text></svg><figcaption><span lang=\"en\">Source</span></figcaption></figure>"
        );
    }

    #[test]
    fn a_less_than_sign_inside_a_script_does_not_end_it() {
        let page = format!(
            "<script>if (a <b) {{ x = \"{}\"; }}</script><p>{}</p>",
            bracket("a"),
            bracket("b")
        );
        assert_eq!(
            mark(&page, "en", false, true),
            "<script>if (a <b) { x = \"a\"; }</script><p><span lang=\"en\">b</span></p>"
        );
    }
}
