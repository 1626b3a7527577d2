//! `edgelint probe` against origins served on 127.0.0.1 by this test:
//! rustls servers with certificates of a test CA made by rcgen, each
//! showing one way an origin fails CloudFront. Every failure must be found
//! at its origin's domain value in a CloudFormation template, a Terraform
//! module and an export describing the same origins, in every output
//! format; a healthy origin must give nothing.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use assert_cmd::Command;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use rustls::ServerConfig;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::Value;

/// How a test origin misbehaves.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Healthy,
    Expired,
    NotYetValid,
    WrongName,
    SelfSigned,
    MissingIntermediate,
    Tls13Only,
    /// Healthy for a `TLSv1.2` policy; refuses TLS 1.3.
    Tls12Only,
    SlowFirstByte,
    ClosedPort,
    Reset,
    BadGateway,
    ExpiresSoon,
    Ed25519Key,
    /// Healthy, but the origin's policy offers only TLSv1.1.
    OldPolicy,
    /// Served, but the name resolves to loopback (no `--resolve`).
    Loopback,
}

/// Each case: the origin id, what it serves, the finding expected.
const CASES: &[(&str, Kind, Option<&str>)] = &[
    ("healthy", Kind::Healthy, None),
    ("expired", Kind::Expired, Some("CF606")),
    ("notyet", Kind::NotYetValid, Some("CF606")),
    ("wrongname", Kind::WrongName, Some("CF605")),
    ("selfsigned", Kind::SelfSigned, Some("CF604")),
    ("nointermediate", Kind::MissingIntermediate, Some("CF604")),
    ("tls13only", Kind::Tls13Only, Some("CF603")),
    ("tls12only", Kind::Tls12Only, None),
    ("slow", Kind::SlowFirstByte, Some("CF610")),
    ("closed", Kind::ClosedPort, Some("CF602")),
    ("reset", Kind::Reset, Some("CF609")),
    ("badgateway", Kind::BadGateway, Some("CF611")),
    ("expiring", Kind::ExpiresSoon, Some("CF607")),
    ("edkey", Kind::Ed25519Key, Some("CF608")),
    ("oldpolicy", Kind::OldPolicy, None),
    ("loopback", Kind::Loopback, Some("CF601")),
];

struct Ca {
    root_pem: String,
    root: Issuer<'static, KeyPair>,
    intermediate: Issuer<'static, KeyPair>,
    intermediate_der: CertificateDer<'static>,
}

fn ca_params(name: &str) -> CertificateParams {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
    ];
    params
}

fn ca() -> &'static Ca {
    static CA: OnceLock<Ca> = OnceLock::new();
    CA.get_or_init(|| {
        let root_key = KeyPair::generate().unwrap();
        let root_params = ca_params("Probe Test Root");
        let root_cert = root_params.self_signed(&root_key).unwrap();
        let root = Issuer::new(root_params, root_key);
        let key = KeyPair::generate().unwrap();
        let params = ca_params("Probe Test Intermediate");
        let cert = params.signed_by(&key, &root).unwrap();
        Ca {
            root_pem: root_cert.pem(),
            root,
            intermediate: Issuer::new(params, key),
            intermediate_der: cert.der().clone(),
        }
    })
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The chain and key a server of `kind` presents for `name`.
fn credentials(kind: Kind, name: &str) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
    let ca = ca();
    let san = if kind == Kind::WrongName {
        "other.probe.test".to_string()
    } else {
        name.to_string()
    };
    let mut params = CertificateParams::new(vec![san]).unwrap();
    params.distinguished_name.push(DnType::CommonName, name);
    let epoch = rcgen::date_time_ymd(1970, 1, 1);
    let day = 86_400;
    params.not_before = epoch + Duration::from_secs(now() - 30 * day);
    params.not_after = epoch + Duration::from_secs(now() + 365 * day);
    match kind {
        Kind::Expired => {
            params.not_before = epoch + Duration::from_secs(now() - 400 * day);
            params.not_after = epoch + Duration::from_secs(now() - 10 * day);
        }
        Kind::NotYetValid => params.not_before = epoch + Duration::from_secs(now() + 10 * day),
        Kind::ExpiresSoon => params.not_after = epoch + Duration::from_secs(now() + 5 * day),
        _ => {}
    }
    let key = if kind == Kind::Ed25519Key {
        KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap()
    } else {
        KeyPair::generate().unwrap()
    };
    let leaf = if kind == Kind::SelfSigned {
        params.self_signed(&key).unwrap()
    } else {
        params.signed_by(&key, &ca.intermediate).unwrap()
    };
    let mut chain = vec![leaf.der().clone()];
    if !matches!(kind, Kind::SelfSigned | Kind::MissingIntermediate) {
        chain.push(ca.intermediate_der.clone());
    }
    let _ = &ca.root;
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    (chain, key)
}

/// Starts the origin of a case; its port. A closed port is one that was
/// bound and released.
fn serve(kind: Kind, name: &str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    if kind == Kind::ClosedPort {
        drop(listener);
        return port;
    }
    let (chain, key) = credentials(kind, name);
    #[allow(deprecated)] // ring lacks post-quantum groups, which these servers do not need
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let versions: &[&rustls::SupportedProtocolVersion] = match kind {
        Kind::Tls13Only => &[&rustls::version::TLS13],
        Kind::Tls12Only => &[&rustls::version::TLS12],
        _ => &[&rustls::version::TLS12, &rustls::version::TLS13],
    };
    let config = Arc::new(
        ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(versions)
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap(),
    );
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = config.clone();
            std::thread::spawn(move || answer(kind, stream, config));
        }
    });
    port
}

fn answer(kind: Kind, tcp: TcpStream, config: Arc<ServerConfig>) {
    if kind == Kind::Reset {
        // closing with the client's hello unread makes the kernel send RST
        std::thread::sleep(Duration::from_millis(300));
        drop(tcp);
        return;
    }
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(conn) = rustls::ServerConnection::new(config) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let mut request = Vec::new();
    let mut buffer = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match tls.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    let response: &[u8] = match kind {
        Kind::BadGateway => b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n",
        Kind::SlowFirstByte => {
            std::thread::sleep(Duration::from_secs(4));
            b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        }
        _ => b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    };
    let _ = tls.write_all(response);
    let _ = tls.flush();
    tls.conn.send_close_notify();
    let _ = tls.flush();
}

/// A served origin: id, kind, the finding expected, domain, port.
type Served = (&'static str, Kind, Option<&'static str>, String, u16);

/// The origins, served once for every test.
fn origins() -> &'static Vec<Served> {
    static ORIGINS: OnceLock<Vec<Served>> = OnceLock::new();
    ORIGINS.get_or_init(|| {
        CASES
            .iter()
            .map(|&(id, kind, expected)| {
                let domain = if kind == Kind::Loopback {
                    "localhost".to_string()
                } else {
                    format!("{id}.probe.test")
                };
                let port = serve(kind, &domain);
                (id, kind, expected, domain, port)
            })
            .collect()
    })
}

fn protocols(kind: Kind) -> &'static str {
    if kind == Kind::OldPolicy {
        "TLSv1.1"
    } else {
        "TLSv1.2"
    }
}

fn cloudformation() -> String {
    let mut listed = String::new();
    let mut behaviors = String::new();
    for (id, kind, _, domain, port) in origins() {
        listed.push_str(&format!(
            "          - Id: {id}\n            DomainName: {domain}\n            ConnectionAttempts: 1\n            ConnectionTimeout: 2\n            CustomOriginConfig:\n              HTTPSPort: {port}\n              OriginProtocolPolicy: https-only\n              OriginSSLProtocols: [{}]\n              OriginReadTimeout: 2\n",
            protocols(*kind)
        ));
        if *id != "healthy" {
            behaviors.push_str(&format!(
                "          - PathPattern: /{id}/*\n            TargetOriginId: {id}\n            ViewerProtocolPolicy: redirect-to-https\n            CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n"
            ));
        }
    }
    format!(
        "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        Origins:\n{listed}        DefaultCacheBehavior:\n          TargetOriginId: healthy\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        CacheBehaviors:\n{behaviors}"
    )
}

fn terraform() -> String {
    let mut body = String::new();
    for (id, kind, _, domain, port) in origins() {
        body.push_str(&format!(
            "  origin {{\n    origin_id           = \"{id}\"\n    domain_name         = \"{domain}\"\n    connection_attempts = 1\n    connection_timeout  = 2\n    custom_origin_config {{\n      http_port              = 80\n      https_port             = {port}\n      origin_protocol_policy = \"https-only\"\n      origin_ssl_protocols   = [\"{}\"]\n      origin_read_timeout    = 2\n    }}\n  }}\n",
            protocols(*kind)
        ));
    }
    for (id, ..) in origins() {
        if *id == "healthy" {
            continue;
        }
        body.push_str(&format!(
            "  ordered_cache_behavior {{\n    path_pattern           = \"/{id}/*\"\n    target_origin_id       = \"{id}\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }}\n"
        ));
    }
    format!(
        "resource \"aws_cloudfront_distribution\" \"site\" {{\n  enabled = true\n{body}  default_cache_behavior {{\n    target_origin_id       = \"healthy\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }}\n  restrictions {{\n    geo_restriction {{\n      restriction_type = \"none\"\n    }}\n  }}\n  viewer_certificate {{\n    cloudfront_default_certificate = true\n  }}\n}}\n"
    )
}

fn export() -> String {
    let behavior = |id: &str| {
        serde_json::json!({
            "TargetOriginId": id,
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
            "AllowedMethods": { "Quantity": 2, "Items": ["HEAD", "GET"],
                "CachedMethods": { "Quantity": 2, "Items": ["HEAD", "GET"] } }
        })
    };
    let items: Vec<Value> = origins()
        .iter()
        .map(|(id, kind, _, domain, port)| {
            serde_json::json!({
                "Id": id,
                "DomainName": domain,
                "OriginPath": "",
                "CustomHeaders": { "Quantity": 0 },
                "CustomOriginConfig": {
                    "HTTPPort": 80, "HTTPSPort": port,
                    "OriginProtocolPolicy": "https-only",
                    "OriginSslProtocols": { "Quantity": 1, "Items": [protocols(*kind)] },
                    "OriginReadTimeout": 2, "OriginKeepaliveTimeout": 5
                },
                "ConnectionAttempts": 1,
                "ConnectionTimeout": 2
            })
        })
        .collect();
    let ordered: Vec<Value> = origins()
        .iter()
        .filter(|(id, ..)| *id != "healthy")
        .map(|(id, ..)| {
            let mut b = behavior(id);
            b["PathPattern"] = Value::String(format!("/{id}/*"));
            b
        })
        .collect();
    let doc = serde_json::json!({
        "ETag": "E1PROBE",
        "Distribution": {
            "Id": "E1PROBE",
            "ARN": "arn:aws:cloudfront::123456789012:distribution/E1PROBE",
            "Status": "Deployed",
            "DomainName": "d1probe.cloudfront.net",
            "DistributionConfig": {
                "CallerReference": "probe",
                "Aliases": { "Quantity": 0 },
                "Origins": { "Quantity": items.len(), "Items": items },
                "OriginGroups": { "Quantity": 0 },
                "DefaultCacheBehavior": behavior("healthy"),
                "CacheBehaviors": { "Quantity": ordered.len(), "Items": ordered },
                "Enabled": true
            }
        }
    });
    serde_json::to_string_pretty(&doc).unwrap()
}

/// `edgelint probe` with the test CA and every test name mapped to
/// 127.0.0.1 (all but `localhost`, which must resolve on its own).
fn probe(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, &ca().root_pem).unwrap();
    let mut cmd = Command::cargo_bin("edgelint").unwrap();
    cmd.current_dir(dir)
        .arg("probe")
        .arg("--no-config")
        .arg("--ca-file")
        .arg(&ca_file);
    for (_, kind, _, domain, port) in origins() {
        if *kind != Kind::Loopback {
            cmd.arg("--resolve")
                .arg(format!("{domain}:{port}:127.0.0.1"));
        }
    }
    cmd.args(args).timeout(Duration::from_secs(120)).assert()
}

/// The 1-based line and column of the first `needle` in `text`, as the
/// reports count them (columns in characters).
fn place_of(text: &str, needle: &str) -> (u64, u64) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the file"));
    let line = text[..at].matches('\n').count() as u64 + 1;
    let column = text[..at].rsplit('\n').next().unwrap().chars().count() as u64 + 1;
    (line, column)
}

/// Domains as they appear in each file: quoted in Terraform and JSON.
fn needle(file: &str, domain: &str) -> String {
    if file.ends_with(".yaml") {
        format!("DomainName: {domain}")
    } else {
        format!("\"{domain}\"")
    }
}

fn check_json(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).unwrap();
    let output = probe(dir, &[file, "--format", "json"])
        .code(1)
        .get_output()
        .clone();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let findings = report["findings"].as_array().unwrap();
    for (id, kind, expected, domain, _) in origins() {
        let needle = needle(file, domain);
        let (line, column) = place_of(text, &needle);
        let column = column + needle.len() as u64
            - domain.len() as u64
            - u64::from(!file.ends_with(".yaml"));
        let here: Vec<&Value> = findings
            .iter()
            .filter(|f| f["line"] == line && f["file"].as_str().unwrap().ends_with(file))
            .collect();
        match expected {
            None => assert!(
                here.is_empty(),
                "{file}: `{id}` is healthy yet has {here:#?}"
            ),
            Some(code) => {
                assert_eq!(
                    here.len(),
                    1,
                    "{file}: `{id}` expected {code} at line {line}, got {here:#?}\n{stderr}"
                );
                let f = here[0];
                assert_eq!(f["code"], *code, "{file}: `{id}`: {f:#}");
                assert!(
                    f["message"]
                        .as_str()
                        .unwrap()
                        .contains(&format!("origin `{id}`")),
                    "{f:#}"
                );
                assert!(
                    f["column"].as_u64().unwrap() >= column - 1
                        && f["column"].as_u64().unwrap() <= column + 1,
                    "{file}: `{id}` column {} vs {column}",
                    f["column"]
                );
                assert!(
                    f["url"].as_str().unwrap().contains("src/probe/checks/"),
                    "{f:#}"
                );
                assert!(f["help"].is_string(), "{f:#}");
            }
        }
        if *kind == Kind::OldPolicy {
            assert!(
                stderr.contains(&format!("not fully probed: {file}:"))
                    && stderr.contains("origin `oldpolicy`")
                    && stderr.contains("TLSv1.1"),
                "{stderr}"
            );
        }
    }
    // the observed facts travel with the findings
    let expired = findings
        .iter()
        .find(|f| f["code"] == "CF606" && f["message"].as_str().unwrap().contains("`expired`"))
        .unwrap();
    assert!(
        expired["facts"]["subject"]
            .as_str()
            .unwrap()
            .contains("expired.probe.test"),
        "{expired:#}"
    );
    assert!(
        expired["facts"]["issuer"]
            .as_str()
            .unwrap()
            .contains("Probe Test Intermediate"),
        "{expired:#}"
    );
    assert!(expired["facts"]["not_after"].is_string(), "{expired:#}");
    let slow = findings.iter().find(|f| f["code"] == "CF610").unwrap();
    assert_eq!(slow["facts"]["tls_version"], "TLSv1.2", "{slow:#}");
    assert!(
        slow["message"]
            .as_str()
            .unwrap()
            .contains("2 s response timeout"),
        "{slow:#}"
    );
    let untrusted: Vec<&str> = findings
        .iter()
        .filter(|f| f["code"] == "CF604")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        untrusted.iter().any(|m| m.contains("self-signed")),
        "{untrusted:?}"
    );
    assert!(
        untrusted.iter().any(|m| m.contains("no intermediate")),
        "{untrusted:?}"
    );
}

#[test]
fn every_failure_is_found_at_its_origin_in_a_template() {
    let dir = tempfile::tempdir().unwrap();
    check_json(dir.path(), "site.yaml", &cloudformation());
}

#[test]
fn every_failure_is_found_at_its_origin_in_a_terraform_module() {
    let dir = tempfile::tempdir().unwrap();
    check_json(dir.path(), "main.tf", &terraform());
}

#[test]
fn every_failure_is_found_at_its_origin_in_an_export() {
    let dir = tempfile::tempdir().unwrap();
    check_json(dir.path(), "distribution.json", &export());
}

#[test]
fn every_output_format_carries_every_finding() {
    let dir = tempfile::tempdir().unwrap();
    let text = cloudformation();
    std::fs::write(dir.path().join("site.yaml"), &text).unwrap();
    let expected: Vec<(&str, u64)> = origins()
        .iter()
        .filter_map(|(_, _, code, domain, _)| {
            code.map(|c| (c, place_of(&text, &format!("DomainName: {domain}")).0))
        })
        .collect();
    for format in ["human", "concise", "sarif", "junit", "github", "gitlab"] {
        let output = probe(dir.path(), &["site.yaml", "--format", format])
            .code(1)
            .get_output()
            .clone();
        let out = String::from_utf8_lossy(&output.stdout);
        for (code, line) in &expected {
            let found = match format {
                "concise" => {
                    out.contains(&format!("site.yaml:{line}:"))
                        && out.contains(&format!("[{code}]"))
                }
                "github" => out.contains(&format!("line={line},")) && out.contains(code),
                "human" => out.contains(&format!("site.yaml:{line}:")) && out.contains(code),
                "sarif" => {
                    out.contains(&format!("\"startLine\": {line}"))
                        && out.contains(&format!("\"ruleId\": \"{code}\""))
                }
                "gitlab" => out.contains(&format!("\"begin\": {line}")) && out.contains(code),
                _ => out.contains(&format!("site.yaml:{line}:")) && out.contains(code),
            };
            assert!(found, "{format}: {code} at line {line} missing:\n{out}");
        }
    }
}

#[test]
fn a_url_is_probed_with_the_flags_a_deployment_would_supply() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, _, domain, port) = origins().iter().find(|o| o.1 == Kind::Healthy).unwrap();
    let url = format!("https://{domain}:{port}/");
    let clean = probe(dir.path(), &[&url, "--format", "json"])
        .code(0)
        .get_output()
        .clone();
    let report: Value = serde_json::from_slice(&clean.stdout).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]));
    // a TLS 1.2-and-1.3 origin asked for a version it does not offer
    let (_, _, _, tls13, port13) = origins().iter().find(|o| o.1 == Kind::Tls13Only).unwrap();
    let only12 = format!("https://{tls13}:{port13}/");
    let out = probe(
        dir.path(),
        &[&only12, "--protocols", "TLSv1.2", "--format", "concise"],
    )
    .code(1)
    .get_output()
    .clone();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("CF603")
            && text.contains("accepts none of the offered versions (offered: TLSv1.2)"),
        "{text}"
    );
    // a version the origin does not accept, asked for by --protocols
    let (_, _, _, tls12, port12) = origins().iter().find(|o| o.1 == Kind::Tls12Only).unwrap();
    let only13 = format!("https://{tls12}:{port12}/");
    let out = probe(
        dir.path(),
        &[&only13, "--protocols", "TLSv1.3", "--format", "concise"],
    )
    .code(1)
    .get_output()
    .clone();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("CF603") && text.contains("(offered: TLSv1.3)"),
        "{text}"
    );
    probe(
        dir.path(),
        &[&only13, "--protocols", "TLSv1.2", "--format", "concise"],
    )
    .code(0);
    // the SNI flag decides the name the certificate must carry
    let out = probe(
        dir.path(),
        &[&url, "--sni", "elsewhere.probe.test", "--format", "concise"],
    )
    .code(1)
    .get_output()
    .clone();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("CF605") && text.contains("does not name elsewhere.probe.test"),
        "{text}"
    );
    // a read timeout shorter than the origin's first byte
    let (_, _, _, slow, slow_port) = origins()
        .iter()
        .find(|o| o.1 == Kind::SlowFirstByte)
        .unwrap();
    let out = probe(
        dir.path(),
        &[
            &format!("https://{slow}:{slow_port}/"),
            "--read-timeout",
            "1",
            "--format",
            "concise",
        ],
    )
    .code(1)
    .get_output()
    .clone();
    assert!(String::from_utf8_lossy(&out.stdout).contains("CF610"));
}

#[test]
fn without_the_test_anchor_the_test_ca_is_not_trusted() {
    let (_, _, _, domain, port) = origins().iter().find(|o| o.1 == Kind::Healthy).unwrap();
    let output = Command::cargo_bin("edgelint")
        .unwrap()
        .args(["probe", "--no-config", "--format", "concise", "--resolve"])
        .arg(format!("{domain}:{port}:127.0.0.1"))
        .arg(format!("https://{domain}:{port}/"))
        .timeout(Duration::from_secs(60))
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("CF604") && text.contains("Mozilla"), "{text}");
}

#[test]
fn explain_knows_the_probe_checks() {
    let output = Command::cargo_bin("edgelint")
        .unwrap()
        .args(["explain", "CF603"])
        .assert()
        .success()
        .get_output()
        .clone();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("CF603 probe-origin-tls-handshake-failed (error, origin-probe"),
        "{text}"
    );
    assert!(text.contains("TLS 1.2 and TLS 1.3"), "{text}");
}

#[test]
fn a_forwarded_host_is_the_server_name_and_must_be_on_the_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, _, domain, port) = origins().iter().find(|o| o.1 == Kind::Healthy).unwrap();
    // Managed-AllViewer forwards the viewer's Host: CloudFront then asks
    // the origin for each alias, not for the origin's own name
    let template = format!(
        "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        Aliases: [www.probe.test]\n        Origins:\n          - Id: app\n            DomainName: {domain}\n            CustomOriginConfig:\n              HTTPSPort: {port}\n              OriginProtocolPolicy: https-only\n              OriginSSLProtocols: [TLSv1.2]\n        DefaultCacheBehavior:\n          TargetOriginId: app\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n          OriginRequestPolicyId: 216adef6-5c7f-47e4-b989-5492eafa07d3\n"
    );
    std::fs::write(dir.path().join("site.yaml"), &template).unwrap();
    let output = probe(dir.path(), &["site.yaml", "--format", "json"])
        .code(1)
        .get_output()
        .clone();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["code"], "CF605");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("does not name www.probe.test"),
        "{:#}",
        findings[0]
    );
    assert_eq!(
        findings[0]["line"],
        place_of(&template, &format!("DomainName: {domain}")).0
    );
    // without the policy the origin's own name is asked for, and is on it
    let plain = template.replace(
        "          OriginRequestPolicyId: 216adef6-5c7f-47e4-b989-5492eafa07d3\n",
        "",
    );
    std::fs::write(dir.path().join("site.yaml"), &plain).unwrap();
    probe(dir.path(), &["site.yaml", "--format", "json"]).code(0);
}
