//! Choropleth maps, drawn at build time as SVG: a boundary layer projected and simplified once
//! ([`Outlines`]), then filled per indicator and period ([`Map`]).
//!
//! - **Projection**: equirectangular, with longitudes shrunk by the cosine of the layer's
//!   middle latitude, so that a country the size of Viet Nam keeps its shape (the error is a
//!   few per cent at its ends); a layer is drawn to fit [`MAP_WIDTH`] × [`MAP_HEIGHT`].
//! - **Simplification**: Douglas–Peucker within [`TOLERANCE`] of the drawn boundary, so a layer of
//!   detailed boundaries costs what the eye can see and no more.
//! - **Classes**: values are classed by quantiles (up to five classes of about equal count,
//!   over every period shown, so a colour means the same in each period); the legend gives
//!   each class's range. The colours are ColorBrewer's YlGnBu, light to dark: ordered in
//!   lightness, so they read in greyscale and with the common colour-vision deficiencies,
//!   and every region is outlined in dark grey, so a light region still stands out from the
//!   page (WCAG 1.4.11). Regions with no figure are hatched, never left blank.
//! - **Small regions** (a city of a few pixels) get a dot at their centre as well, large
//!   enough to see, point at and focus.

use super::Frame;
use super::style;
use super::svg::{Head, Px, Svg};
use super::text;
use crate::escape::markup as escape;

/// The largest box a layer is fitted into, in SVG units.
pub const MAP_WIDTH: f64 = 400.0;
pub const MAP_HEIGHT: f64 = 520.0;

/// Light to dark: ColorBrewer YlGnBu, five classes.
pub const CLASS_COLOURS: [&str; 5] = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"];

/// How far, in SVG units, a simplified boundary may stray from the drawn one: less than the
/// width of the border line on a page.
const TOLERANCE: f64 = 0.75;

/// Regions smaller than this on both sides, in SVG units, also get a dot.
const SMALL: f64 = 6.0;
const DOT_RADIUS: f64 = 5.0;
const BORDER: &str = "#4d4d4d";

/// A layer's regions as drawn: projected, fitted and simplified.
#[derive(Debug, Clone)]
pub struct Outlines {
    pub width: f64,
    pub height: f64,
    pub regions: Vec<Outline>,
}

#[derive(Debug, Clone)]
pub struct Outline {
    /// The SVG path data of every ring.
    pub path: String,
    /// Where a dot or a label goes: the middle of the region's box.
    pub centre: (f64, f64),
    pub small: bool,
}

impl Outlines {
    /// Projects `regions` (each a list of polygons of closed rings of [longitude, latitude])
    /// into the map box and simplifies them there.
    pub fn new(regions: &[&[Vec<Vec<[f64; 2]>>]]) -> Outlines {
        let positions = || regions.iter().flat_map(|r| r.iter().flatten().flatten());
        let (mut west, mut east, mut south, mut north) = (180.0f64, -180.0f64, 90.0f64, -90.0f64);
        for p in positions() {
            west = west.min(p[0]);
            east = east.max(p[0]);
            south = south.min(p[1]);
            north = north.max(p[1]);
        }
        let shrink = ((south + north) / 2.0).to_radians().cos();
        let (w, h) = (
            ((east - west) * shrink).max(1e-9),
            (north - south).max(1e-9),
        );
        let scale = (MAP_WIDTH / w).min(MAP_HEIGHT / h);
        let project = |p: &[f64; 2]| ((p[0] - west) * shrink * scale, (north - p[1]) * scale);
        let outlines = regions
            .iter()
            .map(|polygons| {
                let rings: Vec<Vec<(f64, f64)>> = polygons
                    .iter()
                    .flatten()
                    .map(|ring| simplify(&ring.iter().map(project).collect::<Vec<_>>(), TOLERANCE))
                    .filter(|ring| ring.len() >= 3)
                    .collect();
                let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
                for &(x, y) in rings.iter().flatten() {
                    (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
                }
                let path = rings.iter().map(|ring| ring_path(ring)).collect();
                Outline {
                    path,
                    centre: ((x0 + x1) / 2.0, (y0 + y1) / 2.0),
                    small: rings.is_empty() || (x1 - x0 < SMALL && y1 - y0 < SMALL),
                }
            })
            .collect();
        Outlines {
            width: (w * scale).ceil(),
            height: (h * scale).ceil(),
            regions: outlines,
        }
    }
}

/// A ring as path data, as short as it can be written: the first point absolute, the rest as
/// moves from the one before, in tenths (`M12.3 45.6l1.2-.5 0 3Z`): a boundary is mostly
/// short steps, so this is about half the bytes of absolute coordinates.
fn ring_path(ring: &[(f64, f64)]) -> String {
    let tenths = |v: f64| (v * 10.0).round() as i64;
    let mut path = String::new();
    let mut last = (0, 0);
    for (i, &(x, y)) in ring.iter().enumerate() {
        let point = (tenths(x), tenths(y));
        if i == 0 {
            path.push_str(&format!("M{} {}", Px(x), Px(y)));
        } else {
            let (dx, dy) = (point.0 - last.0, point.1 - last.1);
            // A minus sign separates two numbers by itself.
            if i == 1 {
                path.push('l');
            } else if dx >= 0 {
                path.push(' ');
            }
            path.push_str(&decimal(dx));
            if dy >= 0 {
                path.push(' ');
            }
            path.push_str(&decimal(dy));
        }
        last = point;
    }
    path.push('Z');
    path
}

/// `n` tenths, written shortest: `12` is `1.2`, `-5` is `-.5`, `30` is `3`.
fn decimal(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let (whole, tenth) = (n.unsigned_abs() / 10, n.unsigned_abs() % 10);
    match (whole, tenth) {
        (w, 0) => format!("{sign}{w}"),
        (0, t) => format!("{sign}.{t}"),
        (w, t) => format!("{sign}{w}.{t}"),
    }
}

/// Douglas–Peucker: the ring with every point closer than `tolerance` to the line between
/// its kept neighbours left out, and points that round to the same place merged.
fn simplify(ring: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    if ring.len() < 4 {
        return ring.to_vec();
    }
    let mut keep = vec![false; ring.len()];
    keep[0] = true;
    keep[ring.len() - 1] = true;
    // A closed ring's ends are the same point: split it at the point farthest from them.
    let far = (1..ring.len() - 1)
        .max_by(|&a, &b| distance(ring[a], ring[0]).total_cmp(&distance(ring[b], ring[0])))
        .unwrap_or(1);
    keep[far] = true;
    let mut stack = vec![(0, far), (far, ring.len() - 1)];
    while let Some((first, last)) = stack.pop() {
        let mut farthest = (0.0, 0);
        for i in first + 1..last {
            let d = off_line(ring[i], ring[first], ring[last]);
            if d > farthest.0 {
                farthest = (d, i);
            }
        }
        if farthest.0 > tolerance {
            keep[farthest.1] = true;
            stack.push((first, farthest.1));
            stack.push((farthest.1, last));
        }
    }
    let mut kept: Vec<(f64, f64)> = Vec::new();
    for (point, _) in ring.iter().zip(&keep).filter(|(_, k)| **k) {
        let rounded = (
            (point.0 * 10.0).round() / 10.0,
            (point.1 * 10.0).round() / 10.0,
        );
        if kept.last() != Some(&rounded) {
            kept.push(rounded);
        }
    }
    // The path closes itself (`Z`): the repeated first point is not written.
    if kept.len() > 1 && kept.first() == kept.last() {
        kept.pop();
    }
    kept
}

fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

/// The distance from `p` to the segment `a`–`b`.
fn off_line(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length = dx * dx + dy * dy;
    if length == 0.0 {
        return distance(p, a);
    }
    let t = (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length).clamp(0.0, 1.0);
    distance(p, (a.0 + t * dx, a.1 + t * dy))
}

/// Class breaks by quantiles: up to `classes` classes of about equal count, as
/// `(lowest, highest)` of each, ascending and never empty or overlapping.
pub fn quantile_classes(values: &[f64], classes: usize) -> Vec<(f64, f64)> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup();
    let Some((&lowest, &highest)) = sorted.first().zip(sorted.last()) else {
        return Vec::new();
    };
    let count = classes.min(sorted.len()).max(1);
    // Each class ends at a value of the data, so its range says what it holds.
    let mut ends: Vec<f64> = (1..=count)
        .map(|i| sorted[(i * sorted.len()).div_ceil(count) - 1])
        .collect();
    ends.dedup();
    let mut start = lowest;
    let mut ranges = Vec::with_capacity(ends.len());
    for end in ends {
        ranges.push((start, end));
        start = sorted.iter().copied().find(|v| *v > end).unwrap_or(highest);
    }
    ranges
}

/// The class of `value` among `ranges` (as [`quantile_classes`] gives them).
pub fn class_of(value: f64, ranges: &[(f64, f64)]) -> Option<usize> {
    ranges.iter().position(|&(_, high)| value <= high)
}

/// The colour of class `class` of `count`: spread over the whole scale.
pub fn class_colour(class: usize, count: usize) -> &'static str {
    let last = CLASS_COLOURS.len() - 1;
    let index = match count {
        0 | 1 => 2,
        _ => (class * last + (count - 1) / 2) / (count - 1),
    };
    CLASS_COLOURS[index.min(last)]
}

/// A map of one period, in one language.
#[derive(Debug, Clone)]
pub struct Map {
    pub id: String,
    pub title: String,
    /// Which regions are highest and lowest, in words.
    pub description: String,
    /// What the colours measure ("Percent") and the period drawn ("2024").
    pub legend_title: String,
    pub period: String,
    /// Each class's range, as the page writes numbers.
    pub classes: Vec<String>,
    pub no_data: String,
    /// In the order of [`Outlines::regions`].
    pub regions: Vec<Fill>,
}

#[derive(Debug, Clone)]
pub struct Fill {
    /// What hovering or focusing it says: "Thanh Hóa: 93,88%".
    pub tip: String,
    pub class: Option<usize>,
}

/// Where a map is shown.
#[derive(Clone, Copy)]
pub enum MapVariant<'a> {
    /// On a page: regions can be focused and the script recolours them.
    Page,
    /// A standalone image with its frame.
    Image(&'a Frame),
}

impl Map {
    pub fn colour(&self, fill: &Fill) -> String {
        match fill.class {
            Some(class) => class_colour(class, self.classes.len()).to_string(),
            None => format!("url(#{}-nodata)", self.id),
        }
    }

    pub fn to_svg(&self, outlines: &Outlines, variant: MapVariant) -> String {
        let pad = match variant {
            MapVariant::Page => 4.0,
            MapVariant::Image(_) => 16.0,
        };
        let font = 13.0;
        // An image is as wide as a chart image, with the legend beside a tall layer. On a page
        // the map keeps its own width with the legend below it, and is drawn at its natural
        // size (shrunk, never enlarged, to fit): a phone then shows it near full size where a
        // legend beside it would shrink the whole.
        let legend_width = self
            .classes
            .iter()
            .chain([&self.no_data])
            .map(|label| 26.0 + text::width(label, font))
            .chain([text::width(&self.legend_title, font) * 1.12])
            .fold(0.0, f64::max);
        let width = match variant {
            MapVariant::Image(_) => 640.0,
            MapVariant::Page => (outlines.width.max(legend_width) + 2.0 * pad).ceil(),
        };
        let inner = width - 2.0 * pad;
        let mut body = Svg::default();
        let mut y = pad;
        if let MapVariant::Image(frame) = variant {
            let size = 18.0;
            for line in text::wrap(&frame.heading, inner / 1.12, size) {
                y += size * 1.25;
                body.line(&format!(
                    r#"<text x="{}" y="{}" font-size="{size}" font-weight="700">{}</text>"#,
                    Px(pad),
                    Px(y),
                    escape(&line)
                ));
            }
            y += 10.0;
        }
        let top = y;
        // A tall layer leaves room beside it for the legend; a wide one puts it below.
        let beside = matches!(variant, MapVariant::Image(_))
            && outlines.width + 24.0 + legend_width <= inner;
        let map_x = pad;
        let interactive = matches!(variant, MapVariant::Page);
        body.line(&format!(
            r#"<g class="regions" transform="translate({} {})" stroke="{BORDER}" stroke-width="0.75" stroke-linejoin="round">"#,
            Px(map_x),
            Px(top)
        ));
        for (index, (outline, fill)) in outlines.regions.iter().zip(&self.regions).enumerate() {
            let focus = if interactive { r#" tabindex="0""# } else { "" };
            body.line(&format!(
                r#"<g class="region" data-region="{index}"{focus}>"#
            ));
            body.line(&format!("<title>{}</title>", escape(&fill.tip)));
            let colour = self.colour(fill);
            if !outline.path.is_empty() {
                body.line(&format!(r#"<path d="{}" fill="{colour}"/>"#, outline.path));
            }
            if outline.small {
                body.line(&format!(
                    r#"<circle class="dot" cx="{}" cy="{}" r="{DOT_RADIUS}" fill="{colour}" stroke-width="1.5"/>"#,
                    Px(outline.centre.0),
                    Px(outline.centre.1)
                ));
            }
            body.line("</g>");
        }
        body.line("</g>");

        // The legend: what the colours measure, each class, and the hatching.
        let (lx, mut ly) = if beside {
            (map_x + outlines.width + 24.0, top)
        } else {
            (pad, top + outlines.height + 16.0)
        };
        let legend_width = inner - (lx - pad);
        body.line(r#"<g class="map-legend">"#);
        for line in text::wrap(&self.legend_title, legend_width, font) {
            ly += font * 1.3;
            body.line(&format!(
                r#"<text x="{}" y="{}" font-weight="700">{}</text>"#,
                Px(lx),
                Px(ly),
                escape(&line)
            ));
        }
        ly += font * 1.3;
        body.line(&format!(
            r#"<text class="map-period" x="{}" y="{}">{}</text>"#,
            Px(lx),
            Px(ly),
            escape(&self.period)
        ));
        ly += 8.0;
        let swatches = self
            .classes
            .iter()
            .enumerate()
            .map(|(i, label)| (class_colour(i, self.classes.len()).to_string(), label))
            .chain([(format!("url(#{}-nodata)", self.id), &self.no_data)]);
        for (colour, label) in swatches {
            body.line(&format!(
                r#"<rect x="{}" y="{}" width="18" height="14" fill="{colour}" stroke="{BORDER}" stroke-width="0.75"/>"#,
                Px(lx),
                Px(ly)
            ));
            body.line(&format!(
                r#"<text x="{}" y="{}">{}</text>"#,
                Px(lx + 26.0),
                Px(ly + 11.5),
                escape(label)
            ));
            ly += 22.0;
        }
        body.line("</g>");
        let mut bottom = (top + outlines.height).max(ly);
        if let MapVariant::Image(frame) = variant {
            let size = 11.0;
            bottom += 6.0;
            for line in frame.lines.iter().flat_map(|l| text::wrap(l, inner, size)) {
                bottom += size * 1.35;
                body.line(&format!(
                    r#"<text x="{}" y="{}" font-size="{size}" fill="{}">{}</text>"#,
                    Px(pad),
                    Px(bottom),
                    style::MUTED,
                    escape(&line)
                ));
            }
        }
        let height = (bottom + pad).ceil();

        let id = &self.id;
        let mut svg = Svg::default();
        svg.open_document(Head {
            id,
            class: "map",
            width,
            height,
            sized: true,
            font,
            title: &self.title,
            description: &self.description,
        });
        // Hatching for regions without a figure: visible on any fill and in greyscale.
        svg.line(&format!(
            r##"<defs><pattern id="{id}-nodata" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8c8c8c" stroke-width="2"/></pattern></defs>"##
        ));
        if let MapVariant::Image(_) = variant {
            svg.line(&format!(
                r##"<rect width="{width}" height="{height}" fill="#ffffff"/>"##
            ));
        }
        svg.append(body);
        svg.line("</svg>");
        svg.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, side: f64) -> Vec<Vec<Vec<[f64; 2]>>> {
        vec![vec![vec![
            [x, y],
            [x + side, y],
            [x + side, y + side],
            [x, y + side],
            [x, y],
        ]]]
    }

    #[test]
    fn quantiles_make_classes_of_about_equal_count_that_end_at_values() {
        let values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        let classes = quantile_classes(&values, 5);
        assert_eq!(
            classes,
            vec![(1.0, 2.0), (3.0, 4.0), (5.0, 6.0), (7.0, 8.0), (9.0, 10.0)]
        );
        assert_eq!(class_of(4.0, &classes), Some(1));
        assert_eq!(class_of(10.0, &classes), Some(4));
        // Fewer distinct values than classes: one class each.
        assert_eq!(
            quantile_classes(&[5.0, 5.0, 7.0], 5),
            vec![(5.0, 5.0), (7.0, 7.0)]
        );
        assert_eq!(quantile_classes(&[93.88], 5), vec![(93.88, 93.88)]);
        assert!(quantile_classes(&[], 5).is_empty());
    }

    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    #[test]
    fn classes_read_in_greyscale_and_borders_stand_out_from_every_fill() {
        // Each class darker than the one before: the order survives greyscale printing and
        // colour-vision deficiencies, which keep lightness.
        let lightness: Vec<f64> = CLASS_COLOURS.iter().map(|c| luminance(c)).collect();
        assert!(
            lightness.windows(2).all(|w| w[0] > w[1] * 1.3),
            "{lightness:?}"
        );
        // The border has 3:1 against the page and the lightest fill (WCAG 1.4.11), so a region
        // of the lightest class is still seen; darker fills are told apart by their colour.
        let contrast = |a: f64, b: f64| (a.max(b) + 0.05) / (a.min(b) + 0.05);
        let border = luminance(BORDER);
        assert!(contrast(border, 1.0) >= 3.0);
        assert!(contrast(border, lightness[0]) >= 3.0);
    }

    #[test]
    fn class_colours_span_the_scale_light_to_dark() {
        assert_eq!(class_colour(0, 5), CLASS_COLOURS[0]);
        assert_eq!(class_colour(4, 5), CLASS_COLOURS[4]);
        assert_eq!(class_colour(0, 2), CLASS_COLOURS[0]);
        assert_eq!(class_colour(1, 2), CLASS_COLOURS[4]);
        assert_eq!(class_colour(0, 1), CLASS_COLOURS[2]);
    }

    #[test]
    fn simplification_drops_points_the_eye_cannot_see_and_keeps_corners() {
        // A square with a hundred points along each side, nearly straight.
        let mut ring = Vec::new();
        for i in 0..100 {
            ring.push((f64::from(i), 0.01 * f64::from(i % 2)));
        }
        for i in 0..100 {
            ring.push((100.0, f64::from(i)));
        }
        ring.push((100.0, 100.0));
        ring.push((0.0, 100.0));
        ring.push((0.0, 0.0));
        let simple = simplify(&ring, 0.5);
        assert_eq!(
            simple,
            vec![(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0)]
        );
    }

    #[test]
    fn rings_are_written_as_short_relative_moves() {
        let ring = [(12.3, 45.6), (13.5, 45.1), (13.5, 48.1), (10.0, 48.0)];
        assert_eq!(ring_path(&ring), "M12.3 45.6l1.2-.5 0 3-3.5-.1Z");
    }

    #[test]
    fn a_layer_fits_the_box_and_small_regions_get_a_dot() {
        let big = square(105.0, 10.0, 5.0);
        let tiny = square(106.0, 16.0, 0.01);
        let outlines = Outlines::new(&[&big, &tiny]);
        assert!(outlines.height <= MAP_HEIGHT && outlines.width <= MAP_WIDTH);
        assert!(!outlines.regions[0].small && outlines.regions[1].small);
        let map = Map {
            id: "m".into(),
            title: "T".into(),
            description: "D".into(),
            legend_title: "Percent".into(),
            period: "2024".into(),
            classes: vec!["1".into()],
            no_data: "No data".into(),
            regions: vec![
                Fill {
                    tip: "A: 1".into(),
                    class: Some(0),
                },
                Fill {
                    tip: "B: no data".into(),
                    class: None,
                },
            ],
        };
        let svg = map.to_svg(&outlines, MapVariant::Page);
        assert_eq!(svg.matches(r#"tabindex="0""#).count(), 2);
        assert!(svg.contains(r#"<circle class="dot""#));
        assert!(svg.contains(r#"fill="url(#m-nodata)""#));
        assert!(svg.contains("<title>B: no data</title>"));
    }
}
