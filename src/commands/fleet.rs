//! `acme fleet new-key | join | status` and `acme sync`: glue over `fleet`.

use anyhow::{Context, Result, anyhow};
use serde_json::{Value, json};
use std::time::Duration;

use crate::cli::error::usage;
use crate::cli::settings::Settings;
use crate::cli::{FleetCommand, FleetJoinArgs, SyncArgs};
use crate::fleet::etcd::Config;
use crate::fleet::node::{self, Node, Setting, check_node_name};
use crate::fleet::sync;
use crate::storage::seal::{self, Sealer};
use crate::storage::store::Store;

pub fn run(s: &Settings, cmd: &FleetCommand) -> Result<()> {
    match cmd {
        FleetCommand::NewKey(a) => {
            let sealer = seal::new_key_file(&a.file)?;
            s.out.result(
                &format!(
                    "wrote a new fleet key to {} (id {}); copy it, mode 0600, to every node",
                    a.file.display(),
                    sealer.key_id()
                ),
                &json!({"key_file": a.file, "key_id": sealer.key_id()}),
            );
            Ok(())
        }
        FleetCommand::Join(a) => join(s, a),
        FleetCommand::Status => status(s),
    }
}

fn join(s: &Settings, a: &FleetJoinArgs) -> Result<()> {
    let mut store = Config::parse_url(&a.url).map_err(|e| usage(format!("{e:#}")))?;
    store.ca_bundle = a.etcd_ca.clone();
    store.client_cert = a.etcd_cert.clone();
    store.client_key = a.etcd_key.clone();
    store.user = a.etcd_user.clone();
    store.password_file = a.etcd_password_file.clone();
    let node = match &a.node {
        Some(n) => n.clone(),
        None => host_name()?,
    };
    check_node_name(&node).map_err(|e| usage(format!("{e:#}")))?;
    if !(1..=3600).contains(&a.lock_ttl) {
        return Err(usage("--lock-ttl must be 1 to 3600 seconds"));
    }
    if let Some(w) = &a.webroot {
        crate::challenges::webroot::check(w)?;
    }
    let key_file = std::path::absolute(&a.key_file).unwrap_or_else(|_| a.key_file.clone());
    Sealer::load(&key_file)?;
    let setting = Setting {
        store,
        node,
        key_file,
        webroot: a
            .webroot
            .as_ref()
            .map(|w| std::path::absolute(w).unwrap_or_else(|_| w.clone())),
        tls_alpn: a
            .tls_alpn_listen
            .as_deref()
            .map(node::parse_listen)
            .transpose()
            .map_err(|e| usage(format!("--tls-alpn-listen: {e:#}")))?,
        lock_ttl: a.lock_ttl,
    };
    // Reachable, and the same key as the fleet's, before anything is written here.
    let opened = Node::open(&s.layout, setting.clone())?;
    setting.save(&s.layout)?;
    let report = sync::all(&opened, &s.out)?;
    for p in &report.problems {
        s.out.warn(p);
    }
    s.out.result(
        &format!(
            "this config dir is node {} of the fleet at {}: {} certificate(s) taken from the fleet, {} shared with it",
            setting.node,
            setting.store.url(),
            report.pulled.len(),
            report.pushed.len()
        ),
        &json!({
            "node": setting.node,
            "store": setting.store.url(),
            "pulled": report.pulled.iter().map(|c| &c.name).collect::<Vec<_>>(),
            "pushed": report.pushed.iter().map(|c| &c.name).collect::<Vec<_>>(),
        }),
    );
    Ok(())
}

fn host_name() -> Result<String> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname NUL-terminates within it.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return Err(anyhow!("cannot read the host name; pass --node NAME"));
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    Ok(String::from_utf8_lossy(&buf[..end]).into_owned())
}

fn fleet_node(s: &Settings) -> Result<std::sync::Arc<Node>> {
    node::of(&s.layout)?.ok_or_else(|| {
        usage(format!(
            "{} is not a node of a fleet: run `acme fleet join etcds://HOST:2379/PREFIX --key-file FILE` first",
            s.layout.root.display()
        ))
    })
}

/// One line per lineage: the fleet's newest version, and each node's, marked when it lags.
fn status(s: &Settings) -> Result<()> {
    let node = fleet_node(s)?;
    let rows = lineage_status(&node)?;
    let human: Vec<String> = rows
        .iter()
        .map(|r| {
            let lagging = r.lagging();
            let nodes: Vec<String> = r
                .served
                .iter()
                .map(|(n, v)| {
                    let lag = if lagging.contains(&n.as_str()) {
                        " (lags)"
                    } else {
                        ""
                    };
                    format!("{n} v{v}{lag}")
                })
                .collect();
            format!(
                "{}: fleet v{}; {}",
                r.name,
                r.latest.map_or("-".into(), |v| v.to_string()),
                if nodes.is_empty() {
                    "no node reports it".into()
                } else {
                    nodes.join(", ")
                }
            )
        })
        .collect();
    let json: Vec<Value> = rows.iter().map(Row::to_json).collect();
    s.out.result(
        &if human.is_empty() {
            "the fleet has no certificates".into()
        } else {
            human.join("\n")
        },
        &Value::Array(json),
    );
    Ok(())
}

/// `fleet v2; n1 v2, n2 v1 (lags)`.
pub fn describe(r: &Row) -> String {
    let lagging = r.lagging();
    let nodes: Vec<String> = r
        .served
        .iter()
        .map(|(n, v)| {
            let lag = if lagging.contains(&n.as_str()) {
                " (lags)"
            } else {
                ""
            };
            format!("{n} v{v}{lag}")
        })
        .collect();
    format!(
        "fleet v{}; {}",
        r.latest.map_or("-".into(), |v| v.to_string()),
        if nodes.is_empty() {
            "no node reports it".into()
        } else {
            nodes.join(", ")
        }
    )
}

/// A lineage as the fleet sees it.
pub struct Row {
    pub name: String,
    pub latest: Option<u32>,
    /// (node, version it serves), sorted by node.
    pub served: Vec<(String, u32)>,
}

impl Row {
    pub fn lagging(&self) -> Vec<&str> {
        self.served
            .iter()
            .filter(|(_, v)| Some(*v) < self.latest)
            .map(|(n, _)| n.as_str())
            .collect()
    }

    pub fn to_json(&self) -> Value {
        json!({
            "cert_name": self.name,
            "fleet_version": self.latest,
            "nodes": self.served.iter().map(|(n, v)| json!({
                "node": n, "version": v, "lags": Some(*v) < self.latest,
            })).collect::<Vec<_>>(),
        })
    }
}

pub fn lineage_status(node: &Node) -> Result<Vec<Row>> {
    node.store
        .lineages()?
        .into_iter()
        .map(|name| row(node, &name))
        .collect()
}

/// One lineage as the fleet sees it, with this node's entry taken from its own `live/` (what
/// it serves this moment, not what it last reported).
pub fn row(node: &Node, name: &str) -> Result<Row> {
    let mut served = node.store.served(name)?;
    let me = &node.setting.node;
    served.retain(|(n, _)| n != me);
    if let Ok(v) = crate::storage::lineage::live_version(&node.layout, name) {
        served.push((me.clone(), v));
    }
    served.sort();
    Ok(Row {
        latest: node.store.latest(name)?,
        served,
        name: name.to_string(),
    })
}

/// For `acme list`: the fleet's view of each lineage (`None` outside a fleet), or why the
/// store could not be asked.
pub fn rows_for_list(s: &Settings, names: &[String]) -> Option<Result<Vec<Row>>> {
    let node = match node::of(&s.layout) {
        Ok(Some(n)) => n,
        Ok(None) => return None,
        Err(e) => return Some(Err(e)),
    };
    Some(names.iter().map(|n| row(&node, n)).collect())
}

/// For `acme check`: a warning for every node that serves an older version than the fleet
/// has (a node without `acme sync --watch` catches up at its next `acme renew`), and for a
/// store that cannot be asked.
pub fn lag_findings(s: &Settings) -> Vec<crate::renewing::monitor::Finding> {
    use crate::renewing::monitor::{Finding, Severity};
    let rows = match node::of(&s.layout).and_then(|n| n.map(|n| lineage_status(&n)).transpose()) {
        Ok(Some(rows)) => rows,
        Ok(None) => return Vec::new(),
        Err(e) => {
            return vec![Finding {
                cert_name: "(fleet)".into(),
                severity: Severity::Warning,
                kind: "fleet_unreachable",
                message: format!("{e:#}"),
            }];
        }
    };
    let mut out = Vec::new();
    for r in &rows {
        for n in r.lagging() {
            let v = r.served.iter().find(|(m, _)| m == n).map_or(0, |(_, v)| *v);
            out.push(Finding {
                cert_name: r.name.clone(),
                severity: Severity::Warning,
                kind: "fleet_lag",
                message: format!(
                    "node {n} serves version {v}, the fleet has version {}",
                    r.latest.unwrap_or(0)
                ),
            });
        }
    }
    out
}

pub fn sync(s: &Settings, args: &SyncArgs) -> Result<()> {
    let node = fleet_node(s)?;
    if args.watch {
        let n = crate::fleet::watch::run(&node, &s.out, args.duration.map(Duration::from_secs))?;
        s.out.result(
            &format!("stopped following the fleet; {n} version(s) installed"),
            &json!({"installed": n}),
        );
        return Ok(());
    }
    let report = sync::all(&node, &s.out).context("cannot sync with the fleet")?;
    // Removals first: a lineage deleted and issued again is removed, then taken anew.
    let mut lines: Vec<String> = report
        .removed
        .iter()
        .map(|(name, d)| {
            format!(
                "{name}: deleted from the fleet by node {}; removed here too",
                d.by
            )
        })
        .collect();
    lines.extend(
        report
            .pulled
            .iter()
            .map(|c| format!("{}: now serving version {} from the fleet", c.name, c.to)),
    );
    lines.extend(
        report
            .pushed
            .iter()
            .map(|c| format!("{}: version {} shared with the fleet", c.name, c.to)),
    );
    let human = if lines.is_empty() {
        "in step with the fleet".to_string()
    } else {
        lines.join("\n")
    };
    s.out.result(
        &human,
        &json!({
            "pulled": report.pulled.iter().map(|c| json!({"cert_name": c.name, "version": c.to})).collect::<Vec<_>>(),
            "pushed": report.pushed.iter().map(|c| json!({"cert_name": c.name, "version": c.to})).collect::<Vec<_>>(),
            "removed": report.removed.iter().map(|(name, d)| json!({"cert_name": name, "deleted_by": d.by})).collect::<Vec<_>>(),
            "problems": report.problems,
        }),
    );
    if !report.problems.is_empty() {
        return Err(anyhow!(
            "some certificates are not in step:\n  {}",
            report.problems.join("\n  ")
        ));
    }
    Ok(())
}
