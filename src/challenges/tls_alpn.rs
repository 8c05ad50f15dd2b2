//! tls-alpn-01 (RFC 8737): this process answers TLS connections that offer the ALPN protocol
//! `acme-tls/1` with a self-signed certificate for the name in the SNI, carrying the
//! acmeIdentifier extension, and stops listening at cleanup.

use anyhow::Result;
use openssl::ec::{EcGroup, EcKey};
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{AlpnError, NameType, SniError, SslAcceptor, SslAlert, SslMethod};
use openssl::x509::X509;
use std::collections::HashMap;
use std::sync::Arc;

use super::listen::{ListenAddr, Listener};
use super::{Solver, Task};
use acme::protocol::challenge::{ACME_TLS_1, tls_alpn01_certificate, tls_alpn01_sni};

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
            tls_alpn01_sni(&task.identifier),
            self.listener.addr()
        )
    }

    fn cleanup(&mut self) -> Result<()> {
        self.listener.stop();
        Ok(())
    }
}

/// A TLS acceptor that speaks only `acme-tls/1` and picks the certificate by SNI.
fn acceptor(tasks: &[Task]) -> Result<SslAcceptor> {
    let key = new_key()?;
    let mut certs: HashMap<String, X509> = HashMap::new();
    for task in tasks {
        certs.insert(
            tls_alpn01_sni(&task.identifier),
            tls_alpn01_certificate(&task.identifier, &task.key_authorization, &key)?,
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

#[cfg(test)]
mod tests {
    use super::*;
    use acme::identifiers::Identifier;
    use std::net::SocketAddr;

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
