//! SIGINT, SIGTERM and SIGHUP stop acme at the next safe point instead of killing it on the
//! spot: the handler only records the signal (all a handler may safely do); waits and polls
//! look at it, fail with [`Interrupted`], and the usual error path then removes this run's
//! challenge files and TXT records, runs the post-hook, releases the locks and stops the
//! spinner. The exit code is 128 + the signal (130 for SIGINT, 143 for SIGTERM). A hook that
//! is running when the signal arrives runs in its own process group, out of reach of the
//! terminal's Ctrl-C: the hook runner passes the signal on to that group (see
//! `hooks::execute`), so a hung pre-hook cannot hold the interruption back.

use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};
use std::time::{Duration, Instant};

static SIGNAL: AtomicI32 = AtomicI32::new(0);
/// How many signals have arrived: a hook started after an interruption (the post-hook, a DNS
/// record's removal) runs, and is stopped only by a signal that arrives while it runs.
static COUNT: AtomicU32 = AtomicU32::new(0);

extern "C" fn record(sig: libc::c_int) {
    SIGNAL.store(sig, Ordering::SeqCst);
    COUNT.fetch_add(1, Ordering::SeqCst);
}

/// Installs the handlers (once, at start-up).
pub fn install() {
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: `record` only stores into an atomic, which is async-signal-safe; the
        // sigaction struct is fully initialised.
        unsafe {
            let mut act: libc::sigaction = std::mem::zeroed();
            act.sa_sigaction = record as *const () as usize;
            libc::sigemptyset(&mut act.sa_mask);
            libc::sigaction(sig, &act, std::ptr::null_mut());
        }
    }
}

/// The signal received, if any.
pub fn received() -> Option<i32> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

/// How many signals have arrived so far (compare two readings to see whether one arrived in
/// between).
pub fn count() -> u32 {
    COUNT.load(Ordering::SeqCst)
}

/// A signal asked acme to stop.
#[derive(Debug)]
pub struct Interrupted {
    pub signal: i32,
}

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self.signal {
            libc::SIGINT => "SIGINT",
            libc::SIGTERM => "SIGTERM",
            libc::SIGHUP => "SIGHUP",
            _ => "a signal",
        };
        write!(f, "interrupted ({name})")
    }
}

impl std::error::Error for Interrupted {}

/// A safe point: `Err(Interrupted)` once a signal has arrived.
pub fn check() -> anyhow::Result<()> {
    match received() {
        Some(signal) => Err(Interrupted { signal }.into()),
        None => Ok(()),
    }
}

/// `Err(Interrupted)` if a signal arrived after [`count`] returned `since`: a wait that a
/// stopping run may still need (a lock, a hook) yields only to a signal of its own time.
pub fn check_since(since: u32) -> anyhow::Result<()> {
    match received() {
        Some(signal) if count() != since => Err(Interrupted { signal }.into()),
        _ => Ok(()),
    }
}

/// `err` marked as an interruption when a signal has arrived, so that the exit code is
/// 128 + the signal even for an error that only summarises what happened (a run whose
/// hooks or lineages were interrupted); its message is kept.
pub fn mark(err: anyhow::Error) -> anyhow::Error {
    match received() {
        Some(signal) if exit_code(&err).is_none() => {
            anyhow::Error::new(Interrupted { signal }).context(format!("{err:#}"))
        }
        _ => err,
    }
}

/// Sleeps `d`, waking early (within 50 ms) when a signal arrives; then [`check`].
pub fn sleep(d: Duration) -> anyhow::Result<()> {
    let until = Instant::now().checked_add(d);
    loop {
        check()?;
        let left = match until {
            Some(u) => u.saturating_duration_since(Instant::now()),
            None => Duration::from_millis(50),
        };
        if left.is_zero() {
            return Ok(());
        }
        std::thread::sleep(left.min(Duration::from_millis(50)));
    }
}

/// The exit code for an error that is an interruption: 128 + the signal.
pub fn exit_code(err: &anyhow::Error) -> Option<u8> {
    // Inside the library's error when a signal cut one of its waits short.
    acme::error::find::<Interrupted>(err).map(|i| (128 + i.signal) as u8)
}
