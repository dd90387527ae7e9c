//! Token codes: RFC 6238 TOTP with HMAC-SHA1, 6 digits and a 30-second step (RFC 4226's HOTP of
//! the step number, on the `hmac` and `sha1` crates totp-rs itself uses).
//!
//! Computed here rather than by totp-rs's `TOTP`, whose constructors change their parameters with
//! its `otpauth` feature: the app's wasm builds leave that feature off (it brings the `url` crate and
//! its IDNA tables), while the server's tests, built in the same workspace, turn it on.
//!
//! Time is always passed in (Unix seconds): an injected clock is what lets the rules be tested, and
//! the system clock panics in the browser.

use super::constant_time_eq;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha1::Sha1;

/// Seconds per time step.
pub const STEP_SECONDS: u64 = 30;
/// Digits per code.
pub const DIGITS: usize = 6;
/// Steps either side of the current one that are still accepted (T−1..T+1, nothing wider).
pub const WINDOW_STEPS: u64 = 1;
/// Steps either side searched, after a refusal, to tell a token whose clock is off from a wrong code.
/// Such a code is still refused (and counts towards the lockout); only the message differs.
pub const DRIFT_STEPS: u64 = 10;

/// The step a moment falls in: `floor(unix / 30)`.
pub fn step_of(unix_seconds: u64) -> u64 {
    unix_seconds / STEP_SECONDS
}

/// Seconds left before the step containing `unix_seconds` ends (1..=30).
pub fn seconds_left(unix_seconds: u64) -> u64 {
    STEP_SECONDS - unix_seconds % STEP_SECONDS
}

/// RFC 4226's HOTP value of `counter` with `seed`, as `digits` decimal digits (RFC 6238's test
/// vectors use 8; every token here shows 6). Any seed length: HMAC takes a key of any size.
fn hotp(seed: &[u8], counter: u64, digits: u32) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(seed).expect("HMAC takes a key of any length");
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    // Dynamic truncation: the low 4 bits of the last byte pick 4 bytes, read as 31 bits.
    let offset = usize::from(hash[hash.len() - 1] & 0x0f);
    let bytes = [
        hash[offset],
        hash[offset + 1],
        hash[offset + 2],
        hash[offset + 3],
    ];
    let value = u32::from_be_bytes(bytes) & 0x7fff_ffff;
    format!(
        "{:0width$}",
        value % 10_u32.pow(digits),
        width = digits as usize
    )
}

/// The code a token with `seed` shows at `unix_seconds`.
pub fn code_at(seed: &[u8], unix_seconds: u64) -> String {
    code_for_step(seed, step_of(unix_seconds))
}

/// The code for a whole step number.
pub fn code_for_step(seed: &[u8], step: u64) -> String {
    hotp(seed, step, DIGITS as u32)
}

/// Which step of a token a code belongs to, as far as the bank looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeMatch {
    /// The code of this step, within T−1..T+1.
    InWindow(u64),
    /// The code of this step, outside the window but within ±[`DRIFT_STEPS`]: the token's clock is
    /// probably off. Refused like a wrong code; only the advice differs.
    Drifted(u64),
    /// Not the token's code anywhere near now.
    None,
}

/// Finds the step whose code equals `code` around `unix_seconds`: first T−1..T+1, then, only if
/// none matched, ±[`DRIFT_STEPS`]. Every step of a range is compared in constant time with no early
/// exit, so timing does not tell which one matched.
pub fn match_code(seed: &[u8], code: &str, unix_seconds: u64) -> CodeMatch {
    match_code_at(seed, code, unix_seconds, ClockOffset::ZERO)
}

/// As [`match_code`], for a token whose clock 時刻補正 found `offset` steps off the bank's: the
/// window and the drift search are centred on the token's own step, `now + offset`.
pub fn match_code_at(seed: &[u8], code: &str, unix_seconds: u64, offset: ClockOffset) -> CodeMatch {
    let now = step_of(unix_seconds).saturating_add_signed(offset.steps());
    let find = |steps: &mut dyn Iterator<Item = u64>| {
        let mut found = None;
        for step in steps {
            let expected = code_for_step(seed, step);
            if constant_time_eq(expected.as_bytes(), code.as_bytes()) {
                found = Some(step);
            }
        }
        found
    };
    if let Some(step) = find(&mut (now.saturating_sub(WINDOW_STEPS)..=now + WINDOW_STEPS)) {
        return CodeMatch::InWindow(step);
    }
    let mut near = (now.saturating_sub(DRIFT_STEPS)..=now + DRIFT_STEPS)
        .filter(|step| step.abs_diff(now) > WINDOW_STEPS);
    find(&mut near).map_or(CodeMatch::None, CodeMatch::Drifted)
}

/// Steps either side of the bank's clock that 時刻補正 searches for two consecutive codes:
/// ±10 minutes. A token further off goes back to the bank.
pub const RESYNC_STEPS: u64 = 20;

/// How far a token's clock is from the bank's, in whole steps (the token's minus the bank's), as
/// 時刻補正 found it: never more than ±[`RESYNC_STEPS`], the furthest 時刻補正 looks, so an edited
/// or corrupt stored value cannot move a token's window anywhere else. Deserialises only in range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct ClockOffset(i64);

impl ClockOffset {
    /// A token in step with the bank (every token until 時刻補正 says otherwise).
    pub const ZERO: ClockOffset = ClockOffset(0);

    /// `steps` as an offset, if within ±[`RESYNC_STEPS`].
    pub fn new(steps: i64) -> Option<ClockOffset> {
        (steps.unsigned_abs() <= RESYNC_STEPS).then_some(ClockOffset(steps))
    }

    /// The offset in steps: positive when the token runs fast.
    pub fn steps(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for ClockOffset {
    type Error = &'static str;
    fn try_from(steps: i64) -> Result<ClockOffset, Self::Error> {
        ClockOffset::new(steps).ok_or("a clock offset beyond the resync window")
    }
}

impl From<ClockOffset> for i64 {
    fn from(offset: ClockOffset) -> i64 {
        offset.0
    }
}

/// Where 時刻補正 (resynchronisation) puts a token's clock, from two consecutive codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resync {
    /// Exactly one pair of consecutive steps in the window shows the two codes: the token showed
    /// step `second` when the second code was typed, `offset` steps from the bank's clock.
    Found {
        /// The token's step of the second code (both it and the one before are spent).
        second: u64,
        /// The token's clock minus the bank's.
        offset: ClockOffset,
    },
    /// No two consecutive steps in the window show these codes, in this order.
    NotFound,
    /// The pair matches at more than one place in the window: no offset can be trusted.
    Ambiguous,
}

/// 時刻補正: searches ±[`RESYNC_STEPS`] around `unix_seconds` for a step showing `first` followed by
/// one showing `second`. Every step is compared in constant time with no early exit.
pub fn resync(seed: &[u8], first: &str, second: &str, unix_seconds: u64) -> Resync {
    resync_with(
        |step| code_for_step(seed, step),
        first,
        second,
        unix_seconds,
    )
}

/// [`resync`] over any code sequence, so the ambiguous case can be tested.
fn resync_with(code_of: impl Fn(u64) -> String, first: &str, second: &str, unix: u64) -> Resync {
    let now = step_of(unix);
    let (low, high) = (now.saturating_sub(RESYNC_STEPS), now + RESYNC_STEPS);
    let mut found = None;
    let mut matches = 0_u32;
    let mut previous_is_first = false;
    for step in low..=high {
        let code = code_of(step);
        let is_first = constant_time_eq(code.as_bytes(), first.as_bytes());
        let is_second = constant_time_eq(code.as_bytes(), second.as_bytes());
        if previous_is_first & is_second {
            matches += 1;
            found = Some(step);
        }
        previous_is_first = is_first;
    }
    // `second` lies in low..=high, so within ±RESYNC_STEPS of now: the offset is always in range.
    let offset = |second: u64| ClockOffset::new(second.wrapping_sub(now) as i64);
    match (
        matches,
        found.and_then(|second| Some((second, offset(second)?))),
    ) {
        (1, Some((second, offset))) => Resync::Found { second, offset },
        (0, _) => Resync::NotFound,
        _ => Resync::Ambiguous,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA1 seed.
    const RFC_SEED: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc6238_sha1_vectors_eight_digits() {
        let vectors = [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ];
        for (t, code) in vectors {
            assert_eq!(hotp(RFC_SEED, step_of(t), 8), code, "t = {t}");
        }
    }

    #[test]
    fn rfc6238_sha1_vectors_truncated_to_six_digits() {
        assert_eq!(code_at(RFC_SEED, 59), "287082");
        assert_eq!(code_at(RFC_SEED, 1_111_111_109), "081804");
        assert_eq!(code_at(RFC_SEED, 1_234_567_890), "005924");
    }

    #[test]
    fn window_accepts_previous_current_and_next_step() {
        let now = 1_700_000_000;
        let t = step_of(now);
        for step in [t - 1, t, t + 1] {
            let code = code_for_step(RFC_SEED, step);
            assert_eq!(match_code(RFC_SEED, &code, now), CodeMatch::InWindow(step));
        }
    }

    #[test]
    fn window_refuses_two_steps_away_as_drift() {
        let now = 1_700_000_000;
        let t = step_of(now);
        for step in [t - 2, t + 2] {
            let code = code_for_step(RFC_SEED, step);
            assert_eq!(match_code(RFC_SEED, &code, now), CodeMatch::Drifted(step));
        }
    }

    #[test]
    fn drift_is_recognised_only_outside_the_window_and_within_ten_steps() {
        let now = 1_700_000_000;
        let t = step_of(now);
        let at = |step| match_code(RFC_SEED, &code_for_step(RFC_SEED, step), now);
        assert_eq!(at(t + 3), CodeMatch::Drifted(t + 3));
        assert_eq!(at(t - DRIFT_STEPS), CodeMatch::Drifted(t - DRIFT_STEPS));
        assert_eq!(at(t), CodeMatch::InWindow(t));
        assert_eq!(at(t + DRIFT_STEPS + 5), CodeMatch::None);
    }

    #[test]
    fn seconds_left_counts_down_within_a_step() {
        assert_eq!(seconds_left(60), 30);
        assert_eq!(seconds_left(89), 1);
    }

    /// The two codes a token `offset` steps off shows at the bank's `now`: the one before and now's.
    fn pair_at(offset: i64, now: u64) -> (String, String) {
        let token_now = step_of(now).saturating_add_signed(offset);
        (
            code_for_step(RFC_SEED, token_now - 1),
            code_for_step(RFC_SEED, token_now),
        )
    }

    /// 時刻補正 with the pair a token `offset` steps off shows, and what it should find (`None`:
    /// no offset so far can be stored).
    fn resync_of_pair_at(offset: i64, now: u64) -> (Resync, Option<Resync>) {
        let (first, second) = pair_at(offset, now);
        let found = ClockOffset::new(offset).map(|offset| Resync::Found {
            second: step_of(now).saturating_add_signed(offset.steps()),
            offset,
        });
        (resync(RFC_SEED, &first, &second, now), found)
    }

    #[test]
    fn resync_finds_a_token_five_minutes_slow_or_fast() {
        let now = 1_700_000_000;
        for offset in [-10, 10] {
            let (got, found) = resync_of_pair_at(offset, now);
            assert_eq!(Some(got), found, "offset {offset}");
        }
    }

    #[test]
    fn resync_searches_ten_minutes_either_side_and_no_further() {
        let now = 1_700_000_000;
        let edge = RESYNC_STEPS as i64;
        // Both steps of the pair must lie within now−20..=now+20.
        for offset in [-edge + 1, edge] {
            let (got, found) = resync_of_pair_at(offset, now);
            assert_eq!(Some(got), found, "offset {offset}");
        }
        for offset in [-edge, edge + 1] {
            let (got, _) = resync_of_pair_at(offset, now);
            assert_eq!(got, Resync::NotFound, "offset {offset}");
        }
    }

    #[test]
    fn resync_needs_the_two_codes_consecutive_and_in_order() {
        let now = 1_700_000_000;
        let t = step_of(now) + 6;
        let code = |s| code_for_step(RFC_SEED, s);
        assert_eq!(
            resync(RFC_SEED, &code(t), &code(t + 2), now),
            Resync::NotFound
        );
        assert_eq!(
            resync(RFC_SEED, &code(t + 1), &code(t), now),
            Resync::NotFound
        );
        assert_eq!(resync(RFC_SEED, &code(t), &code(t), now), Resync::NotFound);
    }

    #[test]
    fn resync_refuses_a_pair_that_matches_in_two_places() {
        let now = 1_700_000_000;
        let t = step_of(now);
        // A code sequence in which "111111", "222222" occurs at t−5 and again at t+7.
        let codes = |step: u64| match step {
            s if s == t - 5 || s == t + 7 => "111111".to_owned(),
            s if s == t - 4 || s == t + 8 => "222222".to_owned(),
            s => format!("{:06}", s % 1000),
        };
        assert_eq!(
            resync_with(codes, "111111", "222222", now),
            Resync::Ambiguous
        );
        let once = |step: u64| {
            if step == t + 8 {
                "999999".to_owned()
            } else {
                codes(step)
            }
        };
        assert_eq!(
            resync_with(once, "111111", "222222", now),
            Resync::Found {
                second: t - 4,
                offset: ClockOffset::new(-4).unwrap()
            }
        );
    }

    #[test]
    fn after_resync_the_window_follows_the_tokens_clock() {
        let now = 1_700_000_000;
        let t = step_of(now);
        let code = |s| code_for_step(RFC_SEED, s);
        let fast = ClockOffset::new(10).unwrap();
        // Ten steps fast: T+9..T+11 in the window, the bank's own T now drift.
        for step in [t + 9, t + 10, t + 11] {
            assert_eq!(
                match_code_at(RFC_SEED, &code(step), now, fast),
                CodeMatch::InWindow(step)
            );
        }
        assert_eq!(
            match_code_at(RFC_SEED, &code(t), now, fast),
            CodeMatch::Drifted(t)
        );
        assert_eq!(
            match_code_at(RFC_SEED, &code(t + 12), now, fast),
            CodeMatch::Drifted(t + 12)
        );
        assert_eq!(
            match_code_at(RFC_SEED, &code(t - 1), now, fast),
            CodeMatch::None
        );
    }

    #[test]
    fn a_clock_offset_is_never_beyond_the_resync_window() {
        let edge = RESYNC_STEPS as i64;
        for steps in [-edge, 0, edge] {
            let offset = ClockOffset::new(steps).unwrap();
            assert_eq!(offset.steps(), steps);
            let json = serde_json::to_string(&offset).unwrap();
            assert_eq!(json, steps.to_string(), "stored as a plain number of steps");
            assert_eq!(serde_json::from_str::<ClockOffset>(&json).unwrap(), offset);
        }
        for steps in [-edge - 1, edge + 1, i64::MIN, i64::MAX] {
            assert_eq!(ClockOffset::new(steps), None, "{steps}");
            assert!(serde_json::from_str::<ClockOffset>(&steps.to_string()).is_err());
        }
    }
}
