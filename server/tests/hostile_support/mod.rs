//! The catalogue of hostile requests for `tests/hostile_requests.rs`: request `i` of a run is built from
//! `i` alone (a small deterministic generator), so a failure names the request and can be replayed.
#![allow(dead_code)]

use crate::live_support::{report_form, request};

/// How a request is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Framing {
    /// A complete HTTP/1.1 message, sent on a shared keep-alive connection.
    KeepAlive,
    /// Incomplete or broken framing: sent on a connection of its own, whose write side is then closed
    /// (otherwise the server would rightly wait for the rest until its header timeout).
    Alone,
}

/// One hostile request.
#[derive(Debug, Clone)]
pub struct Case {
    /// What it tries, for reports.
    pub kind: &'static str,
    /// The bytes on the wire.
    pub bytes: Vec<u8>,
    /// How they are sent.
    pub framing: Framing,
    /// The request is HEAD (the answer has no body).
    pub head: bool,
}

/// Text a leak would show: the secret beside `dist/`, the database, the system's password file.
pub const LEAK_MARKERS: [&[u8]; 3] = [b"QINGSHUI-SECRET-7f3a", b"SQLite format 3", b"root:x:0:0"];

/// A tiny xorshift generator: request `i` always gets the same choices.
pub struct Pick(u64);

impl Pick {
    /// The generator for request `i`.
    pub fn new(i: u64) -> Self {
        Pick(i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// One of `items`.
    pub fn one<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TRAVERSAL: &[&str] = &[
    "/../../etc/passwd",
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2f..%2fetc%2fpasswd",
    "/..%5c..%5csecret.txt",
    "/%252e%252e/%252e%252e/secret.txt",
    "/..%00/secret.txt",
    "/index.html%00.js",
    "/%00",
    "/....//....//secret.txt",
    "/./././../secret.txt",
    "/..;/secret.txt",
    "//etc/passwd",
    "/%2F%2Fetc%2Fpasswd",
    "/dist/../secret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/%e0%80%ae%e0%80%ae/secret.txt",
    "/t.sqlite",
    "/../t.sqlite",
    "/%2e%2e/t.sqlite",
    "/open311/v2/media/..%2f..%2fsecret.txt",
    "/open311/v2/media/..%2ft.sqlite",
    "/open311/v2/media/../../t.sqlite",
    "/v1.1/../../secret.txt",
    "/v1.1/..%2f..%2fsecret.txt",
    "/station/..%2f..%2f..%2fsecret.txt",
    "/qingshui-0123abcd.js/../../secret.txt",
    "/%5c..%5c..%5csecret.txt",
    "/file:///etc/passwd",
];

const SQLISH: &[&str] = &[
    "/v1.1/Things?$filter=name%20eq%20%27%27%27;%20DROP%20TABLE%20things;--%27",
    "/v1.1/Things?$filter=name%20eq%20%27;%20DROP%20TABLE%20things;--",
    "/v1.1/Things?$filter=%27;%20DROP%20TABLE%20things;--",
    "/v1.1/Things?$orderby=name;%20DROP%20TABLE%20things",
    "/v1.1/Things?$orderby=(SELECT%201)",
    "/v1.1/Things?$select=name,(SELECT%20sql%20FROM%20sqlite_master)",
    "/v1.1/Things(1%20OR%201=1)",
    "/v1.1/Things(1);DELETE%20FROM%20things",
    "/v1.1/Things?$top=2&$filter=substringof(%27%25%27,name)%20or%201%20eq%201",
    "/v1.1/Things?$filter=properties/x%27)%20OR%201=1--%20eq%201",
    "/v1.1/Things?$expand=Datastreams($filter=1%20eq%201);DROP%20TABLE%20things",
    "/open311/v2/requests.json?service_request_id=1)%20OR%20(1=1",
    "/open311/v2/requests.json?service_code=%27%20OR%20%271%27=%271",
    "/open311/v2/requests.json?status=open%27;DROP%20TABLE%20open311_requests;--",
    "/open311/v2/requests/1%20OR%201=1.json",
    "/open311/v2/tokens/%27%20OR%20%27%27=%27.json",
    "/open311/v2/services/%27%20UNION%20SELECT%20*%20FROM%20open311_contacts--.json",
];

const ODD_API: &[&str] = &[
    "/v1.1/Things?$top=99999999999999999999",
    "/v1.1/Things?$skip=99999999999999999999&$top=1",
    "/v1.1/Things?$top=-1",
    "/v1.1/Things?$top=1e3",
    "/v1.1/Things(99999999999999999999)",
    "/v1.1/Things(-1)",
    "/v1.1/Things(%27%FF%FE%27)",
    "/v1.1/Things?$filter=name%20eq%20%27%FF%FE%27",
    "/v1.1/Things?$filter=name%20eq%20%27%C3%28%27",
    "/v1.1/Things?$filter=%",
    "/v1.1/Things?$filter=name%20eq%201e99999",
    "/v1.1/Things?$filter=geo.distance(Locations/location,geography%27POINT(1e308%201e308)%27)%20lt%201",
    "/v1.1/Things?$top=2&$expand=Datastreams($top=2;$expand=Observations($top=2;$expand=Datastream($expand=Thing($expand=Locations))))",
    "/v1.1/Things?$unknown=1",
    "/v1.1/Things?$top=1&$top=2",
    "/v1.1/Foo",
    "/v1.1/Things(1)/Foo",
    "/v1.1/Things(1)/Datastreams(2)/Bar/baz",
    "/v1.1/$metadata",
    "/v1.1/Things/$ref",
    "/v1.1/Things(1)/name/$value",
    "/v1.0/Things",
    "/open311/v2/foo.xml",
    "/open311/v2/services.xml",
    "/open311/v2/requests/99999999999999999999.json",
    "/open311/v2/requests.json?lat=1e999&long=-1e999&radius=1e308",
    "/open311/v2/requests.json?start_date=99999-01-01T00:00:00Z",
    "/open311/v2/requests.json?start_date=2026-01-01&end_date=1970-01-01",
    "/open311/v2/media/ffffffffffffffffffffffffffffffff.jpg",
    "/open311/v3/services.json",
    "/station/%FF%FE",
    "/?%FF=%FE",
];

/// Request `i` of the hostile mix.
pub fn case(i: u64) -> Case {
    let mut p = Pick::new(i);
    let keep = |kind, bytes| Case {
        kind,
        bytes,
        framing: Framing::KeepAlive,
        head: false,
    };
    let alone = |kind, bytes| Case {
        kind,
        bytes,
        framing: Framing::Alone,
        head: false,
    };
    match p.below(100) {
        0..=19 => {
            let target = p.one(TRAVERSAL).to_string();
            if p.below(4) == 0 {
                let mut c = keep("traversal", request("HEAD", &target, &[], b""));
                c.head = true;
                c
            } else {
                keep("traversal", request("GET", &target, &[], b""))
            }
        }
        20..=34 => keep("sql-ish", request("GET", p.one::<&str>(SQLISH), &[], b"")),
        35..=54 => keep("odd-api", request("GET", p.one::<&str>(ODD_API), &[], b"")),
        55..=62 => keep("deep-filter", deep_filter(&mut p)),
        63..=66 => keep("long-uri", long_uri(&mut p)),
        67..=76 => keep("bad-body", bad_body(&mut p)),
        77..=84 => keep("bad-method", bad_method(&mut p)),
        85..=89 => keep("odd-headers", odd_headers(&mut p)),
        _ => alone("broken-http", broken_http(&mut p)),
    }
}

fn deep_filter(p: &mut Pick) -> Vec<u8> {
    let n = 20 + p.below(2500);
    let (open, close) = *p.one(&[
        ("(", ")"),
        ("not%20", ""),
        ("-", ""),
        ("tolower(", ")"),
        ("not%20(", ")"),
    ]);
    let filter = format!("{}name{}%20eq%20%27a%27", open.repeat(n), close.repeat(n));
    let target = match p.below(3) {
        0 => format!("/v1.1/Things?$filter={filter}"),
        1 => format!("/v1.1/Things?$expand=Datastreams($filter={filter})"),
        _ => format!("/v1.1/Things?$orderby={filter}"),
    };
    request("GET", &target, &[], b"")
}

fn long_uri(p: &mut Pick) -> Vec<u8> {
    let n = 8_000 + p.below(56_000);
    let target = match p.below(4) {
        0 => format!("/v1.1/Things?$filter=name%20eq%20%27{}%27", "a".repeat(n)),
        1 => format!("/station/{}", "x".repeat(n)),
        2 => format!("/open311/v2/requests.json?x={}", "%41".repeat(n / 3)),
        _ => format!("/{}", "../".repeat(n / 3)),
    };
    request("GET", &target, &[], b"")
}

fn bad_body(p: &mut Pick) -> Vec<u8> {
    let invalid_utf8: &[u8] = b"service_code=\xff\xfe&address_string=%FF%FE&description=\xc3\x28";
    let form_ct = ("Content-Type", "application/x-www-form-urlencoded");
    match p.below(9) {
        0 => request("POST", "/open311/v2/requests.json", &[form_ct], invalid_utf8),
        1 => request(
            "POST",
            "/open311/v2/requests.json",
            &[("Content-Type", "text/xml")],
            b"<x/>",
        ),
        2 => request(
            "POST",
            "/open311/v2/requests.json",
            &[("Content-Type", "application/json")],
            br#"{"service_code":"other"}"#,
        ),
        3 => request(
            "POST",
            "/open311/v2/requests.json",
            &[("Content-Type", "multipart/form-data; boundary=zz")],
            b"--zz\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.jpg\"\r\n\r\n\xff\xd8\xff\x00--y",
        ),
        4 => request(
            "POST",
            "/open311/v2/requests.json",
            &[form_ct],
            b"service_code=other&lat=99999999999999999999&long=1e999&address_string=x",
        ),
        5 => request(
            "POST",
            "/open311/v2/requests.json",
            &[form_ct],
            &[&b"description="[..], &vec![b'x'; 70_000]].concat(),
        ),
        6 => request(
            "POST",
            "/v1.1/Things",
            &[("Content-Type", "application/json"), ("Authorization", "Bearer nope")],
            b"{\"name\":\"\xff\"}",
        ),
        7 => request(
            "POST",
            "/open311/v2/requests/1/status",
            &[form_ct],
            b"status=closed",
        ),
        // A rare valid report keeps the write path in the mix (rate limits are off for the bulk).
        _ if p.below(10) == 0 => {
            request("POST", "/open311/v2/requests.json", &[form_ct], &report_form("hostile mix"))
        }
        _ => request(
            "POST",
            "/open311/v2/requests.json?api_key=%FF",
            &[form_ct, ("Idempotency-Key", "")],
            b"attribute[=1&attribute[]]=2&attribute[[x]]=3&service_code=sewage&address_string=y&attribute[outfalls]=1e999",
        ),
    }
}

fn bad_method(p: &mut Pick) -> Vec<u8> {
    let method = *p.one(&[
        "DELETE", "PUT", "PATCH", "TRACE", "OPTIONS", "FOO", "PROPFIND", "BREW",
    ]);
    let target = *p.one(&[
        "/v1.1/Things(1)",
        "/v1.1/Things",
        "/open311/v2/requests.json",
        "/",
        "/index.html",
    ]);
    request(method, target, &[("Authorization", "Bearer wrong")], b"")
}

fn odd_headers(p: &mut Pick) -> Vec<u8> {
    let target = *p.one(&["/v1.1/Things?$top=1", "/open311/v2/services.json", "/"]);
    match p.below(6) {
        0 => request(
            "GET",
            target,
            &[("Accept-Language", &"zh;q=0.".repeat(500))],
            b"",
        ),
        1 => request(
            "GET",
            target,
            &[("Accept-Encoding", "br;q=2, gzip;q=-1, *;q=NaN")],
            b"",
        ),
        2 => request(
            "GET",
            target,
            &[("If-None-Match", &"\"x\",".repeat(1000))],
            b"",
        ),
        3 => request(
            "GET",
            target,
            &[("X-Forwarded-For", "1.2.3.4, ::1, garbage")],
            b"",
        ),
        4 => request(
            "GET",
            target,
            &[("Range", "bytes=99999999999999999999-")],
            b"",
        ),
        _ => request(
            "GET",
            target,
            &[("Origin", "null"), ("Host", "evil.example")],
            b"",
        ),
    }
}

/// Broken framing: sent alone and half-closed.
fn broken_http(p: &mut Pick) -> Vec<u8> {
    let junk: Vec<u8> = (0..p.below(300)).map(|_| p.next() as u8).collect();
    match p.below(16) {
        0 => b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec(),
        1 => b"GARBAGE\r\n\r\n".to_vec(),
        2 => junk,
        3 => b"GET / HTTP/9.9\r\n\r\n".to_vec(),
        4 => b"POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nservice_code=oth".to_vec(),
        5 => b"POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n".to_vec(),
        6 => b"POST /v1.1/Things HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /x HTTP/1.1\r\n\r\n".to_vec(),
        7 => b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".to_vec(),
        8 => b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\nab".to_vec(),
        9 => b"GET / HTTP/1.1\r\nHost x\r\nNoColonHere\r\n\r\n".to_vec(),
        10 => b"GET /\x00 HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n".to_vec(),
        11 => b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        12 => b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04\x00\x00\x00\x00\x00garbage".to_vec(),
        13 => {
            let mut h = b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec();
            for k in 0..(150 + p.below(300)) {
                h.extend_from_slice(format!("X-H{k}: {}\r\n", "v".repeat(p.below(2000))).as_bytes());
            }
            h.extend_from_slice(b"\r\n");
            h
        }
        14 => format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "b".repeat(500_000)).into_bytes(),
        _ => b"\r\n\r\n\r\nGET / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n".to_vec(),
    }
}
