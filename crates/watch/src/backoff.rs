//! Delays after failures: exponential backoff with jitter, for one request's retries and for
//! a feed that keeps failing (pure functions; the randomness is passed in).

use std::time::Duration;

/// A feed that failed this many polls in a row is reported as failing.
pub const FAILING_AFTER: u32 = 3;

/// The delay before retry `attempt` (1 for the first retry) of one request: `base · 2^(attempt-1)`,
/// at most `cap`, then a random point between half of it and all of it ("equal jitter"), so
/// that many clients failing together do not retry together.
pub fn retry_delay(
    attempt: u32,
    base: Duration,
    cap: Duration,
    rng: &mut fastrand::Rng,
) -> Duration {
    let full = exponential(base, attempt.saturating_sub(1), cap);
    let half = full / 2;
    half + full.saturating_sub(half).mul_f64(rng.f64())
}

/// When a feed that failed `errors` polls in a row is polled next, counted from now: its
/// interval doubled per failure (`interval · 2^errors`), at most `max`, within ±10 % jitter.
/// With no failure, the interval itself.
pub fn feed_delay(
    interval: Duration,
    errors: u32,
    max: Duration,
    rng: &mut fastrand::Rng,
) -> Duration {
    if errors == 0 {
        return interval;
    }
    let d = exponential(interval, errors, max.max(interval));
    d.mul_f64(0.9 + 0.2 * rng.f64())
}

fn exponential(base: Duration, doublings: u32, cap: Duration) -> Duration {
    let factor = 2u32.saturating_pow(doublings.min(31));
    base.checked_mul(factor).unwrap_or(cap).min(cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_within_jitter_and_stop_at_the_cap() {
        let mut rng = fastrand::Rng::with_seed(7);
        let (base, cap) = (Duration::from_millis(100), Duration::from_secs(2));
        for _ in 0..100 {
            let d1 = retry_delay(1, base, cap, &mut rng);
            assert!(d1 >= base / 2 && d1 <= base, "{d1:?}");
            let d3 = retry_delay(3, base, cap, &mut rng);
            assert!(d3 >= base * 2 && d3 <= base * 4, "{d3:?}");
            let d40 = retry_delay(40, base, cap, &mut rng);
            assert!(d40 >= cap / 2 && d40 <= cap, "{d40:?}");
        }
    }

    #[test]
    fn failing_feeds_back_off_exponentially_up_to_the_maximum() {
        let mut rng = fastrand::Rng::with_seed(1);
        let (iv, max) = (Duration::from_secs(60), Duration::from_secs(3600));
        assert_eq!(feed_delay(iv, 0, max, &mut rng), iv);
        let d2 = feed_delay(iv, 2, max, &mut rng);
        assert!(
            d2 >= iv.mul_f64(4.0 * 0.9) && d2 <= iv.mul_f64(4.0 * 1.1),
            "{d2:?}"
        );
        let d20 = feed_delay(iv, 20, max, &mut rng);
        assert!(
            d20 <= max.mul_f64(1.1) && d20 >= max.mul_f64(0.9),
            "{d20:?}"
        );
    }
}
