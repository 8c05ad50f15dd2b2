//! The library's error for callers that branch on what went wrong: [`Error`].
//!
//! The handles ([`crate::protocol::Account`], [`crate::protocol::order::OrderHandle`]) return
//! it. The request functions beneath them return [`anyhow::Error`]s whose chains hold the same
//! parts ([`Problem`], [`TransportError`], [`NotIssuedYet`]), for callers that add context of
//! their own as they go; [`Error::from`] sorts such an error into its kind.

use std::fmt;

use crate::protocol::order::NotIssuedYet;
use crate::protocol::{Problem, TransportError};

/// What went wrong, by whom: the CA's refusal, the network, a wait that ran out, or anything
/// else. `Display` gives the whole story (every step's context), escaped where the
/// CA wrote it.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The CA refused with a problem document
    /// ([RFC 8555 §6.7](https://www.rfc-editor.org/rfc/rfc8555#section-6.7)): its type,
    /// detail, subproblems (one per identifier) and any `Retry-After`.
    Problem {
        /// What was being done, and the CA's words.
        message: String,
        /// The problem document.
        problem: Box<Problem>,
    },
    /// No reply from the CA, after the client's retries: connection refused or reset, a
    /// timeout, a failed TLS handshake. Trying again later may help.
    Transport {
        /// What was being done, and what failed.
        message: String,
    },
    /// The order was finalized but the CA had not issued the certificate by the deadline: it
    /// may still come at the order's URL (poll it later rather than ordering again).
    NotIssuedYet(NotIssuedYet),
    /// Anything else: a reply that breaks the protocol or this client's checks (not JSON, an
    /// `http://` URL, a foreign identifier), input this client refused, or the error a
    /// [`crate::protocol::Clock`] returned to stop a wait (downcast to find your own).
    Other(anyhow::Error),
}

/// The result of the library's handles.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<anyhow::Error> for Error {
    /// Sorts an error of the request functions by what its chain holds.
    fn from(e: anyhow::Error) -> Error {
        let message = format!("{e:#}");
        if let Some(p) = crate::protocol::find_problem(&e) {
            return Error::Problem {
                message,
                problem: Box::new(p.clone()),
            };
        }
        if e.downcast_ref::<TransportError>().is_some() {
            return Error::Transport { message };
        }
        match e.downcast::<NotIssuedYet>() {
            Ok(late) => Error::NotIssuedYet(late),
            Err(e) => Error::Other(e),
        }
    }
}

impl Error {
    /// The CA's problem document, when the CA refused.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Error::Problem { problem, .. } => Some(&**problem),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Problem { message, .. } | Error::Transport { message } => f.write_str(message),
            Error::NotIssuedYet(late) => late.fmt(f),
            Error::Other(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Problem { problem, .. } => Some(&**problem),
            Error::NotIssuedYet(late) => Some(late),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_sorted_by_what_their_chain_holds() {
        let refused = anyhow::Error::new(Problem {
            kind: "urn:ietf:params:acme:error:rateLimited".into(),
            detail: "too many".into(),
            ..Problem::default()
        })
        .context("placing the order failed");
        let e = Error::from(refused);
        assert!(e.problem().is_some_and(|p| p.is("rateLimited")), "{e:?}");
        assert!(
            e.to_string()
                .starts_with("placing the order failed: too many"),
            "{e}"
        );

        let lost = anyhow::anyhow!("io: reset")
            .context(TransportError("POST https://ca/x failed".into()))
            .context("fetching the order failed");
        assert!(matches!(Error::from(lost), Error::Transport { .. }));

        let late = anyhow::Error::new(NotIssuedYet {
            order_url: "https://ca/o/1".into(),
            waited: std::time::Duration::from_secs(180),
            limit: std::time::Duration::from_secs(180),
        });
        match Error::from(late) {
            Error::NotIssuedYet(l) => assert_eq!(l.order_url, "https://ca/o/1"),
            other => panic!("{other:?}"),
        }

        let other = anyhow::anyhow!("the CA sent an http:// URL");
        assert!(matches!(Error::from(other), Error::Other(_)));
    }
}
