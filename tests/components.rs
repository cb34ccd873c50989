//! Browser tests of the components: mount each into a fresh element with sample core data and
//! check what a resident (and a screen reader) gets. No network involved.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use qingshui::components::class_badge::ClassBadge;
use qingshui::components::station_card::StationCard;
use qingshui::i18n::{I18n, Lang};
use qingshui::pages::page_unloaded::PageUnloaded;
use qingshui::state::nearby::NearStation;
use qingshui_core::geo::LatLon;
use qingshui_core::quality::{Parameter, WaterBody, WaterClass};
use qingshui_core::sta::IotId;
use qingshui_core::station::{Deciding, StationReport, Status};
use wasm_bindgen_test::*;

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

fn find(root: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

fn text(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

fn report(status: Status) -> StationReport {
    StationReport {
        id: IotId::Num(17),
        name: "长江寸滩".into(),
        name_en: Some("Cuntan, Yangtze River".into()),
        position: Some(LatLon {
            lat: 29.6,
            lon: 106.6,
        }),
        water_body: WaterBody::River,
        target: Some(WaterClass::III),
        status,
        items: Vec::new(),
        missing: Vec::new(),
        latest_ms: Some(js_sys::Date::now() as i64 - 3 * 3_600_000),
    }
}

#[wasm_bindgen_test]
fn badge_has_text_shape_and_colour() {
    let root = fresh_element();
    let _h = leptos::mount::mount_to(root.clone(), || {
        provide_context(I18n::new(Lang::ZhCn));
        view! { <ClassBadge class=WaterClass::III /> }
    });
    assert_eq!(text(&find(&root, "[data-testid=station-class]")), "III");
    assert_eq!(text(&find(&root, ".badge")), "III类");
    assert!(find(&root, ".badge").class_name().contains("badge-c3"));
    let svg = find(&root, "svg");
    assert_eq!(svg.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert!(
        root.query_selector("svg rect").unwrap().is_some(),
        "class III is a rounded square"
    );
}

#[wasm_bindgen_test]
fn worse_than_v_badge_is_explained_in_english_and_secondary_badges_have_no_testid() {
    let root = fresh_element();
    let _h = leptos::mount::mount_to(root.clone(), || {
        provide_context(I18n::new(Lang::En));
        view! { <ClassBadge class=WaterClass::WorseThanV primary=false /> }
    });
    let badge = text(&find(&root, ".badge"));
    assert!(badge.starts_with("Class 劣V"), "{badge}");
    assert!(badge.contains("worse than class V"), "{badge}");
    assert!(root
        .query_selector("[data-testid=station-class]")
        .unwrap()
        .is_none());
    assert!(
        root.query_selector("svg polygon").unwrap().is_some(),
        "劣V is an octagon"
    );
}

#[wasm_bindgen_test]
fn card_shows_distance_class_deciding_item_and_freshness() {
    let root = fresh_element();
    let deciding = vec![Deciding {
        parameter: Parameter::AmmoniaNitrogen,
        value: 2.6,
        times_target: Some(2.6),
        times_class_v: Some(1.3),
    }];
    let station = NearStation {
        report: Arc::new(report(Status::Classified {
            class: WaterClass::WorseThanV,
            deciding,
        })),
        distance_m: Some(1234.4),
    };
    let _h = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n::new(Lang::ZhCn));
        view! { <ol><StationCard station=station /></ol> }
    });
    let li = find(&root, "li[data-station-id='17']");
    assert_eq!(
        find(&root, "a").get_attribute("href").as_deref(),
        Some("/station/17")
    );
    let distance = find(&root, "[data-testid=station-distance]");
    assert_eq!(text(&distance), "1.2 km");
    assert_eq!(
        distance.get_attribute("data-metres").as_deref(),
        Some("1234")
    );
    assert_eq!(text(&find(&root, "[data-testid=station-class]")), "劣V");
    assert_eq!(
        text(&find(&root, "[data-testid=deciding-item]")),
        "劣V类：氨氮 2.6 mg/L，为V类标准限值的1.3倍"
    );
    assert_eq!(text(&find(&root, "[data-testid=freshness]")), "3小时前更新");
    assert!(
        text(&li).contains("长江寸滩")
            && text(&li).contains("重度污染")
            && text(&li).contains("避免接触")
    );
}

#[wasm_bindgen_test]
fn stale_station_shows_no_class_and_says_so_in_english() {
    let root = fresh_element();
    let station = NearStation {
        report: Arc::new(report(Status::NoRecentData {
            last_ms: Some(js_sys::Date::now() as i64 - 3 * 86_400_000),
        })),
        distance_m: None,
    };
    let _h = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n::new(Lang::En));
        view! { <ol><StationCard station=station /></ol> }
    });
    assert!(
        root.query_selector("[data-testid=station-class]")
            .unwrap()
            .is_none(),
        "no stale class"
    );
    assert!(root
        .query_selector("[data-testid=station-distance]")
        .unwrap()
        .is_none());
    assert_eq!(
        text(&find(&root, "[data-testid=freshness]")),
        "No recent data (last reading 3 days ago)"
    );
    assert!(
        text(&find(&root, ".card-name")).contains("Cuntan"),
        "English name in English"
    );
}

#[wasm_bindgen_test]
fn trend_chart_is_an_image_with_a_text_equivalent() {
    let root = fresh_element();
    let _h = leptos::mount::mount_to(root.clone(), || {
        provide_context(I18n::new(Lang::En));
        sample_trend_chart()
    });
    let svg = find(&root, "svg");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    let label = svg.get_attribute("aria-label").unwrap();
    assert!(label.starts_with("Ammonia nitrogen"), "{label}");
    assert!(label.contains("min 0.5, max 1.2 mg/L, rising"), "{label}");
    assert_eq!(
        find(&root, "polyline")
            .get_attribute("points")
            .unwrap()
            .split(' ')
            .count(),
        3
    );
    assert!(
        root.query_selector("line.trend-limit").unwrap().is_some(),
        "target limit drawn"
    );
    assert_eq!(
        text(&find(&root, ".trend-text")),
        "Last 7 days: min 0.5, max 1.2 mg/L, rising"
    );
}

#[wasm_bindgen_test]
fn a_page_whose_code_did_not_arrive_says_why_and_offers_retry_and_home() {
    for (lang, heading, why, retry) in [
        (Lang::ZhCn, "页面没有打开", "还没有保存在手机上", "重试"),
        (
            Lang::En,
            "This page did not open",
            "not saved on your phone",
            "Try again",
        ),
    ] {
        let root = fresh_element();
        let _h = leptos::mount::mount_to(root.clone(), move || {
            provide_context(I18n::new(lang));
            view! { <PageUnloaded /> }
        });
        let page = find(&root, "[data-testid=page-unloaded]");
        assert_eq!(text(&find(&root, "h1")), heading);
        let status = text(&find(&root, "[role=status]"));
        assert!(status.contains(why), "{status}");
        assert_eq!(text(&find(&root, ".status button")), retry);
        let home = find(&root, "a");
        assert_eq!(home.get_attribute("href").as_deref(), Some("/"));
        assert!(page.class_name().contains("page"));
    }
}
