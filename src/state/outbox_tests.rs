use super::*;

fn entry() -> OutboxEntry {
    let draft = Draft {
        service_code: "sewage".into(),
        idempotency_key: "k1".into(),
        ..Default::default()
    };
    OutboxEntry::new(
        draft,
        "zh-CN",
        vec![PhotoInfo {
            bytes: 200,
            width: 4,
            height: 3,
        }],
        1_000,
    )
}

fn http(status: u16) -> ApiError {
    ApiError::Http {
        status,
        message: format!("status {status}"),
    }
}

#[test]
fn classify_table() {
    let retry = |server| Verdict::Retry { server };
    let cases = [
        (ApiError::Offline, retry(false)),
        (ApiError::Network("reset".into()), retry(false)),
        (ApiError::Timeout, retry(false)),
        (http(500), retry(true)),
        (http(502), retry(true)),
        (http(503), retry(true)),
        (http(408), retry(true)),
        (http(429), retry(true)),
        (ApiError::Decode("eof".into()), retry(true)),
        (http(400), Verdict::Fix("status 400".into())),
        (http(403), Verdict::Fix("status 403".into())),
        (http(413), Verdict::Fix("status 413".into())),
        (http(415), Verdict::Fix("status 415".into())),
    ];
    for (e, want) in cases {
        assert_eq!(classify(&e), want, "{e:?}");
    }
}

#[test]
fn backoff_grows_to_a_ten_minute_cap() {
    let waits: Vec<i64> = (1..=6).map(backoff_ms).collect();
    assert_eq!(waits, [5_000, 30_000, 120_000, 600_000, 600_000, 600_000]);
    assert_eq!(backoff_ms(u32::MAX), 600_000);
}

#[test]
fn a_new_entry_is_due_at_once_and_keeps_its_key() {
    let e = entry();
    assert_eq!(e.key, "k1");
    assert!(e.is_due(1_000, false));
    assert_eq!(e.shown(1_000), Shown::Waiting);
    assert_eq!(e.photo_bytes(), 200);
    assert_eq!(OutboxEntry::parse(&e.to_json()), Some(e));
    assert_eq!(OutboxEntry::parse("{nope"), None);
}

#[test]
fn only_one_attempt_holds_the_claim_until_it_expires() {
    let mut e = entry();
    assert!(e.claim("a", 1_000));
    assert_eq!(e.shown(1_001), Shown::Sending);
    assert!(!e.claim("b", 1_001), "a second tab took a live claim");
    assert!(!e.is_due(1_001, true), "a claimed entry was due");
    // A tab closed mid-send: its claim lapses and another may send (same key, so no duplicate).
    assert!(e.claim("b", 1_000 + LOCK_MS));
    assert_eq!(e.lock_owner, "b");
}

#[test]
fn network_failures_retry_at_once_when_woken_server_failures_wait() {
    let mut e = entry();
    e.claim("a", 1_000);
    e.failed(&classify(&ApiError::Offline), 2_000);
    assert_eq!((e.attempts, e.next_ms), (1, 7_000));
    assert_eq!(e.lock_until_ms, 0, "the claim was not freed");
    assert!(!e.is_due(3_000, false));
    assert!(e.is_due(3_000, true), "coming online did not send at once");
    assert!(e.is_due(7_000, false));

    e.failed(&classify(&http(503)), 7_000);
    assert_eq!((e.attempts, e.next_ms), (2, 37_000));
    assert!(
        !e.is_due(8_000, true),
        "a struggling server was hit again on wake"
    );
    assert!(e.is_due(37_000, false));
}

#[test]
fn a_refusal_needs_the_resident_and_is_never_retried() {
    let mut e = entry();
    e.claim("a", 1_000);
    e.failed(&classify(&http(400)), 2_000);
    assert_eq!(e.status, Status::Attention);
    assert_eq!(e.refusal, "status 400");
    assert_eq!(e.shown(2_000), Shown::Attention);
    assert!(!e.is_due(10_000_000, true));
    assert!(!e.claim("a", 10_000_000));
}

#[test]
fn next_wake_is_the_earliest_waiting_entry() {
    let mut a = entry();
    a.next_ms = 50;
    let mut b = entry();
    b.next_ms = 20;
    b.status = Status::Attention;
    let mut c = entry();
    c.next_ms = 10;
    c.lock_until_ms = 40;
    assert_eq!(next_wake_ms(&[a.clone(), b.clone(), c]), Some(40));
    assert_eq!(next_wake_ms(&[b]), None);
    assert_eq!(next_wake_ms(&[a]), Some(50));
}

#[test]
fn the_timer_waits_for_the_due_time_a_second_at_least_and_a_minute_offline() {
    // (due at, now, online, wait)
    let cases = [
        (10_000, 4_000, true, 6_000),
        (4_500, 4_000, true, MIN_TIMER_MS),
        // Already due (a skewed clock, or a due entry while offline): never a busy loop.
        (1_000, 4_000, true, MIN_TIMER_MS),
        (1_000, 4_000, false, OFFLINE_TIMER_MS),
        (10_000, 4_000, false, OFFLINE_TIMER_MS),
        (700_000, 4_000, false, 696_000),
        (i64::MIN, i64::MAX, true, MIN_TIMER_MS),
    ];
    for (at, now, online, want) in cases {
        assert_eq!(timer_wait_ms(at, now, online), want, "{at} {now} {online}");
    }
}

#[test]
fn one_run_at_a_time_and_an_ask_meanwhile_goes_round_again() {
    // (asks while the first run is going, what `end` says each time until it stops)
    let cases: [(&[bool], &[Option<bool>]); 4] = [
        (&[], &[None]),
        (&[false], &[Some(false), None]),
        (&[false, true, false], &[Some(true), None]),
        (&[true], &[Some(true), None]),
    ];
    for (asks, ends) in cases {
        let mut f = Flushing::default();
        assert!(f.begin(false), "an idle sender starts");
        for &woken in asks {
            assert!(
                !f.begin(woken),
                "a running sender does not start twice: {asks:?}"
            );
        }
        for want in ends {
            assert_eq!(f.end(), *want, "{asks:?}");
        }
        assert!(f.begin(false), "stopped, it starts again: {asks:?}");
    }
}
