//! Random bytes from the browser's `crypto.getRandomValues`, for idempotency keys.

/// 16 random bytes; falls back to `Math.random` in the rare web-view without `crypto` (the key
/// only has to be unique to this phone's reports, not secret).
pub fn bytes16() -> [u8; 16] {
    let mut b = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut b).is_ok());
    if !filled {
        for x in b.iter_mut() {
            *x = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    b
}
