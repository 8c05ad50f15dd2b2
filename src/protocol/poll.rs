//! When to ask again. Early polls come quickly because a CA often validates in milliseconds; later
//! ones back off to spare it; a `Retry-After` from the CA always wins (RFC 8555 §7.5.1).

use std::time::Duration;

/// The wait before poll number `attempt`: 25, 50, 100, 200, 400 ms, then 1, 2, 4 s, then every
/// 5 s. Five quick looks cover a CA that answers in milliseconds; after that, seconds.
pub fn delay(attempt: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(ra) = retry_after {
        return ra.max(Duration::from_millis(25));
    }
    match attempt {
        0..=4 => Duration::from_millis(25 << attempt),
        5..=7 => Duration::from_secs(1 << (attempt - 5)),
        _ => Duration::from_secs(5),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_then_slow_and_retry_after_wins() {
        let ms: Vec<u128> = (0..9).map(|a| delay(a, None).as_millis()).collect();
        assert_eq!(ms, [25, 50, 100, 200, 400, 1000, 2000, 4000, 5000]);
        assert_eq!(
            delay(0, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert_eq!(delay(9, Some(Duration::ZERO)), Duration::from_millis(25));
    }
}
