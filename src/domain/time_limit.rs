//! The idle time limit as the page counts it: when to warn the customer, and when it is over.
//!
//! The bank ends a flow (and the server a session) idle for [`FLOW_IDLE_SECONDS`]. WCAG 2.2.1 asks
//! that the customer be warned before and given at least 20 seconds to extend it with a simple
//! action: the page warns [`WARN_BEFORE_SECONDS`] before the end. The page cannot read the bank's
//! clock, so it counts from when it *sent* its last call: the bank touched the flow no earlier, so
//! the page's end never falls after the bank's.
//!
//! Usage:
//!
//! ```
//! use shinkin_otp_domain::time_limit::{time_limit, TimeLimit};
//! assert_eq!(time_limit(1_000, 1_000 + 9 * 60), TimeLimit::Warning { left: 60 });
//! ```

use super::flows::FLOW_IDLE_SECONDS;

/// How long before the end the customer is warned (WCAG 2.2.1 asks for at least 20 seconds).
pub const WARN_BEFORE_SECONDS: u64 = 2 * 60;

// More than the 20 seconds WCAG asks for, and less than the whole limit: checked as it compiles.
const _: () = assert!(WARN_BEFORE_SECONDS >= 20 && WARN_BEFORE_SECONDS < FLOW_IDLE_SECONDS);

/// Where an idle flow or session stands, `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLimit {
    /// Nothing to say yet: the warning is due in `until_warning` seconds.
    Running {
        /// Seconds until [`TimeLimit::Warning`].
        until_warning: u64,
    },
    /// Warn now: `left` seconds remain (1 to [`WARN_BEFORE_SECONDS`]).
    Warning {
        /// Seconds until the bank ends it.
        left: u64,
    },
    /// The bank has ended it.
    Over,
}

/// Where a flow or session whose last call was sent at `since` stands at `now` (Unix seconds). A
/// clock set back (`now` before `since`) counts as no time passed.
pub fn time_limit(since: u64, now: u64) -> TimeLimit {
    let idle = now.saturating_sub(since);
    let left = FLOW_IDLE_SECONDS.saturating_sub(idle);
    if left == 0 {
        TimeLimit::Over
    } else if left <= WARN_BEFORE_SECONDS {
        TimeLimit::Warning { left }
    } else {
        TimeLimit::Running {
            until_warning: left - WARN_BEFORE_SECONDS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::{Flows, Purpose};
    use crate::{input, OsRandom};

    const SENT: u64 = 1_800_000_000;

    #[test]
    fn the_warning_comes_two_minutes_before_the_end_and_not_a_second_sooner() {
        // In figures, not the constants: eight idle minutes of the ten, then two minutes left.
        let warn_at = SENT + 8 * 60;
        assert_eq!(
            time_limit(SENT, warn_at - 1),
            TimeLimit::Running { until_warning: 1 }
        );
        assert_eq!(
            time_limit(SENT, warn_at),
            TimeLimit::Warning { left: 2 * 60 }
        );
    }

    #[test]
    fn the_limit_is_over_after_ten_idle_minutes_and_not_before() {
        let end = SENT + FLOW_IDLE_SECONDS;
        assert_eq!(time_limit(SENT, end - 1), TimeLimit::Warning { left: 1 });
        assert_eq!(time_limit(SENT, end), TimeLimit::Over);
        assert_eq!(time_limit(SENT, end + 3600), TimeLimit::Over);
    }

    #[test]
    fn the_page_counts_the_same_ten_minutes_as_the_bank() {
        // The page's end is the bank's own (`Flow::is_expired`): never shown over while the flow
        // lives, never left running once the bank has dropped it.
        let mut flows = Flows::default();
        let customer = input::contract_id("10000000001").unwrap();
        let id = flows.open(Purpose::Login, &customer, SENT, &mut OsRandom);
        let flow = flows.get(&id).unwrap();
        for idle in [
            0,
            1,
            FLOW_IDLE_SECONDS - 1,
            FLOW_IDLE_SECONDS,
            FLOW_IDLE_SECONDS + 1,
        ] {
            let now = SENT + idle;
            assert_eq!(
                time_limit(SENT, now) == TimeLimit::Over,
                flow.is_expired(now),
                "{idle} s"
            );
        }
    }

    #[test]
    fn a_clock_set_back_counts_as_no_time_passed() {
        assert_eq!(
            time_limit(SENT, SENT - 500),
            TimeLimit::Running {
                until_warning: FLOW_IDLE_SECONDS - WARN_BEFORE_SECONDS
            }
        );
    }
}
