//! The library's error for callers that branch on what went wrong: [`Error`].
//!
//! Everything that talks to the CA returns it: the handles ([`crate::protocol::Account`],
//! [`crate::protocol::order::OrderHandle`]), the request functions beneath them
//! ([`crate::protocol::account`], [`crate::protocol::order`], [`crate::protocol::revoke`],
//! [`crate::protocol::ari`]) and the client's own door ([`crate::protocol::Client::post`] and
//! its kin). Each step adds what it was doing to the message and keeps the kind, so the CA's
//! problem document arrives typed however deep the request was made.
//!
//! A caller that carries errors on in an [`anyhow::Error`] finds the parts again with
//! [`find`] (and [`crate::protocol::find_problem`]), which look inside an [`Error`] too.

use std::fmt;

use crate::protocol::Problem;
use crate::protocol::order::NotIssuedYet;

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

/// The result of everything in the library that talks to the CA.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<anyhow::Error> for Error {
    /// Sorts an error of the request functions by what its chain holds.
    /// A bare [`NotIssuedYet`] keeps its kind; one with context added is [`Error::Other`]
    /// (so no words are lost; [`find`] still finds it).
    fn from(e: anyhow::Error) -> Error {
        let message = format!("{e:#}");
        if let Some(p) = crate::protocol::find_problem(&e) {
            return Error::Problem {
                message,
                problem: Box::new(p.clone()),
            };
        }
        if crate::protocol::is_transport_error(&e) {
            return Error::Transport { message };
        }
        if e.chain().count() > 1 {
            // Context around whatever it is: kept whole, so no words are lost; [`find`] still
            // sees into it.
            return Error::Other(e);
        }
        let e = match e.downcast::<NotIssuedYet>() {
            Ok(late) => return Error::NotIssuedYet(late),
            Err(e) => e,
        };
        // An error of this crate that came back alone through a caller's closure or clock.
        match e.downcast::<Error>() {
            Ok(inner) => inner,
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

    /// Whether no reply came from the CA (see [`Error::Transport`]).
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport { .. })
    }

    /// An error of kind [`Error::Other`] saying `message`.
    pub(crate) fn msg(message: impl fmt::Display + fmt::Debug + Send + Sync + 'static) -> Error {
        Error::Other(anyhow::Error::msg(message))
    }

    /// The same error with what was being done said first (`"{what}: {self}"`), its kind
    /// kept. (A [`NotIssuedYet`] becomes [`Error::Other`], which [`find`] still sees into.)
    pub(crate) fn context(self, what: impl fmt::Display + Send + Sync + 'static) -> Error {
        match self {
            Error::Problem { message, problem } => Error::Problem {
                message: format!("{what}: {message}"),
                problem,
            },
            Error::Transport { message } => Error::Transport {
                message: format!("{what}: {message}"),
            },
            Error::NotIssuedYet(late) => Error::Other(anyhow::Error::new(late).context(what)),
            Error::Other(e) => Error::Other(e.context(what)),
        }
    }

    /// A `T` inside this error: the problem document, the [`NotIssuedYet`], or any error or
    /// context in the chain of an [`Error::Other`] (such as a [`crate::protocol::Clock`]'s own
    /// error that stopped a wait).
    pub fn find<T: std::error::Error + 'static>(&self) -> Option<&T> {
        match self {
            Error::Problem { problem, .. } => {
                (&**problem as &(dyn std::error::Error + 'static)).downcast_ref()
            }
            Error::Transport { .. } => None,
            Error::NotIssuedYet(late) => {
                (late as &(dyn std::error::Error + 'static)).downcast_ref()
            }
            Error::Other(e) => e.chain().find_map(|c| {
                c.downcast_ref::<T>()
                    .or_else(|| c.downcast_ref::<Error>().and_then(Error::find::<T>))
            }),
        }
    }
}

/// A `T` anywhere in `err`: the error itself, a context added to it, a link of its chain, or
/// inside an [`Error`] in that chain (see [`Error::find`]).
pub fn find<T: std::error::Error + Send + Sync + 'static>(err: &anyhow::Error) -> Option<&T> {
    err.downcast_ref::<T>().or_else(|| {
        err.chain().find_map(|c| {
            c.downcast_ref::<T>()
                .or_else(|| c.downcast_ref::<Error>().and_then(Error::find::<T>))
        })
    })
}

/// Adds what was being done to a failure, as [`anyhow::Context`] does, keeping an
/// [`Error`]'s kind: the request functions use it so that every step's words reach the caller
/// with the CA's problem still typed.
pub(crate) trait Context<T> {
    /// `what` said first, then the failure.
    fn context<C>(self, what: C) -> Result<T>
    where
        C: fmt::Display + fmt::Debug + Send + Sync + 'static;

    /// Like [`Context::context`], with the words made only on failure.
    fn with_context<C, F>(self, what: F) -> Result<T>
    where
        C: fmt::Display + fmt::Debug + Send + Sync + 'static,
        F: FnOnce() -> C;
}

impl<T> Context<T> for Result<T> {
    fn context<C>(self, what: C) -> Result<T>
    where
        C: fmt::Display + fmt::Debug + Send + Sync + 'static,
    {
        self.map_err(|e| e.context(what))
    }

    fn with_context<C, F>(self, what: F) -> Result<T>
    where
        C: fmt::Display + fmt::Debug + Send + Sync + 'static,
        F: FnOnce() -> C,
    {
        self.map_err(|e| e.context(what()))
    }
}

impl<T> Context<T> for anyhow::Result<T> {
    fn context<C>(self, what: C) -> Result<T>
    where
        C: fmt::Display + fmt::Debug + Send + Sync + 'static,
    {
        self.map_err(|e| Error::from(e).context(what))
    }

    fn with_context<C, F>(self, what: F) -> Result<T>
    where
        C: fmt::Display + fmt::Debug + Send + Sync + 'static,
        F: FnOnce() -> C,
    {
        self.map_err(|e| Error::from(e).context(what()))
    }
}

impl<T> Context<T> for Option<T> {
    fn context<C>(self, what: C) -> Result<T>
    where
        C: fmt::Display + fmt::Debug + Send + Sync + 'static,
    {
        self.ok_or_else(|| Error::msg(what))
    }

    fn with_context<C, F>(self, what: F) -> Result<T>
    where
        C: fmt::Display + fmt::Debug + Send + Sync + 'static,
        F: FnOnce() -> C,
    {
        self.ok_or_else(|| Error::msg(what()))
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

/// No `source`: the message already holds every step and the CA's words, and a chain printed
/// with `{:#}` would say them twice. [`Error::find`] reaches the parts.
impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::TransportError;

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

    /// Each step's words go first and the kind stays; a late order under context becomes
    /// `Other` with nothing lost, and is still found by type.
    #[test]
    fn context_keeps_the_kind_and_puts_the_step_first() {
        let refused = Error::from(anyhow::Error::new(Problem {
            kind: "urn:ietf:params:acme:error:badCSR".into(),
            detail: "bad key".into(),
            status: Some(400),
            ..Problem::default()
        }))
        .context("finalizing the order failed");
        assert!(refused.problem().is_some_and(|p| p.is("badCSR")));
        assert_eq!(
            refused.to_string(),
            "finalizing the order failed: bad key [badCSR, HTTP 400]"
        );

        let lost = Error::Transport {
            message: "POST https://ca/x failed".into(),
        }
        .context("fetching the order failed");
        assert!(lost.is_transport());
        assert_eq!(
            lost.to_string(),
            "fetching the order failed: POST https://ca/x failed"
        );

        let late = Error::NotIssuedYet(NotIssuedYet {
            order_url: "https://ca/o/1".into(),
            waited: std::time::Duration::from_secs(3),
            limit: std::time::Duration::from_secs(3),
        })
        .context("renewing failed");
        assert!(matches!(late, Error::Other(_)));
        assert!(
            late.to_string()
                .starts_with("renewing failed: the CA had not issued")
        );
        assert_eq!(
            late.find::<NotIssuedYet>().unwrap().order_url,
            "https://ca/o/1"
        );

        let none: Result<()> = None::<()>.context("no Location header");
        assert_eq!(none.unwrap_err().to_string(), "no Location header");
    }

    /// This crate's error coming back through a caller's code (a clock, a closure) is itself
    /// again when alone, and said once when context was added to it.
    #[test]
    fn an_error_of_this_crate_coming_back_is_neither_lost_nor_said_twice() {
        let late = || {
            Error::NotIssuedYet(NotIssuedYet {
                order_url: "https://ca/o/1".into(),
                waited: std::time::Duration::from_secs(3),
                limit: std::time::Duration::from_secs(3),
            })
        };
        let alone = Error::from(anyhow::Error::new(late()));
        assert!(matches!(alone, Error::NotIssuedYet(_)), "{alone:?}");

        let wrapped = Error::from(anyhow::Error::new(late()).context("renewing failed"));
        let text = wrapped.to_string();
        assert_eq!(text, format!("renewing failed: {}", late()));
        assert!(wrapped.find::<NotIssuedYet>().is_some());
    }
}
