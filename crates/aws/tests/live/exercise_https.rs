//! `verify --exercise https` against local servers: a TLS server with a chain
//! from a test CA the probe is told to trust, and a plain HTTP server. Valid,
//! expired, for another host, and HTTP that does not redirect.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;

use rcgen::{date_time_ymd, BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tfready_aws::verify::exercise::https::{probe, HttpsProbe};
use tfready_aws::Status;

const DOMAIN: &str = "app.tfready-test.example";

struct Ca {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

fn ca() -> Ca {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    Ca {
        issuer: CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap(),
    }
}

/// A leaf for `names`, valid from `from` to `to` (years), signed by `ca`.
fn leaf(
    ca: &Ca,
    names: &[&str],
    from: i32,
    to: i32,
) -> (CertificateDer<'static>, PrivateKeyDer<'static>) {
    let mut params =
        CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
    params.not_before = date_time_ymd(from, 1, 1);
    params.not_after = date_time_ymd(to, 1, 1);
    let key = KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, &ca.issuer).unwrap();
    (
        cert.der().clone(),
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    )
}

/// A TLS server answering `GET /` with 200, on a free port.
fn tls_server(cert: CertificateDer<'static>, key: PrivateKeyDer<'static>) -> String {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = config.clone();
            std::thread::spawn(move || {
                let Ok(conn) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(conn, stream);
                let mut buf = [0u8; 2048];
                if tls.read(&mut buf).is_ok() {
                    let _ = tls.write_all(
                        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                    );
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                }
            });
        }
    });
    addr
}

/// A plain HTTP server that answers every request with `answer`.
fn http_server(answer: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 2048];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    addr
}

const REDIRECT: &str = "HTTP/1.1 301 Moved Permanently\r\nLocation: https://app.tfready-test.example/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

fn run(
    ca: &Ca,
    cert: (CertificateDer<'static>, PrivateKeyDer<'static>),
    http: &'static str,
) -> (Status, Vec<String>) {
    probe(&HttpsProbe {
        domain: DOMAIN.to_string(),
        https_addr: Some(tls_server(cert.0, cert.1)),
        http_addr: Some(http_server(http)),
        extra_roots: vec![ca.issuer.der().to_vec()],
    })
}

#[test]
fn a_valid_chain_and_a_redirect_pass() {
    let ca = ca();
    let (status, evidence) = run(&ca, leaf(&ca, &[DOMAIN], 2024, 2099), REDIRECT);
    assert_eq!(status, Status::Pass, "{evidence:?}");
    assert!(
        evidence[0].contains("TLS 1.3") && evidence[0].contains("answered 200"),
        "{evidence:?}"
    );
    assert!(
        evidence[1].contains("redirects to https://app.tfready-test.example/ (301)"),
        "{evidence:?}"
    );
}

#[test]
fn an_expired_certificate_fails() {
    let ca = ca();
    let (status, evidence) = run(&ca, leaf(&ca, &[DOMAIN], 2020, 2021), REDIRECT);
    assert_eq!(status, Status::Fail);
    assert!(
        evidence[0].to_lowercase().contains("expired"),
        "{evidence:?}"
    );
}

#[test]
fn a_certificate_for_another_host_fails() {
    let ca = ca();
    let (status, evidence) = run(
        &ca,
        leaf(&ca, &["other.tfready-test.example"], 2024, 2099),
        REDIRECT,
    );
    assert_eq!(status, Status::Fail);
    assert!(evidence[0].contains("not valid for name"), "{evidence:?}");
}

#[test]
fn an_untrusted_chain_fails() {
    let ca = ca();
    let other = self::ca();
    let (status, evidence) = run(&other, leaf(&ca, &[DOMAIN], 2024, 2099), REDIRECT);
    assert_eq!(status, Status::Fail);
    assert!(
        evidence[0].contains("invalid peer certificate"),
        "{evidence:?}"
    );
}

#[test]
fn http_that_does_not_redirect_fails() {
    let ca = ca();
    let (status, evidence) = run(
        &ca,
        leaf(&ca, &[DOMAIN], 2024, 2099),
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
    );
    assert_eq!(status, Status::Fail);
    assert!(evidence[0].contains("answered 200"), "{evidence:?}");
    assert!(
        evidence[1].contains("answered 200 without redirecting to HTTPS"),
        "{evidence:?}"
    );
    // A redirect elsewhere is no better.
    let (status, evidence) = run(
        &ca,
        leaf(&ca, &[DOMAIN], 2024, 2099),
        "HTTP/1.1 302 Found\r\nLocation: http://app.tfready-test.example/\r\nContent-Length: 0\r\n\r\n",
    );
    assert_eq!(status, Status::Fail);
    assert!(evidence[1].contains("not to https://"), "{evidence:?}");
}
