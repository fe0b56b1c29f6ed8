//! The one rule for URLs an author writes: a link on a page is followed by readers, so only
//! web addresses (`http:`, `https:`) and e-mail (`mailto:`) are published. `javascript:`,
//! `data:`, `file:` and the rest run code or reach the reader's own files when clicked.

/// What a web URL must look like, for messages.
pub const WEB_URL: &str = "an http:// or https:// URL";

/// Checks a web address: an `http://` or `https://` scheme (any letter case), a host, and no
/// white space, control character, quote or angle bracket. Returns what is wrong.
pub fn check_web_url(url: &str) -> Result<(), &'static str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else if url.contains(':') {
        return Err("another scheme than http or https");
    } else {
        return Err("no http:// or https:// scheme");
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err("no host");
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`'))
    {
        return Err("a space, quote or control character");
    }
    Ok(())
}

/// Whether a URL may be a link on a page: a web address, or `mailto:`.
pub fn is_safe_link(url: &str) -> bool {
    check_web_url(url).is_ok()
        || url
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("mailto:"))
            && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_pass() {
        for ok in [
            "https://chinhphu.vn/",
            "http://example.org/a?b=c#d",
            "HTTPS://EXAMPLE.ORG",
        ] {
            assert_eq!(check_web_url(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("javascript:alert(1)", "another scheme than http or https"),
            ("JavaScript:alert(1)", "another scheme than http or https"),
            (" javascript:alert(1)", "another scheme than http or https"),
            (
                "data:text/html,<script>",
                "another scheme than http or https",
            ),
            ("file:///etc/passwd", "another scheme than http or https"),
            ("vbscript:x", "another scheme than http or https"),
            ("//evil.example", "no http:// or https:// scheme"),
            ("example.org", "no http:// or https:// scheme"),
            ("https://", "no host"),
            ("https:///x", "no host"),
            (
                "https://a.org/\"onmouseover=",
                "a space, quote or control character",
            ),
            ("https://a.org/\u{1}", "a space, quote or control character"),
        ] {
            assert_eq!(check_web_url(bad), Err(why), "{bad}");
        }
    }

    #[test]
    fn mail_links_are_safe_too() {
        assert!(is_safe_link("mailto:data@example.org"));
        assert!(is_safe_link("https://example.org"));
        assert!(!is_safe_link("javascript:alert(1)"));
    }
}
