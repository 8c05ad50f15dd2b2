//! `acme issue` is safe to re-run (issue #17): a request finds its lineage, a lineage that is not
//! due keeps its certificate (Pebble's log shows no order), overlaps are refused before the CA is
//! contacted, and expand / replace / duplicate / delete leave exactly the files expected.

use crate::common::*;

use openssl::x509::X509;
use std::fs;
use std::path::Path;

/// newOrder requests Pebble has served (its log has one `POST /order-plz -> calling handler()`
/// line per request routed to the handler).
fn orders(p: &Pebble) -> usize {
    p.log()
        .lines()
        .filter(|l| l.contains("/order-plz") && l.ends_with(" -> calling handler()"))
        .count()
}

/// The certificate's DNS names, sorted.
fn sans(path: &Path) -> Vec<String> {
    let cert = X509::from_pem(&fs::read(path).unwrap()).unwrap();
    let mut v: Vec<String> = cert
        .subject_alt_names()
        .unwrap()
        .iter()
        .filter_map(|n| n.dnsname().map(str::to_string))
        .collect();
    v.sort();
    v
}

/// Every path under live/, archive/ and renewal/ (links not followed), relative and sorted.
fn tree(cfg: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.map(|e| e.unwrap()) {
            let p = e.path();
            out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
            if e.file_type().unwrap().is_dir() {
                walk(root, &p, out);
            }
        }
    }
    let mut out = Vec::new();
    for top in ["live", "archive", "renewal"] {
        walk(cfg, &cfg.join(top), &mut out);
    }
    out.sort();
    out
}

/// The files of a lineage with versions 1..=n, as `tree` lists them.
fn lineage_files(name: &str, n: u32) -> Vec<String> {
    let mut v = vec![
        format!("archive/{name}"),
        format!("live/{name}"),
        format!("live/.{name}.v{n}"),
        format!("renewal/{name}.conf"),
    ];
    for i in 1..=n {
        for k in ["cert", "chain", "fullchain", "privkey"] {
            v.push(format!("archive/{name}/{k}{i}.pem"));
        }
        // Which CA issued the version.
        v.push(format!("archive/{name}/ca{i}.json"));
    }
    for k in ["cert", "chain", "fullchain", "privkey"] {
        v.push(format!("live/.{name}.v{n}/{k}.pem"));
    }
    v
}

fn conf(s: &Site, name: &str) -> String {
    fs::read_to_string(s.cfg.join("renewal").join(format!("{name}.conf"))).unwrap()
}

fn ok(out: &Output3) {
    assert_eq!(
        out.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
}

#[test]
fn a_playbook_running_issue_five_times_ends_with_one_lineage_and_one_certificate() {
    let s = Site::start();
    let www = s.www.to_str().unwrap().to_string();
    let mut outs = Vec::new();
    for i in 0..5 {
        // The names in another order on every other run: still the same request.
        let (a, b) = if i % 2 == 0 {
            ("a.example.com", "www.a.example.com")
        } else {
            ("www.a.example.com", "a.example.com")
        };
        let out = s.acme(&[
            "--json",
            "issue",
            "-d",
            a,
            "-d",
            b,
            "--webroot",
            &www,
            "--agree-tos",
            "--deploy-hook",
            "true",
        ]);
        ok(&out);
        outs.push(out);
    }
    assert_eq!(orders(&s.pebble), 1, "only the first run orders");
    assert_eq!(tree(&s.cfg), {
        let mut v = lineage_files("a.example.com", 1);
        v.sort();
        v
    });
    let first: serde_json::Value = serde_json::from_str(&outs[0].stdout).unwrap();
    assert_eq!(first["status"], "issued");
    for out in &outs[1..] {
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(v["status"], "unchanged", "{}", out.stdout);
        assert_eq!(v["cert_name"], "a.example.com");
        assert_eq!(v["domains"].as_array().map(Vec::len), Some(2), "{v}");
        assert!(
            v["renews_at"].as_str().is_some_and(|t| t.len() >= 20),
            "{v}"
        );
    }
    // Said in words without --json, and without a single request to the CA.
    let requests = s.pebble.request_count();
    let started = std::time::Instant::now();
    let out = s.issue(&["a.example.com", "www.a.example.com"], &[]);
    ok(&out);
    eprintln!("a no-op re-run took {:?}", started.elapsed());
    assert_eq!(
        s.pebble.request_count(),
        requests,
        "the no-op asks the CA nothing"
    );
    assert!(
        out.stdout.contains("unchanged") && out.stdout.contains("not due for renewal until"),
        "{}",
        out.stdout
    );
    assert_eq!(orders(&s.pebble), 1);
}

#[test]
fn force_and_force_renewal_issue_anyway_into_the_same_lineage() {
    let s = Site::start();
    ok(&s.issue(&["f.example.com"], &[]));
    ok(&s.issue(&["f.example.com"], &["--force"]));
    ok(&s.issue(&["f.example.com"], &["--force-renewal"]));
    assert_eq!(orders(&s.pebble), 3);
    let mut want = lineage_files("f.example.com", 3);
    want.sort();
    assert_eq!(tree(&s.cfg), want);
}

#[test]
fn an_overlapping_request_is_refused_before_the_ca_is_contacted() {
    let s = Site::start();
    ok(&s.issue(&["o.example.com"], &[]));
    let (requests, files) = (s.pebble.request_count(), tree(&s.cfg));
    let out = s.issue(&["new.example.com", "o.example.com"], &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    for want in [
        "\"o.example.com\"",
        "--expand",
        "--cert-name o.example.com",
        "--duplicate",
    ] {
        assert!(out.stderr.contains(want), "{want} in:\n{}", out.stderr);
    }
    // A request for part of a lineage's names overlaps it too.
    ok(&s.issue(&["p.example.com", "q.example.com"], &[]));
    let requests2 = s.pebble.request_count();
    let out = s.issue(&["q.example.com"], &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("\"p.example.com\""), "{}", out.stderr);
    assert_eq!(
        s.pebble.request_count(),
        requests2,
        "no request for a refusal"
    );
    assert!(requests2 > requests);
    let mut want = files;
    want.extend(lineage_files("p.example.com", 1));
    want.sort();
    assert_eq!(tree(&s.cfg), want, "refusals leave no file");
}

#[test]
fn expand_adds_names_to_the_lineage_and_keeps_its_saved_hook() {
    let s = Site::start();
    let mark = s.root().join("deployed");
    let hook = format!("echo \"$RENEWED_DOMAINS\" >> {}", mark.display());
    ok(&s.issue(&["e.example.com"], &["--deploy-hook", &hook]));
    // No -w and no hook this time: both come from the saved settings.
    let out = s.acme(&[
        "issue",
        "-d",
        "e.example.com",
        "-d",
        "www.e.example.com",
        "--expand",
    ]);
    ok(&out);
    assert_eq!(orders(&s.pebble), 2);
    let mut want = lineage_files("e.example.com", 2);
    want.sort();
    assert_eq!(tree(&s.cfg), want, "the same lineage, one more version");
    assert_eq!(
        sans(&s.live("e.example.com", "cert.pem")),
        ["e.example.com", "www.e.example.com"]
    );
    let c = conf(&s, "e.example.com");
    assert!(c.contains(&format!("deploy_hook = {hook}")), "{c}");
    assert!(c.contains("webroot.www.e.example.com = "), "{c}");
    assert!(
        c.contains("domains = e.example.com, www.e.example.com"),
        "{c}"
    );
    let ran = fs::read_to_string(&mark).unwrap();
    assert_eq!(ran.lines().count(), 2, "the saved hook ran for both: {ran}");
}

#[test]
fn cert_name_gives_the_lineage_exactly_the_requested_names() {
    let s = Site::start();
    ok(&s.issue(
        &["r1.example.com", "r2.example.com"],
        &["--cert-name", "site"],
    ));
    ok(&s.issue(&["r3.example.com"], &["--cert-name", "site"]));
    assert_eq!(sans(&s.live("site", "cert.pem")), ["r3.example.com"]);
    let c = conf(&s, "site");
    assert!(c.contains("domains = r3.example.com\n"), "{c}");
    assert!(c.contains("webroot.r3.example.com"), "{c}");
    assert!(
        !c.contains("webroot.r1.example.com"),
        "dropped names lose their web root: {c}"
    );
    let mut want = lineage_files("site", 2);
    want.sort();
    assert_eq!(tree(&s.cfg), want);
}

#[test]
fn duplicate_makes_a_separate_lineage_with_certbots_numbered_name() {
    let s = Site::start();
    ok(&s.issue(&["d.example.com"], &[]));
    ok(&s.issue(&["d.example.com", "www.d.example.com"], &["--duplicate"]));
    let mut want = lineage_files("d.example.com", 1);
    want.extend(lineage_files("d.example.com-0001", 1));
    want.sort();
    assert_eq!(tree(&s.cfg), want);
    assert_eq!(
        sans(&s.live("d.example.com", "cert.pem")),
        ["d.example.com"]
    );
    assert_eq!(
        sans(&s.live("d.example.com-0001", "cert.pem")),
        ["d.example.com", "www.d.example.com"]
    );
    // Re-running the duplicate's request finds the duplicate.
    let out = s.acme(&[
        "--json",
        "issue",
        "-d",
        "www.d.example.com",
        "-d",
        "d.example.com",
    ]);
    ok(&out);
    assert!(out.stdout.contains("\"unchanged\""), "{}", out.stdout);
    assert_eq!(orders(&s.pebble), 2);
}

#[test]
fn settings_given_for_an_existing_lineage_change_only_what_was_given() {
    let s = Site::start();
    ok(&s.issue(
        &["k.example.com"],
        &[
            "--deploy-hook",
            "true deploy",
            "--pre-hook",
            "true pre",
            "--preferred-chain",
            "Some Root",
            "--reuse-key",
        ],
    ));
    let c1 = conf(&s, "k.example.com");
    // Not due, a new hook only: saved, nothing ordered, nothing else changed.
    let out = s.acme(&[
        "issue",
        "--cert-name",
        "k.example.com",
        "--post-hook",
        "true post",
    ]);
    ok(&out);
    assert!(out.stdout.contains("saved"), "{}", out.stdout);
    assert_eq!(orders(&s.pebble), 1);
    let c2 = conf(&s, "k.example.com");
    assert_eq!(
        c2.replace("post_hook = true post\n", ""),
        c1,
        "only the post-hook was added"
    );
    // A new key type changes the certificate: issued, with everything else kept.
    let out = s.acme(&[
        "issue",
        "--cert-name",
        "k.example.com",
        "--key-type",
        "ecdsa-p384",
    ]);
    ok(&out);
    assert_eq!(orders(&s.pebble), 2);
    let c3 = conf(&s, "k.example.com");
    for want in [
        "key_type = ecdsa-p384",
        "method = webroot",
        "deploy_hook = true deploy",
        "pre_hook = true pre",
        "post_hook = true post",
        "preferred_chain = Some Root",
        "reuse_key = true",
        "webroot.k.example.com = ",
    ] {
        assert!(c3.contains(want), "{want} in:\n{c3}");
    }
    let key = fs::read_to_string(s.live("k.example.com", "privkey.pem")).unwrap();
    let key = openssl::pkey::PKey::private_key_from_pem(key.as_bytes()).unwrap();
    assert_eq!(key.bits(), 384);
    // A saved flag can be undone, and only it changes.
    ok(&s.acme(&["issue", "--cert-name", "k.example.com", "--no-reuse-key"]));
    assert_eq!(
        conf(&s, "k.example.com"),
        c3.replace("reuse_key = true\n", "")
    );
    assert_eq!(orders(&s.pebble), 2);
}

fn serial(path: &Path) -> String {
    let cert = X509::from_pem(&fs::read(path).unwrap()).unwrap();
    cert.serial_number()
        .to_bn()
        .unwrap()
        .to_hex_str()
        .unwrap()
        .to_lowercase()
}

#[test]
fn delete_removes_one_lineage_with_its_version_dirs_and_never_revokes() {
    let s = Site::start();
    ok(&s.issue(&["del.example.com"], &[]));
    ok(&s.issue(&["del.example.com"], &["--force"]));
    ok(&s.issue(&["keep.example.com"], &[]));
    // A version dir left by a crash, full of dangling links once the archive goes.
    let stale = s.cfg.join("live/.del.example.com.v1");
    fs::create_dir_all(&stale).unwrap();
    std::os::unix::fs::symlink(
        "../../archive/del.example.com/cert1.pem",
        stale.join("cert.pem"),
    )
    .unwrap();
    let serial = serial(&s.live("del.example.com", "cert.pem"));
    let before = tree(&s.cfg);

    // Without a terminal and without --yes (also with -n): refused, nothing removed.
    for args in [
        &["delete", "--cert-name", "del.example.com"][..],
        &["-n", "delete", "--cert-name", "del.example.com"][..],
    ] {
        let out = s.acme(args);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("--yes"), "{}", out.stderr);
        assert_eq!(tree(&s.cfg), before);
    }
    let out = s.acme(&["delete", "--cert-name", "nothing.example.com", "--yes"]);
    assert_eq!(out.code, 2, "{}", out.stderr);

    let requests = s.pebble.request_count();
    let out = s.acme(&[
        "--json",
        "delete",
        "--cert-name",
        "del.example.com",
        "--yes",
    ]);
    ok(&out);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["status"], "deleted");
    let mut want = lineage_files("keep.example.com", 1);
    want.sort();
    assert_eq!(tree(&s.cfg), want, "exactly the other lineage is left");
    assert_eq!(s.pebble.request_count(), requests, "the CA is not asked");
    let (_, body) = s
        .pebble
        .get_mgmt(&format!("/cert-status-by-serial/{serial}"));
    assert!(body.contains("\"Valid\""), "not revoked: {body}");
    // `acme list` no longer shows it; issuing its names again starts a new lineage.
    let out = s.acme(&["list"]);
    assert!(!out.stdout.contains("del.example.com"), "{}", out.stdout);
    ok(&s.issue(&["del.example.com"], &[]));
    assert!(s.cfg.join("archive/del.example.com/cert1.pem").exists());
}

#[test]
fn certbot_spellings_work_certonly_webroot_w_commas_noninteractive_keep() {
    let s = Site::start();
    // A second path to the same served directory, so each -w can be checked in the conf.
    let other = s.root().join("www-b");
    std::os::unix::fs::symlink(&s.www, &other).unwrap();
    let (a, b) = (s.www.to_str().unwrap(), other.to_str().unwrap());
    let args = [
        "certonly",
        "-n",
        "--agree-tos",
        "--webroot",
        "-w",
        a,
        "-d",
        "c.example.com,www.c.example.com",
        "-w",
        b,
        "--domains",
        "b.c.example.com",
        "--keep-until-expiring",
    ];
    ok(&s.acme(&args));
    let c = conf(&s, "c.example.com");
    for want in [
        format!("webroot.c.example.com = {a}\n"),
        format!("webroot.www.c.example.com = {a}\n"),
        format!("webroot.b.c.example.com = {b}\n"),
    ] {
        assert!(c.contains(&want), "{want} in:\n{c}");
    }
    assert_eq!(
        sans(&s.live("c.example.com", "cert.pem")),
        ["b.c.example.com", "c.example.com", "www.c.example.com"]
    );
    ok(&s.acme(&args));
    assert_eq!(orders(&s.pebble), 1, "--keep-until-expiring: not due, kept");
    let out = s.acme(&["certonly", "--webroot", "-d", "x.example.com"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("-w DIR"), "{}", out.stderr);
    let out = s.acme(&["renew", "--force-renewal", "--no-random-sleep"]);
    ok(&out);
    assert_eq!(orders(&s.pebble), 2);
}

/// A second Pebble playing the CA's staging server, with the web root served on its port too,
/// and a CA bundle trusting both.
struct Staging {
    pebble: Pebble,
    bundle: std::path::PathBuf,
    _web: StaticServer,
}

fn staging_for(s: &Site) -> Staging {
    let pebble = Pebble::start();
    let web = StaticServer::serve(&s.www, pebble.http_port);
    let bundle = s.root().join("both-cas.pem");
    let mut pem = fs::read_to_string(&s.pebble.ca_bundle).unwrap();
    pem.push_str(&fs::read_to_string(&pebble.ca_bundle).unwrap());
    fs::write(&bundle, pem).unwrap();
    Staging {
        pebble,
        bundle,
        _web: web,
    }
}

impl Staging {
    fn cmd(&self, s: &Site) -> std::process::Command {
        let mut cmd = s.cmd();
        cmd.env("ACME_CA_BUNDLE", &self.bundle)
            .env("ACME_STAGING_SERVER", &self.pebble.directory_url);
        cmd
    }
}

#[test]
fn staging_and_test_cert_issue_from_the_staging_server() {
    let s = Site::start();
    let st = staging_for(&s);
    let out = run(st.cmd(&s).args([
        "--test-cert",
        "issue",
        "-d",
        "t.example.com",
        "--webroot",
        s.www.to_str().unwrap(),
        "--agree-tos",
    ]));
    ok(&out);
    assert_eq!(orders(&st.pebble), 1);
    assert_eq!(orders(&s.pebble), 0, "production saw no order");
    let c = conf(&s, "t.example.com");
    assert!(
        c.contains(&format!("server = {}\n", st.pebble.directory_url)),
        "{c}"
    );
    // Without a staging server known for the CA, --staging is refused.
    let out = s.acme(&["--staging", "list"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--staging-server"), "{}", out.stderr);
}

/// The account.json files in the config dir, as (server, contacts).
fn accounts(cfg: &Path) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for e in fs::read_dir(cfg.join("accounts")).unwrap() {
        let p = e.unwrap().path().join("account.json");
        if let Ok(text) = fs::read_to_string(&p) {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            let contacts = v["contact"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect();
            out.push((v["server"].as_str().unwrap().to_string(), contacts));
        }
    }
    out.sort();
    out
}

#[test]
fn issue_dry_run_orders_from_staging_with_an_account_made_on_the_fly_and_saves_nothing() {
    let s = Site::start();
    let st = staging_for(&s);
    ok(&s.issue(&["dr.example.com"], &["--email", "me@example.com"]));
    let (files, conf_before) = (tree(&s.cfg), conf(&s, "dr.example.com"));
    let www = s.www.to_str().unwrap();
    let out = run(st
        .cmd(&s)
        .args(["issue", "-d", "dr.example.com", "--dry-run"]));
    ok(&out);
    assert!(out.stdout.contains("Dry run succeeded"), "{}", out.stdout);
    assert!(
        out.stderr
            .contains("registering an account at the staging server"),
        "says so: {}",
        out.stderr
    );
    assert_eq!(orders(&st.pebble), 1, "the staging server ordered");
    assert_eq!(orders(&s.pebble), 1, "production only the first time");
    assert_eq!(tree(&s.cfg), files, "no certificate saved");
    assert_eq!(conf(&s, "dr.example.com"), conf_before);
    let mail = vec!["mailto:me@example.com".to_string()];
    let mut want = vec![
        (s.pebble.directory_url.clone(), mail.clone()),
        (st.pebble.directory_url.clone(), mail),
    ];
    want.sort();
    assert_eq!(
        accounts(&s.cfg),
        want,
        "the staging account has the same contacts"
    );

    // New names: dry run too, and no lineage appears. The staging account is reused.
    let out = run(st.cmd(&s).args([
        "--json",
        "issue",
        "-d",
        "new.example.com",
        "--webroot",
        www,
        "--dry-run",
    ]));
    ok(&out);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["status"], "dry_run");
    assert_eq!(v["server"], st.pebble.directory_url.as_str());
    assert!(!out.stderr.contains("registering"), "{}", out.stderr);
    assert_eq!(orders(&st.pebble), 2);
    assert_eq!(tree(&s.cfg), files);
}

#[test]
fn renew_dry_run_orders_from_staging_with_an_account_made_on_the_fly() {
    let s = Site::start();
    let st = staging_for(&s);
    ok(&s.issue(&["rd.example.com"], &[]));
    let files = tree(&s.cfg);
    let out = run(st.cmd(&s).args(["renew", "--dry-run", "--no-random-sleep"]));
    ok(&out);
    assert!(out.stdout.contains("dry run succeeded"), "{}", out.stdout);
    assert!(
        out.stderr.contains("registering an account"),
        "{}",
        out.stderr
    );
    assert_eq!(orders(&st.pebble), 1);
    assert_eq!(orders(&s.pebble), 1);
    assert_eq!(tree(&s.cfg), files);
    assert_eq!(accounts(&s.cfg).len(), 2);
}

#[test]
fn reconfigure_checks_on_staging_then_saves_only_what_was_given() {
    let s = Site::start();
    let st = staging_for(&s);
    ok(&s.issue(&["rc.example.com"], &["--deploy-hook", "true deploy"]));
    let before = conf(&s, "rc.example.com");
    let files = tree(&s.cfg);
    let reconf = |args: &[&str]| {
        run(st
            .cmd(&s)
            .args(["reconfigure", "--cert-name", "rc.example.com"])
            .args(args))
    };

    // A web root the CA cannot reach: the dry run fails and nothing changes.
    let unserved = s.root().join("unserved");
    fs::create_dir_all(&unserved).unwrap();
    let out = reconf(&["--webroot", unserved.to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("nothing was changed"), "{}", out.stderr);
    assert_eq!(conf(&s, "rc.example.com"), before);
    assert_eq!(orders(&st.pebble), 1, "the failed check's order");

    let out = reconf(&["--post-hook", "true post", "--key-type", "ecdsa-p384"]);
    ok(&out);
    assert!(
        out.stdout.contains("checked by a dry run"),
        "{}",
        out.stdout
    );
    assert_eq!(orders(&st.pebble), 2);
    assert_eq!(orders(&s.pebble), 1, "nothing issued for real");
    assert_eq!(tree(&s.cfg), files, "the certificate is unchanged");
    let after = conf(&s, "rc.example.com");
    assert_eq!(
        after.replace("post_hook = true post\n", ""),
        before.replace("key_type = ecdsa-p256", "key_type = ecdsa-p384"),
        "only what was given changed"
    );

    let out = reconf(&["--pre-hook", "true pre", "--no-dry-run"]);
    ok(&out);
    assert_eq!(orders(&st.pebble), 2, "--no-dry-run: no check");
    assert!(conf(&s, "rc.example.com").contains("pre_hook = true pre\n"));

    // Names and issuance are `issue`'s business.
    let out = reconf(&["-d", "other.example.com"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let out = run(st.cmd(&s).args(["reconfigure", "--post-hook", "x"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn unknown_conf_keys_are_warned_about_with_file_line_and_nearest_key_and_listed() {
    let s = Site::start();
    ok(&s.issue(&["u.example.com"], &[]));
    let path = s.cfg.join("renewal/u.example.com.conf");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("deploy-hook = systemctl reload nginx\nwebroot_path = /var/www\n");
    fs::write(&path, &text).unwrap();
    let lines = text.lines().count();
    let (l1, l2) = (lines - 1, lines);

    let out = s.acme(&["renew", "--no-random-sleep"]);
    ok(&out);
    for want in [
        format!(
            "{}: unknown key `deploy-hook` (line {l1}) is ignored; did you mean `deploy_hook`?",
            path.display()
        ),
        format!(
            "unknown key `webroot_path` (line {l2}) is ignored; did you mean `webroot.<name>`?"
        ),
    ] {
        assert!(out.stderr.contains(&want), "{want} in:\n{}", out.stderr);
    }
    let out = s.acme(&["list"]);
    ok(&out);
    assert!(
        out.stdout.contains("WARNING:") && out.stdout.contains("`deploy-hook`"),
        "{}",
        out.stdout
    );
    let out = s.acme(&["--json", "list"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["unknown_keys"][0]["key"], "deploy-hook");
    assert_eq!(v[0]["unknown_keys"][0]["nearest"], "deploy_hook");
    // Wherever the key is now (renew rewrote the conf with its ARI check time).
    let now = fs::read_to_string(&path).unwrap();
    let line = now
        .lines()
        .position(|l| l.starts_with("deploy-hook"))
        .unwrap()
        + 1;
    assert_eq!(v[0]["unknown_keys"][0]["line"], line);
    // The keys are kept when acme rewrites the conf.
    ok(&s.issue(&["u.example.com"], &["--post-hook", "true"]));
    assert!(conf(&s, "u.example.com").contains("deploy-hook = "));
    // A conf as acme writes it has no unknown key.
    ok(&s.issue(&["clean.example.com"], &["--deploy-hook", "true"]));
    let out = s.acme(&["--json", "list", "--cert-name", "clean.example.com"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["unknown_keys"], serde_json::json!([]));
}

#[test]
fn a_revoked_lineage_or_a_new_csr_is_issued_again_but_the_same_csr_is_not() {
    let s = Site::start();
    ok(&s.issue(&["rv.example.com"], &[]));
    ok(&s.acme(&["revoke", "--cert-name", "rv.example.com"]));
    ok(&s.issue(&["rv.example.com"], &[]));
    assert_eq!(orders(&s.pebble), 2, "a revoked certificate is replaced");
    let c = conf(&s, "rv.example.com");
    assert!(
        !c.contains("revoked"),
        "the new one is not marked revoked: {c}"
    );
    ok(&s.issue(&["rv.example.com"], &[]));
    assert_eq!(orders(&s.pebble), 2);

    let dir = s.root().join("csr");
    fs::create_dir_all(&dir).unwrap();
    let www = s.www.to_str().unwrap().to_string();
    let with_csr = |csr: &Path| {
        s.acme(&[
            "--json",
            "issue",
            "--csr",
            csr.to_str().unwrap(),
            "--webroot",
            &www,
        ])
    };
    let (csr, _) = crate::options::user_csr(&dir, "cs.example.com", "DNS:cs.example.com", false);
    ok(&with_csr(&csr));
    let out = with_csr(&csr);
    ok(&out);
    assert!(
        out.stdout.contains("\"unchanged\""),
        "the same CSR: {}",
        out.stdout
    );
    assert_eq!(orders(&s.pebble), 3);
    // A new CSR (a new key) for the same name is a new certificate.
    let (csr, _) = crate::options::user_csr(&dir, "cs.example.com", "DNS:cs.example.com", false);
    let out = with_csr(&csr);
    ok(&out);
    assert!(out.stdout.contains("\"issued\""), "{}", out.stdout);
    assert_eq!(orders(&s.pebble), 4);
}

#[test]
fn staging_on_a_production_lineage_is_refused_unless_break_my_certs() {
    let s = Site::start();
    let st = staging_for(&s);
    ok(&s.issue(&["b.example.com"], &[]));
    let (before, files) = (conf(&s, "b.example.com"), tree(&s.cfg));
    let staging_requests = st.pebble.request_count();
    let www = s.www.to_str().unwrap().to_string();
    let staging_issue = |extra: &[&str]| {
        let mut args = vec!["--staging", "issue", "-d", "b.example.com"];
        args.extend(["--webroot", &www, "--agree-tos", "--force"]);
        args.extend(extra);
        run(st.cmd(&s).args(&args))
    };
    let out = staging_issue(&[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    for want in [
        "\"b.example.com\"",
        "--dry-run",
        "--cert-name NEW --duplicate",
        "--break-my-certs",
    ] {
        assert!(out.stderr.contains(want), "{want} in:\n{}", out.stderr);
    }
    assert_eq!(
        st.pebble.request_count(),
        staging_requests,
        "the staging CA was not contacted"
    );
    assert_eq!(conf(&s, "b.example.com"), before, "the conf is untouched");
    assert_eq!(tree(&s.cfg), files, "no file changed");
    // A dry run against staging is still allowed, and so is the override.
    ok(&staging_issue(&["--dry-run"]));
    assert_eq!(conf(&s, "b.example.com"), before);
    ok(&staging_issue(&["--break-my-certs"]));
    let c = conf(&s, "b.example.com");
    assert!(
        c.contains(&format!("server = {}\n", st.pebble.directory_url)),
        "{c}"
    );
}

#[test]
fn a_damaged_renewal_conf_keeps_its_lineage_from_being_taken_over() {
    let s = Site::start();
    let hook = "echo deployed";
    ok(&s.issue(&["d.example.com"], &["--deploy-hook", hook]));
    let path = s.cfg.join("renewal/d.example.com.conf");
    let mut text = conf(&s, "d.example.com");
    text.push_str("this line is not a setting\n");
    fs::write(&path, &text).unwrap();
    let (requests, files) = (s.pebble.request_count(), tree(&s.cfg));
    let out = s.issue(&["d.example.com", "other.example.com"], &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    for want in [
        path.to_str().unwrap(),
        "expected `key = value`",
        "acme delete --cert-name d.example.com",
    ] {
        assert!(out.stderr.contains(want), "{want} in:\n{}", out.stderr);
    }
    let out = s.issue(&["x.example.com"], &["--cert-name", "d.example.com"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        s.pebble.request_count(),
        requests,
        "no request for a refusal"
    );
    assert_eq!(tree(&s.cfg), files, "no file changed");
    assert_eq!(fs::read_to_string(&path).unwrap(), text, "the conf is kept");
    // A live/ entry alone (its conf gone) still takes the name.
    fs::remove_file(&path).unwrap();
    let out = s.issue(&["d.example.com"], &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("no renewal configuration"),
        "{}",
        out.stderr
    );
    // Other names are not stopped by it.
    ok(&s.issue(&["e.example.com"], &[]));
}
