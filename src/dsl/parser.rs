//! Rule files into the syntax tree. The only module that sees pest.

use pest::Parser;
use pest::iterators::Pair;

use super::DslError;
use super::ast::*;
use crate::source::Span;

#[derive(pest_derive::Parser)]
#[grammar = "dsl/grammar.pest"]
struct RuleParser;

/// Nesting the parser accepts before refusing, so hostile rule files cannot
/// exhaust the stack in the recursive descent below.
pub const MAX_RULE_NESTING: usize = 64;

pub fn parse(text: &str) -> Result<Vec<RuleDef>, DslError> {
    check_nesting(text)?;
    let mut pairs = RuleParser::parse(Rule::file, text).map_err(|e| syntax_error(text, e))?;
    let Some(file) = pairs.next() else {
        return Ok(Vec::new());
    };
    file.into_inner()
        .filter(|p| p.as_rule() == Rule::rule_def)
        .map(rule_def)
        .collect()
}

fn check_nesting(text: &str) -> Result<(), DslError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' | '(' => {
                depth += 1;
                if depth > MAX_RULE_NESTING {
                    return Err(DslError::new(
                        format!("nesting deeper than {MAX_RULE_NESTING} levels"),
                        Span::new(i, i + 1),
                    ));
                }
            }
            '}' | ']' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn syntax_error(text: &str, e: pest::error::Error<Rule>) -> DslError {
    let span = match e.location {
        // the character at the position; empty at the end of the text
        pest::error::InputLocation::Pos(p) => {
            let width = text
                .get(p..)
                .and_then(|rest| rest.chars().next())
                .map_or(0, char::len_utf8);
            Span::new(p, p + width)
        }
        pest::error::InputLocation::Span((a, b)) => Span::new(a, b),
    };
    let message = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut expected: Vec<String> = Vec::new();
            // several grammar rules can read as one thing to expect
            for text in positives.iter().map(|r| describe(*r)) {
                if !expected.contains(&text) {
                    expected.push(text);
                }
            }
            if expected.is_empty() {
                "unexpected input".to_string()
            } else {
                format!("expected {}", expected.join(", "))
            }
        }
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    DslError::new(message, span)
}

fn describe(rule: Rule) -> String {
    match rule {
        Rule::rule_def => "`rule`".into(),
        Rule::meta => "a `meta { … }` block".into(),
        Rule::ident | Rule::field => "a name".into(),
        Rule::expr | Rule::query => "an expression".into(),
        Rule::cmp_op => "a comparison".into(),
        Rule::message => "a message `<< … >>`".into(),
        Rule::string => "a string".into(),
        Rule::fix_safety => "`safe` or `unsafe`".into(),
        Rule::fix_set | Rule::fix_remove | Rule::set_kw | Rule::remove_kw => {
            "`set … = …` or `remove …`".into()
        }
        Rule::EOI => "end of file".into(),
        other => format!("{other:?}").replace('_', " "),
    }
}

fn span(pair: &Pair<Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

fn rule_def(pair: Pair<Rule>) -> Result<RuleDef, DslError> {
    let whole = span(&pair);
    let mut docs = Vec::new();
    let mut name = String::new();
    let mut name_span = whole;
    let mut meta = Vec::new();
    let mut body = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::doc_line => {
                let text = p.into_inner().next().map_or("", |t| t.as_str());
                docs.push(text.strip_prefix(' ').unwrap_or(text).to_string());
            }
            Rule::rule_name => {
                name = p.as_str().to_string();
                name_span = span(&p);
            }
            Rule::meta => {
                for entry in p.into_inner() {
                    meta.push(meta_entry(entry)?);
                }
            }
            _ => body.push(statement(p)?),
        }
    }
    Ok(RuleDef {
        docs: docs.join("\n"),
        name,
        name_span,
        meta,
        body,
        span: whole,
    })
}

fn meta_entry(pair: Pair<Rule>) -> Result<MetaEntry, DslError> {
    let mut inner = pair.into_inner();
    let key = inner.next().ok_or_else(|| DslError::internal("meta key"))?;
    let value = inner
        .next()
        .ok_or_else(|| DslError::internal("meta value"))?;
    let value_span = span(&value);
    let meta_value = match value.as_rule() {
        Rule::list => {
            let mut items = Vec::new();
            for item in value.into_inner() {
                match expr(item)? {
                    Expr::Literal(Literal::Str(s), _) => items.push(s),
                    other => {
                        return Err(DslError::new("meta lists hold strings only", other.span()));
                    }
                }
            }
            MetaValue::List(items)
        }
        _ => match literal(value)? {
            Literal::Str(s) => MetaValue::Str(s),
            Literal::Int(i) => MetaValue::Int(i),
            Literal::Bool(b) => MetaValue::Bool(b),
        },
    };
    Ok(MetaEntry {
        key: key.as_str().to_string(),
        key_span: span(&key),
        value: meta_value,
        value_span,
    })
}

fn statement(pair: Pair<Rule>) -> Result<Stmt, DslError> {
    let whole = span(&pair);
    match pair.as_rule() {
        Rule::let_stmt => {
            let mut inner = pair.into_inner();
            let name = inner.next().ok_or_else(|| DslError::internal("let name"))?;
            let value = inner
                .next()
                .ok_or_else(|| DslError::internal("let value"))?;
            Ok(Stmt::Let {
                name: name.as_str().to_string(),
                expr: expr(value)?,
                span: whole,
            })
        }
        Rule::when_stmt => {
            let mut inner = pair.into_inner();
            let cond = condition(inner.next().ok_or_else(|| DslError::internal("when"))?)?;
            let body = block(
                inner
                    .next()
                    .ok_or_else(|| DslError::internal("when body"))?,
            )?;
            Ok(Stmt::When {
                cond,
                body,
                span: whole,
            })
        }
        Rule::clause => {
            let mut inner = pair.into_inner();
            let cond = condition(inner.next().ok_or_else(|| DslError::internal("clause"))?)?;
            let mut clause = Clause {
                cond,
                message: None,
                severity: None,
                related: Vec::new(),
                fix: None,
                span: whole,
            };
            for p in inner {
                match p.as_rule() {
                    Rule::message => {
                        let text = p.clone().into_inner().next().map_or("", |t| t.as_str());
                        clause.message = Some((normalize_message(text), span(&p)));
                    }
                    Rule::severity => {
                        let sev = p.clone().into_inner().next().map_or("", |t| t.as_str());
                        clause.severity = Some((sev.to_string(), span(&p)));
                    }
                    Rule::related => {
                        let rel_span = span(&p);
                        let mut parts = p.into_inner();
                        let q = query(parts.next().ok_or_else(|| DslError::internal("related"))?)?;
                        let label =
                            string(parts.next().ok_or_else(|| DslError::internal("label"))?);
                        clause.related.push(Related {
                            query: q,
                            label,
                            span: rel_span,
                        });
                    }
                    Rule::fix => clause.fix = Some(fix(p)?),
                    _ => {}
                }
            }
            Ok(Stmt::Clause(clause))
        }
        other => Err(DslError::internal(&format!("statement {other:?}"))),
    }
}

fn fix(pair: Pair<Rule>) -> Result<FixDecl, DslError> {
    let whole = span(&pair);
    let mut inner = pair.into_inner().skip(1);
    let safety = inner
        .next()
        .ok_or_else(|| DslError::internal("fix safety"))?;
    let title = inner
        .next()
        .ok_or_else(|| DslError::internal("fix title"))?;
    let mut actions = Vec::new();
    for action in inner {
        let action_span = span(&action);
        let kind = action.as_rule();
        let mut parts = action.into_inner().skip(1);
        let target = query(
            parts
                .next()
                .ok_or_else(|| DslError::internal("fix target"))?,
        )?;
        actions.push(match kind {
            Rule::fix_set => FixAction::Set {
                target,
                value: expr(
                    parts
                        .next()
                        .ok_or_else(|| DslError::internal("fix value"))?,
                )?,
                span: action_span,
            },
            _ => FixAction::Remove {
                target,
                span: action_span,
            },
        });
    }
    Ok(FixDecl {
        safe: safety.as_str() == "safe",
        title: normalize_message(&string(title)),
        actions,
        span: whole,
    })
}

/// Messages may span lines in the rule file; they read as one line.
fn normalize_message(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn block(pair: Pair<Rule>) -> Result<Vec<Stmt>, DslError> {
    pair.into_inner().map(statement).collect()
}

fn condition(pair: Pair<Rule>) -> Result<Cond, DslError> {
    let whole = span(&pair);
    let mut parts = pair
        .into_inner()
        .map(conjunction)
        .collect::<Result<Vec<_>, _>>()?;
    if parts.len() == 1 {
        return parts.pop().ok_or_else(|| DslError::internal("condition"));
    }
    Ok(Cond::Or(parts, whole))
}

fn conjunction(pair: Pair<Rule>) -> Result<Cond, DslError> {
    let whole = span(&pair);
    let mut parts = pair
        .into_inner()
        .map(check)
        .collect::<Result<Vec<_>, _>>()?;
    if parts.len() == 1 {
        return parts.pop().ok_or_else(|| DslError::internal("conjunction"));
    }
    Ok(Cond::And(parts, whole))
}

fn check(pair: Pair<Rule>) -> Result<Cond, DslError> {
    let whole = span(&pair);
    let mut negated = false;
    let mut result = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::negation => negated = true,
            Rule::group => {
                let inner = p
                    .into_inner()
                    .next()
                    .ok_or_else(|| DslError::internal("group"))?;
                result = Some(condition(inner)?);
            }
            Rule::some_check => {
                let mut inner = p.into_inner().filter(|p| p.as_rule() != Rule::some_kw);
                let q = query(inner.next().ok_or_else(|| DslError::internal("some"))?)?;
                let rest = inner
                    .next()
                    .ok_or_else(|| DslError::internal("some body"))?;
                let body = match rest.as_rule() {
                    Rule::block => SomeBody::Block(block(rest)?),
                    _ => {
                        let (op, rhs) = comparison(rest)?;
                        SomeBody::Compare(op, rhs)
                    }
                };
                result = Some(Cond::Some {
                    query: q,
                    body,
                    span: whole,
                });
            }
            Rule::test => result = Some(test(p, whole)?),
            _ => {}
        }
    }
    let cond = result.ok_or_else(|| DslError::internal("check"))?;
    Ok(if negated {
        Cond::Not(Box::new(cond), whole)
    } else {
        cond
    })
}

/// An expression and what is checked of it; `check` spans the whole check
/// (with its `not`), which a block check is located at.
fn test(pair: Pair<Rule>, check: Span) -> Result<Cond, DslError> {
    let whole = span(&pair);
    let mut inner = pair.into_inner();
    let lhs = expr(inner.next().ok_or_else(|| DslError::internal("test"))?)?;
    match inner.next() {
        Some(p) if p.as_rule() == Rule::block => match lhs {
            Expr::Query(query) => Ok(Cond::Block {
                query,
                body: block(p)?,
                span: check,
            }),
            other => Err(DslError::new(
                "a block `{ … }` follows a path, not a value",
                other.span(),
            )),
        },
        None => Err(DslError::new(
            "a check needs an operator: `==`, `exists`, `empty`, `in`, …",
            whole,
        )),
        Some(p) if p.as_rule() == Rule::unary => {
            let op = if p.as_str().starts_with("exists") {
                UnaryOp::Exists
            } else {
                UnaryOp::Empty
            };
            Ok(Cond::Unary {
                expr: lhs,
                op,
                span: whole,
            })
        }
        Some(p) => {
            let (op, rhs) = comparison(p)?;
            Ok(Cond::Compare {
                lhs,
                op,
                rhs,
                span: whole,
            })
        }
    }
}

fn comparison(pair: Pair<Rule>) -> Result<(CmpOp, Expr), DslError> {
    let mut inner = pair.into_inner();
    let op_pair = inner.next().ok_or_else(|| DslError::internal("operator"))?;
    let op = match op_pair.as_str() {
        "==" => CmpOp::Eq,
        "!=" => CmpOp::Ne,
        "<" => CmpOp::Lt,
        "<=" => CmpOp::Le,
        ">" => CmpOp::Gt,
        ">=" => CmpOp::Ge,
        "in" => CmpOp::In,
        _ => CmpOp::NotIn,
    };
    let rhs = expr(inner.next().ok_or_else(|| DslError::internal("operand"))?)?;
    Ok((op, rhs))
}

fn expr(pair: Pair<Rule>) -> Result<Expr, DslError> {
    let pair = if pair.as_rule() == Rule::expr {
        pair.into_inner()
            .next()
            .ok_or_else(|| DslError::internal("expr"))?
    } else {
        pair
    };
    let whole = span(&pair);
    match pair.as_rule() {
        Rule::literal => Ok(Expr::Literal(literal(pair)?, whole)),
        Rule::list => Ok(Expr::List(
            pair.into_inner().map(expr).collect::<Result<_, _>>()?,
            whole,
        )),
        Rule::call => {
            let mut inner = pair.into_inner();
            let name = inner.next().ok_or_else(|| DslError::internal("call"))?;
            Ok(Expr::Call {
                name: name.as_str().to_string(),
                args: inner.map(expr).collect::<Result<_, _>>()?,
                span: whole,
            })
        }
        Rule::query => Ok(Expr::Query(query(pair)?)),
        other => Err(DslError::internal(&format!("expression {other:?}"))),
    }
}

fn literal(pair: Pair<Rule>) -> Result<Literal, DslError> {
    let pair = if pair.as_rule() == Rule::literal {
        pair.into_inner()
            .next()
            .ok_or_else(|| DslError::internal("literal"))?
    } else {
        pair
    };
    match pair.as_rule() {
        Rule::string => Ok(Literal::Str(string(pair))),
        Rule::number => pair
            .as_str()
            .parse()
            .map(Literal::Int)
            .map_err(|_| DslError::new("number out of range", span(&pair))),
        Rule::boolean => Ok(Literal::Bool(pair.as_str() == "true")),
        other => Err(DslError::internal(&format!("literal {other:?}"))),
    }
}

fn string(pair: Pair<Rule>) -> String {
    let raw = pair.into_inner().next().map_or("", |p| p.as_str());
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn query(pair: Pair<Rule>) -> Result<Query, DslError> {
    let whole = span(&pair);
    let mut inner = pair.into_inner();
    let root_pair = inner
        .next()
        .ok_or_else(|| DslError::internal("query root"))?;
    let root_span = span(&root_pair);
    let root_inner = root_pair
        .into_inner()
        .next()
        .ok_or_else(|| DslError::internal("root"))?;
    let root = match root_inner.as_rule() {
        Rule::var_ref => Root::Var(root_inner.as_str().trim_start_matches('%').to_string()),
        Rule::setting_ref => Root::Setting(root_inner.as_str().trim_start_matches('$').to_string()),
        _ if root_inner.as_str() == "this" => Root::This,
        _ => Root::Name(root_inner.as_str().to_string()),
    };
    let mut steps = Vec::new();
    for step in inner {
        let Some(s) = step.into_inner().next() else {
            continue;
        };
        steps.push(match s.as_rule() {
            Rule::field => Step::Field(s.as_str().to_string(), span(&s)),
            Rule::all => Step::All,
            _ => {
                let cond = s
                    .into_inner()
                    .next()
                    .ok_or_else(|| DslError::internal("filter"))?;
                Step::Filter(Box::new(condition(cond)?))
            }
        });
    }
    Ok(Query {
        root,
        root_span,
        steps,
        span: whole,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
/// ## What it does
/// Flags things.
rule sample-rule {
    meta { code = "CF999" severity = "error" formats = ["cloudformation"] }
    # a comment
    let website = distributions[*].origins[ kind == "s3-website" ]
    %website.protocol_policy == "http-only"
        << origin `{id}` uses `{protocol_policy}` >>
    %website {
        some connect_ports[*] in [80, 443] << no port >>
        not origin_path exists or origin_path == "" << path set >> severity warning
    }
}
"#;

    #[test]
    fn parses_a_rule_with_docs_meta_and_clauses() {
        let rules = parse(SAMPLE).unwrap();
        assert_eq!(rules.len(), 1);
        let rule = &rules[0];
        assert_eq!(rule.name, "sample-rule");
        assert_eq!(rule.docs, "## What it does\nFlags things.");
        assert_eq!(rule.meta.len(), 3);
        assert_eq!(
            rule.meta[2].value,
            MetaValue::List(vec!["cloudformation".into()])
        );
        assert_eq!(rule.body.len(), 3);
        let Stmt::Clause(clause) = &rule.body[1] else {
            panic!("clause")
        };
        assert_eq!(
            clause.message.as_ref().unwrap().0,
            "origin `{id}` uses `{protocol_policy}`"
        );
        let Stmt::Clause(block) = &rule.body[2] else {
            panic!("block")
        };
        let Cond::Block { body, .. } = &block.cond else {
            panic!("block cond")
        };
        let Stmt::Clause(second) = &body[1] else {
            panic!()
        };
        assert!(matches!(second.cond, Cond::Or(..)));
        assert_eq!(second.severity.as_ref().unwrap().0, "warning");
    }

    #[test]
    fn nested_filters_are_parsed_once_per_level() {
        // each level used to be parsed once as a block's query and again as
        // an expression: 2^30 attempts here
        let mut query = "origins[*]".to_string();
        for _ in 0..30 {
            query = format!("distributions[ {query} exists ]");
        }
        let text =
            format!("rule x {{\n meta {{ code = \"A\" }}\n {query} {{ enabled == true }}\n}}");
        let rules = parse(&text).unwrap();
        let Stmt::Clause(clause) = &rules[0].body[0] else {
            panic!("clause")
        };
        assert!(matches!(clause.cond, Cond::Block { .. }));
    }

    #[test]
    fn a_block_after_a_value_is_an_error() {
        let err =
            parse("rule x {\n meta { code = \"A\" }\n \"a\" { enabled == true }\n}").unwrap_err();
        assert!(err.message.contains("follows a path"), "{}", err.message);
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        let err = parse("rule x {\n meta { code = \"A\" }\n origins == \n}").unwrap_err();
        assert_eq!(
            err.span.start, 43,
            "points at the closing brace where an operand was expected"
        );
    }

    #[test]
    fn a_syntax_error_at_the_end_stays_inside_the_text() {
        let text = "rule x {\n meta { code = \"A\" }\n";
        let err = parse(text).unwrap_err();
        assert!(text.get(err.span.range()).is_some(), "{:?}", err.span);
        let text = "rule x { meta {} é";
        let err = parse(text).unwrap_err();
        assert!(text.get(err.span.range()).is_some(), "{:?}", err.span);
    }

    #[test]
    fn refuses_deep_nesting_before_parsing() {
        let deep = format!(
            "rule x {{ meta {{}} a == {}1{} }}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let err = parse(&deep).unwrap_err();
        assert!(err.message.contains("nesting"));
    }

    #[test]
    fn keywords_are_not_names() {
        assert!(parse("rule x { meta {} exists == 1 << m >> }").is_err());
        assert!(parse("rule x { meta {} existsx == 1 << m >> }").is_ok());
    }

    #[test]
    fn parses_fixes_after_the_message() {
        let rules = parse(
            "rule x { meta {} origins[*] { read_timeout >= 1 << m >> related id \"r\"\n fix unsafe \"raise `{id}`\" { set read_timeout = 1  remove keepalive_timeout } } }",
        )
        .unwrap();
        let Stmt::Clause(outer) = &rules[0].body[0] else {
            panic!("clause")
        };
        let Cond::Block { body, .. } = &outer.cond else {
            panic!("block")
        };
        let Stmt::Clause(clause) = &body[0] else {
            panic!("clause")
        };
        let fix = clause.fix.as_ref().unwrap();
        assert!(!fix.safe);
        assert_eq!(fix.title, "raise `{id}`");
        assert!(matches!(
            &fix.actions[0],
            FixAction::Set {
                value: Expr::Literal(Literal::Int(1), _),
                ..
            }
        ));
        assert!(matches!(&fix.actions[1], FixAction::Remove { .. }));
        assert_eq!(clause.related.len(), 1);
    }

    #[test]
    fn a_fix_without_safety_or_action_is_a_syntax_error_at_its_place() {
        let text = "rule x { meta {} a == 1 << m >> fix \"t\" { set a = 1 } }";
        let err = parse(text).unwrap_err();
        assert_eq!(&text[err.span.range()], "\"");
        assert!(
            err.message.contains("`safe` or `unsafe`"),
            "{}",
            err.message
        );
        let text = "rule x { meta {} a == 1 << m >> fix safe \"t\" { put a = 1 } }";
        let err = parse(text).unwrap_err();
        assert_eq!(&text[err.span.range()], "p");
        assert!(
            err.message.contains("`set … = …` or `remove …`"),
            "{}",
            err.message
        );
    }
}
