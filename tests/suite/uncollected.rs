//! Orders finalized but not collected, as `acme list`, `acme list --json` and `acme check` show
//! them: Pebble plays the CA, and the fault proxy in front of it keeps a renewal's order
//! `processing` past `--max-wait` (so every test name says "through_fault_proxy").

use crate::common::*;
use crate::hostile::{proxy, via};
use crate::support::fault_proxy::{Fault, Rule};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;

const NAME: &str = "a.example.com";
const DAY: i64 = 86400;

fn json(out: &Output3) -> Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

/// The `check --json` problems of `kind`.
fn problems(check: &Value, kind: &str) -> Vec<Value> {
    check["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["kind"] == kind)
        .cloned()
        .collect()
}

/// A renewal whose order the CA is still processing at the deadline: `list` shows the order
/// (which CA, when finalized, until when it is remembered, that the next run collects it),
/// `check` warns once it is over a day old, and after the next run has collected it (without
/// ordering again) none of them shows it any more.
#[test]
fn an_uncollected_order_shows_in_list_and_check_until_collected_through_fault_proxy() {
    let env = Site::start();
    let p = proxy(&env, Vec::new());
    let www = env.www.to_str().unwrap().to_string();
    let out = run(via(&env, &p).args(["issue", "-d", NAME, "--webroot", &www, "--agree-tos"]));
    assert_eq!(out.code, 0, "{}", out.stderr);

    // The renewal finalizes; the CA then says `processing` until acme's deadline.
    p.set_rules(vec![
        Rule::always("/finalize-order/", Fault::NotYet("600".into())),
        Rule::always("/my-order/", Fault::NotYet("600".into())),
    ]);
    let out = run(via(&env, &p).args(["renew", "--force", "--no-random-sleep", "--max-wait", "1"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        p.faults_applied() > 0,
        "the CA never stalled: {:?}",
        p.seen()
    );
    let file = env.cfg.join(format!("pending/{NAME}.json"));
    let remembered: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let order_url = remembered[0]["order_url"].as_str().unwrap().to_string();
    let finalized = remembered[0]["finalized_at"].as_i64().unwrap();

    let list = env.acme(&["list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(
        list.stdout.contains(&format!(
            "  waiting:    uncollected order {order_url} at {}",
            p.directory_url
        )) && list.stdout.contains("remembered until")
            && list
                .stdout
                .contains("next run: asks that CA for its certificate and installs it"),
        "{}",
        list.stdout
    );
    let listed = json(&env.acme(&["--json", "list"]));
    let orders = listed[0]["uncollected_orders"].as_array().expect("a list");
    assert_eq!(orders.len(), 1, "{listed:#}");
    let o = &orders[0];
    assert_eq!(o["server"], p.directory_url.as_str());
    assert_eq!(o["order_url"], order_url.as_str());
    assert_eq!(o["identifiers"], serde_json::json!([NAME]));
    assert_eq!(o["next_run"], "collect");
    assert!(o["why"].is_null(), "{o:#}");
    assert_eq!(o["finalized_at"], acme::time::format_rfc3339(finalized));
    assert_eq!(
        o["remembered_until"],
        acme::time::format_rfc3339(finalized + 14 * DAY)
    );
    assert!(o.get("key_pem").is_none(), "no key in the listing: {o:#}");

    // Minutes old: not yet a matter for the monitor.
    let check = json(&env.acme(&["--json", "check"]));
    assert!(
        problems(&check, "uncollected_order").is_empty(),
        "{check:#}"
    );

    // As a run two days ago would have left it (the file keeps its mode 0600).
    let mut aged = remembered.clone();
    aged[0]["finalized_at"] = (finalized - 2 * DAY).into();
    std::fs::write(&file, serde_json::to_vec(&aged).unwrap()).unwrap();
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let seen_before = p.seen().len();
    let out = env.acme(&["check"]);
    assert_eq!(out.code, 1, "WARNING: {}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.starts_with("ACME WARNING")
            && out
                .stdout
                .contains(&format!("WARNING {NAME}: the order {order_url} finalized"))
            && out.stdout.contains("is not collected after 2 days"),
        "{}",
        out.stdout
    );
    let check = json(&env.acme(&["--json", "check"]));
    let found = problems(&check, "uncollected_order");
    assert_eq!(found.len(), 1, "{check:#}");
    assert_eq!(found[0]["severity"], "WARNING");
    assert_eq!(p.seen().len(), seen_before, "check asked the CA");

    // The CA has issued meanwhile: the next run collects it, and nothing shows it any more.
    p.clear_rules();
    let out = run(via(&env, &p).args(["renew", "--no-random-sleep"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!file.exists(), "the order is still remembered");
    let orders_placed = p
        .seen()
        .iter()
        .filter(|s| s.path.contains("/order-plz"))
        .count();
    assert_eq!(orders_placed, 2, "the collecting run ordered again");
    let list = env.acme(&["list"]);
    assert!(!list.stdout.contains("uncollected"), "{}", list.stdout);
    let listed = json(&env.acme(&["--json", "list"]));
    assert_eq!(listed[0]["uncollected_orders"], serde_json::json!([]));
    let check = json(&env.acme(&["--json", "check"]));
    assert!(
        problems(&check, "uncollected_order").is_empty(),
        "{check:#}"
    );
    assert_eq!(check["status"], "OK", "{check:#}");
}

/// A remembered-orders file that does not parse, or one planted as a link: `list` and `check`
/// say so as a warning naming the file, and go on with everything else.
#[test]
fn an_unreadable_or_linked_pending_file_is_a_warning_not_a_crash() {
    let env = Site::start();
    let out = env.issue(&[NAME], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let dir = env.cfg.join("pending");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let file = dir.join(format!("{NAME}.json"));
    let elsewhere = env.root().join("elsewhere.json");
    std::fs::write(&elsewhere, "[]").unwrap();
    std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o600)).unwrap();
    let cases: [(&str, &dyn Fn()); 2] = [
        ("is unreadable", &|| {
            std::fs::write(&file, "{ torn").unwrap();
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }),
        ("symbolic link", &|| {
            std::os::unix::fs::symlink(&elsewhere, &file).unwrap();
        }),
    ];
    for (what, make) in cases {
        let _ = std::fs::remove_file(&file);
        make();
        let list = env.acme(&["list"]);
        assert_eq!(list.code, 0, "{what}: {}", list.stderr);
        assert!(
            list.stdout
                .contains("warning:    the orders finalized earlier cannot be read")
                && list.stdout.contains(what)
                && list.stdout.contains("expires:"),
            "{what}: {}",
            list.stdout
        );
        let listed = json(&env.acme(&["--json", "list"]));
        assert!(listed[0]["uncollected_orders"].is_null(), "{listed:#}");
        let out = env.acme(&["--json", "check"]);
        assert_eq!(out.code, 1, "{what}: {}", out.stdout);
        let check = json(&out);
        let found = problems(&check, "pending_unreadable");
        assert_eq!(found.len(), 1, "{check:#}");
        assert!(
            found[0]["message"]
                .as_str()
                .unwrap()
                .contains(file.to_str().unwrap()),
            "{check:#}"
        );
    }
}

/// A first `issue` whose order the CA is still processing at the deadline leaves no lineage,
/// so `renew` never runs for it: `list` still shows the name with its waiting order and says
/// that `acme issue` collects it, `check` warns once it is over a day old, and the `issue` run
/// again installs the certificate without ordering again.
#[test]
fn an_uncollected_first_issue_shows_in_list_and_check_through_fault_proxy() {
    let env = Site::start();
    let p = proxy(
        &env,
        vec![
            Rule::always("/finalize-order/", Fault::NotYet("600".into())),
            Rule::always("/my-order/", Fault::NotYet("600".into())),
        ],
    );
    let www = env.www.to_str().unwrap().to_string();
    let issue = ["issue", "-d", NAME, "--webroot", &www, "--agree-tos"];
    let out = run(via(&env, &p).args(issue).args(["--max-wait", "1"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        p.faults_applied() > 0,
        "the CA never stalled: {:?}",
        p.seen()
    );
    assert!(!env.cfg.join(format!("renewal/{NAME}.conf")).exists());
    let file = env.cfg.join(format!("pending/{NAME}.json"));
    let remembered: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let order_url = remembered[0]["order_url"].as_str().unwrap().to_string();

    let list = env.acme(&["list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(
        list.stdout
            .starts_with(&format!("{NAME}\n  error:      no certificate yet"))
            && list.stdout.contains(&format!(
                "  waiting:    uncollected order {order_url} at {}",
                p.directory_url
            ))
            && list
                .stdout
                .contains(&format!("`acme issue -d {NAME}` only")),
        "{}",
        list.stdout
    );
    let listed = json(&env.acme(&["--json", "list"]));
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed:#}");
    assert_eq!(listed[0]["cert_name"], NAME);
    assert!(listed[0]["error"]["message"].is_string(), "{listed:#}");
    let o = &listed[0]["uncollected_orders"][0];
    assert_eq!(o["order_url"], order_url.as_str());
    assert_eq!(o["next_run"], "collect");
    assert!(o["why"].as_str().unwrap().contains("acme issue"), "{o:#}");

    let check = json(&env.acme(&["--json", "check"]));
    assert_eq!(check["certificates"], 1, "{check:#}");
    assert!(
        problems(&check, "uncollected_order").is_empty(),
        "{check:#}"
    );
    let mut aged = remembered.clone();
    aged[0]["finalized_at"] = (aged[0]["finalized_at"].as_i64().unwrap() - 2 * DAY).into();
    std::fs::write(&file, serde_json::to_vec(&aged).unwrap()).unwrap();
    let out = env.acme(&["--json", "check"]);
    assert_eq!(out.code, 1, "WARNING: {}", out.stdout);
    let check = json(&out);
    let found = problems(&check, "uncollected_order");
    assert_eq!(found.len(), 1, "{check:#}");
    assert_eq!(found[0]["cert_name"], NAME);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("only `acme issue` of its names collects it"),
        "{check:#}"
    );

    p.clear_rules();
    let out = run(via(&env, &p).args(issue));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!file.exists(), "the order is still remembered");
    let placed = p
        .seen()
        .iter()
        .filter(|s| s.path.contains("/order-plz"))
        .count();
    assert_eq!(placed, 1, "the collecting run ordered again");
    let listed = json(&env.acme(&["--json", "list"]));
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed:#}");
    assert_eq!(listed[0]["uncollected_orders"], serde_json::json!([]));
    assert!(listed[0]["error"].is_null(), "{listed:#}");
    let check = json(&env.acme(&["--json", "check"]));
    assert_eq!(check["status"], "OK", "{check:#}");
}
