//! How long the build takes: wall time per phase, and CPU time per step of the per-item work
//! (summed over all threads), as `build --timings` prints them.

use super::BuildReport;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Wall time of the phases, one after another.
pub(super) struct PhaseClock(Instant);

impl PhaseClock {
    pub fn start() -> Self {
        PhaseClock(Instant::now())
    }

    /// Records the time since the last lap (or the start) as phase `name`.
    pub fn lap(&mut self, summary: &mut BuildReport, name: &'static str) {
        summary.timings.push((name, self.0.elapsed()));
        self.0 = Instant::now();
    }
}

/// The steps of the per-item work, in order.
#[derive(Clone, Copy)]
pub(super) enum Step {
    Data,
    Charts,
    Render,
    Verify,
    Write,
}

impl Step {
    const ALL: [Step; 5] = [
        Step::Data,
        Step::Charts,
        Step::Render,
        Step::Verify,
        Step::Write,
    ];

    fn name(self) -> &'static str {
        match self {
            Step::Data => "data",
            Step::Charts => "charts",
            Step::Render => "render",
            Step::Verify => "verify",
            Step::Write => "write",
        }
    }
}

/// Time spent in each [`Step`], summed over all threads (CPU time).
#[derive(Default)]
pub(super) struct StepTimes([AtomicU64; Step::ALL.len()]);

impl StepTimes {
    /// A clock for one item's steps, started now.
    pub fn clock(&self) -> StepClock<'_> {
        StepClock {
            times: self,
            since: Instant::now(),
        }
    }

    pub fn report(&self) -> Vec<(&'static str, Duration)> {
        Step::ALL
            .iter()
            .zip(&self.0)
            .map(|(step, ns)| {
                (
                    step.name(),
                    Duration::from_nanos(ns.load(Ordering::Relaxed)),
                )
            })
            .collect()
    }
}

/// Times one item's steps, one after another.
pub(super) struct StepClock<'a> {
    times: &'a StepTimes,
    since: Instant,
}

impl StepClock<'_> {
    /// Adds the time since the last lap (or the start) to `step`.
    pub fn lap(&mut self, step: Step) {
        let now = Instant::now();
        let ns = (now - self.since).as_nanos() as u64;
        self.times.0[step as usize].fetch_add(ns, Ordering::Relaxed);
        self.since = now;
    }
}
