//! Talking to the SensorThings and Open311 servers: one generic send (GET, form or multipart POST) and one
//! small function per request of docs/contracts.md. URLs come from `qingshui_core::sta::urls`, so the client and the reference
//! server agree on every query by construction.

pub mod fetched;
mod index;
pub mod open311;

use leptos::prelude::{GetValue, Owner, StoredValue};
use leptos::reactive::owner::WeakOwner;
use qingshui_core::geo::{coarsen, LatLon};
use qingshui_core::json::Value;
use qingshui_core::sta::decode::{Bad, FromJson};
use qingshui_core::sta::{urls, Collection, IotId, Thing};

use crate::config::Config;
use crate::platform::{json, network, timer::Deadline};
use crate::split::split_fn;

pub use index::nearest_from_index;

/// How long one request may take before the page says so and offers a retry.
const TIMEOUT_MS: i32 = 15_000;

/// How long a report with photos may take to upload: ~1 MB over a weak 3G link (the server
/// allows 300 s, `QINGSHUI_UPLOAD_TIMEOUT_SECS`).
const UPLOAD_TIMEOUT_MS: i32 = 120_000;

/// The message of a request aborted because its page went away.
const ABORTED: &str = "aborted: the page no longer needs it";

/// Search radii for the nearby query; the last step drops the box so a sparse network still
/// yields its nearest stations.
const RADII_M: [Option<f64>; 4] = [Some(10_000.0), Some(40_000.0), Some(160_000.0), None];

/// How many candidates the nearby query asks for; the phone re-sorts them by the precise position.
const NEARBY_TOP: u32 = 20;

/// How many search results to show.
pub const SEARCH_TOP: u32 = 20;

/// Why a request failed, in the categories the resident is told about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The device is offline (`navigator.onLine` is false).
    #[error("offline")]
    Offline,
    /// The request did not reach the server (DNS, refused, CORS, dropped connection).
    #[error("network error: {0}")]
    Network(String),
    /// No answer within the deadline.
    #[error("timed out")]
    Timeout,
    /// The server answered with an error status.
    #[error("HTTP {status}: {message}")]
    Http {
        /// HTTP status code.
        status: u16,
        /// The server's message (STA error `message`, or the start of the body).
        message: String,
    },
    /// The answer was not the JSON we expected.
    #[error("unreadable answer: {0}")]
    Decode(String),
}

/// The page a task works for: requests made by tasks spawned through it are aborted when the
/// resident leaves the page. For tasks a page starts from event handlers (which run without a
/// reactive owner) and for what a page fetches (`fetched::Fetched`, `pages::station`).
#[derive(Debug, Clone, Copy)]
pub struct PageScope(StoredValue<Option<WeakOwner>>);

impl PageScope {
    /// The scope of the page whose component body is running.
    pub fn here() -> Self {
        // Weak: the page's arena holds this value, and a strong owner here would keep the page
        // alive for ever (no cleanup, no abort).
        Self(StoredValue::new(Owner::current().map(|o| o.downgrade())))
    }

    /// Spawns `task`; its requests are aborted when the page goes. Each task runs under a child
    /// owner of the page: the page's owner cleans its children up when it is dropped, even
    /// while the task still holds its own.
    pub fn spawn(self, task: impl std::future::Future<Output = ()> + 'static) {
        match self.0.try_get_value().flatten().and_then(|w| w.upgrade()) {
            Some(page) => page.child().with(|| leptos::task::spawn_local_scoped(task)),
            None => leptos::task::spawn_local(task),
        }
    }
}

/// GETs `url` and returns its body as text, with a deadline and typed errors.
pub async fn fetch_text(url: &str) -> Result<String, ApiError> {
    send("GET", url, &[], None, TIMEOUT_MS).await
}

/// POSTs `body` as `application/x-www-form-urlencoded` with extra `headers`, and returns the
/// answer's body as text; same deadline and errors as [`fetch_text`].
pub async fn post_form(
    url: &str,
    body: String,
    headers: &[(&str, &str)],
) -> Result<String, ApiError> {
    let mut all = vec![("Content-Type", "application/x-www-form-urlencoded")];
    all.extend_from_slice(headers);
    send("POST", url, &all, Some(body.into()), TIMEOUT_MS).await
}

/// POSTs `form` as `multipart/form-data` (text fields and photo parts) with extra `headers`;
/// same errors as [`post_form`], with the longer [`UPLOAD_TIMEOUT_MS`] deadline. The browser
/// writes the `Content-Type` itself, because only it knows the part boundary.
pub async fn post_multipart(
    url: &str,
    form: web_sys::FormData,
    headers: &[(&str, &str)],
) -> Result<String, ApiError> {
    send("POST", url, headers, Some(form.into()), UPLOAD_TIMEOUT_MS).await
}

/// Sends a request with the deadline, and maps every way it can fail to an [`ApiError`]. The
/// one sender of the app: every request shares its offline check, deadline and error mapping.
/// A request made under a reactive owner (a page's fetched value or scoped task) is aborted when
/// that owner is cleaned up, i.e. when the resident leaves the page (see [`Deadline::start`]).
async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<wasm_bindgen::JsValue>,
    timeout_ms: i32,
) -> Result<String, ApiError> {
    if !network::is_online() {
        return Err(ApiError::Offline);
    }
    let deadline = Deadline::start(timeout_ms);
    let signal = deadline.signal();
    let mut all = vec![("Accept", "application/json")];
    all.extend_from_slice(headers);
    let request = network::request(method, url, &all, body.as_ref(), signal.as_ref())
        .map_err(ApiError::Network)?;
    let (status, body) = network::fetch(&request).await.map_err(|e| {
        if deadline.fired() {
            ApiError::Timeout
        } else if deadline.left() {
            // Nobody shows this: the page that asked is gone or is asking again.
            ApiError::Network(ABORTED.into())
        } else if !network::is_online() {
            ApiError::Offline
        } else {
            ApiError::Network(e)
        }
    })?;
    if !(200..300).contains(&status) {
        return Err(ApiError::Http {
            status,
            message: error_message(&body),
        });
    }
    Ok(body)
}

/// GETs `url` and reads its JSON body as a `T` by `qingshui_core::sta::decode`'s rules (SensorThings and
/// Open311 answers alike).
pub async fn fetch_json<T: FromJson>(url: &str) -> Result<T, ApiError> {
    read_json(&fetch_text(url).await?)
}

/// Reads an answer's `body` as a `T` by `qingshui_core::sta::decode`'s rules; what does not fit is an
/// [`ApiError::Decode`].
pub fn read_json<T: FromJson>(body: &str) -> Result<T, ApiError> {
    json::read(body).map_err(|Bad(why)| ApiError::Decode(why))
}

/// The STA error `message` when the body is an STA error document; the Open311 error
/// `description`s one per line when it is an Open311 error list; else its first 200 characters.
fn error_message(body: &str) -> String {
    let v = json::parse(body).unwrap_or(Value::Null);
    if let Some(message) = v.get("message").and_then(Value::as_str) {
        return message.to_string();
    }
    let descriptions: Option<Vec<&str>> =
        v.as_array()
            .filter(|list| !list.is_empty())
            .and_then(|list| {
                list.iter()
                    .map(|e| e.get("description")?.as_str())
                    .collect()
            });
    match descriptions {
        Some(lines) => qingshui_core::text::join(&lines, "\n"),
        None => body.chars().take(200).collect(),
    }
}

/// Stations near `position`, with their latest readings: at least `cfg.nearby_count` when the
/// server has that many. Only the position snapped to a `grid_m` cell is sent.
///
/// Servers without geo functions answer the geo query with 400; those get the station index
/// fallback ([`nearest_from_index`]).
pub async fn nearby(cfg: &Config, position: LatLon) -> Result<Stations, ApiError> {
    let coarse = coarsen(position, cfg.grid_m);
    let mut best = Stations::default();
    for radius in RADII_M {
        let url = urls::nearby(&cfg.sta_url, coarse, radius, NEARBY_TOP);
        match fetch_stations(&url).await {
            Ok(page) => {
                if page.things.len() >= cfg.nearby_count || radius.is_none() {
                    return Ok(page);
                }
                if page.things.len() > best.things.len() {
                    best = page;
                }
            }
            Err(ApiError::Http { status: 400, .. }) => {
                // Twice the count from the coarse point, so that re-sorting by the precise
                // position still finds the true nearest N.
                return index_fallback(cfg.clone(), coarse, cfg.nearby_count * 2).await;
            }
            Err(e) if best.things.is_empty() => return Err(e),
            // A wider query failing after a narrower one succeeded: show what we have.
            Err(_) => return Ok(best),
        }
    }
    Ok(best)
}

split_fn! { index_fallback, ApiError;
    /// [`nearest_from_index`], in its own wasm chunk in the split build: only servers without geo
    /// functions need it, so residents of every other city never download it. A chunk that cannot
    /// be fetched is a network error (the next attempt loads again).
    fn index_fallback(cfg: Config, coarse: LatLon, n: usize) -> Stations {
        nearest_from_index(&cfg, coarse, n).await?
    }
}

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ApiError {
    fn from(e: leptos::wasm_split::SplitLoaderError) -> Self {
        ApiError::Network(e.to_string())
    }
}

/// One station with up to 7 days of readings per parameter, as the server's text: the station page
/// starts this request in the first download but reads the answer ([`read_json`] as a `Thing`) in
/// its own chunk, so the first download carries no station-page code beyond the request (issue #6).
pub async fn station_text(cfg: &Config, id: &IotId, now_ms: i64) -> Result<String, ApiError> {
    fetch_text(&urls::station_page(&cfg.sta_url, id, now_ms)).await
}

/// Stations whose Chinese or English name contains `query`.
pub async fn search(cfg: &Config, query: &str) -> Result<Stations, ApiError> {
    fetch_stations(&urls::search(&cfg.sta_url, query, SEARCH_TOP)).await
}

/// Several stations by id, with their latest readings.
pub async fn by_ids(cfg: &Config, ids: &[IotId]) -> Result<Stations, ApiError> {
    if ids.is_empty() {
        return Ok(Stations::default());
    }
    fetch_stations(&urls::by_ids(&cfg.sta_url, ids)).await
}

/// Stations as read from one answer, with the server's text of it: the nearby view keeps that text
/// on the phone as it came (`state::last_result::KeptAnswer`).
#[derive(Debug, Clone, Default)]
pub struct Stations {
    /// The stations, in the server's order.
    pub things: Vec<Thing>,
    /// The answer's text (a SensorThings collection); empty when nothing was asked.
    pub text: String,
}

/// A collection of stations, read, with its text.
async fn fetch_stations(url: &str) -> Result<Stations, ApiError> {
    let text = fetch_text(url).await?;
    let page: Collection<Thing> = read_json(&text)?;
    Ok(Stations {
        things: page.value,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::error_message;

    #[test]
    fn error_bodies_give_the_sta_message_or_the_open311_descriptions_or_their_start() {
        let long = "x".repeat(300);
        let table: &[(&str, &str)] = &[
            (r#"{"code":400,"message":"bad $filter"}"#, "bad $filter"),
            (
                r#"[{"code":400,"description":"lat missing"},{"code":400,"description":"bad service_code"}]"#,
                "lat missing\nbad service_code",
            ),
            ("[]", "[]"),
            (r#"[{"code":400}]"#, r#"[{"code":400}]"#),
            (r#"{"message":5}"#, r#"{"message":5}"#),
            ("<h1>Bad gateway</h1>", "<h1>Bad gateway</h1>"),
            (&long, &long[..200]),
        ];
        for (body, want) in table {
            assert_eq!(error_message(body), *want, "{body}");
        }
    }
}
