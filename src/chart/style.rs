//! How series look: a colour-blind-safe palette whose every colour has at least 3:1 contrast
//! against white, and a marker shape and dash pattern per series so that no series is told
//! apart by colour alone.

use super::svg::Px;

/// Darkened Okabe–Ito hues: distinguishable with the common colour-vision deficiencies.
pub const PALETTE: [&str; 6] = [
    "#0060a8", "#b34700", "#00734d", "#a3006b", "#5c5c00", "#5b3f99",
];

/// Ink for text, axes and the target; marks that are not series.
pub const TEXT: &str = "#1a1a1a";
pub const MUTED: &str = "#4d4d4d";
pub const GRID: &str = "#d0d5da";
pub const AXIS: &str = "#767676";
pub const TARGET: &str = "#a4161a";

/// Dash patterns, solid first: the headline is always a solid line.
const DASHES: [&str; 4] = ["", "7 4", "2 3", "10 3 2 3"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
    TriangleDown,
}

const SHAPES: [Shape; 5] = [
    Shape::Circle,
    Shape::Square,
    Shape::Triangle,
    Shape::Diamond,
    Shape::TriangleDown,
];

/// The look of the `index`-th series. Colours, shapes and dashes cycle with periods 6, 5
/// and 4, so any two of the first 12 series differ in at least two of the three.
#[derive(Debug, Clone, Copy)]
pub struct SeriesStyle {
    pub colour: &'static str,
    pub shape: Shape,
    pub dash: &'static str,
}

pub fn series_style(index: usize) -> SeriesStyle {
    SeriesStyle {
        colour: PALETTE[index % PALETTE.len()],
        shape: SHAPES[index % SHAPES.len()],
        dash: DASHES[index % DASHES.len()],
    }
}

/// A marker of `shape` centred at (`x`, `y`) with radius `r`, as an SVG element's name and
/// geometry attributes.
pub fn marker(shape: Shape, x: f64, y: f64, r: f64) -> String {
    let (px, py) = (Px(x), Px(y));
    match shape {
        Shape::Circle => format!(r#"circle cx="{px}" cy="{py}" r="{}""#, Px(r)),
        Shape::Square => {
            let s = r * 0.9;
            format!(
                r#"rect x="{}" y="{}" width="{}" height="{}""#,
                Px(x - s),
                Px(y - s),
                Px(2.0 * s),
                Px(2.0 * s)
            )
        }
        Shape::Triangle => format!(
            r#"path d="M{px} {}L{} {}L{} {}Z""#,
            Px(y - 1.2 * r),
            Px(x + 1.1 * r),
            Px(y + 0.8 * r),
            Px(x - 1.1 * r),
            Px(y + 0.8 * r)
        ),
        Shape::TriangleDown => format!(
            r#"path d="M{px} {}L{} {}L{} {}Z""#,
            Px(y + 1.2 * r),
            Px(x + 1.1 * r),
            Px(y - 0.8 * r),
            Px(x - 1.1 * r),
            Px(y - 0.8 * r)
        ),
        Shape::Diamond => format!(
            r#"path d="M{px} {}L{} {py}L{px} {}L{} {py}Z""#,
            Px(y - 1.3 * r),
            Px(x + 1.3 * r),
            Px(y + 1.3 * r),
            Px(x - 1.3 * r)
        ),
    }
}

/// WCAG 2.2 contrast ratio of two `#rrggbb` colours.
#[cfg(test)]
fn contrast(a: &str, b: &str) -> f64 {
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mark_colour_has_3_to_1_contrast_against_the_white_background() {
        for colour in PALETTE.iter().chain([&TEXT, &MUTED, &AXIS, &TARGET]) {
            let ratio = contrast(colour, "#ffffff");
            assert!(ratio >= 3.0, "{colour} has contrast {ratio:.2}");
        }
        assert!(contrast("#ffffff", "#ffffff") < 3.0, "the check can fail");
    }

    #[test]
    fn the_first_twelve_series_differ_in_more_than_colour() {
        for i in 0..12 {
            for j in (i + 1)..12 {
                let (a, b) = (series_style(i), series_style(j));
                let differences = [a.colour != b.colour, a.shape != b.shape, a.dash != b.dash];
                assert!(
                    differences.iter().filter(|d| **d).count() >= 2,
                    "series {i} and {j}"
                );
            }
        }
    }
}
