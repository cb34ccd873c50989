//! The pages a resident does not need for the first view, as lazily loaded routes: the release build
//! (scripts/build.sh, `--features split`, wasm-split-cli) cuts each `view` into its own wasm chunk, fetched
//! when the route is first opened, so the nearby view's download carries none of the station page, the
//! settings or the reporting code (form, photos, outbox screens). The station page's request starts in
//! `data()`, beside the chunk's download; the other pages load their own data, as they do unsplit.
//!
//! Without the `split` feature (the browser tests, `cargo check`) the routes are the plain pages: a lazy
//! route's wasm imports a loader that only the split build provides.

use leptos_router::ChooseView;

#[cfg(not(feature = "split"))]
use super::station::StationPage;
use super::{
    my_reports::MyReportsPage, report::ReportPage, request::RequestPage, settings::SettingsPage,
};

/// The view of `/station/:id`: one station's readings, trends and advice.
pub fn station() -> impl ChooseView {
    #[cfg(feature = "split")]
    return leptos_router::Lazy::<split::StationRoute>::new();
    #[cfg(not(feature = "split"))]
    return StationPage;
}

/// The view of `/settings`: the display modes.
pub fn settings() -> impl ChooseView {
    #[cfg(feature = "split")]
    return leptos_router::Lazy::<split::SettingsRoute>::new();
    #[cfg(not(feature = "split"))]
    return SettingsPage;
}

/// The view of `/report`: the report form and its steps.
pub fn report() -> impl ChooseView {
    #[cfg(feature = "split")]
    return leptos_router::Lazy::<split::ReportRoute>::new();
    #[cfg(not(feature = "split"))]
    return ReportPage;
}

/// The view of `/my-reports`: the reports filed from this phone.
pub fn my_reports() -> impl ChooseView {
    #[cfg(feature = "split")]
    return leptos_router::Lazy::<split::MyReportsRoute>::new();
    #[cfg(not(feature = "split"))]
    return MyReportsPage;
}

/// The view of `/request/:id`: one report's public status.
pub fn request() -> impl ChooseView {
    #[cfg(feature = "split")]
    return leptos_router::Lazy::<split::RequestRoute>::new();
    #[cfg(not(feature = "split"))]
    return RequestPage;
}

#[cfg(feature = "split")]
mod split {
    use leptos::prelude::*;
    use leptos_router::{lazy_route, LazyRoute};

    use super::{MyReportsPage, ReportPage, RequestPage, SettingsPage};
    use crate::pages::station::{StationData, StationView};

    pub struct StationRoute(StationData);

    #[lazy_route]
    impl LazyRoute for StationRoute {
        fn data() -> Self {
            StationRoute(StationData::start())
        }

        fn view(this: Self) -> AnyView {
            view! { <StationView data=this.0 /> }.into_any()
        }
    }

    pub struct SettingsRoute;

    #[lazy_route]
    impl LazyRoute for SettingsRoute {
        fn data() -> Self {
            SettingsRoute
        }

        fn view(_this: Self) -> AnyView {
            view! { <SettingsPage /> }.into_any()
        }
    }

    pub struct ReportRoute;

    #[lazy_route]
    impl LazyRoute for ReportRoute {
        fn data() -> Self {
            ReportRoute
        }

        fn view(_this: Self) -> AnyView {
            view! { <ReportPage /> }.into_any()
        }
    }

    pub struct MyReportsRoute;

    #[lazy_route]
    impl LazyRoute for MyReportsRoute {
        fn data() -> Self {
            MyReportsRoute
        }

        fn view(_this: Self) -> AnyView {
            view! { <MyReportsPage /> }.into_any()
        }
    }

    pub struct RequestRoute;

    #[lazy_route]
    impl LazyRoute for RequestRoute {
        fn data() -> Self {
            RequestRoute
        }

        fn view(_this: Self) -> AnyView {
            view! { <RequestPage /> }.into_any()
        }
    }
}
