//! `/report`: "report a water problem" as one accessible form with a fieldset per step. The
//! draft is saved on every input and restored on load, so nothing typed is ever lost; a station
//! page links here with `?station=ID&lat=..&lon=..` to prefill the place.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::fetched::Fetched;
use crate::api::open311::{self, Filed};
use crate::api::ApiError;
use crate::components::modes::use_modes;
use crate::components::report_attributes::AttributeFields;
use crate::components::report_category::CategoryStep;
use crate::components::report_details::{ContactStep, DescriptionStep};
use crate::components::report_emergency::EmergencyCalls;
use crate::components::report_field_error::FieldMessages;
use crate::components::report_photos::{total_bytes, PhotoStep, Photos, PickedPhoto};
use crate::components::report_result::{ReportQueued, ReportResult};
use crate::components::report_review::Review;
use crate::components::report_similar::SimilarReports;
use crate::components::report_steps::{StepButtons, StepHeading, STEP_HEADING_ID};
use crate::components::report_where::WhereStep;
use crate::config::Config;
use crate::i18n::{report_format, text, use_i18n, Key, Lang};
use crate::outbox::{self, use_outbox, Outcome};
use crate::platform::{document, random, storage};
use crate::reactive::effect;
use crate::router::use_router;
use crate::state::report::{is_emergency, validate, Draft, Field, WhereMode, DRAFT_KEY};
use crate::state::report_form::uuid_v4;
use crate::state::report_steps::{Step, Steps};

#[path = "report_send.rs"]
mod send;

/// Where the form is in sending.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Editing,
    Sending,
    Sent(Filed),
    /// Saved in the outbox, not sent yet (offline, or the server is struggling): its key.
    Queued(String),
}

/// What the page's live region says. Kept as a state rather than a sentence, so it follows a
/// language switch and "please correct" can disappear by itself once nothing is marked.
#[derive(Debug, Clone, PartialEq)]
enum Notice {
    /// Nothing to say (also after success: the focused confirmation heading says it, once).
    Quiet,
    /// Some fields are marked; shown only while some still are.
    FixErrors,
    Sending,
    Failed(ApiError),
}

/// The stored draft, with the station of the query string (if any) as its place.
fn initial_draft(station: Option<String>, lat: Option<String>, lon: Option<String>) -> Draft {
    let mut d = storage::get(DRAFT_KEY)
        .map(|t| Draft::parse(&t))
        .unwrap_or_default();
    let num = |s: Option<String>| {
        s.and_then(|s| qingshui_core::decimal::parse(&s))
            .filter(|v| v.is_finite())
    };
    if let (Some(id), Some(lat), Some(lon)) =
        (station.filter(|s| !s.is_empty()), num(lat), num(lon))
    {
        d.station = Some((id, lat, lon));
        d.mode = WhereMode::Station;
    }
    d
}

/// The resident-facing sentence for a failed send.
fn send_error(lang: Lang, e: &ApiError) -> String {
    match e {
        ApiError::Offline => text(lang, Key::SendOffline).into(),
        ApiError::Timeout => text(lang, Key::SendTimeout).into(),
        ApiError::Http { status, message } if (400..500).contains(status) => {
            report_format::rejected(lang, &message.replace('\n', "; "))
        }
        _ => text(lang, Key::SendFailed).into(),
    }
}

/// The report page.
#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let cfg = StoredValue::new(use_context::<Config>().unwrap_or_default());
    let q = use_router()
        .map(|r| r.query_untracked())
        .unwrap_or_default();
    let draft = RwSignal::new({
        let owned = |name| q.get(name).map(str::to_string);
        let mut d = initial_draft(owned("station"), owned("lat"), owned("lon"));
        // `?service=CODE` (a host's `?report=CODE` handover) preselects that category.
        if let Some(code) = q.get("service").filter(|c| !c.is_empty()) {
            d.choose_service(code);
        }
        d
    });
    // Every change is written through; an empty draft removes the stored one.
    effect(move || {
        draft.with(|d| {
            if *d == Draft::default() {
                storage::remove(DRAFT_KEY);
            } else {
                storage::set(DRAFT_KEY, &d.to_json());
            }
        })
    });
    let phase = RwSignal::new(Phase::Editing);
    let tried = RwSignal::new(false);
    let server_errors = RwSignal::new(Vec::<(Field, String)>::new());
    let notice = RwSignal::new(Notice::Quiet);
    let photos: Photos = RwSignal::new_local(Vec::new());
    let preparing = RwSignal::new(0usize);
    // The outbox entry being corrected (`?outbox=KEY` from My reports); replaced when re-sent.
    let replaces = StoredValue::new(None::<String>);
    let outbox = use_outbox();
    // Loads the sender now, while the page is online, so a report saved offline later finds it.
    if let Some(o) = outbox {
        o.open();
    }
    let modes = use_modes();
    // Elder mode's step on screen; standard and lite modes show every step and ignore it.
    let steps = RwSignal::new(Steps::default());
    on_cleanup(move || {
        photos.try_with_untracked(|list| list.iter().for_each(PickedPhoto::release));
    });
    if let Some(key) = q.get("outbox").map(str::to_string) {
        spawn_local(async move {
            let Some(stored) = outbox::stored(&key).await else {
                return;
            };
            let entry = stored.entry;
            let mut d = entry.draft.clone();
            d.idempotency_key.clear();
            draft.try_set(d);
            photos.try_set(
                stored
                    .photos
                    .into_iter()
                    .zip(entry.photos.iter().copied())
                    .map(|(blob, info)| PickedPhoto::from_blob(blob, info))
                    .collect(),
            );
            replaces.try_set_value(Some(key));
            if !entry.refusal.is_empty() {
                server_errors.try_set(send::server_marks(&entry.refusal));
                notice.try_set(Notice::Failed(ApiError::Http {
                    status: 400,
                    message: entry.refusal.clone(),
                }));
            }
        });
    }
    // Saved while offline, then sent by the background sender while the page still shows
    // "saved on your phone": show the confirmation after all.
    effect(move || {
        let (Some(o), Phase::Queued(key)) = (outbox, phase.get()) else {
            return;
        };
        if let Some(Outcome::Filed(filed)) = o.outcome(&key) {
            phase.set(Phase::Sent(filed));
        }
    });

    let services = Fetched::new(move || {
        let (cfg, lang) = (cfg.get_value(), i18n.lang());
        async move { open311::services(&cfg, lang.tag()).await }
    });
    // The form waits for the catalogue once: its categories would otherwise push every later step down the
    // page when they arrive (layout shift). A reload after a language switch keeps the form in place.
    let catalogue_came = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false) || services.with(Option::is_some)
    });
    let code = Memo::new(move |_| draft.with(|d| d.service_code.clone()));
    let definition = Fetched::new(move || {
        let (cfg, lang, code) = (cfg.get_value(), i18n.lang(), code.get());
        async move {
            if code.is_empty() {
                return None;
            }
            let d = open311::definition(&cfg, &code, lang.tag()).await.ok()?;
            Some((code, d))
        }
    });
    // Only the chosen category's questions: while the next ones load, the fetched value still holds the
    // last category's, whose fields would vanish under a resident already tabbing into them (and
    // would be checked against a category no longer chosen).
    let def = Signal::derive(move || {
        definition
            .get()
            .flatten()
            .and_then(|(c, d)| (c == code.get()).then_some(d))
    });
    let service_name = Signal::derive(move || {
        let code = code.get();
        services
            .get()
            .and_then(Result::ok)
            .and_then(|all| all.into_iter().find(|s| s.service_code == code))
            .map(|s| s.service_name)
            .unwrap_or_default()
    });
    let problems = Memo::new(move |_| {
        if !tried.get() {
            return Vec::new();
        }
        let d = def.get();
        draft.with(|dr| validate(dr, d.as_ref()))
    });
    let messages = Signal::derive(move || {
        let lang = i18n.lang();
        let mut list: Vec<(Field, String)> = problems
            .get()
            .into_iter()
            .map(|(f, p)| {
                let m = report_format::problem(lang, p, f == Field::Service);
                (f, m.to_string())
            })
            .collect();
        list.extend(server_errors.get());
        list
    });
    provide_context(FieldMessages(messages));

    let elder = move || untrack(|| modes.elder());
    // Elder mode's "Next": the step's own unanswered fields are shown and focused instead of moving
    // on; once it moves, marks from that check go (later steps are not marked before they are seen).
    let next = Callback::new(move |()| {
        let found = draft.with_untracked(|d| validate(d, def.get_untracked().as_ref()));
        let mut s = steps.get_untracked();
        match s.next(found.iter().map(|(f, _)| f)) {
            Err(field) => {
                tried.set(true);
                notice.set(Notice::FixErrors);
                document::focus_by_id(&field.dom_id());
            }
            Ok(_) => {
                tried.set(false);
                notice.set(Notice::Quiet);
                steps.set(s);
                // The new step is shown at the next render; focus its heading then.
                request_animation_frame(|| document::focus_by_id(STEP_HEADING_ID));
            }
        }
    });
    let back = Callback::new(move |()| {
        steps.update(|s| {
            s.back();
        });
        request_animation_frame(|| document::focus_by_id(STEP_HEADING_ID));
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if phase.get_untracked() == Phase::Sending || preparing.get_untracked() > 0 {
            return;
        }
        // Enter in a field of an earlier step submits the form: in elder mode that means "Next".
        if elder() && !steps.get_untracked().is_last() {
            next.run(());
            return;
        }
        tried.set(true);
        server_errors.set(Vec::new());
        let found = draft.with_untracked(|d| validate(d, def.get_untracked().as_ref()));
        if let Some((first, _)) = found.first() {
            notice.set(Notice::FixErrors);
            if elder() {
                steps.update(|s| {
                    s.show(first);
                });
                let id = first.dom_id();
                request_animation_frame(move || document::focus_by_id(&id));
            } else {
                document::focus_by_id(&first.dom_id());
            }
            return;
        }
        draft.update(|d| {
            if d.idempotency_key.is_empty() {
                d.idempotency_key = uuid_v4(random::bytes16());
            }
        });
        phase.set(Phase::Sending);
        notice.set(Notice::Sending);
        spawn_local(send::send_report(send::Form {
            cfg: cfg.get_value(),
            lang: i18n.lang_untracked(),
            service_name: service_name.get_untracked(),
            outbox,
            draft,
            photos,
            replaces,
            tried,
            server_errors,
            notice,
            phase,
        }));
    };
    let start_new = Callback::new(move |_| {
        notice.set(Notice::Quiet);
        steps.set(Steps::default());
        phase.set(Phase::Editing);
    });
    let announce = move || {
        let lang = i18n.lang();
        match notice.get() {
            Notice::Quiet => String::new(),
            Notice::FixErrors if problems.with(Vec::is_empty) => String::new(),
            Notice::FixErrors => text(lang, Key::FixErrors).to_string(),
            Notice::Sending => text(lang, Key::Sending).to_string(),
            Notice::Failed(e) => send_error(lang, &e),
        }
    };
    let emergency = move || is_emergency(&code.get()).then(|| view! { <EmergencyCalls /> });
    let attributes = move || {
        def.get()
            .map(|d| d.ordered().into_iter().cloned().collect::<Vec<_>>())
            .filter(|a| !a.is_empty())
            .map(|a| view! { <div class="attributes"><AttributeFields draft=draft attributes=a /></div> })
    };
    let review = move || {
        view! {
            <fieldset class="step">
                <legend>{i18n.text(Key::StepReview)}</legend>
                <Review draft=draft service_name=service_name definition=def
                    photos=Signal::derive(move || photos.with(|l| (l.len(), total_bytes(l)))) />
                <button type="submit" class="button button-primary" data-testid="report-submit"
                    disabled=move || { phase.get() == Phase::Sending || preparing.get() != 0 }>
                    {move || if phase.get() == Phase::Sending { i18n.t(Key::Sending) } else { i18n.t(Key::Submit) }}
                </button>
            </fieldset>
        }
    };
    // Elder mode (MIIT 适老化: one task per screen): the same steps, one shown at a time. The others
    // stay mounted but hidden, so what was typed or searched in them stays, and sending can show the
    // step of a field it finds unfinished.
    let off = move |step: Step| move || steps.with(|s| s.current() != step);
    let elder_form = move || {
        view! {
            <form class="report-form report-form-steps" data-testid="report-form" novalidate on:submit=submit>
                <StepHeading steps=steps />
                <div class="form-step" hidden=off(Step::What)>
                    <CategoryStep draft=draft services=services />
                    {attributes}
                </div>
                <div class="form-step" hidden=off(Step::Where)>
                    <WhereStep draft=draft />
                    <SimilarReports draft=draft />
                </div>
                <div class="form-step" hidden=off(Step::Details)><DescriptionStep draft=draft /></div>
                <div class="form-step" hidden=off(Step::Photos)><PhotoStep photos=photos preparing=preparing /></div>
                <div class="form-step" hidden=off(Step::Contact)><ContactStep draft=draft /></div>
                <div class="form-step" hidden=off(Step::Review)>{review()}</div>
                <StepButtons steps=steps on_next=next on_back=back />
            </form>
        }
        .into_any()
    };
    let form = move || match phase.get() {
        Phase::Sent(filed) => view! { <ReportResult filed=filed on_new=start_new /> }.into_any(),
        Phase::Queued(key) => view! { <ReportQueued key=key on_new=start_new /> }.into_any(),
        _ if !catalogue_came.get() => {
            view! { <p class="status-text" role="status">{i18n.text(Key::CategoriesLoading)}</p> }
                .into_any()
        }
        _ if modes.elder() => elder_form(),
        _ => view! {
            <form class="report-form" data-testid="report-form" novalidate on:submit=submit>
                <CategoryStep draft=draft services=services />
                {attributes}
                <WhereStep draft=draft />
                <SimilarReports draft=draft />
                <DescriptionStep draft=draft />
                <PhotoStep photos=photos preparing=preparing />
                <ContactStep draft=draft />
                {review()}
            </form>
        }
        .into_any(),
    };
    view! {
        <section class="page report">
            {emergency}
            <h1>{i18n.text(Key::ReportHeading)}</h1>
            <p class="why">{i18n.text(Key::ReportIntro)}</p>
            <p class="status-text report-announce" role="status" aria-live="polite" data-testid="report-status-line">
                {announce}
            </p>
            {form}
        </section>
    }
}
