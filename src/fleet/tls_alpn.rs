//! tls-alpn-01 answers shared by the fleet (RFC 8737): the CA's TLS connection to port 443 may
//! land on any node behind the load balancer, like its http-01 requests.
//!
//! The ordering node's own responder answers as usual, and `http01::Publish` also puts each
//! answer at `tls-alpn/<token>` — the identifier and its key authorization, sealed with the
//! fleet key, under a lease — and waits for every watching node that serves tls-alpn-01 to
//! acknowledge it. [`Served`] is the other side: `acme sync --watch` on a node with
//! `tls_alpn = ADDR:PORT` in fleet.conf keeps a responder listening there and serves each
//! answer's validation certificate while the answer lasts. Nothing from the store reaches a
//! path or a command; a certificate is made only for a well-formed identifier and a key
//! authorization for the answer's own token.

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::http01::check_answer;
use crate::challenges::listen::ListenAddr;
use crate::challenges::tls_alpn::Responder;
use acme::identifiers::Identifier;

/// The most bytes of a published answer read (an identifier of at most 253 characters and a
/// key authorization of at most `http01::MAX_ANSWER`, in JSON).
const MAX_ENCODED: usize = 1024;

/// The value published for one answer (sealed by the caller).
pub fn encode(identifier: &Identifier, key_authorization: &str) -> Vec<u8> {
    json!({"identifier": identifier.to_json(), "key_authorization": key_authorization})
        .to_string()
        .into_bytes()
}

/// Reads a published answer for `token`: refused unless it is a DNS name (no wildcard:
/// RFC 8737 §3 validates none) or an IP address, in the form acme itself would order it,
/// with exactly a key authorization for `token`. Pure.
pub fn decode(token: &str, answer: &[u8]) -> Result<(Identifier, String)> {
    if answer.len() > MAX_ENCODED {
        bail!("the tls-alpn-01 answer for token {token} is too long; not serving it");
    }
    let v: Value = serde_json::from_slice(answer)
        .with_context(|| format!("the tls-alpn-01 answer for token {token} is not JSON"))?;
    let key_authorization = v["key_authorization"].as_str().unwrap_or_default();
    check_answer(token, key_authorization.as_bytes())?;
    let identifier = Identifier::from_json(&v["identifier"])
        .filter(|id| !id.is_wildcard())
        .filter(|id| {
            // As acme would order it: normalizing changes nothing.
            acme::identifiers::normalize(&[id.value()]).is_ok_and(|n| n == [id.clone()])
        })
        .with_context(|| {
            format!(
                "the tls-alpn-01 answer for token {token} names no valid identifier ({}); not serving it",
                acme::escape::escape(&v["identifier"].to_string())
            )
        })?;
    Ok((identifier, key_authorization.to_string()))
}

/// Answers other nodes published, served by this node's responder while they last.
pub struct Served {
    responder: Responder,
}

impl Served {
    /// Starts listening on `addr` (a busy port is an error now, not when the CA comes).
    pub fn start(addr: ListenAddr) -> Result<Served> {
        Ok(Served {
            responder: Responder::start(addr, "tls_alpn in fleet.conf")?,
        })
    }

    /// Where it listens, for messages.
    pub fn addr(&self) -> ListenAddr {
        self.responder.addr()
    }

    /// Serves the (opened) answer published for `token`.
    pub fn put(&mut self, token: &str, answer: &[u8]) -> Result<()> {
        let (identifier, key_authorization) = decode(token, answer)?;
        self.responder.put(token, &identifier, &key_authorization)
    }

    pub fn remove(&mut self, token: &str) {
        self.responder.remove(token);
    }

    #[cfg(test)]
    pub fn bound(&self) -> &[std::net::SocketAddr] {
        self.responder.bound()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "AAAAAAAAAAAAAAAAAAAAtokenXYZ";
    const THUMB: &str = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    #[test]
    fn only_a_well_formed_identifier_with_a_key_authorization_for_the_token_is_an_answer() {
        let ka = format!("{TOKEN}.{THUMB}");
        for id in [
            Identifier::Dns("a.example".into()),
            Identifier::Ip("127.0.0.1".parse().unwrap()),
            Identifier::Ip("::1".parse().unwrap()),
        ] {
            assert_eq!(decode(TOKEN, &encode(&id, &ka)).unwrap(), (id, ka.clone()));
        }
        let raw = |id: Value, ka: &str| {
            json!({"identifier": id, "key_authorization": ka})
                .to_string()
                .into_bytes()
        };
        let dns = |v: &str| json!({"type": "dns", "value": v});
        for (what, bad) in [
            ("wildcard", raw(dns("*.a.example"), &ka)),
            ("trailing dot", raw(dns("a.example."), &ka)),
            ("not a name", raw(dns("a example"), &ka)),
            ("control characters", raw(dns("a.example\n"), &ka)),
            (
                "unknown type",
                raw(json!({"type": "email", "value": "a@b"}), &ka),
            ),
            ("bad ip", raw(json!({"type": "ip", "value": "1.2.3"}), &ka)),
            ("no identifier", raw(Value::Null, &ka)),
            (
                "other token",
                raw(
                    dns("a.example"),
                    &format!("BBBBBBBBBBBBBBBBBBBBBBBB.{THUMB}"),
                ),
            ),
            ("not a key authorization", raw(dns("a.example"), "<script>")),
            ("too long", raw(dns(&"a".repeat(2000)), &ka)),
            ("not json", b"a.example".to_vec()),
        ] {
            assert!(decode(TOKEN, &bad).is_err(), "{what}");
        }
    }
}
