//! Unknown addresses: say so and offer the way home.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{use_i18n, Key};

/// The not-found page.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{move || i18n.t(Key::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Key::NotFoundBody)}</p>
            <p><A href={crate::platform::document::app_href("/")} attr:class="button">{move || i18n.t(Key::GoHome)}</A></p>
        </section>
    }
}
