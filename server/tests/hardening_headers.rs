//! Security headers on every kind of answer, and a Content-Security-Policy that admits the page's own
//! inline bootstrap by its SHA-256 (CSP Level 3 §8.4 hash-source) and nothing else inline.
mod hardening_support;

use base64::Engine;
use hardening_support::{get, site, BOOT, STYLE};
use qingshui_server::http::csp::{hash_source, inline_blocks, InlineHashes};
use sha2::{Digest, Sha256};

/// A CSP split into `directive → sources`.
fn directives(csp: &str) -> Vec<(String, Vec<String>)> {
    csp.split(';')
        .map(|d| {
            let mut words = d.split_whitespace().map(str::to_string);
            let name = words.next().expect("directive name");
            (name, words.collect())
        })
        .collect()
}

fn sources<'a>(csp: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
    &csp.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in the policy"))
        .1
}

fn sha(text: &str) -> String {
    let d = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(d)
    )
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_headers() {
    let s = site(&[]).await;
    let name = "0123456789abcdef0123456789abcdef";
    std::fs::write(
        s.dir.path().join("media").join(format!("{name}.jpg")),
        [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 1, 2, 3],
    )
    .unwrap();
    let routes = [
        ("/", 200),
        ("/station/17", 200),
        ("/main-89abcdef.css", 200),
        ("/missing.js", 404),
        ("/v1.1", 200),
        ("/v1.1/Things?$top=1", 200),
        ("/v1.1/Nope", 404),
        ("/open311/v2/services.json", 200),
        ("/open311/v2/requests/999.json", 404),
        ("/open311/v2/services.xml", 400),
        (&format!("/open311/v2/media/{name}.jpg"), 200),
        (
            "/open311/v2/media/ffffffffffffffffffffffffffffffff.jpg",
            404,
        ),
    ];
    for (uri, status) in routes {
        let a = get(&s.app, uri, &[]).await;
        assert_eq!(a.status.as_u16(), status, "{uri}");
        assert_eq!(a.header("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(
            a.header("referrer-policy"),
            "strict-origin-when-cross-origin",
            "{uri}"
        );
        assert_eq!(
            a.header("permissions-policy"),
            "geolocation=(self), camera=(self), microphone=()",
            "{uri}"
        );
        assert!(a.headers.get("x-frame-options").is_none(), "{uri}");
        let csp = directives(a.header("content-security-policy"));
        if uri.starts_with("/open311/v2/media/") {
            assert_eq!(sources(&csp, "default-src"), ["'none'"], "{uri}");
            assert!(csp.iter().any(|(n, _)| n == "sandbox"), "{uri}");
            if status == 200 {
                assert_eq!(a.header("content-disposition"), "inline");
                assert_eq!(a.header("content-type"), "image/jpeg");
            }
        } else {
            assert_eq!(sources(&csp, "default-src"), ["'self'"], "{uri}");
            assert_eq!(sources(&csp, "object-src"), ["'none'"], "{uri}");
            assert_eq!(sources(&csp, "frame-ancestors"), ["'self'"], "{uri}");
            assert_eq!(sources(&csp, "base-uri"), ["'self'"], "{uri}");
            assert_eq!(sources(&csp, "form-action"), ["'self'"], "{uri}");
            assert_eq!(sources(&csp, "connect-src"), ["'self'"], "{uri}");
            assert_eq!(
                sources(&csp, "img-src"),
                ["'self'", "data:", "blob:"],
                "{uri}"
            );
            assert!(a.headers.get("content-disposition").is_none(), "{uri}");
        }
    }
}

#[tokio::test]
async fn the_policy_admits_exactly_the_inline_blocks_of_dist_by_hash() {
    let s = site(&[]).await;
    let a = get(&s.app, "/", &[]).await;
    let csp = directives(a.header("content-security-policy"));
    assert_eq!(
        sources(&csp, "script-src"),
        ["'self'", "'wasm-unsafe-eval'", &sha(BOOT)]
    );
    assert_eq!(sources(&csp, "style-src"), ["'self'", &sha(STYLE)]);
    let text = a.header("content-security-policy");
    assert!(!text.contains("unsafe-inline"), "{text}");
}

#[tokio::test]
async fn configured_connect_origins_and_frame_ancestors_are_added() {
    let s = site(&[
        (
            "QINGSHUI_CSP_CONNECT",
            "https://sta.example.org  https://311.example.org",
        ),
        ("QINGSHUI_FRAME_ANCESTORS", "'self' https://*.weixin.qq.com"),
    ])
    .await;
    let a = get(&s.app, "/v1.1", &[]).await;
    let csp = directives(a.header("content-security-policy"));
    assert_eq!(
        sources(&csp, "connect-src"),
        [
            "'self'",
            "https://sta.example.org",
            "https://311.example.org"
        ]
    );
    assert_eq!(
        sources(&csp, "frame-ancestors"),
        ["'self'", "https://*.weixin.qq.com"]
    );
}

#[test]
fn sources_that_could_inject_a_directive_are_refused() {
    for (var, value) in [
        ("QINGSHUI_CSP_CONNECT", "https://a.example; script-src *"),
        ("QINGSHUI_FRAME_ANCESTORS", "'self',https://b.example"),
        ("QINGSHUI_CSP_CONNECT", "https://例え.jp"),
    ] {
        let r = qingshui_server::http::HttpSettings::from_lookup(|k| {
            (k == var).then(|| value.to_string())
        });
        assert!(r.is_err(), "{var}={value}");
    }
}

#[test]
fn inline_blocks_skip_external_scripts_and_other_elements() {
    let html = "<SCRIPT SRC='/a.js'></SCRIPT><scripts>x</scripts>\
                <script type=\"module\" data-x=\"a src=b > c\">one()</script>\
                <noscript>n</noscript><script>two()</Script><style media=print>p{}</style>";
    assert_eq!(inline_blocks(html, "script"), ["one()", "two()"]);
    assert_eq!(inline_blocks(html, "style"), ["p{}"]);
    // The HTML parser normalises CR LF before the browser hashes (HTML §13.2.3.5).
    assert_eq!(hash_source("a\r\nb"), sha("a\nb"));
    let mut hashes = InlineHashes::default();
    hashes.add_page(html);
    hashes.add_page(html);
    assert_eq!(hashes.scripts, [sha("one()"), sha("two()")]);
    assert_eq!(hashes.styles, [sha("p{}")]);
}

#[test]
fn a_missing_dist_has_no_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let h = InlineHashes::scan(&dir.path().join("nope")).unwrap();
    assert_eq!(h, InlineHashes::default());
}
