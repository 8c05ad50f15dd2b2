//! Test support that is not a CA fixture: the asset renderer and the fault-injecting proxy.

pub mod assets;
pub mod conf;
pub mod fault_proxy;
