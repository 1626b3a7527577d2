//! The TLS handshake CloudFront makes with an origin: only the origin's
//! SSL protocols, CloudFront's ECDHE AES-GCM suites, the server name it
//! sends, and a chain validated against Mozilla's roots (or a test
//! anchor) without fetching missing intermediates.

use std::io;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, ring};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    AlertDescription, CertificateError, ClientConfig, ClientConnection, DigitallySignedStruct,
    RootCertStore, SignatureScheme, StreamOwned,
};

use super::catalog::Check;
use super::certificate::{self, CertFacts};
use super::outcome::{Outcome, Problem};
use super::target::{Target, TlsVersion};

/// What the chain is validated against.
#[derive(Clone, Debug)]
pub struct Trust {
    roots: Arc<RootCertStore>,
    /// Whether the roots are a test anchor (`--ca-file`), not Mozilla's.
    pub test_anchor: bool,
}

impl Trust {
    /// Mozilla's included CA list, as CloudFront trusts it.
    pub fn mozilla() -> Trust {
        let mut roots = RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        Trust {
            roots: Arc::new(roots),
            test_anchor: false,
        }
    }

    /// The certificates of a PEM file, in place of Mozilla's list.
    pub fn from_pem(pem: &[u8]) -> Result<Trust, String> {
        use rustls::pki_types::pem::PemObject;
        let mut roots = RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| format!("not a PEM certificate: {e}"))?;
            roots
                .add(cert)
                .map_err(|e| format!("not a usable CA certificate: {e}"))?;
        }
        if roots.is_empty() {
            return Err("holds no certificate".to_string());
        }
        Ok(Trust {
            roots: Arc::new(roots),
            test_anchor: true,
        })
    }
}

/// The chain an origin sent and webpki's verdict on it.
type Seen = (Vec<CertificateDer<'static>>, Result<(), rustls::Error>);

/// The verifier of one connection: webpki's, recording the chain the
/// origin sent and the verdict, and leaving the name unjudged when it is
/// not known which name CloudFront would ask for.
#[derive(Debug)]
struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    judge_name: bool,
    seen: Mutex<Option<Seen>>,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let mut result = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        if !self.judge_name && matches!(&result, Err(e) if name_error(e)) {
            // webpki judges the chain before the name: the chain is good
            result = Ok(ServerCertVerified::assertion());
        }
        let chain = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|c| c.clone().into_owned())
            .collect();
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some((chain, result.as_ref().map(|_| ()).map_err(Clone::clone)));
        }
        result
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

fn name_error(err: &rustls::Error) -> bool {
    matches!(
        err,
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }
        )
    )
}

/// The ring provider with the suites CloudFront offers origins that
/// rustls implements: ECDHE with AES-GCM (TLS 1.2) and the AES-GCM TLS 1.3
/// suites. ring's provider is deprecated for lacking post-quantum key
/// exchange, which the probe has no use for: an origin must accept the
/// classic groups CloudFront offers.
#[allow(deprecated)]
fn provider() -> CryptoProvider {
    use ring::cipher_suite as s;
    CryptoProvider {
        cipher_suites: vec![
            s::TLS13_AES_128_GCM_SHA256,
            s::TLS13_AES_256_GCM_SHA384,
            s::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            s::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            s::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            s::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        ],
        ..ring::default_provider()
    }
}

pub type TlsStream = StreamOwned<ClientConnection, TcpStream>;

/// Shakes hands over `tcp`. On success, records the negotiated version,
/// suite and certificate in `outcome` and returns the stream; a finding of
/// the handshake or certificate is returned as a problem. A certificate
/// that passes is still checked for its key and expiry horizon.
pub fn handshake(
    tcp: TcpStream,
    target: &Target,
    trust: &Trust,
    horizon: Duration,
    deadline: Instant,
    outcome: &mut Outcome,
) -> Result<TlsStream, Problem> {
    let provider = Arc::new(provider());
    let versions: Vec<&'static rustls::SupportedProtocolVersion> = target
        .protocols
        .offered
        .iter()
        .map(|v| match v {
            TlsVersion::Tls12 => &rustls::version::TLS12,
            TlsVersion::Tls13 => &rustls::version::TLS13,
        })
        .collect();
    let inner = WebPkiServerVerifier::builder_with_provider(trust.roots.clone(), provider.clone())
        .build()
        .map_err(|e| {
            Problem::new(
                Check::HandshakeFailed,
                format!("no usable trust anchor: {e}"),
            )
        })?;
    let verifier = Arc::new(Recording {
        inner,
        judge_name: target.judge_name,
        seen: Mutex::new(None),
    });
    let config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&versions)
        .map_err(|e| {
            Problem::new(
                Check::HandshakeFailed,
                format!("cannot offer {}: {e}", target.protocols.offered_text()),
            )
        })?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    let name = ServerName::try_from(target.server_name.clone()).map_err(|_| {
        Problem::new(
            Check::CertificateWrongName,
            format!("`{}` is not a valid server name", target.server_name),
        )
    })?;
    let mut conn = ClientConnection::new(Arc::new(config), name)
        .map_err(|e| Problem::new(Check::HandshakeFailed, e.to_string()))?;
    let mut tcp = tcp;
    // CloudFront gives the handshake the connection timeout
    let limit = target
        .connect_timeout
        .min(deadline.saturating_duration_since(Instant::now()));
    let _ = tcp.set_read_timeout(Some(limit.max(Duration::from_millis(1))));
    let _ = tcp.set_write_timeout(Some(limit.max(Duration::from_millis(1))));
    let started = Instant::now();
    let mut result = Ok(());
    while conn.is_handshaking() {
        if let Err(err) = conn.complete_io(&mut tcp) {
            result = Err(err);
            break;
        }
    }
    let elapsed = started.elapsed();
    let seen = verifier.seen.lock().ok().and_then(|mut s| s.take());
    let facts = seen
        .as_ref()
        .and_then(|(chain, _)| chain.first())
        .and_then(|leaf| certificate::read(leaf));
    if let Some(cert) = &facts {
        record_certificate(cert, outcome);
    }
    let where_ = format!("{}:{}", target.server_name, target.port);
    if let Err(err) = result {
        let cert_error = seen.as_ref().and_then(|(_, r)| r.clone().err());
        return Err(classify(
            err,
            cert_error,
            facts.as_ref(),
            target,
            &where_,
            trust,
            limit,
        ));
    }
    if let Some(version) = conn.protocol_version() {
        outcome.fact(
            "tls_version",
            format!("{version:?}").replace("TLSv1_", "TLSv1."),
        );
    }
    if let Some(suite) = conn.negotiated_cipher_suite() {
        outcome.fact("cipher", format!("{:?}", suite.suite()));
    }
    outcome.fact("tls_ms", elapsed.as_millis().to_string());
    if let Some(cert) = &facts {
        if let Some(why) = cert.key.unsupported() {
            outcome.problems.push(Problem::new(
                Check::CertificateKeyUnsupported,
                format!("the certificate of {where_} has {why}"),
            ));
        }
        let now = unix_now();
        let left = cert.not_after - now;
        if left < i64::try_from(horizon.as_secs()).unwrap_or(i64::MAX) {
            outcome.problems.push(Problem::new(
                Check::CertificateExpiresSoon,
                format!(
                    "the certificate of {where_} expires on {}, in {} days",
                    crate::utc::format_iso(cert.not_after),
                    left / 86_400
                ),
            ));
        }
    }
    Ok(StreamOwned::new(conn, tcp))
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn record_certificate(cert: &CertFacts, outcome: &mut Outcome) {
    outcome.fact("subject", cert.subject.clone());
    outcome.fact("issuer", cert.issuer.clone());
    outcome.fact("not_after", crate::utc::format_iso(cert.not_after));
    if !cert.names.is_empty() {
        outcome.fact("names", cert.names.join(" "));
    }
    outcome.fact("key", cert.key.describe());
}

/// The problem a failed handshake is.
fn classify(
    err: io::Error,
    cert_error: Option<rustls::Error>,
    cert: Option<&CertFacts>,
    target: &Target,
    where_: &str,
    trust: &Trust,
    limit: Duration,
) -> Problem {
    let tls_error = cert_error.or_else(|| {
        err.get_ref()
            .and_then(|e| e.downcast_ref::<rustls::Error>())
            .cloned()
    });
    let offered = target.protocols.offered_text();
    match tls_error {
        Some(rustls::Error::InvalidCertificate(cert_err)) => {
            certificate_problem(&cert_err, cert, target, where_, trust)
        }
        Some(rustls::Error::AlertReceived(AlertDescription::ProtocolVersion)) => Problem::new(
            Check::HandshakeFailed,
            format!(
                "TLS handshake with {where_} failed: the origin accepts none of the offered versions (offered: {offered})"
            ),
        ),
        // handshake_failure is how a server says it shares no suite (or
        // group) with the client; CloudFront also offers CBC suites the
        // probe does not, so this is not proof that CloudFront fails
        Some(rustls::Error::AlertReceived(
            AlertDescription::HandshakeFailure | AlertDescription::InsufficientSecurity,
        )) => Problem::new(
            Check::HandshakeFailed,
            format!("TLS handshake with {where_}: the origin accepts none of the ECDHE AES-GCM suites the probe offers ({offered})"),
        )
        .uncertain(),
        Some(rustls::Error::AlertReceived(alert)) => Problem::new(
            Check::HandshakeFailed,
            format!(
                "TLS handshake with {where_} failed: the origin sent the alert {alert:?} (offered: {offered} with ECDHE AES-GCM suites)"
            ),
        ),
        Some(other) => Problem::new(
            Check::HandshakeFailed,
            format!("TLS handshake with {where_} failed: {other} (offered: {offered})"),
        ),
        None => match err.kind() {
            io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe => Problem::new(
                Check::ConnectionClosed,
                format!("{where_} reset the connection during the TLS handshake"),
            ),
            io::ErrorKind::UnexpectedEof => Problem::new(
                Check::ConnectionClosed,
                format!("{where_} closed the connection during the TLS handshake"),
            ),
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => Problem::new(
                Check::HandshakeFailed,
                format!(
                    "TLS handshake with {where_} did not complete within {} s",
                    limit.as_secs_f32()
                ),
            ),
            _ => Problem::new(
                Check::HandshakeFailed,
                format!("TLS handshake with {where_} failed: {err}"),
            ),
        },
    }
}

fn certificate_problem(
    err: &CertificateError,
    cert: Option<&CertFacts>,
    target: &Target,
    where_: &str,
    trust: &Trust,
) -> Problem {
    let of = format!("the certificate of {where_}");
    match err {
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => Problem::new(
            Check::CertificateNotValidNow,
            match cert {
                Some(c) => format!("{of} expired on {}", crate::utc::format_iso(c.not_after)),
                None => format!("{of} has expired"),
            },
        ),
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            Problem::new(
                Check::CertificateNotValidNow,
                match cert {
                    Some(c) => format!(
                        "{of} is not valid before {}",
                        crate::utc::format_iso(c.not_before)
                    ),
                    None => format!("{of} is not valid yet"),
                },
            )
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            Problem::new(
                Check::CertificateWrongName,
                match cert {
                    Some(c) if !c.names.is_empty() => format!(
                        "{of} does not name {} (names: {})",
                        target.server_name,
                        c.names.join(", ")
                    ),
                    _ => format!("{of} does not name {}", target.server_name),
                },
            )
        }
        CertificateError::UnknownIssuer => {
            let roots = if trust.test_anchor {
                "the trust anchors of --ca-file"
            } else {
                "Mozilla's included CA list"
            };
            let why = match cert {
                Some(c) if c.self_signed => "it is self-signed".to_string(),
                Some(_) => format!(
                    "its issuer is not in {roots} and the origin sent no intermediate certificate that leads to one"
                ),
                None => format!("it does not lead to {roots}"),
            };
            Problem::new(
                Check::CertificateUntrusted,
                format!("{of} is not trusted: {why}"),
            )
        }
        other => Problem::new(
            Check::CertificateUntrusted,
            format!("{of} is not accepted: {other:?}"),
        ),
    }
}
