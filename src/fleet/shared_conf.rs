//! Which keys of a renewal conf the fleet shares and which stay this node's own (issue #21,
//! review finding 1). Pure.
//!
//! Anyone who can write the fleet's prefix in etcd (another node, an etcd user, a man in the
//! middle of a plain link) writes the shared conf, and `acme` runs as root: so a node takes
//! from the store only what names *what* to issue, never anything naming a program to run or
//! a path to read or write.
//!
//! - Fleet-wide (taken from the store): `domains`, `server`, `fallback_servers`, `account`,
//!   `key_type`, `renew_before_days`, the method-independent issuance options (`reuse_key`,
//!   `preferred_chain`, `profile`, `require_trusted_chain`) and the revocation mark (`revoked`,
//!   `revoked_serial`, `revoked_reason`).
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

use crate::storage::renewal_conf::{IssuanceOptions, MethodName, RenewalConf};

/// The issuance options the store decides for every node: all but `csr` (a path, node-local).
fn fleet_wide_options(o: &IssuanceOptions, csr: Option<std::path::PathBuf>) -> IssuanceOptions {
    IssuanceOptions {
        reuse_key: o.reuse_key,
        csr,
        preferred_chain: o.preferred_chain.clone(),
        profile: o.profile.clone(),
        require_trusted_chain: o.require_trusted_chain,
    }
}

/// The fleet-wide part of a conf, as a node shares it: the names, the CA, the key type and
/// the method-independent options; the method's name without its settings; the ARI state; no
/// hook, no path, no key this version does not know.
pub fn shared_part(conf: &RenewalConf) -> RenewalConf {
    RenewalConf {
        domains: conf.domains.clone(),
        server: conf.server.clone(),
        fallback_servers: conf.fallback_servers.clone(),
        account: conf.account.clone(),
        key_type: conf.key_type,
        method: conf.method.clone(),
        renew_before_days: conf.renew_before_days,
        options: fleet_wide_options(&conf.options, None),
        revocation: conf.revocation.clone(),
        ari: conf.ari.clone(),
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
    // The names are what the store decides: names acme would order, and nothing else (a
    // control character in one would land raw in this node's `webroot.<name>` keys).
    acme::identifiers::normalize(&theirs.domains)
        .map_err(|e| anyhow::anyhow!("the fleet's conf of {name} is refused: {e}"))?;
    let mut conf = match local {
        Some(l) => l.clone(),
        // A lineage new to this node starts from the fleet's ARI state (keyed by the
        // certificate it is about, so state about another version is ignored).
        None => RenewalConf {
            method: theirs.method.clone(),
            ari: theirs.ari.clone(),
            ..RenewalConf::default()
        },
    };
    conf.domains = theirs.domains;
    conf.server = theirs.server;
    conf.fallback_servers = theirs.fallback_servers;
    conf.account = theirs.account;
    conf.key_type = theirs.key_type;
    conf.renew_before_days = theirs.renew_before_days;
    conf.options = fleet_wide_options(&theirs.options, conf.options.csr.take());
    conf.revocation = theirs.revocation;
    if let Some(w) = webroot
        && conf.method == Some(MethodName::Webroot)
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
    use crate::storage::renewal_conf::DnsSettings;

    fn ari_about(cert_id: &str) -> acme::renewal::AriState {
        acme::renewal::AriState {
            cert_id: cert_id.into(),
            window: None,
            next_check: 1_790_000_000,
        }
    }

    /// What an attacker with write access to the prefix puts in the shared conf.
    const HOSTILE: &str = "domains = a.example, b.example\nserver = https://ca.test/dir\n\
        account = https://ca.test/acct/9\nkey_type = ecdsa-p384\nmethod = webroot\n\
        webroot.a.example = /etc\npre_hook = id > /tmp/pwned-pre\n\
        post_hook = id > /tmp/pwned-post\ndeploy_hook = id > /tmp/pwned\n\
        failure_hook = id > /tmp/pwned-fail\ndns_hook = id > /tmp/pwned-dns\n\
        manual_auth_hook = id\nmanual_cleanup_hook = id\ntsig_key = /etc/shadow\n\
        csr = /etc/shadow\nimported_from = /etc/shadow\nself_check_via = 10.9.9.9:80\n\
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
        let node_local = [
            ("dns_hook", conf.dns.hook.is_some()),
            ("dns_rfc2136", conf.dns.rfc2136.is_some()),
            ("tsig_key", conf.dns.tsig_key.is_some()),
            ("manual_auth_hook", conf.manual.auth_hook.is_some()),
            ("manual_cleanup_hook", conf.manual.cleanup_hook.is_some()),
            ("csr", conf.options.csr.is_some()),
            ("imported_from", conf.imported_from.is_some()),
            ("self_check_via", conf.self_check.via.is_some()),
            ("http_port", conf.http.port.is_some()),
        ];
        found.extend(
            node_local
                .into_iter()
                .filter(|(_, set)| *set)
                .map(|(k, _)| k.to_string()),
        );
        found.extend(conf.extra.keys().cloned());
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
        assert!(conf.options.reuse_key);
        assert_eq!(conf.options.profile(), Some("shortlived"));
        assert_eq!(conf.method, Some(MethodName::Webroot));
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
            method: Some(MethodName::Other("dns".into())),
            deploy_hook: Some("systemctl reload nginx".into()),
            dns: DnsSettings {
                hook: Some("/usr/local/bin/dns".into()),
                ..DnsSettings::default()
            },
            ari: Some(ari_about("mine")),
            options: IssuanceOptions {
                preferred_chain: Some("Old Root".into()),
                csr: Some("archive/a.example/csr.pem".into()),
                ..IssuanceOptions::default()
            },
            extra: [("from_my_future".to_string(), "y".to_string())].into(),
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
        assert_eq!(conf.method, Some(MethodName::Other("dns".into())));
        assert!(conf.webroot.is_empty());
        assert_eq!(conf.dns.hook.as_deref(), Some("/usr/local/bin/dns"));
        assert_eq!(conf.ari, Some(ari_about("mine")));
        // The store's options replace the node's (preferred_chain unset there: unset here),
        // but the CSR path stays the node's.
        assert_eq!(
            conf.options,
            IssuanceOptions {
                reuse_key: true,
                csr: Some("archive/a.example/csr.pem".into()),
                profile: Some("shortlived".into()),
                ..IssuanceOptions::default()
            }
        );
        let extra: Vec<&str> = conf.extra.keys().map(String::as_str).collect();
        assert_eq!(extra, ["from_my_future"]);
        assert_eq!(conf.server, "https://ca.test/dir");
    }

    /// Second review: a store's domain that is no name (here one carrying a carriage return and
    /// a hook-like text) is refused, not written into this node's `webroot.<name>` keys.
    #[test]
    fn a_store_conf_whose_domains_are_not_names_is_refused() {
        for bad in [
            "a.example, \"x\\rdeploy_hook = id > /tmp/pwned\"",
            "\"a.example\\x1b[2J\"",
            "a.example, *.*.example",
        ] {
            let text = format!("domains = {bad}\nserver = https://ca.test/dir\nmethod = webroot\n");
            assert!(RenewalConf::parse(&text).is_ok(), "{text}");
            let err = localize("a.example", &text, Some(Path::new("/var/www")), None).unwrap_err();
            assert!(format!("{err:#}").contains("is refused"), "{err:#}");
        }
    }

    #[test]
    fn a_node_shares_no_hook_and_no_path() {
        let conf = RenewalConf::parse(HOSTILE).unwrap();
        let shared = shared_part(&conf).render("a.example");
        assert_eq!(hostile_keys(&shared), Vec::<String>::new(), "{shared}");
        let back = RenewalConf::parse(&shared).unwrap();
        assert!(back.webroot.is_empty());
        assert_eq!(back.method, Some(MethodName::Webroot));
        assert_eq!(back.domains, conf.domains);
    }
}
