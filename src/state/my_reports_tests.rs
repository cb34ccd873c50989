use super::*;

fn kept(id: &str) -> KeptReport {
    KeptReport {
        id: id.into(),
        service_code: "sewage".into(),
        filed_ms: 1,
        followed: false,
        token: None,
    }
}

#[test]
fn kept_list_round_trips_and_tolerates_garbage() {
    let mut list = Vec::new();
    add_kept(&mut list, kept("1"));
    add_kept(&mut list, kept("2"));
    add_kept(&mut list, kept("1"));
    let ids: Vec<&str> = list.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(parse_kept(Some(&kept_json(&list))), list);
    assert!(parse_kept(Some("{not json")).is_empty());
    // Lists stored before `followed` existed still load.
    let old = r#"[{"id":"4","service_code":"sewage","filed_ms":2}]"#;
    assert!(!parse_kept(Some(old))[0].followed);
    assert!(parse_kept(None).is_empty());
}

#[test]
fn following_never_turns_an_own_report_into_a_followed_one() {
    let mut list = vec![kept("1")];
    follow(&mut list, "1", "sewage", 5);
    assert!(!list[0].followed);
    follow(&mut list, "2", "dead_fish", 5);
    assert_eq!(list[0].id, "2");
    assert!(list[0].followed);
    assert!(is_kept(&list, "2") && !is_kept(&list, "3"));
}

#[test]
fn kept_list_forgets_the_oldest() {
    let mut list = Vec::new();
    for i in 0..MAX_KEPT + 3 {
        add_kept(&mut list, kept(&i.to_string()));
    }
    assert_eq!(list.len(), MAX_KEPT);
    assert_eq!(list[0].id, (MAX_KEPT + 2).to_string());
    assert_eq!(list[MAX_KEPT - 1].id, "3");
}

#[test]
fn overdue_table() {
    let due = qingshui_core::time::parse("2026-11-28T08:00:00Z").unwrap();
    let cases = [
        ("open", Some("2026-11-28T08:00:00Z"), due + 1, true),
        ("open", Some("2026-11-28T16:00:00+08:00"), due + 1, true),
        ("open", Some("2026-11-28T08:00:00Z"), due, false),
        ("open", Some("2026-11-28T08:00:00Z"), due - 60_000, false),
        ("closed", Some("2026-11-28T08:00:00Z"), due + 1, false),
        ("open", None, due + 1, false),
        ("open", Some("garbage"), due + 1, false),
    ];
    for (status, expected, now, want) in cases {
        let r = ServiceRequest {
            status: status.into(),
            expected_datetime: expected.map(str::to_string),
            ..Default::default()
        };
        assert_eq!(r.overdue(now), want, "{status} {expected:?} {now}");
    }
}

#[test]
fn server_answer_decodes_with_nulls() {
    let json = r#"[{"service_request_id":"7","status":"open","status_notes":null,
        "service_name":"污水排放","service_code":"sewage","requested_datetime":"2026-11-28T08:00:00Z",
        "expected_datetime":"2026-11-29T08:00:00Z","address":null,"lat":29.5,"long":106.5}]"#;
    let list: Vec<ServiceRequest> = json::read(json).unwrap();
    assert_eq!(list[0].service_request_id, "7");
    assert_eq!(
        list[0].due_ms().unwrap() - list[0].filed_ms().unwrap(),
        86_400_000
    );
    assert_eq!(fallback_due_ms(0, 24.0), 86_400_000);
}

/// GeoReport v2 servers differ: numeric ids, coordinates as text, odd shapes. One odd member leaves
/// that member empty; the report is still shown.
#[test]
fn server_answers_are_read_leniently_member_by_member() {
    let read = |member: &str| -> ServiceRequest {
        let text = format!(r#"[{{"service_code":"sewage",{member}}}]"#);
        json::read::<Vec<ServiceRequest>>(&text).unwrap().remove(0)
    };
    assert_eq!(read(r#""service_request_id":7"#).service_request_id, "7");
    assert_eq!(
        read(r#""service_request_id":"a-7""#).service_request_id,
        "a-7"
    );
    assert_eq!(read(r#""service_request_id":null"#).service_request_id, "");
    let cases: &[(&str, Option<f64>)] = &[
        (r#""lat":29.5"#, Some(29.5)),
        (r#""lat":"29.56301""#, Some(29.56301)),
        (r#""lat":" 29.5 ""#, Some(29.5)),
        (r#""lat":"north""#, None),
        (r#""lat":[29.5]"#, None),
        (r#""lat":null"#, None),
        (r#""lat":true"#, None),
    ];
    for (member, want) in cases {
        assert_eq!(read(member).lat, *want, "{member}");
    }
    let notes = read(r#""status_notes":{"zh":"已处理"},"status":"closed","address":"朝天门""#);
    assert_eq!(notes.status_notes, None);
    assert_eq!(notes.status, "closed");
    assert_eq!(notes.address.as_deref(), Some("朝天门"));
    assert_eq!(read(r#""service_code":12"#).service_code, "12");
    // Not a list of objects: an error the page shows, not a silently empty page.
    assert!(json::read::<Vec<ServiceRequest>>(r#"{"service_request_id":"7"}"#).is_err());
    assert!(json::read::<Vec<ServiceRequest>>(r#"["7"]"#).is_err());
}

#[test]
fn kept_entries_need_their_category_and_time() {
    let cases = [
        (r#"[{"id":"4","service_code":"sewage","filed_ms":2}]"#, 1),
        (r#"[{"service_code":"sewage","filed_ms":2,"token":"t"}]"#, 1),
        (r#"[{"id":"4","filed_ms":2}]"#, 0),
        (r#"[{"id":"4","service_code":"sewage"}]"#, 0),
        (r#"[{"id":"4","service_code":"sewage","filed_ms":"2"}]"#, 0),
        (
            r#"[{"id":"4","service_code":"sewage","filed_ms":2,"followed":"yes"}]"#,
            0,
        ),
    ];
    for (text, n) in cases {
        assert_eq!(parse_kept(Some(text)).len(), n, "{text}");
    }
    let token = parse_kept(Some(cases[1].0)).remove(0);
    assert_eq!((token.id.as_str(), token.pending()), ("", Some("t")));
}

#[test]
fn only_web_photos_and_valid_positions_are_used() {
    let cases = [
        (Some("http://127.0.0.1:8080/open311/v2/media/a.jpg"), true),
        (Some("https://city.example/p.png"), true),
        (Some("/open311/v2/media/b.webp"), true),
        (Some("javascript:alert(1)"), false),
        (Some("data:image/png;base64,AAAA"), false),
        (None, false),
    ];
    for (url, shown) in cases {
        let r = ServiceRequest {
            media_url: url.map(str::to_string),
            ..Default::default()
        };
        assert_eq!(r.photo().is_some(), shown, "{url:?}");
    }
    let at = |lat, long| ServiceRequest {
        lat,
        long,
        ..Default::default()
    };
    assert!(at(Some(29.5), Some(106.5)).position().is_some());
    assert!(at(Some(95.0), Some(106.5)).position().is_none());
    assert!(at(None, Some(106.5)).position().is_none());
}

#[test]
fn requests_url_lists_ids_and_drops_unsafe_characters() {
    assert_eq!(
        requests_url("/open311/v2", &["7", "12", "9&x=1"], "en"),
        "/open311/v2/requests.json?service_request_id=7,12,9x1&locale=en"
    );
}
