//! Leptos' reactive primitives in the shape that keeps the wasm small (issue #6).
//!
//! `Effect::new` is generic over its closure, so each effect of the app was its own copy of
//! Leptos' effect code (0.5–1.3 KB of wasm each). Boxed, every effect shares one copy; what
//! remains per effect is its own body.

use std::sync::{Arc, Mutex};

use leptos::prelude::Effect;

/// Runs `f` after the current render, and again whenever a signal it read changes; it lives as
/// long as the reactive owner it was created under. `Effect::new(move |_| …)` without the
/// per-closure copy of Leptos' effect code.
pub fn effect(f: impl FnMut() + 'static) {
    let f: Box<dyn FnMut()> = Box::new(f);
    Effect::new(f);
}

/// A closure as Leptos' view macro passes a reactive attribute or child it is written with
/// (`{move || …}`): one type per output type, so Leptos' code for it is there once per output type.
/// A closure passed by name (`{cards}`, `attr("aria-busy", busy)`) would otherwise be a type of its
/// own, with its own copy of that code (~300 bytes of wasm each).
pub fn reactive<T: 'static>(value: impl FnMut() -> T + Send + 'static) -> Reactive<T> {
    Arc::new(Mutex::new(value))
}

/// What [`reactive`] gives.
pub type Reactive<T> = Arc<Mutex<dyn FnMut() -> T + Send>>;
