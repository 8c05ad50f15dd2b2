//! `acme register`: create the account for a server, or find the one this key already has.

use anyhow::{Context, Result};
use serde_json::json;

use crate::cli::error::usage;
use crate::cli::settings::Settings;
use crate::cli::{AccountCreation, RegisterArgs};
use crate::storage::access;
use crate::storage::account::{AccountRecord, StoredAccount};
use acme::crypto::{KeyPair, b64url_decode};
use acme::protocol::Client;
use acme::protocol::account::{self, Eab};
use acme::time;

pub fn run(s: &Settings, args: &RegisterArgs) -> Result<()> {
    let opts = &args.account;
    let eab = parse_eab(opts)?;
    if let Some(existing) = access::account(&*s.store(), &s.server)? {
        return show(s, &existing.record, false);
    }
    let client = s.connect()?;
    let (acct, created) = create(s, &client, opts, eab.as_ref())?;
    show(s, &acct.record, created)
}

fn show(s: &Settings, record: &AccountRecord, created: bool) -> Result<()> {
    let verb = if created {
        "Registered"
    } else {
        "Using the existing"
    };
    s.out.result(
        &format!("{verb} account {}\n  server: {}", record.url, record.server),
        &crate::cli::report::with(
            crate::cli::report::account(&s.layout, record),
            json!({"new": created}),
        ),
    );
    Ok(())
}

/// The stored account for the client's server, registering one first when the user consented.
pub fn ensure_account(
    s: &Settings,
    client: &Client,
    opts: &AccountCreation,
) -> Result<StoredAccount> {
    let server = &client.directory_url;
    if let Some(acct) = access::account(&*s.store(), server)? {
        if acct.record.status == "deactivated" {
            return Err(usage(format!(
                "the account {} was deactivated and cannot be used again; move {} away and register a new one",
                acct.record.url,
                s.layout.account_dir(server).display()
            )));
        }
        return Ok(acct);
    }
    let eab = parse_eab(opts)?;
    Ok(create(s, client, opts, eab.as_ref())?.0)
}

/// Registers a new account (or finds the existing one of a stored key) and saves it.
fn create(
    s: &Settings,
    client: &Client,
    opts: &AccountCreation,
    eab: Option<&Eab>,
) -> Result<(StoredAccount, bool)> {
    let server = &client.directory_url;
    let meta = &client.directory.meta;
    if !opts.agree_tos {
        let terms = meta
            .terms_of_service
            .as_deref()
            .map(acme::escape::escape)
            .unwrap_or("(the CA publishes no terms URL)".into());
        return Err(usage(format!(
            "no account for {} yet, and creating one means agreeing to the CA's terms of service:\n  {terms}\n\
             Read them, then run again with --agree-tos (or `acme register --agree-tos`).",
            server
        )));
    }
    if meta.external_account_required && eab.is_none() {
        return Err(usage(
            "this CA requires External Account Binding: pass --eab-kid and --eab-hmac-key from your CA account page",
        ));
    }
    let contact: Vec<String> = opts
        .email
        .iter()
        .map(|e| {
            let e = e.trim();
            if e.is_empty()
                || !e.contains('@')
                || e.contains(char::is_whitespace)
                || e.contains(',')
            {
                Err(usage(format!("{e:?} is not an email address")))
            } else {
                Ok(format!("mailto:{e}"))
            }
        })
        .collect::<Result<_>>()?;
    let store = s.store();
    let _lock = store
        .lock("account", std::time::Duration::from_secs(30))?
        .context("another acme process is registering an account; try again in a minute")?;
    // Someone may have registered while we waited for the lock.
    if let Some(acct) = access::account(&*store, server)? {
        return Ok((acct, false));
    }
    s.out.step("Registering an account");
    let key = KeyPair::generate(opts.account_key_type)?;
    let reply = account::new_account(client, &key, &contact, true, eab)?;
    let record = AccountRecord {
        url: reply.url,
        server: server.clone(),
        contact,
        key_type: key.key_type().to_string(),
        status: "valid".into(),
        created: time::format_rfc3339(time::now()),
    };
    let acct = StoredAccount { record, key };
    access::save_new_account(&*store, &acct)?;
    crate::fleet::renewal::share_account(s, &acct.record.server);
    Ok((acct, reply.created))
}

fn parse_eab(opts: &AccountCreation) -> Result<Option<Eab>> {
    match (&opts.eab_kid, &opts.eab_hmac_key) {
        (Some(kid), Some(key)) => {
            let hmac_key = b64url_decode(key)
                .ok()
                .filter(|k| !k.is_empty())
                .ok_or_else(|| {
                    usage("--eab-hmac-key is not base64url; copy it exactly as your CA shows it")
                })?;
            Ok(Some(Eab {
                kid: kid.clone(),
                hmac_key,
            }))
        }
        _ => Ok(None),
    }
}
