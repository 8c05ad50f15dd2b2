//! Unit-test support: one real etcd member (Debian's `etcd-server`) on free loopback ports,
//! killed on drop. The three-member cluster of the end-to-end tests is in
//! tests/suite/support/etcd.rs.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::etcd::{Config, Etcd};

pub struct OneEtcd {
    _dir: tempfile::TempDir,
    pub port: u16,
    child: Child,
}

impl OneEtcd {
    pub fn start() -> OneEtcd {
        let dir = tempfile::tempdir().unwrap();
        let (client, peer) = {
            let a = TcpListener::bind("127.0.0.1:0").unwrap();
            let b = TcpListener::bind("127.0.0.1:0").unwrap();
            (
                a.local_addr().unwrap().port(),
                b.local_addr().unwrap().port(),
            )
        };
        let c = format!("http://127.0.0.1:{client}");
        let p = format!("http://127.0.0.1:{peer}");
        let child = Command::new("etcd")
            .args(["--name", "solo", "--data-dir"])
            .arg(dir.path().join("data"))
            .args(["--listen-client-urls", &c, "--advertise-client-urls", &c])
            .args([
                "--listen-peer-urls",
                &p,
                "--initial-advertise-peer-urls",
                &p,
            ])
            .args(["--initial-cluster", &format!("solo={p}")])
            .args(["--logger", "zap", "--log-level", "error"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("etcd (Debian: apt-get install etcd-server)");
        let one = OneEtcd {
            _dir: dir,
            port: client,
            child,
        };
        let etcd = one.client("probe");
        let deadline = Instant::now() + Duration::from_secs(20);
        while etcd.revision().is_err() {
            assert!(Instant::now() < deadline, "etcd did not come up");
            std::thread::sleep(Duration::from_millis(50));
        }
        one
    }

    pub fn config(&self, prefix: &str) -> Config {
        Config::parse_url(&format!("etcd://127.0.0.1:{}/{prefix}", self.port)).unwrap()
    }

    pub fn client(&self, prefix: &str) -> Etcd {
        Etcd::connect(self.config(prefix)).unwrap()
    }
}

impl Drop for OneEtcd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
