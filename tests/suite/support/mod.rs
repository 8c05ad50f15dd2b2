//! Test support that is not a CA fixture: the asset renderer, the fault-injecting proxy and a
//! real etcd cluster.

pub mod assets;
pub mod conf;
pub mod etcd;
pub mod fault_proxy;
