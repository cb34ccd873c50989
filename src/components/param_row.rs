//! One measured item on the station page: value, its class, the limit it meets or breaks, the
//! target verdict and the 7-day trend.

use leptos::prelude::*;
use qingshui_core::quality::{limit, WaterBody, WaterClass};
use qingshui_core::station::ItemReport;

use super::class_badge::ClassBadge;
use super::trend_chart::TrendChart;
use crate::i18n::{format, use_i18n, Key, Lang};

/// The item's display name: the standard name for known parameters, else the server's label.
pub fn item_name(item: &ItemReport, lang: Lang) -> String {
    match item.parameter {
        Some(p) => format::parameter_title(lang, p),
        None => item.label.clone(),
    }
}

/// `<li data-testid="param-row" data-param="nh3n">`.
#[component]
pub fn ParamRow(
    /// The item as assessed by core.
    item: ItemReport,
    /// The station's water body (limits differ for lakes and reservoirs).
    body: WaterBody,
    /// The station's target class, if any.
    target: Option<WaterClass>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = item.parameter.map_or("other", |p| p.key());
    let it = StoredValue::new(item.clone());
    let name = Signal::derive(move || it.with_value(|i| item_name(i, i18n.lang())));
    let value = format::quantity(item.value, &item.unit);
    let class_view = match item.class {
        Some(c) => view! { <ClassBadge class=c primary=false /> }.into_any(),
        None => view! { <span class="muted">{i18n.text(Key::NotAssessed)}</span> }.into_any(),
    };
    let limit_line = move || {
        it.with_value(|i| match (i.parameter, i.class) {
            (Some(p), Some(c)) => format::item_limit(i18n.lang(), p, body, c),
            _ => None,
        })
    };
    let target_line = move || {
        it.with_value(|i| {
            let (t, met) = (target?, i.meets_target?);
            let verdict = i18n.t(if met {
                Key::TargetMet
            } else {
                Key::TargetNotMet
            });
            let lim = i
                .parameter
                .and_then(|p| format::limit(p, body, t))
                .unwrap_or_default();
            Some(match i18n.lang() {
                Lang::ZhCn => format!("目标{}类（{lim}）：{verdict}", t.roman()),
                Lang::En => format!("target class {} ({lim}): {verdict}", t.roman()),
            })
        })
    };
    let stale = (!item.fresh).then(|| {
        view! { <p class="param-stale">{i18n.text(Key::NoRecentData)}</p> }
    });
    let chart_limit = item
        .parameter
        .zip(target)
        .and_then(|(p, t)| limit(p, body, t));
    view! {
        <li class="param-row" data-testid="param-row" data-param=key>
            <div class="param-head">
                <span class="param-name">{move || name.get()}</span>
                <span class="param-value">{value}</span>
            </div>
            <div class="param-class">{class_view}<span class="param-limit">{limit_line}</span></div>
            <p class="param-target">{target_line}</p>
            {stale}
            <TrendChart name=name series=item.series unit=item.unit limit=chart_limit />
        </li>
    }
}
