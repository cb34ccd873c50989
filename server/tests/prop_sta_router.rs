//! Properties of the SensorThings API through the whole application (every hardening layer included, as
//! `main` builds it) over a small demo city: whatever query string a client sends, the answer is 200 or a
//! 4xx carrying the API's JSON error object — never a 5xx, never a panic — and the requests the client
//! makes (docs/contracts.md, "The requests the client makes") succeed for any position, text and id.
mod prop_support;

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use prop_support::gen::{filter, geo_box, geo_point, orderby, select};
use prop_support::{config, enc_query_value as enc, sta_answer_ok, Site};
use proptest::prelude::*;

/// Stations in the demo city under test: small, so the suite stays fast in a debug build.
const STATIONS: u32 = 30;

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| prop_support::site(STATIONS))
}

/// `GET path?query` (the query used as given: it must already be a valid URI part).
fn get(path: &str, query: &str) -> Option<prop_support::Answer> {
    let uri = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    // Text the `http` crate refuses as a URI never reaches a server either.
    let req = Request::get(uri.as_str())
        .header(header::HOST, "test.local")
        .body(Body::empty())
        .ok()?;
    Some(site().send(req))
}

fn check(path: &str, query: &str) -> Result<(), TestCaseError> {
    if let Some(a) = get(path, query) {
        sta_answer_ok(&a).map_err(|e| TestCaseError::fail(format!("{path}?{query}: {e}")))?;
    }
    Ok(())
}

/// Entity sets, single entities (existing or not) and navigation paths.
fn resource() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("/v1.1/Things".to_owned()),
        Just("/v1.1/Datastreams".to_owned()),
        Just("/v1.1/Observations".to_owned()),
        Just("/v1.1/Locations".to_owned()),
        Just("/v1.1/ObservedProperties".to_owned()),
        Just("/v1.1/Sensors".to_owned()),
        Just("/v1.1/HistoricalLocations".to_owned()),
        Just("/v1.1/FeaturesOfInterest".to_owned()),
        (1u64..40).prop_map(|id| format!("/v1.1/Things({id})")),
        (1u64..40).prop_map(|id| format!("/v1.1/Things({id})/Datastreams")),
        (1u64..200).prop_map(|id| format!("/v1.1/Datastreams({id})/Observations")),
        Just("/v1.1/Things(99999999999999999999)".to_owned()),
        Just("/v1.1/Things('abc')".to_owned()),
    ]
}

/// A query built from the grammar's pieces, including nested `$expand` options.
fn query() -> impl Strategy<Value = String> {
    (
        proptest::option::of(filter()),
        proptest::option::of(orderby()),
        proptest::option::of(select()),
        proptest::option::of(0u64..2000),
        proptest::option::of(0u64..100_000),
        proptest::option::of(any::<bool>()),
        proptest::option::of((filter(), 0u64..200, any::<bool>())),
    )
        .prop_map(|(f, o, s, top, skip, count, nested)| {
            let mut parts = Vec::new();
            if let Some(f) = f {
                parts.push(format!("$filter={}", enc(&f)));
            }
            if let Some(o) = o {
                parts.push(format!("$orderby={}", enc(&o)));
            }
            if let Some(s) = s {
                parts.push(format!("$select={}", s.join(",")));
            }
            if let Some(t) = top {
                parts.push(format!("$top={t}"));
            }
            if let Some(s) = skip {
                parts.push(format!("$skip={s}"));
            }
            if let Some(c) = count {
                parts.push(format!("$count={c}"));
            }
            if let Some((nf, nt, nc)) = nested {
                parts.push(format!(
                    "$expand=Locations,Datastreams($top={nt};$count={nc};$filter={};$expand=ObservedProperty,Observations($orderby=phenomenonTime%20desc;$top=3))",
                    enc(&nf)
                ));
            }
            parts.join("&")
        })
}

/// Numbers as text that a careless or hostile client might send.
fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        Just("18446744073709551615".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("9223372036854775807".to_owned()),
        Just("9223372036854775808".to_owned()),
        Just("99999999999999999999".to_owned()),
        Just("1e3".to_owned()),
        Just("0x10".to_owned()),
        Just("%20%205".to_owned()),
        Just("00005".to_owned()),
        Just("-0".to_owned()),
        "[0-9]{1,40}",
    ]
}

/// `EXPAND_LATEST` of the contract.
const EXPAND_LATEST: &str = "Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition),Observations($select=result,phenomenonTime;$orderby=phenomenonTime desc;$top=1))";

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn generated_queries_get_200_or_a_json_4xx(path in resource(), q in query()) {
        check(&path, &q)?;
    }

    #[test]
    fn arbitrary_query_strings_get_200_or_a_json_4xx(path in resource(), s in any::<String>()) {
        // Only what may not stand in a URI is escaped: broken `%` escapes and odd syntax go through.
        const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
            .add(b' ').add(b'"').add(b'#').add(b'<').add(b'>').add(b'`').add(b'{').add(b'}')
            .add(b'|').add(b'\\').add(b'^');
        check(&path, &percent_encoding::utf8_percent_encode(&s, SET).to_string())?;
    }

    #[test]
    fn huge_or_odd_numbers_in_paging_get_200_or_a_json_4xx(
        path in resource(),
        top in number_text(),
        skip in proptest::option::of(number_text()),
    ) {
        let mut q = format!("$top={top}");
        if let Some(s) = skip { q.push_str(&format!("&$skip={s}")); }
        check(&path, &q)?;
    }

    #[test]
    fn a_skip_past_the_end_gives_an_empty_page_or_a_400(
        skip in prop_oneof![STATIONS as u64..1000, any::<u64>(), Just(u64::MAX), Just(1u64 << 63)],
        top in 1u32..50,
    ) {
        // An offset that wrapped to a negative number would serve page one again (SQLite reads a
        // negative OFFSET as none), with a nextLink that never ends: a client paging on would loop.
        // Each query says which page it skips: the top level, or the expanded Datastreams.
        for (q, expanded) in [
            (format!("$top={top}&$skip={skip}"), false),
            (format!("$top=1&$expand=Datastreams($top={top};$skip={skip})"), true),
        ] {
            let a = get("/v1.1/Things", &q).expect("a valid URI");
            sta_answer_ok(&a).map_err(TestCaseError::fail)?;
            if a.status != StatusCode::OK {
                prop_assert_eq!(a.status, StatusCode::BAD_REQUEST);
                continue;
            }
            let v = a.json();
            if expanded {
                let ds = &v["value"][0]["Datastreams"];
                prop_assert_eq!(ds.as_array().map(Vec::len), Some(0), "{}: {}", q, a.text());
            } else {
                prop_assert_eq!(v["value"].as_array().map(Vec::len), Some(0), "{}: {}", q, a.text());
                prop_assert!(v.get("@iot.nextLink").is_none(), "{}: {}", q, a.text());
            }
        }
    }

    #[test]
    fn the_nearby_request_succeeds_anywhere(
        b in geo_box(), p in geo_point(), top in 1u32..100, with_box in any::<bool>(),
    ) {
        let mut q = Vec::new();
        if with_box {
            q.push(format!("$filter={}", enc(&format!("st_within(Locations/location,{b})"))));
        }
        q.push(format!("$orderby={}", enc(&format!("geo.distance(Locations/location,{p})"))));
        q.push(format!("$top={top}&$select=@iot.id,name,properties&$expand={}", enc(EXPAND_LATEST)));
        let a = get("/v1.1/Things", &q.join("&")).expect("a valid URI");
        prop_assert_eq!(a.status, StatusCode::OK, "{}", a.text());
        let n = a.json()["value"].as_array().map(Vec::len);
        prop_assert!(n.is_some_and(|n| n <= top as usize), "{}", a.text());
        if !with_box {
            prop_assert_eq!(n, Some((top as usize).min(STATIONS as usize)));
        }
    }

    #[test]
    fn the_search_request_succeeds_for_any_text(text in any::<String>()) {
        let lit = text.replace('\'', "''");
        let f = format!("substringof('{lit}',name) or substringof('{lit}',properties/nameEn)");
        let q = format!(
            "$filter={}&$top=20&$select=@iot.id,name,properties&$expand={}",
            enc(&f), enc(EXPAND_LATEST)
        );
        let a = get("/v1.1/Things", &q).expect("a valid URI");
        // Over-long text is the one legitimate refusal (the filter length limit).
        if f.chars().count() > qingshui_server::sta::query::MAX_EXPR_LEN {
            prop_assert_eq!(a.status, StatusCode::BAD_REQUEST);
        } else {
            prop_assert_eq!(a.status, StatusCode::OK, "{}: {}", f, a.text());
        }
    }

    #[test]
    fn the_station_page_request_succeeds_for_any_id_and_time(
        id in 0u64..(STATIONS as u64 + 10), since in 0i64..4_102_444_800_000,
    ) {
        let t = qingshui_core::time::format(since);
        let q = format!(
            "$select=@iot.id,name,description,properties&$expand={}",
            enc(&format!("Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition),Observations($select=result,phenomenonTime;$orderby=phenomenonTime desc;$top=100;$filter=phenomenonTime ge {t}))"))
        );
        let a = get(&format!("/v1.1/Things({id})"), &q).expect("a valid URI");
        let exists = (1..=STATIONS as u64).contains(&id);
        let want = if exists { StatusCode::OK } else { StatusCode::NOT_FOUND };
        prop_assert_eq!(a.status, want, "{}", a.text());
        sta_answer_ok(&a).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn the_index_pages_and_id_lists_succeed(
        top in 1u32..1500, skip in 0u32..100, ids in proptest::collection::vec(0u64..1000, 1..30),
    ) {
        let a = get("/v1.1/Things", &format!("$select=@iot.id,name&$expand=Locations($select=location)&$top={top}&$skip={skip}"))
            .expect("a valid URI");
        prop_assert_eq!(a.status, StatusCode::OK, "{}", a.text());
        let f: Vec<String> = ids.iter().map(|i| format!("@iot.id eq {i}")).collect();
        let q = format!("$filter={}&$select=@iot.id,name,properties&$expand={}", enc(&f.join(" or ")), enc(EXPAND_LATEST));
        let a = get("/v1.1/Things", &q).expect("a valid URI");
        prop_assert_eq!(a.status, StatusCode::OK, "{}", a.text());
        let want = ids.iter().filter(|i| (1..=STATIONS as u64).contains(i)).collect::<std::collections::BTreeSet<_>>().len();
        prop_assert_eq!(a.json()["value"].as_array().map(Vec::len), Some(want));
    }
}
