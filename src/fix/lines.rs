//! Lines of a text, as edits see them: where one starts and ends, its
//! indentation, the file's line ending.

/// The byte offset where the line holding `at` starts.
pub fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// The byte offset just past the end of the line holding `at`, its line
/// break included (the end of the text on the last line).
pub fn line_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| at + i + 1)
}

/// Whether the text ends its lines with `\r\n` (its first line ending
/// decides).
pub fn uses_crlf(text: &str) -> bool {
    text.find('\n')
        .is_some_and(|i| i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r'))
}

/// `\r\n` when the file uses it, else `\n`.
pub fn line_ending(text: &str) -> &'static str {
    if uses_crlf(text) { "\r\n" } else { "\n" }
}

/// The whitespace a line starts with.
pub fn indentation(text: &str, line_start: usize) -> &str {
    let rest = text.get(line_start..).unwrap_or("");
    let width = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    rest.get(..width).unwrap_or("")
}

/// The offset of the first character at or after `at` that is not
/// whitespace (the end of the text when there is none).
pub fn skip_space(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    at + (rest.len() - rest.trim_start().len())
}

/// The offset just after the last character before `at` that is not
/// whitespace.
pub fn skip_space_back(text: &str, at: usize) -> usize {
    text.get(..at).map_or(0, |t| t.trim_end().len())
}

/// Whether only spaces and tabs come before `at` on its line.
pub fn first_on_line(text: &str, at: usize) -> bool {
    let start = line_start(text, at);
    text.get(start..at)
        .is_some_and(|t| t.chars().all(|c| c == ' ' || c == '\t'))
}
