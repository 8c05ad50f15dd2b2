//! `acme revoke` against Pebble: by account key and by certificate key, reasons, already
//! revoked, refusals before the CA is contacted, and `--delete`.

use crate::common::*;

use std::path::Path;

impl Site {
    fn issue_one(&self, domain: &str) {
        let out = self.issue(&[domain], &[]);
        assert_eq!(out.code, 0, "{}", out.stderr);
    }

    fn acme_in(&self, cfg: &Path, args: &[&str]) -> Output3 {
        run(acme_cmd(&self.pebble, cfg).args(args))
    }

    /// Pebble's view of the lineage's live certificate: (status, reason).
    fn status(&self, name: &str) -> (String, Option<i64>) {
        let serial = serial_hex(&self.live(name, "cert.pem"));
        let (code, body) = self
            .pebble
            .get_mgmt(&format!("/cert-status-by-serial/{serial}"));
        assert_eq!(code, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        (
            v["Status"].as_str().unwrap().to_string(),
            v["Reason"].as_i64(),
        )
    }

    fn revoke_requests(&self) -> usize {
        self.pebble
            .log()
            .lines()
            .filter(|l| l.contains("revoke-cert") && l.ends_with(" -> calling handler()"))
            .count()
    }
}

fn serial_hex(cert: &Path) -> String {
    let pem = std::fs::read(cert).unwrap();
    let x = openssl::x509::X509::from_pem(&pem).unwrap();
    x.serial_number()
        .to_bn()
        .unwrap()
        .to_hex_str()
        .unwrap()
        .to_ascii_lowercase()
}

fn conf(s: &Site, name: &str) -> String {
    std::fs::read_to_string(s.cfg.join("renewal").join(format!("{name}.conf"))).unwrap()
}

#[test]
fn revoke_by_account_key_marks_the_lineage_and_a_second_revoke_reports_already_revoked() {
    let s = Site::start();
    s.issue_one("a.example.com");
    assert_eq!(s.status("a.example.com").0, "Valid");

    let out = s.acme(&[
        "revoke",
        "--cert-name",
        "a.example.com",
        "--reason",
        "keyCompromise",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Revoked"), "{}", out.stdout);
    let (status, reason) = s.status("a.example.com");
    assert_eq!(status, "Revoked");
    assert_eq!(reason, Some(1));
    let c = conf(&s, "a.example.com");
    assert!(c.contains("revoked = true"), "{c}");
    assert!(c.contains("revoked_reason = keyCompromise"), "{c}");

    // Second time: the CA answers alreadyRevoked; that is reported plainly, with exit 0.
    let out = s.acme(&["--json", "revoke", "--cert-name", "a.example.com"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("already revoked"), "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["already_revoked"], true, "{v}");
    let c = conf(&s, "a.example.com");
    assert!(
        c.contains("revoked_reason = keyCompromise"),
        "the first reason is kept: {c}"
    );
    assert_eq!(s.revoke_requests(), 2);
}

#[test]
fn revoke_by_certificate_key_works_from_a_config_dir_without_an_account() {
    let s = Site::start();
    s.issue_one("b.example.com");
    let cert = s.live("b.example.com", "cert.pem");
    let cert = cert.to_str().unwrap();

    // Without an account and without --key-path there is nothing to sign with.
    let empty = s.root().join("empty-cfg");
    let out = s.acme_in(&empty, &["revoke", "--cert-path", cert]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--key-path"), "{}", out.stderr);

    // Another account may not revoke it: refused by the CA, said plainly.
    let other = s.root().join("other-cfg");
    let out = s.acme_in(&other, &["register", "--agree-tos"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = s.acme_in(&other, &["revoke", "--cert-path", cert]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("Only the account that ordered it"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("key authorization"),
        "no challenge hint: {}",
        out.stderr
    );
    assert_eq!(s.status("b.example.com").0, "Valid");

    let out = s.acme_in(
        &empty,
        &[
            "-q",
            "revoke",
            "--cert-path",
            s.live("b.example.com", "fullchain.pem").to_str().unwrap(),
            "--key-path",
            s.live("b.example.com", "privkey.pem").to_str().unwrap(),
            "--reason",
            "4",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "", "nothing on stdout under -q");
    assert_eq!(s.status("b.example.com"), ("Revoked".into(), Some(4)));
    assert!(
        !empty.join("accounts").exists(),
        "no account may be created for a revocation by certificate key"
    );
}

#[test]
fn bad_reasons_and_mismatched_keys_are_refused_before_the_ca_sees_anything() {
    let s = Site::start();
    s.issue_one("c.example.com");
    s.issue_one("d.example.com");
    let before = s.pebble.request_count();
    let conf_before = conf(&s, "c.example.com");

    let out = s.acme(&[
        "revoke",
        "--cert-name",
        "c.example.com",
        "--reason",
        "stolen",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("keyCompromise (1)") && out.stderr.contains("superseded (4)"),
        "the valid reasons are listed: {}",
        out.stderr
    );
    let out = s.acme(&["revoke", "--cert-name", "c.example.com", "--reason", "7"]);
    assert_eq!(out.code, 2, "7 is unused in RFC 5280: {}", out.stderr);

    // d's key with c's certificate.
    let out = s.acme(&[
        "revoke",
        "--cert-path",
        s.live("c.example.com", "cert.pem").to_str().unwrap(),
        "--key-path",
        s.live("d.example.com", "privkey.pem").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("does not belong"), "{}", out.stderr);

    // --delete with no terminal to ask on and no --yes.
    let out = s.acme(&["revoke", "--cert-name", "c.example.com", "--delete"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--yes"), "{}", out.stderr);

    assert_eq!(s.pebble.request_count(), before, "{}", s.pebble.log());
    assert_eq!(s.status("c.example.com").0, "Valid");
    assert_eq!(conf(&s, "c.example.com"), conf_before);
    assert!(s.live("c.example.com", "cert.pem").exists());
}

#[test]
fn delete_removes_exactly_that_lineage() {
    let s = Site::start();
    s.issue_one("e.example.com");
    s.issue_one("e.example.com.other");
    let serial = serial_hex(&s.live("e.example.com", "cert.pem"));
    let out = s.acme(&[
        "revoke",
        "--cert-name",
        "e.example.com",
        "--reason",
        "cessationOfOperation",
        "--delete",
        "--yes",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut live: Vec<String> = std::fs::read_dir(s.cfg.join("live"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    live.sort();
    assert_eq!(live, [".e.example.com.other.v1", "e.example.com.other"]);
    assert!(!s.cfg.join("archive/e.example.com").exists());
    assert!(s.cfg.join("archive/e.example.com.other/cert1.pem").exists());
    assert!(!s.cfg.join("renewal/e.example.com.conf").exists());
    assert!(s.cfg.join("renewal/e.example.com.other.conf").exists());
    assert!(s.live("e.example.com.other", "privkey.pem").exists());
    assert_eq!(s.status("e.example.com.other").0, "Valid");
    assert!(s.cfg.join("accounts").exists(), "the account stays");
    let (_, body) = s
        .pebble
        .get_mgmt(&format!("/cert-status-by-serial/{serial}"));
    assert!(body.contains("\"Revoked\""), "{body}");
}
