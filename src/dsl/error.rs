//! Errors in rule files. A module of its own so the build script can parse
//! the built-in rules with the same parser.

use crate::source::Span;

/// An error in a rule file, with its span in that file.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct DslError {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

impl DslError {
    pub fn new(message: impl Into<String>, span: Span) -> DslError {
        DslError {
            message: message.into(),
            span,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> DslError {
        self.help = Some(help.into());
        self
    }

    /// A parse tree that does not have the shape the grammar promises.
    pub(crate) fn internal(what: &str) -> DslError {
        DslError::new(
            format!("internal parser error near {what}"),
            Span::default(),
        )
    }
}
