//! Terraform: module directories (`.tf`, `.tf.json`, variable files) and
//! `terraform show -json` plans into the model.

use std::sync::Arc;

use super::{FrontendError, Options, Scenario};
use crate::document::Node;
use crate::source::{FileId, SourceFile};

/// Whether a JSON document is a `terraform show -json` plan.
pub fn is_plan(doc: &Node) -> bool {
    doc.get("format_version").is_some()
        && (doc.get("planned_values").is_some() || doc.get("resource_changes").is_some())
}

/// Reads one module directory: every `.tf`, `.tf.json`, `terraform.tfvars`
/// and `*.auto.tfvars(.json)` file of it, already read.
pub fn load_module(
    files: &[(FileId, Arc<SourceFile>)],
    options: &Options,
) -> Result<Vec<Scenario>, FrontendError> {
    let _ = (files, options);
    Ok(Vec::new())
}

/// Reads a plan.
pub fn load_plan(
    file: FileId,
    doc: &Node,
    options: &Options,
) -> Result<Vec<Scenario>, FrontendError> {
    let _ = (file, doc, options);
    Ok(Vec::new())
}
