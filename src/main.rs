//! The `acme` command: a certbot-style client over the `acme` library.
//!
//! Read this map first. The library (`src/lib.rs`) speaks ACME and nothing else; everything
//! here is the command line's: flags, settings, the config dir, challenge solvers, hooks,
//! renewal runs, output. Arrows point one way: `commands` → (`issuance`, `obtain`, `renewer`,
//! `solvers`, `storage`, `output`) → the library.
//!
//! - [`cli`]: clap types only. [`commands`]: one file per subcommand, glue only.
//! - [`settings`]: which CA and config dir, resolved from flags and environment; it makes the
//!   library's `Client` (extra roots, the run log as observer, signals cutting waits short).
//! - [`issuance`]: order → challenges → finalize → download → check. [`obtain`]: run it as a
//!   lineage's settings say and install the result (shared by `issue` and `renew`).
//! - [`guard`]: checks the library's rate-limit tables before a newOrder and records what was
//!   spent in `storage::ledger`.
//! - [`method`]: the challenge method chosen by the user, checked, saved and restored.
//!   [`options`]: the other per-lineage issuance settings (CSR, key reuse, chain, profile);
//!   [`conf_keys`]: every renewal-conf key and its owner.
//! - [`solvers`]: make a challenge answerable and clean up afterwards — webroot, standalone
//!   http-01, tls-alpn-01, dns-01 (manual, hook, RFC 2136) — plus the http-01 self-check.
//! - [`dns`]: DNS queries, zone/authoritative-server lookup, propagation checks, RFC 2136 + TSIG.
//! - [`safe_dir`]: directories others may write (web roots), through directory fds.
//! - [`storage`]: every path under the config dir, atomic writes, symlink swaps, locks.
//! - [`fleet`]: nodes sharing lineages, accounts, locks and http-01 answers through etcd.
//! - [`prompt`]: confirmation before what cannot be undone. [`reissue`]: which lineage a
//!   re-run of `issue` belongs to (pure). [`dry_run`]: the staging account of `--dry-run`.
//! - [`backoff`]: how long a failing lineage waits before its next attempt (pure; its memory
//!   is `storage::health`). [`hooks`]: pre/deploy/post hook commands; [`hook_check`]: they
//!   can run, checked before ordering. [`failure_hook`]: told of failed and recovered
//!   renewals. [`hook_dirs`]: certbot's renewal-hooks/{pre,deploy,post}/ directories.
//! - [`survey`]: each lineage as found on disk, and whether it is due. [`renewer`]: the
//!   renewal run (ARI checks, locks, parallel jobs, hooks). [`fallback`]: when a lineage goes
//!   on to its next CA (pure), and trying them in order. [`schedule`]: whether this
//!   machine runs it (told after the first issuance).
//! - [`monitor`]: each lineage as a monitor sees it (`acme check`); [`metrics`]: the same as
//!   a Prometheus text file.
//! - [`output`]: the Printer — quiet, normal, verbose, JSON. [`report`]: the JSON objects
//!   shared by commands. [`runlog`]: the log of every run. [`error`]: exit-code classes.
//!   [`hints`]: what to try next. [`interrupt`]: SIGINT/SIGTERM/SIGHUP stop at a safe point.

mod backoff;
mod cli;
mod commands;
mod conf_keys;
mod dry_run;
mod error;
mod failure_hook;
mod fallback;
mod fleet;
mod guard;
mod hints;
mod hook_check;
mod hook_dirs;
mod hooks;
mod interrupt;
mod issuance;
mod method;
mod metrics;
mod monitor;
mod obtain;
mod options;
mod output;
mod prompt;
mod reissue;
mod renewer;
mod report;
mod runlog;
mod safe_dir;
mod schedule;
mod settings;
mod solvers;
mod storage;
mod survey;

use clap::{CommandFactory, FromArgMatches};
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
