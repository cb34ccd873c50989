//! `qingshui-server`: reads the environment, opens (and if new, fills) the database, serves until stopped.
//! `qingshui-server report-status <id> <open|closed> [notes]` instead updates one Open311 report and exits.
use qingshui_server::{build_app, Config};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("serve") => {}
        Some("report-status") => {
            let done = Config::from_env()
                .map_err(Box::<dyn std::error::Error>::from)
                .and_then(|c| qingshui_server::open311::status::cli(&c.db_path, &args[1..]));
            match done {
                Ok(msg) => println!("{msg}"),
                Err(e) => {
                    eprintln!("qingshui-server: {e}");
                    std::process::exit(1);
                }
            }
            return;
        }
        Some(other) => {
            eprintln!(
                "qingshui-server: unknown command '{other}' (commands: serve, report-status)"
            );
            std::process::exit(2);
        }
    }
    if let Err(e) = run().await {
        eprintln!("qingshui-server: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    let addr = config.addr;
    let header_timeout = config.http.header_timeout;
    // Before the database: a wrong certificate path should not wait for a demo city to be generated.
    let tls = config
        .tls
        .as_ref()
        .map(qingshui_server::http::tls::acceptor)
        .transpose()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let app = build_app(config).await?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!("qingshui-server listening on {scheme}://{addr}");
    qingshui_server::http::serve::serve(listener, app, header_timeout, tls, shutdown()).await;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM so in-flight requests can finish.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    eprintln!("qingshui-server: shutting down");
}
