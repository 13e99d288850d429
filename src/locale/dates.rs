//! Dates written the way a language writes them, by ICU4X's data for it.

use chrono::{Datelike, NaiveDate};
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_locale_core::Locale;

/// The language a date is written in, as ICU4X takes it.
#[derive(Debug, Clone, Copy)]
pub(super) struct DateLanguage {
    /// The formatter of long dates, shared by every document in the same language.
    formatter: &'static FixedCalendarDateTimeFormatter<Gregorian, YMD>,
}

impl DateLanguage {
    /// The date style of `tag`, always in the Gregorian calendar (the one `lastReviewed` is
    /// written in) and with Western digits: a tag ICU4X has no data for takes its nearest
    /// parent, at worst the root style (`2025 M12 30`).
    pub(super) fn new(tag: &str) -> DateLanguage {
        DateLanguage {
            formatter: formatter(tag),
        }
    }

    /// `date` as a long date: "December 30, 2025".
    pub(super) fn long(&self, date: NaiveDate) -> String {
        match Date::try_new_gregorian(date.year(), date.month() as u8, date.day() as u8) {
            Ok(date) => self.formatter.format(&date).to_string(),
            Err(_) => date.format("%Y-%m-%d").to_string(),
        }
    }
}

/// One formatter per tag, made once per process and kept: there are as many as languages.
fn formatter(tag: &str) -> &'static FixedCalendarDateTimeFormatter<Gregorian, YMD> {
    use std::collections::BTreeMap;
    use std::sync::Mutex;
    static FORMATTERS: Mutex<
        BTreeMap<String, &'static FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    > = Mutex::new(BTreeMap::new());
    let mut formatters = FORMATTERS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(formatter) = formatters.get(tag) {
        return formatter;
    }
    let formatter: &'static _ = Box::leak(Box::new(make(tag)));
    formatters.insert(tag.to_string(), formatter);
    formatter
}

/// A long-date formatter for `tag` with Western digits (`-u-nu-latn`), else for the root.
fn make(tag: &str) -> FixedCalendarDateTimeFormatter<Gregorian, YMD> {
    let locale = Locale::try_from_str(tag)
        .ok()
        .and_then(|locale| Locale::try_from_str(&format!("{}-u-nu-latn", locale.id)).ok())
        .unwrap_or(Locale::UNKNOWN);
    FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long())
        .or_else(|_| FixedCalendarDateTimeFormatter::try_new(Default::default(), YMD::long()))
        .expect("the root locale has date data")
}
