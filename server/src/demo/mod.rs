//! The demo city: thousands of deterministic monitoring stations along Chongqing's rivers and lakes, each a
//! Thing with one Location, six Datastreams and 7 days of 4-hourly Observations, bulk-loaded in one transaction.
pub mod places;
pub mod rng;
pub mod values;

use rusqlite::{params, Connection};
use serde_json::json;

use places::{nearest_district, short_name, Body, WATERS};
use rng::Rng;

/// Errors while generating.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// SQLite failed.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// What was generated.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    /// Things created.
    pub stations: u32,
    /// Observations created.
    pub observations: u64,
}

/// Readings per datastream: 7 days every 4 hours.
pub const READINGS: i64 = 42;
const STEP_MS: i64 = 4 * 3_600_000;
const SEED: u64 = 0x5157_5348_5549; // "QSHUI"

/// A generated station before it is stored.
struct Station {
    name: String,
    name_en: String,
    lat: f64,
    lon: f64,
    props: serde_json::Value,
    lake: bool,
}

/// A random point on a polyline, weighted by segment length, nudged off the centre line.
fn along(r: &mut Rng, pts: &[(f64, f64)]) -> (f64, f64) {
    let len = |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    let total: f64 = pts.windows(2).map(|w| len(w[0], w[1])).sum();
    let mut t = r.f64() * total;
    for w in pts.windows(2) {
        let l = len(w[0], w[1]);
        if t <= l || l == 0.0 {
            let f = if l > 0.0 { t / l } else { 0.0 };
            let (lat, lon) = (
                w[0].0 + (w[1].0 - w[0].0) * f,
                w[0].1 + (w[1].1 - w[0].1) * f,
            );
            return (lat + (r.f64() - 0.5) * 0.006, lon + (r.f64() - 0.5) * 0.006);
        }
        t -= l;
    }
    pts[pts.len() - 1]
}

fn station(
    r: &mut Rng,
    counters: &mut std::collections::HashMap<(usize, &'static str), u32>,
) -> Station {
    let total: u32 = WATERS.iter().map(|w| w.weight).sum();
    let mut pick = r.below(u64::from(total)) as u32;
    let wi = WATERS.iter().position(|w| {
        if pick < w.weight {
            return true;
        }
        pick -= w.weight;
        false
    });
    let wi = wi.unwrap_or(0);
    let water = &WATERS[wi];
    let (lat, lon, kind) = match water.body {
        Body::River(pts) => {
            let (a, b) = along(r, pts);
            (a, b, "river")
        }
        Body::Lake(c, km) | Body::Reservoir(c, km) => {
            let (ang, dist) = (r.f64() * std::f64::consts::TAU, km * r.f64().sqrt() / 111.0);
            let kind = if matches!(water.body, Body::Lake(..)) {
                "lake"
            } else {
                "reservoir"
            };
            (
                c.0 + dist * ang.sin(),
                c.1 + dist * ang.cos() / c.0.to_radians().cos(),
                kind,
            )
        }
    };
    let district = nearest_district(lat, lon);
    let n = counters.entry((wi, district.name)).or_insert(0);
    *n += 1;
    let name = format!("{}·{} {}号", water.name, short_name(district), n);
    let name_en = format!("{} · {} No. {}", water.name_en, district.name_en, n);
    let target = [
        "II", "II", "III", "III", "II", "III", "III", "II", "IV", "III",
    ][r.below(10) as usize];
    let props = json!({
        "nameEn": name_en, "waterBody": kind, "targetClass": target,
        "district": district.name, "districtEn": district.name_en, "river": water.name, "riverEn": water.name_en,
    });
    Station {
        name,
        name_en,
        lat,
        lon,
        props,
        lake: kind != "river",
    }
}

/// Generates `n` stations whose readings end at (or, for ~1 % stale stations, days before) `now_ms`.
pub fn generate(conn: &mut Connection, n: u32, now_ms: i64) -> Result<Stats, DemoError> {
    conn.execute_batch("PRAGMA synchronous=OFF;")?;
    let stats = load(conn, n, now_ms);
    conn.execute_batch("PRAGMA synchronous=NORMAL;")?;
    stats
}

fn load(conn: &mut Connection, n: u32, now_ms: i64) -> Result<Stats, DemoError> {
    let tx = conn.transaction()?;
    let mut r = Rng::new(SEED);
    let end = now_ms.div_euclid(STEP_MS) * STEP_MS;
    {
        let mut sensor = tx.prepare(
            "INSERT INTO sensors (id, name, description, encoding_type, metadata) VALUES (?1, ?2, ?3, 'text/plain', ?4)",
        )?;
        let mut op = tx.prepare("INSERT INTO observed_properties (id, name, definition, description) VALUES (?1, ?2, ?3, ?2)")?;
        for (i, (name, def, _)) in values::PARAMS.iter().enumerate() {
            let id = i as i64 + 1;
            sensor.execute(params![
                id,
                format!("{name} analyser"),
                format!("Online analyser for {name}"),
                "GB 3838-2002"
            ])?;
            op.execute(params![id, name, def])?;
        }
        let mut thing = tx.prepare(
            "INSERT INTO things (id, name, description, properties) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut loc = tx.prepare(
            "INSERT INTO locations (id, name, description, location) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut tl =
            tx.prepare("INSERT INTO thing_locations (thing_id, location_id) VALUES (?1, ?1)")?;
        let mut rt = tx.prepare("INSERT INTO location_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?1, ?2, ?2, ?3, ?3)")?;
        let mut foi = tx.prepare("INSERT INTO features_of_interest (id, name, description, feature) VALUES (?1, ?2, ?3, ?4)")?;
        let mut ds = tx.prepare(
            "INSERT INTO datastreams (id, name, description, unit_of_measurement, phenomenon_time_start, \
             phenomenon_time_end, thing_id, sensor_id, observed_property_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        )?;
        let mut obs = tx.prepare(
            "INSERT INTO observations (phenomenon_time, result, datastream_id, feature_of_interest_id) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let units = [
            json!({"name": "pH", "symbol": "", "definition": "http://vocabs.lter-europe.net/EnvThes/22031"}).to_string(),
            json!({"name": "milligram per litre", "symbol": "mg/L", "definition": "http://qudt.org/vocab/unit/MilliGM-PER-L"})
                .to_string(),
        ];
        let mut counters = std::collections::HashMap::new();
        for id in 1..=i64::from(n) {
            let s = station(&mut r, &mut counters);
            let geo =
                json!({"type": "Point", "coordinates": [round6(s.lon), round6(s.lat)]}).to_string();
            thing.execute(params![id, s.name, s.name_en, s.props.to_string()])?;
            loc.execute(params![
                id,
                s.name,
                format!("Sampling point of {}", s.name_en),
                geo
            ])?;
            tl.execute([id])?;
            rt.execute(params![id, s.lon, s.lat])?;
            foi.execute(params![id, s.name, s.name_en, geo])?;
            let class = values::draw_class(&mut r);
            let profile = values::profile(&mut r, class, s.lake);
            // About 1 % of stations stopped reporting 2–4 days ago.
            let last = if r.below(100) == 0 {
                end - (2 + r.below(3) as i64) * 86_400_000
            } else {
                end
            };
            let first = last - (READINGS - 1) * STEP_MS;
            for (k, (pname, _, unit)) in values::PARAMS.iter().enumerate() {
                let dsid = (id - 1) * 6 + k as i64 + 1;
                let uom = if unit.is_empty() {
                    &units[0]
                } else {
                    &units[1]
                };
                let desc = format!("{pname} at {}", s.name_en);
                ds.execute(params![
                    dsid,
                    format!("{} {pname}", s.name),
                    desc,
                    uom,
                    first,
                    last,
                    id,
                    k as i64 + 1
                ])?;
                for j in 0..READINGS {
                    let t = first + j * STEP_MS;
                    obs.execute(params![
                        t,
                        values::reading(&profile, k, t, &mut r),
                        dsid,
                        id
                    ])?;
                }
            }
        }
    }
    tx.commit()?;
    Ok(Stats {
        stations: n,
        observations: u64::from(n) * 6 * READINGS as u64,
    })
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
