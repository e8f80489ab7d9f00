//! Business hours (issue "Service contracts, SLAs and a ticket desk"): the weekly opening hours of
//! an SLA in its time zone, and its holidays. A ticket's response and resolution due times are
//! its opening instant plus so many minutes of business time: nights, weekends and holidays do not
//! count, and every day's hours are read as wall-clock times of that day in the zone, so a
//! daylight-saving change moves the hours with the clocks (a day when the clocks go forward
//! is an hour shorter only where its hours span the change).
//!
//! Instants are Unix seconds (UTC); dates are "YYYY-MM-DD" in the zone.

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::messages::msg;
use crate::{Error, Result};

/// How far ahead a due time is looked for before the hours are called unworkable.
const HORIZON_DAYS: i64 = 3 * 366;

/// Opening hours on one weekday: from `open` to `close`, minutes after midnight (close up to
/// 1,440 for midnight at the end of the day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Window {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    pub open: u16,
    pub close: u16,
}

/// Business hours: a time zone, opening windows per weekday and holidays (dates in that zone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Schedule {
    /// An IANA time zone name ("Europe/Berlin").
    pub time_zone: String,
    pub windows: Vec<Window>,
    /// "YYYY-MM-DD", sorted or not.
    pub holidays: Vec<String>,
}

/// A checked schedule, ready to compute with.
#[derive(Clone, Debug)]
pub struct Hours {
    tz: TimeZone,
    /// Windows per weekday (index 0 = Monday), sorted, not overlapping, in minutes.
    days: [Vec<(u16, u16)>; 7],
    holidays: Vec<Date>,
}

impl Hours {
    /// Checks `schedule`: a known time zone, windows inside the day and not overlapping, at
    /// least one, holidays that are dates. Errors name the field.
    pub fn new(schedule: &Schedule) -> Result<Self> {
        let tz = TimeZone::get(schedule.time_zone.trim()).map_err(|_| {
            Error::invalid(
                "time_zone",
                msg("“{zone}” is not a time zone (such as Europe/Berlin).", &[("zone", &schedule.time_zone)]),
            )
        })?;
        let mut days: [Vec<(u16, u16)>; 7] = Default::default();
        for w in &schedule.windows {
            if !(1..=7).contains(&w.weekday) {
                return Err(Error::invalid(
                    "windows",
                    msg("A weekday is from 1 (Monday) to 7 (Sunday).", &[]),
                ));
            }
            if w.open >= w.close || w.close > 1440 {
                return Err(Error::invalid(
                    "windows",
                    msg(
                        "Hours {open} to {close} are not a time span within a day.",
                        &[("open", &clock(w.open)), ("close", &clock(w.close))],
                    ),
                ));
            }
            days[usize::from(w.weekday - 1)].push((w.open, w.close));
        }
        for day in &mut days {
            day.sort_unstable();
            if day.windows(2).any(|pair| pair[1].0 < pair[0].1) {
                return Err(Error::invalid(
                    "windows",
                    msg("Two spans of business hours on one day overlap.", &[]),
                ));
            }
        }
        if days.iter().all(Vec::is_empty) {
            return Err(Error::invalid(
                "windows",
                msg("Set the business hours: at least one day with opening hours.", &[]),
            ));
        }
        let mut holidays = Vec::new();
        for h in &schedule.holidays {
            let date: Date = h.trim().parse().map_err(|_| {
                Error::invalid("holidays", msg("“{date}” is not a date (YYYY-MM-DD).", &[("date", h)]))
            })?;
            holidays.push(date);
        }
        holidays.sort_unstable();
        holidays.dedup();
        Ok(Self { tz, days, holidays })
    }

    /// The business windows of `date` as instants (Unix seconds), in order; none on a holiday.
    fn windows_on(&self, date: Date) -> Result<Vec<(i64, i64)>> {
        if self.holidays.binary_search(&date).is_ok() {
            return Ok(Vec::new());
        }
        let weekday = usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0);
        let mut windows = Vec::new();
        // A wall time the clocks skip moves forward to after the change, which can make a window
        // start before the previous one ended: each starts no earlier than the one before ends.
        let mut last_end = i64::MIN;
        for &(open, close) in &self.days[weekday] {
            let (a, b) = (self.instant(date, open)?.max(last_end), self.instant(date, close)?);
            if a < b {
                windows.push((a, b));
                last_end = b;
            }
        }
        Ok(windows)
    }

    /// The instant of `minute` after midnight on `date` in the zone (1,440: the next midnight). A
    /// wall time the clocks skip is read as after the change; one they repeat, the first time.
    fn instant(&self, date: Date, minute: u16) -> Result<i64> {
        let (date, minute) = if minute >= 1440 { (next_day(date)?, 0) } else { (date, minute) };
        let time = Time::new((minute / 60) as i8, (minute % 60) as i8, 0, 0).map_err(time_error)?;
        let at = self.tz.to_ambiguous_timestamp(date.to_datetime(time)).compatible().map_err(time_error)?;
        Ok(at.as_second())
    }

    fn date_of(&self, instant: i64) -> Result<Date> {
        Ok(Timestamp::from_second(instant).map_err(time_error)?.to_zoned(self.tz.clone()).date())
    }

    /// The instant `minutes` of business time after `start` (Unix seconds). Zero minutes: `start`.
    /// An error when no such time comes within three years (every day a holiday).
    pub fn due(&self, start: i64, minutes: i64) -> Result<i64> {
        let mut left = minutes.max(0) * 60;
        if left == 0 {
            return Ok(start);
        }
        // The day before too: its hours may run past midnight into the start's day in UTC terms.
        let mut date = previous_day(self.date_of(start)?)?;
        for _ in 0..HORIZON_DAYS {
            for (open, close) in self.windows_on(date)? {
                let from = open.max(start);
                if from >= close {
                    continue;
                }
                if close - from >= left {
                    return Ok(from + left);
                }
                left -= close - from;
            }
            date = next_day(date)?;
        }
        Err(Error::invalid(
            "windows",
            msg(
                "The business hours never add up to this time within three years (too few hours, or \
                 holidays on every working day).",
                &[],
            ),
        ))
    }

    /// Business seconds between two instants (0 when `to` is not after `from`).
    pub fn business_seconds(&self, from: i64, to: i64) -> Result<i64> {
        if to <= from {
            return Ok(0);
        }
        let mut total = 0;
        let mut date = previous_day(self.date_of(from)?)?;
        let last = self.date_of(to)?;
        while date <= last {
            for (open, close) in self.windows_on(date)? {
                let (a, b) = (open.max(from), close.min(to));
                if a < b {
                    total += b - a;
                }
            }
            date = next_day(date)?;
        }
        Ok(total)
    }

    /// Whether `instant` falls within business hours (a window's start included, its end not).
    pub fn is_open(&self, instant: i64) -> Result<bool> {
        let date = self.date_of(instant)?;
        for d in [previous_day(date)?, date] {
            if self.windows_on(d)?.iter().any(|&(a, b)| a <= instant && instant < b) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

fn next_day(date: Date) -> Result<Date> {
    date.tomorrow().map_err(time_error)
}

fn previous_day(date: Date) -> Result<Date> {
    date.yesterday().map_err(time_error)
}

fn time_error(e: jiff::Error) -> Error {
    Error::invalid("time", msg("A date or time is out of range ({error}).", &[("error", &e.to_string())]))
}

/// "09:30" for 570 minutes.
fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office(tz: &str) -> Schedule {
        let windows = (1..=5).map(|weekday| Window { weekday, open: 9 * 60, close: 17 * 60 }).collect();
        Schedule { time_zone: tz.into(), windows, holidays: vec![] }
    }

    fn at(tz: &str, text: &str) -> i64 {
        let dt: jiff::civil::DateTime = text.parse().unwrap();
        TimeZone::get(tz).unwrap().to_timestamp(dt).unwrap().as_second()
    }

    fn local(tz: &str, instant: i64) -> String {
        let z = Timestamp::from_second(instant).unwrap().to_zoned(TimeZone::get(tz).unwrap());
        z.datetime().strftime("%Y-%m-%d %H:%M").to_string()
    }

    #[test]
    fn due_times_skip_nights_weekends_and_holidays() {
        let tz = "Europe/Berlin";
        let hours = Hours::new(&office(tz)).unwrap();
        // Friday 16:00 + 4 business hours: 1 on Friday, 3 on Monday.
        let due = hours.due(at(tz, "2026-11-27T16:00"), 240).unwrap();
        assert_eq!(local(tz, due), "2026-11-30 12:00");
        // Opened on Saturday: the clock starts on Monday at 9.
        assert_eq!(local(tz, hours.due(at(tz, "2026-11-28T10:00"), 60).unwrap()), "2026-11-30 10:00");
        // With Monday a holiday, Tuesday.
        let mut with_holiday = office(tz);
        with_holiday.holidays = vec!["2026-11-30".into()];
        let hours = Hours::new(&with_holiday).unwrap();
        assert_eq!(local(tz, hours.due(at(tz, "2026-11-27T16:00"), 240).unwrap()), "2026-12-01 12:00");
        assert_eq!(
            hours.business_seconds(at(tz, "2026-11-27T16:00"), at(tz, "2026-12-01T12:00")).unwrap(),
            4 * 3600
        );
    }

    #[test]
    fn the_hours_follow_the_clocks_across_a_daylight_saving_change() {
        // Berlin moves its clocks forward on Sunday 2026-03-29: Friday 16:00 + 2 hours is still
        // Monday 10:00 on the wall, one hour less in UTC terms.
        let tz = "Europe/Berlin";
        let hours = Hours::new(&office(tz)).unwrap();
        let due = hours.due(at(tz, "2026-03-27T16:00"), 120).unwrap();
        assert_eq!(local(tz, due), "2026-03-30 10:00");
        assert_eq!(due - at(tz, "2026-03-27T16:00"), (2 * 24 + 18) * 3600 - 3600);
        // Round the clock, every day: the spring day has 23 business hours, the autumn one 25.
        let all = Schedule {
            time_zone: tz.into(),
            windows: (1..=7).map(|weekday| Window { weekday, open: 0, close: 1440 }).collect(),
            holidays: vec![],
        };
        let hours = Hours::new(&all).unwrap();
        assert_eq!(
            hours.business_seconds(at(tz, "2026-03-29T00:00"), at(tz, "2026-03-30T00:00")).unwrap(),
            23 * 3600
        );
        assert_eq!(
            hours.business_seconds(at(tz, "2026-10-25T00:00"), at(tz, "2026-10-26T00:00")).unwrap(),
            25 * 3600
        );
    }

    #[test]
    fn hours_that_end_in_the_skipped_hour_are_not_counted_twice() {
        // Berlin skips 02:00–03:00 on 2026-03-29 (a Sunday): 00:00–02:30 ends at 03:30 CEST (2 h 30
        // of real time), so 03:00–04:00 starts where it ends (30 min): 3 h, the hours' wall-clock
        // time without the hour that did not exist — not 3 h 30 with the overlap counted twice.
        let tz = "Europe/Berlin";
        let s = Schedule {
            time_zone: tz.into(),
            windows: vec![
                Window { weekday: 7, open: 0, close: 150 },
                Window { weekday: 7, open: 180, close: 240 },
            ],
            holidays: vec![],
        };
        let hours = Hours::new(&s).unwrap();
        let day = (at(tz, "2026-03-29T00:00"), at(tz, "2026-03-30T00:00"));
        assert_eq!(hours.business_seconds(day.0, day.1).unwrap(), 180 * 60);
    }

    #[test]
    fn the_same_hours_in_another_zone_are_that_zones_wall_clock() {
        let start = at("UTC", "2026-12-01T07:00"); // a Tuesday
        let berlin = Hours::new(&office("Europe/Berlin")).unwrap();
        let new_york = Hours::new(&office("America/New_York")).unwrap();
        assert_eq!(local("Europe/Berlin", berlin.due(start, 60).unwrap()), "2026-12-01 10:00");
        assert_eq!(local("America/New_York", new_york.due(start, 60).unwrap()), "2026-12-01 10:00");
    }

    #[test]
    fn unworkable_hours_are_refused_with_the_field_named() {
        let field = |s: &Schedule| match Hours::new(s) {
            Err(Error::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        let mut s = office("Europe/Berlin");
        s.windows.clear();
        assert_eq!(field(&s), "windows");
        let mut s = office("Mars/Olympus");
        assert_eq!(field(&s), "time_zone");
        s = office("UTC");
        s.windows.push(Window { weekday: 1, open: 16 * 60, close: 18 * 60 });
        assert_eq!(field(&s), "windows");
        s = office("UTC");
        s.windows[0].close = 8 * 60;
        assert_eq!(field(&s), "windows");
        s = office("UTC");
        s.holidays = vec!["2026-02-30".into()];
        assert_eq!(field(&s), "holidays");
        // Holidays on every working day ahead: the due time never comes, and says so.
        let mut s = office("UTC");
        let start: Date = "2026-12-01".parse().unwrap();
        let mut d = start;
        for _ in 0..(HORIZON_DAYS + 10) {
            s.holidays.push(d.to_string());
            d = d.tomorrow().unwrap();
        }
        let hours = Hours::new(&s).unwrap();
        let refused = hours.due(at("UTC", "2026-12-01T10:00"), 60).unwrap_err();
        assert!(refused.to_string().contains("never add up"), "{refused}");
    }
}
