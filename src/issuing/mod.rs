//! Getting a certificate: the order flow against the CA ([`issuance`]), run as a lineage's
//! settings say and installed ([`obtain`]); which lineage a request belongs to ([`reissue`]);
//! what the per-lineage settings mean — challenge [`method`], [`options`] (their conf keys are
//! `crate::storage::renewal_conf`'s); the staging account of `--dry-run` ([`dry_run`]); when a
//! lineage goes on to its next CA,
//! and trying them in order ([`fallback`]); collecting the orders earlier runs finalized, each at
//! its own CA ([`pickup`]).

pub mod dry_run;
pub mod fallback;
pub mod issuance;
pub mod method;
pub mod obtain;
pub mod options;
pub mod pickup;
pub mod reissue;
