//! `Link: rel=preload` hints sent with the app's page, for the routes whose first view is data (issue #6):
//! a station (`/station/{id}`) and a report's public status (`/request/{id}`).
//!
//! A station link opened on a phone (shared in a chat, printed as a QR code at the river) asks for the station
//! only once the app has downloaded and started — seconds on a slow network — and then waits one more round
//! trip. The server knows that request already: the client builds it with `core::sta::urls::station_page` from
//! `config.json`'s `sta_url` and the route's id, and so does this module, so the browser fetches the answer
//! beside the app's code. The URL carries "now − 7 days" rounded down to the hour, so the hint hits when the
//! phone's clock and the server's agree on the hour; a miss costs one unused ~2 KiB answer, never a wrong page.
//!
//! A report's page (the link a resident keeps after filing, or gets in a message) asks for
//! `{open311_url}/requests/{id}.json?locale=…` (`core::open311::request_url`) in the app's language, which the
//! server guesses from `Accept-Language` by the app's own rule (`core::lang`): it misses only when the resident
//! chose the other language in the app, and then costs one unused ~0.6 KiB answer. That answer varies with
//! `Accept-Language`, and says so (`Vary`).

use axum::http::HeaderValue;
use qingshui_core::sta::urls;
use qingshui_core::sta::IotId;
use qingshui_core::{lang, open311};

/// What the hints need from the built app: where its SensorThings and Open311 servers are.
#[derive(Debug, Clone, Default)]
pub struct PageHints {
    /// `sta_url` when a preload can name it: absolute, or rooted at `/`. A path relative to the page is
    /// resolved by the app against `<base href>` but by a `Link` header against the page's own URL; the two
    /// differ on `/station/17`, so no hint is sent rather than a wrong one.
    sta_url: Option<String>,
    /// `open311_url` (default `/open311/v2`, as the app's), under the same rule as `sta_url`.
    open311_url: Option<String>,
}

/// A page's preload hint.
#[derive(Debug, Clone, PartialEq)]
pub struct Hint {
    /// The `Link` header.
    pub link: HeaderValue,
    /// Whether it was chosen by the request's `Accept-Language` (the answer then varies with it).
    pub by_language: bool,
}

impl PageHints {
    /// Hints for the app whose `config.json` is `config_json`; none when it is missing or unreadable (the app
    /// then shows its own configuration error, and there is nothing to preload).
    pub fn from_config(config_json: Option<&[u8]>) -> Self {
        #[derive(serde::Deserialize)]
        struct Config {
            sta_url: String,
            #[serde(default = "default_open311")]
            open311_url: String,
        }
        fn default_open311() -> String {
            "/open311/v2".into()
        }
        // Trimmed as the app trims them (src/config.rs); only absolute or rooted URLs (see `sta_url`).
        let usable = |u: String| {
            let u = u.trim().trim_end_matches('/').to_string();
            (u.starts_with('/') || u.starts_with("https://") || u.starts_with("http://"))
                .then_some(u)
        };
        let config = config_json.and_then(|bytes| serde_json::from_slice::<Config>(bytes).ok());
        match config {
            Some(c) => PageHints {
                sta_url: usable(c.sta_url),
                open311_url: usable(c.open311_url),
            },
            None => PageHints::default(),
        }
    }

    /// The hint for the app's page at `path` (as requested, below the base path) opened at `now_ms` by a
    /// browser that sent `accept_language`: a station's or a report's data request, else none.
    pub fn hint(&self, path: &str, now_ms: i64, accept_language: Option<&str>) -> Option<Hint> {
        if let Some(raw) = path.strip_prefix("/station/") {
            let sta = self.sta_url.as_deref()?;
            // The client's route rule (src/lib.rs `/station/:id`) and its reading of the id (src/pages/station.rs).
            let id = IotId::parse(&urls::decode(one_segment(raw)?));
            return preload(&urls::station_page(sta, &id, now_ms), false);
        }
        if let Some(raw) = path.strip_prefix("/request/") {
            let open311 = self.open311_url.as_deref()?;
            // The client's route (`/request/:id`, the segment as it is) and its language rule.
            let id = one_segment(raw).filter(|id| !open311::safe_id(id).is_empty())?;
            let locale = lang::locale_for(accept_language.and_then(lang::first_language));
            return preload(&open311::request_url(open311, id, locale), true);
        }
        None
    }
}

/// A route's one path segment: not empty, no further `/`.
fn one_segment(raw: &str) -> Option<&str> {
    (!raw.is_empty() && !raw.contains('/')).then_some(raw)
}

fn preload(url: &str, by_language: bool) -> Option<Hint> {
    // `crossorigin` (anonymous): the app's fetch() is a CORS-mode request, and a preload only serves a
    // request of the same mode and credentials.
    let link =
        HeaderValue::from_str(&format!("<{url}>; rel=preload; as=fetch; crossorigin")).ok()?;
    Some(Hint { link, by_language })
}

#[cfg(test)]
mod tests {
    use super::*;
    use qingshui_core::time;

    fn hints(config: &str) -> PageHints {
        PageHints::from_config(Some(config.as_bytes()))
    }

    impl PageHints {
        /// The `Link` header for a browser that prefers English.
        fn link(&self, path: &str, now_ms: i64) -> Option<HeaderValue> {
            self.hint(path, now_ms, Some("en-GB,en;q=0.9"))
                .map(|h| h.link)
        }
    }

    #[test]
    fn station_pages_get_their_data_request() {
        let now = time::parse("2026-11-28T08:30:00Z").unwrap();
        let h = hints(r#"{"sta_url":"/v1.1","nearby_count":10}"#);
        let want = urls::station_page("/v1.1", &IotId::Num(17), now);
        assert_eq!(
            h.link("/station/17", now).unwrap(),
            format!("<{want}>; rel=preload; as=fetch; crossorigin").as_str()
        );
        let quoted = urls::station_page("/v1.1", &IotId::Str("a b".into()), now);
        assert_eq!(
            h.link("/station/'a%20b'", now).unwrap(),
            format!("<{quoted}>; rel=preload; as=fetch; crossorigin").as_str()
        );
        let far = hints(r#"{"sta_url":"https://sta.example.org/v1.1/"}"#);
        let link = far.link("/station/3", now).unwrap();
        assert!(
            link.to_str()
                .unwrap()
                .starts_with("<https://sta.example.org/v1.1/Things(3)?"),
            "{link:?}"
        );
    }

    #[test]
    fn other_pages_and_unusable_configs_get_none() {
        let now = 0;
        let h = hints(r#"{"sta_url":"/v1.1"}"#);
        for path in [
            "/",
            "/report",
            "/station",
            "/station/",
            "/station/1/x",
            "/stations/1",
            "/request/",
            "/request/5/x",
            "/request/-.-",
            "/requests/5",
        ] {
            assert!(h.link(path, now).is_none(), "{path}");
        }
        for config in [r#"{"sta_url":"v1.1"}"#, r#"{"nearby_count":3}"#, "not json"] {
            assert!(hints(config).link("/station/1", now).is_none(), "{config}");
        }
        assert!(PageHints::from_config(None)
            .link("/station/1", now)
            .is_none());
    }

    #[test]
    fn report_pages_get_their_request_in_the_browsers_language() {
        let h = hints(r#"{"sta_url":"/v1.1"}"#);
        for (accept, locale) in [
            (Some("zh-CN,zh;q=0.9,en;q=0.8"), "zh-CN"),
            (Some("en-US,en;q=0.9"), "en"),
            (Some("fr-FR"), "en"),
            (Some(""), "zh-CN"),
            (None, "zh-CN"),
        ] {
            let hint = h.hint("/request/42", 0, accept).unwrap();
            let want = open311::request_url("/open311/v2", "42", locale);
            assert_eq!(
                hint.link,
                format!("<{want}>; rel=preload; as=fetch; crossorigin").as_str()
            );
            assert!(hint.by_language, "{accept:?}");
        }
        let far =
            hints(r#"{"sta_url":"/v1.1","open311_url":"https://311.example.org/georeport/v2/"}"#);
        assert_eq!(
            far.link("/request/7", 0).unwrap(),
            "<https://311.example.org/georeport/v2/requests/7.json?locale=en>; rel=preload; as=fetch; crossorigin"
        );
        assert!(hints(r#"{"sta_url":"/v1.1","open311_url":"open311/v2"}"#)
            .link("/request/7", 0)
            .is_none());
        assert!(!h.hint("/station/1", 0, None).unwrap().by_language);
    }
}
