//! When to ask again. Early polls come quickly because a CA often validates in milliseconds; later
//! ones back off to spare it; a `Retry-After` from the CA always wins (RFC 8555 §7.5.1).

use std::time::Duration;

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
}
