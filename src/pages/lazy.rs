//! The pages a resident does not need for the first view, as lazily loaded routes: the release build
//! (scripts/build.sh, wasm-split-cli) cuts each `view` into its own wasm chunk, fetched when the route is
//! first opened, so the nearby view's download carries none of the reporting code (form, photos, outbox
//! screens). Each page still loads its own data, as it does when it is not split.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::{my_reports::MyReportsPage, report::ReportPage, request::RequestPage};

/// `/report`: the report form and its steps.
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

/// `/my-reports`: the reports filed from this phone.
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

/// `/request/:id`: one report's public status.
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
