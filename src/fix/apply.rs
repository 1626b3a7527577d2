//! Applying byte-range edits to a file's text.

use crate::finding::Edit;

/// Two edits of one application touch the same bytes, or an edit lies
/// outside the text (or splits a character): applying them would give a
/// file nobody wrote, so nothing is applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("edits at bytes {first}..{first_end} and {second}..{second_end} cannot both be applied")]
pub struct EditConflict {
    pub first: u32,
    pub first_end: u32,
    pub second: u32,
    pub second_end: u32,
}

/// The text with every edit applied. Edits may come in any order; two
/// insertions at the same place keep their given order. Edits that
/// overlap (an insertion strictly inside a replaced range counts) are a
/// conflict.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> Result<String, EditConflict> {
    let mut order: Vec<&Edit> = edits.to_vec();
    // stable: insertions at one offset keep the order they were given in
    order.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at: u32 = 0;
    let mut previous: Option<&Edit> = None;
    for edit in order {
        let (start, end) = (edit.span.start, edit.span.end);
        let conflict = |other: Option<&Edit>| EditConflict {
            first: other.map_or(start, |o| o.span.start),
            first_end: other.map_or(end, |o| o.span.end),
            second: start,
            second_end: end,
        };
        let in_text = |offset: u32| text.is_char_boundary(offset as usize);
        if !in_text(start) || !in_text(end) {
            return Err(conflict(None));
        }
        if start < at {
            return Err(conflict(previous));
        }
        out.push_str(text.get(at as usize..start as usize).unwrap_or_default());
        out.push_str(&edit.replacement);
        at = end;
        previous = Some(edit);
    }
    out.push_str(text.get(at as usize..).unwrap_or_default());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::source::Span;
    use std::sync::Arc;

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            file: Arc::new(SourceFile::new("t.yaml", "")),
            span: Span::new(start, end),
            replacement: replacement.into(),
        }
    }

    #[test]
    fn applies_in_offset_order() {
        let a = edit(7, 8, "3");
        let b = edit(0, 0, "# fixed\n");
        let c = edit(9, 9, "!");
        assert_eq!(
            apply_edits("count: 4\nx", &[&a, &b, &c]).unwrap(),
            "# fixed\ncount: 3\n!x"
        );
    }

    #[test]
    fn insertions_at_one_place_keep_their_order() {
        let a = edit(1, 1, "b");
        let b = edit(1, 1, "c");
        assert_eq!(apply_edits("ad", &[&a, &b]).unwrap(), "abcd");
    }

    #[test]
    fn overlapping_edits_are_refused() {
        let a = edit(0, 4, "x");
        let b = edit(2, 6, "y");
        assert!(apply_edits("abcdefgh", &[&a, &b]).is_err());
        let inside = edit(2, 2, "y");
        assert!(apply_edits("abcdefgh", &[&a, &inside]).is_err());
    }

    #[test]
    fn edits_outside_the_text_or_inside_a_character_are_refused() {
        assert!(apply_edits("abc", &[&edit(2, 9, "")]).is_err());
        assert!(apply_edits("é", &[&edit(1, 1, "x")]).is_err());
    }
}
