//! Calendar dates as "YYYY-MM-DD" text and day arithmetic on them (due dates, days overdue,
//! aging), without a date library: days since 1970-01-01 in the proleptic Gregorian calendar.

use crate::messages::msg;
use crate::text::is_date;
use crate::{Error, Result};

/// The day number of a valid "YYYY-MM-DD" date; `None` otherwise.
pub fn day_number(date: &str) -> Option<i64> {
    if !is_date(date) {
        return None;
    }
    let y: i64 = date[0..4].parse().ok()?;
    let m: i64 = date[5..7].parse().ok()?;
    let d: i64 = date[8..10].parse().ok()?;
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The "YYYY-MM-DD" of a day number.
pub fn from_day_number(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Checks `value` is a "YYYY-MM-DD" date, naming `field` if not.
pub(crate) fn checked(field: &'static str, value: &str) -> Result<String> {
    let value = value.trim();
    match day_number(value) {
        // Written back from the day number: one spelling per day, so text order is date order.
        Some(n) => Ok(from_day_number(n)),
        None => Err(Error::invalid(field, msg("“{value}” is not a date (YYYY-MM-DD).", &[("value", value)]))),
    }
}

/// `date` plus `days`.
pub fn add_days(date: &str, days: i64) -> Option<String> {
    day_number(date).map(|n| from_day_number(n + days))
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    Some(day_number(to)? - day_number(from)?)
}

/// `date` plus `months` (negative: minus), the day clamped to the month's last (Jan 31 + 1
/// month = Feb 28 or 29).
pub fn add_months(date: &str, months: i64) -> Option<String> {
    day_number(date)?;
    let y: i64 = date[0..4].parse().ok()?;
    let m: i64 = date[5..7].parse().ok()?;
    let d: i64 = date[8..10].parse().ok()?;
    let index = y * 12 + (m - 1) + months;
    let (y, m) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    if !(0..=9999).contains(&y) {
        return None;
    }
    let first = day_number(&format!("{y:04}-{m:02}-01"))?;
    let next = if m == 12 { format!("{:04}-01-01", y + 1) } else { format!("{y:04}-{:02}-01", m + 1) };
    let last = day_number(&next).map_or(31, |n| n - first);
    Some(from_day_number(first + d.min(last) - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_across_leap_years() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        // Years 0001 to 9999: what "YYYY-MM-DD" can write.
        for n in (-719_162..2_932_896).step_by(997) {
            assert_eq!(day_number(&from_day_number(n)), Some(n));
        }
        assert_eq!(add_days("2024-02-28", 1).as_deref(), Some("2024-02-29"));
        assert_eq!(add_days("2023-02-28", 1).as_deref(), Some("2023-03-01"));
        assert_eq!(add_days("2026-12-20", 14).as_deref(), Some("2027-01-03"));
        assert_eq!(days_between("2026-01-31", "2026-03-02"), Some(30));
        assert_eq!(day_number("2026-02-30"), None);
    }

    #[test]
    fn adding_months_clamps_to_the_months_last_day() {
        assert_eq!(add_months("2026-01-31", 1).as_deref(), Some("2026-02-28"));
        assert_eq!(add_months("2028-01-31", 1).as_deref(), Some("2028-02-29"));
        assert_eq!(add_months("2026-11-15", 3).as_deref(), Some("2027-02-15"));
        assert_eq!(add_months("2026-03-31", -1).as_deref(), Some("2026-02-28"));
        assert_eq!(add_months("2026-01-01", 12).as_deref(), Some("2027-01-01"));
        assert_eq!(add_months("2026-13-01", 1), None);
    }
}
