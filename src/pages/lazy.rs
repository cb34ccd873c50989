//! The pages a resident does not need for the first view, as lazily loaded routes: the release build
//! (scripts/build.sh, `--features split`, wasm-split-cli) cuts each page into its own wasm chunk
//! (`split_page_<name>-<hash>.wasm`), fetched when the route is first opened, so the nearby view's
//! download carries none of the station page, the settings or the reporting code (form, photos,
//! outbox screens). The station page's request starts before its chunk is awaited, so both travel
//! at once. `index.html` (`pageCode`) names each route's modules, to preload them when a page is
//! opened directly: a new split route belongs there too.
//!
//! A chunk that cannot be fetched (offline before the service worker kept it, in lite mode, or in
//! a web-view without service workers) must not stop the app: a panic would abort the whole wasm
//! module. These pages are `crate::split` entry points and show `PageUnloaded` instead.
//!
//! Without the `split` feature (the browser tests, `cargo check`) the routes are the plain pages: a
//! split function's wasm imports a loader that only the split build provides.

use leptos::prelude::*;

#[cfg(not(feature = "split"))]
use super::{
    my_reports::MyReportsPage, report::ReportPage, request::RequestPage, settings::SettingsPage,
    station::StationPage,
};

/// The view of `/station/:id` (`id` as in the address): one station's readings, trends and advice.
pub async fn station(id: String) -> AnyView {
    #[cfg(feature = "split")]
    return split::page(Box::pin(split::page_station(
        super::station::StationData::start(id),
    )))
    .await;
    #[cfg(not(feature = "split"))]
    return view! { <StationPage id=id /> }.into_any();
}

/// The view of `/settings`: the display modes.
pub async fn settings() -> AnyView {
    #[cfg(feature = "split")]
    return split::page(Box::pin(split::page_settings())).await;
    #[cfg(not(feature = "split"))]
    return view! { <SettingsPage /> }.into_any();
}

/// The view of `/report`: the report form and its steps.
pub async fn report() -> AnyView {
    #[cfg(feature = "split")]
    return split::page(Box::pin(split::page_report())).await;
    #[cfg(not(feature = "split"))]
    return view! { <ReportPage /> }.into_any();
}

/// The view of `/my-reports`: the reports filed from this phone.
pub async fn my_reports() -> AnyView {
    #[cfg(feature = "split")]
    return split::page(Box::pin(split::page_my_reports())).await;
    #[cfg(not(feature = "split"))]
    return view! { <MyReportsPage /> }.into_any();
}

/// The view of `/request/:id` (`id` as in the address): one report's public status.
pub async fn request(id: String) -> AnyView {
    #[cfg(feature = "split")]
    return split::page(Box::pin(split::page_request(id))).await;
    #[cfg(not(feature = "split"))]
    return view! { <RequestPage id=id /> }.into_any();
}

#[cfg(feature = "split")]
mod split {
    use leptos::prelude::*;
    use leptos::wasm_split::SplitLoaderError;

    use crate::pages::my_reports::MyReportsPage;
    use crate::pages::page_unloaded::PageUnloaded;
    use crate::pages::report::ReportPage;
    use crate::pages::request::RequestPage;
    use crate::pages::settings::SettingsPage;
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
        pub(super) fn page_request(id: String) -> AnyView { view! { <RequestPage id=id /> }.into_any() }
    }

    /// A page once its chunk is here; a chunk that does not arrive shows [`PageUnloaded`] rather
    /// than aborting the app. Not generic: its code is in the first download once, not once per page.
    pub(super) async fn page(entry: Page) -> AnyView {
        match entry.await {
            Ok(page) => page,
            Err(_) => view! { <PageUnloaded /> }.into_any(),
        }
    }
}
