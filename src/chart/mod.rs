//! Charts as SVG, rendered at build time so every reader gets them without JavaScript.
//!
//! A chart is described by a [`Chart`] (what to draw, with labels already in the page's
//! language) and drawn by [`Chart::to_svg`]; nothing here knows about indicators or pages.

mod scale;
mod svg;

use crate::format::NumberFormat;
use scale::{LinearScale, nice_ticks};
use svg::{Svg, escape};

/// A point on a time axis: `x` is a fractional year, `label` how the period is written.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    pub x: f64,
    pub y: f64,
    pub label: String,
    /// A footnote marker shown next to the point.
    pub marker: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    pub points: Vec<ChartPoint>,
}

/// A line drawn across the chart between two points (a required or projected path).
#[derive(Debug, Clone)]
pub struct Path {
    pub label: String,
    pub from: (f64, f64),
    pub to: (f64, f64),
}

/// A target: the value to reach by a deadline.
#[derive(Debug, Clone)]
pub struct TargetMark {
    pub value: f64,
    pub deadline: f64,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Chart {
    pub id: String,
    pub title: String,
    /// The finding in words, for screen readers and as the image's description.
    pub description: String,
    pub unit_label: String,
    pub series: Vec<Series>,
    pub targets: Vec<TargetMark>,
    pub paths: Vec<Path>,
    pub numbers: NumberFormat,
    pub decimals: u8,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 360.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 48.0;

/// Okabe–Ito colours, distinguishable with colour-blindness and at least 3:1 against white.
pub const PALETTE: [&str; 6] = [
    "#0060a8", "#b34700", "#00734d", "#a3006b", "#5c5c00", "#5b3f99",
];

impl Chart {
    pub fn to_svg(&self) -> String {
        let mut svg = Svg::new(WIDTH, HEIGHT);
        let title_id = format!("{}-title", self.id);
        let desc_id = format!("{}-desc", self.id);
        svg.open(&format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{} {}" class="chart" id="{}">"#,
            escape(&title_id),
            escape(&desc_id),
            escape(&self.id)
        ));
        svg.line(&format!(
            r#"<title id="{}">{}</title>"#,
            escape(&title_id),
            escape(&self.title)
        ));
        svg.line(&format!(
            r#"<desc id="{}">{}</desc>"#,
            escape(&desc_id),
            escape(&self.description)
        ));

        let all_points = || self.series.iter().flat_map(|s| s.points.iter());
        let xs: Vec<f64> = all_points()
            .map(|p| p.x)
            .chain(self.targets.iter().map(|t| t.deadline))
            .chain(self.paths.iter().flat_map(|p| [p.from.0, p.to.0]))
            .collect();
        let ys: Vec<f64> = all_points()
            .map(|p| p.y)
            .chain(self.targets.iter().map(|t| t.value))
            .chain(self.paths.iter().flat_map(|p| [p.from.1, p.to.1]))
            .collect();
        if xs.is_empty() {
            svg.close("</svg>");
            return svg.finish();
        }
        let (x_min, x_max) = bounds(&xs);
        let (y_min, y_max) = bounds(&ys);
        let y_ticks = nice_ticks(y_min.min(0.0), y_max, 5);
        let y_scale = LinearScale::new(
            (*y_ticks.first().unwrap(), *y_ticks.last().unwrap()),
            (HEIGHT - BOTTOM, TOP),
        );
        // One band per calendar year; points sit at the middle of their period.
        let x_first = x_min.floor();
        let x_last = x_max.ceil().max(x_first + 1.0);
        let x_scale = LinearScale::new((x_first, x_last), (LEFT, WIDTH - RIGHT));

        // Axes and grid.
        svg.open(r#"<g class="axis y-axis">"#);
        for tick in &y_ticks {
            let y = y_scale.map(*tick);
            svg.line(&format!(
                r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/>"#,
                WIDTH - RIGHT
            ));
            let label = self.numbers.format_shortest(*tick, 2);
            svg.line(&format!(
                r#"<text x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
                LEFT - 8.0,
                y + 4.0,
                escape(&label)
            ));
        }
        svg.line(&format!(
            r#"<text class="axis-label" transform="translate(14 {:.1}) rotate(-90)" text-anchor="middle">{}</text>"#,
            (TOP + HEIGHT - BOTTOM) / 2.0,
            escape(&self.unit_label)
        ));
        svg.close("</g>");
        svg.open(r#"<g class="axis x-axis">"#);
        svg.line(&format!(
            r#"<line class="baseline" x1="{LEFT}" x2="{}" y1="{}" y2="{}"/>"#,
            WIDTH - RIGHT,
            HEIGHT - BOTTOM,
            HEIGHT - BOTTOM
        ));
        for year in year_ticks(x_first, x_last) {
            let x = x_scale.map(year as f64 + 0.5);
            svg.line(&format!(
                r#"<text x="{x:.1}" y="{}" text-anchor="middle">{year}</text>"#,
                HEIGHT - BOTTOM + 20.0
            ));
        }
        svg.close("</g>");

        for target in &self.targets {
            let y = y_scale.map(target.value);
            let x = x_scale.map(target.deadline);
            svg.open(r#"<g class="target">"#);
            svg.line(&format!(
                r#"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/>"#,
                WIDTH - RIGHT
            ));
            svg.line(&format!(
                r#"<path class="target-mark" d="M{x:.1} {:.1} l6 6 l-6 6 l-6 -6 z"/>"#,
                y - 6.0
            ));
            svg.line(&format!(
                r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
                WIDTH - RIGHT - 4.0,
                y - 8.0,
                escape(&target.label)
            ));
            svg.close("</g>");
        }
        for (i, path) in self.paths.iter().enumerate() {
            let (x1, y1) = (x_scale.map(path.from.0), y_scale.map(path.from.1));
            let (x2, y2) = (x_scale.map(path.to.0), y_scale.map(path.to.1));
            svg.line(&format!(
                r#"<line class="path path-{i}" x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}"><title>{}</title></line>"#,
                escape(&path.label)
            ));
        }
        for (i, series) in self.series.iter().enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            svg.open(&format!(
                r#"<g class="series series-{i}" style="--series-colour:{colour}">"#
            ));
            if series.points.len() > 1 {
                let d: Vec<String> = series
                    .points
                    .iter()
                    .enumerate()
                    .map(|(j, p)| {
                        format!(
                            "{}{:.1} {:.1}",
                            if j == 0 { "M" } else { "L" },
                            x_scale.map(p.x),
                            y_scale.map(p.y)
                        )
                    })
                    .collect();
                svg.line(&format!(r#"<path class="line" d="{}"/>"#, d.join(" ")));
            }
            for p in &series.points {
                let (x, y) = (x_scale.map(p.x), y_scale.map(p.y));
                let value = self.numbers.format_shortest(p.y, self.decimals);
                svg.line(&format!(
                    r#"<circle class="point" cx="{x:.1}" cy="{y:.1}" r="4"><title>{}: {}</title></circle>"#,
                    escape(&p.label),
                    escape(&value)
                ));
                if let Some(marker) = &p.marker {
                    svg.line(&format!(
                        r#"<text class="marker" x="{:.1}" y="{:.1}">{}</text>"#,
                        x + 5.0,
                        y - 6.0,
                        escape(marker)
                    ));
                }
            }
            svg.close("</g>");
        }
        svg.close("</svg>");
        svg.finish()
    }
}

fn bounds(values: &[f64]) -> (f64, f64) {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (min, max)
}

/// Years to label on the time axis (the bands from `first` to `last`): every year, or every
/// 2nd, 5th… so labels never crowd.
fn year_ticks(first: f64, last: f64) -> Vec<i32> {
    let (first, last) = (first as i32, last as i32 - 1);
    let span = (last - first + 1).max(1);
    let step = [1, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|s| span / s <= 10)
        .unwrap_or(100);
    (first..=last)
        .filter(|y| y % step == 0 || step == 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Chart {
        Chart {
            id: "c".into(),
            title: "Tỷ lệ <DVC> mức độ 4".into(),
            description: "Tăng từ 30,86% năm 2020".into(),
            unit_label: "phần trăm".into(),
            series: vec![Series {
                label: "Tổng".into(),
                points: vec![
                    ChartPoint {
                        x: 2020.5,
                        y: 30.86,
                        label: "2020".into(),
                        marker: Some("1".into()),
                    },
                    ChartPoint {
                        x: 2021.5,
                        y: 50.0,
                        label: "2021".into(),
                        marker: None,
                    },
                ],
            }],
            targets: vec![TargetMark {
                value: 100.0,
                deadline: 2025.5,
                label: "Mục tiêu 100% (2025)".into(),
            }],
            paths: vec![],
            numbers: NumberFormat {
                decimal: ",".into(),
                group: ".".into(),
            },
            decimals: 2,
        }
    }

    #[test]
    fn svg_is_an_accessible_image_with_title_and_description() {
        let svg = chart().to_svg();
        assert!(svg.starts_with("<svg "));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"aria-labelledby="c-title c-desc""#));
        assert!(svg.contains("<title id=\"c-title\">Tỷ lệ &lt;DVC&gt; mức độ 4</title>"));
        assert!(svg.contains("<desc id=\"c-desc\">Tăng từ 30,86% năm 2020</desc>"));
    }

    #[test]
    fn svg_shows_values_in_the_page_language_the_target_and_axis_labels() {
        let svg = chart().to_svg();
        assert!(svg.contains("2020: 30,86"), "{svg}");
        assert!(svg.contains("Mục tiêu 100% (2025)"));
        assert!(svg.contains(">2020</text>"));
        assert!(svg.contains(">phần trăm</text>"));
    }

    #[test]
    fn year_labels_thin_out_on_long_axes() {
        assert_eq!(year_ticks(2020.0, 2022.0), vec![2020, 2021]);
        assert!(year_ticks(1990.0, 2031.0).iter().all(|y| y % 5 == 0));
    }
}
