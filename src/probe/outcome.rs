//! What probing one target found: the problems, the facts observed on
//! the way (addresses, versions, certificate, timings), and the steps that
//! could not be tested.

use super::catalog::Check;

/// One thing wrong with an origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub check: Check,
    pub message: String,
    /// Whether CloudFront could still succeed where the probe failed (it
    /// offers what the probe cannot): such a problem is not a finding.
    pub uncertain: bool,
}

impl Problem {
    pub fn new(check: Check, message: impl Into<String>) -> Problem {
        Problem {
            check,
            message: message.into(),
            uncertain: false,
        }
    }

    /// The same problem, marked as one CloudFront might not have.
    pub fn uncertain(self) -> Problem {
        Problem {
            uncertain: true,
            ..self
        }
    }
}

/// The result of probing one target.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub problems: Vec<Problem>,
    /// Observed facts, in the order they were observed.
    pub facts: Vec<(String, String)>,
    /// Why the probe stopped before the request without a problem (a TLS
    /// version it cannot offer, the total deadline).
    pub untested: Option<String>,
}

impl Outcome {
    pub fn fact(&mut self, key: &str, value: impl Into<String>) {
        self.facts.push((key.to_string(), value.into()));
    }

    /// The facts as one line, for messages.
    pub fn facts_text(&self) -> String {
        self.facts
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
