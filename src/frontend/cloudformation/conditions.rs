//! The `Conditions` section: each condition is decided when its inputs are
//! known; the undecided ones the model depends on are enumerated into
//! scenarios, each a consistent assignment of true/false.

use std::collections::HashMap;

use crate::document::Node;

use super::call::call;
use super::intrinsics::{Ev, Eval};
use super::template::Template;

/// The most scenarios one template yields. Up to this many, every
/// combination of the undecided conditions is built; beyond, a bounded
/// set: all false, all true, and each condition flipped alone.
///
/// Crossing it is not an error: a template with seven independent
/// conditions is ordinary, and the bounded set still finds every problem
/// that depends on one condition's value. What it can miss is a finding
/// that needs two particular conditions at once; the README's "Limits"
/// section says so.
pub const MAX_CONDITION_SCENARIOS: usize = 64;

impl<'a> Eval<'a> {
    /// The value of a named condition in this scenario; `None` when it is
    /// undecided (depends on an Unknown) or not defined.
    pub fn condition(&self, name: &str) -> Option<bool> {
        self.condition_at(name, 0)
    }

    /// `condition`, at a nesting depth: a chain of conditions naming
    /// conditions, or of `Fn::If` inside `Fn::Equals`, counts as nesting.
    pub(super) fn condition_at(&self, name: &str, depth: usize) -> Option<bool> {
        if let Some(value) = self.assignment.get(name) {
            return Some(*value);
        }
        if !self.tick(depth) {
            return None;
        }
        if let Some(value) = self.condition_memo.borrow().get(name) {
            return *value;
        }
        // A condition that refers back to itself is invalid; undecided.
        if !self
            .condition_visiting
            .borrow_mut()
            .insert(name.to_string())
        {
            return None;
        }
        let result = self
            .t
            .conditions
            .and_then(|conditions| conditions.get(name))
            .and_then(|node| self.condition_expr(node, depth + 1));
        self.condition_visiting.borrow_mut().remove(name);
        self.condition_memo
            .borrow_mut()
            .insert(name.to_string(), result);
        result
    }

    fn condition_expr(&self, node: &Node, depth: usize) -> Option<bool> {
        if !self.tick(depth) {
            return None;
        }
        let c = call(node)?;
        match c.name {
            "Fn::Equals" => match c.items() {
                [a, b] => {
                    let a = texts(self.eval_at(a, false, depth + 1))?;
                    let b = texts(self.eval_at(b, false, depth + 1))?;
                    Some(a == b)
                }
                _ => None,
            },
            "Fn::And" => {
                let mut all = Some(true);
                for item in c.items() {
                    match self.condition_expr(item, depth + 1) {
                        Some(false) => return Some(false),
                        Some(true) => {}
                        None => all = None,
                    }
                }
                all
            }
            "Fn::Or" => {
                let mut any = Some(false);
                for item in c.items() {
                    match self.condition_expr(item, depth + 1) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => any = None,
                    }
                }
                any
            }
            "Fn::Not" => c
                .items()
                .first()
                .and_then(|item| self.condition_expr(item, depth + 1))
                .map(|b| !b),
            "Condition" => self.condition_at(c.arg.as_str()?, depth + 1),
            _ => None,
        }
    }
}

/// What CloudFormation compares in `Fn::Equals`: the text of each value.
fn texts(ev: Ev) -> Option<Vec<String>> {
    match ev {
        Ev::Value(v) => Some(vec![v.scalar()?.to_string()]),
        Ev::List(items) => items
            .iter()
            .map(|v| v.scalar().map(ToString::to_string))
            .collect(),
        Ev::Absent | Ev::Other => None,
    }
}

/// Names of conditions the model depends on: a resource's `Condition`, or
/// an `Fn::If` inside a resource that is read into the model. In the order
/// of the `Conditions` section.
fn used_conditions(t: &Template<'_>, read: impl Fn(&str) -> bool) -> Vec<String> {
    let mut used = std::collections::HashSet::new();
    let mut stack: Vec<&Node> = Vec::new();
    for resource in t.resources.iter().filter(|r| read(r.ty)) {
        if let Some(name) = resource.condition {
            used.insert(name);
        }
        stack.extend(resource.props());
        while let Some(node) = stack.pop() {
            if let Some(c) = call(node)
                && c.name == "Fn::If"
                && let Some(name) = c.items().first().and_then(Node::as_str)
            {
                used.insert(name);
            }
            stack.extend(node.items());
            stack.extend(node.entries().iter().map(|e| &e.value));
        }
    }
    t.conditions
        .map(Node::entries)
        .unwrap_or(&[])
        .iter()
        .filter(|e| used.contains(e.key.as_str()))
        .map(|e| e.key.to_string())
        .collect()
}

/// The condition assignments to build a model for: one empty assignment
/// when every condition the model depends on is decided.
pub fn plan(t: &Template<'_>, read: impl Fn(&str) -> bool) -> Vec<Vec<(String, bool)>> {
    let base = Eval::new(t, HashMap::new());
    let undecided: Vec<String> = used_conditions(t, read)
        .into_iter()
        .filter(|name| base.condition(name).is_none())
        .collect();
    if undecided.is_empty() {
        return vec![Vec::new()];
    }
    let k = undecided.len();
    let exhaustive = u32::try_from(k)
        .ok()
        .and_then(|k| 1usize.checked_shl(k))
        .filter(|&n| n <= MAX_CONDITION_SCENARIOS);
    let assignments: Vec<Vec<bool>> = match exhaustive {
        Some(n) => (0..n)
            .map(|bits| (0..k).map(|i| bits & (1 << i) != 0).collect())
            .collect(),
        None => {
            let mut set = vec![vec![false; k], vec![true; k]];
            for i in 0..k.min(MAX_CONDITION_SCENARIOS.saturating_sub(2)) {
                let mut flipped = vec![false; k];
                if let Some(slot) = flipped.get_mut(i) {
                    *slot = true;
                }
                set.push(flipped);
            }
            set
        }
    };
    let consistent: Vec<Vec<(String, bool)>> = assignments
        .iter()
        .filter(|values| is_consistent(t, &undecided, values))
        .map(|values| {
            undecided
                .iter()
                .cloned()
                .zip(values.iter().copied())
                .collect()
        })
        .collect();
    if consistent.is_empty() {
        // Contradictory whichever way: keep one scenario rather than none.
        return assignments
            .first()
            .map(|values| {
                undecided
                    .iter()
                    .cloned()
                    .zip(values.iter().copied())
                    .collect()
            })
            .into_iter()
            .collect();
    }
    consistent
}

/// Whether no condition, evaluated from the others' assigned values,
/// contradicts its own assigned value (`IsDev` = `Not IsProd` cannot be
/// true together with `IsProd`).
fn is_consistent(t: &Template<'_>, names: &[String], values: &[bool]) -> bool {
    // one map of every assignment; each condition is taken out while it is
    // derived from the others, so no check copies the map
    let mut others: HashMap<String, bool> =
        names.iter().cloned().zip(values.iter().copied()).collect();
    for (name, value) in names.iter().zip(values) {
        let own = others.remove(name);
        let eval = Eval::new(t, others);
        let derived = eval.condition(name);
        others = eval.assignment;
        if let Some(own) = own {
            others.insert(name.clone(), own);
        }
        if derived.is_some_and(|derived| derived != *value) {
            return false;
        }
    }
    true
}
