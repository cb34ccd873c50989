//! The Content-Security-Policy of the app, with the hashes of the inline blocks its pages really carry.
//!
//! `index.html` boots the wasm app with an inline `<script type="module">`. Allowing it with
//! `'unsafe-inline'` would also allow any injected script, so the policy instead names the SHA-256 of each
//! inline `<script>` and `<style>` block found in the built pages at startup (CSP Level 3, §8.4 "hash-source").
//! A rebuilt `dist/` therefore needs a restart, which the static file server already needs.
use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha256};

use super::settings::HttpSettings;

/// The policy for uploaded photos: they are never documents, so they get no capabilities at all even when
/// opened directly (a polyglot file must not run script under our origin).
pub const MEDIA_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";

/// CSP hash sources (`'sha256-…'`) of the inline blocks of the built pages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InlineHashes {
    /// One per distinct inline `<script>` block.
    pub scripts: Vec<String>,
    /// One per distinct inline `<style>` block.
    pub styles: Vec<String>,
}

impl InlineHashes {
    /// Adds the blocks of one HTML page.
    pub fn add_page(&mut self, html: &str) {
        for body in inline_blocks(html, "script") {
            push_unique(&mut self.scripts, hash_source(body));
        }
        for body in inline_blocks(html, "style") {
            push_unique(&mut self.styles, hash_source(body));
        }
    }

    /// The hashes of every `.html` file under `dir`; a missing `dir` has none (the app is not built).
    pub fn scan(dir: &Path) -> std::io::Result<Self> {
        let mut hashes = Self::default();
        if dir.is_dir() {
            scan_dir(dir, &mut hashes)?;
        }
        Ok(hashes)
    }
}

fn scan_dir(dir: &Path, hashes: &mut InlineHashes) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            scan_dir(&path, hashes)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        {
            hashes.add_page(&String::from_utf8_lossy(&std::fs::read(&path)?));
        }
    }
    Ok(())
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// `'sha256-<base64>'` of a block's text. The HTML parser turns CR LF and lone CR into LF before the
/// browser hashes the text, so the same is done here.
pub fn hash_source(body: &str) -> String {
    let normalised = body.replace("\r\n", "\n").replace('\r', "\n");
    let digest = Sha256::digest(normalised.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The text of every `<tag …>…</tag>` element of `html` that has no `src` attribute (for `<style>`
/// there is none anyway). Tag names match case-insensitively; comments are not special-cased, so a
/// commented-out block only adds a harmless extra hash.
pub fn inline_blocks<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{tag}");
    let close = format!("</{tag}");
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(rel) = lower[at..].find(&open) {
        let start = at + rel + open.len();
        // `<scripts>` or `<script-x>` are other elements.
        let next = lower[start..].bytes().next();
        if !matches!(
            next,
            Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
        ) {
            at = start;
            continue;
        }
        let Some(tag_end) = open_tag_end(&lower, start) else {
            break;
        };
        let Some(body_len) = lower[tag_end..].find(&close) else {
            break;
        };
        if !has_attribute(&lower[start..tag_end - 1], "src") {
            found.push(&html[tag_end..tag_end + body_len]);
        }
        at = tag_end + body_len + close.len();
    }
    found
}

/// Index just past the `>` that closes an opening tag whose attributes start at `from` (quotes respected).
fn open_tag_end(s: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, b) in s.bytes().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Whether the attribute text of an opening tag (lower case) names `name`, ignoring quoted values.
fn has_attribute(attrs: &str, name: &str) -> bool {
    let mut names = Vec::new();
    let mut current = String::new();
    let mut quote = None;
    let mut in_value = false;
    for c in attrs.chars() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if in_value => quote = Some(c),
            (None, '=') => {
                names.push(std::mem::take(&mut current));
                in_value = true;
            }
            (None, c) if c.is_whitespace() || c == '/' => {
                if !current.is_empty() && !in_value {
                    names.push(std::mem::take(&mut current));
                }
                current.clear();
                in_value = false;
            }
            (None, c) if !in_value => current.push(c),
            _ => {}
        }
    }
    if !current.is_empty() && !in_value {
        names.push(current);
    }
    names.iter().any(|n| n == name)
}

/// The app's policy: same-origin everything, wasm compilation allowed, inline blocks only by hash.
pub fn app_policy(settings: &HttpSettings, hashes: &InlineHashes) -> String {
    let list = |base: &[&str], extra: &[String]| {
        base.iter()
            .map(|s| s.to_string())
            .chain(extra.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let frame_ancestors = if settings.frame_ancestors.is_empty() {
        "'self'".to_string()
    } else {
        settings.frame_ancestors.join(" ")
    };
    format!(
        "default-src 'self'; script-src {}; style-src {}; img-src 'self' data: blob:; connect-src {}; \
         object-src 'none'; base-uri 'self'; frame-ancestors {frame_ancestors}; form-action 'self'",
        list(&["'self'", "'wasm-unsafe-eval'"], &hashes.scripts),
        list(&["'self'"], &hashes.styles),
        list(&["'self'"], &settings.csp_connect),
    )
}
