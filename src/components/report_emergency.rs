//! The emergency numbers, shown first when a category may endanger people right now: a
//! report is read hours later, a phone call is answered at once.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// Call links for 119 and 12345 (`data-testid="emergency-calls"`).
#[component]
pub fn EmergencyCalls() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <aside class="emergency" data-testid="emergency-calls" role="alert">
            <p class="emergency-heading">{i18n.text(Key::EmergencyHeading)}</p>
            <p class="emergency-links">
                <a class="button button-danger" href="tel:119">{i18n.text(Key::EmergencyFire)}</a>
                <a class="button button-danger" href="tel:12345">{i18n.text(Key::EmergencyHotline)}</a>
            </p>
        </aside>
    }
}
