//! Step 5: everything that will be sent, in words, before the send button — so the resident
//! sees exactly what the water department gets (and that it is anonymous when it is).

use leptos::prelude::*;

use crate::i18n::{report_format, use_i18n, Key};
use crate::state::report::{Draft, ServiceDefinition, WhereMode};

/// The review list.
#[component]
pub fn Review(
    /// The form's draft.
    draft: RwSignal<Draft>,
    /// The chosen category's name.
    #[prop(into)]
    service_name: Signal<String>,
    /// The chosen category's questions, to name the answers.
    #[prop(into)]
    definition: Signal<Option<ServiceDefinition>>,
    /// How many photos go with it and their bytes.
    #[prop(into, optional)]
    photos: Signal<(usize, u64)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let or_empty = move |s: String| {
        if s.trim().is_empty() {
            i18n.t(Key::ReviewEmpty).to_string()
        } else {
            s
        }
    };
    let category = move || {
        let mut parts = vec![service_name.get()];
        if let Some(def) = definition.get() {
            draft.with(|d| {
                for a in def.ordered() {
                    if let Some(v) = d.attributes.get(&a.code).filter(|v| !v.is_empty()) {
                        let shown = a
                            .values
                            .iter()
                            .find(|x| &x.key == v)
                            .map_or(v.clone(), |x| x.name.clone());
                        parts.push(format!("{}: {shown}", a.description));
                    }
                }
            });
        }
        or_empty(
            parts
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
        )
    };
    let place = move || {
        let lang = i18n.lang();
        draft.with(|d| {
            let mut parts = Vec::new();
            match d.mode {
                WhereMode::Station => {
                    if let Some((id, _, _)) = &d.station {
                        parts.push(report_format::station_place(lang, id));
                    }
                }
                WhereMode::Here => {
                    if let Some((lat, lon, acc)) = d.here {
                        parts.push(report_format::coordinates(lat, lon));
                        parts.push(report_format::accuracy(lang, acc));
                    }
                }
                WhereMode::Address => {}
            }
            if !d.address.trim().is_empty() {
                parts.push(d.address.trim().to_string());
            }
            or_empty(parts.join(" · "))
        })
    };
    let contact = move || {
        draft.with(|d| {
            if !d.contact {
                return i18n.t(Key::ReviewAnonymous).to_string();
            }
            let given: Vec<&str> = [&d.name, &d.email, &d.phone]
                .into_iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect();
            or_empty(given.join(" · "))
        })
    };
    view! {
        <dl class="review" data-testid="report-review">
            <dt>{i18n.text(Key::ReviewCategory)}</dt>
            <dd>{category}</dd>
            <dt>{i18n.text(Key::ReviewPlace)}</dt>
            <dd>{place}</dd>
            <dt>{i18n.text(Key::ReviewDescription)}</dt>
            <dd class="review-description">{move || or_empty(draft.with(|d| d.description.trim().to_string()))}</dd>
            <Show when=move || photos.get().0 != 0>
                <dt>{i18n.text(Key::ReviewPhotos)}</dt>
                <dd>{move || { let (n, bytes) = photos.get(); report_format::photos_summary(i18n.lang(), n, bytes) }}</dd>
            </Show>
            <dt>{i18n.text(Key::ReviewContact)}</dt>
            <dd>{contact}</dd>
        </dl>
    }
}
