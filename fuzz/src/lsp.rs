//! Arbitrary language-server sessions: opening, changing, saving and
//! closing buffers of one directory (Terraform files that form one module,
//! a template, an export), hovering, and messages with malformed or
//! unexpected parameters, handled as the server's main loop handles them.

use std::collections::HashMap;
use std::path::Path;

use arbitrary::Arbitrary;
use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value, json};

use crate::checks;

const FILES: &[&str] = &[
    "main.tf",
    "other.tf",
    "site.yaml",
    "export.json",
    "notes.txt",
];

const METHODS: &[&str] = &[
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didSave",
    "textDocument/didClose",
    "textDocument/hover",
    "textDocument/completion",
    "workspace/didChangeConfiguration",
    "$/cancelRequest",
];

#[derive(Arbitrary, Debug)]
pub enum Step {
    Open {
        file: u8,
        text: String,
        version: i32,
    },
    Change {
        file: u8,
        text: String,
        version: i32,
    },
    Save {
        file: u8,
        text: Option<String>,
    },
    Close {
        file: u8,
    },
    Hover {
        file: u8,
        line: u32,
        character: u32,
    },
    /// A known or unknown method with parameters of any shape.
    Raw {
        method: u8,
        request: bool,
        params: String,
    },
}

#[derive(Arbitrary, Debug)]
pub struct Session {
    /// `edgelint.toml` beside the files.
    pub config: Option<String>,
    /// A Terraform file on disk that is never opened.
    pub sibling: Option<String>,
    pub steps: Vec<Step>,
}

fn uri(dir: &Path, file: u8) -> String {
    format!(
        "file://{}/{}",
        dir.display(),
        FILES[file as usize % FILES.len()]
    )
}

fn notification(method: &str, params: Value) -> Message {
    Message::Notification(Notification::new(method.to_string(), params))
}

/// The session's messages, with `dir` as the workspace.
pub fn messages(session: &Session, dir: &Path) -> Vec<Message> {
    let mut out = Vec::new();
    for (n, step) in session.steps.iter().take(16).enumerate() {
        out.push(match step {
            Step::Open {
                file,
                text,
                version,
            } => notification(
                "textDocument/didOpen",
                json!({"textDocument": {"uri": uri(dir, *file), "languageId": "x", "version": version, "text": text}}),
            ),
            Step::Change {
                file,
                text,
                version,
            } => notification(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri(dir, *file), "version": version}, "contentChanges": [{"text": text}]}),
            ),
            Step::Save { file, text } => notification(
                "textDocument/didSave",
                json!({"textDocument": {"uri": uri(dir, *file)}, "text": text}),
            ),
            Step::Close { file } => notification(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri(dir, *file)}}),
            ),
            Step::Hover {
                file,
                line,
                character,
            } => Message::Request(Request::new(
                RequestId::from(n as i32),
                "textDocument/hover".to_string(),
                json!({"textDocument": {"uri": uri(dir, *file)}, "position": {"line": line, "character": character}}),
            )),
            Step::Raw {
                method,
                request,
                params,
            } => {
                let method = METHODS[*method as usize % METHODS.len()].to_string();
                let params = serde_json::from_str(params).unwrap_or(Value::String(params.clone()));
                if *request {
                    Message::Request(Request::new(RequestId::from(n as i32), method, params))
                } else {
                    Message::Notification(Notification::new(method, params))
                }
            }
        });
    }
    out
}

/// The buffer text a message gives the server, by URI.
pub fn buffer_of(message: &Message) -> Option<(String, String)> {
    let Message::Notification(n) = message else {
        return None;
    };
    let uri = n.params.pointer("/textDocument/uri")?.as_str()?.to_string();
    let text = match n.method.as_str() {
        "textDocument/didOpen" => n.params.pointer("/textDocument/text")?,
        "textDocument/didChange" => n.params.pointer("/contentChanges/0/text")?,
        "textDocument/didSave" => n.params.pointer("/text")?,
        _ => return None,
    };
    Some((uri, text.as_str()?.to_string()))
}

/// What the server sent: published ranges lie inside the buffer they are
/// for (when the fuzzer knows it), start before they end, and every
/// response answers with a result or an error.
pub fn check_out(out: &Message, texts: &HashMap<String, String>) {
    match out {
        Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
            let uri = n.params["uri"].as_str().unwrap_or_default();
            let Some(diagnostics) = n.params["diagnostics"].as_array() else {
                panic!("no diagnostics array: {n:?}");
            };
            for d in diagnostics {
                let at = |p: &str| d.pointer(p).and_then(Value::as_u64).unwrap();
                let start = (at("/range/start/line"), at("/range/start/character"));
                let end = (at("/range/end/line"), at("/range/end/character"));
                assert!(start <= end, "range ends before it starts: {d}");
                if let Some(text) = texts.get(uri) {
                    let lines = text.split('\n').count() as u64;
                    assert!(end.0 < lines.max(1), "range past the buffer's end: {d}");
                }
            }
        }
        Message::Response(r) => {
            let json = serde_json::to_value(r).unwrap_or_default();
            assert!(
                json.get("result").is_some() || json.get("error").is_some(),
                "empty response: {r:?}"
            );
        }
        _ => {}
    }
}

/// The language server's message handling: a session of generated
/// notifications and requests over files of one directory (with an
/// optional `edgelint.toml`); every published range lies inside its buffer.
pub fn session(session: &Session) {
    let dir = checks::scratch("lsp");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    if let Some(config) = &session.config {
        let _ = std::fs::write(dir.join("edgelint.toml"), config);
    }
    if let Some(sibling) = &session.sibling {
        let _ = std::fs::write(dir.join("sibling.tf"), sibling);
    }
    let mut server = edgelint::server::Server::new(checks::registry().clone());
    let mut texts: HashMap<String, String> = HashMap::new();
    for message in messages(session, &dir) {
        if let Some((uri, text)) = buffer_of(&message) {
            texts.insert(uri, text);
        }
        for out in server.handle(message) {
            check_out(&out, &texts);
        }
    }
}
