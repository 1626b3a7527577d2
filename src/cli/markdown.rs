//! A rule's Markdown docs rendered for a terminal: headings as bold
//! lines, paragraphs and list items wrapped to the width, code blocks
//! indented under a caption naming the example's format and outcome, and
//! no `#`, fence or emphasis markers. Inline code keeps its backticks
//! without colour, where they are the only way to tell code from prose.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

use anstyle::{AnsiColor, Style};

/// The docs as terminal text, `width` columns wide.
pub fn render(markdown: &str, width: usize, color: bool) -> String {
    let paint = |style: Style, text: &str| -> String {
        if color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    };
    let bold = Style::new().bold();
    let code = Style::new().fg_color(Some(AnsiColor::Cyan.into()));
    let dim = Style::new().dimmed();
    let mut out = String::new();
    // the text of the paragraph, heading or list item being read
    let mut text = String::new();
    let mut in_code_block = false;
    let mut list_depth = 0usize;
    let mut links: Vec<String> = Vec::new();
    let block_end = |out: &mut String| {
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) | Event::Start(Tag::Paragraph) => text.clear(),
            Event::End(TagEnd::Heading(level)) => {
                let heading = if level == HeadingLevel::H1 {
                    text.to_uppercase()
                } else {
                    text.clone()
                };
                out.push_str(&paint(bold.underline(), &heading));
                out.push_str("\n\n");
                text.clear();
            }
            Event::End(TagEnd::Paragraph) => {
                if list_depth > 0 {
                    continue;
                }
                out.push_str(&wrap(&text, width, "", ""));
                out.push_str("\n\n");
                text.clear();
            }
            Event::Start(Tag::List(_)) => {
                if list_depth == 0 {
                    block_end(&mut out);
                }
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                if list_depth == 0 {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Item) => text.clear(),
            Event::End(TagEnd::Item) => {
                let indent = "  ".repeat(list_depth);
                let first = format!("{}• ", &indent[..indent.len().saturating_sub(2)]);
                out.push_str(&wrap(text.trim(), width, &first, &indent));
                out.push('\n');
                text.clear();
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = true;
                if let CodeBlockKind::Fenced(info) = kind {
                    let mut words = info.split_whitespace();
                    let caption = match (words.next(), words.next()) {
                        (Some(format), Some("fail")) => format!("{format}, reported:"),
                        (Some(format), Some("pass")) => format!("{format}, not reported:"),
                        (Some(format), _) => format!("{format}:"),
                        _ => String::new(),
                    };
                    if !caption.is_empty() {
                        out.push_str(&format!("  {}\n", paint(dim, &caption)));
                    }
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                out.push('\n');
            }
            Event::Text(t) if in_code_block => {
                for line in t.lines() {
                    out.push_str(&format!("    {}\n", paint(code, line)));
                }
            }
            Event::Text(t) => text.push_str(&t),
            Event::Code(t) => {
                if color {
                    text.push_str(&paint(code, &t));
                } else {
                    text.push('`');
                    text.push_str(&t);
                    text.push('`');
                }
            }
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                // the address after the text, where a terminal can open it
                if let Some(url) = links.pop() {
                    text.push_str(&format!(" ({url})"));
                }
            }
            _ => {}
        }
    }
    format!("{}\n", out.trim_end())
}

fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let options = textwrap::Options::new(width.max(20))
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(text, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: &str = "## What it does\nFlags an origin that uses `https-only`\nto a website endpoint.\n\n## Example\n```cloudformation fail\nResources: {}\n```\n\n- one item\n- two\n";

    #[test]
    fn no_markdown_markers_without_colour() {
        let text = render(DOCS, 80, false);
        assert_eq!(
            text,
            "What it does\n\nFlags an origin that uses `https-only` to a website endpoint.\n\nExample\n\n  cloudformation, reported:\n    Resources: {}\n\n• one item\n• two\n"
        );
    }

    #[test]
    fn wraps_to_the_width_and_colours_on_request() {
        let text = render(DOCS, 30, false);
        assert!(text.lines().all(|l| l.chars().count() <= 30), "{text}");
        let coloured = render(DOCS, 80, true);
        assert!(
            coloured.contains("\u{1b}[1m\u{1b}[4mWhat it does"),
            "{coloured:?}"
        );
        assert!(!coloured.contains('`'), "{coloured:?}");
    }

    #[test]
    fn a_builtin_rule_at_80_columns() {
        let registry = crate::rule::Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
        let rule = registry.find("CF104").unwrap();
        insta::assert_snapshot!(render(rule.docs(), 80, false));
    }

    #[test]
    fn every_builtin_rule_renders_without_markdown_noise() {
        let registry = crate::rule::Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
        for rule in registry.rules() {
            let text = render(rule.docs(), 80, false);
            assert!(!text.contains("```"), "{}: {text}", rule.code);
            assert!(
                !text.lines().any(|l| l.starts_with('#')),
                "{}: {text}",
                rule.code
            );
        }
    }
}
