//! A scan of HCL text for bracket nesting before it is parsed: `hcl-edit`
//! parses recursively, so text nested deeper than any configuration is
//! refused here, at the bracket that crosses the limit, instead of
//! exhausting the stack.

use crate::source::Span;

/// Deepest nesting of `(`, `[`, `{` and template interpolations parsed.
/// Real configurations stay below 20; `hcl-edit` needs several stack frames
/// per level, and the cap keeps that far from the end of a worker thread's
/// stack.
pub const MAX_HCL_NESTING: usize = 64;

/// The span of the first opening bracket nested deeper than
/// [`MAX_HCL_NESTING`], if any. Comments are skipped; inside a quoted
/// string only `${` and `%{` open a level. Heredoc bodies are scanned as
/// code, which can only overcount brackets that real heredocs balance.
pub fn too_deep(text: &str) -> Option<Span> {
    scan(text, false).deep
}

/// The same for the text of a template (a `.tf.json` string), whose text
/// outside interpolations is literal, quotes included.
pub fn template_too_deep(text: &str) -> Option<Span> {
    scan(text, true).deep
}

/// Whether HCL text has what the inputs `hcl-edit` backtracks on have
/// (it fails on them only after trying alternatives at every level): a
/// run of three or more arithmetic or `!` operators outside strings and
/// comments, or brackets left open or closed without opening at the end.
/// Real configurations have neither, except in heredoc bodies (scanned as
/// code), which are then only parsed more carefully.
pub fn risky(text: &str) -> bool {
    scan(text, false).risky
}

/// The same for a template's text.
pub fn template_risky(text: &str) -> bool {
    scan(text, true).risky
}

/// Operators in a row (spaces between them allowed) that make text risky.
const RISKY_OPERATOR_RUN: usize = 3;

struct Scan {
    /// The first bracket past the nesting limit.
    deep: Option<Span>,
    risky: bool,
}

fn scan(text: &str, template: bool) -> Scan {
    let bytes = text.as_bytes();
    // what each open level is: true for a template interpolation in a
    // string (whose `}` returns to the string)
    let mut levels: Vec<bool> = Vec::new();
    let mut in_string = template;
    let mut run = 0;
    let mut risky = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        if !in_string {
            match b {
                b'-' | b'+' | b'*' | b'%' | b'!' => run += 1,
                b'/' if !matches!(next, Some(b'/' | b'*')) => run += 1,
                b' ' | b'\t' => {}
                _ => run = 0,
            }
            risky |= run >= RISKY_OPERATOR_RUN;
        }
        if in_string {
            match (b, next) {
                (b'\\', _) => i += 1,
                (b'"', _) if !(template && levels.is_empty()) => in_string = false,
                (b'$' | b'%', Some(b'{')) => {
                    levels.push(true);
                    in_string = false;
                    if levels.len() > MAX_HCL_NESTING {
                        return Scan {
                            deep: Some(Span::new(i, i + 2)),
                            risky,
                        };
                    }
                    i += 1;
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        match (b, next) {
            (b'#', _) | (b'/', Some(b'/')) => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
            }
            (b'/', Some(b'*')) => {
                i += 2;
                while bytes.get(i).is_some()
                    && !bytes.get(i..).is_some_and(|r| r.starts_with(b"*/"))
                {
                    i += 1;
                }
                i += 1;
            }
            (b'"', _) => in_string = true,
            (b'(' | b'[' | b'{', _) => {
                levels.push(false);
                if levels.len() > MAX_HCL_NESTING {
                    return Scan {
                        deep: Some(Span::new(i, i + 1)),
                        risky,
                    };
                }
            }
            // closing an interpolation returns to its string
            (b')' | b']' | b'}', _) => match levels.pop() {
                Some(interpolation) => in_string = interpolation,
                None => risky = true,
            },
            _ => {}
        }
        i += 1;
    }
    Scan {
        deep: None,
        risky: risky || !levels.is_empty() || (in_string && !template),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_code_and_interpolations_but_not_comments_or_text() {
        let deep = "[".repeat(MAX_HCL_NESTING + 1);
        assert_eq!(
            too_deep(&deep),
            Some(Span::new(MAX_HCL_NESTING, MAX_HCL_NESTING + 1))
        );
        assert_eq!(too_deep(&"[".repeat(MAX_HCL_NESTING)), None);
        let commented = format!("# {deep}\n// {deep}\n/* {deep} */ x = 1");
        assert_eq!(too_deep(&commented), None);
        let text = format!("x = \"{deep} \\\" {deep}\"");
        assert_eq!(too_deep(&text), None);
        // `}` of an interpolation returns to the string, whose brackets
        // are text
        let nested = format!("x = \"${{a}}{deep}\"");
        assert_eq!(too_deep(&nested), None);
        let interpolations = "x = \"${\"".repeat(MAX_HCL_NESTING + 1);
        assert!(too_deep(&interpolations).is_some());
        assert_eq!(template_too_deep(&format!("\"{deep}")), None);
        assert!(template_too_deep(&"${[".repeat(MAX_HCL_NESTING)).is_some());
    }

    #[test]
    fn risky_text_is_operator_runs_and_unbalanced_brackets() {
        for safe in [
            "x = -1\ny = a * -b\nz = !c\n",
            "x = \"--flag --- ${a - b}\"\n# ---\n// ---\n/* --- */\n",
            "x = { a = [1, (2)] }\n",
            "x = a / b // a comment\n",
        ] {
            assert!(!risky(safe), "{safe}");
        }
        for bad in [
            "x = - - -1\n",
            "d=------1----ef",
            "x = { a = [1\n",
            "x = 1 }\n",
            "x = \"open",
        ] {
            assert!(risky(bad), "{bad}");
        }
        // a template's literal text is not code
        assert!(!template_risky("--- ${a} ---"));
        assert!(template_risky("${a - - - b}"));
    }
}
