//! Runtime configuration from `/config.json`.
//!
//! A city deploys Qingshui by editing this file, not by rebuilding, so every field has a default
//! (a missing or broken file still gives a working app for Chongqing) and unknown fields are
//! ignored (later versions add endpoints without breaking older clients).

use qingshui_core::geo::LatLon;
use qingshui_core::json::Value;
use qingshui_core::sta::decode::{
    member_or, null_default, object, optional, required, Bad, FromJson,
};

use crate::platform::json;

/// A point as written in `config.json` (`{ "lat": …, "lon": … }`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
}

impl From<Point> for LatLon {
    fn from(p: Point) -> Self {
        LatLon {
            lat: p.lat,
            lon: p.lon,
        }
    }
}

/// One district or county offered when the position is not available.
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    /// Chinese name; also the `<option value>` (stable across languages).
    pub name: String,
    /// English name; the Chinese name is shown when empty.
    pub name_en: String,
    /// Approximate centre, latitude.
    pub lat: f64,
    /// Approximate centre, longitude.
    pub lon: f64,
}

impl District {
    /// The centre used as "the resident's position" for this district.
    pub fn centre(&self) -> LatLon {
        LatLon {
            lat: self.lat,
            lon: self.lon,
        }
    }
}

/// The whole configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Base URL of the SensorThings API v1.1 service (relative or absolute, no trailing slash).
    pub sta_url: String,
    /// Where the map would centre without a position (Chongqing's Jiefangbei).
    pub default_centre: Point,
    /// Readings older than this many hours are "no recent data" rather than a class.
    pub freshness_hours: f64,
    /// How many nearby stations to list.
    pub nearby_count: usize,
    /// Size of the grid cell the position is snapped to before it leaves the phone.
    pub grid_m: f64,
    /// Districts and counties for the manual choice.
    pub districts: Vec<District>,
    /// Base URL of the Open311 GeoReport v2 service for problem reports (no trailing slash).
    pub open311_url: String,
    /// The Open311 `api_key` the city issued to this app, when its server wants one.
    pub open311_api_key: Option<String>,
    /// How many hours the water department promises to answer a report in.
    pub response_hours: f64,
    /// The mini-program hosts' JS-SDKs, loaded only inside that host (see `platform::bridge`).
    pub bridge_script_url: BridgeScripts,
}

/// `bridge_script_url` in `config.json`: `{ "wechat": "…jweixin-1.6.0.js", "alipay": "…" }`.
/// Unset (the default) = nothing third-party is ever loaded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BridgeScripts {
    /// WeChat's JS-SDK, which provides `wx.miniProgram`.
    pub wechat: Option<String>,
    /// Alipay's web-view SDK, which provides `my`.
    pub alipay: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            sta_url: "/v1.1".into(),
            default_centre: Point {
                lat: 29.5630,
                lon: 106.5516,
            },
            freshness_hours: 24.0,
            nearby_count: 10,
            grid_m: 1000.0,
            districts: Vec::new(),
            open311_url: "/open311/v2".into(),
            open311_api_key: None,
            response_hours: 24.0,
            bridge_script_url: BridgeScripts::default(),
        }
    }
}

// `config.json` is read from one JSON tree (`qingshui_core::json`) by the rules of `qingshui_core::sta::decode`
// (missing or `null` = the default, another type = an error) rather than by derived visitors: the
// app's first download then carries one JSON reader instead of one per type (issue #6).

impl FromJson for Point {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "point")?;
        Ok(Point {
            lat: required(m, "lat")?,
            lon: required(m, "lon")?,
        })
    }
}

impl FromJson for District {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "district")?;
        Ok(District {
            name: required(m, "name")?,
            name_en: null_default(m, "name_en")?,
            lat: required(m, "lat")?,
            lon: required(m, "lon")?,
        })
    }
}

impl FromJson for BridgeScripts {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "bridge_script_url")?;
        Ok(BridgeScripts {
            wechat: optional(m, "wechat")?,
            alipay: optional(m, "alipay")?,
        })
    }
}

impl FromJson for Config {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "config")?;
        let d = Config::default();
        Ok(Config {
            sta_url: member_or(m, "sta_url", d.sta_url)?,
            default_centre: member_or(m, "default_centre", d.default_centre)?,
            freshness_hours: member_or(m, "freshness_hours", d.freshness_hours)?,
            nearby_count: usize::try_from(member_or(m, "nearby_count", d.nearby_count as u64)?)
                .map_err(|_| Bad("nearby_count: too large".into()))?,
            grid_m: member_or(m, "grid_m", d.grid_m)?,
            districts: member_or(m, "districts", d.districts)?,
            open311_url: member_or(m, "open311_url", d.open311_url)?,
            open311_api_key: optional(m, "open311_api_key")?,
            response_hours: member_or(m, "response_hours", d.response_hours)?,
            bridge_script_url: member_or(m, "bridge_script_url", d.bridge_script_url)?,
        })
    }
}

impl Config {
    /// Parses `config.json`, then repairs values that would break the app (empty URL, zero
    /// counts) by falling back to the defaults for those fields. A member of the wrong type is an
    /// error naming it.
    pub fn parse(text: &str) -> Result<Self, Bad> {
        let mut cfg: Config = json::read(text)?;
        let d = Config::default();
        cfg.sta_url = cfg.sta_url.trim().trim_end_matches('/').to_string();
        if cfg.sta_url.is_empty() {
            cfg.sta_url = d.sta_url;
        }
        cfg.open311_url = cfg.open311_url.trim().trim_end_matches('/').to_string();
        if cfg.open311_url.is_empty() {
            cfg.open311_url = d.open311_url;
        }
        cfg.open311_api_key = cfg
            .open311_api_key
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty());
        if !(cfg.response_hours.is_finite() && cfg.response_hours > 0.0) {
            cfg.response_hours = d.response_hours;
        }
        if cfg.nearby_count == 0 {
            cfg.nearby_count = d.nearby_count;
        }
        if !(cfg.freshness_hours.is_finite() && cfg.freshness_hours > 0.0) {
            cfg.freshness_hours = d.freshness_hours;
        }
        if !(cfg.grid_m.is_finite() && cfg.grid_m > 0.0) {
            cfg.grid_m = d.grid_m;
        }
        Ok(cfg)
    }

    /// Makes relative service URLs (`v1.1`, no leading `/`) relative to where the app is served
    /// (`base` = `/water/` under a sub-path). Root paths (`/v1.1`) and absolute URLs stay as they are.
    pub fn with_base(mut self, base: &str) -> Self {
        self.sta_url = join_base(base, &self.sta_url);
        self.open311_url = join_base(base, &self.open311_url);
        self
    }

    /// The freshness window in milliseconds, as `station::assess` wants it.
    pub fn freshness_ms(&self) -> i64 {
        (self.freshness_hours * 3_600_000.0) as i64
    }

    /// The host that serves the data, to name the source on the station page; `None` when the
    /// STA URL is relative (the page's own host serves it).
    pub fn sta_host(&self) -> Option<&str> {
        let rest = qingshui_core::text::split_once(&self.sta_url, "://")?.1;
        Some(rest.split('/').next().unwrap_or(rest))
    }
}

/// `url` relative to `base` unless it is absolute (`scheme:`, `//host`) or a root path (`/…`).
pub fn join_base(base: &str, url: &str) -> String {
    let has_scheme = url.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if has_scheme || url.starts_with('/') {
        return url.to_string();
    }
    let mut rest = url;
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    format!("{}/{rest}", base.trim_end_matches('/'))
}

/// Loads `config.json` from where the app is served (`/config.json`, or `/water/config.json`
/// under a sub-path); any failure gives the defaults, because a resident must still see water
/// status when the deployment forgot the file.
pub async fn load() -> Config {
    let base = crate::platform::document::base_path();
    let cfg = match crate::api::fetch_text(&join_base(&base, "config.json")).await {
        Ok(text) => Config::parse(&text).unwrap_or_default(),
        Err(_) => Config::default(),
    };
    cfg.with_base(&base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_gives_defaults() {
        assert_eq!(Config::parse("{}").unwrap(), Config::default());
    }

    #[test]
    fn unknown_fields_are_ignored_and_known_ones_read() {
        let cfg = Config::parse(
            r#"{"sta_url":"https://example.org/v1.1/","nearby_count":5,"reports_url":"/x",
                "districts":[{"name":"渝中区","name_en":"Yuzhong","lat":29.55,"lon":106.57}]}"#,
        )
        .unwrap();
        assert_eq!(cfg.sta_url, "https://example.org/v1.1");
        assert_eq!(cfg.nearby_count, 5);
        assert_eq!(cfg.districts[0].name_en, "Yuzhong");
        assert_eq!(cfg.sta_host(), Some("example.org"));
    }

    #[test]
    fn a_member_of_the_wrong_type_is_an_error_naming_it_and_null_is_the_default() {
        let table: &[(&str, Result<&str, &str>)] = &[
            (r#"{"sta_url":null}"#, Ok("/v1.1")),
            (r#"{"sta_url":"/x","unknown":[1]}"#, Ok("/x")),
            (
                r#"{"nearby_count":"5"}"#,
                Err("nearby_count: expected a whole number"),
            ),
            (
                r#"{"nearby_count":-1}"#,
                Err("nearby_count: expected a whole number"),
            ),
            (
                r#"{"districts":[{"name":"渝中区","lat":"29.5","lon":106.5}]}"#,
                Err("districts: [0]: lat: expected a number"),
            ),
            (
                r#"{"districts":[{"name":"渝中区"}]}"#,
                Err("districts: [0]: lat: missing"),
            ),
            (
                r#"{"open311_api_key":7}"#,
                Err("open311_api_key: expected a string"),
            ),
            ("[]", Err("config: expected an object")),
            ("{", Err("EOF while parsing")),
        ];
        for (json, want) in table {
            let got = Config::parse(json);
            match want {
                Ok(sta_url) => assert_eq!(got.unwrap().sta_url, *sta_url, "{json}"),
                Err(why) => {
                    let Bad(e) = got.unwrap_err();
                    assert!(e.contains(why), "{json}: {e}");
                }
            }
        }
    }

    #[test]
    fn unusable_values_fall_back() {
        let cfg =
            Config::parse(r#"{"sta_url":" ","nearby_count":0,"freshness_hours":-1}"#).unwrap();
        assert_eq!(cfg.sta_url, "/v1.1");
        assert_eq!(cfg.nearby_count, 10);
        assert_eq!(cfg.freshness_ms(), 24 * 3_600_000);
        assert_eq!(cfg.sta_host(), None);
    }

    #[test]
    fn open311_settings_are_read_and_repaired() {
        let cfg = Config::parse(
            r#"{"open311_url":"https://city.example/open311/v2/","open311_api_key":"k1","response_hours":48}"#,
        )
        .unwrap();
        assert_eq!(cfg.open311_url, "https://city.example/open311/v2");
        assert_eq!(cfg.open311_api_key.as_deref(), Some("k1"));
        assert_eq!(cfg.response_hours, 48.0);
        let cfg = Config::parse(r#"{"open311_url":"  ","open311_api_key":" ","response_hours":0}"#)
            .unwrap();
        assert_eq!(cfg.open311_url, "/open311/v2");
        assert_eq!(cfg.open311_api_key, None);
        assert_eq!(cfg.response_hours, 24.0);
    }

    #[test]
    fn relative_urls_follow_the_base_path() {
        let cases = [
            ("/", "config.json", "/config.json"),
            ("/water/", "config.json", "/water/config.json"),
            ("/water", "v1.1", "/water/v1.1"),
            ("/water/", "./open311/v2", "/water/open311/v2"),
            ("/water/", "././config.json", "/water/config.json"),
            ("/", "a+b.c-d:x", "a+b.c-d:x"),
            ("/water/", "/v1.1", "/v1.1"),
            (
                "/water/",
                "https://sta.example/v1.1",
                "https://sta.example/v1.1",
            ),
            ("/water/", "//sta.example/v1.1", "//sta.example/v1.1"),
        ];
        for (base, url, want) in cases {
            assert_eq!(join_base(base, url), want, "{base} + {url}");
        }
        let cfg = Config::parse(r#"{"sta_url":"v1.1","open311_url":"https://c.example/o"}"#)
            .unwrap()
            .with_base("/water/");
        assert_eq!(cfg.sta_url, "/water/v1.1");
        assert_eq!(cfg.open311_url, "https://c.example/o");
    }

    #[test]
    fn bridge_scripts_are_optional() {
        assert_eq!(
            Config::default().bridge_script_url,
            BridgeScripts::default()
        );
        let cfg = Config::parse(
            r#"{"bridge_script_url":{"wechat":"https://res.wx.qq.com/open/js/jweixin-1.6.0.js"}}"#,
        )
        .unwrap();
        assert!(cfg.bridge_script_url.wechat.is_some());
        assert_eq!(cfg.bridge_script_url.alipay, None);
    }

    #[test]
    fn shipped_config_lists_all_38_districts() {
        let cfg = Config::parse(include_str!("../public/config.json")).unwrap();
        assert_eq!(cfg.districts.len(), 38);
        assert!(cfg.districts.iter().all(|d| !d.name_en.is_empty()
            && (28.0..32.5).contains(&d.lat)
            && (105.0..110.5).contains(&d.lon)));
    }
}
