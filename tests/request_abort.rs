//! Browser tests of the request deadline: a request is aborted when its deadline passes or when
//! the reactive owner it was started under is cleaned up (the resident left the page), and never
//! otherwise. The end-to-end view of the same is tests/e2e/fetch_abort.test.mjs. Also the other two
//! platform pieces a page's data passes through: the request as sent, and reading times as shown.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use qingshui::api::PageScope;
use qingshui::platform::timer::Deadline;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;
use support::sleep;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn cleaning_up_the_owner_aborts_the_request() {
    let owner = Owner::new();
    let deadline = owner.with(|| Deadline::start(60_000));
    let signal = deadline.signal().expect("AbortController");
    assert!(!signal.aborted());
    owner.cleanup();
    assert!(signal.aborted(), "the page went, the request goes on");
    assert!(deadline.left());
    assert!(!deadline.fired(), "leaving is not a timeout");
}

#[wasm_bindgen_test]
fn a_finished_request_is_forgotten_by_its_owner() {
    let owner = Owner::new();
    let deadline = owner.with(|| Deadline::start(60_000));
    let signal = deadline.signal().unwrap();
    drop(deadline);
    owner.cleanup();
    assert!(
        !signal.aborted(),
        "a request that had ended was aborted afterwards"
    );
}

#[wasm_bindgen_test]
async fn without_an_owner_only_the_deadline_aborts() {
    // The outbox sends without an owner: nothing but its deadline may cancel it.
    let deadline = Deadline::start(30);
    let signal = deadline.signal().unwrap();
    let unrelated = Owner::new();
    unrelated.cleanup();
    assert!(!signal.aborted());
    sleep(80).await;
    assert!(signal.aborted());
    assert!(deadline.fired());
    assert!(!deadline.left());
}

#[wasm_bindgen_test]
async fn a_page_scope_task_is_aborted_when_the_page_is_dropped() {
    // Mounting starts Leptos' task executor, as the app's start does.
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    leptos::mount::mount_to(el, || ()).forget();
    let page = Owner::new();
    let scope = page.with(PageScope::here);
    let seen: Rc<RefCell<Option<web_sys::AbortSignal>>> = Rc::default();
    let slot = seen.clone();
    scope.spawn(async move {
        let deadline = Deadline::start(60_000);
        *slot.borrow_mut() = deadline.signal();
        // A request that takes its time; the deadline lives as long as it does.
        sleep(5_000).await;
        drop(deadline);
    });
    sleep(20).await;
    let signal = seen.borrow().clone().expect("the task did not start");
    assert!(!signal.aborted());
    // The router drops the old page's owner on navigation; the task still holds its own.
    drop(page);
    assert!(
        signal.aborted(),
        "leaving the page did not abort its task's request"
    );
}

/// A request leaves with exactly the URL it was given: gloo-net's builder appended `&` to every query, so the
/// app's station request never matched the server's preload of it (server/src/page_hints.rs).
#[wasm_bindgen_test]
fn a_request_keeps_its_url_exactly() {
    let url = "/v1.1/Things(17)?$select=@iot.id,name&$expand=Locations($select=location)";
    let request: web_sys::Request = qingshui::platform::network::request(
        "GET",
        url,
        &[("Accept", "application/json")],
        None,
        None,
    )
    .expect("a request");
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    assert_eq!(request.url(), format!("{origin}{url}"));
    assert_eq!(request.method(), "GET");
    assert_eq!(
        request.headers().get("accept").unwrap().as_deref(),
        Some("application/json")
    );
}

/// Reading times read as `Date.toLocaleString` with `{dateStyle: "medium", timeStyle: "short"}` writes them in
/// this browser (its time zone, its locale data), though the app no longer asks `Intl` (i18n/date_format.rs).
#[wasm_bindgen_test]
fn local_times_read_as_the_browser_writes_them() {
    use qingshui::i18n::{local_datetime, Lang};
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into()).unwrap();
    js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into()).unwrap();
    for ms in [
        1_795_852_800_000_i64,
        1_795_888_800_000,
        1_764_000_000_000,
        1_719_792_000_000,
    ] {
        for lang in [Lang::ZhCn, Lang::En] {
            let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
            let want: String = date.to_locale_string(lang.tag(), &options).into();
            // Newer ICU writes a narrow no-break space before AM/PM; the app writes a plain one.
            assert_eq!(
                local_datetime(lang, ms),
                want.replace('\u{202f}', " "),
                "{ms} {lang:?}"
            );
        }
    }
}
