//! LSP positions: 0-based lines and columns counted in UTF-16 code units
//! (the protocol's default encoding), from byte offsets.

use lsp_types::{Position, Range};

use crate::source::Span;

/// The LSP position of a byte offset (clamped to the text; an offset inside
/// a character counts from that character's start).
pub fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count();
    let column: usize = before
        .get(line_start..)
        .unwrap_or("")
        .chars()
        .map(char::len_utf16)
        .sum();
    Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        character: u32::try_from(column).unwrap_or(u32::MAX),
    }
}

pub fn range(text: &str, span: Span) -> Range {
    Range {
        start: position(text, span.start as usize),
        end: position(text, span.end as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii() {
        let text = "ab\ncd\n";
        assert_eq!(position(text, 0), Position::new(0, 0));
        assert_eq!(position(text, 4), Position::new(1, 1));
        assert_eq!(position(text, 100), Position::new(2, 0));
    }

    #[test]
    fn non_ascii_counts_utf16_units() {
        // é is 2 bytes and 1 unit; 😀 is 4 bytes and 2 units
        let text = "é😀x: y";
        let x = text.find('x').unwrap();
        assert_eq!(x, 6);
        assert_eq!(position(text, x), Position::new(0, 3));
        // inside a character: its start
        assert_eq!(position(text, 3), Position::new(0, 1));
    }
}
