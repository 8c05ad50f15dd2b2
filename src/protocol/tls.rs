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
        OpensslConnector::with_identity(extra, None)
    }

    /// As [`OpensslConnector::new`], presenting a client certificate chain and its key (PEM
    /// files) when the server asks for one (etcd with client-certificate auth).
    pub fn with_identity(
        extra: &[X509],
        identity: Option<(&std::path::Path, &std::path::Path)>,
    ) -> Result<OpensslConnector, openssl::error::ErrorStack> {
        let mut builder = SslContext::builder(SslMethod::tls_client())?;
        builder.set_verify(SslVerifyMode::PEER);
        builder.set_options(
            SslOptions::NO_COMPRESSION | SslOptions::NO_TLSV1 | SslOptions::NO_TLSV1_1,
        );
        let store = builder.cert_store_mut();
        let dir = std::env::var("SSL_CERT_DIR").unwrap_or_else(|_| openssl_dir());
        store
            .add_lookup(X509Lookup::hash_dir())?
            .add_dir(&dir, openssl::ssl::SslFiletype::PEM)?;
        if let Some(file) = extra_cert_file(&dir) {
            store
                .add_lookup(X509Lookup::file())?
                .load_cert_file(&file, openssl::ssl::SslFiletype::PEM)?;
        }
        for cert in extra {
            store.add_cert(cert.clone())?;
        }
        if let Some((chain, key)) = identity {
            builder.set_certificate_chain_file(chain)?;
            builder.set_private_key_file(key, openssl::ssl::SslFiletype::PEM)?;
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
