//! Open311 photo uploads (multipart `media` parts): real JPEG and PNG stored and served with their sniffed
//! type, disguised non-images refused (415), oversized photos refused (413) while streaming.
mod open311_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use open311_support::*;
use serde_json::Value;

const R: &str = "/open311/v2/requests.json";
const BOUNDARY: &str = "qingshui-test-boundary-7d93";

/// A real 8×8 JPEG from an encoder.
fn jpeg() -> Vec<u8> {
    let pixels: Vec<u8> = (0..64u8).flat_map(|i| [i * 4, 120, 255 - i * 4]).collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 80)
        .encode(&pixels, 8, 8, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

/// A real 1×1 PNG: signature, IHDR, zlib IDAT, IEND, each chunk with its CRC-32.
fn png() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend(kind);
        out.extend(data);
        out.extend(crc.sum().to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut z, &[0, 0x2e, 0x8b, 0x57]).unwrap();
    chunk(&mut out, b"IDAT", &z.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}

/// One multipart part: (field name, optional (file name, content type), bytes).
type Part<'a> = (&'a str, Option<(&'a str, &'a str)>, Vec<u8>);

fn part_head(name: &str, file: Option<(&str, &str)>) -> Vec<u8> {
    let mut h = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"");
    if let Some((fname, ct)) = file {
        h.push_str(&format!("; filename=\"{fname}\"\r\nContent-Type: {ct}"));
    }
    h.push_str("\r\n\r\n");
    h.into_bytes()
}

fn multipart(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend(part_head(name, *file));
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").into_bytes());
    body
}

async fn post_multipart(app: &axum::Router, body: Body) -> Answer {
    let req = Request::post(R)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .unwrap();
    send(app, req).await
}

fn text(name: &str, v: &str) -> Part<'static> {
    (
        Box::leak(name.to_string().into_boxed_str()),
        None,
        v.as_bytes().to_vec(),
    )
}

fn media_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir.join("media")).map_or(0, |d| d.count())
}

#[tokio::test]
async fn jpeg_and_png_are_stored_and_served_with_their_type() {
    let (app, dir) = app_default();
    let (j, p) = (jpeg(), png());
    let body = multipart(&[
        ("media", Some(("river.jpg", "image/jpeg")), j.clone()),
        text("service_code", "dead_fish"),
        text("lat", "29.58"),
        text("long", "106.52"),
        text("attribute[fish_count]", "dozens"),
        ("media", Some(("scum.png", "image/png")), p.clone()),
    ]);
    let a = post_multipart(&app, Body::from(body)).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.json);
    let id = a.json[0]["service_request_id"].as_str().unwrap();
    let r = get(&app, &format!("/open311/v2/requests/{id}.json"), &[]).await;
    let url = r.json[0]["media_url"].as_str().unwrap();
    assert!(
        url.starts_with("http://test.local/open311/v2/media/") && url.ends_with(".jpg"),
        "{url}"
    );
    let urls: Vec<&str> = r.json[0]["media_urls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    assert_eq!(urls.len(), 2);
    for (u, bytes, ct) in [(urls[0], &j, "image/jpeg"), (urls[1], &p, "image/png")] {
        let m = get(&app, u.strip_prefix("http://test.local").unwrap(), &[]).await;
        assert_eq!(m.status, StatusCode::OK);
        assert_eq!(m.headers["content-type"], ct);
        assert_eq!(&m.bytes, bytes);
    }
    assert_eq!(media_files(dir.path()), 2);
    for bad in [
        "/open311/v2/media/../t.sqlite",
        "/open311/v2/media/0123456789abcdef0123456789abcdef.jpg",
        "/open311/v2/media/x.gif",
    ] {
        assert_eq!(
            get(&app, bad, &[]).await.status,
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn a_text_file_renamed_jpg_is_415_and_leaves_nothing() {
    let (app, dir) = app_default();
    let body = multipart(&[
        text("service_code", "other"),
        text("address_string", "x"),
        (
            "media",
            Some(("photo.jpg", "image/jpeg")),
            b"just some text, not a photo".to_vec(),
        ),
    ]);
    let a = post_multipart(&app, Body::from(body)).await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(error_of(&a).1.starts_with("media"));
    assert_eq!(media_files(dir.path()), 0);
    assert_eq!(get(&app, R, &[]).await.json, Value::Array(vec![]));
}

#[tokio::test]
async fn more_than_three_photos_and_bad_fields_are_refused_and_cleaned_up() {
    let (app, dir) = app_default();
    let mut parts = vec![text("service_code", "other"), text("address_string", "x")];
    for _ in 0..4 {
        parts.push(("media", Some(("a.jpg", "image/jpeg")), jpeg()));
    }
    let a = post_multipart(&app, Body::from(multipart(&parts))).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    // A valid photo with an invalid report: the photo must not stay behind.
    let b = multipart(&[
        ("media", Some(("a.jpg", "image/jpeg")), jpeg()),
        text("service_code", "nope"),
        text("address_string", "x"),
    ]);
    assert_eq!(
        post_multipart(&app, Body::from(b)).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(media_files(dir.path()), 0);
}

#[tokio::test]
async fn an_11_mb_photo_is_413_before_the_whole_body_is_read() {
    let (app, dir) = app_default();
    const CHUNK: usize = 64 * 1024;
    const CHUNKS: usize = 11 * 16; // 11 MiB
    let mut head = multipart(&[text("service_code", "other"), text("address_string", "x")]);
    head.truncate(head.len() - format!("--{BOUNDARY}--\r\n").len());
    head.extend(part_head("media", Some(("big.jpg", "image/jpeg"))));
    let pulled = Arc::new(AtomicUsize::new(0));
    let counter = pulled.clone();
    // Each chunk arrives after a yield, as from a network socket: the parser only sees what was "sent".
    let stream = futures_util::stream::unfold(0usize, move |i| {
        let (head, counter) = (head.clone(), counter.clone());
        async move {
            if i > CHUNKS + 1 {
                return None;
            }
            tokio::task::yield_now().await;
            let bytes = match i {
                0 => head,
                i if i == CHUNKS + 1 => format!("\r\n--{BOUNDARY}--\r\n").into_bytes(),
                1 => {
                    let mut c = vec![0x55; CHUNK];
                    c[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
                    c
                }
                _ => vec![0x55; CHUNK],
            };
            counter.fetch_add(bytes.len(), Ordering::SeqCst);
            Some((Ok::<_, std::io::Error>(Bytes::from(bytes)), i + 1))
        }
    });
    let a = post_multipart(&app, Body::from_stream(stream)).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.json);
    assert!(error_of(&a).1.contains("10 MB"));
    let read = pulled.load(Ordering::SeqCst);
    assert!(
        read < 10 * 1024 * 1024 + 4 * CHUNK,
        "read {read} bytes of an 11 MiB body"
    );
    assert_eq!(media_files(dir.path()), 0);
}

#[tokio::test]
async fn a_replayed_upload_keeps_only_the_original_photo() {
    let (app, dir) = app_default();
    let body = || {
        multipart(&[
            text("service_code", "other"),
            text("address_string", "x"),
            text("device_id", "phone-1"),
            text("client_token", "r-1"),
            ("media", Some(("a.jpg", "image/jpeg")), jpeg()),
        ])
    };
    let a = post_multipart(&app, Body::from(body())).await;
    let b = post_multipart(&app, Body::from(body())).await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(a.json, b.json);
    assert_eq!(media_files(dir.path()), 1);
}
