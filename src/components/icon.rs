//! Small fixed drawings: button icons and the class shapes. A 20×20 `<svg>` hidden from screen
//! readers (the text beside it says what it means), its drawing given as markup.
//!
//! Markup, not `view!` elements: a fixed drawing needs no reactive nodes, and every SVG element
//! and attribute type `view!` draws is generic code of its own in the first download (issue #6).

use leptos::prelude::*;

/// `<svg class=… viewBox="0 0 20 20">` holding `markup`, the drawing (SVG elements in a 20×20
/// box); `class` is `icon` beside a button's text, `shape` in a class badge (style/main.css).
pub fn icon(class: &'static str, markup: &'static str) -> impl IntoView {
    view! {
        <svg class=class viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false" inner_html=markup></svg>
    }
}
