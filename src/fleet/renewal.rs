//! What a renewal or an issuance does differently on a fleet node — the few calls the
//! renewer, `obtain` and the rate-limit guard make, each a no-op without a fleet setting.

use anyhow::{Context, Result};

use super::node;
use super::sync;
use crate::cli::settings::Settings;
use crate::storage::ledger::{self, Event};
use crate::storage::store::{Held, Local, Store};

/// How long a renewal waits for another node holding the lineage before skipping it: the
/// other node is renewing it, and the final sync of this run brings its result here.
const FLEET_LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// The fleet's lock on a lineage (nothing without a fleet): the lease lock itself is kept in
/// [`HELD`] under the lineage's name, so `obtain` can ask [`still_held`] before each step that
/// needs it without the lock being passed down; dropping this releases it.
pub struct FleetLock(Option<String>);

/// The fleet locks this process holds, by lineage name.
static HELD: std::sync::Mutex<std::collections::BTreeMap<String, Box<dyn Held>>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

fn held_locks() -> std::sync::MutexGuard<'static, std::collections::BTreeMap<String, Box<dyn Held>>>
{
    HELD.lock().unwrap_or_else(|e| e.into_inner())
}

impl FleetLock {
    fn register(name: &str, held: Box<dyn Held>) -> FleetLock {
        held_locks().insert(name.to_string(), held);
        FleetLock(Some(name.to_string()))
    }
}

impl Drop for FleetLock {
    fn drop(&mut self) {
        if let Some(name) = self.0.take() {
            let held = held_locks().remove(&name);
            // Released (its lease revoked) outside the registry's mutex.
            drop(held);
        }
    }
}

/// Refuses to go on with `name` when this process took the fleet's lock on it and has lost
/// it since (its lease expired while etcd was out of reach, review finding 8): another node
/// may be renewing it now. Asked before ordering, before finalizing, before installing and
/// before sharing. Without a fleet lock on `name`, nothing to check.
pub fn still_held(name: &str) -> Result<()> {
    if held_locks().get(name).is_some_and(|h| !h.held()) {
        anyhow::bail!(
            "{name}: this node lost the fleet's lock on it (its lease expired: etcd out of reach \
             for longer than lock_ttl), so another node may be renewing it; stopping here \
             (an order already finalized is picked up by a later run)"
        );
    }
    Ok(())
}

/// Takes the fleet's lock on `name` and brings the lineage in step with the store under it,
/// so the renewer decides on the fleet's newest version. `None`: another node holds it.
pub fn lock(s: &Settings, name: &str) -> Result<Option<FleetLock>> {
    let Some(node) = node::of(&s.layout)? else {
        return Ok(Some(FleetLock(None)));
    };
    let Some(held) = node
        .store
        .lock(&format!("lineage-{name}"), FLEET_LOCK_WAIT)?
    else {
        return Ok(None);
    };
    let lock = FleetLock::register(name, held);
    // The renewer holds the lineage's local lock already.
    let done = sync::one_locked(&node, name, &s.out)?;
    if let Some(d) = &done.removed {
        s.out.note(&format!(
            "{name}: deleted from the fleet by node {}; removed here too",
            d.by
        ));
    }
    if done.pulled.is_some() {
        sync::report_served(&node, &[name.to_string()])?;
    }
    Ok(Some(lock))
}

/// Shares version `n` of `name`, just installed here, with the fleet. A failure is a warning:
/// the version is live here, and every later sync offers it again.
pub fn share(s: &Settings, name: &str, n: u32) -> Result<()> {
    let node = match node::of(&s.layout) {
        Ok(Some(node)) => node,
        Ok(None) => return Ok(()),
        Err(e) => {
            s.out.warn(&format!(
                "{name}: version {n} not shared with the fleet: {e:#}"
            ));
            return Ok(());
        }
    };
    let shared = still_held(name)
        .and_then(|_| sync::push(&node.store, &Local::new(&s.layout), name, n))
        .and_then(|_| sync::report_served(&node, &[name.to_string()]));
    if let Err(e) = shared {
        s.out.warn(&format!(
            "{name}: version {n} not shared with the fleet yet: {e:#}"
        ));
    }
    Ok(())
}

/// Pulls everything the fleet has that this node lacks (and pushes the reverse), before and
/// after a renewal run. Problems are warnings: the run goes on with what this node has.
pub fn sync_all(s: &Settings) {
    let node = match node::of(&s.layout) {
        Ok(Some(node)) => node,
        Ok(None) => return,
        Err(e) => return s.out.warn(&format!("{e:#}")),
    };
    match sync::all(&node, &s.out) {
        Ok(report) => {
            for (name, d) in &report.removed {
                s.out.note(&format!(
                    "{name}: deleted from the fleet by node {}; removed here too",
                    d.by
                ));
            }
            for c in &report.pulled {
                s.out.detail(&format!(
                    "{}: version {} taken from the fleet",
                    c.name, c.to
                ));
            }
            for p in &report.problems {
                s.out.warn(p);
            }
        }
        Err(e) => s.out.warn(&format!("cannot sync with the fleet: {e:#}")),
    }
}

/// The rate-limit ledger to check against: the fleet's (every node's spending) on a fleet
/// node, this config dir's otherwise.
pub fn ledger(s: &Settings) -> Result<Vec<Event>> {
    if let Ok(Some(node)) = node::of(&s.layout) {
        match node.store.ledger() {
            Ok(events) => return Ok(events),
            Err(e) => s.out.warn(&format!(
                "the fleet's ledger is unreachable, checking this node's only: {e:#}"
            )),
        }
    }
    Ok(ledger::load(&s.layout)?.0)
}

/// Records a spend in the fleet's ledger too (the local one has it already).
pub fn record(s: &Settings, e: &Event) {
    if let Ok(Some(node)) = node::of(&s.layout)
        && let Err(err) = node.store.record(e)
    {
        s.out
            .warn(&format!("not recorded in the fleet's ledger: {err:#}"));
    }
}

/// Before `acme delete` (or `revoke --delete`) on a fleet node asks anything: the fleet's
/// store must be reachable, since the lineage is deleted there first (deleted here only, the
/// next sync would bring it back — review finding 11). Nothing to check without a fleet.
pub fn check_deletable(s: &Settings, name: &str) -> Result<()> {
    node::of(&s.layout).map(drop).with_context(|| {
        format!("{name:?} cannot be deleted for the fleet now; nothing was deleted")
    })
}

/// Whether the fleet's store holds a lineage `name` (its conf or a version); `false` without
/// a fleet.
pub fn in_store(s: &Settings, name: &str) -> Result<bool> {
    let Some(node) = node::of(&s.layout)? else {
        return Ok(false);
    };
    Ok(node.store.conf(name)?.is_some() || node.store.latest(name)?.is_some())
}

/// How long a delete waits for a node renewing the lineage to finish.
const DELETE_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Deletes `name` for every node of the fleet (nothing without a fleet): under the fleet's
/// lock on it (so no node is renewing it meanwhile), the store's conf and versions of it go
/// and a sealed marker takes their place, listing every certificate the lineage held (the
/// store's versions and this node's). Each node removes its own copy when it next syncs
/// (`renew`, `sync`, `sync --watch`) and never shares it again; a lineage issued later under
/// the same name holds none of those certificates and is a new one. The caller holds the
/// lineage's local lock and removes this node's files afterwards.
pub fn delete_shared(s: &Settings, name: &str) -> Result<()> {
    let Some(node) = node::of(&s.layout)? else {
        return Ok(());
    };
    let store = &node.store;
    let _held = store
        .lock(&format!("lineage-{name}"), DELETE_LOCK_WAIT)?
        .with_context(|| {
            format!(
                "another node of the fleet is renewing {name:?}; nothing was deleted: try again \
                 when it has finished"
            )
        })?;
    let mut certs = store.version_fingerprints(name)?;
    certs.extend(crate::storage::lineage::fingerprints(&s.layout, name));
    // Deleted before under this name: those certificates stay listed for a node still
    // holding that older lineage.
    if let Ok(Some(before)) = store.deletion(name) {
        certs.extend(before.certs);
    }
    certs.sort();
    certs.dedup();
    certs.truncate(crate::storage::store::MAX_DELETED_CERTS);
    let marker = crate::storage::store::Deletion {
        by: node.setting.node.clone(),
        at: acme::time::now(),
        certs,
    };
    store.delete_lineage(name, &marker).with_context(|| {
        format!("deleting {name:?} from the fleet's store failed; nothing was deleted")
    })?;
    s.out.step(&format!(
        "{name}: deleted from the fleet's store; every node removes it at its next sync"
    ));
    Ok(())
}

/// Shares a lineage's conf just changed here (`reconfigure`, `revoke`) with the fleet. On a
/// fleet node the conf is the fleet's: a change that cannot be shared would be undone by the
/// next sync, so that is an error.
pub fn share_conf(s: &Settings, name: &str) -> Result<()> {
    let Some(node) = node::of(&s.layout)? else {
        return Ok(());
    };
    let local = Local::new(&s.layout);
    // Only the fleet-wide part: this node's hooks and paths stay its own (see shared_conf).
    let shared = local
        .conf(name)?
        .map(|text| {
            let conf = crate::storage::renewal_conf::RenewalConf::parse(&text)?;
            let part = super::shared_conf::shared_part(&conf);
            node.store.put_conf(name, &part.render(name))
        })
        .transpose();
    shared.map(drop).with_context(|| {
        format!(
            "{name}: the settings changed here but could not be shared with the fleet; \
             the next sync would undo them: run the command again when the fleet's store is reachable"
        )
    })
}

/// Shares the account for `server`, just registered or changed here (update, key rollover,
/// deactivation), with the fleet. A failure is a warning: this copy is the newer one, so the
/// next sync shares it.
pub fn share_account(s: &Settings, server: &str) {
    let node = match node::of(&s.layout) {
        Ok(Some(node)) => node,
        Ok(None) => return,
        Err(e) => {
            return s.out.warn(&format!(
                "the account is not shared with the fleet yet: {e:#}"
            ));
        }
    };
    if let Err(e) = sync::sync_account(&node.store, &Local::new(&s.layout), server) {
        s.out.warn(&format!(
            "the account is not shared with the fleet yet: {e:#}"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::testing::OneEtcd;
    use std::time::Duration;

    /// Review finding 8: a lock whose lease is gone (expired while etcd was out of reach;
    /// here revoked behind the holder's back) is noticed, and `still_held` stops the renewal.
    #[test]
    fn a_fleet_lock_whose_lease_is_gone_stops_the_renewal() {
        let one = OneEtcd::start();
        let store = crate::fleet::store::EtcdStore::new(
            one.client("fleet"),
            crate::storage::seal::Sealer::from_key([1; 32]),
            "n1",
            2,
        );
        let held = store
            .lock("lineage-lost.example", Duration::ZERO)
            .unwrap()
            .unwrap();
        let lock = FleetLock::register("lost.example", held);
        still_held("lost.example").unwrap();
        let lease = store
            .etcd
            .get("locks/lineage-lost.example")
            .unwrap()
            .unwrap()
            .lease;
        store.etcd.revoke(lease).unwrap();
        // The keep-alive thread asks every third of the TTL (2 s).
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while still_held("lost.example").is_ok() {
            assert!(
                std::time::Instant::now() < deadline,
                "the loss went unnoticed"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let err = still_held("lost.example").unwrap_err();
        assert!(
            format!("{err:#}").contains("lost the fleet's lock"),
            "{err:#}"
        );
        drop(lock);
        still_held("lost.example").unwrap();
        // Without a fleet lock on a name there is nothing to lose.
        still_held("never-locked.example").unwrap();
    }
}
