//! A fleet of nodes sharing their certificates through etcd (issue #21).
//!
//! - [`etcd`]: the synchronous etcd v3 client (JSON gateway over ureq).
//! - [`store`]: `storage::store::Store` over etcd — lineage versions, confs, accounts (keys
//!   sealed with `storage::seal`), ledger, lease locks.
pub mod etcd;
pub mod store;

#[cfg(test)]
pub mod testing;
