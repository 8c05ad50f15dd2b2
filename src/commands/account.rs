//! `acme account show|update|rollover|deactivate`: the account lifecycle (RFC 8555 §7.3).

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::cli::error::usage;
use crate::cli::settings::Settings;
use crate::cli::{AccountCommand, AccountDeactivateArgs, AccountRolloverArgs, AccountUpdateArgs};
use crate::storage::access;
use crate::storage::account::{self as stored, StoredAccount};
use crate::storage::key_chain;
use crate::storage::store::{Held, Store};
use acme::crypto::KeyPair;
use acme::protocol::{account, find_problem};

pub fn run(s: &Settings, cmd: &AccountCommand) -> Result<()> {
    match cmd {
        AccountCommand::Show => show(s),
        AccountCommand::Update(args) => update(s, args),
        AccountCommand::Rollover(args) => rollover(s, args),
        AccountCommand::Deactivate(args) => deactivate(s, args),
    }
}

/// The stored account; a deactivated one only when `allow_deactivated` (for `show`).
fn load(s: &Settings, allow_deactivated: bool) -> Result<StoredAccount> {
    let store = s.store();
    let acct = access::account(&*store, &s.server)?.ok_or_else(|| {
        usage(format!(
            "there is no account for {} in {}; create one with `acme register --agree-tos`",
            s.server,
            store.describe()
        ))
    })?;
    if !allow_deactivated && acct.record.status == "deactivated" {
        return Err(usage(format!(
            "the account {} is deactivated and cannot be changed",
            acct.record.url
        )));
    }
    Ok(acct)
}

fn lock(s: &Settings) -> Result<Box<dyn Held>> {
    access::lock_account(&*s.store())
}

fn show(s: &Settings) -> Result<()> {
    let acct = load(s, true)?;
    let r = &acct.record;
    // A deactivated account cannot even be read any more (the CA refuses its key).
    let remote = if r.status == "deactivated" {
        None
    } else {
        let client = s.connect()?;
        let fetched = account::fetch_account(&client, &acct.key, &r.url);
        Some(fetched.map_err(|e| refused(e.into(), &r.url))?)
    };
    let status = remote
        .as_ref()
        .and_then(|a| a.status.as_ref())
        .map_or_else(|| r.status.clone(), |s| s.to_string());
    let contact: Vec<String> = match remote {
        Some(a) if !a.contact.is_empty() => a.contact,
        // Let's Encrypt no longer echoes contacts: show what we sent.
        _ => r.contact.clone(),
    };
    let key_type = acct.key.key_type().to_string();
    let shown_contact = if contact.is_empty() {
        "(none)".to_string()
    } else {
        contact.join(", ")
    };
    s.out.result(
        &format!(
            "Account {}\n  status:   {status}\n  contact:  {shown_contact}\n  \
             key type: {key_type}\n  server:   {}\n  created:  {}",
            r.url, r.server, r.created
        ),
        &crate::cli::report::with(
            crate::cli::report::account(&s.layout, r),
            json!({"status": status, "contact": contact, "key_type": key_type}),
        ),
    );
    Ok(())
}

fn update(s: &Settings, args: &AccountUpdateArgs) -> Result<()> {
    let contact = account::mailto_contacts(&args.email).map_err(usage)?;
    let _lock = lock(s)?;
    let mut acct = load(s, false)?;
    let client = s.connect()?;
    s.out.step("Updating the account's contacts");
    account::update_contact(&client, &acct.key, &acct.record.url, &contact)
        .map_err(|e| refused(e.into(), &acct.record.url))?;
    acct.record.contact = contact;
    s.store()
        .put_account_record(&acct.record)
        .context("the CA has the new contacts, but saving them locally failed")?;
    crate::fleet::renewal::share_account(s, &acct.record.server);
    s.out.result(
        &format!(
            "Updated account {}\n  contact: {}",
            acct.record.url,
            acct.record.contact.join(", ")
        ),
        &Value::Object(crate::cli::report::account(&s.layout, &acct.record)),
    );
    Ok(())
}

/// Key rollover: the new key is kept aside (0600) before the request, becomes the account key
/// only once the CA accepted it, and the old one is then gone from the store. All of it goes
/// through the [`Store`] (`put_pending_account_key`, then `switch_account_key`).
fn rollover(s: &Settings, args: &AccountRolloverArgs) -> Result<()> {
    let store = s.store();
    let _lock = access::lock_account(&*store)?;
    let mut acct = load(s, false)?;
    let client = s.connect()?;
    recover_pending_key(s, &*store, &client, &mut acct)?;
    let key_type = args.key_type.unwrap_or(acct.key.key_type());
    s.out
        .step(&format!("Generating a new {key_type} account key"));
    let new_key = KeyPair::generate(key_type)?;
    store.put_pending_account_key(&s.server, &new_key.to_pem()?)?;
    let pending = store.pending_account_key_location(&s.server);
    s.out
        .step("Asking the CA to switch the account to the new key");
    if let Err(e) = account::key_change(&client, &acct.key, &acct.record.url, &new_key) {
        // Only a clear refusal proves the CA still has the old key; after a lost reply it may
        // hold the new one, so that stays kept aside for the next run to recover.
        let refused_clearly = e
            .problem()
            .is_some_and(|p| p.status.is_some_and(|st| st < 500));
        if refused_clearly {
            store.discard_pending_account_key(&s.server)?;
            return Err(refused(e.into(), &acct.record.url));
        }
        return Err(refused(e.into(), &acct.record.url).context(format!(
            "the CA's answer was lost; the new key is kept in {pending} and the next `acme account rollover` \
             checks which key the CA has"
        )));
    }
    let mut record = acct.record.clone();
    record.key_type = key_type.to_string();
    let shown = crate::cli::report::account(&s.layout, &record);
    switch_key(s, &*store, &record, &acct.key, &new_key).with_context(|| {
        format!("the CA now knows only the new key, but saving it failed; it is kept in {pending}")
    })?;
    store.discard_pending_account_key(&s.server)?;
    // The other nodes of a fleet must sign with the new key from now on.
    crate::fleet::renewal::share_account(s, &acct.record.server);
    s.out.result(
        &format!(
            "Rolled over the key of account {}\n  new key type: {key_type}",
            acct.record.url
        ),
        &Value::Object(shown),
    );
    Ok(())
}

/// A pending key from an earlier rollover that did not finish: if the CA knows the account by it,
/// the change went through and it becomes the account key; otherwise it is dropped.
fn recover_pending_key(
    s: &Settings,
    store: &dyn Store,
    client: &acme::protocol::Client,
    acct: &mut StoredAccount,
) -> Result<()> {
    let Some(pem) = store.pending_account_key(&s.server)? else {
        return Ok(());
    };
    let location = store.pending_account_key_location(&s.server);
    let pending = KeyPair::from_pem(&pem)
        .with_context(|| format!("the pending account key {location} is unusable"))?;
    s.out
        .step("Checking the key left by an unfinished rollover");
    match account::find_account(client, &pending) {
        Ok(found) if found.url == acct.record.url => {
            s.out
                .warn("an earlier rollover went through at the CA; saving its key now");
            let old = std::mem::replace(&mut acct.key, pending);
            acct.record.key_type = acct.key.key_type().to_string();
            switch_key(s, store, &acct.record, &old, &acct.key)?;
            crate::fleet::renewal::share_account(s, &acct.record.server);
        }
        Ok(found) => {
            return Err(usage(format!(
                "the pending key {location} belongs to another account ({}); move it away and try again",
                found.url
            )));
        }
        Err(e) if e.problem().is_some_and(|p| p.is("accountDoesNotExist")) => {}
        Err(e) => {
            return Err(
                anyhow::Error::new(e).context("checking the key of an unfinished rollover failed")
            );
        }
    }
    store.discard_pending_account_key(&s.server)
}

/// Makes `new` the stored account key once the CA accepted it. On a fleet node the old key
/// also signs that the account now has the new one (`storage::key_chain`), for the store to
/// keep with it: the fleet shares it with the key. Outside a fleet nothing needs it, and the
/// account dir stays as it was. The CA switched already, so a link not kept is a warning.
fn switch_key(
    s: &Settings,
    store: &dyn Store,
    record: &stored::AccountRecord,
    old: &KeyPair,
    new: &KeyPair,
) -> Result<()> {
    let not_recorded = |e: anyhow::Error| {
        s.out.warn(&format!(
            "the key rollover is not recorded for the fleet ({e:#}); other nodes holding the old \
             key must be given {} by hand",
            s.layout.account_dir(&record.server).display()
        ))
    };
    let link = if crate::fleet::node::Setting::path(&s.layout).exists() {
        key_chain::link(old, new, &record.server, &record.url)
            .map_err(not_recorded)
            .ok()
    } else {
        None
    };
    if let Some(e) = store.switch_account_key(record, &new.to_pem()?, link.as_ref())? {
        not_recorded(e);
    }
    Ok(())
}

fn deactivate(s: &Settings, args: &AccountDeactivateArgs) -> Result<()> {
    let acct = load(s, false)?;
    crate::cli::prompt::confirm(
        &format!(
            "Deactivate the account {} for good? The CA will refuse its key from now on, and certificates \
             can then only be revoked with their own keys.",
            acct.record.url
        ),
        args.yes,
    )?;
    let _lock = lock(s)?;
    let client = s.connect()?;
    s.out.step("Deactivating the account");
    account::deactivate(&client, &acct.key, &acct.record.url)
        .map_err(|e| refused(e.into(), &acct.record.url))?;
    let mut record = acct.record.clone();
    record.status = "deactivated".into();
    s.store()
        .put_account_record(&record)
        .context("the CA deactivated the account, but marking it locally failed")?;
    crate::fleet::renewal::share_account(s, &record.server);
    s.out.result(
        &format!(
            "Deactivated account {}\n  register a new account with `acme register --agree-tos` after moving {} away",
            record.url,
            s.layout.account_dir(&s.server).display()
        ),
        &crate::cli::report::with(
            crate::cli::report::account(&s.layout, &record),
            json!({"status": "deactivated"}),
        ),
    );
    Ok(())
}

/// The CA no longer accepting the account's key is said plainly (the generic `unauthorized` hint
/// is about challenges); other errors pass through.
fn refused(e: anyhow::Error, url: &str) -> anyhow::Error {
    match find_problem(&e) {
        Some(p) if p.is("unauthorized") => anyhow::anyhow!(
            "the CA refuses the account {url}: {p}\n\
             It was deactivated, or its key was changed by another client; this config dir cannot use it."
        ),
        _ => e,
    }
}
