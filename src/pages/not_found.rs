//! Unknown addresses: say so and offer the way home.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// The not-found page.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{move || i18n.t(Key::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Key::NotFoundBody)}</p>
            <p><a href={crate::platform::document::app_href("/")} class="button">{move || i18n.t(Key::GoHome)}</a></p>
        </section>
    }
}
