//! "Follow this report": puts someone else's report into My reports without filing a new one.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};
use crate::platform::{clock, document, storage};
use crate::state::my_reports::{follow, is_kept, kept_json, parse_kept, REPORTS_KEY};

/// The follow button; once the report is kept it becomes a link to My reports.
#[component]
pub fn FollowButton(
    /// The report's id.
    id: String,
    /// Its category, to name it in My reports before the server answers.
    service_code: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(id);
    let kept = RwSignal::new(
        id.with_value(|id| is_kept(&parse_kept(storage::get(REPORTS_KEY).as_deref()), id)),
    );
    let on_follow = move |_| {
        // Read again: another tab may have changed the list since this page loaded.
        let mut list = parse_kept(storage::get(REPORTS_KEY).as_deref());
        id.with_value(|id| follow(&mut list, id, &service_code, clock::now_ms()));
        storage::set(REPORTS_KEY, &kept_json(&list));
        kept.set(true);
        // The button is replaced by the link: keep the keyboard where the resident was.
        let target = id.with_value(|id| format!("followed-{id}"));
        request_animation_frame(move || document::focus_by_id(&target));
    };
    move || {
        if kept.get() {
            view! {
                <p class="followed" role="status">
                    <a href={crate::platform::document::app_href("/my-reports")} id=id.with_value(|id| format!("followed-{id}"))>{i18n.text(Key::FollowingReport)}</a>
                </p>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class="button button-secondary" data-testid="follow-report" on:click=on_follow.clone()>
                    {i18n.text(Key::FollowReport)}
                </button>
            }
            .into_any()
        }
    }
}
