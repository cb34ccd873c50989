//! The pages a resident does not need for the first view, as lazily loaded routes: the release build
//! (scripts/build.sh, `--features split`, wasm-split-cli) cuts each page into its own wasm chunk
//! (`split_page_<name>-<hash>.wasm`), fetched when the route is first opened, so the nearby view's
//! download carries none of the station page, the settings or the reporting code (form, photos,
//! outbox screens). The station page's request starts before its chunk is awaited, so both travel
//! at once. `index.html` (`pageCode`) names each route's modules, to preload them when a page is
//! opened directly: a new split route belongs there too. The texts only these pages show come the same
//! way (`i18n::page_texts`, one file per group of pages): asked for with the chunk, read before the page
//! is drawn.
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
#[cfg(feature = "split")]
use crate::i18n::page_texts::Group;

/// The view of `/station/:id` (`id` as in the address): one station's readings, trends and advice.
pub async fn station(id: String) -> AnyView {
    #[cfg(feature = "split")]
    return split::page(
        Box::pin(split::page_station(super::station::StationData::start(id))),
        Group::Station,
    )
    .await;
    #[cfg(not(feature = "split"))]
    return view! { <StationPage id=id /> }.into_any();
}

/// The view of `/settings`: the display modes.
pub async fn settings() -> AnyView {
    #[cfg(feature = "split")]
    return split::page(Box::pin(split::page_settings()), Group::Forms).await;
    #[cfg(not(feature = "split"))]
    return view! { <SettingsPage /> }.into_any();
}

/// The view of `/report`: the report form and its steps.
pub async fn report() -> AnyView {
    #[cfg(feature = "split")]
    return split::page(Box::pin(split::page_report()), Group::Forms).await;
    #[cfg(not(feature = "split"))]
    return view! { <ReportPage /> }.into_any();
}

/// The view of `/my-reports`: the reports filed from this phone.
pub async fn my_reports() -> AnyView {
    #[cfg(feature = "split")]
    return split::page(Box::pin(split::page_my_reports()), Group::Forms).await;
    #[cfg(not(feature = "split"))]
    return view! { <MyReportsPage /> }.into_any();
}

/// The view of `/request/:id` (`id` as in the address): one report's public status.
pub async fn request(id: String) -> AnyView {
    #[cfg(feature = "split")]
    return split::page(Box::pin(split::page_request(id)), Group::Forms).await;
    #[cfg(not(feature = "split"))]
    return view! { <RequestPage id=id /> }.into_any();
}

#[cfg(feature = "split")]
mod split {
    use leptos::prelude::*;
    use leptos::wasm_split::SplitLoaderError;

    use crate::i18n::page_texts::{self, Group};
    use crate::pages::my_reports::MyReportsPage;
    use crate::pages::page_unloaded::PageUnloaded;
    use crate::pages::report::ReportPage;
    use crate::pages::request::RequestPage;
    use crate::pages::settings::SettingsPage;
    use crate::pages::station::{StationData, StationView};
    use crate::platform::stylesheet;
    use crate::split::{split_fn, LocalFuture};

    /// What a page's entry point returns: the page, once its chunk is here.
    type Page = LocalFuture<Result<AnyView, SplitLoaderError>>;

    split_fn! { page_station, SplitLoaderError;
        /// The station page, for data already on its way.
        pub(super) fn page_station(data: StationData) -> AnyView { with_texts(Group::Station, || view! { <StationView data=data /> }.into_any()).await }
    }

    split_fn! { page_settings, SplitLoaderError;
        /// The display settings.
        pub(super) fn page_settings() -> AnyView { with_texts(Group::Forms, || view! { <SettingsPage /> }.into_any()).await }
    }

    split_fn! { page_report, SplitLoaderError;
        /// The report form.
        pub(super) fn page_report() -> AnyView { with_texts(Group::Forms, || view! { <ReportPage /> }.into_any()).await }
    }

    split_fn! { page_my_reports, SplitLoaderError;
        /// The reports filed from this phone.
        pub(super) fn page_my_reports() -> AnyView { with_texts(Group::Forms, || view! { <MyReportsPage /> }.into_any()).await }
    }

    split_fn! { page_request, SplitLoaderError;
        /// One report's public status.
        pub(super) fn page_request(id: String) -> AnyView { with_texts(Group::Forms, || view! { <RequestPage id=id /> }.into_any()).await }
    }

    /// A page once its chunk is here; a chunk that does not arrive shows [`PageUnloaded`] rather
    /// than aborting the app. Not generic: its code is in the first download once, not once per page.
    /// The lazy pages' texts (`i18n::page_texts`) and stylesheet start on their way now, beside the
    /// chunk.
    pub(super) async fn page(entry: Page, texts: Group) -> AnyView {
        page_texts::start(texts);
        stylesheet::add(texts.style());
        match entry.await {
            Ok(page) => page,
            Err(_) => view! { <PageUnloaded /> }.into_any(),
        }
    }

    /// The page drawn by `draw` once the lazy pages' texts and stylesheet are here (in a chunk,
    /// after its code): its views read the texts as they are built, and it is drawn once, styled.
    /// Texts or a sheet that do not arrive show [`PageUnloaded`], as code that does not arrive does:
    /// unstyled, the page would lose its 48 px touch targets and its layout.
    pub(super) async fn with_texts(texts: Group, draw: impl FnOnce() -> AnyView) -> AnyView {
        // Both are on their way since `page`: waiting for one, then the other, is no slower.
        let words = page_texts::ready(texts).await;
        let sheet = stylesheet::ready(texts.style()).await;
        match (words, sheet) {
            (Ok(()), true) => draw(),
            _ => view! { <PageUnloaded /> }.into_any(),
        }
    }
}
