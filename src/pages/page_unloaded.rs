//! What a lazily loaded page shows when its code could not be fetched (see `lazy.rs`): offline
//! before the phone had kept it, or a connection that dropped on the way. The rest of the app
//! keeps working; the resident is told why, in their language, and can try again or go home.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::attr::attr;

use crate::components::status_line::{Retry, Sentence, StatusLine};
use crate::i18n::{use_i18n, Key};
use crate::platform::{document, network};

/// The page in place of one whose code did not arrive (`data-testid="page-unloaded"`).
#[component]
pub fn PageUnloaded() -> impl IntoView {
    let i18n = use_i18n();
    // Tapping "try again" while still offline would only swap the app for the browser's own error
    // page, so it says "still offline" instead; online, a reload starts the page afresh.
    let still_offline = RwSignal::new(false);
    let message: Sentence = Arc::new(move || {
        let key = if still_offline.get() {
            Key::StatusOffline
        } else {
            Key::PageNotSaved
        };
        i18n.t(key).to_string()
    });
    let retry: Retry = Arc::new(move || {
        if network::is_online() {
            document::reload();
        } else {
            still_offline.set(true);
        }
    });
    view! {
        <section class="page" data-testid="page-unloaded">
            <h1>{i18n.text(Key::PageUnloadedTitle)}</h1>
            <StatusLine message=message failed=Memo::new(|_| true) on_retry=retry />
            <p><a {attr("href", document::app_href("/"))} class="button button-secondary">{i18n.text(Key::GoHome)}</a></p>
        </section>
    }
}
