//! Proving a fix: applied to the files it was found in, it removes its
//! finding, adds none, leaves every file readable and changes nothing
//! outside its edits.

use super::{LintOptions, Report, lint_texts};

use crate::finding::{Edit, Finding};
use crate::fix::apply_fix;
use crate::rule::Registry;

/// The files after `finding`'s fix, when the fix holds; what went wrong
/// otherwise. `texts` are the files `before` is the report of.
pub fn prove_fix(
    texts: &[(String, String)],
    before: &Report,
    finding: &Finding,
    registry: &Registry,
    options: &LintOptions,
) -> Result<Vec<(String, String)>, String> {
    let fix = finding
        .fix
        .as_ref()
        .ok_or_else(|| format!("{} has no fix", finding.code))?;
    let changed = apply_fix(fix).map_err(|e| format!("{}: {e}", fix.title))?;
    let mut after_texts = texts.to_vec();
    for (file, text) in &changed {
        let edits: Vec<&Edit> = fix
            .edits
            .iter()
            .filter(|e| std::sync::Arc::ptr_eq(&e.file, file))
            .collect();
        untouched_outside(file.text(), text, &edits)?;
        let name = file.name();
        let slot = after_texts
            .iter_mut()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| format!("the fix edits `{name}`, which is not linted"))?;
        slot.1.clone_from(text);
    }
    let after = lint_texts(&after_texts, registry, options);
    if let Some(error) = after.errors.iter().find(|e| {
        !before
            .errors
            .iter()
            .any(|b| b.code == e.code && b.file == e.file)
    }) {
        return Err(format!(
            "after `{}`, {} fails to read: [{}] {}",
            fix.title, error.file, error.code, error.message
        ));
    }
    let count = |report: &Report, code: &str, fingerprint: &str| {
        report
            .findings
            .iter()
            .filter(|f| f.code == code && f.fingerprint == fingerprint)
            .count()
    };
    if count(&after, &finding.code, &finding.fingerprint)
        >= count(before, &finding.code, &finding.fingerprint)
    {
        return Err(format!(
            "after `{}`, the finding remains: {}",
            fix.title, finding.message
        ));
    }
    if let Some(new) = after
        .findings
        .iter()
        .find(|f| count(before, &f.code, &f.fingerprint) == 0)
    {
        return Err(format!(
            "after `{}`, a new finding appears: {} {} at {}",
            fix.title,
            new.code,
            new.message,
            new.primary.place()
        ));
    }
    Ok(after_texts)
}

/// The text before the first edit, between edits and after the last is
/// what it was.
fn untouched_outside(before: &str, after: &str, edits: &[&Edit]) -> Result<(), String> {
    let mut spans: Vec<(usize, usize, usize)> = edits
        .iter()
        .map(|e| {
            (
                e.span.start as usize,
                e.span.end as usize,
                e.replacement.len(),
            )
        })
        .collect();
    spans.sort_unstable();
    let mut from = 0;
    let mut shift: isize = 0;
    for (start, end, inserted) in spans
        .iter()
        .copied()
        .chain([(before.len(), before.len(), 0)])
    {
        let kept = before.get(from..start);
        let at = (from as isize + shift) as usize;
        let now = after.get(at..at + (start - from));
        if kept.is_none() || kept != now {
            return Err(format!(
                "the text at bytes {from}..{start} changed outside the fix's edits"
            ));
        }
        shift += inserted as isize - (end - start) as isize;
        from = end;
    }
    if (before.len() as isize + shift) as usize != after.len() {
        return Err("the fixed text is not the text with its edits".into());
    }
    Ok(())
}
