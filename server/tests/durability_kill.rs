//! Durability of Open311 reports across a crash: the real server binary takes a burst of reports from
//! several connections, is killed with SIGKILL in the middle of it, and is started again on the same
//! database. Every report it acknowledged (201) must be there, with its own text; retrying the reports that
//! got no answer, with their `Idempotency-Key`, must give each exactly one report — the ones committed just
//! before the kill come back as replays, never as a second copy (docs/contracts.md, Open311: "Reports are
//! committed (`synchronous=FULL`) before the answer", "a repeat gets the original answer").
mod live_support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use live_support::{get, report_request, write_dist, Conn, Server};

/// Connections posting at once.
const THREADS: usize = 6;
/// Reports each connection tries to send.
const PER_THREAD: usize = 100;
/// The server is killed once this many reports were acknowledged (about a third of the burst).
const KILL_AFTER: usize = THREADS * PER_THREAD / 3;

const ENV: &[(&str, &str)] = &[
    ("QINGSHUI_RATE_REPORTS_PER_MIN", "0"),
    ("QINGSHUI_RATE_QUERIES_PER_SEC", "0"),
    ("QINGSHUI_DEMO_STATIONS", "0"),
];

fn key(thread: usize, i: usize) -> String {
    format!("dur-{thread}-{i}")
}

fn description(key: &str) -> String {
    format!("durability report {key}")
}

/// What the burst saw.
#[derive(Default)]
struct Burst {
    /// Idempotency key → acknowledged `service_request_id`.
    acked: BTreeMap<String, String>,
    /// Answers that were neither 201 nor a dropped connection, before the kill (must stay empty).
    refused: Vec<(String, u16, String)>,
}

/// One connection's share of the burst: posts its reports in order, reconnecting after a failure, and
/// stops when the server no longer accepts connections.
fn post_share(
    server: std::net::SocketAddr,
    thread: usize,
    burst: &Mutex<Burst>,
    acks: &AtomicUsize,
) {
    let mut conn = Conn::open(server).ok();
    for i in 0..PER_THREAD {
        let k = key(thread, i);
        let Some(c) = conn.as_mut() else { return };
        let answer = c
            .send(&report_request(&k, &description(&k)))
            .and_then(|()| c.reply(false));
        match answer {
            Ok(Some(r)) if r.status == 201 => {
                let id = r.json()[0]["service_request_id"]
                    .as_str()
                    .expect("201 carries service_request_id")
                    .to_string();
                burst.lock().unwrap().acked.insert(k, id);
                acks.fetch_add(1, Ordering::SeqCst);
            }
            Ok(Some(r)) => {
                let body = String::from_utf8_lossy(&r.body).into_owned();
                burst.lock().unwrap().refused.push((k, r.status, body));
            }
            // No answer: the server died under this request. Try a new connection for the next one.
            Ok(None) | Err(_) => conn = Conn::open(server).ok(),
        }
    }
}

/// `GET requests.json?service_request_id=…` for `ids` → id → description.
fn fetch(server: &Server, ids: &[&String]) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut conn = Conn::open(server.addr).expect("connect after restart");
    for chunk in ids.chunks(40) {
        let list: Vec<&str> = chunk.iter().map(|s| s.as_str()).collect();
        let target = format!(
            "/open311/v2/requests.json?service_request_id={}",
            list.join(",")
        );
        conn.send(&get(&target)).unwrap();
        let r = conn.reply(false).unwrap().expect("an answer");
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        for item in r.json().as_array().expect("an array") {
            found.insert(
                item["service_request_id"].as_str().unwrap().to_string(),
                item["description"].as_str().unwrap_or("").to_string(),
            );
        }
    }
    found
}

#[test]
fn no_acknowledged_report_is_lost_when_the_server_is_killed_mid_burst() {
    let dir = tempfile::tempdir().unwrap();
    write_dist(dir.path());
    let mut server = Server::start(dir.path(), ENV, "run1.log");
    let addr = server.addr;
    let burst = Arc::new(Mutex::new(Burst::default()));
    let acks = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (burst, acks) = (Arc::clone(&burst), Arc::clone(&acks));
            std::thread::spawn(move || post_share(addr, t, &burst, &acks))
        })
        .collect();
    while acks.load(Ordering::SeqCst) < KILL_AFTER {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "only {} reports acknowledged in 120 s:\n{}",
            acks.load(Ordering::SeqCst),
            server.log_text()
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let pid = server.pid();
    server.kill9();
    let acked_at_kill = acks.load(Ordering::SeqCst);
    for w in workers {
        w.join().unwrap();
    }
    let burst = Arc::try_unwrap(burst)
        .ok()
        .expect("workers done")
        .into_inner()
        .unwrap();
    assert!(
        burst.refused.is_empty(),
        "reports refused before the kill: {:?}",
        burst.refused
    );
    // Answers read after the kill signal was sent still count: they were acknowledged.
    let acked = burst.acked;
    assert!(acked.len() >= KILL_AFTER);
    assert!(
        acked.len() < THREADS * PER_THREAD,
        "the kill came after the burst ended; nothing was in flight"
    );

    let server = Server::start(dir.path(), ENV, "run2.log");
    let ids: Vec<&String> = acked.values().collect();
    let found = fetch(&server, &ids);
    let lost: Vec<(&String, &String)> = acked
        .iter()
        .filter(|(k, id)| found.get(*id) != Some(&description(k)))
        .collect();
    assert!(lost.is_empty(), "acknowledged reports lost: {lost:?}");

    // Retry everything that got no answer, with the same key: one report each, whatever happened to
    // the first attempt. Also repeat a few acknowledged ones: they must be replays of the original.
    let mut conn = Conn::open(server.addr).unwrap();
    let (mut replayed_unacked, mut created) = (0, 0);
    let mut all_ids = BTreeSet::new();
    for t in 0..THREADS {
        for i in 0..PER_THREAD {
            let k = key(t, i);
            let was_acked = acked.get(&k);
            if let Some(id) = was_acked.filter(|_| i % 10 != 0) {
                all_ids.insert(id.clone());
                continue;
            }
            conn.send(&report_request(&k, &description(&k))).unwrap();
            let r = conn.reply(false).unwrap().expect("an answer");
            assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
            let id = r.json()[0]["service_request_id"]
                .as_str()
                .unwrap()
                .to_string();
            let replay = r.header("idempotent-replayed") == Some("true");
            match was_acked {
                Some(original) => {
                    assert_eq!(&id, original, "{k}: a retry of an acknowledged report");
                    assert!(replay, "{k}: a retry must be marked as a replay");
                }
                None if replay => replayed_unacked += 1,
                None => created += 1,
            }
            assert!(
                all_ids.insert(id.clone()) || was_acked.is_some(),
                "{k}: id {id} reused"
            );
        }
    }
    assert_eq!(all_ids.len(), THREADS * PER_THREAD);

    // The database itself: exactly one row per report text, and nothing else.
    let db = rusqlite::Connection::open_with_flags(
        dir.path().join("t.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let (rows, distinct): (i64, i64) = db
        .query_row(
            "SELECT count(*), count(DISTINCT description) FROM open311_requests",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((rows, distinct), ((THREADS * PER_THREAD) as i64, rows));
    println!(
        "durability: burst of {} reports over {THREADS} connections; SIGKILL (pid {pid}) after {acked_at_kill} \
         acknowledged; {} acknowledged in all, lost 0; after restart {} un-answered retries replayed \
         (committed just before the kill), {created} created, duplicates 0; {:.1} s",
        THREADS * PER_THREAD,
        acked.len(),
        replayed_unacked,
        started.elapsed().as_secs_f64()
    );
}
