//! What a host hands over in the page URL when it opens Qingshui: a position, a language, a
//! station or a report category to open, and mode flags.
//!
//! A mini-program knows the resident's position already (`wx.getLocation`, `my.getLocation`) and
//! may not let the web-view ask for it again, so it passes it in the `<web-view src>`:
//! `?lat=29.56&lng=106.55&coord=gcj02`. Parsing is pure and tested natively; the app reads the
//! query string once at start-up (see `lib.rs`) and shares the result as context.
//!
//! | parameter | meaning |
//! | --- | --- |
//! | `lat`, `lng` (or `lon`) | a position; both needed, finite, in range |
//! | `coord` | `gcj02` (WeChat/Alipay positions, converted to WGS84) or `wgs84` (default) |
//! | `lang` | `zh-CN` or `en` (any `zh…` tag is Chinese) |
//! | `lite`, `elder` | `1`/`0`: lite (data-saving) and elder (large text) mode for this visit, over the stored choice |
//! | `station` | open `/station/ID` |
//! | `report` | open `/report?service=CODE` (category preselected) |
//! | `embed` | `wechat` / `alipay` / `1`, read by `platform::embed` |

use std::cell::RefCell;

use qingshui_core::gcj02::gcj02_to_wgs84;
use qingshui_core::geo::LatLon;
use qingshui_core::sta::urls::encode_query_value;

use crate::i18n::Lang;
use crate::state::route::Query;

/// The datum a handed-over position is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Datum {
    /// GPS / WGS84, what browsers and Qingshui's data use.
    #[default]
    Wgs84,
    /// China's GCJ-02, what WeChat and Alipay hand out.
    Gcj02,
}

/// Everything the URL hands over; fields absent or unusable in the URL are `None` / `false`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Handover {
    /// The resident's position, already converted to WGS84.
    pub position: Option<LatLon>,
    /// The datum the position was given in (before conversion).
    pub datum: Datum,
    /// The language to show.
    pub lang: Option<Lang>,
    /// `lite`: the data-saving mode on (`Some(true)`) or off for this visit; `None` = not given.
    pub lite: Option<bool>,
    /// `elder`: the large-text, plain-words mode on or off for this visit; `None` = not given.
    pub elder: Option<bool>,
    /// A station id to open (`/station/ID`).
    pub station: Option<String>,
    /// A report category (Open311 `service_code`) to preselect on `/report`.
    pub report: Option<String>,
    /// The raw `embed` value (index.html decides the host from it: `platform::embed::current`).
    pub embed: Option<String>,
}

impl Handover {
    /// Parses a query string, with or without its leading `?`. The first occurrence of a
    /// parameter wins; unknown parameters are ignored.
    pub fn parse(query: &str) -> Self {
        let query = Query::parse(query);
        let get = |name: &str| query.get(name).map(str::trim);
        let text = |name: &str| get(name).filter(|v| !v.is_empty()).map(str::to_string);
        let datum = match get("coord").map(str::to_ascii_lowercase).as_deref() {
            Some("gcj02" | "gcj-02" | "gcj") => Datum::Gcj02,
            _ => Datum::Wgs84,
        };
        let number = |name: &str| {
            get(name)
                .and_then(qingshui_core::decimal::parse)
                .filter(|v| v.is_finite())
        };
        let position = match (number("lat"), number("lng").or_else(|| number("lon"))) {
            (Some(lat), Some(lon))
                if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
            {
                let p = LatLon { lat, lon };
                Some(match datum {
                    Datum::Gcj02 => gcj02_to_wgs84(p),
                    Datum::Wgs84 => p,
                })
            }
            _ => None,
        };
        let lang = get("lang").and_then(|v| match v.to_ascii_lowercase() {
            v if v.starts_with("zh") => Some(Lang::ZhCn),
            v if v == "en" || v.starts_with("en-") => Some(Lang::En),
            _ => None,
        });
        Handover {
            position,
            datum,
            lang,
            lite: flag(get("lite")),
            elder: flag(get("elder")),
            station: text("station"),
            report: text("report").filter(|c| is_service_code(c)),
            embed: text("embed"),
        }
    }

    /// The app route the handover asks to open instead of the home page, if any: a station wins
    /// over a report category (a host that names a station wants that page).
    pub fn route(&self) -> Option<String> {
        if let Some(id) = &self.station {
            return Some(format!("/station/{}", station_path(id)));
        }
        self.report
            .as_ref()
            .map(|code| format!("/report?service={}", encode_query_value(code)))
    }
}

thread_local! {
    static CURRENT: RefCell<Handover> = RefCell::new(Handover::default());
}

/// Records the handover of this page load (the app does it once at start-up), so that any page
/// can read it: a handed-over position stands for the phone's position for the page's life.
pub fn set_current(h: Handover) {
    CURRENT.with(|c| *c.borrow_mut() = h);
}

/// The handover recorded by [`set_current`] (empty before).
pub fn current() -> Handover {
    CURRENT.with(|c| c.borrow().clone())
}

/// A present flag is on unless it says otherwise (`?lite`, `?lite=1` on; `?lite=0` off); an
/// absent one is `None`, so the resident's stored choice applies.
fn flag(v: Option<&str>) -> Option<bool> {
    v.map(|v| {
        !matches!(
            v.to_ascii_lowercase().as_str(),
            "0" | "false" | "no" | "off"
        )
    })
}

/// Open311 service codes are short identifiers; anything else is ignored rather than sent on.
fn is_service_code(code: &str) -> bool {
    code.len() <= 64
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A station id as one path segment: percent-encodes what would split or end the path.
fn station_path(id: &str) -> String {
    id.chars()
        .map(|c| match c {
            '/' | '?' | '#' | '%' | ' ' => format!("%{:02X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use qingshui_core::gcj02::wgs84_to_gcj02;
    use qingshui_core::geo::haversine_m;

    #[test]
    fn nothing_handed_over() {
        assert_eq!(Handover::parse(""), Handover::default());
        assert_eq!(Handover::parse("?"), Handover::default());
        assert_eq!(Handover::parse("?foo=bar&&x"), Handover::default());
        assert_eq!(Handover::default().route(), None);
    }

    #[test]
    fn wgs84_position_is_taken_as_is() {
        let h = Handover::parse("?lat=29.5630&lng=106.5516");
        assert_eq!(h.datum, Datum::Wgs84);
        assert_eq!(
            h.position,
            Some(LatLon {
                lat: 29.563,
                lon: 106.5516
            })
        );
        // `lon` is accepted as a synonym; `coord=wgs84` is the default spelled out.
        let h = Handover::parse("lat=29.5&lon=106.5&coord=WGS84");
        assert_eq!(
            h.position,
            Some(LatLon {
                lat: 29.5,
                lon: 106.5
            })
        );
    }

    #[test]
    fn gcj02_position_is_converted_back_to_wgs84() {
        let truth = LatLon {
            lat: 29.5630,
            lon: 106.5516,
        };
        let shifted = wgs84_to_gcj02(truth);
        // The shift itself is hundreds of metres in Chongqing: converting matters.
        assert!(haversine_m(truth, shifted) > 100.0);
        for coord in ["gcj02", "GCJ02", "gcj-02"] {
            let q = format!("?lat={}&lng={}&coord={coord}", shifted.lat, shifted.lon);
            let h = Handover::parse(&q);
            assert_eq!(h.datum, Datum::Gcj02);
            let p = h.position.unwrap();
            assert!(haversine_m(p, truth) < 0.01, "{coord}: {p:?}");
        }
    }

    #[test]
    fn unusable_positions_are_dropped() {
        for q in [
            "lat=29.5",
            "lng=106.5",
            "lat=abc&lng=106.5",
            "lat=91&lng=106.5",
            "lat=29.5&lng=181",
            "lat=NaN&lng=106.5",
            "lat=inf&lng=106.5",
            "lat=&lng=",
        ] {
            assert_eq!(Handover::parse(q).position, None, "{q}");
        }
    }

    #[test]
    fn language_tags() {
        let cases = [
            ("lang=zh-CN", Some(Lang::ZhCn)),
            ("lang=zh", Some(Lang::ZhCn)),
            ("lang=zh_CN", Some(Lang::ZhCn)),
            ("lang=en", Some(Lang::En)),
            ("lang=EN-gb", Some(Lang::En)),
            ("lang=fr", None),
            ("lang=", None),
        ];
        for (q, want) in cases {
            assert_eq!(Handover::parse(q).lang, want, "{q}");
        }
    }

    #[test]
    fn mode_flags_are_on_off_or_absent() {
        let cases = [
            ("lite", Some(true)),
            ("lite=1", Some(true)),
            ("lite=true", Some(true)),
            ("lite=0", Some(false)),
            ("lite=off", Some(false)),
            ("", None),
        ];
        for (q, want) in cases {
            assert_eq!(Handover::parse(q).lite, want, "{q}");
        }
        assert_eq!(Handover::parse("elder=1").elder, Some(true));
        assert_eq!(Handover::parse("elder=no").elder, Some(false));
        assert_eq!(Handover::parse("lite=1").elder, None);
    }

    #[test]
    fn station_deep_link_wins_over_report() {
        let h = Handover::parse("?station=17&report=sewage");
        assert_eq!(h.route().as_deref(), Some("/station/17"));
        let h = Handover::parse("?station=%27a%2Fb%27");
        assert_eq!(h.station.as_deref(), Some("'a/b'"));
        assert_eq!(h.route().as_deref(), Some("/station/'a%2Fb'"));
    }

    #[test]
    fn report_category_preselects_the_service() {
        let h = Handover::parse("report=dead_fish&embed=wechat");
        assert_eq!(h.route().as_deref(), Some("/report?service=dead_fish"));
        assert_eq!(h.embed.as_deref(), Some("wechat"));
        // Not an identifier: ignored rather than passed on to the form.
        assert_eq!(Handover::parse("report=%3Cscript%3E").report, None);
        assert_eq!(Handover::parse("report=a+b").report, None);
    }

    #[test]
    fn the_current_handover_is_shared() {
        assert_eq!(current(), Handover::default());
        set_current(Handover::parse("lat=29.5&lng=106.5"));
        assert_eq!(
            current().position,
            Some(LatLon {
                lat: 29.5,
                lon: 106.5
            })
        );
    }

    #[test]
    fn first_occurrence_wins_and_plus_is_a_space() {
        let h = Handover::parse("station=1&station=2&embed=+wechat+");
        assert_eq!(h.station.as_deref(), Some("1"));
        assert_eq!(h.embed.as_deref(), Some("wechat"));
    }
}
