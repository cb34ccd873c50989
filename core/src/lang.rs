//! The app's two languages, Chinese (`zh-CN`) and English (`en`), and how a browser's preference picks
//! one: the client when it starts (`Lang::detect`), the reference server when it names a page's data
//! ahead of the app (`page_hints`), so both pick alike.

/// The app's language for a BCP 47 tag: any `zh…` is Chinese (`zh-CN`), anything else English
/// (`en`). With no tag at all the app speaks Chinese, the language of the city.
pub fn locale_for(tag: Option<&str>) -> &'static str {
    match tag {
        Some(t) if !t.trim().to_ascii_lowercase().starts_with("zh") => "en",
        _ => "zh-CN",
    }
}

/// The first language of an `Accept-Language` header (the browser's first preference, as
/// `navigator.languages[0]`), without its weight; `None` for an empty or `*` header.
pub fn first_language(accept_language: &str) -> Option<&str> {
    let first = accept_language.split(',').next()?.split(';').next()?.trim();
    (!first.is_empty() && first != "*").then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same rule as the client's `Lang::detect` for a browser's first preference.
    #[test]
    fn languages_map_to_the_two_locales() {
        for (tag, want) in [
            (Some("zh-CN"), "zh-CN"),
            (Some("zh-TW"), "zh-CN"),
            (Some(" ZH "), "zh-CN"),
            (Some("en-US"), "en"),
            (Some("fr"), "en"),
            (None, "zh-CN"),
        ] {
            assert_eq!(locale_for(tag), want, "{tag:?}");
        }
    }

    #[test]
    fn the_first_accept_language_entry_is_the_preference() {
        for (header, want) in [
            ("en-US,en;q=0.9,zh-CN;q=0.8", Some("en-US")),
            ("zh-CN;q=1, en", Some("zh-CN")),
            (" fr ", Some("fr")),
            ("", None),
            ("*", None),
            (",en", None),
        ] {
            assert_eq!(first_language(header), want, "{header:?}");
        }
    }
}
