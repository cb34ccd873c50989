//! The home page: the nearest stations' status, by position, district or name.
//!
//! The district select and the name search are always visible under the location button, so a
//! resident whose web-view refuses geolocation is never stuck.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qingshui_core::geo::LatLon;
use qingshui_core::station::assess;

use crate::api;
use crate::components::station_card::StationCard;
use crate::components::status_line::StatusLine;
use crate::config::{Config, District};
use crate::i18n::{format, text, use_i18n, Key, Lang};
use crate::platform::{clock, geolocation, storage};
use crate::state::nearby::{NearbyState, Phase, Problem, Query};
use crate::state::{district, handover};

/// How long the browser may take to locate the phone.
const LOCATE_TIMEOUT_MS: u32 = 15_000;

/// The last district chosen, so a resident without location sees their district again.
const DISTRICT_KEY: &str = "qingshui.district";

/// The phone's position: the one a host handed over in the URL (a mini-program knows it, and its
/// web-view may not let us ask), else the browser's.
async fn locate() -> Result<LatLon, geolocation::GeoError> {
    match handover::current().position {
        Some(p) => Ok(p),
        None => geolocation::current_position(LOCATE_TIMEOUT_MS).await,
    }
}

/// The live-region sentence for a state.
pub fn status_message(lang: Lang, s: &NearbyState, districts: &[District]) -> String {
    let t = |k| text(lang, k).to_string();
    let searching = matches!(s.query, Some(Query::Search(_)));
    match &s.phase {
        Phase::Idle => t(Key::StatusIdle),
        Phase::Locating => t(Key::StatusLocating),
        Phase::Loading if searching => t(Key::StatusSearching),
        Phase::Loading => t(Key::StatusLoading),
        Phase::Empty if searching => t(Key::SearchEmpty),
        Phase::Empty => t(Key::StatusEmpty),
        Phase::Loaded => {
            let n = s.stations.len();
            match &s.query {
                Some(Query::Search(q)) => format::search_results(lang, n, q),
                Some(Query::District(name)) => {
                    let place = district::find(districts, name)
                        .map_or(name.as_str(), |d| district::display_name(d, lang));
                    format::stations_near(lang, n, Some(place))
                }
                _ => format::stations_near(lang, n, None),
            }
        }
        Phase::Failed(p) => t(match p {
            Problem::LocationDenied => Key::LocDenied,
            Problem::LocationUnavailable => Key::LocUnavailable,
            Problem::LocationTimeout => Key::LocTimeout,
            Problem::LocationUnsupported => Key::LocUnsupported,
            Problem::Offline => Key::StatusOffline,
            Problem::Timeout => Key::StatusTimeout,
            Problem::Server => Key::StatusServer,
            Problem::BadAnswer => Key::StatusBadAnswer,
            Problem::Network => Key::StatusNetwork,
        }),
    }
}

/// Runs one query to the end and records it in `state` (unless a newer query started).
async fn run_query(
    cfg: Config,
    query: Query,
    generation: u64,
    state: RwSignal<NearbyState>,
    position: RwSignal<Option<LatLon>>,
) {
    let (origin, fetched) = match &query {
        Query::Position => match locate().await {
            Ok(p) => {
                position.try_set(Some(p));
                state.try_update(|s| s.located(generation));
                (Some(p), api::nearby(&cfg, p).await)
            }
            Err(e) => {
                state.try_update(|s| s.finish(generation, Err(e.into()), None, 0));
                return;
            }
        },
        Query::District(name) => {
            let Some(centre) = district::find(&cfg.districts, name).map(District::centre) else {
                state.try_update(|s| s.finish(generation, Ok(Vec::new()), None, 0));
                return;
            };
            (Some(centre), api::nearby(&cfg, centre).await)
        }
        // Search results are measured from the last known position, if any.
        Query::Search(q) => (position.get_untracked(), api::search(&cfg, q).await),
    };
    let keep = match query {
        Query::Search(_) => api::SEARCH_TOP as usize,
        _ => cfg.nearby_count,
    };
    let now = clock::now_ms();
    let result = fetched
        .map(|things| {
            things
                .iter()
                .map(|t| assess(t, now, cfg.freshness_ms()))
                .collect()
        })
        .map_err(|e| Problem::from(&e));
    state.try_update(|s| s.finish(generation, result, origin, keep));
}

/// Scrolls the focused element into view, bottom-aligned so the list above it shows, when it is
/// one of the manual controls below the list.
fn keep_manual_focus_in_view() {
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    if let Some(el) = focused.filter(|el| el.closest(".manual").ok().flatten().is_some()) {
        el.scroll_into_view_with_bool(false);
    }
}

/// The home page.
#[component]
pub fn NearbyPage() -> impl IntoView {
    let i18n = use_i18n();
    let cfg = StoredValue::new(use_context::<Config>().unwrap_or_default());
    let state = RwSignal::new(NearbyState::default());
    let position = RwSignal::new(None::<LatLon>);
    let search_text = RwSignal::new(String::new());

    let run = move |query: Query| {
        let Some(generation) = state.try_update(|s| s.begin(query.clone())) else {
            return;
        };
        spawn_local(run_query(
            cfg.get_value(),
            query,
            generation,
            state,
            position,
        ));
    };
    // A returning resident gets their list without a click: by position when permission is
    // already granted, else by the district they chose last time.
    spawn_local(async move {
        // A position handed over by a host (`?lat=..&lng=..`) lists at once, with no prompt.
        let granted =
            handover::current().position.is_some() || geolocation::already_granted().await;
        // Gone (page left) or the resident already asked for something: do nothing.
        if state.try_with_untracked(|s| s.query.is_none()) != Some(true) {
            return;
        }
        if granted {
            run(Query::Position);
        } else if let Some(d) = storage::get(DISTRICT_KEY) {
            if cfg.try_with_value(|c| district::find(&c.districts, &d).is_some()) == Some(true) {
                run(Query::District(d));
            }
        }
    });
    let retry = Callback::new(move |_| {
        let query = state
            .with_untracked(|s| s.query.clone())
            .unwrap_or(Query::Position);
        run(query);
    });
    // Back online after an offline or network failure: retry without making the resident tap.
    let online = window_event_listener(leptos::ev::online, move |_| {
        let lost = state.try_with_untracked(|s| {
            matches!(s.phase, Phase::Failed(Problem::Offline | Problem::Network))
        });
        if lost == Some(true) {
            retry.run(());
        }
    });
    on_cleanup(move || online.remove());
    // The list sits above the district select and the search, so a new list pushes them down, often
    // off screen: the control the resident is using stays in view (WCAG 2.4.11, focus not obscured).
    Effect::new(move |_| {
        state.track();
        request_animation_frame(keep_manual_focus_in_view);
    });
    let message = Signal::derive(move || {
        let lang = i18n.lang();
        state.with(|s| cfg.with_value(|c| status_message(lang, s, &c.districts)))
    });
    let failed = Signal::derive(move || state.with(|s| matches!(s.phase, Phase::Failed(_))));
    let selected = move || match state.with(|s| s.query.clone()) {
        Some(Query::District(d)) => d,
        _ => String::new(),
    };
    let options = move || {
        let current = selected();
        cfg.with_value(|c| district::options(&c.districts, i18n.lang()))
            .into_iter()
            .map(|(value, label)| {
                let is_current = value == current;
                view! { <option value=value selected=is_current>{label}</option> }
            })
            .collect_view()
    };
    let cards = move || {
        state
            .with(|s| s.stations.clone())
            .into_iter()
            .map(|st| view! { <StationCard station=st /> })
            .collect_view()
    };

    view! {
        <section class="page nearby">
            <h1>{move || i18n.t(Key::NearbyHeading)}</h1>
            <p class="why">{move || i18n.t(Key::WhyLocation)}</p>
            <button type="button" class="button button-primary" data-testid="locate-button" on:click=move |_| run(Query::Position)>
                <svg class="icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
                    <circle cx="10" cy="10" r="3.5"></circle>
                    <path d="M10 1v4M10 15v4M1 10h4M15 10h4" fill="none"></path>
                </svg>
                {move || i18n.t(Key::LocateButton)}
            </button>
            <StatusLine message=message failed=failed on_retry=retry testid="nearby-status" />
            <ol class="station-list" data-testid="station-list" aria-busy=move || state.with(|s| s.busy()).to_string()>
                {cards}
            </ol>
            <div class="manual">
                <h2>{move || i18n.t(Key::ManualHeading)}</h2>
                <label class="field" for="district-select">
                    <span class="field-label">{move || i18n.t(Key::DistrictLabel)}</span>
                    <select
                        id="district-select"
                        data-testid="district-select"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if !v.is_empty() {
                                storage::set(DISTRICT_KEY, &v);
                                run(Query::District(v));
                            }
                        }
                    >
                        <option value="" selected=move || selected().is_empty()>{move || i18n.t(Key::DistrictPlaceholder)}</option>
                        {options}
                    </select>
                </label>
                <form
                    class="search"
                    role="search"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        let q = search_text.get_untracked().trim().to_string();
                        if !q.is_empty() {
                            run(Query::Search(q));
                        }
                    }
                >
                    <label class="field" for="station-search">
                        <span class="field-label">{move || i18n.t(Key::SearchLabel)}</span>
                        <input
                            id="station-search"
                            type="search"
                            data-testid="station-search"
                            autocomplete="off"
                            enterkeyhint="search"
                            placeholder=move || i18n.t(Key::SearchPlaceholder)
                            prop:value=move || search_text.get()
                            on:input=move |ev| search_text.set(event_target_value(&ev))
                        />
                    </label>
                    <button type="submit" class="button button-secondary">{move || i18n.t(Key::SearchButton)}</button>
                </form>
            </div>
        </section>
    }
}
