//! The languages the resident's browser asks for.

/// `navigator.languages` in preference order (falls back to `navigator.language`; empty when
/// neither is available, e.g. in some web-views).
pub fn preferred() -> Vec<String> {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        nav.language().into_iter().collect()
    } else {
        list
    }
}
