//! Sentences for data kept on the phone: when it was fetched and why it is shown instead of a
//! fresh answer ("Offline — showing data from …").

use qingshui_core::time::Age;

use super::format::ago;
use super::Lang;
use crate::state::last_result::Shown;

/// The nearby status sentence for a kept list; `what` is the list's own sentence
/// ("10 stations near you"), `when` the fetch time as the phone's clock shows it.
///
/// "10 stations near you. Last updated 28 Nov 2026, 16:00 (3 h ago)." /
/// "Offline — showing data from 28 Nov 2026, 16:00 (3 h ago): 10 stations near you." /
/// "离线——显示2026/11/28 16:00（3小时前）的数据：你附近有10个监测站。"
pub fn kept_nearby(lang: Lang, why: Shown, when: &str, age: Age, what: &str) -> String {
    let ago = ago(lang, age);
    match (lang, why) {
        (Lang::ZhCn, Shown::Earlier) => format!("{what}。最后更新：{when}（{ago}）。"),
        (Lang::ZhCn, Shown::Offline) => format!("离线——显示{when}（{ago}）的数据：{what}。"),
        (Lang::ZhCn, Shown::Unreachable) => {
            format!("无法连接服务器——显示{when}（{ago}）的数据：{what}。")
        }
        (Lang::En, Shown::Earlier) => format!("{what}. Last updated {when} ({ago})."),
        (Lang::En, Shown::Offline) => {
            format!("Offline — showing data from {when} ({ago}): {what}.")
        }
        (Lang::En, Shown::Unreachable) => {
            format!("Cannot reach the server — showing data from {when} ({ago}): {what}.")
        }
    }
}

/// The note on a station page shown from the phone's copy.
///
/// "Offline — showing data from 28 Nov 2026, 16:00 (3 h ago)." / "离线——显示2026/11/28 16:00（3小时前）的数据。"
pub fn kept_station(lang: Lang, why: Shown, when: &str, age: Age) -> String {
    let ago = ago(lang, age);
    match (lang, why) {
        (Lang::ZhCn, Shown::Earlier) => format!("最后更新：{when}（{ago}）。"),
        (Lang::ZhCn, Shown::Offline) => format!("离线——显示{when}（{ago}）的数据。"),
        (Lang::ZhCn, Shown::Unreachable) => format!("无法连接服务器——显示{when}（{ago}）的数据。"),
        (Lang::En, Shown::Earlier) => format!("Last updated {when} ({ago})."),
        (Lang::En, Shown::Offline) => format!("Offline — showing data from {when} ({ago})."),
        (Lang::En, Shown::Unreachable) => {
            format!("Cannot reach the server — showing data from {when} ({ago}).")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHEN: &str = "2026/11/28 16:00";

    #[test]
    fn every_reason_says_when_and_how_long_ago_in_both_languages() {
        let cases = [
            (Lang::En, Shown::Earlier, "10 stations near you. Last updated 2026/11/28 16:00 (3 h ago)."),
            (Lang::En, Shown::Offline, "Offline — showing data from 2026/11/28 16:00 (3 h ago): 10 stations near you."),
            (Lang::En, Shown::Unreachable, "Cannot reach the server — showing data from 2026/11/28 16:00 (3 h ago): 10 stations near you."),
            (Lang::ZhCn, Shown::Earlier, "你附近有10个监测站。最后更新：2026/11/28 16:00（3小时前）。"),
            (Lang::ZhCn, Shown::Offline, "离线——显示2026/11/28 16:00（3小时前）的数据：你附近有10个监测站。"),
            (Lang::ZhCn, Shown::Unreachable, "无法连接服务器——显示2026/11/28 16:00（3小时前）的数据：你附近有10个监测站。"),
        ];
        for (lang, why, want) in cases {
            let what = match lang {
                Lang::En => "10 stations near you",
                Lang::ZhCn => "你附近有10个监测站",
            };
            assert_eq!(kept_nearby(lang, why, WHEN, Age::Hours(3), what), want);
        }
    }

    #[test]
    fn the_station_note_names_the_reason_and_the_time() {
        assert_eq!(
            kept_station(Lang::En, Shown::Offline, WHEN, Age::JustNow),
            "Offline — showing data from 2026/11/28 16:00 (just now)."
        );
        assert_eq!(
            kept_station(Lang::ZhCn, Shown::Unreachable, WHEN, Age::Days(2)),
            "无法连接服务器——显示2026/11/28 16:00（2天前）的数据。"
        );
        assert_eq!(
            kept_station(Lang::ZhCn, Shown::Earlier, WHEN, Age::Minutes(5)),
            "最后更新：2026/11/28 16:00（5分钟前）。"
        );
    }
}
