//! Sentences of the display modes: the data a visit used (lite mode).

use qingshui_core::decimal::fixed;

use super::Lang;

/// A byte count as residents see it on their data plan: `850 B`, `12 KB`, `1.4 MB` (1 KB = 1024 B).
pub fn bytes(n: u64) -> String {
    const K: f64 = 1024.0;
    let v = n as f64;
    if v < K {
        format!("{n} B")
    } else if v < K * K {
        format!("{} KB", fixed((v / K).max(1.0), 0))
    } else {
        format!("{} MB", fixed(v / K / K, 1))
    }
}

/// "This visit used 120 KB of data." (lite mode, at the bottom of every page).
pub fn bytes_used(lang: Lang, n: u64) -> String {
    match lang {
        Lang::ZhCn => format!("本次访问已用流量：{}", bytes(n)),
        Lang::En => format!("This visit used {} of data.", bytes(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_figures() {
        assert_eq!(bytes(850), "850 B");
        assert_eq!(bytes(1024), "1 KB");
        assert_eq!(bytes(123_456), "121 KB");
        assert_eq!(bytes(1_468_006), "1.4 MB");
        assert_eq!(bytes_used(Lang::En, 2048), "This visit used 2 KB of data.");
        assert_eq!(bytes_used(Lang::ZhCn, 2048), "本次访问已用流量：2 KB");
    }
}
