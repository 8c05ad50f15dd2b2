//! tls-alpn-01 (RFC 8737): this process answers TLS connections that offer the ALPN protocol
//! `acme-tls/1` with a self-signed certificate for the name in the SNI, carrying the
//! acmeIdentifier extension, and stops listening at cleanup. [`Responder`] is the same
//! responder with answers that change while it listens (a fleet node serving the answers
//! other nodes publish, `fleet::tls_alpn`).

use anyhow::Result;
use openssl::ec::{EcGroup, EcKey};
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{AlpnError, NameType, SniError, SslAcceptor, SslAlert, SslMethod};
use openssl::x509::X509;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::listen::{ListenAddr, Listener};
use super::{Solver, Task};
use acme::identifiers::Identifier;
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
        let key = new_key()?;
        let mut certs = HashMap::new();
        for task in tasks {
            certs.insert(
                tls_alpn01_sni(&task.identifier),
                tls_alpn01_certificate(&task.identifier, &task.key_authorization, &key)?,
            );
        }
        serve(&mut self.listener, &key, Arc::new(RwLock::new(certs)))
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

/// Validation certificates by SNI name (the identifier, or its reverse-DNS name for an IP).
type Certs = Arc<RwLock<HashMap<String, X509>>>;

/// Serves `certs` (as they are at each handshake) on `listener`.
fn serve(listener: &mut Listener, key: &PKey<Private>, certs: Certs) -> Result<()> {
    let acceptor = Arc::new(acceptor(key, certs)?);
    listener.serve("tls-alpn-01", move |stream| {
        // The CA only needs the handshake; then the connection is closed.
        if let Ok(mut tls) = acceptor.accept(stream) {
            let _ = tls.shutdown();
        }
    })
}

/// A TLS acceptor that speaks only `acme-tls/1` and picks the certificate by SNI; every
/// certificate is made with `key`.
fn acceptor(key: &PKey<Private>, certs: Certs) -> Result<SslAcceptor> {
    let mut b = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls_server())?;
    b.set_private_key(key)?;
    // RFC 8737 §3: the server MUST NOT answer with the validation certificate for other protocols.
    b.set_alpn_select_callback(|_, offered| {
        openssl::ssl::select_next_proto(b"\x0aacme-tls/1", offered)
            .filter(|p| *p == ACME_TLS_1)
            .ok_or(AlpnError::ALERT_FATAL)
    });
    b.set_servername_callback(move |ssl, alert| {
        let name = ssl
            .servername(NameType::HOST_NAME)
            .map(|n| n.trim_end_matches('.').to_ascii_lowercase());
        let cert = name.as_deref().and_then(|n| {
            let certs = certs.read().unwrap_or_else(|e| e.into_inner());
            certs.get(n).cloned()
        });
        match cert {
            Some(cert) => ssl
                .set_certificate(&cert)
                .map_err(|_| SniError::ALERT_FATAL),
            None => {
                *alert = SslAlert::UNRECOGNIZED_NAME;
                Err(SniError::ALERT_FATAL)
            }
        }
    });
    Ok(b.build())
}

/// A tls-alpn-01 responder listening for as long as it lives, whose answers are added and
/// removed while it listens.
pub struct Responder {
    listener: Listener,
    key: PKey<Private>,
    certs: Certs,
    /// The SNI name each answer (by token) is served under.
    names: HashMap<String, String>,
}

impl Responder {
    /// Binds `addr` and starts serving (no answers yet: every handshake is refused).
    pub fn start(addr: ListenAddr, flag: &'static str) -> Result<Responder> {
        let mut listener = Listener::new(addr, flag);
        let key = new_key()?;
        let certs: Certs = Arc::default();
        serve(&mut listener, &key, certs.clone())?;
        Ok(Responder {
            listener,
            key,
            certs,
            names: HashMap::new(),
        })
    }

    /// Where it listens.
    pub fn addr(&self) -> ListenAddr {
        self.listener.addr()
    }

    /// Serves the validation certificate of `identifier` with `key_authorization`, known by
    /// `token` for [`Responder::remove`] (a later answer for the same name replaces it).
    pub fn put(
        &mut self,
        token: &str,
        identifier: &Identifier,
        key_authorization: &str,
    ) -> Result<()> {
        let name = tls_alpn01_sni(identifier);
        let cert = tls_alpn01_certificate(identifier, key_authorization, &self.key)?;
        self.certs
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.clone(), cert);
        self.names.insert(token.to_string(), name);
        Ok(())
    }

    /// Stops serving the answer known by `token`, unless a later one took its name.
    pub fn remove(&mut self, token: &str) {
        let Some(name) = self.names.remove(token) else {
            return;
        };
        if !self.names.values().any(|n| *n == name) {
            self.certs
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&name);
        }
    }

    #[cfg(test)]
    pub fn bound(&self) -> &[std::net::SocketAddr] {
        self.listener.bound()
    }
}

impl Drop for Responder {
    fn drop(&mut self) {
        self.listener.stop();
    }
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

    /// The long-lived responder serves answers from the moment they are put until removed,
    /// and a name answered by two tokens stays until both are gone.
    #[test]
    fn a_responder_serves_answers_as_they_come_and_go() {
        let mut r = Responder::start(
            ListenAddr {
                address: Some("127.0.0.1".parse().unwrap()),
                port: 0,
            },
            "--tls-alpn-listen",
        )
        .unwrap();
        let addr = r.bound()[0];
        let alpn = b"\x0aacme-tls/1";
        assert!(handshake(addr, "a.example", alpn).is_err(), "nothing yet");
        let a = Identifier::Dns("a.example".into());
        r.put("t1", &a, "t1.thumb").unwrap();
        let cert = handshake(addr, "a.example", alpn).unwrap();
        assert_eq!(
            cert.subject_alt_names().unwrap()[0].dnsname(),
            Some("a.example")
        );
        assert!(handshake(addr, "b.example", alpn).is_err());
        r.put("t2", &a, "t2.thumb").unwrap();
        r.remove("t1");
        assert!(
            handshake(addr, "a.example", alpn).is_ok(),
            "t2 still answers"
        );
        r.remove("t2");
        assert!(handshake(addr, "a.example", alpn).is_err(), "removed");
        drop(r);
        assert!(
            std::net::TcpStream::connect(addr).is_err(),
            "still listening"
        );
    }
}
