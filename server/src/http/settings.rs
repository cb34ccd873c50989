//! The hardening settings read from the environment (README, "Server (environment variables)").
use std::time::Duration;

use crate::config::ConfigError;

/// How the HTTP layer protects the server: headers, CORS, timeouts, size and rate limits.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpSettings {
    /// `QINGSHUI_CSP_CONNECT`: origins the app may fetch from besides its own (CSP `connect-src`).
    pub csp_connect: Vec<String>,
    /// `QINGSHUI_FRAME_ANCESTORS`: who may frame the app (CSP `frame-ancestors`; default `'self'`).
    pub frame_ancestors: Vec<String>,
    /// `QINGSHUI_CORS_ORIGINS`: origins allowed to call the APIs from their pages; empty = no CORS at all.
    pub cors_origins: Vec<String>,
    /// `QINGSHUI_REQUEST_TIMEOUT_SECS`: longest time to answer a request; `None` = no limit.
    pub request_timeout: Option<Duration>,
    /// `QINGSHUI_UPLOAD_TIMEOUT_SECS`: the same for `POST requests.json`, which may carry 30 MB of photos.
    pub upload_timeout: Option<Duration>,
    /// `QINGSHUI_HEADER_TIMEOUT_SECS`: longest time a client may take to send its request head.
    pub header_timeout: Option<Duration>,
    /// `QINGSHUI_MAX_URI_BYTES`: longest path plus query accepted (longer: 414).
    pub max_uri_bytes: usize,
    /// `QINGSHUI_RATE_REPORTS_PER_MIN`: Open311 reports per minute per client; 0 = no limit.
    pub reports_per_min: u32,
    /// `QINGSHUI_RATE_QUERIES_PER_SEC`: SensorThings reads per second per client; 0 = no limit.
    pub queries_per_sec: u32,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self::from_lookup(|_| None).unwrap_or_else(|_| unreachable!("defaults are valid"))
    }
}

impl HttpSettings {
    /// Reads the settings through `get`; unset or empty variables take their defaults.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let secs = |var: &'static str, default: u64| -> Result<Option<Duration>, ConfigError> {
            let n = number(var, get(var), default)?;
            Ok((n > 0).then(|| Duration::from_secs(n)))
        };
        let max_uri_bytes = number(
            "QINGSHUI_MAX_URI_BYTES",
            get("QINGSHUI_MAX_URI_BYTES"),
            8192,
        )?;
        if max_uri_bytes < 1024 {
            return Err(invalid("QINGSHUI_MAX_URI_BYTES", "expected at least 1024"));
        }
        let cors_origins = sources("QINGSHUI_CORS_ORIGINS", get("QINGSHUI_CORS_ORIGINS"), ',')?;
        if !cors_origins.iter().all(|o| super::cors::is_origin(o)) {
            return Err(invalid(
                "QINGSHUI_CORS_ORIGINS",
                "expected origins such as https://example.org (no path), or *",
            ));
        }
        Ok(Self {
            csp_connect: sources("QINGSHUI_CSP_CONNECT", get("QINGSHUI_CSP_CONNECT"), ' ')?,
            frame_ancestors: match get("QINGSHUI_FRAME_ANCESTORS") {
                None => vec!["'self'".into()],
                v => sources("QINGSHUI_FRAME_ANCESTORS", v, ' ')?,
            },
            cors_origins,
            request_timeout: secs("QINGSHUI_REQUEST_TIMEOUT_SECS", 30)?,
            upload_timeout: secs("QINGSHUI_UPLOAD_TIMEOUT_SECS", 300)?,
            header_timeout: secs("QINGSHUI_HEADER_TIMEOUT_SECS", 10)?,
            max_uri_bytes: usize::try_from(max_uri_bytes).unwrap_or(usize::MAX),
            reports_per_min: u32::try_from(number(
                "QINGSHUI_RATE_REPORTS_PER_MIN",
                get("QINGSHUI_RATE_REPORTS_PER_MIN"),
                10,
            )?)
            .map_err(|_| invalid("QINGSHUI_RATE_REPORTS_PER_MIN", "too large"))?,
            queries_per_sec: u32::try_from(number(
                "QINGSHUI_RATE_QUERIES_PER_SEC",
                get("QINGSHUI_RATE_QUERIES_PER_SEC"),
                20,
            )?)
            .map_err(|_| invalid("QINGSHUI_RATE_QUERIES_PER_SEC", "too large"))?,
        })
    }
}

fn invalid(var: &'static str, reason: &str) -> ConfigError {
    ConfigError::Invalid {
        var,
        reason: reason.into(),
    }
}

fn number(var: &'static str, value: Option<String>, default: u64) -> Result<u64, ConfigError> {
    match value {
        None => Ok(default),
        Some(s) => s
            .trim()
            .parse()
            .map_err(|_| invalid(var, "expected a whole number")),
    }
}

/// Splits a list of CSP sources or origins. Each item ends up inside a header, so anything that could
/// end a directive (`;`), start another list item (`,`) or break the header line is refused outright.
fn sources(
    var: &'static str,
    value: Option<String>,
    sep: char,
) -> Result<Vec<String>, ConfigError> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let items: Vec<String> = value
        .split(|c: char| c == sep || (sep == ' ' && c.is_whitespace()))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    for item in &items {
        let ok = item
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b';' | b','));
        if !ok {
            return Err(invalid(
                var,
                "items may not contain ';', ',' or non-ASCII characters",
            ));
        }
    }
    Ok(items)
}
