//! Fleets (issue #21): acme nodes with their own config dirs and web roots sharing lineages,
//! accounts, locks and http-01 answers through a real three-member etcd cluster on loopback.
//! The CA's http-01 requests always land on node n2's web root (Pebble's http port serves
//! it), so a node other than n2 can only validate through the answers the fleet shares.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Output3, Pebble, StaticServer, acme_cmd, free_port, run};
use crate::support::etcd::EtcdCluster;

const PREFIX: &str = "fleet";

struct Fleet {
    pebble: Pebble,
    etcd: EtcdCluster,
    tmp: tempfile::TempDir,
    key: PathBuf,
    _web: StaticServer,
}

/// A background `acme` (a watcher), killed on drop.
struct Background {
    child: Child,
    log: PathBuf,
}

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Background {
    fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Fleet {
    /// Pebble, etcd, and nodes n1..n3 joined with short lock leases (3 s).
    fn start() -> Fleet {
        let pebble = Pebble::start();
        let etcd = EtcdCluster::start(3);
        let tmp = tempfile::tempdir().unwrap();
        for i in 1..=3 {
            fs::create_dir_all(tmp.path().join(format!("www{i}"))).unwrap();
        }
        let web = StaticServer::serve(&tmp.path().join("www2"), pebble.http_port);
        let key = tmp.path().join("fleet.key");
        let mut f = Fleet {
            pebble,
            etcd,
            tmp,
            key,
            _web: web,
        };
        let out = f.acme(1, &["fleet", "new-key", f.key.to_str().unwrap()]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        for i in 1..=3 {
            let out = f.join(i);
            assert_eq!(out.code, 0, "n{i}: {}", out.stderr);
        }
        f.key = f.key.clone();
        f
    }

    fn join(&mut self, i: usize) -> Output3 {
        self.join_with(i, &[])
    }

    /// `acme fleet join` for node `i` with `extra` arguments.
    fn join_with(&self, i: usize, extra: &[&str]) -> Output3 {
        let url = self.etcd.url(PREFIX);
        let www = self.www(i);
        let node = format!("n{i}");
        let key = self.key.clone();
        let mut args = vec![
            "fleet",
            "join",
            &url,
            "--node",
            &node,
            "--key-file",
            key.to_str().unwrap(),
            "--webroot",
            www.to_str().unwrap(),
            "--lock-ttl",
            "3",
        ];
        args.extend(extra);
        self.acme(i, &args)
    }

    fn cfg(&self, i: usize) -> PathBuf {
        self.tmp.path().join(format!("cfg{i}"))
    }

    fn www(&self, i: usize) -> PathBuf {
        self.tmp.path().join(format!("www{i}"))
    }

    fn cmd(&self, i: usize) -> Command {
        let mut c = acme_cmd(&self.pebble, &self.cfg(i));
        c.env("ACME_NO_RANDOM_SLEEP", "1");
        c
    }

    fn acme(&self, i: usize, args: &[&str]) -> Output3 {
        run(self.cmd(i).args(args))
    }

    /// `acme sync --watch` on node `i`, once it has announced itself in the store.
    fn watch(&self, i: usize) -> Background {
        let log = self.tmp.path().join(format!("watch{i}.log"));
        let file = fs::File::create(&log).unwrap();
        let child = self
            .cmd(i)
            .args(["sync", "--watch", "--for", "300"])
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .unwrap();
        let bg = Background { child, log };
        let me = format!("{PREFIX}/nodes/n{i}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self
            .etcd
            .dump(&format!("{PREFIX}/nodes/"))
            .iter()
            .any(|(k, _)| *k == me)
        {
            assert!(
                Instant::now() < deadline,
                "watcher did not start:\n{}",
                bg.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        bg
    }

    fn live(&self, i: usize, name: &str, file: &str) -> PathBuf {
        self.cfg(i).join("live").join(name).join(file)
    }

    fn issue(&self, i: usize, names: &[&str]) -> Output3 {
        let www = self.www(i);
        let mut args = vec!["issue", "--webroot", www.to_str().unwrap(), "--agree-tos"];
        for n in names {
            args.extend(["-d", n]);
        }
        self.acme(i, &args)
    }

    /// Installs a deploy hook script on node `i` that appends the lineage name to a file.
    fn deploy_log(&self, i: usize) -> PathBuf {
        let dir = self.cfg(i).join("renewal-hooks/deploy");
        fs::create_dir_all(&dir).unwrap();
        let log = self.tmp.path().join(format!("deployed{i}"));
        let script = dir.join("10-log");
        fs::write(
            &script,
            format!("#!/bin/sh\necho \"$ACME_CERT_NAME\" >> {}\n", log.display()),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
        log
    }
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_default()
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ok() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_etcd_harness_elects_a_new_leader_when_the_leader_is_killed() {
    let mut etcd = EtcdCluster::start(3);
    assert_eq!(etcd.endpoints().len(), 3);
    assert!(etcd.url("p").ends_with("/p"), "{}", etcd.url("p"));
    let leader = etcd.leader().expect("a leader");
    etcd.kill(leader);
    let deadline = Instant::now() + Duration::from_secs(20);
    let next = loop {
        if let Some(l) = etcd.leader() {
            break l;
        }
        assert!(Instant::now() < deadline, "no new leader\n{}", etcd.logs());
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_ne!(next, leader);
    etcd.restart(leader);
    assert!(etcd.leader().is_some());
    assert!(etcd.dump("nothing/").is_empty());
}

/// n1 issues and n3 renews while the CA's http-01 requests reach only n2's web root, written
/// by n2's watcher from the answers the renewing node shared; every node ends up serving the
/// same files, each node's own deploy hook runs once per new version, and no private key is
/// readable in etcd.
#[test]
fn a_certificate_issued_on_one_node_is_validated_through_another_and_served_by_all() {
    let f = Fleet::start();
    let deployed: Vec<PathBuf> = (1..=3).map(|i| f.deploy_log(i)).collect();
    let _watcher = f.watch(2);
    let out = f.acme(1, &["register", "--agree-tos"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = f.issue(1, &["a.example", "www.a.example"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stderr, _watcher.log());
    let cert1 = read(&f.live(1, "a.example", "cert.pem"));
    assert!(cert1.contains("BEGIN CERTIFICATE"));
    // n2 follows the fleet; n3 catches up with a sync.
    wait_for("n2 to serve a.example", || {
        read(&f.live(2, "a.example", "cert.pem")) == cert1
    });
    let out = f.acme(3, &["sync"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("a.example: now serving version 1"),
        "{}",
        out.stdout
    );
    for i in 2..=3 {
        assert_eq!(
            read(&f.live(i, "a.example", "privkey.pem")),
            read(&f.live(1, "a.example", "privkey.pem"))
        );
        assert_eq!(
            read(&f.live(i, "a.example", "fullchain.pem")),
            read(&f.live(1, "a.example", "fullchain.pem"))
        );
        // The conf names this node's own web root.
        let conf = read(&f.cfg(i).join("renewal/a.example.conf"));
        assert!(conf.contains(f.www(i).to_str().unwrap()), "{conf}");
    }
    // n3 renews: its answers also reach the CA through n2.
    let out = f.acme(3, &["renew", "--force", "--cert-name", "a.example"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stderr, _watcher.log());
    assert!(out.stdout.contains("renewed (version 2)"), "{}", out.stdout);
    let cert2 = read(&f.live(3, "a.example", "cert.pem"));
    assert_ne!(cert2, cert1);
    wait_for("n2 to serve version 2", || {
        read(&f.live(2, "a.example", "cert.pem")) == cert2
    });
    // Before n1 catches up, `acme list` and `acme check` on any node say that it lags.
    let out = f.acme(1, &["list", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["fleet"]["fleet_version"], 2, "{v}");
    let n1 = v[0]["fleet"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["node"] == "n1")
        .cloned()
        .unwrap();
    assert_eq!(
        (n1["version"].as_u64(), n1["lags"].as_bool()),
        (Some(1), Some(true)),
        "{v}"
    );
    let out = f.acme(3, &["list"]);
    assert!(
        out.stdout
            .contains("fleet:      fleet v2; n1 v1 (lags), n2 v2, n3 v2"),
        "{}",
        out.stdout
    );
    let out = f.acme(3, &["check"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("WARNING a.example: node n1 serves version 1, the fleet has version 2"),
        "{}",
        out.stdout
    );
    let out = f.acme(1, &["sync"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(&f.live(1, "a.example", "cert.pem")), cert2);
    let out = f.acme(3, &["check"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    // Each node's renewal-hooks/deploy/ scripts: once per version that replaced another or
    // came from the fleet (as certbot, `acme issue` itself does not run them: n1 has one).
    for (i, want) in [(0, 1), (1, 2), (2, 2)] {
        let log = read(&deployed[i]);
        assert_eq!(log.lines().count(), want, "node n{}: {log:?}", i + 1);
        assert!(log.lines().all(|l| l == "a.example"), "{log:?}");
    }
    // `acme fleet status` on any node: everyone serves version 2.
    let out = f.acme(2, &["fleet", "status", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["fleet_version"], 2, "{v}");
    let nodes: Vec<(String, u64)> = v[0]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["node"].as_str().unwrap().to_string(),
                n["version"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        nodes,
        [("n1".into(), 2), ("n2".into(), 2), ("n3".into(), 2)],
        "{v}"
    );
    // Issuing the same names again on another node is a re-run of the fleet's lineage.
    let out = f.issue(2, &["a.example", "www.a.example"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("unchanged"), "{}", out.stdout);
    assert_eq!(stored_versions(&f, "a.example"), ["1", "2"]);
    // A fleet-wide setting changed on one node is the fleet's: another node has it after a
    // sync. A hook is the node's own: never shared (review finding 1).
    let out = f.acme(
        1,
        &[
            "reconfigure",
            "--cert-name",
            "a.example",
            "--post-hook",
            "true",
            "--preferred-chain",
            "FleetRoot",
            "--no-dry-run",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(f.acme(3, &["sync"]).code, 0);
    let conf = read(&f.cfg(3).join("renewal/a.example.conf"));
    assert!(conf.contains("preferred_chain = FleetRoot"), "{conf}");
    assert!(!conf.contains("post_hook"), "{conf}");
    assert!(conf.contains(f.www(3).to_str().unwrap()), "{conf}");
    let conf = read(&f.cfg(1).join("renewal/a.example.conf"));
    assert!(conf.contains("post_hook = true"), "{conf}");
    // Nothing in etcd shows a private key to a reader without the fleet key.
    let all = f.etcd.dump(&format!("{PREFIX}/"));
    assert!(all.iter().any(|(k, _)| k.ends_with("/v/2")));
    for (k, v) in &all {
        let text = String::from_utf8_lossy(v);
        assert!(
            !text.contains("PRIVATE KEY"),
            "{k} holds a private key in the clear"
        );
        let decoded: Vec<String> = text
            .split('"')
            .filter_map(|s| openssl::base64::decode_block(s).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect();
        assert!(
            !decoded.iter().any(|d| d.contains("PRIVATE KEY")),
            "{k} holds a private key in base64"
        );
    }
    // Review findings 1 and 3, as the review ran them: whoever can write the prefix puts
    // hooks into the shared conf and a forged version 3 (no certificate, no key). A node's
    // sync (node 3; node 2's watcher sees it too) runs none of the hooks, keeps them out of its conf and keeps serving version 2.
    let pwned = f.tmp.path().join("PWNED");
    let conf_key = format!("{PREFIX}/lineages/a.example/conf");
    let (_, conf) = all.iter().find(|(k, _)| *k == conf_key).unwrap();
    let mut hostile = String::from_utf8(conf.clone()).unwrap();
    for k in ["pre_hook", "post_hook", "deploy_hook", "failure_hook"] {
        hostile.push_str(&format!("{k} = id > {}\n", pwned.display()));
    }
    hostile.push_str("webroot.a.example = /etc\n");
    f.etcd.put(&conf_key, hostile.as_bytes());
    let b64 = |s: &str| openssl::base64::encode_block(s.as_bytes());
    let forged = serde_json::json!({"cert": b64("not a certificate\n"), "chain": "",
        "fullchain": b64("not a certificate\n"), "privkey": null});
    f.etcd.put(
        &format!("{PREFIX}/lineages/a.example/v/3"),
        forged.to_string().as_bytes(),
    );
    f.etcd
        .put(&format!("{PREFIX}/lineages/a.example/latest"), b"3");
    let out = f.acme(3, &["sync"]);
    assert!(
        out.stderr.contains("the fleet's version 3"),
        "{}",
        out.stderr
    );
    assert!(!pwned.exists(), "a hook from the store ran as root");
    let conf = read(&f.cfg(3).join("renewal/a.example.conf"));
    assert!(!conf.contains("PWNED") && !conf.contains("/etc"), "{conf}");
    let live = fs::read_link(f.live(3, "a.example", "cert.pem")).unwrap();
    assert!(live.ends_with("cert2.pem"), "{}", live.display());
    assert!(f.live(3, "a.example", "privkey.pem").exists());
    // Review finding 11: a delete on one node is the fleet's (see the deletion test).
    let out = f.acme(3, &["delete", "--cert-name", "a.example", "-y"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        f.etcd
            .dump(&format!("{PREFIX}/lineages/a.example/"))
            .is_empty()
    );
}

/// Makes every node judge `name` due now: the CA's window for the current certificate moves
/// into the past, and each node's remembered ARI re-check time passes (standing in for the
/// CA's Retry-After, as in the ARI tests).
fn make_due(f: &Fleet, name: &str) {
    let pem = read(&f.live(1, name, "cert.pem"));
    let now = acme::time::now();
    let window = serde_json::json!({"suggestedWindow": {
        "start": acme::time::format_rfc3339(now - 7200),
        "end": acme::time::format_rfc3339(now - 3600),
    }});
    f.pebble.set_renewal_info(&pem, &window);
    let past = acme::time::format_rfc3339(now - 1);
    for i in 1..=3 {
        let path = f.cfg(i).join(format!("renewal/{name}.conf"));
        let text: String = read(&path)
            .lines()
            .filter(|l| !l.starts_with("ari_next_check = "))
            .map(|l| format!("{l}\n"))
            .chain([format!("ari_next_check = {past}\n")])
            .collect();
        fs::write(&path, text).unwrap();
    }
}

/// `(name, version)` of each "renewed (version N)" line of renew outputs.
fn renewed_lines(outs: &[Output3]) -> Vec<(String, u32)> {
    let mut got: Vec<(String, u32)> = outs
        .iter()
        .flat_map(|o| o.stdout.lines())
        .filter_map(|l| {
            let (name, rest) = l.split_once(": renewed (version ")?;
            Some((name.to_string(), rest.split(')').next()?.parse().ok()?))
        })
        .collect();
    got.sort();
    got
}

/// Versions under `<prefix>/lineages/<name>/v/` in etcd.
fn stored_versions(f: &Fleet, name: &str) -> Vec<String> {
    let dir = format!("{PREFIX}/lineages/{name}/v/");
    f.etcd
        .dump(&dir)
        .into_iter()
        .map(|(k, _)| k.trim_start_matches(&dir).to_string())
        .collect()
}

/// Every node renews every due lineage (100, as issue #21 asks) at once, and the etcd leader is
/// killed while they do: each lineage is renewed exactly once (one version 2, no version 3, one
/// certificate in the fleet's ledger per renewal), and after a sync all nodes serve the same
/// files.
#[test]
fn lineages_renewed_concurrently_from_all_nodes_are_renewed_once_even_when_the_etcd_leader_dies() {
    const N: usize = 100;
    let mut f = Fleet::start();
    let _watcher = f.watch(2);
    assert_eq!(f.acme(1, &["register", "--agree-tos"]).code, 0);
    let names: Vec<String> = (0..N).map(|i| format!("c{i}.example")).collect();
    // Setup, not under test: n1 issues the lineages on its own (ACME_STORE=local, answering
    // in n2's web root directly), then shares them all with one sync, as a node that had
    // certificates before it joined does. (One fleet issuance after another costs a sync of
    // every lineage so far each: ~1 s apiece at 100.)
    let www2 = f.www(2);
    for n in &names {
        let out = run(f.cmd(1).env("ACME_STORE", "local").args([
            "issue",
            "--webroot",
            www2.to_str().unwrap(),
            "--agree-tos",
            "-d",
            n,
        ]));
        assert_eq!(out.code, 0, "{n}: {}", out.stderr);
    }
    for i in [1, 3] {
        assert_eq!(f.acme(i, &["sync"]).code, 0);
    }
    for n in &names {
        make_due(&f, n);
    }
    let spawn = |i: usize| {
        let log = f.tmp.path().join(format!("renew{i}.out"));
        let err = f.tmp.path().join(format!("renew{i}.err"));
        let child = f
            .cmd(i)
            .args(["renew", "--jobs", "3"])
            .stdout(fs::File::create(&log).unwrap())
            .stderr(fs::File::create(&err).unwrap())
            .spawn()
            .unwrap();
        (child, log, err)
    };
    let mut runs: Vec<_> = (1..=3).map(spawn).collect();
    // Kill the leader once the renewals are under way (the first new version is in etcd).
    let deadline = Instant::now() + Duration::from_secs(60);
    while !names.iter().any(|n| stored_versions(&f, n).len() > 1) {
        assert!(Instant::now() < deadline, "no renewal started");
        std::thread::sleep(Duration::from_millis(20));
    }
    let leader = f.etcd.leader().expect("a leader");
    f.etcd.kill(leader);
    let mut outs = Vec::new();
    for (child, log, err) in runs.iter_mut() {
        let status = child.wait().unwrap();
        outs.push(Output3 {
            code: status.code().unwrap_or(-1),
            stdout: read(log),
            stderr: read(err),
        });
    }
    // Work continues: whatever the election cost is renewed by the next run, still once.
    let again: Vec<Output3> = (1..=3).map(|i| f.acme(i, &["renew"])).collect();
    f.etcd.restart(leader);
    let all: Vec<Output3> = outs.into_iter().chain(again).collect();
    let renewed = renewed_lines(&all);
    let mut want: Vec<(String, u32)> = names.iter().map(|n| (n.clone(), 2)).collect();
    want.sort();
    let shown: Vec<String> = all
        .iter()
        .map(|o| format!("{}\n{}", o.stdout, o.stderr))
        .collect();
    assert_eq!(renewed, want, "{}", shown.join("\n----\n"));
    for n in &names {
        assert_eq!(stored_versions(&f, n), ["1", "2"], "{n}");
    }
    for i in 1..=3 {
        let out = f.acme(i, &["sync"]);
        assert_eq!(out.code, 0, "n{i}: {}", out.stderr);
    }
    for n in &names {
        let cert = read(&f.live(1, n, "cert.pem"));
        for i in 2..=3 {
            assert_eq!(read(&f.live(i, n, "cert.pem")), cert, "{n} on n{i}");
        }
    }
    // The fleet's ledger holds each renewal's certificate once (the issuances were n1's own).
    let certs = f
        .etcd
        .dump(&format!("{PREFIX}/ledger/"))
        .iter()
        .filter(|(_, v)| String::from_utf8_lossy(v).contains("\"event\":\"certificate\""))
        .count();
    assert_eq!(certs, N);
}

/// A node SIGKILLed while it holds a lineage's lock (waiting, mid-order, for a node that never
/// acknowledges its http-01 answer) leaves the lock to its lease: another node is refused
/// until the lease expires, then renews. The killed node, back, catches up.
#[test]
fn a_node_killed_holding_a_lock_is_replaced_after_its_lease_expires_and_catches_up_on_return() {
    let f = Fleet::start();
    let deployed = f.deploy_log(1);
    let _watcher = f.watch(2);
    assert_eq!(f.acme(1, &["register", "--agree-tos"]).code, 0);
    assert_eq!(f.issue(1, &["k.example"]).code, 0);
    assert_eq!(f.acme(3, &["sync"]).code, 0);
    make_due(&f, "k.example");
    // A node that announces itself and never acknowledges: n1 waits for it under the lock.
    let ghost = f
        .etcd
        .put_leased(&format!("{PREFIX}/nodes/ghost"), b"http-01", 60);
    f.pebble.forget_validations(&f.cfg(1));
    let mut n1 = f
        .cmd(1)
        .args(["renew"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lock = format!("{PREFIX}/locks/lineage-k.example");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !f
        .etcd
        .dump(&format!("{PREFIX}/challenges/"))
        .iter()
        .any(|_| true)
    {
        assert!(Instant::now() < deadline, "n1 never published an answer");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        f.etcd
            .dump(&lock)
            .iter()
            .any(|(k, v)| *k == lock && v == b"n1")
    );
    n1.kill().unwrap(); // SIGKILL: no cleanup, no lease revoked
    n1.wait().unwrap();
    f.etcd.revoke(ghost);
    let killed_at = Instant::now();
    let out = f.acme(3, &["renew"]);
    if killed_at.elapsed() < Duration::from_secs(2) {
        assert!(
            out.stdout
                .contains("another node of the fleet is renewing it"),
            "{}",
            out.stdout
        );
    }
    // After the lease (3 s) n3 takes over.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut out = out;
    while !out.stdout.contains("renewed (version 2)") {
        assert!(
            Instant::now() < deadline,
            "n3 never renewed: {}\n{}",
            out.stdout,
            out.stderr
        );
        std::thread::sleep(Duration::from_millis(500));
        out = f.acme(3, &["renew"]);
    }
    assert!(
        killed_at.elapsed() >= Duration::from_secs(2),
        "renewed before the lease could expire"
    );
    assert!(f.etcd.dump(&lock).is_empty(), "n3 released its lock");
    // n1 comes back: its next run installs version 2 and runs its deploy hook.
    let out = f.acme(1, &["renew"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(&f.live(1, "k.example", "cert.pem")),
        read(&f.live(3, "k.example", "cert.pem"))
    );
    assert_eq!(read(&deployed), "k.example\n");
    assert_eq!(stored_versions(&f, "k.example"), ["1", "2"]);
}

/// The account key file of node `i` (one CA: one account dir).
/// Rewrites the fleet's (only) account record in etcd with `edit`, as whoever can write the
/// prefix can.
fn edit_store_account(f: &Fleet, edit: impl FnOnce(&mut serde_json::Value)) {
    let (k, v) = f
        .etcd
        .dump(&format!("{PREFIX}/accounts/"))
        .into_iter()
        .next()
        .unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&v).unwrap();
    edit(&mut v);
    f.etcd.put(&k, v.to_string().as_bytes());
}

fn account_key(f: &Fleet, i: usize) -> PathBuf {
    let dir = f.cfg(i).join("accounts");
    let mut found: Vec<PathBuf> = walk(&dir)
        .into_iter()
        .filter(|p| p.ends_with("private_key.pem"))
        .collect();
    assert_eq!(found.len(), 1, "n{i}: {found:?}");
    found.remove(0)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// `acme account rollover` on n1: n2, which took the account with the old key, takes the new
/// key from the store at its next renewal (through the link the old key signed) and renews
/// with it; the CA knows only the new key by then, so a renewal with the old one would fail.
/// The key stays sealed in etcd and 0600 on disk. A newer key the store offers without a
/// link from the key a node holds is not taken.
#[test]
fn an_account_key_rolled_over_on_one_node_reaches_the_others_and_they_renew_with_it() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fleet::start();
    let _watcher = f.watch(2);
    assert_eq!(f.acme(1, &["register", "--agree-tos"]).code, 0);
    let out = f.issue(1, &["r.example"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = f.acme(2, &["sync"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let old = read(&account_key(&f, 1));
    assert_eq!(read(&account_key(&f, 2)), old);
    let out = f.acme(1, &["account", "rollover"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let new = read(&account_key(&f, 1));
    assert_ne!(new, old);
    assert_eq!(read(&account_key(&f, 2)), old, "n2 has not synced yet");
    let out = f.acme(2, &["renew", "--force", "--cert-name", "r.example"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("renewed (version 2)"), "{}", out.stdout);
    let path = account_key(&f, 2);
    assert_eq!(read(&path), new);
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // The version n2 issued reaches n1, which renews with the new key as well.
    let out = f.acme(1, &["renew", "--force", "--cert-name", "r.example"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("renewed (version 3)"), "{}", out.stdout);
    for (k, v) in f.etcd.dump(&format!("{PREFIX}/accounts/")) {
        assert!(!String::from_utf8_lossy(&v).contains("PRIVATE KEY"), "{k}");
    }
    // Another rollover on n1, but the store's copy stripped of its links (they are not
    // sealed, and need not be): n2 keeps the key it has, as for any key no link leads to.
    let out = f.acme(1, &["account", "rollover"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let newest = read(&account_key(&f, 1));
    edit_store_account(&f, |v| {
        assert_eq!(v["chain"].as_array().map(Vec::len), Some(2), "{v}");
        v["chain"] = serde_json::json!([]);
    });
    let out = f.acme(2, &["sync"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(&account_key(&f, 2)), new);
    assert_ne!(newest, new);
}

/// Only the account's key is sealed in the store, and a node takes a new key only through
/// links the key it holds signed; the record beside it (status, contacts, key type) is
/// anyone's to edit who writes the prefix. So a node taking a rolled-over key keeps its own
/// record of the account: marked deactivated in the store's copy (and given a stranger's
/// contact) right after n1's rollover, the account still issues on n2 (second review: n2 used
/// to take that record, and `acme issue` then refused a "deactivated" account).
#[test]
fn a_node_taking_a_rolled_over_key_keeps_its_own_record_of_the_account() {
    let f = Fleet::start();
    let watcher = f.watch(2);
    assert_eq!(f.acme(1, &["register", "--agree-tos"]).code, 0);
    let out = f.issue(1, &["k.example"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(f.acme(2, &["sync"]).code, 0);
    drop(watcher);
    let record_file = account_key(&f, 2).with_file_name("account.json");
    let before: serde_json::Value = serde_json::from_str(&read(&record_file)).unwrap();
    let out = f.acme(1, &["account", "rollover", "--key-type", "ecdsa-p384"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let new = read(&account_key(&f, 1));
    edit_store_account(&f, |v| {
        v["record"]["status"] = "deactivated".into();
        v["record"]["contact"] = serde_json::json!(["mailto:someone@elsewhere.example"]);
    });

    let out = f.acme(2, &["sync"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(&account_key(&f, 2)), new, "the new key is taken");
    let after: serde_json::Value = serde_json::from_str(&read(&record_file)).unwrap();
    assert_eq!(after["status"], before["status"], "{after}");
    assert_eq!(after["contact"], before["contact"], "{after}");
    assert_eq!(after["url"], before["url"], "{after}");
    assert_eq!(after["key_type"], "ecdsa-p384", "{after}");
    let out = f.issue(2, &["k2.example"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
}

/// `acme delete` on n1 deletes the lineage for the fleet: it asks first (refused without a
/// terminal or --yes, nothing removed anywhere), then the store's copy goes and a sealed marker
/// takes its place; n2's watcher removes its copy at once, n3 at its next `acme renew`, which
/// neither renews nor shares it again, and no deploy hook runs for it. Everything else stays,
/// and the certificate is not revoked. Issued again later, the name is a new lineage the
/// fleet shares as usual.
#[test]
fn a_lineage_deleted_on_one_node_is_removed_from_every_node_and_never_comes_back() {
    let f = Fleet::start();
    let deployed: Vec<PathBuf> = (1..=3).map(|i| f.deploy_log(i)).collect();
    let watcher = f.watch(2);
    assert_eq!(f.acme(1, &["register", "--agree-tos"]).code, 0);
    for name in ["d.example", "keep.example"] {
        let out = f.issue(1, &[name]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
    }
    for i in [1, 3] {
        assert_eq!(f.acme(i, &["sync"]).code, 0);
    }
    wait_for("n2 to serve d.example", || {
        f.live(2, "d.example", "cert.pem").exists()
    });
    let serial = {
        let pem = fs::read(f.live(1, "d.example", "cert.pem")).unwrap();
        let cert = openssl::x509::X509::from_pem(&pem).unwrap();
        cert.serial_number()
            .to_bn()
            .unwrap()
            .to_hex_str()
            .unwrap()
            .to_lowercase()
    };
    let hooks_before: Vec<String> = deployed.iter().map(|p| read(p)).collect();
    // Asks first: without a terminal and without --yes nothing goes, here or in the store.
    let out = f.acme(1, &["delete", "--cert-name", "d.example"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--yes"), "{}", out.stderr);
    assert!(f.live(1, "d.example", "cert.pem").exists());
    assert!(
        !f.etcd
            .dump(&format!("{PREFIX}/lineages/d.example/"))
            .is_empty()
    );

    let out = f.acme(
        1,
        &["--json", "delete", "--cert-name", "d.example", "--yes"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["status"], "deleted", "{v}");
    let gone = |i: usize, name: &str| {
        !f.cfg(i).join("live").join(name).exists()
            && !f.cfg(i).join("archive").join(name).exists()
            && !f.cfg(i).join(format!("renewal/{name}.conf")).exists()
    };
    assert!(gone(1, "d.example"));
    assert!(
        f.etcd
            .dump(&format!("{PREFIX}/lineages/d.example/"))
            .is_empty()
    );
    assert!(
        f.etcd
            .dump(&format!("{PREFIX}/served/d.example/"))
            .is_empty()
    );
    let marker = f.etcd.dump(&format!("{PREFIX}/deleted/d.example"));
    assert_eq!(marker.len(), 1, "{marker:?}");
    // Sealed: whoever reads the prefix does not learn (or forge) it.
    assert!(!String::from_utf8_lossy(&marker[0].1).contains("certs"));
    // n2 follows the store: gone within moments, and says so (after removing, so wait for both).
    let said = "d.example: deleted from the fleet by node n1; removed here too";
    wait_for("n2 to remove d.example and say so", || {
        gone(2, "d.example") && watcher.log().contains(said)
    });
    // n3 at its next renewal run: removed, not renewed, not shared back.
    let out = f.acme(3, &["renew", "--force"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(gone(3, "d.example"), "{}", out.stdout);
    assert!(!out.stdout.contains("d.example: renewed"), "{}", out.stdout);
    assert!(
        out.stdout.contains("keep.example: renewed (version 2)"),
        "{}",
        out.stdout
    );
    for i in 1..=3 {
        assert_eq!(f.acme(i, &["sync"]).code, 0, "n{i}");
        assert!(gone(i, "d.example"), "n{i}");
        assert!(f.live(i, "keep.example", "cert.pem").exists(), "n{i}");
    }
    assert!(
        f.etcd
            .dump(&format!("{PREFIX}/lineages/d.example/"))
            .is_empty()
    );
    // No deploy hook ran for the removal (n3's ran once, for keep.example's renewal).
    let hooks_after: Vec<String> = deployed.iter().map(|p| read(p)).collect();
    for i in 0..3 {
        let new = &hooks_after[i][hooks_before[i].len()..];
        assert!(!new.contains("d.example"), "n{}: {new:?}", i + 1);
    }
    // Not revoked: deleting is not revoking.
    let (_, body) = f
        .pebble
        .get_mgmt(&format!("/cert-status-by-serial/{serial}"));
    assert!(body.contains("\"Valid\""), "not revoked: {body}");
    // Issued again on n3, the name is a new lineage: shared, and served by the others.
    let out = f.issue(3, &["d.example"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(stored_versions(&f, "d.example"), ["1"]);
    assert_eq!(f.acme(1, &["sync"]).code, 0);
    assert_eq!(
        read(&f.live(1, "d.example", "cert.pem")),
        read(&f.live(3, "d.example", "cert.pem"))
    );
    // A node without a copy deletes the fleet's lineage too (n2, its copy dropped alone with
    // ACME_STORE=local first).
    drop(watcher);
    let out = run(f.cmd(2).env("ACME_STORE", "local").args([
        "delete",
        "--cert-name",
        "d.example",
        "--yes",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = f.acme(2, &["delete", "--cert-name", "d.example", "--yes"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        f.etcd
            .dump(&format!("{PREFIX}/lineages/d.example/"))
            .is_empty()
    );
    assert_eq!(f.acme(1, &["sync"]).code, 0);
    assert!(gone(1, "d.example"));
}

/// A lineage deleted on n1 and issued again there under the same name while n3 ran no sync
/// (a cron-only node, or one down for the evening): n3's next sync removes its copy of the
/// deleted lineage and installs the new one in the same run, so it never stays without a
/// certificate the fleet serves (second review: it used to wait for the sync after).
#[test]
fn a_node_that_missed_a_delete_and_a_new_issue_serves_the_new_lineage_after_one_sync() {
    let f = Fleet::start();
    let _watcher = f.watch(2);
    assert_eq!(f.acme(1, &["register", "--agree-tos"]).code, 0);
    let out = f.issue(1, &["again.example"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(f.acme(3, &["sync"]).code, 0);
    let old = read(&f.live(3, "again.example", "cert.pem"));
    let out = f.acme(1, &["delete", "--cert-name", "again.example", "--yes"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = f.issue(1, &["again.example"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let new = read(&f.live(1, "again.example", "cert.pem"));
    assert_ne!(new, old);

    let out = f.acme(3, &["--json", "sync"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["removed"][0]["cert_name"], "again.example", "{v}");
    assert_eq!(v["pulled"][0]["cert_name"], "again.example", "{v}");
    assert_eq!(read(&f.live(3, "again.example", "cert.pem")), new);
    // The old lineage is gone with its archive: only the new one's version 1 is there.
    let archive: Vec<PathBuf> = walk(&f.cfg(3).join("archive/again.example"));
    assert!(
        archive.iter().all(|p| !read(p).contains(old.trim())),
        "{archive:?}"
    );
    assert!(f.cfg(3).join("renewal/again.example.conf").exists());
    // And stays: the next sync is in step.
    let out = f.acme(3, &["sync"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("in step"), "{}", out.stdout);
}

/// Whoever writes the prefix puts a deleted lineage's old entries back (its conf, `latest`
/// and version, read before the delete: the sealed key inside still opens where it was
/// written). No node installs that certificate again, neither one that had removed it nor one
/// that never held it; the sync says why (second review).
#[test]
fn a_deleted_lineage_put_back_into_the_store_is_not_installed_again() {
    let f = Fleet::start();
    let watcher = f.watch(2);
    assert_eq!(f.acme(1, &["register", "--agree-tos"]).code, 0);
    let out = f.issue(1, &["gone.example"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(f.acme(3, &["sync"]).code, 0);
    assert!(f.live(3, "gone.example", "cert.pem").exists());
    drop(watcher);
    let saved = f.etcd.dump(&format!("{PREFIX}/lineages/gone.example/"));
    assert!(saved.len() >= 3, "{saved:?}");
    let out = f.acme(1, &["delete", "--cert-name", "gone.example", "--yes"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(f.acme(3, &["sync"]).code, 0);
    assert!(!f.live(3, "gone.example", "cert.pem").exists());

    for (k, v) in &saved {
        f.etcd.put(k, v);
    }
    for i in [1, 2, 3] {
        let out = f.acme(i, &["sync"]);
        assert_eq!(out.code, 1, "n{i}: {}\n{}", out.stdout, out.stderr);
        assert!(
            out.stderr
                .contains("deleted for the fleet; not installing it"),
            "n{i}: {}",
            out.stderr
        );
        assert!(!f.live(i, "gone.example", "cert.pem").exists(), "n{i}");
        assert!(
            !f.cfg(i).join("renewal/gone.example.conf").exists(),
            "n{i}: its conf came back"
        );
    }
    // The way out the message names: deleted again from a node holding no copy, the name
    // is issued anew and reaches the others.
    let out = f.acme(3, &["delete", "--cert-name", "gone.example", "--yes"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        f.etcd
            .dump(&format!("{PREFIX}/lineages/gone.example/"))
            .is_empty()
    );
    let out = f.issue(2, &["gone.example"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = f.acme(3, &["sync"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(&f.live(3, "gone.example", "cert.pem")),
        read(&f.live(2, "gone.example", "cert.pem"))
    );
}

/// tls-alpn-01 through another node: the CA's TLS connections go to Pebble's tls port, where
/// only n2's watcher listens (`--tls-alpn-listen`), while n1 orders with its own responder on
/// a port the CA never reaches. n1 validates only through the answer it publishes in the store
/// (sealed, under a lease), which n2 serves as a validation certificate and acknowledges; the
/// answer is gone from the store and from n2's responder afterwards. n2 ordering itself, with
/// its own responder elsewhere, validates through its own watcher the same way.
#[test]
fn a_tls_alpn_01_validation_reaching_another_node_is_answered_by_it() {
    let f = Fleet::start();
    let tls = format!("127.0.0.1:{}", f.pebble.tls_port);
    let out = f.join_with(2, &["--tls-alpn-listen", &tls]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        read(&f.cfg(2).join("fleet.conf")).contains(&format!("tls_alpn = {tls}")),
        "{}",
        read(&f.cfg(2).join("fleet.conf"))
    );
    let watcher = f.watch(2);
    assert_eq!(f.acme(1, &["register", "--agree-tos"]).code, 0);
    let own = free_port().to_string();
    let issue = |i: usize| {
        f.acme(
            i,
            &[
                "issue",
                "-d",
                "t.example",
                "--tls-alpn",
                "--tls-port",
                &own,
                "--tls-address",
                "127.0.0.1",
                "--agree-tos",
            ],
        )
    };
    let out = issue(1);
    assert_eq!(out.code, 0, "{}\n{}", out.stderr, watcher.log());
    assert!(!out.stderr.contains("not acknowledged"), "{}", out.stderr);
    assert!(read(&f.live(1, "t.example", "cert.pem")).contains("BEGIN CERTIFICATE"));
    let serving = format!("serving the fleet's tls-alpn-01 answers on {tls}");
    wait_for("n2 to say it serves tls-alpn-01 answers", || {
        watcher.log().contains(&serving)
    });
    // The answer went with the order.
    assert!(f.etcd.dump(&format!("{PREFIX}/tls-alpn/")).is_empty());
    assert!(f.etcd.dump(&format!("{PREFIX}/acks/")).is_empty());
    // n2 serves the certificate, and answers no tls-alpn-01 handshake any more.
    wait_for("n2 to serve t.example", || {
        read(&f.live(2, "t.example", "cert.pem")) == read(&f.live(1, "t.example", "cert.pem"))
    });
    assert!(
        !tls_alpn_answers(&tls, "t.example"),
        "n2 still answers for t.example"
    );
    // n2 orders too, its own responder on a port the CA never dials: its own watcher, where
    // the CA's connections land, answers (and is waited for).
    let own2 = free_port().to_string();
    let out = f.acme(
        2,
        &[
            "issue",
            "-d",
            "t2.example",
            "--tls-alpn",
            "--tls-port",
            &own2,
            "--tls-address",
            "127.0.0.1",
            "--agree-tos",
        ],
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stderr, watcher.log());
    assert!(read(&f.live(2, "t2.example", "cert.pem")).contains("BEGIN CERTIFICATE"));
    // Without n2's watcher the CA reaches no answer: the same renewal fails. (Its presence
    // is removed with it, so n1 does not wait for its acknowledgement.)
    drop(watcher);
    f.etcd.delete(&format!("{PREFIX}/nodes/n2"));
    let out = f.acme(1, &["renew", "--force", "--cert-name", "t.example"]);
    assert_ne!(out.code, 0, "{}", out.stdout);
}

/// Whether a tls-alpn-01 handshake for `sni` at `addr` succeeds (any certificate accepted).
fn tls_alpn_answers(addr: &str, sni: &str) -> bool {
    use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
    let mut c = SslConnector::builder(SslMethod::tls_client()).unwrap();
    c.set_verify(SslVerifyMode::NONE);
    c.set_alpn_protos(b"\x0aacme-tls/1").unwrap();
    let c = c.build();
    let Ok(tcp) = std::net::TcpStream::connect(addr) else {
        return false;
    };
    let mut cfg = c.configure().unwrap();
    cfg.set_verify_hostname(false);
    cfg.connect(sni, tcp).is_ok()
}

/// A loopback port standing in for a server of whoever writes the prefix: it counts the
/// connections it gets and closes each at once. Stopped on drop; bounded by ten minutes.
struct Counting {
    url: String,
    seen: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Counting {
    fn start() -> Counting {
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("https://{}/dir", listener.local_addr().unwrap());
        let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (s, st) = (seen.clone(), stop.clone());
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(600);
            while !st.load(Ordering::SeqCst) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((conn, _)) => {
                        s.fetch_add(1, Ordering::SeqCst);
                        drop(conn);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        });
        Counting { url, seen, stop }
    }

    fn seen(&self) -> usize {
        self.seen.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Drop for Counting {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Whoever writes the prefix (without the fleet key) points a version's issuer record at a
/// server of theirs, which would take every node's `acme revoke` and ARI for it (second
/// review, finding 5). The record is sealed now: edited in the clear beside the sealed one,
/// it is not taken (n1 records Pebble); stripped to the clear copy alone, as records from
/// before sealing are, it is taken only where the node's own conf names that CA — here by no
/// node, neither one holding the lineage (n1) nor one new to it (n3), each saying so. Then
/// ARI and revocation on those nodes go to Pebble, and the other server sees no connection.
#[test]
fn a_tampered_issuer_record_in_the_store_does_not_redirect_revocation_or_ari() {
    let f = Fleet::start();
    let attacker = Counting::start();
    let name = "issuer.example";
    let out = f.issue(2, &[name]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let vkey = |n: u32| format!("{PREFIX}/lineages/{name}/v/{n}");
    let stored = |n: u32| -> serde_json::Value {
        let (_, v) = f.etcd.dump(&vkey(n)).into_iter().next().unwrap();
        serde_json::from_slice(&v).unwrap()
    };
    let pebble = f.pebble.directory_url.clone();
    let v1 = stored(1);
    assert_eq!(v1["issuer"]["server"], pebble.as_str(), "{v1}");
    assert!(v1["issuer_sealed"].is_string(), "{v1}");
    assert!(!v1["issuer_sealed"].as_str().unwrap().contains("https"));
    let recorded = |i: usize, n: u32| -> Option<String> {
        let path = f.cfg(i).join(format!("archive/{name}/ca{n}.json"));
        let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(path).ok()?).ok()?;
        v["server"].as_str().map(str::to_string)
    };

    // The review's edit: the clear record names the other server. The sealed one stands.
    let mut edited = v1.clone();
    edited["issuer"]["server"] = attacker.url.as_str().into();
    f.etcd.put(&vkey(1), edited.to_string().as_bytes());
    let out = f.acme(1, &["sync"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(recorded(1, 1).as_deref(), Some(pebble.as_str()));

    // Version 2, stripped to a clear record naming the other server.
    let out = f.acme(2, &["renew", "--force", "--no-random-sleep"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(stored_versions(&f, name), ["1", "2"]);
    let mut stripped = stored(2);
    stripped["issuer_sealed"] = serde_json::Value::Null;
    stripped["issuer"]["server"] = attacker.url.as_str().into();
    f.etcd.put(&vkey(2), stripped.to_string().as_bytes());
    for i in [1, 3] {
        let out = f.acme(i, &["sync"]);
        assert_eq!(out.code, 0, "n{i}: {}", out.stderr);
        assert_eq!(
            read(&f.live(i, name, "cert.pem")),
            read(&f.live(2, name, "cert.pem")),
            "n{i} serves version 2"
        );
        assert!(
            out.stderr.contains("not sealed with the fleet key")
                && out.stderr.contains(&attacker.url),
            "n{i}: {}",
            out.stderr
        );
        assert_eq!(recorded(i, 2), None, "n{i} keeps no record of it");
        let list = f.acme(i, &["list", "--json"]);
        let l: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
        assert_eq!(l[0]["issued_by"], pebble.as_str(), "n{i}: {l}");
    }

    // ARI for the live certificate is asked of Pebble.
    let origin = &pebble[..pebble.rfind('/').unwrap()];
    for i in [1, 3] {
        let out = f.acme(i, &["-v", "renew", "--no-random-sleep"]);
        assert_eq!(out.code, 0, "n{i}: {}\n{}", out.stdout, out.stderr);
        let asked = format!("> GET {origin}/");
        assert!(
            out.stderr
                .lines()
                .any(|l| l.starts_with(&asked) && l.contains("renewalInfo"))
                && out.stderr.contains("the CA suggests renewing between"),
            "n{i} asked Pebble for ARI: {}\n{}",
            out.stdout,
            out.stderr
        );
        assert_eq!(attacker.seen(), 0, "n{i}");
    }
    // And the revocation goes there: Pebble revokes it.
    let serial = {
        let pem = fs::read(f.live(3, name, "cert.pem")).unwrap();
        let cert = openssl::x509::X509::from_pem(&pem).unwrap();
        let hex = cert.serial_number().to_bn().unwrap().to_hex_str().unwrap();
        hex.to_lowercase()
    };
    let out = f.acme(3, &["revoke", "--cert-name", name]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let (_, body) = f
        .pebble
        .get_mgmt(&format!("/cert-status-by-serial/{serial}"));
    assert!(body.contains("\"Revoked\""), "{body}");
    assert_eq!(attacker.seen(), 0, "the other server was contacted");
}
