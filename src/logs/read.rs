//! Reading one log file: plain or gzip, its format detected from its first
//! line, each line turned into a [`Request`] or a located [`Problem`].
//!
//! A file is streamed line by line (never held whole); a bad line is
//! reported with its number and the next line is read; a gzip stream that
//! ends early keeps every line read before the break.

use std::fs::File;
use std::io::{BufRead, BufReader, ErrorKind, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

use super::clock;
use super::fields::{Field, Layout};

/// The most decompressed bytes read from one file: a gzip bomb stops here
/// with a diagnostic instead of running for hours.
pub const MAX_FILE_BYTES: u64 = 64 << 30;
/// The longest line read; CloudFront's own lines stay far below it (URLs
/// over 8 KB and headers over 20 KB are not logged).
pub const MAX_LINE_BYTES: usize = 256 << 10;

/// The log formats CloudFront delivers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogFormat {
    /// Standard logs (legacy or v2), W3C: `#Version`, `#Fields`, tab-separated.
    W3c,
    /// Standard logs v2 delivered as JSON: one object per line.
    Json,
    /// Real-time logs: tab-separated, fields in the configuration's order.
    Realtime,
}

impl LogFormat {
    pub fn describe(self) -> &'static str {
        match self {
            LogFormat::W3c => "standard (W3C)",
            LogFormat::Json => "standard (JSON)",
            LogFormat::Realtime => "real-time",
        }
    }
}

/// One request, borrowing from the line it was read from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Request<'a> {
    /// Unix seconds.
    pub time: Option<i64>,
    /// `cs(Host)`: the distribution's `*.cloudfront.net` domain.
    pub distribution_host: &'a str,
    /// `x-host-header`: the viewer's Host header.
    pub host: &'a str,
    pub path: &'a str,
    pub status: u16,
    pub result: &'a str,
    pub detailed: &'a str,
    /// `time-taken` in milliseconds.
    pub time_taken_ms: Option<u64>,
}

impl Request<'_> {
    /// The host the viewer asked for: the Host header, else the
    /// distribution's domain.
    pub fn viewer_host(&self) -> &str {
        if self.host.is_empty() || self.host == "-" {
            self.distribution_host
        } else {
            self.host
        }
    }

    /// The most precise result type the line gives.
    pub fn result_type(&self) -> &str {
        if !self.detailed.is_empty() && self.detailed != "-" {
            self.detailed
        } else {
            self.result
        }
    }
}

/// A line or file that could not be used.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: u64,
    pub code: &'static str,
    pub message: String,
}

/// What reading one file produced besides its requests.
#[derive(Debug, Default)]
pub struct FileReport {
    pub format: Option<LogFormat>,
    pub requests: u64,
    pub bad_lines: u64,
    pub problems: Vec<Problem>,
    /// Whether the file could not be read to its end.
    pub failed: bool,
}

/// How many problems of one file are kept with their text; the rest are
/// only counted.
const KEPT_PROBLEMS: usize = 20;

impl FileReport {
    fn problem(&mut self, file: &Path, line: u64, code: &'static str, message: String) {
        if line > 0 {
            self.bad_lines += 1;
        }
        if self.problems.len() < KEPT_PROBLEMS {
            self.problems.push(Problem {
                file: file.to_path_buf(),
                line,
                code,
                message,
            });
        }
    }
}

/// Reads a log file, calling `each` for every request. `realtime` is the
/// field list of real-time logs, which carry no header.
pub fn read_log(
    path: &Path,
    realtime: Option<&Layout>,
    each: &mut dyn FnMut(&Request),
) -> FileReport {
    let mut report = FileReport::default();
    if let Err(err) = crate::source::read::check_regular(path, u64::MAX) {
        report.failed = true;
        report.problem(path, 0, err.code(), err.detail());
        return report;
    }
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(err) => {
            report.failed = true;
            report.problem(path, 0, "unreadable", format!("cannot read: {err}"));
            return report;
        }
    };
    let mut magic = [0u8; 2];
    let gzip = matches!(file.read_exact(&mut magic), Ok(()) if magic == [0x1f, 0x8b]);
    let reader: Box<dyn Read> = {
        use std::io::Seek;
        if let Err(err) = file.rewind() {
            report.failed = true;
            report.problem(path, 0, "unreadable", format!("cannot read: {err}"));
            return report;
        }
        let capped = BufReader::with_capacity(256 << 10, file);
        if gzip {
            Box::new(MultiGzDecoder::new(capped).take(MAX_FILE_BYTES))
        } else {
            Box::new(capped.take(MAX_FILE_BYTES))
        }
    };
    let mut reader = BufReader::with_capacity(256 << 10, reader);
    read_lines(path, gzip, &mut reader, realtime, each, &mut report);
    report
}

/// The line loop, apart so tests can feed bytes.
fn read_lines(
    path: &Path,
    gzip: bool,
    reader: &mut dyn BufRead,
    realtime: Option<&Layout>,
    each: &mut dyn FnMut(&Request),
    report: &mut FileReport,
) {
    let mut line = Vec::with_capacity(1024);
    let mut number = 0u64;
    let mut total = 0u64;
    let mut layout: Option<Layout> = None;
    loop {
        line.clear();
        let read = match reader
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)
        {
            Ok(n) => n,
            Err(err) => {
                report.failed = true;
                let (code, what) = match err.kind() {
                    ErrorKind::UnexpectedEof if gzip => (
                        "truncated-gzip",
                        "the gzip stream ends early (a truncated or partly copied file)"
                            .to_string(),
                    ),
                    ErrorKind::InvalidInput | ErrorKind::InvalidData if gzip => {
                        ("corrupt-gzip", format!("the gzip stream is corrupt: {err}"))
                    }
                    _ => ("unreadable", format!("cannot read: {err}")),
                };
                report.problem(
                    path,
                    number + 1,
                    code,
                    format!("{what}; the {} lines before it are used", number),
                );
                return;
            }
        };
        if read == 0 {
            break;
        }
        total += read as u64;
        number += 1;
        if line.len() > MAX_LINE_BYTES && line.last() != Some(&b'\n') {
            report.problem(
                path,
                number,
                "line-too-long",
                format!("line over {MAX_LINE_BYTES} bytes; skipped"),
            );
            // skip the rest of the line
            let mut rest = Vec::new();
            loop {
                rest.clear();
                match reader.take(1 << 20).read_until(b'\n', &mut rest) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if rest.last() == Some(&b'\n') => break,
                    Ok(_) => {}
                }
            }
            continue;
        }
        if total >= MAX_FILE_BYTES {
            report.failed = true;
            report.problem(
                path,
                number,
                "limit-exceeded",
                format!("over {MAX_FILE_BYTES} bytes once decompressed; the rest is not read"),
            );
            return;
        }
        let bytes = trim_newline(&line);
        if bytes.is_empty() {
            continue;
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(err) => {
                report.problem(
                    path,
                    number,
                    "not-utf8",
                    format!(
                        "not UTF-8 at byte {} of the line; line skipped",
                        err.valid_up_to() + 1
                    ),
                );
                continue;
            }
        };
        if report.format.is_none() {
            report.format = Some(if text.starts_with('#') {
                LogFormat::W3c
            } else if text.starts_with('{') {
                LogFormat::Json
            } else if realtime.is_some() {
                LogFormat::Realtime
            } else {
                report.failed = true;
                report.problem(
                    path,
                    number,
                    "unknown-log-format",
                    "neither a W3C header (`#Version`, `#Fields`), a JSON object, nor a \
                     real-time log with a known field list: name the real-time fields with \
                     `--realtime-fields` or `--deployment`"
                        .to_string(),
                );
                return;
            });
        }
        match report.format {
            Some(LogFormat::W3c) => {
                if let Some(header) = text.strip_prefix('#') {
                    if let Some(names) = header.strip_prefix("Fields:") {
                        let names: Vec<&str> = names.split_whitespace().collect();
                        let new = Layout::new(&names);
                        let missing = new.missing();
                        if !missing.is_empty() {
                            report.failed = true;
                            report.problem(
                                path,
                                number,
                                "missing-fields",
                                format!(
                                    "the `#Fields` line lacks {}; the file cannot be analysed",
                                    missing.join(", ")
                                ),
                            );
                            return;
                        }
                        layout = Some(new);
                    }
                    continue;
                }
                let Some(layout) = layout.as_ref() else {
                    report.failed = true;
                    report.problem(
                        path,
                        number,
                        "missing-fields",
                        "a log line before any `#Fields` header; the file cannot be analysed"
                            .to_string(),
                    );
                    return;
                };
                tabbed(path, number, text, layout, each, report);
            }
            Some(LogFormat::Realtime) => {
                if let Some(layout) = realtime {
                    tabbed(path, number, text, layout, each, report);
                }
            }
            Some(LogFormat::Json) => json(path, number, text, each, report),
            None => {}
        }
    }
}

fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A tab-separated line of a W3C or real-time log.
fn tabbed(
    path: &Path,
    number: u64,
    text: &str,
    layout: &Layout,
    each: &mut dyn FnMut(&Request),
    report: &mut FileReport,
) {
    let mut values: [&str; 64] = [""; 64];
    let mut count = 0usize;
    for value in text.split('\t') {
        if let Some(slot) = values.get_mut(count) {
            *slot = value;
        }
        count += 1;
    }
    if count != layout.width {
        report.problem(
            path,
            number,
            "wrong-field-count",
            format!(
                "{count} fields where the {} lists {}; line skipped",
                if report.format == Some(LogFormat::Realtime) {
                    "real-time field list"
                } else {
                    "`#Fields` header"
                },
                layout.width
            ),
        );
        return;
    }
    let get = |field: Field| -> &str {
        layout
            .column(field)
            .and_then(|c| values.get(c).copied())
            .unwrap_or("")
    };
    let time = match layout.column(Field::Timestamp) {
        Some(_) => clock::parse_epoch(get(Field::Timestamp)),
        None => clock::parse_date_time(get(Field::Date), get(Field::Time)),
    };
    let Some(status) = judged(path, number, get(Field::Status), time, report) else {
        return;
    };
    report.requests += 1;
    each(&Request {
        time,
        distribution_host: get(Field::DistributionHost),
        host: get(Field::HostHeader),
        path: get(Field::UriStem),
        status,
        result: get(Field::ResultType),
        detailed: get(Field::DetailedResultType),
        time_taken_ms: clock::parse_seconds_ms(get(Field::TimeTaken)),
    });
}

/// One object of a JSON delivery. Values may be strings or numbers.
fn json(
    path: &Path,
    number: u64,
    text: &str,
    each: &mut dyn FnMut(&Request),
    report: &mut FileReport,
) {
    let object: serde_json::Map<String, serde_json::Value> = match serde_json::from_str(text) {
        Ok(o) => o,
        Err(err) => {
            report.problem(
                path,
                number,
                "bad-json",
                format!("not a JSON object: {err}; line skipped"),
            );
            return;
        }
    };
    let text_of = |names: &[&str]| -> String {
        names
            .iter()
            .find_map(|n| object.get(*n))
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            })
            .unwrap_or_default()
    };
    let time = match object.get("timestamp") {
        Some(_) => clock::parse_epoch(&text_of(&["timestamp"])),
        None => clock::parse_date_time(&text_of(&["date"]), &text_of(&["time"])),
    };
    let Some(status) = judged(path, number, &text_of(&["sc-status"]), time, report) else {
        return;
    };
    let distribution_host = text_of(&["cs(Host)", "cs-host"]);
    let host = text_of(&["x-host-header"]);
    let uri = text_of(&["cs-uri-stem"]);
    let result = text_of(&["x-edge-result-type"]);
    let detailed = text_of(&["x-edge-detailed-result-type"]);
    report.requests += 1;
    each(&Request {
        time,
        distribution_host: &distribution_host,
        host: &host,
        path: &uri,
        status,
        result: &result,
        detailed: &detailed,
        time_taken_ms: clock::parse_seconds_ms(&text_of(&["time-taken"])),
    });
}

/// The status of a line that has a readable status and time; otherwise
/// the problem is reported and the line skipped.
fn judged(
    path: &Path,
    number: u64,
    status: &str,
    time: Option<i64>,
    report: &mut FileReport,
) -> Option<u16> {
    let Ok(code) = status.parse::<u16>() else {
        report.problem(
            path,
            number,
            "bad-value",
            format!("sc-status `{status}` is not a status code; line skipped"),
        );
        return None;
    };
    if time.is_none() {
        report.problem(
            path,
            number,
            "bad-value",
            "no readable date and time (or timestamp); line skipped".to_string(),
        );
        return None;
    }
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8], gzip: bool, realtime: Option<&Layout>) -> (Vec<String>, FileReport) {
        let mut seen = Vec::new();
        let mut report = FileReport::default();
        let mut reader = std::io::Cursor::new(bytes.to_vec());
        read_lines(
            Path::new("x.log"),
            gzip,
            &mut reader,
            realtime,
            &mut |r| {
                seen.push(format!(
                    "{} {} {} {}",
                    r.viewer_host(),
                    r.path,
                    r.status,
                    r.result_type()
                ))
            },
            &mut report,
        );
        (seen, report)
    }

    const HEADER: &str = "#Version: 1.0\n#Fields: date time cs(Host) cs-uri-stem sc-status x-edge-result-type x-edge-detailed-result-type time-taken x-host-header\n";

    #[test]
    fn w3c_lines_are_read_by_their_header_and_bad_ones_located() {
        let text = format!(
            "{HEADER}2026-01-02\t03:04:05\td1.cloudfront.net\t/a\t200\tHit\tHit\t0.002\twww.example.com\n\
             2026-01-02\t03:04:06\td1.cloudfront.net\t/b\t502\n\
             2026-01-02\t03:04:07\td1.cloudfront.net\t/c\t504\tError\tOriginCommError\t30.001\t-\n"
        );
        let (seen, report) = read(text.as_bytes(), false, None);
        assert_eq!(
            seen,
            [
                "www.example.com /a 200 Hit",
                "d1.cloudfront.net /c 504 OriginCommError"
            ]
        );
        assert_eq!(report.format, Some(LogFormat::W3c));
        assert_eq!(report.bad_lines, 1);
        assert_eq!(report.problems[0].line, 4);
        assert_eq!(report.problems[0].code, "wrong-field-count");
    }

    #[test]
    fn a_non_utf8_line_is_skipped_and_the_next_used() {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(b"2026-01-02\t03:04:05\td\t/\xff\t200\tHit\tHit\t0.1\t-\n");
        bytes.extend_from_slice(b"2026-01-02\t03:04:05\td\t/ok\t200\tHit\tHit\t0.1\t-\n");
        let (seen, report) = read(&bytes, false, None);
        assert_eq!(seen, ["d /ok 200 Hit"]);
        assert_eq!(report.problems[0].code, "not-utf8");
        assert_eq!(report.problems[0].line, 3);
    }

    #[test]
    fn real_time_lines_need_their_field_list() {
        let text = "1767322800.123\td1.cloudfront.net\t/x\t503\tLambdaLimitExceeded\n";
        let (seen, report) = read(text.as_bytes(), false, None);
        assert!(seen.is_empty());
        assert_eq!(report.problems[0].code, "unknown-log-format");
        let layout = Layout::new(&[
            "timestamp",
            "cs-host",
            "cs-uri-stem",
            "sc-status",
            "x-edge-detailed-result-type",
        ]);
        let (seen, report) = read(text.as_bytes(), false, Some(&layout));
        assert_eq!(seen, ["d1.cloudfront.net /x 503 LambdaLimitExceeded"]);
        assert_eq!(report.format, Some(LogFormat::Realtime));
    }

    #[test]
    fn json_objects_take_strings_or_numbers() {
        let text = "{\"date\":\"2026-01-02\",\"time\":\"03:04:05\",\"cs(Host)\":\"d\",\"cs-uri-stem\":\"/j\",\"sc-status\":502,\"x-edge-detailed-result-type\":\"OriginDnsError\",\"time-taken\":0.5}\nnot json\n";
        let (seen, report) = read(text.as_bytes(), false, None);
        assert_eq!(seen, ["d /j 502 OriginDnsError"]);
        assert_eq!(report.problems[0].code, "bad-json");
        assert_eq!(report.problems[0].line, 2);
    }

    #[test]
    fn a_truncated_gzip_keeps_the_lines_before_the_break() {
        use std::io::Write;
        let mut body = HEADER.to_string();
        for i in 0..2000 {
            body.push_str(&format!(
                "2026-01-02\t03:04:05\td\t/p{i}\t200\tHit\tHit\t0.1\t-\n"
            ));
        }
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(body.as_bytes()).unwrap();
        let gz = encoder.finish().unwrap();
        let cut = &gz[..gz.len() * 2 / 3];
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("E1.2026-01-02-03.abcd.gz");
        std::fs::write(&file, cut).unwrap();
        let mut count = 0;
        let report = read_log(&file, None, &mut |_| count += 1);
        assert!(count > 100 && count < 2000, "{count}");
        assert!(report.failed);
        let last = report.problems.last().unwrap();
        assert_eq!(last.code, "truncated-gzip");
        assert_eq!(last.line, count + 3);
    }
}
