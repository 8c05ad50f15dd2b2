//! `acme`: an ACME (RFC 8555) client with certbot-style storage.
//!
//! Read this map first. Arrows point one way: `commands` → (`protocol`, `solvers`, `storage`,
//! `issuance`, `output`) → (`crypto`, `x509`, `identifiers`, `time`).
//!
//! - [`cli`]: clap types only. [`commands`]: one file per subcommand, glue only.
//! - [`settings`]: which CA and config dir, resolved from flags and environment.
//!   [`known_cas`]: the one table of CAs known by name (aliases, staging, limits, reasons).
//!   [`fallback`]: when a lineage goes on to its next CA (pure), and trying them in order.
//! - [`protocol`]: the only code that talks to the CA — transport, JWS, wire types, accounts,
//!   orders. [`protocol::Client::post`] is the one door for signed requests.
//! - [`issuance`]: order → challenges → finalize → download → check. [`obtain`]: run it as a
//!   lineage's settings say and install the result (shared by `issue` and `renew`).
//! - [`limits`]: the CA's rate limits as token buckets over the ledger — pure. [`guard`]: checks
//!   them before a newOrder and records what was spent in `storage::ledger`.
//! - [`method`]: the challenge method chosen by the user, checked, saved and restored.
//!   [`options`]: the other per-lineage issuance settings (CSR, key reuse, chain, profile);
//!   [`csr`]: reading a user's own CSR.
//! - [`solvers`]: make a challenge answerable and clean up afterwards — webroot, standalone
//!   http-01, tls-alpn-01, dns-01 (manual, hook, RFC 2136) — plus the http-01 self-check.
//! - [`dns`]: DNS queries, zone/authoritative-server lookup, propagation checks, RFC 2136 + TSIG.
//! - [`storage`]: every path under the config dir, atomic writes, symlink swaps, locks.
//! - [`fleet`]: nodes sharing lineages, accounts, locks and http-01 answers through etcd.
//! - [`chain`]: a downloaded chain verified before install (signatures, validity, trust).
//! - [`crypto`] (keys, signatures, CSRs), [`x509`] (reading certificates), [`identifiers`]
//!   (name normalisation), [`time`] (dates), [`escape`] (untrusted text made safe for a
//!   terminal): pure helpers.
//! - [`prompt`]: confirmation before what cannot be undone. [`reissue`]: which lineage a
//!   re-run of `issue` belongs to (pure).
//! - [`dry_run`]: the staging account a `--dry-run` orders with.
//! - [`renewal`]: when a lineage is due (pure). [`backoff`]: how long a failing lineage waits
//!   before its next attempt (pure; its memory is `storage::health`). [`hooks`]: pre/deploy/post
//!   hook commands; [`hook_check`]: they can run, checked before ordering.
//!   [`failure_hook`]: the hook told of failed and recovered renewals.
//!   [`hook_dirs`]: certbot's renewal-hooks/{pre,deploy,post}/ directories.
//! - [`survey`]: each lineage as found on disk, and whether it is due. [`renewer`]: the
//!   renewal run (ARI checks, locks, parallel jobs, hooks). [`schedule`]: whether this
//!   machine runs it (told after the first issuance).
//! - [`monitor`]: each lineage as a monitor sees it and what is wrong with it (`acme check`);
//!   [`metrics`]: the same as a Prometheus text file.
//! - [`safe_dir`]: directories others may write (web roots), through directory fds.
//! - [`output`]: the Printer — quiet, normal, verbose, JSON. [`report`]: the JSON objects
//!   shared by commands (certificate, account, error). [`runlog`]: the log of every run. [`error`]: exit-code classes.
//!   [`hints`]: what to try next for the errors users meet most.

pub mod backoff;
pub mod chain;
pub mod cli;
pub mod commands;
pub mod conf_keys;
pub mod crypto;
pub mod csr;
pub mod dns;
pub mod dry_run;
pub mod error;
pub mod escape;
pub mod failure_hook;
pub mod fallback;
pub mod fleet;
pub mod guard;
pub mod hints;
pub mod hook_check;
pub mod hook_dirs;
pub mod hooks;
pub mod identifiers;
pub mod interrupt;
pub mod issuance;
pub mod known_cas;
pub mod limits;
pub mod method;
pub mod metrics;
pub mod monitor;
pub mod obtain;
pub mod options;
pub mod output;
pub mod prompt;
pub mod protocol;
pub mod reissue;
pub mod renewal;
pub mod renewer;
pub mod report;
pub mod runlog;
pub mod safe_dir;
pub mod schedule;
pub mod settings;
pub mod solvers;
pub mod storage;
pub mod survey;
pub mod time;
pub mod x509;
