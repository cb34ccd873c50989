//! The language toggle: names the other language in that language ("English" / "中文"), so a
//! resident who cannot read the current one still recognises it.

use leptos::prelude::*;

use crate::components::attr::attr;
use crate::reactive::reactive;

use crate::i18n::{text, use_i18n, Key};

/// The toggle button (`data-testid="lang-switch"`).
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || i18n.lang().other();
    view! {
        <button
            {attr("type", "button")}
            class="lang-switch"
            data-testid="lang-switch"
            {attr("lang", reactive(move || Some(other().tag())))}
            on:click=move |_| i18n.toggle()
        >
            {move || text(i18n.lang(), Key::OtherLangName).to_string()}
        </button>
    }
}
