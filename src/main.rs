//! The `acme` command: a certbot-style client over the `acme` library.
//!
//! Read this map first. The library (`src/lib.rs`) speaks ACME and nothing else; everything
//! here is the command's: flags, the config dir, challenge solvers, hooks, renewal runs,
//! output. Modules are grouped by concern, and arrows point one way: [`commands`] →
//! ([`issuing`], [`renewing`], [`rate_limits`], [`challenges`], [`hooks`]) → ([`storage`],
//! [`cli`]) → the library.
//!
//! - [`cli`]: the clap types, the settings resolved from them (which CA, which config dir,
//!   the library `Client` they make), and what a run shows or leaves behind: output, JSON
//!   reports, hints, exit codes, prompts, signals, the run log.
//! - [`commands`]: one file per subcommand, glue only.
//! - [`issuing`]: the order flow (order → challenges → finalize → download → check), run as a
//!   lineage's settings say and installed; which lineage a request belongs to; the settings
//!   (challenge method, options) and the renewal-conf keys each owns.
//! - [`renewing`]: each lineage as found on disk and whether it is due, the renewal run (ARI,
//!   locks, parallel jobs), back-off of failing lineages, scheduling, monitoring and metrics.
//! - [`rate_limits`]: the library's rate-limit tables checked before a newOrder, and what was
//!   spent recorded in the ledger.
//! - [`challenges`]: make a challenge answerable and clean up afterwards — webroot (through
//!   directory fds, `safe_dir`), standalone http-01, tls-alpn-01, dns-01 (manual, hook,
//!   RFC 2136, propagation checks), dns-persist-01 — plus the http-01 self-check.
//! - [`hooks`]: pre/deploy/post hooks and their one runner, the checks before ordering,
//!   certbot's renewal-hooks directories, the failure hook.
//! - [`storage`]: every path under the config dir, atomic writes, symlink swaps, locks.
//! - [`fleet`]: nodes sharing lineages, accounts, locks and http-01 answers through etcd.

mod challenges;
mod cli;
mod commands;
mod fleet;
mod hooks;
mod issuing;
mod rate_limits;
mod renewing;
mod storage;

use clap::{CommandFactory, FromArgMatches};
use cli::{error, hints, interrupt, output, report, runlog};
use std::process::ExitCode;

fn main() -> ExitCode {
    interrupt::install();
    // Known before parsing, so that even a usage error is a JSON document on stdout.
    let json = std::env::args_os().any(|a| a == "--json");
    let usage_failure = |e: clap::Error, code: u8| {
        let _ = e.print();
        if json && code != 0 {
            println!("{:#}", report::usage_error(&e.to_string(), code));
        }
        ExitCode::from(code)
    };
    let matches = match cli::Cli::command().try_get_matches() {
        Ok(m) => m,
        // clap: 0 for --help/--version, 2 for usage errors.
        Err(e) => {
            let code = e.exit_code() as u8;
            return usage_failure(e, code);
        }
    };
    let cli = match cli::Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return usage_failure(e, 2),
    };
    match commands::run(cli, &matches) {
        Ok(()) => {
            runlog::finish(0, None);
            ExitCode::SUCCESS
        }
        Err(err) if error::silent(&err).is_some() => {
            let code = error::exit_code(&err);
            runlog::finish(code, Some(&format!("{err:#}")));
            ExitCode::from(code)
        }
        Err(err) => {
            let code = error::exit_code(&err);
            runlog::finish(code, Some(&format!("{err:#}")));
            // The chain may quote the CA: the same escaping as everything the Printer shows.
            let text = format!("{err:#}");
            eprintln!("error: {}", acme::escape::escape_lines(&text));
            if let Some(hint) = hints::hint(&err) {
                eprintln!("hint: {}", acme::escape::escape_lines(&hint));
            }
            let log = runlog::written_path();
            if let Some(log) = &log {
                eprintln!("The log of this run: {}", log.display());
            }
            if json && !output::result_printed() {
                let mut e = report::error(&err);
                e["log"] = serde_json::json!(log);
                let mut doc = serde_json::json!({ "error": e });
                if let Some(hooks) = output::hook_failures() {
                    doc["hook_failures"] = hooks;
                }
                println!("{doc:#}");
            }
            ExitCode::from(code)
        }
    }
}
