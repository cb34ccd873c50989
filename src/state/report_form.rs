//! The body of the Open311 `POST requests.json` built from a finished draft, and the key that
//! makes sending it idempotent. Kept apart from the draft and its validation: this is the one
//! place that decides what leaves the phone.

use qingshui_core::decimal::fixed;

use super::report::Draft;

/// The `application/x-www-form-urlencoded` fields of the report. Contact fields are sent only
/// when the resident ticked the box; nothing about the resident is sent otherwise.
pub fn form_fields(draft: &Draft, locale: &str, api_key: Option<&str>) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("service_code".into(), draft.service_code.clone()),
        ("locale".into(), locale.into()),
    ];
    if let Some((lat, lon)) = draft.position() {
        f.push(("lat".into(), fixed(lat, 6)));
        f.push(("long".into(), fixed(lon, 6)));
    }
    let address = draft.address.trim();
    if !address.is_empty() {
        f.push(("address_string".into(), address.into()));
    }
    let description = draft.description.trim();
    if !description.is_empty() {
        f.push(("description".into(), description.into()));
    }
    for (code, value) in draft.attributes.iter() {
        if !value.trim().is_empty() {
            f.push((format!("attribute[{code}]"), value.trim().into()));
        }
    }
    if draft.contact {
        for (name, value) in [
            ("first_name", &draft.name),
            ("email", &draft.email),
            ("phone", &draft.phone),
        ] {
            if !value.trim().is_empty() {
                f.push((name.into(), value.trim().into()));
            }
        }
    }
    if let Some(key) = api_key.filter(|k| !k.is_empty()) {
        f.push(("api_key".into(), key.into()));
    }
    f
}

/// Encodes fields as `application/x-www-form-urlencoded` (WHATWG: space → `+`, UTF-8 bytes
/// percent-encoded, `*-._` and alphanumerics kept).
pub fn urlencode(fields: &[(String, String)]) -> String {
    fn enc(s: &str, out: &mut String) {
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                    out.push(b as char)
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
    }
    let mut out = String::new();
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        enc(k, &mut out);
        out.push('=');
        enc(v, &mut out);
    }
    out
}

/// A version-4 UUID from 16 random bytes (the browser's `crypto.getRandomValues`).
pub fn uuid_v4(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::report::WhereMode;

    fn ready() -> Draft {
        Draft {
            service_code: "waterlogging".into(),
            attributes: [("depth".to_string(), "knee".to_string())]
                .into_iter()
                .collect(),
            here: Some((29.5, 106.5, Some(35.0))),
            ..Default::default()
        }
    }

    #[test]
    fn form_is_anonymous_unless_contact_is_ticked() {
        let mut d = ready();
        d.email = "li@example.cn".into();
        let keys = |f: &[(String, String)]| f.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
        let f = form_fields(&d, "zh-CN", None);
        assert_eq!(
            keys(&f),
            ["service_code", "locale", "lat", "long", "attribute[depth]"]
        );
        d.contact = true;
        let f = form_fields(&d, "en", Some("key1"));
        assert!(keys(&f).contains(&"email".to_string()));
        assert_eq!(
            f.last().unwrap(),
            &("api_key".to_string(), "key1".to_string())
        );
    }

    #[test]
    fn station_mode_sends_the_station_position() {
        let mut d = ready();
        d.mode = WhereMode::Station;
        d.station = Some(("17".into(), 29.123456789, 106.5));
        let f = form_fields(&d, "en", None);
        assert!(f.contains(&("lat".into(), "29.123457".into())));
    }

    #[test]
    fn urlencode_follows_whatwg() {
        let f = vec![
            ("attribute[depth]".to_string(), "knee".to_string()),
            ("description".to_string(), "油 & a+b=c 100%".to_string()),
        ];
        assert_eq!(
            urlencode(&f),
            "attribute%5Bdepth%5D=knee&description=%E6%B2%B9+%26+a%2Bb%3Dc+100%25"
        );
    }

    #[test]
    fn uuid_has_version_and_variant_bits() {
        let u = uuid_v4([0xff; 16]);
        assert_eq!(u, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }
}
