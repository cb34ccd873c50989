//! The language of service names and notices: Chinese by default (a Chongqing city service), English on
//! request through `?locale=en` or, without that parameter, an `Accept-Language` that prefers English.
use axum::http::{header, HeaderMap};

/// The languages the demo catalogue is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Simplified Chinese (`zh-CN`), the default.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// A language tag such as `en-GB`, `zh-Hans-CN` or `fr`; `None` for languages we do not have.
    fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Self::Zh),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// Picks the language: `locale` wins; then the first supported tag of `Accept-Language` by weight.
    pub fn choose(locale: Option<&str>, headers: &HeaderMap) -> Self {
        if let Some(l) = locale.and_then(Self::from_tag) {
            return l;
        }
        let Some(accept) = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
        else {
            return Self::Zh;
        };
        let mut best: Option<(f32, Self)> = None;
        for part in accept.split(',') {
            let mut bits = part.split(';');
            let tag = bits.next().unwrap_or("");
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(l) = Self::from_tag(tag) {
                // Strictly greater: among equal weights the earlier tag wins, as the header lists preference.
                if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, l));
                }
            }
        }
        best.map_or(Self::Zh, |(_, l)| l)
    }

    /// `zh` text or `en` text.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn choices() {
        let none = HeaderMap::new();
        let cases: [(Option<&str>, &HeaderMap, Lang); 8] = [
            (None, &none, Lang::Zh),
            (Some("en"), &none, Lang::En),
            (Some("en-US"), &none, Lang::En),
            (Some("zh-CN"), &accept("en"), Lang::Zh),
            (Some("fr"), &accept("en-GB,en;q=0.8"), Lang::En),
            (None, &accept("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh),
            (None, &accept("fr;q=1, en;q=0.5, zh;q=0.4"), Lang::En),
            (None, &accept("de, fr"), Lang::Zh),
        ];
        for (locale, headers, want) in cases {
            assert_eq!(Lang::choose(locale, headers), want, "{locale:?}");
        }
    }
}
