//! The progress method: where a quantitative target stands at an assessment date.
//!
//! It follows the progress measure national SDG platforms use (Statistics Canada's, in Open
//! SDG): the ratio of the progress made since the baseline to the progress needed to reach the
//! target by the deadline, with thresholds 0.95 (on track), 0.6 (at risk) and 0 (off track
//! above it, regressing below). Progress is measured as a compound growth rate for counts
//! and amounts, and as a linear change (points per year) where growth rates mislead:
//! percentages heading for 100%, ranks, and baselines or targets of zero or below.
//! The portal's methodology page (`themes/default/content/<lang>/methodology.md`) explains
//! every rule below.

use crate::model::{Comparison, ProgressScale, date_as_year};
use chrono::NaiveDate;
use serde::Serialize;

/// Thresholds of the ratio of achieved to required progress.
pub const ON_TRACK: f64 = 0.95;
pub const AT_RISK: f64 = 0.6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// After the deadline: the last value up to the deadline meets the target.
    Met,
    /// After the deadline: it does not.
    NotMet,
    /// Before the deadline: the latest value already meets the target.
    Achieved,
    OnTrack,
    AtRisk,
    OffTrack,
    Regressing,
    InsufficientData,
    /// A qualitative target: no value to measure against; only a declared status can say.
    NotAssessed,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Met,
        Status::Achieved,
        Status::OnTrack,
        Status::AtRisk,
        Status::OffTrack,
        Status::Regressing,
        Status::NotMet,
        Status::InsufficientData,
        Status::NotAssessed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not-met",
            Status::Achieved => "achieved",
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::OffTrack => "off-track",
            Status::Regressing => "regressing",
            Status::InsufficientData => "insufficient-data",
            Status::NotAssessed => "not-assessed",
        }
    }

    /// A final verdict, given once the deadline has passed.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Met | Status::NotMet)
    }
}

/// How far a status is from the target, worst first, to pick the series that decides a
/// target judged on several: a series without data, then one not met, regressing, off track,
/// at risk, on track, achieved, met.
pub fn severity(status: Status) -> u8 {
    match status {
        Status::InsufficientData | Status::NotAssessed => 0,
        Status::NotMet => 1,
        Status::Regressing => 2,
        Status::OffTrack => 3,
        Status::AtRisk => 4,
        Status::OnTrack => 5,
        Status::Achieved => 6,
        Status::Met => 7,
    }
}

/// Why a status is what it is, when numbers alone do not say: the page explains it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The progress ratio decided.
    Ratio,
    /// The value meets the target.
    TargetReached,
    /// No target value: a qualitative target.
    Qualitative,
    /// None of the target's indicators is in the target's unit.
    NoIndicatorInUnit,
    /// No observation up to the assessment date.
    NoData,
    /// Only the baseline: progress needs a later value.
    OnlyBaseline,
    /// The baseline comes after the assessment date.
    BaselineLater,
    /// The target was met at the baseline and no longer is.
    LostSinceBaseline,
    /// The series breaks between the baseline and the latest value: the two are not
    /// comparable, so progress cannot be measured.
    SeriesBreak,
}

/// The figures an assessment used, so pages and downloads can show the calculation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub status: Status,
    pub reason: Reason,
    pub scale: ProgressScale,
    pub baseline: Option<Point>,
    /// Whether the baseline was stated with the target (else it is the first observation).
    pub baseline_stated: bool,
    pub latest: Option<Point>,
    /// Progress needed per year (points per year, or a growth rate such as 0.05 for 5%).
    pub required_rate: Option<f64>,
    /// Progress achieved per year since the baseline, in the same measure.
    pub achieved_rate: Option<f64>,
    pub ratio: Option<f64>,
    /// Where the latest rate leads by the deadline.
    pub projected: Option<f64>,
}

/// A value at the end of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub period: String,
    pub end: NaiveDate,
    pub value: f64,
    /// Not comparable with the value before it (a series break): no progress is measured
    /// across it.
    #[serde(skip)]
    pub break_before: bool,
    /// The figure is derived from others, not stated by its source (a rank computed from
    /// "up 2 places"): a status that rests on it says so.
    #[serde(skip)]
    pub derived: bool,
}

impl Point {
    fn year(&self) -> f64 {
        date_as_year(self.end)
    }
}

/// What is being assessed.
#[derive(Debug, Clone)]
pub struct Goal {
    pub value: f64,
    pub comparison: Comparison,
    pub deadline: NaiveDate,
    pub scale: ProgressScale,
    /// The baseline stated with the target, if any.
    pub baseline: Option<Point>,
}

impl Assessment {
    fn bare(status: Status, reason: Reason, scale: ProgressScale) -> Assessment {
        Assessment {
            status,
            reason,
            scale,
            baseline: None,
            baseline_stated: false,
            latest: None,
            required_rate: None,
            achieved_rate: None,
            ratio: None,
            projected: None,
        }
    }

    pub fn qualitative() -> Assessment {
        Assessment::bare(
            Status::NotAssessed,
            Reason::Qualitative,
            ProgressScale::Linear,
        )
    }

    pub fn no_indicator_in_unit(scale: ProgressScale) -> Assessment {
        Assessment::bare(Status::InsufficientData, Reason::NoIndicatorInUnit, scale)
    }
}

/// Assesses `goal` as of `as_of` from `series` (the headline values, in chronological
/// order). Only values whose period ended by `as_of` count, so an assessment "as of 2022"
/// uses what could have been known then.
pub fn assess(goal: &Goal, series: &[Point], as_of: NaiveDate) -> Assessment {
    let known: Vec<&Point> = series.iter().filter(|p| p.end <= as_of).collect();
    let baseline_stated = goal.baseline.is_some();
    let baseline = goal
        .baseline
        .clone()
        .or_else(|| known.first().map(|p| (*p).clone()));
    let mut assessment = Assessment::bare(Status::InsufficientData, Reason::NoData, goal.scale);
    assessment.baseline_stated = baseline_stated;
    let Some(baseline) = baseline else {
        return assessment;
    };
    assessment.baseline = Some(baseline.clone());
    if baseline.end > as_of {
        assessment.reason = Reason::BaselineLater;
        return assessment;
    }

    let met = |value: f64| goal.comparison.is_met(value, goal.value);
    let after_deadline = as_of >= goal.deadline;
    // The verdict after the deadline uses the last value up to the deadline; later values
    // are shown on the page but do not change it.
    let horizon = if after_deadline { goal.deadline } else { as_of };
    let latest = known
        .iter()
        .rev()
        .find(|p| p.end <= horizon)
        .map(|p| (*p).clone());
    let Some(latest) = latest.filter(|l| l.end >= baseline.end) else {
        assessment.reason = Reason::NoData;
        return assessment;
    };
    assessment.latest = Some(latest.clone());
    let progressed = latest.end > baseline.end;

    if met(latest.value) {
        assessment.status = if after_deadline {
            Status::Met
        } else {
            Status::Achieved
        };
        assessment.reason = Reason::TargetReached;
        return assessment;
    }
    if !progressed {
        assessment.reason = Reason::OnlyBaseline;
        return assessment;
    }
    if after_deadline {
        assessment.status = Status::NotMet;
        assessment.reason = Reason::TargetReached;
        return assessment;
    }
    let breaks_since_baseline = known
        .iter()
        .any(|p| p.break_before && p.end > baseline.end && p.end <= latest.end);
    if breaks_since_baseline {
        assessment.reason = Reason::SeriesBreak;
        return assessment;
    }
    if met(baseline.value) {
        assessment.status = Status::Regressing;
        assessment.reason = Reason::LostSinceBaseline;
        return assessment;
    }

    // Before the deadline and after a later value: baseline < latest <= as_of < deadline, so
    // neither span below is zero.
    let (t0, t1, deadline) = (baseline.year(), latest.year(), date_as_year(goal.deadline));
    let use_growth = goal.scale == ProgressScale::Growth
        && baseline.value > 0.0
        && latest.value > 0.0
        && goal.value > 0.0;
    let scale = if use_growth {
        ProgressScale::Growth
    } else {
        ProgressScale::Linear
    };
    let (required, achieved, projected) = match scale {
        ProgressScale::Growth => {
            let required = (goal.value / baseline.value).powf(1.0 / (deadline - t0)) - 1.0;
            let achieved = (latest.value / baseline.value).powf(1.0 / (t1 - t0)) - 1.0;
            (
                required,
                achieved,
                latest.value * (1.0 + achieved).powf(deadline - t1),
            )
        }
        ProgressScale::Linear => {
            let required = (goal.value - baseline.value) / (deadline - t0);
            let achieved = (latest.value - baseline.value) / (t1 - t0);
            (
                required,
                achieved,
                latest.value + achieved * (deadline - t1),
            )
        }
    };
    let ratio = achieved / required;
    assessment.scale = scale;
    assessment.required_rate = Some(required);
    assessment.achieved_rate = Some(achieved);
    assessment.ratio = Some(ratio);
    assessment.projected = Some(projected);
    assessment.reason = Reason::Ratio;
    assessment.status = match ratio {
        r if r >= ON_TRACK => Status::OnTrack,
        r if r >= AT_RISK => Status::AtRisk,
        r if r >= 0.0 => Status::OffTrack,
        _ => Status::Regressing,
    };
    assessment
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(year: i32, value: f64) -> Point {
        Point {
            period: year.to_string(),
            end: NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
            value,
            break_before: false,
            derived: false,
        }
    }

    #[test]
    fn no_progress_is_measured_across_a_series_break() {
        let target = goal(100.0, Comparison::AtLeast, 2025, ProgressScale::Linear);
        let mut series = vec![point(2020, 30.0), point(2022, 60.0)];
        assert_eq!(
            assess(&target, &series, end_of(2022)).status,
            Status::OnTrack
        );
        series[1].break_before = true;
        let across = assess(&target, &series, end_of(2022));
        assert_eq!(
            (across.status, across.reason),
            (Status::InsufficientData, Reason::SeriesBreak)
        );
        // Reaching the target needs no comparison: still achieved.
        series[1].value = 100.0;
        assert_eq!(
            assess(&target, &series, end_of(2022)).status,
            Status::Achieved
        );
    }

    fn end_of(year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap()
    }

    fn goal(value: f64, comparison: Comparison, deadline: i32, scale: ProgressScale) -> Goal {
        Goal {
            value,
            comparison,
            deadline: end_of(deadline),
            scale,
            baseline: None,
        }
    }

    struct Case {
        name: &'static str,
        goal: Goal,
        series: Vec<Point>,
        as_of: i32,
        status: Status,
        reason: Reason,
    }

    /// Every status and every edge case of the method, one row each.
    fn cases() -> Vec<Case> {
        use Comparison::*;
        use ProgressScale::*;
        let stated = |mut g: Goal, year: i32, value: f64| {
            g.baseline = Some(point(year, value));
            g
        };
        vec![
            Case {
                name: "on track, linear",
                goal: goal(100.0, AtLeast, 2025, Linear),
                series: vec![point(2020, 30.0), point(2022, 60.0)],
                as_of: 2022,
                status: Status::OnTrack,
                reason: Reason::Ratio,
            },
            Case {
                name: "at risk: needed 14/yr, achieved 10/yr",
                goal: goal(100.0, AtLeast, 2025, Linear),
                series: vec![point(2020, 30.0), point(2022, 50.0)],
                as_of: 2022,
                status: Status::AtRisk,
                reason: Reason::Ratio,
            },
            Case {
                name: "off track: little progress",
                goal: goal(100.0, AtLeast, 2025, Linear),
                series: vec![point(2020, 30.0), point(2022, 35.0)],
                as_of: 2022,
                status: Status::OffTrack,
                reason: Reason::Ratio,
            },
            Case {
                name: "no change is off track, not regressing",
                goal: goal(100.0, AtLeast, 2025, Linear),
                series: vec![point(2020, 30.0), point(2022, 30.0)],
                as_of: 2022,
                status: Status::OffTrack,
                reason: Reason::Ratio,
            },
            Case {
                name: "regressing: moving away",
                goal: goal(100.0, AtLeast, 2025, Linear),
                series: vec![point(2020, 30.0), point(2022, 25.0)],
                as_of: 2022,
                status: Status::Regressing,
                reason: Reason::Ratio,
            },
            Case {
                name: "achieved before the deadline",
                goal: goal(100.0, AtLeast, 2025, Linear),
                series: vec![point(2020, 30.0), point(2022, 100.0)],
                as_of: 2022,
                status: Status::Achieved,
                reason: Reason::TargetReached,
            },
            Case {
                name: "already reached at the baseline",
                goal: goal(50.0, AtLeast, 2025, Linear),
                series: vec![point(2020, 60.0)],
                as_of: 2020,
                status: Status::Achieved,
                reason: Reason::TargetReached,
            },
            Case {
                name: "reached at baseline, lost since",
                goal: goal(50.0, AtLeast, 2025, Linear),
                series: vec![point(2020, 60.0), point(2022, 40.0)],
                as_of: 2022,
                status: Status::Regressing,
                reason: Reason::LostSinceBaseline,
            },
            Case {
                name: "met at the deadline",
                goal: goal(100.0, AtLeast, 2021, Linear),
                series: vec![point(2020, 30.0), point(2021, 100.0)],
                as_of: 2023,
                status: Status::Met,
                reason: Reason::TargetReached,
            },
            Case {
                name: "not met at the deadline",
                goal: goal(100.0, AtLeast, 2021, Linear),
                series: vec![point(2020, 30.0), point(2021, 80.0)],
                as_of: 2023,
                status: Status::NotMet,
                reason: Reason::TargetReached,
            },
            Case {
                name: "values after the deadline do not change the verdict",
                goal: goal(100.0, AtLeast, 2021, Linear),
                series: vec![point(2020, 30.0), point(2021, 80.0), point(2022, 100.0)],
                as_of: 2023,
                status: Status::NotMet,
                reason: Reason::TargetReached,
            },
            Case {
                name: "after the deadline with no value up to it",
                goal: goal(100.0, AtLeast, 2021, Linear),
                series: vec![point(2020, 30.0)],
                as_of: 2023,
                status: Status::InsufficientData,
                reason: Reason::OnlyBaseline,
            },
            Case {
                name: "lower is better: rank 86 → 71, needed 7.2 places a year, made 3.75",
                goal: goal(50.0, AtMost, 2025, Linear),
                series: vec![point(2020, 86.0), point(2024, 71.0)],
                as_of: 2024,
                status: Status::OffTrack,
                reason: Reason::Ratio,
            },
            Case {
                name: "lower is better: at risk",
                goal: goal(50.0, AtMost, 2025, Linear),
                series: vec![point(2020, 86.0), point(2023, 66.0)],
                as_of: 2023,
                status: Status::AtRisk,
                reason: Reason::Ratio,
            },
            Case {
                name: "lower is better: worse rank is regressing",
                goal: goal(50.0, AtMost, 2025, Linear),
                series: vec![point(2020, 86.0), point(2022, 88.0)],
                as_of: 2022,
                status: Status::Regressing,
                reason: Reason::Ratio,
            },
            Case {
                name: "lower is better: reached",
                goal: goal(50.0, AtMost, 2025, Linear),
                series: vec![point(2020, 86.0), point(2024, 45.0)],
                as_of: 2024,
                status: Status::Achieved,
                reason: Reason::TargetReached,
            },
            Case {
                name: "growth rate for counts",
                goal: goal(200.0, AtLeast, 2025, Growth),
                series: vec![point(2020, 100.0), point(2022, 135.0)],
                as_of: 2022,
                status: Status::OnTrack,
                reason: Reason::Ratio,
            },
            Case {
                name: "growth falls back to linear from a baseline of 0",
                goal: goal(100.0, AtLeast, 2025, Growth),
                series: vec![point(2020, 0.0), point(2022, 30.0)],
                as_of: 2022,
                status: Status::AtRisk,
                reason: Reason::Ratio,
            },
            Case {
                name: "a single observation cannot show progress",
                goal: goal(100.0, AtLeast, 2025, Linear),
                series: vec![point(2020, 30.0)],
                as_of: 2022,
                status: Status::InsufficientData,
                reason: Reason::OnlyBaseline,
            },
            Case {
                name: "no observation at all",
                goal: goal(100.0, AtLeast, 2025, Linear),
                series: vec![],
                as_of: 2022,
                status: Status::InsufficientData,
                reason: Reason::NoData,
            },
            Case {
                name: "no baseline: the first observation is used",
                goal: goal(100.0, AtLeast, 2025, Linear),
                series: vec![point(2021, 40.0), point(2023, 70.0)],
                as_of: 2023,
                status: Status::OnTrack,
                reason: Reason::Ratio,
            },
            Case {
                name: "a stated baseline wins over the first observation",
                goal: stated(goal(100.0, AtLeast, 2025, Linear), 2020, 60.0),
                series: vec![point(2021, 40.0), point(2023, 70.0)],
                as_of: 2023,
                status: Status::OffTrack,
                reason: Reason::Ratio,
            },
            Case {
                name: "assessed before the stated baseline",
                goal: stated(goal(100.0, AtLeast, 2025, Linear), 2020, 30.0),
                series: vec![point(2021, 40.0)],
                as_of: 2019,
                status: Status::InsufficientData,
                reason: Reason::BaselineLater,
            },
            Case {
                name: "data after the assessment date is ignored",
                goal: goal(100.0, AtLeast, 2025, Linear),
                series: vec![point(2020, 30.0), point(2024, 100.0)],
                as_of: 2022,
                status: Status::InsufficientData,
                reason: Reason::OnlyBaseline,
            },
            Case {
                name: "a deadline before the baseline gives no verdict",
                goal: stated(goal(100.0, AtLeast, 2021, Linear), 2022, 30.0),
                series: vec![point(2022, 30.0), point(2023, 50.0)],
                as_of: 2023,
                status: Status::InsufficientData,
                reason: Reason::NoData,
            },
            Case {
                name: "equal: reached exactly",
                goal: goal(3.0, Equal, 2025, Linear),
                series: vec![point(2020, 1.0), point(2022, 3.0)],
                as_of: 2022,
                status: Status::Achieved,
                reason: Reason::TargetReached,
            },
        ]
    }

    #[test]
    fn every_case_gets_its_status() {
        for case in cases() {
            let a = assess(&case.goal, &case.series, end_of(case.as_of));
            assert_eq!(
                (a.status, a.reason),
                (case.status, case.reason),
                "{}: {a:?}",
                case.name
            );
        }
    }

    #[test]
    fn every_status_but_not_assessed_is_reached_by_some_case() {
        let reached: Vec<Status> = cases().iter().map(|c| c.status).collect();
        for status in Status::ALL
            .into_iter()
            .filter(|s| *s != Status::NotAssessed)
        {
            assert!(reached.contains(&status), "no case reaches {status:?}");
        }
    }

    #[test]
    fn the_calculation_is_reported_in_points_per_year() {
        // 23.5% in 2020 → 42.9% in 2022, target 100% by 2025: needed 15.3 points a year,
        // achieved 9.7 — ratio 0.63, at risk.
        let g = goal(100.0, Comparison::AtLeast, 2025, ProgressScale::Linear);
        let a = assess(&g, &[point(2020, 23.5), point(2022, 42.9)], end_of(2022));
        assert_eq!(a.status, Status::AtRisk);
        assert!((a.required_rate.unwrap() - 15.3).abs() < 0.01, "{a:?}");
        assert!((a.achieved_rate.unwrap() - 9.7).abs() < 0.01, "{a:?}");
        assert!((a.ratio.unwrap() - 0.634).abs() < 0.001, "{a:?}");
        assert!((a.projected.unwrap() - 72.0).abs() < 0.01, "{a:?}");
    }

    #[test]
    fn growth_rates_compound() {
        let g = goal(200.0, Comparison::AtLeast, 2025, ProgressScale::Growth);
        let a = assess(&g, &[point(2020, 100.0), point(2022, 121.0)], end_of(2022));
        assert!((a.achieved_rate.unwrap() - 0.10).abs() < 1e-9);
        assert!((a.required_rate.unwrap() - (2f64.powf(0.2) - 1.0)).abs() < 1e-9);
        assert_eq!(a.scale, ProgressScale::Growth);
    }
}
