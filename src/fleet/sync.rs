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
use crate::storage::store::{Added, Local, Store};

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
    /// Lineages that could not be brought in step, with why.
    pub problems: Vec<String>,
}

/// How long a full sync waits for this node's own renewal of a lineage to finish before
/// leaving the lineage for later (that renewal brings it in step itself).
pub const LOCAL_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// What one lineage's sync did: (pulled, pushed).
pub type Pair = (Option<Change>, Option<Change>);

/// Brings one lineage in step in both directions, under the node's local lock of the lineage
/// (the one `renew` and `issue` take), so a sync never installs while this node's own renewal
/// of it is half done. `None` if the lock stayed busy for `wait`.
pub fn one(
    node: &Node,
    name: &str,
    out: &Printer,
    wait: std::time::Duration,
) -> Result<Option<Pair>> {
    crate::storage::check_cert_name(name).map_err(anyhow::Error::msg)?;
    let lock = node.layout.lock_file(&format!("lineage-{name}"));
    let Some(_held) = crate::storage::fsutil::Lock::acquire(&lock, wait)? else {
        out.detail(&format!("{name}: being renewed here; left for later"));
        return Ok(None);
    };
    one_locked(node, name, out).map(Some)
}

/// [`one`] for a caller that holds the lineage's local lock already.
pub fn one_locked(node: &Node, name: &str, out: &Printer) -> Result<Pair> {
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
/// webroot lineages' confs.
pub fn between(
    shared: &dyn Store,
    local: &Local,
    name: &str,
    webroot: Option<&std::path::Path>,
    out: &Printer,
) -> Result<Pair> {
    let theirs = shared.latest(name)?;
    // What this node serves: an archived version whose switch was cut short is not served.
    let ours = crate::storage::lineage::live_version(&local.layout, name)
        .ok()
        .or(local.latest(name)?);
    let mut pulled = None;
    let mut pushed = None;
    if let Some(conf) = shared.conf(name)? {
        let have = local.conf(name)?.map(|t| RenewalConf::parse(&t));
        let have = have.and_then(Result::ok);
        let want = shared_conf::localize(name, &conf, webroot, have.as_ref())?;
        if have.map(|c| c.render(name)).as_ref() != Some(&want) {
            local.put_conf(name, &want)?;
        }
        copy_account(shared, local, &RenewalConf::parse(&conf)?.server)?;
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
    Ok((pulled, pushed))
}

/// Adds this node's version `n` of `name` (and its conf and account) to the store.
pub fn push(shared: &dyn Store, local: &Local, name: &str, n: u32) -> Result<Option<Change>> {
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
        copy_account(local, shared, &conf.server)?;
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

/// Copies the account for `server` from `from` to `to` when `to` has none.
fn copy_account(from: &dyn Store, to: &dyn Store, server: &str) -> Result<()> {
    if to.account(server)?.is_none()
        && let Some(a) = from.account(server)?
    {
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
        to.put_account(&a)?;
    }
    Ok(())
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
            Ok(Some((pulled, pushed))) => {
                report.pulled.extend(pulled);
                report.pushed.extend(pushed);
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
