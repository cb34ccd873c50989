//! Browser tests of the display modes in the components: lite mode's trend table in place of the
//! chart, the `<html>` classes and the elder wording, switched live.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use qingshui::components::modes::{use_modes, ModesContext};
use qingshui::i18n::{use_i18n, I18n, Key, Lang};
use qingshui::state::modes::Choice;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

fn html_class() -> String {
    let doc = web_sys::window().unwrap().document().unwrap();
    doc.document_element()
        .unwrap()
        .get_attribute("class")
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn lite_mode_swaps_the_chart_for_a_table_and_back() {
    let root = fresh_element();
    let ctx = StoredValue::new(None::<ModesContext>);
    let _h = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n::new(Lang::En));
        let modes = ModesContext::start(Choice {
            lite: Some(true),
            elder: Some(false),
        });
        provide_context(modes);
        ctx.set_value(Some(modes));
        sample_trend_chart()
    });
    assert_eq!(html_class(), "lite");
    assert!(
        root.query_selector("svg").unwrap().is_none(),
        "no chart in lite mode"
    );
    let body = root
        .query_selector("table.trend-table tbody")
        .unwrap()
        .unwrap();
    assert_eq!(body.child_element_count(), 3);
    let first = body.first_element_child().unwrap().text_content().unwrap();
    assert!(first.ends_with("1.2 mg/L"), "newest first: {first}");
    let caption = root.query_selector("caption").unwrap().unwrap();
    assert_eq!(
        caption.text_content().unwrap(),
        "Ammonia nitrogen — Last 7 days"
    );

    ctx.get_value().unwrap().set_lite(false);
    settle().await;
    assert_eq!(html_class(), "");
    assert!(root.query_selector("table").unwrap().is_none());
    assert!(
        root.query_selector("svg polyline").unwrap().is_some(),
        "chart back"
    );
}

#[wasm_bindgen_test]
async fn elder_mode_sets_the_class_and_the_simpler_words() {
    let root = fresh_element();
    let _h = leptos::mount::mount_to(root.clone(), || {
        provide_context(I18n::new(Lang::En));
        provide_context(ModesContext::start(Choice {
            lite: Some(false),
            elder: Some(true),
        }));
        let (i18n, modes) = (use_i18n(), use_modes());
        view! {
            <p>{move || i18n.t(Key::WhyLocation)}</p>
            <button on:click=move |_| modes.set_elder(false)>"off"</button>
        }
    });
    assert_eq!(html_class(), "elder");
    let p = root.query_selector("p").unwrap().unwrap();
    assert!(
        !p.text_content().unwrap().contains("coarse area"),
        "simpler words"
    );
    root.query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    settle().await;
    assert_eq!(html_class(), "");
    assert!(
        p.text_content().unwrap().contains("about 1 km"),
        "standard words"
    );
}
