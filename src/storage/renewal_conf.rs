//! The lineage settings of `renewal/<name>.conf`, typed: [`RenewalConf`] and the groups it is
//! made of. The file format (every key, its values and default) is described once, in
//! `docs/renewal-conf.md`, shown below; [`codec`] reads and writes it, and
//! [`unknown`] finds the keys it does not know.
//!
//! The file is a trust boundary: `renew` runs its hooks as root, and its values come from flags
//! and paths that others may choose (a web root named by `getcwd()` inside a user's directory).
//! So every value goes through [`value`]: written bare when that reads back exactly, otherwise
//! as a `"…"` string with escapes. No value can end its line and add a key, and surrounding
//! whitespace, control characters and non-UTF-8 path bytes all survive the round trip.
//!
//! # The format
//!
#![doc = include_str!("../../docs/renewal-conf.md")]

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use super::fsutil::{PUBLIC, write_atomic};
use acme::crypto::KeyType;
use acme::renewal::AriState;

pub mod codec;
pub mod unknown;
pub mod value;

/// Everything `renew` needs to issue a lineage again, one typed field per key of the conf.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RenewalConf {
    /// `domains`: the names, as normalised at issuance.
    pub domains: Vec<String>,
    /// `server`: ACME directory URL.
    pub server: String,
    /// `fallback_servers`: CAs to try, in order, when `server` cannot issue for reasons on its
    /// side (see `crate::issuing::fallback`); each needs an account in the config dir.
    pub fallback_servers: Vec<String>,
    /// `account`: the account URL that ordered it.
    pub account: String,
    /// `key_type`; `None` for a lineage issued from the user's CSR.
    pub key_type: Option<KeyType>,
    /// `method`: how control of the names is proven (`None`: not recorded).
    pub method: Option<MethodName>,
    /// `webroot.<name> = <dir>`, in file order (method `webroot`).
    pub webroot: Vec<(String, PathBuf)>,
    /// `http_port`, `http_address` (method `standalone`).
    pub http: Listen,
    /// `tls_port`, `tls_address` (method `tls-alpn`).
    pub tls: Listen,
    /// `dns_*` and `tsig_key` (the dns methods).
    pub dns: DnsSettings,
    /// `manual_auth_hook`, `manual_cleanup_hook`, `preferred_challenges` (method `manual`).
    pub manual: ManualSettings,
    /// `self_check`, `self_check_via`: kept when the method changes.
    pub self_check: SelfCheckSettings,
    /// `pre_hook`.
    pub pre_hook: Option<String>,
    /// `post_hook`.
    pub post_hook: Option<String>,
    /// `deploy_hook`.
    pub deploy_hook: Option<String>,
    /// `failure_hook`: run when a renewal of this lineage fails, and when it works again after
    /// failures.
    pub failure_hook: Option<String>,
    /// `renew_before_days`.
    pub renew_before_days: Option<u32>,
    /// `reuse_key`, `csr`, `preferred_chain`, `profile`, `require_trusted_chain`.
    pub options: IssuanceOptions,
    /// `ari_cert`, `ari_window`, `ari_chosen`, `ari_next_check`: what the CA's ARI last said
    /// about the certificate `cert_id` names (a new certificate makes it stale by itself).
    pub ari: Option<AriState>,
    /// `revoked`, `revoked_serial`, `revoked_reason`.
    pub revocation: RevocationMark,
    /// `imported_from`: the certbot conf `acme import-certbot` made it from.
    pub imported_from: Option<PathBuf>,
    /// Keys this version does not know, kept verbatim so a newer version's settings survive.
    pub extra: BTreeMap<String, String>,
}

/// The value of `method`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MethodName {
    /// `webroot`: http-01 through existing web roots.
    Webroot,
    /// `standalone`: http-01 answered by acme itself.
    Standalone,
    /// `tls-alpn`: tls-alpn-01 answered by acme itself.
    TlsAlpn,
    /// `dns-manual`: TXT records created by hand.
    DnsManual,
    /// `dns-hook`: TXT records published by `dns_hook`.
    DnsHook,
    /// `dns-rfc2136`: TXT records published by RFC 2136 updates.
    DnsRfc2136,
    /// `manual`: certbot's manual hooks, for http-01 or dns-01 (`preferred_challenges`).
    Manual,
    /// A word this version does not know (a certbot plugin, a newer version's method): kept,
    /// and refused when a renewal needs it. Never empty, never one of the words above.
    Other(String),
}

impl MethodName {
    /// The word in the conf.
    pub fn as_str(&self) -> &str {
        match self {
            MethodName::Webroot => "webroot",
            MethodName::Standalone => "standalone",
            MethodName::TlsAlpn => "tls-alpn",
            MethodName::DnsManual => "dns-manual",
            MethodName::DnsHook => "dns-hook",
            MethodName::DnsRfc2136 => "dns-rfc2136",
            MethodName::Manual => "manual",
            MethodName::Other(s) => s,
        }
    }

    /// The method a word names; `None` for an empty word.
    pub fn from_word(word: &str) -> Option<MethodName> {
        Some(match word {
            "" => return None,
            "webroot" => MethodName::Webroot,
            "standalone" => MethodName::Standalone,
            "tls-alpn" => MethodName::TlsAlpn,
            "dns-manual" => MethodName::DnsManual,
            "dns-hook" => MethodName::DnsHook,
            "dns-rfc2136" => MethodName::DnsRfc2136,
            "manual" => MethodName::Manual,
            other => MethodName::Other(other.to_string()),
        })
    }
}

impl std::fmt::Display for MethodName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where acme listens to answer a challenge itself (`<prefix>_port`, `<prefix>_address`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Listen {
    /// `None`: the challenge's standard port.
    pub port: Option<u16>,
    /// `None`: every address.
    pub address: Option<IpAddr>,
}

/// The dns-01 settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DnsSettings {
    /// `dns_hook`: the command of method `dns-hook`.
    pub hook: Option<String>,
    /// `dns_rfc2136`: the server of method `dns-rfc2136`, as given.
    pub rfc2136: Option<String>,
    /// `tsig_key`: the TSIG key file of method `dns-rfc2136`.
    pub tsig_key: Option<PathBuf>,
    /// `dns_timeout`: the propagation wait, in seconds.
    pub timeout: Option<u64>,
    /// `dns_resolver`, as given.
    pub resolver: Option<String>,
    /// `dns_persist = true`: dns-persist-01 with a lasting record instead of dns-01.
    pub persist: bool,
    /// `dns_persist_until`: the lasting record's `persistUntil`, Unix seconds.
    pub persist_until: Option<i64>,
}

/// certbot's manual hooks, under certbot's key names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ManualSettings {
    /// `manual_auth_hook`.
    pub auth_hook: Option<String>,
    /// `manual_cleanup_hook`.
    pub cleanup_hook: Option<String>,
    /// `preferred_challenges`, as written (certbot's spellings; a list whose first counts).
    pub preferred_challenges: Option<String>,
}

/// The http-01 self-check settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SelfCheckSettings {
    /// `self_check`: on unless `false`.
    pub enabled: bool,
    /// `self_check_via`: where the self-check fetches the challenge.
    pub via: Option<SocketAddr>,
}

impl Default for SelfCheckSettings {
    fn default() -> Self {
        SelfCheckSettings {
            enabled: true,
            via: None,
        }
    }
}

/// Issuance options that are independent of the method.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IssuanceOptions {
    /// `reuse_key = true`: renewals keep the lineage's current private key.
    pub reuse_key: bool,
    /// `csr`: the copy of the user's CSR the lineage is issued from (relative paths are under
    /// the config dir).
    pub csr: Option<PathBuf>,
    /// `preferred_chain`: an issuer's common name.
    pub preferred_chain: Option<String>,
    /// `profile` (draft-ietf-acme-profiles).
    pub profile: Option<String>,
    /// `require_trusted_chain = true`: a certificate whose chain leads to no root this machine
    /// trusts is refused (the old one stays live) instead of installed with a warning.
    pub require_trusted_chain: bool,
}

impl IssuanceOptions {
    /// The CSR path, unless empty.
    pub fn csr(&self) -> Option<&Path> {
        self.csr.as_deref().filter(|p| !p.as_os_str().is_empty())
    }

    /// The preferred chain, unless empty.
    pub fn preferred_chain(&self) -> Option<&str> {
        self.preferred_chain.as_deref().filter(|v| !v.is_empty())
    }

    /// The profile, unless empty.
    pub fn profile(&self) -> Option<&str> {
        self.profile.as_deref().filter(|v| !v.is_empty())
    }
}

/// Set by `acme revoke --cert-name`: such a lineage is never renewed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RevocationMark {
    /// `revoked = true`.
    pub revoked: bool,
    /// `revoked_serial`: the revoked certificate's serial, hex.
    pub serial: Option<String>,
    /// `revoked_reason`: the reason's name.
    pub reason: Option<String>,
}

impl RenewalConf {
    /// Reads a conf's text (see [`codec::parse`]).
    pub fn parse(text: &str) -> Result<RenewalConf> {
        codec::parse(text)
    }

    /// The conf's text (see [`codec::render`]).
    pub fn render(&self, name: &str) -> String {
        codec::render(self, name)
    }

    pub fn load(path: &Path) -> Result<RenewalConf> {
        Ok(RenewalConf::load_with_text(path)?.0)
    }

    /// The conf at `path` and the text it was parsed from (one read, for callers that also
    /// look at the text, such as the unknown-key warnings).
    pub fn load_with_text(path: &Path) -> Result<(RenewalConf, String)> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let conf = RenewalConf::parse(&text)
            .with_context(|| format!("{} is not a valid renewal configuration", path.display()))?;
        Ok((conf, text))
    }

    pub fn save(&self, path: &Path, name: &str) -> Result<()> {
        if let Some(dir) = path.parent() {
            super::fsutil::ensure_dir(dir, super::fsutil::PRIVATE_DIR)?;
        }
        write_atomic(path, self.render(name).as_bytes(), PUBLIC)
    }

    /// Forgets the method and its settings (the self-check settings stay), so an old method's
    /// settings cannot linger when another is recorded (a stale `dns_hook` would win over a new
    /// web root).
    pub fn clear_method(&mut self) {
        self.method = None;
        self.webroot.clear();
        self.http = Listen::default();
        self.tls = Listen::default();
        self.dns = DnsSettings::default();
        self.manual = ManualSettings::default();
    }
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
#[path = "../../fuzz/mutator.rs"]
mod mutator;

/// The in-tree mini-fuzz of the conf parser (the library's parsers are fuzzed in
/// `tests/suite/fuzz_parsers.rs`, with the same mutator).
#[cfg(test)]
mod fuzz_tests {
    use super::{MethodName, RenewalConf};

    use super::mutator::{Rng, SEED, fuzz};

    #[test]
    fn renewal_conf_parser_never_panics_and_round_trips() {
        let seeds = [
            "# comment\ndomains = a.example.com, xn--bcher-kva.example\nserver = https://ca/dir\naccount = https://ca/acct/1\nkey_type = ecdsa-p256\nmethod = webroot\nwebroot.a.example.com = /var/www\npre_hook = systemctl stop nginx\nrenew_before_days = 30\nfuture_key = kept verbatim\n",
            "domains=a.example.com\nmethod=webroot\n",
            "key_type = rsa2048\nrenew_before_days = 0\n",
        ];
        let seeds: Vec<Vec<u8>> = seeds.iter().map(|s| s.as_bytes().to_vec()).collect();
        fuzz("renewal_conf", &seeds, |data| {
            let text = String::from_utf8_lossy(data);
            if let Ok(conf) = RenewalConf::parse(&text) {
                let again = RenewalConf::parse(&conf.render("fuzz"))
                    .unwrap_or_else(|e| panic!("rendered conf does not parse: {e:#}\n{conf:?}"));
                assert_eq!(again, conf, "render/parse round trip changed the conf");
            }
        });
    }

    /// Issue #14 (moved here from the integration suite with the conf, private to the binary): `parse(render(conf)) == conf` for every string a flag can carry, and no value
    /// adds a key. Seeded random strings over the characters that matter to the format (line
    /// breaks, quotes, backslashes, `=`, `#`, whitespace at the edges, controls, Unicode separators)
    /// and, for paths, bytes that are not UTF-8.
    #[test]
    fn renewal_conf_values_round_trip_and_never_add_a_key() {
        use std::os::unix::ffi::OsStringExt;
        const PIECES: &[&str] = &[
            "\n",
            "\r",
            "\r\n",
            " ",
            "\t",
            "\"",
            "\\",
            "\\\"",
            "=",
            " = ",
            "#",
            "pre_hook = x",
            "a",
            "/",
            "é",
            "\u{85}",
            "\u{2028}",
            "\u{a0}",
            "\u{feff}",
            "\0",
            "\x1b",
            "\x7f",
            "\\x41",
            "\\n",
            ",",
        ];
        let mut rng = Rng(SEED ^ 0xC0DE);
        let text = |rng: &mut Rng| -> String {
            (0..rng.below(12))
                .map(|_| PIECES[rng.below(PIECES.len())])
                .collect()
        };
        for i in 0..3_000 {
            let mut path = text(&mut rng).into_bytes();
            if i % 3 == 0 {
                path.insert(rng.below(path.len() + 1), 0x80 | rng.next() as u8);
            }
            let hook = |rng: &mut Rng, t: String| (rng.below(3) > 0).then_some(t);
            let conf = RenewalConf {
                domains: vec!["a.example".into(), "*.b.example".into()],
                server: format!("https://ca/{}", text(&mut rng)),
                // A list: its members are checked (no commas) where they are given.
                fallback_servers: Vec::new(),
                account: text(&mut rng),
                key_type: None,
                method: MethodName::from_word(&text(&mut rng)),
                webroot: vec![(
                    "a.example".into(),
                    std::path::PathBuf::from(std::ffi::OsString::from_vec(path)),
                )],
                pre_hook: {
                    let t = text(&mut rng);
                    hook(&mut rng, t)
                },
                post_hook: {
                    let t = text(&mut rng);
                    hook(&mut rng, t)
                },
                deploy_hook: {
                    let t = text(&mut rng);
                    hook(&mut rng, t)
                },
                failure_hook: {
                    let t = text(&mut rng);
                    hook(&mut rng, t)
                },
                renew_before_days: None,
                extra: [("later.setting".to_string(), text(&mut rng))].into(),
                ..RenewalConf::default()
            };
            let rendered = conf.render("a.example");
            let keys = rendered
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .count();
            let expected = 6 + [
                &conf.pre_hook,
                &conf.post_hook,
                &conf.deploy_hook,
                &conf.failure_hook,
            ]
            .iter()
            .filter(|h| h.is_some())
            .count();
            assert_eq!(
                keys, expected,
                "iteration {i}: a value added a line\n{rendered}"
            );
            let back = RenewalConf::parse(&rendered)
                .unwrap_or_else(|e| panic!("iteration {i}: {e:#}\n{rendered}"));
            assert_eq!(back, conf, "iteration {i}\n{rendered}");
        }
    }
}
