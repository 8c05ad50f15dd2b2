//! The rate-limit ledger: `<config-dir>/ledger.jsonl`, one JSON object per line, appended to
//! whenever this machine spends something the CA counts (an order, a certificate, a failed
//! authorization) or the CA says to come back later (`rateLimited`, 503 with `Retry-After`).
//!
//! Crash safety: each event is one `write` on an `O_APPEND` descriptor followed by `fsync`, so a
//! crash leaves at most a torn last line; readers skip lines that do not parse, and the next
//! append starts on a fresh line. Pruning rewrites the file atomically (`write_atomic`) under a
//! lock, and only when enough stale lines have piled up to be worth it.

use anyhow::{Context, Result};
use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::time::Duration;

use super::Layout;
use super::fsutil::{self, Lock};

/// The ledger holds account URLs and names: not secret, but nobody else's business.
const LEDGER_MODE: u32 = 0o600;
/// Rewrite the file when at least this many lines are stale or unreadable.
const PRUNE_AFTER_STALE_LINES: usize = 200;

pub use acme::limits::{Event, Kind};

impl Layout {
    pub fn ledger(&self) -> std::path::PathBuf {
        self.root.join("ledger.jsonl")
    }
}

/// Appends one event: one write on an O_APPEND descriptor, then fsync.
pub fn append(layout: &Layout, event: &Event) -> Result<()> {
    let path = layout.ledger();
    fsutil::ensure_dir(&layout.root, fsutil::PRIVATE_DIR)?;
    let _lock = lock(layout)?;
    let result = (|| -> Result<()> {
        let mut f = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .mode(LEDGER_MODE)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
            .map_err(|e| fsutil::refuse_link(&path, e))?;
        let mut line = serde_json::to_string(event)?;
        line.push('\n');
        // A crash mid-append left a line without its newline: start ours on a fresh line so
        // only the torn one is lost.
        let len = f.metadata()?.len();
        if len > 0 {
            let mut last = [0u8; 1];
            f.seek(SeekFrom::Start(len - 1))?;
            f.read_exact(&mut last)?;
            if last[0] != b'\n' {
                line.insert(0, '\n');
            }
        }
        f.write_all(line.as_bytes())?;
        f.sync_all()?;
        Ok(())
    })();
    result.with_context(|| format!("cannot append to the ledger {}", path.display()))
}

/// Every readable event; a missing file is an empty ledger. Returns how many lines were skipped
/// as unreadable (a torn last line after a crash, or hand edits).
pub fn load(layout: &Layout) -> Result<(Vec<Event>, usize)> {
    let path = layout.ledger();
    let opened = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&path);
    let mut text = String::new();
    match opened.and_then(|mut f| f.read_to_string(&mut text)) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => {
            return Err(fsutil::refuse_link(&path, e))
                .with_context(|| format!("cannot read the ledger {}", path.display()));
        }
    };
    Ok(parse(&text))
}

/// Parses JSON lines, skipping blank and unreadable ones (counted).
pub fn parse(text: &str) -> (Vec<Event>, usize) {
    let mut events = Vec::new();
    let mut bad = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Event>(line) {
            Ok(e) => events.push(e),
            Err(_) => bad += 1,
        }
    }
    (events, bad)
}

/// Whether an event can still matter at `now`: inside `keep` or a Retry-After still running.
pub fn is_live(e: &Event, now: i64, keep: i64) -> bool {
    e.t > now - keep || e.retry_until.is_some_and(|r| r > now)
}

/// Drops events older than `keep` (the longest window) once enough have gone stale; rewrites
/// atomically so a crash leaves the old file or the new one. Lines a newer version wrote (valid
/// JSON with a `t`, but an event this one does not know) are kept while recent; torn lines go.
pub fn prune(layout: &Layout, now: i64, keep: i64) -> Result<bool> {
    let _lock = lock(layout)?;
    let path = layout.ledger();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read the ledger {}", path.display()));
        }
    };
    let mut kept = String::new();
    let mut dropped = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let live = match serde_json::from_str::<Event>(line) {
            Ok(e) => is_live(&e, now, keep),
            Err(_) => serde_json::from_str::<serde_json::Value>(line).is_ok_and(|v| {
                let t = v["t"].as_i64().unwrap_or(i64::MIN);
                let until = v["retry_until"].as_i64().unwrap_or(i64::MIN);
                t > now - keep || until > now
            }),
        };
        if live {
            kept.push_str(line);
            kept.push('\n');
        } else {
            dropped += 1;
        }
    }
    if dropped < PRUNE_AFTER_STALE_LINES {
        return Ok(false);
    }
    fsutil::write_atomic(&path, kept.as_bytes(), LEDGER_MODE)?;
    Ok(true)
}

fn lock(layout: &Layout) -> Result<Lock> {
    Lock::acquire(&layout.lock_file("ledger"), Duration::from_secs(10))?
        .context("another acme process holds the ledger lock for more than 10 s")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(t: i64, kind: Kind) -> Event {
        Event {
            t,
            event: kind,
            server: "https://ca/dir".into(),
            account: "https://ca/acct/1".into(),
            identifiers: vec!["a.example.com".into()],
            retry_until: None,
        }
    }

    #[test]
    fn appended_events_read_back_and_a_torn_line_costs_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().join("cfg"));
        append(&layout, &ev(1, Kind::Order)).unwrap();
        // A crash mid-append: half a line, no newline.
        let mut f = OpenOptions::new()
            .append(true)
            .open(layout.ledger())
            .unwrap();
        f.write_all(br#"{"t":2,"event":"cert"#).unwrap();
        append(&layout, &ev(3, Kind::Certificate)).unwrap();
        let (events, bad) = load(&layout).unwrap();
        assert_eq!(bad, 1);
        assert_eq!(events, vec![ev(1, Kind::Order), ev(3, Kind::Certificate)]);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(layout.ledger())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn the_wire_shape_is_one_flat_object_per_line() {
        let mut e = ev(5, Kind::RateLimited);
        e.retry_until = Some(65);
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"t":5,"event":"rate_limited","server":"https://ca/dir","account":"https://ca/acct/1","identifiers":["a.example.com"],"retry_until":65}"#
        );
    }

    #[test]
    fn pruning_waits_for_enough_stale_lines_and_keeps_live_ones() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        let now = 1_000_000;
        let keep = 1000;
        let mut waiting = ev(0, Kind::RateLimited);
        waiting.retry_until = Some(now + 10);
        append(&layout, &waiting).unwrap();
        append(&layout, &ev(now - 5, Kind::Order)).unwrap();
        // Written by a newer version: an event kind this one does not know.
        let future = r#"{"t":999999,"event":"registration","server":"https://ca/dir"}"#;
        let mut f = OpenOptions::new()
            .append(true)
            .open(layout.ledger())
            .unwrap();
        writeln!(f, "{future}").unwrap();
        assert!(!prune(&layout, now, keep).unwrap(), "too few stale lines");
        for i in 0..PRUNE_AFTER_STALE_LINES as i64 {
            append(&layout, &ev(i, Kind::Order)).unwrap();
        }
        assert!(prune(&layout, now, keep).unwrap());
        let text = std::fs::read_to_string(layout.ledger()).unwrap();
        assert!(text.contains(future), "{text}");
        let (events, bad) = load(&layout).unwrap();
        assert_eq!(bad, 1);
        assert_eq!(events, vec![waiting, ev(now - 5, Kind::Order)]);
    }
}
