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

/// What a scan of HCL text finds, in one pass.
pub struct Scan {
    /// The first opening bracket nested deeper than [`MAX_HCL_NESTING`],
    /// if any. Comments are skipped; inside a quoted string only `${` and
    /// `%{` open a level. Heredoc bodies are scanned as code, which can
    /// only overcount brackets that real heredocs balance.
    pub deep: Option<Span>,
    /// Whether the text has what the inputs `hcl-edit` backtracks on have
    /// (it fails on them only after trying alternatives at every level): a
    /// run of three or more arithmetic or `!` operators outside strings and
    /// comments, or brackets left open or closed without opening at the
    /// end. Real configurations have neither, except in heredoc bodies
    /// (scanned as code), which are then only parsed more carefully.
    pub risky: bool,
}

/// Scans HCL code.
pub fn code(text: &str) -> Scan {
    scan(text, false)
}

/// Scans the text of a template (a `.tf.json` string), whose text outside
/// interpolations is literal, quotes included.
pub fn template(text: &str) -> Scan {
    scan(text, true)
}

/// Operators in a row (spaces between them allowed) that make text risky.
const RISKY_OPERATOR_RUN: usize = 3;

fn scan(text: &str, template: bool) -> Scan {
    let bytes = text.as_bytes();
    // what each open level is: true for a template interpolation in a
    // string (whose `}` returns to the string)
    let mut levels: Vec<bool> = Vec::new();
    let mut in_string = template;
    let mut run = 0;
    let mut risky = false;
    let mut i = 0;
    while i < bytes.len() {
        let rest = bytes.get(i..).unwrap_or_default();
        if in_string {
            // only an escape, a quote and the `{` of `${` or `%{` matter
            // in a string: the search skips to the next of them
            let Some(at) = memchr::memchr3(b'\\', b'"', b'{', rest) else {
                break;
            };
            let j = i + at;
            match bytes.get(j) {
                Some(b'\\') => i = j + 2,
                Some(b'"') => {
                    in_string = template && levels.is_empty();
                    i = j + 1;
                }
                // the `$` or `%` must be after where the search began: one
                // before it was escaped
                Some(b'{') if at > 0 && matches!(bytes.get(j - 1), Some(b'$' | b'%')) => {
                    levels.push(true);
                    in_string = false;
                    if levels.len() > MAX_HCL_NESTING {
                        return Scan {
                            deep: Some(Span::new(j - 1, j + 1)),
                            risky,
                        };
                    }
                    i = j + 1;
                }
                _ => i = j + 1,
            }
            continue;
        }
        let Some(&b) = rest.first() else {
            break;
        };
        let next = rest.get(1).copied();
        match (b, next) {
            (b'#', _) | (b'/', Some(b'/')) => {
                // the line break ending the comment is not looked at
                run = 0;
                i = memchr::memchr(b'\n', rest).map_or(bytes.len(), |at| i + at + 1);
                continue;
            }
            (b'/', Some(b'*')) => {
                run = 0;
                i = memchr::memmem::find(rest.get(2..).unwrap_or_default(), b"*/")
                    .map_or(bytes.len(), |at| i + 2 + at + 2);
                continue;
            }
            (b'-' | b'+' | b'*' | b'%' | b'!' | b'/', _) => {
                run += 1;
                risky |= run >= RISKY_OPERATOR_RUN;
            }
            (b' ' | b'\t', _) => {}
            (b'"', _) => {
                run = 0;
                in_string = true;
            }
            (b'(' | b'[' | b'{', _) => {
                run = 0;
                levels.push(false);
                if levels.len() > MAX_HCL_NESTING {
                    return Scan {
                        deep: Some(Span::new(i, i + 1)),
                        risky,
                    };
                }
            }
            // closing an interpolation returns to its string
            (b')' | b']' | b'}', _) => {
                run = 0;
                match levels.pop() {
                    Some(interpolation) => in_string = interpolation,
                    None => risky = true,
                }
            }
            _ => {
                run = 0;
                // the rest of a name or number at once
                i += 1;
                while bytes
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.'))
                {
                    i += 1;
                }
                continue;
            }
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
            code(&deep).deep,
            Some(Span::new(MAX_HCL_NESTING, MAX_HCL_NESTING + 1))
        );
        assert_eq!(code(&"[".repeat(MAX_HCL_NESTING)).deep, None);
        let commented = format!("# {deep}\n// {deep}\n/* {deep} */ x = 1");
        assert_eq!(code(&commented).deep, None);
        let text = format!("x = \"{deep} \\\" {deep}\"");
        assert_eq!(code(&text).deep, None);
        // `}` of an interpolation returns to the string, whose brackets
        // are text
        let nested = format!("x = \"${{a}}{deep}\"");
        assert_eq!(code(&nested).deep, None);
        let interpolations = "x = \"${\"".repeat(MAX_HCL_NESTING + 1);
        assert!(code(&interpolations).deep.is_some());
        assert_eq!(template(&format!("\"{deep}")).deep, None);
        assert!(template(&"${[".repeat(MAX_HCL_NESTING)).deep.is_some());
    }

    #[test]
    fn risky_text_is_operator_runs_and_unbalanced_brackets() {
        for safe in [
            "x = -1\ny = a * -b\nz = !c\n",
            "x = \"--flag --- ${a - b}\"\n# ---\n// ---\n/* --- */\n",
            "x = { a = [1, (2)] }\n",
            "x = a / b // a comment\n",
        ] {
            assert!(!code(safe).risky, "{safe}");
        }
        for bad in [
            "x = - - -1\n",
            "d=------1----ef",
            "x = { a = [1\n",
            "x = 1 }\n",
            "x = \"open",
        ] {
            assert!(code(bad).risky, "{bad}");
        }
        // a template's literal text is not code
        assert!(!template("--- ${a} ---").risky);
        assert!(template("${a - - - b}").risky);
    }

    /// The scan as a state machine over every byte, which the scan above
    /// must agree with: it skips through strings and comments instead.
    fn byte_at_a_time(text: &str, template: bool) -> Scan {
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

    /// The scan agrees with the byte-at-a-time one on every `.tf` file of
    /// the test data and corpus, and on random text made of the characters
    /// that change its state.
    #[test]
    fn skipping_scan_agrees_with_byte_at_a_time() {
        let agree = |text: &str| {
            for template in [false, true] {
                let (fast, slow) = (scan(text, template), byte_at_a_time(text, template));
                assert_eq!(
                    (fast.deep, fast.risky),
                    (slow.deep, slow.risky),
                    "{text:?} template {template}"
                );
            }
        };
        let files = crate::document::sample_files(&["tf", "hcl"]);
        assert!(files.len() > 5, "{} files", files.len());
        for text in &files {
            agree(text);
        }
        let pieces = [
            "\"", "\\", "$", "%", "{", "}", "${", "%{", "$${", "\\$", "(", ")", "[", "]", "#",
            "//", "/*", "*/", "/", "*", "-", "+", "!", " ", "\t", "\n", "a", "x = ", "é",
        ];
        let mut next = crate::document::random_below(0x05ee_d4c1);
        for _ in 0..100_000 {
            let text: String = (0..next(40)).map(|_| pieces[next(pieces.len())]).collect();
            agree(&text);
        }
        let deep = "x = \"${".repeat(MAX_HCL_NESTING + 1);
        agree(&deep);
        agree(&"[".repeat(MAX_HCL_NESTING + 1));
    }
}
