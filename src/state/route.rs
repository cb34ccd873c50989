//! Which page an address opens, and what its query says: the app's routes as a plain type,
//! parsed from the address the browser shows. Pure and tested natively; `crate::router` keeps
//! the current address in a signal and hands the parsed route to the page switch in `lib.rs`.

use qingshui_core::sta::urls::decode;

/// A page of the app. Path parameters are kept as the address has them (percent-encoded): each
/// page decodes its own, as it did under leptos_router.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`: the stations near the resident.
    Nearby,
    /// `/station/:id`: one station's readings.
    Station(String),
    /// `/report`: the report form.
    Report,
    /// `/my-reports`: the reports filed from this phone.
    MyReports,
    /// `/request/:id`: one report's public status.
    Request(String),
    /// `/settings`: the display modes.
    Settings,
    /// Anything else.
    NotFound,
}

impl Route {
    /// The route of `path`, a path inside the app (after the base): empty segments do not count,
    /// so `/report/` is the report form.
    pub fn parse(path: &str) -> Self {
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match parts.as_slice() {
            [] => Self::Nearby,
            ["station", id] => Self::Station((*id).to_string()),
            ["report"] => Self::Report,
            ["my-reports"] => Self::MyReports,
            ["request", id] => Self::Request((*id).to_string()),
            ["settings"] => Self::Settings,
            _ => Self::NotFound,
        }
    }

    /// The route of an address path (`location.pathname`) for an app served under `base`
    /// (`/` or `/water/`); a path outside the base is no page of the app.
    pub fn from_address(path: &str, base: &str) -> Self {
        in_app(path, base).map_or(Self::NotFound, Self::parse)
    }
}

/// `path` without the app's `base` (`/water/station/1` → `/station/1` under `/water/`), or `None`
/// when the path is not under it (`/waterworks` is not under `/water/`).
pub fn in_app<'a>(path: &'a str, base: &str) -> Option<&'a str> {
    let root = base.trim_end_matches('/');
    let rest = path.strip_prefix(root)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// The parameters of a query string (`application/x-www-form-urlencoded`: `+` is a space, then
/// percent-decoding), with or without its leading `?`, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// Parses `query`; a parameter without `=` has an empty value.
    pub fn parse(query: &str) -> Self {
        Self(
            query
                .trim_start_matches('?')
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (form_decode(k), form_decode(v))
                })
                .collect(),
        )
    }

    /// The value of the first parameter called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, then percent-decoding.
fn form_decode(s: &str) -> String {
    decode(&s.replace('+', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_pages() {
        let cases = [
            ("", Route::Nearby),
            ("/", Route::Nearby),
            ("/station/17", Route::Station("17".into())),
            ("/station/%E6%B1%9F", Route::Station("%E6%B1%9F".into())),
            ("/report", Route::Report),
            ("/report/", Route::Report),
            ("/my-reports", Route::MyReports),
            ("/request/REQ-7", Route::Request("REQ-7".into())),
            ("/settings", Route::Settings),
            ("/station", Route::NotFound),
            ("/station/1/2", Route::NotFound),
            ("/Report", Route::NotFound),
            ("/nowhere/at/all", Route::NotFound),
        ];
        for (path, want) in cases {
            assert_eq!(Route::parse(path), want, "{path}");
        }
    }

    #[test]
    fn addresses_under_a_base() {
        let cases = [
            ("/", "/", Route::Nearby),
            ("/settings", "/", Route::Settings),
            ("/water", "/water/", Route::Nearby),
            ("/water/", "/water/", Route::Nearby),
            ("/water/station/3", "/water/", Route::Station("3".into())),
            ("/waterworks", "/water/", Route::NotFound),
            ("/station/3", "/water/", Route::NotFound),
        ];
        for (path, base, want) in cases {
            assert_eq!(Route::from_address(path, base), want, "{path} under {base}");
        }
    }

    #[test]
    fn query_parameters_are_form_decoded_and_the_first_wins() {
        let q = Query::parse("?service=water_smell&note=a+b%20c&service=other&flag&x=%E6%B1%9F");
        assert_eq!(q.get("service"), Some("water_smell"));
        assert_eq!(q.get("note"), Some("a b c"));
        assert_eq!(q.get("flag"), Some(""));
        assert_eq!(q.get("x"), Some("江"));
        assert_eq!(q.get("missing"), None);
        assert_eq!(Query::parse(""), Query::default());
    }
}
