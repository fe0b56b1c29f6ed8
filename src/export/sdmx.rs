//! SDMX downloads, for statistical offices' tools (the SDMX reference infrastructure, `.Stat`,
//! `sdmx1`, `rsdmx`): each indicator's observations as an SDMX-ML 2.1 structure-specific
//! data message (`<id>.sdmx.xml`) and as an SDMX-JSON 1.0 data message (`<id>.sdmx.json`),
//! and one SDMX-ML 2.1 structure message for the portal (`data/sdmx/structure.xml`) holding
//! every indicator's data structure definition with its concepts and code lists.
//!
//! Each indicator has its own data structure, `DSD_<id>`, as its dimensions are its own:
//! - `INDICATOR`, with the indicator as its one code (SDMX needs one dimension at least, and it
//!   names the series when files are combined);
//! - one dimension per dimension column, its codes those the data has, a blank cell (the total)
//!   being `_T` as in SDMX's cross-domain code lists;
//! - `TIME_PERIOD`: `2020`, `2020-Q1`, `2020-12`, `2020-12-31`, and a range as its first day
//!   and length (`2021-01-01/P5Y`);
//! - the measure `OBS_VALUE`, the figure as written;
//! - the attributes `UNIT_MEASURE` and `OBS_STATUS` (chiso's kinds of figure).
//!
//! SDMX-ML groups the observations by series (`dimensionAtObservation="TIME_PERIOD"`): each
//! `Series` holds the key's dimensions, each `Obs` its time, value and attributes.
//!
//! Identifiers keep to SDMX's character set: anything else becomes `_`, and a clash gets a
//! number. A known gap (a period without a figure) and a period that is no date (Open SDG's free
//! text labels) have no place in SDMX and are left out, and a key has one figure (see
//! [`observations`]); the CSV keeps them all.

use super::csv::machine_number;
use super::formats::{Job, Sink, Subject, Whole, Writer};
use crate::escape::markup as escape;
use crate::model::{Indicator, ObservationStatus, Period, PeriodKind, Portal, Text};
use crate::site::catalog::{Catalog, Labels};
use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

/// The agency that maintains the structures: the portal, under one id for every portal, since
/// SDMX agency ids come from a registry chiso cannot consult.
pub const AGENCY: &str = "CHISO";
const VERSION: &str = "1.0";
/// The code of a blank cell: the total, as SDMX's cross-domain code lists name it.
const TOTAL: &str = "_T";

const MESSAGE: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message";
const STRUCTURE: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure";
const COMMON: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common";
const STRUCTURE_SPECIFIC: &str =
    "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific";

pub struct SdmxMlWriter;
pub struct SdmxJsonWriter;

impl Writer for SdmxMlWriter {
    fn start<'a>(&self, job: &'a Job<'a>, path: &'a str) -> io::Result<Box<dyn Sink + 'a>> {
        let indicator = indicator_of(job)?;
        Ok(Box::new(Whole::new(job, path, move |_| {
            let date = job.entry.modified.date;
            Ok(data_message(job.portal, job.labels, indicator, date).into_bytes())
        })))
    }
}

impl Writer for SdmxJsonWriter {
    fn start<'a>(&self, job: &'a Job<'a>, path: &'a str) -> io::Result<Box<dyn Sink + 'a>> {
        let indicator = indicator_of(job)?;
        Ok(Box::new(Whole::new(job, path, move |_| {
            let message = json_message(job.portal, job.labels, indicator, job.entry.modified.date);
            let mut bytes = serde_json::to_vec(&message).map_err(io::Error::other)?;
            bytes.push(b'\n');
            Ok(bytes)
        })))
    }
}

fn indicator_of<'a>(job: &Job<'a>) -> io::Result<&'a Indicator> {
    match job.subject {
        Subject::Indicator(indicator, ..) => Ok(indicator),
        Subject::Dataset(_) => Err(io::Error::other(
            "datasets have no SDMX file: their columns are no dimensions",
        )),
    }
}

/// An indicator's dimensions as SDMX names them.
struct Shape {
    /// `INDICATOR`, then one per dimension column, in column order.
    dimensions: Vec<DimensionShape>,
}

struct DimensionShape {
    id: String,
    name: Text,
    /// Its codes in code order, each with its name: the order of its code list and of its
    /// SDMX-JSON values.
    codes: Vec<(String, Text)>,
    /// The position in `codes` of each value as written (`""`, the total, is [`TOTAL`]).
    of_value: BTreeMap<String, usize>,
}

impl DimensionShape {
    /// A dimension of `values` as written, each with its code and name.
    fn new(id: String, name: Text, values: Vec<(String, String, Text)>) -> DimensionShape {
        let mut codes: Vec<(String, Text, String)> = values
            .into_iter()
            .map(|(value, code, name)| (code, name, value))
            .collect();
        codes.sort_by(|a, b| a.0.cmp(&b.0));
        let of_value = codes
            .iter()
            .enumerate()
            .map(|(position, (.., value))| (value.clone(), position))
            .collect();
        DimensionShape {
            id,
            name,
            codes: codes
                .into_iter()
                .map(|(code, name, _)| (code, name))
                .collect(),
            of_value,
        }
    }
}

impl Shape {
    fn of(portal: &Portal, labels: &Labels, indicator: &Indicator) -> Shape {
        let mut taken: Vec<String> = ["TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS"]
            .map(String::from)
            .to_vec();
        let mut dimensions = vec![DimensionShape::new(
            unique(&mut taken, "INDICATOR".to_string()),
            labels.text("search.kind.indicator"),
            vec![(
                indicator.id.clone(),
                code_id(&indicator.id),
                indicator.name.clone(),
            )],
        )];
        let default = portal.config.default_lang();
        for (column, dimension) in indicator.dimensions.iter().enumerate() {
            let mut written: Vec<&str> = indicator
                .observations
                .iter()
                .map(|o| o.dims[column].as_str())
                .collect();
            written.sort_unstable();
            written.dedup();
            let mut used = Vec::new();
            let codes = written
                .into_iter()
                .map(|value| {
                    let (id, name) = if value.is_empty() {
                        (TOTAL.to_string(), labels.text("table.total"))
                    } else {
                        let name = dimension
                            .values
                            .get(value)
                            .filter(|t| !t.get(default, default).is_empty())
                            .cloned()
                            .unwrap_or_else(|| Text::neutral(value));
                        (code_id(value), name)
                    };
                    (value.to_string(), unique(&mut used, id), name)
                })
                .collect();
            dimensions.push(DimensionShape::new(
                unique(&mut taken, component_id(&dimension.column)),
                dimension.label.clone(),
                codes,
            ));
        }
        Shape { dimensions }
    }

    /// An observation's key: the position of its code in each dimension's codes.
    fn key(&self, indicator: &Indicator, dims: &[String]) -> Vec<usize> {
        std::iter::once(&indicator.id)
            .chain(dims)
            .zip(&self.dimensions)
            .map(|(value, dimension)| dimension.of_value[value])
            .collect()
    }
}

/// `id`, or `id_2`, `id_3`… when `taken` has it; noted as taken.
fn unique(taken: &mut Vec<String>, id: String) -> String {
    let mut candidate = id.clone();
    let mut n = 1;
    while taken.contains(&candidate) {
        n += 1;
        candidate = format!("{id}_{n}");
    }
    taken.push(candidate.clone());
    candidate
}

/// A code or item id: SDMX's `IDType` characters (`A-Z a-z 0-9 _ @ $ -`), others `_`.
fn code_id(text: &str) -> String {
    let id: String = text
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_@$-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if id.is_empty() { "_".to_string() } else { id }
}

/// A component id, which structure-specific messages write as an XML attribute name: upper
/// case, `_` for other characters, and never starting with a digit or `-`.
fn component_id(column: &str) -> String {
    let id: String = column
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    match id.chars().next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => id,
        _ => format!("D_{id}"),
    }
}

/// A period in SDMX's time formats; `None` for a label that is no date.
fn time_period(period: &Period) -> Option<String> {
    let (start, end) = period.dates()?;
    Some(match period.kind() {
        PeriodKind::Year => start.year().to_string(),
        PeriodKind::Quarter => format!("{}-Q{}", start.year(), start.month0() / 3 + 1),
        PeriodKind::Month => start.format("%Y-%m").to_string(),
        PeriodKind::Date => start.format("%Y-%m-%d").to_string(),
        _ => range(start, end),
    })
}

/// A range as SDMX's `TimeRange`: its first day and its length, in years when it spans whole
/// years, else in days.
fn range(start: NaiveDate, end: NaiveDate) -> String {
    let whole_years =
        start.month() == 1 && start.day() == 1 && end.month() == 12 && end.day() == 31;
    let length = if whole_years {
        format!("P{}Y", end.year() - start.year() + 1)
    } else {
        format!("P{}D", (end - start).num_days() + 1)
    };
    format!("{}/{length}", start.format("%Y-%m-%d"))
}

fn dsd_id(indicator: &Indicator) -> String {
    format!("DSD_{}", code_id(&indicator.id))
}

/// The code of a kind of figure in the `OBS_STATUS` code list.
fn status_code(status: ObservationStatus) -> String {
    status.code().to_ascii_uppercase().replace('-', "_")
}

fn prepared(date: NaiveDate) -> String {
    format!("{}T00:00:00", date.format("%Y-%m-%d"))
}

/// One observation as SDMX holds it: its key ([`Shape::key`]), time, value and kind of figure.
type SdmxObservation = (Vec<usize>, String, String, Option<ObservationStatus>);

/// The observations SDMX can hold, in file order: those with a figure and a dated period, one
/// per key (its dimensions and time), as a key has one value in SDMX. Where the data has two
/// figures for one key, the one chiso charts is kept (`compute::preferred_by_period`: exact
/// before qualified, then by source); the CSV keeps both.
fn observations(indicator: &Indicator, shape: &Shape) -> Vec<SdmxObservation> {
    let mut combinations: Vec<&Vec<String>> =
        indicator.observations.iter().map(|o| &o.dims).collect();
    combinations.sort_unstable();
    combinations.dedup();
    let mut kept: Vec<usize> = combinations
        .into_iter()
        .flat_map(|dims| crate::compute::preferred_by_period(indicator, dims))
        .collect();
    kept.sort_unstable();
    let mut keys = std::collections::BTreeSet::new();
    kept.into_iter()
        .filter_map(|i| {
            let o = &indicator.observations[i];
            let (value, time) = (o.value?, time_period(&o.period)?);
            let key = shape.key(indicator, &o.dims);
            keys.insert((key.clone(), time.clone()))
                .then(|| (key, time, machine_number(value), o.status))
        })
        .collect()
}

/// The indicator's observations as an SDMX-ML 2.1 structure-specific data message.
pub fn data_message(
    portal: &Portal,
    labels: &Labels,
    indicator: &Indicator,
    date: NaiveDate,
) -> String {
    let shape = Shape::of(portal, labels, indicator);
    let dsd = dsd_id(indicator);
    let namespace = format!(
        "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure={AGENCY}:{dsd}({VERSION}):ObsLevelDim:TIME_PERIOD"
    );
    let structure_ref = format!("{AGENCY}_{dsd}_{}", VERSION.replace('.', "_"));
    let mut xml = String::with_capacity(256 + indicator.observations.len() * 120);
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <mes:StructureSpecificData xmlns:mes=\"{MESSAGE}\" xmlns:ss=\"{STRUCTURE_SPECIFIC}\" xmlns:com=\"{COMMON}\" xmlns:ns1=\"{ns}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n\
         <mes:Header><mes:ID>{id}</mes:ID><mes:Test>false</mes:Test><mes:Prepared>{prepared}</mes:Prepared><mes:Sender id=\"{AGENCY}\"/>\
         <mes:Structure structureID=\"{structure_ref}\" namespace=\"{ns}\" dimensionAtObservation=\"TIME_PERIOD\"><com:Structure><Ref agencyID=\"{AGENCY}\" id=\"{dsd}\" version=\"{VERSION}\"/></com:Structure></mes:Structure></mes:Header>\n\
         <mes:DataSet ss:structureRef=\"{structure_ref}\" xsi:type=\"ns1:DataSetType\" ss:dataScope=\"DataStructure\">\n",
        ns = escape(&namespace),
        id = escape(&format!("IND_{}", code_id(&indicator.id))),
        prepared = prepared(date),
    );
    let unit = escape(&code_id(&indicator.unit));
    // A series per key, its observations in the data's order: the key is written once, not
    // on every observation (it was a third of the file).
    let mut observations = observations(indicator, &shape);
    observations.sort_by(|a, b| a.0.cmp(&b.0));
    for series in observations.chunk_by(|a, b| a.0 == b.0) {
        xml.push_str("<Series");
        for (dimension, &code) in shape.dimensions.iter().zip(&series[0].0) {
            let _ = write!(
                xml,
                " {}=\"{}\"",
                dimension.id,
                escape(&dimension.codes[code].0)
            );
        }
        xml.push_str(">\n");
        for (_, time, value, status) in series {
            let _ = write!(
                xml,
                "<Obs TIME_PERIOD=\"{}\" OBS_VALUE=\"{value}\" UNIT_MEASURE=\"{unit}\"",
                escape(time)
            );
            if let Some(status) = status {
                let _ = write!(xml, " OBS_STATUS=\"{}\"", status_code(*status));
            }
            xml.push_str("/>\n");
        }
        xml.push_str("</Series>\n");
    }
    xml.push_str("</mes:DataSet>\n</mes:StructureSpecificData>\n");
    xml
}

/// The indicator's observations as an SDMX-JSON 1.0 data message, which carries its own
/// structure: every dimension at the observation level, each observation keyed by the
/// positions of its codes.
pub fn json_message(
    portal: &Portal,
    labels: &Labels,
    indicator: &Indicator,
    date: NaiveDate,
) -> Value {
    let shape = Shape::of(portal, labels, indicator);
    let default = portal.config.default_lang();
    let names = |text: &Text| -> Value {
        portal
            .config
            .languages
            .iter()
            .map(|lang| (lang.clone(), json!(text.get(lang, default))))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let rows = observations(indicator, &shape);
    // The times in order, each observation keyed by its time's position among them.
    let times: BTreeMap<&str, usize> = rows
        .iter()
        .map(|(_, time, ..)| time.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .zip(0..)
        .collect();
    let mut dimensions: Vec<Value> = shape
        .dimensions
        .iter()
        .enumerate()
        .map(|(position, d)| {
            json!({
                "id": d.id,
                "name": d.name.get(default, default),
                "names": names(&d.name),
                "keyPosition": position,
                "values": d.codes.iter().map(|(id, name)| json!({
                    "id": id,
                    "name": name.get(default, default),
                    "names": names(name),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    dimensions.push(json!({
        "id": "TIME_PERIOD",
        "name": labels.text("table.period").get(default, default),
        "role": "time",
        "keyPosition": shape.dimensions.len(),
        "values": times.keys().map(|t| json!({"id": t, "name": t})).collect::<Vec<_>>(),
    }));
    let statuses: Vec<ObservationStatus> = ObservationStatus::ALL.to_vec();
    let observations: serde_json::Map<String, Value> = rows
        .iter()
        .map(|(key, time, value, status)| {
            let indices: Vec<String> = key
                .iter()
                .chain([&times[time.as_str()]])
                .map(usize::to_string)
                .collect();
            let number: Option<serde_json::Number> = value.parse().ok();
            let status = status.map(|s| statuses.iter().position(|x| *x == s));
            (indices.join(":"), json!([number, 0, status]))
        })
        .collect();
    let unit = portal.units.get(&indicator.unit);
    json!({
        "header": {
            "id": format!("IND_{}", code_id(&indicator.id)),
            "test": false,
            "prepared": prepared(date),
            "sender": {"id": AGENCY},
        },
        "dataSets": [{"action": "Information", "observations": observations}],
        "structure": {
            "name": indicator.name.get(default, default),
            "names": names(&indicator.name),
            "dimensions": {"dataSet": [], "series": [], "observation": dimensions},
            "attributes": {
                "dataSet": [],
                "series": [],
                "observation": [
                    {
                        "id": "UNIT_MEASURE",
                        "name": labels.text("meta.unit").get(default, default),
                        "values": [{
                            "id": code_id(&indicator.unit),
                            "name": unit.map_or(indicator.unit.as_str(), |u| u.label.get(default, default)),
                        }],
                    },
                    {
                        "id": "OBS_STATUS",
                        "name": labels.text("table.obs_status").get(default, default),
                        "values": statuses.iter().map(|s| json!({
                            "id": status_code(*s),
                            "name": labels.text(&format!("obs_status.{}", s.code())).get(default, default),
                        })).collect::<Vec<_>>(),
                    },
                ],
            },
        },
    })
}

/// The portal's SDMX-ML 2.1 structure message: for every indicator its data structure
/// definition, concept scheme and dimension code lists, and the code lists of units and kinds
/// of figure they share.
pub fn structure_message(portal: &Portal, labels: &Labels, catalog: &Catalog) -> String {
    let default = portal.config.default_lang();
    let date = catalog
        .entries()
        .map(|e| e.modified.date)
        .max()
        .unwrap_or_default();
    let names = |text: &Text| -> String {
        let mut out = String::new();
        for lang in &portal.config.languages {
            let _ = write!(
                out,
                "<com:Name xml:lang=\"{lang}\">{}</com:Name>",
                escape(text.get(lang, default))
            );
        }
        out
    };
    let shapes: Vec<(&Indicator, Shape)> = portal
        .indicators
        .iter()
        .map(|i| (i, Shape::of(portal, labels, i)))
        .collect();
    let mut codelists = String::new();
    let _ = write!(
        codelists,
        "<str:Codelist id=\"CL_UNIT\" agencyID=\"{AGENCY}\" version=\"{VERSION}\">{}",
        names(&labels.text("meta.unit"))
    );
    for unit in portal.units.values() {
        let _ = write!(
            codelists,
            "<str:Code id=\"{}\">{}</str:Code>",
            escape(&code_id(&unit.id)),
            names(&unit.label)
        );
    }
    codelists.push_str("</str:Codelist>");
    let _ = write!(
        codelists,
        "<str:Codelist id=\"CL_OBS_STATUS\" agencyID=\"{AGENCY}\" version=\"{VERSION}\">{}",
        names(&labels.text("table.obs_status"))
    );
    for status in ObservationStatus::ALL {
        let _ = write!(
            codelists,
            "<str:Code id=\"{}\">{}</str:Code>",
            status_code(status),
            names(&labels.text(&format!("obs_status.{}", status.code())))
        );
    }
    codelists.push_str("</str:Codelist>");
    let mut concepts = String::new();
    let mut structures = String::new();
    for (indicator, shape) in &shapes {
        let id = code_id(&indicator.id);
        let scheme = format!("CS_{id}");
        for dimension in &shape.dimensions {
            let _ = write!(
                codelists,
                "<str:Codelist id=\"CL_{id}_{}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\">{}",
                dimension.id,
                names(&dimension.name)
            );
            for (code, name) in &dimension.codes {
                let _ = write!(
                    codelists,
                    "<str:Code id=\"{}\">{}</str:Code>",
                    escape(code),
                    names(name)
                );
            }
            codelists.push_str("</str:Codelist>");
        }
        let _ = write!(
            concepts,
            "<str:ConceptScheme id=\"{scheme}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\">{}",
            names(&indicator.name)
        );
        let fixed = [
            ("TIME_PERIOD", labels.text("table.period")),
            ("OBS_VALUE", labels.text("table.value")),
            ("UNIT_MEASURE", labels.text("meta.unit")),
            ("OBS_STATUS", labels.text("table.obs_status")),
        ];
        for (concept, name) in shape
            .dimensions
            .iter()
            .map(|d| (d.id.as_str(), d.name.clone()))
            .chain(fixed.iter().map(|(c, n)| (*c, n.clone())))
        {
            let _ = write!(
                concepts,
                "<str:Concept id=\"{concept}\">{}</str:Concept>",
                names(&name)
            );
        }
        concepts.push_str("</str:ConceptScheme>");
        let concept = |c: &str| {
            format!(
                "<str:ConceptIdentity><Ref id=\"{c}\" maintainableParentID=\"{scheme}\" maintainableParentVersion=\"{VERSION}\" agencyID=\"{AGENCY}\" package=\"conceptscheme\" class=\"Concept\"/></str:ConceptIdentity>"
            )
        };
        let enumeration = |list: &str| {
            format!(
                "<str:LocalRepresentation><str:Enumeration><Ref id=\"{list}\" version=\"{VERSION}\" agencyID=\"{AGENCY}\" package=\"codelist\" class=\"Codelist\"/></str:Enumeration></str:LocalRepresentation>"
            )
        };
        let _ = write!(
            structures,
            "<str:DataStructure id=\"{}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\">{}<str:DataStructureComponents><str:DimensionList id=\"DimensionDescriptor\">",
            dsd_id(indicator),
            names(&indicator.name)
        );
        for (position, dimension) in shape.dimensions.iter().enumerate() {
            let _ = write!(
                structures,
                "<str:Dimension id=\"{d}\" position=\"{}\">{}{}</str:Dimension>",
                position + 1,
                concept(&dimension.id),
                enumeration(&format!("CL_{id}_{}", dimension.id)),
                d = dimension.id,
            );
        }
        let _ = write!(
            structures,
            "<str:TimeDimension id=\"TIME_PERIOD\" position=\"{}\">{}<str:LocalRepresentation><str:TextFormat textType=\"ObservationalTimePeriod\"/></str:LocalRepresentation></str:TimeDimension></str:DimensionList><str:AttributeList id=\"AttributeDescriptor\">",
            shape.dimensions.len() + 1,
            concept("TIME_PERIOD"),
        );
        for (attribute, list, status) in [
            ("UNIT_MEASURE", "CL_UNIT", "Mandatory"),
            ("OBS_STATUS", "CL_OBS_STATUS", "Conditional"),
        ] {
            let _ = write!(
                structures,
                "<str:Attribute id=\"{attribute}\" assignmentStatus=\"{status}\">{}{}<str:AttributeRelationship><str:PrimaryMeasure><Ref id=\"OBS_VALUE\"/></str:PrimaryMeasure></str:AttributeRelationship></str:Attribute>",
                concept(attribute),
                enumeration(list),
            );
        }
        let _ = write!(
            structures,
            "</str:AttributeList><str:MeasureList id=\"MeasureDescriptor\"><str:PrimaryMeasure id=\"OBS_VALUE\">{}</str:PrimaryMeasure></str:MeasureList></str:DataStructureComponents></str:DataStructure>",
            concept("OBS_VALUE"),
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <mes:Structure xmlns:mes=\"{MESSAGE}\" xmlns:str=\"{STRUCTURE}\" xmlns:com=\"{COMMON}\">\n\
         <mes:Header><mes:ID>STRUCTURES</mes:ID><mes:Test>false</mes:Test><mes:Prepared>{}</mes:Prepared><mes:Sender id=\"{AGENCY}\"/></mes:Header>\n\
         <mes:Structures>\n<str:Codelists>{codelists}</str:Codelists>\n<str:Concepts>{concepts}</str:Concepts>\n<str:DataStructures>{structures}</str:DataStructures>\n</mes:Structures>\n</mes:Structure>\n",
        prepared(date)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_to_sdmx_characters_and_never_start_an_attribute_with_a_digit() {
        assert_eq!(code_id("Viet Nam"), "Viet_Nam");
        assert_eq!(code_id("15-24"), "15-24");
        assert_eq!(code_id("Hà Nội"), "H__N_i");
        assert_eq!(component_id("Unit measure"), "UNIT_MEASURE");
        assert_eq!(component_id("2nd level"), "D_2ND_LEVEL");
        let mut taken = vec!["UNIT_MEASURE".to_string()];
        assert_eq!(unique(&mut taken, "UNIT_MEASURE".into()), "UNIT_MEASURE_2");
    }

    #[test]
    fn periods_are_written_in_sdmx_time_formats() {
        let time = |label: &str| time_period(&Period::lenient(label));
        assert_eq!(time("2020").as_deref(), Some("2020"));
        assert_eq!(time("2022-Q3").as_deref(), Some("2022-Q3"));
        assert_eq!(time("2020-12").as_deref(), Some("2020-12"));
        assert_eq!(time("2022-09-09").as_deref(), Some("2022-09-09"));
        assert_eq!(time("2021-2025").as_deref(), Some("2021-01-01/P5Y"));
        assert_eq!(time("2016/18").as_deref(), Some("2016-01-01/P3Y"));
        assert_eq!(time("2020-01/2020-06").as_deref(), Some("2020-01-01/P182D"));
        assert_eq!(time("Baseline survey"), None);
    }
}
