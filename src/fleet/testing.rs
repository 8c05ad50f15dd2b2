//! Unit-test support: one real etcd member (Debian's `etcd-server`) on free loopback ports,
//! killed on drop. The three-member cluster of the end-to-end tests is in
//! tests/suite/support/etcd.rs.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::etcd::{Config, Etcd};

pub struct OneEtcd {
    _dir: tempfile::TempDir,
    pub port: u16,
    child: Child,
}

/// The command line of a one-member etcd cluster on two free loopback ports, with its client
/// URL (`scheme`, `http` or `https`; peers speak plain HTTP) and port.
fn member(name: &str, data: &std::path::Path, scheme: &str) -> (u16, String, Command) {
    let (client, peer) = {
        let a = TcpListener::bind("127.0.0.1:0").unwrap();
        let b = TcpListener::bind("127.0.0.1:0").unwrap();
        (
            a.local_addr().unwrap().port(),
            b.local_addr().unwrap().port(),
        )
    };
    let c = format!("{scheme}://127.0.0.1:{client}");
    let p = format!("http://127.0.0.1:{peer}");
    let mut etcd = Command::new("etcd");
    etcd.args(["--name", name, "--data-dir"])
        .arg(data)
        .args(["--listen-client-urls", &c, "--advertise-client-urls", &c])
        .args([
            "--listen-peer-urls",
            &p,
            "--initial-advertise-peer-urls",
            &p,
        ])
        .args(["--initial-cluster", &format!("{name}={p}")])
        .args(["--logger", "zap", "--log-level", "error"]);
    (client, c, etcd)
}

/// Starts `etcd` with no input or output.
fn spawn(etcd: &mut Command) -> Child {
    etcd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("etcd (Debian: apt-get install etcd-server)")
}

impl OneEtcd {
    pub fn start() -> OneEtcd {
        let dir = tempfile::tempdir().unwrap();
        let (client, _, mut etcd) = member("solo", &dir.path().join("data"), "http");
        let child = spawn(&mut etcd);
        let one = OneEtcd {
            _dir: dir,
            port: client,
            child,
        };
        let etcd = one.client("probe");
        let deadline = Instant::now() + Duration::from_secs(20);
        while etcd.revision().is_err() {
            assert!(Instant::now() < deadline, "etcd did not come up");
            std::thread::sleep(Duration::from_millis(50));
        }
        one
    }

    pub fn config(&self, prefix: &str) -> Config {
        Config::parse_url(&format!("etcd://127.0.0.1:{}/{prefix}", self.port)).unwrap()
    }

    pub fn client(&self, prefix: &str) -> Etcd {
        Etcd::connect(self.config(prefix)).unwrap()
    }
}

impl Drop for OneEtcd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One etcd member that speaks only TLS, requires a client certificate signed by its CA, and
/// has etcd's authentication on: user `acme` (password in `password_file`) may read and write
/// under `fleet/` only. Set up with Debian's `etcdctl`.
pub struct TlsEtcd {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Child,
}

impl TlsEtcd {
    pub fn start() -> TlsEtcd {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        let d = d.as_path();
        certs::write(d);
        let (client, c, mut etcd) = member("tls", &d.join("data"), "https");
        etcd.arg("--cert-file")
            .arg(d.join("server.pem"))
            .arg("--key-file")
            .arg(d.join("server.key"))
            .arg("--trusted-ca-file")
            .arg(d.join("ca.pem"))
            .arg("--client-cert-auth");
        let child = spawn(&mut etcd);
        let one = TlsEtcd {
            dir,
            port: client,
            child,
        };
        let ctl = |args: &[&str]| {
            Command::new("etcdctl")
                .env("ETCDCTL_API", "3")
                .arg(format!("--endpoints={c}"))
                .arg(format!("--cacert={}", d.join("ca.pem").display()))
                .arg(format!("--cert={}", d.join("client.pem").display()))
                .arg(format!("--key={}", d.join("client.key").display()))
                .args(args)
                .output()
                .expect("etcdctl (Debian: apt-get install etcd-client)")
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !ctl(&["endpoint", "health"]).status.success() {
            assert!(Instant::now() < deadline, "etcd with TLS did not come up");
            std::thread::sleep(Duration::from_millis(100));
        }
        for args in [
            &["user", "add", "root", "--new-user-password=rootpw"][..],
            &["role", "add", "acme"],
            &[
                "role",
                "grant-permission",
                "acme",
                "readwrite",
                "fleet/",
                "--prefix=true",
            ],
            &["user", "add", "acme", "--new-user-password=s3cret"],
            &["user", "grant-role", "acme", "acme"],
            &["auth", "enable"],
        ] {
            let out = ctl(args);
            assert!(
                out.status.success(),
                "etcdctl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        crate::storage::fsutil::write_atomic(&d.join("password"), b"s3cret\n", 0o600).unwrap();
        one
    }

    /// The client's setting: TLS with the test CA, the client certificate, user `acme`.
    pub fn config(&self, prefix: &str) -> Config {
        let d = self.dir.path();
        let mut c =
            Config::parse_url(&format!("etcds://127.0.0.1:{}/{prefix}", self.port)).unwrap();
        c.ca_bundle = Some(d.join("ca.pem"));
        c.client_cert = Some(d.join("client.pem"));
        c.client_key = Some(d.join("client.key"));
        c.user = Some("acme".into());
        c.password_file = Some(d.join("password"));
        c
    }
}

impl Drop for TlsEtcd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A test CA, a server certificate for 127.0.0.1 and a client certificate (P-256).
mod certs {
    use openssl::asn1::Asn1Time;
    use openssl::bn::BigNum;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::{PKey, Private};
    use openssl::x509::extension::{BasicConstraints, ExtendedKeyUsage, SubjectAlternativeName};
    use openssl::x509::{X509, X509NameBuilder};
    use std::path::Path;

    fn key() -> PKey<Private> {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
    }

    fn cert(
        cn: &str,
        key: &PKey<Private>,
        issuer: Option<(&X509, &PKey<Private>)>,
        serial: u32,
    ) -> X509 {
        let mut name = X509NameBuilder::new().unwrap();
        // etcd refuses gateway requests from a client certificate with a Common Name.
        match cn {
            "" => name
                .append_entry_by_nid(Nid::ORGANIZATIONNAME, "acme fleet node")
                .unwrap(),
            cn => name.append_entry_by_nid(Nid::COMMONNAME, cn).unwrap(),
        }
        let name = name.build();
        let mut b = X509::builder().unwrap();
        b.set_version(2).unwrap();
        b.set_serial_number(&BigNum::from_u32(serial).unwrap().to_asn1_integer().unwrap())
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
                    .dns("localhost")
                    .build(&b.x509v3_context(Some(ca), None))
                    .unwrap();
                b.append_extension(san).unwrap();
                let eku = ExtendedKeyUsage::new()
                    .server_auth()
                    .client_auth()
                    .build()
                    .unwrap();
                b.append_extension(eku).unwrap();
                b.sign(ca_key, MessageDigest::sha256()).unwrap();
            }
        }
        b.build()
    }

    pub fn write(dir: &Path) {
        let ca_key = key();
        let ca = cert("fleet test CA", &ca_key, None, 1);
        std::fs::write(dir.join("ca.pem"), ca.to_pem().unwrap()).unwrap();
        for (name, cn, serial) in [("server", "127.0.0.1", 2), ("client", "", 3)] {
            let k = key();
            let c = cert(cn, &k, Some((&ca, &ca_key)), serial);
            std::fs::write(dir.join(format!("{name}.pem")), c.to_pem().unwrap()).unwrap();
            crate::storage::fsutil::write_atomic(
                &dir.join(format!("{name}.key")),
                &k.private_key_to_pem_pkcs8().unwrap(),
                0o600,
            )
            .unwrap();
        }
    }
}

/// A lineage version as a CA would issue it: a P-256 key, a leaf for `names` valid from
/// `not_before` to `not_after` (Unix seconds) signed by a throw-away CA, the CA as its chain.
pub fn issued(names: &[&str], not_before: i64, not_after: i64) -> crate::storage::store::Version {
    use openssl::asn1::Asn1Time;
    use openssl::bn::BigNum;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    use openssl::x509::extension::{BasicConstraints, SubjectAlternativeName};
    use openssl::x509::{X509, X509NameBuilder};
    let key = || {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
    };
    let (ca_key, leaf_key) = (key(), key());
    let name = |cn: &str| {
        let mut n = X509NameBuilder::new().unwrap();
        n.append_entry_by_nid(Nid::COMMONNAME, cn).unwrap();
        n.build()
    };
    let mut b = X509::builder().unwrap();
    b.set_version(2).unwrap();
    b.set_serial_number(&BigNum::from_u32(1).unwrap().to_asn1_integer().unwrap())
        .unwrap();
    b.set_subject_name(&name("fleet test issuer")).unwrap();
    b.set_issuer_name(&name("fleet test issuer")).unwrap();
    b.set_pubkey(&ca_key).unwrap();
    b.set_not_before(&Asn1Time::from_unix(not_before - 86400).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::from_unix(not_after + 86400).unwrap())
        .unwrap();
    b.append_extension(BasicConstraints::new().critical().ca().build().unwrap())
        .unwrap();
    b.sign(&ca_key, MessageDigest::sha256()).unwrap();
    let ca = b.build();
    let mut b = X509::builder().unwrap();
    b.set_version(2).unwrap();
    b.set_serial_number(&BigNum::from_u32(2).unwrap().to_asn1_integer().unwrap())
        .unwrap();
    b.set_subject_name(&name(names[0])).unwrap();
    b.set_issuer_name(ca.subject_name()).unwrap();
    b.set_pubkey(&leaf_key).unwrap();
    b.set_not_before(&Asn1Time::from_unix(not_before).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::from_unix(not_after).unwrap())
        .unwrap();
    let mut san = SubjectAlternativeName::new();
    for n in names {
        san.dns(n);
    }
    let san = san.build(&b.x509v3_context(Some(&ca), None)).unwrap();
    b.append_extension(san).unwrap();
    b.sign(&ca_key, MessageDigest::sha256()).unwrap();
    let leaf = b.build();
    let cert = leaf.to_pem().unwrap();
    let chain = ca.to_pem().unwrap();
    crate::storage::store::Version {
        fullchain: [cert.clone(), chain.clone()].concat(),
        cert,
        chain,
        privkey: Some(leaf_key.private_key_to_pem_pkcs8().unwrap()),
        issuer: None,
        issuer_unsealed: false,
    }
}

/// A fleet node named `name` with its config dir in `dir`, on `one`'s prefix `fleet`, its web
/// root at `dir/www`.
pub fn node(one: &OneEtcd, dir: &std::path::Path, name: &str) -> super::node::Node {
    use super::node::{Node, Setting};
    let setting = Setting {
        store: one.config("fleet"),
        node: name.to_string(),
        key_file: dir.join("fleet.key"),
        webroot: Some(dir.join("www")),
        tls_alpn: None,
        lock_ttl: 2,
    };
    Node {
        store: super::store::EtcdStore::new(
            one.client("fleet"),
            crate::storage::seal::Sealer::from_key([7; 32]),
            name,
            2,
        ),
        setting,
        layout: crate::storage::Layout::new(dir.to_path_buf()),
    }
}

/// A TLS client like a CA validating tls-alpn-01 (SNI `sni`, ALPN `acme-tls/1`, any
/// certificate accepted): the certificate served, or `None` if the handshake failed.
pub fn tls_alpn_handshake(addr: std::net::SocketAddr, sni: &str) -> Option<openssl::x509::X509> {
    use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
    let mut c = SslConnector::builder(SslMethod::tls_client()).ok()?;
    c.set_verify(SslVerifyMode::NONE);
    c.set_alpn_protos(b"\x0aacme-tls/1").ok()?;
    let c = c.build();
    let tcp = std::net::TcpStream::connect(addr).ok()?;
    let mut cfg = c.configure().ok()?;
    cfg.set_verify_hostname(false);
    let tls = cfg.connect(sni, tcp).ok()?;
    tls.ssl().peer_certificate()
}
