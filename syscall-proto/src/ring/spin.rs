//! How long a waiter spins before it parks: adapted to what spinning has been achieving.
//!
//! Spinning pays only while the peer runs on another CPU and answers within the spin.
//! When the CPUs are oversubscribed the peer is often not running at all, and a
//! spinning waiter takes the very CPU time the peer needs (on the same CPU, a whole
//! scheduler slice: milliseconds). So a spin that catches the peer doubles the next
//! budget, a spin that gives up halves it, down to [`MIN_SPIN`]; and one wait in
//! [`PROBE_EVERY`] spins the full configured budget, so a workload whose answers take
//! longer than the shrunken budget can win it back once the machine quietens.

use std::time::Duration;

/// The smallest budget: enough to catch a peer that is running and answers at once (a
/// round trip takes well under a microsecond), so spinning can prove itself again.
pub(super) const MIN_SPIN: Duration = Duration::from_micros(2);

/// One wait in this many spins the full configured budget.
pub(super) const PROBE_EVERY: u32 = 256;

#[derive(Debug, Clone)]
pub(super) struct SpinPolicy {
    max: Duration,
    current: Duration,
    waits: u32,
}

impl SpinPolicy {
    /// `max` is the configured spin; zero disables spinning.
    pub fn new(max: Duration) -> SpinPolicy {
        SpinPolicy { max, current: max, waits: 0 }
    }

    /// The budget for the next wait.
    pub fn budget(&mut self) -> Duration {
        self.waits = self.waits.wrapping_add(1);
        if self.waits % PROBE_EVERY == 0 {
            self.max
        } else {
            self.current
        }
    }

    /// Records how the wait's spin ended: `Some(t)` when the ring became ready after
    /// spinning `t`, `None` when the budget ran out.
    pub fn record(&mut self, caught: Option<Duration>) {
        self.current = match caught {
            Some(t) => self.max.min((self.current * 2).max(t * 2)),
            None => (self.current / 2).max(MIN_SPIN.min(self.max)),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: Duration = Duration::from_micros(50);

    #[test]
    fn failures_shrink_to_the_floor_and_successes_grow_back() {
        let mut p = SpinPolicy::new(MAX);
        assert_eq!(p.budget(), MAX);
        for _ in 0..10 {
            p.record(None);
        }
        assert_eq!(p.budget(), MIN_SPIN);
        p.record(Some(Duration::from_nanos(300)));
        assert_eq!(p.budget(), MIN_SPIN * 2);
        for _ in 0..10 {
            p.record(Some(Duration::from_nanos(300)));
        }
        assert_eq!(p.budget(), MAX, "capped at the configured spin");
    }

    #[test]
    fn a_probe_spins_the_full_budget_and_a_late_catch_jumps_to_it() {
        let mut p = SpinPolicy::new(MAX);
        for _ in 0..10 {
            p.record(None);
        }
        let budgets: Vec<Duration> = (0..PROBE_EVERY).map(|_| p.budget()).collect();
        assert_eq!(budgets.iter().filter(|&&b| b == MAX).count(), 1);
        p.record(Some(Duration::from_micros(20)));
        assert_eq!(p.budget(), Duration::from_micros(40));
    }

    #[test]
    fn zero_disables_spinning() {
        let mut p = SpinPolicy::new(Duration::ZERO);
        p.record(Some(Duration::ZERO));
        p.record(None);
        assert!((0..200).all(|_| p.budget().is_zero()));
    }
}
