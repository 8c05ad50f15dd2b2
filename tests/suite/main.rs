//! The integration suite as one test binary: each module drives the real `acme` binary against
//! a real Pebble (and BIND where DNS is tested) started per test on free loopback ports.
//! One binary links once, instead of once per file.

mod common;
mod support;

/// The command line's clap definition, compiled into the suite (it depends on clap and the
/// library only) to render completions and man pages, as `examples/generate-assets.rs` does.
#[path = "../../src/cli/args.rs"]
#[allow(dead_code)]
mod cli;

mod account;
mod ari;
mod assets;
mod bad_input;
mod certbot_hooks;
mod dns;
mod fallback;
mod fleet;
mod fuzz_parsers;
mod harness;
mod hook_safety;
mod hostile;
mod import_certbot;
mod issue;
mod json;
mod library;
mod limits;
mod non_root;
mod options;
mod reliability;
mod renew;
mod rerun;
mod responders;
mod revoke;
mod root_safe;
mod runlog;
mod terminal;
mod uncollected;
mod watch;
