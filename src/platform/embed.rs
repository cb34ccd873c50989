//! Which host Qingshui runs in: a plain browser, or the web-view of a WeChat or Alipay mini-program.
//!
//! Many residents will open Qingshui inside a mini-program `<web-view>`. Those hosts differ from a
//! browser in ways the app must respect: positions they hand over (`wx.getLocation`, `my.getLocation`)
//! are in China's GCJ-02 datum (see `qingshui_core::gcj02`), and some browser features are limited.
//! The decision is a pure function of three strings, [`detect`], so it is tested natively with real
//! user-agent strings; only [`current`] reads them from the browser.

use qingshui_core::text;
use wasm_bindgen::JsValue;

/// The host environment of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// An ordinary browser, including WeChat's and Alipay's in-app browsers outside a mini-program.
    Browser,
    /// The `<web-view>` of a WeChat mini-program.
    WeChatMiniProgram,
    /// The `<web-view>` of an Alipay mini-program.
    AlipayMiniProgram,
    /// Embedded by some other host that asked for it with `?embed=1`.
    GenericEmbed,
}

impl Host {
    /// Whether the page is embedded in a host rather than open in a browser.
    pub fn is_embedded(self) -> bool {
        self != Host::Browser
    }
}

/// Decides the host from the user agent, `window.__wxjs_environment` and the `embed` URL parameter.
///
/// In order of precedence:
/// 1. `embed` (trimmed, case-insensitive) `wechat` / `alipay` / `1` forces WeChat / Alipay /
///    GenericEmbed: the embedding page knows best, and it is the way to test without the host. Other
///    values are ignored.
/// 2. `__wxjs_environment === "miniprogram"`: WeChat's own signal inside a mini-program web-view. It is
///    `"browser"` in WeChat's ordinary in-app browser, and on older iOS clients it is only set after
///    `WeixinJSBridgeReady`, hence also the user-agent checks.
/// 3. A user agent containing both `AlipayClient` and `MiniProgram`: Alipay's documented test. It comes
///    before the WeChat check because Alipay's `MiniProgram` token would also match it.
/// 4. A user agent containing `miniProgram` (any case): WeChat's web-view token
///    (`… MicroMessenger/8.0.x … miniProgram/wx…`). WeChat's ordinary browser (`MicroMessenger` alone)
///    is a [`Host::Browser`].
pub fn detect(user_agent: &str, wxjs_environment: Option<&str>, embed_param: Option<&str>) -> Host {
    if let Some(host) = embed_param.and_then(forced) {
        return host;
    }
    if wxjs_environment.is_some_and(|e| e.trim().eq_ignore_ascii_case("miniprogram")) {
        return Host::WeChatMiniProgram;
    }
    if text::contains(user_agent, "AlipayClient") && text::contains(user_agent, "MiniProgram") {
        return Host::AlipayMiniProgram;
    }
    if text::contains(&user_agent.to_ascii_lowercase(), "miniprogram") {
        return Host::WeChatMiniProgram;
    }
    Host::Browser
}

/// The host an `embed` URL parameter asks for, if it names one.
fn forced(embed: &str) -> Option<Host> {
    match embed.trim().to_ascii_lowercase().as_str() {
        "wechat" => Some(Host::WeChatMiniProgram),
        "alipay" => Some(Host::AlipayMiniProgram),
        "1" => Some(Host::GenericEmbed),
        _ => None,
    }
}

/// The host of the running page: [`detect`] on `navigator.userAgent`, `window.__wxjs_environment`
/// and the page URL's `embed` query parameter. Anything unreadable counts as absent, so a web-view
/// missing an API is at worst treated as a browser.
pub fn current() -> Host {
    let Some(window) = web_sys::window() else {
        return Host::Browser;
    };
    let user_agent = window.navigator().user_agent().unwrap_or_default();
    // Through Reflect: the global exists only in WeChat, and reading it must not throw elsewhere.
    let wxjs = js_sys::Reflect::get(&window, &JsValue::from_str("__wxjs_environment"))
        .ok()
        .and_then(|v| v.as_string());
    let embed = window
        .location()
        .href()
        .ok()
        .and_then(|href| web_sys::Url::new(&href).ok())
        .and_then(|url| url.search_params().get("embed"));
    detect(&user_agent, wxjs.as_deref(), embed.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WeChat 8.0 mini-program web-view on iOS (token `miniProgram/<appid>` at the end).
    const WECHAT_MP_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) \
        AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.42(0x18002a2a) \
        NetType/WIFI Language/zh_CN miniProgram/wx0123456789abcdef";
    /// WeChat 8.0 mini-program web-view on Android (XWeb engine).
    const WECHAT_MP_ANDROID: &str = "Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) \
        AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 \
        XWEB/1110005 MMWEBSDK/20231002 MMWEBID/2585 MicroMessenger/8.0.43.2480(0x28002B37) \
        WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64 miniProgram/wx0123456789abcdef";
    /// An older WeChat on iOS whose web-view UA carries no `miniProgram` token.
    const WECHAT_OLD_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 12_4 like Mac OS X) \
        AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/7.0.5(0x17000523) \
        NetType/WIFI Language/zh_CN";
    /// WeChat's ordinary in-app browser on Android (a shared link, not a mini-program).
    const WECHAT_BROWSER: &str = "Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) \
        AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 \
        XWEB/1110005 MMWEBSDK/20231002 MMWEBID/2585 MicroMessenger/8.0.43.2480(0x28002B37) \
        WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
    /// Alipay 10 mini-program web-view on Android (Nebula/Ariver container).
    const ALIPAY_MP: &str =
        "Mozilla/5.0 (Linux; U; Android 10; zh-CN; MI 9 Build/QKQ1.190825.002) \
        AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 UWS/3.21.0.174 \
        Mobile Safari/537.36 UCBS/3.21.0.174_200702103009 NebulaSDK/1.8.100112 Nebula \
        AlipayDefined(nt:WIFI,ws:393|0|2.75) AliApp(AP/10.1.98.7000) AlipayClient/10.1.98.7000 \
        Language/zh-Hans useStatusBar/true isConcaveScreen/true Region/CN NebulaX/1.0.0 \
        Ariver/1.0.0 MiniProgram";
    /// Alipay's ordinary in-app browser (an H5 page, not a mini-program).
    const ALIPAY_BROWSER: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) \
        AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Ariver/1.1.0 AliApp(AP/10.5.16.6000) \
        Nebula WK RVKType(0) AlipayDefined(nt:WIFI,ws:390|844|3.0) AlipayClient/10.5.16.6000 \
        Language/zh-Hans Region/CN NebulaX/1.0.0";
    /// Chrome on Android.
    const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 \
        (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";

    #[test]
    fn detects_host_from_user_agent_and_wechat_global() {
        let cases: [(&str, &str, Option<&str>, Host); 11] = [
            (
                "WeChat MP iOS",
                WECHAT_MP_IOS,
                None,
                Host::WeChatMiniProgram,
            ),
            (
                "WeChat MP Android",
                WECHAT_MP_ANDROID,
                None,
                Host::WeChatMiniProgram,
            ),
            (
                "old iOS, global says MP",
                WECHAT_OLD_IOS,
                Some("miniprogram"),
                Host::WeChatMiniProgram,
            ),
            (
                "old iOS, before bridge ready",
                WECHAT_OLD_IOS,
                None,
                Host::Browser,
            ),
            ("WeChat browser", WECHAT_BROWSER, None, Host::Browser),
            (
                "WeChat browser, global browser",
                WECHAT_BROWSER,
                Some("browser"),
                Host::Browser,
            ),
            (
                "WeChat browser, global MP",
                WECHAT_BROWSER,
                Some("miniprogram"),
                Host::WeChatMiniProgram,
            ),
            ("Alipay MP", ALIPAY_MP, None, Host::AlipayMiniProgram),
            ("Alipay browser", ALIPAY_BROWSER, None, Host::Browser),
            ("Chrome Android", CHROME_ANDROID, None, Host::Browser),
            ("empty UA", "", None, Host::Browser),
        ];
        for (what, ua, wxjs, want) in cases {
            assert_eq!(detect(ua, wxjs, None), want, "{what}");
        }
    }

    #[test]
    fn embed_parameter_forces_the_host() {
        let cases = [
            (CHROME_ANDROID, "wechat", Host::WeChatMiniProgram),
            (CHROME_ANDROID, "alipay", Host::AlipayMiniProgram),
            (CHROME_ANDROID, "1", Host::GenericEmbed),
            (CHROME_ANDROID, " WeChat ", Host::WeChatMiniProgram),
            // It wins over what the user agent says…
            (ALIPAY_MP, "wechat", Host::WeChatMiniProgram),
            (WECHAT_MP_ANDROID, "1", Host::GenericEmbed),
            // …but values it does not know are ignored, not taken as "browser".
            (WECHAT_MP_ANDROID, "0", Host::WeChatMiniProgram),
            (ALIPAY_MP, "", Host::AlipayMiniProgram),
            (CHROME_ANDROID, "yes", Host::Browser),
        ];
        for (ua, embed, want) in cases {
            assert_eq!(detect(ua, None, Some(embed)), want, "embed={embed:?}");
        }
    }

    #[test]
    fn only_the_browser_is_not_embedded() {
        assert!(!Host::Browser.is_embedded());
        for h in [
            Host::WeChatMiniProgram,
            Host::AlipayMiniProgram,
            Host::GenericEmbed,
        ] {
            assert!(h.is_embedded(), "{h:?}");
        }
    }
}
