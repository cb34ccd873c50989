//! `/station/:id`: everything Qingshui knows about one station, linkable and shareable. The last
//! pages seen are kept on the phone and shown, with a note, when the server cannot be reached.

use std::sync::Arc;

use leptos::prelude::*;
use qingshui_core::decimal::fixed;
use qingshui_core::quality::level;
use qingshui_core::sta::{urls, IotId, Thing};
use qingshui_core::station::{assess, StationReport, Status};
use qingshui_core::time::age;

use crate::api::{self, ApiError};
use crate::components::advice_list::AdviceList;
use crate::components::class_badge::{ClassBadge, NoClassBadge};
use crate::components::param_row::ParamRow;
use crate::components::read_aloud::{station_speech, ReadAloud};
use crate::components::station_card::{freshness, station_name};
use crate::components::status_line::{Retry, StatusLine};
use crate::config::Config;
use crate::i18n::{format, kept_format, local_datetime, use_i18n, Key};
use crate::platform::{clock, document, schedule, storage};
use crate::state::last_result::{KeptStations, KeptThing, Shown, STATIONS_KEY};

/// A page shown from the phone's copy: why, and when it was fetched.
#[derive(Debug, Clone, Copy, PartialEq)]
struct KeptNote {
    why: Shown,
    fetched_ms: i64,
}

/// Keeps a fetched station page (newest first, bounded); when storage is full the oldest pages
/// make room, and if even one page does not fit it is simply not kept.
fn remember(sta_url: &str, thing: &Thing, now: i64) {
    let mut kept = KeptStations::parse(storage::get(STATIONS_KEY).as_deref());
    kept.remember(KeptThing {
        sta_url: sta_url.to_string(),
        fetched_ms: now,
        thing: thing.clone(),
    });
    while !storage::set(STATIONS_KEY, &kept.to_json()) {
        if !kept.shrink() {
            storage::remove(STATIONS_KEY);
            return;
        }
    }
}

/// The kept page of station `id`, if any.
fn recall(sta_url: &str, id: &IotId) -> Option<KeptThing> {
    KeptStations::parse(storage::get(STATIONS_KEY).as_deref())
        .find(sta_url, id)
        .cloned()
}

/// The page's data from the server's answer (read, kept, assessed), or from the kept copy when the
/// server could not be reached.
fn settle(cfg: &Config, id: &IotId, answer: &Result<String, ApiError>, now: i64) -> Loaded {
    let thing = answer
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|body| api::read_json::<Thing>(body));
    match thing {
        Ok(thing) => {
            remember(&cfg.sta_url, &thing, now);
            Ok((assess(&thing, now, cfg.freshness_ms()), now, None))
        }
        Err(e) => {
            let Some((why, kept)) =
                Shown::after_error(&e).and_then(|why| Some((why, recall(&cfg.sta_url, id)?)))
            else {
                return Err(e);
            };
            let note = KeptNote {
                why,
                fetched_ms: kept.fetched_ms,
            };
            Ok((
                assess(&kept.thing, now, cfg.freshness_ms()),
                now,
                Some(note),
            ))
        }
    }
}

/// What the station page shows, as it arrives: the report, when it was assessed, and the note when it
/// is the phone's kept copy.
type Loaded = Result<(StationReport, i64, Option<KeptNote>), ApiError>;

/// The server's answer as text (or why there is none), and when it was asked for.
type Answer = (Result<String, ApiError>, i64);

/// The station page's data. Started as soon as the route matches — in the split build (`pages::lazy`)
/// alongside the download of the page's own code, so the two waits overlap instead of adding up.
/// Only the request is in the first download: the answer is read, kept and assessed by the page
/// ([`settle`], in its chunk). A signal filled by a task of the page, not a `LocalResource`: a
/// resource's async machinery for one type was ~7 KB of wasm in the first download (issue #6).
#[derive(Clone, Copy)]
pub struct StationData {
    /// What is asked for and, once here, the answer: one signal, as every type kept in Leptos'
    /// arena brings its own copy of the signal code into the first download.
    fetch: RwSignal<Fetch>,
    /// Leaving the page aborts the request.
    scope: api::PageScope,
}

/// A station's request: where, which, and the answer (`None` while it is on its way).
struct Fetch {
    cfg: Config,
    id: IotId,
    answer: Option<Answer>,
}

impl StationData {
    /// Starts loading the station of the address `/station/{id}` (call inside the page's owner).
    pub fn start(id: String) -> Self {
        let data = Self {
            fetch: RwSignal::new(Fetch {
                cfg: use_context::<Config>().unwrap_or_default(),
                // The path segment is the id verbatim: digits = number, anything else a string id.
                id: IotId::parse(&urls::decode(&id)),
                answer: None,
            }),
            scope: api::PageScope::here(),
        };
        data.fetch();
        data
    }

    /// (Re)loads: "loading" is shown until the answer is here.
    fn fetch(self) {
        let Some((cfg, id)) = self.fetch.try_update(|f| {
            f.answer = None;
            (f.cfg.clone(), f.id.clone())
        }) else {
            return;
        };
        self.scope.spawn(async move {
            let now = clock::now_ms();
            let answer = api::station_text(&cfg, &id, now).await;
            // The page may be gone by now: then nothing is drawn.
            self.fetch.try_update(|f| f.answer = Some((answer, now)));
        });
    }

    /// What the page shows now: `None` while the request is on its way. Reading the answer keeps
    /// the station on the phone, so this runs once per answer (the page's body is its only reader).
    fn loaded(self) -> Option<Loaded> {
        // `try_with`: a request ending while the page is being disposed must not find its signal
        // gone (a panic).
        self.fetch.try_with(|f| {
            let (answer, now) = f.answer.as_ref()?;
            Some(settle(&f.cfg, &f.id, answer, *now))
        })?
    }
}

/// The station page, loading its own data (the unsplit build).
#[component]
pub fn StationPage(
    /// The station's id as the address has it.
    id: String,
) -> impl IntoView {
    view! { <StationView data=StationData::start(id) /> }
}

/// The station page for data already started.
#[component]
pub fn StationView(
    /// The request, already running.
    data: StationData,
) -> impl IntoView {
    let i18n = use_i18n();
    let retry: Retry = Arc::new(move || data.fetch());
    let body = move || {
        match data.loaded() {
        None => view! {
            <h1>{i18n.text(Key::StationHeading)}</h1>
            <StatusLine message=Arc::new(move || i18n.t(Key::StationLoading).to_string()) failed=Memo::new(|_| false) on_retry=retry.clone() />
        }
        .into_any(),
        Some(Err(e)) => {
            let key = match &e {
                ApiError::Http { status: 404, .. } => Key::StationNotFound,
                ApiError::Offline => Key::StatusOffline,
                ApiError::Timeout => Key::StatusTimeout,
                ApiError::Http { .. } => Key::StatusServer,
                ApiError::Decode(_) => Key::StatusBadAnswer,
                ApiError::Network(_) => Key::StatusNetwork,
            };
            view! {
                <h1>{i18n.text(Key::StationHeading)}</h1>
                <StatusLine message=Arc::new(move || i18n.t(key).to_string()) failed=Memo::new(|_| true) on_retry=retry.clone() />
            }
                .into_any()
        }
        Some(Ok((report, now, kept))) => view! { <StationDetail report=report now=now kept=kept /> }.into_any(),
    }
    };
    view! {
        <section class="page station">
            <p class="back"><a href={document::app_href("/")}>"← "{i18n.text(Key::BackToList)}</a></p>
            {body}
        </section>
    }
}

#[component]
fn StationDetail(report: StationReport, now: i64, kept: Option<KeptNote>) -> impl IntoView {
    let i18n = use_i18n();
    let cfg = use_context::<Config>().unwrap_or_default();
    let r = StoredValue::new(report.clone());
    let name = move || r.with_value(|r| station_name(r, i18n.lang()));
    let (body, target) = (report.water_body, report.target);
    let summary = match report.status.clone() {
        Status::Classified { class, deciding } => view! {
            <div class="summary">
                <ClassBadge class=class />
                <span class="summary-level">{move || format::level(i18n.lang(), level(class))}</span>
            </div>
            <h2>{i18n.text(Key::DecidingHeading)}</h2>
            <p data-testid="deciding-item">{move || format::deciding_all(i18n.lang(), class, &deciding, body, target)}</p>
            <p class="target">{move || match target {
                Some(t) => format::target(i18n.lang(), t, class <= t),
                None => i18n.t(Key::NoTarget).to_string(),
            }}</p>
            <h2>{i18n.text(Key::Advice)}</h2>
            <AdviceList class=class />
        }
        .into_any(),
        _ => view! {
            <div class="summary summary-none">
                <NoClassBadge />
                <span class="summary-level">{i18n.text(Key::NoRecentData)}</span>
            </div>
            <p class="notice">{i18n.text(Key::NoRecentExplain)}</p>
        }
        .into_any(),
    };
    // The readings with their trends are below the first screen: drawn in a task of their own after
    // the page's top has been painted, so that neither the building nor the first layout of the page
    // blocks a tap for long on a slow phone (issue #6: Total Blocking Time of the station page).
    let rows_shown = RwSignal::new(false);
    request_animation_frame(move || schedule::next_task(move || _ = rows_shown.try_set(true)));
    let items = move || {
        rows_shown.get().then(|| {
            r.with_value(|r| {
                r.items
                    .iter()
                    .cloned()
                    .map(|item| view! { <ParamRow item=item body=body target=target /> })
                    .collect_view()
            })
        })
    };
    let missing = (!report.missing.is_empty()).then(|| {
        let missing = report.missing.clone();
        view! {
            <p class="missing">{move || {
                let lang = i18n.lang();
                let names: Vec<&str> = missing.iter().map(|p| format::parameter(lang, *p)).collect();
                format!("{}{}", i18n.t(Key::Missing), format::list(lang, &names))
            }}</p>
        }
    });
    let source = cfg
        .sta_host()
        .map(str::to_string)
        .or_else(document::page_host)
        .unwrap_or_default();
    let data_time = move || {
        r.with_value(|r| r.latest_ms)
            .map(|t| local_datetime(i18n.lang(), t))
            .unwrap_or_else(|| "—".into())
    };
    let report_href = report.position.map_or_else(
        || "/report".to_string(),
        |p| {
            let id = urls::encode_query_value(&report.id.to_string());
            format!(
                "/report?station={id}&lat={}&lon={}",
                fixed(p.lat, 6),
                fixed(p.lon, 6)
            )
        },
    );
    let kept_note = kept.map(|k| {
        let note = move || {
            let lang = i18n.lang();
            let when = local_datetime(lang, k.fetched_ms);
            kept_format::kept_station(lang, k.why, &when, age(now, k.fetched_ms))
        };
        view! { <p class="kept-note" role="status" data-testid="kept-note">{note}</p> }
    });
    let speech = Arc::new(move |lang| r.with_value(|r| station_speech(lang, r, now)));
    view! {
        <h1 data-testid="station-title">{name}</h1>
        {kept_note}
        <p class="subtitle">{move || format::capitalise(format::water_body(i18n.lang(), body))}</p>
        {summary}
        <p class="freshness" data-testid="freshness">{move || r.with_value(|r| freshness(i18n.lang(), r, now))}</p>
        <div class="page-actions"><ReadAloud text=speech /></div>
        <h2>{i18n.text(Key::Measured)}</h2>
        <ul class="params">{items}</ul>
        {missing}
        <dl class="meta">
            <dt>{i18n.text(Key::DataTime)}</dt>
            <dd>{data_time}</dd>
            <dt>{i18n.text(Key::DataSource)}</dt>
            <dd>"SensorThings API · "{source}</dd>
        </dl>
        <p class="report-here">
            <a href={document::app_href(&report_href)} class="button button-secondary" data-testid="station-report-link">{i18n.text(Key::ReportHere)}</a>
        </p>
    }
}
