//! Mapping values to pixels, and axis ticks at round numbers.

#[derive(Debug, Clone, Copy)]
pub struct LinearScale {
    domain: (f64, f64),
    range: (f64, f64),
}

impl LinearScale {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> LinearScale {
        LinearScale { domain, range }
    }

    pub fn map(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if (d1 - d0).abs() < f64::EPSILON {
            return (r0 + r1) / 2.0;
        }
        r0 + (value - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// About `count` ticks at multiples of 1, 2 or 5 times a power of ten, covering min..max.
pub fn nice_ticks(min: f64, max: f64, count: usize) -> Vec<f64> {
    let (min, max) = if (max - min).abs() < f64::EPSILON {
        if max == 0.0 {
            (0.0, 1.0)
        } else {
            (min.min(0.0), max.max(0.0) * 1.1)
        }
    } else {
        (min, max)
    };
    let raw_step = (max - min) / count.max(1) as f64;
    let magnitude = 10f64.powf(raw_step.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw_step)
        .unwrap_or(10.0 * magnitude);
    let first = (min / step).floor() * step;
    let last = (max / step).ceil() * step;
    let n = ((last - first) / step).round() as usize;
    (0..=n).map(|i| clean(first + i as f64 * step)).collect()
}

/// Years to label on a time axis whose bands run from `first` to `last` (exclusive): every
/// year, or every 2nd, 5th… so that no more than `max_labels` are shown.
pub fn year_labels(first: i32, last: i32, max_labels: usize) -> Vec<i32> {
    let span = (last - first).max(1) as usize;
    let step = [1, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|s| span.div_ceil(*s) <= max_labels.max(1))
        .unwrap_or(100);
    (first..last)
        .filter(|y| step == 1 || y.rem_euclid(step as i32) == 0)
        .collect()
}

/// Removes floating-point noise (0.30000000000000004 → 0.3).
fn clean(value: f64) -> f64 {
    (value * 1e9).round() / 1e9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_data() {
        assert_eq!(
            nice_ticks(0.0, 100.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(nice_ticks(0.0, 0.72, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8]);
        assert_eq!(
            nice_ticks(0.0, 11700.0, 5),
            vec![0.0, 2500.0, 5000.0, 7500.0, 10000.0, 12500.0]
        );
    }

    #[test]
    fn a_flat_series_still_gets_an_axis() {
        assert_eq!(nice_ticks(0.0, 0.0, 5).first(), Some(&0.0));
        assert!(nice_ticks(5.0, 5.0, 5).len() > 1);
    }

    #[test]
    fn year_labels_thin_out_on_long_axes() {
        assert_eq!(year_labels(2020, 2022, 10), vec![2020, 2021]);
        let long = year_labels(1990, 2031, 10);
        assert!(long.iter().all(|y| y % 5 == 0), "{long:?}");
        assert!(long.len() <= 10);
    }

    #[test]
    fn maps_domain_to_range() {
        let s = LinearScale::new((0.0, 100.0), (300.0, 0.0));
        assert_eq!(s.map(50.0), 150.0);
    }
}
