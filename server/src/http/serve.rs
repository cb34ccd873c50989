//! The connection loop, instead of `axum::serve`: `axum::serve` gives hyper no timer, so hyper's header
//! read timeout is off there and a client that opens connections and never finishes its request head holds
//! them forever (slowloris). This loop sets the timeout, hands each request its peer address (for the rate
//! limits) and drains open connections on shutdown. With a TLS acceptor (`http::tls`) each connection
//! first completes its handshake, within [`tls::HANDSHAKE_TIMEOUT`].
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use super::tls;

/// How long open connections may take to finish after the shutdown signal.
pub const DRAIN: Duration = Duration::from_secs(30);

/// Serves `app` on `listener` (HTTP/1.1 and HTTP/2; over TLS when `tls` is given) until `shutdown`
/// resolves, then lets in-flight requests finish for up to [`DRAIN`]. `header_timeout` bounds the time to
/// receive a request head.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Option<Duration>,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    builder.http2().timer(TokioTimer::new());
    // Shared by the connections' tasks (each needs it for as long as its TLS handshake takes).
    let builder = std::sync::Arc::new(builder);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Usually out of file descriptors: wait instead of spinning on the error.
                    eprintln!("qingshui-server: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Small JSON answers should leave at once rather than wait for Nagle.
        let _ = stream.set_nodelay(true);
        let router = app.clone();
        let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            router.clone().oneshot(req)
        });
        let builder = std::sync::Arc::clone(&builder);
        let watcher = graceful.watcher();
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => serve_io(&builder, TokioIo::new(stream), service, watcher).await,
                Some(tls) => {
                    // A client that stalls or fails its handshake just loses the connection.
                    if let Ok(Ok(stream)) =
                        tokio::time::timeout(tls::HANDSHAKE_TIMEOUT, tls.accept(stream)).await
                    {
                        serve_io(&builder, TokioIo::new(stream), service, watcher).await;
                    }
                }
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        eprintln!(
            "qingshui-server: connections still open after {} s, closing them",
            DRAIN.as_secs()
        );
    }
}

/// Serves one connection (plain or TLS) to its end, watched by the graceful shutdown.
async fn serve_io<I, S>(builder: &Builder<TokioExecutor>, io: I, service: S, watcher: Watcher)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    S: hyper::service::Service<Request<Incoming>, Response = axum::response::Response>
        + Send
        + 'static,
    S::Future: Send + 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let conn = builder
        .serve_connection_with_upgrades(io, service)
        .into_owned();
    // Errors here are clients going away or timing out; nothing to do about them.
    let _ = watcher.watch(conn).await;
}
