//! Raw URL query string → [`QueryOptions`] (STA v1.1 §9.3: `$expand`, `$select`, `$orderby`, `$top`, `$skip`,
//! `$count`, `$filter`), with limits that keep hostile input cheap.

use std::collections::HashSet;

use super::ast::{Expand, QueryOptions};
use super::error::QueryError;
use super::expr::{parse_filter, parse_orderby};

/// Longest `$filter` / `$orderby` value accepted, in characters after percent-decoding.
pub const MAX_EXPR_LEN: usize = 4000;
/// Longest whole query string accepted, in bytes before decoding.
pub const MAX_QUERY_LEN: usize = 32 * 1024;
/// Deepest `$expand` navigation accepted, counting every path segment (`Datastreams/Observations` = 2).
pub const MAX_EXPAND_DEPTH: usize = 4;

/// Parses a raw URL query string (without or with the leading `?`; percent-encoded, `+` = space).
///
/// Parameters whose names do not start with `$` are custom options (OData 4 §5.1.7) and are ignored.
/// Option names are matched case-insensitively. Errors name the option and what is wrong.
pub fn parse_query(raw_query: &str) -> Result<QueryOptions, QueryError> {
    if raw_query.len() > MAX_QUERY_LEN {
        return Err(QueryError::TooLong {
            option: "the query string".to_owned(),
            max: MAX_QUERY_LEN,
        });
    }
    let raw = raw_query.strip_prefix('?').unwrap_or(raw_query);
    let mut level = Level::new(0, String::new());
    for pair in raw.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = percent_decode(name)?;
        if !name.starts_with('$') {
            continue;
        }
        level.apply(&name, &percent_decode(value)?)?;
    }
    Ok(level.options)
}

/// Decodes `%XX` escapes and `+` (as a space, the form encoding browsers and `URLSearchParams` use).
pub fn percent_decode(s: &str) -> Result<String, QueryError> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = b.get(i + 1..i + 3).and_then(|h| {
                    let h = std::str::from_utf8(h).ok()?;
                    u8::from_str_radix(h, 16).ok()
                });
                let Some(byte) = hex else {
                    return Err(QueryError::Encoding(format!(
                        "'%' at byte {i} is not followed by two hex digits"
                    )));
                };
                out.push(byte);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| QueryError::Encoding("decoded text is not UTF-8".to_owned()))
}

/// The options of one level (top or one `$expand` item) being filled in.
struct Level {
    options: QueryOptions,
    seen: HashSet<String>,
    /// Navigation segments above this level, for the `$expand` depth limit.
    depth: usize,
    /// Full navigation path of this level, for error messages (empty at the top).
    path: String,
}

impl Level {
    fn new(depth: usize, path: String) -> Self {
        Level {
            options: QueryOptions::default(),
            seen: HashSet::new(),
            depth,
            path,
        }
    }

    /// How an option is named in errors: `$filter`, or `$filter in $expand=Datastreams/Observations`.
    fn label(&self, option: &str) -> String {
        if self.path.is_empty() {
            option.to_owned()
        } else {
            format!("{option} in $expand={}", self.path)
        }
    }

    fn apply(&mut self, name: &str, value: &str) -> Result<(), QueryError> {
        let key = name.to_ascii_lowercase();
        let label = self.label(&key);
        match key.as_str() {
            "$top" | "$skip" | "$count" | "$select" | "$orderby" | "$filter" | "$expand" => {}
            "$resultformat" | "$search" | "$format" | "$levels" | "$apply" | "$compute"
            | "$skiptoken" | "$index" => {
                return Err(QueryError::UnsupportedOption(name.to_owned()))
            }
            _ => return Err(QueryError::UnknownOption(name.to_owned())),
        }
        if !self.seen.insert(key.clone()) {
            return Err(QueryError::DuplicateOption(label));
        }
        let value = value.trim();
        if value.is_empty() {
            return Err(QueryError::Empty(label));
        }
        let o = &mut self.options;
        match key.as_str() {
            "$top" => o.top = Some(count(value, label)?),
            "$skip" => o.skip = Some(count(value, label)?),
            "$count" => {
                o.count = Some(match value.to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(QueryError::NotBool(label)),
                })
            }
            "$select" => o.select = select(value, &label)?,
            "$orderby" => o.orderby = parse_orderby(limited(value, &label)?, &label)?,
            "$filter" => o.filter = Some(parse_filter(limited(value, &label)?, &label)?),
            _ => o.expand = expand(value, &label, self.depth, &self.path)?,
        }
        Ok(())
    }
}

/// `$top` / `$skip`: digits only, and at most `i64::MAX` — SQLite's integers are `i64`, and a larger
/// offset cast into one wraps negative, which SQLite reads as no offset at all (page one again).
fn count(value: &str, label: String) -> Result<u64, QueryError> {
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(QueryError::NotCount(label));
    }
    value
        .parse::<i64>()
        .ok()
        .and_then(|n| u64::try_from(n).ok())
        .ok_or(QueryError::NotCount(label))
}

fn limited<'v>(value: &'v str, label: &str) -> Result<&'v str, QueryError> {
    if value.chars().count() > MAX_EXPR_LEN {
        return Err(QueryError::TooLong {
            option: label.to_owned(),
            max: MAX_EXPR_LEN,
        });
    }
    Ok(value)
}

fn syntax(message: String, position: usize, label: &str) -> QueryError {
    QueryError::Syntax {
        message,
        position,
        option: label.to_owned(),
    }
}

/// `$select=@iot.id,name,properties`; `*` alone means every property.
fn select(value: &str, label: &str) -> Result<Option<Vec<String>>, QueryError> {
    let mut names = Vec::new();
    for (pos, item) in split_top(value, ',', label)? {
        let name = item.trim();
        let ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '@' | '.' | '/' | '*'));
        if !ok {
            return Err(syntax(
                format!("invalid property name '{name}'"),
                pos,
                label,
            ));
        }
        names.push(name.to_owned());
    }
    Ok(if names == ["*"] { None } else { Some(names) })
}

/// `$expand=A($opts;…),B/C(…)`, recursing into nested options.
fn expand(value: &str, label: &str, depth: usize, parent: &str) -> Result<Vec<Expand>, QueryError> {
    let mut items = Vec::new();
    for (pos, item) in split_top(value, ',', label)? {
        let (path_text, opts) = match item.find('(') {
            Some(open) => {
                let inner = item[open + 1..].trim_end();
                let Some(inner) = inner.strip_suffix(')') else {
                    let at = pos + item[..open].chars().count();
                    return Err(syntax("text after the closing ')'".to_owned(), at, label));
                };
                (&item[..open], Some(inner))
            }
            None => (item, None),
        };
        let path: Vec<String> = path_text
            .trim()
            .split('/')
            .map(|s| s.trim().to_owned())
            .collect();
        let valid =
            |s: &String| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !path.iter().all(valid) {
            let msg = format!("invalid navigation path '{}'", path_text.trim());
            return Err(syntax(msg, pos, label));
        }
        let nested_depth = depth + path.len();
        if nested_depth > MAX_EXPAND_DEPTH {
            return Err(QueryError::ExpandTooDeep(MAX_EXPAND_DEPTH));
        }
        let full_path = if parent.is_empty() {
            path.join("/")
        } else {
            format!("{parent}/{}", path.join("/"))
        };
        let mut level = Level::new(nested_depth, full_path);
        if let Some(opts) = opts {
            for (opt_pos, opt) in split_top(opts, ';', label)? {
                let opt = opt.trim();
                if opt.is_empty() {
                    continue;
                }
                let Some((name, value)) = opt.split_once('=') else {
                    let msg = format!("expected '$option=value', got '{opt}'");
                    return Err(syntax(msg, opt_pos, label));
                };
                level.apply(name.trim(), value)?;
            }
        }
        items.push(Expand {
            path,
            options: level.options,
        });
    }
    Ok(items)
}

/// Splits at `sep` outside quotes and parentheses; yields each piece with its character offset.
fn split_top<'v>(
    value: &'v str,
    sep: char,
    label: &str,
) -> Result<Vec<(usize, &'v str)>, QueryError> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut quote_at) = (0usize, false, 0);
    let (mut start_byte, mut start_char) = (0, 0);
    for (ci, (bi, c)) in value.char_indices().enumerate() {
        match c {
            '\'' => {
                // `''` inside a string toggles twice, which keeps the state right without lookahead.
                quoted = !quoted;
                quote_at = ci;
            }
            _ if quoted => {}
            '(' => depth += 1,
            ')' if depth == 0 => return Err(syntax("unexpected ')'".to_owned(), ci, label)),
            ')' => depth -= 1,
            c if c == sep && depth == 0 => {
                out.push((start_char, &value[start_byte..bi]));
                start_byte = bi + c.len_utf8();
                start_char = ci + 1;
            }
            _ => {}
        }
    }
    if quoted {
        return Err(syntax(
            "unterminated string literal".to_owned(),
            quote_at,
            label,
        ));
    }
    if depth > 0 {
        let end = value.chars().count();
        return Err(syntax("missing ')'".to_owned(), end, label));
    }
    out.push((start_char, &value[start_byte..]));
    Ok(out)
}
