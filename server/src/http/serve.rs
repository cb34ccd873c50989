//! The connection loop, instead of `axum::serve`: `axum::serve` gives hyper no timer, so hyper's header
//! read timeout is off there and a client that opens connections and never finishes its request head holds
//! them forever (slowloris). This loop sets the timeout, hands each request its peer address (for the rate
//! limits) and drains open connections on shutdown.
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long open connections may take to finish after the shutdown signal.
pub const DRAIN: Duration = Duration::from_secs(30);

/// Serves `app` on `listener` (HTTP/1.1 and HTTP/2) until `shutdown` resolves, then lets in-flight
/// requests finish for up to [`DRAIN`]. `header_timeout` bounds the time to receive a request head.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Option<Duration>,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    builder.http2().timer(TokioTimer::new());
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
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // Errors here are clients going away or timing out; nothing to do about them.
            let _ = conn.await;
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
