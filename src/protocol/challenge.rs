//! Challenges (RFC 8555 §8): their types, and what answering each takes — the key
//! authorization, the http-01 path and body, the dns-01 TXT name and value, the tls-alpn-01
//! certificate. Pure: nothing here opens a file or a socket.

use anyhow::{Context, Result, bail};
use openssl::asn1::{Asn1Object, Asn1OctetString, Asn1Time};
use openssl::bn::{BigNum, MsbOption};
use openssl::hash::{MessageDigest, hash};
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::x509::extension::SubjectAlternativeName;
use openssl::x509::{X509, X509Extension, X509NameBuilder};
use serde::Deserialize;
use std::fmt;
use std::net::IpAddr;

use super::jws;
use super::types::Challenge;
use crate::identifiers::Identifier;

/// id-pe-acmeIdentifier ([RFC 8737 §6.1](https://www.rfc-editor.org/rfc/rfc8737#section-6.1)).
pub const ACME_IDENTIFIER_OID: &str = "1.3.6.1.5.5.7.1.31";
/// The ALPN protocol of tls-alpn-01
/// ([RFC 8737 §6.2](https://www.rfc-editor.org/rfc/rfc8737#section-6.2)).
pub const ACME_TLS_1: &[u8] = b"acme-tls/1";
/// Where http-01 answers live under a host
/// ([RFC 8555 §8.3](https://www.rfc-editor.org/rfc/rfc8555#section-8.3)).
pub const HTTP01_PREFIX: &str = "/.well-known/acme-challenge/";

/// A challenge's `type`. A type this client does not know is kept as [`ChallengeType::Other`],
/// so a CA offering new kinds of challenge does not break the authorizations it sends.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChallengeType {
    /// `http-01`: a file under `/.well-known/acme-challenge/` on port 80
    /// ([RFC 8555 §8.3](https://www.rfc-editor.org/rfc/rfc8555#section-8.3)).
    Http01,
    /// `dns-01`: a TXT record at `_acme-challenge.<name>`
    /// ([RFC 8555 §8.4](https://www.rfc-editor.org/rfc/rfc8555#section-8.4)).
    Dns01,
    /// `tls-alpn-01`: a TLS certificate offered on port 443 under ALPN `acme-tls/1`
    /// ([RFC 8737](https://www.rfc-editor.org/rfc/rfc8737)).
    TlsAlpn01,
    /// `dns-persist-01`: one lasting TXT record naming the account (draft-ietf-acme-dns-persist).
    DnsPersist01,
    /// Any other type, as the CA spelled it.
    Other(String),
}

impl ChallengeType {
    /// The type as the CA writes it (`http-01`, …).
    pub fn as_str(&self) -> &str {
        match self {
            ChallengeType::Http01 => "http-01",
            ChallengeType::Dns01 => "dns-01",
            ChallengeType::TlsAlpn01 => "tls-alpn-01",
            ChallengeType::DnsPersist01 => "dns-persist-01",
            ChallengeType::Other(s) => s,
        }
    }

    /// The type named `s`; unknown names become [`ChallengeType::Other`].
    pub fn parse(s: &str) -> ChallengeType {
        match s {
            "http-01" => ChallengeType::Http01,
            "dns-01" => ChallengeType::Dns01,
            "tls-alpn-01" => ChallengeType::TlsAlpn01,
            "dns-persist-01" => ChallengeType::DnsPersist01,
            other => ChallengeType::Other(other.to_string()),
        }
    }
}

impl fmt::Display for ChallengeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for ChallengeType {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ChallengeType {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl<'de> Deserialize<'de> for ChallengeType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d).map(|s| ChallengeType::parse(&s))
    }
}

impl Challenge {
    /// The key authorization for this challenge: `token "." thumbprint`
    /// ([RFC 8555 §8.1](https://www.rfc-editor.org/rfc/rfc8555#section-8.1)), where
    /// `thumbprint` is the account key's ([`crate::crypto::KeyPair::thumbprint`]). The token
    /// is checked first: it becomes a file name, and "MUST NOT contain any characters outside
    /// the base64url alphabet" (§8.3).
    pub fn key_authorization(&self, thumbprint: &str) -> Result<String> {
        let token = self
            .token
            .as_deref()
            .with_context(|| format!("the {} challenge {} has no token", self.kind, self.url))?;
        if !jws::valid_token(token) {
            bail!(
                "the CA sent a {} token that is not base64url: {}",
                self.kind,
                crate::escape::escape(token)
            );
        }
        Ok(jws::key_authorization(token, thumbprint))
    }

    /// The path an http-01 answer is served at, `/.well-known/acme-challenge/<token>`, for a
    /// checked token ([RFC 8555 §8.3](https://www.rfc-editor.org/rfc/rfc8555#section-8.3));
    /// the body is the key authorization.
    pub fn http01_path(&self) -> Option<String> {
        let token = self.token.as_deref().filter(|t| jws::valid_token(t))?;
        Some(format!("{HTTP01_PREFIX}{token}"))
    }
}

/// The dns-01 record for `identifier` (a wildcard answers at its base name) and a key
/// authorization: `(_acme-challenge.<name>, base64url(SHA-256(key authorization)))`
/// ([RFC 8555 §8.4](https://www.rfc-editor.org/rfc/rfc8555#section-8.4)).
pub fn dns01_record(identifier: &str, key_authorization: &str) -> (String, String) {
    (
        crate::dns::txt_name(identifier),
        jws::dns01_txt_value(key_authorization),
    )
}

/// The SNI the CA sends: the name itself, or for an IP address its reverse-DNS name
/// ([RFC 8738 §6](https://www.rfc-editor.org/rfc/rfc8738#section-6): `1.0.0.127.in-addr.arpa`).
pub fn tls_alpn01_sni(id: &Identifier) -> String {
    match id {
        Identifier::Dns(name) => name.clone(),
        Identifier::Ip(IpAddr::V4(ip)) => {
            let o = ip.octets();
            format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0])
        }
        Identifier::Ip(IpAddr::V6(ip)) => {
            let mut labels: Vec<String> = Vec::with_capacity(32);
            for byte in ip.octets().iter().rev() {
                labels.push(format!("{:x}", byte & 0xf));
                labels.push(format!("{:x}", byte >> 4));
            }
            format!("{}.ip6.arpa", labels.join("."))
        }
    }
}

/// [RFC 8737 §3](https://www.rfc-editor.org/rfc/rfc8737#section-3): a self-signed certificate with exactly one SAN, the identifier, and the critical
/// acmeIdentifier extension whose value is the DER OCTET STRING of SHA-256(key authorization).
pub fn tls_alpn01_certificate(
    id: &Identifier,
    key_authorization: &str,
    key: &PKey<Private>,
) -> Result<X509> {
    let mut name = X509NameBuilder::new()?;
    name.append_entry_by_nid(Nid::COMMONNAME, "ACME tls-alpn-01 challenge")?;
    let name = name.build();
    let mut b = X509::builder()?;
    b.set_version(2)?;
    let mut serial = BigNum::new()?;
    serial.rand(127, MsbOption::MAYBE_ZERO, false)?;
    b.set_serial_number(&*serial.to_asn1_integer()?)?;
    b.set_subject_name(&name)?;
    b.set_issuer_name(&name)?;
    b.set_pubkey(key)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    b.set_not_before(&*Asn1Time::from_unix(now - 3600)?)?;
    b.set_not_after(&*Asn1Time::from_unix(now + 7 * 86400)?)?;
    let mut san = SubjectAlternativeName::new();
    match id {
        Identifier::Dns(n) => san.dns(n),
        Identifier::Ip(ip) => san.ip(&ip.to_string()),
    };
    let san = san.build(&b.x509v3_context(None, None))?;
    b.append_extension(san)?;
    b.append_extension(acme_identifier_extension(key_authorization)?)?;
    b.sign(key, MessageDigest::sha256())?;
    Ok(b.build())
}

fn acme_identifier_extension(key_authorization: &str) -> Result<X509Extension> {
    let digest = hash(MessageDigest::sha256(), key_authorization.as_bytes())?;
    // Authorization ::= OCTET STRING (SIZE (32)): tag 0x04, length 32, the digest.
    let mut der = vec![0x04, 0x20];
    der.extend_from_slice(&digest);
    let oid = Asn1Object::from_str(ACME_IDENTIFIER_OID)?;
    let value = Asn1OctetString::new_from_bytes(&der)?;
    X509Extension::new_from_der(&oid, true, &value)
        .context("cannot build the acmeIdentifier extension")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sni_for_ip_identifiers_is_the_reverse_dns_name() {
        // RFC 8738 §6 and RFC 1035 §3.5 / RFC 3596 §2.5.
        let ip = |s: &str| Identifier::Ip(s.parse().unwrap());
        assert_eq!(tls_alpn01_sni(&ip("127.0.0.1")), "1.0.0.127.in-addr.arpa");
        assert_eq!(
            tls_alpn01_sni(&ip("2001:db8::567:89ab")),
            "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
        );
        assert_eq!(
            tls_alpn01_sni(&Identifier::Dns("a.example".into())),
            "a.example"
        );
    }

    #[test]
    fn challenge_cert_has_one_san_and_the_critical_acme_identifier() {
        let key = crate::crypto::KeyPair::generate(crate::crypto::KeyType::EcdsaP256).unwrap();
        let key = key.pkey();
        let ka = "token.thumbprint";
        let cert = tls_alpn01_certificate(&Identifier::Dns("a.example".into()), ka, key).unwrap();
        let der = cert.to_der().unwrap();
        let (_, parsed) = x509_parser::parse_x509_certificate(&der).unwrap();
        let ext = parsed
            .extensions()
            .iter()
            .find(|e| e.oid.to_id_string() == ACME_IDENTIFIER_OID)
            .expect("acmeIdentifier present");
        assert!(ext.critical);
        let digest = hash(MessageDigest::sha256(), ka.as_bytes()).unwrap();
        assert_eq!(ext.value[..2], [0x04, 0x20]);
        assert_eq!(&ext.value[2..], &digest[..]);
        let san = parsed.subject_alternative_name().unwrap().unwrap();
        assert_eq!(san.value.general_names.len(), 1);

        let cert =
            tls_alpn01_certificate(&Identifier::Ip("127.0.0.1".parse().unwrap()), ka, key).unwrap();
        let ips: Vec<String> = cert
            .subject_alt_names()
            .unwrap()
            .iter()
            .filter_map(|n| n.ipaddress().map(|b| format!("{b:?}")))
            .collect();
        assert_eq!(ips, vec![format!("{:?}", [127u8, 0, 0, 1])]);
        assert_eq!(cert.subject_alt_names().unwrap().len(), 1);
    }

    #[test]
    fn challenge_types_known_and_unknown_round_trip() {
        for s in [
            "http-01",
            "dns-01",
            "tls-alpn-01",
            "dns-persist-01",
            "onion-csr-01",
        ] {
            let t: ChallengeType = serde_json::from_value(serde_json::json!(s)).unwrap();
            assert_eq!(t.as_str(), s);
            assert_eq!(t, ChallengeType::parse(s));
        }
        assert_eq!(ChallengeType::parse("http-01"), ChallengeType::Http01);
        assert_eq!(
            ChallengeType::parse("onion-csr-01"),
            ChallengeType::Other("onion-csr-01".into())
        );
    }

    /// A token outside the base64url alphabet never becomes a key authorization or a path.
    #[test]
    fn tokens_are_checked_before_they_become_paths() {
        let ch = |token: &str| Challenge {
            kind: ChallengeType::Http01,
            url: "https://ca/ch/1".into(),
            token: Some(token.into()),
            status: super::super::types::Status::Pending,
            error: None,
            issuer_domain_names: Vec::new(),
        };
        let good = ch("evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA");
        assert_eq!(
            good.http01_path().unwrap(),
            "/.well-known/acme-challenge/evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA"
        );
        assert_eq!(
            good.key_authorization("tp").unwrap(),
            "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.tp"
        );
        for bad in ["../../etc/passwd", "a/b", "", "a.b", "a b"] {
            assert!(ch(bad).http01_path().is_none(), "{bad:?}");
            assert!(ch(bad).key_authorization("tp").is_err(), "{bad:?}");
        }
    }

    /// RFC 8555 §8.4: the record of a wildcard is at its base name.
    #[test]
    fn dns01_record_name_and_value() {
        let (name, value) = dns01_record("*.example.org", "token.thumbprint");
        assert_eq!(name, "_acme-challenge.example.org");
        assert_eq!(value.len(), 43);
        assert_eq!(value, jws::dns01_txt_value("token.thumbprint"));
    }
}
