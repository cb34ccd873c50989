//! Messages attached to form fields: shown next to the field, linked to it with
//! `aria-describedby`, and marked `aria-invalid`, so a screen reader reads why when it reaches it.

use leptos::prelude::*;

use crate::state::report::Field;

/// The current message of every field that has one (the resident's validation problems and
/// the server's rejections), shared by the report form's components through context.
#[derive(Debug, Clone, Copy)]
pub struct FieldMessages(pub Signal<Vec<(Field, String)>>);

impl FieldMessages {
    /// The message of `field`, if any (tracked).
    pub fn get(&self, field: &Field) -> Option<String> {
        self.0.with(|list| {
            let texts: Vec<&str> = list
                .iter()
                .filter(|(f, _)| f == field)
                .map(|(_, m)| m.as_str())
                .collect();
            (!texts.is_empty()).then(|| texts.join(" "))
        })
    }

    /// `aria-describedby` for `field`: its hint ids plus its message id when it has one.
    pub fn described_by(&self, field: &Field, hints: &[&str]) -> Option<String> {
        let mut ids: Vec<String> = hints.iter().map(|s| s.to_string()).collect();
        if self.get(field).is_some() {
            ids.push(field.error_id());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    /// `aria-invalid` for `field`.
    pub fn invalid(&self, field: &Field) -> Option<&'static str> {
        self.get(field).map(|_| "true")
    }
}

/// The messages from context (empty outside the report form).
pub fn use_messages() -> FieldMessages {
    use_context::<FieldMessages>().unwrap_or(FieldMessages(Signal::derive(Vec::new)))
}

/// The message paragraph of one field (rendered only while there is a message).
#[component]
pub fn FieldError(
    /// The field the message belongs to.
    field: Field,
) -> impl IntoView {
    let messages = use_messages();
    let id = field.error_id();
    move || {
        messages.get(&field).map(|m| {
            view! {
                <p class="field-error" id=id.clone()>
                    <span aria-hidden="true">"⚠ "</span>
                    {m}
                </p>
            }
        })
    }
}
