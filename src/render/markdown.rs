//! Markdown to safe HTML: CommonMark with tables and footnotes, then sanitised so no script,
//! event handler or style from a content file reaches a page.

use pulldown_cmark::{Options, Parser, html};

pub fn to_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    // Links keep only web and e-mail schemes (the rule of `model::url`); a link whose URL is
    // dropped stays as its text in a bare `<a>`, which is valid HTML, so `rel` is not added.
    ammonia::Builder::default()
        .add_tag_attributes("td", ["align"])
        .add_tag_attributes("th", ["align"])
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(None)
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown() {
        let html = to_html("# Tiêu đề\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("<h1>Tiêu đề</h1>"));
        assert!(html.contains("<td>1</td>"));
    }

    #[test]
    fn removes_scripts_handlers_and_javascript_links() {
        let html = to_html(
            "Hi <script>alert(1)</script><img src=x onerror=\"alert(2)\"> [x](javascript:alert(3))",
        );
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn links_keep_only_web_and_mail_schemes_and_stay_valid_html() {
        let html = to_html(
            "[a](https://example.org/) [b](mailto:x@example.org) [c](data:text/html,x) \
             [d](vbscript:x) [e](file:///etc/passwd) [f](/vi/goals/)",
        );
        assert!(
            html.contains(r#"<a href="https://example.org/">a</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="mailto:x@example.org">b</a>"#),
            "{html}"
        );
        assert!(
            html.contains("<a>c</a>") && html.contains("<a>d</a>"),
            "{html}"
        );
        assert!(html.contains("<a>e</a>"), "{html}");
        assert!(html.contains(r#"<a href="/vi/goals/">f</a>"#), "{html}");
        assert!(
            !html.contains("rel="),
            "no rel on a link without href: {html}"
        );
    }
}
