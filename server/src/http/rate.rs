//! Per-client rate limits (GCRA, `governor`): Open311 report submissions per minute and SensorThings reads
//! per second, keyed by the peer address. The answer to a client over its quota is 429 with `Retry-After`.
//!
//! An IPv6 client is keyed by its /64, since one subscriber usually holds a whole /64 and could otherwise
//! rotate addresses to escape the limit. Behind a reverse proxy every client shares the proxy's address,
//! so there the proxy should limit instead (set both rates to 0).
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Weak};
use std::time::Duration;

use axum::extract::connect_info::{ConnectInfo, MockConnectInfo};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::errors::{error, Dialect};
use super::limits::UPLOAD_PATH;
use super::settings::HttpSettings;

/// The limiters; `None` = that limit is off.
pub struct RateLimits {
    reports: Option<DefaultKeyedRateLimiter<IpAddr>>,
    queries: Option<DefaultKeyedRateLimiter<IpAddr>>,
}

impl RateLimits {
    /// Limiters for `settings`: reports burst half a minute's quota, reads burst two seconds' worth, so a
    /// page's few requests and the station index's paging never wait.
    pub fn new(settings: &HttpSettings) -> Self {
        let reports = NonZeroU32::new(settings.reports_per_min).map(|rate| {
            let burst = NonZeroU32::new(rate.get().div_ceil(2)).unwrap_or(NonZeroU32::MIN);
            RateLimiter::keyed(Quota::per_minute(rate).allow_burst(burst))
        });
        let queries = NonZeroU32::new(settings.queries_per_sec).map(|rate| {
            let burst = NonZeroU32::new(rate.get().saturating_mul(2)).unwrap_or(rate);
            RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst))
        });
        Self { reports, queries }
    }

    /// Whether any limit is on.
    pub fn is_active(&self) -> bool {
        self.reports.is_some() || self.queries.is_some()
    }

    /// Forgets clients whose quota has fully recovered, so the tables do not grow with every address ever
    /// seen. Runs every minute until the limits are dropped.
    pub fn spawn_cleanup(this: &Arc<Self>) {
        let weak: Weak<Self> = Arc::downgrade(this);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            tick.tick().await;
            loop {
                tick.tick().await;
                let Some(limits) = weak.upgrade() else { break };
                for l in [&limits.reports, &limits.queries].into_iter().flatten() {
                    l.retain_recent();
                    l.shrink_to_fit();
                }
            }
        });
    }
}

/// The key of a peer: its IPv4 address, or the /64 of its IPv6 address.
pub fn client_key(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V4(_) => addr,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        },
    }
}

fn peer(req: &Request) -> Option<IpAddr> {
    let ext = req.extensions();
    ext.get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .or_else(|| ext.get::<MockConnectInfo<SocketAddr>>().map(|c| c.0.ip()))
}

/// Axum middleware applying the limits. A request without a known peer address (only in tests that do
/// not supply one) is not limited.
pub async fn limit(State(limits): State<Arc<RateLimits>>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let (limiter, what) = if req.method() == Method::POST && path == UPLOAD_PATH {
        (limits.reports.as_ref(), "reports")
    } else if matches!(*req.method(), Method::GET | Method::HEAD)
        && Dialect::of(path) == Dialect::Sta
    {
        (limits.queries.as_ref(), "requests")
    } else {
        (None, "")
    };
    let (Some(limiter), Some(ip)) = (limiter, peer(&req)) else {
        return next.run(req).await;
    };
    match limiter.check_key(&client_key(ip)) {
        Ok(()) => next.run(req).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            // Whole seconds, rounded up: retrying a little late is fine, too early is refused again.
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let secs = secs.max(1);
            let msg = format!("too many {what} from this address; try again in {secs} s");
            let mut resp = error(Dialect::of(path), StatusCode::TOO_MANY_REQUESTS, &msg);
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            resp
        }
    }
}
