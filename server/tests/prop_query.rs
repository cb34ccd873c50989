//! Properties of the SensorThings query parser (`parse_query`, STA v1.1 §9.3): every well-formed query
//! the grammar allows parses, and reads back to the same tree when printed again; whole query strings keep
//! every option's value; and no input at all — arbitrary text, broken escapes, absurd nesting — panics or
//! overflows the stack: it parses or is refused with an error that says where.
mod prop_support;

use prop_support::gen::{filter, orderby, print, select};
use prop_support::{config, enc_query_value as enc};
use proptest::prelude::*;
use qingshui_server::sta::query::{parse_query, QueryError, MAX_DEPTH, MAX_EXPR_LEN};

/// Parses `$filter=<value>` (encoded as a client would) and returns the tree.
fn parse_filter(value: &str) -> Result<qingshui_server::sta::query::ast::Expr, QueryError> {
    let opts = parse_query(&format!("$filter={}", enc(value)))?;
    Ok(opts.filter.expect("a $filter was given"))
}

/// An error of a value must point inside it (or just past its end).
fn check_position(e: &QueryError, value: &str) -> Result<(), TestCaseError> {
    prop_assert!(!e.to_string().is_empty());
    if let QueryError::Syntax { position, .. } = e {
        prop_assert!(
            *position <= value.chars().count(),
            "position {position} outside {value:?}: {e}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn well_formed_filters_parse_and_round_trip(f in filter()) {
        let tree = parse_filter(&f).map_err(|e| TestCaseError::fail(format!("{f}: {e}")))?;
        let printed = print(&tree);
        let again = parse_filter(&printed)
            .map_err(|e| TestCaseError::fail(format!("reprint {printed}: {e}")))?;
        prop_assert_eq!(&again, &tree, "{} reprinted as {}", f, printed);
        prop_assert_eq!(print(&again), printed);
    }

    #[test]
    fn spaces_may_come_as_plus_signs(f in filter()) {
        // Browsers' form encoding (URLSearchParams) sends a space as '+'.
        let plus = format!("$filter={}", enc(&f).replace("%20", "+"));
        prop_assert_eq!(parse_query(&plus).map(|o| o.filter), parse_filter(&f).map(Some));
    }

    #[test]
    fn whole_queries_keep_every_option(
        f in proptest::option::of(filter()),
        o in proptest::option::of(orderby()),
        sel in proptest::option::of(select()),
        top in proptest::option::of(0u64..100_000),
        skip in proptest::option::of(0u64..1_000_000),
        count in proptest::option::of(any::<bool>()),
        nested in proptest::option::of((filter(), 1u64..100)),
        custom in "[a-z]{1,8}",
        seed in any::<u64>(),
    ) {
        let mut parts = vec![format!("{custom}=ignored%20value")];
        if let Some(f) = &f { parts.push(format!("$filter={}", enc(f))); }
        if let Some(o) = &o { parts.push(format!("$orderby={}", enc(o))); }
        if let Some(s) = &sel { parts.push(format!("$select={}", s.join(","))); }
        if let Some(t) = top { parts.push(format!("$TOP={t}")); }
        if let Some(s) = skip { parts.push(format!("$skip={s}")); }
        if let Some(c) = count { parts.push(format!("$count={c}")); }
        if let Some((nf, nt)) = &nested {
            parts.push(format!(
                "$expand=Locations($select=location),Datastreams($top={nt};$filter={};$expand=Observations($orderby=phenomenonTime%20desc;$top=1))",
                enc(nf)
            ));
        }
        // Option order does not matter (OData 4 §5.1).
        let n = parts.len();
        parts.rotate_left((seed % n as u64) as usize);
        let q = parse_query(&format!("?{}", parts.join("&")))
            .map_err(|e| TestCaseError::fail(format!("{}: {e}", parts.join("&"))))?;
        prop_assert_eq!(q.top, top);
        prop_assert_eq!(q.skip, skip);
        prop_assert_eq!(q.count, count);
        prop_assert_eq!(q.select, sel);
        prop_assert_eq!(q.filter.is_some(), f.is_some());
        prop_assert_eq!(q.orderby.is_empty(), o.is_none());
        match &nested {
            None => prop_assert!(q.expand.is_empty()),
            Some((_, nt)) => {
                prop_assert_eq!(q.expand.len(), 2);
                prop_assert_eq!(&q.expand[1].path, &vec!["Datastreams".to_owned()]);
                prop_assert_eq!(q.expand[1].options.top, Some(*nt));
                prop_assert!(q.expand[1].options.filter.is_some());
                prop_assert_eq!(q.expand[1].options.expand[0].options.top, Some(1));
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        // As a raw query string (broken escapes included) …
        if let Err(e) = parse_query(&s) { prop_assert!(!e.to_string().is_empty()); }
        // … and decoded to exactly `s` inside each expression option.
        for option in ["$filter", "$orderby", "$expand", "$select", "$top"] {
            if let Err(e) = parse_query(&format!("{option}={}", enc(&s))) {
                check_position(&e, s.trim())?;
            }
        }
    }

    #[test]
    fn token_soup_parses_consistently_or_is_refused(
        toks in proptest::collection::vec(
            prop_oneof![
                Just("name"), Just("properties/nameEn"), Just("eq"), Just("and"), Just("or"),
                Just("not"), Just("add"), Just("mul"), Just("("), Just(")"), Just(","),
                Just("/"), Just("-"), Just("'x''y'"), Just("1"), Just("2.5e3"),
                Just("99999999999999999999"), Just("2026-11-28T08:00:00Z"), Just("null"),
                Just("substringof"), Just("geo.distance"), Just("geography'POINT(1 2)'"),
                Just("st_within"), Just("tolower"), Just("length"), Just("'"), Just("%"),
                Just("清水"), Just("$it"), Just("1e999"), Just("0.5m"), Just("12L"),
            ],
            0..24,
        ),
        glue in prop_oneof![Just(" "), Just("")],
    ) {
        let text = toks.join(glue);
        match parse_filter(&text) {
            Ok(tree) => {
                let printed = print(&tree);
                // A parsed tree prints back to text that parses to the same tree.
                if !printed.contains("inf") && !printed.contains("NaN") {
                    let again = parse_filter(&printed)
                        .map_err(|e| TestCaseError::fail(format!("{text} → {printed}: {e}")))?;
                    prop_assert_eq!(again, tree);
                }
            }
            Err(e) => check_position(&e, text.trim())?,
        }
    }

    #[test]
    fn nesting_is_bounded_without_overflowing_the_stack(
        n in 0usize..5000,
        wrap in prop_oneof![
            Just(("(", ")", 1)), Just(("not (", ")", 2)), Just(("-", "", 1)),
            Just(("tolower(", ")", 1)), Just(("not ", "", 1)), Just(("((", "))", 2)),
        ],
    ) {
        let (open, close, levels_each) = wrap;
        let text = format!("{}name{} eq 'a'", open.repeat(n), close.repeat(n));
        let fits = n * levels_each <= MAX_DEPTH && text.chars().count() <= MAX_EXPR_LEN;
        match parse_query(&format!("$filter={}", enc(&text))) {
            Ok(_) => prop_assert!(fits, "{n} levels of {open:?} accepted"),
            Err(e) => {
                prop_assert!(!fits, "{n} levels of {open:?} refused: {e}");
                prop_assert!(
                    matches!(e, QueryError::TooDeep { .. } | QueryError::TooLong { .. }),
                    "{e}"
                );
            }
        }
    }

    #[test]
    fn expand_nesting_is_bounded(n in 0usize..400) {
        let mut text = "Observations".to_owned();
        for _ in 0..n {
            text = format!("Datastreams($expand={text})");
        }
        match parse_query(&format!("$expand={}", enc(&text))) {
            Ok(q) => prop_assert!(n < qingshui_server::sta::query::MAX_EXPAND_DEPTH, "{n} levels accepted: {q:?}"),
            Err(e) => {
                prop_assert!(n >= qingshui_server::sta::query::MAX_EXPAND_DEPTH, "{n} levels refused: {e}");
                prop_assert!(matches!(e, QueryError::ExpandTooDeep(_)), "{e}");
            }
        }
    }
}
