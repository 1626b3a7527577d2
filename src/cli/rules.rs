//! `edgelint rules`: the rule catalog.

use clap::{Args, ValueEnum};

use super::{EXIT_OK, RuleDirs};
use crate::rule::Rule;

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,

    #[command(flatten)]
    pub rules: RuleDirs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

pub fn run(args: RulesArgs) -> miette::Result<u8> {
    let registry = args.rules.load()?;
    let text = match args.format {
        RulesFormat::Table => table(registry.rules(), super::terminal_width()),
        RulesFormat::Json => {
            let mut text =
                serde_json::to_string_pretty(&to_json(registry.rules())).unwrap_or_default();
            text.push('\n');
            text
        }
    };
    super::print(|out| out.write_all(text.as_bytes()))?;
    Ok(EXIT_OK)
}

/// `[{code, name, severity, category, formats, summary, help_uri}]`.
pub fn to_json(rules: &[Rule]) -> serde_json::Value {
    rules
        .iter()
        .map(|r| {
            serde_json::json!({
                "code": r.code,
                "name": r.name,
                "severity": r.severity.as_str(),
                "severity_by_format": r
                    .severity_by_format
                    .iter()
                    .map(|(f, s)| (f.name().to_string(), serde_json::json!(s.as_str())))
                    .collect::<serde_json::Map<_, _>>(),
                "category": r.category,
                "formats": r.formats.iter().map(|f| f.name()).collect::<Vec<_>>(),
                "summary": r.summary(),
                "help_uri": r.help_uri(),
            })
        })
        .collect()
}

/// Aligned columns; on a terminal the summary is cut to fit the width, in
/// a pipe it is kept whole for grep.
pub fn table(rules: &[Rule], width: Option<usize>) -> String {
    let header = ["CODE", "NAME", "SEVERITY", "FORMATS", "SUMMARY"];
    let rows: Vec<[String; 5]> = rules
        .iter()
        .map(|r| {
            [
                r.code.clone(),
                r.name.clone(),
                r.severity_text(),
                r.formats
                    .iter()
                    .map(|f| f.name())
                    .collect::<Vec<_>>()
                    .join(","),
                r.summary(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let lead: usize = widths.iter().take(4).map(|w| w + 2).sum();
    let mut out = String::new();
    let header_row = header.map(str::to_string);
    for row in std::iter::once(&header_row).chain(&rows) {
        let mut line = String::new();
        for (cell, w) in row.iter().zip(widths).take(4) {
            line.push_str(&format!("{cell:<w$}  "));
        }
        let summary = match width {
            Some(total) => truncate(&row[4], total.saturating_sub(lead).max(20)),
            None => row[4].clone(),
        };
        line.push_str(&summary);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Cuts text to `max` characters, marking the cut with `…`.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::Registry;

    fn builtin() -> Registry {
        Registry::builtin().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn table_aligns_columns_and_keeps_summaries_whole_in_a_pipe() {
        let registry = builtin();
        let text = table(registry.rules(), None);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), registry.rules().len() + 1);
        let summary_at = lines[0].find("SUMMARY").unwrap();
        for (line, rule) in lines[1..].iter().zip(registry.rules()) {
            assert!(line.starts_with(&rule.code), "{line}");
            assert_eq!(&line[summary_at..], rule.summary(), "{line}");
        }
    }

    #[test]
    fn table_fits_a_terminal_width() {
        let registry = builtin();
        let text = table(registry.rules(), Some(100));
        let lead = text.lines().next().unwrap().find("SUMMARY").unwrap();
        for line in text.lines() {
            // The summary gets what is left of the width, but never fewer
            // than 20 columns.
            assert!(line.chars().count() <= 100.max(lead + 20), "{line}");
        }
        assert!(text.contains('…'), "no summary was cut:\n{text}");
    }

    #[test]
    fn truncates_long_summaries_with_an_ellipsis() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdefghij", 5), "abcd…");
        assert_eq!(truncate("ééééé", 5), "ééééé");
    }
}
