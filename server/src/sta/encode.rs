//! JSON answers of the read API, compressed when the client accepts it. The nearby answer is ~50 KB of
//! repetitive JSON that brotli brings to ~2.5 KB: on a phone's mobile data that is the difference between
//! a list at once and a second's wait. Levels are the fast ones (brotli 4, gzip 6): answers are made per
//! request, unlike the static app, which is compressed once at start-up at the highest levels.
//!
//! Brotli 4 rather than 5: on the 51 KB nearby answer quality 5 took ~0.45 ms (a quarter of the CPU of an
//! uncached answer) for 2,231 bytes, quality 4 ~0.25 ms for 2,469; 240 bytes more, well inside the first
//! round trip, for a cheaper render every time the database changes or a new cell is asked for.
use std::io::Write;

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

/// Answers smaller than this go out as they are: compression would save a few bytes for its own overhead.
const MIN_COMPRESS_BYTES: usize = 1024;
/// Brotli quality for answers made per request.
const BROTLI_QUALITY: u32 = 4;
/// Brotli window (2^20 bytes): larger than any answer, small enough for any decoder's memory.
const BROTLI_LGWIN: u32 = 20;

pub use crate::encoding::Coding;
use crate::sta::cache::Answer;

/// The coding for a per-request answer: br or gzip by `Accept-Encoding` (see [`crate::encoding::negotiate`]).
pub fn negotiate(headers: &HeaderMap) -> Coding {
    crate::encoding::negotiate(headers, true, true)
}

fn compress(body: &[u8], coding: Coding) -> std::io::Result<Vec<u8>> {
    match coding {
        Coding::Br => {
            let mut w =
                brotli::CompressorWriter::new(Vec::new(), 16 * 1024, BROTLI_QUALITY, BROTLI_LGWIN);
            w.write_all(body)?;
            w.flush()?;
            Ok(w.into_inner())
        }
        Coding::Gzip => {
            let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
            w.write_all(body)?;
            w.finish()
        }
        Coding::Identity => Ok(body.to_vec()),
    }
}

/// `value` as compact JSON, compressed with `coding` when it is large enough to gain from it.
pub fn json(value: &serde_json::Value, coding: Coding) -> Response {
    response(&encode(value.to_string().into_bytes(), coding))
}

/// A JSON `body`, compressed with `coding` when it is large enough to gain from it.
pub fn encode(body: Vec<u8>, coding: Coding) -> Answer {
    let coding = if body.len() < MIN_COMPRESS_BYTES {
        Coding::Identity
    } else {
        coding
    };
    let (bytes, encoding) = match compress(&body, coding) {
        Ok(b) if coding == Coding::Br => (b, Some("br")),
        Ok(b) if coding == Coding::Gzip => (b, Some("gzip")),
        // Identity, or a compressor error (out of memory): the plain answer is still right.
        _ => (body, None),
    };
    Answer {
        body: bytes.into(),
        encoding,
    }
}

/// The HTTP answer for an encoded JSON body (a clone of the bytes is a reference count, not a copy).
pub fn response(answer: &Answer) -> Response {
    let mut resp = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        answer.body.clone(),
    )
        .into_response();
    let h = resp.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(e) = answer.encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_q_values() {
        let cases = [
            ("", Coding::Identity),
            ("gzip, deflate, br", Coding::Br),
            ("gzip", Coding::Gzip),
            ("br;q=0.5, gzip", Coding::Gzip),
            ("br;q=0, gzip;q=0", Coding::Identity),
            ("*", Coding::Br),
            ("*;q=0.3, br;q=0", Coding::Gzip),
            ("identity", Coding::Identity),
            ("GZIP;q=0.8", Coding::Gzip),
        ];
        for (accept, want) in cases {
            let mut h = HeaderMap::new();
            if !accept.is_empty() {
                h.insert(
                    header::ACCEPT_ENCODING,
                    HeaderValue::from_str(accept).unwrap(),
                );
            }
            assert_eq!(negotiate(&h), want, "{accept:?}");
        }
    }

    #[test]
    fn large_answers_round_trip_and_small_ones_stay_plain() {
        use std::io::Read;
        let big = serde_json::json!({ "value": vec!["水质 water quality"; 500] });
        let plain = big.to_string();
        let gz = json(&big, Coding::Gzip);
        assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(gz.headers()[header::VARY], "accept-encoding");
        let bytes =
            futures_util::FutureExt::now_or_never(axum::body::to_bytes(gz.into_body(), usize::MAX))
                .unwrap()
                .unwrap();
        let mut back = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, plain);
        assert!(bytes.len() * 10 < plain.len());
        let small = json(&serde_json::json!({ "value": [] }), Coding::Br);
        assert!(small.headers().get(header::CONTENT_ENCODING).is_none());
    }
}
