//! Evaluation of Terraform expressions to the values `terraform plan`
//! would know: literals, variables, locals, templates, conditionals,
//! operators, `for` expressions and the common functions. Anything else is
//! Unknown — never an error — and references to resource attributes become
//! Unknown values that carry the reference, so the model can link them.

use std::collections::HashMap;
use std::sync::Arc;

use hcl_edit::expr::{BinaryOperator, Expression, TraversalOperator, UnaryOperator};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::{Span as _, parser};

use super::functions;
use super::syntax::{Expr, Src};
use super::value::{
    MAX_COLLECTION, MAX_EVAL_DEPTH, MAX_FOR_ITERATIONS, MAX_VALUE_DEPTH, Names, Scope, Step, V,
    Val, elements,
};
use crate::document::NodeValue;
use crate::model::{Origin, Part, UnknownReason};
use crate::source::{FileId, Loc};

/// Evaluates one expression.
pub fn eval(names: &dyn Names, expr: Expr<'_>, scope: &Scope) -> V {
    match expr {
        Expr::Hcl(e, src) => eval_hcl(names, e, src, scope),
        Expr::Json(node, file) => eval_json(names, node, file, scope),
        Expr::Literal(node, file) => literal(node, file),
        Expr::Computed {
            references,
            module,
            loc,
        } => {
            let refs: Vec<&str> = references
                .map(|r| r.items().iter().filter_map(|i| i.as_str()).collect())
                .unwrap_or_default();
            names.computed(&refs, module, loc)
        }
    }
}

/// A plan value, as it is.
fn literal(node: &crate::document::Node, file: FileId) -> V {
    let loc = Loc::new(file, node.span);
    match &node.value {
        NodeValue::Null => V::new(Val::Null, loc),
        NodeValue::Bool(b) => V::new(Val::Bool(*b), loc),
        NodeValue::Int(i) => V::new(Val::Num(*i as f64), loc),
        NodeValue::Float(f) => V::new(Val::Num(*f), loc),
        NodeValue::Str(s) => V::new(Val::Str(s.clone()), loc),
        NodeValue::Seq(items) => V::new(
            Val::List(items.iter().map(|i| literal(i, file)).collect()),
            loc,
        ),
        NodeValue::Map(entries) => V::new(
            Val::Map(
                entries
                    .iter()
                    .map(|e| (e.key.to_string(), literal(&e.value, file)))
                    .collect(),
            ),
            loc,
        ),
    }
}

/// Stack left below which evaluation continues on a new stack segment,
/// and that segment's size: expressions nest within definitions that nest
/// within modules, and each level recurses, deeper together than a
/// thread's stack holds.
const STACK_RED_ZONE: usize = 128 * 1024;
const STACK_SEGMENT: usize = 4 * 1024 * 1024;

fn eval_json(names: &dyn Names, node: &crate::document::Node, file: FileId, scope: &Scope) -> V {
    stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
        eval_json_here(names, node, file, scope)
    })
}

fn eval_json_here(
    names: &dyn Names,
    node: &crate::document::Node,
    file: FileId,
    scope: &Scope,
) -> V {
    let loc = Loc::new(file, node.span);
    if !names.budget().step(loc) {
        return V::unsupported(loc);
    }
    match &node.value {
        NodeValue::Null => V::new(Val::Null, loc),
        NodeValue::Bool(b) => V::new(Val::Bool(*b), loc),
        NodeValue::Int(i) => V::new(Val::Num(*i as f64), loc),
        NodeValue::Float(f) => V::new(Val::Num(*f), loc),
        NodeValue::Str(s) => {
            if !names.budget().build(s.len() as u64, loc) {
                return V::unsupported(loc);
            }
            if !s.contains("${") && !s.contains("%{") {
                return V::new(Val::Str(s.clone()), loc);
            }
            // the parser runs here on this thread: text it could backtrack
            // on is not evaluated
            let scan = super::nesting::template(s);
            if scan.deep.is_some() || scan.risky {
                return V::unsupported(loc);
            }
            // The template's offsets are those of the unescaped text; they
            // match the file when the string has no escapes, which is the
            // common case, and stay inside the string otherwise.
            match parser::parse_template(s) {
                Ok(template) => {
                    let src = Src {
                        file,
                        base: node.span.start as usize + 1,
                    };
                    let mut v = eval_template(names, &template, src, loc, scope);
                    clamp_into(&mut v, loc);
                    v
                }
                Err(_) => V::unsupported(loc),
            }
        }
        NodeValue::Seq(items) => {
            if !names.budget().build(elements(items.len()), loc) {
                return V::unsupported(loc);
            }
            V::new(
                Val::List(
                    items
                        .iter()
                        .map(|i| eval_json(names, i, file, scope))
                        .collect(),
                ),
                loc,
            )
        }
        NodeValue::Map(entries) => {
            if !names.budget().build(elements(entries.len()), loc) {
                return V::unsupported(loc);
            }
            V::new(
                Val::Map(
                    entries
                        .iter()
                        .map(|e| (e.key.to_string(), eval_json(names, &e.value, file, scope)))
                        .collect(),
                ),
                loc,
            )
        }
    }
}

/// Keeps locations computed inside a JSON string within that string.
fn clamp_into(v: &mut V, outer: Loc) {
    if v.loc.file == outer.file
        && (v.loc.span.start < outer.span.start || v.loc.span.end > outer.span.end)
    {
        v.loc = outer;
    }
}

/// The value of a number literal. The HCL parser keeps a literal beyond
/// `f64` (`1e400`, valid in Terraform, whose numbers have arbitrary
/// precision) as `f64::MAX` (negated in `-1e400`, which it folds into the
/// literal); that value is not the literal's, so it is unknown rather
/// than a huge number a rule could compare.
fn literal_number(n: &hcl_edit::Number) -> Option<f64> {
    n.as_f64().filter(|f| f.abs() < f64::MAX)
}

/// A constant written outside any file (a `--var` value of a collection
/// type), every part located at `loc`: literals, lists and objects only —
/// anything else is a value edgelint does not evaluate.
pub fn constant(e: &Expression, loc: Loc, depth: u32) -> V {
    if depth > MAX_EVAL_DEPTH {
        return V::unsupported(loc);
    }
    match e {
        Expression::Null(_) => V::new(Val::Null, loc),
        Expression::Bool(b) => V::new(Val::Bool(*b.value()), loc),
        Expression::Number(n) => literal_number(n.value())
            .map_or_else(|| V::unsupported(loc), |f| V::new(Val::Num(f), loc)),
        Expression::String(s) => V::str(s.value(), loc),
        Expression::Parenthesis(p) => constant(p.inner(), loc, depth + 1),
        Expression::Array(items) => V::new(
            Val::List(items.iter().map(|i| constant(i, loc, depth + 1)).collect()),
            loc,
        ),
        Expression::Object(object) => {
            let mut entries = Vec::new();
            for (key, value) in object.iter() {
                let key = match key {
                    hcl_edit::expr::ObjectKey::Ident(id) => id.as_str().to_string(),
                    hcl_edit::expr::ObjectKey::Expression(Expression::String(s)) => {
                        s.value().to_string()
                    }
                    hcl_edit::expr::ObjectKey::Expression(_) => return V::unsupported(loc),
                };
                entries.push((key, constant(value.expr(), loc, depth + 1)));
            }
            V::new(Val::Map(entries), loc)
        }
        _ => V::unsupported(loc),
    }
}

fn eval_hcl(names: &dyn Names, e: &Expression, src: Src, scope: &Scope) -> V {
    stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
        eval_hcl_here(names, e, src, scope)
    })
}

fn eval_hcl_here(names: &dyn Names, e: &Expression, src: Src, scope: &Scope) -> V {
    let loc = src.loc(e.span());
    if !names.budget().step(loc) {
        return V::unsupported(loc);
    }
    match e {
        Expression::Null(_) => V::new(Val::Null, loc),
        Expression::Bool(b) => V::new(Val::Bool(*b.value()), loc),
        Expression::Number(n) => match literal_number(n.value()) {
            Some(f) => V::new(Val::Num(f), loc),
            None => V::unsupported(loc),
        },
        Expression::String(s) => {
            if !names.budget().build(s.value().len() as u64, loc) {
                return V::unsupported(loc);
            }
            V::str(s.value(), loc)
        }
        Expression::Array(items) => {
            if !names.budget().build(elements(items.len()), loc) {
                return V::unsupported(loc);
            }
            V::new(
                Val::List(
                    items
                        .iter()
                        .map(|i| eval_hcl(names, i, src, scope))
                        .collect(),
                ),
                loc,
            )
        }
        Expression::Object(object) => {
            if !names.budget().build(elements(object.len()), loc) {
                return V::unsupported(loc);
            }
            let mut entries = Vec::new();
            for (key, value) in object.iter() {
                let key_text = match key {
                    hcl_edit::expr::ObjectKey::Ident(id) => Some(id.as_str().to_string()),
                    hcl_edit::expr::ObjectKey::Expression(k) => {
                        // a bare name in parentheses or a string
                        eval_hcl(names, k, src, scope).to_text()
                    }
                };
                let Some(key_text) = key_text else {
                    return V::unsupported(loc);
                };
                entries.push((key_text, eval_hcl(names, value.expr(), src, scope)));
            }
            V::new(Val::Map(entries), loc)
        }
        Expression::StringTemplate(t) => eval_template(names, t, src, loc, scope),
        Expression::HeredocTemplate(h) => {
            let mut template = h.template.clone();
            if h.indent().is_some() {
                // `<<-` strips the common leading whitespace
                let mut heredoc = (**h).clone();
                heredoc.dedent();
                template = heredoc.template;
            }
            eval_template(names, &template, src, loc, scope)
        }
        Expression::Parenthesis(p) => {
            let mut v = eval_hcl(names, p.inner(), src, scope);
            v.loc = loc;
            v
        }
        Expression::Variable(name) => traverse(names, name.as_str(), &[], src, loc, scope),
        Expression::Traversal(t) => match &t.expr {
            Expression::Variable(name) => {
                traverse(names, name.as_str(), &t.operators, src, loc, scope)
            }
            inner => {
                let base = eval_hcl(names, inner, src, scope);
                let steps = match steps_of(names, &t.operators, src, scope) {
                    Some(s) => s,
                    None => return V::unsupported(loc),
                };
                let mut v = apply_steps(base, &steps, loc);
                v.loc = loc;
                v
            }
        },
        Expression::Conditional(c) => {
            let cond = eval_hcl(names, &c.cond_expr, src, scope);
            match cond.as_bool() {
                Some(true) => eval_hcl(names, &c.true_expr, src, scope),
                Some(false) => eval_hcl(names, &c.false_expr, src, scope),
                None => {
                    // Both branches alike: the condition does not matter.
                    let a = eval_hcl(names, &c.true_expr, src, scope);
                    let b = eval_hcl(names, &c.false_expr, src, scope);
                    if a.equals(&b) == Some(true) {
                        a
                    } else {
                        V::new(Val::Unknown(reason_of(&cond), Vec::new()), loc)
                    }
                }
            }
        }
        Expression::UnaryOp(op) => {
            let v = eval_hcl(names, &op.expr, src, scope);
            if v.is_unknown() {
                return V::new(v.val, loc);
            }
            match op.operator.value() {
                UnaryOperator::Neg => v
                    .as_num()
                    .map_or_else(|| V::unsupported(loc), |n| V::new(Val::Num(-n), loc)),
                UnaryOperator::Not => v
                    .as_bool()
                    .map_or_else(|| V::unsupported(loc), |b| V::new(Val::Bool(!b), loc)),
            }
        }
        Expression::BinaryOp(op) => {
            let lhs = eval_hcl(names, &op.lhs_expr, src, scope);
            let operator = *op.operator.value();
            // `false && x` and `true || x` do not need x
            match (operator, lhs.as_bool()) {
                (BinaryOperator::And, Some(false)) => return V::new(Val::Bool(false), loc),
                (BinaryOperator::Or, Some(true)) => return V::new(Val::Bool(true), loc),
                _ => {}
            }
            let rhs = eval_hcl(names, &op.rhs_expr, src, scope);
            binary(operator, &lhs, &rhs, loc)
        }
        Expression::FuncCall(call) => {
            if call.name.is_namespaced() {
                return V::unsupported(loc);
            }
            let name = call.name.name.as_str();
            let args: Vec<Expr<'_>> = call.args.iter().map(|a| Expr::Hcl(a, src)).collect();
            let expand = call.args.expand_final();
            call_function(names, name, &args, expand, loc, scope)
        }
        Expression::ForExpr(f) => eval_for(names, f, src, loc, scope),
    }
}

/// A function call: `try` and `can` look at whether their arguments
/// evaluate at all; every other function gets its arguments evaluated.
fn call_function(
    names: &dyn Names,
    name: &str,
    args: &[Expr<'_>],
    expand_final: bool,
    loc: Loc,
    scope: &Scope,
) -> V {
    match name {
        "try" => {
            let mut first: Option<V> = None;
            for arg in args {
                let v = eval(names, *arg, scope);
                match &v.val {
                    Val::Unknown(UnknownReason::Unsupported, _) => {
                        first.get_or_insert(v);
                    }
                    _ => return v,
                }
            }
            return first.unwrap_or_else(|| V::unsupported(loc));
        }
        "can" => {
            let v = args.first().map(|a| eval(names, *a, scope));
            return match v.map(|v| v.val) {
                Some(Val::Unknown(UnknownReason::Unsupported, _)) | None => V::unsupported(loc),
                Some(Val::Unknown(reason, _)) => V::unknown(reason, loc),
                Some(_) => V::new(Val::Bool(true), loc),
            };
        }
        _ => {}
    }
    let mut values: Vec<V> = args.iter().map(|a| eval(names, *a, scope)).collect();
    if expand_final {
        match values.pop().map(|v| (v.val, v.loc)) {
            Some((Val::List(items), _)) => values.extend(items),
            Some((Val::Unknown(reason, _), _)) => return V::unknown(reason, loc),
            _ => return V::unsupported(loc),
        }
    }
    functions::call(names, name, values, loc)
}

fn reason_of(v: &V) -> UnknownReason {
    match &v.val {
        Val::Unknown(reason, _) => reason.clone(),
        _ => UnknownReason::Unsupported,
    }
}

fn binary(op: BinaryOperator, lhs: &V, rhs: &V, loc: Loc) -> V {
    use BinaryOperator as B;
    if let B::Eq | B::NotEq = op {
        return match lhs.equals(rhs) {
            Some(eq) => V::new(Val::Bool(eq == matches!(op, B::Eq)), loc),
            None => V::unknown(unknown_reason(lhs, rhs), loc),
        };
    }
    if lhs.is_unknown() || rhs.is_unknown() {
        return V::unknown(unknown_reason(lhs, rhs), loc);
    }
    if let B::And | B::Or = op {
        return match (lhs.as_bool(), rhs.as_bool()) {
            (Some(a), Some(b)) => {
                V::new(Val::Bool(if op == B::And { a && b } else { a || b }), loc)
            }
            _ => V::unsupported(loc),
        };
    }
    let (Some(a), Some(b)) = (lhs.as_num(), rhs.as_num()) else {
        return V::unsupported(loc);
    };
    let val = match op {
        B::Plus => Val::Num(a + b),
        B::Minus => Val::Num(a - b),
        B::Mul => Val::Num(a * b),
        B::Div if b != 0.0 => Val::Num(a / b),
        B::Mod if b != 0.0 => Val::Num(a % b),
        B::Less => Val::Bool(a < b),
        B::LessEq => Val::Bool(a <= b),
        B::Greater => Val::Bool(a > b),
        B::GreaterEq => Val::Bool(a >= b),
        _ => return V::unsupported(loc),
    };
    V::new(val, loc)
}

fn unknown_reason(a: &V, b: &V) -> UnknownReason {
    match (&a.val, &b.val) {
        (Val::Unknown(r, _), _) | (_, Val::Unknown(r, _)) => r.clone(),
        _ => UnknownReason::Unsupported,
    }
}

/// A string template: its text when every piece is known, else an Unknown
/// that keeps the known text and the references between it.
pub fn eval_template(
    names: &dyn Names,
    template: &Template,
    src: Src,
    loc: Loc,
    scope: &Scope,
) -> V {
    // `"${x}"` alone is x itself, of any type.
    if let Some(Element::Interpolation(i)) = template.as_single_element() {
        let mut v = eval_hcl(names, &i.expr, src, scope);
        if !matches!(v.val, Val::Str(_) | Val::Unknown(..))
            && let Some(text) = v.to_text()
        {
            v.val = Val::Str(Arc::from(text.as_str()));
        }
        if v.origin.is_none() {
            v.loc = loc;
        }
        return v;
    }
    let mut parts: Vec<Part> = Vec::new();
    let mut reason: Option<UnknownReason> = None;
    let mut origin = None;
    collect_template(
        names,
        template,
        src,
        scope,
        &mut parts,
        &mut reason,
        &mut origin,
    );
    let v = match reason {
        None => {
            let len: usize = parts
                .iter()
                .map(|p| match p {
                    Part::Text(t) => t.len(),
                    _ => 0,
                })
                .sum();
            if !names.budget().build(len as u64, loc) {
                return V::unsupported(loc);
            }
            let mut text = String::with_capacity(len);
            for part in &parts {
                if let Part::Text(t) = part {
                    text.push_str(t);
                }
            }
            V::str(&text, loc)
        }
        Some(reason) => V::new(Val::Unknown(reason, merge_text(parts)), loc),
    };
    V { origin, ..v }
}

#[allow(clippy::too_many_arguments)]
fn collect_template(
    names: &dyn Names,
    template: &Template,
    src: Src,
    scope: &Scope,
    parts: &mut Vec<Part>,
    reason: &mut Option<UnknownReason>,
    origin: &mut Option<Arc<Origin>>,
) {
    for element in template.iter() {
        if !names.budget().step(src.loc(element.span())) {
            *reason = Some(UnknownReason::Unsupported);
            parts.push(Part::Opaque);
            return;
        }
        match element {
            Element::Literal(text) => {
                if !names
                    .budget()
                    .build(text.value().len() as u64, loc_of(src, element))
                {
                    *reason = Some(UnknownReason::Unsupported);
                    parts.push(Part::Opaque);
                    return;
                }
                parts.push(Part::Text(Arc::from(text.value().as_str())));
            }
            Element::Interpolation(i) => {
                let v = eval_hcl(names, &i.expr, src, scope);
                if origin.is_none() {
                    *origin = v.origin.clone();
                }
                if !names.budget().build(v.size(), loc_of(src, element)) {
                    *reason = Some(UnknownReason::Unsupported);
                    parts.push(Part::Opaque);
                    return;
                }
                push_value(&v, parts, reason);
            }
            Element::Directive(d) => match &**d {
                Directive::If(dir) => {
                    let cond = eval_hcl(names, &dir.if_expr.cond_expr, src, scope);
                    match cond.as_bool() {
                        Some(true) => collect_template(
                            names,
                            &dir.if_expr.template,
                            src,
                            scope,
                            parts,
                            reason,
                            origin,
                        ),
                        Some(false) => {
                            if let Some(else_expr) = &dir.else_expr {
                                collect_template(
                                    names,
                                    &else_expr.template,
                                    src,
                                    scope,
                                    parts,
                                    reason,
                                    origin,
                                );
                            }
                        }
                        None => {
                            *reason = Some(reason_of(&cond));
                            parts.push(Part::Opaque);
                        }
                    }
                }
                Directive::For(dir) => {
                    let collection = eval_hcl(names, &dir.for_expr.collection_expr, src, scope);
                    if !names
                        .budget()
                        .build(collection.size(), loc_of(src, element))
                    {
                        *reason = Some(UnknownReason::Unsupported);
                        parts.push(Part::Opaque);
                        return;
                    }
                    let Some(items) = iteration(&collection) else {
                        *reason = Some(reason_of(&collection));
                        parts.push(Part::Opaque);
                        continue;
                    };
                    for (key, value) in items {
                        let mut vars = vec![(dir.for_expr.value_var.as_str().to_string(), value)];
                        if let Some(k) = &dir.for_expr.key_var {
                            vars.push((k.as_str().to_string(), key));
                        }
                        collect_template(
                            names,
                            &dir.for_expr.template,
                            src,
                            &scope.with(vars),
                            parts,
                            reason,
                            origin,
                        );
                    }
                }
            },
        }
    }
}

fn loc_of(src: Src, element: &Element) -> Loc {
    src.loc(element.span())
}

fn push_value(v: &V, parts: &mut Vec<Part>, reason: &mut Option<UnknownReason>) {
    match &v.val {
        Val::Unknown(r, ps) => {
            if reason.is_none() {
                *reason = Some(r.clone());
            }
            if ps.is_empty() {
                parts.push(Part::Opaque);
            } else {
                parts.extend(ps.iter().cloned());
            }
        }
        _ => match v.to_text() {
            Some(t) => parts.push(Part::Text(Arc::from(t.as_str()))),
            None => {
                *reason = Some(UnknownReason::Unsupported);
                parts.push(Part::Opaque);
            }
        },
    }
}

/// Joins adjacent text parts, each run of them copied once.
fn merge_text(parts: Vec<Part>) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    let mut run = String::new();
    for part in parts {
        match part {
            Part::Text(t) => run.push_str(&t),
            p => {
                if !run.is_empty() {
                    out.push(Part::Text(Arc::from(std::mem::take(&mut run).as_str())));
                }
                out.push(p);
            }
        }
    }
    if !run.is_empty() {
        out.push(Part::Text(Arc::from(run.as_str())));
    }
    out
}

/// (key, value) pairs of a known list (keys are indexes) or map.
pub fn iteration(v: &V) -> Option<Vec<(V, V)>> {
    match &v.val {
        Val::List(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| (V::new(Val::Num(i as f64), item.loc), item.clone()))
                .collect(),
        ),
        Val::Map(entries) => Some(
            entries
                .iter()
                .map(|(k, item)| (V::str(k, item.loc), item.clone()))
                .collect(),
        ),
        _ => None,
    }
}

fn eval_for(
    names: &dyn Names,
    f: &hcl_edit::expr::ForExpr,
    src: Src,
    loc: Loc,
    scope: &Scope,
) -> V {
    let collection = eval_hcl(names, &f.intro.collection_expr, src, scope);
    // iterating copies each item
    if !names.budget().build(collection.size(), loc) {
        return V::unsupported(loc);
    }
    let Some(items) = iteration(&collection) else {
        return V::new(Val::Unknown(reason_of(&collection), Vec::new()), loc);
    };
    if items.len() > MAX_FOR_ITERATIONS {
        return V::unsupported(loc);
    }
    let mut list = Vec::new();
    let mut map: Vec<(String, V)> = Vec::new();
    // where each key is in `map`: a repeated key replaces its entry (or
    // joins its group) without scanning the map
    let mut at: HashMap<String, usize> = HashMap::new();
    for (key, value) in items {
        let mut vars = vec![(f.intro.value_var.as_str().to_string(), value)];
        if let Some(k) = &f.intro.key_var {
            vars.push((k.as_str().to_string(), key));
        }
        let inner = &scope.with(vars);
        if let Some(cond) = &f.cond {
            let keep = eval_hcl(names, &cond.expr, src, inner);
            match keep.as_bool() {
                Some(true) => {}
                Some(false) => continue,
                None => return V::new(Val::Unknown(reason_of(&keep), Vec::new()), loc),
            }
        }
        let value = eval_hcl(names, &f.value_expr, src, inner);
        match &f.key_expr {
            Some(k) => {
                let key = eval_hcl(names, k, src, inner);
                let Some(key) = key.to_text() else {
                    return V::new(Val::Unknown(reason_of(&key), Vec::new()), loc);
                };
                if f.grouping {
                    match at.get(&key).and_then(|i| map.get_mut(*i)) {
                        Some((
                            _,
                            V {
                                val: Val::List(group),
                                ..
                            },
                        )) => group.push(value),
                        _ => {
                            at.insert(key.clone(), map.len());
                            map.push((key, V::new(Val::List(vec![value]), loc)));
                        }
                    }
                } else {
                    // the last entry of a key wins, at its own place
                    at.insert(key.clone(), map.len());
                    map.push((key, value));
                }
            }
            None => list.push(value),
        }
        if list.len() + at.len() > MAX_COLLECTION {
            return V::unsupported(loc);
        }
    }
    if !f.grouping && at.len() < map.len() {
        map = map
            .into_iter()
            .enumerate()
            .filter(|(i, (k, _))| at.get(k) == Some(i))
            .map(|(_, entry)| entry)
            .collect();
    }
    match f.key_expr {
        Some(_) => V::new(Val::Map(map), loc),
        None => V::new(Val::List(list), loc),
    }
}

fn steps_of(
    names: &dyn Names,
    ops: &[hcl_edit::Decorated<TraversalOperator>],
    src: Src,
    scope: &Scope,
) -> Option<Vec<Step>> {
    ops.iter()
        .map(|op| match op.value() {
            TraversalOperator::GetAttr(name) => Some(Step::Attr(name.as_str().to_string())),
            TraversalOperator::Index(e) => Some(Step::Index(eval_hcl(names, e, src, scope))),
            TraversalOperator::LegacyIndex(i) => Some(Step::Index(V::new(
                Val::Num(*i.value() as f64),
                src.loc(op.span()),
            ))),
            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => Some(Step::Splat),
        })
        .collect()
}

/// A name and the steps after it.
fn traverse(
    names: &dyn Names,
    root: &str,
    ops: &[hcl_edit::Decorated<TraversalOperator>],
    src: Src,
    loc: Loc,
    scope: &Scope,
) -> V {
    let Some(steps) = steps_of(names, ops, src, scope) else {
        return V::unsupported(loc);
    };
    let (base, rest): (V, &[Step]) = if let Some(v) = scope.get(root) {
        (v.clone(), &steps)
    } else {
        match (root, steps.first()) {
            ("var", Some(Step::Attr(name))) => match names.var(name, loc) {
                Some(v) => (v.through(loc), steps.get(1..).unwrap_or(&[])),
                None => {
                    let reason = UnknownReason::Input(Arc::from(name.as_str()));
                    // the variable itself is one value in its module
                    // instance; a piece of it (`var.x.a`, `var.x[0]`) is
                    // not known to be the same as another piece
                    let parts = match steps.len() {
                        1 => vec![Part::Input(Arc::from(format!(
                            "{}var.{name}",
                            names.prefix()
                        )))],
                        _ => Vec::new(),
                    };
                    return V::new(Val::Unknown(reason, parts), loc);
                }
            },
            ("local", Some(Step::Attr(name))) => match names.local(name, loc) {
                Some(v) => (v.through(loc), steps.get(1..).unwrap_or(&[])),
                None => return V::unsupported(loc),
            },
            ("path", Some(Step::Attr(what))) => {
                let dir = match what.as_str() {
                    "module" => names.module_dir(),
                    _ => ".".to_string(),
                };
                (V::str(&dir, loc), steps.get(1..).unwrap_or(&[]))
            }
            ("count" | "each" | "self" | "terraform", _) => {
                return V::unknown(UnknownReason::External, loc);
            }
            _ => match names.reference(root, &steps, loc) {
                Some((v, used)) => (v, steps.get(used..).unwrap_or(&[])),
                None => return V::unsupported(loc),
            },
        }
    };
    // reading a name copies its value
    let (size, depth) = base.measure();
    if depth > MAX_VALUE_DEPTH || !names.budget().build(size, loc) {
        return V::unsupported(loc);
    }
    let mut v = apply_steps(base, rest, loc);
    if v.origin.is_none() {
        v.loc = loc;
    }
    v
}

/// Applies attribute access, indexes and splats to a value.
pub fn apply_steps(base: V, steps: &[Step], loc: Loc) -> V {
    let mut v = base;
    for (i, step) in steps.iter().enumerate() {
        if let Val::Unknown(reason, _) = &v.val {
            // what is inside an unknown value is unknown
            return V::unknown(reason.clone(), loc);
        }
        v = match step {
            Step::Attr(name) => match v.get(name) {
                Some(inner) => inner.clone(),
                None => return V::unsupported(loc),
            },
            Step::Index(key) => {
                if let Val::Unknown(reason, _) = &key.val {
                    return V::unknown(reason.clone(), loc);
                }
                let found = match &v.val {
                    Val::List(items) => key
                        .as_num()
                        .filter(|n| *n >= 0.0 && n.fract() == 0.0)
                        .and_then(|n| items.get(n as usize)),
                    Val::Map(_) => key.to_text().and_then(|k| v.get(&k)),
                    _ => None,
                };
                match found {
                    Some(inner) => inner.clone(),
                    None => return V::unsupported(loc),
                }
            }
            Step::Splat => {
                let rest = steps.get(i + 1..).unwrap_or(&[]);
                let items = match v.val {
                    Val::List(items) => items,
                    Val::Null => Vec::new(),
                    _ => vec![v.clone()],
                };
                let out = items
                    .into_iter()
                    .map(|item| apply_steps(item, rest, loc))
                    .collect();
                return V::new(Val::List(out), loc);
            }
        };
    }
    v
}
