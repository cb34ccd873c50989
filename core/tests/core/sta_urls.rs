//! The requests of docs/contracts.md, "The requests the client makes": decoded, each URL is exactly the
//! contract's text; encoded, it carries no character that a browser or server could misread.

use qingshui_core::geo::LatLon;
use qingshui_core::sta::urls::{
    by_ids, decode, encode_query_value, index, nearby, resolve_next_link, search, station,
    station_page as station_opened, EXPAND_LATEST,
};
use qingshui_core::sta::IotId;
use qingshui_core::time;

const EXPAND: &str = "Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition),Observations($select=result,phenomenonTime;$orderby=phenomenonTime desc;$top=1))";

/// Nothing outside the readable set survives encoding.
fn assert_safe(url: &str) {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    for c in query.chars() {
        assert!(
            c.is_ascii_alphanumeric() || "-._~$(),/=;@:*%&".contains(c),
            "{c:?} left unencoded in {url}"
        );
    }
}

#[test]
fn expand_latest_is_the_contract_text() {
    assert_eq!(EXPAND_LATEST, EXPAND);
}

#[test]
fn nearby_with_and_without_radius() {
    let p = LatLon::new(29.5630, 106.5516);
    let url = nearby("/v1.1", p, Some(10_000.0), 20);
    assert_safe(&url);
    assert!(url.contains("%20") && !url.contains(' '));
    let b = qingshui_core::geo::BBox::around(p, 10_000.0).to_wkt_polygon();
    assert_eq!(
        decode(&url),
        format!(
            "/v1.1/Things?$filter=st_within(Locations/location,geography'{b}')&$orderby=geo.distance(Locations/location,geography'POINT(106.551600 29.563000)')&$top=20&$select=@iot.id,name,properties&$expand={EXPAND}"
        )
    );
    let url = nearby("http://localhost:8080/v1.1/", p, None, 50);
    assert_eq!(
        decode(&url),
        format!(
            "http://localhost:8080/v1.1/Things?$orderby=geo.distance(Locations/location,geography'POINT(106.551600 29.563000)')&$top=50&$select=@iot.id,name,properties&$expand={EXPAND}"
        )
    );
}

#[test]
fn station_page() {
    let since = time::parse("2026-11-21T08:00:00Z").unwrap();
    let want = |key: &str| {
        format!("/v1.1/Things({key})?$select=@iot.id,name,description,properties&$expand=Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition),Observations($select=result,phenomenonTime;$orderby=phenomenonTime desc;$top=100;$filter=phenomenonTime ge 2026-11-21T08:00:00Z))")
    };
    let url = station("/v1.1", &IotId::Num(17), since);
    assert_safe(&url);
    assert_eq!(decode(&url), want("17"));
    let url = station("/v1.1", &IotId::Str("O'Hare #2".into()), since);
    assert!(url.starts_with("/v1.1/Things('O''Hare%20%232')?"), "{url}");
    assert_eq!(decode(&url), want("'O''Hare #2'"));
}

#[test]
fn station_page_reads_the_last_seven_days_from_its_opening() {
    // (opened at, `T` the URL carries): contracts.md request 2, T = now − 7 days rounded down to the hour.
    let cases = [
        ("2026-11-28T08:00:00Z", "2026-11-21T08:00:00Z"),
        ("2026-11-28T08:59:59.999Z", "2026-11-21T08:00:00Z"),
        ("2026-03-01T00:30:00Z", "2026-02-22T00:00:00Z"),
        ("2027-01-03T12:00:00Z", "2026-12-27T12:00:00Z"),
    ];
    for (opened, since) in cases {
        let now = time::parse(opened).unwrap();
        let url = station_opened("/v1.1", &IotId::Num(17), now);
        assert_eq!(
            url,
            station("/v1.1", &IotId::Num(17), time::parse(since).unwrap()),
            "{opened}"
        );
    }
    assert!(station_opened("/v1.1", &IotId::Num(1), i64::MIN).contains("phenomenonTime%20ge%20"));
}

#[test]
fn station_since_is_rounded_down_to_the_hour() {
    // (since as given, `T` the URL carries): every open within one hour sends the same URL.
    let cases = [
        ("2026-11-21T08:00:00Z", "2026-11-21T08:00:00Z"),
        ("2026-11-21T08:00:00.001Z", "2026-11-21T08:00:00Z"),
        ("2026-11-21T08:37:12.345Z", "2026-11-21T08:00:00Z"),
        ("2026-11-21T08:59:59.999Z", "2026-11-21T08:00:00Z"),
        ("2026-11-21T09:00:00Z", "2026-11-21T09:00:00Z"),
        ("2026-11-21T00:10:00Z", "2026-11-21T00:00:00Z"),
        ("2027-01-01T00:00:00.500Z", "2027-01-01T00:00:00Z"),
        ("1969-12-31T23:30:00Z", "1969-12-31T23:00:00Z"),
    ];
    for (given, want) in cases {
        let url = decode(&station(
            "/v1.1",
            &IotId::Num(17),
            time::parse(given).unwrap(),
        ));
        assert!(
            url.ends_with(&format!("$filter=phenomenonTime ge {want}))")),
            "{given}: {url}"
        );
    }
    let a = station(
        "/v1.1",
        &IotId::Num(17),
        time::parse("2026-11-21T08:01:00Z").unwrap(),
    );
    let b = station(
        "/v1.1",
        &IotId::Num(17),
        time::parse("2026-11-21T08:58:00Z").unwrap(),
    );
    assert_eq!(a, b);
    // Far outside any real clock: still a URL, no overflow.
    assert!(station("/v1.1", &IotId::Num(1), i64::MIN).contains("phenomenonTime%20ge%20"));
}

#[test]
fn index_and_by_ids() {
    assert_eq!(
        index("/v1.1"),
        "/v1.1/Things?$select=@iot.id,name&$expand=Locations($select=location)&$top=1000"
    );
    let url = by_ids(
        "/v1.1",
        &[IotId::Num(1), IotId::Num(2), IotId::Str("a'b".into())],
    );
    assert_safe(&url);
    assert_eq!(
        decode(&url),
        format!("/v1.1/Things?$filter=@iot.id eq 1 or @iot.id eq 2 or @iot.id eq 'a''b'&$select=@iot.id,name,properties&$expand={EXPAND}")
    );
    assert_eq!(
        by_ids("/v1.1", &[]),
        "/v1.1/Things?$top=0&$select=@iot.id,name,properties"
    );
}

#[test]
fn search_doubles_quotes_and_encodes() {
    let url = search("/v1.1", " O'Brien 长江 ", 20);
    assert_safe(&url);
    assert!(
        url.contains("%27O%27%27Brien%20%E9%95%BF%E6%B1%9F%27"),
        "{url}"
    );
    assert_eq!(
        decode(&url),
        format!("/v1.1/Things?$filter=substringof('O''Brien 长江',name) or substringof('O''Brien 长江',properties/nameEn)&$top=20&$select=@iot.id,name,properties&$expand={EXPAND}")
    );
    // Characters that would end the parameter or the URL are encoded.
    let url = search("/v1.1", "a&b=c#d+e%f\"g", 5);
    assert_safe(&url);
    assert!(decode(&url).contains("substringof('a&b=c#d+e%f\"g',name)"));
}

#[test]
fn encoding_round_trips() {
    let samples = [
        "plain",
        "with space",
        "quote ' and \"",
        "100% & more+",
        "长江 寸滩",
        "µg/L",
        "#?&=",
        "",
    ];
    for s in samples {
        let e = encode_query_value(s);
        assert!(
            e.is_ascii()
                && !e.contains(' ')
                && !e.contains('\'')
                && !e.contains('&')
                && !e.contains('#')
        );
        assert_eq!(decode(&e), s);
    }
    assert_eq!(encode_query_value("a b'c"), "a%20b%27c");
    assert_eq!(decode("100%"), "100%", "a stray % stays");
    assert_eq!(decode("%E9%95%BF%2F"), "长/", "UTF-8 escapes decode");
    for not_utf8 in ["%FF", "a%C3%28b", "%E9%95"] {
        assert_eq!(
            decode(not_utf8),
            not_utf8,
            "escapes that are not UTF-8 stay as written"
        );
    }
}

#[test]
fn next_links_resolve() {
    let cases = [
        (
            "http://h:8080/v1.1/Things?$top=2",
            "http://x/v1.1/Things?$skip=2",
            "http://x/v1.1/Things?$skip=2",
        ),
        (
            "http://h:8080/v1.1/Things?$top=2",
            "/v1.1/Things?$skip=2",
            "http://h:8080/v1.1/Things?$skip=2",
        ),
        (
            "/v1.1/Things?$top=2",
            "/v1.1/Things?$skip=2",
            "/v1.1/Things?$skip=2",
        ),
        (
            "http://h/v1.1/Things?$top=2",
            "Things?$skip=2",
            "http://h/v1.1/Things?$skip=2",
        ),
        (
            "/v1.1/Things?$top=2",
            "Things?$skip=2",
            "/v1.1/Things?$skip=2",
        ),
    ];
    for (current, next, want) in cases {
        assert_eq!(resolve_next_link(current, next), want, "{current} + {next}");
    }
}
