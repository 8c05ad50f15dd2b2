//! All user-facing output goes through one [`Printer`]: progress on stderr (a spinner on a
//! terminal, plain lines otherwise), results on stdout (text, or JSON under `--json`), and nothing
//! but errors under `--quiet`.

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use serde_json::Value;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

pub use acme::escape::escape_lines;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Whether a command printed its result: under `--json`, an error after that (a renewal run
/// with failures) is already in the result, and stdout must stay one JSON document.
static RESULT_PRINTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn result_printed() -> bool {
    RESULT_PRINTED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Hooks that failed in a command that then failed: its JSON error document carries them
/// (`hook_failures`), since the error alone names only what stopped the command.
static HOOK_FAILURES: Mutex<Option<Value>> = Mutex::new(None);

pub fn set_hook_failures(failures: Value) {
    *HOOK_FAILURES.lock().unwrap_or_else(|p| p.into_inner()) = Some(failures);
}

/// What [`set_hook_failures`] was given, if anything.
pub fn hook_failures() -> Option<Value> {
    HOOK_FAILURES
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
}

pub struct Printer {
    pub verbosity: Verbosity,
    pub json: bool,
    spinner: Mutex<Option<ProgressBar>>,
    /// Every bar is drawn through this, so a progress bar and the spinner share the terminal.
    multi: MultiProgress,
    tty: bool,
}

impl Printer {
    pub fn new(verbosity: Verbosity, json: bool) -> Printer {
        let tty = std::io::stderr().is_terminal();
        Printer {
            verbosity,
            json,
            spinner: Mutex::new(None),
            multi: MultiProgress::new(),
            tty,
        }
    }

    /// Whether progress should be drawn (indicatif) rather than written as lines.
    pub fn animated(&self) -> bool {
        self.tty && self.verbosity == Verbosity::Normal
    }

    /// A step in progress: the spinner's message on a terminal, a line on stderr otherwise.
    pub fn step(&self, msg: &str) {
        crate::cli::runlog::line(msg);
        match self.verbosity {
            Verbosity::Quiet => {}
            _ if self.animated() => {
                let mut guard = self.spinner.lock().unwrap();
                let bar = guard.get_or_insert_with(|| {
                    let bar = self.multi.add(ProgressBar::new_spinner());
                    bar.set_style(
                        ProgressStyle::with_template("{spinner} {msg}").expect("valid template"),
                    );
                    bar.enable_steady_tick(Duration::from_millis(100));
                    bar
                });
                bar.set_message(escape_lines(msg).into_owned());
            }
            _ => eprintln!("{}", escape_lines(msg)),
        }
    }

    /// Detail shown only under `-v`.
    pub fn detail(&self, msg: &str) {
        crate::cli::runlog::line(msg);
        if self.verbosity == Verbosity::Verbose {
            self.suspend(|| eprintln!("{}", escape_lines(msg)));
        }
    }

    /// Something the user should know even though the command goes on.
    pub fn warn(&self, msg: &str) {
        crate::cli::runlog::line(&format!("warning: {msg}"));
        if self.verbosity != Verbosity::Quiet {
            self.suspend(|| eprintln!("warning: {}", escape_lines(msg)));
        }
    }

    /// A note on stderr in normal and verbose mode.
    pub fn note(&self, msg: &str) {
        crate::cli::runlog::line(msg);
        if self.verbosity != Verbosity::Quiet {
            self.suspend(|| eprintln!("{}", escape_lines(msg)));
        }
    }

    /// A failure besides the one the command ends with (a post-hook after a failed issuance):
    /// shown even under `--quiet`, as errors are.
    pub fn failure(&self, msg: &str) {
        crate::cli::runlog::line(&format!("error: {msg}"));
        self.clear();
        eprintln!("error: {}", escape_lines(msg));
    }

    /// Something the user must act on at a terminal (manual modes): shown even under `--quiet`.
    pub fn prompt(&self, msg: &str) {
        crate::cli::runlog::line(msg);
        self.clear();
        eprintln!("{}", escape_lines(msg));
    }

    /// The command's result: `json` on stdout under `--json`, else `human` unless quiet.
    pub fn result(&self, human: &str, json: &Value) {
        self.clear();
        RESULT_PRINTED.store(true, std::sync::atomic::Ordering::Relaxed);
        if !human.is_empty() {
            crate::cli::runlog::line(&format!("result: {human}"));
        }
        let text = if self.json {
            serde_json::to_string_pretty(json).expect("JSON values serialise")
        } else if self.verbosity != Verbosity::Quiet && !human.is_empty() {
            escape_lines(human).into_owned()
        } else {
            return;
        };
        // A reader that stopped early (`acme list | head`) is not an error worth a panic.
        use std::io::Write;
        let _ = writeln!(std::io::stdout().lock(), "{text}");
    }

    /// A progress bar over `len` items (e.g. lineages being renewed), drawn above the spinner;
    /// `None` unless progress is animated (a terminal in normal mode).
    pub fn progress(&self, len: u64, template: &str) -> Option<ProgressBar> {
        if !self.animated() {
            return None;
        }
        let bar = self.multi.insert(0, ProgressBar::new(len));
        bar.set_style(ProgressStyle::with_template(template).ok()?);
        Some(bar)
    }

    /// Stops any spinner (before an error is printed, or at the end).
    pub fn clear(&self) {
        if let Some(bar) = self.spinner.lock().unwrap().take() {
            bar.finish_and_clear();
        }
    }

    fn suspend(&self, f: impl FnOnce()) {
        // Hides every bar (spinner and progress) while `f` prints, then redraws them.
        self.multi.suspend(f)
    }
}
