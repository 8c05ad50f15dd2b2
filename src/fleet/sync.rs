//! Keeping a node's config dir (its working copy) in step with the shared store.
//!
//! Pull: a lineage the store holds in a newer version than this node's archive is installed
//! under the store's number (`live/` switches in one rename) once it passed the checks of
//! `accept`, the fleet-wide part of its conf is taken over (hooks, paths and method settings
//! stay this node's: see `shared_conf`), its account is copied if missing, and the
//! node's deploy hooks run for it. Push: a lineage this node holds in a newer version than the
//! store (issued here) is added to the store. Either way the node reports which version it
//! serves (`served/<name>/<node>`), for `acme list` and `acme check` on any node.

use anyhow::{Context, Result};
use std::collections::HashMap;

use super::accept;
use super::node::Node;
use super::shared_conf;
use crate::cli::output::Printer;
use crate::storage::Layout;
use crate::storage::renewal_conf::RenewalConf;
use crate::storage::store::{Added, Deletion, Local, Store, Version};

/// A lineage whose version changed on one side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub name: String,
    pub from: Option<u32>,
    pub to: u32,
}

#[derive(Debug, Default)]
pub struct Report {
    pub pulled: Vec<Change>,
    pub pushed: Vec<Change>,
    /// Lineages deleted for the whole fleet and removed here, with who deleted them.
    pub removed: Vec<(String, Deletion)>,
    /// Lineages that could not be brought in step, with why.
    pub problems: Vec<String>,
}

/// How long a full sync waits for this node's own renewal of a lineage to finish before
/// leaving the lineage for later (that renewal brings it in step itself).
pub const LOCAL_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// What one lineage's sync did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Synced {
    pub pulled: Option<Change>,
    pub pushed: Option<Change>,
    /// The lineage was deleted for the whole fleet and is now gone here too.
    pub removed: Option<Deletion>,
}

/// Brings one lineage in step in both directions, under the node's local lock of the lineage
/// (the one `renew` and `issue` take), so a sync never installs while this node's own renewal
/// of it is half done. `None` if the lock stayed busy for `wait`.
pub fn one(
    node: &Node,
    name: &str,
    out: &Printer,
    wait: std::time::Duration,
) -> Result<Option<Synced>> {
    crate::storage::check_cert_name(name).map_err(anyhow::Error::msg)?;
    let lock = node.layout.lock_file(&format!("lineage-{name}"));
    let Some(_held) = crate::storage::fsutil::Lock::acquire(&lock, wait)? else {
        out.detail(&format!("{name}: being renewed here; left for later"));
        return Ok(None);
    };
    one_locked(node, name, out).map(Some)
}

/// [`one`] for a caller that holds the lineage's local lock already.
pub fn one_locked(node: &Node, name: &str, out: &Printer) -> Result<Synced> {
    let local = Local::new(&node.layout);
    between(
        &node.store,
        &local,
        name,
        node.setting.webroot.as_deref(),
        out,
    )
}

/// One lineage brought in step between a shared store (any [`Store`]) and a node's config
/// dir, in whichever direction is newer. `webroot`: the node's own web root, written into
/// webroot lineages' confs. A lineage deleted for the whole fleet is removed here first (see
/// [`removed_here`]); a lineage issued again since under the same name is then taken in the
/// same sync, so this node never stays without a certificate the fleet serves (`live/` is
/// gone only between the removal and the install).
pub fn between(
    shared: &dyn Store,
    local: &Local,
    name: &str,
    webroot: Option<&std::path::Path>,
    out: &Printer,
) -> Result<Synced> {
    let marker = deletion(shared, name, out);
    let removed = match &marker {
        Some(m) => removed_here(local, name, m)?,
        None => None,
    };
    let theirs = shared.latest(name)?;
    if let (Some(m), Some(t)) = (&marker, theirs) {
        refuse_deleted(shared, name, t, m)?;
    }
    // What this node serves: an archived version whose switch was cut short is not served.
    let ours = crate::storage::lineage::live_version(&local.layout, name)
        .ok()
        .or(local.latest(name)?);
    let mut pulled = None;
    let mut pushed = None;
    // This node's own conf, before anything of the store's is taken into it.
    let own = local.conf(name)?.map(|t| RenewalConf::parse(&t));
    let own = own.and_then(Result::ok);
    if let Some(conf) = shared.conf(name)? {
        let want = shared_conf::localize(name, &conf, webroot, own.as_ref())?;
        if own.as_ref().map(|c| c.render(name)).as_ref() != Some(&want) {
            local.put_conf(name, &want)?;
        }
        sync_account(shared, local, &RenewalConf::parse(&conf)?.server)?;
    }
    match (theirs, ours) {
        (Some(t), o) if o.is_none_or(|o| t > o) => {
            accept::check_number(name, t)?;
            let v = shared.version(name, t)?.with_context(|| {
                format!("{name}: the store names version {t} but does not hold it")
            })?;
            // The checks a CA download gets, against the conf this node now uses, and never
            // a certificate issued before the one live here.
            let conf = RenewalConf::load(&local.layout.renewal_conf(name))
                .with_context(|| format!("{name}: the fleet's version {t} cannot be checked"))?;
            let leaf = accept::check_version(&local.layout, name, t, &conf, &v, out)?;
            if let Some(live) = accept::live_leaf(&local.layout, name) {
                let what = format!("{name}: the fleet's version {t}");
                accept::check_not_older(&what, &leaf, &live)?;
            }
            let (issuer, dropped) = accept::issuer_to_take(name, t, &v, own.as_ref());
            if let Some(why) = dropped {
                out.warn(&why);
            }
            let v = Version {
                issuer,
                issuer_unsealed: false,
                ..v
            };
            if local.add_version(name, t, &v)? == Added::Stored {
                pulled = Some(Change {
                    name: name.to_string(),
                    from: o,
                    to: t,
                });
                deploy_hooks(&local.layout, name, out);
            }
        }
        (t, Some(o)) if t.is_none_or(|t| o > t) => {
            pushed = push(shared, local, name, o)?;
        }
        _ => {}
    }
    Ok(Synced {
        pulled,
        pushed,
        removed,
    })
}

/// The store's deletion marker of `name`, if it holds one. A marker that does not open is
/// reported and ignored (the lineage stays).
fn deletion(shared: &dyn Store, name: &str, out: &Printer) -> Option<Deletion> {
    shared.deletion(name).unwrap_or_else(|e| {
        out.warn(&format!("{name}: {e:#}"));
        None
    })
}

/// Refuses the store's version `t` of `name` when it is a certificate of the deleted lineage
/// `marker` lists: the store's entries are not authenticated (only the keys in them are
/// sealed, and a sealed key still opens where it was first written), so whoever writes the
/// prefix could put a deleted lineage's old entries back. Nothing of it is installed here,
/// not even its conf.
fn refuse_deleted(shared: &dyn Store, name: &str, t: u32, marker: &Deletion) -> Result<()> {
    let Some(v) = shared.version(name, t)? else {
        return Ok(());
    };
    let cert: Vec<String> = crate::storage::store::fingerprint(&v.cert)
        .into_iter()
        .collect();
    if marker.covers(&cert) {
        anyhow::bail!(
            "the fleet's version {t} is a certificate of the lineage node {} deleted for the \
             fleet; not installing it (its entries are back in {}: `acme delete --cert-name \
             {name}` on any node clears them, then issue it anew if it is wanted)",
            marker.by,
            shared.describe()
        );
    }
    Ok(())
}

/// Removes this node's copy of `name` when `marker` covers it (one of its certificates is
/// listed; the caller holds the lineage's local lock): the lineage's conf, `live/` and
/// archive are removed here as `acme delete` removes them. No hook runs and nothing else is
/// touched: the marker is sealed with the fleet key, and the names removed are this config
/// dir's own paths for a checked lineage name.
fn removed_here(local: &Local, name: &str, marker: &Deletion) -> Result<Option<Deletion>> {
    let mine = crate::storage::lineage::fingerprints(&local.layout, name);
    if !marker.covers(&mine) {
        return Ok(None);
    }
    crate::storage::lineage::delete(&local.layout, name).with_context(|| {
        format!(
            "{name} was deleted from the fleet by node {}, but removing it here failed part-way",
            marker.by
        )
    })?;
    Ok(Some(marker.clone()))
}

/// Adds this node's version `n` of `name` (and its conf and account) to the store.
pub fn push(shared: &dyn Store, local: &Local, name: &str, n: u32) -> Result<Option<Change>> {
    // Never bring back a lineage deleted for the whole fleet.
    if let Ok(Some(d)) = shared.deletion(name)
        && d.covers(&crate::storage::lineage::fingerprints(&local.layout, name))
    {
        anyhow::bail!(
            "{name} was deleted from the fleet by node {}; not sharing version {n} \
             (`acme delete --cert-name {name}` removes it here)",
            d.by
        );
    }
    let v = local
        .version(name, n)?
        .with_context(|| format!("{name}: version {n} is not in this node's archive"))?;
    let from = shared.latest(name)?;
    // Never offer the fleet an expired certificate, nor one issued before the fleet's newest.
    let what = format!("{name}: this node's version {n}");
    let leaf = accept::leaf_of(&v).with_context(|| format!("{what} is not shared"))?;
    if leaf.not_after <= acme::time::now() {
        anyhow::bail!(
            "{what} expired on {}; not sharing it",
            acme::time::format_rfc3339(leaf.not_after)
        );
    }
    if let Some(t) = from
        && let Ok(Some(theirs)) = shared.version(name, t)
        && let Ok(theirs) = accept::leaf_of(&theirs)
    {
        accept::check_not_older(&what, &leaf, &theirs)
            .with_context(|| format!("the fleet serves version {t}"))?;
    }
    if let Some(conf) = local.conf(name)? {
        let conf = RenewalConf::parse(&conf)?;
        sync_account(shared, local, &conf.server)?;
        // Only the fleet-wide part: this node's hooks and paths are its own.
        shared.put_conf(name, &shared_conf::shared_part(&conf).render(name))?;
    }
    match shared.add_version(name, n, &v)? {
        Added::Stored => Ok(Some(Change {
            name: name.to_string(),
            from,
            to: n,
        })),
        Added::AlreadyThere => Ok(None),
        Added::Conflict { latest } => anyhow::bail!(
            "{name}: this node's version {n} differs from the fleet's version {latest} (issued on two nodes?); \
             this node keeps serving its own until the fleet renews it"
        ),
    }
}

/// Brings the account for `server` in step: a copy only one side has goes to the other (its
/// record must name the server it is filed under). Where both have it and they differ:
/// - the store's key took over from this node's by a key rollover (a chain of links signed
///   from the key held here, `storage::key_chain`, for the same account URL): this node takes
///   the new key — the only way the store replaces a node's key (review finding 6);
/// - this node's key took over from the store's (a rollover here): the store takes it;
/// - otherwise a newer copy here (a contact update on this node) goes to the store, so nodes
///   that join later take it — never over a key the store holds by rollover from this one.
pub fn sync_account(shared: &dyn Store, local: &Local, server: &str) -> Result<()> {
    use crate::storage::store::Account;
    let check = |a: &Account| {
        // The record's server chooses the account dir written: it must be the one asked for.
        if crate::storage::server_dir_name(&a.record.server)
            != crate::storage::server_dir_name(server)
        {
            anyhow::bail!(
                "the account offered for {} names another server ({}); not copying it",
                acme::escape::escape(server),
                acme::escape::escape(&a.record.server)
            );
        }
        Ok(())
    };
    match (shared.account(server)?, local.account(server)?) {
        (Some(a), None) => {
            check(&a)?;
            local.put_account(&a)
        }
        (None, Some(l)) => {
            check(&l)?;
            shared.put_account(&l)
        }
        (Some(a), Some(l)) if !a.same_as(&l) => {
            check(&a)?;
            check(&l)?;
            match rolled_over(&l, &a) {
                // Only what the links prove: the key (and its type). The rest of the record
                // (contacts, status) is not signed, so this node's stays.
                Rollover::TheirsIsNewer => {
                    let key_type = acme::crypto::KeyPair::from_pem(&a.key_pem)?.key_type();
                    let mut record = l.record.clone();
                    record.key_type = key_type.to_string();
                    let taken = Account {
                        record,
                        key_pem: a.key_pem.clone(),
                        written: a.written,
                        chain: a.chain.clone(),
                    };
                    local
                        .put_account(&taken)
                        .context("the fleet's account key after a rollover is not taken")
                }
                Rollover::OursIsNewer => shared.put_account(&l),
                Rollover::None if l.written > a.written => shared.put_account(&l),
                Rollover::None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

enum Rollover {
    /// The store's key took over from ours.
    TheirsIsNewer,
    /// Ours took over from the store's.
    OursIsNewer,
    /// The same key, or keys no chain joins.
    None,
}

/// Which copy of one account (same URL) holds the key a rollover chain leads to. Pure.
fn rolled_over(
    ours: &crate::storage::store::Account,
    theirs: &crate::storage::store::Account,
) -> Rollover {
    use crate::storage::key_chain::succeeds;
    let public = |a: &crate::storage::store::Account| {
        acme::crypto::KeyPair::from_pem(&a.key_pem)
            .and_then(|k| k.public_key_der())
            .ok()
    };
    let (Some(mine), Some(other)) = (public(ours), public(theirs)) else {
        return Rollover::None;
    };
    // The account as this node knows it: the statement each link signs names it.
    let (server, url) = (&ours.record.server, &ours.record.url);
    if mine == other || theirs.record.url != *url {
        Rollover::None
    } else if succeeds(&mine, &other, server, url, &theirs.chain) {
        Rollover::TheirsIsNewer
    } else if succeeds(&other, &mine, server, url, &ours.chain) {
        Rollover::OursIsNewer
    } else {
        Rollover::None
    }
}

/// This node's deploy hooks for a lineage whose files just changed: the conf's deploy hook and
/// the renewal-hooks/deploy/ scripts, as after a renewal here.
pub fn deploy_hooks(layout: &Layout, name: &str, out: &Printer) -> Vec<String> {
    let conf = match RenewalConf::load(&layout.renewal_conf(name)) {
        Ok(c) => c,
        Err(e) => return vec![format!("{name}: {e:#}")],
    };
    let mut cmds: Vec<String> = conf.deploy_hook.clone().into_iter().collect();
    cmds.extend(crate::hooks::dirs::commands(layout, "deploy", out));
    let mut errors = Vec::new();
    for h in cmds {
        if let Err(e) = crate::hooks::deploy(&h, &layout.live(name), &conf.domains, name) {
            out.warn(&format!("{name}: {e:#}"));
            errors.push(format!("{name}: {e:#}"));
        }
    }
    errors
}

/// Brings every lineage of the store and of this node in step, then reports what this node
/// serves where the store does not know it yet.
pub fn all(node: &Node, out: &Printer) -> Result<Report> {
    let local = Local::new(&node.layout);
    let mut names = node.store.lineages()?;
    names.extend(local.lineages()?);
    names.sort();
    names.dedup();
    let mut report = Report::default();
    for name in &names {
        crate::cli::interrupt::check()?;
        match one(node, name, out, LOCAL_LOCK_WAIT) {
            Ok(None) => {}
            Ok(Some(done)) => {
                report.pulled.extend(done.pulled);
                report.pushed.extend(done.pushed);
                report
                    .removed
                    .extend(done.removed.map(|d| (name.clone(), d)));
            }
            Err(e) => report.problems.push(format!("{name}: {e:#}")),
        }
    }
    report_served(node, &names)?;
    Ok(report)
}

/// Writes `served/<name>/<node>` where it differs from the version `live/<name>` shows.
pub fn report_served(node: &Node, names: &[String]) -> Result<()> {
    let mine = format!("/{}", node.setting.node);
    // A few names (after one install): one read each, not the whole fleet's reports.
    if names.len() <= 4 {
        for name in names {
            let Ok(live) = crate::storage::lineage::live_version(&node.layout, name) else {
                continue;
            };
            let key = format!("served/{name}{mine}");
            let known = node.store.etcd.get(&key)?.map(|kv| kv.value);
            if known.as_deref() != Some(live.to_string().as_bytes()) {
                node.store.report_served(name, live)?;
            }
        }
        return Ok(());
    }
    let known: HashMap<String, String> = node
        .store
        .etcd
        .list("served/", false)?
        .into_iter()
        .filter_map(|kv| {
            let name = kv
                .key
                .strip_prefix("served/")?
                .strip_suffix(&mine)?
                .to_string();
            Some((name, String::from_utf8_lossy(&kv.value).into_owned()))
        })
        .collect();
    for name in names {
        let Ok(live) = crate::storage::lineage::live_version(&node.layout, name) else {
            continue;
        };
        if known.get(name).map(String::as_str) != Some(live.to_string().as_str()) {
            node.store.report_served(name, live)?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "sync_tests.rs"]
mod tests;
