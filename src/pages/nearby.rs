//! The home page: the nearest stations' status, by position, district or name.
//!
//! The district select and the name search are always visible under the location button, so a
//! resident whose web-view refuses geolocation is never stuck. The last list is kept on the phone:
//! shown at once on the next visit ("last updated …") and instead of an error when offline.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::attr::attr;
use leptos::task::spawn_local;
use qingshui_core::geo::LatLon;
use qingshui_core::sta::Thing;
use qingshui_core::station::assess;
use qingshui_core::time::age;

use crate::api;
use crate::components::icon::icon;
use crate::components::modes::use_modes;
use crate::components::nearby_manual::NearbyManual;
use crate::components::read_aloud::{nearby_speech, ReadAloud, Speech};
use crate::components::station_card::StationCard;
use crate::components::status_line::{Sentence, StatusLine};
use crate::config::{Config, District};
use crate::i18n::nearby_format::{near_sentence, status_message};
use crate::i18n::{kept_format, local_datetime, use_i18n, Key, Lang};
use crate::platform::{clock, document, geolocation, json, schedule, storage, wake};
use crate::reactive::{effect, reactive};
use crate::state::last_result::{KeptAnswer, KeptNearby, Place, Shown, NEARBY_KEY};
use crate::state::nearby::{KeptView, NearStation, NearbyState, Phase, Problem, Query};
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

/// The live-region sentence for a kept list of `n` stations fetched at `when` (as the phone's
/// clock shows it), at `now_ms`.
pub fn kept_message(
    lang: Lang,
    k: &KeptView,
    n: usize,
    districts: &[District],
    when: &str,
    now_ms: i64,
) -> String {
    let district = match &k.place {
        Place::Position => None,
        Place::District(d) => Some(d.as_str()),
    };
    let what = near_sentence(lang, n, district, districts);
    kept_format::kept_nearby(lang, k.why, when, age(now_ms, k.fetched_ms), &what)
}

/// The last list for this service, if the phone kept one.
fn load_kept(cfg: &Config) -> Option<KeptNearby> {
    KeptNearby::parse(&storage::get(NEARBY_KEY)?, &cfg.sta_url)
}

/// Keeps the list now shown (read from `answer`, the server's text of `things`), for the next visit
/// and for going offline; search results are not a place's list and are not kept.
fn save_kept(
    cfg: &Config,
    query: &Query,
    now: i64,
    shown: &[NearStation],
    things: &[Thing],
    answer: &str,
) {
    let place = match query {
        Query::Position => Place::Position,
        Query::District(d) => Place::District(d.clone()),
        Query::Search(_) => return,
    };
    let kept = KeptAnswer {
        sta_url: &cfg.sta_url,
        place: &place,
        fetched_ms: now,
        shown,
        things,
        items: &json::items(answer, "value"),
    };
    if let Some(text) = kept.to_json() {
        // A full or refused storage only loses the copy.
        storage::set(NEARBY_KEY, &text);
    }
}

/// The `data-kept` value of the list while it shows a kept copy.
fn kept_tag(why: Shown) -> &'static str {
    match why {
        Shown::Earlier => "earlier",
        Shown::Offline => "offline",
        Shown::Unreachable => "unreachable",
    }
}

/// Runs one query to the end and records it in `state` (unless a newer query started): a list is
/// kept on the phone; a connection failure shows the kept list instead of an error.
async fn run_query(cfg: Config, query: Query, generation: u64, state: RwSignal<NearbyState>) {
    let (origin, fetched) = match &query {
        Query::Position => match locate().await {
            Ok(p) => {
                state.try_update(|s| s.located(generation, p));
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
        Query::Search(q) => (
            state.try_with_untracked(|s| s.position).flatten(),
            api::search(&cfg, q).await,
        ),
    };
    let keep = match query {
        Query::Search(_) => api::SEARCH_TOP as usize,
        _ => cfg.nearby_count,
    };
    let now = clock::now_ms();
    match fetched {
        Ok(api::Stations { things, text }) => {
            let reports = things
                .iter()
                .map(|t| assess(t, now, cfg.freshness_ms()))
                .collect();
            // Reading the answer and drawing the list are each a fair amount of work on a slow
            // phone: in one task they would block input for longer than in two (issue #6).
            schedule::yield_to_browser().await;
            if state.try_update(|s| s.finish(generation, Ok(reports), origin, keep)) == Some(true) {
                // The copy is for the next visit: written after the list is drawn, not before.
                if let Some(shown) = state.try_with_untracked(|s| s.stations.clone()) {
                    schedule::next_task(move || {
                        save_kept(&cfg, &query, now, &shown, &things, &text)
                    });
                }
            }
        }
        Err(e) => {
            let problem = Problem::from(&e);
            let fallback =
                Shown::after_problem(problem).and_then(|why| Some((why, load_kept(&cfg)?)));
            state.try_update(|s| {
                if let (true, Some((why, k))) =
                    (s.finish(generation, Err(problem), None, 0), fallback)
                {
                    s.stations = k.near_stations(now, cfg.freshness_ms());
                    s.kept = Some(KeptView {
                        why,
                        fetched_ms: k.fetched_ms,
                        place: k.place,
                    });
                }
            });
        }
    }
}

/// The home page.
#[component]
pub fn NearbyPage() -> impl IntoView {
    let i18n = use_i18n();
    let modes = use_modes();
    let cfg = StoredValue::new(use_context::<Config>().unwrap_or_default());
    // The list kept from the last visit is on screen at once, before any answer arrives.
    let kept_list = cfg.with_value(load_kept);
    let kept = kept_list.as_ref().map(|k| KeptView {
        why: Shown::Earlier,
        fetched_ms: k.fetched_ms,
        place: k.place.clone(),
    });
    // With nothing kept, the first list arrives above the district select and the search: they wait for
    // that first answer instead of being pushed down the page when it comes (layout shift).
    let first_load = RwSignal::new(kept.is_none());
    let lite_kept = modes.lite() && kept.is_some();
    let state = RwSignal::new(NearbyState {
        stations: kept_list
            .map(|k| k.near_stations(clock::now_ms(), cfg.with_value(Config::freshness_ms)))
            .unwrap_or_default(),
        kept,
        ..NearbyState::default()
    });
    // Set once only: setting it again would draw the controls anew and lose the focus in them.
    let show_controls = move || {
        if first_load.try_get_untracked() == Some(true) {
            first_load.try_set(false);
        }
    };
    // They come a task after the list they sit under: drawing both at once was one long task on a
    // slow phone (issue #6), and appearing below the list they move nothing.
    effect(move || {
        if state.with(|s| s.query.is_some() && !s.busy()) && first_load.get_untracked() {
            schedule::next_task(show_controls);
        }
    });

    // Leaving the page aborts the requests of its queries.
    let scope = api::PageScope::here();
    let run = move |query: Query| {
        let Some(generation) = state.try_update(|s| s.begin(query.clone())) else {
            return;
        };
        scope.spawn(run_query(cfg.get_value(), query, generation, state));
    };
    // A returning resident gets their list without a click: by position when permission is
    // already granted, else by the district they chose last time. Lite mode does not refresh a
    // kept list by itself: the resident taps "refresh" when the data is worth its bytes.
    spawn_local(async move {
        if lite_kept {
            return;
        }
        // The page is drawn in this task; the request and the code that makes it wait for the next
        // one, so that neither task blocks a slow phone for long (issue #6).
        schedule::yield_to_browser().await;
        // A position handed over by a host (`?lat=..&lng=..`) lists at once, with no prompt.
        let granted =
            handover::current().position.is_some() || geolocation::already_granted().await;
        // Gone (page left) or the resident already asked for something: do nothing.
        if state.try_with_untracked(|s| s.query.is_none()) != Some(true) {
            return;
        }
        let chosen = storage::get(DISTRICT_KEY).filter(|d| {
            cfg.try_with_value(|c| district::find(&c.districts, d).is_some()) == Some(true)
        });
        match (granted, chosen) {
            (true, _) => run(Query::Position),
            (false, Some(d)) => run(Query::District(d)),
            // No list is coming by itself: the resident chooses a place.
            (false, None) => show_controls(),
        }
    });
    let retry = move || {
        let query = state
            .with_untracked(|s| s.query.clone())
            .unwrap_or(Query::Position);
        run(query);
    };
    // Back online after an offline or network failure: retry without making the resident tap.
    let online = wake::on_online(Box::new(move || {
        let lost = state.try_with_untracked(|s| {
            matches!(s.phase, Phase::Failed(Problem::Offline | Problem::Network))
        });
        if lost == Some(true) && !modes.lite() {
            retry();
        }
    }));
    on_cleanup(move || online.remove());
    // The list sits above the district select and the search, so a new list pushes them down, often
    // off screen: the control the resident is using stays in view (WCAG 2.4.11, focus not obscured).
    effect(move || {
        state.track();
        request_animation_frame(|| document::scroll_focus_into_view_within(".manual"));
    });
    let message: Sentence = Arc::new(move || {
        let lang = i18n.lang();
        state.with(|s| {
            cfg.with_value(|c| match s.shown_kept() {
                Some(k) => {
                    let when = local_datetime(lang, k.fetched_ms);
                    kept_message(
                        lang,
                        k,
                        s.stations.len(),
                        &c.districts,
                        &when,
                        clock::now_ms(),
                    )
                }
                None => status_message(lang, s, &c.districts),
            })
        })
    });
    let failed = Memo::new(move |_| state.with(|s| matches!(s.phase, Phase::Failed(_))));
    let selected = move || match state.with(|s| s.query.clone()) {
        Some(Query::District(d)) => d,
        _ => String::new(),
    };
    let on_district = move |d: String| {
        storage::set(DISTRICT_KEY, &d);
        run(Query::District(d));
    };
    let on_search = move |q: String| run(Query::Search(q));
    // Elder mode: one task per screen — the list, or choosing a place, not both at once.
    let show_manual = RwSignal::new(false);
    // Memos: the controls are drawn anew only when this flips, not on every change of the list.
    let manual_shown = Memo::new(move |_| {
        !modes.elder() || show_manual.get() || state.with(|s| s.stations.is_empty())
    });
    // Lite mode, kept list on screen and nothing asked yet: the way to fetch it anew.
    let refresh = move || {
        let place = state.with(|s| s.kept.as_ref().map(|k| k.place.clone()))?;
        (modes.lite() && state.with(|s| s.query.is_none())).then(|| {
            let query = match place {
                Place::Position => Query::Position,
                Place::District(d) => Query::District(d),
            };
            view! {
                <button {attr("type", "button")} class="button button-secondary" data-testid="refresh-list"
                    on:click=move |_| run(query.clone())>
                    {i18n.text(Key::RefreshList)}
                </button>
            }
            .into_any()
        })
    };
    let spoken = message.clone();
    let speech: Speech = Arc::new(move |lang: Lang| {
        let now = clock::now_ms();
        let status = untrack(|| spoken());
        state.with_untracked(|s| nearby_speech(lang, &status, &s.stations, now))
    });
    let has_list = Memo::new(move |_| state.with(|s| !s.stations.is_empty()));
    // `Option<&str>`, like the list's `data-kept`: one kind of reactive attribute value in the first view.
    let elder_on = move || Some(if modes.elder() { "true" } else { "false" });
    let cards = move || {
        state
            .with(|s| s.stations.clone())
            .into_iter()
            .map(|st| view! { <StationCard station=st /> })
            .collect_view()
            .into_any()
    };

    view! {
        <section class="page nearby">
            <div class="page-head">
                <h1>{i18n.text(Key::NearbyHeading)}</h1>
                <button {attr("type", "button")} class="button button-secondary elder-entry" data-testid="elder-toggle"
                    {attr("aria-pressed", reactive(elder_on))} on:click=move |_| modes.set_elder(!modes.elder())>
                    {i18n.text(Key::ElderEntry)}
                </button>
            </div>
            <p class="why">{i18n.text(Key::WhyLocation)}</p>
            <button {attr("type", "button")} class="button button-primary" data-testid="locate-button" on:click=move |_| run(Query::Position)>
                {icon("icon", concat!(
                    r#"<circle cx="10" cy="10" r="3.5"></circle>"#,
                    r#"<path d="M10 1v4M10 15v4M1 10h4M15 10h4" fill="none"></path>"#
                ))}
                {i18n.text(Key::LocateButton)}
            </button>
            <StatusLine message=message failed=failed on_retry=Arc::new(retry) testid="nearby-status" />
            <div class="page-actions">
                {reactive(refresh)}
                {move || has_list.get().then(|| view! { <ReadAloud text=speech.clone() /> }.into_any())}
            </div>
            <ol
                class="station-list"
                data-testid="station-list"
                data-kept=move || state.with(|s| s.shown_kept().map(|k| kept_tag(k.why)))
                {attr("aria-busy", reactive(move || Some(if state.with(|s| s.busy()) { "true" } else { "false" })))}
            >
                {reactive(cards)}
            </ol>
            {move || (!first_load.get()).then(|| view! {
            {move || if manual_shown.get() {
                view! { <NearbyManual selected=selected on_district=on_district on_search=on_search /> }.into_any()
            } else {
                view! {
                    <button {attr("type", "button")} class="button button-secondary" data-testid="other-place" on:click=move |_| {
                        show_manual.set(true);
                        // The button goes away: focus moves on to what it revealed, not to the page's start.
                        request_animation_frame(|| document::focus_by_id("district-select"));
                    }>
                        {i18n.text(Key::OtherPlace)}
                    </button>
                }.into_any()
            }}
            }.into_any())}
        </section>
    }
}
