//! Which host Qingshui runs in: a plain browser, or the web-view of a WeChat or Alipay mini-program.
//!
//! Many residents will open Qingshui inside a mini-program `<web-view>`. Those hosts differ from a
//! browser in ways the app must respect: positions they hand over (`wx.getLocation`, `my.getLocation`)
//! are in China's GCJ-02 datum (see `qingshui_core::gcj02`), and some browser features are limited.
//! The decision is index.html's (see [`current`]).

use super::boot;

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

/// The host of the running page, as index.html's `qingshuiHost()` decides it (`platform::boot`; its
/// boot script draws the shell by the same answer). In order of precedence:
/// 1. The `embed` URL parameter (trimmed, case-insensitive) `wechat` / `alipay` / `1` forces WeChat /
///    Alipay / GenericEmbed: the embedding page knows best, and it is the way to test without the host.
///    Other values are ignored.
/// 2. `__wxjs_environment === "miniprogram"`: WeChat's own signal inside a mini-program web-view. It is
///    `"browser"` in WeChat's ordinary in-app browser, and on older iOS clients it is only set after
///    `WeixinJSBridgeReady`, hence also the user-agent checks.
/// 3. A user agent containing both `AlipayClient` and `MiniProgram`: Alipay's documented test. It comes
///    before the WeChat check because Alipay's `MiniProgram` token would also match it.
/// 4. A user agent containing `miniProgram` (any case): WeChat's web-view token
///    (`… MicroMessenger/8.0.x … miniProgram/wx…`). WeChat's ordinary browser (`MicroMessenger` alone)
///    is a [`Host::Browser`].
///
/// Decided in JavaScript, where the boot script needs it anyway: reading the three strings and
/// testing them here too was ~0.4 KiB brotli of the first download (issue #6).
/// tests/e2e/embed.test.mjs checks the rules on real user agents. Without the boot script (the
/// browser tests' page), a browser.
pub fn current() -> Host {
    match boot::call("qingshuiHost", &js_sys::Array::new())
        .and_then(|h| h.as_string())
        .as_deref()
    {
        Some("wechat") => Host::WeChatMiniProgram,
        Some("alipay") => Host::AlipayMiniProgram,
        Some("1") => Host::GenericEmbed,
        _ => Host::Browser,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
