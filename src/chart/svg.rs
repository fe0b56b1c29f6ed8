//! A tiny SVG writer: one element a line, coordinates and escaping.
//!
//! Lines are not indented: a page carries each chart in two layouts, and the indentation was
//! a twentieth of their bytes, which thousands of pages pay for.

use std::fmt;

#[derive(Default)]
pub struct Svg {
    out: String,
}

impl Svg {
    /// Writes one element, or the opening or closing tag of a group.
    pub fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Appends what another writer wrote.
    pub fn append(&mut self, other: Svg) {
        self.out.push_str(&other.out);
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// The opening of a chart's or map's SVG document: an image with its accessible name and
/// description, in the charts' font and ink.
pub struct Head<'a> {
    pub id: &'a str,
    pub class: &'a str,
    pub width: f64,
    pub height: f64,
    /// Whether the document states its size (images do; pages scale it to fit).
    pub sized: bool,
    pub font: f64,
    pub title: &'a str,
    pub description: &'a str,
}

impl Svg {
    pub fn open_document(&mut self, head: Head) {
        let Head {
            id,
            class,
            width,
            height,
            font,
            ..
        } = head;
        let size = if head.sized {
            format!(r#" width="{width}" height="{height}""#)
        } else {
            String::new()
        };
        self.line(&format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"{size} role="img" aria-labelledby="{id}-title {id}-desc" class="{class}" id="{id}" font-family="'Noto Sans', 'DejaVu Sans', sans-serif" font-size="{font}" fill="{}">"#,
            super::style::TEXT
        ));
        self.line(&format!(
            r#"<title id="{id}-title">{}</title>"#,
            crate::escape::markup(head.title)
        ));
        self.line(&format!(
            r#"<desc id="{id}-desc">{}</desc>"#,
            crate::escape::markup(head.description)
        ));
    }
}

/// A coordinate, written with one decimal as `{:.1}` writes an `f64` but without a decimal
/// that is zero (`39`, not `39.0`; `0` for a negative value that rounds to zero), and faster:
/// Rust's exact float formatting was the largest part of drawing a chart, and a chart writes
/// a few coordinates per observation.
#[derive(Clone, Copy)]
pub struct Px(pub f64);

impl fmt::Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10.0).round();
        // Finite and exactly representable as an integer; anything else the slow way.
        if tenths.abs() < 1e15 {
            let tenths = tenths as i64;
            let sign = if tenths < 0 { "-" } else { "" };
            let tenths = tenths.unsigned_abs();
            match tenths % 10 {
                0 => write!(f, "{sign}{}", tenths / 10),
                tenth => write!(f, "{sign}{}.{tenth}", tenths / 10),
            }
        } else {
            write!(f, "{:.1}", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Px;

    #[test]
    fn coordinates_have_one_decimal_unless_it_is_zero() {
        for (value, written) in [
            (0.0, "0"),
            (12.34, "12.3"),
            (12.36, "12.4"),
            (-3.06, "-3.1"),
            (-0.04, "0"),
            (-2.0, "-2"),
            (99.96, "100"),
            (1234567.0, "1234567"),
            (f64::NAN, "NaN"),
        ] {
            assert_eq!(Px(value).to_string(), written, "{value}");
        }
        // The same as the standard formatting away from ties and negative zero.
        for i in -2000..2000 {
            let value = f64::from(i) * 0.37 + 0.013;
            let standard = format!("{value:.1}");
            let standard = standard.strip_suffix(".0").unwrap_or(&standard);
            assert_eq!(Px(value).to_string(), standard);
        }
    }
}
