//! Facts about an origin's certificate, read from its DER: names, issuer,
//! validity and key, and CloudFront's documented key requirements.

use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};
use x509_parser::public_key::PublicKey;

/// What a certificate says, for messages and reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertFacts {
    pub subject: String,
    pub issuer: String,
    pub names: Vec<String>,
    pub not_before: i64,
    pub not_after: i64,
    pub key: Key,
    pub self_signed: bool,
}

/// A certificate's public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Rsa(usize),
    Ecdsa(usize),
    Other(String),
}

impl Key {
    pub fn describe(&self) -> String {
        match self {
            Key::Rsa(bits) => format!("RSA {bits} bits"),
            Key::Ecdsa(bits) => format!("ECDSA {bits} bits"),
            Key::Other(name) => name.clone(),
        }
    }

    /// Why CloudFront refuses the key, if it does: RSA and ECDSA only,
    /// RSA up to 4096 bits.
    pub fn unsupported(&self) -> Option<String> {
        match self {
            Key::Rsa(bits) if *bits > 4096 => Some(format!(
                "an RSA key of {bits} bits, larger than the 4096 bits CloudFront supports"
            )),
            Key::Rsa(_) | Key::Ecdsa(_) => None,
            Key::Other(name) => Some(format!(
                "an {name} key; CloudFront supports RSA and ECDSA keys only"
            )),
        }
    }
}

/// Reads a DER certificate; `None` when it does not parse.
pub fn read(der: &[u8]) -> Option<CertFacts> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let names = match cert.subject_alternative_name() {
        Ok(Some(ext)) => ext
            .value
            .general_names
            .iter()
            .filter_map(|n| match n {
                GeneralName::DNSName(d) => Some(d.to_string()),
                GeneralName::IPAddress(_) => Some("(an IP address)".to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let spki = cert.public_key();
    let key = match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => Key::Rsa(rsa.key_size()),
        Ok(PublicKey::EC(ec)) => Key::Ecdsa(ec.key_size()),
        _ => match spki.algorithm.algorithm.to_id_string().as_str() {
            "1.3.101.112" => Key::Other("Ed25519".to_string()),
            "1.3.101.113" => Key::Other("Ed448".to_string()),
            "1.2.840.10040.4.1" => Key::Other("DSA".to_string()),
            other => Key::Other(format!("OID {other}")),
        },
    };
    Some(CertFacts {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        names,
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
        key,
        self_signed: cert.subject().as_raw() == cert.issuer().as_raw(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_requirements() {
        assert!(Key::Rsa(2048).unsupported().is_none());
        assert!(Key::Rsa(8192).unsupported().unwrap().contains("4096"));
        assert!(Key::Ecdsa(384).unsupported().is_none());
        assert!(Key::Other("Ed25519".into()).unsupported().is_some());
    }
}
