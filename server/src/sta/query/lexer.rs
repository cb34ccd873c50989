//! Tokens of the `$filter` / `$orderby` expression language (OData 4 ABNF as profiled by STA v1.1 §9.3.3.5).
//!
//! Positions are character offsets so that error messages point at the right place even in Chinese text.

/// One token with its starting character offset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    /// What was read.
    pub kind: Tok,
    /// 0-based character offset of the first character.
    pub pos: usize,
}

/// Token kinds. Keywords (`eq`, `and`, `not`, …) stay [`Tok::Word`]: the parser decides by position, so a
/// property may be called `name` or `date` without clashing with anything.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// Identifier-like word: `name`, `@iot.id`, `geo.distance`, `eq`, `true`.
    Word(String),
    /// Integer literal (too large for `i64` becomes [`Tok::Float`]).
    Int(i64),
    /// Decimal / exponent literal.
    Float(f64),
    /// `'…'` with `''` unescaped.
    Str(String),
    /// An unquoted ISO 8601 instant or interval, as written (checked by the parser).
    DateTime(String),
    /// `geography'…'` / `geometry'…'`: the text between the quotes.
    Geo(String),
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `,`
    Comma,
    /// `/`
    Slash,
    /// `-` (unary minus)
    Minus,
}

impl Tok {
    /// How the token is named in error messages.
    pub fn describe(&self) -> String {
        match self {
            Tok::Word(w) => format!("'{w}'"),
            Tok::Int(i) => format!("'{i}'"),
            Tok::Float(f) => format!("'{f}'"),
            Tok::Str(_) => "string literal".to_owned(),
            Tok::DateTime(d) => format!("'{d}'"),
            Tok::Geo(_) => "geography literal".to_owned(),
            Tok::LParen => "'('".to_owned(),
            Tok::RParen => "')'".to_owned(),
            Tok::Comma => "','".to_owned(),
            Tok::Slash => "'/'".to_owned(),
            Tok::Minus => "'-'".to_owned(),
        }
    }
}

/// A lexing failure: message and character offset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LexError {
    /// What is wrong.
    pub message: String,
    /// 0-based character offset.
    pub pos: usize,
}

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '@' || c == '$'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '@' || c == '.' || c == '$'
}

/// Splits an expression into tokens.
pub(crate) fn tokenize(input: &str) -> Result<Vec<Token>, LexError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let kind = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => {
                i += 1;
                Tok::LParen
            }
            ')' => {
                i += 1;
                Tok::RParen
            }
            ',' => {
                i += 1;
                Tok::Comma
            }
            '/' => {
                i += 1;
                Tok::Slash
            }
            '-' => {
                i += 1;
                Tok::Minus
            }
            '\'' => {
                let (s, next) = quoted(&chars, i)?;
                i = next;
                Tok::Str(s)
            }
            c if c.is_ascii_digit() => {
                if looks_like_date(&chars[i..]) {
                    let (s, next) = datetime(&chars, i);
                    i = next;
                    Tok::DateTime(s)
                } else {
                    let (t, next) = number(&chars, i)?;
                    i = next;
                    t
                }
            }
            c if is_word_start(c) => {
                let mut j = i;
                while j < chars.len() && is_word_char(chars[j]) {
                    j += 1;
                }
                let word: String = chars[i..j].iter().collect();
                i = j;
                let lower = word.to_ascii_lowercase();
                if (lower == "geography" || lower == "geometry") && chars.get(i) == Some(&'\'') {
                    let (s, next) = quoted(&chars, i)?;
                    i = next;
                    Tok::Geo(s)
                } else {
                    Tok::Word(word)
                }
            }
            other => {
                return Err(LexError {
                    message: format!("unexpected character '{other}'"),
                    pos: i,
                })
            }
        };
        out.push(Token { kind, pos: start });
    }
    Ok(out)
}

/// Reads `'…'` starting at the opening quote; `''` is one quote.
fn quoted(chars: &[char], open: usize) -> Result<(String, usize), LexError> {
    let mut s = String::new();
    let mut i = open + 1;
    loop {
        match chars.get(i) {
            None => {
                return Err(LexError {
                    message: "unterminated string literal".to_owned(),
                    pos: open,
                })
            }
            Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                s.push('\'');
                i += 2;
            }
            Some('\'') => return Ok((s, i + 1)),
            Some(&c) => {
                s.push(c);
                i += 1;
            }
        }
    }
}

/// `dddd-dd-dd` starts a date: OData has no `-` operator between numbers, so this cannot be arithmetic.
fn looks_like_date(rest: &[char]) -> bool {
    rest.len() >= 10
        && rest[..4].iter().all(char::is_ascii_digit)
        && rest[4] == '-'
        && rest[5..7].iter().all(char::is_ascii_digit)
        && rest[7] == '-'
        && rest[8..10].iter().all(char::is_ascii_digit)
}

/// Reads an instant or `a/b` interval. A space directly before `hh:mm` is taken as a `+` that the URL
/// encoding turned into a space (`+08:00` sent unescaped), since nothing else can stand there.
fn datetime(chars: &[char], start: usize) -> (String, usize) {
    let mut s = String::new();
    let mut i = start;
    loop {
        match chars.get(i) {
            Some(&c) if c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '+' | '-') => {
                s.push(c);
                i += 1;
            }
            Some(' ') if offset_follows(chars, i + 1) && s.contains('T') => {
                s.push('+');
                i += 1;
            }
            Some('/') if chars.get(i + 1).is_some_and(char::is_ascii_digit) && !s.contains('/') => {
                s.push('/');
                i += 1;
            }
            _ => return (s, i),
        }
    }
}

fn offset_follows(chars: &[char], i: usize) -> bool {
    let d = |k: usize| chars.get(i + k).is_some_and(char::is_ascii_digit);
    d(0) && d(1) && chars.get(i + 2) == Some(&':') && d(3) && d(4)
}

/// Reads an OData number: digits, optional fraction, optional exponent, optional type suffix (`d`, `f`, `m`, `L`).
fn number(chars: &[char], start: usize) -> Result<(Tok, usize), LexError> {
    let mut i = start;
    let digits = |i: &mut usize| {
        let from = *i;
        while chars.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    digits(&mut i);
    let mut float = false;
    if chars.get(i) == Some(&'.') {
        i += 1;
        float = true;
        if !digits(&mut i) {
            return Err(LexError {
                message: "expected digits after the decimal point".to_owned(),
                pos: i,
            });
        }
    }
    if matches!(chars.get(i), Some('e' | 'E'))
        && (chars.get(i + 1).is_some_and(char::is_ascii_digit)
            || (matches!(chars.get(i + 1), Some('+' | '-'))
                && chars.get(i + 2).is_some_and(char::is_ascii_digit)))
    {
        i += 2;
        digits(&mut i);
        float = true;
    }
    let text: String = chars[start..i].iter().collect();
    if matches!(chars.get(i), Some('d' | 'D' | 'f' | 'F' | 'm' | 'M')) {
        i += 1;
        float = true;
    } else if !float && matches!(chars.get(i), Some('l' | 'L')) {
        i += 1;
    }
    if chars.get(i).is_some_and(|&c| is_word_char(c)) {
        return Err(LexError {
            message: "malformed number".to_owned(),
            pos: start,
        });
    }
    let tok = match (float, text.parse::<i64>()) {
        (false, Ok(n)) => Tok::Int(n),
        _ => Tok::Float(text.parse::<f64>().map_err(|_| LexError {
            message: "malformed number".to_owned(),
            pos: start,
        })?),
    };
    Ok((tok, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Tok> {
        tokenize(s).unwrap().into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn reads_each_token_kind() {
        assert_eq!(
            kinds("a/b eq 'x''y' (1,2.5,-3e2)"),
            vec![
                Tok::Word("a".into()),
                Tok::Slash,
                Tok::Word("b".into()),
                Tok::Word("eq".into()),
                Tok::Str("x'y".into()),
                Tok::LParen,
                Tok::Int(1),
                Tok::Comma,
                Tok::Float(2.5),
                Tok::Comma,
                Tok::Minus,
                Tok::Float(300.0),
                Tok::RParen,
            ]
        );
    }

    #[test]
    fn datetime_with_space_for_plus_and_interval() {
        assert_eq!(
            kinds("2026-11-21T08:00:00 08:00/2026-11-22T00:00:00Z"),
            vec![Tok::DateTime(
                "2026-11-21T08:00:00+08:00/2026-11-22T00:00:00Z".into()
            )]
        );
    }

    #[test]
    fn errors_carry_char_positions() {
        let e = tokenize("名字 eq 'abc").unwrap_err();
        assert_eq!(e.pos, 6);
        assert_eq!(tokenize("a # b").unwrap_err().pos, 2);
        assert!(tokenize("12abc").is_err());
    }
}
