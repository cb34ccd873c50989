//! Unknown addresses: say so and offer the way home.

use leptos::prelude::*;

use crate::components::attr::attr;

use crate::i18n::{use_i18n, Key};

/// The not-found page.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{i18n.text(Key::NotFoundTitle)}</h1>
            <p>{i18n.text(Key::NotFoundBody)}</p>
            <p><a {attr("href", crate::platform::document::app_href("/"))} class="button">{i18n.text(Key::GoHome)}</a></p>
        </section>
    }
}
