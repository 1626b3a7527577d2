//! Removing a mapping entry or a sequence item from YAML or JSON text, in
//! the style of the document: in block style the element's lines go, in
//! flow style (and JSON) the element and one comma beside it.

use super::lines::{line_end, line_start};
use crate::document::Node;
use crate::source::Span;

/// The bytes that remove entry `index` of the mapping `map`.
pub fn entry(text: &str, map: &Node, index: usize) -> Option<Span> {
    let spans: Vec<Span> = map
        .entries()
        .iter()
        .map(|e| {
            Span::new(
                e.key_span.start as usize,
                e.value.span.end.max(e.key_span.end) as usize,
            )
        })
        .collect();
    element(text, map, &spans, index, false)
}

/// The bytes that remove item `index` of the sequence `seq`.
pub fn item(text: &str, seq: &Node, index: usize) -> Option<Span> {
    let spans: Vec<Span> = seq.items().iter().map(|n| n.span).collect();
    element(text, seq, &spans, index, true)
}

fn element(text: &str, parent: &Node, spans: &[Span], index: usize, dash: bool) -> Option<Span> {
    let this = *spans.get(index)?;
    let opening = text.get(parent.span.start as usize..)?.chars().next()?;
    if matches!(opening, '{' | '[') {
        // flow style: the element with the comma after it, or before it
        // when it is the last
        return Some(
            match (
                spans.get(index + 1),
                index.checked_sub(1).and_then(|i| spans.get(i)),
            ) {
                (Some(next), _) => Span::new(this.start as usize, next.start as usize),
                (None, Some(previous)) => Span::new(previous.end as usize, this.end as usize),
                (None, None) => this,
            },
        );
    }
    // block style: whole lines, when nothing but indentation (and the
    // item's dash) comes before the element on its line
    let start = this.start as usize;
    let line_start = line_start(text, start);
    let prefix = text.get(line_start..start)?.trim();
    if !(prefix.is_empty() || (dash && prefix == "-")) {
        return None;
    }
    let last = (this.end as usize).saturating_sub(1).max(start);
    Some(Span::new(line_start, line_end(text, last)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Limits, json, yaml};

    fn removed(text: &str, span: Span) -> String {
        format!(
            "{}{}",
            &text[..span.start as usize],
            &text[span.end as usize..]
        )
    }

    #[test]
    fn block_entries_and_items_lose_their_lines() {
        let text = "a:\n  b: 1\n  c:\n    - x\n    - code: y\n      reason: z\n  d: 2\ne: 3\n";
        let doc = yaml::parse(text, &Limits::default()).unwrap();
        let a = doc.get("a").unwrap();
        assert_eq!(
            removed(text, entry(text, a, 1).unwrap()),
            "a:\n  b: 1\n  d: 2\ne: 3\n"
        );
        let c = a.get("c").unwrap();
        assert_eq!(
            removed(text, item(text, c, 1).unwrap()),
            "a:\n  b: 1\n  c:\n    - x\n  d: 2\ne: 3\n"
        );
        assert_eq!(
            removed(text, item(text, c, 0).unwrap()),
            "a:\n  b: 1\n  c:\n    - code: y\n      reason: z\n  d: 2\ne: 3\n"
        );
        assert_eq!(
            removed(text, entry(text, &doc, 1).unwrap()),
            &text[..text.len() - 5]
        );
    }

    #[test]
    fn flow_and_json_elements_lose_a_comma() {
        let text = "a: {b: 1, c: [x, y, z]}\n";
        let doc = yaml::parse(text, &Limits::default()).unwrap();
        let a = doc.get("a").unwrap();
        assert_eq!(
            removed(text, entry(text, a, 0).unwrap()),
            "a: {c: [x, y, z]}\n"
        );
        let c = a.get("c").unwrap();
        assert_eq!(
            removed(text, item(text, c, 2).unwrap()),
            "a: {b: 1, c: [x, y]}\n"
        );
        assert_eq!(
            removed(text, item(text, c, 1).unwrap()),
            "a: {b: 1, c: [x, z]}\n"
        );

        let text = "{\n  \"a\": 1,\n  \"b\": [\"x\"]\n}\n";
        let doc = json::parse(text, &Limits::default()).unwrap();
        assert_eq!(
            removed(text, entry(text, &doc, 1).unwrap()),
            "{\n  \"a\": 1\n}\n"
        );
        assert_eq!(
            removed(text, entry(text, &doc, 0).unwrap()),
            "{\n  \"b\": [\"x\"]\n}\n"
        );
    }
}
