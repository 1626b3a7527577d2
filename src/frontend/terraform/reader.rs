//! Reading one resource instance's arguments and nested blocks into model
//! fields: evaluated values with their locations, Terraform's defaults at
//! the enclosing block, and `dynamic` blocks expanded.

use std::sync::Arc;

use super::eval::{eval, iteration};
use super::instance::{Instance, dynamic_items};
use super::syntax::{Body, Expr};
use super::value::{Names, Scope, V, Val};
use crate::frontend::fields::Fields;
use crate::model::{Scalar, Slot, State, UnknownReason, Value};
use crate::source::Loc;

/// A block of one resource instance.
#[derive(Clone)]
pub struct Reader<'i, 'a> {
    pub inst: &'i Instance<'a>,
    pub body: Body<'a>,
    pub scope: Scope,
}

/// A model value from an evaluated one; `None` for null and for shapes
/// that are not scalars.
pub fn to_value(v: V) -> Option<Value> {
    let state = match v.val {
        Val::Null => return None,
        Val::Str(s) => State::Known(Scalar::Str(s)),
        Val::Num(n) if n.fract() == 0.0 && n.abs() < 9e15 => State::Known(Scalar::Int(n as i64)),
        Val::Num(n) => State::Known(Scalar::Float(n)),
        Val::Bool(b) => State::Known(Scalar::Bool(b)),
        Val::Unknown(reason, parts) => {
            return Some(Value {
                state: State::Unknown(reason),
                loc: v.loc,
                origin: v.origin,
                parts,
            });
        }
        Val::List(_) | Val::Map(_) => State::Unknown(UnknownReason::Unsupported),
    };
    Some(Value {
        state,
        loc: v.loc,
        origin: v.origin,
        parts: Vec::new(),
    })
}

/// A list-valued argument as a slot.
pub fn to_slot(v: V) -> Option<Slot> {
    match v.val {
        Val::Null => None,
        Val::List(items) => Some(Slot::Values(
            items.into_iter().filter_map(to_value).collect(),
        )),
        Val::Unknown(..) => to_value(v).map(Slot::Value),
        _ => to_value(v).map(|v| Slot::Values(vec![v])),
    }
}

impl<'i, 'a> Reader<'i, 'a> {
    pub fn new(inst: &'i Instance<'a>, body: Body<'a>, scope: Scope) -> Reader<'i, 'a> {
        Reader { inst, body, scope }
    }

    pub fn eval(&self, key: &str) -> Option<V> {
        let expr = self.body.attr(key)?;
        Some(eval(self.inst, expr, &self.scope))
    }

    /// Nested blocks, literal and `dynamic`, in order.
    pub fn blocks(&self, name: &str) -> Vec<Reader<'i, 'a>> {
        let mut out: Vec<Reader<'i, 'a>> = self
            .body
            .blocks(name)
            .into_iter()
            .map(|b| Reader::new(self.inst, b, self.scope.clone()))
            .collect();
        for dynamic in self.body.dynamics(name) {
            let Some(content) = dynamic.content else {
                continue;
            };
            for scope in dynamic_items(
                self.inst,
                dynamic.for_each,
                &dynamic.iterator,
                &self.scope,
                dynamic.loc,
            ) {
                out.push(Reader::new(self.inst, content, scope));
            }
        }
        out
    }

    /// Whether a block is present for certain: `None` when it can only come
    /// from a `dynamic` block whose `for_each` is not known, so a rule does
    /// not read the content expanded once as a block that is surely there.
    pub fn block_certain(&self, name: &str) -> Option<bool> {
        if !self.body.blocks(name).is_empty() {
            return Some(true);
        }
        let mut unknown = false;
        for dynamic in self.body.dynamics(name) {
            let Some(for_each) = dynamic.for_each else {
                continue;
            };
            match iteration(&eval(self.inst, for_each, &self.scope)) {
                Some(items) if !items.is_empty() => return Some(true),
                Some(_) => {}
                None => unknown = true,
            }
        }
        (!unknown).then_some(false)
    }

    pub fn block(&self, name: &str) -> Option<Reader<'i, 'a>> {
        self.blocks(name).into_iter().next()
    }
}
impl Fields for Reader<'_, '_> {
    fn loc(&self) -> Loc {
        self.body.loc()
    }

    /// A scalar argument.
    fn value(&self, key: &str) -> Option<Value> {
        self.eval(key).and_then(to_value)
    }

    fn list(&self, key: &str) -> Option<Slot> {
        if let Some(Expr::Computed {
            references: Some(references),
            module,
            loc,
        }) = self.body.attr(key)
        {
            return Some(computed_list(self.inst, references, module, loc));
        }
        self.eval(key).and_then(to_slot)
    }
}

/// A plan list unknown until apply: one linked value per resource
/// attribute it references (`[aws_security_group.alb.id]` references
/// `aws_security_group.alb.id` and `aws_security_group.alb`); anything
/// else it references (a variable, a module output) leaves the whole list
/// Unknown.
fn computed_list(
    names: &dyn Names,
    references: &crate::document::Node,
    module: &str,
    loc: Loc,
) -> Slot {
    let refs: Vec<&str> = references
        .items()
        .iter()
        .filter_map(|r| r.as_str())
        .collect();
    let mut values = Vec::new();
    for r in &refs {
        let whole_resource = refs
            .iter()
            .any(|other| other.len() > r.len() && other.starts_with(&format!("{r}.")));
        if whole_resource {
            continue;
        }
        let from_resource = !(r.starts_with("var.")
            || r.starts_with("local.")
            || r.starts_with("module.")
            || r.starts_with("each.")
            || r.starts_with("count."));
        let v = names.computed(&[r], module, loc);
        match (from_resource, to_value(v)) {
            (true, Some(value)) if !value.parts.is_empty() => values.push(value),
            _ => return Slot::Value(Value::unknown(UnknownReason::Computed, loc)),
        }
    }
    if values.is_empty() {
        return Slot::Value(Value::unknown(UnknownReason::Computed, loc));
    }
    Slot::Values(values)
}

pub fn known_str(s: &str, loc: Loc) -> Value {
    Value::known(Scalar::Str(Arc::from(s)), loc)
}
