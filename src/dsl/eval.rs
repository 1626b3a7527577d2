//! Evaluates checked rules against a model.
//!
//! Semantics (DESIGN.md, "The rule language"):
//! - every element of a selection is checked and every failure reported;
//! - an empty selection skips; absence fails only under `exists` or `some`;
//! - an Unknown value, or a list that cannot be known, skips the element;
//! - a failure carries the span of the value that failed (for a Default,
//!   the enclosing object) and the spans its clause names as related.
//!
//! Selections borrow the model's values rather than copying them, and
//! field names and literals come resolved from [`Resolved`], made once per
//! rule: a step costs a lookup by index, not a search by name.

use std::ops::Deref;
use std::rc::Rc;
use std::sync::Arc;

use super::ast::*;
use super::resolve::{FieldIndexes, Resolved, scalar_of};
use crate::finding::Severity;
use crate::model::reads::{Aspect, ReadSet};
use crate::model::schema::FieldDef;
use crate::model::{Model, ObjId, Object, Scalar, Slot, State, Ty, UnknownReason, Value, partial};
use crate::source::{Loc, SourceMap};

mod fix_plan;

pub use fix_plan::{PlannedChange, PlannedFix};

/// One failing element.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub loc: Loc,
    pub message: String,
    pub severity: Option<Severity>,
    pub related: Vec<(Loc, String)>,
    pub resource: Option<Arc<str>>,
    /// The model path of what failed, for fingerprints.
    pub path: String,
    /// The clause's fix, resolved against the failing element.
    pub fix: Option<PlannedFix>,
}

/// Settings rules read as `$name`.
pub trait Settings {
    fn get(&self, name: &str) -> Option<i64>;
}

impl<F: Fn(&str) -> Option<i64>> Settings for F {
    fn get(&self, name: &str) -> Option<i64> {
        self(name)
    }
}

/// Evaluates a rule's statements; returns every failure. `sources` lets
/// messages quote an unknown value as it is written in its file.
pub fn evaluate(
    rule: &RuleDef,
    model: &Model,
    settings: &dyn Settings,
    sources: Option<&SourceMap>,
) -> Vec<Failure> {
    let resolved = Resolved::new(rule);
    evaluate_resolved(
        rule,
        &resolved,
        model,
        settings,
        sources,
        None,
        &mut Scratch::default(),
    )
}

/// [`evaluate`] with the rule's names already resolved (kept with the
/// rule, so that each evaluation does not resolve them again). With
/// `reads`, every part of the model the evaluation reads is noted there:
/// where another model differs in none of them (see
/// [`crate::model::reads`]), the rule fails there exactly as here.
/// `scratch` lends its buffers and gets them back.
pub fn evaluate_resolved<'a>(
    rule: &'a RuleDef,
    resolved: &'a Resolved,
    model: &'a Model,
    settings: &dyn Settings,
    sources: Option<&SourceMap>,
    reads: Option<&ReadSet>,
    scratch: &mut Scratch<'a>,
) -> Vec<Failure> {
    let mut scopes = std::mem::take(&mut scratch.scopes);
    scopes.push(Scope::default());
    let mut eval = Evaluator {
        model,
        resolved,
        settings,
        sources,
        scopes,
        lists: std::mem::take(&mut scratch.lists),
        reads,
    };
    let failures = eval.stmts(&rule.body, None, true).failures;
    while !eval.scopes.is_empty() {
        eval.pop_scope();
    }
    scratch.scopes = eval.scopes;
    scratch.lists = eval.lists;
    failures
}

/// The most empty lists a [`Scratch`] keeps; an evaluation has far fewer
/// in use at once.
const MAX_SPARE_LISTS: usize = 64;

/// The lists and scopes an evaluation uses, kept empty between
/// evaluations: the rules evaluated one after another on a model allocate
/// them once, not at every rule and step.
#[derive(Default)]
pub struct Scratch<'a> {
    lists: Vec<Vec<Item<'a>>>,
    scopes: Vec<Scope<'a>>,
}

#[derive(Clone, Debug)]
enum Item<'a> {
    Obj(ObjId),
    Val {
        value: Held<'a>,
        owner: Option<ObjId>,
        field: Option<&'static str>,
    },
    /// A list or link whose contents cannot be known.
    Unknown,
}

/// A value an item holds: the model's, or one the rule computed (shared,
/// so that copying an item never copies a value).
#[derive(Clone, Debug)]
enum Held<'a> {
    Model(&'a Value),
    Computed(Rc<Value>),
}

impl Deref for Held<'_> {
    type Target = Value;

    fn deref(&self) -> &Value {
        match self {
            Held::Model(value) => value,
            Held::Computed(value) => value,
        }
    }
}

/// The right-hand side of a comparison: items, or the rule's literals.
enum Operand<'a> {
    Items(Vec<Item<'a>>),
    Literals(&'a [Value]),
}

#[derive(Default)]
struct Scope<'a> {
    this: Option<Item<'a>>,
    /// `let` bindings, latest last.
    vars: Vec<(&'a str, Vec<Item<'a>>)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Pass,
    Fail,
    Skip,
}

struct Outcome {
    status: Status,
    failures: Vec<Failure>,
}

impl Outcome {
    fn pass() -> Outcome {
        Outcome {
            status: Status::Pass,
            failures: Vec::new(),
        }
    }

    fn skip() -> Outcome {
        Outcome {
            status: Status::Skip,
            failures: Vec::new(),
        }
    }

    fn fail(failures: Vec<Failure>) -> Outcome {
        Outcome {
            status: Status::Fail,
            failures,
        }
    }

    /// Adds one element's outcome: fail if any fails, pass if any passes,
    /// skip otherwise.
    fn add(&mut self, o: Outcome) {
        match o.status {
            Status::Fail => {
                self.status = Status::Fail;
                if self.failures.is_empty() {
                    self.failures = o.failures;
                } else {
                    self.failures.extend(o.failures);
                }
            }
            Status::Pass if self.status == Status::Skip => self.status = Status::Pass,
            _ => {}
        }
    }
}

/// An evaluation: `'a` is what the items it selects borrow (the model and
/// the rule), `'e` what it only consults while it runs.
struct Evaluator<'a, 'e> {
    model: &'a Model,
    resolved: &'a Resolved,
    settings: &'e dyn Settings,
    sources: Option<&'e SourceMap>,
    scopes: Vec<Scope<'a>>,
    /// Empty lists to reuse (see [`Scratch`]).
    lists: Vec<Vec<Item<'a>>>,
    /// What the evaluation read of the model, when that is asked for.
    reads: Option<&'e ReadSet<'e>>,
}

impl<'a> Evaluator<'a, '_> {
    /// An empty list, reused when one is at hand.
    fn list(&mut self) -> Vec<Item<'a>> {
        self.lists.pop().unwrap_or_default()
    }

    /// Gives a list back for reuse. Lists made elsewhere (a rule's
    /// `[a, b]`, a call's result) come back too, so the pool is capped.
    fn recycle(&mut self, mut list: Vec<Item<'a>>) {
        if list.capacity() > 0 && self.lists.len() < MAX_SPARE_LISTS {
            list.clear();
            self.lists.push(list);
        }
    }

    fn recycle_operand(&mut self, operand: Operand<'a>) {
        if let Operand::Items(items) = operand {
            self.recycle(items);
        }
    }

    fn note(&self, object: ObjId, part: Aspect) {
        if let Some(reads) = self.reads {
            reads.note(object, part);
        }
    }

    /// An object of the model; every read of the model goes through this,
    /// [`Evaluator::slot_at`] or [`Evaluator::absent_key`], which note it.
    fn object(&self, id: ObjId) -> &'a Object {
        self.note(id, Aspect::Header);
        self.model.object(id)
    }

    fn slot_at(&self, id: ObjId, index: usize) -> &'a Slot {
        self.note(id, Aspect::Field(index));
        self.model.slot_at(id, index)
    }

    fn absent_key(&self, id: ObjId, field: &str) -> Option<&'static str> {
        self.note(id, Aspect::AbsentKeys);
        self.model.absent_key(id, field)
    }

    fn this(&self) -> Option<&Item<'a>> {
        self.scopes.iter().rev().find_map(|s| s.this.as_ref())
    }

    fn var(&self, name: &str) -> Option<&Vec<Item<'a>>> {
        self.scopes.iter().rev().find_map(|s| {
            s.vars
                .iter()
                .rev()
                .find(|(n, _)| *n == name)
                .map(|(_, items)| items)
        })
    }

    fn with_this<T>(&mut self, item: Item<'a>, f: impl FnOnce(&mut Self) -> T) -> T {
        self.scopes.push(Scope {
            this: Some(item),
            vars: Vec::new(),
        });
        let r = f(self);
        self.pop_scope();
        r
    }

    /// Leaves the innermost scope; its variables' lists are reused.
    fn pop_scope(&mut self) {
        if let Some(scope) = self.scopes.pop() {
            for (_, list) in scope.vars {
                self.recycle(list);
            }
        }
    }

    fn stmts(&mut self, stmts: &'a [Stmt], clause: Option<&'a Clause>, collect: bool) -> Outcome {
        let mut result = Outcome::skip();
        for stmt in stmts {
            match stmt {
                Stmt::Let { name, expr, .. } => {
                    let items = self.expr(expr);
                    if let Some(scope) = self.scopes.last_mut() {
                        scope.vars.push((name.as_str(), items));
                    }
                }
                Stmt::When { cond, body, .. } => {
                    if self.cond(cond, None, false).status == Status::Pass {
                        self.scopes.push(Scope::default());
                        result.add(self.stmts(body, clause, collect));
                        self.pop_scope();
                    }
                }
                Stmt::Clause(c) => {
                    let ctx = if c.message.is_some() { Some(c) } else { clause };
                    result.add(self.cond(&c.cond, ctx, collect));
                }
            }
        }
        result
    }

    fn cond(&mut self, cond: &'a Cond, clause: Option<&'a Clause>, collect: bool) -> Outcome {
        match cond {
            Cond::And(parts, _) => {
                // every part is evaluated for its failures; when they are
                // not collected, the first failing part decides
                let mut all_pass = true;
                let mut failed = Outcome::skip();
                for part in parts {
                    let o = self.cond(part, clause, collect);
                    all_pass &= o.status == Status::Pass;
                    if o.status == Status::Fail {
                        failed.add(o);
                        if !collect {
                            break;
                        }
                    }
                }
                if all_pass { Outcome::pass() } else { failed }
            }
            Cond::Or(parts, _) => {
                let mut last_failures = Vec::new();
                let mut all_failed = true;
                for part in parts {
                    let o = self.cond(part, clause, collect);
                    match o.status {
                        Status::Pass => return Outcome::pass(),
                        Status::Skip => all_failed = false,
                        Status::Fail => last_failures = o.failures,
                    }
                }
                if all_failed {
                    Outcome::fail(last_failures)
                } else {
                    Outcome::skip()
                }
            }
            Cond::Not(inner, _) => {
                let o = self.cond(inner, clause, false);
                match o.status {
                    Status::Pass => self.fail_here(clause, collect),
                    Status::Fail => Outcome::pass(),
                    Status::Skip => Outcome::skip(),
                }
            }
            Cond::Block { query, body, .. } => {
                let mut result = Outcome::skip();
                let mut items = self.query(query);
                for item in items.drain(..) {
                    result.add(match item {
                        Item::Unknown => Outcome::skip(),
                        item => self.with_this(item, |e| e.stmts(body, clause, collect)),
                    });
                }
                self.recycle(items);
                result
            }
            Cond::Some { query, body, .. } => {
                let mut items = self.query(query);
                let mut undecided = false;
                let mut rhs_items: Option<Operand<'a>> = None;
                let mut passed = false;
                for item in items.drain(..) {
                    let status = match (&item, body) {
                        (Item::Unknown, _) => Status::Skip,
                        (_, SomeBody::Block(stmts)) => {
                            self.with_this(item, |e| e.stmts(stmts, None, false).status)
                        }
                        (_, SomeBody::Compare(op, rhs)) => {
                            let rhs = match rhs_items.take() {
                                Some(rhs) => rhs,
                                None => self.operand(rhs),
                            };
                            let status = compare(&item, *op, &rhs);
                            rhs_items = Some(rhs);
                            status
                        }
                    };
                    match status {
                        Status::Pass => {
                            passed = true;
                            break;
                        }
                        Status::Skip => undecided = true,
                        Status::Fail => {}
                    }
                }
                self.recycle(items);
                if let Some(rhs) = rhs_items {
                    self.recycle_operand(rhs);
                }
                if passed {
                    Outcome::pass()
                } else if undecided {
                    Outcome::skip()
                } else {
                    self.fail_here(clause, collect)
                }
            }
            Cond::Compare { lhs, op, rhs, .. } => {
                let items = self.expr(lhs);
                let rhs = self.operand(rhs);
                // a computed value at the top level belongs to no element,
                // so there is nothing a finding could point at
                let has_this = self.this().is_some();
                let mut result = Outcome::skip();
                for item in &items {
                    if !has_this && matches!(item, Item::Val { owner: None, .. }) {
                        continue;
                    }
                    result.add(match compare(item, *op, &rhs) {
                        Status::Fail if collect => Outcome::fail(vec![self.failure(item, clause)]),
                        Status::Fail => Outcome::fail(Vec::new()),
                        Status::Pass => Outcome::pass(),
                        Status::Skip => Outcome::skip(),
                    });
                }
                self.recycle(items);
                self.recycle_operand(rhs);
                result
            }
            Cond::Unary { expr, op, .. } => {
                let items = self.expr(expr);
                let present = items.iter().find(|i| !matches!(i, Item::Unknown));
                let unknown = items.iter().any(|i| matches!(i, Item::Unknown));
                let outcome = match (op, present, unknown) {
                    (UnaryOp::Exists, Some(_), _) => Outcome::pass(),
                    (UnaryOp::Exists, None, true) | (UnaryOp::Empty, None, true) => Outcome::skip(),
                    (UnaryOp::Exists, None, false) => self.fail_here(clause, collect),
                    (UnaryOp::Empty, None, false) => Outcome::pass(),
                    (UnaryOp::Empty, Some(item), _) => {
                        if collect {
                            Outcome::fail(vec![self.failure(item, clause)])
                        } else {
                            Outcome::fail(Vec::new())
                        }
                    }
                };
                self.recycle(items);
                outcome
            }
        }
    }

    /// A failure located at the element being checked.
    fn fail_here(&mut self, clause: Option<&'a Clause>, collect: bool) -> Outcome {
        if !collect {
            return Outcome::fail(Vec::new());
        }
        match self.this().cloned() {
            Some(item) => Outcome::fail(vec![self.failure(&item, clause)]),
            // nothing to point at: a top-level existence check on the
            // deployment itself is not a finding about any resource
            None => Outcome::skip(),
        }
    }

    fn failure(&mut self, item: &Item<'a>, clause: Option<&'a Clause>) -> Failure {
        let (loc, owner, field, value) = match item {
            Item::Obj(id) => (self.object(*id).loc, Some(*id), None, None),
            Item::Val {
                value,
                owner,
                field,
            } => (value.loc, *owner, *field, Some(&**value)),
            Item::Unknown => (Loc::default(), None, None, None),
        };
        let mut message = match clause.and_then(|c| c.message.as_ref()) {
            Some((template, _)) => self.interpolate(template, owner),
            None => "check failed".to_string(),
        };
        let mut related = Vec::new();
        if let Some(value) = value {
            if let State::Default(default) = &value.state {
                message.push_str(&format!(
                    " (`{default}` is the default: the setting is absent from the file)"
                ));
            }
            if let Some(origin) = &value.origin {
                related.push((origin.loc, origin.label()));
            }
        }
        if let Some(clause) = clause {
            for rel in &clause.related {
                for rel_item in self.query(&rel.query) {
                    let rel_owner = match &rel_item {
                        Item::Obj(id) => Some(*id),
                        Item::Val { owner, .. } => *owner,
                        Item::Unknown => None,
                    };
                    let rel_loc = match &rel_item {
                        Item::Obj(id) => self.object(*id).loc,
                        Item::Val { value, .. } => value.loc,
                        Item::Unknown => continue,
                    };
                    if rel_loc != loc {
                        related.push((rel_loc, self.interpolate(&rel.label, rel_owner)));
                    }
                }
            }
        }
        let owner_obj = owner.map(|id| self.object(id));
        let path = match (owner_obj, field) {
            (Some(o), Some(f)) if o.path.is_empty() => f.to_string(),
            (Some(o), Some(f)) => format!("{}.{f}", o.path),
            (Some(o), None) => o.path.to_string(),
            _ => String::new(),
        };
        Failure {
            loc,
            message,
            severity: clause
                .and_then(|c| c.severity.as_ref())
                .and_then(|(s, _)| Severity::parse(s)),
            related,
            resource: owner_obj.and_then(|o| o.resource.clone()),
            path,
            fix: clause
                .and_then(|c| c.fix.as_ref())
                .and_then(|fix| self.plan_fix(fix, owner, loc)),
        }
    }

    /// Fills `{name}` placeholders: `this`, a variable, a field of the
    /// object that owns the failing value, or of an enclosing element.
    fn interpolate(&self, template: &str, owner: Option<ObjId>) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            out.push_str(rest.get(..start).unwrap_or(""));
            let after = rest.get(start + 1..).unwrap_or("");
            let Some(end) = after.find('}') else {
                out.push_str(rest.get(start..).unwrap_or(""));
                return out;
            };
            let name = after.get(..end).unwrap_or("");
            out.push_str(&self.render_placeholder(name, owner));
            rest = after.get(end + 1..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }

    fn render_placeholder(&self, name: &str, owner: Option<ObjId>) -> String {
        let mut segments = name.split('.');
        let first = segments.next().unwrap_or("");
        let rest: Vec<&str> = segments.collect();
        if let Some(setting) = first.strip_prefix('$') {
            return self
                .settings
                .get(setting)
                .map_or_else(|| "(unset)".to_string(), |v| v.to_string());
        }
        let start: Vec<Item<'a>> = if first == "this" {
            self.this().cloned().into_iter().collect()
        } else if let Some(items) = self.var(first) {
            items.clone()
        } else {
            let objects = owner
                .into_iter()
                .chain(self.scopes.iter().rev().filter_map(|s| match &s.this {
                    Some(Item::Obj(id)) => Some(*id),
                    _ => None,
                }));
            let mut found = Vec::new();
            for id in objects {
                if self.object(id).def.field(first).is_some() {
                    self.step_field(&Item::Obj(id), None, first, &mut found);
                    break;
                }
            }
            found
        };
        let mut items = start;
        for segment in rest {
            let mut next = Vec::new();
            for item in &items {
                self.step_field(item, None, segment, &mut next);
            }
            items = next;
        }
        let texts: Vec<String> = items
            .iter()
            .map(|item| match item {
                Item::Obj(id) => {
                    let object = self.object(*id);
                    object
                        .def
                        .field_index("id")
                        .and_then(|index| match self.slot_at(*id, index) {
                            Slot::Value(value) => value.as_str(),
                            _ => None,
                        })
                        .map_or_else(|| object.path.to_string(), str::to_string)
                }
                Item::Val { value, .. } => self.display(value),
                Item::Unknown => "(unknown)".to_string(),
            })
            .collect();
        if texts.is_empty() {
            "(none)".to_string()
        } else {
            texts.join(", ")
        }
    }

    /// A value as a message shows it: an unknown one as written in its
    /// file (`!GetAtt Fn.Arn`, `aws_lambda_function.edge.arn`), unless all
    /// that is written there is an attribute's name (a plan's
    /// `after_unknown` key): then what it is computed from.
    fn display(&self, value: &Value) -> String {
        if value.is_unknown() {
            let written = self
                .sources
                .and_then(|s| s.get(value.loc.file))
                .map(|f| f.slice(value.loc.span).trim())
                .filter(|t| !t.is_empty() && !t.contains('\n') && t.chars().count() <= 120)
                .filter(|t| !is_attribute_key(t));
            if let Some(text) = written {
                return text.to_string();
            }
        }
        value.to_string()
    }

    /// The location a computed value is given: the element being checked.
    fn here(&self) -> Loc {
        match self.this() {
            Some(Item::Obj(id)) => self.object(*id).loc,
            Some(Item::Val { value, .. }) => value.loc,
            _ => Loc::default(),
        }
    }

    fn expr(&mut self, expr: &'a Expr) -> Vec<Item<'a>> {
        match expr {
            Expr::Literal(literal, _) => {
                vec![computed(Value::known(scalar_of(literal), self.here()))]
            }
            Expr::List(items, _) => items.iter().flat_map(|e| self.expr(e)).collect(),
            Expr::Query(q) => self.query(q),
            Expr::Call { name, args, .. } => {
                let items: Vec<Item<'a>> = args.iter().flat_map(|a| self.expr(a)).collect();
                self.call(name, items, self.here())
            }
        }
    }

    /// The right-hand side of a comparison, whose values are compared and
    /// never located: literals are the rule's own, not copies.
    fn operand(&mut self, expr: &'a Expr) -> Operand<'a> {
        match self.resolved.operand(expr) {
            Some(values) => Operand::Literals(values),
            None => Operand::Items(self.expr(expr)),
        }
    }

    fn call(&self, name: &str, items: Vec<Item<'a>>, here: Loc) -> Vec<Item<'a>> {
        let unknown = || computed(Value::unknown(UnknownReason::Unsupported, here));
        let known = |scalar: Scalar| computed(Value::known(scalar, here));
        let any_unknown = items.iter().any(|i| match i {
            Item::Unknown => true,
            Item::Val { value, .. } => value.is_unknown(),
            Item::Obj(_) => false,
        });
        match name {
            "count" if any_unknown => vec![unknown()],
            "count" => vec![known(Scalar::Int(items.len() as i64))],
            "sum" if any_unknown => vec![unknown()],
            "sum" => {
                let total = items
                    .iter()
                    .filter_map(|i| match i {
                        Item::Val { value, .. } => value.as_int(),
                        _ => None,
                    })
                    .fold(0i64, i64::saturating_add);
                vec![known(Scalar::Int(total))]
            }
            _ => items
                .into_iter()
                .map(|item| match item {
                    Item::Val {
                        value,
                        owner,
                        field,
                    } => {
                        let mapped = value.as_str().map(|s| match name {
                            "lower" => Scalar::str(&s.to_lowercase()),
                            "upper" => Scalar::str(&s.to_uppercase()),
                            _ => Scalar::Int(s.chars().count() as i64),
                        });
                        match mapped {
                            Some(scalar) => Item::Val {
                                value: Held::Computed(Rc::new(Value {
                                    state: State::Known(scalar),
                                    ..(*value).clone()
                                })),
                                owner,
                                field,
                            },
                            None => Item::Val {
                                value,
                                owner,
                                field,
                            },
                        }
                    }
                    other => other,
                })
                .collect(),
        }
    }

    fn query(&mut self, query: &'a Query) -> Vec<Item<'a>> {
        let mut items = match &query.root {
            Root::Var(name) => {
                let mut out = self.list();
                out.extend(self.var(name).into_iter().flatten().cloned());
                out
            }
            Root::Setting(name) => match self.settings.get(name) {
                Some(v) => vec![computed(Value::known(Scalar::Int(v), Loc::default()))],
                None => Vec::new(),
            },
            Root::This => {
                let mut out = self.list();
                out.extend(self.this().cloned());
                out
            }
            Root::Field(name) | Root::Name(name) => {
                let mut out = self.list();
                if let Some(this) = self.this() {
                    self.step_field(this, self.resolved.field(name), name, &mut out);
                }
                out
            }
            Root::Global(name) => {
                let mut out = self.list();
                let root = Item::Obj(self.model.root());
                self.step_field(&root, self.resolved.field(name), name, &mut out);
                out
            }
        };
        if query.steps.is_empty() {
            return items;
        }
        // the next step's items are made in a second list, and the two
        // change places
        let mut spare = self.list();
        for step in &query.steps {
            match step {
                Step::All => {}
                Step::Field(name, _) => {
                    let resolved = self.resolved.field(name);
                    spare.clear();
                    for item in &items {
                        self.step_field(item, resolved, name, &mut spare);
                    }
                    std::mem::swap(&mut items, &mut spare);
                }
                Step::Filter(cond) => {
                    spare.clear();
                    for item in items.drain(..) {
                        if matches!(item, Item::Unknown) {
                            spare.push(Item::Unknown);
                            continue;
                        }
                        let status =
                            self.with_this(item.clone(), |e| e.cond(cond, None, false).status);
                        match status {
                            Status::Pass => spare.push(item),
                            Status::Fail => {}
                            Status::Skip => spare.push(Item::Unknown),
                        }
                    }
                    std::mem::swap(&mut items, &mut spare);
                }
            }
        }
        self.recycle(spare);
        items
    }

    /// `.field` of one item, appended to `out`; lists flatten. `resolved`
    /// says where the field is in each entity, when the name is the rule's.
    fn step_field(
        &self,
        item: &Item<'a>,
        resolved: Option<&FieldIndexes>,
        name: &str,
        out: &mut Vec<Item<'a>>,
    ) {
        let id = match item {
            Item::Obj(id) => *id,
            Item::Unknown => {
                out.push(Item::Unknown);
                return;
            }
            Item::Val { .. } => return,
        };
        let def = self.object(id).def;
        let index = match resolved {
            Some(entities) => entities
                .iter()
                .find(|(entity, _)| std::ptr::eq(*entity, def))
                .map(|(_, index)| usize::from(*index)),
            None => def.field_index(name),
        };
        let Some((index, field)) = index.and_then(|i| Some((i, def.fields.get(i)?))) else {
            return;
        };
        let field: &'static FieldDef = field;
        let value = |v: &'a Value| Item::Val {
            value: Held::Model(v),
            owner: Some(id),
            field: Some(field.name),
        };
        match (self.slot_at(id, index), field.ty) {
            (Slot::Absent, _) => {}
            // a list or link that cannot be known
            (Slot::Value(_), ty) if ty.is_many() || ty.entity().is_some() => {
                out.push(Item::Unknown);
            }
            (Slot::Value(v), _) => out.push(value(v)),
            (Slot::Values(vs), _) => out.extend(vs.iter().map(value)),
            // one element, unknown, and a rest of unknown length
            (Slot::NonEmpty(v), _) => {
                out.push(value(v));
                out.push(Item::Unknown);
            }
            (Slot::Object(o), _) => out.push(Item::Obj(*o)),
            (Slot::Objects(os), Ty::Links(_) | Ty::Objects(_)) => {
                out.extend(os.iter().map(|o| Item::Obj(*o)));
            }
            (Slot::Objects(os), _) => out.extend(os.iter().map(|o| Item::Obj(*o))),
        }
    }
}

/// A value the rule computed, belonging to no object.
fn computed<'a>(value: Value) -> Item<'a> {
    Item::Val {
        value: Held::Computed(Rc::new(value)),
        owner: None,
        field: None,
    }
}

/// One comparison of one element. Equality asks the model what is known
/// of both sides ([`partial::equal`]): a value with unknown parts fails
/// only when it fails for every value those parts could take.
fn compare(item: &Item, op: CmpOp, rhs: &Operand) -> Status {
    match rhs {
        Operand::Items(items) => compare_item(
            item,
            op,
            items.iter().map(|r| match r {
                Item::Val { value, .. } => Some(&**value),
                _ => None,
            }),
        ),
        Operand::Literals(values) => compare_item(item, op, values.iter().map(Some)),
    }
}

/// [`compare`] against the values of the right-hand side (`None` for an
/// element that is not a value).
fn compare_item<'v>(
    item: &Item,
    op: CmpOp,
    rhs: impl Iterator<Item = Option<&'v Value>> + Clone,
) -> Status {
    let Item::Val { value: left, .. } = item else {
        return Status::Skip;
    };
    let right = || rhs.clone();
    let equal = |r: Option<&Value>| r.and_then(|r| partial::equal(left, r));
    let holds = match op {
        CmpOp::In | CmpOp::NotIn => {
            let found = if right().any(|r| equal(r) == Some(true)) {
                Some(true)
            } else if right().all(|r| equal(r) == Some(false)) {
                Some(false)
            } else {
                None
            };
            if op == CmpOp::In {
                found
            } else {
                found.map(|f| !f)
            }
        }
        _ if right().next().is_none() => None,
        CmpOp::Eq | CmpOp::Ne => {
            let want = op == CmpOp::Eq;
            if right().any(|r| equal(r) == Some(!want)) {
                Some(false)
            } else if right().all(|r| equal(r) == Some(want)) {
                Some(true)
            } else {
                None
            }
        }
        _ => {
            let Some(l) = left.scalar().and_then(Scalar::as_f64) else {
                // an unknown, or a value that is not a number (a typo in
                // the input, for other checks to report)
                return Status::Skip;
            };
            let mut all = true;
            for r in right() {
                let Some(r) = r.and_then(Value::scalar).and_then(Scalar::as_f64) else {
                    return Status::Skip;
                };
                all &= match op {
                    CmpOp::Lt => l < r,
                    CmpOp::Le => l <= r,
                    CmpOp::Gt => l > r,
                    _ => l >= r,
                };
            }
            Some(all)
        }
    };
    match holds {
        Some(true) => Status::Pass,
        Some(false) => Status::Fail,
        None => Status::Skip,
    }
}

/// Whether written text is a quoted snake_case attribute name (a Terraform
/// plan's `"lambda_arn"` key), which says nothing of the value.
fn is_attribute_key(text: &str) -> bool {
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .is_some_and(|name| {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::{check, parser};
    use crate::model::schema;
    use crate::source::{FileId, Span};

    fn loc(start: usize) -> Loc {
        Loc::new(FileId(0), Span::new(start, start + 1))
    }

    fn run(rule: &str, model: &Model) -> Vec<Failure> {
        let mut def = parser::parse(rule).unwrap().remove(0);
        check::check_rule(&mut def, &|s| s == "limit", &["limit"]).unwrap();
        evaluate(
            &def,
            model,
            &|name: &str| (name == "limit").then_some(5),
            None,
        )
    }

    /// A distribution with origins whose protocol policies are given.
    fn model(policies: &[Option<State>]) -> Model {
        let mut m = Model::new();
        let dist = m.add_resource(&schema::DISTRIBUTION, loc(1), "Site");
        for (i, policy) in policies.iter().enumerate() {
            let o = m
                .add_child(dist, "origins", loc(10 + i * 10), &format!("o{i}"))
                .unwrap();
            m.set_value(
                o,
                "id",
                Value::known(Scalar::str(&format!("o{i}")), loc(11 + i * 10)),
            );
            if let Some(state) = policy {
                let mut v = Value::known(Scalar::str("x"), loc(12 + i * 10));
                v.state = state.clone();
                m.set_value(o, "protocol_policy", v);
            }
        }
        m
    }

    const RULE: &str = r#"rule r { meta {} distributions.origins.protocol_policy == "http-only" << origin `{id}` uses `{protocol_policy}` >> }"#;

    fn known(s: &str) -> Option<State> {
        Some(State::Known(Scalar::str(s)))
    }

    #[test]
    fn every_failing_element_is_reported_at_its_value() {
        let m = model(&[
            known("https-only"),
            known("http-only"),
            known("match-viewer"),
        ]);
        let failures = run(RULE, &m);
        assert_eq!(failures.len(), 2);
        assert_eq!(failures[0].loc, loc(12));
        assert_eq!(failures[0].message, "origin `o0` uses `https-only`");
        assert_eq!(failures[1].loc, loc(32));
        assert_eq!(failures[0].resource.as_deref(), Some("Site"));
        assert_eq!(failures[0].path, "origins[o0].protocol_policy");
    }

    #[test]
    fn unknown_values_and_empty_selections_skip() {
        let unknown = Some(State::Unknown(UnknownReason::Input("P".into())));
        assert!(run(RULE, &model(&[unknown])).is_empty());
        assert!(
            run(RULE, &model(&[None])).is_empty(),
            "absent field: empty selection"
        );
        assert!(run(RULE, &model(&[])).is_empty(), "no origins");
    }

    #[test]
    fn defaults_fail_at_their_enclosing_object_and_say_so() {
        let m = model(&[Some(State::Default(Scalar::str("match-viewer")))]);
        let failures = run(RULE, &m);
        assert_eq!(failures.len(), 1);
        assert!(
            failures[0]
                .message
                .ends_with("(`match-viewer` is the default: the setting is absent from the file)")
        );
    }

    #[test]
    fn some_asserts_existence_and_skips_when_unknown() {
        let rule = r#"rule r { meta {} distributions.origins[*] { some this[ protocol_policy == "http-only" ] { protocol_policy exists } << origin `{id}` has none >> } }"#;
        assert_eq!(run(rule, &model(&[known("https-only")])).len(), 1);
        assert!(run(rule, &model(&[known("http-only")])).is_empty());
        let unknown = Some(State::Unknown(UnknownReason::Computed));
        assert!(
            run(rule, &model(&[unknown])).is_empty(),
            "filter on Unknown skips"
        );
    }

    #[test]
    fn exists_and_not_and_or() {
        let rule = r#"rule r { meta {} distributions.origins[*] { protocol_policy exists << `{id}` has no policy >> } }"#;
        let failures = run(rule, &model(&[None, known("x")]));
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].loc, loc(10), "points at the origin");
        let rule = r#"rule r { meta {} distributions.origins[*] { protocol_policy == "a" or protocol_policy == "b" << bad `{protocol_policy}` >> } }"#;
        assert!(run(rule, &model(&[known("b")])).is_empty());
        assert_eq!(run(rule, &model(&[known("c")])).len(), 1);
        let rule = r#"rule r { meta {} distributions.origins[*] { not protocol_policy in ["a", "b"] << bad >> } }"#;
        assert_eq!(run(rule, &model(&[known("a")])).len(), 1);
    }

    #[test]
    fn settings_and_functions() {
        let rule =
            r#"rule r { meta {} count(distributions.origins) <= $limit << too many: {$limit} >> }"#;
        assert!(run(rule, &model(&[None, None])).is_empty());
        // at the top level there is no element to point at, so nothing is reported
        assert!(run(rule, &model(&[const { None }; 6])).is_empty());
        let rule = r#"rule r { meta {} distributions[*] { count(origins) <= $limit << `{id}` has more than {$limit} origins >> } }"#;
        let failures = run(rule, &model(&[const { None }; 6]));
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].message, "`Site` has more than 5 origins");
    }
}
