//! Serves the built client (`dist/`) from memory: precompressed, cache-friendly, SPA-aware.
//!
//! Everything is read and compressed once at startup (brotli quality 11 and gzip "best" cost seconds for a
//! large wasm, paid once instead of per request), so a request is a map lookup and no request path ever
//! touches the file system — traversal cannot escape `dist/` by construction, and odd paths are rejected early
//! anyway. Content-hashed names (`qingshui-3f9a1c2b7d.wasm`) are cached for a year; everything else
//! (`index.html`, `config.json`) is revalidated with its strong ETag.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::encoding::{negotiate, Coding};
use crate::page_hints::{Hint, PageHints};

/// Path prefixes that belong to APIs: an unknown path there is a 404, never the SPA's `index.html`.
const API_PREFIXES: [&str; 2] = ["/v1.1", "/open311"];
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

/// The in-memory copy of a `dist/` directory, ready to be served.
///
/// Use it as the application's fallback so API routes win:
/// `Router::new().nest("/v1.1", sta).fallback_service(StaticFiles::load(dir)?.router())`.
#[derive(Clone)]
pub struct StaticFiles {
    site: Arc<Site>,
    /// The instant the pages' preload hints take as now; `None` = the system clock.
    pinned_now_ms: Option<i64>,
}

enum Site {
    /// Files by their `/`-separated path relative to `dist/`, and what the pages hint to preload.
    Loaded {
        files: HashMap<String, Asset>,
        hints: PageHints,
    },
    /// `dist/` was missing at startup: answer with a hint instead of refusing to start.
    NotBuilt,
}

struct Asset {
    content_type: &'static str,
    cache_control: &'static str,
    /// Strong ETag of the identity bytes (quoted); encoded variants append `-br` / `-gz` inside the quotes.
    etag: String,
    identity: Bytes,
    br: Option<Bytes>,
    gzip: Option<Bytes>,
}

impl StaticFiles {
    /// Reads every file under `dir` into memory and precompresses the compressible ones; keeps a compressed
    /// variant only when it is smaller. A missing `dir` is not an error: the server then answers page
    /// requests with a 503 "app not built" text. Other I/O errors (unreadable files) are returned.
    pub fn load(dir: &Path) -> std::io::Result<Self> {
        if !dir.is_dir() {
            let site = Site::NotBuilt;
            return Ok(StaticFiles {
                site: Arc::new(site),
                pinned_now_ms: None,
            });
        }
        let mut files = HashMap::new();
        read_tree(dir, String::new(), &mut files)?;
        let hints = PageHints::from_config(files.get("config.json").map(|a| &a.identity[..]));
        Ok(StaticFiles {
            site: Arc::new(Site::Loaded { files, hints }),
            pinned_now_ms: None,
        })
    }

    /// Takes `at` (ms since the epoch) as now in the pages' preload hints instead of the system clock: a
    /// demo city frozen at `QINGSHUI_DEMO_NOW` is read by browsers whose clock is pinned there too (tests).
    pub fn with_clock(self, at: Option<i64>) -> Self {
        StaticFiles {
            pinned_now_ms: at,
            ..self
        }
    }

    /// Number of files loaded (0 when `dist/` is missing); for the startup log.
    pub fn len(&self) -> usize {
        match &*self.site {
            Site::Loaded { files, .. } => files.len(),
            Site::NotBuilt => 0,
        }
    }

    /// Whether no file was loaded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `dist/` existed at startup (otherwise pages answer 503 "run make build").
    pub fn is_built(&self) -> bool {
        matches!(&*self.site, Site::Loaded { .. })
    }

    /// A router that answers every request with a file (GET and HEAD), the SPA's `index.html`, or an error.
    pub fn router(self) -> Router {
        Router::new()
            .fallback(serve)
            .with_state((self.site, self.pinned_now_ms))
    }
}

fn read_tree(dir: &Path, prefix: String, out: &mut HashMap<String, Asset>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        // A name that is not UTF-8 cannot be requested through a URL we decode to UTF-8.
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let key = format!("{prefix}{name}");
        let path = entry.path();
        if path.is_dir() {
            read_tree(&path, format!("{key}/"), out)?;
        } else {
            let bytes = std::fs::read(&path)?;
            out.insert(key.clone(), Asset::new(&key, bytes)?);
        }
    }
    Ok(())
}

impl Asset {
    fn new(key: &str, bytes: Vec<u8>) -> std::io::Result<Self> {
        let ext = extension(key).unwrap_or("").to_ascii_lowercase();
        let (content_type, compressible) = content_type(&ext);
        let (br, gzip) = if compressible {
            let smaller = |c: Vec<u8>| (c.len() < bytes.len()).then(|| Bytes::from(c));
            // brotli 11 dominates startup for a large wasm; gzip runs beside it on the other core.
            let (br, gz) = std::thread::scope(|s| {
                let gz = s.spawn(|| gzip(&bytes));
                (brotli(&bytes), gz.join())
            });
            let gz = gz.map_err(|_| std::io::Error::other("gzip compression panicked"))?;
            (smaller(br?), smaller(gz?))
        } else {
            (None, None)
        };
        let file_name = key.rsplit('/').next().unwrap_or(key);
        Ok(Asset {
            content_type,
            cache_control: if is_hashed(file_name) {
                IMMUTABLE
            } else {
                NO_CACHE
            },
            etag: etag(&bytes),
            identity: Bytes::from(bytes),
            br,
            gzip,
        })
    }

    fn etag_for(&self, enc: Coding) -> String {
        let tag = self.etag.trim_end_matches('"');
        match enc {
            Coding::Br => format!("{tag}-br\""),
            Coding::Gzip => format!("{tag}-gz\""),
            Coding::Identity => self.etag.clone(),
        }
    }
}

fn brotli(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut w = brotli::CompressorWriter::new(Vec::new(), 64 * 1024, 11, 22);
    w.write_all(data)?;
    w.flush()?;
    Ok(w.into_inner())
}

fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(data)?;
    w.finish()
}

/// 128-bit content hash (FNV-1a and SipHash) plus length: enough to tell versions apart, no crypto needed.
fn etag(data: &[u8]) -> String {
    let fnv = data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut sip = std::collections::hash_map::DefaultHasher::new();
    data.hash(&mut sip);
    format!("\"{:x}-{fnv:016x}{:016x}\"", data.len(), sip.finish())
}

/// Extension of the last path segment, if it has one (`a/b.c.js` → `js`, `.hidden` → none).
fn extension(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next()?;
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => Some(ext),
        _ => None,
    }
}

/// A build-hashed name: `-` or `.` then at least 8 hex digits right before the extension.
fn is_hashed(file_name: &str) -> bool {
    let Some((stem, _)) = file_name.rsplit_once('.') else {
        return false;
    };
    let hex = stem.len() - stem.trim_end_matches(|c: char| c.is_ascii_hexdigit()).len();
    hex >= 8 && stem.len() > hex + 1 && matches!(stem.as_bytes()[stem.len() - hex - 1], b'-' | b'.')
}

/// `(Content-Type, worth compressing)` for an extension.
fn content_type(ext: &str) -> (&'static str, bool) {
    match ext {
        "html" | "htm" => ("text/html; charset=utf-8", true),
        "js" | "mjs" => ("text/javascript; charset=utf-8", true),
        "wasm" => ("application/wasm", true),
        "css" => ("text/css; charset=utf-8", true),
        "json" | "map" => ("application/json", true),
        "webmanifest" => ("application/manifest+json", true),
        "svg" => ("image/svg+xml", true),
        "txt" => ("text/plain; charset=utf-8", true),
        "xml" => ("application/xml", true),
        "ico" => ("image/x-icon", true),
        "png" => ("image/png", false),
        "jpg" | "jpeg" => ("image/jpeg", false),
        "gif" => ("image/gif", false),
        "webp" => ("image/webp", false),
        "avif" => ("image/avif", false),
        "woff2" => ("font/woff2", false),
        "woff" => ("font/woff", false),
        _ => ("application/octet-stream", false),
    }
}

/// Decodes the URL path and maps it to a file key; `Err(400)` for anything that tries to climb out.
fn file_key(raw_path: &str) -> Result<String, StatusCode> {
    let decoded = percent_encoding::percent_decode_str(raw_path)
        .decode_utf8()
        .map_err(|_| StatusCode::BAD_REQUEST)?;
    if decoded.contains(['\0', '\\']) {
        return Err(StatusCode::BAD_REQUEST);
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Err(StatusCode::BAD_REQUEST);
    }
    let mut key = segments.join("/");
    if decoded.ends_with('/') {
        key = if key.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{key}/index.html")
        };
    }
    Ok(key)
}

fn text(status: StatusCode, body: &'static str) -> Response {
    let headers = [
        (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    (status, headers, body).into_response()
}

async fn serve(
    State((site, pinned_now_ms)): State<(Arc<Site>, Option<i64>)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path();
    let is_api = API_PREFIXES
        .iter()
        .any(|p| path == *p || path.strip_prefix(p).is_some_and(|r| r.starts_with('/')));
    if is_api {
        return text(StatusCode::NOT_FOUND, "not found\n");
    }
    if method != Method::GET && method != Method::HEAD {
        let mut r = text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let (files, hints) = match &*site {
        Site::Loaded { files, hints } => (files, hints),
        Site::NotBuilt => {
            return text(
                StatusCode::SERVICE_UNAVAILABLE,
                "Qingshui: the web app is not built yet (no dist/ directory). Run `make build`, then restart the server.\n",
            )
        }
    };
    let key = match file_key(path) {
        Ok(k) => k,
        Err(status) => return text(status, "bad path\n"),
    };
    let (asset, hint) = match files.get(&key) {
        Some(a) => (a, None),
        // Client-side routes (`/station/17`) have no extension: the SPA renders them from index.html.
        None if extension(&key).is_none() => match files.get("index.html") {
            Some(index) => (
                index,
                hints.hint(
                    path,
                    pinned_now_ms.unwrap_or_else(crate::now_ms),
                    headers
                        .get(header::ACCEPT_LANGUAGE)
                        .and_then(|v| v.to_str().ok()),
                ),
            ),
            None => return text(StatusCode::NOT_FOUND, "not found\n"),
        },
        None => return text(StatusCode::NOT_FOUND, "not found\n"),
    };
    respond(asset, &method, &headers, hint)
}

/// `hint`: a preload hint for the page (sent with 304 too: the browser keeps the revalidated response's
/// headers, and the hint of an hour ago would name an answer the app no longer asks for).
fn respond(asset: &Asset, method: &Method, headers: &HeaderMap, hint: Option<Hint>) -> Response {
    let enc = negotiate(headers, asset.br.is_some(), asset.gzip.is_some());
    let body = match enc {
        Coding::Br => asset.br.as_ref(),
        Coding::Gzip => asset.gzip.as_ref(),
        Coding::Identity => None,
    }
    .unwrap_or(&asset.identity);
    let etag = asset.etag_for(enc);
    let mut builder = Response::builder()
        .header(header::ETAG, &etag)
        .header(header::CACHE_CONTROL, asset.cache_control)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    let by_language = hint.as_ref().is_some_and(|h| h.by_language);
    match (asset.br.is_some() || asset.gzip.is_some(), by_language) {
        (true, true) => builder = builder.header(header::VARY, "accept-encoding, accept-language"),
        (true, false) => builder = builder.header(header::VARY, "accept-encoding"),
        (false, true) => builder = builder.header(header::VARY, "accept-language"),
        (false, false) => {}
    }
    if let Some(hint) = hint {
        builder = builder.header(header::LINK, hint.link);
    }
    // Any encoding's tag matches: the content behind them is the same file.
    let known = [Coding::Identity, Coding::Br, Coding::Gzip].map(|e| asset.etag_for(e));
    let not_modified = headers.get_all(header::IF_NONE_MATCH).iter().any(|v| {
        v.to_str().is_ok_and(|v| {
            v.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == "*" || known.iter().any(|k| k == t))
        })
    });
    if not_modified {
        return builder
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
    }
    builder = builder
        .header(header::CONTENT_TYPE, asset.content_type)
        .header(header::CONTENT_LENGTH, body.len());
    match enc {
        Coding::Br => builder = builder.header(header::CONTENT_ENCODING, "br"),
        Coding::Gzip => builder = builder.header(header::CONTENT_ENCODING, "gzip"),
        Coding::Identity => {}
    }
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body.clone())
    };
    builder
        .status(StatusCode::OK)
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
