//! Keeping certificates renewed: each lineage as found on disk and whether it is due
//! ([`survey`]), the renewal run ([`renewer`]), the back-off of failing lineages ([`backoff`]),
//! whether this machine schedules the run ([`schedule`]), and how a monitor sees it all
//! ([`monitor`], [`metrics`], and the orders left uncollected: [`uncollected`]).

pub mod backoff;
pub mod metrics;
pub mod monitor;
pub mod renewer;
pub mod schedule;
pub mod survey;
pub mod uncollected;
