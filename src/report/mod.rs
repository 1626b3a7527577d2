//! Report formats. A reporter reads a finished [`Report`] and writes it; it
//! knows nothing of the input formats the findings came from.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;

use std::io::{self, Write};

use crate::finding::Severity;
use crate::lint::Report;
use crate::rule::{DOCS_BASE, Registry};

/// The formats `edgelint check --format` offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Junit,
    Github,
    Gitlab,
    /// Counts per rule (`--statistics`), in place of human or concise.
    Statistics,
}

/// How output should look where the format leaves a choice.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// ANSI colours (only ever on a terminal).
    pub color: bool,
    /// Columns to wrap the human format at.
    pub width: usize,
    /// Print nothing for a clean run.
    pub quiet: bool,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            color: false,
            width: 100,
            quiet: false,
        }
    }
}

/// Writes a report in the chosen format. The registry holds the rules of
/// the run, whose metadata the machine formats carry (documentation URLs,
/// SARIF's rule descriptors).
pub fn write(
    format: Format,
    report: &Report,
    registry: &Registry,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    // A reporter that panics (a bug, or a library meeting input it was not
    // made for) must not lose the report: the concise format, which only
    // writes lines, stands in for it.
    let mut held = Held::default();
    let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        write_unguarded(format, report, registry, style, &mut held)
    }));
    match written {
        Ok(result) => {
            result?;
            held.blocks
                .iter()
                .try_for_each(|block| out.write_all(block))
        }
        Err(_) => {
            writeln!(
                out,
                "edgelint could not write this report as {format:?}; here it is as plain lines:"
            )?;
            concise::write(report, style, out)
        }
    }
}

/// A report held until its reporter has finished, in blocks of a fixed
/// size: one growing buffer would be copied at each doubling and, at the
/// end, hold up to twice the report.
#[derive(Default)]
struct Held {
    blocks: Vec<Vec<u8>>,
}

impl Held {
    const BLOCK: usize = 64 * 1024;
}

impl Write for Held {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, mut buf: &[u8]) -> io::Result<()> {
        // reporters write a few bytes at a time: most writes fit, and
        // taking them first is measurably cheaper than the loop below
        if let Some(block) = self.blocks.last_mut()
            && buf.len() <= Held::BLOCK - block.len()
        {
            block.extend_from_slice(buf);
            return Ok(());
        }
        while !buf.is_empty() {
            match self.blocks.last_mut() {
                Some(block) if block.len() < Held::BLOCK => {
                    let (now, rest) = buf.split_at(buf.len().min(Held::BLOCK - block.len()));
                    block.extend_from_slice(now);
                    buf = rest;
                }
                _ => self.blocks.push(Vec::with_capacity(Held::BLOCK)),
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn write_unguarded(
    format: Format,
    report: &Report,
    registry: &Registry,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, style, out),
        Format::Concise => concise::write(report, style, out),
        Format::Json => json::write(report, registry, out),
        Format::Sarif => sarif::write(report, registry, out),
        Format::Junit => junit::write(report, registry, out),
        Format::Github => github::write(report, registry, out),
        Format::Gitlab => gitlab::write(report, registry, out),
        Format::Statistics => statistics::write(report, style, out),
    }
}

/// Findings per severity, in the order error, warning, info.
pub fn count_by_severity(report: &Report) -> [(Severity, usize); 3] {
    [Severity::Error, Severity::Warning, Severity::Info].map(|s| {
        (
            s,
            report.findings.iter().filter(|f| f.severity == s).count(),
        )
    })
}

/// Where the rule behind a finding's code is documented; a code that no
/// rule of the run has (`unused-suppression`) points at its README section.
pub fn docs_url(registry: &Registry, code: &str) -> String {
    match registry.find(code) {
        Some(rule) => rule.help_uri(),
        None if code == crate::suppress::UNUSED => {
            format!("{DOCS_BASE}/README.md#suppressing-findings")
        }
        None => format!("{DOCS_BASE}/README.md#rules"),
    }
}

/// The CDK construct of a finding as the plain-text formats (GitHub,
/// GitLab, JUnit) end its message: ` (construct Site/Cdn/Resource)`;
/// empty when the resource was not made by CDK.
pub fn construct_note(finding: &crate::finding::Finding) -> String {
    finding
        .construct_path
        .as_ref()
        .map_or_else(String::new, |path| format!(" (construct {path})"))
}

/// Whether a report has nothing to say.
pub fn is_clean(report: &Report) -> bool {
    report.findings.is_empty() && report.errors.is_empty()
}

/// Text in a style, or as it is without colour.
pub(crate) fn paint(style: &Style, paint: anstyle::Style, text: &str) -> String {
    if style.color {
        format!("{paint}{text}{paint:#}")
    } else {
        text.to_string()
    }
}

/// `error[CF104]` in its severity's colour, bold.
pub(crate) fn paint_kind(style: &Style, severity: Severity, code: &str) -> String {
    let colour = match severity {
        Severity::Error => anstyle::AnsiColor::Red,
        Severity::Warning => anstyle::AnsiColor::Yellow,
        Severity::Info => anstyle::AnsiColor::Cyan,
    };
    let paint_as = anstyle::Style::new().bold().fg_color(Some(colour.into()));
    paint(style, paint_as, &format!("{}[{code}]", severity.as_str()))
}

/// `1 error`, `2 warnings`: a count with its noun.
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
pub(crate) mod fixtures;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_output_keeps_every_byte_in_blocks_that_never_grow() {
        let mut below = crate::document::random_below(7);
        let mut held = Held::default();
        let mut expected = Vec::new();
        // writes of every size from nothing to over two blocks, so that
        // writes end exactly at, just before and past a block's end
        while expected.len() < 6 * Held::BLOCK {
            let len = match below(4) {
                0 => below(3 * Held::BLOCK),
                1 => Held::BLOCK - expected.len() % Held::BLOCK,
                _ => below(300),
            };
            let bytes: Vec<u8> = (0..len).map(|_| below(256) as u8).collect();
            if below(2) == 0 {
                assert_eq!(held.write(&bytes).unwrap(), len);
            } else {
                held.write_all(&bytes).unwrap();
            }
            expected.extend_from_slice(&bytes);
        }
        assert_eq!(held.blocks.concat(), expected);
        for block in &held.blocks {
            assert!(!block.is_empty());
            assert_eq!(block.capacity(), Held::BLOCK);
        }
    }
}
