use super::*;

fn vi() -> NumberFormat {
    NumberFormat {
        decimal: ",".into(),
        group: ".".into(),
    }
}

fn en() -> NumberFormat {
    NumberFormat {
        decimal: ".".into(),
        group: ",".into(),
    }
}

fn point(year: i32, y: Option<f64>, value: &str) -> Point {
    Point {
        x: year as f64 + 0.5,
        span: None,
        y,
        period: year.to_string(),
        value: value.into(),
        marker: None,
        break_before: false,
    }
}

fn series(label: &str, shown: bool, points: Vec<Point>) -> Series {
    Series {
        label: label.into(),
        shown,
        total: label == "Tổng",
        codes: Vec::new(),
        points,
    }
}

/// A line chart with everything a target's page shows.
fn chart() -> Chart {
    let mut first = point(2020, Some(30.86), "30,86%");
    first.marker = Some("1".into());
    Chart {
        id: "c".into(),
        title: "Tỷ lệ <DVC> mức độ 4".into(),
        description: "Tăng từ 30,86% năm 2020".into(),
        kind: Kind::Line,
        unit_label: "phần trăm".into(),
        series: vec![
            series(
                "Tổng",
                true,
                vec![
                    first,
                    point(2021, Some(50.0), "50%"),
                    point(2022, None, "không có"),
                    point(2023, Some(71.5), "71,5%"),
                ],
            ),
            series("Bộ A", false, vec![point(2022, Some(100.0), "100%")]),
        ],
        targets: vec![TargetMark {
            value: 100.0,
            deadline: Some(2025.5),
            label: "Chỉ tiêu 100%, hạn 2025".into(),
        }],
        moments: Vec::new(),
        baseline: Some(BaselineMark {
            x: 2020.5,
            y: 30.86,
            label: "Giá trị cơ sở 30,86% (2020)".into(),
        }),
        paths: vec![
            Path {
                label: "Lộ trình cần đạt".into(),
                kind: PathKind::Required,
                points: vec![(2020.5, 30.86), (2025.5, 100.0)],
            },
            Path {
                label: "Lộ trình dự báo".into(),
                kind: PathKind::Projected,
                points: vec![(2023.5, 71.5), (2025.5, 85.0)],
            },
        ],
        axis: [None, None],
        numbers: vi(),
    }
}

fn frame() -> Frame {
    Frame {
        heading: "Tỷ lệ hồ sơ được xử lý trực tuyến".into(),
        lines: vec!["Nguồn: Báo cáo".into(), "Giấy phép: CC BY 4.0".into()],
    }
}

#[test]
fn svg_is_an_accessible_image_with_title_and_description() {
    let svg = chart().to_svg(Variant::Wide);
    assert!(svg.starts_with("<svg "));
    assert!(svg.contains(r#"role="img""#));
    assert!(svg.contains(r#"aria-labelledby="c-title c-desc""#));
    assert!(svg.contains("<title id=\"c-title\">Tỷ lệ &lt;DVC&gt; mức độ 4</title>"));
    assert!(svg.contains("<desc id=\"c-desc\">Tăng từ 30,86% năm 2020</desc>"));
    assert!(svg.contains(r#"viewBox="0 0 640 "#));
    let compact = chart().to_svg(Variant::Compact);
    assert!(compact.contains(r#"id="c-compact""#) && compact.contains(r#"viewBox="0 0 320 "#));
}

#[test]
fn axes_carry_the_unit_years_and_ticks_in_the_page_language() {
    let svg = chart().to_svg(Variant::Wide);
    assert!(svg.contains(">phần trăm</text>"), "{svg}");
    for year in ["2020", "2023", "2025"] {
        assert!(svg.contains(&format!(">{year}</text>")), "{year}");
    }
    assert!(svg.contains("data-tips=\"2020: 30,86%\n"), "{svg}");
    assert!(svg.contains(">Chỉ tiêu 100%, hạn 2025</text>"));

    let mut big = chart();
    big.series[0].points = vec![
        point(2020, Some(2400.0), "2.400"),
        point(2021, Some(11700.0), "11.700"),
    ];
    big.targets.clear();
    big.paths.clear();
    big.baseline = None;
    let svg = big.to_svg(Variant::Wide);
    assert!(svg.contains(">12.500</text>"), "{svg}");
    big.numbers = en();
    assert!(big.to_svg(Variant::Wide).contains(">12,500</text>"));
}

/// The first line's element (its tooltips hold line breaks), and its `d`.
fn headline_path(svg: &str) -> (&str, &str) {
    let line = &svg[svg.find(r#"<path class="line""#).unwrap()..];
    let line = &line[..line.find("/>").unwrap()];
    let d = line.split(r#" d=""#).nth(1).unwrap();
    (line, &d[..d.find('"').unwrap()])
}

#[test]
fn a_gap_breaks_the_line_and_every_value_has_its_mark_and_tooltip() {
    let svg = chart().to_svg(Variant::Wide);
    let (line, d) = headline_path(&svg);
    // 2020–2021 is a stroke; 2023, after the gap of 2022, stands alone as a run of no length.
    assert_eq!(d.matches('M').count(), 2, "{d}");
    assert_eq!(d.matches('L').count(), 1, "{d}");
    assert!(d.ends_with("h0"), "{d}");
    assert!(line.contains(r#"marker-mid="url(#c-m0)""#), "{line}");
    assert!(svg.contains(r#"<marker id="c-m0" "#));
    assert!(
        line.contains("data-tips=\"2020: 30,86%\n2021: 50%\n2023: 71,5%\""),
        "a tooltip per vertex, in order: {line}"
    );
    let mut joined = chart();
    joined.series[0].points.remove(2);
    let joined = joined.to_svg(Variant::Wide);
    let (_, d) = headline_path(&joined);
    assert_eq!(d.matches('M').count(), 1, "three points joined: {d}");
    assert_eq!(d.matches('L').count(), 2, "three points joined: {d}");
    // The compact layout's markers have ids of their own, and its line the wide line's
    // vertices in the same order but no tooltips: the script reads the wide line's. An
    // image has no tooltips.
    let compact = chart().to_svg(Variant::Compact);
    assert!(compact.contains(r#"<marker id="c-compact-m0" "#));
    let (compact_line, compact_d) = headline_path(&compact);
    assert!(!compact_line.contains("data-tips"), "{compact_line}");
    let vertices = |d: &str| d.matches(['M', 'L']).count();
    assert_eq!(
        vertices(compact_d),
        vertices(headline_path(&svg).1),
        "{compact_d}"
    );
    assert!(
        !chart()
            .to_svg(Variant::Image(&frame()))
            .contains("data-tip")
    );
}

#[test]
fn hidden_series_wait_on_pages_and_are_left_out_of_images() {
    let page = chart().to_svg(Variant::Wide);
    assert!(page.contains(r#"data-series="1" data-label="Bộ A" display="none""#));
    let image = chart().to_svg(Variant::Image(&frame()));
    assert!(!image.contains("Bộ A"));
    assert!(image.contains(">Tỷ lệ hồ sơ được xử lý trực tuyến</text>"));
    assert!(image.contains(">Giấy phép: CC BY 4.0</text>"));
    assert!(image.contains(r#"width="640" height=""#));
}

#[test]
fn marks_differ_by_shape_and_the_legend_names_paths_and_baseline() {
    let svg = chart().to_svg(Variant::Wide);
    assert!(svg.contains("<circle "), "the headline's marks are circles");
    assert!(
        svg.contains(r#"<rect x="#),
        "the second series' marks are squares"
    );
    assert!(svg.contains(">Lộ trình cần đạt</text>"));
    assert!(svg.contains(">Giá trị cơ sở 30,86% (2020)</text>"));
    assert!(svg.contains(r#"stroke-dasharray="8 4""#) && svg.contains(r#"stroke-dasharray="2 4""#));
    assert!(svg.contains(r#"class="note-mark""#));
}

#[test]
fn categories_are_bars_with_their_names_and_values() {
    let categories = Chart {
        kind: Kind::Categories,
        series: vec![
            series("Tổng", true, vec![point(2022, Some(17687.0), "17.687")]),
            series(
                "Thủ tục hành chính",
                true,
                vec![point(2022, Some(4323.0), "4.323")],
            ),
        ],
        targets: Vec::new(),
        baseline: None,
        paths: Vec::new(),
        ..chart()
    };
    let svg = categories.to_svg(Variant::Compact);
    assert_eq!(svg.matches(r#"class="bar""#).count(), 2);
    // Each bar in its series' colour, as the series' swatch on the page shows it.
    for (index, _) in categories.series.iter().enumerate() {
        let colour = series_style(index).colour;
        let group = &svg[svg.find(&format!(r#"data-series="{index}""#)).unwrap()..];
        let bar = &group[group.find(r#"class="bar""#).unwrap()..];
        assert!(
            bar[..bar.find("/>").unwrap()].contains(&format!(r#"fill="{colour}""#)),
            "{bar}"
        );
    }
    assert!(svg.contains(">Thủ tục hành chính</text>"));
    assert!(svg.contains(">4.323</text>"));
    assert!(
        svg.contains(">20.000</text>") || svg.contains(">15.000</text>"),
        "{svg}"
    );
}

#[test]
fn bars_stack_the_parts_and_mark_the_total() {
    let stacked = Chart {
        kind: Kind::StackedBars,
        series: vec![
            series(
                "Tổng",
                true,
                vec![point(2022, Some(10.0), "10"), point(2023, Some(12.0), "12")],
            ),
            series(
                "A",
                true,
                vec![point(2022, Some(4.0), "4"), point(2023, Some(5.0), "5")],
            ),
            series(
                "B",
                true,
                vec![point(2022, Some(6.0), "6"), point(2023, Some(7.0), "7")],
            ),
        ],
        targets: Vec::new(),
        baseline: None,
        paths: Vec::new(),
        ..chart()
    };
    let svg = stacked.to_svg(Variant::Wide);
    assert_eq!(svg.matches(r#"class="bar""#).count(), 4);
    assert_eq!(svg.matches(r#"class="total-mark""#).count(), 2);
    let grouped = Chart {
        kind: Kind::Bars,
        ..stacked
    };
    assert_eq!(
        grouped
            .to_svg(Variant::Wide)
            .matches(r#"class="bar""#)
            .count(),
        6
    );
}

#[test]
fn ranges_are_drawn_across_their_years() {
    let mut ranged = chart();
    ranged.series[0].points[1].span = Some((2020.0, 2022.0));
    assert!(ranged.to_svg(Variant::Wide).contains(r#"class="span""#));
}

#[test]
fn snapshot_of_a_target_chart() {
    insta::assert_snapshot!(chart().to_svg(Variant::Wide));
}

/// The same charts rasterised, with the `png` feature.
#[cfg(feature = "png")]
mod png_images {
    use super::*;
    use crate::chart::png::{self, Fonts};
    use ::png as png_crate;

    fn decode(bytes: &[u8]) -> resvg::tiny_skia::Pixmap {
        resvg::tiny_skia::Pixmap::decode_png(bytes).expect("a PNG")
    }

    /// Pixels darker than near-white.
    fn ink(pixmap: &resvg::tiny_skia::Pixmap) -> usize {
        pixmap
            .pixels()
            .iter()
            .filter(|p| {
                p.alpha() > 0 && (p.red() as u32 + p.green() as u32 + p.blue() as u32) < 600
            })
            .count()
    }

    #[test]
    fn png_images_have_the_svg_size_and_are_not_blank() {
        let fonts = Fonts::bundled();
        let svg = chart().to_svg(Variant::Image(&frame()));
        let height: f64 = svg
            .split(r#"height=""#)
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|h| h.parse().ok())
            .expect("a height");
        let pixmap = decode(&png::render(&svg, &fonts).unwrap());
        assert_eq!(pixmap.width(), 640);
        assert_eq!(pixmap.height() as f64, height.floor());
        let colours: std::collections::BTreeSet<[u8; 3]> = pixmap
            .pixels()
            .iter()
            .map(|p| [p.red(), p.green(), p.blue()])
            .collect();
        assert!(colours.len() > 8, "drawn in shades, edges blended");
        assert!(ink(&pixmap) > 10_000, "lines, marks and text are drawn");
    }

    /// What resvg draws for `svg`, RGBA pixel for pixel, before any palette.
    fn drawn(svg: &str, fonts: &Fonts) -> resvg::tiny_skia::Pixmap {
        let options = resvg::usvg::Options {
            fontdb: fonts.database(),
            ..Default::default()
        };
        let tree = resvg::usvg::Tree::from_str(svg, &options).unwrap();
        let size = tree.size().to_int_size().scale_by(png::ZOOM).unwrap();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(png::ZOOM, png::ZOOM),
            &mut pixmap.as_mut(),
        );
        pixmap
    }

    fn colour_type(bytes: &[u8]) -> png_crate::ColorType {
        let decoder = png_crate::Decoder::new(std::io::Cursor::new(bytes));
        decoder.read_info().unwrap().info().color_type
    }

    #[test]
    fn a_chart_of_few_colours_is_a_palette_png_with_the_same_pixels() {
        let fonts = Fonts::bundled();
        // A horizontal line and one flat fill on whole pixels: few colours.
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="240"><rect width="400" height="240" fill="#ffffff"/><rect x="40" y="40" width="160" height="80" fill="#0060a8"/><line x1="0" x2="400" y1="184" y2="184" stroke="#767676" stroke-width="8"/></svg>"##;
        let bytes = png::render(svg, &fonts).unwrap();
        assert_eq!(colour_type(&bytes), png_crate::ColorType::Indexed);
        let drawn = drawn(svg, &fonts);
        assert_eq!(decode(&bytes).data(), drawn.data(), "lossless");
        let rgba = drawn.encode_png().unwrap();
        assert!(
            bytes.len() * 2 < rgba.len(),
            "{} bytes as a palette, {} as RGBA",
            bytes.len(),
            rgba.len()
        );
    }

    #[test]
    fn a_chart_of_many_colours_keeps_its_flat_colours_exactly_in_a_palette() {
        let fonts = Fonts::bundled();
        // Diagonal lines of six colours crossing each other: thousands of blends at the edges.
        let lines: String = ["#0060a8", "#b34700", "#00734d", "#a3006b", "#5c5c00", "#a4161a"]
            .iter()
            .enumerate()
            .map(|(i, colour)| {
                let (from, to) = (10 + 30 * i, 200 - 25 * i);
                format!(r#"<line x1="0" y1="{from}" x2="400" y2="{to}" stroke="{colour}" stroke-width="3" stroke-dasharray="7 4"/>"#)
            })
            .collect();
        let svg = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="220" font-family="DejaVu Sans"><rect width="400" height="220" fill="#ffffff"/>{lines}<text x="20" y="210" font-size="13">Path required from the baseline</text></svg>"##
        );
        let drawn = drawn(&svg, &fonts);
        let colours: std::collections::HashSet<_> = drawn.data().chunks(4).collect();
        assert!(
            colours.len() > 256,
            "{} colours: the case is tested",
            colours.len()
        );

        let bytes = png::render(&svg, &fonts).unwrap();
        assert_eq!(colour_type(&bytes), png_crate::ColorType::Indexed);
        let image = decode(&bytes);
        let flat = |p: &resvg::tiny_skia::PremultipliedColorU8| {
            let c = p.demultiply();
            let hex = format!("#{:02x}{:02x}{:02x}", c.red(), c.green(), c.blue());
            c.alpha() == 255 && (hex == "#ffffff" || svg.contains(&hex))
        };
        let (mut exact, mut worst) = (0, 0);
        for (ours, theirs) in image.pixels().iter().zip(drawn.pixels()) {
            let (a, b) = (ours.demultiply(), theirs.demultiply());
            let gap = [
                a.red().abs_diff(b.red()),
                a.green().abs_diff(b.green()),
                a.blue().abs_diff(b.blue()),
            ];
            worst = worst.max(*gap.iter().max().unwrap());
            exact += usize::from(gap == [0, 0, 0]);
            if flat(theirs) {
                assert_eq!(
                    gap,
                    [0, 0, 0],
                    "the background and the lines' own colours are exact"
                );
            }
        }
        let share = exact as f64 / drawn.pixels().len() as f64;
        assert!(share > 0.98, "{share}: only edge pixels move");
        assert!(
            worst < 64,
            "edge pixels drawn in a near colour, at worst {worst} off"
        );
        assert!(ink(&image) > 5_000, "lines and text are drawn");
    }

    #[test]
    fn vietnamese_titles_render_with_their_glyphs() {
        let title = "Tỷ lệ hồ sơ được xử lý trực tuyến";
        let fonts = Fonts::bundled();
        assert_eq!(
            fonts.missing_glyphs(title),
            Vec::<char>::new(),
            "install fonts-dejavu-core or fonts-noto-core ({:?})",
            fonts.chart_face()
        );
        let none = Fonts::from_data(Vec::new());
        assert_eq!(none.missing_glyphs("ỷ ệ").len(), 2, "the check can fail");

        // Drawn, each accented letter has its own shape: missing glyphs would all be the same
        // empty box (or nothing at all).
        let letter = |c: char| {
            let svg = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" font-family="'Noto Sans', 'DejaVu Sans', sans-serif"><text x="8" y="30" font-size="28">{c}</text></svg>"#
            );
            decode(&png::render(&svg, &fonts).unwrap())
        };
        let letters: Vec<char> = "ỷệồơđượửýựế".chars().collect();
        let drawn: Vec<_> = letters.iter().map(|c| letter(*c)).collect();
        for (c, pixmap) in letters.iter().zip(&drawn) {
            assert!(ink(pixmap) > 20, "{c} is drawn");
        }
        for i in 0..drawn.len() {
            for j in (i + 1)..drawn.len() {
                assert_ne!(
                    drawn[i].data(),
                    drawn[j].data(),
                    "{} and {} look the same",
                    letters[i],
                    letters[j]
                );
            }
        }
        // The whole title, as an image's heading.
        let image = Chart {
            series: vec![series("Tổng", true, vec![point(2020, Some(1.0), "1")])],
            ..chart()
        }
        .to_svg(Variant::Image(&frame()));
        assert!(ink(&decode(&png::render(&image, &fonts).unwrap())) > 5_000);
    }
}

/// The baselines of the target labels drawn in `svg`, with their text.
fn target_labels(svg: &str) -> Vec<(f64, String)> {
    svg.split(r#"<g class="target">"#)
        .skip(1)
        .map(|group| {
            let text = &group[group.find("<text").unwrap()..];
            let y = text.split(r#" y=""#).nth(1).unwrap();
            let y: f64 = y[..y.find('"').unwrap()].parse().unwrap();
            let label = &text[text.find('>').unwrap() + 1..text.find("</text>").unwrap()];
            (y, label.to_string())
        })
        .collect()
}

#[test]
fn two_target_labels_at_the_same_place_never_overprint() {
    let target = |label: &str| TargetMark {
        value: 100.0,
        deadline: Some(2025.5),
        label: label.into(),
    };
    let line = Chart {
        targets: vec![
            target("Chỉ tiêu 100%, hạn 2025"),
            target("Mục tiêu 100%, 2025"),
        ],
        ..chart()
    };
    let categories = Chart {
        kind: Kind::Categories,
        series: vec![series("Tổng", true, vec![point(2022, Some(70.0), "70%")])],
        paths: Vec::new(),
        baseline: None,
        ..line.clone()
    };
    for svg in [
        line.to_svg(Variant::Wide),
        categories.to_svg(Variant::Wide),
        categories.to_svg(Variant::Compact),
    ] {
        let labels = target_labels(&svg);
        assert_eq!(labels.len(), 2, "{svg}");
        assert!(
            (labels[0].0 - labels[1].0).abs() >= 13.0,
            "a line apart: {labels:?}"
        );
    }
}
