//! The Open311 GeoReport v2 requests of the "report a water problem" pages, through the one
//! generic send of `api.rs` (same deadline, same typed errors).

use qingshui_core::json::Value;
use qingshui_core::sta::decode::{loose_string, loose_text, object, shape_or_none, Bad, FromJson};

use super::{fetch_json, post_form, post_multipart, ApiError};
use crate::config::Config;
use crate::platform::json;
use crate::state::my_reports::{requests_url, ServiceRequest};
use crate::state::report::{Draft, Service, ServiceDefinition};
use crate::state::report_form::{form_fields, urlencode};
use crate::state::report_token::{token_url, TokenAnswer};
use crate::state::similar::{rank, similar_url, Similar};
use qingshui_core::geo::LatLon;

/// The server's answer to a filed report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filed {
    /// The new report's id; empty when the server assigns it later and gave only a `token`.
    pub service_request_id: String,
    /// What the water department tells the resident about the next steps.
    pub service_notice: Option<String>,
    /// The token to ask `tokens/{token}.json` for the id with (GeoReport v2).
    pub token: Option<String>,
}

impl Filed {
    /// The token, when it is all the server gave (no id yet).
    pub fn pending_token(&self) -> Option<&str> {
        self.token
            .as_deref()
            .filter(|t| !t.is_empty() && self.service_request_id.is_empty())
    }
}

impl FromJson for Filed {
    /// Read leniently, as the other Open311 answers (`state::my_reports`): a numeric id is text.
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "filed report")?;
        Ok(Filed {
            service_request_id: loose_text(m, "service_request_id"),
            service_notice: shape_or_none(m, "service_notice"),
            token: loose_string(m, "token"),
        })
    }
}

/// The filed report in a `POST requests.json` answer: the element with an id, else the one
/// with only a token; `None` when it has neither.
fn filed_from(list: Vec<Filed>) -> Option<Filed> {
    let (with_id, rest): (Vec<Filed>, Vec<Filed>) = list
        .into_iter()
        .partition(|f| !f.service_request_id.is_empty());
    with_id
        .into_iter()
        .next()
        .or_else(|| rest.into_iter().find(|f| f.pending_token().is_some()))
}

/// `GET {open311}/services.json?locale=…`: the categories.
pub async fn services(cfg: &Config, locale: &str) -> Result<Vec<Service>, ApiError> {
    fetch_json(&format!(
        "{}/services.json?locale={locale}",
        cfg.open311_url
    ))
    .await
}

/// `GET {open311}/services/{code}.json?locale=…`: a category's extra questions.
pub async fn definition(
    cfg: &Config,
    code: &str,
    locale: &str,
) -> Result<ServiceDefinition, ApiError> {
    // Codes are plain identifiers; anything else is dropped rather than sent into a path.
    let code: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    fetch_json(&format!(
        "{}/services/{code}.json?locale={locale}",
        cfg.open311_url
    ))
    .await
}

/// `POST {open311}/requests.json`: files the report once, whatever retries happen, thanks to the
/// draft's `Idempotency-Key`. Without photos the body is the spec's urlencoded form; with photos
/// it is `multipart/form-data` with the same fields and one `media` part per photo (JPEGs already
/// shrunk on the phone, named `photo-1.jpg`, `photo-2.jpg`, …).
pub async fn submit(
    cfg: &Config,
    draft: &Draft,
    locale: &str,
    photos: &[web_sys::Blob],
) -> Result<Filed, ApiError> {
    let url = format!("{}/requests.json", cfg.open311_url);
    let fields = form_fields(draft, locale, cfg.open311_api_key.as_deref());
    let headers = [("Idempotency-Key", draft.idempotency_key.as_str())];
    let text = if photos.is_empty() {
        post_form(&url, urlencode(&fields), &headers).await?
    } else {
        let form = web_sys::FormData::new().map_err(|_| ApiError::Network("no FormData".into()))?;
        let mut ok = fields
            .iter()
            .all(|(k, v)| form.append_with_str(k, v).is_ok());
        for (i, blob) in photos.iter().enumerate() {
            ok &= form
                .append_with_blob_and_filename("media", blob, &format!("photo-{}.jpg", i + 1))
                .is_ok();
        }
        if !ok {
            return Err(ApiError::Network("could not build the form".into()));
        }
        post_multipart(&url, form, &headers).await?
    };
    let list: Vec<Filed> = json::read(&text).map_err(|Bad(why)| ApiError::Decode(why))?;
    filed_from(list).ok_or_else(|| ApiError::Decode("no service_request_id or token".into()))
}

/// `GET {open311}/tokens/{token}.json`: the id a token-only report got, if any yet.
pub async fn token(cfg: &Config, token: &str) -> Result<Vec<TokenAnswer>, ApiError> {
    fetch_json(&token_url(&cfg.open311_url, token)).await
}

/// `GET {open311}/requests.json?service_request_id=a,b,c`: the status of the kept reports.
pub async fn requests(
    cfg: &Config,
    ids: &[&str],
    locale: &str,
) -> Result<Vec<ServiceRequest>, ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    fetch_json(&requests_url(&cfg.open311_url, ids, locale)).await
}

/// `GET {open311}/requests/{id}.json`: one report's public fields; `Ok(None)` when the server
/// does not know it (404).
pub async fn request(
    cfg: &Config,
    id: &str,
    locale: &str,
) -> Result<Option<ServiceRequest>, ApiError> {
    // The URL the server names in the page's preload hint (server/src/page_hints.rs).
    let url = qingshui_core::open311::request_url(&cfg.open311_url, id, locale);
    match fetch_json::<Vec<ServiceRequest>>(&url).await {
        Ok(list) => Ok(list.into_iter().next()),
        Err(ApiError::Http { status: 404, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Open reports of category `code` within 200 m of `at` from the last 7 days, nearest first.
pub async fn similar(
    cfg: &Config,
    code: &str,
    at: LatLon,
    now_ms: i64,
    locale: &str,
) -> Result<Vec<Similar>, ApiError> {
    let found = fetch_json(&similar_url(&cfg.open311_url, code, at, now_ms, locale)).await?;
    Ok(rank(found, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> Option<Filed> {
        filed_from(json::read(json).unwrap())
    }

    #[test]
    fn post_answer_with_an_id_or_only_a_token() {
        let both = decode(
            r#"[{"service_request_id":"7","service_notice":"ok","account_id":null,"token":"t"}]"#,
        )
        .unwrap();
        assert_eq!(both.service_request_id, "7");
        assert_eq!(both.pending_token(), None);
        let only = decode(r#"[{"token":"abc-1"}]"#).unwrap();
        assert_eq!(only.service_request_id, "");
        assert_eq!(only.pending_token(), Some("abc-1"));
        assert_eq!(decode(r#"[{"token":""}]"#), None);
        assert_eq!(decode(r#"[{"service_notice":"x"}]"#), None);
        assert_eq!(decode("[]"), None);
    }
}
