//! The human format: per finding a header line with the primary place,
//! `path:line:col: severity[CODE] rule-name`, then the message and a miette
//! snippet of the primary place (with related places close to it), related
//! places elsewhere after it, the help, and a one-line `edgelint explain`
//! hint; then a summary line. Colour only when the caller says so (see
//! [`Style::color`]).

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use anstyle::{AnsiColor, Style as Paint};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use textwrap::WordSeparator;
use textwrap::core::Word;

use super::{Style, count_by_severity, paint, paint_kind, plural};
use crate::finding::{FileError, Finding, Label, Severity};
use crate::lint::Report;
use crate::source::SourceFile;

/// Related places at most this many lines from the primary one share its
/// snippet; those further away get a snippet of their own, after it.
const NEARBY_LINES: usize = 3;

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
        // Values in messages are domain names, ARNs and policy names: wrap
        // only at spaces, and never inside a `code span`.
        .with_word_separator(WordSeparator::Custom(code_span_words))
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_show_related_as_nested(true);
    for finding in &report.findings {
        let place = finding.primary.place();
        let header = header(
            style,
            &place,
            finding.severity,
            &finding.code,
            &finding.name,
        );
        let mut footer = String::new();
        if let Some(path) = &finding.construct_path {
            footer.push_str(&format!("  construct: {path}\n"));
        }
        if let Some(help) = &finding.help {
            footer.push_str(&wrap_help(style, help));
            footer.push('\n');
        }
        let hint = format!("edgelint explain {}", finding.code);
        footer.push_str(&format!(
            "  docs: {}",
            paint(style, Paint::new().bold(), &hint)
        ));
        render(
            &handler,
            &header,
            &finding_diagnostic(finding),
            Some(&footer),
            out,
        )?;
    }
    for error in &report.errors {
        let place = error.place();
        let header = header(style, &place, Severity::Error, &error.code, "");
        render(&handler, &header, &error_diagnostic(error), None, out)?;
    }
    let line = summary(report);
    writeln!(out, "{}", paint(style, Paint::new().bold(), &line))
}

/// The longest line shown as a snippet. miette pads a snippet to its
/// columns with format widths, which Rust caps at 65,535 (beyond, it
/// panics); and the one line of a minified file is no snippet a reader can
/// use. A diagnostic on a longer line is shown as `file:line:column:`
/// and its message.
pub const MAX_SNIPPET_LINE_BYTES: usize = 4096;

/// `stacks/site.yaml:10:37: error[CF104] https-to-s3-website-endpoint`.
fn header(style: &Style, place: &str, severity: Severity, code: &str, name: &str) -> String {
    let mut line = format!(
        "{}: {}",
        paint(style, Paint::new().bold(), place),
        paint_kind(style, severity, code)
    );
    if !name.is_empty() {
        line.push(' ');
        line.push_str(&paint(style, Paint::new().dimmed(), name));
    }
    line
}

/// Words for wrapping: split at spaces, except inside a `code span`, so a
/// value such as `!Ref Function.Version` is never cut in two. A line with
/// an unpaired backtick is split at every space.
fn code_span_words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let paired = line.matches('`').count().is_multiple_of(2);
    let mut words = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '`' && paired {
            in_code = !in_code;
        } else if c == ' ' && !in_code && chars.peek().is_some_and(|&(_, next)| next != ' ') {
            words.push(Word::from(&line[start..=i]));
            start = i + 1;
        }
    }
    if start < line.len() {
        words.push(Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
}

/// `  help: …` wrapped to the width, after the related places (miette would
/// put its help before them).
fn wrap_help(style: &Style, help: &str) -> String {
    let lead = paint(
        style,
        Paint::new().fg_color(Some(AnsiColor::Cyan.into())),
        "help:",
    );
    let first = format!("  {lead} ");
    let options = textwrap::Options::new(style.width.saturating_sub(2))
        .initial_indent(&first)
        .subsequent_indent("        ")
        .break_words(false)
        .word_separator(WordSeparator::Custom(code_span_words))
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(help, options)
}

/// One diagnostic: its header, a blank line, miette's rendering, the
/// footer (help and hint).
fn render(
    handler: &GraphicalReportHandler,
    header: &str,
    diagnostic: &Rendered,
    footer: Option<&str>,
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
    writeln!(out, "{header}\n")?;
    writeln!(out, "{}", text.trim_end())?;
    if let Some(footer) = footer {
        writeln!(out, "{footer}")?;
    }
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
        severity: diagnostic.severity,
        message: match place {
            Some(place) => format!("{place}: {}", diagnostic.message),
            None => diagnostic.message.clone(),
        },
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
    severity: miette::Severity,
    message: String,
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
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
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

/// Splits related labels into those shown in the primary snippet (same
/// file, close to the primary place) and the others, shown after it as
/// related reports with snippets of their own, so the primary place always
/// comes first.
fn place_related(
    primary: &Label,
    related: &[Label],
    labels: &mut Vec<LabeledSpan>,
) -> Vec<Rendered> {
    let mut elsewhere = Vec::new();
    for label in related {
        let same_file =
            Arc::ptr_eq(&label.file, &primary.file) || label.file.path() == primary.file.path();
        if same_file && nearby(primary, label) {
            labels.push(LabeledSpan::new_with_span(text_of(label), span_of(label)));
        } else {
            elsewhere.push(Rendered {
                severity: miette::Severity::Advice,
                message: if label.message.is_empty() {
                    "related".to_string()
                } else {
                    label.message.clone()
                },
                source: Some(label.file.clone()),
                labels: vec![LabeledSpan::new_primary_with_span(None, span_of(label))],
                related: Vec::new(),
            });
        }
    }
    elsewhere
}

/// Whether two places in one file are within [`NEARBY_LINES`] lines.
fn nearby(primary: &Label, other: &Label) -> bool {
    let (first, last) = (primary.start().line, primary.end().line);
    other.end().line + NEARBY_LINES >= first && other.start().line <= last + NEARBY_LINES
}

fn finding_diagnostic(finding: &Finding) -> Rendered {
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        text_of(&finding.primary),
        span_of(&finding.primary),
    )];
    let related = place_related(&finding.primary, &finding.related, &mut labels);
    Rendered {
        severity: miette_severity(finding.severity),
        message: finding.message.clone(),
        source: Some(finding.primary.file.clone()),
        labels,
        related,
    }
}

fn error_diagnostic(error: &FileError) -> Rendered {
    match &error.location {
        Some(location) => {
            let mut labels = vec![LabeledSpan::new_primary_with_span(None, span_of(location))];
            let related = place_related(location, &error.related, &mut labels);
            Rendered {
                severity: miette::Severity::Error,
                message: error.message.clone(),
                source: Some(location.file.clone()),
                labels,
                related,
            }
        }
        // The header names the file.
        None => Rendered {
            severity: miette::Severity::Error,
            message: error.message.clone(),
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

    #[test]
    fn header_names_the_primary_place_code_and_rule() {
        let text = render(&fixtures::with_findings(), Style::default());
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            "stacks/site.yaml:10:37: error[CF104] https-to-s3-website-endpoint"
        );
        assert!(text.contains("  docs: edgelint explain CF202\n"), "{text}");
    }

    #[test]
    fn a_far_related_place_in_the_same_file_comes_after_the_primary() {
        let mut report = fixtures::with_findings();
        let finding = &mut report.findings[1];
        // line 3, nine lines above the primary place on line 12
        let file = finding.primary.file.clone();
        let start = file.text().find("AWS::CloudFront::Distribution").unwrap();
        finding.related = vec![Label {
            file,
            span: crate::source::Span::new(start, start + 29),
            message: "the distribution".into(),
        }];
        let text = render(&report, Style::default());
        let primary = text.find("╭─[stacks/site.yaml:12:25]").unwrap();
        let related = text.find("╭─[stacks/site.yaml:3:11]").unwrap();
        assert!(primary < related, "{text}");
    }

    #[test]
    fn wrapping_keeps_code_spans_whole() {
        let words: Vec<String> = code_span_words("use `!Ref Function.Version` or `a b`, then")
            .map(|w| format!("{}{}", w.word, w.whitespace))
            .collect();
        assert_eq!(
            words,
            ["use ", "`!Ref Function.Version` ", "or ", "`a b`, ", "then"]
        );
        // an unpaired backtick does not glue the rest of the line together
        let words = code_span_words("a `b c").count();
        assert_eq!(words, 3);
        let style = Style {
            width: 30,
            ..Style::default()
        };
        let help = wrap_help(&style, "Set it with `!Ref Function.Version` instead.");
        assert!(help.contains("`!Ref Function.Version`"), "{help}");
        assert!(help.lines().count() > 1, "{help}");
    }
}
