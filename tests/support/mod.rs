//! What the browser tests share: a fresh element to mount a component into, and a wait that lets the
//! reactive system run what a change scheduled.
#![allow(dead_code)] // each test file uses its own part of this

use wasm_bindgen::JsCast;

/// A new empty `<div>` at the end of `<body>`, so each test mounts into its own element.
pub fn fresh_element() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Lets the reactive system run the effects a change scheduled (one short timer turn).
pub async fn settle() {
    sleep(10).await;
}

/// Resolves after `ms` milliseconds of real time.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The trend chart the component tests draw: ammonia nitrogen over two hours, crossing its 1.0 mg/L limit.
pub fn sample_trend_chart() -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    use qingshui::components::trend_chart::TrendChart;
    view! {
        <TrendChart
            name="Ammonia nitrogen".to_string()
            series=vec![(0, 0.5), (3_600_000, 0.8), (7_200_000, 1.2)]
            unit="mg/L".into()
            limit=Some(1.0)
        />
    }
}
