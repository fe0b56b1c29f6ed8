//! A link shared on a social network or a messenger shows a card: Open Graph and Twitter tags
//! with absolute URLs, the chart as the picture of indicator and target pages; every page has
//! a favicon.

mod common;

use common::Site;

fn meta(html: &str, property: &str) -> Option<String> {
    let start = html.find(&format!("property=\"{property}\" content=\""))?;
    let rest = &html[start..];
    let value = rest.split("content=\"").nth(1)?;
    Some(value.split('"').next()?.to_string())
}

#[test]
fn an_indicator_page_is_shared_with_its_title_description_address_and_chart() {
    let site = Site::fixture("demo");
    site.build_with_png();
    let html = site.page("en/indicators/dvc-truc-tuyen/index.html");
    let base = "https://data.example.org/portal/";
    assert_eq!(
        meta(&html, "og:url").as_deref(),
        Some("https://data.example.org/portal/en/indicators/dvc-truc-tuyen/")
    );
    assert!(meta(&html, "og:title").is_some_and(|t| !t.is_empty()));
    assert!(meta(&html, "og:site_name").is_some_and(|t| !t.is_empty()));
    let image = meta(&html, "og:image").expect("the chart is the picture");
    assert_eq!(
        image,
        format!("{base}charts/en/indicators/dvc-truc-tuyen.png")
    );
    assert!(
        site.out()
            .join("charts/en/indicators/dvc-truc-tuyen.png")
            .is_file()
    );
    assert!(html.contains(r#"<meta name="twitter:card" content="summary_large_image">"#));

    let home = site.page("vi/index.html");
    assert_eq!(meta(&home, "og:image"), None, "no chart, no picture");
    assert!(home.contains(r#"<meta name="twitter:card" content="summary">"#));
}

#[test]
fn every_page_has_a_favicon_and_the_host_root_has_favicon_ico() {
    let site = Site::fixture("demo");
    site.build();
    let html = site.page("vi/index.html");
    assert!(
        html.contains(
            r#"<link rel="icon" href="/portal/assets/favicon.svg" type="image/svg+xml">"#
        ),
        "{html}"
    );
    assert!(html.contains(
        r#"<link rel="icon" href="/portal/assets/favicon.png" type="image/png" sizes="32x32">"#
    ));
    assert!(site.page("assets/favicon.svg").starts_with("<svg"));
    assert!(
        site.output_bytes("assets/favicon.png")
            .starts_with(b"\x89PNG")
    );
    assert!(
        !site.out().join("favicon.ico").exists(),
        "under a sub-path the host's root is not the portal's to write"
    );

    let at_root = Site::fixture("demo");
    let options = chiso::build::BuildOptions {
        out: at_root.out(),
        base_url: Some("https://data.example.org/".into()),
        cache: common::test_cache(),
        png: false,
        ..Default::default()
    };
    chiso::build::build(at_root.root(), &options, &|_| {}).unwrap();
    let icon = at_root.output_bytes("favicon.ico");
    assert_eq!(&icon[..4], b"\0\0\x01\0", "an ICO file");
}
