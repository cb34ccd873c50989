//! Browser tests of `api::fetched::Fetched`, what the pages fetch their data with: it loads at once,
//! loads again when a signal its loader reads changes or on "try again", keeps the last answer on
//! screen meanwhile, and never lets a slow older answer overwrite a newer one.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use qingshui::api::fetched::Fetched;
use wasm_bindgen_test::*;

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a view of a `Fetched` whose loader answers "answer N" for the signal's N after `delay(N)` ms;
/// gives the element, the signal, the handle and how often the loader ran.
fn mount(
    delay: fn(u32) -> i32,
) -> (
    web_sys::HtmlElement,
    RwSignal<u32>,
    Fetched<String>,
    Rc<Cell<u32>>,
    impl Sized,
) {
    let root = fresh_element();
    let asked = RwSignal::new(1_u32);
    let runs = Rc::new(Cell::new(0));
    let handle = Rc::new(Cell::new(None));
    let (runs_in, handle_in) = (runs.clone(), handle.clone());
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        let runs = runs_in.clone();
        let fetched = Fetched::new(move || {
            runs.set(runs.get() + 1);
            let n = asked.get();
            async move {
                sleep(delay(n)).await;
                format!("answer {n}")
            }
        });
        handle_in.set(Some(fetched));
        view! { <p>{move || fetched.get().unwrap_or_else(|| "loading".into())}</p> }
    });
    (root, asked, handle.get().unwrap(), runs, mounted)
}

fn shown(root: &web_sys::HtmlElement) -> String {
    root.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn loads_at_once_and_again_when_what_it_reads_changes_keeping_the_last_answer_meanwhile() {
    let (root, asked, _fetched, runs, _mounted) = mount(|_| 200);
    settle().await;
    assert_eq!(shown(&root), "loading");
    sleep(400).await;
    assert_eq!(shown(&root), "answer 1");
    asked.set(2);
    settle().await;
    assert_eq!(runs.get(), 2, "a changed signal loads again");
    assert_eq!(
        shown(&root),
        "answer 1",
        "the last answer stays while the next one loads"
    );
    sleep(400).await;
    assert_eq!(shown(&root), "answer 2");
}

#[wasm_bindgen_test]
async fn a_slow_older_answer_never_overwrites_a_newer_one() {
    // The first request takes 600 ms, the second 10 ms: the first ends last.
    let (root, asked, _fetched, _runs, _mounted) = mount(|n| if n == 1 { 600 } else { 10 });
    settle().await;
    asked.set(2);
    sleep(200).await;
    assert_eq!(shown(&root), "answer 2");
    sleep(600).await;
    assert_eq!(
        shown(&root),
        "answer 2",
        "the older answer came later and was kept out"
    );
}

#[wasm_bindgen_test]
async fn try_again_runs_the_loader_again() {
    let (root, _asked, fetched, runs, _mounted) = mount(|_| 10);
    sleep(40).await;
    assert_eq!((runs.get(), shown(&root)), (1, "answer 1".to_string()));
    fetched.refetch();
    settle().await;
    assert_eq!(runs.get(), 2);
    sleep(40).await;
    assert_eq!(shown(&root), "answer 1");
}
