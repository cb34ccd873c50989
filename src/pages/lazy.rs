//! The pages a resident does not need for the first view, as lazily loaded routes: the release build
//! (scripts/build.sh, `--features split`, wasm-split-cli) cuts each page into its own wasm chunk
//! (`split_page_<name>-<hash>.wasm`), fetched when the route is first opened, so the nearby view's
//! download carries none of the station page, the settings or the reporting code (form, photos,
//! outbox screens). The station page's request starts before its chunk is awaited, so both travel
//! at once. `index.html` (`pageCode`) names each route's modules, to preload them when a page is
//! opened directly: a new split route belongs there too.
//!
//! A chunk that cannot be fetched (offline before the service worker kept it, in lite mode, or in
//! a web-view without service workers) must not stop the app: leptos_router's own lazy routes
//! panic then, which aborts the whole wasm module. These routes are `crate::split` entry points
//! and show [`PageUnloaded`] instead.
//!
//! Without the `split` feature (the browser tests, `cargo check`) the routes are the plain pages: a
//! split function's wasm imports a loader that only the split build provides.

use leptos_router::ChooseView;

#[cfg(not(feature = "split"))]
use super::station::StationPage;
use super::{
    my_reports::MyReportsPage, report::ReportPage, request::RequestPage, settings::SettingsPage,
};

/// The view of `/station/:id`: one station's readings, trends and advice.
pub fn station() -> impl ChooseView {
    #[cfg(feature = "split")]
    return split::SplitRoute(|| {
        Box::pin(split::page_station(super::station::StationData::start()))
    });
    #[cfg(not(feature = "split"))]
    return StationPage;
}

/// The view of `/settings`: the display modes.
pub fn settings() -> impl ChooseView {
    #[cfg(feature = "split")]
    return split::SplitRoute(|| Box::pin(split::page_settings()));
    #[cfg(not(feature = "split"))]
    return SettingsPage;
}

/// The view of `/report`: the report form and its steps.
pub fn report() -> impl ChooseView {
    #[cfg(feature = "split")]
    return split::SplitRoute(|| Box::pin(split::page_report()));
    #[cfg(not(feature = "split"))]
    return ReportPage;
}

/// The view of `/my-reports`: the reports filed from this phone.
pub fn my_reports() -> impl ChooseView {
    #[cfg(feature = "split")]
    return split::SplitRoute(|| Box::pin(split::page_my_reports()));
    #[cfg(not(feature = "split"))]
    return MyReportsPage;
}

/// The view of `/request/:id`: one report's public status.
pub fn request() -> impl ChooseView {
    #[cfg(feature = "split")]
    return split::SplitRoute(|| Box::pin(split::page_request()));
    #[cfg(not(feature = "split"))]
    return RequestPage;
}

#[cfg(feature = "split")]
mod split {
    use leptos::prelude::*;
    use leptos::wasm_split::SplitLoaderError;
    use leptos_router::ChooseView;

    use super::{MyReportsPage, ReportPage, RequestPage, SettingsPage};
    use crate::pages::page_unloaded::PageUnloaded;
    use crate::pages::station::{StationData, StationView};
    use crate::split::{split_fn, LocalFuture};

    /// What a page's entry point returns: the page, once its chunk is here.
    type Page = LocalFuture<Result<AnyView, SplitLoaderError>>;

    split_fn! { page_station, SplitLoaderError;
        /// The station page, for data already on its way.
        pub(super) fn page_station(data: StationData) -> AnyView { view! { <StationView data=data /> }.into_any() }
    }

    split_fn! { page_settings, SplitLoaderError;
        /// The display settings.
        pub(super) fn page_settings() -> AnyView { view! { <SettingsPage /> }.into_any() }
    }

    split_fn! { page_report, SplitLoaderError;
        /// The report form.
        pub(super) fn page_report() -> AnyView { view! { <ReportPage /> }.into_any() }
    }

    split_fn! { page_my_reports, SplitLoaderError;
        /// The reports filed from this phone.
        pub(super) fn page_my_reports() -> AnyView { view! { <MyReportsPage /> }.into_any() }
    }

    split_fn! { page_request, SplitLoaderError;
        /// One report's public status.
        pub(super) fn page_request() -> AnyView { view! { <RequestPage /> }.into_any() }
    }

    /// A route whose page is an entry point above. Like leptos_router's `Lazy`, the router keeps
    /// the previous page until this one is ready; unlike it, a chunk that does not arrive shows
    /// [`PageUnloaded`] rather than aborting the app. One type for every page (a function pointer
    /// to a boxed future), so its code is in the first download once, not once per page.
    #[derive(Clone, Copy)]
    pub struct SplitRoute(pub fn() -> Page);

    impl ChooseView for SplitRoute {
        async fn choose(self) -> AnyView {
            match (self.0)().await {
                Ok(page) => page,
                Err(_) => view! { <PageUnloaded /> }.into_any(),
            }
        }

        async fn preload(&self) {}
    }
}
