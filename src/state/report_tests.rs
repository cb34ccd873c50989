use super::*;

fn service(code: &str, name: &str, keywords: &str, group: &str) -> Service {
    Service {
        service_code: code.into(),
        service_name: name.into(),
        keywords: keywords.into(),
        group: group.into(),
        ..Default::default()
    }
}

fn depth_definition() -> ServiceDefinition {
    ServiceDefinition {
        service_code: "waterlogging".into(),
        attributes: vec![
            Attribute {
                code: "entering_buildings".into(),
                datatype: "singlevaluelist".into(),
                order: 2,
                values: vec![AttributeValue {
                    key: "yes".into(),
                    name: "是".into(),
                }],
                ..Default::default()
            },
            Attribute {
                code: "depth".into(),
                datatype: "singlevaluelist".into(),
                required: true,
                order: 1,
                values: ["ankle", "knee", "waist"]
                    .iter()
                    .map(|k| AttributeValue {
                        key: k.to_string(),
                        name: k.to_string(),
                    })
                    .collect(),
                ..Default::default()
            },
            Attribute {
                code: "outfalls".into(),
                datatype: "number".into(),
                order: 3,
                ..Default::default()
            },
        ],
    }
}

fn ready() -> Draft {
    Draft {
        service_code: "waterlogging".into(),
        attributes: [("depth".to_string(), "knee".to_string())]
            .into_iter()
            .collect(),
        here: Some((29.5, 106.5, Some(35.0))),
        ..Default::default()
    }
}

#[test]
fn grouping_keeps_server_order_and_searches_keywords() {
    let list = vec![
        service("sewage", "污水排放", "排污口,污水", "水体"),
        service("burst_pipe", "水管爆裂", "爆管,漏水", "供排水"),
        service("dead_fish", "死鱼", "鱼", "水体"),
    ];
    let all = grouped(&list, "");
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].0, "水体");
    assert_eq!(all[0].1.len(), 2);
    let found = grouped(&list, " 漏水 ");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1[0].service_code, "burst_pipe");
    assert!(grouped(&list, "nothing").is_empty());
    assert!(service("x", "Dead FISH", "", "").matches("fish"));
}

#[test]
fn emergencies_are_burst_pipe_and_waterlogging_only() {
    assert!(is_emergency("burst_pipe"));
    assert!(is_emergency("waterlogging"));
    assert!(!is_emergency("sewage"));
    assert!(!is_emergency(""));
}

#[test]
fn a_complete_draft_has_no_problems() {
    assert_eq!(validate(&ready(), Some(&depth_definition())), vec![]);
}

#[test]
fn validation_table() {
    type Edit = fn(&mut Draft);
    type Case = (&'static str, Edit, Vec<(Field, Problem)>);
    let cases: &[Case] = &[
        (
            "no category",
            |d| d.service_code.clear(),
            vec![(Field::Service, Problem::Required)],
        ),
        (
            "required attribute missing",
            |d| d.attributes.clear(),
            vec![(Field::Attribute("depth".into()), Problem::Required)],
        ),
        (
            "answer not offered",
            |d| {
                d.attributes.insert("depth".into(), "neck".into());
            },
            vec![(Field::Attribute("depth".into()), Problem::NotOffered)],
        ),
        (
            "number not a number",
            |d| {
                d.attributes.insert("outfalls".into(), "two".into());
            },
            vec![(Field::Attribute("outfalls".into()), Problem::BadNumber)],
        ),
        (
            "not located",
            |d| d.here = None,
            vec![(Field::Location, Problem::NoLocation)],
        ),
        (
            "address mode without address",
            |d| d.mode = WhereMode::Address,
            vec![(Field::Location, Problem::NoLocation)],
        ),
        (
            "station mode without station",
            |d| d.mode = WhereMode::Station,
            vec![(Field::Location, Problem::NoLocation)],
        ),
        (
            "4001 characters",
            |d| d.description = "水".repeat(MAX_DESCRIPTION + 1),
            vec![(Field::Description, Problem::TooLong)],
        ),
        (
            "4000 characters are fine",
            |d| d.description = "水".repeat(MAX_DESCRIPTION),
            vec![],
        ),
        (
            "contact ticked but empty",
            |d| d.contact = true,
            vec![(Field::Contact, Problem::NoContact)],
        ),
        (
            "bad email and phone",
            |d| {
                d.contact = true;
                d.email = "a@b".into();
                d.phone = "12ab".into();
            },
            vec![
                (Field::Email, Problem::BadEmail),
                (Field::Phone, Problem::BadPhone),
            ],
        ),
        (
            "good contact",
            |d| {
                d.contact = true;
                d.email = "li@example.cn".into();
                d.phone = "+86 (23) 6388-1234".into();
            },
            vec![],
        ),
        (
            "contact typed but unticked is ignored",
            |d| d.email = "garbage".into(),
            vec![],
        ),
    ];
    for (name, edit, want) in cases {
        let mut d = ready();
        edit(&mut d);
        assert_eq!(&validate(&d, Some(&depth_definition())), want, "{name}");
    }
}

#[test]
fn attributes_are_listed_in_order() {
    let def = depth_definition();
    let codes: Vec<&str> = def.ordered().iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["depth", "entering_buildings", "outfalls"]);
}

#[test]
fn draft_round_trips_and_survives_garbage() {
    let mut d = ready();
    d.description = "河面有油 & 臭味 100%".into();
    d.station = Some(("17".into(), 29.6, 106.6));
    d.idempotency_key = "k".into();
    assert_eq!(Draft::parse(&d.to_json()), d);
    assert_eq!(Draft::parse("not json"), Draft::default());
    // A draft from an older version, missing fields, still loads.
    let old = Draft::parse(r#"{"service_code":"sewage"}"#);
    assert_eq!(old.service_code, "sewage");
    assert_eq!(old.mode, WhereMode::Here);
}

#[test]
fn changing_category_drops_the_old_answers() {
    let mut d = ready();
    d.choose_service("waterlogging");
    assert_eq!(d.attributes.len(), 1);
    d.choose_service("sewage");
    assert!(d.attributes.is_empty());
}

#[test]
fn server_errors_point_at_fields() {
    let cases = [
        (
            "attribute[depth]: required",
            Some(Field::Attribute("depth".into())),
        ),
        ("lat: out of range", Some(Field::Location)),
        ("description: longer than 4000", Some(Field::Description)),
        ("service_code: unknown", Some(Field::Service)),
        ("email: not an address", Some(Field::Email)),
        ("api_key: missing", None),
    ];
    for (text, want) in cases {
        assert_eq!(Field::from_server(text), want, "{text}");
    }
    assert_eq!(
        Field::Attribute("depth".into()).error_id(),
        "report-attr-depth-error"
    );
}
