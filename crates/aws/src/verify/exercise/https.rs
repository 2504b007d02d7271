//! `--exercise https`: a real TLS handshake and request to the stack's
//! domain, as a browser would make them: the chain must lead to a trusted
//! root, the certificate must name the host, the protocol must be TLS 1.2 or
//! later, and plain HTTP must redirect to HTTPS on the same host.
//!
//! Blocking std sockets with timeouts: two short connections, no runtime
//! needed (the caller runs it on a blocking thread).

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};

use crate::verify::Status;

const TIMEOUT: Duration = Duration::from_secs(10);

/// Where to connect and whom to trust.
#[derive(Debug, Clone, Default)]
pub struct HttpsProbe {
    /// The host name the certificate must carry (SNI and `Host`).
    pub domain: String,
    /// `host:port` to connect to for HTTPS instead of `domain:443` (tests, or
    /// a load balancer not yet in DNS).
    pub https_addr: Option<String>,
    /// The same for plain HTTP instead of `domain:80`.
    pub http_addr: Option<String>,
    /// Extra trusted roots (DER), beside the platform's.
    pub extra_roots: Vec<Vec<u8>>,
}

/// PASS when the handshake, the request and the redirect all hold.
pub fn probe(p: &HttpsProbe) -> (Status, Vec<String>) {
    let mut evidence = Vec::new();
    let mut ok = true;
    match https_get(p) {
        Ok((version, status, took)) => {
            evidence.push(format!(
                "https://{}/: {version} handshake verified (chain to a trusted root, certificate names {}), answered {status} in {} ms",
                p.domain,
                p.domain,
                took.as_millis()
            ));
        }
        Err(e) => {
            ok = false;
            evidence.push(format!("https://{}/: {e}", p.domain));
        }
    }
    match http_redirect(p) {
        Ok(location) => evidence.push(format!("http://{}/ redirects to {location}", p.domain)),
        Err(e) => {
            ok = false;
            evidence.push(format!("http://{}/: {e}", p.domain));
        }
    }
    (if ok { Status::Pass } else { Status::Fail }, evidence)
}

fn connect(addr: &str) -> Result<TcpStream, String> {
    let mut last = format!("{addr} does not resolve");
    for a in addr.to_socket_addrs().map_err(|e| format!("{addr}: {e}"))? {
        match TcpStream::connect_timeout(&a, TIMEOUT) {
            Ok(s) => {
                let _ = s.set_read_timeout(Some(TIMEOUT));
                let _ = s.set_write_timeout(Some(TIMEOUT));
                return Ok(s);
            }
            Err(e) => last = format!("cannot connect to {a}: {e}"),
        }
    }
    Err(last)
}

fn roots(extra: &[Vec<u8>]) -> RootCertStore {
    let mut store = RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = store.add(cert);
    }
    for der in extra {
        let _ = store.add(CertificateDer::from(der.clone()));
    }
    store
}

/// The negotiated protocol, the status line's code and the time taken.
fn https_get(p: &HttpsProbe) -> Result<(String, u16, Duration), String> {
    let started = Instant::now();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots(&p.extra_roots))
        .with_no_client_auth();
    let name = ServerName::try_from(p.domain.clone())
        .map_err(|_| format!("`{}` is not a host name", p.domain))?;
    let conn = ClientConnection::new(Arc::new(config), name).map_err(|e| e.to_string())?;
    let addr = p
        .https_addr
        .clone()
        .unwrap_or_else(|| format!("{}:443", p.domain));
    let mut tls = StreamOwned::new(conn, connect(&addr)?);
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nUser-Agent: tfready-verify\r\nConnection: close\r\n\r\n",
        p.domain
    );
    tls.write_all(request.as_bytes())
        .map_err(|e| format!("TLS handshake failed: {e}"))?;
    let version = match tls.conn.protocol_version() {
        Some(rustls::ProtocolVersion::TLSv1_3) => "TLS 1.3",
        Some(rustls::ProtocolVersion::TLSv1_2) => "TLS 1.2",
        _ => return Err("no TLS 1.2 or 1.3 session".into()),
    };
    let head = read_head(&mut tls)?;
    Ok((version.to_string(), status_of(&head)?, started.elapsed()))
}

/// The `Location` of plain HTTP's answer, when it redirects to HTTPS on the
/// same host.
fn http_redirect(p: &HttpsProbe) -> Result<String, String> {
    let addr = p
        .http_addr
        .clone()
        .unwrap_or_else(|| format!("{}:80", p.domain));
    let mut s = connect(&addr)?;
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nUser-Agent: tfready-verify\r\nConnection: close\r\n\r\n",
        p.domain
    );
    s.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    let head = read_head(&mut s)?;
    let status = status_of(&head)?;
    let location = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("location")
                .then(|| v.trim().to_string())
        })
        .unwrap_or_default();
    let https_same_host = location
        .strip_prefix("https://")
        .is_some_and(|rest| rest.split(['/', ':']).next() == Some(p.domain.as_str()));
    if matches!(status, 301 | 302 | 307 | 308) && https_same_host {
        Ok(format!("{location} ({status})"))
    } else if matches!(status, 301 | 302 | 307 | 308) {
        Err(format!(
            "redirects to `{location}` ({status}), not to https://{}",
            p.domain
        ))
    } else {
        Err(format!("answered {status} without redirecting to HTTPS"))
    }
}

/// The response head (status line and headers), at most 16 KiB.
fn read_head(r: &mut impl Read) -> Result<String, String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
        match r.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if buf.is_empty() => return Err(describe_tls_error(&e)),
            Err(_) => break,
        }
    }
    if buf.is_empty() {
        return Err("the server closed the connection without answering".into());
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

fn describe_tls_error(e: &std::io::Error) -> String {
    format!("TLS handshake or request failed: {e}")
}

fn status_of(head: &str) -> Result<u16, String> {
    head.lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| "the answer is not HTTP".to_string())
}
