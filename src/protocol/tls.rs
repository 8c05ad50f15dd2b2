//! HTTPS for the transport, through OpenSSL directly.
//!
//! Why not ureq's native-tls provider, nor `SslConnector::builder`: both load OpenSSL's default
//! verify paths, which parses the whole system bundle (`ca-certificates.crt`, ~150 roots) on every
//! start — 95 % of the CPU of a complete issuance (callgrind: ~680 M of ~710 M instructions).
//! Here the system roots are found through OpenSSL's hashed certificate directory, which loads
//! only the root a server actually chains to, and `--ca-bundle` roots are added on top of them.
//! Peer verification and host-name checking are set explicitly on each connection.

use openssl::ssl::{Ssl, SslContext, SslMethod, SslOptions, SslStream, SslVerifyMode};
use openssl::x509::X509;
use openssl::x509::store::X509Lookup;
use std::fmt;
use std::io::{self, Read, Write};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, Transport,
    TransportAdapter,
};

/// Wraps the TCP transport in TLS for `https://` URLs.
pub struct OpensslConnector {
    context: SslContext,
}

impl OpensslConnector {
    /// System roots (the hashed directory, and the file named by SSL_CERT_FILE if set), plus
    /// `extra`.
    pub fn new(extra: &[X509]) -> Result<OpensslConnector, openssl::error::ErrorStack> {
        let dir = std::env::var("SSL_CERT_DIR").unwrap_or_else(|_| openssl_dir());
        OpensslConnector::build(extra, Some(&dir), None)
    }

    /// Trusting `only` roots when given — not the system's —, the system's otherwise; and
    /// presenting a client certificate chain (a PEM file) and its private key (PEM, read by the
    /// caller, who checks the file's mode) when the server asks for one. For etcd, whose
    /// servers carry certificates of the operator's own CA: a public CA's certificate for the
    /// same name must not be trusted.
    pub fn with_identity(
        only: Option<&[X509]>,
        identity: Option<(&std::path::Path, &[u8])>,
    ) -> Result<OpensslConnector, openssl::error::ErrorStack> {
        let dir = std::env::var("SSL_CERT_DIR").unwrap_or_else(|_| openssl_dir());
        OpensslConnector::with_identity_in(only, identity, &dir)
    }

    /// [`OpensslConnector::with_identity`] with the system's hashed directory named.
    fn with_identity_in(
        only: Option<&[X509]>,
        identity: Option<(&std::path::Path, &[u8])>,
        system: &str,
    ) -> Result<OpensslConnector, openssl::error::ErrorStack> {
        match only {
            Some(roots) => OpensslConnector::build(roots, None, identity),
            None => OpensslConnector::build(&[], Some(system), identity),
        }
    }

    /// `extra` roots, plus the hashed directory `system` (and SSL_CERT_FILE) when given.
    fn build(
        extra: &[X509],
        system: Option<&str>,
        identity: Option<(&std::path::Path, &[u8])>,
    ) -> Result<OpensslConnector, openssl::error::ErrorStack> {
        let mut builder = SslContext::builder(SslMethod::tls_client())?;
        builder.set_verify(SslVerifyMode::PEER);
        builder.set_options(
            SslOptions::NO_COMPRESSION | SslOptions::NO_TLSV1 | SslOptions::NO_TLSV1_1,
        );
        let store = builder.cert_store_mut();
        if let Some(dir) = system {
            store
                .add_lookup(X509Lookup::hash_dir())?
                .add_dir(dir, openssl::ssl::SslFiletype::PEM)?;
            if let Some(file) = extra_cert_file(dir) {
                store
                    .add_lookup(X509Lookup::file())?
                    .load_cert_file(&file, openssl::ssl::SslFiletype::PEM)?;
            }
        }
        for cert in extra {
            store.add_cert(cert.clone())?;
        }
        if let Some((chain, key_pem)) = identity {
            builder.set_certificate_chain_file(chain)?;
            let key = openssl::pkey::PKey::private_key_from_pem(key_pem)?;
            builder.set_private_key(&key)?;
            builder.check_private_key()?;
        }
        Ok(OpensslConnector {
            context: builder.build(),
        })
    }

    /// A client session for `host`: SNI set (for names), and the certificate must name `host`.
    fn session(&self, host: &str) -> Result<Ssl, openssl::error::ErrorStack> {
        let mut ssl = Ssl::new(&self.context)?;
        match host.parse::<std::net::IpAddr>() {
            Ok(ip) => ssl.param_mut().set_ip(ip)?,
            Err(_) => {
                ssl.set_hostname(host)?;
                ssl.param_mut().set_host(host)?;
            }
        }
        Ok(ssl)
    }
}

/// `SSL_CERT_FILE`, unless it is the distribution's bundle inside the hashed directory (Debian's
/// `ca-certificates.crt`), whose roots the directory already holds: parsing it whole is the
/// start-up cost this module exists to avoid.
fn extra_cert_file(dir: &str) -> Option<std::path::PathBuf> {
    let file = std::path::PathBuf::from(std::env::var_os("SSL_CERT_FILE")?);
    let canonical = |p: &std::path::Path| std::fs::canonicalize(p).ok();
    let in_dir = file.parent().and_then(canonical) == canonical(std::path::Path::new(dir));
    (!in_dir && file.is_file()).then_some(file)
}

/// OpenSSL's compiled-in certificate directory (`/usr/lib/ssl/certs` → `/etc/ssl/certs` on Debian).
fn openssl_dir() -> String {
    for dir in ["/etc/ssl/certs", "/etc/pki/tls/certs", "/usr/lib/ssl/certs"] {
        if std::path::Path::new(dir).is_dir() {
            return dir.to_string();
        }
    }
    "/etc/ssl/certs".to_string()
}

impl fmt::Debug for OpensslConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OpensslConnector")
    }
}

impl<In: Transport> Connector<In> for OpensslConnector {
    type Out = Either<In, TlsTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let Some(transport) = chained else {
            return Ok(None);
        };
        if !details.needs_tls() || transport.is_tls() {
            return Ok(Some(Either::A(transport)));
        }
        let host = details
            .uri
            .host()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let mut adapter = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        adapter.set_timeout(details.timeout);
        let ssl = self.session(&host).map_err(|e| {
            ureq::Error::Io(io::Error::other(format!(
                "TLS setup for {host} failed: {e}"
            )))
        })?;
        let stream = ssl.connect(adapter).map_err(|e| {
            let why = match &e {
                openssl::ssl::HandshakeError::Failure(mid) => {
                    let verify = mid.ssl().verify_result();
                    if verify.as_raw() != 0 {
                        format!(
                            "TLS handshake with {host} failed: certificate verify failed ({})",
                            verify.error_string()
                        )
                    } else {
                        format!("TLS handshake with {host} failed: {}", mid.error())
                    }
                }
                openssl::ssl::HandshakeError::SetupFailure(e) => {
                    format!("TLS setup for {host} failed: {e}")
                }
                openssl::ssl::HandshakeError::WouldBlock(_) => {
                    format!("TLS handshake with {host} stalled")
                }
            };
            ureq::Error::Io(io::Error::other(why))
        })?;
        let buffers = LazyBuffers::new(
            details.config.input_buffer_size(),
            details.config.output_buffer_size(),
        );
        Ok(Some(Either::B(TlsTransport { buffers, stream })))
    }
}

/// One TLS connection, as ureq's transport: what [`OpensslConnector`] hands ureq for an
/// `https://` URL once the handshake and host-name check have passed.
pub struct TlsTransport {
    buffers: LazyBuffers,
    stream: SslStream<TransportAdapter>,
}

impl fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TlsTransport")
    }
}

impl Transport for TlsTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        self.stream.write_all(&self.buffers.output()[..amount])?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let n = match self.stream.read(self.buffers.input_append_buf()) {
            Ok(n) => n,
            // A peer that closes without close_notify: treat as end of stream, as HTTP/1.1 framing
            // (Content-Length) decides whether the body was complete.
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => 0,
            Err(e) => return Err(e.into()),
        };
        self.buffers.input_appended(n);
        Ok(n > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openssl::asn1::Asn1Time;
    use openssl::bn::BigNum;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::{PKey, Private};
    use openssl::ssl::{SslAcceptor, SslMethod};
    use openssl::x509::X509NameBuilder;
    use openssl::x509::extension::{BasicConstraints, SubjectAlternativeName};

    fn key() -> PKey<Private> {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
    }

    /// A CA certificate (`issuer` None) or a server certificate for 127.0.0.1 signed by `issuer`.
    fn cert(cn: &str, key: &PKey<Private>, issuer: Option<(&X509, &PKey<Private>)>) -> X509 {
        let mut name = X509NameBuilder::new().unwrap();
        name.append_entry_by_nid(Nid::COMMONNAME, cn).unwrap();
        let name = name.build();
        let mut b = X509::builder().unwrap();
        b.set_version(2).unwrap();
        b.set_serial_number(&BigNum::from_u32(7).unwrap().to_asn1_integer().unwrap())
            .unwrap();
        b.set_subject_name(&name).unwrap();
        b.set_pubkey(key).unwrap();
        b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
            .unwrap();
        b.set_not_after(&Asn1Time::days_from_now(2).unwrap())
            .unwrap();
        match issuer {
            None => {
                b.set_issuer_name(&name).unwrap();
                b.append_extension(BasicConstraints::new().critical().ca().build().unwrap())
                    .unwrap();
                b.sign(key, MessageDigest::sha256()).unwrap();
            }
            Some((ca, ca_key)) => {
                b.set_issuer_name(ca.subject_name()).unwrap();
                let san = SubjectAlternativeName::new()
                    .ip("127.0.0.1")
                    .build(&b.x509v3_context(Some(ca), None))
                    .unwrap();
                b.append_extension(san).unwrap();
                b.sign(ca_key, MessageDigest::sha256()).unwrap();
            }
        }
        b.build()
    }

    /// Whether a handshake with a one-shot server on 127.0.0.1 presenting `server` succeeds.
    fn handshake(c: &OpensslConnector, server: (X509, PKey<Private>)) -> bool {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mut acceptor = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls()).unwrap();
        acceptor.set_certificate(&server.0).unwrap();
        acceptor.set_private_key(&server.1).unwrap();
        let acceptor = acceptor.build();
        let t = std::thread::spawn(move || {
            let (s, _) = listener.accept().unwrap();
            let _ = acceptor.accept(s);
        });
        let tcp = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        tcp.set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        let ok = c.session("127.0.0.1").unwrap().connect(tcp).is_ok();
        t.join().unwrap();
        ok
    }

    /// Review finding 12a: with the operator's CA named (etcd), a server certificate from a CA
    /// the system trusts is refused; without it, the system's roots are what is trusted.
    #[test]
    fn named_roots_are_the_only_roots_trusted() {
        let (public_key, own_key) = (key(), key());
        let public = cert("a public CA", &public_key, None);
        let own = cert("the operator's CA", &own_key, None);
        // A system certificate directory that trusts the "public" CA.
        let system = tempfile::tempdir().unwrap();
        std::fs::write(
            system
                .path()
                .join(format!("{:08x}.0", public.subject_name_hash())),
            public.to_pem().unwrap(),
        )
        .unwrap();
        let dir = system.path().to_str().unwrap();
        let server = |ca: &X509, ca_key: &PKey<Private>| {
            let k = key();
            (cert("127.0.0.1", &k, Some((ca, ca_key))), k)
        };
        let pinned =
            OpensslConnector::with_identity_in(Some(std::slice::from_ref(&own)), None, dir)
                .unwrap();
        assert!(!handshake(&pinned, server(&public, &public_key)));
        assert!(handshake(&pinned, server(&own, &own_key)));
        let system_only = OpensslConnector::with_identity_in(None, None, dir).unwrap();
        assert!(handshake(&system_only, server(&public, &public_key)));
        assert!(!handshake(&system_only, server(&own, &own_key)));
    }
}
