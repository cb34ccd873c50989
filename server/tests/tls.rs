//! HTTPS (`QINGSHUI_TLS_CERT` + `QINGSHUI_TLS_KEY`): the real connection loop over TLS on loopback,
//! spoken to by a rustls client that trusts only a certificate made for the test. HTTP/2 is offered by
//! ALPN (one connection for a first visit's many files), HTTP/1.1 still works, and bad files stop the
//! start with an error that names the variable.
mod hardening_support;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::Request;
use hyper_util::rt::{TokioExecutor, TokioIo};
use qingshui_server::http::tls::{acceptor, TlsError, TlsFiles};
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::AsyncWriteExt;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

/// A self-signed certificate for 127.0.0.1 written as PEM files into `dir`.
fn files(dir: &Path) -> (TlsFiles, CertificateDer<'static>) {
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()])
        .expect("certificate");
    let files = TlsFiles {
        cert: dir.join("cert.pem"),
        key: dir.join("key.pem"),
    };
    std::fs::write(&files.cert, made.cert.pem()).unwrap();
    std::fs::write(&files.key, made.signing_key.serialize_pem()).unwrap();
    (files, made.cert.der().clone())
}

/// The whole app served over TLS on a free port; dropping the sender stops it.
async fn serve_tls(
    files: &TlsFiles,
) -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    hardening_support::Site,
) {
    let site = hardening_support::site(&[]).await;
    let tls = acceptor(files).expect("acceptor");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = site.app.clone();
    tokio::spawn(async move {
        qingshui_server::http::serve::serve(
            listener,
            app,
            Some(Duration::from_secs(5)),
            Some(tls),
            async {
                let _ = stopped.await;
            },
        )
        .await;
    });
    (addr, stop, site)
}

/// A TLS connection that trusts only `root` and offers `alpn`.
async fn connect(
    addr: SocketAddr,
    root: &CertificateDer<'static>,
    alpn: &[&[u8]],
) -> TlsStream<tokio::net::TcpStream> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(root.clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    TlsConnector::from(Arc::new(config))
        .connect(ServerName::try_from("127.0.0.1").unwrap(), tcp)
        .await
        .expect("TLS handshake")
}

/// `GET uri` over an HTTP/2 connection → (status, body).
async fn get_h2(stream: TlsStream<tokio::net::TcpStream>, uri: &str) -> (u16, Vec<u8>) {
    let (mut send, conn) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .expect("HTTP/2 handshake");
    tokio::spawn(conn);
    let req = Request::get(format!("https://127.0.0.1{uri}"))
        .body(Empty::<Bytes>::new())
        .unwrap();
    let resp = send.send_request(req).await.expect("answer");
    let status = resp.status().as_u16();
    (
        status,
        resp.into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
}

#[tokio::test]
async fn https_offers_http2_and_serves_the_api_and_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let (files, root) = files(dir.path());
    let (addr, _stop, _site) = serve_tls(&files).await;

    let stream = connect(addr, &root, &[b"h2", b"http/1.1"]).await;
    assert_eq!(
        stream.get_ref().1.alpn_protocol(),
        Some(&b"h2"[..]),
        "HTTP/2 chosen"
    );
    let (status, body) = get_h2(stream, "/v1.1").await;
    assert_eq!(status, 200);
    let root_doc: serde_json::Value = serde_json::from_slice(&body).expect("STA service root JSON");
    assert!(root_doc["value"].is_array(), "{root_doc}");

    // The app's page comes over the same protocol.
    let stream = connect(addr, &root, &[b"h2"]).await;
    let (status, body) = get_h2(stream, "/station/1").await;
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).starts_with("<!doctype html>"));
}

#[tokio::test]
async fn https_still_speaks_http1_to_a_client_without_http2() {
    let dir = tempfile::tempdir().unwrap();
    let (files, root) = files(dir.path());
    let (addr, _stop, _site) = serve_tls(&files).await;
    let stream = connect(addr, &root, &[b"http/1.1"]).await;
    assert_eq!(stream.get_ref().1.alpn_protocol(), Some(&b"http/1.1"[..]));
    let (mut send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(conn);
    let req = Request::get("/v1.1")
        .header("host", "127.0.0.1")
        .body(Empty::<Bytes>::new())
        .unwrap();
    assert_eq!(send.send_request(req).await.unwrap().status(), 200);
}

#[tokio::test]
async fn plain_http_on_the_https_port_is_dropped_and_tls_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let (files, root) = files(dir.path());
    let (addr, _stop, _site) = serve_tls(&files).await;
    let mut plain = tokio::net::TcpStream::connect(addr).await.unwrap();
    plain
        .write_all(b"GET /v1.1 HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut out = Vec::new();
    let read = tokio::time::timeout(
        Duration::from_secs(15),
        tokio::io::AsyncReadExt::read_to_end(&mut plain, &mut out),
    )
    .await
    .expect("the server closes the connection");
    assert!(
        read.is_err() || !out.starts_with(b"HTTP/1.1 200"),
        "no page over plain HTTP"
    );
    let (status, _) = get_h2(connect(addr, &root, &[b"h2"]).await, "/v1.1").await;
    assert_eq!(status, 200);
}

#[test]
fn bad_files_name_the_variable_and_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let (good, _) = files(dir.path());
    let other = tempfile::tempdir().unwrap();
    let (stranger, _) = files(other.path());
    let missing = dir.path().join("nope.pem");
    let cases = [
        (
            TlsFiles {
                cert: missing.clone(),
                key: good.key.clone(),
            },
            "QINGSHUI_TLS_CERT",
        ),
        (
            TlsFiles {
                cert: good.cert.clone(),
                key: missing,
            },
            "QINGSHUI_TLS_KEY",
        ),
        // A key where the certificate belongs, and the reverse: no block of the needed kind.
        (
            TlsFiles {
                cert: good.key.clone(),
                key: good.key.clone(),
            },
            "QINGSHUI_TLS_CERT",
        ),
        (
            TlsFiles {
                cert: good.cert.clone(),
                key: good.cert.clone(),
            },
            "QINGSHUI_TLS_KEY",
        ),
    ];
    for (files, var) in cases {
        match acceptor(&files) {
            Err(e @ TlsError::File { .. }) => {
                assert!(e.to_string().starts_with(var), "{files:?}: {e}")
            }
            other => panic!("{files:?}: expected a file error, got {:?}", other.err()),
        }
    }
    // A key of another certificate.
    let mismatched = TlsFiles {
        cert: good.cert,
        key: stranger.key,
    };
    assert!(matches!(acceptor(&mismatched), Err(TlsError::Rejected(_))));
}

/// The real binary refuses to start, naming the problem, when HTTPS is half configured or its files are bad,
/// and does so before it would generate a demo city (no database is created).
#[test]
fn the_server_does_not_start_on_a_bad_tls_setting() {
    let dir = tempfile::tempdir().unwrap();
    let (good, _) = files(dir.path());
    let db = dir.path().join("t.sqlite");
    let cert = good.cert.display().to_string();
    let cases: [(&[(&str, &str)], &str); 2] = [
        (&[("QINGSHUI_TLS_CERT", &cert)], "QINGSHUI_TLS_KEY"),
        (
            &[("QINGSHUI_TLS_CERT", &cert), ("QINGSHUI_TLS_KEY", &cert)],
            "QINGSHUI_TLS_KEY",
        ),
    ];
    for (env, var) in cases {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_qingshui-server"))
            .env_clear()
            .env("QINGSHUI_ADDR", "127.0.0.1:0")
            .env("QINGSHUI_DB", &db)
            .env("QINGSHUI_DEMO_STATIONS", "5")
            .envs(env.iter().copied())
            .output()
            .expect("run the server");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{env:?}: {stderr}");
        assert!(stderr.contains(var), "{env:?}: {stderr}");
        assert!(
            !db.exists(),
            "{env:?}: the database was created before the TLS check"
        );
    }
}
