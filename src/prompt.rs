//! Asking the user before something that cannot be undone.

use anyhow::{Result, bail};
use std::io::{BufRead, IsTerminal, Write};

use crate::error::usage;

/// Goes on when `yes` is set or the user types `y`/`yes` on the terminal. With no terminal to
/// ask on (cron, scripts) and no `--yes`, it refuses with a usage error (exit 2) rather than guess.
pub fn confirm(question: &str, yes: bool) -> Result<()> {
    if yes {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(usage(format!(
            "{question}\nThis cannot be undone and there is no terminal to ask on: pass --yes to confirm"
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
