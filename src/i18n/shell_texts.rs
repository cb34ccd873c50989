//! The texts of the boot shell in `index.html` (a page's top, drawn before the app arrives)
//! are copies of the app's: the shell is plain HTML and cannot call `text()`. These tests fail when
//! a copy and the app's text differ, or when the shell shows a text the table does not hold, so
//! the app taking over from the shell never changes a word on screen.

use crate::i18n::{text, text_in, Key, Lang};
use serde_json::{Map, Value};

const INDEX: &str = include_str!("../../index.html");

/// The keys the shell may show, by the names index.html uses for them.
fn key(name: &str) -> Option<Key> {
    Some(match name {
        "NearbyHeading" => Key::NearbyHeading,
        "ElderEntry" => Key::ElderEntry,
        "WhyLocation" => Key::WhyLocation,
        "LocateButton" => Key::LocateButton,
        "StatusLoading" => Key::StatusLoading,
        "ReportLink" => Key::ReportLink,
        "MyReportsLink" => Key::MyReportsLink,
        "OtherLangName" => Key::OtherLangName,
        "ReportHeading" => Key::ReportHeading,
        "ReportIntro" => Key::ReportIntro,
        "CategoriesLoading" => Key::CategoriesLoading,
        "MyReportsHeading" => Key::MyReportsHeading,
        "MyReportsIntro" => Key::MyReportsIntro,
        _ => return None,
    })
}

fn table() -> Map<String, Value> {
    let start = INDEX
        .find(r#"<script type="application/json" id="boot-text">"#)
        .expect("index.html holds the shell's texts in #boot-text");
    let rest = &INDEX[start..];
    let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    match serde_json::from_str(body).expect("#boot-text is JSON") {
        Value::Object(map) => map,
        other => panic!("#boot-text is not an object: {other}"),
    }
}

fn strings(v: &Value) -> Vec<(&str, &str)> {
    v.as_object()
        .expect("an object of texts")
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str().expect("a text")))
        .collect()
}

const LANGS: [(&str, Lang); 2] = [("zh-CN", Lang::ZhCn), ("en", Lang::En)];

#[test]
fn every_shell_text_is_the_apps_text_in_both_languages() {
    let t = table();
    for (tag, lang) in LANGS {
        let texts = strings(&t[tag]);
        assert!(!texts.is_empty(), "{tag}");
        for (name, shown) in texts {
            let k = key(name).unwrap_or_else(|| panic!("unknown key {name} in #boot-text"));
            assert_eq!(shown, text(lang, k), "#boot-text {tag} {name}");
        }
    }
}

#[test]
fn elder_mode_wording_matches_the_apps_for_every_shell_text() {
    let t = table();
    for (tag, lang) in LANGS {
        let elder = t["elder"][tag]
            .as_object()
            .expect("elder texts per language");
        for (name, _) in strings(&t[tag]) {
            let k = key(name).unwrap();
            let shown = elder
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or(text(lang, k));
            assert_eq!(
                shown,
                text_in(lang, k, true),
                "#boot-text elder {tag} {name}"
            );
        }
        for name in elder.keys() {
            assert!(
                t[tag].get(name).is_some(),
                "elder {tag} {name} has no standard text"
            );
        }
    }
}

#[test]
fn every_text_the_shell_shows_is_in_the_table() {
    let t = table();
    let names: Vec<&str> = INDEX
        .split(r#"data-key=""#)
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert!(names.len() >= 8, "the shell's keys: {names:?}");
    for name in names {
        for (tag, _) in LANGS {
            assert!(
                t[tag].get(name).is_some(),
                "data-key {name} missing in #boot-text {tag}"
            );
        }
    }
}
