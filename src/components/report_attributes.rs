//! The chosen category's extra questions (`services/{code}.json`), each as the control its
//! datatype calls for: a select for lists, a number, date-time or text input otherwise.

use leptos::prelude::*;

use super::report_field_error::{use_messages, FieldError};
use crate::i18n::{use_i18n, Key};
use crate::state::report::{Attribute, Draft, Field};

/// The questions of the chosen category.
#[component]
pub fn AttributeFields(
    /// The form's draft.
    draft: RwSignal<Draft>,
    /// The attributes in display order.
    attributes: Vec<Attribute>,
) -> impl IntoView {
    attributes
        .into_iter()
        .map(|a| view! { <AttributeField draft=draft attribute=a /> })
        .collect_view()
}

#[component]
fn AttributeField(draft: RwSignal<Draft>, attribute: Attribute) -> impl IntoView {
    let i18n = use_i18n();
    let messages = use_messages();
    let field = Field::Attribute(attribute.code.clone());
    let id = field.dom_id();
    let hint_id = format!("{id}-hint");
    let code = StoredValue::new(attribute.code.clone());
    let value = move || {
        draft.with(|d| {
            d.attributes
                .get(&code.get_value())
                .cloned()
                .unwrap_or_default()
        })
    };
    let set = move |v: String| {
        draft.update(|d| {
            d.attributes.insert(code.get_value(), v);
        })
    };
    let has_hint = !attribute.datatype_description.is_empty();
    let hints: Vec<String> = if has_hint {
        vec![hint_id.clone()]
    } else {
        Vec::new()
    };
    let described = {
        let field = field.clone();
        move || {
            let h: Vec<&str> = hints.iter().map(String::as_str).collect();
            messages.described_by(&field, &h)
        }
    };
    let invalid = {
        let field = field.clone();
        move || messages.invalid(&field)
    };
    let required = attribute.required;
    let control = match attribute.datatype.as_str() {
        "singlevaluelist" | "multivaluelist" => {
            let options = attribute
                .values
                .iter()
                .map(|v| {
                    let key = v.key.clone();
                    let selected = move || value() == key;
                    view! { <option value=v.key.clone() selected=selected>{v.name.clone()}</option> }
                })
                .collect_view();
            view! {
                <select id=id.clone() required=required aria-describedby=described aria-invalid=invalid
                    on:change=move |ev| set(event_target_value(&ev))>
                    <option value="" selected=move || value().is_empty()>{i18n.text(Key::ChooseOption)}</option>
                    {options}
                </select>
            }
            .into_any()
        }
        "text" => view! {
            <textarea id=id.clone() rows="3" required=required aria-describedby=described aria-invalid=invalid
                prop:value=value on:input=move |ev| set(event_target_value(&ev))></textarea>
        }
        .into_any(),
        other => {
            let kind = match other {
                "number" => "number",
                "datetime" => "datetime-local",
                _ => "text",
            };
            view! {
                <input id=id.clone() type=kind required=required aria-describedby=described aria-invalid=invalid
                    prop:value=value on:input=move |ev| set(event_target_value(&ev)) />
            }
            .into_any()
        }
    };
    view! {
        <div class="field">
            <label class="field-label" for=id>
                {attribute.description.clone()}
                {required.then(|| view! { <span class="required">{i18n.text(Key::RequiredMark)}</span> })}
            </label>
            {has_hint.then(|| view! { <p class="field-hint" id=hint_id.clone()>{attribute.datatype_description.clone()}</p> })}
            {control}
            <FieldError field=field.clone() />
        </div>
    }
}
