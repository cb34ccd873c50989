//! Recursive-descent parser for `$filter` and `$orderby` expressions (STA v1.1 §9.3.3.5, OData 4 operators).
//!
//! Precedence, loosest first: `or` < `and` < `not` < comparison (`eq ne gt ge lt le`) < `add sub` <
//! `mul div mod` < unary `-`. Binary operators are left-associative.

use super::ast::{BinaryOp, Expr, Literal, OrderBy};
use super::error::QueryError;
use super::lexer::{tokenize, Tok, Token};
use super::wkt::parse_wkt;
use qingshui_core::time::parse as parse_instant;

/// Deepest nesting of parentheses, function calls and unary operators; bounds the parser's recursion so
/// hostile input cannot overflow the stack.
pub const MAX_DEPTH: usize = 32;

/// Known functions with their accepted argument counts (STA v1.1 Table 9-…: string, date, math, geospatial,
/// spatial-relationship functions, plus OData 4 `contains`).
const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("substringof", 2, 2),
    ("endswith", 2, 2),
    ("startswith", 2, 2),
    ("contains", 2, 2),
    ("length", 1, 1),
    ("indexof", 2, 2),
    ("substring", 2, 3),
    ("tolower", 1, 1),
    ("toupper", 1, 1),
    ("trim", 1, 1),
    ("concat", 2, 2),
    ("year", 1, 1),
    ("month", 1, 1),
    ("day", 1, 1),
    ("hour", 1, 1),
    ("minute", 1, 1),
    ("second", 1, 1),
    ("fractionalseconds", 1, 1),
    ("date", 1, 1),
    ("time", 1, 1),
    ("totaloffsetminutes", 1, 1),
    ("now", 0, 0),
    ("mindatetime", 0, 0),
    ("maxdatetime", 0, 0),
    ("round", 1, 1),
    ("floor", 1, 1),
    ("ceiling", 1, 1),
    ("geo.distance", 2, 2),
    ("geo.length", 1, 1),
    ("geo.intersects", 2, 2),
    ("st_equals", 2, 2),
    ("st_disjoint", 2, 2),
    ("st_touches", 2, 2),
    ("st_within", 2, 2),
    ("st_overlaps", 2, 2),
    ("st_crosses", 2, 2),
    ("st_intersects", 2, 2),
    ("st_contains", 2, 2),
    ("st_relate", 3, 3),
];

/// Parses a whole `$filter` value; `option` names it in errors (e.g. `$filter in $expand=Observations`).
pub(crate) fn parse_filter(text: &str, option: &str) -> Result<Expr, QueryError> {
    let mut p = Parser::new(text, option)?;
    let e = p.expr(0)?;
    p.expect_end()?;
    Ok(e)
}

/// Parses a whole `$orderby` value: `expr [asc|desc], …`.
pub(crate) fn parse_orderby(text: &str, option: &str) -> Result<Vec<OrderBy>, QueryError> {
    let mut p = Parser::new(text, option)?;
    let mut items = Vec::new();
    loop {
        let expr = p.expr(0)?;
        let descending = match p.peek_word().map(str::to_ascii_lowercase).as_deref() {
            Some("desc") => {
                p.pos += 1;
                true
            }
            Some("asc") => {
                p.pos += 1;
                false
            }
            _ => false,
        };
        items.push(OrderBy { expr, descending });
        if p.peek() == Some(&Tok::Comma) {
            p.pos += 1;
        } else {
            p.expect_end()?;
            return Ok(items);
        }
    }
}

struct Parser<'a> {
    toks: Vec<Token>,
    pos: usize,
    /// Character length of the input, for "end of input" positions.
    len: usize,
    option: &'a str,
}

impl<'a> Parser<'a> {
    fn new(text: &str, option: &'a str) -> Result<Self, QueryError> {
        let toks = tokenize(text).map_err(|e| QueryError::Syntax {
            message: e.message,
            position: e.pos,
            option: option.to_owned(),
        })?;
        Ok(Parser {
            toks,
            pos: 0,
            len: text.chars().count(),
            option,
        })
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.kind)
    }

    fn peek_word(&self) -> Option<&str> {
        match self.peek() {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }

    fn here(&self) -> usize {
        self.toks.get(self.pos).map_or(self.len, |t| t.pos)
    }

    fn syntax(&self, message: String, position: usize) -> QueryError {
        QueryError::Syntax {
            message,
            position,
            option: self.option.to_owned(),
        }
    }

    /// "unexpected X" (or "unexpected end of input") at the current token.
    fn unexpected(&self, expected: &str) -> QueryError {
        let found = self
            .peek()
            .map_or_else(|| "end of input".to_owned(), Tok::describe);
        let message = if expected.is_empty() {
            format!("unexpected {found}")
        } else {
            format!("unexpected {found}, expected {expected}")
        };
        self.syntax(message, self.here())
    }

    fn expect_end(&self) -> Result<(), QueryError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.unexpected("")),
        }
    }

    fn expect(&mut self, tok: &Tok, what: &str) -> Result<(), QueryError> {
        if self.peek() == Some(tok) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(what))
        }
    }

    fn descend(&self, depth: usize) -> Result<usize, QueryError> {
        if depth >= MAX_DEPTH {
            return Err(QueryError::TooDeep {
                option: self.option.to_owned(),
                max: MAX_DEPTH,
            });
        }
        Ok(depth + 1)
    }

    /// Consumes the next word if it is one of `ops` (case-insensitive) and returns its operator.
    fn binary_op(&mut self, ops: &[(&str, BinaryOp)]) -> Option<BinaryOp> {
        let word = self.peek_word()?;
        let op = ops
            .iter()
            .find(|(name, _)| word.eq_ignore_ascii_case(name))?
            .1;
        self.pos += 1;
        Some(op)
    }

    /// One precedence level of left-associative binary operators.
    fn level(
        &mut self,
        depth: usize,
        ops: &[(&str, BinaryOp)],
        next: fn(&mut Self, usize) -> Result<Expr, QueryError>,
    ) -> Result<Expr, QueryError> {
        let mut left = next(self, depth)?;
        while let Some(op) = self.binary_op(ops) {
            let right = next(self, depth)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn expr(&mut self, depth: usize) -> Result<Expr, QueryError> {
        self.level(depth, &[("or", BinaryOp::Or)], Self::and)
    }

    fn and(&mut self, depth: usize) -> Result<Expr, QueryError> {
        self.level(depth, &[("and", BinaryOp::And)], Self::not)
    }

    fn not(&mut self, depth: usize) -> Result<Expr, QueryError> {
        // `not(…)` is the operator on a parenthesised operand, never a function call.
        let is_not = self
            .peek_word()
            .is_some_and(|w| w.eq_ignore_ascii_case("not"));
        if is_not {
            let inner_depth = self.descend(depth)?;
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.not(inner_depth)?)));
        }
        self.comparison(depth)
    }

    fn comparison(&mut self, depth: usize) -> Result<Expr, QueryError> {
        const OPS: &[(&str, BinaryOp)] = &[
            ("eq", BinaryOp::Eq),
            ("ne", BinaryOp::Ne),
            ("gt", BinaryOp::Gt),
            ("ge", BinaryOp::Ge),
            ("lt", BinaryOp::Lt),
            ("le", BinaryOp::Le),
        ];
        self.level(depth, OPS, Self::additive)
    }

    fn additive(&mut self, depth: usize) -> Result<Expr, QueryError> {
        self.level(
            depth,
            &[("add", BinaryOp::Add), ("sub", BinaryOp::Sub)],
            Self::multiplicative,
        )
    }

    fn multiplicative(&mut self, depth: usize) -> Result<Expr, QueryError> {
        const OPS: &[(&str, BinaryOp)] = &[
            ("mul", BinaryOp::Mul),
            ("div", BinaryOp::Div),
            ("mod", BinaryOp::Mod),
        ];
        self.level(depth, OPS, Self::unary)
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, QueryError> {
        if self.peek() != Some(&Tok::Minus) {
            return self.primary(depth);
        }
        let inner_depth = self.descend(depth)?;
        self.pos += 1;
        // A minus directly on a number is the negative literal, as OData's ABNF reads it.
        Ok(match self.unary(inner_depth)? {
            Expr::Literal(Literal::Int(n)) if n != i64::MIN => Expr::Literal(Literal::Int(-n)),
            Expr::Literal(Literal::Float(f)) => Expr::Literal(Literal::Float(-f)),
            other => Expr::Neg(Box::new(other)),
        })
    }

    fn primary(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let Some(tok) = self.toks.get(self.pos).cloned() else {
            return Err(self.unexpected("an operand"));
        };
        let lit = |l| Ok(Expr::Literal(l));
        match tok.kind {
            Tok::Int(n) => {
                self.pos += 1;
                lit(Literal::Int(n))
            }
            Tok::Float(f) => {
                self.pos += 1;
                lit(Literal::Float(f))
            }
            Tok::Str(s) => {
                self.pos += 1;
                lit(Literal::String(s))
            }
            Tok::DateTime(s) => {
                self.pos += 1;
                self.datetime(&s, tok.pos).map(Expr::Literal)
            }
            Tok::Geo(text) => {
                self.pos += 1;
                let g = parse_wkt(&text)
                    .map_err(|m| self.syntax(format!("invalid geography literal: {m}"), tok.pos))?;
                lit(Literal::Geometry(g))
            }
            Tok::LParen => {
                let inner_depth = self.descend(depth)?;
                self.pos += 1;
                let e = self.expr(inner_depth)?;
                self.expect(&Tok::RParen, "')'")?;
                Ok(e)
            }
            // `not` is the operator: as a bare operand it would parse here but not once parenthesised,
            // so one filter would mean two things depending on its brackets.
            Tok::Word(w) if w.eq_ignore_ascii_case("not") => Err(self.unexpected("an operand")),
            Tok::Word(w) => {
                self.pos += 1;
                if self.peek() == Some(&Tok::LParen) {
                    return self.call(&w, depth);
                }
                match w.to_ascii_lowercase().as_str() {
                    "null" => lit(Literal::Null),
                    "true" => lit(Literal::Bool(true)),
                    "false" => lit(Literal::Bool(false)),
                    _ => self.path(w),
                }
            }
            _ => Err(self.unexpected("an operand")),
        }
    }

    fn datetime(&self, s: &str, pos: usize) -> Result<Literal, QueryError> {
        let bad = || self.syntax(format!("invalid date/time '{s}'"), pos);
        match s.split_once('/') {
            Some((a, b)) => {
                let start = parse_instant(a).map_err(|_| bad())?;
                let end = parse_instant(b).map_err(|_| bad())?;
                Ok(Literal::Interval(start, end))
            }
            None => parse_instant(s).map(Literal::DateTime).map_err(|_| bad()),
        }
    }

    /// `first/seg/seg…`; the first word is already consumed.
    fn path(&mut self, first: String) -> Result<Expr, QueryError> {
        let mut segs = vec![first];
        while self.peek() == Some(&Tok::Slash) {
            self.pos += 1;
            match self.peek() {
                Some(Tok::Word(w)) => {
                    segs.push(w.clone());
                    self.pos += 1;
                }
                _ => return Err(self.unexpected("a property name after '/'")),
            }
        }
        Ok(Expr::Path(segs))
    }

    /// `name(args…)`; the name is consumed, the current token is `(`.
    fn call(&mut self, name: &str, depth: usize) -> Result<Expr, QueryError> {
        let lower = name.to_ascii_lowercase();
        let Some(&(canon, min, max)) = FUNCTIONS.iter().find(|(n, _, _)| *n == lower) else {
            return Err(QueryError::UnknownFunction {
                name: name.to_owned(),
                option: self.option.to_owned(),
            });
        };
        let inner_depth = self.descend(depth)?;
        self.pos += 1;
        let mut args = Vec::new();
        if self.peek() == Some(&Tok::RParen) {
            self.pos += 1;
        } else {
            loop {
                args.push(self.expr(inner_depth)?);
                match self.peek() {
                    Some(Tok::Comma) => self.pos += 1,
                    Some(Tok::RParen) => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(self.unexpected("',' or ')'")),
                }
            }
        }
        if args.len() < min || args.len() > max {
            let expected = if min == max {
                min.to_string()
            } else {
                format!("{min} to {max}")
            };
            return Err(QueryError::Arity {
                name: canon.to_owned(),
                expected,
                got: args.len(),
                option: self.option.to_owned(),
            });
        }
        Ok(Expr::Function(canon.to_owned(), args))
    }
}
