//! Shared helpers of the tests that run the REAL server binary over loopback (durability, hostile
//! requests): start/stop/kill the process on a temp database, and a minimal hand-written HTTP/1.1 client
//! on `std::net::TcpStream`, so the bytes on the wire are exactly what the test wrote — malformed ones too.
#![allow(dead_code)]

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server binary Cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_qingshui-server");

/// A running server process. Dropping it kills the process (SIGKILL) and reaps it.
pub struct Server {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its stderr (access log, panics).
    pub log: PathBuf,
}

/// A loopback port that was free a moment ago (the server binds it right after).
fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    l.local_addr().unwrap().port()
}

/// Environment every test server gets unless `env` overrides it: the database and `dist/` in `dir`,
/// an empty city and a pinned clock.
fn defaults(dir: &Path) -> Vec<(String, String)> {
    [
        ("QINGSHUI_DB", dir.join("t.sqlite").display().to_string()),
        ("QINGSHUI_DIST", dir.join("dist").display().to_string()),
        ("QINGSHUI_DEMO_STATIONS", "0".into()),
        ("QINGSHUI_DEMO_NOW", "2026-11-28T08:00:00Z".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

impl Server {
    /// Starts the binary on a free loopback port with its files in `dir` and `env` on top of the
    /// defaults; returns once it answers HTTP (panics with its log if it exits or takes over 120 s).
    /// `log_name` is the stderr file inside `dir`, so restarts keep the earlier logs.
    pub fn start(dir: &Path, env: &[(&str, &str)], log_name: &str) -> Server {
        let port = free_port();
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let log = dir.join(log_name);
        let err = std::fs::File::create(&log).expect("log file");
        let mut cmd = Command::new(BIN);
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("QINGSHUI_ADDR", addr.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(err);
        for (k, v) in defaults(dir) {
            cmd.env(k, v);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start the server binary");
        let mut server = Server { child, addr, log };
        server.wait_ready(Duration::from_secs(120));
        server
    }

    fn wait_ready(&mut self, limit: Duration) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                panic!(
                    "server exited with {status} before answering:\n{}",
                    self.log_text()
                );
            }
            let probe = Conn::open(self.addr).and_then(|mut c| {
                c.send(&get("/open311/v2/services.json"))?;
                c.reply(false)
            });
            if let Ok(Some(r)) = probe {
                if r.status == 200 {
                    return;
                }
            }
            assert!(
                started.elapsed() < limit,
                "server not ready after {limit:?}:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process is still running.
    pub fn is_alive(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }

    /// `kill -9`: `Child::kill` sends SIGKILL on Unix, so the server gets no chance to flush or finish
    /// anything; then reaps it.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Everything the server wrote to stderr so far.
    pub fn log_text(&self) -> String {
        String::from_utf8_lossy(&std::fs::read(&self.log).unwrap_or_default()).into_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// A `dist/` in `dir` with an `index.html` and one hashed script, as `scripts/build.sh` leaves it.
pub fn write_dist(dir: &Path) {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><html><head><script type=\"module\">import init from '/qingshui-0123abcd.js'; \
         init();</script></head><body>QINGSHUI-INDEX</body></html>",
    )
    .unwrap();
    std::fs::write(
        dist.join("qingshui-0123abcd.js"),
        "export default function init() {}\n",
    )
    .unwrap();
}

/// One answer.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Header names lower-cased, in order.
    pub headers: Vec<(String, String)>,
    /// The body (de-chunked).
    pub body: Vec<u8>,
}

impl Reply {
    /// A header's value, if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// Whether the server will close the connection after this answer.
    pub fn closes(&self) -> bool {
        self.header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"))
    }
}

/// One keep-alive connection.
pub struct Conn {
    reader: BufReader<TcpStream>,
}

/// The largest answer head or body the client accepts (a guard against a runaway answer).
const MAX_READ: usize = 64 * 1024 * 1024;

fn bad_data(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

impl Conn {
    /// Connects with 30 s read and write timeouts.
    pub fn open(addr: SocketAddr) -> io::Result<Conn> {
        let s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        s.set_write_timeout(Some(Duration::from_secs(30)))?;
        s.set_nodelay(true)?;
        Ok(Conn {
            reader: BufReader::with_capacity(64 * 1024, s),
        })
    }

    /// Writes raw bytes.
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.reader.get_mut().write_all(bytes)
    }

    /// Half-closes the connection (no more requests), as a client that gives up mid-request does.
    pub fn finish_sending(&mut self) -> io::Result<()> {
        self.reader.get_mut().shutdown(std::net::Shutdown::Write)
    }

    /// Reads one final answer (1xx answers are skipped). `Ok(None)` = the server closed the connection
    /// before sending anything. `head` = the request was HEAD (no body follows).
    pub fn reply(&mut self, head: bool) -> io::Result<Option<Reply>> {
        loop {
            let mut line = String::new();
            if read_line(&mut self.reader, &mut line)? == 0 {
                return Ok(None);
            }
            let status: u16 = line
                .split(' ')
                .nth(1)
                .and_then(|s| s.trim().parse().ok())
                .filter(|_| line.starts_with("HTTP/1."))
                .ok_or_else(|| bad_data(format!("bad status line {line:?}")))?;
            let mut headers = Vec::new();
            loop {
                let mut h = String::new();
                if read_line(&mut self.reader, &mut h)? == 0 {
                    return Err(bad_data("connection closed inside the answer head"));
                }
                let h = h.trim_end();
                if h.is_empty() {
                    break;
                }
                let (k, v) = h.split_once(':').ok_or_else(|| bad_data("bad header"))?;
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
            if (100..200).contains(&status) {
                continue;
            }
            let mut reply = Reply {
                status,
                headers,
                body: Vec::new(),
            };
            if head || status == 204 || status == 304 {
                return Ok(Some(reply));
            }
            if reply
                .header("transfer-encoding")
                .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
            {
                reply.body = self.read_chunked()?;
            } else if let Some(n) = reply.header("content-length") {
                let n: usize = n.parse().map_err(|_| bad_data("bad content-length"))?;
                if n > MAX_READ {
                    return Err(bad_data("answer too large"));
                }
                let mut body = vec![0; n];
                self.reader.read_exact(&mut body)?;
                reply.body = body;
            } else {
                // No length: the body runs to the end of the connection.
                (&mut self.reader)
                    .take(MAX_READ as u64)
                    .read_to_end(&mut reply.body)?;
            }
            return Ok(Some(reply));
        }
    }

    fn read_chunked(&mut self) -> io::Result<Vec<u8>> {
        let mut body = Vec::new();
        loop {
            let mut size = String::new();
            read_line(&mut self.reader, &mut size)?;
            let hex = size.trim().split(';').next().unwrap_or("");
            let n = usize::from_str_radix(hex, 16).map_err(|_| bad_data("bad chunk size"))?;
            if n == 0 {
                let mut trailer = String::new();
                while read_line(&mut self.reader, &mut trailer)? > 2 {
                    trailer.clear();
                }
                return Ok(body);
            }
            if body.len() + n > MAX_READ {
                return Err(bad_data("answer too large"));
            }
            let start = body.len();
            body.resize(start + n, 0);
            self.reader.read_exact(&mut body[start..])?;
            let mut crlf = [0u8; 2];
            self.reader.read_exact(&mut crlf)?;
        }
    }
}

/// Reads a line of the answer head as text (lossy: a server could send any bytes).
fn read_line(r: &mut BufReader<TcpStream>, out: &mut String) -> io::Result<usize> {
    let mut bytes = Vec::new();
    let n = r.by_ref().take(64 * 1024).read_until(b'\n', &mut bytes)?;
    out.push_str(&String::from_utf8_lossy(&bytes));
    Ok(n)
}

/// A `GET` of `target` (keep-alive).
pub fn get(target: &str) -> Vec<u8> {
    request("GET", target, &[], b"")
}

/// An HTTP/1.1 request with a `Host`, the extra `headers`, and a `Content-Length` when `body` is not empty.
pub fn request(method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n").into_bytes();
    for (k, v) in headers {
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    if !body.is_empty() {
        out.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

/// A url-encoded Open311 report whose description is `description`.
pub fn report_form(description: &str) -> Vec<u8> {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("service_code", "other"),
            ("address_string", "朝天门码头"),
            ("description", description),
        ])
        .finish()
        .into_bytes()
}

/// `POST requests.json` with the report form and an `Idempotency-Key`.
pub fn report_request(key: &str, description: &str) -> Vec<u8> {
    request(
        "POST",
        "/open311/v2/requests.json",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Idempotency-Key", key),
        ],
        &report_form(description),
    )
}
