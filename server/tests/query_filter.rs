//! `$filter` / `$orderby` expressions (STA v1.1 §9.3.3.5: operators, precedence, literals, functions), error
//! messages, hostile-input limits and a no-panic fuzz loop.

mod query_support;
use query_support::*;

#[test]
fn every_binary_operator() {
    use BinaryOp::*;
    for (word, op) in [
        ("eq", Eq),
        ("ne", Ne),
        ("gt", Gt),
        ("ge", Ge),
        ("lt", Lt),
        ("le", Le),
        ("and", And),
        ("or", Or),
        ("add", Add),
        ("sub", Sub),
        ("mul", Mul),
        ("div", Div),
        ("mod", Mod),
    ] {
        assert_eq!(
            filter(&format!("a {word} b")),
            bin(op, p(&["a"]), p(&["b"])),
            "{word}"
        );
        assert_eq!(
            filter(&format!("a {} b", word.to_uppercase())),
            bin(op, p(&["a"]), p(&["b"]))
        );
    }
}

#[test]
fn precedence_table() {
    use BinaryOp::*;
    let (a, b, c) = (p(&["a"]), p(&["b"]), p(&["c"]));
    let not = |e| Expr::Not(Box::new(e));
    let neg = |e| Expr::Neg(Box::new(e));
    let cases = vec![
        (
            "a or b and c",
            bin(Or, a.clone(), bin(And, b.clone(), c.clone())),
        ),
        (
            "a and b or c",
            bin(Or, bin(And, a.clone(), b.clone()), c.clone()),
        ),
        ("not a eq b", not(bin(Eq, a.clone(), b.clone()))),
        (
            "a and not b or c",
            bin(Or, bin(And, a.clone(), not(b.clone())), c.clone()),
        ),
        (
            "a eq b add c",
            bin(Eq, a.clone(), bin(Add, b.clone(), c.clone())),
        ),
        (
            "a add b mul c",
            bin(Add, a.clone(), bin(Mul, b.clone(), c.clone())),
        ),
        (
            "a sub b sub c",
            bin(Sub, bin(Sub, a.clone(), b.clone()), c.clone()),
        ),
        (
            "a div b mod c",
            bin(Mod, bin(Div, a.clone(), b.clone()), c.clone()),
        ),
        ("-a mul b", bin(Mul, neg(a.clone()), b.clone())),
        (
            "(a or b) and c",
            bin(And, bin(Or, a.clone(), b.clone()), c.clone()),
        ),
        (
            "a mul (b add c)",
            bin(Mul, a.clone(), bin(Add, b.clone(), c.clone())),
        ),
        ("not (a) and b", bin(And, not(a.clone()), b.clone())),
        ("- -3", int(3)),
        ("-(3)", int(-3)),
        ("-(a)", neg(a.clone())),
        (
            "result gt -1.5",
            bin(Gt, p(&["result"]), Expr::Literal(Literal::Float(-1.5))),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(filter(text), want, "{text}");
    }
}

#[test]
fn literal_table() {
    let lit = Expr::Literal;
    let cases = vec![
        ("null", lit(Literal::Null)),
        ("true", lit(Literal::Bool(true))),
        ("False", lit(Literal::Bool(false))),
        ("42", int(42)),
        ("-7", int(-7)),
        ("1.25", lit(Literal::Float(1.25))),
        ("2.5e-3", lit(Literal::Float(0.0025))),
        ("1E3", lit(Literal::Float(1000.0))),
        ("99999999999999999999", lit(Literal::Float(1e20))),
        ("'it''s 清水'", s("it's 清水")),
        ("''", s("")),
        (
            "2026-11-28T08:00:00Z",
            lit(Literal::DateTime(1_795_852_800_000)),
        ),
        (
            "2026-11-28T16:00:00+08:00",
            lit(Literal::DateTime(1_795_852_800_000)),
        ),
        (
            "2026-11-28T08:00:00.250Z",
            lit(Literal::DateTime(1_795_852_800_250)),
        ),
        (
            "2026-11-28T00:00:00Z/2026-11-28T08:00:00Z",
            lit(Literal::Interval(1_795_824_000_000, 1_795_852_800_000)),
        ),
        (
            "geography'POINT(1 2)'",
            lit(Literal::Geometry(Geometry::Point(1.0, 2.0))),
        ),
        (
            "geometry'SRID=4326;point (1 2)'",
            lit(Literal::Geometry(Geometry::Point(1.0, 2.0))),
        ),
        (
            "geography'LINESTRING(0 0,1 1)'",
            lit(Literal::Geometry(Geometry::LineString(vec![
                (0.0, 0.0),
                (1.0, 1.0),
            ]))),
        ),
        ("properties/district", p(&["properties", "district"])),
        (
            "Datastream/Thing/@iot.id",
            p(&["Datastream", "Thing", "@iot.id"]),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(filter(text), want, "{text}");
    }
    // A '+' sent unescaped arrives as a space; the offset still reads right.
    let o = parse_query("$filter=phenomenonTime%20gt%202026-11-28T16:00:00+08:00").unwrap();
    let want = bin(
        BinaryOp::Gt,
        p(&["phenomenonTime"]),
        lit(Literal::DateTime(1_795_852_800_000)),
    );
    assert_eq!(o.filter, Some(want));
}

#[test]
fn function_calls() {
    assert_eq!(
        filter("tolower(name) eq 'x' and year(phenomenonTime) ge 2026"),
        bin(
            BinaryOp::And,
            bin(BinaryOp::Eq, call("tolower", vec![p(&["name"])]), s("x")),
            bin(
                BinaryOp::Ge,
                call("year", vec![p(&["phenomenonTime"])]),
                int(2026)
            ),
        )
    );
    assert_eq!(
        filter("phenomenonTime lt now()"),
        bin(BinaryOp::Lt, p(&["phenomenonTime"]), call("now", vec![]))
    );
    assert_eq!(
        filter("ST_WITHIN(a, b)"),
        call("st_within", vec![p(&["a"]), p(&["b"])])
    );
    assert_eq!(
        filter("substring(name, 1, 2) eq 'x'"),
        bin(
            BinaryOp::Eq,
            call("substring", vec![p(&["name"]), int(1), int(2)]),
            s("x")
        )
    );
}

#[test]
fn bad_queries_have_useful_messages() {
    let cases = [
        (
            "$filter=geo.foo(a,b)",
            "unsupported function 'geo.foo' in $filter",
        ),
        ("$foo=1", "unknown query option '$foo'"),
        (
            "$resultFormat=dataArray",
            "unsupported query option '$resultFormat'",
        ),
        ("$top=-1", "$top must be a non-negative integer"),
        ("$top=ten", "$top must be a non-negative integer"),
        ("$skip=1.5", "$skip must be a non-negative integer"),
        ("$top=1&$top=2", "'$top' is given more than once"),
        ("$count=yes", "$count must be true or false"),
        ("$filter=", "$filter must not be empty"),
        // `not` is the operator, also where an operand is due (found by prop_query's token soup).
        ("$filter=a%20add%20not", "expected an operand"),
        (
            "$filter=(name%20eq%201))",
            "unexpected ')' at position 11 in $filter",
        ),
        (
            "$filter=name%20eq",
            "unexpected end of input, expected an operand at position 7 in $filter",
        ),
        (
            "$filter=name%20eq%20'abc",
            "unterminated string literal at position 8 in $filter",
        ),
        (
            "$filter=name%20eq%201%202",
            "unexpected '2' at position 10 in $filter",
        ),
        (
            "$filter=a%20eq%20%23",
            "unexpected character '#' at position 5 in $filter",
        ),
        (
            "$filter=geo.distance(a)",
            "function 'geo.distance' takes 2 argument(s), got 1",
        ),
        (
            "$filter=t%20gt%202026-13-01T00:00:00Z",
            "invalid date/time '2026-13-01T00:00:00Z'",
        ),
        (
            "$filter=st_within(a,geography'CIRCLE(1%202)')",
            "unsupported geometry type 'CIRCLE'",
        ),
        (
            "$orderby=name%20down",
            "unexpected 'down' at position 5 in $orderby",
        ),
        ("$select=name,,id", "invalid property name ''"),
        (
            "$expand=Datastreams($top=x)",
            "$top in $expand=Datastreams must be a non-negative integer",
        ),
        (
            "$expand=Datastreams($filter=a%20eq)",
            "in $filter in $expand=Datastreams",
        ),
        (
            "$expand=Datastreams($bogus=1)",
            "unknown query option '$bogus'",
        ),
        ("$expand=Datastreams($top=1", "missing ')'"),
        (
            "$expand=Data%20streams",
            "invalid navigation path 'Data streams'",
        ),
        ("$filter=a%ZZ", "invalid percent-encoding"),
        ("$filter=%FF", "not UTF-8"),
    ];
    for (q, want) in cases {
        let msg = err(q);
        assert!(msg.contains(want), "{q}: got {msg:?}, want {want:?}");
    }
}

#[test]
fn hostile_input_limits() {
    let long = format!("$filter=name eq '{}'", "x".repeat(4000));
    assert!(matches!(
        parse_query(&long),
        Err(QueryError::TooLong { .. })
    ));
    let ok = format!("$filter=name eq '{}'", "x".repeat(3980));
    assert!(parse_query(&ok).is_ok());

    let nest = |n: usize| format!("$filter={}a{}", "(".repeat(n), ")".repeat(n));
    assert!(parse_query(&nest(31)).is_ok());
    assert_eq!(err(&nest(33)), "$filter is nested deeper than 32 levels");
    let nots = format!("$filter={}a", "not ".repeat(40));
    assert!(matches!(
        parse_query(&nots),
        Err(QueryError::TooDeep { .. })
    ));
    let calls = format!("$filter={}a{}", "tolower(".repeat(40), ")".repeat(40));
    assert!(matches!(
        parse_query(&calls),
        Err(QueryError::TooDeep { .. })
    ));

    assert!(parse_query("$expand=A/B($expand=C/D)").is_ok());
    assert_eq!(
        err("$expand=A/B($expand=C/D($expand=E))"),
        "$expand is nested deeper than 4 levels"
    );
    assert_eq!(
        err("$expand=A/B/C/D/E"),
        "$expand is nested deeper than 4 levels"
    );
    assert!(matches!(
        parse_query(&"&".repeat(40_000)),
        Err(QueryError::TooLong { .. })
    ));
}

/// Random and mutated input must give `Ok` or `Err`, never a panic (a tiny fuzzer; no proptest dependency).
#[test]
fn never_panics_on_random_input() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet: Vec<char> =
        "$filter=expand()';,/ eqandornot-+%20%2712.5e:TZgeography'POINT(1 2)'@iot.id&清"
            .chars()
            .collect();
    let seeds = [
        format!("$filter=st_within(Locations/location,geography'{BOX}')&$expand={EXPAND_LATEST}"),
        "$filter=phenomenonTime ge 2026-11-21T00:00:00+08:00/2026-11-22T00:00:00Z&$orderby=geo.distance(a,b) desc".to_owned(),
    ];
    for round in 0..6000 {
        let text: String = match round % 3 {
            0 => (0..next() % 80)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect(),
            1 => {
                let bytes: Vec<u8> = (0..next() % 80).map(|_| next() as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            _ => {
                let mut chars: Vec<char> = seeds[round % 2].chars().collect();
                for _ in 0..1 + next() % 4 {
                    let at = (next() % chars.len() as u64) as usize;
                    if next() % 2 == 0 {
                        chars.remove(at);
                    } else {
                        chars.insert(at, alphabet[(next() % alphabet.len() as u64) as usize]);
                    }
                }
                chars.into_iter().collect()
            }
        };
        let _ = parse_query(&text);
    }
}
