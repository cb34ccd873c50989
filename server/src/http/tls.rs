//! HTTPS for the embedded server (`QINGSHUI_TLS_CERT` + `QINGSHUI_TLS_KEY`). A phone only gives its
//! position, and a browser only runs the service worker, on a secure page, so a city that serves the app
//! straight from this server (no CDN or proxy in front) needs it. It also brings HTTP/2 (offered by ALPN):
//! a first visit fetches the page, its code, the lazy page chunks and the data over one connection instead of
//! queueing them on six, which on a slow network is a round trip per queued request.
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

/// The certificate chain and private key files, both PEM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// `QINGSHUI_TLS_CERT`: the server's certificate first, then its intermediates.
    pub cert: PathBuf,
    /// `QINGSHUI_TLS_KEY`: the private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

/// Why HTTPS could not be set up; the server does not start without it.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// A file cannot be read or holds no PEM block of the kind needed.
    #[error("{var} ({path}): {reason}")]
    File {
        /// The variable that named the file.
        var: &'static str,
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// rustls refused the pair (e.g. the key does not belong to the certificate).
    #[error("QINGSHUI_TLS_CERT and QINGSHUI_TLS_KEY do not make a usable pair: {0}")]
    Rejected(#[from] rustls::Error),
}

/// How long a client may take over its TLS handshake before the connection is dropped (the header read
/// timeout only starts after it).
pub const HANDSHAKE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Reads the files and builds the acceptor: TLS 1.2 and 1.3, HTTP/2 preferred over HTTP/1.1.
pub fn acceptor(files: &TlsFiles) -> Result<TlsAcceptor, TlsError> {
    let certs = read_certs(&files.cert)?;
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .map_err(|e| file_error("QINGSHUI_TLS_KEY", &files.key, e))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

fn read_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|iter| iter.collect::<Result<Vec<_>, _>>())
        .map_err(|e| file_error("QINGSHUI_TLS_CERT", path, e))?;
    if certs.is_empty() {
        return Err(TlsError::File {
            var: "QINGSHUI_TLS_CERT",
            path: path.to_path_buf(),
            reason: "no CERTIFICATE block in the file".into(),
        });
    }
    Ok(certs)
}

fn file_error(var: &'static str, path: &Path, e: rustls::pki_types::pem::Error) -> TlsError {
    use rustls::pki_types::pem::Error;
    let reason = match e {
        Error::NoItemsFound => "no PEM block of the expected kind in the file".to_string(),
        Error::Io(io) => io.to_string(),
        other => format!("not a readable PEM file ({other})"),
    };
    TlsError::File {
        var,
        path: path.to_path_buf(),
        reason,
    }
}
