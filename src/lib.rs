//! Qingshui (清水): the water-quality status of the monitoring stations near a resident, in
//! their language. A Leptos 0.8 client-side app; this file holds only the app shell and routes
//! (`/`, `/station/:id`, `/report`, `/my-reports`, `/request/:id`, `/settings`; one file per page in `pages/`, browser access only through `platform/`).
//!
//! Inside a WeChat or Alipay mini-program (`platform::embed`) the host draws its own navigation bar
//! with `document.title` in it, so the app leaves out its header and shows a slim bar with the
//! links and "back to the mini-program" instead. What the host hands over in the URL
//! (`state::handover`) is read once here and shared as context.

#![warn(missing_docs)]

pub mod api;
pub mod components;
pub mod config;
pub mod i18n;
pub mod outbox;
pub mod pages;
pub mod platform;
pub mod reactive;
pub mod router;
pub mod split;
pub mod state;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::tachys::reactive_graph::OwnedView;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::components::attr::attr;
use crate::components::lang_switch::LangSwitch;
use crate::components::modes::{use_modes, ModesContext};
use crate::config::Config;
use crate::i18n::{modes_format, report_format, text, use_i18n, I18n, Key, Lang};
use crate::pages::lazy;
use crate::pages::{nearby::NearbyPage, not_found::NotFound};
use crate::platform::embed::{self, Host};
use crate::platform::{bridge, document, resource_timing, storage};
use crate::reactive::{effect, reactive};
use crate::router::{use_router, NavLink, Router};
use crate::state::handover::{self, Handover};
use crate::state::modes::Choice;
use crate::state::route::Route;

/// The wasm entry point: builds the app beside the static shell of index.html, which it replaces
/// once its first view is ready (see [`App`]).
#[wasm_bindgen(start)]
pub fn start() {
    // This runs in the task that finished compiling and instantiating the module; mounting in a
    // task of its own keeps both under the 50 ms a slow phone may block input for (issue #6).
    platform::schedule::next_task(|| leptos::mount::mount_to_body(App));
}

/// The app: language context, configuration, header, routes, footer.
#[component]
pub fn App() -> impl IntoView {
    let handover = Handover::parse(&document::query_string());
    // A host's language choice is stored like the resident's own, so the switch still works.
    if let Some(lang) = handover.lang {
        storage::set(i18n::STORAGE_KEY, lang.tag());
    }
    provide_context(I18n::from_browser());
    // After the language: the modes set the wording (elder mode's simpler texts).
    let modes = ModesContext::start(Choice {
        lite: handover.lite,
        elder: handover.elder,
    });
    provide_context(modes);
    // Offline shell where the browser has service workers; the app never depends on it, so it
    // waits until the browser is idle (a quiet moment, e.g. while the first list is being
    // fetched). Outside lite mode it is asked to store every page's code; switching lite mode
    // off mid-visit asks again (see `service_worker::STORE_ALL_PAGES`).
    effect(move || {
        let lite = modes.lite();
        platform::schedule::when_idle(move || {
            platform::service_worker::register(&document::base_path(), lite)
        });
    });
    // Passed to the two components that need it, not provided as context: a `use_context` is
    // ~0.6 KB of generic code per type (issue #6).
    let host = embed::current();
    handover::set_current(handover);
    // Filled by one task, not a `LocalResource`: the configuration is read once, and a resource's
    // async machinery for it was ~9 KB of wasm in every first download (issue #6). A stored value
    // and a flag rather than a signal of `Option<Config>`: types the first download has anyway.
    let config = StoredValue::new(Config::default());
    let loaded = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        let cfg = config::load().await;
        config.set_value(cfg);
        loaded.set(true);
    });
    Router::start();
    // index.html hides the app while its shell (`#boot`) is there. The shell already shows the
    // page's top (home, report form, My reports) in the right language and modes, or "loading"; the
    // app takes its place once its page is drawn (after the configuration, and a lazy page's code),
    // so the swap moves nothing and never flashes an empty page in between.
    effect(move || {
        if loaded.get() {
            take_over_from_shell(SHELL_WAIT_FRAMES);
        }
    });
    view! {
        <PageTitle host=host />
        {if host.is_embedded() {
            view! { <EmbedBar host=host /> }.into_any()
        } else {
            view! { <Header /> }.into_any()
        }}
        <main {attr("id", "main")} class="main">
            {move || if loaded.get() {
                view! { <AppRoutes config=config.get_value() host=host /> }.into_any()
            } else {
                view! { <Loading /> }.into_any()
            }}
        </main>
        <Footer />
    }
}

/// How long the shell waits for the app's page, in frames (~10 s at 60 Hz). A page whose code
/// fails to arrive draws "this page did not open" (`pages/page_unloaded.rs`); this bound is for a
/// download that neither ends nor fails, which must not keep the shell's "loading" for ever.
const SHELL_WAIT_FRAMES: u32 = 600;

/// Removes index.html's shell once a page is drawn in `#main`, checking once a frame, at most
/// `frames` times.
fn take_over_from_shell(frames: u32) {
    request_animation_frame(move || {
        if frames == 0 || document::exists("#main .page") {
            document::remove_by_id("boot");
        } else {
            take_over_from_shell(frames - 1);
        }
    });
}

#[component]
fn AppRoutes(config: Config, host: Host) -> impl IntoView {
    // Started with the configuration: reports queued on the phone are sent on app start.
    provide_context(outbox::Outbox::start(config.clone()));
    let scripts = &config.bridge_script_url;
    bridge::load_sdk(
        host,
        match host {
            Host::WeChatMiniProgram => scripts.wechat.as_deref(),
            Host::AlipayMiniProgram => scripts.alipay.as_deref(),
            _ => None,
        },
    );
    provide_context(config);
    // A station or report category handed over opens that page once, in place of the home page
    // (replace: "back" then leaves the web-view instead of showing an empty home page first).
    let target = handover::current().route();
    let router = use_router();
    if let Some((to, router)) = target.zip(router) {
        if router.route_untracked() == Route::Nearby {
            request_animation_frame(move || router.navigate(&to, true));
        }
    }
    // Each page is built in a task of its own, under an owner of its own, and shown once it is
    // ready: the page before stays on screen (a new page of the same type rebuilds it in place)
    // until a lazy page's code is here. The page's owner goes with its view (`OwnedView`): its
    // DOM is built under it, so what the page provides is found by everything it draws, and it
    // is disposed once the next page has replaced it. Done by hand, not with `Suspend`, whose
    // async machinery was ~1.3 KiB of the first download (issue #6).
    // A cell on this thread, not a `StoredValue::new_local`: Leptos' local arena storage was code
    // the first download carried for this one value (issue #6). The view closure must be `Send`,
    // hence the wrapper; it is only ever touched on this thread.
    let page_cell = Rc::new(RefCell::new(None::<OwnedView<AnyView>>));
    let shown = SendWrapper::new(page_cell.clone());
    let arrived = Trigger::new();
    // A plain cell: a `StoredValue<u64>` was ~1 KB of generic code for one counter.
    let generation = Rc::new(Cell::new(0u64));
    let parent = Owner::current().unwrap_or_default();
    let mut drawn = None::<Route>;
    effect(move || {
        let route = router.map_or(Route::Nearby, |r| r.route());
        // The address changed but not the page (another query, the same link again): it stays.
        if drawn.as_ref() == Some(&route) {
            return;
        }
        drawn = Some(route.clone());
        let n = generation.get().wrapping_add(1);
        generation.set(n);
        let generation = generation.clone();
        let page_cell = page_cell.clone();
        // A child of the routes, not of this effect: the effect's next run must not dispose the
        // page on screen.
        let owner = parent.child();
        let page_owner = owner.clone();
        owner.with(|| {
            // Untracked: what a page reads while it is built must not re-run this effect.
            leptos::task::spawn_local(ScopedFuture::new_untracked(async move {
                let view = page(route).await;
                // A newer route won meanwhile: this page is dropped, and its owner with it.
                if generation.get() != n {
                    return;
                }
                *page_cell.borrow_mut() = Some(OwnedView::new_with_owner(view, page_owner));
                arrived.notify();
                if let Some(router) = router {
                    request_animation_frame(move || router.page_drawn());
                }
            }));
        });
    });
    reactive(move || {
        arrived.track();
        // As an `AnyView`, like the app's other optional views: one copy of Leptos' code for them.
        shown.borrow_mut().take().map(IntoAny::into_any)
    })
}

/// The view of a route: the home page and "not found" are in the first download; the others are
/// lazy chunks in the split build (`pages::lazy`). Each route's work is a future of its own: as one
/// `async fn`, the home page's whole build was inlined into the routes' task (~0.1 KiB brotli more).
fn page(route: Route) -> crate::split::LocalFuture<AnyView> {
    match route {
        Route::Nearby => Box::pin(async { view! { <NearbyPage /> }.into_any() }),
        Route::Station(id) => Box::pin(lazy::station(id)),
        Route::Report => Box::pin(lazy::report()),
        Route::MyReports => Box::pin(lazy::my_reports()),
        Route::Request(id) => Box::pin(lazy::request(id)),
        Route::Settings => Box::pin(lazy::settings()),
        Route::NotFound => Box::pin(async { view! { <NotFound /> }.into_any() }),
    }
}

#[component]
fn Header() -> impl IntoView {
    view! {
        <header class="header">
            <NavLink to="/" class="brand">
                <span {attr("lang", "zh-CN")}>"清水"</span>
                <span {attr("lang", "en")}>"Qingshui"</span>
            </NavLink>
            <NavLinks />
            <LangSwitch />
        </header>
    }
}

/// The report and my-reports links, shared by the header and the embed bar.
#[component]
fn NavLinks() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="nav" {attr("aria-label", "Qingshui")}>
            <NavLink to="/report" testid="report-link">{i18n.text(Key::ReportLink)}</NavLink>
            <NavLink to="/my-reports" testid="my-reports-link">{i18n.text(Key::MyReportsLink)}</NavLink>
        </nav>
    }
}

/// In a mini-program: no brand bar (the host's navigation bar shows the title), only a slim row
/// with the way back to the mini-program, the links and the language switch.
#[component]
fn EmbedBar(host: Host) -> impl IntoView {
    let i18n = use_i18n();
    let back = bridge::can_go_back(host).then(|| {
        view! {
            <button {attr("type", "button")} class="embed-back" data-testid="embed-back"
                on:click=move |_| { bridge::navigate_back(host); }>
                "‹ "{move || back_label(i18n.lang()).to_string()}
            </button>
        }
    });
    view! {
        <div class="embed-bar" data-testid="embed-bar">
            {back}
            <NavLinks />
            <LangSwitch />
        </div>
    }
}

/// "Back to the mini-program" (a local string: it exists only in embed mode).
fn back_label(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "返回小程序",
        Lang::En => "Back to mini-program",
    }
}

/// Keeps `document.title` on the current page's name, in the current language: hosts show it in
/// their navigation bar, browsers in the tab and history.
#[component]
fn PageTitle(host: Host) -> impl IntoView {
    let i18n = use_i18n();
    let embedded = host.is_embedded();
    let router = use_router();
    effect(move || {
        let route = router.map_or(Route::Nearby, |r| r.route());
        document::set_title(&page_title(i18n.lang(), &route, embedded));
    });
}

/// The title of `route`'s page: the page's name, then the app's name in a browser; the name
/// alone in a host, whose bar already belongs to the app.
pub fn page_title(lang: Lang, route: &Route, embedded: bool) -> String {
    let page = match route {
        Route::Nearby => text(lang, Key::NearbyHeading).to_string(),
        Route::Station(_) => text(lang, Key::StationHeading).to_string(),
        Route::Report => text(lang, Key::ReportHeading).to_string(),
        Route::MyReports => text(lang, Key::MyReportsHeading).to_string(),
        Route::Settings => text(lang, Key::SettingsHeading).to_string(),
        Route::Request(id) => {
            report_format::report_number(lang, &qingshui_core::sta::urls::decode(id))
        }
        Route::NotFound => text(lang, Key::NotFoundTitle).to_string(),
    };
    if embedded {
        page
    } else {
        format!("{page} · {}", text(lang, Key::AppName))
    }
}

#[component]
fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="status-text" {attr("role", "status")} {attr("aria-live", "polite")}>{i18n.text(Key::StatusLoading)}</p> }
}

/// The hotline, the way to the display settings and, in lite mode, the data this visit used.
#[component]
fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    let modes = use_modes();
    // A resource was fetched: the figure is read again. A trigger, not a signal holding the
    // figure: a signal type of its own was ~2 KB of generic code in the first download (issue #6).
    let fetched = Trigger::new();
    // Only lite mode shows the figure, so only lite mode counts: reading every Resource Timing
    // entry on each fetch is work the start of a standard visit does without. Entries are kept
    // from the page's start, so a count begun when lite mode is switched on later is complete.
    let counting = StoredValue::new(false);
    effect(move || {
        if !modes.lite() || counting.get_value() {
            return;
        }
        counting.set_value(true);
        // Only fetched resources add bytes; the observer lives with the page, as the footer does.
        resource_timing::watch(move || fetched.notify());
    });
    let used = move || {
        modes.lite().then(|| {
            fetched.track();
            let bytes = resource_timing::bytes_used();
            view! {
                <p class="bytes-used" data-testid="bytes-used" data-bytes=bytes.to_string()>
                    {move || modes_format::bytes_used(i18n.lang(), bytes)}
                </p>
            }
            .into_any()
        })
    };
    view! {
        <footer class="footer">
            <p>{i18n.text(Key::Hotline)}</p>
            <p><NavLink to="/settings" testid="settings-link">{i18n.text(Key::SettingsLink)}</NavLink></p>
            {reactive(used)}
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_name_the_page_and_the_app_outside_hosts() {
        let cases = [
            (Lang::ZhCn, "/", false, "附近的水质 · 清水"),
            (Lang::ZhCn, "", true, "附近的水质"),
            (Lang::En, "/station/17", true, "Monitoring station"),
            (Lang::ZhCn, "/report", true, "报告水问题"),
            (Lang::En, "/my-reports", false, "My reports · Qingshui"),
            (Lang::ZhCn, "/request/7", true, "报告编号：7"),
            (Lang::En, "/settings", false, "Display settings · Qingshui"),
            (Lang::En, "/nowhere/at/all", true, "Page not found"),
        ];
        for (lang, route, embedded, want) in cases {
            assert_eq!(
                page_title(lang, &Route::parse(route), embedded),
                want,
                "{route}"
            );
        }
    }
}
