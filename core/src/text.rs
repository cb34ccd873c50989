//! Substring search for the app's few fixed needles ("://", "AlipayClient", parameter fragments).
//!
//! `str::contains(&str)` and friends bring std's two-way searcher (~2 KB of wasm, a searcher built per
//! call) into the client's first download; these needles are a few bytes long and the haystacks are
//! URLs, user agents and parameter names, for which a plain scan is as fast (issue #6).

/// Byte offset of the first occurrence of `needle` in `haystack`; an empty needle is found at 0.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    // A match of whole UTF-8 sequences starts on a character boundary, so the offset slices `haystack`.
    h.windows(n.len()).position(|w| w == n)
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// `items` with `sep` between them, like `[&str]::join`, whose generic copy loop is ~1 KB of the first
/// download for five call sites.
pub fn join(items: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item);
    }
    out
}

/// The text before and after the first `needle`, like `str::split_once`.
pub fn split_once<'a>(haystack: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let i = find(haystack, needle)?;
    Some((&haystack[..i], &haystack[i + needle.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row agrees with std's own search, which these functions stand in for.
    #[test]
    fn agrees_with_std() {
        let rows: &[(&str, &str)] = &[
            ("https://sta.example/v1.1", "://"),
            ("/v1.1/Things", "://"),
            ("", "://"),
            ("://", "://"),
            ("ab", "abc"),
            ("abc", ""),
            ("Mozilla/5.0 AlipayClient/10 MiniProgram", "MiniProgram"),
            ("氨氮（NH3-N）", "NH3"),
            ("总磷总磷", "磷"),
            ("aaab", "aab"),
        ];
        for &(h, n) in rows {
            assert_eq!(find(h, n), h.find(n), "find({h:?}, {n:?})");
            assert_eq!(contains(h, n), h.contains(n), "contains({h:?}, {n:?})");
            assert_eq!(
                split_once(h, n),
                h.split_once(n),
                "split_once({h:?}, {n:?})"
            );
        }
    }

    #[test]
    fn join_agrees_with_std() {
        let rows: &[(&[&str], &str)] = &[
            (&[], ", "),
            (&["a"], ", "),
            (&["a", "", "c"], "、"),
            (&["长江", "嘉陵江"], "、"),
            (&["x", "y"], ""),
        ];
        for &(items, sep) in rows {
            assert_eq!(join(items, sep), items.join(sep), "{items:?} {sep:?}");
        }
    }
}
