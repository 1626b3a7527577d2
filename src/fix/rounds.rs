//! Applying the fixes of a run in rounds, each checked by a lint of its
//! result before it is kept.
//!
//! A round applies every fix that touches bytes no other fix of the round
//! touches, then lints the fixed texts: the next round picks among the
//! findings of that lint, until no fix is left or the rounds run out.
//! A fix whose result does not parse, still has its finding, or has a
//! finding the text before did not have, is refused and never applied.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use super::endings::apply_matching;
use crate::finding::{Applicability, Edit, FileError, Finding};

/// The texts that stand in for files on disk, by path.
pub type Texts = BTreeMap<PathBuf, String>;

/// What a lint gives the rounds to judge by.
pub trait Linted {
    /// The findings reported (after suppressions, baselines and selection).
    fn findings(&self) -> &[Finding];
    fn errors(&self) -> &[FileError];
}

/// A fix that was not applied, and why.
#[derive(Clone, Debug)]
pub struct Refused {
    pub finding: Finding,
    pub reason: String,
}

/// The result of the rounds.
pub struct Outcome<R> {
    /// The lint of the fixed texts.
    pub result: R,
    /// The fixed text of each changed file.
    pub texts: Texts,
    /// The text of each changed file before the first fix.
    pub originals: Texts,
    /// How many fixes were applied, by the file of their first edit.
    pub fixed: BTreeMap<PathBuf, usize>,
    pub refused: Vec<Refused>,
}

/// Which fixes a run applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Apply unsafe fixes too.
    pub unsafe_fixes: bool,
    /// At most this many rounds that change something.
    pub max_rounds: usize,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            unsafe_fixes: false,
            max_rounds: 10,
        }
    }
}

type Key = (String, String);

fn key(finding: &Finding) -> Key {
    (finding.code.clone(), finding.fingerprint.clone())
}

/// Applies the fixes of `first`'s findings in rounds; `relint` lints the
/// run again with the given texts in place of the files.
pub fn fix_in_rounds<R: Linted>(
    first: R,
    mut relint: impl FnMut(&Texts) -> R,
    policy: Policy,
) -> Outcome<R> {
    let mut current = first;
    let mut texts = Texts::new();
    let mut originals = Texts::new();
    let mut fixed: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut refused: Vec<Refused> = Vec::new();
    let mut rejected: HashSet<Key> = HashSet::new();
    // set when fixes that pass one by one fail together
    let mut one_at_a_time = false;
    let mut rounds = 0;
    while rounds < policy.max_rounds {
        let candidates: Vec<&Finding> = current
            .findings()
            .iter()
            .filter(|f| {
                f.fix.as_ref().is_some_and(|fix| {
                    !fix.edits.is_empty()
                        && (fix.applicability == Applicability::Safe || policy.unsafe_fixes)
                })
            })
            .filter(|f| !rejected.contains(&key(f)))
            .collect();
        let mut chosen: Vec<&Finding> = Vec::new();
        let mut taken: Vec<&Edit> = Vec::new();
        let mut broken: Vec<Refused> = Vec::new();
        for finding in candidates {
            let edits = &finding.fix.as_ref().map_or(&[][..], |f| &f.edits[..]);
            if edits
                .iter()
                .enumerate()
                .any(|(i, a)| edits.iter().skip(i + 1).any(|b| overlap(a, b)))
            {
                broken.push(Refused {
                    finding: finding.clone(),
                    reason: "its edits overlap each other".into(),
                });
                continue;
            }
            if edits.iter().any(|a| taken.iter().any(|b| overlap(a, b))) {
                continue;
            }
            taken.extend(edits.iter());
            chosen.push(finding);
            if one_at_a_time {
                break;
            }
        }
        for refusal in broken {
            rejected.insert(key(&refusal.finding));
            refused.push(refusal);
        }
        if chosen.is_empty() {
            break;
        }
        // edits chosen not to overlap always apply; if they did not, they
        // are refused one by one below
        let together = applied(&texts, &chosen)
            .ok()
            .filter(|next| *next != texts)
            .map(|next| {
                let after = relint(&next);
                (next, after)
            })
            .filter(|(_, after)| check(&chosen, &current, after).is_none());
        if let Some((next, after)) = together {
            for finding in &chosen {
                let path = first_path(finding);
                for edit in finding.fix.iter().flat_map(|f| &f.edits) {
                    originals
                        .entry(edit.file.path().to_path_buf())
                        .or_insert_with(|| edit.file.text().to_string());
                }
                *fixed.entry(path).or_default() += 1;
            }
            texts = next;
            current = after;
            rounds += 1;
            continue;
        }
        // find the fixes that fail on their own
        let mut any_alone = false;
        for finding in &chosen {
            let reason = match applied(&texts, &[*finding]) {
                Ok(alone) => check(&[*finding], &current, &relint(&alone)),
                Err(_) => Some("its edits do not fit the file".to_string()),
            };
            if let Some(reason) = reason {
                any_alone = true;
                rejected.insert(key(finding));
                refused.push(Refused {
                    finding: (*finding).clone(),
                    reason,
                });
            }
        }
        if !any_alone {
            one_at_a_time = true;
        }
    }
    Outcome {
        result: current,
        texts,
        originals,
        fixed,
        refused,
    }
}

fn first_path(finding: &Finding) -> PathBuf {
    finding
        .fix
        .as_ref()
        .and_then(|f| f.edits.first())
        .map_or_else(
            || finding.primary.file.path().to_path_buf(),
            |e| e.file.path().to_path_buf(),
        )
}

/// Whether two edits touch the same bytes of one file (two insertions at
/// one place count: their order would be a guess).
fn overlap(a: &Edit, b: &Edit) -> bool {
    a.file.path() == b.file.path()
        && ((a.span.start < b.span.end && b.span.start < a.span.end)
            || (a.span.start == b.span.start && (a.span.is_empty() || b.span.is_empty())))
}

/// The texts with the fixes of `findings` applied.
fn applied(texts: &Texts, findings: &[&Finding]) -> Result<Texts, super::EditConflict> {
    let mut by_file: BTreeMap<PathBuf, (&str, Vec<&Edit>)> = BTreeMap::new();
    for finding in findings {
        for edit in finding.fix.iter().flat_map(|f| &f.edits) {
            let path = edit.file.path().to_path_buf();
            let text = texts
                .get(&path)
                .map_or_else(|| edit.file.text(), String::as_str);
            by_file
                .entry(path)
                .or_insert((text, Vec::new()))
                .1
                .push(edit);
        }
    }
    let mut next = texts.clone();
    for (path, (text, edits)) in by_file {
        let fixed = apply_matching(text, &edits)?;
        next.insert(path, fixed);
    }
    Ok(next)
}

/// Why the fixes of `findings`, taking `before` to `after`, must not be
/// applied; `None` when they may.
fn check<R: Linted>(findings: &[&Finding], before: &R, after: &R) -> Option<String> {
    let touched: HashSet<String> = findings
        .iter()
        .flat_map(|f| f.fix.iter().flat_map(|fix| &fix.edits))
        .map(|e| e.file.name())
        .collect();
    let errors_in = |r: &R, name: &str| r.errors().iter().filter(|e| e.file == name).count();
    for name in &touched {
        if errors_in(after, name) > errors_in(before, name) {
            let error = after
                .errors()
                .iter()
                .rfind(|e| &e.file == name)
                .map_or_else(String::new, |e| format!(": {}", e.message));
            return Some(format!("the fixed file would not parse{error}"));
        }
    }
    let count = |r: &R| {
        let mut counts: HashMap<Key, usize> = HashMap::new();
        for f in r.findings() {
            *counts.entry(key(f)).or_default() += 1;
        }
        counts
    };
    let (was, now) = (count(before), count(after));
    for finding in findings {
        let k = key(finding);
        if now.get(&k).copied().unwrap_or(0) >= was.get(&k).copied().unwrap_or(0) {
            return Some("its finding would still be reported".into());
        }
    }
    for f in after.findings() {
        let k = key(f);
        if now.get(&k).copied().unwrap_or(0) > was.get(&k).copied().unwrap_or(0) {
            return Some(format!(
                "it would add a finding, {} at {}: {}",
                f.code,
                f.primary.place(),
                f.message
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Fix, Label, Severity};
    use crate::source::{SourceFile, Span};
    use std::sync::Arc;

    /// A toy linter: every `bad` in a file is a finding whose fix writes
    /// `good`; `BAD` is one whose fix writes `BAD` again (it does not
    /// remove its finding), `NEW` one whose fix adds a `bad`. Fingerprints
    /// count occurrences.
    struct Toy(Vec<Finding>, Vec<FileError>);

    impl Linted for Toy {
        fn findings(&self) -> &[Finding] {
            &self.0
        }
        fn errors(&self) -> &[FileError] {
            &self.1
        }
    }

    fn toy(path: &str, text: &str) -> Toy {
        let file = Arc::new(SourceFile::new(path, text));
        let mut findings = Vec::new();
        for (word, replacement) in [("bad", "good"), ("BAD", "BAD"), ("NEW", "new bad")] {
            for (n, (at, _)) in text.match_indices(word).enumerate() {
                let span = Span::new(at, at + word.len());
                findings.push(Finding {
                    code: word.to_lowercase(),
                    name: word.into(),
                    severity: Severity::Error,
                    message: "m".into(),
                    primary: Label {
                        file: file.clone(),
                        span,
                        message: String::new(),
                    },
                    related: Vec::new(),
                    help: None,
                    resource: None,
                    fingerprint: format!("{word}{n}"),
                    conditions: Vec::new(),
                    facts: Vec::new(),
                    construct_path: None,
                    fix: Some(Fix {
                        title: format!("write `{replacement}`"),
                        applicability: Applicability::Safe,
                        edits: vec![Edit {
                            file: file.clone(),
                            span,
                            replacement: replacement.into(),
                        }],
                    }),
                });
            }
        }
        let errors = if text.contains('{') {
            vec![FileError {
                code: "parse".into(),
                message: "unbalanced".into(),
                file: path.into(),
                location: None,
                related: Vec::new(),
            }]
        } else {
            Vec::new()
        };
        Toy(findings, errors)
    }

    fn run(text: &str) -> Outcome<Toy> {
        let relint = |texts: &Texts| {
            let text = texts.get(&PathBuf::from("t")).map_or(text, String::as_str);
            toy("t", text)
        };
        fix_in_rounds(toy("t", text), relint, Policy::default())
    }

    #[test]
    fn fixes_apply_and_the_rest_is_kept() {
        let out = run("a bad b bad c");
        assert_eq!(out.texts[&PathBuf::from("t")], "a good b good c");
        assert_eq!(out.originals[&PathBuf::from("t")], "a bad b bad c");
        assert_eq!(out.fixed[&PathBuf::from("t")], 2);
        assert!(out.result.0.is_empty());
        assert!(out.refused.is_empty());
    }

    #[test]
    fn a_fix_that_keeps_its_finding_or_adds_one_is_refused() {
        let out = run("a bad b BAD c NEW");
        // `bad` fixed; `BAD` and `NEW` refused, their text unchanged
        assert_eq!(out.texts[&PathBuf::from("t")], "a good b BAD c NEW");
        let mut reasons: Vec<(String, String)> = out
            .refused
            .iter()
            .map(|r| (r.finding.code.clone(), r.reason.clone()))
            .collect();
        reasons.sort();
        assert_eq!(reasons[0].0, "bad");
        assert_eq!(reasons[0].1, "its finding would still be reported");
        assert_eq!(reasons[1].0, "new");
        assert!(
            reasons[1]
                .1
                .starts_with("it would add a finding, bad at t:1:"),
            "{reasons:?}"
        );
    }

    #[test]
    fn a_fix_that_breaks_the_file_is_refused() {
        let file = Arc::new(SourceFile::new("t", "x bad"));
        let mut first = toy("t", "x bad");
        first.0[0].fix.as_mut().unwrap().edits = vec![Edit {
            file,
            span: Span::new(2, 5),
            replacement: "{".into(),
        }];
        let out = fix_in_rounds(
            first,
            |texts: &Texts| toy("t", texts.get(&PathBuf::from("t")).unwrap()),
            Policy::default(),
        );
        assert!(out.texts.is_empty());
        assert!(
            out.refused[0]
                .reason
                .starts_with("the fixed file would not parse")
        );
    }

    #[test]
    fn overlapping_fixes_take_rounds_and_rounds_are_bounded() {
        // each `bad` inside `badbad`... fixed one per round where they touch
        let file = Arc::new(SourceFile::new("t", "bad"));
        let mut first = toy("t", "bad");
        let mut second = first.0[0].clone();
        second.fingerprint = "other".into();
        second.fix.as_mut().unwrap().edits = vec![Edit {
            file,
            span: Span::new(0, 3),
            replacement: "good".into(),
        }];
        first.0.push(second);
        let out = fix_in_rounds(
            first,
            |texts: &Texts| toy("t", texts.get(&PathBuf::from("t")).unwrap()),
            Policy::default(),
        );
        assert_eq!(out.texts[&PathBuf::from("t")], "good");
        assert_eq!(out.fixed[&PathBuf::from("t")], 1);

        // every finding's fix removes the first character: they all
        // overlap, so one is applied per round, and the rounds run out
        let chars = |text: &str| {
            let file = Arc::new(SourceFile::new("t", text));
            let mut linted = toy("t", "");
            for rank in 0..text.len() {
                let mut f = toy("t", "bad").0.remove(0);
                // the last characters keep their fingerprints
                f.fingerprint = format!("x{}", text.len() - rank);
                f.fix.as_mut().unwrap().edits = vec![Edit {
                    file: file.clone(),
                    span: Span::new(0, 1),
                    replacement: String::new(),
                }];
                linted.0.push(f);
            }
            linted
        };
        let mut lints = 0;
        let out = fix_in_rounds(
            chars("xxxxx"),
            |texts: &Texts| {
                lints += 1;
                chars(texts.get(&PathBuf::from("t")).unwrap())
            },
            Policy {
                unsafe_fixes: false,
                max_rounds: 3,
            },
        );
        assert_eq!(lints, 3);
        assert_eq!(out.texts[&PathBuf::from("t")], "xx");
        assert_eq!(out.fixed[&PathBuf::from("t")], 3);
        assert_eq!(out.result.0.len(), 2);
    }

    #[test]
    fn unsafe_fixes_only_when_asked() {
        let mut first = toy("t", "bad");
        first.0[0].fix.as_mut().unwrap().applicability = Applicability::Unsafe;
        let out = fix_in_rounds(first, |_: &Texts| unreachable!(), Policy::default());
        assert!(out.texts.is_empty());
    }
}
