//! Every visible string, in Simplified Chinese and English.
//!
//! Texts are an exhaustive `match` over [`Key`] per language (`zh.rs`, `en.rs`): adding a key
//! without translating it is a compile error, and the strings compile to plain static data — no
//! runtime catalogue, no parser, about zero KiB of overhead beyond the text itself. Sentences
//! with numbers and names are functions in `format.rs`, so word order can differ by language.

pub mod date_format;
mod elder;
mod en;
pub mod format;
pub mod kept_format;
pub mod modes_format;
pub mod nearby_format;
pub mod page_texts;
pub mod report_format;
#[cfg(test)]
mod shell_texts;
mod zh;

use leptos::prelude::*;

use crate::platform::{clock, document, language, storage};
use crate::reactive::{reactive, Reactive};

/// Where the chosen language is remembered.
pub const STORAGE_KEY: &str = "qingshui.lang";

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Simplified Chinese (the default in Chongqing).
    ZhCn,
    /// English.
    En,
}

impl Lang {
    /// BCP 47 tag for `<html lang>`, storage and date formatting.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language the switch button offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::ZhCn => Lang::En,
            Lang::En => Lang::ZhCn,
        }
    }

    /// Any `zh…` tag is Chinese, anything else English (`core::lang`, the server's rule too).
    pub fn from_tag(tag: &str) -> Lang {
        match qingshui_core::lang::locale_for(Some(tag)) {
            "zh-CN" => Lang::ZhCn,
            _ => Lang::En,
        }
    }

    /// A stored choice wins; otherwise the browser's first preference; with neither (some
    /// web-views), Chinese, the language of the city.
    pub fn detect(stored: Option<&str>, preferred: &[String]) -> Lang {
        match (stored, preferred.first()) {
            (Some(s), _) if s == "zh-CN" || s == "en" => Lang::from_tag(s),
            (_, Some(first)) => Lang::from_tag(first),
            _ => Lang::ZhCn,
        }
    }
}

/// Declares [`Key`] and, for the tests, the list of all keys in declaration order (= `key as usize`).
macro_rules! keys {
    ($($name:ident),* $(,)?) => {
        /// Identifiers of the fixed UI texts.
        #[allow(missing_docs)] // each key's meaning is its text in zh.rs / en.rs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key {
            $($name),*
        }

        impl Key {
            /// Every key, in declaration order.
            #[cfg(test)]
            pub const ALL: &'static [Key] = &[$(Key::$name),*];
        }
    };
}

keys! {
    AppName,
    NearbyHeading,
    WhyLocation,
    LocateButton,
    ManualHeading,
    DistrictLabel,
    DistrictPlaceholder,
    SearchLabel,
    SearchPlaceholder,
    SearchButton,
    Retry,
    StatusIdle,
    StatusLocating,
    StatusLoading,
    StatusSearching,
    StatusEmpty,
    SearchEmpty,
    StatusOffline,
    StatusTimeout,
    StatusServer,
    StatusBadAnswer,
    StatusNetwork,
    LocDenied,
    LocUnavailable,
    LocTimeout,
    LocUnsupported,
    BackToList,
    StationHeading,
    StationLoading,
    StationNotFound,
    Target,
    TargetMet,
    TargetNotMet,
    NoTarget,
    Measured,
    DecidingHeading,
    Advice,
    Suitable,
    Unsuitable,
    AvoidContact,
    DataTime,
    DataSource,
    NoRecentData,
    NoRecentExplain,
    NoData,
    Missing,
    TrendHeading,
    NotAssessed,
    Rising,
    Falling,
    Steady,
    WorseThanVNote,
    NotFoundTitle,
    NotFoundBody,
    PageUnloadedTitle,
    PageNotSaved,
    GoHome,
    Hotline,
    OtherLangName,
    ReportLink,
    MyReportsLink,
    ReportHere,
    ReportHeading,
    ReportIntro,
    EmergencyHeading,
    EmergencyFire,
    EmergencyHotline,
    StepCategory,
    CategorySearchLabel,
    CategorySearchPlaceholder,
    CategoriesLoading,
    CategoriesEmpty,
    RequiredMark,
    ChooseOption,
    StepWhere,
    WhereHere,
    WhereStation,
    WhereAddress,
    LocateNow,
    LocatingNow,
    AddressLabel,
    AddressPlaceholder,
    StepWhat,
    DescriptionLabel,
    DescriptionHint,
    StepContact,
    ContactAnonymous,
    ContactCheckbox,
    ContactPrivacy,
    NameLabel,
    EmailLabel,
    PhoneLabel,
    StepReview,
    StepNext,
    StepBack,
    ReviewCategory,
    ReviewPlace,
    ReviewDescription,
    ReviewContact,
    ReviewAnonymous,
    ReviewEmpty,
    Submit,
    Sending,
    FixErrors,
    ErrRequired,
    ErrChooseCategory,
    ErrNoLocation,
    ErrTooLong,
    ErrNoContact,
    ErrBadEmail,
    ErrBadPhone,
    ErrBadNumber,
    ErrNotOffered,
    SendOffline,
    SendTimeout,
    SendFailed,
    SendRejected,
    SentHeading,
    SentThanks,
    SeeMyReports,
    NewReport,
    MyReportsHeading,
    MyReportsIntro,
    MyReportsEmpty,
    MyReportsLoading,
    StatusOpenText,
    StatusClosedText,
    OverdueText,
    FiledLabel,
    DueLabel,
    NotesLabel,
    ReportLocFailed,
    ReportMissing,
    SimilarHeading,
    SimilarIntro,
    FollowReport,
    FollowingReport,
    RequestLoading,
    UpdatedLabel,
    PhotoAlt,
    FollowedMark,
    AwaitingNumber,
    StepPhotos,
    PhotosHint,
    TakePhoto,
    ChoosePhoto,
    PhotoPreparing,
    PhotoUnreadable,
    PhotosFull,
    ReviewPhotos,
    QueuedHeading,
    QueuedBody,
    OutboxHeading,
    OutboxWaiting,
    OutboxSending,
    OutboxAttention,
    OutboxEdit,
    OutboxDelete,
    SettingsLink,
    SettingsHeading,
    SettingsIntro,
    LiteLabel,
    LiteHint,
    LiteAuto,
    ElderLabel,
    ElderHint,
    ElderEntry,
    ReadAloud,
    TrendTime,
    TrendValue,
    ShowPhoto,
    RefreshList,
    OtherPlace,
}

/// The text of `key` in `lang`.
pub fn text(lang: Lang, key: Key) -> &'static str {
    let text = match lang {
        Lang::ZhCn => zh::text(key),
        Lang::En => en::text(key),
    };
    // A lazy page's text, marked `""` in the split build (`page_texts`).
    #[cfg(feature = "split")]
    if text.is_empty() {
        return page_texts::get(lang, key);
    }
    text
}

/// The text of `key` in `lang`, in the simpler elder-mode wording when `elder` and one exists.
pub fn text_in(lang: Lang, key: Key, elder: bool) -> &'static str {
    elder
        .then(|| elder_text(lang, key))
        .flatten()
        .unwrap_or_else(|| text(lang, key))
}

/// The elder-mode wording of `key` in `lang`, if it has one.
fn elder_text(lang: Lang, key: Key) -> Option<&'static str> {
    let text = elder::text(lang, key)?;
    #[cfg(feature = "split")]
    if text.is_empty() {
        return page_texts::elder(lang, key);
    }
    Some(text)
}

/// The current language, shared through Leptos context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
    elder: RwSignal<bool>,
}

impl I18n {
    /// A context starting in `lang`.
    pub fn new(lang: Lang) -> Self {
        Self {
            lang: RwSignal::new(lang),
            elder: RwSignal::new(false),
        }
    }

    /// Detects the language from storage and the browser, and applies it to the document.
    pub fn from_browser() -> Self {
        let lang = Lang::detect(storage::get(STORAGE_KEY).as_deref(), &language::preferred());
        apply(lang);
        Self::new(lang)
    }

    /// The current language (tracked: views using it re-render on a switch).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The current language, without tracking (event handlers, async tasks).
    pub fn lang_untracked(&self) -> Lang {
        self.lang.get_untracked()
    }

    /// The text of `key` in the current language (tracked), in its simpler elder-mode wording
    /// when that mode is on.
    pub fn t(&self, key: Key) -> &'static str {
        text_in(self.lang(), key, self.elder.get())
    }

    /// The text of `key` as a view that follows the language and the wording: `{i18n.text(Key::X)}`
    /// rather than `{move || i18n.t(Key::X)}`. Every closure is a type of its own, for which Leptos
    /// compiles its view code again; this one closure type serves every key, so that code is in the
    /// wasm once (issue #6: 118 texts, ~18 KiB of raw wasm over the main module and the page chunks).
    /// A `String` in the view macro's own closure type ([`reactive`]), like the formatted texts and
    /// the reactive attributes (`placeholder=`, `alt=` take it too): Leptos' code for a reactive text
    /// or attribute is then there once per value type, not once more for this closure.
    pub fn text(self, key: Key) -> Reactive<String> {
        reactive(move || self.t(key).to_string())
    }

    /// Switches the simpler elder-mode wording on or off (set by the display modes).
    pub fn set_elder(&self, on: bool) {
        self.elder.set(on);
    }

    /// Switches to the other language, remembers it and updates `<html lang>` and the title.
    pub fn toggle(&self) {
        let next = self.lang.get_untracked().other();
        storage::set(STORAGE_KEY, next.tag());
        apply(next);
        self.lang.set(next);
    }
}

fn apply(lang: Lang) {
    document::set_lang(lang.tag());
    document::set_title(&format!("{} Qingshui", text(Lang::ZhCn, Key::AppName)));
}

/// The language context, or Chinese when none was provided (component tests).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n::new(Lang::ZhCn))
}

/// Time `ms` (since the epoch) as the resident's clock shows it, in their language: "2026年11月28日 16:00" /
/// "Nov 28, 2026, 4:00 PM" ([`date_format::date_time`] at their UTC offset).
pub fn local_datetime(lang: Lang, ms: i64) -> String {
    date_format::date_time(lang, clock::wall_clock_ms(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn detection_table() {
        let cases: &[(Option<&str>, &[&str], Lang)] = &[
            (None, &["zh-CN", "en"], Lang::ZhCn),
            (None, &["zh-TW"], Lang::ZhCn),
            (None, &["zh"], Lang::ZhCn),
            (None, &["en-US", "zh-CN"], Lang::En),
            (None, &["fr-FR"], Lang::En),
            (None, &[], Lang::ZhCn),
            (Some("en"), &["zh-CN"], Lang::En),
            (Some("zh-CN"), &["en-GB"], Lang::ZhCn),
            (Some("garbage"), &["en-GB"], Lang::En),
        ];
        for (stored, pref, want) in cases {
            assert_eq!(
                Lang::detect(*stored, &tags(pref)),
                *want,
                "{stored:?} {pref:?}"
            );
        }
    }

    #[test]
    fn switch_offers_the_other_language_by_its_own_name() {
        assert_eq!(text(Lang::ZhCn, Key::OtherLangName), "English");
        assert_eq!(text(Lang::En, Key::OtherLangName), "中文");
        assert_eq!(Lang::ZhCn.other(), Lang::En);
    }

    #[test]
    fn location_explanation_says_what_leaves_the_phone() {
        assert!(text(Lang::En, Key::WhyLocation).contains("about 1 km"));
        assert!(text(Lang::ZhCn, Key::WhyLocation).contains("1公里"));
    }
}
