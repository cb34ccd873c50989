//! One station in the nearby list: the whole card is a link to its page.

use leptos::prelude::*;

use crate::reactive::reactive;

use crate::components::attr::attr;
use qingshui_core::advice::advice;
use qingshui_core::quality::level;
use qingshui_core::sta::IotId;
use qingshui_core::station::{StationReport, Status};
use qingshui_core::time::age;

use super::class_badge::{ClassBadge, NoClassBadge};
use crate::i18n::{format, text, use_i18n, Key, Lang};
use crate::platform::clock;
use crate::state::nearby::NearStation;

/// The station's name in `lang`: the English name when English is chosen and one exists.
pub fn station_name(r: &StationReport, lang: Lang) -> String {
    match (lang, &r.name_en) {
        (Lang::En, Some(en)) if !en.trim().is_empty() => en.clone(),
        _ => r.name.clone(),
    }
}

/// `/station/ID`, with the id percent-encoded so string ids with spaces or slashes survive.
pub fn station_href(id: &IotId) -> String {
    let raw = id.to_string();
    let mut out = String::from("/station/");
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// "updated 3 h ago", "No recent data (last reading 3 days ago)" or "No data yet".
pub fn freshness(lang: Lang, r: &StationReport, now_ms: i64) -> String {
    match &r.status {
        Status::Classified { .. } => match r.latest_ms {
            Some(t) => format::updated(lang, age(now_ms, t)),
            None => String::new(),
        },
        Status::NoRecentData { last_ms } => {
            format::no_recent(lang, last_ms.map(|t| age(now_ms, t)))
        }
        Status::NoData => text(lang, Key::NoData).to_string(),
    }
}

/// A list item `<li data-station-id>` for the nearby list.
#[component]
pub fn StationCard(
    /// The station and its distance.
    station: NearStation,
) -> impl IntoView {
    let i18n = use_i18n();
    // The report is shared by the texts that follow the language through its `Arc`, not a
    // `StoredValue`: a type kept in Leptos' arena brings its own copy of the signal code into the
    // first download (issue #6).
    let NearStation {
        report: r,
        distance_m,
    } = station;
    let now = clock::now_ms();
    let href = station_href(&r.id);
    let id = r.id.to_string();
    let name = {
        let r = r.clone();
        move || station_name(&r, i18n.lang())
    };
    let level_key = match &r.status {
        Status::Classified { class, .. } => Some(*class),
        _ => None,
    };
    let badge = match level_key {
        Some(class) => view! { <ClassBadge class /> }.into_any(),
        None => view! { <NoClassBadge /> }.into_any(),
    };
    let level_text = move || match level_key {
        Some(c) => format::level(i18n.lang(), level(c)).to_string(),
        // The freshness line below already says "no recent data"; saying it twice is noise.
        None => String::new(),
    };
    let deciding_text = level_key.map(|class| {
        let r = r.clone();
        let line = move || match &r.status {
            Status::Classified { deciding, .. } => {
                format::deciding_short(i18n.lang(), class, deciding, r.water_body, r.target)
            }
            _ => String::new(),
        };
        view! { <span class="card-deciding" data-testid="deciding-item">{reactive(line)}</span> }
    });
    let advice_text = level_key.map(|c| {
        let a = advice(c);
        view! { <span class="card-advice">{move || format::advice_line(i18n.lang(), &a)}</span> }
    });
    let distance = distance_m.map(|m| {
        view! {
            <span class="card-distance" data-testid="station-distance" data-metres=(m.round() as i64).to_string()>
                {format::distance(m)}
            </span>
        }
    });
    let fresh = move || freshness(i18n.lang(), &r, now);
    view! {
        <li class="card" data-station-id=id>
            <a class="card-link" {attr("href", crate::platform::document::app_href(&href))}>
                <span class="card-head">
                    <span class="card-name">{reactive(name)}</span>
                    {distance}
                </span>
                <span class="card-status">
                    {badge}
                    <span class="card-level">{reactive(level_text)}</span>
                </span>
                {deciding_text}
                <span class="card-fresh" data-testid="freshness">{reactive(fresh)}</span>
                {advice_text}
            </a>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_encode_string_ids() {
        assert_eq!(station_href(&IotId::Num(17)), "/station/17");
        assert_eq!(
            station_href(&IotId::Str("a b/c".into())),
            "/station/a%20b%2Fc"
        );
        assert_eq!(station_href(&IotId::Str("寸".into())), "/station/%E5%AF%B8");
    }
}
