//! Front-ends: each input format read into the one [`Model`].

mod api_shape;
pub mod artifact;
pub mod cloudformation;
pub mod export;
mod fields;
pub mod terraform;

use std::collections::BTreeMap;

use crate::model::Model;
use crate::source::Loc;

/// What a unit was read from. Rules never see this; reports and examples do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    CloudFormation,
    Terraform,
    Export,
}

impl Format {
    /// The name used in rule metadata and doc examples.
    pub fn name(self) -> &'static str {
        match self {
            Format::CloudFormation => "cloudformation",
            Format::Terraform => "terraform",
            Format::Export => "export",
        }
    }
}

/// Formats whose front-end is built. A rule's doc examples are required
/// and run for each of its formats listed here.
pub const IMPLEMENTED: &[Format] = &[Format::CloudFormation, Format::Terraform, Format::Export];

/// Inputs that come from the command line or configuration.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--param KEY=VALUE`: CloudFormation parameter values.
    pub params: BTreeMap<String, String>,
    /// `--region`: the region a template deploys to.
    pub region: Option<String>,
    /// `--var NAME=VALUE`: Terraform variable values.
    pub vars: BTreeMap<String, String>,
    /// `--var-file FILE`: Terraform variable files, in order.
    pub var_files: Vec<std::path::PathBuf>,
}

/// One way the unit can deploy: a model, and the `Fn::If` condition values
/// that lead to it (empty when the unit has no undecided conditions).
#[derive(Clone, Debug)]
pub struct Scenario {
    pub model: Model,
    pub conditions: Vec<(String, bool)>,
}

/// Why a document that parsed could not be read as its format.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct FrontendError {
    pub code: &'static str,
    pub message: String,
    pub loc: Option<Loc>,
}
