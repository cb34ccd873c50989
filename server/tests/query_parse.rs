//! The query-option parser against OGC SensorThings API v1.1 §9.3 and the client requests of docs/contracts.md.

mod query_support;
use query_support::*;

/// `EXPAND_LATEST` of the contract, as the AST the SQL layer receives.
fn expand_latest(obs_top: u64, obs_filter: Option<Expr>) -> Vec<Expand> {
    let opts = |select: &[&str]| QueryOptions {
        select: names(select),
        ..Default::default()
    };
    vec![
        Expand {
            path: vec!["Locations".into()],
            options: opts(&["location"]),
        },
        Expand {
            path: vec!["Datastreams".into()],
            options: QueryOptions {
                select: names(&["@iot.id", "name", "unitOfMeasurement"]),
                expand: vec![
                    Expand {
                        path: vec!["ObservedProperty".into()],
                        options: opts(&["name", "definition"]),
                    },
                    Expand {
                        path: vec!["Observations".into()],
                        options: QueryOptions {
                            select: names(&["result", "phenomenonTime"]),
                            orderby: vec![OrderBy {
                                expr: p(&["phenomenonTime"]),
                                descending: true,
                            }],
                            top: Some(obs_top),
                            filter: obs_filter,
                            ..Default::default()
                        },
                    },
                ],
                ..Default::default()
            },
        },
    ]
}

#[test]
fn contract_nearby() {
    let q = format!(
        "$filter=st_within(Locations/location,geography'{BOX}')&$orderby=geo.distance(Locations/location,geography'POINT(106.55 29.56)')&$top=20&$select=@iot.id,name,properties&$expand={EXPAND_LATEST}"
    )
    .replace(' ', "%20")
    .replace('\'', "%27");
    let o = parse_query(&q).unwrap();
    let loc = p(&["Locations", "location"]);
    let want = QueryOptions {
        top: Some(20),
        select: names(&["@iot.id", "name", "properties"]),
        filter: Some(call(
            "st_within",
            vec![loc.clone(), Expr::Literal(Literal::Geometry(boxed()))],
        )),
        orderby: vec![OrderBy {
            expr: call(
                "geo.distance",
                vec![
                    loc,
                    Expr::Literal(Literal::Geometry(Geometry::Point(106.55, 29.56))),
                ],
            ),
            descending: false,
        }],
        expand: expand_latest(1, None),
        ..Default::default()
    };
    assert_eq!(o, want);
}

#[test]
fn contract_station_page() {
    let q = "?$select=@iot.id,name,description,properties&$expand=Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition),Observations($select=result,phenomenonTime;$orderby=phenomenonTime+desc;$top=100;$filter=phenomenonTime+ge+2026-11-21T08:00:00Z))";
    let o = parse_query(q).unwrap();
    let t = Expr::Literal(Literal::DateTime(1_795_248_000_000));
    let f = bin(BinaryOp::Ge, p(&["phenomenonTime"]), t);
    assert_eq!(
        o.select,
        names(&["@iot.id", "name", "description", "properties"])
    );
    assert_eq!(o.expand, expand_latest(100, Some(f)));
}

#[test]
fn contract_index_by_ids_and_search() {
    let o =
        parse_query("$select=@iot.id,name&$expand=Locations($select=location)&$top=1000").unwrap();
    assert_eq!(o.top, Some(1000));
    assert_eq!(o.expand[0].path, vec!["Locations".to_string()]);
    assert_eq!(o.expand[0].options.select, names(&["location"]));

    let q = format!("$filter=@iot.id%20eq%201%20or%20@iot.id%20eq%202%20or%20@iot.id%20eq%20'a'&$select=@iot.id,name,properties&$expand={EXPAND_LATEST}");
    let id = p(&["@iot.id"]);
    let eq = |v| bin(BinaryOp::Eq, id.clone(), v);
    let want = bin(
        BinaryOp::Or,
        bin(BinaryOp::Or, eq(int(1)), eq(int(2))),
        eq(s("a")),
    );
    let o = parse_query(&q).unwrap();
    assert_eq!(o.filter, Some(want));
    assert_eq!(o.expand, expand_latest(1, None));

    let q = format!("$filter=substringof(%27O%27%27Brien%27,name)%20or%20substringof(%27O%27%27Brien%27,properties/nameEn)&$top=20&$select=@iot.id,name,properties&$expand={EXPAND_LATEST}");
    let o = parse_query(&q).unwrap();
    let sub = |path| call("substringof", vec![s("O'Brien"), path]);
    let want = bin(
        BinaryOp::Or,
        sub(p(&["name"])),
        sub(p(&["properties", "nameEn"])),
    );
    assert_eq!(o.filter, Some(want));
}

/// The URLs core's builders really produce (what the client sends) parse too.
#[test]
fn core_url_builders_parse() {
    use qingshui_core::geo::LatLon;
    use qingshui_core::sta::{urls, IotId};
    let c = LatLon {
        lat: 29.563,
        lon: 106.5516,
    };
    let ids = [IotId::Num(1), IotId::Str("o'x".into())];
    for url in [
        urls::nearby("/v1.1", c, Some(10_000.0), 20),
        urls::nearby("/v1.1", c, None, 20),
        urls::station("/v1.1", &IotId::Num(17), 1_795_248_000_000),
        urls::index("/v1.1"),
        urls::by_ids("/v1.1", &ids),
        urls::search("/v1.1", "长江 'x'", 20),
    ] {
        let query = url.split_once('?').map_or("", |(_, q)| q);
        let o = parse_query(query).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert!(!o.expand.is_empty(), "{url}");
    }
}

#[test]
fn paging_select_and_orderby_options() {
    let o = parse_query("$top=5&$skip=10&$count=true&$select=id,name&$orderby=name,phenomenonTime%20desc,result%20asc&custom=1").unwrap();
    assert_eq!((o.top, o.skip, o.count), (Some(5), Some(10), Some(true)));
    assert_eq!(o.select, names(&["id", "name"]));
    let ob = |e, d| OrderBy {
        expr: e,
        descending: d,
    };
    assert_eq!(
        o.orderby,
        vec![
            ob(p(&["name"]), false),
            ob(p(&["phenomenonTime"]), true),
            ob(p(&["result"]), false)
        ]
    );
    assert_eq!(parse_query("$count=FALSE").unwrap().count, Some(false));
    assert_eq!(parse_query("$select=*").unwrap().select, None);
    assert_eq!(parse_query("").unwrap(), QueryOptions::default());
}

#[test]
fn expand_paths_and_nesting() {
    let o = parse_query("$expand=Datastreams/Observations($top=2;$expand=FeatureOfInterest),Thing")
        .unwrap();
    assert_eq!(o.expand.len(), 2);
    assert_eq!(
        o.expand[0].path,
        vec!["Datastreams".to_string(), "Observations".into()]
    );
    assert_eq!(o.expand[0].options.top, Some(2));
    assert_eq!(
        o.expand[0].options.expand[0].path,
        vec!["FeatureOfInterest".to_string()]
    );
    assert_eq!(o.expand[1].options, QueryOptions::default());
    // Quotes protect ';' ',' and parentheses inside nested filters.
    let o = parse_query("$expand=Datastreams($filter=name%20eq%20'a;b),(c';$top=1)").unwrap();
    let f = bin(BinaryOp::Eq, p(&["name"]), s("a;b),(c"));
    assert_eq!(o.expand[0].options.filter, Some(f));
    assert_eq!(o.expand[0].options.top, Some(1));
}
