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
    s.pebble.forget_validations(&s.cfg);
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

/// One `hook_failures` entry: which hook, its command, and the error object of its failure.
fn assert_hook_failure(f: &Value, hook: &str, command: &str, exited: i32) {
    assert_eq!(f["hook"], hook, "{f:#}");
    assert_eq!(f["command"], command, "{f:#}");
    let e = &f["error"];
    assert_eq!(e["kind"], "failed", "{f:#}");
    assert_eq!(e["exit_code"], 1, "{f:#}");
    let m = e["message"].as_str().unwrap_or_default();
    assert!(
        m.contains(hook) && m.contains(&format!("exited with {exited}")),
        "{f:#}"
    );
    assert!(
        e.get("problem").is_some() && e.get("hint").is_some(),
        "{f:#}"
    );
}

/// A failing pre, post or deploy hook is in the JSON document, not only on stderr and in the
/// exit code: `renew`'s items carry `hook_failures` (the run's pre/post hooks for each lineage
/// they ran for, then its own deploy hooks), `issue`'s result carries it, and when `issue`
/// fails its error document does.
#[test]
fn hook_failures_are_in_the_json_documents_of_renew_and_issue() {
    let s = Site::start();
    let w = s.www.to_str().unwrap();
    let first = s.issue(&["h.example.com"], &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);

    // ---- renew: pre, post and deploy hooks all fail; the certificate is renewed anyway
    let (code, v, err) = json(
        &s,
        &[
            "renew",
            "--force",
            "--no-random-sleep",
            "--pre-hook",
            "exit 3",
            "--post-hook",
            "exit 4",
            "--deploy-hook",
            "exit 5",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let r = &v.as_array().expect("renew is an array")[0];
    assert_eq!(r["status"], "renewed", "{v:#}");
    assert_eq!(r["version"], 2, "{v:#}");
    let failures = r["hook_failures"].as_array().expect("hook_failures array");
    assert_eq!(failures.len(), 3, "{v:#}");
    assert_hook_failure(&failures[0], "pre-hook", "exit 3", 3);
    assert_hook_failure(&failures[1], "post-hook", "exit 4", 4);
    assert_hook_failure(&failures[2], "deploy-hook", "exit 5", 5);
    assert!(
        r["hook_error"]
            .as_str()
            .is_some_and(|e| e.contains("exited with 5")),
        "the lineage's own failure, as before: {v:#}"
    );
    // Not due: no hook runs, none failed.
    let (code, v, err) = json(&s, &["renew", "--no-random-sleep", "--pre-hook", "exit 3"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v[0]["status"], "not_due", "{v:#}");
    assert_eq!(v[0]["hook_failures"], serde_json::json!([]), "{v:#}");

    // ---- issue: issued, but the deploy and post hooks fail: the result says so, exit 1
    let (code, v, err) = json(
        &s,
        &[
            "issue",
            "-d",
            "i.example.com",
            "--webroot",
            w,
            "--deploy-hook",
            "exit 5",
            "--post-hook",
            "exit 4",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["status"], "issued", "{v:#}");
    assert_certificate(&v, &s, "i.example.com", &["i.example.com"]);
    let failures = v["hook_failures"].as_array().expect("hook_failures array");
    assert_eq!(failures.len(), 2, "{v:#}");
    assert_hook_failure(&failures[0], "deploy-hook", "exit 5", 5);
    assert_hook_failure(&failures[1], "post-hook", "exit 4", 4);
    assert!(
        err.contains("exited with 5") && err.contains("exited with 4"),
        "{err}"
    );
    assert!(
        err.contains("the new certificate of \"i.example.com\" is live, but"),
        "says the certificate is live all the same: {err}"
    );
    // Not due: nothing ordered, no hook run.
    let (code, v, err) = json(&s, &["issue", "-d", "i.example.com", "--webroot", w]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["status"], "unchanged", "{v:#}");
    assert_eq!(v["hook_failures"], serde_json::json!([]), "{v:#}");

    // ---- issue failing at its pre-hook, with the post-hook failing too: the error document
    // names the pre-hook, and carries both failures.
    let (code, v, err) = json(
        &s,
        &[
            "issue",
            "-d",
            "k.example.com",
            "--webroot",
            w,
            "--pre-hook",
            "exit 3",
            "--post-hook",
            "exit 4",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let e = &v["error"];
    assert_eq!(e["kind"], "failed", "{v:#}");
    assert!(
        e["message"]
            .as_str()
            .is_some_and(|m| m.contains("nothing was ordered") && m.contains("pre-hook")),
        "{v:#}"
    );
    let failures = v["hook_failures"].as_array().expect("hook_failures array");
    assert_eq!(failures.len(), 2, "{v:#}");
    assert_hook_failure(&failures[0], "pre-hook", "exit 3", 3);
    assert_hook_failure(&failures[1], "post-hook", "exit 4", 4);
    assert!(
        err.contains("exited with 4"),
        "the post-hook's failure on stderr: {err}"
    );
    assert!(!s.live("k.example.com", "cert.pem").exists());
}

/// `import-certbot`'s result, field by field: from a real certbot tree (one lineage, an
/// account, hook directories with a script and a file certbot would not run), then again
/// (everything already imported), then with a differing hook script already here (not
/// imported: `why` and the error object, exit 1, still one document).
#[test]
fn import_certbot_result_is_checked_field_by_field() {
    use std::os::unix::fs::PermissionsExt;
    let s = Site::start();
    crate::import_certbot::certbot(&s.pebble, s.root(), &s.www, &["c.example.com"], &[]);
    let src = s.root().join("etc");
    let pre = src.join("renewal-hooks/pre");
    std::fs::create_dir_all(&pre).unwrap();
    std::fs::write(pre.join("10-stop"), "#!/bin/sh\ntrue\n").unwrap();
    std::fs::set_permissions(pre.join("10-stop"), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(pre.join("README"), "not a hook\n").unwrap();
    let from = src.to_str().unwrap();
    let hook_path = s.cfg.join("renewal-hooks/pre/10-stop");

    let (code, v, err) = json(&s, &["import-certbot", "--from", from]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["from"], from, "{v:#}");
    let imported: Vec<&str> = v["imported"]
        .as_array()
        .expect("imported array")
        .iter()
        .map(|i| i.as_str().expect("strings"))
        .collect();
    assert_eq!(imported.len(), 3, "{v:#}");
    assert!(imported[0].starts_with("account https://"), "{v:#}");
    assert_eq!(
        imported[1..],
        [
            "certificate c.example.com",
            "hook renewal-hooks/pre/10-stop"
        ]
    );
    assert_eq!(v["already_imported"], serde_json::json!([]), "{v:#}");
    assert_eq!(v["not_imported"], serde_json::json!([]), "{v:#}");
    let notes = v["notes"].as_object().expect("notes object");
    assert_eq!(notes.len(), 1, "{v:#}");
    let hook_notes = notes["renewal-hooks"].as_array().unwrap();
    assert_eq!(hook_notes.len(), 1, "{v:#}");
    assert!(
        hook_notes[0]
            .as_str()
            .is_some_and(|n| n.contains("README is not executable")),
        "{v:#}"
    );
    let items = v["items"].as_array().expect("items array");
    assert_eq!(items.len(), 3, "{v:#}");
    let check_items = |items: &[Value], status: &str| {
        for it in items {
            assert_eq!(it["status"], status, "{it:#}");
            assert!(it["why"].is_null() && it["error"].is_null(), "{it:#}");
            assert!(it["notes"].is_array(), "{it:#}");
        }
        let (acct, cert, hook) = (&items[0], &items[1], &items[2]);
        assert_eq!(acct["kind"], "account", "{acct:#}");
        let url = acct["account"].as_str().expect("account URL");
        assert!(url.starts_with("https://"), "{acct:#}");
        assert_eq!(acct["server"], s.pebble.directory_url.as_str(), "{acct:#}");
        assert_eq!(
            acct["name"],
            format!("{url} ({})", s.pebble.directory_url),
            "{acct:#}"
        );
        assert_eq!(cert["kind"], "certificate", "{cert:#}");
        assert_eq!(cert["name"], "c.example.com", "{cert:#}");
        assert_certificate(
            &cert["certificate"],
            &s,
            "c.example.com",
            &["c.example.com"],
        );
        assert_eq!(cert["certificate"]["account"], url, "{cert:#}");
        assert_eq!(hook["kind"], "hook", "{hook:#}");
        assert_eq!(hook["name"], "renewal-hooks/pre/10-stop", "{hook:#}");
        assert_eq!(hook["hook"], "pre", "{hook:#}");
        assert_eq!(hook["path"], hook_path.to_str().unwrap(), "{hook:#}");
    };
    check_items(items, "imported");
    assert!(hook_path.exists());

    // ---- again: everything is already here
    let (code, again, err) = json(&s, &["import-certbot", "--from", from]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(again["imported"], serde_json::json!([]), "{again:#}");
    assert_eq!(again["already_imported"], v["imported"], "{again:#}");
    check_items(again["items"].as_array().unwrap(), "already_imported");

    // ---- a hook script of the same name that differs is not overwritten: not imported
    std::fs::write(&hook_path, "#!/bin/sh\necho mine\n").unwrap();
    let (code, v, _) = json(&s, &["import-certbot", "--from", from]);
    assert_eq!(code, 1, "{v:#}");
    let failed = v["not_imported"].as_array().expect("not_imported array");
    assert_eq!(failed.len(), 1, "{v:#}");
    assert_eq!(failed[0]["item"], "hook renewal-hooks/pre/10-stop", "{v:#}");
    assert!(
        failed[0]["why"]
            .as_str()
            .is_some_and(|w| w.contains("already exists and differs")),
        "{v:#}"
    );
    let it = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["status"] == "not_imported")
        .expect("the item not imported");
    assert_eq!(it["kind"], "hook", "{v:#}");
    assert_eq!(it["why"], failed[0]["why"], "{v:#}");
    assert_eq!(it["error"]["kind"], "failed", "{v:#}");
    assert_eq!(it["error"]["exit_code"], 1, "{v:#}");
    assert_eq!(it["error"]["message"], failed[0]["why"], "{v:#}");
    assert_eq!(
        std::fs::read_to_string(&hook_path).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
}

/// The commands whose failures the tests above do not reach fail with one error document too:
/// the account commands without an account, `register` without consent and refused by the CA
/// (its problem document kept; the CA's refusal injected by the fault proxy), `limits` for a
/// server that is no ACME URL, `profiles` for a CA that cannot be reached.
#[test]
fn account_register_limits_and_profiles_failures_are_error_documents_through_fault_proxy() {
    use crate::support::fault_proxy::{Fault, Rule};
    let s = Site::start();
    for args in [
        &["account", "show"][..],
        &["account", "update", "-m", "x@example.com"],
        &["account", "rollover"],
        &["account", "deactivate", "--yes"],
        &["register"],
    ] {
        let (code, v, err) = json(&s, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_error(&v, 2, "usage");
    }
    let (code, v, _) = json(&s, &["account", "show"]);
    assert_eq!(code, 2);
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("no account") && m.contains("acme register")),
        "{v:#}"
    );

    let p = crate::hostile::proxy(
        &s,
        vec![Rule::always(
            "/sign-me-up",
            Fault::ProblemDetail(400, "contacts refused here".into()),
        )],
    );
    let out = run(crate::hostile::via(&s, &p).args(["--json", "register", "--agree-tos"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).expect("one JSON document");
    assert_error(&v, 1, "ca");
    assert_eq!(
        v["error"]["problem"]["detail"], "contacts refused here",
        "{v:#}"
    );
    assert!(
        v["error"]["problem"]["type"]
            .as_str()
            .is_some_and(|t| t.starts_with("urn:ietf:params:acme:error:")),
        "{v:#}"
    );
    let (code, _, _) = json(&s, &["account", "show"]);
    assert_eq!(code, 2, "no account was saved");

    let (code, v, _) = json(&s, &["limits", "--server", "ftp://x"]);
    assert_eq!(code, 2);
    assert_error(&v, 2, "usage");
    let (code, v, _) = json(&s, &["profiles", "--server", "https://127.0.0.1:1/dir"]);
    assert_eq!(code, 1);
    assert_error(&v, 1, "failed");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("cannot reach")),
        "{v:#}"
    );
}
