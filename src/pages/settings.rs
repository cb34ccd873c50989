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
            view! { <p class="setting-note" data-testid="lite-auto">{i18n.text(Key::LiteAuto)}</p> }
        })
    };
    view! {
        <section class="page settings">
            <h1>{i18n.text(Key::SettingsHeading)}</h1>
            <p class="why">{i18n.text(Key::SettingsIntro)}</p>
            <SettingSwitch name="lite" label=Key::LiteLabel hint=Key::LiteHint
                checked=Signal::derive(move || modes.lite())
                set=move |on| modes.set_lite(on)>
                {auto_note}
            </SettingSwitch>
            <SettingSwitch name="elder" label=Key::ElderLabel hint=Key::ElderHint
                checked=Signal::derive(move || modes.elder())
                set=move |on| modes.set_elder(on) />
        </section>
    }
}

/// One mode's switch: a labelled checkbox (`data-testid="setting-<name>"`), its hint tied to it with
/// `aria-describedby`, and whatever the mode wants to say below (`children`).
#[component]
fn SettingSwitch(
    name: &'static str,
    label: Key,
    hint: Key,
    checked: Signal<bool>,
    set: impl Fn(bool) + 'static,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("setting-{name}");
    let hint_id = format!("{id}-hint");
    let (label_for, testid, described_by) = (id.clone(), id.clone(), hint_id.clone());
    view! {
        <div class="setting">
            <label class="choice" for=label_for>
                <input type="checkbox" id=id data-testid=testid
                    aria-describedby=described_by
                    prop:checked=move || checked.get()
                    on:change=move |ev| set(event_target_checked(&ev)) />
                <span class="choice-name">{move || i18n.t(label)}</span>
            </label>
            <p class="field-hint" id=hint_id>{move || i18n.t(hint)}</p>
            {children.map(|children| children())}
        </div>
    }
}
