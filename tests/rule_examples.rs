//! Every rule's doc examples are tests: for each format the rule lists
//! (among the built front-ends) it has a `fail` and a `pass` example, a
//! `fail` example gives exactly one finding of the rule and a `pass`
//! example none.

use edgelint::frontend::IMPLEMENTED;
use edgelint::lint::check_example;
use edgelint::rule::Registry;

#[test]
fn builtin_rules_load() {
    let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    assert!(registry.rules().len() >= 6);
    for rule in registry.rules() {
        assert!(rule.code.starts_with("CF"), "{}", rule.code);
        assert!(!rule.summary().is_empty(), "{} has no summary", rule.code);
        assert!(rule.help().is_some(), "{} has no fix", rule.code);
    }
}

#[test]
fn doc_examples_hold() {
    let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    let mut problems = Vec::new();
    for rule in registry.rules() {
        for format in rule.formats.iter().filter(|f| IMPLEMENTED.contains(f)) {
            for want_fail in [true, false] {
                let has = rule
                    .examples()
                    .iter()
                    .any(|e| e.format == *format && e.expect_fail == want_fail);
                if !has {
                    let kind = if want_fail { "fail" } else { "pass" };
                    problems.push(format!(
                        "{}: no `{} {kind}` example",
                        rule.code,
                        format.name()
                    ));
                }
            }
        }
        for example in rule
            .examples()
            .iter()
            .filter(|e| IMPLEMENTED.contains(&e.format))
        {
            if let Err(problem) = check_example(rule, example, &registry) {
                problems.push(format!(
                    "{} example at docs line {} ({} {}): {problem}",
                    rule.code,
                    example.line,
                    example.format.name(),
                    if example.expect_fail { "fail" } else { "pass" }
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
