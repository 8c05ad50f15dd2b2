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
//! - [`jobs`]: a queue that runs certificate jobs on a bounded number of threads and reports
//!   each result through a callback.
//! - [`error`]: [`error::Error`], what everything that talks to the CA returns (handles,
//!   request functions, the client), sorted by who failed (the CA's problem with its
//!   subproblems, the network, a wait that ran out, anything else).
//! - [`time`] (dates), [`escape`] (untrusted text made safe for a terminal): small helpers.
//!
//! `examples/quick.rs` is the whole path in one page: connect, register, order one name,
//! answer http-01 from a web root, finalize with a CSR, download and check the chain.
//!
//! # The seed functions
//!
//! The project began as a specification of an ACME module's functions (issue #16). Each one's
//! counterpart here:
//!
//! | seed | does | here |
//! |---|---|---|
//! | `acmel()` | Let's Encrypt's production and staging directory URLs | [`known_cas::by_alias`]`("letsencrypt")` (also [`known_cas::DEFAULT`]): [`known_cas::KnownCa::directory`], [`known_cas::KnownCa::staging_directory`] |
//! | `acmec(url, email)` | a client for a directory | [`protocol::Client::connect`], or [`protocol::Client::builder`] for extra roots, a transport or a clock; the email becomes the account's contact ([`protocol::account::mailto_contacts`]) |
//! | `acmed(client)` | fetch the directory | done by [`protocol::Client::connect`]: [`protocol::Client::directory`] |
//! | `acmer(client, tos)` | register with ToS consent (RSA or EC key) | [`protocol::Account::register`] with `agree_tos` (or [`protocol::account::new_account`]), for a key from [`crypto::KeyPair::generate`] (any [`crypto::KeyType`]); then [`protocol::Account::fetch`], [`protocol::Account::update_contact`], [`protocol::Account::change_key`], [`protocol::Account::deactivate`] |
//! | `acmej(pub)` | the JWK of a public key | [`crypto::KeyPair::jwk`] (and [`crypto::KeyPair::thumbprint`]) |
//! | `acmes(...)` | JWS signing | [`protocol::jws::sign`] by a [`protocol::Signer`]; every signed request goes through [`protocol::Client::post`] |
//! | `acmeb(client, kid, hmac)` | External Account Binding | an [`protocol::account::Eab`] given to [`protocol::account::new_account`] (built by [`protocol::jws::external_account_binding`]) |
//! | `acbme(client, names)` | new order | [`protocol::Account::new_order`] (or [`protocol::order::new_order`]), for names checked by [`identifiers::normalize`] |
//! | `acmea(order, url)` | fetch an authorization | [`protocol::order::OrderHandle::authorizations`] (all of an order's, in parallel) |
//! | `acmec(authz)` | an authorization's challenges | [`protocol::types::Authorization::challenges`], [`protocol::types::Authorization::challenge`]; typed by [`protocol::challenge::ChallengeType`] |
//! | `acmht(domain, token, ka)` | write the http-01 file | none in the library, which writes no files: the body is [`protocol::types::Challenge::key_authorization`] and the path [`protocol::types::Challenge::http01_path`] (both check the token first); `examples/quick.rs` writes it under a web root |
//! | `acmeh(client, url, ...)` | tell the CA a challenge is ready | [`protocol::Account::respond`], then [`protocol::order::wait_authorization`] or [`protocol::order::OrderHandle::wait_ready`] |
//! | `acmdn(domain, digest)` | the dns-01 TXT name and value | [`protocol::challenge::dns01_record`]; tls-alpn-01's certificate: [`protocol::challenge::tls_alpn01_certificate`] |
//! | `acbme(order, csr)` | finalize with a CSR | [`crypto::csr_der`], then [`protocol::order::OrderHandle::finalize`] |
//! | `acmed(order)` | download the certificate | [`protocol::order::OrderHandle::download`] (alternate chains too), checked by [`x509::check_chain`] |
//! | `accer(cert, days)` | does a certificate expire within N days | [`x509::parse`] gives [`x509::CertInfo::not_after`]; [`renewal::decide`] with [`renewal::Policy::days`] answers "is it due" (ARI and lifetime included) |
//! | `acmrn(domains, days)` | which of these names have no certificate or need renewal | none in the library: which names have a certificate is the CLI's storage (`acme renew`); per certificate, [`renewal::decide`] |
//! | `acbev(client, cert, reason)` | revoke with a reason code | [`protocol::Account::revoke`] or [`protocol::revoke::revoke`], reasons by [`protocol::revoke::parse_reason`] |
//! | `acmlm()` | Let's Encrypt's rate limits | [`limits::LETSENCRYPT`] (a known CA's [`known_cas::KnownCa::rate_limits`]), checked by [`limits::check`] |
//! | `acme.cert(account, domain, cb, op)` | queue a certificate job, a callback reports the result, returns the number queued | [`jobs::Queue::submit`]: the job is the caller's closure (the steps of `examples/quick.rs`) |
//! | `acme.jobs()` | count active and pending jobs | [`jobs::Queue::counts`] |
//! | `acme.terms()` | the terms of service URL | [`protocol::types::DirectoryMeta::terms_of_service`] (in [`protocol::Client::directory`]) |
//! | `acme.revoke(...)` | revoke | [`protocol::revoke::revoke`], signed by the account ([`protocol::Signer::Kid`]) or the certificate's key ([`protocol::Signer::Jwk`]) |

#![warn(missing_docs)]

pub mod chain;
pub mod crypto;
pub mod csr;
pub mod dns;
pub mod error;
pub mod escape;
pub mod identifiers;
pub mod jobs;
pub mod known_cas;
pub mod limits;
pub mod protocol;
pub mod renewal;
pub mod time;
pub mod x509;
