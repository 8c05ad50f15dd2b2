//! Reading a certbot tree (`/etc/letsencrypt`) to take it over: its renewal confs (ConfigObj INI),
//! archive versions and accounts, and translating its settings into ours. Read-only: nothing here
//! ever writes under the certbot tree.

use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::lineage::cert_number;
use super::renewal_conf::{MethodName, RenewalConf};
use acme::crypto::KeyType;

/// One `renewal/<name>.conf`: top-level keys, `[renewalparams]`, and `[[webroot_map]]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CertbotConf {
    pub top: BTreeMap<String, String>,
    pub params: BTreeMap<String, String>,
    pub webroot_map: Vec<(String, String)>,
}

/// Parses the subset of ConfigObj certbot writes: `key = value`, `[section]`, `[[subsection]]`,
/// `#` comments, values optionally quoted.
pub fn parse_conf(text: &str) -> Result<CertbotConf> {
    let mut conf = CertbotConf::default();
    let mut section = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            section = line
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            bail!("line {}: expected `key = value`, found {line:?}", i + 1);
        };
        let key = key.trim().to_string();
        let mut value = value.trim();
        for q in ['"', '\''] {
            if value.len() >= 2 && value.starts_with(q) && value.ends_with(q) {
                value = &value[1..value.len() - 1];
            }
        }
        let value = value.to_string();
        match section.as_str() {
            "" => {
                conf.top.insert(key, value);
            }
            "renewalparams" => {
                conf.params.insert(key, value);
            }
            "webroot_map" => conf.webroot_map.push((key, value)),
            _ => {} // unknown sections: ignored, as certbot itself does
        }
    }
    Ok(conf)
}

/// certbot's `webroot_path` is a comma-separated list (with a trailing comma for one path).
fn split_list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "None")
        .map(str::to_string)
        .collect()
}

fn param<'c>(conf: &'c CertbotConf, key: &str) -> Option<&'c str> {
    conf.params
        .get(key)
        .map(String::as_str)
        .filter(|v| !v.is_empty() && *v != "None")
}

/// The key type certbot would use for this lineage, or why it cannot be one of ours.
pub fn key_type(conf: &CertbotConf) -> Result<Option<KeyType>, String> {
    match param(conf, "key_type") {
        Some("ecdsa") => match param(conf, "elliptic_curve").unwrap_or("secp256r1") {
            "secp256r1" => Ok(Some(KeyType::EcdsaP256)),
            "secp384r1" => Ok(Some(KeyType::EcdsaP384)),
            other => Err(format!(
                "key_type ecdsa with curve {other} is not supported (P-256 and P-384 are); the next key will be ecdsa-p256"
            )),
        },
        Some("rsa") | None => match param(conf, "rsa_key_size") {
            None if param(conf, "key_type").is_none() => Ok(None),
            None | Some("2048") => Ok(Some(KeyType::Rsa2048)),
            Some("3072") => Ok(Some(KeyType::Rsa3072)),
            Some("4096") => Ok(Some(KeyType::Rsa4096)),
            Some(other) => Err(format!(
                "rsa_key_size {other} is not supported (2048, 3072 and 4096 are); the next key will be rsa2048"
            )),
        },
        Some(other) => Err(format!("key_type {other} is not supported")),
    }
}

/// Our renewal conf for a certbot lineage, and what could not be carried over (each with why).
/// `domains` come from the live certificate (certbot keeps them there, not in the conf).
pub fn translate(
    conf: &CertbotConf,
    domains: Vec<String>,
    account_url: Option<&str>,
) -> (RenewalConf, Vec<String>) {
    let mut notes = Vec::new();
    let mut out = RenewalConf {
        domains: domains.clone(),
        server: param(conf, "server")
            .unwrap_or(acme::known_cas::DEFAULT.directory)
            .to_string(),
        account: account_url.unwrap_or_default().to_string(),
        ..RenewalConf::default()
    };
    match key_type(conf) {
        Ok(k) => out.key_type = k,
        Err(why) => notes.push(why),
    }
    let authenticator = param(conf, "authenticator").unwrap_or("");
    match authenticator {
        "webroot" => {
            out.method = Some(MethodName::Webroot);
            let paths = param(conf, "webroot_path")
                .map(split_list)
                .unwrap_or_default();
            for d in &domains {
                let dir = conf
                    .webroot_map
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(d))
                    .map(|(_, p)| p.clone())
                    .or_else(|| paths.first().cloned());
                match dir {
                    Some(p) => out.webroot.push((d.clone(), PathBuf::from(p))),
                    None => notes.push(format!(
                        "no web root is recorded for {d}; add `webroot.{d} = <dir>` to the conf"
                    )),
                }
            }
        }
        "standalone" => out.method = Some(MethodName::Standalone),
        "manual" => {
            out.method = Some(MethodName::Manual);
            out.manual.auth_hook = param(conf, "manual_auth_hook").map(str::to_string);
            out.manual.cleanup_hook = param(conf, "manual_cleanup_hook").map(str::to_string);
            // certbot's `pref_challs = dns-01,` (a list; the first counts).
            if let Some(first) = param(conf, "pref_challs")
                .map(split_list)
                .and_then(|l| l.into_iter().next())
            {
                out.manual.preferred_challenges = Some(first.to_string());
            }
            if param(conf, "manual_auth_hook").is_none() {
                notes.push(
                    "authenticator manual without manual_auth_hook cannot renew unattended".into(),
                );
            }
        }
        "" => notes.push("no authenticator is recorded; set `method` in the conf".into()),
        other => {
            out.method = MethodName::from_word(other);
            notes.push(format!(
                "authenticator {other} (a certbot plugin) has no equivalent here; set `method` in the conf"
            ));
        }
    }
    out.pre_hook = param(conf, "pre_hook").map(str::to_string);
    out.post_hook = param(conf, "post_hook").map(str::to_string);
    // certbot renamed renew_hook to deploy_hook; both mean "after each successful renewal".
    out.deploy_hook = param(conf, "deploy_hook")
        .or_else(|| param(conf, "renew_hook"))
        .map(str::to_string);
    out.options.reuse_key =
        param(conf, "reuse_key").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if let Some(c) = param(conf, "preferred_chain") {
        out.options.preferred_chain = Some(c.to_string());
    }
    if let Some(v) = conf.top.get("renew_before_expiry") {
        match v
            .trim()
            .strip_suffix("days")
            .or_else(|| v.trim().strip_suffix("day"))
            .and_then(|n| n.trim().parse::<u32>().ok())
        {
            Some(n) => out.renew_before_days = Some(n),
            None => notes.push(format!(
                "renew_before_expiry = {v} is not a number of days; the default timing applies"
            )),
        }
    }
    if let Some(i) = param(conf, "installer").filter(|i| *i != "none") {
        notes.push(format!(
            "installer {i}: this client does not edit web server configs; use a deploy_hook to reload it"
        ));
    }
    if param(conf, "must_staple").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        notes.push("must_staple: OCSP is gone at Let's Encrypt; not carried over".into());
    }
    (out, notes)
}

/// A certbot account: `accounts/<host[:port]>/<path>/<id>/{regr,private_key,meta}.json`.
pub struct CertbotAccount {
    pub id: String,
    pub dir: PathBuf,
    /// The directory URL, rebuilt from the folder names as certbot derived them.
    pub server: String,
    pub url: String,
    pub contact: Vec<String>,
    pub created: Option<String>,
    pub jwk: Value,
}

/// Every complete account under `<from>/accounts`, sorted by directory.
pub fn accounts(from: &Path) -> Result<Vec<CertbotAccount>> {
    let root = from.join("accounts");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    let mut budget = 10_000; // bounded walk
    while let Some(dir) = stack.pop() {
        budget -= 1;
        if budget == 0 {
            break;
        }
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        if dir.join("regr.json").is_file() && dir.join("private_key.json").is_file() {
            out.push(read_account(&root, &dir)?);
            continue;
        }
        for e in entries.filter_map(|e| e.ok()) {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(e.path());
            }
        }
    }
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok(out)
}

fn read_account(root: &Path, dir: &Path) -> Result<CertbotAccount> {
    let read = |f: &str| -> Result<Value> {
        let p = dir.join(f);
        serde_json::from_slice(
            &fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?,
        )
        .with_context(|| format!("{} is not JSON", p.display()))
    };
    let regr = read("regr.json")?;
    let jwk = read("private_key.json")?;
    let meta = read("meta.json").unwrap_or(Value::Null);
    let rel = dir
        .parent()
        .and_then(|p| p.strip_prefix(root).ok())
        .context("account directory outside accounts/")?;
    let url = regr
        .get("uri")
        .and_then(Value::as_str)
        .with_context(|| format!("{} has no account URL", dir.join("regr.json").display()))?;
    Ok(CertbotAccount {
        id: dir
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
        dir: dir.to_path_buf(),
        server: format!("https://{}", rel.to_string_lossy()),
        url: url.to_string(),
        contact: regr["body"]["contact"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        created: meta["creation_dt"].as_str().map(str::to_string),
        jwk,
    })
}

/// A certbot lineage: its conf and where its files are.
pub struct CertbotLineage {
    pub name: String,
    pub conf_path: PathBuf,
    pub conf: CertbotConf,
    pub archive: PathBuf,
    /// The version `live/<name>/cert.pem` points at.
    pub live_version: Option<u32>,
}

/// Every `renewal/*.conf`, sorted by name; a conf that cannot be parsed is returned as an error
/// next to its name so the caller can report it and go on.
pub fn lineages(from: &Path) -> Result<Vec<(String, Result<CertbotLineage>)>> {
    let dir = from.join("renewal");
    let entries = fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let mut out = Vec::new();
    for e in entries.filter_map(|e| e.ok()) {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(name) = file.strip_suffix(".conf") else {
            continue;
        };
        out.push((name.to_string(), read_lineage(from, name, &e.path())));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn read_lineage(from: &Path, name: &str, path: &Path) -> Result<CertbotLineage> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let conf = parse_conf(&text).with_context(|| format!("{} is not valid", path.display()))?;
    let archive = conf
        .top
        .get("archive_dir")
        .map(PathBuf::from)
        .unwrap_or_else(|| from.join("archive").join(name));
    let cert_link = conf
        .top
        .get("cert")
        .map(PathBuf::from)
        .unwrap_or_else(|| from.join("live").join(name).join("cert.pem"));
    let live_version = fs::read_link(&cert_link)
        .ok()
        .and_then(|t| cert_number(t.file_name()?.to_str()?));
    Ok(CertbotLineage {
        name: name.to_string(),
        conf_path: path.to_path_buf(),
        conf,
        archive,
        live_version,
    })
}

/// The version numbers N with `certN.pem` in an archive directory, ascending.
pub fn archive_versions(archive: &Path) -> Result<Vec<u32>> {
    let entries =
        fs::read_dir(archive).with_context(|| format!("cannot read {}", archive.display()))?;
    let mut v: Vec<u32> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| cert_number(e.file_name().to_str()?))
        .collect();
    v.sort_unstable();
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONF: &str = "# renew_before_expiry = 30 days
version = 2.1.0
archive_dir = /etc/letsencrypt/archive/a.example.com
cert = /etc/letsencrypt/live/a.example.com/cert.pem
renew_before_expiry = 20 days

# Options used in the renewal process
[renewalparams]
account = 7aa17cca02e197d57c1b8e7cf89ac48d
server = https://localhost:14000/dir
authenticator = webroot
webroot_path = /var/www/a,
key_type = rsa
rsa_key_size = 3072
renew_hook = systemctl reload nginx
installer = nginx
[[webroot_map]]
www.a.example.com = /var/www/www
a.example.com = /var/www/a
";

    #[test]
    fn certbot_conf_sections_are_read() {
        let c = parse_conf(CONF).unwrap();
        assert_eq!(c.top["version"], "2.1.0");
        assert_eq!(c.params["authenticator"], "webroot");
        assert_eq!(c.webroot_map.len(), 2);
        assert!(parse_conf("no equals sign here\n").is_err());
    }

    #[test]
    fn translation_keeps_what_renewal_needs_and_says_what_it_drops() {
        let c = parse_conf(CONF).unwrap();
        let (out, notes) = translate(
            &c,
            vec!["a.example.com".into(), "www.a.example.com".into()],
            Some("https://ca/acct/1"),
        );
        assert_eq!(out.method, Some(MethodName::Webroot));
        assert_eq!(
            out.webroot,
            vec![
                ("a.example.com".to_string(), PathBuf::from("/var/www/a")),
                (
                    "www.a.example.com".to_string(),
                    PathBuf::from("/var/www/www")
                ),
            ]
        );
        assert_eq!(out.key_type, Some(KeyType::Rsa3072));
        assert_eq!(out.deploy_hook.as_deref(), Some("systemctl reload nginx"));
        assert_eq!(out.renew_before_days, Some(20));
        assert_eq!(out.server, "https://localhost:14000/dir");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("installer nginx"), "{notes:?}");
    }

    #[test]
    fn key_types_map_or_explain() {
        let with = |pairs: &[(&str, &str)]| CertbotConf {
            params: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..CertbotConf::default()
        };
        assert_eq!(
            key_type(&with(&[("key_type", "ecdsa")])),
            Ok(Some(KeyType::EcdsaP256))
        );
        assert_eq!(
            key_type(&with(&[
                ("key_type", "ecdsa"),
                ("elliptic_curve", "secp384r1")
            ])),
            Ok(Some(KeyType::EcdsaP384))
        );
        assert_eq!(
            key_type(&with(&[("key_type", "rsa")])),
            Ok(Some(KeyType::Rsa2048))
        );
        assert_eq!(key_type(&with(&[])), Ok(None));
        assert!(
            key_type(&with(&[
                ("key_type", "ecdsa"),
                ("elliptic_curve", "secp521r1")
            ]))
            .is_err()
        );
        assert!(key_type(&with(&[("rsa_key_size", "1024")])).is_err());
    }
}
