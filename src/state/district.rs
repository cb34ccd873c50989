//! The manual district choice offered when the position is not available.

use crate::config::District;
use crate::i18n::Lang;

/// The `<option>`s of the district select: value = Chinese name (stable across languages, as
/// the DOM contract says), label in the current language.
pub fn options(districts: &[District], lang: Lang) -> Vec<(String, String)> {
    districts
        .iter()
        .map(|d| {
            let label = match lang {
                Lang::En if !d.name_en.is_empty() => d.name_en.clone(),
                _ => d.name.clone(),
            };
            (d.name.clone(), label)
        })
        .collect()
}

/// The district whose value was picked.
pub fn find<'a>(districts: &'a [District], value: &str) -> Option<&'a District> {
    districts.iter().find(|d| d.name == value)
}

/// The name to say in "10 stations near …".
pub fn display_name(d: &District, lang: Lang) -> &str {
    match lang {
        Lang::En if !d.name_en.is_empty() => &d.name_en,
        _ => &d.name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<District> {
        vec![
            District {
                name: "渝中区".into(),
                name_en: "Yuzhong".into(),
                lat: 29.55,
                lon: 106.57,
            },
            District {
                name: "忠县".into(),
                name_en: String::new(),
                lat: 30.3,
                lon: 108.04,
            },
        ]
    }

    #[test]
    fn values_stay_chinese_labels_follow_the_language() {
        let ds = sample();
        assert_eq!(
            options(&ds, Lang::En)[0],
            ("渝中区".into(), "Yuzhong".into())
        );
        assert_eq!(
            options(&ds, Lang::ZhCn)[0],
            ("渝中区".into(), "渝中区".into())
        );
        // No English name: the Chinese one is shown rather than an empty option.
        assert_eq!(options(&ds, Lang::En)[1].1, "忠县");
    }

    #[test]
    fn find_by_value() {
        let ds = sample();
        assert_eq!(find(&ds, "忠县").map(|d| d.lat), Some(30.3));
        assert!(find(&ds, "Yuzhong").is_none());
        assert_eq!(display_name(&ds[0], Lang::En), "Yuzhong");
    }
}
