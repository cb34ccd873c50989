//! The home page's state machine: what the live region says and what the list shows.

use std::sync::Arc;

use qingshui_core::geo::{haversine_m, LatLon};
use qingshui_core::rank::sort_by_rank;
use qingshui_core::station::StationReport;

use crate::api::ApiError;
use crate::platform::geolocation::GeoError;
use crate::state::last_result::{Place, Shown};

/// Why the list could not be shown; each has its own sentence and a retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Location permission refused.
    LocationDenied,
    /// The device could not locate itself.
    LocationUnavailable,
    /// Locating took too long.
    LocationTimeout,
    /// No geolocation API.
    LocationUnsupported,
    /// The device is offline.
    Offline,
    /// The server did not answer in time.
    Timeout,
    /// The server answered with an error.
    Server,
    /// The server's answer could not be read.
    BadAnswer,
    /// The server could not be reached.
    Network,
}

impl From<GeoError> for Problem {
    fn from(e: GeoError) -> Self {
        match e {
            GeoError::Denied => Problem::LocationDenied,
            GeoError::Unavailable => Problem::LocationUnavailable,
            GeoError::Timeout => Problem::LocationTimeout,
            GeoError::Unsupported => Problem::LocationUnsupported,
        }
    }
}

impl From<&ApiError> for Problem {
    fn from(e: &ApiError) -> Self {
        match e {
            ApiError::Offline => Problem::Offline,
            ApiError::Network(_) => Problem::Network,
            ApiError::Timeout => Problem::Timeout,
            ApiError::Http { .. } => Problem::Server,
            ApiError::Decode(_) => Problem::BadAnswer,
        }
    }
}

/// What the list was asked for; a retry repeats it.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// The device position.
    Position,
    /// A district centre (value = Chinese name).
    District(String),
    /// A name search.
    Search(String),
}

/// Where the request stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Nothing asked yet.
    Idle,
    /// Waiting for the position.
    Locating,
    /// Waiting for the server.
    Loading,
    /// Stations to show.
    Loaded,
    /// The server found none.
    Empty,
    /// Something failed.
    Failed(Problem),
}

/// One listed station and, when the origin is known, its distance.
#[derive(Debug, Clone, PartialEq)]
pub struct NearStation {
    /// The assessed station, shared: the list is drawn from copies of the state, and a
    /// `StationReport`'s own clone was ~1 KB of the first download (issue #6).
    pub report: Arc<StationReport>,
    /// Metres from the precise position (or district centre).
    pub distance_m: Option<f64>,
}

/// A list kept on the phone, on screen: why it is shown, and what it was.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptView {
    /// Why the kept copy is shown instead of a fresh answer.
    pub why: Shown,
    /// When it was fetched.
    pub fetched_ms: i64,
    /// What it was centred on.
    pub place: Place,
}

/// The whole state of the home page, in one signal: every type kept in Leptos' arena brings its
/// own copy of the signal code into the first download (issue #6).
#[derive(Debug, Clone, PartialEq)]
pub struct NearbyState {
    /// Current phase.
    pub phase: Phase,
    /// The last request, for retry and for the status sentence.
    pub query: Option<Query>,
    /// The listed stations, nearest first.
    pub stations: Vec<NearStation>,
    /// Increases with every new request, so a slow old answer cannot overwrite a newer one.
    pub generation: u64,
    /// The kept list the stations come from, if they are not a fresh answer.
    pub kept: Option<KeptView>,
    /// The phone's last known position: search results are measured from it.
    pub position: Option<LatLon>,
}

impl Default for NearbyState {
    fn default() -> Self {
        Self {
            phase: Phase::Idle,
            query: None,
            stations: Vec::new(),
            generation: 0,
            kept: None,
            position: None,
        }
    }
}

impl NearbyState {
    /// Starts a request; returns its generation for [`NearbyState::finish`]. The old list stays
    /// visible while loading so the page does not jump.
    pub fn begin(&mut self, query: Query) -> u64 {
        self.phase = if query == Query::Position {
            Phase::Locating
        } else {
            Phase::Loading
        };
        self.query = Some(query);
        self.generation += 1;
        self.generation
    }

    /// The position arrived (remembered for searches); now waiting for the server, unless a
    /// newer request started.
    pub fn located(&mut self, generation: u64, at: LatLon) {
        self.position = Some(at);
        if generation == self.generation {
            self.phase = Phase::Loading;
        }
    }

    /// Ends request `generation` with stations ranked from `origin`, or a problem; a kept list
    /// on screen goes either way. Returns whether it was applied (a stale answer is dropped).
    pub fn finish(
        &mut self,
        generation: u64,
        result: Result<Vec<StationReport>, Problem>,
        origin: Option<LatLon>,
        keep: usize,
    ) -> bool {
        if generation != self.generation {
            return false;
        }
        self.kept = None;
        match result {
            Ok(reports) => {
                self.stations = rank(reports, origin, keep);
                self.phase = if self.stations.is_empty() {
                    Phase::Empty
                } else {
                    Phase::Loaded
                };
            }
            Err(p) => {
                self.stations.clear();
                self.phase = Phase::Failed(p);
            }
        }
        true
    }

    /// Whether a request is in flight (buttons show it, the live region says it).
    pub fn busy(&self) -> bool {
        matches!(self.phase, Phase::Locating | Phase::Loading)
    }

    /// The kept list on screen, while nothing newer is on its way: the page says so, and when
    /// it was fetched.
    pub fn shown_kept(&self) -> Option<&KeptView> {
        self.kept.as_ref().filter(|_| !self.busy())
    }
}

/// Removes duplicates, measures distances from `origin`, sorts nearest first (stations without
/// a position last, in server order) and keeps `keep`.
pub fn rank(reports: Vec<StationReport>, origin: Option<LatLon>, keep: usize) -> Vec<NearStation> {
    // At most a few dozen answers: a list of the ids seen, not a hash set (std's hashing would be
    // code in the first download for this alone).
    let mut seen = Vec::with_capacity(reports.len());
    let mut list: Vec<NearStation> = reports
        .into_iter()
        .filter(|r| {
            let new = !seen.contains(&r.id);
            if new {
                seen.push(r.id.clone());
            }
            new
        })
        .map(|report| {
            let distance_m = origin.zip(report.position).map(|(o, p)| haversine_m(o, p));
            NearStation {
                report: Arc::new(report),
                distance_m,
            }
        })
        .collect();
    // Stations without a position after those with one, in the server's order.
    sort_by_rank(&mut list, |s| s.distance_m.unwrap_or(f64::INFINITY));
    list.truncate(keep);
    list
}

#[cfg(test)]
#[path = "nearby_tests.rs"]
mod tests;
