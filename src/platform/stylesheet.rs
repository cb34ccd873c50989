//! Stylesheets added to the page when a lazily loaded page first needs them (`pages::lazy`): a
//! `<link rel="stylesheet">` in the head, and a way to wait until it applies, so the page is drawn
//! once, styled, and nothing on it moves when its rules arrive (layout shift).
//!
//! The link is made by `qingshuiSheet(group)`, a few lines of index.html's boot script
//! (`platform::boot`), which knows each group's hashed file from the build (its
//! `<meta name="qingshui:page-style-…">`): written in Rust, the element, listeners and promise were
//! 0.6 KiB brotli of the first download (issue #6), more than a third of what moving the rules saved.
//! It returns one promise per sheet: `true` once the sheet applies, `false` when it could not be
//! fetched (the link is then removed, and the next call fetches it again). Without it (the browser
//! tests' page) there is nothing to wait for.

use js_sys::{Array, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::boot;

fn sheet(group: &str) -> Option<Promise> {
    boot::call("qingshuiSheet", &Array::of1(&JsValue::from_str(group)))?
        .dyn_into()
        .ok()
}

/// Adds the stylesheet of `group` (`station`, `forms`) to the page unless it is there already: the
/// browser fetches it now (or takes the preload `index.html` made of it for a page opened directly).
pub fn add(group: &str) {
    let _ = sheet(group);
}

/// Resolves once the stylesheet of `group` (added now if it was not) applies: `true`, or `false`
/// when it could not be fetched.
pub async fn ready(group: &str) -> bool {
    match sheet(group) {
        Some(loaded) => JsFuture::from(loaded)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        None => true,
    }
}
