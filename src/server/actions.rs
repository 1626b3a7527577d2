//! Code actions: a finding's fix as a quick fix, every safe fix of a
//! document as `source.fixAll.edgelint`, and suppressions of a finding on
//! its line or for its CloudFormation resource.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{CodeAction, CodeActionKind, Diagnostic, TextEdit, Uri, WorkspaceEdit};

use super::position;
use crate::finding::{Applicability, Edit, Finding};
use crate::fix::endings::matching;

/// The kind of the action that applies every safe fix of a document.
pub const FIX_ALL: CodeActionKind = CodeActionKind::new("source.fixAll.edgelint");

/// The kinds of action the server offers (for `initialize`).
pub fn kinds() -> Vec<CodeActionKind> {
    vec![CodeActionKind::QUICKFIX, FIX_ALL]
}

/// Whether a client that asked only for `only` wants actions of `kind`:
/// kinds are hierarchical, so `source` asks for `source.fixAll.edgelint`.
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|k| {
            kind.as_str() == k.as_str()
                || kind
                    .as_str()
                    .strip_prefix(k.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

/// A finding as published, with the diagnostic the client was sent.
#[derive(Clone, Debug)]
pub struct Published {
    pub diagnostic: Diagnostic,
    pub finding: Finding,
}

/// Edits as the client applies them: ranges in its position encoding,
/// line endings those of each file.
// `WorkspaceEdit::changes` is keyed by `Uri`, whose parsed form clippy
// takes for interior mutability; keys are only inserted, never changed.
#[allow(clippy::mutable_key_type)]
pub fn workspace_edit(
    edits: &[&Edit],
    uri_of: &dyn Fn(&Path) -> Option<Uri>,
) -> Option<WorkspaceEdit> {
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for edit in edits {
        let text = edit.file.text();
        changes
            .entry(uri_of(edit.file.path())?)
            .or_default()
            .push(TextEdit {
                range: position::range(text, edit.span),
                new_text: matching(text, &edit.replacement).into_owned(),
            });
    }
    Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    })
}

/// The finding's fix as a quick fix; an unsafe one says so in its title
/// and is never the preferred action.
pub fn quick_fix(
    published: &Published,
    uri_of: &dyn Fn(&Path) -> Option<Uri>,
) -> Option<CodeAction> {
    let fix = published.finding.fix.as_ref()?;
    let safe = fix.applicability == Applicability::Safe;
    let title = if safe {
        format!("Fix {}: {}", published.finding.code, fix.title)
    } else {
        format!("Fix {} (unsafe): {}", published.finding.code, fix.title)
    };
    let edits: Vec<&Edit> = fix.edits.iter().collect();
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![published.diagnostic.clone()]),
        edit: Some(workspace_edit(&edits, uri_of)?),
        is_preferred: Some(safe),
        ..CodeAction::default()
    })
}

/// Every safe fix of the document whose edits do not touch another's, as
/// one action; the rest come in the next round, once the client has
/// applied these and the server has linted the result.
pub fn fix_all(
    published: &[Published],
    uri_of: &dyn Fn(&Path) -> Option<Uri>,
) -> Option<CodeAction> {
    let mut edits: Vec<&Edit> = Vec::new();
    let mut diagnostics = Vec::new();
    for p in published {
        let Some(fix) = &p.finding.fix else { continue };
        if fix.applicability != Applicability::Safe {
            continue;
        }
        let overlaps = fix.edits.iter().any(|a| {
            edits.iter().any(|b| {
                a.file.path() == b.file.path()
                    && a.span.start <= b.span.end
                    && b.span.start <= a.span.end
            })
        });
        if overlaps {
            continue;
        }
        edits.extend(fix.edits.iter());
        diagnostics.push(p.diagnostic.clone());
    }
    if edits.is_empty() {
        return None;
    }
    Some(CodeAction {
        title: "Fix all safely fixable edgelint findings".into(),
        kind: Some(FIX_ALL),
        diagnostics: Some(diagnostics),
        edit: Some(workspace_edit(&edits, uri_of)?),
        ..CodeAction::default()
    })
}

/// A suppression as an action.
pub fn suppression(
    title: String,
    published: &Published,
    edit: &Edit,
    uri_of: &dyn Fn(&Path) -> Option<Uri>,
) -> Option<CodeAction> {
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![published.diagnostic.clone()]),
        edit: Some(workspace_edit(&[edit], uri_of)?),
        is_preferred: Some(false),
        ..CodeAction::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_hierarchical() {
        let source = [CodeActionKind::SOURCE];
        assert!(wanted(Some(&source), &FIX_ALL));
        assert!(!wanted(Some(&source), &CodeActionKind::QUICKFIX));
        assert!(wanted(None, &CodeActionKind::QUICKFIX));
        let fix_all = [CodeActionKind::SOURCE_FIX_ALL];
        assert!(wanted(Some(&fix_all), &FIX_ALL));
        let other = [CodeActionKind::new("source.fixAllX")];
        assert!(!wanted(Some(&other), &FIX_ALL));
    }
}
