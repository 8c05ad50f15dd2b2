//! `acme`: the client side of ACME (RFC 8555), as a blocking library.
//!
//! It speaks ACME and nothing else: no disk, no command line, no printing. The `acme` command
//! (`src/main.rs` and its private modules: storage, solvers, hooks, renewal runs) is its first
//! user, and reaches the CA only through this crate.
//!
//! Read this map first. Arrows point one way: [`protocol`] → ([`crypto`], [`x509`],
//! [`identifiers`], [`time`], [`escape`]).
//!
//! - [`protocol`]: the only code that talks to the CA — [`protocol::Client`] (directory,
//!   nonces, the one signed-POST door with badNonce and back-off retries, a pluggable
//!   [`protocol::Transport`] and [`protocol::Clock`]), accounts, orders, challenges, ARI,
//!   revocation, and the wire types.
//! - [`known_cas`]: the CAs known by name — directory URLs, staging servers, rate limits,
//!   revocation reasons, CAA identities.
//! - [`crypto`] (keys, JWS signatures, CSRs), [`x509`] (reading certificates), [`csr`]
//!   (reading a CSR a user brings), [`chain`] (a downloaded chain verified before use).
//! - [`identifiers`]: names and IP addresses normalised as ACME wants them.
//! - [`renewal`]: when a certificate is due (pure). [`limits`]: a CA's rate limits as data,
//!   and the arithmetic over what was spent (pure).
//! - [`dns`]: DNS queries for dns-01 (TXT lookups, zones, authoritative servers) and RFC 2136
//!   updates signed with TSIG.
//! - [`time`] (dates), [`escape`] (untrusted text made safe for a terminal): small helpers.

#![warn(missing_docs)]

pub mod chain;
pub mod crypto;
pub mod csr;
pub mod dns;
pub mod escape;
pub mod identifiers;
pub mod known_cas;
pub mod limits;
pub mod protocol;
pub mod renewal;
pub mod time;
pub mod x509;
