//! Asking the user before something that cannot be undone.

use anyhow::{Result, bail};
use std::io::{BufRead, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cli::error::usage;

/// `-n` / `--non-interactive`: act as if there were no terminal to ask on.
static NEVER_ASK: AtomicBool = AtomicBool::new(false);

pub fn never_ask() {
    NEVER_ASK.store(true, Ordering::Relaxed);
}

/// Whether acme may wait for the user: stdin is a terminal and `-n` was not given.
pub fn may_ask() -> bool {
    !NEVER_ASK.load(Ordering::Relaxed) && std::io::stdin().is_terminal()
}

/// Goes on when `yes` is set or the user types `y`/`yes` on the terminal. With no terminal to
/// ask on (cron, scripts) and no `--yes`, it refuses with a usage error (exit 2) rather than guess.
pub fn confirm(question: &str, yes: bool) -> Result<()> {
    if yes {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !may_ask() {
        return Err(usage(format!(
            "{question}\nThis cannot be undone and there is no terminal to ask on (or -n was given): pass --yes to confirm"
        )));
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        bail!("cancelled; nothing was changed")
    }
}
