//! A polite live region with an optional retry button: every loading, empty, offline and error
//! state is announced, and every failure can be retried without reloading.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::attr::attr;
use crate::reactive::reactive;

use crate::i18n::{use_i18n, Key};

/// A sentence that follows what it tells (tracked when drawn). A shared closure, not a
/// `Signal<String>`, whose generic code was ~4 KB of the first download (issue #6).
pub type Sentence = Arc<dyn Fn() -> String + Send + Sync>;

/// What a retry does. A shared closure like [`Sentence`], not a `Callback` (an arena type).
pub type Retry = Arc<dyn Fn() + Send + Sync>;

/// The status sentence (`role="status"`) and, when `failed`, a retry button beside it.
#[component]
pub fn StatusLine(
    /// The sentence to announce.
    message: Sentence,
    /// Whether to offer a retry. A `Memo`, not a `Signal`: the first view has memos of `bool`
    /// anyway, and a `Signal<bool>` was ~1.3 KB of generic code of its own (issue #6).
    failed: Memo<bool>,
    /// What a retry does.
    on_retry: Retry,
    /// `data-testid` of the live region.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div {attr("class", reactive(move || Some(if failed.get() { "status status-failed" } else { "status" })))}>
            <p class="status-text" {attr("role", "status")} {attr("aria-live", "polite")} data-testid=testid>
                {move || message()}
            </p>
            {move || failed.get().then(|| {
                let on_retry = on_retry.clone();
                view! {
                    <button {attr("type", "button")} class="button button-secondary" on:click=move |_| on_retry()>
                        {i18n.text(Key::Retry)}
                    </button>
                }
                .into_any()
            })}
        </div>
    }
}
