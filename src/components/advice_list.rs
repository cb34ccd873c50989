//! What the water is fit for, use by use, as text with a ✓/✗ mark (the mark is decoration; the
//! words "suitable"/"not suitable" carry the meaning).

use leptos::prelude::*;
use qingshui_core::advice::{advice, Use};
use qingshui_core::quality::WaterClass;

use crate::i18n::{format, use_i18n, Key, Lang};

/// The four uses with a verdict each; 劣V adds "avoid contact".
#[component]
pub fn AdviceList(
    /// The station class the advice follows from.
    class: WaterClass,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = advice(class);
    let avoid = a.avoid_contact;
    let rows = Use::ALL
        .into_iter()
        .map(|u| {
            let ok = a.suitable.contains(&u);
            view! {
                <li class=if ok { "advice-ok" } else { "advice-no" }>
                    <span class="advice-mark" aria-hidden="true">{if ok { "✓" } else { "✗" }}</span>
                    <span class="advice-use">{move || format::capitalise(format::water_use(i18n.lang(), u))}</span>
                    {move || if i18n.lang() == Lang::ZhCn { "：" } else { ": " }}
                    <strong>{move || i18n.t(if ok { Key::Suitable } else { Key::Unsuitable })}</strong>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="advice-list">{rows}</ul>
        {avoid.then(|| view! { <p class="advice-avoid"><strong>{i18n.text(Key::AvoidContact)}</strong></p> })}
    }
}
