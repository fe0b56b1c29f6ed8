//! Numbers as readers of each language write them: `30,86` and `11.700` in Vietnamese,
//! `30.86` and `11,700` in English. The separators come from the translation files.

/// The separators of one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberFormat {
    pub decimal: String,
    pub group: String,
}

impl NumberFormat {
    /// Numbers as machines read them: `.` as decimal point, no grouping.
    pub fn machine() -> NumberFormat {
        NumberFormat {
            decimal: ".".into(),
            group: String::new(),
        }
    }

    /// A size in bytes as people read it: `12,3 kB`, `4.1 MB`, `512 B`. The units are SI
    /// (a kB is 1,000 bytes), as their symbols say, and as hosts state their limits.
    pub fn bytes(&self, bytes: u64) -> String {
        match bytes {
            b if b >= 1_000_000 => format!("{} MB", self.format(b as f64 / 1e6, 1)),
            b if b >= 1_000 => format!("{} kB", self.format(b as f64 / 1e3, 1)),
            b => format!("{} B", self.format(b as f64, 0)),
        }
    }

    /// Formats `value` with exactly `decimals` decimals, grouping thousands.
    pub fn format(&self, value: f64, decimals: u8) -> String {
        let fixed = fixed_decimals(value.abs(), decimals);
        let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
        let mut grouped = String::with_capacity(fixed.len() + 4);
        for (i, digit) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push_str(&self.group);
            }
            grouped.push(digit);
        }
        let negative = value < 0.0 && fixed.bytes().any(|b| b.is_ascii_digit() && b != b'0');
        let mut out = String::new();
        if negative {
            out.push('-');
        }
        out.push_str(&grouped);
        if !frac.is_empty() {
            out.push_str(&self.decimal);
            out.push_str(frac);
        }
        out
    }

    /// Formats a change with its sign: `+13,8`, `-2,5`.
    pub fn format_signed(&self, value: f64, decimals: u8) -> String {
        let text = self.format(value, decimals);
        if text.starts_with('-') || text.chars().all(|c| c == '0' || !c.is_ascii_digit()) {
            text
        } else {
            format!("+{text}")
        }
    }

    /// Formats a value with the fewest decimals (up to `max`) that show it without loss.
    pub fn format_shortest(&self, value: f64, max: u8) -> String {
        let decimals = (0..=max)
            .find(|&d| (round_to(value, d) - value).abs() < 1e-9 * value.abs().max(1.0))
            .unwrap_or(max);
        self.format(value, decimals)
    }
}

/// `value` with exactly `decimals` decimals. Portal figures are small and written with few
/// decimals, so scaling to an integer is exact and much faster than `format!("{:.*}")`, whose
/// exact algorithm dominated page rendering; anything larger takes the general path.
fn fixed_decimals(value: f64, decimals: u8) -> String {
    const LIMIT: f64 = 1e15;
    let scale = 10f64.powi(decimals as i32);
    let scaled = (value * scale).round();
    if decimals > 9 || !(0.0..LIMIT).contains(&scaled) {
        return format!("{:.*}", decimals as usize, value);
    }
    let digits = (scaled as u64).to_string();
    let decimals = decimals as usize;
    if decimals == 0 {
        return digits;
    }
    let padded = format!("{digits:0>width$}", width = decimals + 1);
    let (int, frac) = padded.split_at(padded.len() - decimals);
    format!("{int}.{frac}")
}

fn round_to(value: f64, decimals: u8) -> f64 {
    let factor = 10f64.powi(decimals as i32);
    (value * factor).round() / factor
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn each_language_has_its_separators() {
        assert_eq!(vi().format(30.86, 2), "30,86");
        assert_eq!(en().format(30.86, 2), "30.86");
        assert_eq!(vi().format(11700.0, 0), "11.700");
        assert_eq!(en().format(1234567.5, 1), "1,234,567.5");
        assert_eq!(en().format(100.0, 0), "100");
    }

    #[test]
    fn sizes_are_in_si_units_as_their_symbols_say() {
        assert_eq!(en().bytes(999), "999 B");
        assert_eq!(vi().bytes(12_300), "12,3 kB");
        assert_eq!(en().bytes(298_003_000), "298.0 MB");
    }

    #[test]
    fn signs_and_rounding() {
        assert_eq!(vi().format_signed(13.8, 1), "+13,8");
        assert_eq!(en().format_signed(-2.54, 1), "-2.5");
        assert_eq!(en().format(-0.001, 1), "0.0");
        assert_eq!(en().format_signed(0.0, 1), "0.0");
    }

    #[test]
    fn fixed_decimals_match_the_general_formatter() {
        for (value, decimals) in [
            (30.86, 2),
            (0.05, 2),
            (0.0, 1),
            (100.0, 0),
            (11700.0, 0),
            (1.005, 1),
            (123456.789, 3),
            (0.634, 2),
        ] {
            assert_eq!(
                fixed_decimals(value, decimals),
                format!("{value:.*}", decimals as usize),
                "{value} {decimals}"
            );
        }
        assert_eq!(fixed_decimals(1e20, 1), "100000000000000000000.0");
    }

    #[test]
    fn shortest_form_drops_useless_decimals() {
        assert_eq!(en().format_shortest(72.0, 2), "72");
        assert_eq!(vi().format_shortest(0.634, 2), "0,63");
        assert_eq!(en().format_shortest(15.3, 2), "15.3");
    }
}
