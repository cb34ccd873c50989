//! Checks a submitted report field by field, so every 400 names the field and says why.
use std::collections::BTreeMap;

use qingshui_core::geo::LatLon;
use serde_json::{Map, Value};

use super::error::Open311Error;
use super::services::Service;

/// Longest `description` GeoReport v2 allows, in characters.
pub const MAX_DESCRIPTION: usize = 4000;

/// Contact details: stored apart from the report and never shown by public GETs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contact {
    /// `email`.
    pub email: Option<String>,
    /// `first_name`.
    pub first_name: Option<String>,
    /// `last_name`.
    pub last_name: Option<String>,
    /// `phone`.
    pub phone: Option<String>,
    /// `device_id`.
    pub device_id: Option<String>,
}

impl Contact {
    /// True when nothing was given (no contact row is written then).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A report as submitted, checked for shape but not yet against its service's attributes.
#[derive(Debug, Clone, Default)]
pub struct NewRequest {
    /// `service_code`.
    pub service_code: String,
    /// `lat` + `long`.
    pub position: Option<LatLon>,
    /// `address_string`.
    pub address: Option<String>,
    /// `description`.
    pub description: String,
    /// `attribute[code]` (or `attribute[code][]` for multivaluelist) → values in order.
    pub attributes: BTreeMap<String, Vec<String>>,
    /// Who reported it.
    pub contact: Contact,
    /// `client_token`: with `device_id`, an idempotency key for clients that cannot set headers.
    pub client_token: Option<String>,
    /// `api_key`.
    pub api_key: Option<String>,
    /// `media_url`: a photo hosted elsewhere (the spec's field; uploads are our extension).
    pub media_url: Option<String>,
    /// `locale`.
    pub locale: Option<String>,
}

fn bad(field: &str, why: impl std::fmt::Display) -> Open311Error {
    Open311Error::bad_request(format!("{field}: {why}"))
}

/// A trimmed non-empty value of at most `max` characters.
fn text(field: &str, v: &str, max: usize) -> Result<Option<String>, Open311Error> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if v.chars().count() > max {
        return Err(bad(field, format!("longer than {max} characters")));
    }
    Ok(Some(v.to_string()))
}

fn coordinate(field: &str, v: &str, limit: f64) -> Result<f64, Open311Error> {
    let x: f64 = v
        .trim()
        .parse()
        .map_err(|_| bad(field, "not a number of degrees"))?;
    if !x.is_finite() || x.abs() > limit {
        return Err(bad(field, format!("outside -{limit}..{limit} degrees")));
    }
    Ok(x)
}

/// Reads the form fields of `POST requests.json` (unknown fields such as `jurisdiction_id` are ignored).
pub fn parse_fields(fields: &[(String, String)]) -> Result<NewRequest, Open311Error> {
    let mut r = NewRequest::default();
    let (mut lat, mut lon) = (None, None);
    for (k, v) in fields {
        match k.as_str() {
            "service_code" => r.service_code = v.trim().to_string(),
            "lat" => lat = Some(coordinate("lat", v, 90.0)?),
            "long" => lon = Some(coordinate("long", v, 180.0)?),
            "address_string" => r.address = text(k, v, 500)?,
            "description" => r.description = text(k, v, MAX_DESCRIPTION)?.unwrap_or_default(),
            "email" => {
                r.contact.email = text(k, v, 254)?;
                if r.contact.email.as_ref().is_some_and(|e| !e.contains('@')) {
                    return Err(bad(k, "not an e-mail address"));
                }
            }
            "first_name" => r.contact.first_name = text(k, v, 100)?,
            "last_name" => r.contact.last_name = text(k, v, 100)?,
            "phone" => {
                r.contact.phone = text(k, v, 40)?;
                let ok = |c: char| c.is_ascii_digit() || " +-().".contains(c);
                if r.contact.phone.as_ref().is_some_and(|p| !p.chars().all(ok)) {
                    return Err(bad(k, "only digits, spaces and + - ( ) . are allowed"));
                }
            }
            "device_id" => r.contact.device_id = text(k, v, 200)?,
            "client_token" => r.client_token = text(k, v, 200)?,
            "api_key" => r.api_key = Some(v.clone()),
            "locale" => r.locale = Some(v.clone()),
            "media_url" => {
                r.media_url = text(k, v, 2000)?;
                let web = |u: &String| u.starts_with("https://") || u.starts_with("http://");
                if r.media_url.as_ref().is_some_and(|u| !web(u)) {
                    return Err(bad(k, "must be an http(s) URL"));
                }
            }
            _ => {
                if let Some(code) = k
                    .strip_prefix("attribute[")
                    .and_then(|s| s.strip_suffix("[]]").or_else(|| s.strip_suffix(']')))
                {
                    r.attributes
                        .entry(code.to_string())
                        .or_default()
                        .push(v.trim().to_string());
                }
            }
        }
    }
    if r.service_code.is_empty() {
        return Err(bad("service_code", "required"));
    }
    r.position = match (lat, lon) {
        (Some(lat), Some(lon)) => Some(LatLon { lat, lon }),
        (None, None) => None,
        (Some(_), None) => return Err(bad("long", "required when lat is given")),
        (None, Some(_)) => return Err(bad("lat", "required when long is given")),
    };
    if r.position.is_none() && r.address.is_none() {
        return Err(bad(
            "lat",
            "a location is required: lat and long, or address_string",
        ));
    }
    Ok(r)
}

/// Checks the answers against the service's attributes; returns them as stored (`{code: value}`).
pub fn check_attributes(
    service: &Service,
    given: &BTreeMap<String, Vec<String>>,
) -> Result<Map<String, Value>, Open311Error> {
    if let Some(unknown) = given
        .keys()
        .find(|k| !service.attributes.iter().any(|a| &a.code == *k))
    {
        return Err(bad(
            &format!("attribute[{unknown}]"),
            format!("service {} has no such attribute", service.code),
        ));
    }
    let mut out = Map::new();
    for a in &service.attributes {
        let field = format!("attribute[{}]", a.code);
        let values: Vec<&String> = given
            .get(&a.code)
            .map(|v| v.iter().filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        if values.is_empty() {
            if a.required {
                return Err(bad(&field, "required for this service"));
            }
            continue;
        }
        if a.datatype != "multivaluelist" && values.len() > 1 {
            return Err(bad(&field, "only one value is allowed"));
        }
        let known = |v: &str| a.values.iter().any(|(k, _)| k == v);
        let value = match a.datatype.as_str() {
            "number" => {
                let x: f64 = values[0]
                    .parse()
                    .ok()
                    .filter(|x: &f64| x.is_finite())
                    .ok_or_else(|| bad(&field, "not a number"))?;
                serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
            }
            "datetime" => {
                crate::sta::time::parse(values[0])
                    .ok_or_else(|| bad(&field, "not an ISO 8601 date-time"))?;
                Value::String(values[0].clone())
            }
            "singlevaluelist" | "multivaluelist" => {
                if let Some(v) = values.iter().find(|v| !known(v)) {
                    let keys: Vec<&str> = a.values.iter().map(|(k, _)| k.as_str()).collect();
                    return Err(bad(
                        &field,
                        format!("'{v}' is not one of {}", keys.join(", ")),
                    ));
                }
                if a.datatype == "singlevaluelist" {
                    Value::String(values[0].clone())
                } else {
                    Value::Array(values.iter().map(|v| Value::String((*v).clone())).collect())
                }
            }
            _ => {
                let max = if a.datatype == "text" {
                    MAX_DESCRIPTION
                } else {
                    500
                };
                Value::String(text(&field, values[0], max)?.unwrap_or_default())
            }
        };
        out.insert(a.code.clone(), value);
    }
    Ok(out)
}
