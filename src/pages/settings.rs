//! `/settings`: the display modes — lite (saves data) and elder (长辈版, large text) — switched
//! any time and remembered on the phone (`state::modes`). A host's URL may choose them for one
//! visit; switching here wins from then on.

use leptos::prelude::*;

use crate::components::modes::use_modes;
use crate::i18n::{use_i18n, Key};

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let modes = use_modes();
    let auto_note = move || {
        (modes.lite() && modes.lite_automatic()).then(|| {
            view! { <p class="setting-note" data-testid="lite-auto">{move || i18n.t(Key::LiteAuto)}</p> }
        })
    };
    view! {
        <section class="page settings">
            <h1>{move || i18n.t(Key::SettingsHeading)}</h1>
            <p class="why">{move || i18n.t(Key::SettingsIntro)}</p>
            <div class="setting">
                <label class="choice" for="setting-lite">
                    <input type="checkbox" id="setting-lite" data-testid="setting-lite"
                        aria-describedby="setting-lite-hint"
                        prop:checked=move || modes.lite()
                        on:change=move |ev| modes.set_lite(event_target_checked(&ev)) />
                    <span class="choice-name">{move || i18n.t(Key::LiteLabel)}</span>
                </label>
                <p class="field-hint" id="setting-lite-hint">{move || i18n.t(Key::LiteHint)}</p>
                {auto_note}
            </div>
            <div class="setting">
                <label class="choice" for="setting-elder">
                    <input type="checkbox" id="setting-elder" data-testid="setting-elder"
                        aria-describedby="setting-elder-hint"
                        prop:checked=move || modes.elder()
                        on:change=move |ev| modes.set_elder(event_target_checked(&ev)) />
                    <span class="choice-name">{move || i18n.t(Key::ElderLabel)}</span>
                </label>
                <p class="field-hint" id="setting-elder-hint">{move || i18n.t(Key::ElderHint)}</p>
            </div>
        </section>
    }
}
