//! `terraform show -json` plans.

use super::{FrontendError, Options, Scenario};
use crate::document::Node;
use crate::source::FileId;

pub fn load(file: FileId, doc: &Node, options: &Options) -> Result<Vec<Scenario>, FrontendError> {
    let _ = (file, doc, options);
    Ok(Vec::new())
}
