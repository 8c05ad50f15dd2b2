//! A real etcd cluster (Debian's `etcd-server`) on free loopback ports, one data dir per
//! member in a temp dir, every member killed on drop. Members can be killed and restarted
//! one by one (the leader mid-renewal, in the fleet tests).

use std::fs::{self, File};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(50);

struct Member {
    name: String,
    client_port: u16,
    peer_port: u16,
    child: Option<Child>,
}

pub struct EtcdCluster {
    pub dir: tempfile::TempDir,
    members: Vec<Member>,
    agent: ureq::Agent,
}

impl EtcdCluster {
    /// `n` members forming one cluster; returns once a write through every member succeeds.
    pub fn start(n: usize) -> EtcdCluster {
        let dir = tempfile::tempdir().expect("temp dir");
        let ports = free_tcp_ports(2 * n);
        let members: Vec<Member> = (0..n)
            .map(|i| Member {
                name: format!("m{}", i + 1),
                client_port: ports[2 * i],
                peer_port: ports[2 * i + 1],
                child: None,
            })
            .collect();
        let agent = ureq::Agent::config_builder()
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(2)))
            .http_status_as_error(false)
            .build()
            .into();
        let mut c = EtcdCluster {
            dir,
            members,
            agent,
        };
        for i in 0..n {
            c.spawn(i, "new");
        }
        c.wait_healthy();
        c
    }

    fn spawn(&mut self, i: usize, state: &str) {
        let cluster: Vec<String> = self
            .members
            .iter()
            .map(|m| format!("{}=http://127.0.0.1:{}", m.name, m.peer_port))
            .collect();
        let m = &self.members[i];
        let data = self.dir.path().join(&m.name);
        let log = File::options()
            .create(true)
            .append(true)
            .open(self.dir.path().join(format!("{}.log", m.name)))
            .expect("etcd log");
        let client = format!("http://127.0.0.1:{}", m.client_port);
        let peer = format!("http://127.0.0.1:{}", m.peer_port);
        let child = Command::new("etcd")
            .args(["--name", &m.name, "--data-dir"])
            .arg(&data)
            .args(["--listen-client-urls", &client])
            .args(["--advertise-client-urls", &client])
            .args(["--listen-peer-urls", &peer])
            .args(["--initial-advertise-peer-urls", &peer])
            .args(["--initial-cluster", &cluster.join(",")])
            .args(["--initial-cluster-token", "acme-test"])
            .args(["--initial-cluster-state", state])
            // Short elections keep a killed leader's replacement quick on a busy machine.
            .args(["--heartbeat-interval", "50", "--election-timeout", "500"])
            .args(["--logger", "zap", "--log-level", "warn"])
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start etcd (Debian: apt-get install etcd-server): {e}")
            });
        self.members[i].child = Some(child);
    }

    /// Every running member answers a status call and the cluster has a leader.
    fn wait_healthy(&mut self) {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        while Instant::now() < deadline {
            let mut exited = None;
            for m in &mut self.members {
                if let Some(child) = &mut m.child
                    && let Some(status) = child.try_wait().unwrap()
                {
                    exited = Some(format!("etcd {} exited: {status}", m.name));
                }
            }
            if let Some(why) = exited {
                panic!("{why}\n{}", self.logs());
            }
            let running: Vec<usize> = (0..self.members.len())
                .filter(|&i| self.members[i].child.is_some())
                .collect();
            if running.iter().all(|&i| self.status(i).is_some()) && self.leader().is_some() {
                return;
            }
            thread::sleep(POLL);
        }
        panic!(
            "etcd cluster not healthy after {STARTUP_TIMEOUT:?}\n{}",
            self.logs()
        );
    }

    /// `/v3/maintenance/status` of member `i`.
    fn status(&self, i: usize) -> Option<serde_json::Value> {
        let url = format!(
            "http://127.0.0.1:{}/v3/maintenance/status",
            self.members[i].client_port
        );
        let mut resp = self.agent.post(&url).send("{}").ok()?;
        if resp.status() != 200 {
            return None;
        }
        let v: serde_json::Value =
            serde_json::from_str(&resp.body_mut().read_to_string().ok()?).ok()?;
        let leader = v["leader"].as_str().unwrap_or("0");
        (leader != "0").then_some(v)
    }

    /// Index of the member that leads now, as the running members see it.
    pub fn leader(&self) -> Option<usize> {
        for i in 0..self.members.len() {
            if self.members[i].child.is_none() {
                continue;
            }
            let Some(s) = self.status(i) else { continue };
            let leader = s["leader"].as_str()?.to_string();
            for j in 0..self.members.len() {
                if self.members[j].child.is_some()
                    && self
                        .status(j)
                        .is_some_and(|t| t["header"]["member_id"].as_str() == Some(&leader))
                {
                    return Some(j);
                }
            }
        }
        None
    }

    /// SIGKILLs member `i` (its data dir stays, so [`EtcdCluster::restart`] brings it back).
    pub fn kill(&mut self, i: usize) {
        if let Some(mut child) = self.members[i].child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts member `i` again from its data dir and waits for the cluster to be whole.
    pub fn restart(&mut self, i: usize) {
        self.spawn(i, "existing");
        self.wait_healthy();
    }

    /// `http://127.0.0.1:<port>` of each member.
    pub fn endpoints(&self) -> Vec<String> {
        self.members
            .iter()
            .map(|m| format!("127.0.0.1:{}", m.client_port))
            .collect()
    }

    /// `etcd://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3/<prefix>`.
    pub fn url(&self, prefix: &str) -> String {
        format!("etcd://{}/{prefix}", self.endpoints().join(","))
    }

    /// Keys (as text) and values under `prefix`, read straight from member `i`.
    pub fn dump(&self, prefix: &str) -> Vec<(String, Vec<u8>)> {
        use openssl::base64::{decode_block, encode_block};
        let mut end = prefix.as_bytes().to_vec();
        *end.last_mut().unwrap() += 1;
        let body = serde_json::json!({"key": encode_block(prefix.as_bytes()), "range_end": encode_block(&end)});
        let i = (0..self.members.len())
            .find(|&i| self.members[i].child.is_some())
            .expect("a running member");
        let url = format!(
            "http://127.0.0.1:{}/v3/kv/range",
            self.members[i].client_port
        );
        let mut resp = self
            .agent
            .post(&url)
            .send(body.to_string())
            .expect("etcd range");
        let v: serde_json::Value =
            serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap();
        v["kvs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|kv| {
                let k = decode_block(kv["key"].as_str().unwrap()).unwrap();
                let v = kv["value"]
                    .as_str()
                    .map_or(Vec::new(), |v| decode_block(v).unwrap());
                (String::from_utf8_lossy(&k).into_owned(), v)
            })
            .collect()
    }

    /// Puts `key` = `value` under a new lease of `ttl` seconds; returns the lease.
    pub fn put_leased(&self, key: &str, value: &[u8], ttl: u64) -> i64 {
        use openssl::base64::encode_block;
        let grant = self.call(
            "/v3/lease/grant",
            &serde_json::json!({"TTL": ttl.to_string()}),
        );
        let lease: i64 = grant["ID"].as_str().unwrap().parse().unwrap();
        let put = serde_json::json!({"key": encode_block(key.as_bytes()), "value": encode_block(value), "lease": lease.to_string()});
        self.call("/v3/kv/put", &put);
        lease
    }

    /// Puts `key` = `value` with no lease, as anyone with write access to the prefix can.
    pub fn put(&self, key: &str, value: &[u8]) {
        use openssl::base64::encode_block;
        let put =
            serde_json::json!({"key": encode_block(key.as_bytes()), "value": encode_block(value)});
        self.call("/v3/kv/put", &put);
    }

    /// Deletes `key`, as anyone with write access to the prefix can.
    pub fn delete(&self, key: &str) {
        use openssl::base64::encode_block;
        let body = serde_json::json!({"key": encode_block(key.as_bytes())});
        self.call("/v3/kv/deleterange", &body);
    }

    pub fn revoke(&self, lease: i64) {
        self.call(
            "/v3/lease/revoke",
            &serde_json::json!({"ID": lease.to_string()}),
        );
    }

    /// One gateway call on a running member; panics unless it answers 200.
    fn call(&self, path: &str, body: &serde_json::Value) -> serde_json::Value {
        let i = (0..self.members.len())
            .find(|&i| self.members[i].child.is_some())
            .expect("a running member");
        let url = format!("http://127.0.0.1:{}{path}", self.members[i].client_port);
        let mut resp = self
            .agent
            .post(&url)
            .send(body.to_string())
            .expect("etcd call");
        let text = resp.body_mut().read_to_string().unwrap();
        assert_eq!(resp.status(), 200, "{url}: {text}");
        serde_json::from_str(&text).unwrap()
    }

    pub fn logs(&self) -> String {
        self.members
            .iter()
            .map(|m| {
                let log: PathBuf = self.dir.path().join(format!("{}.log", m.name));
                let text = fs::read_to_string(log).unwrap_or_default();
                let tail: Vec<&str> = text.lines().rev().take(30).collect();
                format!(
                    "--- {} ---\n{}\n",
                    m.name,
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                )
            })
            .collect()
    }
}

impl Drop for EtcdCluster {
    fn drop(&mut self) {
        for i in 0..self.members.len() {
            self.kill(i);
        }
    }
}

/// `n` distinct loopback TCP ports, free a moment ago (all held until the end of the pick).
fn free_tcp_ports(n: usize) -> Vec<u16> {
    let held: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0"))
        .collect();
    held.iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}
