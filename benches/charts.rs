//! Chart rendering of 1,000 indicators, in parallel: the SVGs a page inlines (wide and
//! compact) and the image's SVG, then the PNG images. Prints charts per second.
//!
//! `cargo bench --bench charts`

use chiso::chart::png::{self, Fonts};
use chiso::chart::{Chart, Frame, Kind, Point, Series, TargetMark, Variant};
use chiso::format::NumberFormat;
use rayon::prelude::*;
use std::time::Instant;

const CHARTS: usize = 1_000;

/// A chart like a portal's: one to four series over 2 to 12 periods, or a category chart.
fn chart(n: usize) -> Chart {
    let periods = 2 + n % 11;
    let series_count = 1 + n % 4;
    let kind = match n % 5 {
        0 => Kind::Categories,
        1 => Kind::Bars,
        _ => Kind::Line,
    };
    let series = (0..series_count)
        .map(|s| Series {
            label: format!("Bộ, ngành số {s}"),
            shown: s == 0 || kind != Kind::Line,
            total: s == 0,
            codes: Vec::new(),
            points: (0..if kind == Kind::Categories { 1 } else { periods })
                .map(|p| {
                    let y = 10.0 + ((n * 7 + s * 13 + p * 29) % 90) as f64;
                    Point {
                        x: 2014.5 + p as f64,
                        span: None,
                        y: (p % 7 != 3).then_some(y),
                        period: (2014 + p).to_string(),
                        value: format!("{y}%"),
                        marker: (p == 1).then(|| "1".to_string()),
                        break_before: false,
                    }
                })
                .collect(),
        })
        .collect();
    Chart {
        id: format!("chart-{n}"),
        title: format!("Tỷ lệ hồ sơ được xử lý trực tuyến số {n}"),
        description: "Tăng từ 30,86% (2020) lên 55,1% (2022).".into(),
        kind,
        unit_label: "phần trăm".into(),
        series,
        targets: vec![TargetMark {
            value: 100.0,
            deadline: Some(2025.5),
            label: "Chỉ tiêu 100%, hạn 2025".into(),
        }],
        moments: Vec::new(),
        baseline: None,
        paths: Vec::new(),
        axis: [None, None],
        numbers: NumberFormat {
            decimal: ",".into(),
            group: ".".into(),
        },
    }
}

fn main() {
    let frame = Frame {
        heading: String::new(),
        lines: vec![
            "Nguồn: Chiến lược phát triển Chính phủ điện tử".into(),
            "Giấy phép: CC BY 4.0".into(),
        ],
    };
    let charts: Vec<Chart> = (0..CHARTS).map(chart).collect();
    let threads = rayon::current_num_threads();

    let started = Instant::now();
    let svgs: Vec<String> = charts
        .par_iter()
        .map(|c| {
            let frame = Frame {
                heading: c.title.clone(),
                ..frame.clone()
            };
            let page = c.to_svg(Variant::Wide).len() + c.to_svg(Variant::Compact).len();
            let image = c.to_svg(Variant::Image(&frame));
            assert!(page > 0);
            image
        })
        .collect();
    let svg_time = started.elapsed().as_secs_f64();

    let fonts_started = Instant::now();
    let fonts = Fonts::bundled();
    let fonts_time = fonts_started.elapsed().as_secs_f64();

    let started = Instant::now();
    let bytes: usize = svgs
        .par_iter()
        .map(|svg| png::render(svg, &fonts).expect("a PNG").len())
        .sum();
    let png_time = started.elapsed().as_secs_f64();

    println!("charts: {CHARTS} on {threads} threads");
    println!(
        "SVG (wide + compact + image): {:.3} s, {:.0} charts/s",
        svg_time,
        CHARTS as f64 / svg_time
    );
    println!("system fonts loaded in {:.3} s", fonts_time);
    println!(
        "PNG (1280 px wide): {:.3} s, {:.0} charts/s, {:.1} KB on average",
        png_time,
        CHARTS as f64 / png_time,
        bytes as f64 / CHARTS as f64 / 1024.0
    );
}
