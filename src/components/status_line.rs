//! A polite live region with an optional retry button: every loading, empty, offline and error
//! state is announced, and every failure can be retried without reloading.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// The status sentence (`role="status"`) and, when `failed`, a retry button beside it.
#[component]
pub fn StatusLine(
    /// The sentence to announce.
    #[prop(into)]
    message: Signal<String>,
    /// Whether to offer a retry.
    #[prop(into)]
    failed: Signal<bool>,
    /// What a retry does.
    on_retry: Callback<()>,
    /// `data-testid` of the live region.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let failed = Memo::new(move |_| failed.get());
    view! {
        <div class=move || if failed.get() { "status status-failed" } else { "status" }.to_string()>
            <p class="status-text" role="status" aria-live="polite" data-testid=testid>
                {move || message.get()}
            </p>
            {move || failed.get().then(|| view! {
                <button type="button" class="button button-secondary" on:click=move |_| on_retry.run(())>
                    {i18n.text(Key::Retry)}
                </button>
            }.into_any())}
        </div>
    }
}
