//! The nearest name to a mistyped one: rule fields, settings, config keys,
//! and the origin ids a cache behavior can target.

/// The closest name to `name` among `candidates`, if it is close enough to
/// be a typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|&(d, c)| d <= (c.len().max(name.len()) / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let best = (prev.get(j).copied().unwrap_or(0) + cost)
                .min(prev.get(j + 1).copied().unwrap_or(0) + 1)
                .min(cur.get(j).copied().unwrap_or(0) + 1);
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = best;
            }
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["protocol_policy", "http_port", "https_port"];
        assert_eq!(
            did_you_mean("protocol_polcy", fields),
            Some("protocol_policy")
        );
        assert_eq!(did_you_mean("htps_port", fields), Some("https_port"));
        assert_eq!(did_you_mean("zzz", fields), None);
    }
}
