//! `edgelint explain CODE|NAME`: a rule's documentation.

use clap::Args;
use miette::miette;

use super::{EXIT_OK, RuleDirs};
use crate::rule::{Registry, Rule};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (`CF104`) or name (`https-to-s3-website-endpoint`).
    #[arg(value_name = "CODE|NAME")]
    pub rule: String,

    #[command(flatten)]
    pub rules: RuleDirs,
}

pub fn run(args: ExplainArgs) -> miette::Result<u8> {
    let loaded = args.rules.load_with_config()?;
    // the checks of `edgelint probe` are explained like rules
    let registry = Registry::from_rules(
        loaded
            .rules()
            .iter()
            .cloned()
            .chain(crate::probe::catalog::rules())
            .collect(),
    );
    let Some(rule) = registry.find(&args.rule) else {
        let help = match super::suggest_rule(&registry, &args.rule) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "`edgelint rules` lists every code and name".to_string(),
        };
        return Err(miette!(help = help, "no rule named `{}`", args.rule));
    };
    let text = match super::terminal_width() {
        // a terminal: the docs rendered, through the pager when long
        Some(width) => {
            let docs = super::markdown::render(rule.docs(), width.min(100), super::stdout_color());
            let text = format!("{}\n\n{docs}", header(rule));
            if page(&text) {
                return Ok(EXIT_OK);
            }
            text
        }
        // a pipe or a file: the Markdown as written, for tools
        None => render(rule),
    };
    super::print(|out| out.write_all(text.as_bytes()))?;
    Ok(EXIT_OK)
}

/// Shows text through `$PAGER` (default `less -FRX`) when it is taller
/// than the terminal; whether it did. A pager that cannot start leaves the
/// text to be printed.
fn page(text: &str) -> bool {
    let rows = terminal_size::terminal_size().map_or(24, |(_, h)| usize::from(h.0));
    if text.lines().count() < rows {
        return false;
    }
    let pager = std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less -FRX".to_string());
    let mut words = pager.split_whitespace();
    let Some(program) = words.next() else {
        return false;
    };
    let child = std::process::Command::new(program)
        .args(words)
        .stdin(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        // a pager quit early closes the pipe: not an error
        let _ = stdin.write_all(text.as_bytes());
    }
    let _ = child.wait();
    true
}

/// `CF104 https-to-s3-website-endpoint (error, origin-tls; formats: …)`.
pub fn header(rule: &Rule) -> String {
    let formats: Vec<&str> = rule.formats.iter().map(|f| f.name()).collect();
    format!(
        "{} {} ({}, {}; formats: {})",
        rule.code,
        rule.name,
        rule.severity_text(),
        rule.category,
        formats.join(", ")
    )
}

/// The header line, then the markdown docs (what a pipe gets).
pub fn render(rule: &Rule) -> String {
    format!("{}\n\n{}\n", header(rule), rule.docs().trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_code_severity_category_and_formats() {
        let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
        let rule = registry.find("CF104").unwrap();
        assert_eq!(
            header(rule),
            "CF104 https-to-s3-website-endpoint (error, origin-tls; formats: cloudformation, terraform, export)"
        );
        let text = render(rule);
        assert!(text.starts_with(&format!("{}\n\n## What it does\n", header(rule))));
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
    }
}
