//! Whether the device believes it is online.

/// `navigator.onLine`; `true` when unknown, so that an unknown state never blocks a request.
pub fn is_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}
