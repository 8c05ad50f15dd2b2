//! `--json` is a contract (docs/json.md): every command prints exactly one JSON document on
//! stdout, on success and on failure, with the same field names and types across commands.
//! Checked field by field against a real Pebble.

use crate::common::*;

use serde_json::Value;

/// Runs `acme --json <args>`: stdout must be one JSON document.
fn json(s: &Site, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["--json"];
    all.extend(args);
    let out = s.acme(&all);
    let v: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "acme {args:?}: stdout is not one JSON document ({e}):\n{}\n--- stderr ---\n{}",
            out.stdout, out.stderr
        )
    });
    (out.code, v, out.stderr)
}

fn is_time(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|t| t.len() >= 20 && t.as_bytes()[4] == b'-' && t.contains('T'))
}

fn is_path_under(v: &Value, dir: &std::path::Path) -> bool {
    v.as_str()
        .is_some_and(|p| std::path::Path::new(p).starts_with(dir))
}

/// The error document: kind, message, problem, hint, exit code, and nothing else on stdout.
fn assert_error(v: &Value, code: i32, kind: &str) {
    let e = &v["error"];
    assert_eq!(e["kind"], kind, "{v:#}");
    assert_eq!(e["exit_code"], code, "{v:#}");
    assert!(
        e["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{v:#}"
    );
    assert!(
        e.get("problem").is_some() && e.get("hint").is_some(),
        "{v:#}"
    );
    assert_eq!(v.as_object().unwrap().len(), 1, "only `error`: {v:#}");
}

/// The certificate object shared by issue, renew and list.
fn assert_certificate(v: &Value, s: &Site, name: &str, domains: &[&str]) {
    assert_eq!(v["cert_name"], name, "{v:#}");
    assert_eq!(v["domains"], serde_json::json!(domains), "{v:#}");
    assert!(
        v["serial"]
            .as_str()
            .is_some_and(|x| x.chars().all(|c| c.is_ascii_hexdigit())),
        "{v:#}"
    );
    assert!(
        is_time(&v["not_before"]) && is_time(&v["not_after"]),
        "{v:#}"
    );
    assert_eq!(v["key_type"], "ecdsa-p256");
    assert_eq!(v["method"], "webroot");
    assert_eq!(v["server"], s.pebble.directory_url.as_str());
    assert!(
        v["account"]
            .as_str()
            .is_some_and(|a| a.starts_with("https://")),
        "{v:#}"
    );
    let live = s.cfg.join("live").join(name);
    assert_eq!(v["live_dir"], live.to_str().unwrap());
    for (field, file) in [
        ("cert", "cert.pem"),
        ("chain", "chain.pem"),
        ("fullchain", "fullchain.pem"),
        ("privkey", "privkey.pem"),
    ] {
        assert_eq!(
            v[field],
            live.join(file).to_str().unwrap(),
            "{field}: {v:#}"
        );
        assert!(live.join(file).exists());
    }
    assert!(
        is_path_under(&v["renewal_conf"], &s.cfg.join("renewal")),
        "{v:#}"
    );
    let hooks = v["hooks"].as_object().expect("hooks object");
    for h in ["pre_hook", "deploy_hook", "post_hook"] {
        assert!(hooks[h].is_null() || hooks[h].is_string(), "{v:#}");
    }
}

/// The account object shared by register and the account commands.
fn assert_account(v: &Value, s: &Site) {
    assert!(
        v["account"]
            .as_str()
            .is_some_and(|a| a.starts_with("https://")),
        "{v:#}"
    );
    assert_eq!(v["server"], s.pebble.directory_url.as_str());
    assert!(v["status"].is_string() && v["contact"].is_array(), "{v:#}");
    assert!(v["key_type"].is_string(), "{v:#}");
    assert!(is_time(&v["created"]), "`created` is a timestamp: {v:#}");
    assert!(
        is_path_under(&v["account_dir"], &s.cfg.join("accounts")),
        "{v:#}"
    );
}

#[test]
fn every_command_prints_one_json_document_on_success_and_on_failure() {
    // No authorization reuse: the failing renewal below must really be validated.
    let s = Site::start_with(PebbleOpts {
        env: vec![("PEBBLE_AUTHZREUSE".into(), "0".into())],
        ..PebbleOpts::default()
    });
    let w = s.www.to_str().unwrap();

    // ---- usage errors, found by the parser and by the commands
    let (code, v, _) = json(&s, &["issue", "--key-type", "dsa", "-d", "a.example.com"]);
    assert_eq!(code, 2);
    assert_error(&v, 2, "usage");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--key-type"),
        "{v:#}"
    );
    let (code, v, _) = json(&s, &["list", "--cert-name", "nope.example.com"]);
    assert_eq!(code, 2);
    assert_error(&v, 2, "usage");
    let (code, v, _) = json(&s, &["import-certbot", "--from", w]);
    assert_eq!(code, 2);
    assert_error(&v, 2, "usage");

    // ---- register: the account, `new` the boolean, `created` the timestamp
    let (code, v, err) = json(&s, &["register", "--agree-tos", "-m", "ops@example.com"]);
    assert_eq!(code, 0, "{err}");
    assert_account(&v, &s);
    assert_eq!(v["new"], true);
    assert_eq!(v["contact"], serde_json::json!(["mailto:ops@example.com"]));
    let (_, again, _) = json(&s, &["register", "--agree-tos"]);
    assert_eq!(again["new"], false);
    assert_eq!(again["created"], v["created"]);

    // ---- account show / update / rollover
    let (code, v, err) = json(&s, &["account", "show"]);
    assert_eq!(code, 0, "{err}");
    assert_account(&v, &s);
    let (code, v, err) = json(&s, &["account", "update", "-m", "new@example.com"]);
    assert_eq!(code, 0, "{err}");
    assert_account(&v, &s);
    assert_eq!(v["contact"], serde_json::json!(["mailto:new@example.com"]));
    let (code, v, err) = json(&s, &["account", "rollover", "--key-type", "ecdsa-p384"]);
    assert_eq!(code, 0, "{err}");
    assert_account(&v, &s);
    assert_eq!(v["key_type"], "ecdsa-p384");

    // ---- issue: success, then a challenge the CA cannot validate
    let (code, v, err) = json(
        &s,
        &[
            "issue",
            "-d",
            "j.example.com",
            "-d",
            "www.j.example.com",
            "--webroot",
            w,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["status"], "issued");
    assert_eq!(v["version"], 1);
    assert_certificate(
        &v,
        &s,
        "j.example.com",
        &["j.example.com", "www.j.example.com"],
    );
    let unserved = s.root().join("unserved");
    std::fs::create_dir_all(&unserved).unwrap();
    let (code, v, _) = json(
        &s,
        &[
            "issue",
            "-d",
            "fail.example.com",
            "--webroot",
            unserved.to_str().unwrap(),
            "--no-self-check",
        ],
    );
    assert_eq!(code, 1);
    assert_error(&v, 1, "validation");
    let p = &v["error"]["problem"];
    assert!(
        p["type"]
            .as_str()
            .unwrap()
            .starts_with("urn:ietf:params:acme:error:"),
        "{v:#}"
    );
    assert!(
        p["detail"].is_string() && p["subproblems"].is_array(),
        "{v:#}"
    );
    assert!(v["error"]["hint"].is_string(), "{v:#}");

    // ---- list: the certificate object plus when it renews
    let (code, v, err) = json(&s, &["list"]);
    assert_eq!(code, 0, "{err}");
    let rows = v.as_array().expect("list is an array");
    assert_eq!(rows.len(), 1, "{v:#}");
    assert_certificate(
        &rows[0],
        &s,
        "j.example.com",
        &["j.example.com", "www.j.example.com"],
    );
    assert!(
        rows[0]["days_left"].is_i64() && rows[0]["due"] == false,
        "{v:#}"
    );
    assert!(is_time(&rows[0]["next_renewal"]) && rows[0]["why"].is_string());
    assert_eq!(rows[0]["revoked"], false);

    // ---- renew: a renewed certificate carries the whole object
    let (code, v, err) = json(&s, &["renew", "--force", "--no-random-sleep"]);
    assert_eq!(code, 0, "{err}");
    let r = &v.as_array().expect("renew is an array")[0];
    assert_eq!(r["status"], "renewed");
    assert_eq!(r["version"], 2);
    assert!(r["hook_error"].is_null());
    assert_certificate(
        r,
        &s,
        "j.example.com",
        &["j.example.com", "www.j.example.com"],
    );
    assert_ne!(r["serial"], rows[0]["serial"], "a new certificate");
    // Not due: status, due_at, why.
    let (code, v, _) = json(&s, &["renew", "--no-random-sleep"]);
    assert_eq!(code, 0);
    assert_eq!(v[0]["status"], "not_due");
    assert!(is_time(&v[0]["due_at"]) && v[0]["why"].is_string(), "{v:#}");

    // ---- renew failing: the item has an error object with the CA's problem
    let conf = s.cfg.join("renewal/j.example.com.conf");
    let text = std::fs::read_to_string(&conf).unwrap();
    let text = text.replace(w, unserved.to_str().unwrap()) + "self_check = false\n";
    std::fs::write(&conf, text).unwrap();
    let (code, v, _) = json(&s, &["renew", "--force", "--no-random-sleep"]);
    assert_eq!(code, 1);
    let r = &v.as_array().expect("still the array of results")[0];
    assert_eq!(r["status"], "failed");
    assert!(r["why"].is_string());
    assert_eq!(r["error"]["kind"], "validation", "{v:#}");
    assert_eq!(r["error"]["exit_code"], 1);
    assert!(r["error"]["problem"]["type"].is_string(), "{v:#}");

    // ---- limits
    let (code, v, err) = json(&s, &["limits"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["server"], s.pebble.directory_url.as_str());
    assert!(v["limits"].is_array() && v.get("table").is_some(), "{v:#}");

    // ---- revoke: success, then a lineage that does not exist
    let (code, v, err) = json(&s, &["revoke", "--cert-name", "j.example.com"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["cert_name"], "j.example.com");
    assert_eq!(
        v["domains"],
        serde_json::json!(["j.example.com", "www.j.example.com"])
    );
    assert!(
        v["serial"].is_string() && v["already_revoked"] == false,
        "{v:#}"
    );
    let (code, v, _) = json(&s, &["revoke", "--cert-name", "nope.example.com"]);
    assert_eq!(code, 2);
    assert_error(&v, 2, "usage");

    // ---- account deactivate, then show fails with the CA's refusal
    let (code, v, err) = json(&s, &["account", "deactivate", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_account(&v, &s);
    assert_eq!(v["status"], "deactivated");
    let (code, v, _) = json(&s, &["account", "update", "-m", "x@example.com"]);
    assert_ne!(code, 0);
    assert_error(&v, code, v["error"]["kind"].as_str().unwrap());
}

/// The commands added after the contract was written keep it too: `check`, `reconfigure`,
/// `delete` and `profiles`, each on success and on failure.
#[test]
fn check_reconfigure_delete_and_profiles_keep_the_contract() {
    let s = Site::start();

    // ---- check with no certificate: UNKNOWN (3), still one document
    let (code, v, _) = json(&s, &["check"]);
    assert_eq!(code, 3, "{v:#}");
    assert_eq!(v["status"], "UNKNOWN", "{v:#}");
    assert_eq!(v["exit_code"], 3);

    // ---- reconfigure / delete of a lineage that does not exist: the error object
    let (code, v, _) = json(
        &s,
        &["reconfigure", "--cert-name", "nope.example", "--no-dry-run"],
    );
    assert_eq!(code, 2);
    assert_error(&v, 2, "usage");
    let (code, v, _) = json(&s, &["delete", "--cert-name", "nope.example", "--yes"]);
    assert_eq!(code, 2);
    assert_error(&v, 2, "usage");

    let out = s.issue(&["k.example.com"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);

    // ---- check with one healthy certificate: OK, counts it, no problems
    let (code, v, err) = json(&s, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["status"], "OK", "{v:#}");
    assert_eq!(v["exit_code"], 0);
    assert_eq!(v["certificates"], 1);
    assert_eq!(v["problems"], serde_json::json!([]));
    // A threshold beyond the lifetime makes it CRITICAL, with one typed problem line.
    let (code, v, _) = json(&s, &["check", "--warn-days", "400", "--crit-days", "300"]);
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(v["status"], "CRITICAL");
    let p = &v["problems"][0];
    assert_eq!(p["cert_name"], "k.example.com", "{v:#}");
    assert_eq!(p["severity"], "CRITICAL", "{v:#}");
    assert!(p["kind"].is_string() && p["message"].is_string(), "{v:#}");

    // ---- reconfigure: saved without a check, then the same settings again are unchanged
    let args = [
        "reconfigure",
        "--cert-name",
        "k.example.com",
        "--deploy-hook",
        "true",
        "--no-dry-run",
    ];
    let (code, v, err) = json(&s, &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["status"], "reconfigured", "{v:#}");
    assert_eq!(v["cert_name"], "k.example.com");
    assert_eq!(v["checked"], false);
    let (code, v, err) = json(&s, &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["status"], "unchanged", "{v:#}");

    // ---- profiles: an array of {name, description, max_names}
    let (code, v, err) = json(&s, &["profiles"]);
    assert_eq!(code, 0, "{err}");
    let rows = v.as_array().expect("profiles is an array");
    assert!(!rows.is_empty(), "Pebble offers its default profile: {v:#}");
    for r in rows {
        assert!(
            r["name"].is_string() && r["description"].is_string(),
            "{v:#}"
        );
        assert!(r["max_names"].is_null() || r["max_names"].is_u64(), "{v:#}");
    }

    // ---- delete: the paths it removed, all under the config dir, and gone
    let (code, v, err) = json(&s, &["delete", "--cert-name", "k.example.com", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["status"], "deleted", "{v:#}");
    assert_eq!(v["cert_name"], "k.example.com");
    let deleted = v["deleted"].as_array().expect("deleted is an array");
    assert!(!deleted.is_empty(), "{v:#}");
    for p in deleted {
        assert!(is_path_under(p, &s.cfg), "{v:#}");
        assert!(!std::path::Path::new(p.as_str().unwrap()).exists(), "{p}");
    }
}
