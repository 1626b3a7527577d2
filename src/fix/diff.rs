//! What a fix changes, as a unified diff (`check --diff`).

/// A unified diff of one file, `---`/`+++` naming it as reports do; empty
/// when nothing changed.
pub fn unified(name: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .missing_newline_hint(true)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_lines_with_context() {
        let diff = unified("t.yaml", "a: 1\nb: 2\nc: 3\n", "a: 1\nb: 3\nc: 3\n");
        assert_eq!(
            diff,
            "--- t.yaml\n+++ t.yaml\n@@ -1,3 +1,3 @@\n a: 1\n-b: 2\n+b: 3\n c: 3\n"
        );
        assert_eq!(unified("t.yaml", "x\n", "x\n"), "");
    }
}
