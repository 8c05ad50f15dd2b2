use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = match acme::cli::Cli::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            // clap: 0 for --help/--version, 2 for usage errors.
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    let cli = match acme::cli::Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    match acme::commands::run(cli, &matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // The chain may quote the CA: the same escaping as everything the Printer shows.
            let text = format!("{err:#}");
            eprintln!("error: {}", acme::escape::escape_lines(&text));
            if let Some(hint) = acme::hints::hint(&err) {
                eprintln!("hint: {}", acme::escape::escape_lines(&hint));
            }
            ExitCode::from(acme::error::exit_code(&err))
        }
    }
}
