//! The rule language: grammar, parser, syntax tree, load-time checks
//! against the model schema, and the evaluator.

pub mod ast;
pub mod check;
pub mod eval;
pub mod parser;

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
    fn internal(what: &str) -> DslError {
        DslError::new(
            format!("internal parser error near {what}"),
            Span::default(),
        )
    }
}

/// The closest name to `name` among `candidates`, if it is close enough to
/// be a typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|&(d, c)| d <= (c.len().max(name.len()) / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let best = (prev.get(j).copied().unwrap_or(0) + cost)
                .min(prev.get(j + 1).copied().unwrap_or(0) + 1)
                .min(cur.get(j).copied().unwrap_or(0) + 1);
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = best;
            }
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["protocol_policy", "http_port", "https_port"];
        assert_eq!(
            did_you_mean("protocol_polcy", fields),
            Some("protocol_policy")
        );
        assert_eq!(did_you_mean("htps_port", fields), Some("https_port"));
        assert_eq!(did_you_mean("zzz", fields), None);
    }
}
