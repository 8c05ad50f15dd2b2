//! Which keys of a renewal conf the fleet shares and which stay this node's own (issue #21,
//! review finding 1). Pure.
//!
//! Anyone who can write the fleet's prefix in etcd (another node, an etcd user, a man in the
//! middle of a plain link) writes the shared conf, and `acme` runs as root: so a node takes
//! from the store only what names *what* to issue, never anything naming a program to run or
//! a path to read or write.
//!
//! - Fleet-wide (taken from the store): `domains`, `server`, `fallback_servers`, `account`,
//!   `key_type`, `renew_before_days` and the method-independent issuance options in
//!   [`FLEET_WIDE`] (`reuse_key`, `preferred_chain`, `profile`, `require_trusted_chain`, the
//!   revocation mark).
//! - Node-local (kept from this node's conf, none for a lineage new to it): every hook
//!   (`pre_hook`, `post_hook`, `deploy_hook`, `failure_hook`, `dns_hook`, `manual_*`), the
//!   challenge method's settings (`webroot.*` — this node's fleet web root where it has one —,
//!   `tsig_key`, `dns_rfc2136`, listen ports and addresses, …), `csr`, `imported_from`, the
//!   self-check settings, the ARI state, and every key this version does not know. The method
//!   name is this node's too; a lineage new to the node takes the store's method name (a word,
//!   not a command) with none of its settings, and the store's ARI state (dates and a
//!   certificate id).

use anyhow::Result;
use std::path::Path;

use crate::issuing::options;
use crate::renewing::survey;
use crate::storage::renewal_conf::RenewalConf;

/// The `extra` keys the store decides for every node: none names a program or a path.
pub const FLEET_WIDE: &[&str] = &[
    options::REUSE_KEY,
    options::PREFERRED_CHAIN,
    options::PROFILE,
    options::REQUIRE_TRUSTED_CHAIN,
    survey::REVOKED_FLAG,
    "revoked_serial",
    "revoked_reason",
];

/// The `extra` keys a node shares: the fleet-wide ones and its ARI state (which a node new
/// to the lineage starts from).
fn shared_key(k: &str) -> bool {
    FLEET_WIDE.contains(&k) || acme::renewal::ARI_KEYS.contains(&k)
}

/// The fleet-wide part of a conf, as a node shares it: the names, the CA, the key type and
/// the method-independent options; the method's name without its settings; no hook, no path.
pub fn shared_part(conf: &RenewalConf) -> RenewalConf {
    RenewalConf {
        domains: conf.domains.clone(),
        server: conf.server.clone(),
        fallback_servers: conf.fallback_servers.clone(),
        account: conf.account.clone(),
        key_type: conf.key_type,
        method: conf.method.clone(),
        renew_before_days: conf.renew_before_days,
        extra: conf
            .extra
            .iter()
            .filter(|(k, _)| shared_key(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        ..RenewalConf::default()
    }
}

/// The conf this node uses for `name`: the fleet-wide part of the store's `text`, everything
/// else from this node's own conf (`local`, `None` for a lineage new to this node). A webroot
/// lineage answers from this node's fleet web root (`webroot` in fleet.conf) for every name.
pub fn localize(
    name: &str,
    text: &str,
    webroot: Option<&Path>,
    local: Option<&RenewalConf>,
) -> Result<String> {
    let theirs = RenewalConf::parse(text)?;
    let mut conf = match local {
        Some(l) => l.clone(),
        // A lineage new to this node starts from the fleet's ARI state (keyed by the
        // certificate it is about, so state about another version is ignored).
        None => RenewalConf {
            method: theirs.method.clone(),
            extra: theirs
                .extra
                .iter()
                .filter(|(k, _)| acme::renewal::ARI_KEYS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            ..RenewalConf::default()
        },
    };
    conf.domains = theirs.domains;
    conf.server = theirs.server;
    conf.fallback_servers = theirs.fallback_servers;
    conf.account = theirs.account;
    conf.key_type = theirs.key_type;
    conf.renew_before_days = theirs.renew_before_days;
    for k in FLEET_WIDE {
        match theirs.extra.get(*k) {
            Some(v) => conf.extra.insert(k.to_string(), v.clone()),
            None => conf.extra.remove(*k),
        };
    }
    if let Some(w) = webroot
        && conf.method == "webroot"
    {
        conf.webroot = conf
            .domains
            .iter()
            .map(|d| (d.clone(), w.to_path_buf()))
            .collect();
    }
    Ok(conf.render(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What an attacker with write access to the prefix puts in the shared conf.
    const HOSTILE: &str = "domains = a.example, b.example\nserver = https://ca.test/dir\n\
        account = https://ca.test/acct/9\nkey_type = ecdsa-p384\nmethod = webroot\n\
        webroot.a.example = /etc\npre_hook = id > /tmp/pwned-pre\n\
        post_hook = id > /tmp/pwned-post\ndeploy_hook = id > /tmp/pwned\n\
        failure_hook = id > /tmp/pwned-fail\ndns_hook = id > /tmp/pwned-dns\n\
        manual_auth_hook = id\nmanual_cleanup_hook = id\ntsig_key = /etc/shadow\n\
        csr = /etc/shadow\nimported_from = /etc/shadow\nself_check_via = 10.9.9.9\n\
        http_port = 1\nfrom_the_future = x\nari_cert = theirs\n\
        reuse_key = true\nprofile = shortlived\nrenew_before_days = 9\n";

    fn hostile_keys(text: &str) -> Vec<String> {
        let conf = RenewalConf::parse(text).unwrap();
        let mut found: Vec<String> = [
            ("pre_hook", conf.pre_hook.is_some()),
            ("post_hook", conf.post_hook.is_some()),
            ("deploy_hook", conf.deploy_hook.is_some()),
            ("failure_hook", conf.failure_hook.is_some()),
        ]
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(k, _)| k.to_string())
        .collect();
        found.extend(conf.extra.keys().filter(|k| !shared_key(k)).cloned());
        found.extend(
            conf.webroot
                .iter()
                .filter(|(_, d)| d.starts_with("/etc"))
                .map(|(n, _)| format!("webroot.{n}")),
        );
        found
    }

    #[test]
    fn a_lineage_new_to_the_node_takes_no_hook_and_no_path_from_the_store() {
        let text = localize("a.example", HOSTILE, Some(Path::new("/var/www")), None).unwrap();
        assert_eq!(hostile_keys(&text), Vec::<String>::new(), "{text}");
        let conf = RenewalConf::parse(&text).unwrap();
        assert_eq!(conf.domains, ["a.example", "b.example"]);
        assert_eq!(conf.server, "https://ca.test/dir");
        assert_eq!(conf.account, "https://ca.test/acct/9");
        assert_eq!(conf.key_type, Some(acme::crypto::KeyType::EcdsaP384));
        assert_eq!(conf.renew_before_days, Some(9));
        assert!(conf.flag(options::REUSE_KEY));
        assert_eq!(conf.extra.get(options::PROFILE).unwrap(), "shortlived");
        assert_eq!(conf.method, "webroot");
        assert_eq!(
            conf.webroot,
            [
                ("a.example".to_string(), "/var/www".into()),
                ("b.example".to_string(), "/var/www".into())
            ]
        );
        // Without a fleet web root, no web root at all (renew then says what is missing).
        let text = localize("a.example", HOSTILE, None, None).unwrap();
        assert!(RenewalConf::parse(&text).unwrap().webroot.is_empty());
    }

    #[test]
    fn a_node_keeps_its_own_hooks_method_settings_and_paths_over_the_stores() {
        let mine = RenewalConf {
            domains: vec!["a.example".into()],
            server: "https://old.test/dir".into(),
            account: "https://old.test/acct/1".into(),
            method: "dns".into(),
            deploy_hook: Some("systemctl reload nginx".into()),
            extra: [
                ("dns_hook".to_string(), "/usr/local/bin/dns".to_string()),
                ("ari_cert".to_string(), "mine".to_string()),
                ("preferred_chain".to_string(), "Old Root".to_string()),
            ]
            .into(),
            ..RenewalConf::default()
        };
        let text = localize(
            "a.example",
            HOSTILE,
            Some(Path::new("/var/www")),
            Some(&mine),
        )
        .unwrap();
        let conf = RenewalConf::parse(&text).unwrap();
        assert_eq!(conf.deploy_hook.as_deref(), Some("systemctl reload nginx"));
        assert_eq!(conf.pre_hook, None);
        assert_eq!(conf.post_hook, None);
        assert_eq!(conf.failure_hook, None);
        assert_eq!(conf.method, "dns");
        assert!(conf.webroot.is_empty());
        let extra: Vec<(&str, &str)> = conf
            .extra
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        // The store's options replace the node's (preferred_chain unset there: unset here).
        assert_eq!(
            extra,
            [
                ("ari_cert", "mine"),
                ("dns_hook", "/usr/local/bin/dns"),
                ("profile", "shortlived"),
                ("reuse_key", "true"),
            ]
        );
        assert_eq!(conf.server, "https://ca.test/dir");
    }

    #[test]
    fn a_node_shares_no_hook_and_no_path() {
        let conf = RenewalConf::parse(HOSTILE).unwrap();
        let shared = shared_part(&conf).render("a.example");
        assert_eq!(hostile_keys(&shared), Vec::<String>::new(), "{shared}");
        let back = RenewalConf::parse(&shared).unwrap();
        assert!(back.webroot.is_empty());
        assert_eq!(back.method, "webroot");
        assert_eq!(back.domains, conf.domains);
    }
}
