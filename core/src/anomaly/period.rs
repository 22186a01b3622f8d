//! Placing comments in sales periods.
//!
//! When the sales file has a `period` column, statistics are kept per
//! (product, period) so that a sale event that lifts every rate at once
//! (Black Friday, Yalda night) is judged against the other products of the
//! same period. A comment has no period of its own, only a `created_at`, so
//! it is placed by this rule:
//!
//! 1. a product with no sales row, or with sales rows but no periods, keeps
//!    its comments under "no period";
//! 2. a product sold in exactly one period gets all its comments there,
//!    whatever their date (reviews are written after the sale, often after
//!    the period ends);
//! 3. a product sold in several periods gets each comment in the latest
//!    period that starts at or before its `created_at`. Both are read as ISO
//!    dates from their start (`2018`, `2018-11`, `2018-11-23`, with a time
//!    `10:00:00` after a space or `T`; an offset or fraction after it is
//!    not read), so `2018-11-23 black friday` starts on 2018-11-23 and
//!    holds a comment created at `2018-11-23 09:00:00`; a shorter date is
//!    the start of the span it names (`2018-11` starts on `2018-11-01
//!    00:00:00`, on both sides). A period whose name does not start with a
//!    date holds no comment by its date. A comment whose `created_at` is
//!    missing or does not start with a date, or is dated before every
//!    period, goes to the earliest period (by start; one named without a
//!    date only when no period has a date) and is counted as *guessed* in
//!    the summary.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::stats::product::{Period, ProductId};

type Periods = HashMap<ProductId, Vec<Option<Period>>>;

/// When a period starts, in the order periods are searched: a row without
/// a period starts before everything, a name that is no date nowhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Start {
    Always,
    /// A moment as [`iso_start`] writes it.
    At(String),
    Never,
}

impl Start {
    fn of(period: Option<&Period>) -> Start {
        match period {
            None => Start::Always,
            Some(p) => iso_start(p.as_str()).map_or(Start::Never, Start::At),
        }
    }

    /// Whether a comment created at `at` (an [`iso_start`]) may be in it.
    fn holds(&self, at: &str) -> bool {
        match self {
            Start::Always => true,
            Start::At(s) => s.as_str() <= at,
            Start::Never => false,
        }
    }
}

/// The periods each product was sold in.
///
/// Serializable so that a distributed job (Spark) can read the sales once
/// and ship the index to the workers that place comments; serializes as a
/// map from product to its periods.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Periods", into = "Periods")]
pub struct PeriodIndex {
    // Per product, each period with its start, read once: sorted by start
    // (then name) and deduplicated.
    periods: HashMap<ProductId, Vec<(Start, Option<Period>)>>,
}

impl From<Periods> for PeriodIndex {
    fn from(periods: Periods) -> Self {
        let mut index = PeriodIndex::new();
        for (product, list) in periods {
            for period in list {
                index.add(&product, period.as_ref());
            }
        }
        index
    }
}

impl From<PeriodIndex> for Periods {
    fn from(index: PeriodIndex) -> Self {
        index
            .periods
            .into_iter()
            .map(|(product, list)| (product, list.into_iter().map(|(_, p)| p).collect()))
            .collect()
    }
}

/// Where a comment was placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodAssignment {
    /// The period, `None` for "no period".
    pub period: Option<Period>,
    /// True when the product has several periods and the comment's date did
    /// not decide (missing, or earlier than every period).
    pub guessed: bool,
}

impl PeriodIndex {
    /// An empty index: every comment lands under "no period".
    pub fn new() -> Self {
        PeriodIndex::default()
    }

    /// Records that `product` has a sales row in `period`. Only needed when
    /// the sales file has periods at all: an empty index places every
    /// comment under "no period".
    pub fn add(&mut self, product: &ProductId, period: Option<&Period>) {
        let list = self.periods.entry(product.clone()).or_default();
        let entry = (Start::of(period), period.cloned());
        if let Err(at) = list.binary_search(&entry) {
            list.insert(at, entry);
        }
    }

    /// True when no product has a period.
    pub fn is_empty(&self) -> bool {
        self.periods.is_empty()
    }

    /// The period a comment on `product` created at `created_at` belongs to:
    /// the latest that starts at or before it, else (guessed) the earliest.
    pub fn assign(&self, product: &str, created_at: Option<&str>) -> PeriodAssignment {
        let Some(list) = self.periods.get(product).filter(|l| !l.is_empty()) else {
            return PeriodAssignment {
                period: None,
                guessed: false,
            };
        };
        if let [(_, only)] = list.as_slice() {
            return PeriodAssignment {
                period: only.clone(),
                guessed: false,
            };
        }
        let latest = created_at
            .and_then(iso_start)
            .and_then(|at| list.iter().rev().find(|(start, _)| start.holds(&at)));
        PeriodAssignment {
            period: latest.unwrap_or(&list[0]).1.clone(),
            guessed: latest.is_none(),
        }
    }
}

/// The ISO date (and time) `text` starts with, as the moment it starts,
/// written so that moments compare as strings: `YYYY`, `YYYY-MM`,
/// `YYYY-MM-DD`, then optionally `HH`, `HH:MM` or `HH:MM:SS` after a space
/// or `T`, filled in to `YYYY-MM-DD HH:MM:SS` (`2018-11` is
/// `2018-11-01 00:00:00`). What follows the time (a fraction, `Z`, an
/// offset such as `-03:00`) is not read. `None` when `text` does not start
/// with a year, or its date runs on in digits it cannot read (`20181123`,
/// `2018-1-5`).
fn iso_start(text: &str) -> Option<String> {
    const START: &str = "0000-01-01 00:00:00";
    let b = text.as_bytes();
    let digits = |at: usize, n: usize| {
        b.get(at..at + n)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if !digits(0, 4) {
        return None;
    }
    let mut end = 4;
    // (separator before the field, whether a space or `T` may stand for it)
    for (sep, time) in [
        (b'-', false),
        (b'-', false),
        (b' ', true),
        (b':', false),
        (b':', false),
    ] {
        let at_sep = b.get(end).is_some_and(|&c| c == sep || (time && c == b'T'));
        if !(at_sep && digits(end + 1, 2)) {
            break;
        }
        end += 3;
    }
    // A date that runs on (`20181123`, `2018-1-5`) is none; after a time,
    // anything may follow.
    let runs_on = |at: usize| b.get(at).is_some_and(u8::is_ascii_digit);
    if end <= 10 && (runs_on(end) || (matches!(b.get(end), Some(b'-' | b':')) && runs_on(end + 1)))
    {
        return None;
    }
    let mut key = text[..end].to_string();
    if end > 10 {
        key.replace_range(10..11, " ");
    }
    key.push_str(&START[end..]);
    // A date that looks ISO but is none (`2018-13-45`, `2018-02-30`,
    // `25:00`) is no date: the comment's period is then guessed, and
    // counted as such, rather than placed by a moment that never was.
    valid_moment(&key).then_some(key)
}

/// Whether `YYYY-MM-DD HH:MM:SS` names a moment of the Gregorian calendar
/// (a leap second allowed).
fn valid_moment(key: &str) -> bool {
    let field = |range: std::ops::Range<usize>| key[range].parse::<u32>().unwrap_or(u32::MAX);
    let (year, month, day) = (field(0..4), field(5..7), field(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day) && field(11..13) <= 23 && field(14..16) <= 59 && field(17..19) <= 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_placed_by_the_documented_rule() {
        let mut idx = PeriodIndex::new();
        let p = |s: &str| Some(Period::from(s));
        idx.add(&ProductId::from("plain"), None);
        idx.add(&ProductId::from("one"), p("2018-11").as_ref());
        for per in ["2018-12", "2018-11", "2018-11-23", "2018-11"] {
            idx.add(&ProductId::from("many"), p(per).as_ref());
        }
        // (product, created_at, period, guessed)
        let table = [
            ("unknown", Some("2018-11-02"), None, false),
            ("plain", Some("2018-11-02"), None, false),
            ("one", Some("2019-05-01"), p("2018-11"), false),
            ("one", None, p("2018-11"), false),
            ("many", Some("2018-11-05 00:00:00"), p("2018-11"), false),
            ("many", Some("2018-11-23 09:00:00"), p("2018-11-23"), false),
            ("many", Some("2018-11-30"), p("2018-11-23"), false),
            ("many", Some("2019-01-02"), p("2018-12"), false),
            ("many", Some("2017-01-01"), p("2018-11"), true),
            ("many", None, p("2018-11"), true),
            ("many", Some("not a date"), p("2018-11"), true),
            ("many", Some("23/11/2018"), p("2018-11"), true),
        ];
        for (product, at, period, guessed) in table {
            assert_eq!(
                idx.assign(product, at),
                PeriodAssignment { period, guessed },
                "{product} {at:?}"
            );
        }
        // A period named after its start date holds the comments of that
        // very day, whatever the time and however the time is written.
        idx.add(&ProductId::from("sale"), p("2018-11").as_ref());
        idx.add(
            &ProductId::from("sale"),
            p("2018-11-23 black friday").as_ref(),
        );
        idx.add(&ProductId::from("sale"), p("2018-11-24T10:00").as_ref());
        for (at, period) in [
            ("2018-11-22 23:59:59", "2018-11"),
            ("2018-11-23", "2018-11-23 black friday"),
            ("2018-11-23 09:00:00", "2018-11-23 black friday"),
            ("2018-11-23T09:00:00Z", "2018-11-23 black friday"),
            ("2018-11-24 09:59", "2018-11-23 black friday"),
            ("2018-11-24 10:00:00", "2018-11-24T10:00"),
            ("2018-11-24T11", "2018-11-24T10:00"),
        ] {
            assert_eq!(idx.assign("sale", Some(at)).period, p(period), "{at}");
        }
        let back: PeriodIndex =
            serde_json::from_str(&serde_json::to_string(&idx).expect("serialize"))
                .expect("deserialize");
        assert_eq!(back, idx);
        let unsorted: PeriodIndex =
            serde_json::from_str(r#"{"p": ["2018-12", null, "2018-11", "2018-12"]}"#)
                .expect("deserialize");
        let mut sorted = PeriodIndex::new();
        for per in [Some("2018-11"), None, Some("2018-12")] {
            sorted.add(&ProductId::from("p"), per.map(Period::from).as_ref());
        }
        assert_eq!(unsorted, sorted, "sorted and deduplicated on the way in");
    }

    #[test]
    fn periods_are_chosen_by_their_start_not_by_how_they_sort_as_text() {
        let p = |s: &str| Some(Period::from(s));
        let index = |periods: &[&str]| {
            let mut idx = PeriodIndex::new();
            for per in periods {
                idx.add(&ProductId::from("x"), p(per).as_ref());
            }
            idx
        };
        // (periods, created_at, period, guessed)
        let table: &[(&[&str], Option<&str>, &str, bool)] = &[
            // `: november` sorts after `-23` as text; it starts earlier.
            (
                &["2018-11-23", "2018-11: november"],
                Some("2018-11-25"),
                "2018-11-23",
                false,
            ),
            (
                &["2018-11-23", "2018-11: november"],
                Some("2018-11-05"),
                "2018-11: november",
                false,
            ),
            // `T` and a space written either way.
            (
                &["2018-11-23T10:00", "2018-11-23 12:00 flash"],
                Some("2018-11-23 13:00"),
                "2018-11-23 12:00 flash",
                false,
            ),
            (
                &["2018-11-23T10:00", "2018-11-23 12:00 flash"],
                Some("2018-11-23T11:00"),
                "2018-11-23T10:00",
                false,
            ),
            // A date less precise than the period's start.
            (
                &["2018-10", "2018-11-23 00:00:00"],
                Some("2018-11-23"),
                "2018-11-23 00:00:00",
                false,
            ),
            (
                &["2018-10", "2018-11-01"],
                Some("2018-11"),
                "2018-11-01",
                false,
            ),
            // A negative UTC offset (Brazil) is read past, not refused.
            (
                &["2018-10", "2018-11"],
                Some("2018-11-24T10:00:00-03:00"),
                "2018-11",
                false,
            ),
            // A name that is no date never holds a comment by its date,
            // and is not the earliest either.
            (
                &["11.11 sale", "2018-11"],
                Some("2018-12-01"),
                "2018-11",
                false,
            ),
            (
                &["11.11 sale", "2018-11"],
                Some("2018-10-01"),
                "2018-11",
                true,
            ),
            (
                &["11.11 sale", "yalda"],
                Some("2018-10-01"),
                "11.11 sale",
                true,
            ),
        ];
        for &(periods, at, want, guessed) in table {
            assert_eq!(
                index(periods).assign("x", at),
                PeriodAssignment {
                    period: p(want),
                    guessed
                },
                "{periods:?} {at:?}"
            );
        }
    }

    #[test]
    fn iso_starts_are_read_up_to_what_is_not_a_date() {
        for (text, start) in [
            ("2018", Some("2018-01-01 00:00:00")),
            ("2018-11", Some("2018-11-01 00:00:00")),
            ("2018-11-23 black friday", Some("2018-11-23 00:00:00")),
            ("2018-11-23T09:30:00Z", Some("2018-11-23 09:30:00")),
            ("2018-11-24T10:00:00-03:00", Some("2018-11-24 10:00:00")),
            ("2018-11-24 10:00:00.123+03:30", Some("2018-11-24 10:00:00")),
            ("2018-11-23 09", Some("2018-11-23 09:00:00")),
            ("2018-11-23 9:30", Some("2018-11-23 00:00:00")),
            ("2018-1-5", None),
            ("20181123", None),
            ("yalda", None),
            ("", None),
            ("۲۰۱۸-۱۱", None),
            // Shaped as dates, but none.
            ("2018-13-45", None),
            ("2018-00", None),
            ("2018-02-30", None),
            ("2018-04-31 10:00", None),
            ("2018-11-23 25:00:00", None),
            ("2018-11-23 10:61", None),
            ("9999-99-99", None),
            ("2016-02-29", Some("2016-02-29 00:00:00")),
            ("2000-02-29", Some("2000-02-29 00:00:00")),
            ("1900-02-29", None),
            ("2018-12-31 23:59:60", Some("2018-12-31 23:59:60")),
        ] {
            assert_eq!(iso_start(text).as_deref(), start, "{text:?}");
        }
    }
}
