//! CloudFormation templates (YAML or JSON) into the model.
use super::{FrontendError, Options, Scenario};
use crate::document::Node;
use crate::source::FileId;

/// Whether a document is a CloudFormation template.
pub fn is_template(doc: &Node) -> bool {
    let _ = doc;
    false
}

/// Reads a template into one model per deploy scenario.
pub fn load(file: FileId, doc: &Node, options: &Options) -> Result<Vec<Scenario>, FrontendError> {
    let _ = (file, doc, options);
    Ok(Vec::new())
}
