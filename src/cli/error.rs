//! Exit-code classification.
//!
//! Every command returns `anyhow::Result`; the only distinction a caller branches on is whether the
//! user asked for something impossible (exit 2: bad flags, invalid names, missing files, no consent) or
//! the operation itself failed (exit 1: the CA refused, validation failed, the network). A
//! [`UsageError`] anywhere in the cause chain makes it a usage error.

use std::fmt;

/// Marks an error as the user's to fix before anything is retried: exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Builds a usage error (exit 2) from a message that says what was wrong and what to do.
pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(msg.into()))
}

/// The command has already said everything on stdout and only its exit code is left to give
/// (`acme check`'s Nagios states): nothing more is printed.
#[derive(Debug)]
pub struct Silent(pub u8);

impl fmt::Display for Silent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exit status {}", self.0)
    }
}

impl std::error::Error for Silent {}

/// The exit code of a [`Silent`] error, if that is what `err` is.
pub fn silent(err: &anyhow::Error) -> Option<u8> {
    err.downcast_ref::<Silent>().map(|s| s.0)
}

/// Exit code for a failed command: 2 for usage/configuration errors, 1 for everything else.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if let Some(code) = silent(err) {
        return code;
    }
    // SIGINT 130, SIGTERM 143, SIGHUP 129: as a shell reports a process the signal stopped.
    if let Some(code) = crate::cli::interrupt::exit_code(err) {
        return code;
    }
    if err
        .chain()
        .any(|e| e.downcast_ref::<UsageError>().is_some())
    {
        2
    } else {
        1
    }
}
