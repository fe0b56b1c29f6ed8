//! Text measured without a font: the layout needs widths before any font is chosen (pages use
//! the reader's font, images the system's), so widths are estimated generously from the
//! average advance of sans-serif faces, and long text is wrapped at word boundaries.

/// The estimated width of `text` at `size` pixels: narrow letters, digits and capitals
/// weighted as in common sans-serif faces (DejaVu Sans, Noto Sans, Arial).
pub fn width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.3,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' => 0.4,
            'm' | 'w' | 'M' | 'W' | '%' => 0.9,
            c if c.is_uppercase() => 0.72,
            c if c.is_ascii_digit() => 0.64,
            _ => 0.6,
        })
        .sum::<f64>()
        * size
}

/// `text` broken into lines no wider than `max` pixels at `size`; a single word longer than
/// a line stays whole.
pub fn wrap(text: &str, max: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && width(&format!("{line} {word}"), size) > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_words_within_the_width() {
        let lines = wrap("Tỷ lệ hồ sơ được xử lý trực tuyến toàn trình", 120.0, 12.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, 12.0) <= 120.0));
        assert_eq!(
            lines.join(" "),
            "Tỷ lệ hồ sơ được xử lý trực tuyến toàn trình"
        );
        assert_eq!(wrap("", 100.0, 12.0), Vec::<String>::new());
    }

    #[test]
    fn wider_text_measures_wider() {
        assert!(width("WWW", 12.0) > width("iii", 12.0));
        assert!(width("2025", 24.0) > width("2025", 12.0));
    }
}

/// Labels placed so that none overprints another: each is moved from where it wants to be,
/// a line at a time, until its box clears every label placed before it.
#[derive(Default)]
pub struct Placed {
    boxes: Vec<(f64, f64, f64)>,
}

impl Placed {
    /// Places a label spanning `x0..x1` with its baseline at `y`, moving it by `step` (up
    /// when negative) while it overlaps another, and returns the baseline it got. Labels
    /// overlap when their spans meet and their baselines are less than `|step|` apart.
    pub fn place(&mut self, x0: f64, x1: f64, mut y: f64, step: f64) -> f64 {
        let clash = |y: f64, boxes: &[(f64, f64, f64)]| {
            boxes
                .iter()
                .any(|&(a, b, by)| x0 < b && a < x1 && (y - by).abs() < step.abs())
        };
        // Each move clears at least one label, so as many moves as labels always suffice.
        for _ in 0..=self.boxes.len() {
            if !clash(y, &self.boxes) {
                break;
            }
            y += step;
        }
        self.boxes.push((x0, x1, y));
        y
    }
}
