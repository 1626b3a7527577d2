//! Line endings: a fix's replacement is written with `\n`, and a file
//! that ends its lines with `\r\n` keeps doing so.

use std::borrow::Cow;
use std::sync::Arc;

use super::apply::{EditConflict, apply_edits};
use super::lines::uses_crlf;
use crate::finding::{Edit, Fix};
use crate::source::SourceFile;

/// The replacement with its line endings in the text's style.
pub fn matching<'a>(text: &str, replacement: &'a str) -> Cow<'a, str> {
    if uses_crlf(text) && replacement.contains('\n') {
        Cow::Owned(replacement.replace("\r\n", "\n").replace('\n', "\r\n"))
    } else {
        Cow::Borrowed(replacement)
    }
}

/// [`apply_edits`], with each replacement's line endings made the text's.
pub fn apply_matching(text: &str, edits: &[&Edit]) -> Result<String, EditConflict> {
    if !uses_crlf(text) {
        return apply_edits(text, edits);
    }
    let owned: Vec<Edit> = edits
        .iter()
        .map(|e| Edit {
            replacement: matching(text, &e.replacement).into_owned(),
            ..(*e).clone()
        })
        .collect();
    let refs: Vec<&Edit> = owned.iter().collect();
    apply_edits(text, &refs)
}

/// Each file a fix edits, with its text after the fix (in the file's line
/// endings, as `--fix` writes it), in the order the files first appear
/// among the edits.
pub fn apply_fix(fix: &Fix) -> Result<Vec<(Arc<SourceFile>, String)>, EditConflict> {
    let mut files: Vec<&Arc<SourceFile>> = Vec::new();
    for edit in &fix.edits {
        if !files.iter().any(|f| Arc::ptr_eq(f, &edit.file)) {
            files.push(&edit.file);
        }
    }
    files
        .into_iter()
        .map(|file| {
            let edits: Vec<&Edit> = fix
                .edits
                .iter()
                .filter(|e| Arc::ptr_eq(&e.file, file))
                .collect();
            apply_matching(file.text(), &edits).map(|text| (file.clone(), text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};
    use std::sync::Arc;

    #[test]
    fn crlf_files_get_crlf_replacements() {
        let text = "a: 1\r\nb: 2\r\n";
        let edit = Edit {
            file: Arc::new(SourceFile::new("t.yaml", text)),
            span: Span::new(6, 6),
            replacement: "x:\n  y: 3\n".into(),
        };
        assert_eq!(
            apply_matching(text, &[&edit]).unwrap(),
            "a: 1\r\nx:\r\n  y: 3\r\nb: 2\r\n"
        );
        let lf = "a: 1\nb: 2\n";
        assert_eq!(
            apply_matching(lf, &[&edit]).unwrap(),
            "a: 1\nbx:\n  y: 3\n: 2\n"
        );
        assert!(!uses_crlf("one line"));
    }
}
