//! What the commands read and write through a [`Store`], in the types they use: a lineage's
//! [`RenewalConf`], its lock, an account with its [`KeyPair`]. Everything here is written
//! against the trait alone, so a command that goes through these functions works on any
//! backend.
//!
//! `live/` stays outside: it is what this machine serves (nginx reads it), so it is always the
//! local config dir's, whatever store holds the lineages.

use anyhow::{Context, Result};
use std::time::Duration;

use super::account::StoredAccount;
use super::renewal_conf::RenewalConf;
use super::store::{Held, Store};
use acme::crypto::KeyPair;

/// How long a command waits for a lineage another process is working on.
const LINEAGE_WAIT: Duration = Duration::from_secs(10);
/// How long a command waits for the account another process is changing.
const ACCOUNT_WAIT: Duration = Duration::from_secs(30);

/// The renewal conf of `name`, parsed; `None` when the store holds none.
pub fn conf(store: &dyn Store, name: &str) -> Result<Option<RenewalConf>> {
    let Some(text) = store.conf(name)? else {
        return Ok(None);
    };
    RenewalConf::parse(&text)
        .with_context(|| {
            format!(
                "{} is not a valid renewal configuration",
                store.conf_location(name)
            )
        })
        .map(Some)
}

/// Saves the renewal conf of `name` (the store refuses one it could not read back).
pub fn save_conf(store: &dyn Store, name: &str, conf: &RenewalConf) -> Result<()> {
    store.put_conf(name, &conf.render(name))
}

/// Whether the store holds a lineage called `name` (it has a renewal conf; whether that
/// conf can be read is for whoever reads it to say).
pub fn has_lineage(store: &dyn Store, name: &str) -> Result<bool> {
    Ok(store.lineages()?.iter().any(|n| n == name))
}

/// The lock a command holds while it changes the lineage `name` (the one `acme issue` and
/// `acme renew` take), waiting a little for another process to finish.
pub fn lock_lineage(store: &dyn Store, name: &str) -> Result<Box<dyn Held>> {
    store
        .lock(&format!("lineage-{name}"), LINEAGE_WAIT)?
        .with_context(|| {
            format!(
                "another acme process is working on the certificate {name:?}; try again when it has finished"
            )
        })
}

/// The lock a command holds while it changes an account.
pub fn lock_account(store: &dyn Store) -> Result<Box<dyn Held>> {
    store
        .lock("account", ACCOUNT_WAIT)?
        .context("another acme process is changing the account; try again in a minute")
}

/// The account for `server` with its key ready to sign; `None` when the store holds none.
pub fn account(store: &dyn Store, server: &str) -> Result<Option<StoredAccount>> {
    let Some(a) = store.account(server)? else {
        return Ok(None);
    };
    let key = KeyPair::from_pem(&a.key_pem).with_context(|| {
        format!(
            "the account key for {} in {} is unusable",
            acme::escape::escape(server),
            store.describe()
        )
    })?;
    Ok(Some(StoredAccount {
        record: a.record,
        key,
    }))
}

/// Stores the account registered just now (see [`Store::put_new_account`]).
pub fn save_new_account(store: &dyn Store, account: &StoredAccount) -> Result<()> {
    store.put_new_account(&super::store::Account {
        record: account.record.clone(),
        key_pem: account.key.to_pem()?,
        written: acme::time::now(),
        chain: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Layout;
    use crate::storage::store::Local;

    #[test]
    fn a_conf_saved_through_a_store_reads_back_and_a_broken_one_names_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let store = Local::new(&Layout::new(dir.path()));
        assert!(conf(&store, "a.example").unwrap().is_none());
        assert!(!has_lineage(&store, "a.example").unwrap());
        let text = "domains = a.example\nserver = https://ca.test/dir\naccount = https://ca.test/acct/1\nmethod = webroot\nwebroot.a.example = /srv/www\n";
        let parsed = RenewalConf::parse(text).unwrap();
        save_conf(&store, "a.example", &parsed).unwrap();
        assert!(has_lineage(&store, "a.example").unwrap());
        assert!(conf(&store, "a.example").unwrap().unwrap() == parsed);

        let path = store.layout.renewal_conf("b.example");
        std::fs::write(&path, "domains = b.example\n").unwrap();
        let err = conf(&store, "b.example").unwrap_err();
        assert!(
            format!("{err:#}").starts_with(&format!(
                "{} is not a valid renewal configuration",
                path.display()
            )),
            "{err:#}"
        );
    }

    /// The lineage lock is the one `acme issue` takes: while a command holds it, nobody else
    /// gets it.
    #[test]
    fn a_lineage_lock_is_the_one_issue_takes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Local::new(&Layout::new(dir.path()));
        let mine = lock_lineage(&store, "a.example").unwrap();
        let other = store.lock("lineage-a.example", Duration::ZERO).unwrap();
        assert!(other.is_none(), "taken twice");
        drop(mine);
        let other = store.lock("lineage-a.example", Duration::ZERO).unwrap();
        assert!(other.is_some(), "released on drop");
    }

    #[test]
    fn an_account_comes_back_with_a_key_that_signs_and_its_record_can_change_alone() {
        use crate::storage::account::AccountRecord;
        use acme::crypto::KeyType;
        let dir = tempfile::tempdir().unwrap();
        let store = Local::new(&Layout::new(dir.path()));
        let server = "https://ca.test/dir";
        assert!(account(&store, server).unwrap().is_none());
        let key = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        let record = AccountRecord::for_test(server, "https://ca.test/acct/1");
        crate::storage::account::save(
            &store.layout,
            &StoredAccount {
                record: record.clone(),
                key,
            },
        )
        .unwrap();
        let key_file = store.layout.account_dir(server).join("private_key.pem");
        let key_before = std::fs::read(&key_file).unwrap();
        let mut changed = record.clone();
        changed.status = "deactivated".into();
        store.put_account_record(&changed).unwrap();
        let got = account(&store, server).unwrap().unwrap();
        assert_eq!(got.record.status, "deactivated");
        assert_eq!(std::fs::read(&key_file).unwrap(), key_before);
    }

    /// A store that keeps only what the trait requires, as a new backend would, over a config
    /// dir: the trait's own defaults answer everything else.
    struct Plain(Local);

    impl Store for Plain {
        fn describe(&self) -> String {
            "plain".into()
        }
        fn lineages(&self) -> Result<Vec<String>> {
            self.0.lineages()
        }
        fn latest(&self, name: &str) -> Result<Option<u32>> {
            self.0.latest(name)
        }
        fn version(&self, name: &str, n: u32) -> Result<Option<crate::storage::store::Version>> {
            self.0.version(name, n)
        }
        fn add_version(
            &self,
            name: &str,
            n: u32,
            v: &crate::storage::store::Version,
        ) -> Result<crate::storage::store::Added> {
            self.0.add_version(name, n, v)
        }
        fn conf(&self, name: &str) -> Result<Option<String>> {
            self.0.conf(name)
        }
        fn put_conf(&self, name: &str, text: &str) -> Result<()> {
            self.0.put_conf(name, text)
        }
        fn account(&self, server: &str) -> Result<Option<crate::storage::store::Account>> {
            self.0.account(server)
        }
        fn put_account(&self, a: &crate::storage::store::Account) -> Result<()> {
            self.0.put_account(a)
        }
        fn ledger(&self) -> Result<Vec<acme::limits::Event>> {
            self.0.ledger()
        }
        fn record(&self, e: &acme::limits::Event) -> Result<()> {
            self.0.record(e)
        }
        fn lock(&self, what: &str, wait: Duration) -> Result<Option<Box<dyn Held>>> {
            self.0.lock(what, wait)
        }
    }

    /// A backend that does not implement key rollover refuses it at the first step (keeping
    /// the new key aside), before any CA is asked, and its account key stays.
    #[test]
    fn a_store_without_rollover_refuses_it_before_the_ca_is_asked() {
        use acme::crypto::KeyType;
        let dir = tempfile::tempdir().unwrap();
        let plain = Plain(Local::new(&Layout::new(dir.path())));
        let server = "https://ca.test/dir";
        let old = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        let record =
            crate::storage::account::AccountRecord::for_test(server, "https://ca.test/acct/1");
        save_new_account(
            &plain,
            &StoredAccount {
                record: record.clone(),
                key: old,
            },
        )
        .unwrap();
        let before = plain.account(server).unwrap().unwrap().key_pem;
        let new_pem = KeyPair::generate(KeyType::EcdsaP256)
            .unwrap()
            .to_pem()
            .unwrap();
        let err = plain.put_pending_account_key(server, &new_pem).unwrap_err();
        assert!(
            format!("{err:#}").contains("cannot keep a new account key"),
            "{err:#}"
        );
        assert!(plain.pending_account_key(server).unwrap().is_none());
        assert!(plain.switch_account_key(&record, &new_pem, None).is_err());
        assert_eq!(plain.account(server).unwrap().unwrap().key_pem, before);
    }

    /// The issuer of a certificate is found from the versions alone on any store, and agrees
    /// with the config dir's own lookup (which reads no key).
    #[test]
    fn the_issuer_of_a_certificate_is_found_through_any_store() {
        use crate::storage::lineage::Issuer;
        use crate::storage::store::Version;
        use acme::crypto::KeyType;
        use acme::identifiers::Identifier;
        let dir = tempfile::tempdir().unwrap();
        let plain = Plain(Local::new(&Layout::new(dir.path())));
        let key = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        let id = Identifier::Dns("a.example".into());
        let cert =
            || acme::protocol::challenge::tls_alpn01_certificate(&id, "ka", key.pkey()).unwrap();
        let (first, second, never) = (cert(), cert(), cert());
        let issuer = |ca: &str| Issuer {
            server: format!("https://{ca}/dir"),
            account: format!("https://{ca}/acct/1"),
        };
        for (n, c, ca) in [(1, &first, "own.test"), (2, &second, "fallback.test")] {
            let pem = c.to_pem().unwrap();
            let v = Version {
                cert: pem.clone(),
                chain: Vec::new(),
                fullchain: pem,
                privkey: Some(key.to_pem().unwrap()),
                issuer: Some(issuer(ca)),
                issuer_unsealed: false,
            };
            plain.add_version("a.example", n, &v).unwrap();
        }
        for store in [&plain as &dyn Store, &plain.0] {
            let of = |c: &openssl::x509::X509| store.issuer_of("a.example", &c.to_der().unwrap());
            assert_eq!(of(&first), Some(issuer("own.test")));
            assert_eq!(of(&second), Some(issuer("fallback.test")));
            assert_eq!(of(&never), None);
            assert_eq!(store.issuer_of("b.example", &first.to_der().unwrap()), None);
        }
    }

    /// The defaults a new backend gets: a record replaced with its key kept, the ledger read
    /// whole, places named by the store.
    #[test]
    fn the_trait_defaults_keep_an_account_key_and_read_the_ledger() {
        use crate::storage::account::AccountRecord;
        use acme::crypto::KeyType;
        let dir = tempfile::tempdir().unwrap();
        let plain = Plain(Local::new(&Layout::new(dir.path())));
        let server = "https://ca.test/dir";
        let mut record = AccountRecord::for_test(server, "https://ca.test/acct/1");
        assert!(plain.put_account_record(&record).is_err(), "no account yet");
        let key = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        crate::storage::account::save(
            &plain.0.layout,
            &StoredAccount {
                record: record.clone(),
                key,
            },
        )
        .unwrap();
        let before = account(&plain, server).unwrap().unwrap();
        record.contact = vec!["mailto:me@a.example".into()];
        plain.put_account_record(&record).unwrap();
        let after = account(&plain, server).unwrap().unwrap();
        assert_eq!(after.record.contact, record.contact);
        assert_eq!(
            after.key.public_key_der().unwrap(),
            before.key.public_key_der().unwrap()
        );

        let e: acme::limits::Event = serde_json::from_value(serde_json::json!({
            "t": 1, "event": "order", "server": server,
        }))
        .unwrap();
        plain.record(&e).unwrap();
        let (events, skipped) = plain.ledger_read().unwrap();
        assert_eq!((events.len(), skipped), (1, 0));
        assert_eq!(plain.ledger_location(), "plain");
        assert!(plain.conf_location("a.example").contains("a.example"));
    }

    /// A registration cut short between its two writes leaves a key without a record: the
    /// next registration's key takes its place. An account with a record is never replaced
    /// by another key that way.
    #[test]
    fn a_new_account_replaces_only_a_key_left_without_a_record() {
        use crate::storage::account::AccountRecord;
        use acme::crypto::KeyType;
        let dir = tempfile::tempdir().unwrap();
        let store = Local::new(&Layout::new(dir.path()));
        let server = "https://ca.test/dir";
        let record = AccountRecord::for_test(server, "https://ca.test/acct/1");
        let key_file = store.layout.account_dir(server).join("private_key.pem");
        crate::storage::fsutil::ensure_dir(
            key_file.parent().unwrap(),
            crate::storage::fsutil::PRIVATE_DIR,
        )
        .unwrap();
        let orphan = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        crate::storage::fsutil::write_atomic(
            &key_file,
            &orphan.to_pem().unwrap(),
            crate::storage::fsutil::SECRET,
        )
        .unwrap();
        let registered = StoredAccount {
            record: record.clone(),
            key: KeyPair::generate(KeyType::EcdsaP256).unwrap(),
        };
        save_new_account(&store, &registered).unwrap();
        let got = account(&store, server).unwrap().unwrap();
        assert_eq!(
            got.key.public_key_der().unwrap(),
            registered.key.public_key_der().unwrap()
        );

        let another = StoredAccount {
            record,
            key: KeyPair::generate(KeyType::EcdsaP256).unwrap(),
        };
        assert!(save_new_account(&store, &another).is_err());
        let kept = account(&store, server).unwrap().unwrap();
        assert_eq!(
            kept.key.public_key_der().unwrap(),
            registered.key.public_key_der().unwrap()
        );
    }
}
