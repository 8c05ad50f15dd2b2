//! The one reader and writer of renewal confs: [`parse`] checks every value of a key this version
//! knows into its typed field of [`RenewalConf`] and keeps every other key verbatim; [`render`]
//! writes the fields back in the order the format describes, so a conf acme wrote reads and
//! writes back byte for byte. [`ConfKey`] is the list of known keys that the unknown-key warnings
//! use too.

use anyhow::{Result, bail};
use std::collections::BTreeMap;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use super::{MethodName, RenewalConf, value};
use acme::renewal::{AriState, AriWindow};
use acme::time;

/// Declares [`ConfKey`] from one list: its variants, their names in the file, and [`ConfKey::ALL`].
macro_rules! keys {
    ($($variant:ident = $name:literal,)*) => {
        /// A key this version knows (besides the per-name `webroot.<name>`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ConfKey {
            $(#[doc = concat!("`", $name, "`")] $variant,)*
        }

        impl ConfKey {
            /// Every key, in the order of the format's table.
            pub const ALL: &[ConfKey] = &[$(ConfKey::$variant,)*];

            /// The key as written in the file.
            pub fn name(self) -> &'static str {
                match self {
                    $(ConfKey::$variant => $name,)*
                }
            }

            /// The key a name in the file stands for.
            pub fn from_name(name: &str) -> Option<ConfKey> {
                match name {
                    $($name => Some(ConfKey::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

keys! {
    Domains = "domains",
    Server = "server",
    FallbackServers = "fallback_servers",
    Account = "account",
    KeyType = "key_type",
    Method = "method",
    HttpPort = "http_port",
    HttpAddress = "http_address",
    TlsPort = "tls_port",
    TlsAddress = "tls_address",
    SelfCheck = "self_check",
    SelfCheckVia = "self_check_via",
    DnsHook = "dns_hook",
    DnsRfc2136 = "dns_rfc2136",
    TsigKey = "tsig_key",
    DnsTimeout = "dns_timeout",
    DnsResolver = "dns_resolver",
    DnsPersist = "dns_persist",
    DnsPersistUntil = "dns_persist_until",
    ManualAuthHook = "manual_auth_hook",
    ManualCleanupHook = "manual_cleanup_hook",
    PreferredChallenges = "preferred_challenges",
    PreHook = "pre_hook",
    PostHook = "post_hook",
    DeployHook = "deploy_hook",
    FailureHook = "failure_hook",
    RenewBeforeDays = "renew_before_days",
    ReuseKey = "reuse_key",
    Csr = "csr",
    PreferredChain = "preferred_chain",
    Profile = "profile",
    RequireTrustedChain = "require_trusted_chain",
    AriCert = "ari_cert",
    AriWindow = "ari_window",
    AriChosen = "ari_chosen",
    AriNextCheck = "ari_next_check",
    Revoked = "revoked",
    RevokedSerial = "revoked_serial",
    RevokedReason = "revoked_reason",
    ImportedFrom = "imported_from",
}

/// The per-name web root key: `webroot.<name>`.
pub const WEBROOT_PREFIX: &str = "webroot.";

/// Whether this version knows `key` (and so gives it a meaning).
pub fn is_known(key: &str) -> bool {
    ConfKey::from_name(key).is_some()
        || key
            .strip_prefix(WEBROOT_PREFIX)
            .is_some_and(|d| !d.is_empty())
}

/// The `key = value` lines of a conf's text: 1-based line number, key and raw value (both
/// trimmed), skipping blank lines and `#` comments. A line without `=` is an error.
pub fn lines(text: &str) -> impl Iterator<Item = Result<(usize, &str, &str)>> {
    text.lines().enumerate().filter_map(|(i, raw)| {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        Some(match line.split_once('=') {
            Some((key, value)) => Ok((i + 1, key.trim(), value.trim())),
            None => Err(anyhow::anyhow!(
                "line {}: expected `key = value`, found {:?}",
                i + 1,
                line
            )),
        })
    })
}

/// The raw ARI keys, read together once the whole file is seen.
#[derive(Default)]
struct AriKeys {
    cert: Option<String>,
    window: Option<String>,
    chosen: Option<String>,
    next_check: Option<String>,
}

impl AriKeys {
    /// The state they describe; unreadable or incomplete state counts as none (it is acme's own
    /// cache, asked again at the next run).
    fn state(self) -> Option<AriState> {
        let next_check = time::parse_rfc3339(self.next_check.as_deref()?)?;
        let window = match (self.window, self.chosen) {
            (Some(w), Some(c)) => {
                let (s, e) = w.split_once(' ')?;
                Some(AriWindow {
                    start: time::parse_rfc3339(s)?,
                    end: time::parse_rfc3339(e)?,
                    chosen: time::parse_rfc3339(&c)?,
                })
            }
            _ => None,
        };
        Some(AriState {
            cert_id: self.cert?,
            window,
            next_check,
        })
    }
}

/// The field of a key whose value is a path (any bytes but NUL, like `webroot.<name>`); `None`
/// for the keys whose values are text.
fn path_field(conf: &mut RenewalConf, key: ConfKey) -> Option<&mut Option<PathBuf>> {
    match key {
        ConfKey::TsigKey => Some(&mut conf.dns.tsig_key),
        ConfKey::Csr => Some(&mut conf.options.csr),
        ConfKey::ImportedFrom => Some(&mut conf.imported_from),
        _ => None,
    }
}

/// One value on its line, for the typed readers.
struct Value<'a> {
    line: usize,
    key: &'a str,
    text: String,
    /// Whether it was written as a `"…"` string (so an empty one was set).
    quoted: bool,
}

impl Value<'_> {
    fn error(&self, what: &str) -> anyhow::Error {
        anyhow::anyhow!(
            "line {}: `{}` is {:?}, {what}",
            self.line,
            self.key,
            self.text
        )
    }

    /// An empty bare value means "not set"; `""` is an empty string that was set.
    fn opt(self) -> Option<String> {
        (self.quoted || !self.text.is_empty()).then_some(self.text)
    }

    fn list(&self) -> Vec<String> {
        self.text
            .split(',')
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .collect()
    }

    /// `true` or `false`; empty is unset (`false`).
    fn flag(&self) -> Result<bool> {
        match self.text.as_str() {
            "true" => Ok(true),
            "false" | "" => Ok(false),
            _ => Err(self.error("but must be true or false")),
        }
    }

    /// A parsed value; empty is unset.
    fn parsed<T: std::str::FromStr>(&self, what: &str) -> Result<Option<T>> {
        if self.text.is_empty() {
            return Ok(None);
        }
        self.text.parse().map(Some).map_err(|_| self.error(what))
    }

    fn time(&self) -> Result<Option<i64>> {
        if self.text.is_empty() {
            return Ok(None);
        }
        time::parse_rfc3339(&self.text)
            .map(Some)
            .ok_or_else(|| self.error("which is not a time like 2027-06-01T00:00:00Z"))
    }
}

/// Reads a conf's text. Every known key's value is checked here, once: an error names the line
/// and the key. `domains` and `server` are required; whether the method has the settings it
/// needs is checked where it is used (`crate::issuing::method`), so a conf whose method cannot
/// renew can still be listed.
pub fn parse(text: &str) -> Result<RenewalConf> {
    let mut conf = RenewalConf::default();
    let mut ari = AriKeys::default();
    for item in lines(text) {
        let (line, key, raw) = item?;
        let bytes = value::decode(raw);
        if let Some(domain) = key.strip_prefix(WEBROOT_PREFIX) {
            // Paths may hold any bytes but NUL; every other value is text.
            conf.webroot
                .push((domain.to_string(), value::path_from_bytes(bytes)));
            continue;
        }
        let Some(known) = ConfKey::from_name(key) else {
            let text = String::from_utf8(bytes).map_err(|_| {
                anyhow::anyhow!("line {line}: the value of `{key}` is not UTF-8 text")
            })?;
            conf.extra.insert(key.to_string(), text);
            continue;
        };
        if let Some(field) = path_field(&mut conf, known) {
            *field = (!bytes.is_empty()).then(|| value::path_from_bytes(bytes));
            continue;
        }
        let v = Value {
            line,
            key,
            text: String::from_utf8(bytes).map_err(|_| {
                anyhow::anyhow!("line {line}: the value of `{key}` is not UTF-8 text")
            })?,
            quoted: value::is_quoted(raw),
        };
        match known {
            ConfKey::Domains => conf.domains = v.list(),
            ConfKey::Server => conf.server = v.text,
            ConfKey::FallbackServers => conf.fallback_servers = v.list(),
            ConfKey::Account => conf.account = v.text,
            ConfKey::KeyType => {
                conf.key_type = Some(
                    v.text
                        .parse()
                        .map_err(|e: String| anyhow::anyhow!("line {line}: `{key}`: {e}"))?,
                )
            }
            ConfKey::Method => conf.method = MethodName::from_word(&v.text),
            ConfKey::HttpPort => conf.http.port = v.parsed("which is not a port number")?,
            ConfKey::HttpAddress => conf.http.address = v.parsed("which is not an IP address")?,
            ConfKey::TlsPort => conf.tls.port = v.parsed("which is not a port number")?,
            ConfKey::TlsAddress => conf.tls.address = v.parsed("which is not an IP address")?,
            ConfKey::SelfCheck => {
                conf.self_check.enabled = v.text.is_empty() || v.flag()?;
            }
            ConfKey::SelfCheckVia => {
                conf.self_check.via = v.parsed("which is not an address like 192.0.2.1:80")?
            }
            ConfKey::DnsHook => conf.dns.hook = v.opt(),
            ConfKey::DnsRfc2136 => conf.dns.rfc2136 = v.opt(),
            ConfKey::DnsTimeout => {
                conf.dns.timeout = v.parsed("but must be a whole number of seconds")?
            }
            ConfKey::DnsResolver => conf.dns.resolver = v.opt(),
            ConfKey::DnsPersist => conf.dns.persist = v.flag()?,
            ConfKey::DnsPersistUntil => conf.dns.persist_until = v.time()?,
            ConfKey::ManualAuthHook => conf.manual.auth_hook = v.opt(),
            ConfKey::ManualCleanupHook => conf.manual.cleanup_hook = v.opt(),
            ConfKey::PreferredChallenges => conf.manual.preferred_challenges = v.opt(),
            ConfKey::PreHook => conf.pre_hook = v.opt(),
            ConfKey::PostHook => conf.post_hook = v.opt(),
            ConfKey::DeployHook => conf.deploy_hook = v.opt(),
            ConfKey::FailureHook => conf.failure_hook = v.opt(),
            ConfKey::RenewBeforeDays => {
                conf.renew_before_days = v.parsed("but must be a whole number of days")?
            }
            ConfKey::ReuseKey => conf.options.reuse_key = v.flag()?,
            ConfKey::PreferredChain => conf.options.preferred_chain = v.opt(),
            ConfKey::Profile => conf.options.profile = v.opt(),
            ConfKey::RequireTrustedChain => conf.options.require_trusted_chain = v.flag()?,
            ConfKey::AriCert => ari.cert = Some(v.text),
            ConfKey::AriWindow => ari.window = Some(v.text),
            ConfKey::AriChosen => ari.chosen = Some(v.text),
            ConfKey::AriNextCheck => ari.next_check = Some(v.text),
            ConfKey::Revoked => conf.revocation.revoked = v.flag()?,
            ConfKey::RevokedSerial => conf.revocation.serial = v.opt(),
            ConfKey::RevokedReason => conf.revocation.reason = v.opt(),
            // Read by `path_field` above.
            ConfKey::TsigKey | ConfKey::Csr | ConfKey::ImportedFrom => {}
        }
    }
    conf.ari = ari.state();
    if conf.domains.is_empty() {
        bail!("no `domains` line");
    }
    if conf.server.is_empty() {
        bail!("no `server` line");
    }
    Ok(conf)
}

/// The conf's text: a comment naming the lineage and this version, then the keys in the
/// format's order (fixed keys first, then every other key, known or not, alphabetically).
pub fn render(conf: &RenewalConf, name: &str) -> String {
    let mut out = format!(
        "# Renewal settings for the certificate {name:?}, written by acme {}.\n\
         # `acme renew` issues again with these settings. Edit with care.\n",
        env!("CARGO_PKG_VERSION")
    );
    let mut put =
        |k: &str, v: &[u8]| out.push_str(&format!("{} = {}\n", value::key(k), value::encode(v)));
    put("domains", conf.domains.join(", ").as_bytes());
    put("server", conf.server.as_bytes());
    if !conf.fallback_servers.is_empty() {
        put(
            "fallback_servers",
            conf.fallback_servers.join(", ").as_bytes(),
        );
    }
    put("account", conf.account.as_bytes());
    if let Some(k) = conf.key_type {
        put("key_type", k.as_str().as_bytes());
    }
    put(
        "method",
        conf.method
            .as_ref()
            .map_or("", MethodName::as_str)
            .as_bytes(),
    );
    for (domain, dir) in &conf.webroot {
        put(
            &format!("{WEBROOT_PREFIX}{domain}"),
            dir.as_os_str().as_bytes(),
        );
    }
    for (k, v) in [
        ("pre_hook", &conf.pre_hook),
        ("post_hook", &conf.post_hook),
        ("deploy_hook", &conf.deploy_hook),
        ("failure_hook", &conf.failure_hook),
    ] {
        if let Some(v) = v {
            put(k, v.as_bytes());
        }
    }
    if let Some(d) = conf.renew_before_days {
        put("renew_before_days", d.to_string().as_bytes());
    }
    for (k, v) in rest(conf) {
        put(k, &v);
    }
    out
}

/// Every key after the fixed ones, known or not, in alphabetical order (so a conf written by
/// a version that kept them all as strings reads and writes back the same).
fn rest(conf: &RenewalConf) -> BTreeMap<&str, Vec<u8>> {
    let mut map: BTreeMap<&str, Vec<u8>> = conf
        .extra
        .iter()
        .filter(|(k, _)| !is_known(k))
        .map(|(k, v)| (k.as_str(), v.clone().into_bytes()))
        .collect();
    let mut text = |key: ConfKey, v: Option<String>| {
        if let Some(v) = v {
            map.insert(key.name(), v.into_bytes());
        }
    };
    let flag = |on: bool| on.then(|| "true".to_string());
    let (http, tls, dns, manual) = (&conf.http, &conf.tls, &conf.dns, &conf.manual);
    text(ConfKey::HttpPort, http.port.map(|p| p.to_string()));
    text(ConfKey::HttpAddress, http.address.map(|a| a.to_string()));
    text(ConfKey::TlsPort, tls.port.map(|p| p.to_string()));
    text(ConfKey::TlsAddress, tls.address.map(|a| a.to_string()));
    text(
        ConfKey::SelfCheck,
        (!conf.self_check.enabled).then(|| "false".to_string()),
    );
    text(
        ConfKey::SelfCheckVia,
        conf.self_check.via.map(|a| a.to_string()),
    );
    text(ConfKey::DnsHook, dns.hook.clone());
    text(ConfKey::DnsRfc2136, dns.rfc2136.clone());
    text(ConfKey::DnsTimeout, dns.timeout.map(|t| t.to_string()));
    text(ConfKey::DnsResolver, dns.resolver.clone());
    text(ConfKey::DnsPersist, flag(dns.persist));
    text(
        ConfKey::DnsPersistUntil,
        dns.persist_until.map(time::format_rfc3339),
    );
    text(ConfKey::ManualAuthHook, manual.auth_hook.clone());
    text(ConfKey::ManualCleanupHook, manual.cleanup_hook.clone());
    text(
        ConfKey::PreferredChallenges,
        manual.preferred_challenges.clone(),
    );
    let o = &conf.options;
    text(ConfKey::ReuseKey, flag(o.reuse_key));
    text(ConfKey::PreferredChain, o.preferred_chain.clone());
    text(ConfKey::Profile, o.profile.clone());
    text(ConfKey::RequireTrustedChain, flag(o.require_trusted_chain));
    if let Some(a) = &conf.ari {
        text(ConfKey::AriCert, Some(a.cert_id.clone()));
        text(
            ConfKey::AriNextCheck,
            Some(time::format_rfc3339(a.next_check)),
        );
        if let Some(w) = a.window {
            text(
                ConfKey::AriWindow,
                Some(format!(
                    "{} {}",
                    time::format_rfc3339(w.start),
                    time::format_rfc3339(w.end)
                )),
            );
            text(ConfKey::AriChosen, Some(time::format_rfc3339(w.chosen)));
        }
    }
    let r = &conf.revocation;
    text(ConfKey::Revoked, flag(r.revoked));
    text(ConfKey::RevokedSerial, r.serial.clone());
    text(ConfKey::RevokedReason, r.reason.clone());
    for (key, path) in [
        (ConfKey::TsigKey, &conf.dns.tsig_key),
        (ConfKey::Csr, &conf.options.csr),
        (ConfKey::ImportedFrom, &conf.imported_from),
    ] {
        if let Some(p) = path {
            map.insert(key.name(), p.as_os_str().as_bytes().to_vec());
        }
    }
    map
}
