//! The JSON objects that more than one command prints, so that a field means one thing and has
//! one type everywhere (`docs/json.md` is the contract): a certificate, an account, an error.

use serde_json::{Map, Value, json};

use crate::renewing::survey::Lineage;
use crate::storage::Layout;
use crate::storage::account::AccountRecord;
use acme::identifiers::Identifier;
use acme::protocol::{Problem, find_problem};
use acme::time;

/// A certificate as stored: names, serial, dates, how it renews, and where its files are.
pub fn certificate(layout: &Layout, l: &Lineage) -> Map<String, Value> {
    let live = layout.live(&l.name);
    let has_key = live.join("privkey.pem").exists();
    let conf = &l.conf;
    let v = json!({
        "cert_name": l.name,
        "domains": l.cert.identifiers.iter().map(Identifier::value).collect::<Vec<_>>(),
        "serial": l.cert.serial_hex(),
        "not_before": time::format_rfc3339(l.cert.not_before),
        "not_after": time::format_rfc3339(l.cert.not_after),
        "key_type": conf.key_type.map(|k| k.as_str()),
        "method": conf.method.as_ref().map_or("", |m| m.as_str()),
        "server": conf.server,
        "fallback_servers": conf.fallback_servers,
        "issued_by": l.issuing_server(),
        "account": conf.account,
        "live_dir": live,
        "cert": live.join("cert.pem"),
        "chain": live.join("chain.pem"),
        "fullchain": live.join("fullchain.pem"),
        "privkey": has_key.then(|| live.join("privkey.pem")),
        "renewal_conf": layout.renewal_conf(&l.name),
        "require_trusted_chain": conf.options.require_trusted_chain,
        "hooks": {
            "pre_hook": conf.pre_hook,
            "deploy_hook": conf.deploy_hook,
            "post_hook": conf.post_hook,
            "failure_hook": conf.failure_hook,
        },
    });
    match v {
        Value::Object(m) => m,
        _ => unreachable!("json! of an object"),
    }
}

/// An account as stored, with `created` the time it was registered.
pub fn account(layout: &Layout, r: &AccountRecord) -> Map<String, Value> {
    let v = json!({
        "account": r.url,
        "server": r.server,
        "status": r.status,
        "contact": r.contact,
        "key_type": r.key_type,
        "created": r.created,
        "account_dir": layout.account_dir(&r.server),
    });
    match v {
        Value::Object(m) => m,
        _ => unreachable!("json! of an object"),
    }
}

/// `object` with `extra`'s fields added (or replaced).
pub fn with(mut object: Map<String, Value>, extra: Value) -> Value {
    if let Value::Object(e) = extra {
        object.extend(e);
    }
    Value::Object(object)
}

/// What went wrong, for scripts: `kind` (usage, ca, validation, failed), the message as printed,
/// the CA's problem document with its subproblems, the hint, and the exit code.
pub fn error(err: &anyhow::Error) -> Value {
    let validation = err
        .chain()
        .find_map(|e| e.downcast_ref::<crate::issuing::issuance::ValidationFailed>());
    let problem = find_problem(err).or(validation.and_then(|v| v.first_problem.as_ref()));
    let exit_code = crate::cli::error::exit_code(err);
    let kind = if exit_code == 2 {
        "usage"
    } else if validation.is_some() {
        "validation"
    } else if problem.is_some() {
        "ca"
    } else {
        "failed"
    };
    json!({
        "kind": kind,
        "message": format!("{err:#}"),
        "problem": problem.map(problem_json),
        "hint": crate::cli::hints::hint(err),
        "exit_code": exit_code,
    })
}

/// A usage error found by the command-line parser, before any command ran.
pub fn usage_error(message: &str, exit_code: u8) -> Value {
    json!({
        "error": {
            "kind": "usage",
            "message": message
                .trim_start_matches("error: ")
                .split("\n\nFor more information")
                .next()
                .unwrap_or(message)
                .trim_end(),
            "problem": null,
            "hint": null,
            "exit_code": exit_code,
        }
    })
}

/// RFC 7807/8555 §6.7 problem document, as the CA sent it.
pub fn problem_json(p: &Problem) -> Value {
    json!({
        "type": p.kind,
        "detail": p.detail,
        "status": p.status,
        "subproblems": p.subproblems.iter().map(|s| json!({
            "type": s.kind,
            "detail": s.detail,
            "identifier": s.identifier,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use acme::protocol::Subproblem;

    #[test]
    fn a_ca_problem_keeps_its_type_detail_and_subproblems() {
        let err = anyhow::Error::new(Problem {
            kind: "urn:ietf:params:acme:error:rejectedIdentifier".into(),
            detail: "two names refused".into(),
            status: Some(400),
            subproblems: vec![Subproblem {
                kind: "urn:ietf:params:acme:error:rejectedIdentifier".into(),
                detail: "bad.example is blocked".into(),
                identifier: Some(json!({"type": "dns", "value": "bad.example"})),
            }],
            ..Problem::default()
        })
        .context("placing the order failed");
        let v = error(&err);
        assert_eq!(v["kind"], "ca");
        assert_eq!(v["exit_code"], 1);
        assert_eq!(v["problem"]["status"], 400);
        assert_eq!(
            v["problem"]["subproblems"][0]["identifier"]["value"],
            "bad.example"
        );
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .starts_with("placing the order failed: ")
        );
        assert_eq!(error(&crate::cli::error::usage("no"))["kind"], "usage");
    }
}
