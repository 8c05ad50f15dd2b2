//! A fleet of nodes sharing their certificates through etcd (issue #21).
//!
//! - [`accept`]: the checks a version from the store passes before it goes live (and one of
//!   this node's before it is offered): a CA download's checks, bounded numbers, no rollback.
//! - [`etcd`]: the synchronous etcd v3 client (JSON gateway over ureq).
//! - [`store`]: `storage::store::Store` over etcd — lineage versions, confs, accounts (keys
//!   sealed with `storage::seal`), ledger, lease locks.
//! - [`node`]: this node's setting (`fleet.conf`) and its opened store.
//! - [`sync`]: the node's config dir brought in step with the store (pull, push, deploy hooks).
//! - [`http01`]: http-01 (and tls-alpn-01) answers published to the store; http-01 answers
//!   written into each node's web root.
//! - [`tls_alpn`]: tls-alpn-01 answers from the store, served by each watching node's responder.
//! - [`shared_conf`]: which renewal-conf keys the fleet shares; hooks and paths never.
//! - [`renewal`]: the fleet's part in `renew`, `issue` and the rate-limit guard.
//! - [`watch`]: `acme sync --watch`, following the store as it changes.
pub mod accept;
pub mod etcd;
pub mod http01;
pub mod node;
pub mod renewal;
pub mod shared_conf;
pub mod store;
pub mod sync;
pub mod tls_alpn;
pub mod watch;

#[cfg(test)]
pub mod testing;
