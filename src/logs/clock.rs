//! Times as CloudFront writes them: `date` and `time` in UTC
//! (`2019-12-04`, `21:02:31`), real-time `timestamp` in Unix seconds with
//! milliseconds (`1607375587.123`), `time-taken` in seconds with
//! milliseconds (`0.082`).

use crate::utc::days_from_civil;

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
        assert_eq!(
            crate::utc::format_iso(1_575_493_351),
            "2019-12-04T21:02:31Z"
        );
        assert_eq!(crate::utc::format_minute(951_782_400), "2000-02-29 00:00");
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
