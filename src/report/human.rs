//! The human format: one miette report per finding and file error, with the
//! source snippet, then a summary line. Colour only on a terminal; the
//! caller decides (see [`Style::color`]).

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use owo_colors::OwoColorize;

use super::{Style, count_by_severity, plural};
use crate::finding::{FileError, Finding, Label, Severity};
use crate::lint::Report;
use crate::source::SourceFile;

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    if style.quiet && super::is_clean(report) {
        return Ok(());
    }
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_urls(false)
        .with_break_words(false)
        // Values in messages are domain names and policy names: never split
        // them at a hyphen.
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_show_related_as_nested(true);
    for finding in &report.findings {
        render(&handler, &finding_diagnostic(finding), out)?;
    }
    for error in &report.errors {
        render(&handler, &error_diagnostic(error), out)?;
    }
    let line = summary(report);
    if style.color {
        writeln!(out, "{}", line.bold())
    } else {
        writeln!(out, "{line}")
    }
}

/// The longest line shown as a snippet. miette pads a snippet to its
/// columns with format widths, which Rust caps at 65,535 (beyond, it
/// panics); and the one line of a minified file is no snippet a reader can
/// use. A diagnostic on a longer line is shown as `file:line:column:`
/// and its message.
pub const MAX_SNIPPET_LINE_BYTES: usize = 4096;

fn render(
    handler: &GraphicalReportHandler,
    diagnostic: &Rendered,
    out: &mut dyn Write,
) -> io::Result<()> {
    let plain;
    let diagnostic = if snippets_fit(diagnostic) {
        diagnostic
    } else {
        plain = without_snippets(diagnostic);
        &plain
    };
    let mut text = String::new();
    handler
        .render_report(&mut text, diagnostic)
        .map_err(|_| io::Error::other("failed to render a diagnostic"))?;
    writeln!(out, "{}", text.trim_end())?;
    writeln!(out)
}

/// Whether every label of the diagnostic is on a line short enough to show.
fn snippets_fit(diagnostic: &Rendered) -> bool {
    let fits = diagnostic.source.as_ref().is_none_or(|source| {
        diagnostic
            .labels
            .iter()
            .all(|l| line_length(source.text(), l.offset()) <= MAX_SNIPPET_LINE_BYTES)
    });
    fits && diagnostic.related.iter().all(snippets_fit)
}

/// The length in bytes of the line holding `offset`.
fn line_length(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    // offset is clamped to the length, so the split cannot panic
    let (before, after) = text.as_bytes().split_at(offset);
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = after
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| offset + i);
    end - start
}

/// The diagnostic with its place written in the message instead of shown
/// in a snippet.
fn without_snippets(diagnostic: &Rendered) -> Rendered {
    let place = diagnostic.source.as_ref().and_then(|source| {
        let primary = diagnostic
            .labels
            .iter()
            .find(|l| l.primary())
            .or(diagnostic.labels.first())?;
        let at = source.position(primary.offset());
        Some(format!("{}:{}:{}", source.name(), at.line, at.column))
    });
    Rendered {
        code: diagnostic.code.clone(),
        severity: diagnostic.severity,
        message: match place {
            Some(place) => format!("{place}: {}", diagnostic.message),
            None => diagnostic.message.clone(),
        },
        help: diagnostic.help.clone(),
        source: None,
        labels: Vec::new(),
        related: diagnostic.related.iter().map(without_snippets).collect(),
    }
}

/// `found 3 problems (2 errors, 1 warning) in 4 files`, or the clean line.
pub fn summary(report: &Report) -> String {
    let files = plural(report.files, "file");
    let mut line = if report.findings.is_empty() && !report.errors.is_empty() && report.files == 0 {
        String::new()
    } else if report.findings.is_empty() {
        format!("no problems found in {files}")
    } else {
        let counts: Vec<String> = count_by_severity(report)
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| match s {
                Severity::Info => format!("{n} info"),
                _ => plural(*n, s.as_str()),
            })
            .collect();
        format!(
            "found {} ({}) in {files}",
            plural(report.findings.len(), "problem"),
            counts.join(", ")
        )
    };
    if !report.errors.is_empty() {
        // not "files that could not be checked": a repeated key is an
        // error in a file that is still linted
        let could_not = plural(report.errors.len(), "input error");
        line = if line.is_empty() {
            could_not
        } else {
            format!("{line}; {could_not}")
        };
    }
    line
}

/// What one miette report shows. Labels in other files than the primary
/// one become related reports, each with its own snippet.
struct Rendered {
    code: String,
    severity: miette::Severity,
    message: String,
    help: Option<String>,
    source: Option<Arc<SourceFile>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rendered")
            .field("message", &self.message)
            .finish()
    }
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty())
            .then(|| Box::new(self.labels.iter().cloned()) as Box<dyn Iterator<Item = _>>)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(self.related.iter().map(|r| r as &dyn Diagnostic))
                as Box<dyn Iterator<Item = _>>
        })
    }
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

fn span_of(label: &Label) -> miette::SourceSpan {
    (label.span.start as usize, label.span.len()).into()
}

fn text_of(label: &Label) -> Option<String> {
    (!label.message.is_empty()).then(|| label.message.clone())
}

/// Splits related labels into those shown in the primary snippet and those
/// in other files, shown as related reports.
fn place_related(
    primary: &Label,
    related: &[Label],
    labels: &mut Vec<LabeledSpan>,
) -> Vec<Rendered> {
    let mut elsewhere = Vec::new();
    for label in related {
        if Arc::ptr_eq(&label.file, &primary.file) || label.file.path() == primary.file.path() {
            labels.push(LabeledSpan::new_with_span(text_of(label), span_of(label)));
        } else {
            elsewhere.push(Rendered {
                code: String::new(),
                severity: miette::Severity::Advice,
                message: if label.message.is_empty() {
                    "related".to_string()
                } else {
                    label.message.clone()
                },
                help: None,
                source: Some(label.file.clone()),
                labels: vec![LabeledSpan::new_primary_with_span(None, span_of(label))],
                related: Vec::new(),
            });
        }
    }
    elsewhere
}

fn finding_diagnostic(finding: &Finding) -> Rendered {
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        text_of(&finding.primary),
        span_of(&finding.primary),
    )];
    let related = place_related(&finding.primary, &finding.related, &mut labels);
    Rendered {
        code: format!("{}[{}]", finding.severity.as_str(), finding.code),
        severity: miette_severity(finding.severity),
        message: finding.message.clone(),
        help: finding.help.clone(),
        source: Some(finding.primary.file.clone()),
        labels,
        related,
    }
}

fn error_diagnostic(error: &FileError) -> Rendered {
    let code = format!("error[{}]", error.code);
    match &error.location {
        Some(location) => {
            let mut labels = vec![LabeledSpan::new_primary_with_span(None, span_of(location))];
            let related = place_related(location, &error.related, &mut labels);
            Rendered {
                code,
                severity: miette::Severity::Error,
                message: error.message.clone(),
                help: None,
                source: Some(location.file.clone()),
                labels,
                related,
            }
        }
        // Without a snippet the header is the only place the file is named.
        None => Rendered {
            code,
            severity: miette::Severity::Error,
            message: format!("{}: {}", error.file, error.message),
            help: None,
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn render(report: &Report, style: Style) -> String {
        let mut out = Vec::new();
        write(report, &style, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn findings_with_related_labels() {
        insta::assert_snapshot!(render(&fixtures::with_findings(), Style::default()));
    }

    #[test]
    fn clean_report() {
        insta::assert_snapshot!(render(&fixtures::clean(), Style::default()));
    }

    #[test]
    fn clean_report_quiet_prints_nothing() {
        let style = Style {
            quiet: true,
            ..Style::default()
        };
        assert_eq!(render(&fixtures::clean(), style), "");
    }

    #[test]
    fn quiet_still_reports_findings() {
        let style = Style {
            quiet: true,
            ..Style::default()
        };
        assert!(render(&fixtures::with_findings(), style).contains("CF104"));
    }

    #[test]
    fn a_diagnostic_on_a_very_long_line_is_shown_by_its_place() {
        let mut report = fixtures::with_findings();
        let finding = report.findings.first_mut().unwrap();
        let text = format!("{{\"a\": {}1}}", " ".repeat(70_000));
        let at = text.len() - 2;
        finding.primary.file = Arc::new(SourceFile::new("min.json", text));
        finding.primary.span = crate::source::Span::new(at, at + 1);
        finding.related.clear();
        let shown = render(&report, Style::default());
        assert!(shown.contains("min.json:1:70007: "), "{shown}");
        assert!(shown.len() < 10_000, "no 70,000-character snippet");
    }

    #[test]
    fn parse_error() {
        insta::assert_snapshot!(render(&fixtures::with_parse_error(), Style::default()));
    }

    #[test]
    fn no_colour_without_style_color() {
        let text = render(&fixtures::with_findings(), Style::default());
        assert!(
            !text.contains('\u{1b}'),
            "escape codes in uncoloured output"
        );
        let coloured = render(
            &fixtures::with_findings(),
            Style {
                color: true,
                ..Style::default()
            },
        );
        assert!(coloured.contains('\u{1b}'));
    }
}
