//! Simpler wording for elder mode (长辈版): short sentences, everyday words, one instruction each,
//! as MIIT's 适老化 rules ask. Only texts whose standard wording is long or technical have an
//! elder version; every other key keeps its standard text.

use super::page_texts::page_elder;
use super::{Key, Lang};

/// The elder-mode text of `key`, where it differs from the standard one.
pub(super) fn text(lang: Lang, key: Key) -> Option<&'static str> {
    match lang {
        Lang::ZhCn => zh(key),
        Lang::En => en(key),
    }
}

fn zh(key: Key) -> Option<&'static str> {
    Some(match key {
        Key::WhyLocation => "用你的位置找最近的监测站。你的准确位置不会离开手机。",
        Key::ManualHeading => "也可以选区县",
        Key::StatusIdle => "点上面的“使用我的位置”，就能看到附近的水质。",
        Key::StatusEmpty => "附近没有监测站。请换一个区县。",
        Key::StatusOffline => "手机没有联网。联网后再点“重试”。",
        Key::PageNotSaved => "这一页要联网才能打开。联网后再点“重试”。",
        Key::StatusTimeout => "等得太久了。请再点一次“重试”。",
        Key::StatusServer | Key::StatusBadAnswer => "出了点问题。请过一会儿再试。",
        Key::StatusNetwork => "连不上。请检查网络后再试。",
        Key::LocDenied | Key::LocUnavailable | Key::LocUnsupported => {
            "没能找到你的位置。请在下面选你所在的区县。"
        }
        Key::LocTimeout => "找位置太慢了。请再试一次，或在下面选区县。",
        Key::NoRecentExplain => {
            return page_elder!(
                Station,
                Lang::ZhCn,
                key,
                "最近没有新数据，现在说不准水质好不好。"
            )
        }
        Key::ReportIntro => return page_elder!(Forms, Lang::ZhCn, key, "告诉市里你看到了什么。"),
        Key::DescriptionHint => {
            return page_elder!(
                Forms,
                Lang::ZhCn,
                key,
                "写下你看到了什么。不要写名字和电话。"
            )
        }
        Key::ContactPrivacy => {
            return page_elder!(Forms, Lang::ZhCn, key, "只有水务部门能看到，不会公开。")
        }
        Key::MyReportsIntro => {
            return page_elder!(Forms, Lang::ZhCn, key, "你用这部手机发过的报告。")
        }
        Key::SimilarIntro => {
            return page_elder!(
                Forms,
                Lang::ZhCn,
                key,
                "别人已经报过了吗？是的话点“关注此报告”就行，不用再报。"
            )
        }
        Key::PhotosHint => return page_elder!(Forms, Lang::ZhCn, key, "最多3张。照片会自动变小。"),
        Key::QueuedBody => {
            return page_elder!(
                Forms,
                Lang::ZhCn,
                key,
                "一联网就会自动发出，关掉页面也没关系。"
            )
        }
        _ => return None,
    })
}

fn en(key: Key) -> Option<&'static str> {
    Some(match key {
        Key::WhyLocation => "We use your location to find the nearest stations. Your exact place stays on your phone.",
        Key::ManualHeading => "Or pick your district",
        Key::StatusIdle => "Tap “Use my location” above to see the water near you.",
        Key::StatusEmpty => "No stations near here. Please pick another district.",
        Key::StatusOffline => "Your phone is not online. Connect, then tap “Try again”.",
        Key::PageNotSaved => "This page needs the internet to open. Connect, then tap “Try again”.",
        Key::StatusTimeout => "This is taking too long. Please tap “Try again”.",
        Key::StatusServer | Key::StatusBadAnswer => "Something went wrong. Please try again later.",
        Key::StatusNetwork => "We cannot connect. Check your internet and try again.",
        Key::LocDenied | Key::LocUnavailable | Key::LocUnsupported => {
            "We could not find where you are. Please pick your district below."
        }
        Key::LocTimeout => "Finding you took too long. Try again, or pick your district below.",
        Key::NoRecentExplain => return page_elder!(Station, Lang::En, key, "No new readings lately, so we cannot say how clean the water is now."),
        Key::ReportIntro => return page_elder!(Forms, Lang::En, key, "Tell the city what you saw."),
        Key::DescriptionHint => return page_elder!(Forms, Lang::En, key, "Say what you saw. Do not write your name or phone number."),
        Key::ContactPrivacy => return page_elder!(Forms, Lang::En, key, "Only the water department sees this. It is never shown to others."),
        Key::MyReportsIntro => return page_elder!(Forms, Lang::En, key, "Reports you sent from this phone."),
        Key::SimilarIntro => return page_elder!(Forms, Lang::En, key, "Already reported? Then tap “Follow this report” instead of sending it again."),
        Key::PhotosHint => return page_elder!(Forms, Lang::En, key, "Up to 3. Photos are made smaller for you."),
        Key::QueuedBody => return page_elder!(Forms, Lang::En, key, "It is sent by itself as soon as you are online, even if you close this page."),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::text as standard;

    #[test]
    fn elder_texts_are_shorter_than_the_standard_ones_in_both_languages() {
        let keys = [
            Key::WhyLocation,
            Key::StatusIdle,
            Key::LocDenied,
            Key::NoRecentExplain,
            Key::SimilarIntro,
            Key::PhotosHint,
            Key::QueuedBody,
        ];
        for lang in [Lang::ZhCn, Lang::En] {
            for key in keys {
                let simple = text(lang, key).unwrap_or_else(|| panic!("{key:?} {lang:?}"));
                assert!(
                    simple.chars().count() < standard(lang, key).chars().count(),
                    "{key:?} {lang:?}: {simple}"
                );
            }
            assert_eq!(text(lang, Key::Retry), None, "short texts stay as they are");
        }
    }
}
