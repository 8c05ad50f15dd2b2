use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;

fn main() -> ExitCode {
    acme::interrupt::install();
    // Known before parsing, so that even a usage error is a JSON document on stdout.
    let json = std::env::args_os().any(|a| a == "--json");
    let usage_failure = |e: clap::Error, code: u8| {
        let _ = e.print();
        if json && code != 0 {
            println!("{:#}", acme::report::usage_error(&e.to_string(), code));
        }
        ExitCode::from(code)
    };
    let matches = match acme::cli::Cli::command().try_get_matches() {
        Ok(m) => m,
        // clap: 0 for --help/--version, 2 for usage errors.
        Err(e) => {
            let code = e.exit_code() as u8;
            return usage_failure(e, code);
        }
    };
    let cli = match acme::cli::Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return usage_failure(e, 2),
    };
    match acme::commands::run(cli, &matches) {
        Ok(()) => {
            acme::runlog::finish(0, None);
            ExitCode::SUCCESS
        }
        Err(err) if acme::error::silent(&err).is_some() => {
            let code = acme::error::exit_code(&err);
            acme::runlog::finish(code, Some(&format!("{err:#}")));
            ExitCode::from(code)
        }
        Err(err) => {
            let code = acme::error::exit_code(&err);
            acme::runlog::finish(code, Some(&format!("{err:#}")));
            // The chain may quote the CA: the same escaping as everything the Printer shows.
            let text = format!("{err:#}");
            eprintln!("error: {}", acme::escape::escape_lines(&text));
            if let Some(hint) = acme::hints::hint(&err) {
                eprintln!("hint: {}", acme::escape::escape_lines(&hint));
            }
            let log = acme::runlog::written_path();
            if let Some(log) = &log {
                eprintln!("The log of this run: {}", log.display());
            }
            if json && !acme::output::result_printed() {
                let mut e = acme::report::error(&err);
                e["log"] = serde_json::json!(log);
                let mut doc = serde_json::json!({ "error": e });
                if let Some(hooks) = acme::output::hook_failures() {
                    doc["hook_failures"] = hooks;
                }
                println!("{doc:#}");
            }
            ExitCode::from(code)
        }
    }
}
