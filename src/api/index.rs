//! Fallback for servers without geo functions: a compact index of every station's position,
//! fetched once (paged through `@iot.nextLink`), kept in localStorage with its fetch time, and
//! searched on the phone.

use std::cell::RefCell;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use qingshui_core::geo::{haversine_m, LatLon};
use qingshui_core::rank::sort_by_rank;
use qingshui_core::sta::{decode, urls, Collection, IotId, Thing};
use serde::{Deserialize, Serialize};

use super::{by_ids, fetch_text, ApiError};
use crate::config::Config;
use crate::platform::{clock, json, storage};

const STORAGE_KEY: &str = "qingshui.index";
/// Stations rarely move; a week-old index only risks missing a brand-new station.
const MAX_AGE_MS: i64 = 7 * 24 * 3_600_000;
/// A server whose nextLink loops must not keep the phone fetching forever.
const MAX_PAGES: usize = 200;

/// The stored index: `[id, lat, lon]` triples keep 17 000 stations around half a megabyte.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredIndex {
    sta_url: String,
    fetched_ms: i64,
    stations: Vec<(IotId, f64, f64)>,
}

impl StoredIndex {
    fn usable(&self, sta_url: &str, now_ms: i64) -> bool {
        self.sta_url == sta_url && (0..MAX_AGE_MS).contains(&(now_ms - self.fetched_ms))
    }
}

/// ~1 m precision is plenty for ranking and saves storage.
fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

/// The ids of the `n` stations nearest to `from`.
fn nearest_ids(stations: &[(IotId, f64, f64)], from: LatLon, n: usize) -> Vec<IotId> {
    let mut ranked: Vec<(f64, &IotId)> = stations
        .iter()
        .map(|(id, lat, lon)| {
            (
                haversine_m(
                    from,
                    LatLon {
                        lat: *lat,
                        lon: *lon,
                    },
                ),
                id,
            )
        })
        .collect();
    sort_by_rank(&mut ranked, |r| r.0);
    ranked
        .into_iter()
        .take(n)
        .map(|(_, id)| id.clone())
        .collect()
}

async fn fetch_index(cfg: &Config, now_ms: i64) -> Result<StoredIndex, ApiError> {
    let mut stations = Vec::new();
    let mut url = urls::index(&cfg.sta_url);
    for _ in 0..MAX_PAGES {
        // Read by serde_json from the text, not by `JSON.parse` (`platform::json`): 17 pages of ~130 KB
        // each, where walking the browser's objects member by member costs more than parsing here.
        let body = fetch_text(&url).await?;
        let page: Collection<Thing> =
            decode::from_str(&body).map_err(|decode::Bad(why)| ApiError::Decode(why))?;
        stations.extend(page.value.iter().filter_map(|t| {
            let p = t.locations.iter().find_map(|l| l.point())?;
            Some((t.id.clone(), round5(p.lat), round5(p.lon)))
        }));
        match page.next_link {
            Some(next) if !page.value.is_empty() => url = urls::resolve_next_link(&url, &next),
            _ => break,
        }
    }
    Ok(StoredIndex {
        sta_url: cfg.sta_url.clone(),
        fetched_ms: now_ms,
        stations,
    })
}

/// A download in progress, shared by every caller that needs the index meanwhile.
type Download = Shared<LocalBoxFuture<'static, Result<StoredIndex, ApiError>>>;

thread_local! {
    /// The index is the largest download the app makes: a second tap or a district chosen while
    /// it is still arriving must join it, not pay for it twice on a resident's data plan.
    static DOWNLOAD: RefCell<Option<(String, Download)>> = const { RefCell::new(None) };
}

/// Fetches the index once however many callers ask at the same time.
async fn download(cfg: &Config, now_ms: i64) -> Result<StoredIndex, ApiError> {
    let shared = DOWNLOAD.with(|slot| {
        let mut slot = slot.borrow_mut();
        match &*slot {
            Some((sta_url, running)) if *sta_url == cfg.sta_url => running.clone(),
            _ => {
                let owned = cfg.clone();
                let running = async move { fetch_index(&owned, now_ms).await }
                    .boxed_local()
                    .shared();
                *slot = Some((cfg.sta_url.clone(), running.clone()));
                running
            }
        }
    });
    let result = shared.clone().await;
    // Finished: a success now lives in storage, a failure must be retried by the next caller.
    DOWNLOAD.with(|slot| {
        let mut slot = slot.borrow_mut();
        if matches!(&*slot, Some((_, running)) if running.ptr_eq(&shared)) {
            *slot = None;
        }
    });
    result
}

/// The stored index when fresh, else a newly fetched one (stored for next time if it fits).
async fn index(cfg: &Config) -> Result<StoredIndex, ApiError> {
    let now = clock::now_ms();
    let stored = storage::get(STORAGE_KEY)
        .and_then(|s| serde_json::from_str::<StoredIndex>(&s).ok())
        .filter(|i| i.usable(&cfg.sta_url, now));
    if let Some(i) = stored {
        return Ok(i);
    }
    let fresh = download(cfg, now).await?;
    let text = json::write(&fresh);
    if !text.is_empty() && !storage::set(STORAGE_KEY, &text) {
        // Quota exceeded: drop the stale copy so it is not read again.
        storage::remove(STORAGE_KEY);
    }
    Ok(fresh)
}

/// The `n` stations nearest to `from` (with their latest readings) via the local index.
///
/// `from` should be the coarse position: the ids requested afterwards reveal roughly where the
/// resident is, so they must not reveal more than the geo query would have.
pub async fn nearest_from_index(
    cfg: &Config,
    from: LatLon,
    n: usize,
) -> Result<super::Stations, ApiError> {
    let index = index(cfg).await?;
    by_ids(cfg, &nearest_ids(&index.stations, from, n)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_ids_ranks_by_distance_and_keeps_n() {
        let stations = vec![
            (IotId::Num(1), 29.60, 106.55),
            (IotId::Str("b".into()), 29.5631, 106.5517),
            (IotId::Num(3), 30.80, 108.40),
        ];
        let from = LatLon {
            lat: 29.5630,
            lon: 106.5516,
        };
        assert_eq!(
            nearest_ids(&stations, from, 2),
            vec![IotId::Str("b".into()), IotId::Num(1)]
        );
        assert_eq!(nearest_ids(&stations, from, 10).len(), 3);
    }

    #[test]
    fn stored_index_expires_and_is_tied_to_its_server() {
        let i = StoredIndex {
            sta_url: "/v1.1".into(),
            fetched_ms: 1_000,
            stations: vec![],
        };
        assert!(i.usable("/v1.1", 1_000 + MAX_AGE_MS - 1));
        assert!(!i.usable("/v1.1", 1_000 + MAX_AGE_MS));
        assert!(!i.usable("https://other.example/v1.1", 2_000));
        assert!(
            !i.usable("/v1.1", 0),
            "an index from the future (clock change) is refetched"
        );
    }

    #[test]
    fn stored_form_round_trips_with_both_id_kinds() {
        let i = StoredIndex {
            sta_url: "/v1.1".into(),
            fetched_ms: 5,
            stations: vec![
                (IotId::Num(7), round5(29.123456789), 106.5),
                (IotId::Str("x".into()), 1.0, 2.0),
            ],
        };
        let text = serde_json::to_string(&i).unwrap();
        assert!(text.contains("[7,29.12346,106.5]"), "{text}");
        assert_eq!(serde_json::from_str::<StoredIndex>(&text).unwrap(), i);
    }
}
