//! The spike test: is a week's count improbably high for its recent baseline?
//!
//! **Test.** For week *t* with count *k*, the baseline λ is the mean count of the `window`
//! weeks before it (8 by default), floored at `min_baseline` (0.25 a week: a unit that was
//! quiet is not infinitely surprised by one event). Under a Poisson model with mean λ the
//! one-sided p-value is P(X ≥ k) = Σ_{i≥k} e^{−λ} λ^i / i!. The week is a spike when
//! p < `alpha` (0.01), k ≥ `min_count` (3: one or two events are never a spike) and at least
//! `min_history` weeks (4) precede it. Conflict counts are overdispersed, so Poisson flags
//! more weeks than a negative binomial would; `alpha` is set low to compensate, and the
//! p-value is printed beside each flag so a reader can judge it.

use serde::{Deserialize, Serialize};

/// Parameters of the spike test (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SpikeTest {
    /// Trailing weeks the baseline is the mean of.
    pub window: usize,
    /// Weeks of history needed before a week can be tested.
    pub min_history: usize,
    /// Significance level of the one-sided Poisson test.
    pub alpha: f64,
    /// Smallest count that can be a spike.
    pub min_count: u32,
    /// Floor of the baseline, in events a week.
    pub min_baseline: f64,
}

impl Default for SpikeTest {
    fn default() -> Self {
        SpikeTest {
            window: 8,
            min_history: 4,
            alpha: 0.01,
            min_count: 3,
            min_baseline: 0.25,
        }
    }
}

/// A flagged week: the baseline it was tested against and the test's p-value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spike {
    /// Mean weekly count of the trailing window (after the floor).
    pub baseline: f64,
    /// P(X ≥ count) for X ~ Poisson(baseline).
    pub p_value: f64,
}

/// P(X ≥ k) for X ~ Poisson(λ), summed from k upwards (no cancellation for small tails).
pub fn poisson_upper_tail(k: u32, lambda: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if lambda <= 0.0 {
        return 0.0;
    }
    // ln P(X = k) = −λ + k ln λ − ln k!
    let ln_fact: f64 = (2..=k).map(|i| f64::from(i).ln()).sum();
    let mut term = (-lambda + f64::from(k) * lambda.ln() - ln_fact).exp();
    let mut sum = 0.0;
    let mut i = f64::from(k);
    // terms fall once i > λ; stop when they no longer change the sum
    for _ in 0..100_000 {
        sum += term;
        i += 1.0;
        term *= lambda / i;
        if i > lambda && term < sum * 1e-15 {
            break;
        }
    }
    sum.min(1.0)
}

impl SpikeTest {
    /// The test's verdict for every week of `counts` (oldest first): `Some` for a spike.
    pub fn flags(&self, counts: &[u32]) -> Vec<Option<Spike>> {
        (0..counts.len()).map(|t| self.test(counts, t)).collect()
    }

    /// The verdict for week `t` of `counts`.
    pub fn test(&self, counts: &[u32], t: usize) -> Option<Spike> {
        let k = *counts.get(t)?;
        if t < self.min_history || k < self.min_count || self.window == 0 {
            return None;
        }
        let history = &counts[t.saturating_sub(self.window)..t];
        let mean = history.iter().map(|&c| f64::from(c)).sum::<f64>() / history.len() as f64;
        let baseline = mean.max(self.min_baseline);
        let p_value = poisson_upper_tail(k, baseline);
        (p_value < self.alpha).then_some(Spike { baseline, p_value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1e-300)
    }

    #[test]
    fn poisson_tail_matches_closed_forms() {
        // P(X ≥ 1) = 1 − e^{−λ}
        assert!(close(poisson_upper_tail(1, 2.0), 1.0 - (-2.0f64).exp()));
        // P(X ≥ 2) = 1 − e^{−λ}(1 + λ)
        assert!(close(
            poisson_upper_tail(2, 0.5),
            1.0 - (-0.5f64).exp() * 1.5
        ));
        assert_eq!(poisson_upper_tail(0, 3.0), 1.0);
        assert_eq!(poisson_upper_tail(3, 0.0), 0.0);
        // a far tail stays positive and tiny instead of cancelling to 0
        let p = poisson_upper_tail(40, 1.0);
        assert!(p > 0.0 && p < 1e-40, "{p}");
    }

    #[test]
    fn a_jump_over_a_steady_baseline_is_a_spike() {
        let counts = [2, 3, 2, 2, 3, 2, 2, 3, 12];
        let flags = SpikeTest::default().flags(&counts);
        assert!(flags[..8].iter().all(Option::is_none), "{flags:?}");
        let s = flags[8].expect("12 against a mean of about 2.4");
        assert!(
            s.p_value < 1e-4 && (s.baseline - 19.0 / 8.0).abs() < 1e-9,
            "{s:?}"
        );
    }

    #[test]
    fn ordinary_noise_is_not_a_spike() {
        // counts around 5 with the usual Poisson spread
        let counts = [5, 4, 6, 5, 7, 3, 5, 6, 4, 8, 5, 6];
        assert!(SpikeTest::default()
            .flags(&counts)
            .iter()
            .all(Option::is_none));
    }

    #[test]
    fn small_counts_and_short_histories_are_never_spikes() {
        let t = SpikeTest::default();
        // 2 events after a silent month: below min_count
        assert_eq!(t.flags(&[0, 0, 0, 0, 0, 2]).last(), Some(&None));
        // 3 events after silence: the floored baseline (0.25) makes it a spike
        assert!(t.flags(&[0, 0, 0, 0, 0, 3])[5].is_some());
        // the same jump with only two weeks of history is not tested
        assert!(t.flags(&[0, 0, 9]).iter().all(Option::is_none));
    }

    #[test]
    fn a_spike_stays_in_the_baseline_of_the_weeks_after() {
        // the week after a spike is tested against a baseline that includes it
        let counts = [1, 1, 1, 1, 1, 1, 1, 1, 10, 8];
        let flags = SpikeTest::default().flags(&counts);
        assert!(flags[8].is_some());
        let after = flags[9].expect("8 against a mean of 2.125 is still improbable");
        assert!((after.baseline - 17.0 / 8.0).abs() < 1e-9);
    }
}
