//! `acme`: an ACME (RFC 8555) client with certbot-style storage.
//!
//! Read this map first. Arrows point one way: `commands` → (`protocol`, `solvers`, `storage`,
//! `issuance`, `output`) → (`crypto`, `x509`, `identifiers`, `time`).
//!
//! - [`cli`]: clap types only. [`commands`]: one file per subcommand, glue only.
//! - [`settings`]: which CA and config dir, resolved from flags and environment.
//! - [`protocol`]: the only code that talks to the CA — transport, JWS, wire types, accounts,
//!   orders. [`protocol::Client::post`] is the one door for signed requests.
//! - [`issuance`]: order → challenges → finalize → download → check. [`obtain`]: run it as a
//!   lineage's settings say and install the result (shared by `issue` and `renew`).
//! - [`method`]: the challenge method chosen by the user, checked, saved and restored.
//! - [`solvers`]: make a challenge answerable (webroot, …) and clean up afterwards.
//! - [`storage`]: every path under the config dir, atomic writes, symlink swaps, locks.
//! - [`crypto`] (keys, signatures, CSRs), [`x509`] (reading certificates), [`identifiers`]
//!   (name normalisation), [`time`] (dates): pure helpers.
//! - [`renewal`]: when a lineage is due (pure). [`hooks`]: pre/deploy/post hook commands.
//! - [`survey`]: each lineage as found on disk, and whether it is due. [`renewer`]: the
//!   renewal run (ARI checks, locks, parallel jobs, hooks).
//! - [`output`]: the Printer — quiet, normal, verbose, JSON. [`error`]: exit-code classes.

pub mod cli;
pub mod commands;
pub mod crypto;
pub mod error;
pub mod hints;
pub mod hooks;
pub mod identifiers;
pub mod issuance;
pub mod method;
pub mod obtain;
pub mod output;
pub mod protocol;
pub mod renewal;
pub mod renewer;
pub mod settings;
pub mod solvers;
pub mod storage;
pub mod survey;
pub mod time;
pub mod x509;
