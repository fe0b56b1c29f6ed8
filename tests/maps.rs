//! Maps as readers get them: a choropleth of an indicator's regional figures on its page (SVG
//! with a title, a description naming the highest and lowest regions, a legend of classes, a
//! hatched "no data", focusable regions and a table), as an image, on an embed page and as a
//! GeoJSON download in the catalogues; and the problems a boundary layer or a join can have,
//! each at its file and line. The fixture `tests/fixtures/maps` has a layer of four regions,
//! one of them a city too small to see but as a dot.

mod common;

use common::{Site, visible_text};
use std::sync::OnceLock;

fn built() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = Site::fixture("maps");
        site.build_with_png();
        site
    })
}

/// The map's inline SVG on a page.
fn map_svg(html: &str) -> &str {
    let class = html.find(r#" class="map" id="#).expect("a map");
    let start = html[..class].rfind("<svg").expect("its start");
    let end = start + html[start..].find("</svg>").expect("its end") + "</svg>".len();
    &html[start..end]
}

#[test]
fn the_map_is_an_image_with_a_title_and_a_description_naming_the_highest_and_lowest() {
    let en = built().page("en/indicators/ty-le-vung/index.html");
    let svg = map_svg(&en);
    assert!(
        svg.contains(r#"role="img" aria-labelledby="map-ty-le-vung-title map-ty-le-vung-desc""#)
    );
    assert!(svg.contains(
        r#"<title id="map-ty-le-vung-title">Share of online applications by region, by region</title>"#
    ));
    assert!(
        svg.contains(
            "In 2023, Capital has the highest figure (90%) and South the lowest (30%); 3 of 4 regions have a figure."
        ),
        "{svg}"
    );
    let vi = built().page("vi/indicators/ty-le-vung/index.html");
    assert!(vi.contains("Thủ đô có số liệu cao nhất (90%) và Miền Nam thấp nhất (30%)"));
}

#[test]
fn every_region_is_drawn_focusable_with_its_name_and_figure_and_no_data_is_hatched() {
    let en = built().page("en/indicators/ty-le-vung/index.html");
    let svg = map_svg(&en);
    assert_eq!(svg.matches(r#"<g class="region" data-region=""#).count(), 4);
    assert_eq!(svg.matches(r#"tabindex="0""#).count(), 4);
    for tip in [
        "North: 60.25%",
        "Centre: No data",
        "South: 30%",
        "Capital: 90%",
    ] {
        assert!(svg.contains(&format!("<title>{tip}</title>")), "{tip}");
    }
    // The centre has no 2023 figure: hatched, in the map and in the legend.
    assert!(svg.contains(r##"<pattern id="map-ty-le-vung-nodata""##));
    let centre = &svg[svg.find(r#"data-region="1""#).unwrap()..];
    let centre = &centre[..centre.find("</g>").unwrap()];
    assert!(
        centre.contains(r#"fill="url(#map-ty-le-vung-nodata)""#),
        "{centre}"
    );
    // The capital is a few pixels across: a dot marks it.
    let capital = &svg[svg.find(r#"data-region="3""#).unwrap()..];
    assert!(capital[..capital.find("</g>").unwrap()].contains(r#"<circle class="dot""#));
    // The centre's island is a second polygon of the same region.
    assert_eq!(centre.matches('M').count(), 2, "{centre}");
}

#[test]
fn the_legend_classes_every_period_by_quantiles_and_the_table_holds_the_figures() {
    let en = built().page("en/indicators/ty-le-vung/index.html");
    let svg = map_svg(&en);
    let legend = &svg[svg.find(r#"<g class="map-legend">"#).unwrap()..];
    let text = visible_text(legend);
    for class in [
        "20% to 30%",
        "35%",
        "55% to 60.25%",
        "80%",
        "90%",
        "No data",
    ] {
        assert!(text.contains(class), "{class} in {text}");
    }
    assert!(text.contains("2023"), "the period shown: {text}");
    // The breakdown by sex (99% for women in the North) is not a regional figure.
    assert!(!svg.contains("99%"));
    let table = &en[en.find(r#"data-map-table="map-ty-le-vung""#).unwrap()..];
    let table = visible_text(&table[..table.find("</table>").unwrap()]);
    assert!(table.contains("North 60.25%"), "{table}");
    assert!(table.contains("Centre No data"), "{table}");
    // Every period can be chosen (with the script); the latest is shown.
    assert!(
        en.contains(r#"<option value="0">2022</option><option value="1" selected>2023</option>"#)
    );
    assert!(en.contains(r#"&quot;tips&quot;:[&quot;North: 55%&quot;"#));
}

#[test]
fn the_map_comes_as_an_image_and_an_embed_page() {
    let site = built();
    let svg = site.page("charts/en/maps/ty-le-vung.svg");
    assert!(svg.contains(r#"width="640""#));
    assert!(!svg.contains("tabindex"), "an image has nothing to focus");
    let text = visible_text(&svg);
    assert!(text.contains("Share of online applications by region, by region, 2023"));
    assert!(text.contains("Test boundaries, CC0."), "{text}");
    assert!(text.contains("Source: Test survey"));
    let png = site.output_bytes("charts/vi/maps/ty-le-vung.png");
    assert_eq!(&png[1..4], b"PNG");
    let embed = site.page("en/embed/maps/ty-le-vung/index.html");
    assert!(embed.contains(r#"class="map""#));
    assert!(embed.contains(r#"data-map-table="map-ty-le-vung""#));
    assert!(
        !embed.contains("chart-links"),
        "no download links in an embed"
    );
    let page = site.page("en/indicators/ty-le-vung/index.html");
    assert!(page.contains(r#"href="/en/embed/maps/ty-le-vung/""#));
    assert!(page.contains(r#"href="/charts/en/maps/ty-le-vung.png""#));
}

#[test]
fn the_geojson_download_joins_each_region_with_its_latest_figure_and_is_catalogued() {
    let site = built();
    let json: serde_json::Value =
        serde_json::from_str(&site.page("data/indicators/ty-le-vung.geojson")).unwrap();
    assert_eq!(json["type"], "FeatureCollection");
    let features = json["features"].as_array().unwrap();
    assert_eq!(features.len(), 4);
    let north = &features[0]["properties"];
    assert_eq!(north["code"], "bac");
    assert_eq!(north["name_vi"], "Miền Bắc");
    assert_eq!(north["name_en"], "North");
    assert_eq!(north["period"], "2023");
    assert_eq!(north["value"].to_string(), "60.25");
    // The centre's latest figure is from 2022.
    let centre = &features[1]["properties"];
    assert_eq!(
        (centre["period"].as_str(), centre["value"].as_i64()),
        (Some("2022"), Some(35))
    );
    assert_eq!(features[1]["geometry"]["type"], "MultiPolygon");
    let data_json = site.page("data.json");
    assert!(data_json.contains("ty-le-vung.geojson"));
    assert!(data_json.contains("application/geo+json"));
    let turtle = site.page("catalog.ttl");
    assert!(turtle.contains(
        "@prefix filetype: <http://publications.europa.eu/resource/authority/file-type/> ."
    ));
    assert!(turtle.contains("dct:format filetype:GEOJSON ;"), "{turtle}");
    let hub = site.page("en/data/index.html");
    assert!(hub.contains("ty-le-vung.geojson"));
}

#[test]
fn a_code_no_region_has_is_a_problem_at_its_line() {
    let site = Site::fixture("maps");
    site.edit(
        "data/indicators/ty-le-vung.csv",
        "2023,30,nam,,s1",
        "2023,30,nam,,s1\n2023,12,tay-nguyen,,s1\n2022,13,tay-nguyen,,s1",
    );
    let problems = site.problems();
    assert_eq!(
        problems,
        vec![
            "data/indicators/ty-le-vung.csv:11:3: vung: expected the id of a region of the layer \"vung\" (data/maps/vung.geojson), such as \"trung\", found \"tay-nguyen\""
        ],
        "one problem per code, at its first line"
    );
}

#[test]
fn a_layer_that_does_not_exist_or_a_column_the_data_lacks_is_a_problem_in_the_metadata() {
    let site = Site::fixture("maps");
    site.edit(
        "data/indicators/ty-le-vung.toml",
        r#"map = "vung""#,
        r#"map = "vungg""#,
    );
    assert_eq!(
        site.problems(),
        vec![
            "data/indicators/ty-le-vung.toml:17:7: display.map: expected the id of a boundary layer (a file in data/maps/), such as \"vung\", found \"vungg\""
        ]
    );
    let site = Site::fixture("maps");
    site.edit(
        "data/maps/vung.toml",
        r#"dimension = "vung""#,
        r#"dimension = "tinh""#,
    );
    let problems = site.problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("data/indicators/ty-le-vung.toml:17:7: display.map: expected a dimension column \"tinh\" in data/indicators/ty-le-vung.csv"),
        "{problems:?}"
    );
}

#[test]
fn a_boundary_file_is_checked_for_geojson_closed_rings_unique_codes_and_names() {
    let site = Site::fixture("maps");
    let layer = site.read_source("data/maps/vung.geojson");
    let broken = layer
        // The south's ring does not come back to its start.
        .replace(
            "[106.0, 8.5], [104.5, 8.5], [104.5, 12.0]]]",
            "[106.0, 8.5], [104.5, 8.5], [104.4, 12.0]]]",
        )
        // The capital takes the north's code, and loses its English name.
        .replace(
            r#""ma": "thu-do", "ten": "Thủ đô", "name": "Capital""#,
            r#""ma": "bac", "ten": "Thủ đô""#,
        );
    site.write("data/maps/vung.geojson", broken);
    let problems = site.problems();
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems.iter().any(|p| p.starts_with(
            "data/maps/vung.geojson:4: features[2]: expected a Polygon or MultiPolygon"
        ) && p.contains(
            "ring 1 that is not closed: it starts at [104.5, 12.0] and ends at [104.4, 12.0]"
        )),
        "{problems:#?}"
    );
    assert!(problems.iter().any(|p| p.contains("features[3]: expected a code of its own for each region, found \"bac\" again (it is the code of features[0] too)")), "{problems:#?}");
    assert!(problems.iter().any(|p| p.contains("features[3]: expected the region's name in en in the property \"name\", found no such property")), "{problems:#?}");

    site.write(
        "data/maps/vung.geojson",
        "{\"type\": \"FeatureCollection\",\n \"features\": [,]}",
    );
    let problems = site.problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("data/maps/vung.geojson:2:"),
        "{problems:?}"
    );
}

#[test]
fn a_map_of_63_detailed_provinces_stays_under_150_kb() {
    let site = Site::fixture("maps");
    // 63 provinces in a 9 × 7 grid, each a ring of 2,000 positions with a wiggle of ~2 km (more
    // than a pixel of the map, so simplification keeps much of it): a boundary file of 2.5 MB.
    let mut features = Vec::new();
    let mut csv = String::from("period,value,vung,gioi-tinh,source\n");
    for p in 0..63 {
        let (cx, cy) = (103.0 + f64::from(p % 7), 10.0 + f64::from(p / 7));
        let ring: Vec<[f64; 2]> = (0..=2000)
            .map(|i| {
                let a = f64::from(i % 2000) / 2000.0 * std::f64::consts::TAU;
                let r = 0.45 + 0.002 * f64::from((i % 2000 * 7919) % 13);
                [cx + r * a.cos(), cy + r * a.sin()]
            })
            .collect();
        features.push(serde_json::json!({
            "type": "Feature",
            "properties": {"ma": format!("t{p}"), "ten": format!("Tỉnh {p}"), "name": format!("Province {p}")},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }));
        csv.push_str(&format!("2023,{},t{p},,s1\n", 20 + p));
    }
    let layer = serde_json::json!({"type": "FeatureCollection", "features": features});
    site.write(
        "data/maps/vung.geojson",
        serde_json::to_string(&layer).unwrap(),
    );
    site.write("data/indicators/ty-le-vung.csv", csv);
    site.build();
    let page = site.page("en/indicators/ty-le-vung/index.html");
    let svg = map_svg(&page);
    assert_eq!(svg.matches(r#"<g class="region""#).count(), 63);
    assert!(svg.len() < 150_000, "{} bytes", svg.len());
    assert!(site.page("charts/en/maps/ty-le-vung.svg").len() < 150_000);
}

#[test]
fn an_indicator_without_display_map_has_no_map() {
    let site = Site::fixture("maps");
    site.edit(
        "data/indicators/ty-le-vung.toml",
        "[display]\nmap = \"vung\"\n",
        "",
    );
    site.build();
    let page = site.page("en/indicators/ty-le-vung/index.html");
    assert!(!page.contains(r#"class="map""#));
    assert!(
        !site
            .out()
            .join("data/indicators/ty-le-vung.geojson")
            .exists()
    );
    assert!(!site.out().join("en/embed/maps").exists());
}

#[test]
fn open_sdg_map_layers_and_data_show_map_are_read_as_sdg_build_reads_them() {
    let site = Site::fixture("opensdg-quirks");
    // sdg-build's OutputGeoJson: the layer's file, its name and id properties; GeoCode joins.
    let layer = Site::fixture("maps")
        .read_source("data/maps/vung.geojson")
        .replace(r#""ten": "#, r#""tenvung": "#);
    site.write("boundaries/regions.geojson", layer);
    let config = site.read_source("config_data.yml");
    site.write(
        "config_data.yml",
        format!(
            "{config}map_layers:\n  - geojson_file: boundaries/regions.geojson\n    name_property: tenvung\n    id_property: ma\n  - geojson_file: https://example.org/districts.geojson\n    output_subfolder: districts\n"
        ),
    );
    site.write(
        "data/indicator_9-1-1.csv",
        "Year,Region,GeoCode,Value\n2020,,,50\n2020,North,bac,61\n2020,South,nam,42\n2020,Atlantis,atl,7\n",
    );
    site.write(
        "meta/9-1-1.md",
        "---\nindicator_name: Rural roads\nreporting_status: complete\ndata_show_map: true\n---\n",
    );
    let summary = site.build();
    let warnings: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with("config_data.yml:")
            && w.contains("the address \"https://example.org/districts.geojson\"")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("data/indicator_9-1-1.csv:5: GeoCode:")
                && w.contains("\"atl\", which no region has: left off the map")),
        "{warnings:#?}"
    );
    let page = site.page("en/indicators/9-1-1/index.html");
    let svg = map_svg(&page);
    assert!(svg.contains("<title>Miền Bắc: 61</title>"), "{svg}");
    assert!(svg.contains("Miền Bắc has the highest figure (61) and Miền Nam the lowest (42)"));
    let geojson = site.page("data/indicators/9-1-1.geojson");
    assert!(geojson.contains(r#""value":61"#), "{geojson}");
    // An indicator without data_show_map has no map.
    assert!(
        !site
            .page("en/indicators/1-2-1/index.html")
            .contains(r#"class="map""#)
    );

    // Imported into chiso's own files, which refuse a code no region has: every row is
    // written, the map is not, and a notice says why.
    let import = |site: &Site| {
        let imported = Site {
            dir: tempfile::tempdir().unwrap(),
        };
        let result =
            chiso::import::import(site.root(), imported.root()).unwrap_or_else(|p| panic!("{p:?}"));
        let warnings: Vec<String> = result.warnings.iter().map(ToString::to_string).collect();
        (imported, warnings)
    };
    let (imported, warnings) = import(&site);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("\"atl\", which no region has: display.map not written")),
        "{warnings:#?}"
    );
    assert!(
        !imported
            .read_source("data/indicators/9-1-1.toml")
            .contains("map = ")
    );
    assert!(
        imported
            .read_source("data/indicators/9-1-1.csv")
            .contains("atl")
    );
    // With the code corrected, the layer and the join come along and draw the same map.
    site.edit("data/indicator_9-1-1.csv", "2020,Atlantis,atl,7\n", "");
    site.build();
    let svg = map_svg(&site.page("en/indicators/9-1-1/index.html")).to_string();
    let (imported, _) = import(&site);
    assert!(
        imported
            .read_source("data/indicators/9-1-1.toml")
            .contains("map = \"regions\"")
    );
    assert!(
        imported
            .read_source("data/maps/regions.toml")
            .contains("dimension = \"GeoCode\"")
    );
    imported.build();
    assert_eq!(
        map_svg(&imported.page("en/indicators/9-1-1/index.html")),
        svg
    );
}

#[test]
fn a_boundary_file_outside_the_portal_is_never_read() {
    let site = Site::fixture("maps");
    site.edit(
        "data/maps/vung.toml",
        r#"file = "vung.geojson""#,
        r#"file = "../../../etc/passwd""#,
    );
    let problems = site.problems();
    assert_eq!(
        problems,
        vec![
            "data/maps/vung.toml:2:8: file: expected a GeoJSON file inside the portal, named relative to this file, found \"../../../etc/passwd\" (\"..\", which leaves the folder)"
        ],
        "one cause, and the indicator naming the layer is not reported too"
    );
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.geojson"), "{}").unwrap();
    let site = Site::fixture("maps");
    std::fs::remove_file(site.path("data/maps/vung.geojson")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.geojson"),
        site.path("data/maps/vung.geojson"),
    )
    .unwrap();
    let problems = site.problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("data/maps/vung.geojson: expected a file inside the portal folder"),
        "{problems:?}"
    );
}
