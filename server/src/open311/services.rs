//! The service catalogue: `GET services.json` and `GET services/{code}.json` (GeoReport v2 "Service list"
//! and "Service definition"), read from SQLite so operators can change categories without a rebuild.
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

use super::error::Open311Error;
use super::locale::Lang;
use super::{json_name, query_params};
use crate::AppState;

/// Attribute datatypes of GeoReport v2.
pub const DATATYPES: [&str; 6] = [
    "string",
    "number",
    "datetime",
    "text",
    "singlevaluelist",
    "multivaluelist",
];

/// One service attribute in the chosen language.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// Key used in `attribute[code]`.
    pub code: String,
    /// One of [`DATATYPES`].
    pub datatype: String,
    /// Whether a request must answer it.
    pub required: bool,
    /// The question shown to the resident.
    pub description: String,
    /// Extra help about the expected value.
    pub datatype_description: String,
    /// Display order (1-based).
    pub order: i64,
    /// Allowed `(key, name)` pairs of list datatypes.
    pub values: Vec<(String, String)>,
}

/// One service in the chosen language.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// `service_code`.
    pub code: String,
    /// `service_name`.
    pub name: String,
    /// `description`.
    pub description: String,
    /// Comma-separated `keywords`.
    pub keywords: String,
    /// `group`.
    pub group: String,
    /// The attributes, in order.
    pub attributes: Vec<Attribute>,
}

impl Service {
    fn from_row(r: &rusqlite::Row<'_>, lang: Lang) -> rusqlite::Result<Self> {
        let i = usize::from(lang == Lang::En);
        Ok(Self {
            code: r.get(0)?,
            name: r.get(1 + i)?,
            description: r.get(3 + i)?,
            keywords: r.get(5)?,
            group: r.get(6 + i)?,
            attributes: Vec::new(),
        })
    }
}

const SERVICE_COLUMNS: &str =
    "code, name_zh, name_en, description_zh, description_en, keywords, group_zh, group_en";

fn attributes(conn: &Connection, code: &str, lang: Lang) -> rusqlite::Result<Vec<Attribute>> {
    let i = usize::from(lang == Lang::En);
    let mut st = conn.prepare_cached(
        "SELECT code, datatype, required, description_zh, description_en, datatype_description_zh,
         datatype_description_en, sort FROM open311_attributes WHERE service_code = ?1 ORDER BY sort, code",
    )?;
    let mut attrs = st
        .query_map([code], |r| {
            Ok(Attribute {
                code: r.get(0)?,
                datatype: r.get(1)?,
                required: r.get(2)?,
                description: r.get(3 + i)?,
                datatype_description: r.get(5 + i)?,
                order: r.get(7)?,
                values: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut vals = conn.prepare_cached(
        "SELECT key, name_zh, name_en FROM open311_attribute_values
         WHERE service_code = ?1 AND attribute_code = ?2 ORDER BY sort, key",
    )?;
    for a in &mut attrs {
        a.values = vals
            .query_map(params![code, a.code], |r| Ok((r.get(0)?, r.get(1 + i)?)))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(attrs)
}

/// Every service, in catalogue order, with its attributes.
pub fn load_all(conn: &Connection, lang: Lang) -> rusqlite::Result<Vec<Service>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SERVICE_COLUMNS} FROM open311_services ORDER BY sort, code"
    ))?;
    let mut all = st
        .query_map([], |r| Service::from_row(r, lang))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for s in &mut all {
        s.attributes = attributes(conn, &s.code, lang)?;
    }
    Ok(all)
}

/// One service with its attributes, or `None` when the code is unknown.
pub fn load_one(conn: &Connection, code: &str, lang: Lang) -> rusqlite::Result<Option<Service>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SERVICE_COLUMNS} FROM open311_services WHERE code = ?1"
    ))?;
    let Some(mut s) = st
        .query_row([code], |r| Service::from_row(r, lang))
        .optional()?
    else {
        return Ok(None);
    };
    s.attributes = attributes(conn, code, lang)?;
    Ok(Some(s))
}

fn list_json(s: &Service) -> Value {
    json!({
        "service_code": s.code, "service_name": s.name, "description": s.description,
        "metadata": !s.attributes.is_empty(), "type": "realtime",
        "keywords": s.keywords, "group": s.group,
    })
}

fn definition_json(s: &Service) -> Value {
    let attrs: Vec<Value> = s
        .attributes
        .iter()
        .map(|a| {
            let values: Vec<Value> = a
                .values
                .iter()
                .map(|(k, n)| json!({"key": k, "name": n}))
                .collect();
            json!({
                "variable": true, "code": a.code, "datatype": a.datatype, "required": a.required,
                "datatype_description": a.datatype_description, "order": a.order,
                "description": a.description, "values": values,
            })
        })
        .collect();
    json!({ "service_code": s.code, "attributes": attrs })
}

/// `GET /open311/v2/services.json`.
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, Open311Error> {
    let params = query_params(q.as_deref());
    let lang = Lang::choose(params.get("locale").map(String::as_str), &headers);
    let all = state
        .db
        .read(move |c| load_all(c, lang).map_err(Open311Error::from))
        .await?;
    Ok(Json(Value::Array(all.iter().map(list_json).collect())))
}

/// `GET /open311/v2/services/{code}.json`.
pub async fn definition(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, Open311Error> {
    let code = json_name(&file)?;
    let params = query_params(q.as_deref());
    let lang = Lang::choose(params.get("locale").map(String::as_str), &headers);
    let found = state
        .db
        .read(move |c| load_one(c, &code, lang).map_err(Open311Error::from))
        .await?;
    let s = found.ok_or_else(|| Open311Error::not_found("service_code: no such service"))?;
    Ok(Json(definition_json(&s)))
}
