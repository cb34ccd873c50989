//! The app's router: the current address in a signal, the route it names, and moving between
//! pages without loading the app again.
//!
//! Written here instead of using leptos_router: this app has six flat routes and no nested or
//! server routing, and leptos_router's matching, location and `<A>` machinery weighed ~20 KiB
//! brotli of the first download (issue #6), paid by every resident on every first visit. What it
//! did for us, this does the same way: a plain click on a link to one of the app's pages opens it
//! in place (`platform::history::on_link_click`), back and forward redraw the page, a new page
//! starts at the top once it is drawn, and a lazy page's code is awaited while the previous page
//! stays on screen (`lib.rs`).

use leptos::prelude::*;

use crate::components::attr::attr;
use crate::reactive::reactive;

use crate::platform::{document, history};
use crate::state::route::{Query, Route};

/// The router, shared as context by [`Router::start`].
#[derive(Clone, Copy)]
pub struct Router {
    /// The address bar's path and query, as one string: a `String` signal is a type the first
    /// download has anyway, a pair of them was ~1.7 KB of generic code more (issue #6).
    address: RwSignal<String>,
    /// The app's base path (`/`, or `/water/` under a sub-path).
    base: StoredValue<String>,
    /// A page opened by a link or [`Router::navigate`] starts at the top; back and forward leave
    /// the scrolling to the browser.
    scroll_to_top: StoredValue<bool>,
}

impl Router {
    /// Reads the current address and follows it from now on; provides the router as context.
    pub fn start() -> Self {
        let base = document::base_path();
        let address = RwSignal::new(history::current_href());
        let router = Self {
            address,
            base: StoredValue::new(base.clone()),
            scroll_to_top: StoredValue::new(false),
        };
        history::on_back_forward(move || address.set(history::current_href()));
        // Which links are the app's (under its base) index.html's listener decides, from `<base>`.
        history::on_link_click(move |href| router.go(&href, false));
        provide_context(router);
        router
    }

    /// The current page (tracked: follows every change of the address, its query's too). Read
    /// from the address each time rather than kept in a `Memo`, whose code for one more type
    /// was ~1.5 KB of the first download (issue #6); the routes skip a change that keeps the page.
    pub fn route(&self) -> Route {
        self.address.with(|a| self.route_of(a))
    }

    /// The current page, without subscribing to changes.
    pub fn route_untracked(&self) -> Route {
        self.address.with_untracked(|a| self.route_of(a))
    }

    fn route_of(&self, address: &str) -> Route {
        self.base
            .with_value(|base| Route::from_address(split_href(address).0, base))
    }

    /// The current address's query, read once (pages that prefill from it do so on opening).
    pub fn query_untracked(&self) -> Query {
        self.address
            .with_untracked(|a| Query::parse(split_href(a).1))
    }

    /// Opens `to`, a path inside the app with an optional query (`/report?service=x`), as a link
    /// to it would; `replace` puts it in place of the current history entry.
    pub fn navigate(&self, to: &str, replace: bool) {
        self.go(&document::app_href(to), replace);
    }

    /// The page for the address has been drawn: a newly opened one scrolls to the top.
    pub fn page_drawn(&self) {
        if self.scroll_to_top.try_get_value() == Some(true) {
            self.scroll_to_top.set_value(false);
            history::scroll_to_top();
        }
    }

    fn go(&self, href: &str, replace: bool) {
        // The same address again (a second tap on a link) adds no history entry.
        if href != history::current_href() {
            history::go(href, replace);
        }
        self.scroll_to_top.set_value(true);
        self.address.set(history::current_href());
    }
}

/// An address as the address bar gives it (`/station/7?lang=en`): its path, and its query with
/// the `?` (empty when it has none). A path never holds a `?` of its own: the browser encodes it.
fn split_href(href: &str) -> (&str, &str) {
    href.split_at(href.find('?').unwrap_or(href.len()))
}

/// The router of the app (`None` outside it, e.g. a component under test).
pub fn use_router() -> Option<Router> {
    use_context::<Router>()
}

/// A link to a page of the app that says when it is the current page (`aria-current="page"`),
/// for the header, the embed bar and the footer.
#[component]
pub fn NavLink(
    /// The page's path inside the app (`/report`); the link gets the base in front.
    to: &'static str,
    /// The link's `data-testid`. Props rather than `attr:` on the component: attributes spread
    /// onto a component's view were Leptos' generic code of their own (issue #6).
    #[prop(optional)]
    testid: Option<&'static str>,
    /// The link's class.
    #[prop(optional)]
    class: Option<&'static str>,
    /// The link's text.
    children: Children,
) -> impl IntoView {
    let page = Route::parse(to);
    let router = use_router();
    let current = move || router.is_some_and(|r| r.route() == page).then_some("page");
    view! {
        <a {attr("href", document::app_href(to))} {attr("aria-current", reactive(current))} {attr("class", class)} data-testid=testid>{children()}</a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_splits_into_its_path_and_its_query() {
        let cases = [
            ("/station/7?lang=en", ("/station/7", "?lang=en")),
            ("/report", ("/report", "")),
            ("/", ("/", "")),
            ("/?station=a?b", ("/", "?station=a?b")),
            ("", ("", "")),
        ];
        for (href, want) in cases {
            assert_eq!(split_href(href), want, "{href}");
        }
    }
}
