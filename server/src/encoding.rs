//! Content-coding negotiation shared by the static app and the API answers, so both read
//! `Accept-Encoding` the same way.
use axum::http::{header, HeaderMap};

/// A content coding both sides support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coding {
    /// `br`.
    Br,
    /// `gzip`.
    Gzip,
    /// No coding.
    Identity,
}

/// Picks the coding by `Accept-Encoding` q-values among those the server `has`; ties prefer br, then
/// gzip, then identity (q=0 refuses, `*` stands for unnamed codings). Identity is the answer when nothing
/// else is acceptable, even if the client refuses it, since a 406 helps nobody.
pub fn negotiate(headers: &HeaderMap, has_br: bool, has_gzip: bool) -> Coding {
    let (mut br, mut gz, mut star, mut id) = (None, None, None, None);
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
                })
                .unwrap_or(1.0);
            match name.as_str() {
                "br" => br = Some(q),
                "gzip" | "x-gzip" => gz = Some(q),
                "identity" => id = Some(q),
                "*" => star = Some(q),
                _ => {}
            }
        }
    }
    let br_q = if has_br {
        br.or(star).unwrap_or(0.0)
    } else {
        0.0
    };
    let gz_q = if has_gzip {
        gz.or(star).unwrap_or(0.0)
    } else {
        0.0
    };
    let id_q = id.unwrap_or(f32::MIN_POSITIVE);
    if br_q > 0.0 && br_q >= gz_q && br_q >= id_q {
        Coding::Br
    } else if gz_q > 0.0 && gz_q >= id_q {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}
