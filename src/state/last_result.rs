//! The last results kept on the phone, so a returning resident sees their list at once and an
//! offline one sees the last data instead of an error.
//!
//! The raw SensorThings entities are kept (not the assessed reports) and assessed again when
//! shown: a list kept two days ago then says "no recent data" instead of presenting an old class
//! as current. The nearby list keeps only the stations the page showed, each as the server wrote it,
//! with their distances (never the position itself); each copy names the `sta_url` it came from, so
//! a city that changes its server never sees another city's data.

use std::sync::Arc;

use qingshui_core::json::Value;
use qingshui_core::sta::decode::{object, optional, required, Bad, FromJson};
use qingshui_core::sta::encode::{RawJson, ToJson, Writer};
use qingshui_core::sta::{IotId, Thing};
use qingshui_core::station::assess;

use super::nearby::{NearStation, Problem};
use crate::api::ApiError;
use crate::platform::json;

/// `localStorage` key of the last nearby list.
pub const NEARBY_KEY: &str = "qingshui.last_nearby";
/// `localStorage` key of the last station pages.
pub const STATIONS_KEY: &str = "qingshui.last_stations";
/// How many station pages are kept (newest first).
pub const MAX_STATIONS: usize = 10;

/// Why a kept copy is on screen instead of a fresh answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Shown on opening, before (or instead of) a new answer.
    Earlier,
    /// The phone is offline.
    Offline,
    /// The server could not be reached or did not answer in time.
    Unreachable,
}

impl Shown {
    /// The kept copy to show after a failed request, or `None` when the failure is the server's
    /// own answer (an error page is then the truth, not a connection problem).
    pub fn after_problem(p: Problem) -> Option<Self> {
        match p {
            Problem::Offline => Some(Shown::Offline),
            Problem::Network | Problem::Timeout => Some(Shown::Unreachable),
            _ => None,
        }
    }

    /// [`Shown::after_problem`] for an API error.
    pub fn after_error(e: &ApiError) -> Option<Self> {
        Self::after_problem(Problem::from(e))
    }
}

/// Where a kept list was centred; search results are not kept. Stored as serde writes an enum
/// (the form of the copies kept before `ToJson`): `"Position"` or `{"District": "渝中区"}`.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// The phone's position.
    Position,
    /// A district centre (Chinese name, as in `config.json`).
    District(String),
}

/// One kept station of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptStation {
    /// The entity as the server sent it (latest readings only).
    pub thing: Thing,
    /// Metres from the position or district centre, as shown.
    pub distance_m: Option<f64>,
}

/// The last nearby list.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptNearby {
    /// The SensorThings service it came from.
    pub sta_url: String,
    /// What it was centred on.
    pub place: Place,
    /// When it was fetched (ms since the epoch).
    pub fetched_ms: i64,
    /// The shown stations, in the order shown.
    pub stations: Vec<KeptStation>,
}

/// The copy of a nearby list to keep, in the form [`KeptNearby`] reads: the `shown` stations in the
/// order shown, with their distances, each as the server wrote it in the answer it came in (`items[i]`
/// is the text of `things[i]`). Written out again entity by entity, the stations took an encoder for
/// every SensorThings type, ~1.3 KiB brotli of the first download (issue #6).
pub struct KeptAnswer<'a> {
    /// The SensorThings service it came from.
    pub sta_url: &'a str,
    /// What it was centred on.
    pub place: &'a Place,
    /// When it was fetched (ms since the epoch).
    pub fetched_ms: i64,
    /// The stations on screen, in the order shown.
    pub shown: &'a [NearStation],
    /// The stations of the answer, as read.
    pub things: &'a [Thing],
    /// The same stations as the answer's text has them (`platform::json::items`).
    pub items: &'a [String],
}

impl KeptAnswer<'_> {
    /// The JSON to store; `None` when none of the shown stations is in the answer (an empty list is
    /// not worth keeping).
    pub fn to_json(&self) -> Option<String> {
        self.shown
            .iter()
            .any(|s| self.item(s).is_some())
            .then(|| json::text(self))
    }

    /// The answer's text of a shown station.
    fn item(&self, s: &NearStation) -> Option<&str> {
        let at = self.things.iter().position(|t| t.id == s.report.id)?;
        self.items.get(at).map(String::as_str)
    }
}

impl KeptNearby {
    /// The stored copy for `sta_url`; `None` when absent, unreadable or from another service.
    pub fn parse(json: &str, sta_url: &str) -> Option<Self> {
        json::read::<Self>(json)
            .ok()
            .filter(|k| k.sta_url == sta_url && !k.stations.is_empty())
    }

    /// The list to show, assessed at `now_ms`.
    pub fn near_stations(&self, now_ms: i64, freshness_ms: i64) -> Vec<NearStation> {
        self.stations
            .iter()
            .map(|s| NearStation {
                report: Arc::new(assess(&s.thing, now_ms, freshness_ms)),
                distance_m: s.distance_m,
            })
            .collect()
    }
}

/// One kept station page.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptThing {
    /// The SensorThings service it came from.
    pub sta_url: String,
    /// When it was fetched (ms since the epoch).
    pub fetched_ms: i64,
    /// The entity with its week of readings.
    pub thing: Thing,
}

/// The last station pages, newest first, at most [`MAX_STATIONS`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeptStations(pub Vec<KeptThing>);

impl KeptStations {
    /// The stored pages; none when absent or unreadable.
    pub fn parse(json: Option<&str>) -> Self {
        json.and_then(|j| json::read(j).ok()).unwrap_or_default()
    }

    /// The JSON to store.
    pub fn to_json(&self) -> String {
        json::text(self)
    }

    /// The kept page of station `id` from `sta_url`.
    pub fn find(&self, sta_url: &str, id: &IotId) -> Option<&KeptThing> {
        self.0
            .iter()
            .find(|k| k.sta_url == sta_url && &k.thing.id == id)
    }

    /// Keeps `page` as the newest, replacing an older copy of the same station and dropping the
    /// oldest beyond [`MAX_STATIONS`].
    pub fn remember(&mut self, page: KeptThing) {
        self.0
            .retain(|k| !(k.sta_url == page.sta_url && k.thing.id == page.thing.id));
        self.0.insert(0, page);
        self.0.truncate(MAX_STATIONS);
    }

    /// Drops the oldest half, for when storage is full; returns whether anything is left to try.
    pub fn shrink(&mut self) -> bool {
        self.0.truncate(self.0.len() / 2);
        !self.0.is_empty()
    }
}

// Written member by member in the order of the fields, as serde's derived impls wrote them (see
// `qingshui_core::sta::encode` for why not serde).

impl ToJson for Place {
    fn to_json(&self, w: &mut Writer) {
        match self {
            Place::Position => w.string("Position"),
            Place::District(d) => {
                w.begin_object();
                w.member("District", d);
                w.end_object();
            }
        }
    }
}

impl ToJson for KeptAnswer<'_> {
    fn to_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("sta_url", self.sta_url);
        w.member("place", self.place);
        w.member("fetched_ms", &self.fetched_ms);
        w.member("stations", &ShownItems(self));
        w.end_object();
    }
}

/// The `stations` of a [`KeptAnswer`]: `[{"thing": …, "distance_m": …}, …]`.
struct ShownItems<'a>(&'a KeptAnswer<'a>);

impl ToJson for ShownItems<'_> {
    fn to_json(&self, w: &mut Writer) {
        w.begin_array();
        for s in self.0.shown {
            if let Some(item) = self.0.item(s) {
                w.begin_object();
                w.member("thing", &RawJson(item));
                w.member("distance_m", &s.distance_m);
                w.end_object();
            }
        }
        w.end_array();
    }
}

impl ToJson for KeptThing {
    fn to_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("sta_url", &self.sta_url);
        w.member("fetched_ms", &self.fetched_ms);
        w.member("thing", &self.thing);
        w.end_object();
    }
}

impl ToJson for KeptStations {
    fn to_json(&self, w: &mut Writer) {
        self.0.to_json(w);
    }
}

// The copies are read back from one JSON tree (`qingshui_core::json`) (as `qingshui_core::sta::decode` reads
// SensorThings answers) rather than by derived visitors, which would add a JSON reader per type to
// the first download (issue #6). Every member was written by the app, so every one is required.

impl FromJson for Place {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        match v {
            Value::String(s) if s == "Position" => Ok(Place::Position),
            _ => Ok(Place::District(required(object(v, "place")?, "District")?)),
        }
    }
}

impl FromJson for KeptStation {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "kept station")?;
        Ok(KeptStation {
            thing: required(m, "thing")?,
            distance_m: optional(m, "distance_m")?,
        })
    }
}

impl FromJson for KeptNearby {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "kept list")?;
        Ok(KeptNearby {
            sta_url: required(m, "sta_url")?,
            place: required(m, "place")?,
            fetched_ms: required(m, "fetched_ms")?,
            stations: required(m, "stations")?,
        })
    }
}

impl FromJson for KeptThing {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "kept page")?;
        Ok(KeptThing {
            sta_url: required(m, "sta_url")?,
            fetched_ms: required(m, "fetched_ms")?,
            thing: required(m, "thing")?,
        })
    }
}

impl FromJson for KeptStations {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        Vec::from_json(v).map(KeptStations)
    }
}

#[cfg(test)]
#[path = "last_result_tests.rs"]
mod tests;
