//! The home page's way without location: a district select and a search by station name, always
//! on screen under the list so a resident whose web-view refuses geolocation is never stuck.

use leptos::prelude::*;

use crate::components::attr::attr;
use crate::reactive::reactive;

use crate::config::Config;
use crate::i18n::{use_i18n, Key};
use crate::state::district;

/// `<div class="manual">` with the district select and the name search.
#[component]
pub fn NearbyManual(
    /// The district now listed (its `name`), or empty (tracked).
    selected: impl Fn() -> String + Copy + Send + Sync + 'static,
    /// A district was chosen (its `name`). Plain closures, not `Callback`s: a `Callback` of a
    /// signature of its own was ~1.2 KB of generic code in the first download (issue #6).
    on_district: impl Fn(String) + Copy + Send + Sync + 'static,
    /// A search was asked for (the trimmed, non-empty text).
    on_search: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let cfg = StoredValue::new(use_context::<Config>().unwrap_or_default());
    // What the search box holds, read when the search is sent. Only typing changes it, so the box
    // keeps its own value: no reactive `prop:value` back into it.
    let search_text = RwSignal::new(String::new());
    // The "choose a district" line first, selected while none is: drawn with the districts, so
    // every `selected` is a plain value (a reactive one was generic code of its own, issue #6).
    let options = move || {
        let current = selected();
        let placeholder = (String::new(), i18n.t(Key::DistrictPlaceholder).to_string());
        std::iter::once(placeholder)
            .chain(cfg.with_value(|c| district::options(&c.districts, i18n.lang())))
            .map(|(value, label)| {
                let is_current = value == current;
                // As `AnyView`s, like the station cards: one copy of Leptos' list code.
                view! { <option {attr("value", value)} {attr("selected", is_current.then_some(""))}>{label}</option> }.into_any()
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="manual">
            <h2>{i18n.text(Key::ManualHeading)}</h2>
            <label class="field" {attr("for", "district-select")}>
                <span class="field-label">{i18n.text(Key::DistrictLabel)}</span>
                <select
                    {attr("id", "district-select")}
                    data-testid="district-select"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if !v.is_empty() {
                            on_district(v);
                        }
                    }
                >
                    {options}
                </select>
            </label>
            <form
                class="search"
                {attr("role", "search")}
                on:submit=move |ev| {
                    ev.prevent_default();
                    let q = search_text.get_untracked().trim().to_string();
                    if !q.is_empty() {
                        on_search(q);
                    }
                }
            >
                <label class="field" {attr("for", "station-search")}>
                    <span class="field-label">{i18n.text(Key::SearchLabel)}</span>
                    <input
                        {attr("id", "station-search")}
                        {attr("type", "search")}
                        data-testid="station-search"
                        {attr("autocomplete", "off")}
                        {attr("enterkeyhint", "search")}
                        {attr("placeholder", reactive(move || Some(i18n.t(Key::SearchPlaceholder))))}
                        on:input=move |ev| search_text.set(event_target_value(&ev))
                    />
                </label>
                <button {attr("type", "submit")} class="button button-secondary">{i18n.text(Key::SearchButton)}</button>
            </form>
        </div>
    }
}
