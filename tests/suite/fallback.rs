//! Fallback CAs (issue #20) between two real Pebbles: the lineage's own CA (A) is stopped, the
//! renewal goes to the fallback (B) in the same run; the version records B, ARI for it is asked
//! of B, and the next renewal goes back to A once it is up again. A failed validation never
//! falls back. The two Pebbles have different HTTPS CAs and different roots: the `--ca-bundle`
//! given to acme trusts all four.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use crate::support::fault_proxy::{Fault, FaultProxy, Rule};

const NAME: &str = "fb.example.com";

/// Two Pebbles, the web root served on both http-01 ports, and one config dir.
struct Pair {
    a: Site,
    b: Pebble,
    _b_web: StaticServer,
    bundle: PathBuf,
}

impl Pair {
    fn start() -> Pair {
        Pair::start_with(PebbleOpts::default())
    }

    /// B started with `b_opts` (e.g. requiring EAB).
    fn start_with(b_opts: PebbleOpts) -> Pair {
        let a = Site::start();
        let b = Pebble::start_with(b_opts);
        let b_web = StaticServer::serve(&a.www, b.http_port);
        let bundle = a.root().join("bundle.pem");
        let pair = Pair {
            a,
            b,
            _b_web: b_web,
            bundle,
        };
        pair.write_bundle();
        pair
    }

    /// Both HTTPS CAs and both roots that sign issued chains (A's changes when it restarts).
    fn write_bundle(&self) {
        let mut pem = String::new();
        for p in [&self.a.pebble.ca_bundle, &self.b.ca_bundle] {
            pem.push_str(&fs::read_to_string(p).unwrap());
        }
        pem.push_str(&self.a.pebble.root_pem());
        pem.push_str(&self.b.root_pem());
        fs::write(&self.bundle, pem).unwrap();
    }

    fn cmd(&self) -> Command {
        let mut c = self.a.cmd();
        c.env("ACME_CA_BUNDLE", &self.bundle)
            .env("ACME_NO_RANDOM_SLEEP", "1");
        c
    }

    fn acme(&self, args: &[&str]) -> Output3 {
        run(self.cmd().args(args))
    }

    fn a_url(&self) -> &str {
        &self.a.pebble.directory_url
    }

    fn b_url(&self) -> &str {
        &self.b.directory_url
    }

    /// Registers at B, then issues the lineage naming B as its fallback: at A (`server`
    /// `None`) or at `server` (A behind the fault proxy), with `extra` options.
    fn issue_at(&self, server: Option<&str>, extra: &[&str]) -> Output3 {
        let out = self.acme(&["register", "--server", self.b_url(), "--agree-tos"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let mut args = vec!["issue"];
        if let Some(server) = server {
            args.extend(["--server", server]);
        }
        let www = self.a.www.to_str().unwrap();
        args.extend(["--webroot", www, "--agree-tos"]);
        args.extend(extra);
        args.extend(["-d", NAME, "--fallback-server", self.b_url()]);
        self.acme(&args)
    }

    /// Registers at B, then issues the lineage at A naming B as its fallback.
    fn issue_with_fallback(&self) {
        let out = self.issue_at(None, &[]);
        assert_eq!(out.code, 0, "{}", out.stderr);
    }

    /// A behind the fault proxy with `rules`; the proxy's HTTPS CA is added to the bundle.
    fn proxy_a(&self, rules: Vec<Rule>) -> FaultProxy {
        let proxy = crate::hostile::proxy(&self.a, rules);
        let mut pem = fs::read_to_string(&self.bundle).unwrap();
        pem.push_str(&fs::read_to_string(&proxy.ca_bundle).unwrap());
        fs::write(&self.bundle, pem).unwrap();
        proxy
    }

    fn archive(&self, file: &str) -> PathBuf {
        self.a.cfg.join("archive").join(NAME).join(file)
    }

    /// The CA recorded beside version `n`.
    fn recorded_issuer(&self, n: u32) -> String {
        let text = fs::read_to_string(self.archive(&format!("ca{n}.json"))).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["server"].as_str().unwrap().to_string()
    }

    fn list(&self) -> serde_json::Value {
        let out = self.acme(&["list", "--json"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        serde_json::from_str(&out.stdout).unwrap()
    }
}

/// The issuer of the live certificate is the intermediate of `pebble` (each Pebble makes its own).
fn issued_by(cert: &Path, pebble: &Pebble) -> bool {
    let leaf = openssl::x509::X509::from_pem(&fs::read(cert).unwrap()).unwrap();
    let (code, body) = pebble.get_mgmt("/intermediates/0");
    assert_eq!(code, 200, "{body}");
    let inter = openssl::x509::X509::from_pem(body.as_bytes()).unwrap();
    let der = |n: &openssl::x509::X509NameRef| n.to_der().unwrap();
    der(leaf.issuer_name()) == der(inter.subject_name())
}

fn serial_hex(cert: &Path) -> String {
    let x = openssl::x509::X509::from_pem(&fs::read(cert).unwrap()).unwrap();
    let hex = x.serial_number().to_bn().unwrap().to_hex_str().unwrap();
    hex.to_ascii_lowercase()
}

/// Pebble forgets everything when it stops; a real CA keeps its accounts through an outage.
/// The test stands in for that by registering the config dir's account at A afresh.
fn register_again_at_restarted(pair: &Pair) {
    let dir = fs::read_dir(pair.a.cfg.join("accounts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|d| {
            let record = fs::read_to_string(d.join("account.json")).unwrap_or_default();
            record.contains(&format!("\"{}\"", pair.a_url()))
        })
        .expect("the account at A");
    fs::remove_dir_all(&dir).unwrap();
    let out = pair.acme(&["register", "--server", pair.a_url(), "--agree-tos"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn a_stopped_ca_falls_back_to_the_next_and_the_next_renewal_returns_to_it() {
    let mut pair = Pair::start();
    pair.issue_with_fallback();
    let live = pair.a.live(NAME, "cert.pem");
    assert!(issued_by(&live, &pair.a.pebble));
    assert_eq!(pair.recorded_issuer(1), pair.a_url());
    let conf = fs::read_to_string(pair.a.cfg.join(format!("renewal/{NAME}.conf"))).unwrap();
    assert!(
        conf.contains(&format!("fallback_servers = {}\n", pair.b_url())),
        "{conf}"
    );
    let l = pair.list();
    assert_eq!(l[0]["fallback_servers"], serde_json::json!([pair.b_url()]));
    assert_eq!(l[0]["issued_by"], pair.a_url());

    // A goes down: the renewal goes to B in the same run.
    pair.a.pebble.stop_ca();
    let out = pair.acme(&["renew", "--force", "--no-random-sleep"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .contains(&format!("trying the fallback CA {}", pair.b_url())),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("renewed (version 2)"), "{}", out.stdout);
    assert!(issued_by(&live, &pair.b), "version 2 is B's");
    assert_eq!(pair.recorded_issuer(2), pair.b_url());
    let l = pair.list();
    assert_eq!(l[0]["issued_by"], pair.b_url());
    assert_eq!(l[0]["server"], pair.a_url(), "the lineage's own CA is kept");
    let text = pair.acme(&["list"]).stdout;
    assert!(
        text.contains(&format!("issued by:  {}", pair.b_url())),
        "{text}"
    );
    let metric =
        |value: u8| format!("acme_certificate_from_fallback{{cert_name=\"{NAME}\"}} {value}\n");
    let metrics = fs::read_to_string(pair.a.cfg.join("metrics.prom")).unwrap();
    assert!(metrics.contains(&metric(1)), "{metrics}");

    // A is back. B, which issued the live certificate, is asked for its renewal window and
    // moves it into the past; the renewal that follows goes to A first again.
    pair.a.pebble.restart_ca();
    pair.write_bundle();
    register_again_at_restarted(&pair);
    let pem = fs::read_to_string(&live).unwrap();
    let now = acme::time::now();
    pair.b.set_renewal_info(
        &pem,
        &serde_json::json!({"suggestedWindow": {
            "start": acme::time::format_rfc3339(now - 7200),
            "end": acme::time::format_rfc3339(now - 3600),
        }}),
    );
    let b_before = pair.b.request_count();
    let out = pair.acme(&["renew", "--no-random-sleep"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("renewed (version 3)"), "{}", out.stdout);
    assert!(!out.stderr.contains("fallback"), "{}", out.stderr);
    assert!(issued_by(&live, &pair.a.pebble), "version 3 is A's again");
    assert_eq!(pair.recorded_issuer(3), pair.a_url());
    let b_log = pair.b.log();
    assert!(
        b_log.lines().any(|l| l.contains("renewal-info")),
        "ARI for B's certificate was asked of B:\n{b_log}"
    );
    assert!(
        pair.b.request_count() - b_before <= 2,
        "B was asked for ARI only, not ordered from"
    );
    assert_eq!(pair.list()[0]["issued_by"], pair.a_url());
    let metrics = fs::read_to_string(pair.a.cfg.join("metrics.prom")).unwrap();
    assert!(metrics.contains(&metric(0)), "{metrics}");

    // Revoking version 2 (by its file) goes to B, which issued it, and is signed by B's account.
    let v2 = pair.archive("cert2.pem");
    let out = pair.acme(&["revoke", "--cert-path", v2.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let (_, body) = pair
        .b
        .get_mgmt(&format!("/cert-status-by-serial/{}", serial_hex(&v2)));
    assert!(body.contains("\"Revoked\""), "{body}");
}

#[test]
fn a_live_certificate_from_the_fallback_is_revoked_there() {
    let pair = Pair::start();
    pair.issue_with_fallback();
    // The lineage's live version came from B (as after an outage of A).
    let out = pair.acme(&[
        "issue",
        "--cert-name",
        NAME,
        "--server",
        pair.b_url(),
        "--no-fallback-server",
        "--force",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = pair.acme(&[
        "reconfigure",
        "--cert-name",
        NAME,
        "--server",
        pair.a_url(),
        "--fallback-server",
        pair.b_url(),
        "--no-dry-run",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let live = pair.a.live(NAME, "cert.pem");
    assert!(issued_by(&live, &pair.b));
    let l = pair.list();
    assert_eq!(l[0]["server"], pair.a_url());
    assert_eq!(l[0]["issued_by"], pair.b_url());

    // --server naming the lineage's own CA, which did not issue it: the revocation goes to B
    // all the same, and acme says so (review finding 10).
    let out = pair.acme(&["revoke", "--cert-name", NAME, "--server", pair.a_url()]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .contains(&format!("not revoking at --server {}", pair.a_url())),
        "{}",
        out.stderr
    );
    let (_, body) = pair
        .b
        .get_mgmt(&format!("/cert-status-by-serial/{}", serial_hex(&live)));
    assert!(body.contains("\"Revoked\""), "revoked at B: {body}");
}

#[test]
fn a_failed_validation_does_not_fall_back() {
    let mut pair = Pair::start();
    pair.issue_with_fallback();
    let b_before = pair.b.request_count();
    // A's http-01 port now serves an empty directory (held, so no other test's server can take
    // it): A's validation fails with 404s.
    pair.a.stop_web();
    let empty = pair.a.root().join("empty");
    fs::create_dir_all(&empty).unwrap();
    let _empty_web = StaticServer::serve(&empty, pair.a.pebble.http_port);
    pair.a.pebble.forget_validations(&pair.a.cfg);
    let out = pair.acme(&["renew", "--force", "--no-random-sleep", "--json"]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(!out.stderr.contains("fallback"), "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["error"]["kind"], "validation", "the CA failed it: {v}");
    assert_eq!(pair.b.request_count(), b_before, "B was never contacted");
    assert!(!pair.archive("cert2.pem").exists());
}

/// A fallback CA that requires External Account Binding: naming it without an account there is
/// refused before anything is ordered, with what to run; once registered with EAB, it issues
/// when the lineage's own CA is down.
#[test]
fn a_fallback_needing_eab_is_registered_first_and_then_issues_when_the_ca_is_down() {
    let mac = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";
    let mut pair = Pair::start_with(PebbleOpts {
        eab_keys: vec![("kid-1".into(), mac.into())],
        ..PebbleOpts::default()
    });
    let www = pair.a.www.to_str().unwrap().to_string();
    let issue = |pair: &Pair| {
        pair.acme(&[
            "issue",
            "--webroot",
            &www,
            "--agree-tos",
            "-d",
            NAME,
            "--fallback-server",
            pair.b_url(),
        ])
    };
    let a_before = pair.a.pebble.request_count();
    let out = issue(&pair);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("acme register --server {}", pair.b_url()))
            && out.stderr.contains("--eab-kid"),
        "{}",
        out.stderr
    );
    assert_eq!(
        pair.a.pebble.request_count(),
        a_before,
        "A was never contacted"
    );
    assert!(
        !pair
            .a
            .cfg
            .join("renewal")
            .join(format!("{NAME}.conf"))
            .exists()
    );

    let out = pair.acme(&[
        "register",
        "--server",
        pair.b_url(),
        "--agree-tos",
        "--eab-kid",
        "kid-1",
        "--eab-hmac-key",
        mac,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = issue(&pair);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(pair.recorded_issuer(1), pair.a_url());

    pair.a.pebble.stop_ca();
    let out = pair.acme(&["renew", "--force", "--no-random-sleep"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(issued_by(&pair.a.live(NAME, "cert.pem"), &pair.b));
    assert_eq!(pair.recorded_issuer(2), pair.b_url());
}

/// A `rateLimited` refusal with an hour's `Retry-After`, from a small in-test server (Pebble
/// never sends one), sends the first issuance to the fallback Pebble in the same run; the wait
/// is remembered for the rate-limited CA only.
#[test]
fn a_long_rate_limit_in_test_server_falls_back_to_pebble() {
    let limited = crate::limits::RateLimitedCa::start();
    let site = Site::start();
    let bundle = site.root().join("bundle.pem");
    let mut pem = fs::read_to_string(&limited.ca_pem_path).unwrap();
    pem.push_str(&fs::read_to_string(&site.pebble.ca_bundle).unwrap());
    pem.push_str(&site.pebble.root_pem());
    fs::write(&bundle, pem).unwrap();
    let acme = |args: &[&str]| {
        let mut c = site.cmd();
        c.env("ACME_CA_BUNDLE", &bundle)
            .env("ACME_SERVER", &limited.url);
        run(c.args(args))
    };
    let pebble = site.pebble.directory_url.as_str();
    let out = acme(&["register", "--server", pebble, "--agree-tos"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let www = site.www.to_str().unwrap();
    let out = acme(&[
        "issue",
        "--webroot",
        www,
        "--agree-tos",
        "-d",
        NAME,
        "--fallback-server",
        pebble,
    ]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("rateLimited") && out.stderr.contains("trying the fallback CA"),
        "{}",
        out.stderr
    );
    let record = site.cfg.join("archive").join(NAME).join("ca1.json");
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(record).unwrap()).unwrap();
    assert_eq!(v["server"], pebble);
    let conf = fs::read_to_string(site.cfg.join(format!("renewal/{NAME}.conf"))).unwrap();
    assert!(
        conf.contains(&format!("server = {}\n", limited.url)),
        "the lineage keeps its own CA: {conf}"
    );
    let ledger = fs::read_to_string(site.cfg.join("ledger.jsonl")).unwrap();
    let waits: Vec<serde_json::Value> = ledger
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["event"] == "rate_limited")
        .collect();
    assert_eq!(waits.len(), 1, "{ledger}");
    assert_eq!(waits[0]["server"], limited.url.as_str());
}

/// A CA that answers every newOrder with 503 (Pebble A behind the fault-injecting proxy, which
/// plays the overloaded CA) sends the issuance to B in the same run, after acme's own retries.
#[test]
fn server_errors_on_every_new_order_fall_back_through_the_fault_proxy() {
    let pair = Pair::start();
    let proxy = pair.proxy_a(vec![Rule::always(
        "/order-plz",
        Fault::Status(503, Some(1)),
    )]);
    let out = pair.issue_at(Some(&proxy.directory_url), &[]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("503") && out.stderr.contains("trying the fallback CA"),
        "{}",
        out.stderr
    );
    assert!(proxy.faults_applied() >= 1, "the CA was asked and failed");
    assert!(issued_by(&pair.a.live(NAME, "cert.pem"), &pair.b));
    assert_eq!(pair.recorded_issuer(1), pair.b_url());
    assert_eq!(pair.list()[0]["server"], proxy.directory_url.as_str());
}

/// A CA whose directory answers 503 (through the fault proxy) is down from the first request:
/// the first issuance goes to B, and acme says the lineage's own CA still needs an account.
#[test]
fn a_directory_answering_503_falls_back_and_asks_for_an_account_at_the_own_ca() {
    let pair = Pair::start();
    let proxy = pair.proxy_a(vec![Rule::always("/dir", Fault::Status(503, Some(1)))]);
    let out = pair.issue_at(Some(&proxy.directory_url), &[]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("trying the fallback CA"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!(
            "acme register --server {} --agree-tos",
            proxy.directory_url
        )),
        "{}",
        out.stderr
    );
    assert_eq!(pair.recorded_issuer(1), pair.b_url());
}

/// A CA that never finishes validating (its authorizations stay `pending`, through the fault
/// proxy) is given up at `--max-wait`, and the issuance goes to B in the same run.
#[test]
fn a_ca_still_validating_at_max_wait_falls_back_through_the_fault_proxy() {
    let pair = Pair::start();
    let proxy = pair.proxy_a(vec![
        Rule::always("/authZ/", Fault::NotYet("1".into())),
        Rule::always("/my-order/", Fault::NotYet("1".into())),
    ]);
    let out = pair.issue_at(Some(&proxy.directory_url), &["--max-wait", "2"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("had not validated") && out.stderr.contains("trying the fallback CA"),
        "{}",
        out.stderr
    );
    assert_eq!(pair.recorded_issuer(1), pair.b_url());
}

/// The remembered orders of the lineage (`pending/<name>.json`, a list).
fn pending_orders(pair: &Pair) -> Vec<serde_json::Value> {
    match fs::read_to_string(pair.a.cfg.join(format!("pending/{NAME}.json"))) {
        Ok(text) => serde_json::from_str(&text).unwrap(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => panic!("{e}"),
    }
}

fn public_key_of(pem: &[u8]) -> Vec<u8> {
    openssl::pkey::PKey::private_key_from_pem(pem)
        .unwrap()
        .public_key_to_der()
        .unwrap()
}

/// Review finding 9 (issue #15 with #20): A (behind the fault proxy) finalizes, and then
/// every download of its certificate answers 503. The run falls back to B and installs B's
/// certificate, while A's order and its key stay remembered. A later run while A still fails
/// keeps them; once A delivers, the next `renew` (the lineage not due) collects A's
/// certificate with that key, without a new order anywhere, and forgets the order.
#[test]
fn the_own_cas_finalized_order_outlives_the_fallback_and_is_collected_next_run_through_the_fault_proxy()
 {
    use std::os::unix::fs::PermissionsExt;
    let pair = Pair::start();
    let proxy = pair.proxy_a(vec![Rule::always("/certZ/", Fault::Status(503, Some(1)))]);
    let out = pair.issue_at(Some(&proxy.directory_url), &[]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("trying the fallback CA"),
        "{}",
        out.stderr
    );
    assert!(proxy.faults_applied() >= 1, "A's download was cut");
    let live = pair.a.live(NAME, "cert.pem");
    assert!(issued_by(&live, &pair.b), "version 1 is B's");
    assert_eq!(pair.recorded_issuer(1), pair.b_url());

    // A's order is still remembered, with A and its key, in a 0600 file.
    let pending_file = pair.a.cfg.join(format!("pending/{NAME}.json"));
    let orders = pending_orders(&pair);
    assert_eq!(orders.len(), 1, "{orders:?}");
    assert_eq!(orders[0]["server"], proxy.directory_url.as_str());
    let a_key = orders[0]["key_pem"].as_str().expect("the key").to_string();
    assert_eq!(
        fs::metadata(&pending_file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let count = |path: &str| {
        proxy
            .seen()
            .iter()
            .filter(|s| s.path.contains(path))
            .count()
    };
    assert_eq!(count("/order-plz"), 1);

    // A still cannot deliver: the order and key are kept, the run does not fail, and nothing
    // is ordered (the lineage is not due).
    let out = pair.acme(&["renew", "--no-random-sleep"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("not collected yet"), "{}", out.stderr);
    assert_eq!(pending_orders(&pair), orders);
    assert!(!pair.archive("cert2.pem").exists());

    // A recovers: the next run collects A's certificate, with the key remembered for it.
    proxy.clear_rules();
    let b_orders = || {
        pair.b
            .log()
            .lines()
            .filter(|l| l.contains("/order-plz"))
            .count()
    };
    let b_before = b_orders();
    let out = pair.acme(&["renew", "--no-random-sleep"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("Picking up the order"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("renewed (version 2)"), "{}", out.stdout);
    assert!(issued_by(&live, &pair.a.pebble), "version 2 is A's");
    assert_eq!(pair.recorded_issuer(2), proxy.directory_url.as_str());
    assert_eq!(
        public_key_of(&fs::read(pair.archive("privkey2.pem")).unwrap()),
        public_key_of(a_key.as_bytes()),
        "installed with the key remembered for A's order"
    );
    assert!(pair.archive("privkey1.pem").exists(), "B's key is kept too");
    assert!(!pending_file.exists(), "collected, so forgotten");
    assert_eq!(count("/order-plz"), 1, "no second order at A");
    assert_eq!(b_orders(), b_before, "nothing ordered at B");

    // Nothing is left to collect: the next run leaves the lineage alone.
    let out = pair.acme(&["renew", "--no-random-sleep"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(!out.stdout.contains("renewed"), "{}", out.stdout);
    assert!(!pair.archive("cert3.pem").exists());
}
