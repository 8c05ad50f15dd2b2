//! Challenge solvers: make the CA's challenges answerable, then clean up.
//!
//! The issuance engine hands a solver every challenge of an order at once ([`Solver::present`]),
//! triggers them all, and always calls [`Solver::cleanup`], on failure too.

pub mod dns;
pub mod dns_hook;
pub mod dns_manual;
pub mod dns_persist;
pub mod dns_rfc2136;
pub mod listen;
pub mod manual;
pub mod propagation;
pub mod safe_dir;
pub mod self_check;
pub mod standalone;
pub mod tls_alpn;
pub mod webroot;

use anyhow::Result;

use acme::identifiers::Identifier;

/// One challenge to answer.
#[derive(Clone, Debug)]
pub struct Task {
    /// The identifier as the certificate names it (`*.example.com` for a wildcard).
    pub identifier: Identifier,
    /// Already checked to be base64url, so safe in a path.
    pub token: String,
    pub key_authorization: String,
    /// dns-persist-01 only: the CA's issuer domain names and our account URL, which the
    /// lasting record names instead of a token.
    pub persist: Option<PersistTask>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PersistTask {
    pub issuer_domain_names: Vec<String>,
    pub account_url: String,
}

pub trait Solver {
    /// The RFC 8555 challenge type this solver answers (`http-01`, `dns-01`, `tls-alpn-01`).
    fn challenge_type(&self) -> &'static str;

    /// Makes every task answerable. On error, whatever was done so far is undone by `cleanup`.
    fn present(&mut self, tasks: &[Task]) -> Result<()>;

    /// Where the CA will look, for error messages (e.g. the http-01 URL).
    fn describe(&self, task: &Task) -> String;

    /// Undoes everything `present` did; called exactly once, whatever happened.
    fn cleanup(&mut self) -> Result<()>;

    /// Claims what `present` will need (e.g. binds a listening socket), before any order is
    /// placed, so a busy port fails without costing anything at the CA.
    fn prepare(&mut self) -> Result<()> {
        Ok(())
    }

    /// Checks from this host, after `present` and before any challenge is triggered, that the
    /// CA will find the right answers. `Err` = a definite mismatch: trigger nothing.
    fn self_check(&self, _tasks: &[Task]) -> Result<Vec<Finding>> {
        Ok(Vec::new())
    }
}

/// One result of a self-check that did not stop issuance.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// false: the check could not be made (shown as a warning).
    pub ok: bool,
    pub text: String,
}

impl Finding {
    pub fn ok(text: impl Into<String>) -> Finding {
        Finding {
            ok: true,
            text: text.into(),
        }
    }
    pub fn warn(text: impl Into<String>) -> Finding {
        Finding {
            ok: false,
            text: text.into(),
        }
    }
}

/// The http-01 URL the CA fetches (RFC 8555 §8.3).
pub fn http01_url(identifier: &Identifier, token: &str) -> String {
    let host = match identifier {
        Identifier::Ip(std::net::IpAddr::V6(ip)) => format!("[{ip}]"),
        other => other.value(),
    };
    format!("http://{host}/.well-known/acme-challenge/{token}")
}
