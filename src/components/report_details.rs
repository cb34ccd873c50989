//! Steps 3 and 4: what the resident saw (with a live x/4000 count) and, only if they choose,
//! how to reach them. Anonymous is the default; the privacy promise is stated before the box.

use leptos::prelude::*;

use super::report_field_error::{use_messages, FieldError};
use crate::i18n::{report_format, use_i18n, Key};
use crate::state::report::{Draft, Field, MAX_DESCRIPTION};

/// The description step.
#[component]
pub fn DescriptionStep(
    /// The form's draft.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let messages = use_messages();
    let field = Field::Description;
    let count = move || {
        report_format::char_count(
            i18n.lang(),
            draft.with(|d| d.description_len()),
            MAX_DESCRIPTION,
        )
    };
    let over = move || draft.with(|d| d.description_len() > MAX_DESCRIPTION);
    view! {
        <fieldset class="step">
            <legend>{i18n.text(Key::StepWhat)}</legend>
            <div class="field">
                <label class="field-label" for=field.dom_id()>{i18n.text(Key::DescriptionLabel)}</label>
                <p class="field-hint" id="report-description-hint">{i18n.text(Key::DescriptionHint)}</p>
                <textarea id=field.dom_id() data-testid="report-description" rows="5"
                    aria-describedby=move || messages.described_by(&Field::Description, &["report-description-hint", "report-description-count"])
                    aria-invalid=move || messages.invalid(&Field::Description)
                    prop:value=move || draft.with(|d| d.description.clone())
                    on:input=move |ev| draft.update(|d| d.description = event_target_value(&ev))></textarea>
                <p class="char-count" class:char-count-over=over id="report-description-count">{count}</p>
                <FieldError field=Field::Description />
            </div>
        </fieldset>
    }
}

/// The optional contact step.
#[component]
pub fn ContactStep(
    /// The form's draft.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let messages = use_messages();
    let on = move || draft.with(|d| d.contact);
    let input = move |field: Field,
                      kind: &'static str,
                      label: Key,
                      auto: &'static str,
                      get: fn(&Draft) -> String,
                      put: fn(&mut Draft, String)| {
        let id = field.dom_id();
        let f1 = field.clone();
        let f2 = field.clone();
        view! {
            <div class="field">
                <label class="field-label" for=id.clone()>{move || i18n.t(label)}</label>
                <input id=id type=kind autocomplete=auto
                    aria-describedby=move || messages.described_by(&f1, &[])
                    aria-invalid=move || messages.invalid(&f2)
                    prop:value=move || draft.with(get)
                    on:input=move |ev| draft.update(|d| put(d, event_target_value(&ev))) />
                <FieldError field=field />
            </div>
        }
    };
    view! {
        <fieldset class="step" id=Field::Contact.dom_id() tabindex="-1"
            aria-describedby=move || messages.described_by(&Field::Contact, &["report-privacy"])>
            <legend>{i18n.text(Key::StepContact)}</legend>
            <p class="field-hint">{i18n.text(Key::ContactAnonymous)}</p>
            <p class="privacy" id="report-privacy">{i18n.text(Key::ContactPrivacy)}</p>
            <label class="choice">
                <input type="checkbox" data-testid="report-contact-toggle" prop:checked=on
                    on:change=move |ev| draft.update(|d| d.contact = event_target_checked(&ev)) />
                <span class="choice-name">{i18n.text(Key::ContactCheckbox)}</span>
            </label>
            <FieldError field=Field::Contact />
            <Show when=on>
                {input(Field::Name, "text", Key::NameLabel, "name", |d| d.name.clone(), |d, v| d.name = v)}
                {input(Field::Email, "email", Key::EmailLabel, "email", |d| d.email.clone(), |d, v| d.email = v)}
                {input(Field::Phone, "tel", Key::PhoneLabel, "tel", |d| d.phone.clone(), |d, v| d.phone = v)}
            </Show>
        </fieldset>
    }
}
