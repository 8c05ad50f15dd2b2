//! Integration-test harness: runs Debian's real `pebble` 2.10 (ACME test CA) and
//! `pebble-challtestsrv` (fake DNS) on free loopback ports, plus helpers to run
//! the `acme` binary against them. The binaries come from the tool directory
//! `scripts/test-pebble` fills (see `pebble_bin`), not from the system's 2.4.
//!
//! Every test gets its own processes, ports and temp dir, so tests run in
//! parallel and never see each other's state. Every wait is bounded.

// Each integration-test crate includes this module and uses only part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use openssl::asn1::{Asn1Integer, Asn1Time};
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::x509::extension::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName,
    SubjectKeyIdentifier,
};
use openssl::x509::{X509, X509Builder, X509Name, X509NameBuilder, X509NameRef};

/// Pebble generates its RSA issuer keys at start-up; on a loaded machine running
/// many tests in parallel that takes seconds, so allow generously.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(20);
/// Free-port picking is racy (another process may grab the port before our
/// child binds it), so a clash is retried with fresh ports this many times.
const START_ATTEMPTS: usize = 3;
const RUN_TIMEOUT: Duration = Duration::from_secs(120);
/// What both Go servers log when a listen fails because the port is taken.
const PORT_TAKEN: &str = "address already in use";

pub enum DnsMode {
    /// Start `pebble-challtestsrv` as pebble's DNS server (A queries -> 127.0.0.1).
    Challtestsrv,
    /// Point pebble's `-dnsserver` at this address; no challtestsrv is started.
    External(SocketAddr),
}

pub struct PebbleOpts {
    /// Extra pebble environment; an entry overrides the harness default of the
    /// same key (see `DEFAULT_ENV`), other defaults stay.
    pub env: Vec<(String, String)>,
    /// kid -> base64url HMAC key. Non-empty sets externalAccountBindingRequired.
    pub eab_keys: Vec<(String, String)>,
    pub dns: DnsMode,
    /// Pebble's `profiles` config: name -> (description, validity in seconds).
    /// Empty = Pebble's own single "default" profile (90-day certificates).
    pub profiles: Vec<(String, String, u64)>,
    /// Pebble's `retryAfter` config (seconds sent in `Retry-After` on
    /// authorization and order polls). None = no header, so polls stay fast.
    pub retry_after: Option<(u32, u32)>,
}

impl Default for PebbleOpts {
    fn default() -> Self {
        PebbleOpts {
            env: Vec::new(),
            eab_keys: Vec::new(),
            dns: DnsMode::Challtestsrv,
            profiles: Vec::new(),
            retry_after: None,
        }
    }
}

/// Pebble's defaults are hostile to deterministic tests: random sleeps of up to
/// 5 s before validation, 5% of good nonces rejected, 50% authz reuse.
const DEFAULT_ENV: [(&str, &str); 3] = [
    ("PEBBLE_VA_NOSLEEP", "1"),
    ("PEBBLE_WFE_NONCEREJECT", "0"),
    ("PEBBLE_AUTHZREUSE", "0"),
];

pub struct Pebble {
    pub dir: tempfile::TempDir,
    /// `https://localhost:<port>/dir`. Pebble builds every URL from the request's
    /// Host header, so clients must keep using the host they were given.
    pub directory_url: String,
    /// PEM of the harness CA that signed pebble's HTTPS certificate (for
    /// `localhost` and 127.0.0.1). Not the CA that signs issued certificates:
    /// that is `root_pem()`.
    pub ca_bundle: PathBuf,
    /// Port pebble connects to for http-01 (nothing listens there until a test does).
    pub http_port: u16,
    /// Port pebble connects to for tls-alpn-01.
    pub tls_port: u16,
    /// `https://127.0.0.1:<port>`, pebble's management API.
    pub mgmt_url: String,
    /// `http://127.0.0.1:<port>`; None with `DnsMode::External`.
    pub challtestsrv_mgmt: Option<String>,
    /// challtestsrv's DNS address (UDP and TCP); None with `DnsMode::External`.
    pub dns_addr: Option<SocketAddr>,
    agent: ureq::Agent,
    /// Killed in reverse order on drop, also when start-up panics half-way.
    children: Vec<Child>,
    /// How pebble itself was started (see `stop_ca`/`restart_ca`): its index in `children`,
    /// and its command line.
    ca: Option<(usize, CaCommand)>,
}

/// Pebble's own command line, kept to start it again on the same ports.
#[derive(Clone)]
struct CaCommand {
    config: PathBuf,
    dns: SocketAddr,
    env: Vec<(String, String)>,
}

impl Pebble {
    pub fn start() -> Pebble {
        Pebble::start_with(PebbleOpts::default())
    }

    /// Panics (with the servers' logs) if pebble cannot be brought up.
    pub fn start_with(opts: PebbleOpts) -> Pebble {
        let dir = tempfile::tempdir().expect("temp dir");
        let ca_pem = write_certs(dir.path()).expect("generate test CA and server certificate");
        let mut p = Pebble {
            ca_bundle: dir.path().join("ca.pem"),
            dir,
            directory_url: String::new(),
            http_port: 0,
            tls_port: 0,
            mgmt_url: String::new(),
            challtestsrv_mgmt: None,
            dns_addr: None,
            agent: https_agent(&ca_pem, Duration::from_secs(10)),
            children: Vec::new(),
            ca: None,
        };
        // Short timeout: a port squatter may accept and never answer, and the
        // probe must not outlive the "address already in use" in the log.
        let probe = https_agent(&ca_pem, Duration::from_secs(1));
        for attempt in 1..=START_ATTEMPTS {
            if p.try_start(&opts, &probe) {
                return p;
            }
            p.kill_children();
            eprintln!("harness: a port was taken (attempt {attempt} of {START_ATTEMPTS})");
        }
        panic!("pebble: ports kept clashing\n{}", p.logs());
    }

    /// One start attempt. false = a port was taken (retry); other failures panic.
    fn try_start(&mut self, opts: &PebbleOpts, probe: &ureq::Agent) -> bool {
        let [listen, mgmt, http, tls, dns, chall_mgmt] = free_ports();
        let dns_addr = match opts.dns {
            DnsMode::External(addr) => addr,
            DnsMode::Challtestsrv => {
                if !self.start_challtestsrv(dns, chall_mgmt, probe) {
                    return false;
                }
                SocketAddr::from(([127, 0, 0, 1], dns))
            }
        };

        let mac_keys: BTreeMap<_, _> = opts.eab_keys.iter().cloned().collect();
        let profiles: serde_json::Map<_, _> = opts
            .profiles
            .iter()
            .map(|(name, description, secs)| {
                let p = serde_json::json!({"description": description, "validityPeriod": secs});
                (name.clone(), p)
            })
            .collect();
        let (authz_after, order_after) = opts.retry_after.unwrap_or((0, 0));
        let mut config = serde_json::json!({ "pebble": {
            "listenAddress": format!("127.0.0.1:{listen}"),
            "managementListenAddress": format!("127.0.0.1:{mgmt}"),
            "certificate": self.dir.path().join("server.pem"),
            "privateKey": self.dir.path().join("server.key"),
            "httpPort": http,
            "tlsPort": tls,
            "ocspResponderURL": "",
            "externalAccountBindingRequired": !mac_keys.is_empty(),
            "externalAccountMACKeys": mac_keys,
            "retryAfter": {"authz": authz_after, "order": order_after},
        }});
        if !profiles.is_empty() {
            config["pebble"]["profiles"] = profiles.into();
        }
        let config_path = self.dir.path().join("pebble-config.json");
        fs::write(&config_path, config.to_string()).expect("write pebble config");

        let ca = CaCommand {
            config: config_path,
            dns: dns_addr,
            env: opts.env.clone(),
        };
        self.spawn_ca(&ca);

        self.directory_url = format!("https://localhost:{listen}/dir");
        self.mgmt_url = format!("https://127.0.0.1:{mgmt}");
        self.http_port = http;
        self.tls_port = tls;
        // Both listeners come up in their own goroutines: probe both.
        let dir_url = self.directory_url.clone();
        let roots_url = format!("{}/roots/0", self.mgmt_url);
        self.wait_ready("pebble", "pebble.log", || {
            let ok = |url: &str| probe.get(url).call().is_ok_and(|r| r.status() == 200);
            ok(&dir_url) && ok(&roots_url)
        })
    }

    /// Spawns pebble itself as `ca` says, remembering how for `restart_ca`.
    fn spawn_ca(&mut self, ca: &CaCommand) {
        let mut cmd = Command::new(pebble_bin("pebble"));
        cmd.arg("-config").arg(&ca.config);
        cmd.arg("-dnsserver").arg(ca.dns.to_string()).arg("-strict");
        // Inherited PEBBLE_* knobs (e.g. PEBBLE_VA_ALWAYS_VALID) would silently
        // change what the tests prove; only the harness decides them.
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("PEBBLE_") {
                cmd.env_remove(key);
            }
        }
        cmd.envs(DEFAULT_ENV)
            .envs(ca.env.iter().map(|(k, v)| (k, v)));
        self.spawn_logged(cmd, "pebble.log");
        self.ca = Some((self.children.len() - 1, ca.clone()));
    }

    /// Stops pebble itself (challtestsrv keeps running): its ports now refuse connections, as
    /// a CA that is down does.
    pub fn stop_ca(&mut self) {
        let (i, _) = self.ca.as_ref().expect("pebble was started");
        let child = &mut self.children[*i];
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Starts pebble again on the same ports with the same configuration. Pebble keeps
    /// everything in memory: the restarted CA knows no account, order or certificate of
    /// before, and issues under a new root.
    pub fn restart_ca(&mut self) {
        let (_, ca) = self.ca.clone().expect("pebble was started");
        let probe = self.agent.clone();
        self.spawn_ca(&ca);
        // The new child is last; the killed one stays in `children`, reaped.
        let dir_url = self.directory_url.clone();
        let roots_url = format!("{}/roots/0", self.mgmt_url);
        let ready = self.wait_ready("pebble (restarted)", "pebble.log", || {
            let ok = |url: &str| probe.get(url).call().is_ok_and(|r| r.status() == 200);
            ok(&dir_url) && ok(&roots_url)
        });
        assert!(ready, "pebble's ports were taken while it was stopped");
    }

    /// Starts challtestsrv with only its DNS and management servers (the
    /// challenge servers would squat on fixed default ports). false = port clash.
    fn start_challtestsrv(&mut self, dns: u16, mgmt: u16, probe: &ureq::Agent) -> bool {
        let mut cmd = Command::new(pebble_bin("pebble-challtestsrv"));
        cmd.arg("-dnsserver").arg(format!("127.0.0.1:{dns}"));
        cmd.arg("-management").arg(format!("127.0.0.1:{mgmt}"));
        // Without `-defaultIPv6 ""` it answers AAAA with ::1 and pebble dials
        // [::1], where the tests' loopback servers (127.0.0.1 only) are not.
        // `-doh ""`: its DNS-over-HTTPS server would squat on a fixed port.
        for flag in ["-http01", "-https01", "-tlsalpn01", "-doh", "-defaultIPv6"] {
            cmd.arg(flag).arg("");
        }
        self.spawn_logged(cmd, "challtestsrv.log");
        let mgmt_url = format!("http://127.0.0.1:{mgmt}");
        let dns_addr = SocketAddr::from(([127, 0, 0, 1], dns));
        // challtestsrv does not exit when a bind fails, it only logs it: a probe
        // that reaches the port could be talking to whoever took it, hence the
        // log check in wait_ready. A real mgmt call proves it is challtestsrv.
        let ready = self.wait_ready("pebble-challtestsrv", "challtestsrv.log", || {
            let body = r#"{"host":"harness-probe."}"#;
            TcpStream::connect_timeout(&dns_addr, Duration::from_secs(1)).is_ok()
                && post_json(probe, &format!("{mgmt_url}/clear-txt"), body).is_ok()
        });
        self.challtestsrv_mgmt = Some(mgmt_url);
        self.dns_addr = Some(dns_addr);
        ready
    }

    /// Child output goes to a file in the temp dir: nobody has to drain a pipe,
    /// and `log()` can read it at any time.
    fn spawn_logged(&mut self, mut cmd: Command, log_name: &str) {
        let log = File::create(self.dir.path().join(log_name)).expect("create log file");
        cmd.stdin(Stdio::null())
            .stdout(log.try_clone().expect("dup log file"))
            .stderr(log);
        let child = cmd.spawn().unwrap_or_else(|e| panic!("spawn {cmd:?}: {e}"));
        self.children.push(child);
    }

    /// Polls `ready` until it holds, for the most recently spawned child.
    /// false = the child reported a port clash; an early exit or timeout panics.
    fn wait_ready(&mut self, name: &str, log_name: &str, mut ready: impl FnMut() -> bool) -> bool {
        let port_taken = |p: &Self| p.read_log(log_name).contains(PORT_TAKEN);
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        while Instant::now() < deadline {
            let exited = self
                .children
                .last_mut()
                .unwrap()
                .try_wait()
                .expect("try_wait");
            if port_taken(self) {
                return false;
            }
            if let Some(status) = exited {
                panic!("{name} exited during start-up ({status})\n{}", self.logs());
            }
            if ready() {
                return !port_taken(self);
            }
            thread::sleep(POLL);
        }
        panic!(
            "{name} not ready after {STARTUP_TIMEOUT:?}\n{}",
            self.logs()
        );
    }

    /// Pebble's stdout+stderr so far.
    pub fn log(&self) -> String {
        self.read_log("pebble.log")
    }

    fn read_log(&self, name: &str) -> String {
        String::from_utf8_lossy(&fs::read(self.dir.path().join(name)).unwrap_or_default()).into()
    }

    fn logs(&self) -> String {
        let chall = self.read_log("challtestsrv.log");
        format!(
            "--- pebble.log ---\n{}--- challtestsrv.log ---\n{chall}",
            self.log()
        )
    }

    /// ACME (WFE) requests served so far. Pebble logs `<METHOD> <path> -> calling
    /// handler()` once per request routed to an ACME endpoint; it does not log
    /// 404s or management-API requests, so `get_mgmt` does not count.
    pub fn request_count(&self) -> usize {
        self.log()
            .lines()
            .filter(|l| l.ends_with(" -> calling handler()"))
            .count()
    }

    /// HTTPS GET on the management API, e.g. "/roots/0", "/cert-status-by-serial/<hex>".
    pub fn get_mgmt(&self, path: &str) -> (u16, String) {
        let url = format!("{}{path}", self.mgmt_url);
        let mut resp = self
            .agent
            .get(&url)
            .call()
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let body = resp
            .body_mut()
            .read_to_string()
            .unwrap_or_else(|e| panic!("GET {url} body: {e}"));
        (resp.status().as_u16(), body)
    }

    /// Management API `POST /set-renewal-info/`: from now on Pebble answers ARI for the
    /// certificate in `cert_pem` with `ari_json` verbatim (plus its usual `Retry-After: 6h`).
    pub fn set_renewal_info(&self, cert_pem: &str, ari_json: &serde_json::Value) {
        let body = serde_json::json!({
            "Certificate": cert_pem,
            "ARIResponse": ari_json.to_string(),
        });
        let url = format!("{}/set-renewal-info/", self.mgmt_url);
        post_json(&self.agent, &url, &body.to_string())
            .unwrap_or_else(|e| panic!("POST {url}: {e}"));
    }

    /// PEM of the root that signs issued certificates (new on every pebble start).
    pub fn root_pem(&self) -> String {
        let (status, body) = self.get_mgmt("/roots/0");
        assert_eq!(status, 200, "GET /roots/0: {body}");
        body
    }

    /// Adds a TXT record. `host` is normalised to what challtestsrv matches on:
    /// lower case with a trailing dot, e.g. "_acme-challenge.example.com.".
    pub fn set_txt(&self, host: &str, value: &str) {
        let body = serde_json::json!({ "host": fqdn(host), "value": value });
        self.challtestsrv("/set-txt", &body.to_string());
    }

    /// Makes `host` a CNAME to `target` (challtestsrv follows it for TXT queries).
    pub fn set_cname(&self, host: &str, target: &str) {
        let body = serde_json::json!({ "host": fqdn(host), "target": fqdn(target) });
        self.challtestsrv("/set-cname", &body.to_string());
    }

    /// Removes all TXT records of `host`.
    pub fn clear_txt(&self, host: &str) {
        self.challtestsrv(
            "/clear-txt",
            &serde_json::json!({ "host": fqdn(host) }).to_string(),
        );
    }

    fn challtestsrv(&self, path: &str, body: &str) {
        let base = self
            .challtestsrv_mgmt
            .as_ref()
            .expect("no challtestsrv in DnsMode::External");
        post_json(&self.agent, &format!("{base}{path}"), body)
            .unwrap_or_else(|e| panic!("challtestsrv {path}: {e}"));
    }

    /// Deactivates (RFC 8555 §7.5.2) every valid authorization held at this Pebble by the
    /// accounts in `config_dir`, so that the next order for the same names must be validated
    /// again; returns how many it deactivated. Panics if `config_dir` holds no account here.
    ///
    /// Tests that expect a second order to run its challenge (and fail, or call a hook) need
    /// this: even with `PEBBLE_AUTHZREUSE=0` Pebble re-uses an account's valid authorization
    /// for a name one time in a hundred, because its test is `rand.Intn(100) > percent`,
    /// which is false when the draw is 0. Pebble lists an account's orders (the account
    /// object's `orders`, RFC 8555 §7.1.2.1), which is how the authorizations are found.
    pub fn forget_validations(&self, config_dir: &Path) -> usize {
        use acme::protocol::{Account, Client};
        use serde_json::{Value, json};
        fn get(client: &Client, url: &str, account: &Account) -> Value {
            let resp = client.post_as_get(url, &account.signer()).unwrap();
            serde_json::from_slice(&resp.body).unwrap()
        }
        let client = self.client();
        let (mut accounts, mut deactivated) = (0, 0);
        let servers = fs::read_dir(config_dir.join("accounts")).unwrap();
        for dir in servers.map(|e| e.unwrap().path()) {
            let Ok(record) = fs::read(dir.join("account.json")) else {
                continue;
            };
            let record: Value = serde_json::from_slice(&record).unwrap();
            if record["server"] != self.directory_url.as_str() {
                continue;
            }
            let key = fs::read(dir.join("private_key.pem")).unwrap();
            let key = acme::crypto::KeyPair::from_pem(&key).unwrap();
            let url = record["url"].as_str().unwrap().to_string();
            let account = Account::open(&client, key, url);
            accounts += 1;
            let mut page = get(&client, account.url(), &account)["orders"]
                .as_str()
                .map(str::to_string);
            // Pebble pages its list; bounded so a server that loops cannot hold the test.
            for _ in 0..100 {
                let Some(list_url) = page.take() else { break };
                let resp = client.post_as_get(&list_url, &account.signer()).unwrap();
                let list: Value = serde_json::from_slice(&resp.body).unwrap();
                page = resp.link("next").next().map(str::to_string);
                for order in list["orders"].as_array().into_iter().flatten() {
                    let order = get(&client, order.as_str().unwrap(), &account);
                    for authz in order["authorizations"].as_array().into_iter().flatten() {
                        let authz = authz.as_str().unwrap();
                        if get(&client, authz, &account)["status"] == "valid" {
                            let body = json!({ "status": "deactivated" });
                            client.post(authz, &body, &account.signer()).unwrap();
                            deactivated += 1;
                        }
                    }
                }
            }
        }
        assert!(
            accounts > 0,
            "no account for {} in {config_dir:?}",
            self.directory_url
        );
        deactivated
    }

    /// A library client for this Pebble, trusting its test CA.
    pub fn client(&self) -> acme::protocol::Client {
        let pem = std::fs::read(&self.ca_bundle).unwrap();
        acme::protocol::Client::builder()
            .extra_roots(acme::protocol::transport::roots_from_pem(&pem).unwrap())
            .connect(&self.directory_url)
            .unwrap()
    }

    /// An agent that trusts `ca_bundle`, ignores proxy variables, bounds each
    /// call to 10 s and returns 4xx/5xx as responses rather than errors.
    pub fn agent(&self) -> ureq::Agent {
        self.agent.clone()
    }

    fn kill_children(&mut self) {
        for mut child in self.children.drain(..).rev() {
            let _ = child.kill(); // fails only if already reaped
            let _ = child.wait();
        }
    }
}

impl Drop for Pebble {
    fn drop(&mut self) {
        self.kill_children();
    }
}

/// Where `scripts/test-pebble` puts Debian's pebble 2.10 (shared by every worktree).
const PEBBLE_TOOL_DIR: &str = "/opt/acme-test-tools/pebble-2.10/usr/bin";

/// Path of a pebble 2.10 binary: from `ACME_TEST_PEBBLE_BIN` (a directory) when set,
/// else the shared tool directory. Missing = a clear panic saying how to get it.
pub fn pebble_bin(name: &str) -> PathBuf {
    let dir = std::env::var_os("ACME_TEST_PEBBLE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(PEBBLE_TOOL_DIR));
    let path = dir.join(name);
    assert!(
        path.is_file(),
        "{} is missing: the tests need Debian's pebble 2.10 there. Run `bash scripts/test` \
         (or `bash scripts/test-pebble`) once to fetch it, or set ACME_TEST_PEBBLE_BIN to a \
         directory holding pebble and pebble-challtestsrv 2.10",
        path.display()
    );
    path
}

fn fqdn(host: &str) -> String {
    let host = host.to_ascii_lowercase();
    if host.ends_with('.') {
        host
    } else {
        host + "."
    }
}

/// Trusts the harness CA (through acme's own OpenSSL connector); ignores proxy
/// variables (everything is on loopback); every call bounded; 4xx/5xx are
/// responses, not errors.
fn https_agent(ca_pem: &str, timeout: Duration) -> ureq::Agent {
    use ureq::unversioned::transport::{Connector, TcpConnector};
    let ca = X509::from_pem(ca_pem.as_bytes()).expect("parse harness CA");
    let tls = acme::protocol::tls::OpensslConnector::new(&[ca]).expect("TLS setup");
    let config = ureq::Agent::config_builder()
        .proxy(None)
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build();
    ureq::Agent::with_parts(
        config,
        TcpConnector::default().chain(tls),
        ureq::unversioned::resolver::DefaultResolver::default(),
    )
}

/// POST to challtestsrv's plain-HTTP management API; Err unless it answers 200.
fn post_json(agent: &ureq::Agent, url: &str, body: &str) -> Result<(), String> {
    match agent
        .post(url)
        .header("content-type", "application/json")
        .send(body)
    {
        Ok(r) if r.status() == 200 => Ok(()),
        Ok(r) => Err(format!("HTTP {}", r.status())),
        Err(e) => Err(e.to_string()),
    }
}

/// Writes ca.pem, server.pem and server.key (for `localhost` and 127.0.0.1) into
/// `dir`; returns the CA PEM. ECDSA P-256 because it generates instantly.
fn write_certs(dir: &Path) -> anyhow::Result<String> {
    let new_key = || -> anyhow::Result<PKey<Private>> {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1)?;
        Ok(PKey::from_ec_key(EcKey::generate(&group)?)?)
    };
    let name = |cn: &str| -> anyhow::Result<X509Name> {
        let mut name = X509NameBuilder::new()?;
        name.append_entry_by_nid(Nid::COMMONNAME, cn)?;
        Ok(name.build())
    };
    let builder = |subject: &X509NameRef, key: &PKey<Private>| -> anyhow::Result<X509Builder> {
        let mut serial = BigNum::new()?;
        serial.rand(127, MsbOption::MAYBE_ZERO, false)?;
        let mut b = X509Builder::new()?;
        b.set_version(2)?;
        b.set_serial_number(&*Asn1Integer::from_bn(&serial)?)?;
        b.set_subject_name(subject)?;
        b.set_pubkey(key)?;
        // An hour of slack so a slightly different clock never makes it "not yet valid".
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_secs();
        b.set_not_before(&*Asn1Time::from_unix(now as i64 - 3600)?)?;
        b.set_not_after(&*Asn1Time::days_from_now(7)?)?;
        Ok(b)
    };

    let ca_key = new_key()?;
    let ca_name = name("acme test harness CA")?;
    let mut ca = builder(&ca_name, &ca_key)?;
    ca.set_issuer_name(&ca_name)?;
    ca.append_extension(BasicConstraints::new().critical().ca().build()?)?;
    ca.append_extension(KeyUsage::new().critical().key_cert_sign().build()?)?;
    let ski = SubjectKeyIdentifier::new().build(&ca.x509v3_context(None, None))?;
    ca.append_extension(ski)?;
    ca.sign(&ca_key, MessageDigest::sha256())?;
    let ca: X509 = ca.build();

    let key = new_key()?;
    let mut srv = builder(&*name("localhost")?, &key)?;
    srv.set_issuer_name(ca.subject_name())?;
    srv.append_extension(ExtendedKeyUsage::new().server_auth().build()?)?;
    let ctx = srv.x509v3_context(Some(&ca), None);
    let san = SubjectAlternativeName::new()
        .dns("localhost")
        .ip("127.0.0.1")
        .build(&ctx)?;
    let aki = AuthorityKeyIdentifier::new().keyid(true).build(&ctx)?;
    srv.append_extension(san)?;
    srv.append_extension(aki)?;
    srv.sign(&ca_key, MessageDigest::sha256())?;

    let ca_pem = String::from_utf8(ca.to_pem()?)?;
    fs::write(dir.join("ca.pem"), &ca_pem)?;
    fs::write(dir.join("server.pem"), srv.build().to_pem()?)?;
    fs::write(dir.join("server.key"), key.private_key_to_pem_pkcs8()?)?;
    Ok(ca_pem)
}

/// A loopback TCP port that was free a moment ago (racy by nature: bind it soon).
pub fn free_port() -> u16 {
    let [port] = free_ports();
    port
}

/// N distinct ports, each free on both TCP and UDP (DNS serves on both).
/// All sockets are held until the end so the kernel cannot hand out one twice.
fn free_ports<const N: usize>() -> [u16; N] {
    let mut held = Vec::new();
    let mut ports = [0; N];
    for port in ports.iter_mut() {
        for tries in 1.. {
            let tcp = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
            let p = tcp.local_addr().unwrap().port();
            if let Ok(udp) = UdpSocket::bind(("127.0.0.1", p)) {
                held.push((tcp, udp));
                *port = p;
                break;
            }
            assert!(tries < 50, "no port free on both TCP and UDP");
        }
    }
    ports
}

/// A `python3 -m http.server` serving a directory on 127.0.0.1, killed on drop.
pub struct StaticServer {
    pub port: u16,
    child: Child,
}

impl StaticServer {
    pub fn serve(dir: &Path, port: u16) -> StaticServer {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        // If someone already listens there, our readiness probe below would
        // succeed against them while python fails to bind.
        assert!(
            TcpStream::connect(addr).is_err(),
            "port {port} is already in use"
        );
        let child = Command::new("python3")
            .args(["-m", "http.server", "--bind", "127.0.0.1", "--directory"])
            .arg(dir)
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null()) // it logs every request; nobody would drain a pipe
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn python3 -m http.server");
        let mut server = StaticServer { port, child };
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = server.child.try_wait().expect("try_wait") {
                panic!("python3 http.server on port {port} exited: {status}");
            }
            if TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok() {
                return server;
            }
            thread::sleep(POLL);
        }
        panic!("python3 http.server on port {port} not ready after {STARTUP_TIMEOUT:?}");
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `acme` binary pointed at `p`, with a clean ACME_* environment so the
/// developer's own settings cannot leak into a test.
pub fn acme_cmd(p: &Pebble, config_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_acme"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("ACME_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("ACME_SERVER", &p.directory_url)
        .env("ACME_CA_BUNDLE", &p.ca_bundle)
        .env("ACME_CONFIG_DIR", config_dir)
        .stdin(Stdio::null());
    cmd
}

pub struct Output3 {
    /// Exit code, or 128 + signal number if killed by a signal (shell style).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cmd` to completion, capturing stdout and stderr; after `RUN_TIMEOUT`
/// the child is killed and the test panics with whatever it had printed.
pub fn run(cmd: &mut Command) -> Output3 {
    run_within(cmd, RUN_TIMEOUT)
}

/// [`run`] with another time limit (a cargo build, say).
pub fn run_within(cmd: &mut Command, timeout: Duration) -> Output3 {
    // Unnamed temp files rather than pipes: nothing to drain, a grandchild that
    // keeps them open cannot hang us, and a timeout can still show the output.
    let (mut out, mut err) = (tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
    cmd.stdout(out.try_clone().unwrap())
        .stderr(err.try_clone().unwrap());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("spawn {cmd:?}: {e}"));
    let deadline = Instant::now() + timeout;
    while child.try_wait().expect("try_wait").is_none() {
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            let (out, err) = (read_all(&mut out), read_all(&mut err));
            panic!(
                "timed out after {timeout:?}: {cmd:?}\n--- stdout ---\n{out}--- stderr ---\n{err}"
            );
        }
        thread::sleep(POLL);
    }
    let status = child.wait().expect("wait"); // already reaped: the cached status
    Output3 {
        code: status
            .code()
            .unwrap_or_else(|| 128 + status.signal().unwrap_or(0)),
        stdout: read_all(&mut out),
        stderr: read_all(&mut err),
    }
}

fn read_all(file: &mut File) -> String {
    let mut bytes = Vec::new();
    file.seek(SeekFrom::Start(0)).expect("seek output file");
    file.read_to_end(&mut bytes).expect("read output file");
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The usual test site: a Pebble, a temp dir holding `www/` (served on Pebble's http-01 port by a
/// [`StaticServer`]) and `cfg/` (the config dir `acme` is pointed at).
pub struct Site {
    pub pebble: Pebble,
    pub tmp: tempfile::TempDir,
    pub www: PathBuf,
    pub cfg: PathBuf,
    web: Option<StaticServer>,
}

impl Site {
    pub fn start() -> Site {
        Site::start_with(PebbleOpts::default())
    }

    pub fn start_with(opts: PebbleOpts) -> Site {
        let pebble = Pebble::start_with(opts);
        let tmp = tempfile::tempdir().unwrap();
        let (www, cfg) = (tmp.path().join("www"), tmp.path().join("cfg"));
        fs::create_dir_all(&www).unwrap();
        let web = StaticServer::serve(&www, pebble.http_port);
        Site {
            pebble,
            tmp,
            www,
            cfg,
            web: Some(web),
        }
    }

    /// The temp dir everything lives in.
    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    /// Stops the web server on Pebble's http-01 port (to serve `www/` some other way).
    pub fn stop_web(&mut self) {
        self.web = None;
    }

    /// Serves `www/` on Pebble's http-01 port again after [`Site::stop_web`].
    pub fn start_web(&mut self) {
        self.web = Some(StaticServer::serve(&self.www, self.pebble.http_port));
    }

    /// `acme` against this site's Pebble and config dir (a Command, for extra environment).
    pub fn cmd(&self) -> Command {
        acme_cmd(&self.pebble, &self.cfg)
    }

    /// `live/<name>/<file>` in this site's config dir.
    pub fn live(&self, name: &str, file: &str) -> PathBuf {
        self.cfg.join("live").join(name).join(file)
    }

    /// `acme <args>` against this site's Pebble and config dir.
    pub fn acme(&self, args: &[&str]) -> Output3 {
        run(acme_cmd(&self.pebble, &self.cfg).args(args))
    }

    /// `acme issue --webroot www --agree-tos -d <name>... <extra>...`.
    pub fn issue(&self, names: &[&str], extra: &[&str]) -> Output3 {
        let mut args = vec![
            "issue",
            "--webroot",
            self.www.to_str().unwrap(),
            "--agree-tos",
        ];
        for n in names {
            args.extend(["-d", n]);
        }
        args.extend(extra);
        self.acme(&args)
    }
}
