//! A fleet of nodes sharing their certificates through etcd (issue #21).
//!
//! - [`etcd`]: the synchronous etcd v3 client (JSON gateway over ureq).
pub mod etcd;
#[cfg(test)]
pub mod testing;
