//! Where the user's code created each construct of a CDK app. CDK records
//! a construct's creation stack trace in the assembly's metadata (an
//! `aws:cdk:creationStack` entry, or the `trace` of its `aws:cdk:logicalId`
//! entry in older assemblies), keyed by construct path; the first frame
//! outside `node_modules` is the line that made it, which a finding shows
//! as a related location.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::{Limits, Node};
use crate::finding::Label;
use crate::source::{SourceFile, Span};

use super::read::read_file;

/// A line of the user's source, as a stack frame names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Frame {
    pub(super) path: PathBuf,
    /// 1-based, as V8 prints them.
    pub(super) line: usize,
    pub(super) column: usize,
    /// The function the frame is in (`new SiteStack`), when it has one.
    pub(super) function: Option<String>,
}

/// The creating frame of each construct in an artifact's metadata (the
/// map of construct paths to entries), by construct path without its
/// leading `/`, as `aws:cdk:path` writes it.
pub(super) fn creation_frames(metadata: &Node) -> HashMap<String, Frame> {
    let mut frames = HashMap::new();
    for construct in metadata.entries() {
        let entries = construct.value.items();
        let of_type = |ty: &str| {
            entries
                .iter()
                .find(|e| e.get("type").and_then(Node::as_str) == Some(ty))
        };
        let trace = of_type("aws:cdk:creationStack")
            .and_then(|e| e.get("data"))
            .or_else(|| of_type("aws:cdk:logicalId").and_then(|e| e.get("trace")));
        let frame = trace
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(Node::as_str)
            .find_map(user_frame);
        if let Some(frame) = frame {
            let path = construct.key.trim_start_matches('/').to_string();
            frames.insert(path, frame);
        }
    }
    frames
}

/// A frame of the user's own code: `name (path:line:col)` or
/// `path:line:col`, with a path outside `node_modules` and Node's
/// internals. CDK's summaries of library frames (`...aws-cdk-lib...`)
/// and notes are not frames.
fn user_frame(text: &str) -> Option<Frame> {
    let text = text.trim().trim_start_matches("at ");
    let (function, place) = match text.strip_suffix(')').and_then(|t| t.rsplit_once(" (")) {
        Some((function, place)) => (Some(function.trim().to_string()), place),
        None => (None, text),
    };
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let path = parts.next()?;
    let path = path.strip_prefix("file://").unwrap_or(path);
    let library = path.contains("/node_modules/") || path.contains("\\node_modules\\");
    if library || path.starts_with("node:") || !Path::new(path).is_absolute() {
        return None;
    }
    let function = function.filter(|f| f != "<anonymous>" && !f.is_empty());
    Some(Frame {
        path: PathBuf::from(path),
        line,
        column,
        function,
    })
}

/// The user's source files a unit's findings point into, each read once
/// (within the size limit, regular files only); a file that is gone — an
/// assembly synthesized on another machine — gives no location.
#[derive(Default)]
pub(super) struct Sources {
    read: HashMap<PathBuf, Option<Arc<SourceFile>>>,
}

impl Sources {
    /// The related location of the line that created a construct.
    pub(super) fn label(
        &mut self,
        frame: &Frame,
        construct: &str,
        limits: &Limits,
    ) -> Option<Label> {
        let file = self
            .read
            .entry(frame.path.clone())
            // read under the name the report shows
            .or_insert_with(|| read_file(&shown(&frame.path), limits).ok().map(Arc::new))
            .clone()?;
        let span = line_from(&file, frame.line, frame.column)?;
        let by = frame
            .function
            .as_ref()
            .map_or_else(String::new, |f| format!(" (in `{f}`)"));
        Some(Label {
            file,
            span,
            message: format!("the construct `{construct}` is created here{by}"),
        })
    }
}

/// A path as the report shows it: relative to the working directory when
/// it is inside it, as the other files of the report are.
fn shown(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// The rest of a 1-based line from a 1-based character column, without
/// trailing blanks; `None` past the end of the file or of the line.
fn line_from(file: &SourceFile, line: usize, column: usize) -> Option<Span> {
    let line_start = file.line_offset(line)?;
    let text = file.line_text(line);
    let start_in_line = text
        .char_indices()
        .nth(column.checked_sub(1)?)
        .map(|(i, _)| i)?;
    let end = line_start + text.trim_end().len();
    let start = line_start + start_in_line;
    (start < end).then(|| Span::new(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_of_user_code_and_not_of_libraries() {
        assert_eq!(
            user_frame("new SiteStack (/app/lib/site-stack.ts:58:26)"),
            Some(Frame {
                path: "/app/lib/site-stack.ts".into(),
                line: 58,
                column: 26,
                function: Some("new SiteStack".into()),
            })
        );
        let anonymous = user_frame("<anonymous> (/app/bin/app.ts:17:1)").unwrap();
        assert_eq!((anonymous.line, anonymous.function), (17, None));
        assert_eq!(
            user_frame("at /app/bin/app.ts:3:9").map(|f| (f.path, f.line, f.column)),
            Some(("/app/bin/app.ts".into(), 3, 9))
        );
        for not_user in [
            "...new Distribution2 in aws-cdk-lib...",
            "new Distribution (/app/node_modules/aws-cdk-lib/aws-cloudfront/lib/distribution.js:1:2)",
            "Module._compile (node:internal/modules/cjs/loader:1554:14)",
            "(no user code in 10 frames, use --stack-trace-limit to capture more)",
            "relative (lib/x.ts:1:1)",
            "new X (/app/x.ts:notanumber:1)",
        ] {
            assert_eq!(user_frame(not_user), None, "{not_user}");
        }
    }

    #[test]
    fn the_first_user_frame_of_each_construct() {
        let metadata = crate::document::json::parse(
            r#"{
              "/Site/Distribution/Resource": [
                {"type": "aws:cdk:logicalId", "data": "Distribution830FAC52"},
                {"type": "aws:cdk:creationStack", "data": [
                  "...new Distribution2 in aws-cdk-lib...",
                  "new SiteStack (/app/lib/site-stack.ts:58:26)",
                  "<anonymous> (/app/bin/app.ts:17:1)"]}],
              "/Site/Old/Resource": [
                {"type": "aws:cdk:logicalId", "data": "Old", "trace": [
                  "new CfnResource (/app/node_modules/aws-cdk-lib/core/lib/cfn-resource.js:1:1)",
                  "new SiteStack (/app/lib/site-stack.ts:70:5)"]}],
              "/Site/CDKMetadata/Default": [
                {"type": "aws:cdk:creationStack", "data": ["...aws-cdk-lib..."]}]
            }"#,
            &Limits::default(),
        )
        .unwrap();
        let frames = creation_frames(&metadata);
        assert_eq!(frames.len(), 2, "{frames:?}");
        assert_eq!(frames["Site/Distribution/Resource"].line, 58);
        assert_eq!(frames["Site/Old/Resource"].line, 70);
    }

    #[test]
    fn a_line_from_its_column() {
        let file = SourceFile::new(
            "a.ts",
            "one\n  const d = new Distribution(this, 'D', {  \r\nend",
        );
        let span = line_from(&file, 2, 13).unwrap();
        assert_eq!(file.slice(span), "new Distribution(this, 'D', {");
        assert_eq!(line_from(&file, 9, 1), None);
        assert_eq!(line_from(&file, 2, 200), None);
        assert_eq!(line_from(&file, 2, 0), None);
    }
}
