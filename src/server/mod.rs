//! `edgelint lsp`: a language server over stdio. It lints open buffers on
//! open, change and save and publishes the findings as diagnostics; hover
//! on a diagnostic shows the rule's summary and a link to its
//! documentation. It reads the `edgelint.toml` above each file (its rules,
//! rule directories, excludes and severities) and honours suppressions. Bad input,
//! a broken configuration or an internal failure becomes a diagnostic or
//! a message; the server keeps running.

pub mod actions;
pub mod position;
pub mod transport;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Exit,
    Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _, Shutdown};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeDescription, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, Hover, HoverContents, HoverParams, HoverProviderCapability, Location,
    MarkupContent, MarkupKind, MessageType, NumberOrString, PublishDiagnosticsParams, Range,
    SaveOptions, ServerCapabilities, ShowMessageParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};

use crate::config::{self, Config};
use crate::document::limits::MAX_FILE_BYTES;
use crate::finding::{FileError, Finding, Label, Severity};
use crate::lint::{self, LintOptions, Report};
use crate::rule::Registry;
use crate::source::read;
use crate::suppress;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// An open buffer and what was last published for it.
struct Document {
    /// The URI as the client spells it, which diagnostics are published
    /// under.
    uri: Uri,
    text: String,
    version: i32,
    /// (range, hover text) of each published diagnostic.
    published: Vec<(Range, String)>,
    /// The findings published, for code actions.
    findings: Vec<actions::Published>,
}

pub struct Server {
    registry: Registry,
    /// Open buffers by file path: clients spell the URI of one file in
    /// more than one way (`@` or `%40`).
    documents: HashMap<PathBuf, Document>,
}

/// Runs the server on stdin/stdout until the client says `exit` or the
/// input ends. Returns whether the client asked to shut down and then to
/// exit, the one ending the protocol gives exit status 0 (`exit` without
/// `shutdown`, or an input that ends without `exit`, is status 1); a
/// message that cannot be framed is an error.
pub fn run() -> Result<bool, Error> {
    let (connection, threads) = transport::stdio();
    let served = serve(&connection);
    drop(connection);
    match (served, threads.join()) {
        (_, Err(reason)) => Err(reason.into()),
        (served, Ok(())) => served,
    }
}

fn serve(connection: &Connection) -> Result<bool, Error> {
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(true),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(actions::kinds()),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    };
    let init = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": { "name": "edgelint", "version": env!("CARGO_PKG_VERSION") },
    });
    let (id, _params) = connection.initialize_start()?;
    connection.initialize_finish(id, init)?;
    let mut server = Server::new(Registry::builtin()?);
    Ok(server.main_loop(connection))
}

impl Server {
    pub fn new(registry: Registry) -> Server {
        Server {
            registry,
            documents: HashMap::new(),
        }
    }

    /// Handles one message of the session (not the shutdown handshake,
    /// which the connection does): what to send back.
    pub fn handle(&mut self, message: Message) -> Vec<Message> {
        match message {
            Message::Request(request) => vec![Message::Response(self.request(request))],
            Message::Notification(notification) => self
                .notification(notification)
                .into_iter()
                .map(Message::Notification)
                .collect(),
            Message::Response(_) => Vec::new(),
        }
    }

    /// Serves until `exit` or the end of the input: true when `shutdown`
    /// came before `exit`. After `shutdown` a request is an error and a
    /// notification is ignored, as the protocol says. (lsp-server's
    /// `handle_shutdown` takes any message after `shutdown` but `exit` as
    /// a protocol error that ends the server.)
    fn main_loop(&mut self, connection: &Connection) -> bool {
        let mut shut_down = false;
        for message in &connection.receiver {
            match message {
                Message::Request(request) => {
                    let response = if shut_down {
                        Response::new_err(
                            request.id,
                            lsp_server::ErrorCode::InvalidRequest as i32,
                            "the server is shut down; only `exit` is expected".into(),
                        )
                    } else if request.method == Shutdown::METHOD {
                        shut_down = true;
                        Response::new_ok(request.id, ())
                    } else {
                        self.request(request)
                    };
                    if connection.sender.send(Message::Response(response)).is_err() {
                        // the client is gone; nothing left to do
                        return shut_down;
                    }
                }
                Message::Notification(notification) if notification.method == Exit::METHOD => {
                    return shut_down;
                }
                Message::Notification(_) if shut_down => {}
                Message::Notification(notification) => {
                    for out in self.notification(notification) {
                        if connection.sender.send(Message::Notification(out)).is_err() {
                            return shut_down;
                        }
                    }
                }
                Message::Response(_) => {}
            }
        }
        // the input ended without `exit`
        false
    }

    fn request(&self, request: Request) -> Response {
        if request.method == HoverRequest::METHOD {
            let hover = serde_json::from_value::<HoverParams>(request.params)
                .ok()
                .and_then(|p| self.hover(&p));
            return Response::new_ok(request.id, hover);
        }
        if request.method == CodeActionRequest::METHOD {
            return match serde_json::from_value::<CodeActionParams>(request.params) {
                Ok(params) => Response::new_ok(request.id, self.code_actions(&params)),
                Err(err) => Response::new_err(
                    request.id,
                    lsp_server::ErrorCode::InvalidParams as i32,
                    err.to_string(),
                ),
            };
        }
        Response::new_err(
            request.id,
            lsp_server::ErrorCode::MethodNotFound as i32,
            format!("edgelint does not handle `{}`", request.method),
        )
    }

    /// Handles a notification; returns what to send back.
    pub fn notification(&mut self, notification: Notification) -> Vec<Notification> {
        let params = notification.params;
        let changed: Option<(Uri, String, i32)> = match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(params)
                    .ok()
                    .map(|p| {
                        (
                            p.text_document.uri,
                            p.text_document.text,
                            p.text_document.version,
                        )
                    })
            }
            DidChangeTextDocument::METHOD => {
                serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(params)
                    .ok()
                    .and_then(|p| {
                        // full sync: the last change is the whole text
                        let text = p.content_changes.into_iter().last()?.text;
                        Some((p.text_document.uri, text, p.text_document.version))
                    })
            }
            DidSaveTextDocument::METHOD => {
                serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(params)
                    .ok()
                    .and_then(|p| {
                        let key = uri_to_path(&p.text_document.uri);
                        let (text, version) = match p.text {
                            Some(text) => (text, self.documents.get(&key).map_or(0, |d| d.version)),
                            None => {
                                let d = self.documents.get(&key)?;
                                (d.text.clone(), d.version)
                            }
                        };
                        Some((p.text_document.uri, text, version))
                    })
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(params)
                {
                    self.documents.remove(&uri_to_path(&p.text_document.uri));
                    return vec![publish(p.text_document.uri, Vec::new(), None)];
                }
                None
            }
            _ => None,
        };
        let Some((uri, text, version)) = changed else {
            return Vec::new();
        };
        self.lint(uri, text, version)
    }

    /// Lints a buffer and returns its diagnostics (and a message when the
    /// configuration or its rule directories are broken).
    fn lint(&mut self, uri: Uri, text: String, version: i32) -> Vec<Notification> {
        if text.len() as u64 > MAX_FILE_BYTES {
            // as `check` refuses a file this large: one diagnostic, and the
            // text is not kept
            self.documents.remove(&uri_to_path(&uri));
            let refused = Diagnostic {
                severity: Some(DiagnosticSeverity::ERROR),
                code: Some(NumberOrString::String("limit-exceeded".into())),
                source: Some("edgelint".into()),
                message: format!(
                    "the document is {} bytes, over the {MAX_FILE_BYTES} byte limit; it is not linted",
                    text.len()
                ),
                ..Diagnostic::default()
            };
            return vec![publish(uri, vec![refused], Some(version))];
        }
        let path = uri_to_path(&uri);
        let (config, registry, problems) = self.setup(&path);
        let mut out: Vec<Notification> = problems
            .into_iter()
            .map(|message| {
                Notification::new(
                    ShowMessage::METHOD.to_string(),
                    ShowMessageParams {
                        typ: MessageType::ERROR,
                        message: format!("edgelint: {message}"),
                    },
                )
            })
            .collect();
        let document = self
            .documents
            .entry(path.clone())
            .or_insert_with(|| Document {
                uri: uri.clone(),
                text: String::new(),
                version,
                published: Vec::new(),
                findings: Vec::new(),
            });
        document.uri = uri.clone();
        document.text = text.clone();
        document.version = version;
        let results: Vec<(PathBuf, Vec<Diagnostic>, Vec<actions::Published>)> =
            if !config.admits(&path, true) {
                // excluded in edgelint.toml, as `check` leaves it out
                vec![(path.clone(), Vec::new(), Vec::new())]
            } else {
                // a Terraform module is one unit: all of its files are
                // republished (an empty list clears what a file had)
                let (report, configured, paths) = self.report_of(&registry, &config, &path, &text);
                paths
                    .into_iter()
                    .filter_map(|p| {
                        let file_uri = if p == path {
                            uri.clone()
                        } else {
                            path_to_uri(&p)?
                        };
                        let name = p.display().to_string();
                        let (found, findings) =
                            diagnostics(&report, &configured, &config, &file_uri, &name);
                        Some((p, found, findings))
                    })
                    .collect()
            };
        for (file_path, diagnostics, findings) in results {
            let published = diagnostics
                .iter()
                .filter_map(|d| match &d.code {
                    Some(NumberOrString::String(code)) => {
                        Some((d.range, hover_text(&registry, code)))
                    }
                    _ => None,
                })
                .collect();
            let open = self.documents.get_mut(&file_path).map(|doc| {
                doc.published = published;
                doc.findings = findings;
                (doc.uri.clone(), doc.version)
            });
            let (file_uri, file_version) = match open {
                Some((uri, version)) => (uri, Some(version)),
                None => match path_to_uri(&file_path) {
                    Some(uri) => (uri, None),
                    None => continue,
                },
            };
            let is_changed = file_path == path;
            out.push(publish(
                file_uri,
                diagnostics,
                if is_changed {
                    Some(version)
                } else {
                    file_version
                },
            ));
        }
        out
    }

    /// The configuration above `path` and the rules it asks for, with what
    /// is wrong with them.
    fn setup(&self, path: &Path) -> (Config, Registry, Vec<String>) {
        let mut problems = Vec::new();
        let config = match path.parent().and_then(config::find) {
            Some(file) => config::load_file(&file).unwrap_or_else(|err| {
                problems.push(err.one_line());
                Config::default()
            }),
            None => Config::default(),
        };
        let mut registry = self.registry.clone();
        for dir in &config.rules {
            if let Err(err) = registry.load_dir(dir) {
                problems.push(format!("cannot load rules from `{}`: {err}", dir.display()));
            }
        }
        (config, registry, problems)
    }

    /// The report of the unit the buffer at `path` belongs to, with the
    /// buffer's text as given and suppressions applied; the rules as
    /// selected; the files of the unit whose diagnostics it gives.
    fn report_of(
        &self,
        registry: &Registry,
        config: &Config,
        path: &Path,
        text: &str,
    ) -> (Report, Registry, Vec<PathBuf>) {
        let registry = configured(registry, config);
        let (mut report, paths) = if lint::is_terraform_file(path) {
            let files = self.module_texts(path, text);
            let paths = files.iter().map(|(p, _)| p.clone()).collect();
            (
                lint::lint_module_texts(files, &registry, &options(config)),
                paths,
            )
        } else {
            let files = self.export_texts(path, text);
            (
                lint::lint_texts(&files, &registry, &options(config)),
                vec![path.to_path_buf()],
            )
        };
        suppress::apply(&mut report, &registry, config, suppress::Options::default());
        (report, registry, paths)
    }

    /// The actions for the findings in the requested range, and the
    /// fix-all action of the document.
    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let path = uri_to_path(&params.text_document.uri);
        let Some(doc) = self.documents.get(&path) else {
            return Vec::new();
        };
        let only = params.context.only.as_deref();
        let uri_of = |p: &Path| {
            if p == path {
                Some(doc.uri.clone())
            } else {
                path_to_uri(p)
            }
        };
        let asked = params.range;
        let unused = doc
            .findings
            .iter()
            .filter(|p| p.finding.code == suppress::UNUSED)
            .count();
        // the buffer's configuration and rules, loaded once for all the
        // suppressions tried
        let setup = std::cell::OnceCell::new();
        let setup = || {
            setup.get_or_init(|| {
                let (config, registry, _) = self.setup(&path);
                (config, registry)
            })
        };
        let mut out = Vec::new();
        let quick_fixes = actions::wanted(only, &CodeActionKind::QUICKFIX);
        for published in &doc.findings {
            if !quick_fixes || !touches(&published.diagnostic.range, &asked) {
                continue;
            }
            out.extend(actions::quick_fix(published, &uri_of));
            let finding = &published.finding;
            if finding.code == suppress::UNUSED {
                continue;
            }
            let code = &finding.code;
            let suppressions = [
                (
                    suppress::line_suppression(finding),
                    format!("Suppress {code} on this line"),
                ),
                (
                    suppress::resource_suppression(finding),
                    format!(
                        "Suppress {code} for resource `{}`",
                        finding.resource.as_deref().unwrap_or_default()
                    ),
                ),
            ];
            for (edit, title) in suppressions {
                if let Some(edit) = edit
                    && self.hides(setup(), &path, &edit, finding, unused)
                {
                    out.extend(actions::suppression(title, published, &edit, &uri_of));
                }
            }
        }
        if actions::wanted(only, &actions::FIX_ALL) {
            out.extend(actions::fix_all(&doc.findings, &uri_of));
        }
        out.into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect()
    }

    /// Whether the buffer with a suppression added still lints, without
    /// the finding and without another unused suppression (the buffer had
    /// `unused`): an action that would break the file, or not hide the
    /// finding, is not offered.
    fn hides(
        &self,
        (config, registry): &(Config, Registry),
        path: &Path,
        edit: &crate::finding::Edit,
        finding: &Finding,
        unused: usize,
    ) -> bool {
        if edit.file.path() != path {
            return false;
        }
        let Ok(text) = crate::fix::endings::apply_matching(edit.file.text(), &[edit]) else {
            return false;
        };
        let (report, _, _) = self.report_of(registry, config, path, &text);
        let name = path.display().to_string();
        !report.errors.iter().any(|e| e.file == name)
            && !report
                .findings
                .iter()
                .any(|f| f.code == finding.code && f.fingerprint == finding.fingerprint)
            && report
                .findings
                .iter()
                .filter(|f| f.code == suppress::UNUSED && f.primary.file.name() == name)
                .count()
                <= unused
    }

    /// The buffer, and when it is an AWS CLI export the other exports of
    /// its directory, as `check` reads them together: open buffers as they
    /// are in the editor, the others from disk.
    fn export_texts(&self, path: &Path, text: &str) -> Vec<(String, String)> {
        let name = path.display().to_string();
        let limits = crate::document::Limits::default();
        let buffer = crate::source::SourceFile::new(path, text);
        let mut files = vec![(name, text.to_string())];
        if !lint::is_export_file(&buffer, &limits) {
            return files;
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut siblings: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| {
                        p != path
                            && p.extension()
                                .is_some_and(|x| x.eq_ignore_ascii_case("json"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        siblings.sort();
        for sibling in siblings {
            let file = match self.documents.get(&sibling) {
                Some(open) => crate::source::SourceFile::new(&sibling, open.text.as_str()),
                None => match lint::read_file(&sibling, &limits) {
                    Ok(file) => file,
                    Err(_) => continue,
                },
            };
            if lint::is_export_file(&file, &limits) {
                files.push((sibling.display().to_string(), file.text().to_string()));
            }
        }
        files
    }

    /// The files of the Terraform module `path` belongs to: open buffers as
    /// they are in the editor, the others as they are on disk.
    fn module_texts(&self, path: &Path, text: &str) -> Vec<(PathBuf, String)> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && lint::is_terraform_file(p))
                    .collect()
            })
            .unwrap_or_default();
        if !files.iter().any(|p| p == path) {
            files.push(path.to_path_buf());
        }
        files.sort();
        files
            .into_iter()
            .filter_map(|p| {
                let buffer = self.documents.get(&p).map(|d| d.text.clone());
                let contents = if p == path {
                    text.to_string()
                } else {
                    // a sibling that is not a regular file within the size
                    // limit is left out, as `check` would refuse it
                    match buffer {
                        Some(b) => b,
                        None => read::read_text(&p, MAX_FILE_BYTES).ok()?,
                    }
                };
                Some((p, contents))
            })
            .collect()
    }

    fn hover(&self, params: &HoverParams) -> Option<Hover> {
        let at = &params.text_document_position_params;
        let doc = self.documents.get(&uri_to_path(&at.text_document.uri))?;
        let pos = at.position;
        let (range, text) = doc
            .published
            .iter()
            .find(|(r, _)| touches(r, &Range::new(pos, pos)))?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text.clone(),
            }),
            range: Some(*range),
        })
    }
}

/// Whether two ranges share a position (their ends included).
fn touches(a: &Range, b: &Range) -> bool {
    (a.start.line, a.start.character) <= (b.end.line, b.end.character)
        && (b.start.line, b.start.character) <= (a.end.line, a.end.character)
}

/// What hovering a diagnostic shows: the rule's one-line summary and a
/// link to its documentation (the whole of it, with every example, is
/// `edgelint explain`'s).
fn hover_text(registry: &Registry, code: &str) -> String {
    match registry.find(code) {
        Some(rule) => format!(
            "**{}** `{}` ({})\n\n{}\n\n[Rule documentation]({}) · `edgelint explain {}`",
            rule.code,
            rule.name,
            rule.severity_text(),
            rule.summary(),
            rule.help_uri(),
            rule.code
        ),
        None if code == suppress::UNUSED => {
            "**unused-suppression**\n\nThis suppression hides no finding. Remove it, or the rules it no longer needs.".to_string()
        }
        None => format!("**{code}**"),
    }
}

fn publish(uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) -> Notification {
    Notification::new(
        PublishDiagnostics::METHOD.to_string(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    )
}

fn configured(registry: &Registry, config: &Config) -> Registry {
    let mut registry = registry.clone();
    registry.select(&config.select, &config.ignore);
    registry
}

fn options(config: &Config) -> LintOptions {
    let mut options = LintOptions::default();
    options.frontend.params = config.parameters.clone();
    options.frontend.region = config.region.clone();
    options.settings = config.settings.clone();
    options.frontend.var_files = config.var_files.clone();
    options
}

/// A file's diagnostics from a report: its findings and its errors; and
/// its findings with the diagnostic published for each.
fn diagnostics(
    report: &Report,
    registry: &Registry,
    config: &Config,
    uri: &Uri,
    name: &str,
) -> (Vec<Diagnostic>, Vec<actions::Published>) {
    let findings: Vec<actions::Published> = report
        .findings
        .iter()
        .filter(|f| f.primary.file.name() == name)
        .map(|f| actions::Published {
            diagnostic: finding_diagnostic(f, config, registry, uri, name),
            finding: f.clone(),
        })
        .collect();
    let mut diagnostics: Vec<Diagnostic> = findings.iter().map(|p| p.diagnostic.clone()).collect();
    diagnostics.extend(
        report
            .errors
            .iter()
            // a buffer that is not a deployment is none of our business
            .filter(|e| e.code != "not-recognized" && e.file == name)
            .map(error_diagnostic),
    );
    (diagnostics, findings)
}

/// The diagnostics of one buffer: its findings after suppressions and
/// severity overrides, and its parse errors.
pub fn lint_buffer(
    registry: &Registry,
    config: &Config,
    path: &Path,
    uri: &Uri,
    text: &str,
) -> Vec<Diagnostic> {
    let registry = configured(registry, config);
    let name = path.display().to_string();
    let files = [(name.clone(), text.to_string())];
    let mut report: Report = lint::lint_texts(&files, &registry, &options(config));
    suppress::apply(&mut report, &registry, config, suppress::Options::default());
    diagnostics(&report, &registry, config, uri, &name).0
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

fn range(label: &Label) -> Range {
    position::range(label.file.text(), label.span)
}

fn finding_diagnostic(
    f: &Finding,
    config: &Config,
    registry: &Registry,
    uri: &Uri,
    name: &str,
) -> Diagnostic {
    let level = config
        .severity
        .iter()
        .rev()
        .find(|(k, _)| k.eq_ignore_ascii_case(&f.code) || k.eq_ignore_ascii_case(&f.name))
        .map_or(f.severity, |(_, s)| *s);
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .filter_map(|label| {
            let file_uri = if label.file.name() == name {
                uri.clone()
            } else {
                path_to_uri(label.file.path())?
            };
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri: file_uri,
                    range: range(label),
                },
                message: if label.message.is_empty() {
                    "related".to_string()
                } else {
                    label.message.clone()
                },
            })
        })
        .collect();
    let href = registry
        .find(&f.code)
        .and_then(|r| Uri::from_str(&r.help_uri()).ok());
    let mut message = f.message.clone();
    if let Some(help) = &f.help {
        message = format!("{message}\nhelp: {help}");
    }
    Diagnostic {
        range: range(&f.primary),
        severity: Some(severity(level)),
        code: Some(NumberOrString::String(f.code.clone())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("edgelint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

fn error_diagnostic(e: &FileError) -> Diagnostic {
    let range = e.location.as_ref().map(range).unwrap_or_default();
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(e.code.clone())),
        code_description: None,
        source: Some("edgelint".into()),
        message: e.message.clone(),
        related_information: None,
        tags: None,
        data: None,
    }
}

/// The file path of a `file:` URI; other schemes give their path as is,
/// which is enough to pick a parser by extension.
pub fn uri_to_path(uri: &Uri) -> PathBuf {
    match url::Url::parse(uri.as_str()) {
        Ok(url) if url.scheme() == "file" => url
            .to_file_path()
            .unwrap_or_else(|()| PathBuf::from(url.path())),
        Ok(url) => PathBuf::from(url.path()),
        Err(_) => PathBuf::from(uri.as_str()),
    }
}

fn path_to_uri(path: &Path) -> Option<Uri> {
    let absolute = std::path::absolute(path).ok()?;
    let url = url::Url::from_file_path(absolute).ok()?;
    Uri::from_str(url.as_str()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_paths() {
        let uri = Uri::from_str("file:///tmp/my%20stack/site.yaml").unwrap();
        assert_eq!(uri_to_path(&uri), PathBuf::from("/tmp/my stack/site.yaml"));
        let back = path_to_uri(Path::new("/tmp/my stack/site.yaml")).unwrap();
        assert_eq!(back.as_str(), "file:///tmp/my%20stack/site.yaml");
        // `@` spelled as is or escaped is one file
        for spelled in ["file:///tmp/a@b/site.yaml", "file:///tmp/a%40b/site.yaml"] {
            let uri = Uri::from_str(spelled).unwrap();
            assert_eq!(uri_to_path(&uri), PathBuf::from("/tmp/a@b/site.yaml"));
        }
        let uri = Uri::from_str("file://localhost/tmp/x.yaml").unwrap();
        assert_eq!(uri_to_path(&uri), PathBuf::from("/tmp/x.yaml"));
        let back = path_to_uri(Path::new("/tmp/a@b/100%.yaml")).unwrap();
        assert_eq!(uri_to_path(&back), PathBuf::from("/tmp/a@b/100%.yaml"));
    }

    #[test]
    fn buffer_diagnostics_with_suppressions_and_bad_input() {
        let registry = Registry::builtin().unwrap();
        let uri = Uri::from_str("file:///tmp/x/site.yaml").unwrap();
        let path = uri_to_path(&uri);
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cli/website-https.yaml"),
        )
        .unwrap();
        let found = lint_buffer(&registry, &Config::default(), &path, &uri, &text);
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(d.code, Some(NumberOrString::String("CF104".into())));
        assert_eq!((d.range.start.line, d.range.start.character), (14, 36));
        assert!(d.code_description.is_some());

        let hidden = text.replace(
            "OriginProtocolPolicy: https-only",
            "OriginProtocolPolicy: https-only # edgelint: ignore[CF104]",
        );
        assert!(lint_buffer(&registry, &Config::default(), &path, &uri, &hidden).is_empty());

        let broken = lint_buffer(&registry, &Config::default(), &path, &uri, "Resources: [\n");
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].severity, Some(DiagnosticSeverity::ERROR));

        let other = lint_buffer(&registry, &Config::default(), &path, &uri, "on: push\n");
        assert!(other.is_empty());
    }
}
