//! Dates in front matter: full ISO dates, and the year or year-month of imprecise events.
//!
//! Takes: YAML scalars such as `2026-01-07`, `2024-12` or `1948`. Gives: ordered dates, written
//! for machines (ISO 8601); `crate::i18n` writes them for readers, in the site's language.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date(NaiveDate);

impl Date {
    /// The earliest date: a stand-in for a date that cannot be read (only a failed build
    /// ever holds it).
    pub(crate) const UNKNOWN: Date = Date(NaiveDate::MIN);

    pub(crate) fn parse(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let well_formed = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        if !well_formed {
            return Err(format!("invalid date `{s}`: write it as YYYY-MM-DD, e.g. 2026-01-07"));
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| format!("invalid date `{s}`: there is no such day in the calendar"))
    }

    pub(crate) fn year(self) -> i32 {
        self.0.year()
    }

    /// Its month, from 1 (January) to 12.
    pub(crate) fn month(self) -> u32 {
        self.0.month()
    }

    /// Its day of the month, from 1.
    pub(crate) fn day(self) -> u32 {
        self.0.day()
    }

    /// `2026-01-07`
    pub(crate) fn iso(self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    /// `2026-01-07T00:00:00Z`, for feeds and sitemaps.
    pub(crate) fn rfc3339(self) -> String {
        format!("{}T00:00:00Z", self.iso())
    }

    pub(crate) fn today() -> Date {
        Date(chrono::Local::now().date_naive())
    }

    /// The day `days` days before this one (itself for 0).
    pub(crate) fn days_before(self, days: u64) -> Date {
        Date(self.0.checked_sub_days(chrono::Days::new(days)).unwrap_or(NaiveDate::MIN))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// A date known to the year, the month or the day: timeline events and sources are often
/// dated only as precisely as the record allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum PartialDate {
    Year(i32),
    Month(i32, u32),
    Day(Date),
}

impl PartialDate {
    pub(crate) fn parse(s: &str) -> Result<PartialDate, String> {
        let s = s.trim();
        let bad = || format!("invalid date `{s}`: write YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2024-12-24, 2024-12 or 2024");
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        match s.len() {
            4 if digits(s, 4) => s.parse().map(PartialDate::Year).map_err(|_| bad()),
            7 if digits(&s[..4], 4) && &s[4..5] == "-" && digits(&s[5..], 2) => {
                let year: i32 = s[..4].parse().map_err(|_| bad())?;
                let month: u32 = s[5..].parse().map_err(|_| bad())?;
                if (1..=12).contains(&month) {
                    Ok(PartialDate::Month(year, month))
                } else {
                    Err(format!("invalid date `{s}`: there is no month {month}"))
                }
            }
            10 => Date::parse(s).map(PartialDate::Day),
            _ => Err(bad()),
        }
    }

    pub(crate) fn year(self) -> i32 {
        match self {
            PartialDate::Year(y) | PartialDate::Month(y, _) => y,
            PartialDate::Day(d) => d.year(),
        }
    }

    /// Year, month and day, with what is unknown placed after every known value: an event
    /// known only as "2026" sorts after the dated events of 2026. A record dated only to the
    /// year is usually one that came later than the precise dates around it (a source written
    /// "today"), so reading in order never puts it before events it follows.
    pub(crate) fn sort_key(self) -> (i32, u32, u32) {
        match self {
            PartialDate::Year(y) => (y, 13, 32),
            PartialDate::Month(y, m) => (y, m, 32),
            PartialDate::Day(d) => (d.year(), d.0.month(), d.0.day()),
        }
    }

    /// `2024`, `2024-12` or `2024-12-24`
    pub(crate) fn iso(self) -> String {
        match self {
            PartialDate::Year(y) => format!("{y:04}"),
            PartialDate::Month(y, m) => format!("{y:04}-{m:02}"),
            PartialDate::Day(d) => d.iso(),
        }
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PartialDateVisitor;
        impl Visitor<'_> for PartialDateVisitor {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD, YYYY-MM or YYYY")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
                PartialDate::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(PartialDateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_before_crosses_months_and_years() {
        let d = Date::parse("2026-03-01").unwrap();
        assert_eq!(d.days_before(0), d);
        assert_eq!(d.days_before(1).iso(), "2026-02-28");
        assert_eq!(d.days_before(60).iso(), "2025-12-31");
    }

    #[test]
    fn full_dates_parse_and_print() {
        let d = Date::parse("2026-01-07").unwrap();
        assert_eq!(d.iso(), "2026-01-07");
        assert_eq!(d.rfc3339(), "2026-01-07T00:00:00Z");
    }

    #[test]
    fn impossible_and_malformed_dates_are_refused_with_the_format() {
        assert!(Date::parse("2026-02-30").unwrap_err().contains("no such day"));
        assert!(Date::parse("7 Jan 2026").unwrap_err().contains("YYYY-MM-DD"));
        assert!(Date::parse("2026-1-7").is_err());
        assert!(PartialDate::parse("2024-13").unwrap_err().contains("no month 13"));
        assert!(PartialDate::parse("24").is_err());
    }

    #[test]
    fn partial_dates_sort_the_vaguer_last_within_their_period() {
        let year = PartialDate::parse("2024").unwrap();
        let month = PartialDate::parse("2024-12").unwrap();
        let day = PartialDate::parse("2024-12-24").unwrap();
        let earlier = PartialDate::parse("2023-06-01").unwrap();
        let mut all = vec![day, month, year, earlier];
        all.sort();
        assert_eq!(all, vec![earlier, day, month, year]);
        assert_eq!(year.iso(), "2024");
    }
}
