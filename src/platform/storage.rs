//! `localStorage`, failing softly: private modes and some web-views throw on access, and the
//! app must still work (it only loses what it would have remembered).

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored value, or `None` when absent or storage is unavailable.
pub fn get(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

/// Whether `key` may be set: it is, or storage cannot be read (then nobody can tell it is not).
/// For markers whose absence must be certain before work is skipped.
pub fn may_hold(key: &str) -> bool {
    local().is_none_or(|s| !matches!(s.get_item(key), Ok(None)))
}

/// Stores a value; returns whether it was stored (quota or privacy settings may refuse).
pub fn set(key: &str, value: &str) -> bool {
    local().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Removes a value, ignoring failures.
pub fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(key);
    }
}
