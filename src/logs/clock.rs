//! Times as CloudFront writes them: `date` and `time` in UTC
//! (`2019-12-04`, `21:02:31`), real-time `timestamp` in Unix seconds with
//! milliseconds (`1607375587.123`), `time-taken` in seconds with
//! milliseconds (`0.082`).

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count (inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn number(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Unix seconds of a W3C `date` and `time`.
pub fn parse_date_time(date: &str, time: &str) -> Option<i64> {
    let mut d = date.splitn(3, '-');
    let (year, month, day) = (number(d.next()?)?, number(d.next()?)?, number(d.next()?)?);
    let mut t = time.splitn(3, ':');
    let (hour, minute, second) = (number(t.next()?)?, number(t.next()?)?, number(t.next()?)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Unix seconds of a real-time `timestamp`.
pub fn parse_epoch(text: &str) -> Option<i64> {
    let whole = text.split_once('.').map_or(text, |(w, _)| w);
    number(whole)
}

/// Milliseconds of a `time-taken`-like value in seconds; `-` and garbage
/// give nothing.
pub fn parse_seconds_ms(text: &str) -> Option<u64> {
    let seconds: f64 = text.parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| (seconds * 1000.0).round() as u64)
}

/// `2026-01-02 03:04` (UTC) for a minute's Unix seconds.
pub fn format_minute(seconds: i64) -> String {
    let (y, m, d) = civil_from_days(seconds.div_euclid(86_400));
    let rest = seconds.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// `2026-01-02T03:04:05Z` for Unix seconds.
pub fn format_iso(seconds: i64) -> String {
    let (y, m, d) = civil_from_days(seconds.div_euclid(86_400));
    let rest = seconds.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_unix_seconds() {
        // 2019-12-04T21:02:31Z, as `date -u -d` gives it
        assert_eq!(
            parse_date_time("2019-12-04", "21:02:31"),
            Some(1_575_493_351)
        );
        assert_eq!(format_iso(1_575_493_351), "2019-12-04T21:02:31Z");
        assert_eq!(format_minute(951_782_400), "2000-02-29 00:00");
        assert_eq!(parse_date_time("2019-13-04", "21:02:31"), None);
        assert_eq!(parse_date_time("2019-12-04", "-"), None);
    }

    #[test]
    fn seconds_become_milliseconds() {
        assert_eq!(parse_seconds_ms("30.001"), Some(30_001));
        assert_eq!(parse_seconds_ms("-"), None);
        assert_eq!(parse_epoch("1607375587.123"), Some(1_607_375_587));
        assert_eq!(parse_epoch("x"), None);
    }
}
