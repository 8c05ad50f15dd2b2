//! The command line's plumbing: its clap types ([`args`], re-exported here), the settings
//! resolved from them, and everything a run shows or leaves behind — output, JSON reports,
//! hints, exit codes, prompts, signals, the run log.

pub mod args;
pub mod error;
pub mod hints;
pub mod interrupt;
pub mod output;
pub mod prompt;
pub mod report;
pub mod runlog;
pub mod settings;

pub use args::*;
