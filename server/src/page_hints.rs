//! `Link: rel=preload` hints sent with the app's page, for the route whose first view is data (issue #6).
//!
//! A station link opened on a phone (shared in a chat, printed as a QR code at the river) asks for the station
//! only once the app has downloaded and started — seconds on a slow network — and then waits one more round
//! trip. The server knows that request already: the client builds it with `core::sta::urls::station_page` from
//! `config.json`'s `sta_url` and the route's id, and so does this module, so the browser fetches the answer
//! beside the app's code. The URL carries "now − 7 days" rounded down to the hour, so the hint hits when the
//! phone's clock and the server's agree on the hour; a miss costs one unused ~2 KiB answer, never a wrong page.

use axum::http::HeaderValue;
use qingshui_core::sta::urls;
use qingshui_core::sta::IotId;

/// What the hints need from the built app: where its SensorThings server is.
#[derive(Debug, Clone, Default)]
pub struct PageHints {
    /// `sta_url` when a preload can name it: absolute, or rooted at `/`. A path relative to the page is
    /// resolved by the app against `<base href>` but by a `Link` header against the page's own URL; the two
    /// differ on `/station/17`, so no hint is sent rather than a wrong one.
    sta_url: Option<String>,
}

impl PageHints {
    /// Hints for the app whose `config.json` is `config_json`; none when it is missing or unreadable (the app
    /// then shows its own configuration error, and there is nothing to preload).
    pub fn from_config(config_json: Option<&[u8]>) -> Self {
        #[derive(serde::Deserialize)]
        struct Config {
            sta_url: String,
        }
        let sta_url = config_json
            .and_then(|bytes| serde_json::from_slice::<Config>(bytes).ok())
            .map(|c| c.sta_url)
            .filter(|u| {
                u.starts_with('/') || u.starts_with("https://") || u.starts_with("http://")
            });
        PageHints { sta_url }
    }

    /// The `Link` header for the app's page at `path` (as requested, below the base path) opened at `now_ms`:
    /// the station page's data request for `/station/{id}`, else none.
    pub fn link(&self, path: &str, now_ms: i64) -> Option<HeaderValue> {
        let sta = self.sta_url.as_deref()?;
        // The client's route rule (src/lib.rs `/station/:id`) and its reading of the id (src/pages/station.rs).
        let raw = path.strip_prefix("/station/")?;
        if raw.is_empty() || raw.contains('/') {
            return None;
        }
        let id = IotId::parse(&urls::decode(raw));
        let url = urls::station_page(sta, &id, now_ms);
        // `crossorigin` (anonymous): the app's fetch() is a CORS-mode request, and a preload only serves a
        // request of the same mode and credentials.
        HeaderValue::from_str(&format!("<{url}>; rel=preload; as=fetch; crossorigin")).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qingshui_core::time;

    fn hints(config: &str) -> PageHints {
        PageHints::from_config(Some(config.as_bytes()))
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
            "/request/5",
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
}
