//! Step 1: the category, from the server's catalogue, grouped and searchable by name and
//! keywords, as radio buttons (one choice, every option visible without opening a menu).

use leptos::prelude::*;

use super::report_field_error::{use_messages, FieldError};
use crate::api::fetched::Fetched;
use crate::api::ApiError;
use crate::i18n::{use_i18n, Key};
use crate::state::report::{grouped, Draft, Field, Service};

/// The category step.
#[component]
pub fn CategoryStep(
    /// The form's draft.
    draft: RwSignal<Draft>,
    /// The catalogue, once loaded.
    services: Fetched<Result<Vec<Service>, ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let messages = use_messages();
    let query = RwSignal::new(String::new());
    let field = Field::Service;
    let list = move || {
        match services.get() {
        None => view! { <p class="status-text" role="status">{i18n.text(Key::CategoriesLoading)}</p> }.into_any(),
        Some(Err(_)) => view! {
            <p class="status-text status-failed" role="status">{i18n.text(Key::StatusServer)}</p>
            <button type="button" class="button button-secondary" on:click=move |_| services.refetch()>
                {i18n.text(Key::Retry)}
            </button>
        }
        .into_any(),
        Some(Ok(all)) => {
            let groups = grouped(&all, &query.get());
            if groups.is_empty() {
                return view! { <p class="status-text" role="status">{i18n.text(Key::CategoriesEmpty)}</p> }.into_any();
            }
            groups
                .into_iter()
                .map(|(group, items)| {
                    let radios = items
                        .into_iter()
                        .map(|s| {
                            let code = s.service_code.clone();
                            let attr_code = code.clone();
                            let value_code = code.clone();
                            let checked = {
                                let code = code.clone();
                                move || draft.with(|d| d.service_code == code)
                            };
                            let pick = {
                                let code = code.clone();
                                move |_| draft.update(|d| d.choose_service(&code))
                            };
                            view! {
                                <li data-service-code=attr_code>
                                    <label class="choice">
                                        <input type="radio" name="service_code" value=value_code prop:checked=checked on:change=pick />
                                        <span class="choice-name">{s.service_name.clone()}</span>
                                        <span class="choice-hint">{s.description.clone()}</span>
                                    </label>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <fieldset class="category-group">
                            <legend>{group}</legend>
                            <ul class="choices">{radios}</ul>
                        </fieldset>
                    }
                })
                .collect_view()
                .into_any()
        }
    }
    };
    view! {
        <fieldset class="step" id=field.dom_id() tabindex="-1" aria-describedby=move || messages.described_by(&Field::Service, &[])>
            <legend>{i18n.text(Key::StepCategory)}<span class="required">{i18n.text(Key::RequiredMark)}</span></legend>
            <label class="field" for="report-category-search">
                <span class="field-label">{i18n.text(Key::CategorySearchLabel)}</span>
                <input
                    id="report-category-search"
                    type="search"
                    autocomplete="off"
                    placeholder=i18n.text(Key::CategorySearchPlaceholder)
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </label>
            <FieldError field=Field::Service />
            <div class="category-list" data-testid="service-select">{list}</div>
        </fieldset>
    }
}
