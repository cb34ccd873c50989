//! A stored report as GeoReport v2 shows it publicly: never contact details, coordinates snapped to a
//! 0.0005° grid (about 50 m) so a report does not pinpoint the resident's door.
use serde_json::{json, Value};

use super::locale::Lang;
use super::submit::notice;
use super::PREFIX;
use crate::sta::time::format;

/// Grid of public coordinates, in degrees (0.0005° ≈ 55 m of latitude, ≈ 48 m of longitude at 29.5° N).
pub const SNAP_DEG: f64 = 0.0005;

/// Snaps a coordinate to the public grid (rounded to 4 decimals so the JSON stays short).
pub fn snap(x: f64) -> f64 {
    ((x / SNAP_DEG).round() * SNAP_DEG * 10_000.0).round() / 10_000.0
}

/// The columns [`Row::from_sql`] reads; only public ones (the contacts table is never joined).
pub const COLUMNS: &str = "r.id, r.status, r.status_notes, COALESCE(s.name_zh, r.service_code),
    COALESCE(s.name_en, r.service_code), r.service_code, r.description, r.agency_responsible, r.requested_ms,
    r.updated_ms, r.expected_ms, r.address, r.lat, r.lon, r.media, r.external_media_url
    FROM open311_requests r LEFT JOIN open311_services s ON s.code = r.service_code";

/// One report's public fields.
#[derive(Debug, Clone)]
pub struct Row {
    /// Request id.
    pub id: i64,
    status: String,
    status_notes: Option<String>,
    name_zh: String,
    name_en: String,
    service_code: String,
    description: String,
    agency: Option<String>,
    requested_ms: i64,
    updated_ms: i64,
    expected_ms: i64,
    address: Option<String>,
    /// Public (snapped) latitude.
    pub lat: Option<f64>,
    /// Public (snapped) longitude.
    pub lon: Option<f64>,
    media: Vec<String>,
    external_media: Option<String>,
}

impl Row {
    /// Reads the [`COLUMNS`]; coordinates are snapped here, before anything else sees them.
    pub fn from_sql(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        let media: String = r.get(14)?;
        Ok(Self {
            id: r.get(0)?,
            status: r.get(1)?,
            status_notes: r.get(2)?,
            name_zh: r.get(3)?,
            name_en: r.get(4)?,
            service_code: r.get(5)?,
            description: r.get(6)?,
            agency: r.get(7)?,
            requested_ms: r.get(8)?,
            updated_ms: r.get(9)?,
            expected_ms: r.get(10)?,
            address: r.get(11)?,
            lat: r.get::<_, Option<f64>>(12)?.map(snap),
            lon: r.get::<_, Option<f64>>(13)?.map(snap),
            media: serde_json::from_str(&media).unwrap_or_default(),
            external_media: r.get(15)?,
        })
    }

    /// The GeoReport v2 object; `origin` (`http://host`) makes `media_url` absolute. `media_urls` (all
    /// photos) is our extension; `media_url` is the first.
    pub fn to_json(&self, origin: &str, lang: Lang) -> Value {
        let mut urls: Vec<String> = self
            .media
            .iter()
            .map(|m| format!("{origin}{PREFIX}/media/{m}"))
            .collect();
        urls.extend(self.external_media.iter().cloned());
        let hours = (self.expected_ms - self.requested_ms) / 3_600_000;
        json!({
            "service_request_id": self.id.to_string(),
            "status": self.status,
            "status_notes": self.status_notes,
            "service_name": lang.pick(&self.name_zh, &self.name_en),
            "service_code": self.service_code,
            "description": self.description,
            "agency_responsible": self.agency,
            "service_notice": notice(lang, hours),
            "requested_datetime": format(self.requested_ms),
            "updated_datetime": format(self.updated_ms),
            "expected_datetime": format(self.expected_ms),
            "address": self.address,
            "address_id": null,
            "zipcode": null,
            "lat": self.lat,
            "long": self.lon,
            "media_url": urls.first(),
            "media_urls": urls,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapping_moves_at_most_half_a_cell() {
        for (x, want) in [
            (29.56301, 29.563),
            (29.56326, 29.5635),
            (106.55174, 106.5515),
            (-33.00024, -33.0),
            (0.0, 0.0),
        ] {
            assert_eq!(snap(x), want, "{x}");
            assert!((snap(x) - x).abs() <= SNAP_DEG / 2.0 + 1e-9);
        }
    }
}
