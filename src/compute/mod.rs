//! Stage 3, **compute**: everything derived from the data before any page is written:
//! headline series, footnote numbers, links between goals, targets and indicators, target
//! statuses (now and for every year), and summaries.

pub mod regional;
pub mod status;

use crate::history::History;
use crate::model::{
    Coverage, DeclaredStatus, Indicator, Observation, ObservationStatus, Period, Portal,
    ProgressScale, RevisionNote, Target, TaskStatus,
};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use status::{Assessment, Point, Status};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug)]
pub struct Computed {
    /// The date current statuses are assessed at.
    pub as_of: NaiveDate,
    /// One entry per indicator, in the portal's order.
    pub indicators: Vec<IndicatorFacts>,
    /// One entry per dataset, in the portal's order.
    pub datasets: Vec<DatasetFacts>,
    /// One entry per target, in goal order then target order.
    pub targets: Vec<TargetFacts>,
    /// Years of the status matrix: from the first year (configured, else the earliest
    /// baseline) to the last year that ended by the assessment date.
    pub years: Vec<i32>,
    pub summary: StatusSummary,
    pub tasks: TaskSummary,
    /// The git history the `changes` of indicators and datasets point into.
    pub history: History,
    indicator_index: HashMap<String, usize>,
    target_index: HashMap<String, usize>,
}

impl Computed {
    pub fn indicator(&self, id: &str) -> Option<usize> {
        self.indicator_index.get(id).copied()
    }
    pub fn target(&self, id: &str) -> Option<&TargetFacts> {
        self.target_index.get(id).map(|&i| &self.targets[i])
    }

    /// What the pages and downloads of the indicator at `index` show of its git history
    /// ([`History::describe`]), for their keys in the build cache.
    pub fn indicator_history(&self, portal: &Portal, index: usize) -> String {
        let data_file: Vec<&std::path::Path> = (portal.indicators[index].data_file.iter())
            .map(|p| p.as_path())
            .collect();
        self.history
            .describe(&self.indicators[index].changes, &data_file)
    }

    /// The indicator at `index` and the indicators of its targets, by position: whose data
    /// decide what is shown of it with its targets' statuses (on its page, in its JSON).
    /// `None` when a target or indicator it names is not in the portal.
    pub fn with_its_targets(&self, portal: &Portal, index: usize) -> Option<BTreeSet<usize>> {
        let mut around = BTreeSet::from([index]);
        for target in &self.indicators[index].targets {
            let facts = self.target(target)?;
            let target = &portal.goals[facts.goal].targets[facts.position];
            for id in &target.indicators {
                around.insert(self.indicator(id)?);
            }
        }
        Some(around)
    }
}

#[derive(Debug, Default)]
pub struct IndicatorFacts {
    /// The headline series (the total, or the first dimension combination when there is no
    /// total): one value per dated period, chronological, to judge targets on.
    pub headline: Vec<Point>,
    /// The headline's observation of each period a chart places (dated periods and numbered
    /// steps), in order: the dated ones are behind `headline`'s points.
    pub headline_obs: Vec<usize>,
    /// Observations in table order: by period, then dimensions, then source.
    pub table: Vec<usize>,
    /// Distinct notes, numbered from 1 in table order.
    pub footnotes: Vec<usize>,
    /// For each observation, its footnote number.
    pub footnote_of: Vec<Option<usize>>,
    /// Targets that this indicator measures or is linked to.
    pub targets: Vec<String>,
    /// Goals of those targets, and goals linked directly.
    pub goals: Vec<String>,
    /// The dimension values of the headline series (all blank for the total).
    pub headline_dims: Vec<String>,
    /// When the indicator's data last changed: the one place pages, downloads and catalogues
    /// read it from. Never the build time. The newest commit that changed its files, else
    /// the metadata's `updated` date or newest revision note.
    pub last_updated: Option<NaiveDate>,
    /// The commits that changed its files, newest first (indices into `Computed::history`).
    pub changes: Vec<usize>,
    /// Its figures per region, when it has a map with some.
    pub regional: Option<regional::Regional>,
}

#[derive(Debug, Default)]
pub struct DatasetFacts {
    /// When the dataset last changed; see [`IndicatorFacts::last_updated`].
    pub last_updated: Option<NaiveDate>,
    /// See [`IndicatorFacts::changes`].
    pub changes: Vec<usize>,
}

#[derive(Debug)]
pub struct TargetFacts {
    pub id: String,
    pub goal: usize,
    pub position: usize,
    /// The indicator assessed: the first listed in the target's unit.
    pub assessed: Option<String>,
    /// Which of its series the target is judged on.
    pub coverage: CoverageKind,
    /// Each series judged, with its assessment as of the assessment date (one for the total
    /// or a named series).
    pub series: Vec<SeriesFacts>,
    /// The series whose assessment is the target's: the one that failed, lacked data or
    /// was furthest from the target. `None` with a single series.
    pub decided_by: Option<usize>,
    pub assessment: Assessment,
    /// The assessment as of the end of each year of the matrix.
    pub by_year: Vec<Assessment>,
    /// Whether a declared status contradicts the computed one.
    pub disagreement: bool,
}

/// How the series a target is judged on were chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CoverageKind {
    /// The indicator's total.
    Total,
    /// One series named with `assess`.
    Named,
    /// Every value of a dimension, named with `assess = { every = … }`.
    EveryValue(String),
    /// The indicator has no total and the target names no series: every series it has.
    EverySeries,
}

/// One series of a target's indicator and its assessment.
#[derive(Debug, Clone)]
pub struct SeriesFacts {
    /// Its dimension values, in the indicator's column order (blank: all).
    pub dims: Vec<String>,
    pub assessment: Assessment,
}

#[derive(Debug, Default)]
pub struct StatusSummary {
    pub overall: BTreeMap<Status, usize>,
    pub by_goal: Vec<BTreeMap<Status, usize>>,
    pub declared: BTreeMap<DeclaredStatus, usize>,
}

#[derive(Debug, Default)]
pub struct TaskSummary {
    /// Counts by lead agency (in agency order) and status; a task with several lead
    /// agencies counts for each.
    pub by_agency: Vec<(String, BTreeMap<TaskStatus, usize>)>,
    pub overall: BTreeMap<TaskStatus, usize>,
}

/// Everything the pages and downloads show that is not written in the sources: statuses,
/// series, summaries, and each indicator's and dataset's changes from `history` (pass
/// `History::default()` for a portal whose history is not read).
pub fn compute(portal: &Portal, history: History) -> Computed {
    let indicator_index: HashMap<String, usize> = portal
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| (ind.id.clone(), i))
        .collect();
    let mut indicators: Vec<IndicatorFacts> = portal
        .indicators
        .par_iter()
        .map(|indicator| IndicatorFacts {
            regional: regional::regional(portal, indicator),
            ..indicator_facts(indicator)
        })
        .collect();
    link(portal, &indicator_index, &mut indicators);

    let as_of = assessment_date(portal);
    let targets_flat: Vec<(usize, usize, &Target)> = portal
        .goals
        .iter()
        .enumerate()
        .flat_map(|(g, goal)| {
            goal.targets
                .iter()
                .enumerate()
                .map(move |(t, target)| (g, t, target))
        })
        .collect();
    let goals_of_targets: Vec<(Option<String>, Option<status::Goal>)> = targets_flat
        .iter()
        .map(|(_, _, target)| assessed_goal(portal, &indicator_index, target))
        .collect();
    let years = matrix_years(
        portal.config.status.first_year,
        as_of,
        &goals_of_targets,
        &indicator_index,
        &indicators,
    );
    let targets: Vec<TargetFacts> = targets_flat
        .par_iter()
        .zip(goals_of_targets.par_iter())
        .map(|((g, t, target), (assessed, goal))| {
            let indicator = assessed
                .as_ref()
                .map(|id| &portal.indicators[indicator_index[id]]);
            let (coverage, judged) = match (indicator, assessed) {
                (Some(indicator), Some(id)) => {
                    let facts = &indicators[indicator_index[id]];
                    judged_series(indicator, facts, &target.coverage)
                }
                _ => (CoverageKind::Total, Vec::new()),
            };
            let at = |date: NaiveDate| match goal {
                Some(goal) => assess_all(goal, &judged, date),
                None if target.aim.is_none() => (Assessment::qualitative(), Vec::new(), None),
                None => (
                    Assessment::no_indicator_in_unit(ProgressScale::Linear),
                    Vec::new(),
                    None,
                ),
            };
            let (assessment, each, decided_by) = at(as_of);
            let series = judged
                .iter()
                .zip(each)
                .map(|((dims, _), assessment)| SeriesFacts {
                    dims: dims.clone(),
                    assessment,
                })
                .collect();
            let by_year = years.iter().map(|&y| at(end_of_year(y)).0).collect();
            let disagreement = target
                .declared
                .as_ref()
                .is_some_and(|d| disagrees(d.status, assessment.status));
            TargetFacts {
                id: target.id.clone(),
                goal: *g,
                position: *t,
                assessed: assessed.clone(),
                coverage,
                series,
                decided_by,
                assessment,
                by_year,
                disagreement,
            }
        })
        .collect();
    let summary = summarise(portal, &targets);
    let target_index = targets
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.clone(), i))
        .collect();
    let datasets = portal
        .datasets
        .iter()
        .map(|d| DatasetFacts {
            last_updated: metadata_date(d.updated.as_ref(), &d.revisions),
            ..Default::default()
        })
        .collect();
    let computed = Computed {
        as_of,
        indicators,
        datasets,
        targets,
        years,
        summary,
        tasks: task_summary(portal),
        history: History::default(),
        indicator_index,
        target_index,
    };
    computed.with_history(portal, history)
}

/// A series judged: its dimension values and its points.
type Judged = (Vec<String>, Vec<Point>);

/// The series of `indicator` a target is judged on, with their values, by its coverage.
fn judged_series(
    indicator: &Indicator,
    facts: &IndicatorFacts,
    coverage: &Coverage,
) -> (CoverageKind, Vec<Judged>) {
    let columns = indicator.dimensions.len();
    let series = |dims: Vec<String>| {
        let points = points(indicator, &preferred_by_period(indicator, &dims));
        (dims, points)
    };
    let total = || vec![String::new(); columns];
    match coverage {
        Coverage::Headline => (
            CoverageKind::Total,
            vec![(facts.headline_dims.clone(), facts.headline.clone())],
        ),
        Coverage::Series(named) => {
            let dims = indicator
                .dimensions
                .iter()
                .map(|d| named.get(&d.column).cloned().unwrap_or_default())
                .collect();
            let kind = if named.is_empty() {
                CoverageKind::Total
            } else {
                CoverageKind::Named
            };
            (kind, vec![series(dims)])
        }
        Coverage::Every(dimension) => {
            let Some(column) = indicator
                .dimensions
                .iter()
                .position(|d| &d.column == dimension)
            else {
                return (CoverageKind::EveryValue(dimension.clone()), Vec::new());
            };
            // Every value the metadata declares (a required series may have no data at all),
            // then any other the data has.
            let mut values: Vec<String> = indicator.dimensions[column]
                .values
                .keys()
                .cloned()
                .collect();
            for o in &indicator.observations {
                let only_this = o
                    .dims
                    .iter()
                    .enumerate()
                    .all(|(i, v)| (i == column) != v.is_empty());
                if only_this && !values.contains(&o.dims[column]) {
                    values.push(o.dims[column].clone());
                }
            }
            let judged = values
                .into_iter()
                .map(|value| {
                    let mut dims = total();
                    dims[column] = value;
                    series(dims)
                })
                .collect();
            (CoverageKind::EveryValue(dimension.clone()), judged)
        }
        Coverage::Default
            if columns == 0 || indicator.observations.iter().any(|o| o.is_total()) =>
        {
            // The headline is then the total: its points are already computed.
            (
                CoverageKind::Total,
                vec![(facts.headline_dims.clone(), facts.headline.clone())],
            )
        }
        Coverage::Default => {
            let mut combinations: Vec<Vec<String>> = Vec::new();
            for o in &indicator.observations {
                if !combinations.contains(&o.dims) {
                    combinations.push(o.dims.clone());
                }
            }
            (
                CoverageKind::EverySeries,
                combinations.into_iter().map(series).collect(),
            )
        }
    }
}

/// Assesses every judged series and the target with them: met only when each series is, the
/// worst of their statuses otherwise, and insufficient data when any has none. A baseline
/// stated with the target is the total's: with several series, each starts from its own
/// first value. Returns the target's assessment, each series', and the deciding series.
fn assess_all(
    goal: &status::Goal,
    judged: &[Judged],
    date: NaiveDate,
) -> (Assessment, Vec<Assessment>, Option<usize>) {
    if judged.is_empty() {
        return (status::assess(goal, &[], date), Vec::new(), None);
    }
    let several = judged.len() > 1;
    let own_baseline = status::Goal {
        baseline: None,
        ..goal.clone()
    };
    let each: Vec<Assessment> = judged
        .iter()
        .map(|(_, points)| status::assess(if several { &own_baseline } else { goal }, points, date))
        .collect();
    if !several {
        return (each[0].clone(), each, None);
    }
    let decided = (0..each.len())
        .min_by_key(|&i| status::severity(each[i].status))
        .expect("several series");
    (each[decided].clone(), each, Some(decided))
}

/// The points of observations, in the order given.
/// The dated ones of `observations` as points to judge: numbered steps (`1`…`5`) are charted
/// but say nothing about a deadline.
fn points(indicator: &Indicator, observations: &[usize]) -> Vec<Point> {
    observations
        .iter()
        .filter_map(|&i| {
            let o = &indicator.observations[i];
            Some(Point {
                period: o.period.label().to_string(),
                end: o.period.dates()?.1,
                value: o.value.expect("filtered").value,
                break_before: o.status == Some(ObservationStatus::Break),
                derived: o.status == Some(ObservationStatus::Derived),
            })
        })
        .collect()
}

/// Whether a declared verdict contradicts what the data say.
fn disagrees(declared: DeclaredStatus, computed: Status) -> bool {
    match declared {
        DeclaredStatus::Met => !matches!(
            computed,
            Status::Met | Status::Achieved | Status::InsufficientData | Status::NotAssessed
        ),
        DeclaredStatus::NotMet => matches!(computed, Status::Met | Status::Achieved),
    }
}

fn indicator_facts(indicator: &Indicator) -> IndicatorFacts {
    let source_rank = |o: &Observation| {
        o.source
            .as_ref()
            .and_then(|s| indicator.sources.iter().position(|x| &x.id == s))
            .unwrap_or(usize::MAX)
    };
    let mut table: Vec<usize> = (0..indicator.observations.len()).collect();
    table.sort_by(|&a, &b| {
        let (oa, ob) = (&indicator.observations[a], &indicator.observations[b]);
        (&oa.period, &oa.dims, source_rank(oa), oa.line).cmp(&(
            &ob.period,
            &ob.dims,
            source_rank(ob),
            ob.line,
        ))
    });

    let headline_dims = indicator
        .observations
        .iter()
        .find(|o| o.is_total())
        .or_else(|| indicator.observations.first())
        .map(|o| o.dims.clone())
        .unwrap_or_default();
    let headline_obs = preferred_by_period(indicator, &headline_dims);
    let headline = points(indicator, &headline_obs);

    let mut footnotes: Vec<usize> = Vec::new();
    let mut footnote_of = vec![None; indicator.observations.len()];
    for &i in &table {
        let note = &indicator.observations[i].note;
        if note.is_empty() {
            continue;
        }
        let number = match footnotes
            .iter()
            .position(|&f| indicator.observations[f].note == *note)
        {
            Some(existing) => existing + 1,
            None => {
                footnotes.push(i);
                footnotes.len()
            }
        };
        footnote_of[i] = Some(number);
    }
    IndicatorFacts {
        headline,
        headline_obs,
        table,
        footnotes,
        footnote_of,
        headline_dims,
        last_updated: metadata_date(indicator.updated.as_ref(), &indicator.revisions),
        ..Default::default()
    }
}

/// The observations of one dimension combination (`dims`), one per period a chart places
/// ([`Period::axis_position`]) in chronological order: the preferred figure of each period
/// with a value, exact before qualified ("more than", "approx"), then from the source listed
/// first, then first in the file.
pub fn preferred_by_period(indicator: &Indicator, dims: &[String]) -> Vec<usize> {
    let source_rank = |o: &Observation| {
        o.source
            .as_ref()
            .and_then(|s| indicator.sources.iter().position(|x| &x.id == s))
            .unwrap_or(usize::MAX)
    };
    let mut best: BTreeMap<&Period, usize> = BTreeMap::new();
    let observations = &indicator.observations;
    for (i, o) in observations
        .iter()
        .enumerate()
        // Free-text periods (only other formats have them) have no place on a time axis.
        .filter(|(_, o)| o.dims == dims && o.value.is_some() && o.period.axis_position().is_some())
    {
        let rank = |o: &Observation| {
            let qualified = o.status.is_some_and(|s| s.qualifies_the_value());
            (qualified, source_rank(o), o.line)
        };
        best.entry(&o.period)
            .and_modify(|b| {
                if rank(o) < rank(&observations[*b]) {
                    *b = i
                }
            })
            .or_insert(i);
    }
    best.into_values().collect()
}

/// The last update the metadata states: its `updated` date or its newest revision note.
fn metadata_date(updated: Option<&Period>, revisions: &[RevisionNote]) -> Option<NaiveDate> {
    updated
        .map(Period::end)
        .into_iter()
        .chain(revisions.iter().map(|r| r.date))
        .max()
}

impl Computed {
    /// Dates and revision lists from git: each indicator's and dataset's changes are the
    /// commits that touched its files, and its last update the newest of them. Files git does
    /// not know (and portals without history) keep the metadata's date.
    fn with_history(mut self, portal: &Portal, history: History) -> Computed {
        for (facts, indicator) in self.indicators.iter_mut().zip(&portal.indicators) {
            let files = std::iter::once(&indicator.file).chain(&indicator.data_file);
            facts.changes = history.changes(files.map(|p| p.as_path()));
            if let Some(date) = history.newest(&facts.changes) {
                facts.last_updated = Some(date);
            }
        }
        for (facts, dataset) in self.datasets.iter_mut().zip(&portal.datasets) {
            let files = [dataset.file.as_path(), dataset.data_file.as_path()];
            facts.changes = history.changes(files);
            if let Some(date) = history.newest(&facts.changes) {
                facts.last_updated = Some(date);
            }
        }
        self.history = history;
        self
    }
}

/// Links indicators to the targets that list them and to those targets' goals.
fn link(portal: &Portal, index: &HashMap<String, usize>, facts: &mut [IndicatorFacts]) {
    let mut targets: Vec<BTreeSet<(usize, usize)>> = vec![BTreeSet::new(); facts.len()];
    let mut goals: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); facts.len()];
    let goal_pos: HashMap<&str, usize> = portal
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect();
    let target_pos: HashMap<&str, (usize, usize)> = portal
        .goals
        .iter()
        .enumerate()
        .flat_map(|(g, goal)| {
            goal.targets
                .iter()
                .enumerate()
                .map(move |(t, target)| (target.id.as_str(), (g, t)))
        })
        .collect();
    for (g, goal) in portal.goals.iter().enumerate() {
        for (t, target) in goal.targets.iter().enumerate() {
            for id in &target.indicators {
                targets[index[id]].insert((g, t));
                goals[index[id]].insert(g);
            }
        }
    }
    for (i, indicator) in portal.indicators.iter().enumerate() {
        for id in &indicator.targets {
            let (g, t) = target_pos[id.as_str()];
            targets[i].insert((g, t));
            goals[i].insert(g);
        }
        for id in &indicator.goals {
            goals[i].insert(goal_pos[id.as_str()]);
        }
    }
    for (i, f) in facts.iter_mut().enumerate() {
        f.targets = targets[i]
            .iter()
            .map(|&(g, t)| portal.goals[g].targets[t].id.clone())
            .collect();
        f.goals = goals[i]
            .iter()
            .map(|&g| portal.goals[g].id.clone())
            .collect();
    }
}

/// The indicator a target is assessed by (the first listed in the target's unit) and what
/// the status method needs to know.
fn assessed_goal(
    portal: &Portal,
    index: &HashMap<String, usize>,
    target: &Target,
) -> (Option<String>, Option<status::Goal>) {
    let (Some(aim), Some(deadline)) = (&target.aim, &target.deadline) else {
        return (None, None);
    };
    let Some(indicator) = target
        .indicators
        .iter()
        .find(|id| portal.indicators[index[*id]].unit == aim.unit)
    else {
        return (None, None);
    };
    let scale = portal
        .units
        .get(&aim.unit)
        .map(|u| u.progress)
        .unwrap_or_default();
    let baseline = target.baseline.as_ref().map(|b| Point {
        period: b.period.label().to_string(),
        end: b.period.end(),
        value: b.value.value,
        break_before: false,
        derived: false,
    });
    let goal = status::Goal {
        value: aim.value.value,
        comparison: aim.comparison,
        deadline: deadline.end(),
        scale,
        baseline,
    };
    (Some(indicator.clone()), Some(goal))
}

/// The years of the status matrix: from the configured first year, else the earliest
/// baseline (or first value) of a target, to the last year that ended by the assessment date.
/// No status is given for a year after it: what those years bring is not known yet.
fn matrix_years(
    first_year: Option<i32>,
    as_of: NaiveDate,
    goals: &[(Option<String>, Option<status::Goal>)],
    index: &HashMap<String, usize>,
    indicators: &[IndicatorFacts],
) -> Vec<i32> {
    use chrono::Datelike;
    let earliest = || {
        goals
            .iter()
            .filter_map(|(assessed, goal)| {
                let goal = goal.as_ref()?;
                let first_observation = || {
                    indicators[index[assessed.as_ref()?]]
                        .headline
                        .first()
                        .map(|p| p.end)
                };
                goal.baseline
                    .as_ref()
                    .map(|b| b.end)
                    .or_else(first_observation)
                    .map(|d| d.year())
            })
            .min()
    };
    let first = first_year.or_else(earliest);
    let last = if end_of_year(as_of.year()) <= as_of {
        as_of.year()
    } else {
        as_of.year() - 1
    };
    match first {
        Some(first) if first <= last => (first..=last).collect(),
        _ => Vec::new(),
    }
}

/// The configured assessment date, or the end of the latest period observed, so that a build
/// never depends on the day it runs.
fn assessment_date(portal: &Portal) -> NaiveDate {
    if let Some(date) = portal.config.status.as_of_date() {
        return date;
    }
    let latest_observation = portal
        .indicators
        .iter()
        .flat_map(|i| i.observations.iter())
        .filter_map(|o| o.period.dates().map(|(_, end)| end))
        .max();
    let latest_deadline = || {
        portal
            .goals
            .iter()
            .flat_map(|g| &g.targets)
            .filter_map(|t| t.deadline.as_ref().map(Period::end))
            .max()
    };
    latest_observation
        .or_else(latest_deadline)
        .unwrap_or_else(|| end_of_year(2000))
}

pub fn end_of_year(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).expect("December 31st exists")
}

fn summarise(portal: &Portal, targets: &[TargetFacts]) -> StatusSummary {
    let mut summary = StatusSummary {
        by_goal: vec![BTreeMap::new(); portal.goals.len()],
        ..Default::default()
    };
    for facts in targets {
        *summary.overall.entry(facts.assessment.status).or_default() += 1;
        *summary.by_goal[facts.goal]
            .entry(facts.assessment.status)
            .or_default() += 1;
        if let Some(declared) = &portal.goals[facts.goal].targets[facts.position].declared {
            *summary.declared.entry(declared.status).or_default() += 1;
        }
    }
    summary
}

fn task_summary(portal: &Portal) -> TaskSummary {
    let mut by_agency: BTreeMap<&str, BTreeMap<TaskStatus, usize>> = BTreeMap::new();
    let mut overall = BTreeMap::new();
    for task in &portal.tasks {
        *overall.entry(task.status).or_default() += 1;
        for agency in &task.lead_agencies {
            *by_agency
                .entry(agency)
                .or_default()
                .entry(task.status)
                .or_default() += 1;
        }
    }
    let by_agency = portal
        .agencies
        .iter()
        .filter_map(|a| {
            by_agency
                .get(a.id.as_str())
                .map(|counts| (a.id.clone(), counts.clone()))
        })
        .collect();
    TaskSummary { by_agency, overall }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        ChartKind, Dimension, IndicatorSource, Number, ObservationStatus, ReportingStatus, Text,
    };

    fn observation(
        period: &str,
        value: f64,
        dims: &[&str],
        status: Option<ObservationStatus>,
        source: &str,
        note: &str,
        line: usize,
    ) -> Observation {
        Observation {
            period: Period::parse(period).unwrap(),
            value: Some(Number::parse(&value.to_string()).unwrap()),
            dims: dims.iter().map(|d| d.to_string()).collect(),
            status,
            source: Some(source.to_string()),
            note: if note.is_empty() {
                Text::default()
            } else {
                Text::neutral(note)
            },
            line,
        }
    }

    fn indicator(observations: Vec<Observation>) -> Indicator {
        let source = |id: &str| IndicatorSource {
            id: id.into(),
            citation: crate::model::Citation {
                document: "d".into(),
                locator: String::new(),
            },
            note: Text::default(),
        };
        Indicator {
            id: "i".into(),
            data_theme: None,
            file: "data/indicators/i.toml".into(),
            data_file: None,
            name: Text::neutral("I"),
            unit: "percent".into(),
            definition: Text::default(),
            reporting_status: ReportingStatus::Complete,
            version: None,
            order: 0,
            goals: vec![],
            targets: vec![],
            updated: None,
            chart: ChartKind::Auto,
            decimals: None,
            map: None,
            chart_options: Default::default(),
            sources: vec![source("first"), source("second")],
            dimensions: vec![Dimension {
                column: "area".into(),
                label: Text::neutral("Area"),
                values: Default::default(),
            }],
            target_values: vec![],
            revisions: vec![],
            observations,
        }
    }

    #[test]
    fn the_headline_is_the_total_preferring_exact_figures_then_the_first_source() {
        let facts = indicator_facts(&indicator(vec![
            observation(
                "2020",
                30.0,
                &[""],
                Some(ObservationStatus::MoreThan),
                "first",
                "",
                2,
            ),
            observation("2020", 30.86, &[""], None, "second", "", 3),
            observation("2021", 40.0, &[""], None, "second", "", 4),
            observation("2021", 41.0, &[""], None, "first", "", 5),
            observation("2021", 90.0, &["north"], None, "first", "", 6),
        ]));
        let headline: Vec<(&str, f64)> = facts
            .headline
            .iter()
            .map(|p| (p.period.as_str(), p.value))
            .collect();
        assert_eq!(headline, [("2020", 30.86), ("2021", 41.0)]);
        assert_eq!(facts.headline_obs, [1, 3]);
    }

    #[test]
    fn without_a_total_the_first_series_in_file_order_is_the_headline() {
        let facts = indicator_facts(&indicator(vec![
            observation("2021", 5.0, &["south"], None, "first", "", 2),
            observation("2020", 4.0, &["north"], None, "first", "", 3),
            observation("2021", 6.0, &["north"], None, "first", "", 4),
        ]));
        assert_eq!(facts.headline_dims, ["south"]);
        assert_eq!(facts.headline.len(), 1);
    }

    #[test]
    fn footnotes_are_numbered_once_per_note_in_table_order() {
        let facts = indicator_facts(&indicator(vec![
            observation("2021", 2.0, &[""], None, "first", "estimate", 2),
            observation("2020", 1.0, &[""], None, "first", "survey", 3),
            observation("2022", 3.0, &[""], None, "first", "estimate", 4),
        ]));
        // Table order is by period: 2020 (survey) gets 1, 2021 and 2022 (estimate) share 2.
        assert_eq!(facts.table, [1, 0, 2]);
        assert_eq!(facts.footnote_of, [Some(2), Some(1), Some(2)]);
        assert_eq!(facts.footnotes, [1, 0]);
    }

    #[test]
    fn declared_verdicts_disagree_only_with_contrary_evidence() {
        assert!(disagrees(DeclaredStatus::Met, Status::NotMet));
        assert!(disagrees(DeclaredStatus::Met, Status::OffTrack));
        assert!(!disagrees(DeclaredStatus::Met, Status::InsufficientData));
        assert!(disagrees(DeclaredStatus::NotMet, Status::Achieved));
        assert!(!disagrees(DeclaredStatus::NotMet, Status::AtRisk));
    }
}
