//! Calendar arithmetic for the bank's timestamps: Unix seconds to the date and time in Japan (JST).
//!
//! Japan keeps UTC+9 all year (no daylight saving time), so the conversion is an offset and the
//! proleptic Gregorian calendar; no time-zone database is needed. The wording ("2026年11月24日 18:05")
//! is copy and lives in `ui::messages`.
//!
//! ```
//! use shinkin_otp_domain::date::JstDateTime;
//!
//! // 2026-11-24 09:00 UTC is 18:00 in Japan.
//! let at = JstDateTime::from_unix(1_795_510_800);
//! assert_eq!((at.year, at.month, at.day, at.hour, at.minute), (2026, 11, 24, 18, 0));
//! ```

/// Japan Standard Time is UTC+9.
pub const JST_OFFSET_SECONDS: u64 = 9 * 60 * 60;

const SECONDS_PER_DAY: u64 = 24 * 60 * 60;

/// A moment as a clock in Japan shows it, to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JstDateTime {
    /// The year, e.g. 2026.
    pub year: u64,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
}

impl JstDateTime {
    /// The date and time in Japan at `unix_seconds`. Seconds are dropped, not rounded, so 23:59:59
    /// is still 23:59 of that day.
    pub fn from_unix(unix_seconds: u64) -> JstDateTime {
        // Split before adding the offset, so no timestamp (not even u64::MAX) overflows.
        let mut days = unix_seconds / SECONDS_PER_DAY;
        let mut secs = unix_seconds % SECONDS_PER_DAY + JST_OFFSET_SECONDS;
        if secs >= SECONDS_PER_DAY {
            days += 1;
            secs -= SECONDS_PER_DAY;
        }
        let (year, month, day) = civil_from_days(days);
        JstDateTime {
            year,
            month,
            day,
            hour: (secs / 3600) as u8,
            minute: (secs % 3600 / 60) as u8,
        }
    }
}

/// The Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`, unsigned since
/// the bank's timestamps never precede 1970). Eras of 400 years repeat exactly, which is what makes
/// the century rule (2100 is not a leap year, 2000 is) fall out of the arithmetic.
fn civil_from_days(days: u64) -> (u64, u8, u8) {
    // Counted from 0000-03-01, so the leap day is the last day of a (March-based) year.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_month + 2) / 5 + 1;
    let month = if march_month < 10 {
        march_month + 3
    } else {
        march_month - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month as u8, day as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shorthand for the expected value.
    fn jst(year: u64, month: u8, day: u8, hour: u8, minute: u8) -> JstDateTime {
        JstDateTime {
            year,
            month,
            day,
            hour,
            minute,
        }
    }

    // Expected Unix times below were computed independently (Python's calendar.timegm).

    #[test]
    fn epoch_0_is_nine_in_the_morning_of_1_january_1970_in_japan() {
        assert_eq!(JstDateTime::from_unix(0), jst(1970, 1, 1, 9, 0));
    }

    #[test]
    fn the_day_changes_in_japan_at_15_00_utc() {
        // 2026-11-24 09:00 UTC: the same day in both.
        assert_eq!(
            JstDateTime::from_unix(1_795_510_800),
            jst(2026, 11, 24, 18, 0)
        );
        // 2026-11-24 14:59:59 UTC: still the 24th in Japan.
        assert_eq!(
            JstDateTime::from_unix(1_795_532_399),
            jst(2026, 11, 24, 23, 59)
        );
        // 2026-11-24 15:00:00 UTC: already the 25th in Japan, still the 24th in UTC.
        assert_eq!(
            JstDateTime::from_unix(1_795_532_400),
            jst(2026, 11, 25, 0, 0)
        );
    }

    #[test]
    fn the_last_minute_of_2026_in_japan_is_still_2026() {
        // 2026-12-31 14:59:00 and 14:59:59 UTC.
        assert_eq!(
            JstDateTime::from_unix(1_798_729_140),
            jst(2026, 12, 31, 23, 59)
        );
        assert_eq!(
            JstDateTime::from_unix(1_798_729_199),
            jst(2026, 12, 31, 23, 59),
            "seconds are dropped, not rounded up into the new year"
        );
    }

    #[test]
    fn midnight_in_japan_begins_2027_while_utc_is_still_in_2026() {
        // 2026-12-31 15:00:00 UTC.
        assert_eq!(JstDateTime::from_unix(1_798_729_200), jst(2027, 1, 1, 0, 0));
    }

    #[test]
    fn february_has_29_days_in_years_divisible_by_4() {
        // 2024-02-28 15:00 UTC, a day later, and 2028-02-28 15:00 UTC.
        assert_eq!(
            JstDateTime::from_unix(1_709_132_400),
            jst(2024, 2, 29, 0, 0)
        );
        assert_eq!(JstDateTime::from_unix(1_709_218_800), jst(2024, 3, 1, 0, 0));
        assert_eq!(
            JstDateTime::from_unix(1_835_362_800),
            jst(2028, 2, 29, 0, 0)
        );
    }

    #[test]
    fn a_century_year_is_not_a_leap_year() {
        // 2100-02-27 15:00 UTC and a day later: 28 February, then 1 March.
        assert_eq!(
            JstDateTime::from_unix(4_107_423_600),
            jst(2100, 2, 28, 0, 0)
        );
        assert_eq!(JstDateTime::from_unix(4_107_510_000), jst(2100, 3, 1, 0, 0));
    }

    #[test]
    fn a_century_year_divisible_by_400_is_a_leap_year() {
        // 2000-02-28 15:00 UTC and a day later.
        assert_eq!(JstDateTime::from_unix(951_750_000), jst(2000, 2, 29, 0, 0));
        assert_eq!(JstDateTime::from_unix(951_836_400), jst(2000, 3, 1, 0, 0));
    }

    #[test]
    fn every_day_from_1970_to_2400_follows_the_previous_one() {
        // An independent day-by-day count with the leap-year rule written out plainly.
        let leap =
            |y: u64| (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
        let month_len = |y: u64, m: u8| match m {
            2 if leap(y) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let (mut y, mut m, mut d) = (1970, 1, 1);
        let mut t = 0;
        while y < 2400 {
            // Noon in Japan (03:00 UTC) of each day.
            assert_eq!(JstDateTime::from_unix(t + 3 * 3600), jst(y, m, d, 12, 0));
            d += 1;
            if d > month_len(y, m) {
                (d, m) = (1, m + 1);
                if m > 12 {
                    (m, y) = (1, y + 1);
                }
            }
            t += SECONDS_PER_DAY;
        }
    }

    #[test]
    fn the_largest_timestamp_does_not_overflow() {
        let at = JstDateTime::from_unix(u64::MAX);
        assert!(at.year > 500_000_000_000, "{at:?}");
    }
}
