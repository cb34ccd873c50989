//! The home page's live-region sentences: how many stations near what, and every loading,
//! empty and failure state of the nearby list.

use crate::config::District;
use crate::i18n::{format, text, Key, Lang};
use crate::state::district;
use crate::state::nearby::{NearbyState, Phase, Problem, Query};

/// "10 stations near you" / "10 stations near Yuzhong" (district by its Chinese name).
pub fn near_sentence(
    lang: Lang,
    n: usize,
    district: Option<&str>,
    districts: &[District],
) -> String {
    let place = district.map(|name| {
        district::find(districts, name).map_or(name, |d| district::display_name(d, lang))
    });
    format::stations_near(lang, n, place)
}

/// The live-region sentence for a state.
pub fn status_message(lang: Lang, s: &NearbyState, districts: &[District]) -> String {
    let t = |k| text(lang, k).to_string();
    let searching = matches!(s.query, Some(Query::Search(_)));
    match &s.phase {
        Phase::Idle => t(Key::StatusIdle),
        Phase::Locating => t(Key::StatusLocating),
        Phase::Loading if searching => t(Key::StatusSearching),
        Phase::Loading => t(Key::StatusLoading),
        Phase::Empty if searching => t(Key::SearchEmpty),
        Phase::Empty => t(Key::StatusEmpty),
        Phase::Loaded => {
            let n = s.stations.len();
            match &s.query {
                Some(Query::Search(q)) => format::search_results(lang, n, q),
                Some(Query::District(name)) => near_sentence(lang, n, Some(name), districts),
                _ => near_sentence(lang, n, None, districts),
            }
        }
        Phase::Failed(p) => t(match p {
            Problem::LocationDenied => Key::LocDenied,
            Problem::LocationUnavailable => Key::LocUnavailable,
            Problem::LocationTimeout => Key::LocTimeout,
            Problem::LocationUnsupported => Key::LocUnsupported,
            Problem::Offline => Key::StatusOffline,
            Problem::Timeout => Key::StatusTimeout,
            Problem::Server => Key::StatusServer,
            Problem::BadAnswer => Key::StatusBadAnswer,
            Problem::Network => Key::StatusNetwork,
        }),
    }
}
