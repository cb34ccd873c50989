//! Attributes by name, all of one type per kind of value.
//!
//! Why: Leptos gives each attribute the view macro knows (`type`, `id`, `role`, `href`, `aria-busy`, …)
//! a type of its own, and erased to `AnyAttribute` every one of them brings its own build, rebuild and
//! clone code: ~200–400 bytes of wasm per attribute name and kind of value, in the first download for
//! each the first view uses (issue #6). Written as `<button {attr("type", "button")}>` they are custom
//! attributes, whose code is there once per kind of value (`&'static str`, `String`, a reactive
//! text…); the DOM is the same.

use leptos::tachys::html::attribute::custom::{custom_attribute, CustomAttr};
use leptos::tachys::html::attribute::AttributeValue;

/// The attribute `name` with `value`: a text, an optional text (absent when `None`) or a
/// reactive one (`crate::reactive::reactive`).
pub fn attr<V: AttributeValue>(name: &'static str, value: V) -> CustomAttr<&'static str, V> {
    custom_attribute(name, value)
}
