//! Step 2: where the problem is — the phone's position with its accuracy, the station the
//! resident came from, or a typed address or landmark.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::report_field_error::{use_messages, FieldError};
use crate::i18n::{report_format, use_i18n, Key};
use crate::platform::geolocation;
use crate::state::report::{Draft, Field, WhereMode};

/// How long GPS may take: outdoors a first fix can need half a minute.
const LOCATE_TIMEOUT_MS: u32 = 30_000;

/// The place step.
#[component]
pub fn WhereStep(
    /// The form's draft.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let messages = use_messages();
    let locating = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let mode = move || draft.with(|d| d.mode);
    let set_mode = move |m: WhereMode| draft.update(|d| d.mode = m);
    let locate = move |_| {
        locating.set(true);
        failed.set(false);
        set_mode(WhereMode::Here);
        spawn_local(async move {
            let fix = geolocation::current_fix(LOCATE_TIMEOUT_MS, true).await;
            locating.try_set(false);
            match fix {
                Ok(f) => {
                    draft.try_update(|d| {
                        d.here = Some((f.position.lat, f.position.lon, f.accuracy_m));
                        d.mode = WhereMode::Here;
                    });
                }
                Err(_) => {
                    failed.try_set(true);
                    draft.try_update(|d| d.mode = WhereMode::Address);
                }
            }
        });
    };
    let here_text = move || {
        if locating.get() {
            return i18n.t(Key::LocatingNow).to_string();
        }
        if failed.get() {
            return i18n.t(Key::ReportLocFailed).to_string();
        }
        draft.with(|d| d.here).map_or(String::new(), |(_, _, acc)| {
            report_format::accuracy(i18n.lang(), acc)
        })
    };
    let station = move || draft.with(|d| d.station.clone());
    let radio = move |m: WhereMode, key: Key| {
        view! {
            <label class="choice">
                <input type="radio" name="where" prop:checked=move || mode() == m on:change=move |_| set_mode(m) />
                <span class="choice-name">{move || i18n.t(key)}</span>
            </label>
        }
    };
    view! {
        <fieldset class="step" id=Field::Location.dom_id() tabindex="-1"
            aria-describedby=move || messages.described_by(&Field::Location, &["report-where-status"])>
            <legend>{i18n.text(Key::StepWhere)}<span class="required">{i18n.text(Key::RequiredMark)}</span></legend>
            {radio(WhereMode::Here, Key::WhereHere)}
            <div class="where-here">
                <button type="button" class="button button-secondary" data-testid="report-locate"
                    disabled=move || locating.get() on:click=locate>
                    {i18n.text(Key::LocateNow)}
                </button>
                <p class="field-hint" id="report-where-status" role="status" aria-live="polite">{here_text}</p>
            </div>
            {move || station().map(|(id, _, _)| view! {
                <div>
                    {radio(WhereMode::Station, Key::WhereStation)}
                    <p class="field-hint">{move || report_format::station_place(i18n.lang(), &id)}</p>
                </div>
            })}
            {radio(WhereMode::Address, Key::WhereAddress)}
            <label class="field" for="report-address">
                <span class="field-label">{i18n.text(Key::AddressLabel)}</span>
                <input id="report-address" type="text" autocomplete="street-address"
                    placeholder=i18n.text(Key::AddressPlaceholder)
                    prop:value=move || draft.with(|d| d.address.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| {
                            if d.position().is_none() && !v.trim().is_empty() {
                                d.mode = WhereMode::Address;
                            }
                            d.address = v;
                        })
                    } />
            </label>
            <FieldError field=Field::Location />
        </fieldset>
    }
}
