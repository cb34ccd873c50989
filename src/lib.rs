//! Qingshui (清水): the water-quality status of the monitoring stations near a resident, in
//! their language. A Leptos 0.8 client-side app; this file holds only the app shell and routes
//! (`/`, `/station/:id`, `/report`, `/my-reports`, `/request/:id`; one file per page in `pages/`, browser access only through `platform/`).

#![warn(missing_docs)]

pub mod api;
pub mod components;
pub mod config;
pub mod i18n;
pub mod pages;
pub mod platform;
pub mod state;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::components::lang_switch::LangSwitch;
use crate::config::Config;
use crate::i18n::{use_i18n, I18n, Key};
use crate::pages::{
    my_reports::MyReportsPage, nearby::NearbyPage, not_found::NotFound, report::ReportPage,
    request::RequestPage, station::StationPage,
};

/// The wasm entry point: replaces the static loading shell of index.html with the app.
#[wasm_bindgen(start)]
pub fn start() {
    platform::document::remove_by_id("boot");
    leptos::mount::mount_to_body(App);
}

/// The app: language context, configuration, header, routes, footer.
#[component]
pub fn App() -> impl IntoView {
    provide_context(I18n::from_browser());
    let config = LocalResource::new(config::load);
    view! {
        <Router>
            <Header />
            <main id="main" class="main">
                {move || match config.get() {
                    Some(cfg) => view! { <AppRoutes config=cfg /> }.into_any(),
                    None => view! { <Loading /> }.into_any(),
                }}
            </main>
            <Footer />
        </Router>
    }
}

#[component]
fn AppRoutes(config: Config) -> impl IntoView {
    provide_context(config);
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/") view=NearbyPage />
            <Route path=path!("/station/:id") view=StationPage />
            <Route path=path!("/report") view=ReportPage />
            <Route path=path!("/my-reports") view=MyReportsPage />
            <Route path=path!("/request/:id") view=RequestPage />
        </Routes>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="header">
            <a class="brand" href="/">
                <span lang="zh-CN">"清水"</span>
                <span lang="en">"Qingshui"</span>
            </a>
            <nav class="nav" aria-label="Qingshui">
                <a href="/report" data-testid="report-link">{move || i18n.t(Key::ReportLink)}</a>
                <a href="/my-reports" data-testid="my-reports-link">{move || i18n.t(Key::MyReportsLink)}</a>
            </nav>
            <LangSwitch />
        </header>
    }
}

#[component]
fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="status-text" role="status" aria-live="polite">{move || i18n.t(Key::StatusLoading)}</p> }
}

#[component]
fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! { <footer class="footer"><p>{move || i18n.t(Key::Hotline)}</p></footer> }
}
