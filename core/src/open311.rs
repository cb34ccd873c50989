//! Open311 GeoReport v2 requests the client makes and the server names ahead of it: one report's
//! page (`GET {open311}/requests/{id}.json?locale=…`, `locale` as [`crate::lang`] picks it). The
//! reference server sends a report's page with a preload of this same URL, so both must build
//! it alike (docs/contracts.md, "Open311").

/// An id as it may be put into a URL: report ids are alphanumeric, anything else is dropped rather
/// than sent.
pub fn safe_id(id: &str) -> String {
    id.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// `GET {open311}/requests/{id}.json?locale=…`: one report's public status, texts in `locale`.
pub fn request_url(open311: &str, id: &str, locale: &str) -> String {
    format!("{open311}/requests/{}.json?locale={locale}", safe_id(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_only_letters_and_digits() {
        for (id, want) in [
            ("17", "17"),
            ("REQ7", "REQ7"),
            ("../7", "7"),
            ("a b?c=1", "abc1"),
            ("水", ""),
        ] {
            assert_eq!(safe_id(id), want, "{id}");
        }
        assert_eq!(
            request_url("/open311/v2", "4/2", "en"),
            "/open311/v2/requests/42.json?locale=en"
        );
    }
}
