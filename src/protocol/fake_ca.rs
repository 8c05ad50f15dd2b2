//! Unit tests of the client's retries, polling and recovery, against an in-process CA that
//! plays a script through the [`Transport`] trait, and a clock that only pretends to sleep:
//! each test runs in milliseconds and checks every wait the client asked for.
//!
//! Pebble plays the CA end to end in `tests/suite`; these tests cover what Pebble cannot be
//! made to do on cue (a `badNonce` at a given request, a 503 with `Retry-After`, a lost reply).

use anyhow::Result;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::order::{self, NotValidatedYet, OrderHandle, OrderOptions};
use super::revoke::{self, Revocation};
use super::types::{Order, Status};
use super::{Client, Clock, Response, Signer, Transport, TransportError, account};
use crate::crypto::{KeyPair, KeyType, b64url_decode};
use crate::error::Error;
use crate::identifiers::Identifier;

const DIR: &str = "https://ca.test/dir";
const ORDER: &str = "https://ca.test/order/1";

/// What the CA does with the next POST.
enum Step {
    Reply(Response),
    /// The connection fails: no reply at all.
    Drop,
}

/// A CA that answers the directory and newNonce by itself and POSTs from a script, recording
/// every request.
#[derive(Default)]
struct FakeCa {
    script: Mutex<VecDeque<Step>>,
    /// (method, url, the JWS protected header for POSTs).
    seen: Mutex<Vec<(String, String, Value)>>,
    nonces: Mutex<u32>,
}

impl FakeCa {
    fn new(steps: Vec<Step>) -> Arc<FakeCa> {
        Arc::new(FakeCa {
            script: Mutex::new(steps.into()),
            ..FakeCa::default()
        })
    }

    fn fresh_nonce(&self) -> String {
        let mut n = self.nonces.lock().unwrap();
        *n += 1;
        format!("nonce{n}")
    }

    fn record(&self, method: &str, url: &str, protected: Value) {
        self.seen
            .lock()
            .unwrap()
            .push((method.into(), url.into(), protected));
    }

    fn posts(&self) -> Vec<(String, Value)> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, _, _)| m == "POST")
            .map(|(_, u, p)| (u.clone(), p.clone()))
            .collect()
    }

    fn count(&self, method: &str) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, _, _)| m == method)
            .count()
    }
}

impl Transport for Arc<FakeCa> {
    fn get(&self, url: &str) -> Result<Response> {
        self.record("GET", url, Value::Null);
        assert_eq!(url, DIR, "only the directory is fetched with GET here");
        Ok(json_reply(
            200,
            json!({
                "newNonce": "https://ca.test/nonce",
                "newAccount": "https://ca.test/account",
                "newOrder": "https://ca.test/new-order",
                "revokeCert": "https://ca.test/revoke",
            }),
        ))
    }

    fn head(&self, url: &str) -> Result<Response> {
        self.record("HEAD", url, Value::Null);
        Ok(Response {
            status: 200,
            nonce: Some(self.fresh_nonce()),
            ..Response::default()
        })
    }

    fn post_jose(&self, url: &str, body: String) -> Result<Response> {
        let jws: Value = serde_json::from_str(&body)?;
        let protected = b64url_decode(jws["protected"].as_str().unwrap_or_default())?;
        self.record("POST", url, serde_json::from_slice(&protected)?);
        let step = self.script.lock().unwrap().pop_front();
        match step.unwrap_or_else(|| panic!("the script has no reply for POST {url}")) {
            Step::Drop => Err(anyhow::Error::new(TransportError(format!(
                "POST {url} failed: connection reset"
            )))),
            Step::Reply(mut r) => {
                r.nonce.get_or_insert_with(|| self.fresh_nonce());
                Ok(r)
            }
        }
    }
}

/// A clock whose `sleep` only moves `now` forward, and remembers each wait.
struct FakeClock {
    start: Instant,
    slept: Mutex<Vec<Duration>>,
}

impl FakeClock {
    fn new() -> Arc<FakeClock> {
        Arc::new(FakeClock {
            start: Instant::now(),
            slept: Mutex::new(Vec::new()),
        })
    }

    fn slept(&self) -> Vec<Duration> {
        self.slept.lock().unwrap().clone()
    }

    fn total(&self) -> Duration {
        self.slept().iter().sum()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.start + self.total()
    }

    fn sleep(&self, d: Duration) -> Result<()> {
        self.slept.lock().unwrap().push(d);
        Ok(())
    }
}

fn json_reply(status: u16, body: Value) -> Response {
    Response {
        status,
        content_type: "application/json".into(),
        body: body.to_string().into_bytes(),
        ..Response::default()
    }
}

fn problem(status: u16, kind: &str) -> Response {
    Response {
        content_type: "application/problem+json".into(),
        ..json_reply(
            status,
            json!({"type": format!("urn:ietf:params:acme:error:{kind}"), "detail": kind}),
        )
    }
}

fn with_retry_after(mut r: Response, secs: u64) -> Response {
    r.retry_after = Some(Duration::from_secs(secs));
    r
}

fn order_in(status: &str) -> Value {
    let mut o = json!({
        "status": status,
        "identifiers": [{"type": "dns", "value": "a.test"}],
        "authorizations": ["https://ca.test/authz/1"],
        "finalize": "https://ca.test/order/1/finalize",
    });
    if status == "valid" {
        o["certificate"] = json!("https://ca.test/cert/1");
    }
    o
}

fn order(status: &str) -> Order {
    serde_json::from_value(order_in(status)).unwrap()
}

fn client(ca: &Arc<FakeCa>, clock: &Arc<FakeClock>) -> Client {
    Client::builder()
        .transport(ca.clone())
        .clock(clock.clone())
        .connect(DIR)
        .unwrap()
}

fn key() -> KeyPair {
    KeyPair::generate(KeyType::EcdsaP256).unwrap()
}

/// RFC 8555 §6.5: "the client SHOULD retry the request using the new nonce" — the one that
/// came with the error, without asking newNonce again and without waiting.
#[test]
fn bad_nonce_is_retried_at_once_with_the_nonce_from_the_error() {
    let ca = FakeCa::new(vec![
        Step::Reply(Response {
            nonce: Some("fromtheerror".into()),
            ..problem(400, "badNonce")
        }),
        Step::Reply(json_reply(200, json!({}))),
    ]);
    let clock = FakeClock::new();
    let c = client(&ca, &clock);
    let key = key();
    c.post_as_get(ORDER, &Signer::Kid(&key, "https://ca.test/acct/1"))
        .unwrap();
    let posts = ca.posts();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[1].1["nonce"], "fromtheerror");
    assert_eq!(ca.count("HEAD"), 1, "only the first nonce is asked for");
    assert_eq!(clock.total(), Duration::ZERO, "{:?}", clock.slept());
}

/// A CA that rejects every nonce is given up on within the time budget, not hammered: the
/// later retries wait, and the total stays within a minute.
#[test]
fn a_ca_rejecting_every_nonce_is_given_up_on_within_the_budget() {
    let steps = (0..2000)
        .map(|_| Step::Reply(problem(400, "badNonce")))
        .collect();
    let ca = FakeCa::new(steps);
    let clock = FakeClock::new();
    let c = client(&ca, &clock);
    let key = key();
    let err = c
        .post_as_get(ORDER, &Signer::Kid(&key, "https://ca.test/acct/1"))
        .unwrap_err();
    assert!(err.problem().is_some_and(|p| p.is("badNonce")), "{err:?}");
    assert!(
        clock.total() <= Duration::from_secs(60),
        "{:?}",
        clock.total()
    );
    assert!(ca.posts().len() < 100, "{} tries", ca.posts().len());
}

/// A 503 is retried after the CA's Retry-After; one too long to wait in-line comes back to the
/// caller with the CA's problem (and its Retry-After) instead.
#[test]
fn overloaded_ca_is_retried_after_its_retry_after_and_a_long_one_is_reported() {
    let ca = FakeCa::new(vec![
        Step::Reply(with_retry_after(problem(503, "serverInternal"), 7)),
        Step::Reply(json_reply(200, json!({}))),
        Step::Reply(with_retry_after(problem(503, "rateLimited"), 3600)),
    ]);
    let clock = FakeClock::new();
    let c = client(&ca, &clock);
    let key = key();
    let signer = Signer::Kid(&key, "https://ca.test/acct/1");
    c.post_as_get(ORDER, &signer).unwrap();
    assert_eq!(clock.slept(), [Duration::from_secs(7)]);
    let err = c.post_as_get(ORDER, &signer).unwrap_err();
    let p = err.problem().expect("the CA's problem");
    assert!(p.is("rateLimited"), "{p:?}");
    assert_eq!(p.retry_after, Some(Duration::from_secs(3600)));
    assert_eq!(
        clock.slept(),
        [Duration::from_secs(7)],
        "no wait for an hour"
    );
}

/// A connection that fails is tried again after 1, 2 and 4 s, then the failure is reported.
#[test]
fn lost_connections_are_retried_with_back_off_then_reported() {
    let ca = FakeCa::new((0..4).map(|_| Step::Drop).collect());
    let clock = FakeClock::new();
    let c = client(&ca, &clock);
    let key = key();
    let err = c
        .post_as_get(ORDER, &Signer::Kid(&key, "https://ca.test/acct/1"))
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.to_string().contains("connection reset"), "{err}");
    let secs: Vec<u64> = clock.slept().iter().map(Duration::as_secs).collect();
    assert_eq!(secs, [1, 2, 4]);
    assert_eq!(ca.posts().len(), 4);
}

/// A finalized order still `processing` with `Retry-After: 600` and 180 s left: the client
/// waits only until the deadline, looks once more there, and reports the order URL so the
/// certificate can be picked up later.
#[test]
fn a_long_retry_after_is_cut_to_the_deadline_and_the_order_is_reported() {
    let steps = (0..10)
        .map(|_| {
            Step::Reply(with_retry_after(
                json_reply(200, order_in("processing")),
                600,
            ))
        })
        .collect();
    let ca = FakeCa::new(steps);
    let clock = FakeClock::new();
    let c = client(&ca, &clock);
    let key = key();
    let signer = Signer::Kid(&key, "https://ca.test/acct/1");
    let limit = Duration::from_secs(180);
    let err = order::wait_issued(
        &c,
        &signer,
        ORDER,
        order("processing"),
        Some(Duration::from_secs(600)),
        limit,
    )
    .unwrap_err();
    let Error::NotIssuedYet(late) = err else {
        panic!("{err:?}")
    };
    assert_eq!(late.order_url, ORDER);
    assert_eq!(clock.total(), limit, "{:?}", clock.slept());
    assert_eq!(ca.posts().len(), 1, "one look, at the deadline");
}

/// Polls follow the CA's Retry-After while time is left, and return the order once valid.
#[test]
fn polling_follows_retry_after_until_the_order_is_valid() {
    let ca = FakeCa::new(vec![
        Step::Reply(with_retry_after(json_reply(200, order_in("processing")), 3)),
        Step::Reply(json_reply(200, order_in("valid"))),
    ]);
    let clock = FakeClock::new();
    let c = client(&ca, &clock);
    let key = key();
    let signer = Signer::Kid(&key, "https://ca.test/acct/1");
    let done = order::wait_issued(
        &c,
        &signer,
        ORDER,
        order("processing"),
        Some(Duration::from_secs(2)),
        Duration::from_secs(180),
    )
    .unwrap();
    assert_eq!(done.status, Status::Valid);
    assert_eq!(
        clock.slept(),
        [Duration::from_secs(2), Duration::from_secs(3)]
    );
}

/// The finalize reply is lost after the CA acted on it; the retry is refused (`orderNotReady`,
/// the order has moved on): the client carries on with the order instead of losing the
/// certificate being issued.
#[test]
fn a_lost_finalize_reply_carries_on_with_the_order() {
    let ca = FakeCa::new(vec![
        Step::Drop,
        Step::Reply(problem(403, "orderNotReady")),
        Step::Reply(json_reply(200, order_in("processing"))),
        Step::Reply(json_reply(200, order_in("valid"))),
    ]);
    let clock = FakeClock::new();
    let c = client(&ca, &clock);
    let key = key();
    let signer = Signer::Kid(&key, "https://ca.test/acct/1");
    let handle = OrderHandle {
        url: ORDER.into(),
        order: order("ready"),
    };
    let done = order::finalize(&c, &signer, &handle, b"csr", Duration::from_secs(180)).unwrap();
    assert_eq!(done.status, Status::Valid);
    let urls: Vec<String> = ca.posts().into_iter().map(|(u, _)| u).collect();
    assert_eq!(
        urls,
        [
            "https://ca.test/order/1/finalize",
            "https://ca.test/order/1/finalize",
            ORDER,
            ORDER
        ]
    );
}

/// An error from the clock (a signal, for the command) ends a wait at once and comes back as
/// the error: nothing is retried after it.
#[test]
fn an_error_from_the_clock_stops_the_wait() {
    struct Stop;
    impl Clock for Stop {
        fn now(&self) -> Instant {
            Instant::now()
        }
        fn sleep(&self, _: Duration) -> Result<()> {
            anyhow::bail!("stopped by the caller")
        }
    }
    let ca = FakeCa::new(vec![
        Step::Reply(with_retry_after(problem(503, "serverInternal"), 5)),
        Step::Reply(json_reply(200, json!({}))),
    ]);
    let c = Client::builder()
        .transport(ca.clone())
        .clock(Arc::new(Stop))
        .connect(DIR)
        .unwrap();
    let key = key();
    let err = c
        .post_as_get(ORDER, &Signer::Kid(&key, "https://ca.test/acct/1"))
        .unwrap_err();
    assert!(matches!(err, Error::Other(_)), "{err:?}");
    assert_eq!(format!("{err}"), "stopped by the caller");
    assert_eq!(ca.posts().len(), 1);
}

/// A problem document with subproblems (RFC 8555 §6.7.1), as a CA sends for an order naming
/// several identifiers it will not issue for.
fn rejected_identifiers() -> Response {
    Response {
        content_type: "application/problem+json".into(),
        ..json_reply(
            400,
            json!({
                "type": "urn:ietf:params:acme:error:rejectedIdentifier",
                "detail": "Some of the identifiers requested were rejected",
                "subproblems": [
                    {
                        "type": "urn:ietf:params:acme:error:rejectedIdentifier",
                        "detail": "This CA will not issue for \"example.net\"",
                        "identifier": {"type": "dns", "value": "example.net"}
                    },
                    {
                        "type": "urn:ietf:params:acme:error:malformed",
                        "detail": "Invalid underscore in DNS name \"_example.org\"",
                        "identifier": {"type": "dns", "value": "_example.org"}
                    }
                ]
            }),
        )
    }
}

/// RFC 8555 §6.7.1's example, refused by newOrder: the request function (no handle) returns
/// the problem typed, with its type, status and one subproblem per identifier, and the message
/// says which request the CA refused.
#[test]
fn a_refused_new_order_comes_back_as_a_typed_problem_with_subproblems() {
    let ca = FakeCa::new(vec![Step::Reply(rejected_identifiers())]);
    let clock = FakeClock::new();
    let c = client(&ca, &clock);
    let key = key();
    let ids = [
        Identifier::Dns("example.net".into()),
        Identifier::Dns("_example.org".into()),
    ];
    let Err(err) = order::new_order(
        &c,
        &Signer::Kid(&key, "https://ca.test/acct/1"),
        &ids,
        &OrderOptions::default(),
    ) else {
        panic!("the order was accepted")
    };
    let Error::Problem { message, problem } = &err else {
        panic!("{err:?}")
    };
    assert!(problem.is("rejectedIdentifier"), "{problem:?}");
    assert_eq!(problem.status, Some(400));
    let subs: Vec<(&str, &str)> = problem
        .subproblems
        .iter()
        .map(|s| {
            let value = s.identifier.as_ref().and_then(|i| i["value"].as_str());
            (s.kind.as_str(), value.unwrap_or_default())
        })
        .collect();
    assert_eq!(
        subs,
        [
            (
                "urn:ietf:params:acme:error:rejectedIdentifier",
                "example.net"
            ),
            ("urn:ietf:params:acme:error:malformed", "_example.org"),
        ]
    );
    assert!(
        message.starts_with("the CA refused POST https://ca.test/new-order: "),
        "{message}"
    );
    assert!(message.contains("example.net"), "{message}");
}

/// Each step's words come first and the kind stays: an account request refused with
/// `unauthorized` is still the CA's problem, its status kept, under "fetching the account".
#[test]
fn context_is_added_to_a_problem_without_losing_its_type() {
    let ca = FakeCa::new(vec![Step::Reply(problem(403, "unauthorized"))]);
    let clock = FakeClock::new();
    let c = client(&ca, &clock);
    let key = key();
    let err = account::fetch_account(&c, &key, "https://ca.test/acct/1").unwrap_err();
    let p = err.problem().expect("typed");
    assert!(p.is("unauthorized") && p.status == Some(403), "{p:?}");
    assert_eq!(
        err.to_string(),
        "fetching the account https://ca.test/acct/1 failed: the CA refused POST \
         https://ca.test/acct/1: unauthorized [unauthorized, HTTP 403]"
    );
}

/// RFC 8555 §7.6: `alreadyRevoked` is the goal reached, not an error; any other refusal is the
/// CA's problem, typed, under "revoking the certificate failed".
#[test]
fn revocation_refusals_are_typed_and_already_revoked_is_not_an_error() {
    let ca = FakeCa::new(vec![
        Step::Reply(problem(400, "alreadyRevoked")),
        Step::Reply(problem(403, "unauthorized")),
    ]);
    let clock = FakeClock::new();
    let c = client(&ca, &clock);
    let key = key();
    let signer = Signer::Kid(&key, "https://ca.test/acct/1");
    match revoke::revoke(&c, &signer, b"der", Some(1)) {
        Ok(Revocation::AlreadyRevoked(p)) => assert!(p.is("alreadyRevoked"), "{p:?}"),
        other => panic!("{other:?}"),
    }
    let err = revoke::revoke(&c, &signer, b"der", Some(1)).unwrap_err();
    assert!(
        err.problem()
            .is_some_and(|p| p.is("unauthorized") && p.status == Some(403)),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("revoking the certificate failed: "),
        "{err}"
    );
}

/// An order the CA marks `invalid` while it is being issued carries its `error`: that problem
/// comes back typed from the poll, subproblems and all.
#[test]
fn an_invalid_order_brings_its_error_as_a_typed_problem() {
    let mut invalid = order_in("invalid");
    invalid["error"] = serde_json::from_slice(&rejected_identifiers().body).unwrap();
    let ca = FakeCa::new(vec![Step::Reply(json_reply(200, invalid))]);
    let clock = FakeClock::new();
    let c = client(&ca, &clock);
    let key = key();
    let err = order::wait_issued(
        &c,
        &Signer::Kid(&key, "https://ca.test/acct/1"),
        ORDER,
        order("processing"),
        None,
        Duration::from_secs(180),
    )
    .unwrap_err();
    let p = err.problem().expect("typed");
    assert!(p.is("rejectedIdentifier"), "{p:?}");
    assert_eq!(p.subproblems.len(), 2);
    assert!(
        err.to_string()
            .starts_with("the CA marked the order invalid: "),
        "{err}"
    );
}

/// A reply that never comes, from a request function under its own words, is
/// [`Error::Transport`]; carried on in an `anyhow::Error` by a caller (as the command does),
/// its parts are still found, and `{:#}` says each step once.
#[test]
fn transport_failures_stay_typed_under_context_and_through_anyhow() {
    let ca = FakeCa::new((0..4).map(|_| Step::Drop).collect());
    let clock = FakeClock::new();
    let c = client(&ca, &clock);
    let key = key();
    let err =
        order::fetch_order(&c, &Signer::Kid(&key, "https://ca.test/acct/1"), ORDER).unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("fetching the order https://ca.test/order/1 failed: "),
        "{text}"
    );
    let carried = anyhow::Error::new(err).context("renewing a.test failed");
    assert!(super::is_transport_error(&carried));
    assert_eq!(
        format!("{carried:#}"),
        format!("renewing a.test failed: {text}")
    );

    let refused = anyhow::Error::new(Error::from(
        anyhow::Error::new(super::Problem {
            kind: "urn:ietf:params:acme:error:caa".into(),
            ..super::Problem::default()
        })
        .context("finalizing the order failed"),
    ))
    .context("renewing a.test failed");
    assert!(super::find_problem(&refused).is_some_and(|p| p.is("caa")));
    assert!(crate::error::find::<super::Problem>(&refused).is_some());
}

/// An authorization still `pending` at the deadline ends the poll with the wait that ran out,
/// found inside the error by its type (the CLI reports "not validated in time" by it).
#[test]
fn an_authorization_still_pending_at_the_deadline_is_found_as_not_validated_yet() {
    let pending = json!({
        "status": "pending",
        "identifier": {"type": "dns", "value": "a.test"},
        "challenges": [],
    });
    let ca = FakeCa::new(
        (0..100)
            .map(|_| Step::Reply(json_reply(200, pending.clone())))
            .collect(),
    );
    let clock = FakeClock::new();
    let c = client(&ca, &clock);
    let key = key();
    let limit = Duration::from_secs(30);
    let err = order::wait_authorization(
        &c,
        &Signer::Kid(&key, "https://ca.test/acct/1"),
        "https://ca.test/authz/1",
        limit,
    )
    .unwrap_err();
    let late = err.find::<NotValidatedYet>().expect("NotValidatedYet");
    assert_eq!(late.url, "https://ca.test/authz/1");
    assert_eq!(clock.total(), limit);
    let carried = anyhow::Error::new(err).context("issuing a.test failed");
    assert!(crate::error::find::<NotValidatedYet>(&carried).is_some());
}
