//! The one request the probe sends, as CloudFront sends it (GET, the Host
//! it sends, the origin's custom headers, no body), and what the answer's
//! head says: status, size, time to the first byte.

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use super::catalog::Check;
use super::outcome::{Outcome, Problem};
use super::target::Target;

/// CloudFront's limit on an origin response's status line and headers.
pub const MAX_HEADER_BYTES: usize = 20_480;

/// The request's bytes.
pub fn request_text(target: &Target) -> String {
    let mut text = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: Amazon CloudFront\r\nAccept: */*\r\nConnection: close\r\n",
        target.path, target.host_header
    );
    for (name, value) in &target.headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text
}

/// Sends the request on `stream` and reads the head of the answer, each
/// read within the response timeout; `set_timeout` applies a read timeout
/// to the socket underneath.
pub fn exchange<S: Read + Write>(
    stream: &mut S,
    set_timeout: &dyn Fn(&mut S, Duration),
    target: &Target,
    deadline: Instant,
    outcome: &mut Outcome,
) -> Result<(), Problem> {
    let url = target.url();
    let timeout = target
        .read_timeout
        .min(deadline.saturating_duration_since(Instant::now()))
        .max(Duration::from_millis(1));
    set_timeout(stream, timeout);
    let sent = Instant::now();
    if let Err(err) = stream
        .write_all(request_text(target).as_bytes())
        .and_then(|()| stream.flush())
    {
        return Err(closed(&err, &url, "while the request was sent"));
    }
    let mut head: Vec<u8> = Vec::with_capacity(1024);
    let mut buffer = [0u8; 4096];
    let mut first_byte: Option<Duration> = None;
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => {
                return Err(Problem::new(
                    Check::ConnectionClosed,
                    match first_byte {
                        None => {
                            format!("GET {url}: the origin closed the connection without answering")
                        }
                        Some(_) => format!(
                            "GET {url}: the origin closed the connection in the middle of the response headers"
                        ),
                    },
                ));
            }
            Ok(n) => {
                if first_byte.is_none() {
                    let at = sent.elapsed();
                    first_byte = Some(at);
                    outcome.fact("first_byte_ms", at.as_millis().to_string());
                }
                head.extend_from_slice(buffer.get(..n).unwrap_or_default());
                if let Some(end) = find(&head, b"\r\n\r\n") {
                    let size = end + 4;
                    outcome.fact("header_bytes", size.to_string());
                    return answer(&head, size, &url, outcome);
                }
                if head.len() > MAX_HEADER_BYTES {
                    outcome.fact("header_bytes", format!("more than {MAX_HEADER_BYTES}"));
                    let _ = answer(&head, head.len(), &url, outcome);
                    return Err(too_large(&url));
                }
            }
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                ) =>
            {
                let secs = timeout.as_secs_f32();
                return Err(Problem::new(
                    Check::FirstByteTooSlow,
                    match first_byte {
                        None => {
                            format!("GET {url} sent no byte within the {secs} s response timeout")
                        }
                        Some(_) => format!(
                            "GET {url} stopped sending its response headers for the {secs} s response timeout"
                        ),
                    },
                ));
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(closed(&err, &url, "before answering")),
        }
    }
}

fn closed(err: &io::Error, url: &str, when: &str) -> Problem {
    let what = match err.kind() {
        io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe => "reset the connection".to_string(),
        io::ErrorKind::UnexpectedEof => "closed the connection".to_string(),
        _ => format!("failed ({err})"),
    };
    Problem::new(
        Check::ConnectionClosed,
        format!("GET {url}: the origin {what} {when}"),
    )
}

fn too_large(url: &str) -> Problem {
    Problem::new(
        Check::ResponseHeadersTooLarge,
        format!(
            "the response headers of GET {url} are longer than CloudFront's {MAX_HEADER_BYTES} bytes"
        ),
    )
}

/// Reads the status line of a complete head.
fn answer(head: &[u8], size: usize, url: &str, outcome: &mut Outcome) -> Result<(), Problem> {
    let text = String::from_utf8_lossy(head);
    let status_line = text.lines().next().unwrap_or("");
    let mut words = status_line.splitn(3, ' ');
    let version = words.next().unwrap_or("");
    let status = words.next().and_then(|s| s.parse::<u16>().ok());
    let reason = words.next().unwrap_or("").trim();
    let Some(status) = status.filter(|_| version.starts_with("HTTP/")) else {
        return Err(Problem::new(
            Check::ConnectionClosed,
            format!(
                "GET {url}: the origin did not answer with HTTP (`{}`)",
                status_line.chars().take(40).collect::<String>()
            ),
        ));
    };
    outcome.fact("status", status.to_string());
    if size > MAX_HEADER_BYTES {
        return Err(too_large(url));
    }
    if status >= 500 {
        return Err(Problem::new(
            Check::ServerError,
            format!("GET {url} answered {status} {reason}")
                .trim_end()
                .to_string(),
        ));
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::target::{Protocols, Scheme};

    fn target() -> Target {
        Target {
            scheme: Scheme::Http,
            host: "o.test".into(),
            port: 80,
            server_name: "www.test".into(),
            host_header: "www.test".into(),
            path: "/api/".into(),
            protocols: Protocols::default(),
            connect_timeout: Duration::from_secs(1),
            attempts: 1,
            read_timeout: Duration::from_secs(1),
            headers: vec![("X-Origin-Verify".into(), "s".into())],
            judge_name: true,
        }
    }

    #[test]
    fn the_request_is_a_get_without_body_with_the_host_cloudfront_sends() {
        let text = request_text(&target());
        assert!(
            text.starts_with("GET /api/ HTTP/1.1\r\nHost: www.test\r\n"),
            "{text}"
        );
        assert!(text.contains("X-Origin-Verify: s\r\n"));
        assert!(text.ends_with("\r\n\r\n") && !text.contains("Content-Length"));
    }

    /// A stream replaying canned bytes.
    struct Canned(io::Cursor<Vec<u8>>);
    impl Read for Canned {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.0.read(buf)
        }
    }
    impl Write for Canned {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn run(answer: Vec<u8>) -> (Result<(), Problem>, Outcome) {
        let mut outcome = Outcome::default();
        let deadline = Instant::now() + Duration::from_secs(5);
        let result = exchange(
            &mut Canned(io::Cursor::new(answer)),
            &|_, _| {},
            &target(),
            deadline,
            &mut outcome,
        );
        (result, outcome)
    }

    #[test]
    fn statuses_sizes_and_closes() {
        let (ok, outcome) = run(b"HTTP/1.1 404 Not Found\r\nA: b\r\n\r\nbody".to_vec());
        assert!(ok.is_ok());
        assert!(outcome.facts.contains(&("status".into(), "404".into())));
        let (err, _) = run(b"HTTP/1.1 503 Service Unavailable\r\n\r\n".to_vec());
        assert_eq!(err.unwrap_err().check, Check::ServerError);
        let mut big = b"HTTP/1.1 200 OK\r\n".to_vec();
        big.extend(std::iter::repeat_n(b'x', MAX_HEADER_BYTES));
        let (err, _) = run(big);
        assert_eq!(err.unwrap_err().check, Check::ResponseHeadersTooLarge);
        let (err, _) = run(Vec::new());
        assert_eq!(err.unwrap_err().check, Check::ConnectionClosed);
    }
}
