//! When to ask again. Early polls come quickly because a CA often validates in milliseconds; later
//! ones back off to spare it; a `Retry-After` from the CA always wins
//! ([RFC 8555 §7.5.1](https://www.rfc-editor.org/rfc/rfc8555#section-7.5.1)) — but only up to the
//! time left: a wait is a deadline, and the last look is at the deadline.

use std::time::{Duration, Instant};

use super::Clock;

/// How long to wait before the first look. A local CA answers in a few milliseconds; a public
/// one takes a second or more, and then the doubling quickly spaces the polls out.
pub const FIRST: Duration = Duration::from_millis(25);
/// Polls never wait longer than this, unless the CA's `Retry-After` says so.
const LONGEST: Duration = Duration::from_secs(5);

/// The wait before poll number `attempt` (0-based): 25, 50, 100, 200, 400, 800 ms, 1.6, 3.2 s,
/// then every 5 s — five quick looks, then seconds. A `Retry-After` from the CA always wins.
pub fn delay(attempt: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(ra) = retry_after {
        return ra.max(FIRST);
    }
    FIRST.saturating_mul(1 << attempt.min(16)).min(LONGEST)
}

/// A limit on a wait, started now by `clock`. All arithmetic saturates: no `Retry-After` can
/// overflow it.
pub struct Deadline<'a> {
    clock: &'a dyn Clock,
    start: Instant,
    limit: Duration,
}

impl<'a> Deadline<'a> {
    /// A deadline `limit` from now.
    pub fn new(limit: Duration, clock: &'a dyn Clock) -> Deadline<'a> {
        Deadline {
            clock,
            start: clock.now(),
            limit,
        }
    }

    /// The time left, zero once passed.
    pub fn left(&self) -> Duration {
        self.limit.saturating_sub(self.waited())
    }

    /// Whether no time is left.
    pub fn passed(&self) -> bool {
        self.left().is_zero()
    }

    /// The real time waited so far.
    pub fn waited(&self) -> Duration {
        self.clock.now().saturating_duration_since(self.start)
    }

    /// How long to sleep before poll `attempt`: [`delay`], but never past the deadline.
    pub fn next_sleep(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        delay(attempt, retry_after).min(self.left())
    }
}

/// "42 s" or "3 min 5 s": how long a wait really took.
pub fn describe(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        format!("{} min {} s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_then_slow_and_retry_after_wins() {
        let ms: Vec<u128> = (0..10).map(|a| delay(a, None).as_millis()).collect();
        assert_eq!(ms, [25, 50, 100, 200, 400, 800, 1600, 3200, 5000, 5000]);
        assert_eq!(delay(40, None), LONGEST);
        assert_eq!(
            delay(0, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert_eq!(delay(9, Some(Duration::ZERO)), FIRST);
    }

    /// A Retry-After longer than the time left shortens to the time left (the last look is at
    /// the deadline), and a huge one does not overflow.
    #[test]
    fn a_sleep_never_passes_the_deadline() {
        let d = Deadline::new(Duration::from_secs(2), &crate::protocol::SystemClock);
        let s = d.next_sleep(0, Some(Duration::from_secs(600)));
        assert!(s <= Duration::from_secs(2) && s > Duration::from_millis(1900));
        assert!(d.next_sleep(3, Some(Duration::MAX)) <= Duration::from_secs(2));
        let over = Deadline::new(Duration::ZERO, &crate::protocol::SystemClock);
        assert!(over.passed());
        assert_eq!(over.next_sleep(0, Some(Duration::MAX)), Duration::ZERO);
        assert_eq!(
            Deadline::new(Duration::MAX, &crate::protocol::SystemClock).next_sleep(0, None),
            FIRST
        );
    }

    #[test]
    fn waits_are_described_in_seconds_or_minutes() {
        assert_eq!(describe(Duration::from_millis(2040)), "2.0 s");
        assert_eq!(describe(Duration::from_secs(605)), "10 min 5 s");
    }
}
