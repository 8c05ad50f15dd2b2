//! `sync` against a real etcd member: what a node takes from the store, and what it refuses
//! (review findings 1, 3 and 4).

use super::*;
use crate::cli::output::Verbosity;
use crate::fleet::testing::{OneEtcd, issued, node};
use crate::storage::store::Version;

const DAY: i64 = 86400;

fn quiet() -> Printer {
    Printer::new(crate::cli::output::Verbosity::Quiet, false)
}

fn now() -> i64 {
    acme::time::now()
}

fn conf(extra: &str) -> String {
    format!(
        "domains = a.example\nserver = https://ca.test/dir\naccount = https://ca.test/acct/1\n\
         method = webroot\n{extra}"
    )
}

/// Puts `conf` and version `n` of a.example straight into the store, as anyone who can write
/// the prefix can.
fn plant(n: &super::Node, conf: &str, v: u32, version: &Version) {
    n.store
        .etcd
        .put("lineages/a.example/conf", conf.as_bytes(), None)
        .unwrap();
    n.store.etcd.delete("lineages/a.example/latest").unwrap();
    assert_eq!(
        n.store.add_version("a.example", v, version).unwrap(),
        Added::Stored
    );
}

fn live_cert(n: &super::Node) -> Option<Vec<u8>> {
    std::fs::read(n.layout.live("a.example").join("cert.pem")).ok()
}

#[test]
fn hooks_and_paths_in_a_stored_conf_never_run_or_reach_the_local_conf() {
    let one = OneEtcd::start();
    let dir = tempfile::tempdir().unwrap();
    let n = node(&one, dir.path(), "n1");
    let mine = dir.path().join("mine");
    let pwned = dir.path().join("pwned");
    Local::new(&n.layout)
        .put_conf(
            "a.example",
            &conf(&format!("deploy_hook = echo x >> {}\n", mine.display())),
        )
        .unwrap();
    let hostile = conf(&format!(
        "deploy_hook = touch {p}\npre_hook = touch {p}\npost_hook = touch {p}\n\
         webroot.a.example = /etc\ntsig_key = /etc/shadow\n",
        p = pwned.display()
    ));
    plant(
        &n,
        &hostile,
        1,
        &issued(&["a.example"], now() - DAY, now() + 60 * DAY),
    );
    let Synced { pulled, .. } = one_locked(&n, "a.example", &quiet()).unwrap();
    assert_eq!(pulled.unwrap().to, 1);
    assert!(!pwned.exists(), "a hook from the store ran");
    assert_eq!(
        std::fs::read_to_string(&mine).unwrap(),
        "x\n",
        "the node's own hook"
    );
    let local = RenewalConf::load(&n.layout.renewal_conf("a.example")).unwrap();
    assert_eq!(local.pre_hook, None);
    assert_eq!(local.post_hook, None);
    assert!(local.deploy_hook.unwrap().contains("mine"));
    assert_eq!(
        local.webroot,
        [("a.example".to_string(), dir.path().join("www"))]
    );
    assert_eq!(local.dns.tsig_key, None);
}

#[test]
fn versions_from_the_store_get_the_checks_a_ca_download_gets() {
    let one = OneEtcd::start();
    let dir = tempfile::tempdir().unwrap();
    let n = node(&one, dir.path(), "n1");
    let good = issued(&["a.example"], now() - DAY, now() + 60 * DAY);
    let other = issued(&["a.example"], now() - DAY, now() + 60 * DAY);
    let text = |s: &str| s.as_bytes().to_vec();
    let bad: Vec<(&str, Version)> = vec![
        (
            "not a certificate",
            Version {
                cert: text("not a certificate\n"),
                chain: Vec::new(),
                fullchain: text("not a certificate\n"),
                privkey: None,
                issuer: None,
                issuer_unsealed: false,
            },
        ),
        (
            "no private key",
            Version {
                privkey: None,
                ..good.clone()
            },
        ),
        (
            "another key",
            Version {
                privkey: other.privkey.clone(),
                ..good.clone()
            },
        ),
        (
            "other names",
            issued(&["b.example"], now() - DAY, now() + 60 * DAY),
        ),
        (
            "fullchain differs",
            Version {
                fullchain: other.fullchain.clone(),
                ..good.clone()
            },
        ),
        (
            "expired",
            issued(&["a.example"], now() - 90 * DAY, now() - DAY),
        ),
    ];
    for (why, v) in &bad {
        plant(&n, &conf(""), 1, v);
        assert!(
            one_locked(&n, "a.example", &quiet()).is_err(),
            "{why}: accepted"
        );
        assert_eq!(live_cert(&n), None, "{why}: installed");
        n.store.etcd.delete("lineages/a.example/v/1").unwrap();
    }
    // A number no lineage reaches: `n + 1` of the next renewal would overflow.
    n.store
        .etcd
        .put(
            "lineages/a.example/latest",
            u32::MAX.to_string().as_bytes(),
            None,
        )
        .unwrap();
    n.store
        .etcd
        .put(&format!("lineages/a.example/v/{}", u32::MAX), b"{}", None)
        .unwrap();
    let err = one_locked(&n, "a.example", &quiet()).unwrap_err();
    assert!(format!("{err:#}").contains("outside 1..="), "{err:#}");
    plant(&n, &conf(""), 1, &good);
    let Synced { pulled, .. } = one_locked(&n, "a.example", &quiet()).unwrap();
    assert_eq!(pulled.unwrap().to, 1);
    assert_eq!(live_cert(&n).unwrap(), good.cert);
    assert!(n.layout.live("a.example").join("privkey.pem").exists());
}

#[test]
fn a_node_never_takes_nor_shares_a_certificate_issued_before_the_one_it_serves() {
    let one = OneEtcd::start();
    let dir = tempfile::tempdir().unwrap();
    let n = node(&one, dir.path(), "n1");
    let local = Local::new(&n.layout);
    local.put_conf("a.example", &conf("")).unwrap();
    let served = issued(&["a.example"], now() - DAY, now() + 60 * DAY);
    local.add_version("a.example", 1, &served).unwrap();
    // The store names version 7, issued before the one served here (still valid).
    let stale = issued(&["a.example"], now() - 30 * DAY, now() + 50 * DAY);
    plant(&n, &conf(""), 7, &stale);
    let err = one_locked(&n, "a.example", &quiet()).unwrap_err();
    assert!(format!("{err:#}").contains("roll back"), "{err:#}");
    assert_eq!(live_cert(&n).unwrap(), served.cert);

    // Another node whose archive ran ahead (version 9) with an older certificate: not pushed.
    let dir2 = tempfile::tempdir().unwrap();
    let n2 = node(&one, dir2.path(), "n2");
    let local2 = Local::new(&n2.layout);
    local2.put_conf("a.example", &conf("")).unwrap();
    let older = issued(&["a.example"], now() - 40 * DAY, now() + 40 * DAY);
    local2.add_version("a.example", 9, &older).unwrap();
    let err = one_locked(&n2, "a.example", &quiet()).unwrap_err();
    assert!(format!("{err:#}").contains("roll back"), "{err:#}");
    assert_eq!(n2.store.latest("a.example").unwrap(), Some(7));
    // Nor an expired one, even to an empty store.
    n2.store.etcd.delete_all("lineages/").unwrap();
    let dir3 = tempfile::tempdir().unwrap();
    let n3 = node(&one, dir3.path(), "n3");
    let local3 = Local::new(&n3.layout);
    local3.put_conf("a.example", &conf("")).unwrap();
    let expired = issued(&["a.example"], now() - 90 * DAY, now() - DAY);
    local3.add_version("a.example", 2, &expired).unwrap();
    let err = one_locked(&n3, "a.example", &quiet()).unwrap_err();
    assert!(format!("{err:#}").contains("expired"), "{err:#}");
    assert_eq!(n3.store.latest("a.example").unwrap(), None);
}

const H3_CONF: &str = "domains = a.example\nserver = https://ca.test/dir\naccount = https://ca.test/acct/1\nmethod = webroot\nwebroot.a.example = /srv/node1\nari_cert = aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE\nari_next_check = 2030-01-01T00:00:00Z\n";

/// Any store can be the shared one: here a second config dir plays it.
#[test]
fn a_newer_version_is_pulled_with_this_nodes_web_root_and_a_local_one_is_pushed() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let shared = Local::new(&Layout::new(a.path()));
    let node = Local::new(&Layout::new(b.path()));
    let out = Printer::new(Verbosity::Quiet, false);
    shared.put_conf("a.example", H3_CONF).unwrap();
    let v1 = issued(&["a.example"], now() - 2 * DAY, now() + 60 * DAY);
    shared.add_version("a.example", 1, &v1).unwrap();
    let web = std::path::Path::new("/srv/node2");
    let Synced { pulled, pushed, .. } =
        between(&shared, &node, "a.example", Some(web), &out).unwrap();
    assert_eq!(pulled.map(|c| (c.from, c.to)), Some((None, 1)));
    assert!(pushed.is_none());
    assert_eq!(node.version("a.example", 1).unwrap().unwrap(), v1);
    let conf = RenewalConf::parse(&node.conf("a.example").unwrap().unwrap()).unwrap();
    assert_eq!(conf.webroot, [("a.example".to_string(), web.to_path_buf())]);
    // A node without ARI state of its own starts from the store's (keyed by certificate).
    assert!(conf.ari.is_some());
    // In step: nothing moves.
    assert_eq!(
        between(&shared, &node, "a.example", Some(web), &out).unwrap(),
        Synced::default()
    );
    // This node renewed: its version goes to the store.
    let v2 = issued(&["a.example"], now() - DAY, now() + 60 * DAY);
    node.add_version("a.example", 2, &v2).unwrap();
    let Synced { pulled, pushed, .. } =
        between(&shared, &node, "a.example", Some(web), &out).unwrap();
    assert!(pulled.is_none());
    assert_eq!(pushed.map(|c| (c.from, c.to)), Some((Some(1), 2)));
    assert_eq!(shared.latest("a.example").unwrap(), Some(2));
    // A version number the store holds with other files is refused, never overwritten.
    let other = tempfile::tempdir().unwrap();
    let elsewhere = Local::new(&Layout::new(other.path()));
    elsewhere.put_conf("a.example", H3_CONF).unwrap();
    elsewhere
        .add_version(
            "a.example",
            2,
            &issued(&["a.example"], now() - DAY, now() + 60 * DAY),
        )
        .unwrap();
    let e = push(&shared, &elsewhere, "a.example", 2).unwrap_err();
    assert!(
        format!("{e:#}").contains("differs from the fleet's version 2"),
        "{e:#}"
    );
    assert_eq!(shared.version("a.example", 2).unwrap().unwrap(), v2);
}

/// A deletion marker removes this node's copy only when it lists one of its certificates and
/// only when it is sealed with the fleet key; a lineage it covers is never pushed back.
#[test]
fn a_deletion_marker_removes_only_the_lineage_it_lists_and_only_when_sealed() {
    use crate::storage::store::fingerprint;
    let one = OneEtcd::start();
    let dir = tempfile::tempdir().unwrap();
    let n = node(&one, dir.path(), "n1");
    let local = Local::new(&n.layout);
    let v1 = issued(&["a.example"], now() - DAY, now() + 60 * DAY);
    let install = || {
        local.put_conf("a.example", &conf("")).unwrap();
        local.add_version("a.example", 1, &v1).unwrap();
    };
    install();
    let mine = crate::storage::lineage::fingerprints(&n.layout, "a.example");
    assert_eq!(mine, [fingerprint(&v1.cert).unwrap()]);
    let here =
        || n.layout.live("a.example").exists() && n.layout.renewal_conf("a.example").exists();
    // Listing it but not sealed (anyone who can write the prefix): ignored.
    let plain = serde_json::json!({"by": "x", "at": 0, "certs": mine});
    n.store
        .etcd
        .put("deleted/a.example", plain.to_string().as_bytes(), None)
        .unwrap();
    assert_eq!(one_locked(&n, "a.example", &quiet()).unwrap().removed, None);
    assert!(here());
    // Sealed, but about another lineage of the same name (other certificates): left alone.
    let other = issued(&["a.example"], now() - DAY, now() + 60 * DAY);
    let marker = |certs: Vec<String>| Deletion {
        by: "n2".into(),
        at: now(),
        certs,
    };
    n.store
        .delete_lineage(
            "a.example",
            &marker(vec![fingerprint(&other.cert).unwrap()]),
        )
        .unwrap();
    assert_eq!(one_locked(&n, "a.example", &quiet()).unwrap().removed, None);
    assert!(here());
    // The marker listing it: removed here (conf, live/, archive), nothing pushed back.
    n.store
        .delete_lineage("a.example", &marker(mine.clone()))
        .unwrap();
    assert_eq!(n.store.conf("a.example").unwrap(), None);
    assert_eq!(n.store.latest("a.example").unwrap(), None);
    let done = one_locked(&n, "a.example", &quiet()).unwrap();
    assert_eq!(done.removed.map(|d| d.by).as_deref(), Some("n2"));
    assert_eq!((done.pulled, done.pushed), (None, None));
    assert!(!n.layout.live("a.example").exists());
    assert!(!n.layout.archive("a.example").exists());
    assert!(!n.layout.renewal_conf("a.example").exists());
    assert_eq!(n.store.latest("a.example").unwrap(), None);
    // Back on this node somehow (a restored backup): never shared again.
    install();
    let err = push(&n.store, &local, "a.example", 1).unwrap_err();
    assert!(
        format!("{err:#}").contains("deleted from the fleet by node n2"),
        "{err:#}"
    );
    assert_eq!(n.store.latest("a.example").unwrap(), None);
    // Shared back anyway (a node's push racing the delete): a node without a copy does not
    // take it, not even its conf.
    let fresh = tempfile::tempdir().unwrap();
    let n2 = node(&one, fresh.path(), "n2");
    n2.store.put_conf("a.example", &conf("")).unwrap();
    n2.store.add_version("a.example", 1, &v1).unwrap();
    let err = one_locked(&n2, "a.example", &quiet()).unwrap_err();
    assert!(
        format!("{err:#}").contains("a certificate of the lineage node n2 deleted"),
        "{err:#}"
    );
    assert!(!n2.layout.live("a.example").exists());
    assert!(!n2.layout.renewal_conf("a.example").exists());
}

/// A key rolled over on one node reaches the store (a real etcd member), and the nodes
/// holding the old key take the new one through the rollover's link, signed by the old
/// key; an unrelated key in the store (no such link) never replaces a node's key, however
/// new it claims to be (review finding 6).
#[test]
fn a_rolled_over_key_reaches_the_nodes_holding_the_old_one_and_no_other_key_does() {
    use crate::storage::account::AccountRecord;
    use crate::storage::store::Account;
    use acme::crypto::{KeyPair, KeyType};
    let one = OneEtcd::start();
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let nodes: Vec<_> = dirs
        .iter()
        .enumerate()
        .map(|(i, d)| node(&one, d.path(), &format!("n{i}")))
        .collect();
    let server = "https://ca.test/dir";
    let record = AccountRecord::for_test(server, "https://ca.test/acct/1");
    let (old, new) = (
        KeyPair::generate(KeyType::EcdsaP256).unwrap(),
        KeyPair::generate(KeyType::EcdsaP256).unwrap(),
    );
    let store = &nodes[0].store;
    store
        .put_account(&Account {
            record: record.clone(),
            key_pem: old.to_pem().unwrap(),
            written: acme::time::now() - 100,
            chain: Vec::new(),
        })
        .unwrap();
    let local = |i: usize| Local::new(&nodes[i].layout);
    let key_of = |s: &dyn Store| s.account(server).unwrap().unwrap().key_pem;
    // n0 and n1 take the fleet's account.
    for i in 0..2 {
        sync_account(store, &local(i), server).unwrap();
        assert_eq!(key_of(&local(i)), old.to_pem().unwrap());
    }
    // n0 rolls over (as `acme account rollover` records it): the link signed by the old
    // key goes with the new key to the store, and n1 takes the new key through it.
    let link = crate::storage::key_chain::link(&old, &new, server, &record.url).unwrap();
    let switched = local(0)
        .switch_account_key(&record, &new.to_pem().unwrap(), Some(&link))
        .unwrap();
    assert!(switched.is_none(), "the link is kept");
    sync_account(store, &local(0), server).unwrap();
    assert_eq!(key_of(store), new.to_pem().unwrap());
    // The record beside the key is not signed: edited in the store, it does not come
    // along with the key.
    let mut edited = store.account(server).unwrap().unwrap();
    edited.record.contact = vec!["mailto:someone@attacker.example".into()];
    edited.record.status = "deactivated".into();
    store.put_account(&edited).unwrap();
    sync_account(store, &local(1), server).unwrap();
    assert_eq!(key_of(&local(1)), new.to_pem().unwrap());
    let taken = local(1).account(server).unwrap().unwrap().record;
    assert_eq!((taken.contact.len(), taken.status.as_str()), (0, "valid"));
    assert_eq!(
        local(1).account(server).unwrap().unwrap().chain.len(),
        1,
        "n1 keeps the link, to hand it on"
    );
    // Whoever writes the store offers a key of their own, "newer", with a link signed by
    // that key itself: no node takes it.
    let attacker = KeyPair::generate(KeyType::EcdsaP256).unwrap();
    store
        .put_account(&Account {
            record: record.clone(),
            key_pem: attacker.to_pem().unwrap(),
            written: acme::time::now() + 1000,
            chain: vec![
                crate::storage::key_chain::link(&attacker, &attacker, server, &record.url).unwrap(),
            ],
        })
        .unwrap();
    for i in 0..2 {
        sync_account(store, &local(i), server).unwrap();
        assert_eq!(key_of(&local(i)), new.to_pem().unwrap(), "n{i}");
    }
    // n2, without an account, takes what the store has (as before).
    sync_account(store, &local(2), server).unwrap();
    assert_eq!(key_of(&local(2)), attacker.to_pem().unwrap());
}
