//! The language server's framing on stdin and stdout: `Content-Length`
//! headers and JSON bodies, read with limits.
//!
//! lsp-server's own reader sizes its buffer to whatever `Content-Length`
//! says and reads a header line of any length, so a hostile or broken
//! client could make it allocate without bound. This reader caps both. A
//! message it cannot frame ends the server with the reason (the command
//! prints it on stderr) and a non-zero exit status: after a framing error
//! the stream cannot be trusted to find the next message. A well-framed
//! body that is not JSON, or not a JSON-RPC message, is answered with the
//! protocol's error (-32700 or -32600) and the server reads on.

use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

use lsp_server::{Connection, Message};
use serde_json::{Value, json};

/// The largest message read: an open document may hold up to
/// `MAX_FILE_BYTES` (50 MiB), and JSON escaping adds to it.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// The longest header line.
pub const MAX_HEADER_BYTES: usize = 1024;

/// JSON-RPC's error code for a body that is not JSON.
pub const PARSE_ERROR: i32 = -32700;

/// JSON-RPC's error code for JSON that is not a request, response or
/// notification.
pub const INVALID_REQUEST: i32 = -32600;

/// What one framed message turned out to be.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// Not a JSON-RPC message: the error response to send back (its `id`
    /// is the message's when it had one, else null, as JSON-RPC says).
    Malformed(Value),
}

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
                Ok(Some(Incoming::Message(message))) => {
                    let is_exit =
                        matches!(&message, Message::Notification(n) if n.method == "exit");
                    if to_server.send(message).is_err() || is_exit {
                        return Ok(());
                    }
                }
                Ok(Some(Incoming::Malformed(response))) => {
                    // answered here: lsp-server's `Response` cannot carry
                    // the null id a parse error is answered with
                    if write_raw(&response).is_err() {
                        return Ok(());
                    }
                }
                Ok(None) => return Ok(()),
                Err(reason) => return Err(reason),
            }
        }
    });
    let writer = std::thread::spawn(move || {
        for message in from_server {
            // stdout is locked per message: the reader writes its answers
            // to malformed messages between them
            message.write(&mut io::stdout().lock())?;
        }
        Ok(())
    });
    (Connection { sender, receiver }, Threads { reader, writer })
}

/// Writes one message that is not an lsp-server `Message`.
fn write_raw(message: &Value) -> io::Result<()> {
    let body = message.to_string();
    let mut out = io::stdout().lock();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

/// Reads one message; `None` at the end of the input, an error when the
/// input cannot be framed.
pub fn read_message(input: &mut impl BufRead) -> Result<Option<Incoming>, String> {
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
    Ok(Some(parse_body(&body)))
}

/// A framed body as a message, or the error response it gets.
fn parse_body(body: &[u8]) -> Incoming {
    // serde_json refuses JSON nested deeper than 128 here, before any
    // message type is built
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            return Incoming::Malformed(error_response(Value::Null, PARSE_ERROR, &e.to_string()));
        }
    };
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    // a message is an object; serde would also build one from an array
    // (`["exit"]`), and JSON-RPC batches are not part of the protocol
    if !value.is_object() {
        return Incoming::Malformed(error_response(id, INVALID_REQUEST, "not an object"));
    }
    match serde_json::from_value(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => Incoming::Malformed(error_response(id, INVALID_REQUEST, &e.to_string())),
    }
}

fn error_response(id: Value, code: i32, reason: &str) -> Value {
    let what = if code == PARSE_ERROR {
        "not JSON"
    } else {
        "not a JSON-RPC request, response or notification"
    };
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code, "message": format!("the message is {what}: {reason}") },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Option<Incoming>, String> {
        read_message(&mut io::Cursor::new(bytes))
    }

    fn framed(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    #[test]
    fn reads_a_framed_message() {
        let body = br#"{"jsonrpc":"2.0","method":"exit"}"#;
        let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        bytes.extend_from_slice(body);
        let Ok(Some(Incoming::Message(Message::Notification(n)))) = read(&bytes) else {
            panic!("not read")
        };
        assert_eq!(n.method, "exit");
        assert!(read(b"").unwrap().is_none());
    }

    #[test]
    fn refuses_what_it_cannot_frame() {
        let cases: [(&[u8], &str); 6] = [
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
            (b"Content-Length: 9\r\n\r\n{}", "shorter than"),
            (b"Content-Length: nine\r\n\r\n", "bad Content-Length"),
        ];
        for (bytes, reason) in cases {
            let err = read(bytes).unwrap_err();
            assert!(err.contains(reason), "{err} for {bytes:?}");
        }
        let long = vec![b'X'; 10 * MAX_HEADER_BYTES];
        assert!(read(&long).unwrap_err().contains("longer than"));
    }

    #[test]
    fn answers_a_body_that_is_not_a_message_and_reads_on() {
        let deep = format!(
            r#"{{"jsonrpc":"2.0","id":5,"method":"x","params":{}{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        let cases = [
            ("hello", PARSE_ERROR, Value::Null),
            (r#"{"id": 7, "method": "#, PARSE_ERROR, Value::Null),
            // deeper than serde_json's limit of 128: refused as it parses
            (deep.as_str(), PARSE_ERROR, Value::Null),
            (r#"{"jsonrpc":"2.0","id":7}"#, INVALID_REQUEST, json!(7)),
            (
                r#"{"jsonrpc":"2.0","id":"a","method":3}"#,
                INVALID_REQUEST,
                json!("a"),
            ),
            (r#"["exit"]"#, INVALID_REQUEST, Value::Null),
        ];
        for (body, code, id) in cases {
            let mut bytes = framed(body);
            bytes.extend(framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
            let mut input = io::Cursor::new(bytes);
            let Ok(Some(Incoming::Malformed(response))) = read_message(&mut input) else {
                panic!("{body} was not answered")
            };
            assert_eq!(response["error"]["code"], code, "{body}");
            assert_eq!(response["id"], id, "{body}");
            assert_eq!(response["jsonrpc"], "2.0");
            // the next message is read as if nothing happened
            assert!(matches!(
                read_message(&mut input),
                Ok(Some(Incoming::Message(Message::Notification(n)))) if n.method == "exit"
            ));
        }
    }
}
