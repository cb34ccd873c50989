//! One log line per request: method, path, status, duration. Never the query string (it can carry the
//! coarse position of a resident) and never headers (they can carry the write token).
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// Axum middleware that logs after the response is produced.
pub async fn log_request(req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let resp = next.run(req).await;
    eprintln!(
        "{method} {path} {} {:.1}ms",
        resp.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    resp
}
