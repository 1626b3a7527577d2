//! The language server's framing on stdin and stdout: `Content-Length`
//! headers and JSON bodies, read with limits.
//!
//! lsp-server's own reader sizes its buffer to whatever `Content-Length`
//! says and reads a header line of any length, so a hostile or broken
//! client could make it allocate without bound. This reader caps both, and
//! a message it cannot frame or parse ends the server with the reason (the
//! command prints it on stderr) and a non-zero exit status: after a framing error the stream
//! cannot be trusted to find the next message.

use std::io::{self, BufRead, Read};
use std::thread::JoinHandle;

use lsp_server::{Connection, Message};

/// The largest message read: an open document may hold up to
/// `MAX_FILE_BYTES` (50 MiB), and JSON escaping adds to it.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// The longest header line.
pub const MAX_HEADER_BYTES: usize = 1024;

/// The reader and writer threads of a connection on stdio.
pub struct Threads {
    reader: JoinHandle<Result<(), String>>,
    writer: JoinHandle<io::Result<()>>,
}

impl Threads {
    /// Waits for both threads; the reader's error is why the input ended.
    pub fn join(self) -> Result<(), String> {
        let read = self
            .reader
            .join()
            .unwrap_or_else(|_| Err("the reader thread failed".into()));
        // a client that closed its end first is not an error of ours
        let _ = self.writer.join();
        read
    }
}

/// A connection on stdin and stdout with capped framing.
pub fn stdio() -> (Connection, Threads) {
    let (to_server, receiver) = crossbeam_channel::bounded::<Message>(0);
    let (sender, from_server) = crossbeam_channel::unbounded::<Message>();
    let reader = std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        loop {
            match read_message(&mut input) {
                Ok(Some(message)) => {
                    let is_exit =
                        matches!(&message, Message::Notification(n) if n.method == "exit");
                    if to_server.send(message).is_err() || is_exit {
                        return Ok(());
                    }
                }
                Ok(None) => return Ok(()),
                Err(reason) => return Err(reason),
            }
        }
    });
    let writer = std::thread::spawn(move || {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        for message in from_server {
            message.write(&mut out)?;
        }
        Ok(())
    });
    (Connection { sender, receiver }, Threads { reader, writer })
}

/// Reads one message; `None` at the end of the input.
pub fn read_message(input: &mut impl BufRead) -> Result<Option<Message>, String> {
    let mut length = None;
    let mut first = true;
    loop {
        let mut line = Vec::new();
        input
            .by_ref()
            .take(MAX_HEADER_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("cannot read a message: {e}"))?;
        if line.is_empty() && first {
            return Ok(None);
        }
        first = false;
        if line.len() > MAX_HEADER_BYTES {
            return Err(format!(
                "a header line longer than {MAX_HEADER_BYTES} bytes"
            ));
        }
        let Some(header) = line.strip_suffix(b"\r\n") else {
            return Err("a header line not ended by CRLF".into());
        };
        if header.is_empty() {
            break;
        }
        let header = std::str::from_utf8(header)
            .map_err(|_| "a header line that is not ASCII".to_string())?;
        let Some((name, value)) = header.split_once(':') else {
            return Err(format!("a malformed header `{header}`"));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value: usize = value
                .trim()
                .parse()
                .map_err(|_| format!("a bad Content-Length `{}`", value.trim()))?;
            if value > MAX_MESSAGE_BYTES {
                return Err(format!(
                    "a message of {value} bytes, over the limit of {MAX_MESSAGE_BYTES}"
                ));
            }
            length = Some(value);
        } else if !name.trim().eq_ignore_ascii_case("content-type") {
            return Err(format!("an unknown header `{}`", name.trim()));
        }
    }
    let length = length.ok_or("a message without Content-Length")?;
    let mut body = vec![0; length];
    input
        .read_exact(&mut body)
        .map_err(|e| format!("a message shorter than its Content-Length: {e}"))?;
    serde_json::from_slice(&body)
        .map(Some)
        .map_err(|e| format!("a message that is not a JSON-RPC message: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Option<Message>, String> {
        read_message(&mut io::Cursor::new(bytes))
    }

    #[test]
    fn reads_a_framed_message() {
        let body = br#"{"jsonrpc":"2.0","method":"exit"}"#;
        let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        bytes.extend_from_slice(body);
        let Ok(Some(Message::Notification(n))) = read(&bytes) else {
            panic!("not read")
        };
        assert_eq!(n.method, "exit");
        assert!(read(b"").unwrap().is_none());
    }

    #[test]
    fn refuses_what_it_cannot_frame() {
        let cases: [(&[u8], &str); 7] = [
            (
                b"Content-Length: 1000000000000000\r\n\r\n{}",
                "over the limit",
            ),
            (b"Content-Length: 2\n\n{}", "not ended by CRLF"),
            (b"Content-Type: x\r\n\r\n{}", "without Content-Length"),
            (
                b"X-Other: 1\r\nContent-Length: 2\r\n\r\n{}",
                "unknown header",
            ),
            (b"Content-Length: 5\r\n\r\nhello", "not a JSON-RPC message"),
            (b"Content-Length: 9\r\n\r\n{}", "shorter than"),
            (b"Content-Length: nine\r\n\r\n", "bad Content-Length"),
        ];
        for (bytes, reason) in cases {
            let err = read(bytes).unwrap_err();
            assert!(err.contains(reason), "{err} for {bytes:?}");
        }
        let long = vec![b'X'; 10 * MAX_HEADER_BYTES];
        assert!(read(&long).unwrap_err().contains("longer than"));
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let bytes = format!("Content-Length: {}\r\n\r\n{deep}", deep.len());
        assert!(read(bytes.as_bytes()).is_err());
    }
}
