//! This node's fleet setting: `<config dir>/fleet.conf`, written by `acme fleet join`.
//!
//! ```text
//! store = etcds://10.0.0.1:2379,10.0.0.2:2379/acme    the shared store (etcd:// only to loopback)
//! node = web1                                         this node's name in the fleet
//! key_file = /etc/acme/fleet.key                      the fleet key (0600), the same on every node
//! webroot = /var/www/html                             where this node serves http-01 answers
//! tls_alpn = 0.0.0.0:443                              where `sync --watch` serves tls-alpn-01 answers
//! lock_ttl = 60                                       seconds a dead node's lock outlives it
//! etcd_ca / etcd_cert / etcd_key                      TLS to etcd (PEM files)
//! etcd_user / etcd_password_file                      etcd authentication
//! ```
//!
//! `ACME_STORE=local` makes one run ignore the setting (the node works on its config dir alone).

use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use super::etcd::{Config, Etcd};
use super::store::EtcdStore;
use crate::challenges::listen::ListenAddr;
use crate::storage::Layout;
use crate::storage::fsutil::{PUBLIC, write_atomic};
use crate::storage::seal::Sealer;

/// The default lock TTL: long enough for a slow validation between keep-alives, short enough
/// that a dead node's lineages are taken over within the hour's renewal run.
pub const DEFAULT_LOCK_TTL: u64 = 60;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Setting {
    pub store: Config,
    pub node: String,
    pub key_file: PathBuf,
    pub webroot: Option<PathBuf>,
    /// Where `acme sync --watch` answers the tls-alpn-01 validations of other nodes' orders.
    pub tls_alpn: Option<ListenAddr>,
    pub lock_ttl: u64,
}

/// A tls-alpn-01 listening address as fleet.conf and `--tls-alpn-listen` spell it:
/// `IP:PORT`, `[IPv6]:PORT`, or a port alone (every address). Port 0 is refused.
pub fn parse_listen(v: &str) -> Result<ListenAddr> {
    let addr = match v.parse::<u16>() {
        Ok(port) => ListenAddr {
            address: None,
            port,
        },
        Err(_) => {
            let sa: std::net::SocketAddr = v.parse().with_context(|| {
                format!("{v:?} is not an address to listen on (IP:PORT, [IPv6]:PORT or a port)")
            })?;
            ListenAddr {
                address: Some(sa.ip()),
                port: sa.port(),
            }
        }
    };
    if addr.port == 0 {
        bail!("{v:?}: the tls-alpn-01 port cannot be 0");
    }
    Ok(addr)
}

fn render_listen(a: &ListenAddr) -> String {
    match a.address {
        Some(ip) => std::net::SocketAddr::new(ip, a.port).to_string(),
        None => a.port.to_string(),
    }
}

impl Setting {
    pub fn path(layout: &Layout) -> PathBuf {
        layout.root.join("fleet.conf")
    }

    pub fn parse(text: &str) -> Result<Setting> {
        let mut s = Setting {
            lock_ttl: DEFAULT_LOCK_TTL,
            ..Setting::default()
        };
        let mut store = None;
        let mut etcd = Config::default();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) = line
                .split_once('=')
                .with_context(|| format!("line {}: expected `key = value`", i + 1))?;
            let (k, v) = (k.trim(), v.trim().to_string());
            match k {
                "store" => store = Some(Config::parse_url(&v)?),
                "node" => s.node = v,
                "key_file" => s.key_file = v.into(),
                "webroot" => s.webroot = Some(v.into()),
                "tls_alpn" => {
                    s.tls_alpn = Some(parse_listen(&v).with_context(|| format!("line {}", i + 1))?)
                }
                "lock_ttl" => {
                    s.lock_ttl = v
                        .parse()
                        .ok()
                        .filter(|t| (1..=3600).contains(t))
                        .with_context(|| {
                            format!("line {}: lock_ttl must be 1 to 3600 seconds", i + 1)
                        })?
                }
                "etcd_ca" => etcd.ca_bundle = Some(v.into()),
                "etcd_cert" => etcd.client_cert = Some(v.into()),
                "etcd_key" => etcd.client_key = Some(v.into()),
                "etcd_user" => etcd.user = Some(v),
                "etcd_password_file" => etcd.password_file = Some(v.into()),
                _ => bail!("line {}: unknown key {k:?}", i + 1),
            }
        }
        let mut store = store.context("no `store = etcd://…` line")?;
        store.ca_bundle = etcd.ca_bundle;
        store.client_cert = etcd.client_cert;
        store.client_key = etcd.client_key;
        store.user = etcd.user;
        store.password_file = etcd.password_file;
        s.store = store;
        check_node_name(&s.node)?;
        if s.key_file.as_os_str().is_empty() {
            bail!("no `key_file` line");
        }
        Ok(s)
    }

    pub fn render(&self) -> String {
        let mut out =
            String::from("# This node's place in an acme fleet, written by `acme fleet join`.\n");
        let mut put = |k: &str, v: &str| out.push_str(&format!("{k} = {v}\n"));
        put("store", &self.store.url());
        put("node", &self.node);
        put("key_file", &self.key_file.display().to_string());
        if let Some(w) = &self.webroot {
            put("webroot", &w.display().to_string());
        }
        if let Some(a) = &self.tls_alpn {
            put("tls_alpn", &render_listen(a));
        }
        put("lock_ttl", &self.lock_ttl.to_string());
        let paths = [
            ("etcd_ca", &self.store.ca_bundle),
            ("etcd_cert", &self.store.client_cert),
            ("etcd_key", &self.store.client_key),
            ("etcd_password_file", &self.store.password_file),
        ];
        for (k, v) in paths {
            if let Some(p) = v {
                put(k, &p.display().to_string());
            }
        }
        if let Some(u) = &self.store.user {
            put("etcd_user", u);
        }
        out
    }

    pub fn load(layout: &Layout) -> Result<Option<Setting>> {
        let path = Setting::path(layout);
        match std::fs::read_to_string(&path) {
            Ok(text) => Setting::parse(&text)
                .map(Some)
                .with_context(|| format!("{} is not a valid fleet setting", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    pub fn save(&self, layout: &Layout) -> Result<()> {
        crate::storage::fsutil::ensure_dir(&layout.root, crate::storage::fsutil::PRIVATE_DIR)?;
        write_atomic(&Setting::path(layout), self.render().as_bytes(), PUBLIC)
    }
}

/// A node name is a path component in the store and in messages: a host-name-like word.
pub fn check_node_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with(['.', '-'])
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !ok {
        bail!("invalid node name {name:?}: use 1 to 64 letters, digits, '.', '-' and '_'");
    }
    Ok(())
}

/// This node: its setting and the shared store, opened and key-checked.
pub struct Node {
    pub setting: Setting,
    pub store: EtcdStore,
    pub layout: Layout,
}

impl Node {
    pub fn open(layout: &Layout, setting: Setting) -> Result<Node> {
        let sealer = Sealer::load(&setting.key_file)?;
        let etcd = Etcd::connect(setting.store.clone())?;
        let store = EtcdStore::new(etcd, sealer, &setting.node, setting.lock_ttl);
        store
            .check_key()
            .with_context(|| format!("cannot use the fleet store {}", setting.store.url()))?;
        Ok(Node {
            setting,
            store,
            layout: Layout::new(layout.root.clone()),
        })
    }
}

/// The fleet node of `layout`'s config dir, opened once per process (a failure too, so a
/// store that is down costs its timeout once, not once per lineage); `None` when the config
/// dir has no fleet setting (or `ACME_STORE=local`).
pub fn of(layout: &Layout) -> Result<Option<Arc<Node>>> {
    type Opened = Vec<(PathBuf, Result<Option<Arc<Node>>, String>)>;
    static OPENED: OnceLock<Mutex<Opened>> = OnceLock::new();
    if std::env::var("ACME_STORE").is_ok_and(|v| v == "local") {
        return Ok(None);
    }
    let opened = OPENED.get_or_init(|| Mutex::new(Vec::new()));
    let mut opened = opened.lock().unwrap();
    if let Some((_, n)) = opened.iter().find(|(p, _)| p == &layout.root) {
        return n.clone().map_err(anyhow::Error::msg);
    }
    let node = Setting::load(layout)
        .and_then(|s| s.map(|s| Node::open(layout, s).map(Arc::new)).transpose())
        .map_err(|e| format!("{e:#}"));
    opened.push((layout.root.clone(), node.clone()));
    node.map_err(anyhow::Error::msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_setting_reads_back_what_it_wrote() {
        let mut s = Setting::parse(
            "store = etcds://10.0.0.1:2379,10.0.0.2/acme\nnode = web1\nkey_file = /etc/acme/fleet.key\n",
        )
        .unwrap();
        assert_eq!(s.lock_ttl, DEFAULT_LOCK_TTL);
        s.webroot = Some("/var/www".into());
        for (text, want) in [
            ("127.0.0.1:5001", Some("127.0.0.1".parse().unwrap())),
            ("[::1]:443", Some("::1".parse().unwrap())),
            ("443", None),
        ] {
            s.tls_alpn = Some(parse_listen(text).unwrap());
            assert_eq!(s.tls_alpn.unwrap().address, want, "{text}");
            assert_eq!(Setting::parse(&s.render()).unwrap(), s, "{text}");
        }
        for bad in ["0", "127.0.0.1:0", "host:443", "127.0.0.1", ""] {
            assert!(parse_listen(bad).is_err(), "{bad}");
        }
        s.store.user = Some("acme".into());
        s.store.password_file = Some("/etc/acme/etcd.pw".into());
        s.store.ca_bundle = Some("/etc/acme/etcd-ca.pem".into());
        assert_eq!(Setting::parse(&s.render()).unwrap(), s);
        for bad in [
            "node = a\nkey_file = k\n",
            "store = etcds://h/p\nkey_file = k\n",
            "store = etcds://h/p\nnode = ../x\nkey_file = k\n",
            "store = etcds://h/p\nnode = a\n",
            "store = etcds://h/p\nnode = a\nkey_file = k\nlock_ttl = 0\n",
            "store = etcds://h/p\nnode = a\nkey_file = k\ncolour = blue\n",
        ] {
            assert!(Setting::parse(bad).is_err(), "{bad}");
        }
    }
}
