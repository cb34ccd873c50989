//! Qingshui reference server: SensorThings API subset, static app and demo city over SQLite.
pub mod access_log;
pub mod config;
pub mod db;
pub mod demo;
pub mod encoding;
pub mod http;
pub mod open311;
pub mod page_hints;
pub mod sta;
pub mod static_files;

use axum::Router;

pub use config::Config;
use db::Db;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Bearer token that authorises writes; `None` disables them.
    pub write_token: Option<std::sync::Arc<str>>,
    /// Settings of the Open311 report endpoints.
    pub open311: open311::Settings,
    /// Rendered SensorThings read answers, valid until the next commit.
    pub answers: sta::cache::AnswerCache,
}

/// Errors starting the server.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Opening or preparing the database failed.
    #[error(transparent)]
    Db(#[from] db::DbError),
    /// Generating the demo city failed.
    #[error("demo generation failed: {0}")]
    Demo(#[from] demo::DemoError),
    /// Reading the client app directory failed.
    #[error("cannot read the client app: {0}")]
    Static(#[from] std::io::Error),
    /// Preparing the HTTP hardening layers failed.
    #[error(transparent)]
    Http(#[from] http::HttpError),
}

/// The API routes over `state` (no static files: see [`build_app`]).
pub fn app(state: AppState) -> Router {
    sta::router().merge(open311::router()).with_state(state)
}

/// Opens the database, generates the demo city if the database is new, and returns the state.
pub fn open_state(config: &Config) -> Result<AppState, StartError> {
    let db = Db::open(&config.db_path)?;
    if db.is_empty()? && config.demo_stations > 0 {
        let now = config.demo_now_ms.unwrap_or_else(now_ms);
        let started = std::time::Instant::now();
        let stats = db.with_writer(|w| demo::generate(w, config.demo_stations, now))?;
        db.create_indexes()?;
        db.checkpoint()?;
        eprintln!(
            "demo city: {} stations, {} observations generated in {:.1} s",
            stats.stations,
            stats.observations,
            started.elapsed().as_secs_f64()
        );
    }
    db.create_indexes()?;
    let open311 = open311::Settings::from_config(config);
    open311::prepare(&db, &open311)?;
    Ok(AppState {
        db,
        write_token: config.write_token.as_deref().map(std::sync::Arc::from),
        open311,
        answers: sta::cache::AnswerCache::open(&config.db_path),
    })
}

/// Builds the whole application: the API plus the client app from `QINGSHUI_DIST` as fallback, wrapped in
/// the hardening layers of [`http::harden`]. Call inside a Tokio runtime.
pub async fn build_app(config: Config) -> Result<Router, StartError> {
    let cfg = config.clone();
    let state = tokio::task::spawn_blocking(move || open_state(&cfg))
        .await
        .map_err(|e| StartError::Db(db::DbError::Join(e)))??;
    let statics = static_files::StaticFiles::load(&config.dist_dir)?.with_clock(config.demo_now_ms);
    let hashes = http::csp::InlineHashes::scan(&config.dist_dir)?;
    let routes = match &config.base_path {
        None => app(state).fallback_service(statics.router()),
        Some(base) => under_base(app(state), statics, base),
    };
    Ok(http::harden(routes, &config.http, &hashes)?
        .layer(axum::middleware::from_fn(access_log::log_request)))
}

/// The app served under `base` (`/water`): `/water` and `/water/…` are its files with the SPA
/// fallback, `/` redirects to `/water/`, other root paths are 404.
/// The APIs stay at the root, where `config.json`'s `/v1.1` and `/open311/v2` find them.
fn under_base(api: Router, statics: static_files::StaticFiles, base: &str) -> Router {
    let home = format!("{base}/");
    let to_home = move || async move { axum::response::Redirect::permanent(&home) };
    api.route("/", axum::routing::get(to_home))
        .nest_service(base, statics.router())
        .fallback(|| async { (axum::http::StatusCode::NOT_FOUND, "not found\n") })
}

/// The current time in ms since the epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
