//! Server configuration from the environment (see docs/contracts.md, "Server environment").
use std::net::SocketAddr;
use std::path::PathBuf;

/// Errors reading the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A variable is set but cannot be parsed.
    #[error("{var} is invalid: {reason}")]
    Invalid {
        /// The variable name.
        var: &'static str,
        /// Why it was rejected (never the value itself: it could be a secret).
        reason: String,
    },
}

/// Everything the server needs to start.
#[derive(Clone)]
pub struct Config {
    /// `QINGSHUI_ADDR`: where to listen.
    pub addr: SocketAddr,
    /// `QINGSHUI_DB`: the SQLite file.
    pub db_path: PathBuf,
    /// `QINGSHUI_DIST`: the built client app.
    pub dist_dir: PathBuf,
    /// `QINGSHUI_WRITE_TOKEN`: bearer token for writes; `None` disables writes.
    pub write_token: Option<String>,
    /// `QINGSHUI_DEMO_STATIONS`: stations generated when the database is new.
    pub demo_stations: u32,
    /// `QINGSHUI_DEMO_NOW`: when the demo data ends (ms since epoch); `None` = now.
    pub demo_now_ms: Option<i64>,
    /// `QINGSHUI_OPEN311_API_KEY`: `api_key` required to submit reports; `None` = no key needed.
    pub open311_api_key: Option<String>,
    /// `QINGSHUI_RESPONSE_HOURS`: the city's response target for reports (default 24).
    pub response_hours: u32,
    /// `QINGSHUI_MEDIA`: directory of uploaded photos (default `media` beside the database).
    pub media_dir: PathBuf,
    /// Security headers, CORS, timeouts and rate limits (`QINGSHUI_CSP_*`, `QINGSHUI_CORS_ORIGINS`, …).
    pub http: crate::http::HttpSettings,
    /// `QINGSHUI_BASE_PATH`: the sub-path the app is served under (`/water`, no trailing slash);
    /// `None` = at the root. The APIs stay at `/v1.1` and `/open311` either way.
    pub base_path: Option<String>,
    /// `QINGSHUI_TLS_CERT` + `QINGSHUI_TLS_KEY`: serve HTTPS (and HTTP/2) with these PEM files;
    /// `None` = plain HTTP, for a proxy or CDN in front that does TLS.
    pub tls: Option<crate::http::tls::TlsFiles>,
}

impl std::fmt::Debug for Config {
    // Hand-written so the token can never end up in a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("db_path", &self.db_path)
            .field("dist_dir", &self.dist_dir)
            .field("write_token", &self.write_token.as_ref().map(|_| "<set>"))
            .field("demo_stations", &self.demo_stations)
            .field("demo_now_ms", &self.demo_now_ms)
            .field(
                "open311_api_key",
                &self.open311_api_key.as_ref().map(|_| "<set>"),
            )
            .field("response_hours", &self.response_hours)
            .field("media_dir", &self.media_dir)
            .field("http", &self.http)
            .field("base_path", &self.base_path)
            .field("tls", &self.tls)
            .finish()
    }
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads the configuration through `get` (testable without touching the real environment).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let addr = get("QINGSHUI_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .map_err(|e: std::net::AddrParseError| ConfigError::Invalid {
                var: "QINGSHUI_ADDR",
                reason: e.to_string(),
            })?;
        let demo_stations = match get("QINGSHUI_DEMO_STATIONS") {
            None => 17_000,
            Some(s) => s.trim().parse().map_err(|_| ConfigError::Invalid {
                var: "QINGSHUI_DEMO_STATIONS",
                reason: "expected a whole number".into(),
            })?,
        };
        let demo_now_ms = match get("QINGSHUI_DEMO_NOW") {
            None => None,
            Some(s) if s.trim().is_empty() => None,
            Some(s) => Some(
                crate::sta::time::parse(s.trim()).ok_or(ConfigError::Invalid {
                    var: "QINGSHUI_DEMO_NOW",
                    reason: "expected an RFC 3339 time such as 2026-11-28T08:00:00Z".into(),
                })?,
            ),
        };
        let response_hours = match get("QINGSHUI_RESPONSE_HOURS") {
            None => 24,
            Some(s) => s
                .trim()
                .parse()
                .ok()
                .filter(|h| *h > 0)
                .ok_or(ConfigError::Invalid {
                    var: "QINGSHUI_RESPONSE_HOURS",
                    reason: "expected a whole number of hours above 0".into(),
                })?,
        };
        let db_path: PathBuf = get("QINGSHUI_DB")
            .unwrap_or_else(|| "qingshui.sqlite".into())
            .into();
        // Photos sit beside the database by default so one backup of that directory keeps both.
        let media_dir = match get("QINGSHUI_MEDIA").filter(|m| !m.trim().is_empty()) {
            Some(m) => m.into(),
            None => db_path
                .parent()
                .map_or_else(|| PathBuf::from("media"), |p| p.join("media")),
        };
        Ok(Self {
            addr,
            db_path,
            dist_dir: get("QINGSHUI_DIST").unwrap_or_else(|| "dist".into()).into(),
            write_token: get("QINGSHUI_WRITE_TOKEN").filter(|t| !t.is_empty()),
            demo_stations,
            demo_now_ms,
            open311_api_key: get("QINGSHUI_OPEN311_API_KEY").filter(|k| !k.is_empty()),
            response_hours,
            media_dir,
            http: crate::http::HttpSettings::from_lookup(&get)?,
            base_path: base_path(get("QINGSHUI_BASE_PATH").as_deref())?,
            tls: tls_files(
                get("QINGSHUI_TLS_CERT").as_deref(),
                get("QINGSHUI_TLS_KEY").as_deref(),
            )?,
        })
    }
}

/// `QINGSHUI_BASE_PATH` → `Some("/water")`; unset, empty or `/` → `None` (served at the root).
/// Only plain path segments are accepted: the value becomes a route and a redirect target.
fn base_path(raw: Option<&str>) -> Result<Option<String>, ConfigError> {
    let trimmed = raw.unwrap_or("").trim().trim_matches('/');
    if trimmed.is_empty() {
        return Ok(None);
    }
    let ok = trimmed.split('/').all(|s| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
    });
    if !ok {
        return Err(ConfigError::Invalid {
            var: "QINGSHUI_BASE_PATH",
            reason: "expected a path such as /water (letters, digits, - . _ ~ between slashes)"
                .into(),
        });
    }
    Ok(Some(format!("/{trimmed}")))
}

/// Both TLS files or neither: one alone is a mistake that would otherwise serve plain HTTP unnoticed.
fn tls_files(
    cert: Option<&str>,
    key: Option<&str>,
) -> Result<Option<crate::http::tls::TlsFiles>, ConfigError> {
    let set = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    match (set(cert), set(key)) {
        (None, None) => Ok(None),
        (Some(cert), Some(key)) => Ok(Some(crate::http::tls::TlsFiles { cert, key })),
        (Some(_), None) => Err(ConfigError::Invalid {
            var: "QINGSHUI_TLS_KEY",
            reason: "QINGSHUI_TLS_CERT is set: HTTPS needs the key file too".into(),
        }),
        (None, Some(_)) => Err(ConfigError::Invalid {
            var: "QINGSHUI_TLS_CERT",
            reason: "QINGSHUI_TLS_KEY is set: HTTPS needs the certificate file too".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{base_path, tls_files};

    #[test]
    fn tls_needs_both_files_or_neither() {
        assert_eq!(tls_files(None, None).unwrap(), None);
        assert_eq!(tls_files(Some(" "), Some("")).unwrap(), None);
        let both = tls_files(Some("/etc/q/cert.pem"), Some("/etc/q/key.pem"))
            .unwrap()
            .unwrap();
        assert_eq!(both.cert, std::path::Path::new("/etc/q/cert.pem"));
        assert_eq!(both.key, std::path::Path::new("/etc/q/key.pem"));
        for (cert, key, var) in [
            (Some("c.pem"), None, "QINGSHUI_TLS_KEY"),
            (Some("c.pem"), Some(" "), "QINGSHUI_TLS_KEY"),
            (None, Some("k.pem"), "QINGSHUI_TLS_CERT"),
        ] {
            let err = tls_files(cert, key).unwrap_err();
            assert!(err.to_string().starts_with(var), "{cert:?} {key:?}: {err}");
        }
    }

    #[test]
    fn base_path_is_normalised_or_refused() {
        let ok = [
            (None, None),
            (Some(""), None),
            (Some("/"), None),
            (Some("/water"), Some("/water")),
            (Some("water/"), Some("/water")),
            (Some(" /city/water/ "), Some("/city/water")),
        ];
        for (raw, want) in ok {
            assert_eq!(base_path(raw).unwrap().as_deref(), want, "{raw:?}");
        }
        for bad in ["/a//b", "/../x", "/a b", "/水", "/a?b", "/./a"] {
            assert!(base_path(Some(bad)).is_err(), "{bad}");
        }
    }
}
