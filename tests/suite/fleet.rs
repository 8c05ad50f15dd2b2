//! Fleets (issue #21): acme nodes with their own config dirs and web roots sharing lineages,
//! accounts, locks and http-01 answers through a real three-member etcd cluster on loopback.
//! The CA's http-01 requests always land on node n2's web root (Pebble's http port serves
//! it), so a node other than n2 can only validate through the answers the fleet shares.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Output3, Pebble, StaticServer, acme_cmd, run};
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
        let url = self.etcd.url(PREFIX);
        let www = self.www(i);
        let node = format!("n{i}");
        let key = self.key.clone();
        self.acme(
            i,
            &[
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
            ],
        )
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
    let out = f.acme(1, &["sync"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(&f.live(1, "a.example", "cert.pem")), cert2);
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
}
