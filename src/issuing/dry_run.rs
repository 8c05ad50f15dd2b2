//! `--dry-run` (of `issue`, `renew` and `reconfigure`'s check): the whole issuance against the
//! CA's staging server, saving nothing. The staging server is another CA as far as accounts go,
//! so the first dry run registers there on the fly, with the contacts of the account the user
//! already has at the production server and the consent to the terms given for it (as certbot
//! does), and says so.

use anyhow::{Context, Result};
use std::time::Duration;

use crate::cli::settings::Settings;
use crate::storage::account::{self as stored, AccountRecord, StoredAccount};
use crate::storage::fsutil::Lock;
use acme::crypto::KeyPair;
use acme::protocol::{Client, account};
use acme::time;

/// The account at the staging server `client` talks to: the stored one, or a new one registered
/// from the account at `production`. None when neither server has an account here.
pub fn staging_account(
    s: &Settings,
    client: &Client,
    production: &str,
) -> Result<Option<StoredAccount>> {
    let staging = &client.directory_url;
    if let Some(acct) = usable(s, staging)? {
        return Ok(Some(acct));
    }
    let Some(prod) = usable(s, production)? else {
        return Ok(None);
    };
    if client.directory.meta.external_account_required {
        anyhow::bail!(
            "the staging server {staging} requires External Account Binding: register there first with \
             `acme register --server {staging} --agree-tos --eab-kid ID --eab-hmac-key KEY`"
        );
    }
    let _lock = Lock::acquire(&s.layout.lock_file("account"), Duration::from_secs(30))?
        .context("another acme process is registering an account; try again in a minute")?;
    if let Some(acct) = usable(s, staging)? {
        return Ok(Some(acct));
    }
    s.out.note(&format!(
        "registering an account at the staging server {staging} for the dry run, with the contacts of \
         your account at {production} and the consent to the CA's terms given for it"
    ));
    let key = KeyPair::generate(prod.key.key_type())?;
    let reply = account::new_account(client, &key, &prod.record.contact, true, None)
        .with_context(|| format!("registering at the staging server {staging} failed"))?;
    let acct = StoredAccount {
        record: AccountRecord {
            url: reply.url,
            server: staging.clone(),
            contact: prod.record.contact.clone(),
            key_type: key.key_type().to_string(),
            status: "valid".into(),
            created: time::format_rfc3339(time::now()),
        },
        key,
    };
    stored::save(&s.layout, &acct)?;
    Ok(Some(acct))
}

/// A stored account that has not been deactivated.
fn usable(s: &Settings, server: &str) -> Result<Option<StoredAccount>> {
    Ok(stored::load(&s.layout, server)?.filter(|a| a.record.status != "deactivated"))
}
