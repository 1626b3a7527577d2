//! The `///` documentation in front of a rule, read without the parser: a
//! run that only lints never needs the docs of the built-in rules, so they
//! are taken from the embedded rule text the first time they are asked for.

/// The markdown of the `///` lines in `text` (a rule file from a rule's
/// first doc line to its `rule` keyword), as the parser reads it: each line
/// without its slashes and one space after them, joined with newlines;
/// `#` comments and blank lines between them are skipped.
pub fn docs_of(text: &str) -> String {
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let line = line.trim_start_matches([' ', '\t', '\r']);
        if let Some(rest) = line.strip_prefix("///") {
            lines.push(rest.strip_prefix(' ').unwrap_or(rest));
        }
    }
    lines.join("\n")
}
