//! Business-hours due times as properties, over random opening hours in zones with and without
//! daylight saving (north and south, half-hour offsets), random holidays and starts across two
//! years of clock changes: a due time is never before its start, holds exactly the business time
//! asked for, ends inside business hours, never moves earlier for a holiday more or for more
//! minutes.

use fieldbook_core::service::hours::{Hours, Schedule, Window};
use proptest::prelude::*;

const ZONES: &[&str] = &[
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "America/St_Johns",
    "Pacific/Chatham",
];

/// 2026-01-01T00:00Z and two years on.
const FROM: i64 = 1_767_225_600;
const SPAN: i64 = 2 * 365 * 86_400;

fn day_name(offset: i64) -> String {
    fieldbook_core::dates::from_day_number(FROM / 86_400 + offset)
}

/// Up to two windows a weekday, on quarter hours, not overlapping (at least one in the week).
fn windows() -> impl Strategy<Value = Vec<Window>> {
    proptest::collection::vec(proptest::collection::btree_set(0u16..=96, 0..=4), 7).prop_filter_map(
        "no hours at all",
        |days| {
            let mut windows = Vec::new();
            for (i, marks) in days.iter().enumerate() {
                let marks: Vec<u16> = marks.iter().copied().collect();
                for pair in marks.chunks_exact(2) {
                    windows.push(Window { weekday: i as u8 + 1, open: pair[0] * 15, close: pair[1] * 15 });
                }
            }
            (!windows.is_empty()).then_some(windows)
        },
    )
}

fn schedule() -> impl Strategy<Value = Schedule> {
    (0..ZONES.len(), windows(), proptest::collection::vec(0i64..730, 0..40)).prop_map(
        |(zone, windows, days)| Schedule {
            time_zone: ZONES[zone].into(),
            windows,
            holidays: days.into_iter().map(day_name).collect(),
        },
    )
}

/// A due time, or the end of time when it lies beyond the horizon the hours are searched to.
fn due_or_never(hours: &Hours, start: i64, minutes: i64) -> i64 {
    hours.due(start, minutes).unwrap_or(i64::MAX)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn a_due_time_holds_exactly_the_business_time_asked_for(
        schedule in schedule(),
        start in FROM..FROM + SPAN,
        minutes in 0i64..6_000,
    ) {
        let hours = Hours::new(&schedule).unwrap();
        // (A few quarter hours a week may not add up within the horizon: said, not computed.)
        let Ok(due) = hours.due(start, minutes) else { return Ok(()) };
        prop_assert!(due >= start);
        prop_assert_eq!(hours.business_seconds(start, due).unwrap(), minutes * 60);
        if minutes > 0 {
            prop_assert!(hours.is_open(due - 1).unwrap(), "the last second counted is a business one");
        }
    }

    #[test]
    fn a_holiday_more_or_more_minutes_never_make_a_due_time_earlier(
        schedule in schedule(),
        start in FROM..FROM + SPAN,
        minutes in 0i64..6_000,
        more in 0i64..600,
        holiday in 0i64..730,
    ) {
        let hours = Hours::new(&schedule).unwrap();
        let due = due_or_never(&hours, start, minutes);
        prop_assert!(due_or_never(&hours, start, minutes + more) >= due);
        let mut with = schedule.clone();
        with.holidays.push(day_name(holiday));
        prop_assert!(due_or_never(&Hours::new(&with).unwrap(), start, minutes) >= due);
        // A later start never makes it earlier either.
        prop_assert!(due_or_never(&hours, start + more * 60, minutes) >= due);
    }
}
