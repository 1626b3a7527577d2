//! Load-time checks of a rule against the model schema: every path exists,
//! comparisons compare compatible types, messages name fields that exist.
//! Resolves bare names to a field of the element being checked or to a
//! collection of the deployment.

use std::collections::HashMap;

use super::ast::*;
use super::{DslError, did_you_mean};
use crate::model::schema::{self, EntityDef, ScalarType, Ty};
use crate::source::Span;

/// What a query or expression yields.
#[derive(Clone, Copy, Debug)]
pub enum Type {
    Entity(&'static EntityDef),
    Scalar(ScalarType),
    /// A literal list or a call whose element type is not fixed.
    Any,
}

impl Type {
    fn describe(self) -> String {
        match self {
            Type::Entity(e) => format!("`{}` objects", e.name),
            Type::Scalar(ScalarType::Str) => "a string".into(),
            Type::Scalar(ScalarType::Int) => "an integer".into(),
            Type::Scalar(ScalarType::Bool) => "a boolean".into(),
            Type::Any => "a value".into(),
        }
    }
}

/// Functions rules may call, with their result types.
pub const FUNCTIONS: &[(&str, Type)] = &[
    ("count", Type::Scalar(ScalarType::Int)),
    ("sum", Type::Scalar(ScalarType::Int)),
    ("lower", Type::Scalar(ScalarType::Str)),
    ("upper", Type::Scalar(ScalarType::Str)),
    ("len", Type::Scalar(ScalarType::Int)),
];

struct Scope<'s> {
    /// Entity types of the elements being checked, innermost last.
    this: Vec<Option<Type>>,
    vars: Vec<HashMap<String, Type>>,
    settings: &'s dyn Fn(&str) -> bool,
    setting_names: &'s [&'s str],
}

impl Scope<'_> {
    fn var(&self, name: &str) -> Option<Type> {
        self.vars.iter().rev().find_map(|v| v.get(name).copied())
    }

    fn current(&self) -> Option<Type> {
        self.this.last().copied().flatten()
    }

    fn var_names(&self) -> Vec<&str> {
        self.vars
            .iter()
            .flat_map(|v| v.keys().map(String::as_str))
            .collect()
    }
}

/// Checks a rule and resolves its bare names. `setting_exists` says
/// whether `$name` is a known setting.
pub fn check_rule(
    rule: &mut RuleDef,
    setting_exists: &dyn Fn(&str) -> bool,
    setting_names: &[&str],
) -> Result<(), DslError> {
    let mut scope = Scope {
        this: vec![None],
        vars: vec![HashMap::new()],
        settings: setting_exists,
        setting_names,
    };
    let mut body = std::mem::take(&mut rule.body);
    let result = check_stmts(&mut body, &mut scope, false);
    rule.body = body;
    result
}

fn check_stmts(stmts: &mut [Stmt], scope: &mut Scope, has_message: bool) -> Result<(), DslError> {
    for stmt in stmts {
        match stmt {
            Stmt::Let { name, expr, span } => {
                let ty = check_expr(expr, scope)?;
                if scope.var(name).is_some() {
                    return Err(DslError::new(format!("`%{name}` is already bound"), *span));
                }
                if let Some(vars) = scope.vars.last_mut() {
                    vars.insert(name.clone(), ty);
                }
            }
            Stmt::When { cond, body, .. } => {
                check_cond(cond, scope)?;
                scope.vars.push(HashMap::new());
                let r = check_stmts(body, scope, has_message);
                scope.vars.pop();
                r?;
            }
            Stmt::Clause(clause) => check_clause(clause, scope, has_message)?,
        }
    }
    Ok(())
}

fn check_clause(
    clause: &mut Clause,
    scope: &mut Scope,
    outer_message: bool,
) -> Result<(), DslError> {
    let has_message = outer_message || clause.message.is_some();
    if let Some((severity, span)) = &clause.severity
        && crate::finding::Severity::parse(severity).is_none()
    {
        return Err(
            DslError::new(format!("unknown severity `{severity}`"), *span)
                .with_help("use `error`, `warning` or `info`"),
        );
    }
    let owner = check_cond(&mut clause.cond, scope)?;
    if !has_message && needs_message(&clause.cond) {
        return Err(
            DslError::new("this check has no message", clause.cond.span())
                .with_help("add `<< what is wrong >>` after it"),
        );
    }
    for related in &mut clause.related {
        check_query(&mut related.query, scope)?;
    }
    if let Some(fix) = &mut clause.fix {
        check_fix(fix, scope)?;
    }
    let mut entities: Vec<&'static EntityDef> = scope
        .this
        .iter()
        .filter_map(|t| match t {
            Some(Type::Entity(e)) => Some(*e),
            _ => None,
        })
        .collect();
    entities.extend(owner);
    if let Some((message, span)) = &clause.message {
        check_placeholders(message, *span, &entities, scope)?;
    }
    if let Some(fix) = &clause.fix {
        check_placeholders(&fix.title, fix.span, &entities, scope)?;
    }
    Ok(())
}

/// A fix sets scalars to values of their type, and removes what exists.
fn check_fix(fix: &mut FixDecl, scope: &mut Scope) -> Result<(), DslError> {
    if fix.title.trim().is_empty() {
        return Err(DslError::new("a fix needs a title", fix.span)
            .with_help("say what it does: `fix safe \"set `Quantity` to the item count\" { … }`"));
    }
    for action in &mut fix.actions {
        match action {
            FixAction::Set { target, value, .. } => {
                let target_ty = check_query(target, scope)?;
                if let Type::Entity(e) = target_ty {
                    return Err(DslError::new(
                        format!("a fix sets values, and this selects `{}` objects", e.name),
                        target.span,
                    )
                    .with_help("set one of their fields"));
                }
                let value_ty = check_expr(value, scope)?;
                if let (Type::Scalar(t), Type::Scalar(v)) = (target_ty, value_ty)
                    && t != v
                {
                    return Err(DslError::new(
                        format!(
                            "cannot set {} to {}",
                            target_ty.describe(),
                            value_ty.describe()
                        ),
                        value.span(),
                    ));
                }
                if let Type::Entity(e) = value_ty {
                    return Err(DslError::new(
                        format!("a field is set to a value, not to `{}` objects", e.name),
                        value.span(),
                    ));
                }
            }
            FixAction::Remove { target, .. } => {
                check_query(target, scope)?;
            }
        }
    }
    Ok(())
}

/// Whether a failing check of this shape surfaces as a finding (blocks
/// surface the findings of their inner clauses, which carry messages).
fn needs_message(cond: &Cond) -> bool {
    match cond {
        Cond::Block { .. } => false,
        Cond::Or(parts, _) | Cond::And(parts, _) => parts.iter().any(needs_message),
        _ => true,
    }
}

fn check_placeholders(
    message: &str,
    span: Span,
    entities: &[&'static EntityDef],
    scope: &Scope,
) -> Result<(), DslError> {
    let mut rest = message;
    while let Some(start) = rest.find('{') {
        let after = rest.get(start + 1..).unwrap_or("");
        let Some(end) = after.find('}') else {
            return Err(DslError::new("unclosed `{` in message", span));
        };
        let name = after.get(..end).unwrap_or("");
        let first = name.split('.').next().unwrap_or("");
        let known = first == "this"
            || first.strip_prefix('$').is_some_and(|s| (scope.settings)(s))
            || scope.var(first).is_some()
            || entities.iter().any(|e| placeholder_path_ok(e, name));
        if !known {
            let candidates: Vec<&str> = entities
                .iter()
                .flat_map(|e| e.fields.iter().map(|f| f.name))
                .chain(scope.var_names())
                .collect();
            let mut err = DslError::new(
                format!("message names `{name}`, which is not a field or variable here"),
                span,
            );
            if let Some(s) = did_you_mean(first, candidates) {
                err = err.with_help(format!("did you mean `{s}`?"));
            }
            return Err(err);
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
    Ok(())
}

fn placeholder_path_ok(entity: &'static EntityDef, path: &str) -> bool {
    let mut current = Some(entity);
    for segment in path.split('.') {
        let Some(e) = current else { return false };
        let Some(field) = e.field(segment) else {
            return false;
        };
        current = field.ty.entity();
    }
    true
}

/// Checks a condition; returns the entity owning the last field of its
/// left-hand query (messages may name that entity's fields).
fn check_cond(cond: &mut Cond, scope: &mut Scope) -> Result<Option<&'static EntityDef>, DslError> {
    match cond {
        Cond::Or(parts, _) | Cond::And(parts, _) => {
            let mut owner = None;
            for part in parts {
                owner = owner.or(check_cond(part, scope)?);
            }
            Ok(owner)
        }
        Cond::Not(inner, _) => check_cond(inner, scope),
        Cond::Block { query, body, .. } => {
            let ty = check_query(query, scope)?;
            with_element(scope, ty, |scope| check_stmts(body, scope, false))?;
            Ok(None)
        }
        Cond::Some { query, body, .. } => {
            let ty = check_query(query, scope)?;
            match body {
                SomeBody::Block(stmts) => {
                    // the `some` clause itself carries the message
                    with_element(scope, ty, |scope| check_stmts(stmts, scope, true))?;
                }
                SomeBody::Compare(op, rhs) => {
                    let rhs_ty = check_expr(rhs, scope)?;
                    check_comparison(ty, *op, rhs_ty, rhs.span())?;
                }
            }
            Ok(None)
        }
        Cond::Compare { lhs, op, rhs, .. } => {
            let lhs_ty = check_expr(lhs, scope)?;
            let rhs_ty = check_expr(rhs, scope)?;
            if let Type::Entity(e) = lhs_ty {
                return Err(DslError::new(
                    format!(
                        "`{}` objects cannot be compared; compare one of their fields",
                        e.name
                    ),
                    lhs.span(),
                ));
            }
            check_comparison(lhs_ty, *op, rhs_ty, rhs.span())?;
            Ok(owner_entity(lhs, scope))
        }
        Cond::Unary { expr, .. } => {
            check_expr(expr, scope)?;
            Ok(owner_entity(expr, scope))
        }
    }
}

fn with_element<T>(
    scope: &mut Scope,
    ty: Type,
    f: impl FnOnce(&mut Scope) -> Result<T, DslError>,
) -> Result<T, DslError> {
    scope.this.push(Some(ty));
    scope.vars.push(HashMap::new());
    let result = f(scope);
    scope.vars.pop();
    scope.this.pop();
    result
}

/// The entity whose field a query ends on.
fn owner_entity(expr: &Expr, scope: &Scope) -> Option<&'static EntityDef> {
    let Expr::Query(q) = expr else { return None };
    let mut current = match &q.root {
        Root::Var(name) => scope.var(name),
        Root::This => scope.current(),
        Root::Field(name) => match scope.current() {
            Some(Type::Entity(e)) => {
                if q.steps.iter().all(|s| !matches!(s, Step::Field(..))) {
                    return Some(e);
                }
                e.field(name).map(|f| type_of(f.ty))
            }
            _ => None,
        },
        Root::Global(name) => schema::DEPLOYMENT.field(name).map(|f| type_of(f.ty)),
        _ => None,
    };
    let mut owner = match (&q.root, scope.current()) {
        (Root::Field(_), Some(Type::Entity(e))) => Some(e),
        _ => None,
    };
    for step in &q.steps {
        if let Step::Field(name, _) = step
            && let Some(Type::Entity(e)) = current
        {
            owner = Some(e);
            current = e.field(name).map(|f| type_of(f.ty));
        }
    }
    owner
}

fn type_of(ty: Ty) -> Type {
    match ty {
        Ty::Scalar(s) | Ty::List(s) => Type::Scalar(s),
        Ty::Object(e) | Ty::Objects(e) | Ty::Link(e) | Ty::Links(e) => Type::Entity(e),
    }
}

fn check_comparison(lhs: Type, op: CmpOp, rhs: Type, rhs_span: Span) -> Result<(), DslError> {
    let (Type::Scalar(l), Type::Scalar(r)) = (lhs, rhs) else {
        return Ok(());
    };
    let ordered = matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge);
    if ordered && l != ScalarType::Int {
        return Err(DslError::new(
            format!(
                "`{}` compares numbers, but the left side is {}",
                op.symbol(),
                lhs.describe()
            ),
            rhs_span,
        ));
    }
    if l != r {
        return Err(DslError::new(
            format!("cannot compare {} with {}", lhs.describe(), rhs.describe()),
            rhs_span,
        ));
    }
    Ok(())
}

fn check_expr(expr: &mut Expr, scope: &mut Scope) -> Result<Type, DslError> {
    match expr {
        Expr::Literal(Literal::Str(_), _) => Ok(Type::Scalar(ScalarType::Str)),
        Expr::Literal(Literal::Int(_), _) => Ok(Type::Scalar(ScalarType::Int)),
        Expr::Literal(Literal::Bool(_), _) => Ok(Type::Scalar(ScalarType::Bool)),
        Expr::List(items, _) => {
            let mut ty = Type::Any;
            for item in items {
                let t = check_expr(item, scope)?;
                if let (Type::Any, Type::Scalar(_)) = (ty, t) {
                    ty = t;
                }
            }
            Ok(ty)
        }
        Expr::Call { name, args, span } => {
            let Some(&(_, ty)) = FUNCTIONS.iter().find(|(n, _)| n == name) else {
                let mut err = DslError::new(format!("unknown function `{name}`"), *span);
                if let Some(s) = did_you_mean(name, FUNCTIONS.iter().map(|(n, _)| *n)) {
                    err = err.with_help(format!("did you mean `{s}`?"));
                }
                return Err(err);
            };
            if args.len() != 1 {
                return Err(DslError::new(format!("`{name}` takes one argument"), *span));
            }
            for arg in args {
                check_expr(arg, scope)?;
            }
            Ok(ty)
        }
        Expr::Query(q) => check_query(q, scope),
    }
}

fn check_query(query: &mut Query, scope: &mut Scope) -> Result<Type, DslError> {
    let mut ty = match &query.root {
        Root::Var(name) => scope.var(name).ok_or_else(|| {
            let mut err = DslError::new(format!("`%{name}` is not bound"), query.root_span);
            if let Some(s) = did_you_mean(name, scope.var_names()) {
                err = err.with_help(format!("did you mean `%{s}`?"));
            }
            err
        })?,
        Root::Setting(name) => {
            if !(scope.settings)(name) {
                let mut err = DslError::new(format!("unknown setting `${name}`"), query.root_span);
                if let Some(s) = did_you_mean(name, scope.setting_names.iter().copied()) {
                    err = err.with_help(format!("did you mean `${s}`?"));
                }
                return Err(err);
            }
            Type::Scalar(ScalarType::Int)
        }
        Root::This => scope.current().ok_or_else(|| {
            DslError::new("`this` is only defined inside a block", query.root_span)
        })?,
        Root::Name(name) | Root::Field(name) | Root::Global(name) => {
            let name = name.clone();
            let local = match scope.current() {
                Some(Type::Entity(e)) => e.field(&name),
                _ => None,
            };
            if let Some(field) = local {
                query.root = Root::Field(name);
                type_of(field.ty)
            } else if let Some(field) = schema::DEPLOYMENT.field(&name) {
                query.root = Root::Global(name);
                type_of(field.ty)
            } else {
                let mut candidates: Vec<&str> =
                    schema::DEPLOYMENT.fields.iter().map(|f| f.name).collect();
                if let Some(Type::Entity(e)) = scope.current() {
                    candidates.extend(e.fields.iter().map(|f| f.name));
                }
                let here = match scope.current() {
                    Some(Type::Entity(e)) => format!("on `{}` or the deployment", e.name),
                    _ => "on the deployment".to_string(),
                };
                let mut err = DslError::new(format!("no field `{name}` {here}"), query.root_span);
                if let Some(s) = did_you_mean(&name, candidates) {
                    err = err.with_help(format!("did you mean `{s}`?"));
                }
                return Err(err);
            }
        }
    };
    for step in &mut query.steps {
        match step {
            Step::All => {}
            Step::Field(name, span) => {
                let Type::Entity(e) = ty else {
                    return Err(DslError::new(
                        format!("{} has no fields", ty.describe()),
                        *span,
                    ));
                };
                let Some(field) = e.field(name) else {
                    let mut err =
                        DslError::new(format!("`{}` has no field `{name}`", e.name), *span);
                    if let Some(s) = did_you_mean(name, e.fields.iter().map(|f| f.name)) {
                        err = err.with_help(format!("did you mean `{s}`?"));
                    }
                    return Err(err);
                };
                ty = type_of(field.ty);
            }
            Step::Filter(cond) => {
                with_element(scope, ty, |scope| check_cond(cond, scope))?;
            }
        }
    }
    Ok(ty)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::parser::parse;

    fn check(src: &str) -> Result<RuleDef, DslError> {
        let mut rules = parse(src).expect("parses");
        let mut rule = rules.remove(0);
        check_rule(&mut rule, &|s| s == "viewer_timeout", &["viewer_timeout"])?;
        Ok(rule)
    }

    #[test]
    fn accepts_paths_in_the_schema() {
        check(r#"rule r { meta {} distributions[*].origins[ kind == "s3-website" ].protocol_policy == "http-only" << `{id}` `{protocol_policy}` >> }"#).unwrap();
    }

    #[test]
    fn a_typo_is_an_error_with_a_suggestion() {
        let src = r#"rule r { meta {} distributions[*].origins.protocol_polcy == "x" << m >> }"#;
        let err = check(src).unwrap_err();
        assert_eq!(err.message, "`origin` has no field `protocol_polcy`");
        assert_eq!(err.help.as_deref(), Some("did you mean `protocol_policy`?"));
        assert_eq!(&src[err.span.range()], "protocol_polcy");
    }

    #[test]
    fn incompatible_comparisons_are_errors() {
        let err = check(r#"rule r { meta {} distributions.origins.http_port == "80" << m >> }"#)
            .unwrap_err();
        assert_eq!(err.message, "cannot compare an integer with a string");
        let err = check(r#"rule r { meta {} distributions.origins.domain_name > 3 << m >> }"#)
            .unwrap_err();
        assert!(err.message.contains("compares numbers"));
    }

    #[test]
    fn bare_names_resolve_inside_blocks() {
        let rule = check(r#"rule r { meta {} distributions[*].origins[*] { http_port == 80 << `{domain_name}` >> } }"#).unwrap();
        let Stmt::Clause(c) = &rule.body[0] else {
            panic!()
        };
        let Cond::Block { body, .. } = &c.cond else {
            panic!()
        };
        let Stmt::Clause(inner) = &body[0] else {
            panic!()
        };
        let Cond::Compare {
            lhs: Expr::Query(q),
            ..
        } = &inner.cond
        else {
            panic!()
        };
        assert_eq!(q.root, Root::Field("http_port".into()));
    }

    #[test]
    fn messages_and_settings_are_checked() {
        let err = check(
            r#"rule r { meta {} distributions.origins.http_port == 80 << `{domian_name}` >> }"#,
        )
        .unwrap_err();
        assert_eq!(err.help.as_deref(), Some("did you mean `domain_name`?"));
        assert!(check(r#"rule r { meta {} distributions.origins.http_port == 80 }"#).is_err());
        check(r#"rule r { meta {} lambda_functions.timeout <= $viewer_timeout << m >> }"#).unwrap();
        let err = check(r#"rule r { meta {} lambda_functions.timeout <= $viewer_timeot << m >> }"#)
            .unwrap_err();
        assert_eq!(err.help.as_deref(), Some("did you mean `$viewer_timeout`?"));
    }

    #[test]
    fn fixes_are_checked_against_the_schema() {
        check(
            r#"rule r { meta {} distributions[*].origins[*] { read_timeout >= 1 << m >> fix unsafe "set `{id}`" { set read_timeout = 1 } } }"#,
        )
        .unwrap();
        let err = check(
            r#"rule r { meta {} distributions[*].origins[*] { read_timeout >= 1 << m >> fix unsafe "t" { set read_timout = 1 } } }"#,
        )
        .unwrap_err();
        assert_eq!(err.help.as_deref(), Some("did you mean `read_timeout`?"));
        let err = check(
            r#"rule r { meta {} distributions[*].origins[*] { read_timeout >= 1 << m >> fix unsafe "t" { set read_timeout = "one" } } }"#,
        )
        .unwrap_err();
        assert!(
            err.message.contains("cannot set an integer to a string"),
            "{}",
            err.message
        );
        let err = check(
            r#"rule r { meta {} distributions[*] { enabled == true << m >> fix safe "t" { set origins = 1 } } }"#,
        )
        .unwrap_err();
        assert!(err.message.contains("sets values"), "{}", err.message);
        let err = check(
            r#"rule r { meta {} distributions[*].origins[*] { read_timeout >= 1 << m >> fix unsafe "set `{idd}`" { set read_timeout = 1 } } }"#,
        )
        .unwrap_err();
        assert!(err.message.contains("`idd`"), "{}", err.message);
    }
}
