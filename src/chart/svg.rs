//! A tiny SVG writer: indented lines and escaping.

#[derive(Default)]
pub struct Svg {
    out: String,
    depth: usize,
}

impl Svg {
    pub fn open(&mut self, tag: &str) {
        self.line(tag);
        self.depth += 1;
    }

    pub fn close(&mut self, tag: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(tag);
    }

    pub fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Appends what another writer wrote, at this writer's depth.
    pub fn append(&mut self, other: Svg) {
        for line in other.out.lines() {
            self.line(line);
        }
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
