//! `renewal/<name>.conf`: how a lineage was issued, so `renew` can do it again unattended.
//!
//! A plain `key = value` file that people can read and edit; `#` starts a comment. Keys this
//! version does not know are kept and written back, so a newer version's settings survive an
//! older one. Secrets are never stored here, only paths to files that hold them.
//!
//! The file is a trust boundary: `renew` runs its hooks as root, and its values come from flags
//! and paths that others may choose (a web root named by `getcwd()` inside a user's directory).
//! So every value goes through [`value`]: written bare when that reads back exactly, otherwise
//! as a `"…"` string with escapes. No value can end its line and add a key, and surrounding
//! whitespace, control characters and non-UTF-8 path bytes all survive the round trip.

use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use super::fsutil::{PUBLIC, write_atomic};
use acme::crypto::KeyType;

pub mod value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RenewalConf {
    /// The names, as normalised at issuance.
    pub domains: Vec<String>,
    /// ACME directory URL.
    pub server: String,
    /// CAs to try, in order, when `server` cannot issue for reasons on its side (see
    /// `crate::issuing::fallback`); each needs an account in the config dir.
    pub fallback_servers: Vec<String>,
    /// The account URL that ordered it.
    pub account: String,
    pub key_type: Option<KeyType>,
    /// The challenge method and its settings, e.g. `webroot` with `webroot.<domain> = <dir>`.
    pub method: String,
    pub webroot: Vec<(String, PathBuf)>,
    pub pre_hook: Option<String>,
    pub post_hook: Option<String>,
    pub deploy_hook: Option<String>,
    /// Run when a renewal of this lineage fails, and when it works again after failures.
    pub failure_hook: Option<String>,
    pub renew_before_days: Option<u32>,
    /// Every other key, kept verbatim.
    pub extra: BTreeMap<String, String>,
}

impl RenewalConf {
    pub fn parse(text: &str) -> Result<RenewalConf> {
        let mut conf = RenewalConf::default();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, raw_value)) = line.split_once('=') else {
                bail!("line {}: expected `key = value`, found {:?}", i + 1, line);
            };
            let (key, raw_value) = (key.trim(), raw_value.trim());
            let bytes = value::decode(raw_value);
            if let Some(domain) = key.strip_prefix("webroot.") {
                // Paths may hold any bytes but NUL; every other value is text.
                conf.webroot
                    .push((domain.to_string(), value::path_from_bytes(bytes)));
                continue;
            }
            let value = String::from_utf8(bytes).map_err(|_| {
                anyhow::anyhow!("line {}: the value of `{key}` is not UTF-8 text", i + 1)
            })?;
            // An empty bare value means "not set"; `""` is an empty string that was set.
            let set = value::is_quoted(raw_value);
            let opt = |v: String| if v.is_empty() && !set { None } else { Some(v) };
            match key {
                "domains" => {
                    conf.domains = value
                        .split(',')
                        .map(|d| d.trim().to_string())
                        .filter(|d| !d.is_empty())
                        .collect()
                }
                "server" => conf.server = value,
                "fallback_servers" => {
                    conf.fallback_servers = value
                        .split(',')
                        .map(|d| d.trim().to_string())
                        .filter(|d| !d.is_empty())
                        .collect()
                }
                "account" => conf.account = value,
                "key_type" => {
                    conf.key_type = Some(
                        value
                            .parse()
                            .map_err(|e: String| anyhow::anyhow!("line {}: {e}", i + 1))?,
                    )
                }
                "method" => conf.method = value,
                "pre_hook" => conf.pre_hook = opt(value),
                "post_hook" => conf.post_hook = opt(value),
                "deploy_hook" => conf.deploy_hook = opt(value),
                "failure_hook" => conf.failure_hook = opt(value),
                "renew_before_days" => {
                    conf.renew_before_days = Some(value.parse().with_context(|| {
                        format!("line {}: renew_before_days must be a whole number", i + 1)
                    })?)
                }
                _ => {
                    conf.extra.insert(key.to_string(), value);
                }
            }
        }
        if conf.domains.is_empty() {
            bail!("no `domains` line");
        }
        if conf.server.is_empty() {
            bail!("no `server` line");
        }
        Ok(conf)
    }

    pub fn render(&self, name: &str) -> String {
        let mut out = format!(
            "# Renewal settings for the certificate {name:?}, written by acme {}.\n\
             # `acme renew` issues again with these settings. Edit with care.\n",
            env!("CARGO_PKG_VERSION")
        );
        let mut put = |k: &str, v: &[u8]| {
            out.push_str(&format!("{} = {}\n", value::key(k), value::encode(v)))
        };
        put("domains", self.domains.join(", ").as_bytes());
        put("server", self.server.as_bytes());
        if !self.fallback_servers.is_empty() {
            put(
                "fallback_servers",
                self.fallback_servers.join(", ").as_bytes(),
            );
        }
        put("account", self.account.as_bytes());
        if let Some(k) = self.key_type {
            put("key_type", k.as_str().as_bytes());
        }
        put("method", self.method.as_bytes());
        for (domain, dir) in &self.webroot {
            put(&format!("webroot.{domain}"), dir.as_os_str().as_bytes());
        }
        for (k, v) in [
            ("pre_hook", &self.pre_hook),
            ("post_hook", &self.post_hook),
            ("deploy_hook", &self.deploy_hook),
            ("failure_hook", &self.failure_hook),
        ] {
            if let Some(v) = v {
                put(k, v.as_bytes());
            }
        }
        if let Some(d) = self.renew_before_days {
            put("renew_before_days", d.to_string().as_bytes());
        }
        for (k, v) in &self.extra {
            put(k, v.as_bytes());
        }
        out
    }

    pub fn load(path: &Path) -> Result<RenewalConf> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        RenewalConf::parse(&text)
            .with_context(|| format!("{} is not a valid renewal configuration", path.display()))
    }

    pub fn save(&self, path: &Path, name: &str) -> Result<()> {
        if let Some(dir) = path.parent() {
            super::fsutil::ensure_dir(dir, super::fsutil::PRIVATE_DIR)?;
        }
        write_atomic(path, self.render(name).as_bytes(), PUBLIC)
    }

    /// A boolean from `extra` (`true`/`false`), for settings owned by other modules.
    pub fn flag(&self, key: &str) -> bool {
        self.extra.get(key).is_some_and(|v| v == "true")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_then_parse_is_identity() {
        let conf = RenewalConf {
            domains: vec!["example.com".into(), "www.example.com".into()],
            server: "https://ca.example/dir".into(),
            fallback_servers: vec!["https://b.example/dir".into(), "https://c/d?x=1".into()],
            account: "https://ca.example/acct/1".into(),
            key_type: Some(KeyType::EcdsaP384),
            method: "webroot".into(),
            webroot: vec![
                ("example.com".into(), "/var/www/a b".into()),
                ("www.example.com".into(), "/srv/w=1".into()),
            ],
            pre_hook: None,
            post_hook: Some("systemctl reload nginx".into()),
            deploy_hook: Some("echo \"$RENEWED_LINEAGE\" # not a comment".into()),
            failure_hook: Some("mail -s \"$ACME_CERT_NAME\" root".into()),
            renew_before_days: Some(20),
            extra: [("future_setting".to_string(), "x".to_string())].into(),
        };
        assert_eq!(
            RenewalConf::parse(&conf.render("example.com")).unwrap(),
            conf
        );
    }

    /// Issue #14: a web root whose name holds a newline must not add a `pre_hook` key, and a
    /// multi-line hook must not make the file unparseable.
    #[test]
    fn no_value_can_add_a_key_and_every_value_round_trips() {
        let conf = RenewalConf {
            domains: vec!["example.com".into()],
            server: "https://ca.example/dir".into(),
            account: " spaced ".into(),
            method: "webroot".into(),
            webroot: vec![(
                "example.com".into(),
                "/home/u/x\npre_hook = touch /tmp/pwned\n ".into(),
            )],
            pre_hook: Some(String::new()),
            deploy_hook: Some("set -e\nsystemctl reload nginx\n".into()),
            post_hook: Some("  echo \"$ACME_RENEWED\"\t".into()),
            extra: [("future".to_string(), "a\r\nb = c".to_string())].into(),
            ..RenewalConf::default()
        };
        let text = conf.render("example.com");
        let keys: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split_once(" = ").unwrap().0)
            .collect();
        assert_eq!(
            keys,
            [
                "domains",
                "server",
                "account",
                "method",
                "webroot.example.com",
                "pre_hook",
                "post_hook",
                "deploy_hook",
                "future"
            ],
            "{text}"
        );
        assert_eq!(RenewalConf::parse(&text).unwrap(), conf, "{text}");
    }

    #[test]
    fn an_empty_bare_hook_is_unset_and_a_quoted_one_is_set() {
        let base = "domains = a.example\nserver = s\n";
        let c = RenewalConf::parse(&format!("{base}pre_hook =\n")).unwrap();
        assert_eq!(c.pre_hook, None);
        let c = RenewalConf::parse(&format!("{base}pre_hook = \"\"\n")).unwrap();
        assert_eq!(c.pre_hook.as_deref(), Some(""));
    }

    #[test]
    fn errors_name_the_line() {
        let err =
            RenewalConf::parse("domains = a.example\nserver = s\nthis is garbage\n").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
        let err =
            RenewalConf::parse("domains = a.example\nserver = s\nkey_type = dsa\n").unwrap_err();
        assert!(err.to_string().contains("unknown key type"), "{err}");
        assert!(RenewalConf::parse("server = s\n").is_err());
    }
}

#[cfg(test)]
#[path = "../../fuzz/mutator.rs"]
mod mutator;

/// The in-tree mini-fuzz of the conf parser (the library's parsers are fuzzed in
/// `tests/suite/fuzz_parsers.rs`, with the same mutator).
#[cfg(test)]
mod fuzz_tests {
    use super::RenewalConf;

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
                method: text(&mut rng),
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
