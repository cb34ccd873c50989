//! Everything a page shows about one station: item classes, the station class by the single-factor rule of
//! GB 3838-2002 (the worst item decides), the deciding items with their exceedance multiples, freshness and
//! missing items — computed from one SensorThings Thing with expanded Datastreams and Observations.

use crate::geo::LatLon;
use crate::params::recognise;
use crate::quality::{classify, exceedance, limit, Parameter, WaterBody, WaterClass};
use crate::rank::sort_by_rank;
use crate::sta::{Datastream, IotId, Thing};
use crate::time;
use serde::{Deserialize, Serialize};

/// Readings older than this (24 h) are stale by default: they are shown, never used for the current class.
pub const DEFAULT_FRESHNESS_MS: i64 = 24 * 3_600_000;

/// Share of the scale below which a change counts as steady (see [`trend`]).
const STEADY_SHARE: f64 = 0.05;

/// Everything a page shows about one station.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StationReport {
    /// The Thing's `@iot.id`.
    pub id: IotId,
    /// Name as the city writes it.
    pub name: String,
    /// English name (`properties.nameEn`).
    pub name_en: Option<String>,
    /// Position of the first Location that is a valid Point.
    pub position: Option<LatLon>,
    /// River, lake or reservoir (missing = river).
    pub water_body: WaterBody,
    /// Target class of the functional zone, if the city gives one.
    pub target: Option<WaterClass>,
    /// The current class, or why there is none.
    pub status: Status,
    /// Every parameter with a reading, known ones first in `Parameter::ALL` order, then unknown ones as sent.
    pub items: Vec<ItemReport>,
    /// Required items (pH, DO, CODMn, NH3-N, TP, and TN for lakes/reservoirs) without a fresh reading.
    pub missing: Vec<Parameter>,
    /// Time of the newest reading of any item.
    pub latest_ms: Option<i64>,
}

/// The station's current class, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Status {
    /// Classified from the fresh readings: the worst item class, and the items at that class.
    Classified {
        /// Worst class over fresh, assessed items.
        class: WaterClass,
        /// Items whose class equals `class`, in `Parameter::ALL` order (for class I: every item, all at I).
        deciding: Vec<Deciding>,
    },
    /// Readings exist but none of the assessed items is fresh; `last_ms` = newest assessed reading (or any).
    NoRecentData {
        /// Time of the newest reading.
        last_ms: Option<i64>,
    },
    /// No readings at all.
    NoData,
}

/// One item that decides the station class.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Deciding {
    /// Which parameter.
    pub parameter: Parameter,
    /// Its value in mg/L (pH: no unit).
    pub value: f64,
    /// Multiple of the target-class limit when it breaks it (DO: limit / value); None for pH or when met.
    pub times_target: Option<f64>,
    /// Multiple of the class V limit when it breaks it (劣V), e.g. NH3-N 2.6 → 1.3; None for pH or when met.
    pub times_class_v: Option<f64>,
}

/// One parameter's newest reading and its classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemReport {
    /// The recognised parameter; None for parameters Qingshui does not classify.
    pub parameter: Option<Parameter>,
    /// ObservedProperty name as given (or the Datastream name when the property has none).
    pub label: String,
    /// Newest value: mg/L for known parameters, as sent for unknown ones.
    pub value: f64,
    /// Unit of `value`: `Parameter::unit()` for known parameters, the unit symbol as sent otherwise.
    pub unit: String,
    /// Time of the newest reading (None when the server sent no parseable time).
    pub time_ms: Option<i64>,
    /// Whether the newest reading is within the freshness window.
    pub fresh: bool,
    /// None: unknown parameter, or TN in a river.
    pub class: Option<WaterClass>,
    /// The limit of the class it meets (None for pH, 劣V and unassessed items).
    pub limit_met: Option<f64>,
    /// The limit of the station's target class.
    pub target_limit: Option<f64>,
    /// Whether the item's class is at or better than the target class.
    pub meets_target: Option<bool>,
    /// All readings with a time, oldest first (same unit as `value`), for trends.
    pub series: Vec<(i64, f64)>,
}

/// Direction of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction3 {
    /// Last clearly above first.
    Rising,
    /// Last clearly below first.
    Falling,
    /// Change within ±5 % (see [`trend`]).
    Steady,
}

/// Min, max and direction of a series, for the trend's text equivalent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Oldest value.
    pub first: f64,
    /// Newest value.
    pub last: f64,
    /// Rising, Falling or Steady.
    pub direction: Direction3,
}

/// Min, max and direction of a series (taken in the given order, oldest first; non-finite values skipped).
///
/// Steady when |last − first| ≤ 5 % of the larger of the series' range and |first|: a change that is small
/// both against how much the series moves and against its level is noise, not a trend. None when empty.
pub fn trend(series: &[(i64, f64)]) -> Option<Trend> {
    let mut values = series.iter().map(|(_, v)| *v).filter(|v| v.is_finite());
    let first = values.next()?;
    let (mut min, mut max, mut last) = (first, first, first);
    for v in values {
        min = min.min(v);
        max = max.max(v);
        last = v;
    }
    let threshold = STEADY_SHARE * (max - min).max(first.abs());
    let change = last - first;
    let direction = if change.abs() <= threshold {
        Direction3::Steady
    } else if change > 0.0 {
        Direction3::Rising
    } else {
        Direction3::Falling
    };
    Some(Trend {
        min,
        max,
        first,
        last,
        direction,
    })
}

/// Items a complete assessment needs for this water body (TN only counts for lakes and reservoirs).
pub fn required(body: WaterBody) -> Vec<Parameter> {
    let mut req = vec![
        Parameter::Ph,
        Parameter::DissolvedOxygen,
        Parameter::PermanganateIndex,
        Parameter::AmmoniaNitrogen,
        Parameter::TotalPhosphorus,
    ];
    if body.is_lake_like() {
        req.push(Parameter::TotalNitrogen);
    }
    req
}

/// Builds the item of one datastream; None when it has no numeric reading.
fn item(
    ds: &Datastream,
    body: WaterBody,
    target: Option<WaterClass>,
    now_ms: i64,
    freshness_ms: i64,
) -> Option<ItemReport> {
    let op = ds.observed_property.as_ref();
    let op_name = op.map(|o| o.name.trim()).filter(|n| !n.is_empty());
    let label = op_name.or(ds.name.as_deref()).unwrap_or("").to_string();
    let definition = op.and_then(|o| o.definition.as_deref());
    let symbol = ds.unit.as_ref().and_then(|u| u.symbol.as_deref());
    // The datastream name is a fallback for servers that leave the ObservedProperty unnamed or unexpanded.
    let rec = recognise(&label, definition, symbol)
        .or_else(|| recognise(ds.name.as_deref()?, None, symbol));
    let scale = rec.map_or(1.0, |r| r.scale);
    let mut readings: Vec<(Option<i64>, f64)> = ds
        .observations
        .iter()
        .filter_map(|o| {
            let v = o.result.value()? * scale;
            let t = o
                .phenomenon_time
                .as_deref()
                .and_then(|s| time::parse(s).ok());
            Some((t, v))
        })
        .collect();
    // Timed readings oldest first; untimed ones last, in server order, used only if nothing has a time.
    sort_by_rank(&mut readings, |(t, _)| {
        t.map_or(f64::INFINITY, |t| t as f64)
    });
    let series: Vec<(i64, f64)> = readings
        .iter()
        .filter_map(|(t, v)| Some(((*t)?, *v)))
        .collect();
    let (time_ms, value) = match series.last() {
        Some((t, v)) => (Some(*t), *v),
        None => (None, readings.first()?.1),
    };
    let fresh = time_ms.is_some_and(|t| now_ms.saturating_sub(t) <= freshness_ms);
    let parameter = rec.map(|r| r.parameter);
    let class = parameter.and_then(|p| classify(p, value, body));
    let target_limit = parameter.zip(target).and_then(|(p, t)| limit(p, body, t));
    let unit = match parameter {
        Some(p) => p.unit().to_string(),
        None => symbol.unwrap_or("").to_string(),
    };
    Some(ItemReport {
        parameter,
        label,
        value,
        unit,
        time_ms,
        fresh,
        class,
        limit_met: parameter.zip(class).and_then(|(p, c)| limit(p, body, c)),
        target_limit,
        meets_target: class.zip(target).map(|(c, t)| c <= t),
        series,
    })
}

/// Everything a page shows about one station, computed from a Thing with expanded Datastreams.
///
/// A reading is fresh when `now_ms − time ≤ freshness_ms` (readings stamped in the future count as fresh).
/// When several datastreams measure the same parameter, the newest fresh one is used for the class.
pub fn assess(thing: &Thing, now_ms: i64, freshness_ms: i64) -> StationReport {
    let props = &thing.properties;
    let water_body = WaterBody::parse(props.water_body.as_deref().unwrap_or(""));
    let target = props.target_class.as_deref().and_then(WaterClass::parse);
    let mut items: Vec<ItemReport> = thing
        .datastreams
        .iter()
        .filter_map(|ds| item(ds, water_body, target, now_ms, freshness_ms))
        .collect();
    // Stable sort: known parameters in Parameter::ALL order, unknown ones after them as the server sent them.
    sort_by_rank(&mut items, |i| {
        i.parameter.map_or(f64::INFINITY, |p| p as usize as f64)
    });

    // Per parameter, the newest fresh assessed item.
    let mut current: Vec<&ItemReport> = Vec::new();
    for it in items.iter().filter(|i| i.fresh && i.class.is_some()) {
        match current.iter_mut().find(|c| c.parameter == it.parameter) {
            Some(c) if it.time_ms > c.time_ms => *c = it,
            Some(_) => {}
            None => current.push(it),
        }
    }
    let missing = required(water_body)
        .into_iter()
        .filter(|p| !current.iter().any(|c| c.parameter == Some(*p)))
        .collect();
    let latest_ms = items.iter().filter_map(|i| i.time_ms).max();
    let status = match current.iter().filter_map(|c| c.class).max() {
        Some(class) => Status::Classified {
            class,
            deciding: current
                .iter()
                .filter(|c| c.class == Some(class))
                .filter_map(|c| {
                    let p = c.parameter?;
                    Some(Deciding {
                        parameter: p,
                        value: c.value,
                        times_target: target.and_then(|t| exceedance(p, c.value, water_body, t)),
                        times_class_v: exceedance(p, c.value, water_body, WaterClass::V),
                    })
                })
                .collect(),
        },
        None if items.is_empty() => Status::NoData,
        None => Status::NoRecentData {
            last_ms: items
                .iter()
                .filter(|i| i.class.is_some())
                .filter_map(|i| i.time_ms)
                .max()
                .or(latest_ms),
        },
    };
    StationReport {
        id: thing.id.clone(),
        name: thing.name.clone(),
        name_en: props.name_en.clone(),
        position: thing.locations.iter().find_map(|l| l.point()),
        water_body,
        target,
        status,
        items,
        missing,
        latest_ms,
    }
}
