//! "Read aloud": speaks a page's water status in the current language, for residents who cannot
//! read the screen well. Shown only where the browser can speak (`platform::speech`).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::attr::attr;
use qingshui_core::advice::advice;
use qingshui_core::quality::level;
use qingshui_core::station::{StationReport, Status};

use super::icon::icon;
use super::station_card::{freshness, station_name};
use crate::i18n::{format, use_i18n, Key, Lang};
use crate::platform::speech;
use crate::state::nearby::NearStation;

/// What is said about one station: name, class and level, the advice, how fresh the data is.
pub fn station_speech(lang: Lang, r: &StationReport, now_ms: i64) -> String {
    let stop = if lang == Lang::ZhCn { "。" } else { ". " };
    let mut parts = vec![station_name(r, lang)];
    if let Status::Classified { class, .. } = &r.status {
        let sep = if lang == Lang::ZhCn { "，" } else { ", " };
        parts.push(format!(
            "{}{sep}{}",
            format::class_label(lang, *class),
            format::level(lang, level(*class))
        ));
        parts.push(format::advice_line(lang, &advice(*class)));
    }
    parts.push(freshness(lang, r, now_ms));
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim_end_matches(['.', '。']))
        .filter(|p| !p.is_empty())
        .collect();
    let mut s = qingshui_core::text::join(&parts, stop);
    s.push_str(stop.trim_end());
    s
}

/// What is said about the nearby list: the status sentence, then each station with its distance.
pub fn nearby_speech(lang: Lang, status: &str, stations: &[NearStation], now_ms: i64) -> String {
    let mut s = status.trim().to_string();
    for st in stations {
        if !s.is_empty() {
            s.push(' ');
        }
        if let Some(m) = st.distance_m {
            s.push_str(&format::distance(m));
            s.push_str(if lang == Lang::ZhCn { "：" } else { ": " });
        }
        s.push_str(&station_speech(lang, &st.report, now_ms));
    }
    s
}

/// What a page says aloud in a language, computed when the button is pressed (so it is always
/// current). A shared closure, not a `Callback` (an arena type of its own, issue #6).
pub type Speech = Arc<dyn Fn(Lang) -> String + Send + Sync>;

/// A button that speaks `text()` in the current language; nothing where speech is unsupported.
#[component]
pub fn ReadAloud(
    /// The text to speak.
    text: Speech,
) -> impl IntoView {
    let i18n = use_i18n();
    // Leaving the page stops the voice: it would otherwise read a page no longer shown.
    on_cleanup(speech::cancel);
    speech::supported().then(|| {
        view! {
            <button {attr("type", "button")} class="button button-secondary read-aloud" data-testid="read-aloud"
                on:click=move |_| {
                    let lang = i18n.lang_untracked();
                    speech::speak(&text(lang), lang.tag());
                }>
                {icon("icon", concat!(
                    r#"<path d="M3 7h3l5-4v14l-5-4H3z"></path>"#,
                    r#"<path d="M14 6.5a5 5 0 0 1 0 7M16.5 4a8.5 8.5 0 0 1 0 12" fill="none"></path>"#
                ))}
                {i18n.text(Key::ReadAloud)}
            </button>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use qingshui_core::geo::LatLon;
    use qingshui_core::quality::{WaterBody, WaterClass};
    use qingshui_core::sta::IotId;

    fn report(status: Status) -> StationReport {
        StationReport {
            id: IotId::Num(1),
            name: "长江寸滩".into(),
            name_en: Some("Cuntan, Yangtze River".into()),
            position: Some(LatLon::new(29.6, 106.6)),
            water_body: WaterBody::River,
            target: Some(WaterClass::III),
            status,
            items: Vec::new(),
            missing: Vec::new(),
            latest_ms: Some(0),
        }
    }

    #[test]
    fn station_is_spoken_with_class_level_advice_and_age() {
        let r = report(Status::Classified {
            class: WaterClass::II,
            deciding: Vec::new(),
        });
        let hour = 3_600_000;
        let en = station_speech(Lang::En, &r, 3 * hour);
        assert!(en.starts_with("Cuntan, Yangtze River. Class II, "), "{en}");
        assert!(en.contains("swimming") && en.ends_with('.'), "{en}");
        let zh = station_speech(Lang::ZhCn, &r, 3 * hour);
        assert!(zh.starts_with("长江寸滩。II类，"), "{zh}");
        assert!(zh.ends_with('。') && !zh.contains("。。"), "{zh}");
    }

    #[test]
    fn list_says_the_status_then_each_station_with_its_distance() {
        let st = NearStation {
            report: std::sync::Arc::new(report(Status::NoData)),
            distance_m: Some(1200.0),
        };
        let s = nearby_speech(Lang::En, "1 station near you", &[st], 0);
        assert!(s.starts_with("1 station near you 1.2 km: Cuntan"), "{s}");
        assert!(!s.contains("Class"), "no class without data: {s}");
    }
}
