//! tls-alpn-01 (RFC 8737): this process answers TLS connections that offer the ALPN protocol
//! `acme-tls/1` with a self-signed certificate for the name in the SNI, carrying the
//! acmeIdentifier extension, and stops listening at cleanup.

use anyhow::{Context, Result};
use openssl::asn1::{Asn1Object, Asn1OctetString, Asn1Time};
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::{MessageDigest, hash};
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{AlpnError, NameType, SniError, SslAcceptor, SslAlert, SslMethod};
use openssl::x509::extension::SubjectAlternativeName;
use openssl::x509::{X509, X509Extension, X509NameBuilder};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use super::listen::{ListenAddr, Listener};
use super::{Solver, Task};
use acme::identifiers::Identifier;

/// RFC 8737 §6.2: the ALPN protocol ID, in the wire format openssl's select callback expects.
const ACME_TLS_1: &[u8] = b"acme-tls/1";
/// RFC 8737 §6.1: id-pe-acmeIdentifier.
const ACME_IDENTIFIER_OID: &str = "1.3.6.1.5.5.7.1.31";

pub struct TlsAlpn {
    listener: Listener,
}

impl TlsAlpn {
    pub fn new(addr: ListenAddr) -> TlsAlpn {
        TlsAlpn {
            listener: Listener::new(addr, "--tls-port"),
        }
    }

    #[cfg(test)]
    /// The addresses actually listened on, once prepared (the port is known even if 0 was asked).
    pub fn bound(&self) -> &[std::net::SocketAddr] {
        self.listener.bound()
    }
}

impl Solver for TlsAlpn {
    fn challenge_type(&self) -> &'static str {
        "tls-alpn-01"
    }

    fn prepare(&mut self) -> Result<()> {
        self.listener.prepare()
    }

    fn present(&mut self, tasks: &[Task]) -> Result<()> {
        self.prepare()?;
        let acceptor = Arc::new(acceptor(tasks)?);
        self.listener.serve("tls-alpn-01", move |stream| {
            // The CA only needs the handshake; then the connection is closed.
            if let Ok(mut tls) = acceptor.accept(stream) {
                let _ = tls.shutdown();
            }
        })
    }

    fn describe(&self, task: &Task) -> String {
        format!(
            "a TLS connection to {} with ALPN acme-tls/1 and SNI {} (answered by acme on {})",
            task.identifier,
            sni_name(&task.identifier),
            self.listener.addr()
        )
    }

    fn cleanup(&mut self) -> Result<()> {
        self.listener.stop();
        Ok(())
    }
}

/// The SNI the CA sends: the name itself, or for an IP address its reverse-DNS name
/// (RFC 8738 §6: `1.0.0.127.in-addr.arpa`).
pub fn sni_name(id: &Identifier) -> String {
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

/// A TLS acceptor that speaks only `acme-tls/1` and picks the certificate by SNI.
fn acceptor(tasks: &[Task]) -> Result<SslAcceptor> {
    let key = new_key()?;
    let mut certs: HashMap<String, X509> = HashMap::new();
    for task in tasks {
        certs.insert(
            sni_name(&task.identifier),
            challenge_cert(&task.identifier, &task.key_authorization, &key)?,
        );
    }
    let first = certs.values().next().cloned();
    let mut b = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls_server())?;
    b.set_private_key(&key)?;
    if let Some(cert) = &first {
        b.set_certificate(cert)?;
    }
    // RFC 8737 §3: the server MUST NOT answer with the validation certificate for other protocols.
    b.set_alpn_select_callback(|_, offered| {
        openssl::ssl::select_next_proto(b"\x0aacme-tls/1", offered)
            .filter(|p| *p == ACME_TLS_1)
            .ok_or(AlpnError::ALERT_FATAL)
    });
    let certs = Arc::new(certs);
    b.set_servername_callback(move |ssl, alert| {
        let name = ssl
            .servername(NameType::HOST_NAME)
            .map(|n| n.trim_end_matches('.').to_ascii_lowercase());
        match name.as_deref().and_then(|n| certs.get(n)) {
            Some(cert) => ssl.set_certificate(cert).map_err(|_| SniError::ALERT_FATAL),
            None => {
                *alert = SslAlert::UNRECOGNIZED_NAME;
                Err(SniError::ALERT_FATAL)
            }
        }
    });
    Ok(b.build())
}

fn new_key() -> Result<PKey<Private>> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1)?;
    Ok(PKey::from_ec_key(EcKey::generate(&group)?)?)
}

/// RFC 8737 §3: a self-signed certificate with exactly one SAN, the identifier, and the critical
/// acmeIdentifier extension whose value is the DER OCTET STRING of SHA-256(key authorization).
pub fn challenge_cert(
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
    use std::net::SocketAddr;

    #[test]
    fn sni_for_ip_identifiers_is_the_reverse_dns_name() {
        // RFC 8738 §6 and RFC 1035 §3.5 / RFC 3596 §2.5.
        let ip = |s: &str| Identifier::Ip(s.parse().unwrap());
        assert_eq!(sni_name(&ip("127.0.0.1")), "1.0.0.127.in-addr.arpa");
        assert_eq!(
            sni_name(&ip("2001:db8::567:89ab")),
            "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
        );
        assert_eq!(sni_name(&Identifier::Dns("a.example".into())), "a.example");
    }

    #[test]
    fn challenge_cert_has_one_san_and_the_critical_acme_identifier() {
        let key = new_key().unwrap();
        let ka = "token.thumbprint";
        let cert = challenge_cert(&Identifier::Dns("a.example".into()), ka, &key).unwrap();
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

        let cert = challenge_cert(&Identifier::Ip("127.0.0.1".parse().unwrap()), ka, &key).unwrap();
        let ips: Vec<String> = cert
            .subject_alt_names()
            .unwrap()
            .iter()
            .filter_map(|n| n.ipaddress().map(|b| format!("{b:?}")))
            .collect();
        assert_eq!(ips, vec![format!("{:?}", [127u8, 0, 0, 1])]);
        assert_eq!(cert.subject_alt_names().unwrap().len(), 1);
    }

    /// A TLS client like the CA's: SNI and ALPN as given, any certificate accepted.
    fn handshake(addr: SocketAddr, sni: &str, alpn: &[u8]) -> Result<X509, String> {
        use openssl::ssl::{SslConnector, SslVerifyMode};
        let mut c = SslConnector::builder(SslMethod::tls_client()).unwrap();
        c.set_verify(SslVerifyMode::NONE);
        c.set_alpn_protos(alpn).unwrap();
        let c = c.build();
        let tcp = std::net::TcpStream::connect(addr).map_err(|e| e.to_string())?;
        let mut cfg = c.configure().unwrap();
        cfg.set_verify_hostname(false);
        let tls = cfg.connect(sni, tcp).map_err(|e| e.to_string())?;
        assert_eq!(tls.ssl().selected_alpn_protocol(), Some(ACME_TLS_1));
        Ok(tls.ssl().peer_certificate().unwrap())
    }

    #[test]
    fn answers_only_acme_tls_1_for_known_names_then_closes_the_port() {
        let tasks = [
            Task {
                identifier: Identifier::Dns("a.example".into()),
                token: "t1".into(),
                key_authorization: "t1.thumb".into(),
                persist: None,
            },
            Task {
                identifier: Identifier::Ip("127.0.0.1".parse().unwrap()),
                token: "t2".into(),
                key_authorization: "t2.thumb".into(),
                persist: None,
            },
        ];
        let mut solver = TlsAlpn::new(ListenAddr {
            address: Some("127.0.0.1".parse().unwrap()),
            port: 0,
        });
        solver.prepare().unwrap();
        let addr = solver.bound()[0];
        solver.present(&tasks).unwrap();

        let cert = handshake(addr, "a.example", b"\x0aacme-tls/1").unwrap();
        let sans = cert.subject_alt_names().unwrap();
        assert_eq!(sans[0].dnsname(), Some("a.example"));
        let cert = handshake(addr, "1.0.0.127.in-addr.arpa", b"\x0aacme-tls/1").unwrap();
        let sans = cert.subject_alt_names().unwrap();
        assert_eq!(sans[0].ipaddress(), Some(&[127u8, 0, 0, 1][..]));

        assert!(
            handshake(addr, "a.example", b"\x08http/1.1").is_err(),
            "other ALPN"
        );
        assert!(
            handshake(addr, "b.example", b"\x0aacme-tls/1").is_err(),
            "unknown SNI"
        );

        solver.cleanup().unwrap();
        assert!(
            std::net::TcpStream::connect(addr).is_err(),
            "still listening"
        );
    }
}
