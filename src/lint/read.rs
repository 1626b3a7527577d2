//! Reading one file: bytes → text → a document, with every failure a
//! located diagnostic.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::document::{self, DocError, DocErrorKind, Limits, Loaded, Node};
use crate::finding::{FileError, Label};
use crate::frontend::FrontendError;
use crate::source::read::{ReadError, decode};
use crate::source::{self, SourceFile, SourceMap, Span};

pub(super) fn file_error(code: &str, message: impl Into<String>, path: &Path) -> FileError {
    FileError {
        code: code.into(),
        message: message.into(),
        file: source::path_name(path),
        location: None,
        related: Vec::new(),
    }
}

/// Reads a file as UTF-8 text within the size limit.
pub fn read_file(path: &Path, limits: &Limits) -> Result<SourceFile, Box<FileError>> {
    let refused = |err: ReadError| Box::new(file_error(err.code(), err.detail(), path));
    let read = match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() > limits.max_file_bytes => {
            return Err(Box::new(file_error(
                "limit-exceeded",
                format!(
                    "file is {} bytes, over the {} byte limit",
                    meta.len(),
                    limits.max_file_bytes
                ),
                path,
            )));
        }
        // checked here already: a regular file within the limit
        Ok(meta) if meta.is_file() => source::read::read_checked(path, limits.max_file_bytes),
        _ => source::read::read_bytes(path, limits.max_file_bytes),
    };
    match read {
        Ok(bytes) => text_of(path, bytes),
        Err(err) => Err(refused(err)),
    }
}

/// Reads text from any reader (a file, stdin) within the size limit, as
/// UTF-8 without NUL bytes.
pub fn read_from(
    path: &Path,
    reader: impl Read,
    limits: &Limits,
) -> Result<SourceFile, Box<FileError>> {
    match source::read::read_capped(path, reader, limits.max_file_bytes) {
        Ok(bytes) => text_of(path, bytes),
        Err(ReadError::TooLarge { limit, .. }) => Err(Box::new(file_error(
            "limit-exceeded",
            format!("input is over the {limit} byte limit"),
            path,
        ))),
        Err(err) => Err(Box::new(file_error(err.code(), err.detail(), path))),
    }
}

fn text_of(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, Box<FileError>> {
    let text = decode(bytes).map_err(|refused| {
        let (file, span) = refused.shown(path);
        let mut err = file_error("not-text", refused.message.clone(), path);
        err.location = Some(Label {
            file,
            span,
            message: refused.message,
        });
        Box::new(err)
    })?;
    Ok(SourceFile::new(path, text))
}

/// The document's tree; a repeated key keeps its last value (see
/// [`load_document`] for the repeats themselves).
pub fn parse_document(file: &SourceFile, limits: &Limits) -> Result<Node, DocError> {
    load_document(file, limits).map(|loaded| loaded.root)
}

/// The document and its repeated keys, which are reported while the file is
/// still linted: CloudFormation deploys such a template with the last value.
pub(super) fn load_document(file: &SourceFile, limits: &Limits) -> Result<Loaded, DocError> {
    if document::is_json(file.path(), file.text()) {
        document::json::load(file.text(), limits)
    } else {
        document::yaml::load(file.text(), limits)
    }
}

/// The diagnostics for a document's repeated keys.
pub(super) fn duplicate_errors(loaded: &mut Loaded, file: &Arc<SourceFile>) -> Vec<FileError> {
    std::mem::take(&mut loaded.duplicates)
        .into_iter()
        .map(|e| doc_error(e, file))
        .collect()
}

pub(super) fn doc_error(mut err: DocError, file: &Arc<SourceFile>) -> FileError {
    // An error found at end of input ("expected ']'") is shown on the last
    // character written, not on a line past the end.
    let content_end = file.text().trim_end().len();
    if content_end > 0 && err.span.start as usize >= content_end {
        let last = file
            .text()
            .get(..content_end)
            .and_then(|t| t.char_indices().last())
            .map_or(0, |(i, _)| i);
        err.span = Span::new(last, content_end);
    }
    FileError {
        code: err.code().into(),
        message: err.message.clone(),
        file: file.name(),
        location: Some(Label {
            file: file.clone(),
            span: err.span,
            message: err.message.clone(),
        }),
        related: err
            .related
            .iter()
            .map(|(span, text)| Label {
                file: file.clone(),
                span: *span,
                message: text.clone(),
            })
            .collect(),
    }
}

pub(super) const NOT_RECOGNIZED: &str =
    "not a CloudFormation template, Terraform file or CloudFront export";

/// What a file that does not parse amounts to: a located error when its
/// text shows the keys of a deployment; otherwise it is not edgelint's
/// business, which is an error only for a file the user named (`None`: skip
/// it, as a directory walk does). A crossed limit is reported whatever the
/// file is: it says the text is hostile, not that it is another tool's.
pub(super) fn unparsed(err: DocError, file: &Arc<SourceFile>, named: bool) -> Option<FileError> {
    let judged = matches!(
        err.kind,
        DocErrorKind::Syntax | DocErrorKind::DuplicateKey | DocErrorKind::Alias
    );
    if !judged || super::detect::looks_like_deployment(file.text()) {
        Some(doc_error(err, file))
    } else if named {
        // where it does not parse, which is what a user who meant it as a
        // template will want to see
        let located = doc_error(err, file);
        let mut error = not_recognized(file);
        error.message = format!(
            "{} (and it does not parse: {})",
            error.message, located.message
        );
        error.location = located.location;
        Some(error)
    } else {
        None
    }
}

/// The error for a named file that no front-end recognises.
pub(super) fn not_recognized(file: &SourceFile) -> FileError {
    let message = if file.text().trim().is_empty() {
        format!("the file is empty: {NOT_RECOGNIZED}")
    } else {
        NOT_RECOGNIZED.to_string()
    };
    file_error("not-recognized", message, file.path())
}

pub(super) fn frontend_error(err: FrontendError, unit: &str, sources: &SourceMap) -> FileError {
    let location = err.loc.and_then(|loc| {
        sources.get(loc.file).map(|f| Label {
            file: f.clone(),
            span: loc.span,
            message: err.message.clone(),
        })
    });
    let file = err
        .loc
        .and_then(|loc| sources.get(loc.file))
        .map_or_else(|| unit.to_string(), |f| f.name());
    FileError {
        code: err.code.into(),
        message: err.message,
        file,
        location,
        related: Vec::new(),
    }
}
