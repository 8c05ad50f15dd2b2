//! Keeping a node's config dir (its working copy) in step with the shared store.
//!
//! Pull: a lineage the store holds in a newer version than this node's archive is installed
//! under the store's number (`live/` switches in one rename), its conf is taken over (with
//! this node's web root for webroot lineages), its account is copied if missing, and the
//! node's deploy hooks run for it. Push: a lineage this node holds in a newer version than the
//! store (issued here) is added to the store. Either way the node reports which version it
//! serves (`served/<name>/<node>`), for `acme list` and `acme check` on any node.

use anyhow::{Context, Result};
use std::collections::HashMap;

use super::node::Node;
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

/// The conf as this node uses it: the shared one, with this node's web root for webroot
/// lineages (each node serves http-01 answers from its own web root), and the ARI state this
/// node remembered (`ari_cert` names the certificate it belongs to, so state about an older
/// version is ignored by the renewer; without it every run would ask the CA again).
pub fn localize(
    name: &str,
    text: &str,
    webroot: Option<&std::path::Path>,
    local: Option<&RenewalConf>,
) -> Result<String> {
    let mut conf = RenewalConf::parse(text)?;
    if let Some(local) = local {
        for k in acme::renewal::ARI_KEYS {
            match local.extra.get(k) {
                Some(v) => conf.extra.insert(k.to_string(), v.clone()),
                None => conf.extra.remove(k),
            };
        }
    }
    if let Some(w) = webroot
        && conf.method == "webroot"
    {
        for (_, dir) in conf.webroot.iter_mut() {
            *dir = w.to_path_buf();
        }
    }
    Ok(conf.render(name))
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
        let want = localize(name, &conf, webroot, have.as_ref())?;
        if have.map(|c| c.render(name)).as_ref() != Some(&want) {
            local.put_conf(name, &want)?;
        }
        copy_account(shared, local, &RenewalConf::parse(&conf)?.server)?;
    }
    match (theirs, ours) {
        (Some(t), o) if o.is_none_or(|o| t > o) => {
            let v = shared.version(name, t)?.with_context(|| {
                format!("{name}: the store names version {t} but does not hold it")
            })?;
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
    if let Some(conf) = local.conf(name)? {
        copy_account(local, shared, &RenewalConf::parse(&conf)?.server)?;
        shared.put_conf(name, &conf)?;
    }
    let from = shared.latest(name)?;
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
mod tests {
    use super::*;
    use crate::cli::output::{Printer, Verbosity};
    use crate::storage::store::Version;

    fn version(tag: &str) -> Version {
        Version {
            cert: format!("CERT {tag}\n").into_bytes(),
            chain: b"CHAIN\n".to_vec(),
            fullchain: format!("CERT {tag}\nCHAIN\n").into_bytes(),
            privkey: Some(format!("KEY {tag}\n").into_bytes()),
            issuer: None,
        }
    }

    const CONF: &str = "domains = a.example\nserver = https://ca.test/dir\naccount = https://ca.test/acct/1\nmethod = webroot\nwebroot.a.example = /srv/node1\nari_next_check = 2030-01-01T00:00:00Z\n";

    /// Any store can be the shared one: here a second config dir plays it.
    #[test]
    fn a_newer_version_is_pulled_with_this_nodes_web_root_and_a_local_one_is_pushed() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let shared = Local::new(&Layout::new(a.path()));
        let node = Local::new(&Layout::new(b.path()));
        let out = Printer::new(Verbosity::Quiet, false);
        shared.put_conf("a.example", CONF).unwrap();
        shared.add_version("a.example", 1, &version("1")).unwrap();
        let web = std::path::Path::new("/srv/node2");
        let (pulled, pushed) = between(&shared, &node, "a.example", Some(web), &out).unwrap();
        assert_eq!(pulled.map(|c| (c.from, c.to)), Some((None, 1)));
        assert!(pushed.is_none());
        assert_eq!(node.version("a.example", 1).unwrap().unwrap(), version("1"));
        let conf = RenewalConf::parse(&node.conf("a.example").unwrap().unwrap()).unwrap();
        assert_eq!(conf.webroot, [("a.example".to_string(), web.to_path_buf())]);
        // A node without ARI state of its own starts from the store's (keyed by certificate).
        assert!(conf.extra.contains_key("ari_next_check"));
        // In step: nothing moves.
        assert_eq!(
            between(&shared, &node, "a.example", Some(web), &out).unwrap(),
            (None, None)
        );
        // This node renewed: its version goes to the store.
        node.add_version("a.example", 2, &version("2")).unwrap();
        let (pulled, pushed) = between(&shared, &node, "a.example", Some(web), &out).unwrap();
        assert!(pulled.is_none());
        assert_eq!(pushed.map(|c| (c.from, c.to)), Some((Some(1), 2)));
        assert_eq!(shared.latest("a.example").unwrap(), Some(2));
        // A version number the store holds with other files is refused, never overwritten.
        let other = tempfile::tempdir().unwrap();
        let elsewhere = Local::new(&Layout::new(other.path()));
        elsewhere.put_conf("a.example", CONF).unwrap();
        elsewhere
            .add_version("a.example", 2, &version("2 issued elsewhere"))
            .unwrap();
        let e = push(&shared, &elsewhere, "a.example", 2).unwrap_err();
        assert!(
            format!("{e:#}").contains("differs from the fleet's version 2"),
            "{e:#}"
        );
        assert_eq!(
            shared.version("a.example", 2).unwrap().unwrap(),
            version("2")
        );
    }
}
