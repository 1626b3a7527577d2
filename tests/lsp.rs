//! The language server as an editor drives it: the binary is started and
//! spoken to in JSON-RPC over stdio.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
    next_id: i64,
}

fn read_message(reader: &mut BufReader<ChildStdout>) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(dir: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_edgelint"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.receive();
            if message["id"] == id {
                return message;
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn receive(&self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(20))
            .expect("a message from the server")
    }

    /// The next diagnostics published.
    fn diagnostics(&self) -> Value {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"].clone();
            }
        }
    }
}

const TEMPLATE: &str = "\
# Ünïcödé comment: columns are UTF-16
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Comment: \"ü😀\"
        Origins:
          - Id: web
            DomainName: docs.s3-website-us-east-1.amazonaws.com
            CustomOriginConfig: { OriginProtocolPolicy: \"https-only\" }
        DefaultCacheBehavior:
          TargetOriginId: web
          ViewerProtocolPolicy: redirect-to-https
";

#[test]
fn diagnostics_on_open_and_change_hover_and_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.yaml");
    std::fs::write(&path, TEMPLATE).unwrap();
    let uri = format!("file://{}", path.display());
    let mut client = Client::start(dir.path());

    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], true);
    assert_eq!(init["result"]["serverInfo"]["name"], "edgelint");
    client.notify("initialized", json!({}));

    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": TEMPLATE}}),
    );
    let published = client.diagnostics();
    assert_eq!(published["uri"], uri);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "CF104");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "edgelint");
    // line 12 (0-based 11), `"https-only"` in the flow mapping
    let line = TEMPLATE.lines().nth(11).unwrap();
    let column = line.find("\"https-only\"").unwrap();
    assert_eq!(
        d["range"]["start"],
        json!({"line": 11, "character": column})
    );
    assert!(
        d["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("https-to-s3-website-endpoint.rule")
    );

    // hover over the diagnostic shows the rule's summary and a link, not
    // the whole documentation with its examples
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 11, "character": column + 2}}),
    );
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("**CF104** `https-to-s3-website-endpoint` (error)\n\n"),
        "{text}"
    );
    assert!(
        text.ends_with("rules/https-to-s3-website-endpoint.rule) · `edgelint explain CF104`"),
        "{text}"
    );
    assert!(!text.contains("## "), "{text}");

    // a change with a non-ASCII value before the finding on its line
    let new_line =
        "            CustomOriginConfig: { Note: \"ü😀\", OriginProtocolPolicy: \"https-only\" }";
    let changed = TEMPLATE.replace(
        "            CustomOriginConfig: { OriginProtocolPolicy: \"https-only\" }",
        new_line,
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": changed}]}),
    );
    let published = client.diagnostics();
    assert_eq!(published["version"], 2);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    // UTF-16 units: ü is one, 😀 two (bytes would say 2 and 4)
    let before = &new_line[..new_line.find("\"https-only\"").unwrap()];
    let units = before.encode_utf16().count();
    assert_eq!(units, before.chars().count() + 1);
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({"line": 11, "character": units})
    );

    // a broken buffer is a diagnostic, not a crash
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": "Resources: [\n  \u{0}"}]}),
    );
    let published = client.diagnostics();
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["severity"], 1);

    // fixed: diagnostics clear
    let fixed = TEMPLATE.replace("https-only", "http-only");
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}, "text": fixed}),
    );
    assert_eq!(client.diagnostics()["diagnostics"], json!([]));

    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success());
}

#[test]
fn suppressions_and_config_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("edgelint.toml"),
        "[severity]\nCF104 = \"info\"\n",
    )
    .unwrap();
    let path = dir.path().join("site.yaml");
    let uri = format!("file://{}", path.display());
    let mut client = Client::start(dir.path());
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": TEMPLATE}}),
    );
    let published = client.diagnostics();
    assert_eq!(published["diagnostics"][0]["severity"], 3);

    let suppressed = TEMPLATE.replace(
        "            CustomOriginConfig:",
        "            # edgelint: ignore[CF104] proxied\n            CustomOriginConfig:",
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": suppressed}]}),
    );
    assert_eq!(client.diagnostics()["diagnostics"], json!([]));
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

const MAIN_TF: &str = r#"resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    origin_id   = "web"
    domain_name = "docs.s3-website-us-east-1.amazonaws.com"
    custom_origin_config {
      origin_protocol_policy = var.origin_policy
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "web"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
"#;

fn variables_tf(policy: &str) -> String {
    format!("variable \"origin_policy\" {{\n  default = \"{policy}\"\n}}\n")
}

/// Diagnostics by file name from the next `n` publications.
fn published(client: &Client, n: usize) -> std::collections::BTreeMap<String, usize> {
    (0..n)
        .map(|_| {
            let params = client.diagnostics();
            let uri = params["uri"].as_str().unwrap().to_string();
            let name = uri.rsplit('/').next().unwrap().to_string();
            (name, params["diagnostics"].as_array().unwrap().len())
        })
        .collect()
}

#[test]
fn a_terraform_module_is_relinted_as_a_whole() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tf");
    let vars = dir.path().join("variables.tf");
    std::fs::write(&main, MAIN_TF).unwrap();
    std::fs::write(&vars, variables_tf("https-only")).unwrap();
    let mut client = Client::start(dir.path());
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    client.notify("initialized", json!({}));

    // opening main.tf reads variables.tf from disk: the default makes CF104 fire
    let main_uri = format!("file://{}", main.display());
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": main_uri, "languageId": "terraform", "version": 1, "text": MAIN_TF}}),
    );
    let first = published(&client, 2);
    assert_eq!(first.get("main.tf"), Some(&1), "{first:?}");
    assert_eq!(first.get("variables.tf"), Some(&0), "{first:?}");

    // editing the variable in the other file's buffer (unsaved) clears main.tf
    let vars_uri = format!("file://{}", vars.display());
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": vars_uri, "languageId": "terraform", "version": 1, "text": variables_tf("https-only")}}),
    );
    let _ = published(&client, 2);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": vars_uri, "version": 2}, "contentChanges": [{"text": variables_tf("http-only")}]}),
    );
    let after = published(&client, 2);
    assert_eq!(after.get("main.tf"), Some(&0), "{after:?}");

    client.request("shutdown", json!(null));
    client.notify("exit", json!(null));
}

fn open(client: &mut Client, uri: &str, language: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
    );
}

fn initialized(dir: &std::path::Path) -> Client {
    let mut client = Client::start(dir);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    client
}

fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn an_export_is_linted_with_the_exports_beside_it() {
    // a directory name with `@`, which clients spell as is or as `%40`
    let dir = tempfile::tempdir().unwrap();
    let account = dir.path().join("team@example");
    std::fs::create_dir(&account).unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/export/account");
    for entry in std::fs::read_dir(source).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), account.join(entry.file_name())).unwrap();
    }
    let text = std::fs::read_to_string(account.join("distribution.json")).unwrap();
    let mut client = initialized(dir.path());
    let uri = format!("file://{}/distribution.json", account.display());
    open(&mut client, &uri, "json", &text);
    let published = client.diagnostics();
    // CF202 needs the security groups of security-groups.json
    let found = codes(&published);
    assert!(found.contains(&"CF202".to_string()), "{found:?}");
    let cf202 = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "CF202")
        .unwrap()
        .clone();
    assert_eq!(cf202["range"]["start"]["line"], 27);

    let escaped = uri.replace('@', "%40");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": escaped}, "position": cf202["range"]["start"]}),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(value.starts_with("**CF202**"), "{hover}");

    client.request("shutdown", json!(null));
    client.notify("exit", json!(null));
}

#[test]
fn rule_directories_and_excludes_of_the_configuration_apply() {
    let dir = tempfile::tempdir().unwrap();
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cli/rules");
    std::fs::write(
        dir.path().join("edgelint.toml"),
        format!(
            "rules = [{:?}]\nexclude = [\"legacy\"]\n",
            rules.display().to_string()
        ),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("legacy")).unwrap();
    let mut client = initialized(dir.path());

    let site = format!("file://{}/site.yaml", dir.path().display());
    open(&mut client, &site, "yaml", TEMPLATE);
    let mut found = codes(&client.diagnostics());
    found.sort();
    assert_eq!(found, ["CF104", "TST001"]);

    let legacy = format!("file://{}/legacy/site.yaml", dir.path().display());
    open(&mut client, &legacy, "yaml", TEMPLATE);
    let published = client.diagnostics();
    assert_eq!(published["uri"], legacy);
    assert_eq!(published["diagnostics"], json!([]));

    // files of other tools get no diagnostics, broken or not
    let tsconfig = format!("file://{}/tsconfig.json", dir.path().display());
    open(
        &mut client,
        &tsconfig,
        "json",
        "{\n  // note\n  \"a\": 1,\n}\n",
    );
    assert_eq!(client.diagnostics()["diagnostics"], json!([]));

    client.request("shutdown", json!(null));
    client.notify("exit", json!(null));
}

impl Client {
    /// Sends a framed body as it is, JSON or not.
    fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The exit status once stdin is closed.
    fn finish(mut self) -> Option<i32> {
        drop(self.stdin);
        self.child.wait().unwrap().code()
    }
}

#[test]
fn a_body_that_is_not_a_message_is_answered_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = initialized(dir.path());

    client.send_raw("hello");
    let answer = client.receive();
    assert_eq!(answer["error"]["code"], -32700, "{answer}");
    assert_eq!(answer["id"], Value::Null);

    // JSON nested deeper than the parser goes is refused the same way
    client.send_raw(&format!(
        r#"{{"jsonrpc":"2.0","id":5,"method":"x","params":{}{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    ));
    assert_eq!(client.receive()["error"]["code"], -32700);

    // JSON that is not a request: invalid, answered under its id
    client.send_raw(r#"{"jsonrpc":"2.0","id":7}"#);
    let answer = client.receive();
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    assert_eq!(answer["id"], 7);

    // still serving
    let uri = format!("file://{}/site.yaml", dir.path().display());
    open(&mut client, &uri, "yaml", TEMPLATE);
    assert_eq!(codes(&client.diagnostics()), ["CF104"]);

    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null, "{shutdown}");
    // after shutdown a request is an error, and the server waits for exit
    let late = client.request("textDocument/hover", json!({}));
    assert_eq!(late["error"]["code"], -32600, "{late}");
    client.notify("exit", Value::Null);
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn the_exit_status_is_0_only_after_shutdown_then_exit() {
    let dir = tempfile::tempdir().unwrap();

    let mut client = initialized(dir.path());
    client.notify("exit", Value::Null);
    assert_eq!(client.finish(), Some(1), "exit without shutdown");

    let client = initialized(dir.path());
    assert_eq!(client.finish(), Some(1), "the input ended without exit");

    let mut client = initialized(dir.path());
    client.request("shutdown", Value::Null);
    assert_eq!(client.finish(), Some(1), "shutdown, then the input ended");

    let mut client = initialized(dir.path());
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.finish(), Some(0));
}

/// The byte offset of an LSP position (UTF-16 columns).
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The text with a code action's edits to `uri` applied, as a client
/// applies them.
fn apply(text: &str, action: &Value, uri: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = action["edit"]["changes"][uri]
        .as_array()
        .unwrap_or_else(|| panic!("no edit of {uri}: {action}"))
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"]),
                offset(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}

fn actions(client: &mut Client, uri: &str, diagnostic: &Value, only: Option<&str>) -> Vec<Value> {
    let mut context = json!({"diagnostics": [diagnostic]});
    if let Some(only) = only {
        context["only"] = json!([only]);
    }
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": context}),
    );
    response["result"].as_array().cloned().unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(title)))
        .unwrap_or_else(|| panic!("no action `{title}` in {actions:?}"))
}

#[test]
fn code_actions_fix_and_suppress_and_the_diagnostics_follow() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/site.yaml", dir.path().display());
    let mut client = Client::start(dir.path());
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert_eq!(
        init["result"]["capabilities"]["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.edgelint"])
    );
    client.notify("initialized", json!({}));

    // a stale suppression above the origin, and CF104 in it
    let text = TEMPLATE.replace(
        "          - Id: web\n",
        "          # edgelint: ignore[CF202] was needed once\n          - Id: web\n",
    );
    open(&mut client, &uri, "yaml", &text);
    let published = client.diagnostics();
    let mut found = codes(&published);
    found.sort();
    assert_eq!(found, ["CF104", "unused-suppression"]);
    let diagnostic = |published: &Value, code: &str| {
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .unwrap()
            .clone()
    };

    // the unused suppression's fix is a preferred quick fix
    let unused = diagnostic(&published, "unused-suppression");
    let offered = actions(&mut client, &uri, &unused, None);
    let fix = titled(
        &offered,
        "Fix unused-suppression: remove the unused suppression",
    );
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "unused-suppression");
    // the document's fix-all makes that edit and CF104's safe one
    let all = actions(&mut client, &uri, &unused, Some("source.fixAll"));
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["kind"], "source.fixAll.edgelint");
    let all_edits = all[0]["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(all_edits.len(), 2, "{all:?}");
    assert!(all_edits.contains(&fix["edit"]["changes"][&uri][0]));
    assert_eq!(
        apply(&text, &all[0], &uri),
        TEMPLATE.replace("\"https-only\"", "\"http-only\"")
    );

    let fixed = apply(&text, fix, &uri);
    assert_eq!(fixed, TEMPLATE);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let published = client.diagnostics();
    assert_eq!(codes(&published), ["CF104"]);

    // CF104's safe fix is the preferred action; it can also be
    // suppressed on its line or for its resource, each with a reason to
    // fill in
    let cf104 = diagnostic(&published, "CF104");
    let offered = actions(&mut client, &uri, &cf104, None);
    let preferred: Vec<&Value> = offered
        .iter()
        .filter(|a| a["isPreferred"] == true)
        .collect();
    assert_eq!(preferred.len(), 1, "{offered:?}");
    assert!(
        preferred[0]["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("Fix CF104")),
        "{offered:?}"
    );
    let cf104_fixed = apply(&fixed, preferred[0], &uri);
    assert_eq!(
        cf104_fixed,
        TEMPLATE.replace("\"https-only\"", "\"http-only\"")
    );
    let on_line = apply(
        &fixed,
        titled(&offered, "Suppress CF104 on this line"),
        &uri,
    );
    assert!(
        on_line.contains(
            "\n            # edgelint: ignore[CF104] <reason>\n            CustomOriginConfig:"
        ),
        "{on_line}"
    );
    let for_resource = apply(
        &fixed,
        titled(&offered, "Suppress CF104 for resource `Site`"),
        &uri,
    );
    assert!(
        for_resource.contains(
            "    Type: AWS::CloudFront::Distribution\n    Metadata:\n      edgelint:\n        ignore:\n          - code: CF104\n            reason: \"<reason>\"\n    Properties:"
        ) || for_resource.contains(
            "  Site:\n    Metadata:\n      edgelint:\n        ignore:\n          - code: CF104\n            reason: \"<reason>\"\n    Type:"
        ),
        "{for_resource}"
    );
    for (version, text) in [(3, cf104_fixed), (4, on_line), (5, for_resource)] {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        assert_eq!(client.diagnostics()["diagnostics"], json!([]), "{text}");
    }

    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}
