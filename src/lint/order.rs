//! Putting inputs and findings in a stable order cheaply: paths compared
//! as keys made once, items moved into the order found, not sorted.

use std::path::Path;

/// A path's components as bytes that sort as the components do: each is
/// a byte for its kind, in the order of [`Component`]'s variants, then,
/// for a name or prefix, its bytes, then a 0 (which no name holds, so a
/// name sorts before every longer name it begins). A Windows prefix
/// (`C:`, `\\server\share`) compares here by its text, where `Path::cmp`
/// compares the prefix's kind first: the two orders differ only between
/// paths whose prefixes are of different kinds.
///
/// [`Component`]: std::path::Component
pub(super) fn order_key(path: &Path) -> Vec<u8> {
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for component in path.components() {
        let (kind, name) = match component {
            Component::Prefix(prefix) => (1, Some(prefix.as_os_str())),
            Component::RootDir => (2, None),
            Component::CurDir => (3, None),
            Component::ParentDir => (4, None),
            Component::Normal(name) => (5, Some(name)),
        };
        key.push(kind);
        if let Some(name) = name {
            key.extend_from_slice(name.as_encoded_bytes());
        }
        key.push(0);
    }
    key
}

/// Puts `items` in `order` (indexes into `items`), leaving out the items
/// it does not name. Each item is moved twice, however many items there
/// are; sorting the items themselves moves each at every merge.
pub(super) fn reorder<T>(items: &mut Vec<T>, order: Vec<usize>) {
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.reserve_exact(order.len());
    items.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Order keys compare as paths do on many paths made of the pieces
    /// that tell components apart: separators doubled and trailing, `.`
    /// and `..`, a root, names that begin others, bytes below and above
    /// `/` and `.`, and below the bytes that mark a component's kind.
    #[test]
    fn order_keys_compare_as_paths() {
        const PIECES: &[&str] = &[
            "a", "a-b", "ab", "-", "..", ".", "", "é", "A", "b.yaml", "a.yaml", "~", " ", "a\u{1}",
            "\u{4}", "a\u{5}b",
        ];
        let mut next = crate::document::random_below(0x2545_f491_4f6c_dd1d);
        let paths: Vec<PathBuf> = (0..3000)
            .map(|_| {
                let count = 1 + next(5);
                let pieces: Vec<&str> = (0..count).map(|_| PIECES[next(PIECES.len())]).collect();
                let root = if next(4) == 0 { "/" } else { "" };
                PathBuf::from(format!("{root}{}", pieces.join("/")))
            })
            .collect();
        let keys: Vec<Vec<u8>> = paths.iter().map(|p| order_key(p)).collect();
        for (a, key_a) in paths.iter().zip(&keys) {
            for (b, key_b) in paths.iter().zip(&keys).take(300) {
                assert_eq!(key_a.cmp(key_b), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }
}
