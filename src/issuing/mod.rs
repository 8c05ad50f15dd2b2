//! Getting a certificate: the order flow against the CA ([`issuance`]), run as a lineage's
//! settings say and installed ([`obtain`]); which lineage a request belongs to ([`reissue`]);
//! the per-lineage settings — challenge [`method`], [`options`], and the renewal-conf keys
//! each owns ([`conf_keys`]); the staging account of `--dry-run` ([`dry_run`]); when a lineage goes on to its next CA,
//! and trying them in order ([`fallback`]); collecting the orders earlier runs finalized, each at
//! its own CA ([`pickup`]).

pub mod conf_keys;
pub mod dry_run;
pub mod fallback;
pub mod issuance;
pub mod method;
pub mod obtain;
pub mod options;
pub mod pickup;
pub mod reissue;
