//! `renewal/<name>.conf`: how a lineage was issued, so `renew` can do it again unattended.
//!
//! A plain `key = value` file that people can read and edit; `#` starts a comment. Keys this
//! version does not know are kept and written back, so a newer version's settings survive an
//! older one. Secrets are never stored here, only paths to files that hold them.

use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::fsutil::{PUBLIC, write_atomic};
use crate::crypto::KeyType;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RenewalConf {
    /// The names, as normalised at issuance.
    pub domains: Vec<String>,
    /// ACME directory URL.
    pub server: String,
    /// The account URL that ordered it.
    pub account: String,
    pub key_type: Option<KeyType>,
    /// The challenge method and its settings, e.g. `webroot` with `webroot.<domain> = <dir>`.
    pub method: String,
    pub webroot: Vec<(String, PathBuf)>,
    pub pre_hook: Option<String>,
    pub post_hook: Option<String>,
    pub deploy_hook: Option<String>,
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
            let Some((key, value)) = line.split_once('=') else {
                bail!("line {}: expected `key = value`, found {:?}", i + 1, line);
            };
            let (key, value) = (key.trim(), value.trim().to_string());
            let opt = |v: String| if v.is_empty() { None } else { Some(v) };
            match key {
                "domains" => {
                    conf.domains = value
                        .split(',')
                        .map(|d| d.trim().to_string())
                        .filter(|d| !d.is_empty())
                        .collect()
                }
                "server" => conf.server = value,
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
                "renew_before_days" => {
                    conf.renew_before_days = Some(value.parse().with_context(|| {
                        format!("line {}: renew_before_days must be a whole number", i + 1)
                    })?)
                }
                _ => match key.strip_prefix("webroot.") {
                    Some(domain) => conf
                        .webroot
                        .push((domain.to_string(), PathBuf::from(value))),
                    None => {
                        conf.extra.insert(key.to_string(), value);
                    }
                },
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
        let mut put = |k: &str, v: &str| out.push_str(&format!("{k} = {v}\n"));
        put("domains", &self.domains.join(", "));
        put("server", &self.server);
        put("account", &self.account);
        if let Some(k) = self.key_type {
            put("key_type", k.as_str());
        }
        put("method", &self.method);
        for (domain, dir) in &self.webroot {
            put(&format!("webroot.{domain}"), &dir.to_string_lossy());
        }
        for (k, v) in [
            ("pre_hook", &self.pre_hook),
            ("post_hook", &self.post_hook),
            ("deploy_hook", &self.deploy_hook),
        ] {
            if let Some(v) = v {
                put(k, v);
            }
        }
        if let Some(d) = self.renew_before_days {
            put("renew_before_days", &d.to_string());
        }
        for (k, v) in &self.extra {
            put(k, v);
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
            renew_before_days: Some(20),
            extra: [("future_setting".to_string(), "x".to_string())].into(),
        };
        assert_eq!(
            RenewalConf::parse(&conf.render("example.com")).unwrap(),
            conf
        );
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
