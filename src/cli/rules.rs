//! `edgelint rules [FILTER]…`: the rule catalog, or the rules a filter
//! (code, code prefix, name or category, as `--select` takes) matches.

use clap::{Args, ValueEnum};
use miette::miette;

use super::{EXIT_OK, RuleDirs};
use crate::rule::{Rule, matches_selector};

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Only the rules these match: codes, code prefixes (`CF3`), names or
    /// categories (`edge-functions`).
    #[arg(value_name = "FILTER")]
    pub filter: Vec<String>,

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
    let registry = args.rules.load_with_config()?;
    if let Some(unmatched) = args
        .filter
        .iter()
        .find(|f| !registry.rules().iter().any(|r| matches_selector(r, f)))
    {
        let help = match super::suggest_rule(&registry, unmatched) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "a filter is a code, a code prefix, a name or a category".to_string(),
        };
        return Err(miette!(help = help, "no rule matches `{unmatched}`"));
    }
    let rules: Vec<Rule> = registry
        .rules()
        .iter()
        .filter(|r| args.filter.is_empty() || args.filter.iter().any(|f| matches_selector(r, f)))
        .cloned()
        .collect();
    let text = match args.format {
        RulesFormat::Table => table(&rules, super::terminal_width()),
        RulesFormat::Json => {
            let mut text = serde_json::to_string_pretty(&to_json(&rules)).unwrap_or_default();
            text.push('\n');
            text
        }
    };
    super::print(|out| out.write_all(text.as_bytes()))?;
    Ok(EXIT_OK)
}

/// `[{code, name, severity, category, formats, summary, help_uri, fix}]`;
/// `fix` lists how far the rule's fixes can be trusted (`["safe"]`,
/// `["unsafe"]`, both, or none).
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
                "fix": r.fixes(),
            })
        })
        .collect()
}

/// The narrowest summary a one-line row may have on a terminal; below it
/// each rule takes two lines.
const MIN_SUMMARY: usize = 20;

/// Aligned columns `CODE SEVERITY FIX CATEGORY NAME SUMMARY`, one line a
/// rule (`FIX` says whether the rule's fix is safe or unsafe).
/// In a pipe (`width` unknown) summaries are kept whole, for grep. On a
/// terminal the summary is cut to fit; when even the other columns leave
/// too little room (an 80-column terminal: names run to 52 characters),
/// each rule takes two lines, `CODE NAME` then `SEVERITY FIX CATEGORY
/// SUMMARY` under the name.
pub fn table(rules: &[Rule], width: Option<usize>) -> String {
    let rows: Vec<[String; 6]> = rules
        .iter()
        .map(|r| {
            let severity = match width {
                // the one-word severity, marked when a format has another
                Some(_) if !r.severity_by_format.is_empty() => {
                    format!("{}*", r.severity.as_str())
                }
                Some(_) => r.severity.as_str().to_string(),
                None => r.severity_text(),
            };
            [
                r.code.clone(),
                severity,
                r.fix_text(),
                r.category.clone(),
                r.name.clone(),
                r.summary(),
            ]
        })
        .collect();
    let header = ["CODE", "SEVERITY", "FIX", "CATEGORY", "NAME", "SUMMARY"].map(str::to_string);
    let mut widths = [0; 6];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let pad = |cells: &[String], widths: &[usize]| -> String {
        cells
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}  "))
            .collect()
    };
    let lead: usize = widths.iter().take(5).map(|w| w + 2).sum();
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(text.trim_end());
        out.push('\n');
    };
    match width {
        Some(total) if total < lead + MIN_SUMMARY => {
            // CODE NAME, then SEVERITY FIX CATEGORY SUMMARY under the name
            let indent = " ".repeat(widths[0] + 2);
            let second = [widths[1], widths[2], widths[3]];
            let room =
                total.saturating_sub(indent.len() + second.iter().map(|w| w + 2).sum::<usize>());
            for row in std::iter::once(&header).chain(&rows) {
                line(format!("{}{}", pad(&row[..1], &widths[..1]), row[4]));
                line(format!(
                    "{indent}{}{}",
                    pad(&row[1..4], &second),
                    truncate(&row[5], room.max(MIN_SUMMARY))
                ));
            }
        }
        _ => {
            for row in std::iter::once(&header).chain(&rows) {
                let summary = match width {
                    Some(total) => truncate(&row[5], total.saturating_sub(lead)),
                    None => row[5].clone(),
                };
                line(format!("{}{summary}", pad(&row[..5], &widths[..5])));
            }
        }
    }
    if width.is_some() && rules.iter().any(|r| !r.severity_by_format.is_empty()) {
        line("* another severity in some formats: `edgelint explain CODE` says which".into());
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
        assert!(lines[0].starts_with("CODE   SEVERITY"), "{}", lines[0]);
        let fix_at = lines[0].find("FIX").unwrap();
        let category_at = lines[0].find("CATEGORY").unwrap();
        let summary_at = lines[0].find("SUMMARY").unwrap();
        for (line, rule) in lines[1..].iter().zip(registry.rules()) {
            assert!(line.starts_with(&rule.code), "{line}");
            assert_eq!(
                line[fix_at..category_at].trim_end(),
                rule.fix_text(),
                "{line}"
            );
            assert!(line[category_at..].starts_with(&rule.category), "{line}");
            assert_eq!(&line[summary_at..], rule.summary(), "{line}");
        }
    }

    #[test]
    fn table_fits_80_columns_in_two_lines_a_rule() {
        let registry = builtin();
        let text = table(registry.rules(), Some(80));
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{line}");
        }
        let lines: Vec<&str> = text.lines().collect();
        let rule = registry.find("CF104").unwrap();
        let at = lines.iter().position(|l| l.starts_with("CF104")).unwrap();
        assert_eq!(lines[at], format!("CF104  {}", rule.name));
        assert!(
            lines[at + 1]
                .trim_start()
                .starts_with(&format!("error     safe    {}", rule.category)),
            "{}",
            lines[at + 1]
        );
        // the rule whose severity differs by format is marked, and the mark explained
        let cf351 = lines.iter().position(|l| l.starts_with("CF351")).unwrap();
        assert!(
            lines[cf351 + 1].trim_start().starts_with("error*"),
            "{}",
            lines[cf351 + 1]
        );
        assert!(text.ends_with("`edgelint explain CODE` says which\n"));
    }

    #[test]
    fn a_category_on_an_80_column_terminal() {
        let rules: Vec<Rule> = builtin()
            .rules()
            .iter()
            .filter(|r| matches_selector(r, "timeouts"))
            .cloned()
            .collect();
        insta::assert_snapshot!(table(&rules, Some(80)));
    }

    #[test]
    fn table_is_one_line_a_rule_on_a_wide_terminal() {
        let registry = builtin();
        let text = table(registry.rules(), Some(160));
        assert_eq!(text.lines().count(), registry.rules().len() + 2);
        for line in text.lines() {
            assert!(line.chars().count() <= 160, "{line}");
        }
        assert!(text.contains('…'), "no summary was cut:\n{text}");
    }

    #[test]
    fn rules_say_whether_they_fix_and_how_safely() {
        let registry = builtin();
        let json = to_json(registry.rules());
        let fix_of = |code: &str| {
            json.as_array()
                .unwrap()
                .iter()
                .find(|r| r["code"] == code)
                .map(|r| r["fix"].clone())
                .unwrap()
        };
        assert_eq!(fix_of("CF514"), serde_json::json!(["safe"]));
        assert_eq!(fix_of("CF304"), serde_json::json!(["unsafe"]));
        assert_eq!(fix_of("CF202"), serde_json::json!([]));
        let fixing = registry.rules().iter().filter(|r| !r.fixes().is_empty());
        assert!(fixing.count() >= 25);
    }

    #[test]
    fn truncates_long_summaries_with_an_ellipsis() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdefghij", 5), "abcd…");
        assert_eq!(truncate("ééééé", 5), "ééééé");
    }
}
