//! A resolved fix ([`PlannedFix`]) into byte-range edits of its files.

use std::sync::Arc;

use super::syntax::Syntax;
use crate::dsl::eval::{PlannedChange, PlannedFix};
use crate::finding::{Applicability, Edit, Fix};
use crate::frontend::Format;
use crate::source::{SourceFile, SourceMap};

/// The syntax of a file of a unit in `format`, as the file was parsed;
/// `None` for a file a fix must not edit (a Terraform plan is output, not
/// source, and variable files hold values defined away from their use).
pub fn syntax_of(file: &SourceFile, format: Format) -> Option<Syntax> {
    if format == Format::Terraform {
        let name = file.path().file_name()?.to_str()?;
        let json = crate::frontend::terraform::configuration_json(name)?;
        return Some(if json { Syntax::Json } else { Syntax::Hcl });
    }
    if crate::document::is_json(file.path(), file.text()) {
        Some(Syntax::Json)
    } else {
        Some(Syntax::Yaml)
    }
}

/// Whether a Terraform file belongs to the module the unit was read from
/// (its first file's directory). A value written in a called module is
/// shared by every call of it, and a downloaded one is not the user's to
/// edit, so neither is fixed there.
fn in_root_module(file: &SourceFile, sources: &SourceMap) -> bool {
    let Some(root) = sources.get(crate::source::FileId(0)) else {
        return false;
    };
    file.path().parent() == root.path().parent()
}

/// The edits of a planned fix, or `None` when one of its changes cannot be
/// written (the fix is then not offered rather than offered in part).
pub fn fix_of(plan: &PlannedFix, format: Format, sources: &SourceMap) -> Option<Fix> {
    let mut edits: Vec<Edit> = Vec::new();
    for change in &plan.changes {
        let loc = match change {
            PlannedChange::Replace { value, .. } => value.loc,
            PlannedChange::Insert { object, .. } => *object,
            PlannedChange::Remove { loc } => *loc,
        };
        let file: &Arc<SourceFile> = sources.get(loc.file)?;
        if format == Format::Terraform && !in_root_module(file, sources) {
            return None;
        }
        let syntax = syntax_of(file, format)?;
        let text = file.text();
        let (span, replacement) = match change {
            PlannedChange::Replace { to, .. } => syntax.replace(text, loc.span, to)?,
            PlannedChange::Insert { key, to, .. } => syntax.insert(text, loc.span, key, to)?,
            PlannedChange::Remove { .. } => syntax.remove(text, loc.span)?,
        };
        let edit = Edit {
            file: file.clone(),
            span,
            replacement,
        };
        // the same change reached twice (two paths to one value)
        if edits.iter().any(|e| {
            Arc::ptr_eq(&e.file, &edit.file)
                && e.span == edit.span
                && e.replacement == edit.replacement
        }) {
            continue;
        }
        let overlaps = edits.iter().any(|e| {
            Arc::ptr_eq(&e.file, &edit.file)
                && (e.span.start < edit.span.end && edit.span.start < e.span.end
                    || e.span == edit.span)
        });
        if overlaps {
            return None;
        }
        edits.push(edit);
    }
    Some(Fix {
        title: plan.title.clone(),
        applicability: if plan.safe {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        },
        edits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_edited_in_the_syntax_they_were_read_in() {
        let syntax =
            |name: &str, text: &str, format| syntax_of(&SourceFile::new(name, text), format);
        let tf = Format::Terraform;
        assert_eq!(syntax("main.tf", "", tf), Some(Syntax::Hcl));
        assert_eq!(syntax("modules/cdn/main.tofu", "", tf), Some(Syntax::Hcl));
        assert_eq!(syntax("cdn.tf.json", "{}", tf), Some(Syntax::Json));
        assert_eq!(syntax("cdn.tofu.json", "{}", tf), Some(Syntax::Json));
        // a plan is output and a variable file holds values used elsewhere
        assert_eq!(syntax("plan.json", "{}", tf), None);
        assert_eq!(syntax("terraform.tfvars", "", tf), None);
        assert_eq!(syntax("prod.auto.tfvars.json", "{}", tf), None);
        // a template's extension decides, as it did for its parser
        let cfn = Format::CloudFormation;
        assert_eq!(
            syntax("stack.yaml", "{Resources: {}}", cfn),
            Some(Syntax::Yaml)
        );
        assert_eq!(syntax("stack.json", "\n{}", cfn), Some(Syntax::Json));
        assert_eq!(
            syntax("stack.template", " {\"Resources\": {}}", cfn),
            Some(Syntax::Json)
        );
        assert_eq!(
            syntax("stack.template", "Resources: {}", cfn),
            Some(Syntax::Yaml)
        );
    }
}
