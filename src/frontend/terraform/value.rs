//! Values during evaluation of Terraform expressions, what an expression
//! can name, and the budget one unit's evaluation spends: what the
//! evaluator and the functions it calls both work with.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use crate::model::{Origin, Part, SetBy, UnknownReason};
use crate::source::Loc;

/// Evaluation steps allowed for one unit: enough for any real
/// configuration, small enough that a pathological one ends quickly.
pub const MAX_EVAL_STEPS: u64 = 2_000_000;
/// Nesting of evaluations across definitions (a local that reads a local
/// that reads a module output …); deeper chains are Unknown.
pub const MAX_EVAL_DEPTH: u32 = 48;
/// Longest list or string built by evaluation (`range`, repetition).
pub const MAX_COLLECTION: usize = 10_000;
/// Deepest value read through a variable, local or iterator: each
/// definition can nest what it reads in more lists, and a chain of them
/// would build values deeper than recursion over them can go. Deeper
/// values are Unknown, without an error (no configuration nests this deep).
pub const MAX_VALUE_DEPTH: usize = 64;
/// Bytes one unit's evaluation may build, counted as it builds them: text,
/// and every element of a list or map at the size it takes in memory. A
/// value read through a variable, local or iterator counts again at each
/// read (it is copied). Bounds what steps do not: one step can build a
/// large value (`replace`, `split`, `jsondecode`, `file`).
pub const MAX_EVAL_BYTES: u64 = 128 * 1024 * 1024;
/// Module and resource instances one unit may expand to (`count`,
/// `for_each`, over every module instance): a module that calls itself
/// multiplies its instances at each level.
pub const MAX_INSTANCES: usize = 10_000;
/// Most elements one `for` expression iterates over; a longer collection
/// makes the expression Unknown. Each iteration also spends steps of
/// [`MAX_EVAL_STEPS`], which bounds nested `for` expressions together.
pub const MAX_FOR_ITERATIONS: usize = MAX_COLLECTION;

/// A value during evaluation.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Str(Arc<str>),
    Num(f64),
    Bool(bool),
    List(Vec<V>),
    Map(Vec<(String, V)>),
    /// Not known before apply; `parts` keeps what is known of its shape.
    Unknown(UnknownReason, Vec<Part>),
}

/// A value with where it was written and, when it came through a variable
/// or a local, where it was defined.
#[derive(Clone, Debug, PartialEq)]
pub struct V {
    pub val: Val,
    pub loc: Loc,
    pub origin: Option<Arc<Origin>>,
}

impl V {
    pub fn new(val: Val, loc: Loc) -> V {
        V {
            val,
            loc,
            origin: None,
        }
    }

    pub fn unknown(reason: UnknownReason, loc: Loc) -> V {
        V::new(Val::Unknown(reason, Vec::new()), loc)
    }

    pub fn unsupported(loc: Loc) -> V {
        V::unknown(UnknownReason::Unsupported, loc)
    }

    pub fn str(s: &str, loc: Loc) -> V {
        V::new(Val::Str(Arc::from(s)), loc)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.val, Val::Unknown(..))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.val {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.val {
            Val::Bool(b) => Some(*b),
            Val::Str(s) if &**s == "true" => Some(true),
            Val::Str(s) if &**s == "false" => Some(false),
            _ => None,
        }
    }

    pub fn as_num(&self) -> Option<f64> {
        match &self.val {
            Val::Num(n) => Some(*n),
            Val::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        match &self.val {
            Val::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a primitive, as Terraform converts it to a string.
    pub fn to_text(&self) -> Option<String> {
        match &self.val {
            Val::Str(s) => Some(s.to_string()),
            Val::Num(n) => Some(number_text(*n)),
            Val::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The bytes the value takes in memory, as [`Budget::build`] counts
    /// them: each value's own size plus its text.
    pub fn size(&self) -> u64 {
        self.measure().0
    }

    /// The value's size, as [`V::size`], and its depth (1 for a scalar).
    pub fn measure(&self) -> (u64, usize) {
        let own = std::mem::size_of::<V>() as u64;
        let inner = |items: &mut dyn Iterator<Item = (u64, &V)>| {
            items.fold((own, 1), |(size, depth), (key, v)| {
                let (s, d) = v.measure();
                (size + key + s, depth.max(d + 1))
            })
        };
        match &self.val {
            Val::List(items) => inner(&mut items.iter().map(|v| (0, v))),
            Val::Map(entries) => inner(&mut entries.iter().map(|(k, v)| (k.len() as u64, v))),
            _ => (self.scalar_size(), 1),
        }
    }

    fn scalar_size(&self) -> u64 {
        let own = std::mem::size_of::<V>() as u64;
        match &self.val {
            Val::Str(s) => own + s.len() as u64,
            Val::Unknown(_, parts) => {
                own + parts
                    .iter()
                    .map(|p| match p {
                        Part::Text(t) => t.len() as u64,
                        _ => 0,
                    })
                    .sum::<u64>()
            }
            _ => own,
        }
    }

    /// Whether any part of the value is Unknown.
    pub fn has_unknown(&self) -> bool {
        match &self.val {
            Val::Unknown(..) => true,
            Val::List(items) => items.iter().any(V::has_unknown),
            Val::Map(entries) => entries.iter().any(|(_, v)| v.has_unknown()),
            _ => false,
        }
    }

    /// The value as set by `set_by` (a default, a variable file, the
    /// command line), located where it is written: what a finding's label
    /// at its origin says. Items of a collection are set the same way.
    pub fn set_by(self, set_by: &SetBy) -> V {
        let val = match self.val {
            Val::List(items) => Val::List(items.into_iter().map(|v| v.set_by(set_by)).collect()),
            Val::Map(entries) => Val::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, v.set_by(set_by)))
                    .collect(),
            ),
            other => other,
        };
        let origin = self
            .origin
            .unwrap_or_else(|| Origin::new(self.loc, set_by.clone()));
        V {
            val,
            loc: self.loc,
            origin: Some(origin),
        }
    }

    /// The value as read through a variable or local at `loc`: the value
    /// and everything in it now point at `loc`, defined at its old place.
    pub fn through(&self, loc: Loc) -> V {
        let val = match &self.val {
            Val::List(items) => Val::List(items.iter().map(|v| v.through(loc)).collect()),
            Val::Map(entries) => Val::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.through(loc)))
                    .collect(),
            ),
            other => other.clone(),
        };
        V {
            val,
            loc,
            origin: Some(
                self.origin
                    .clone()
                    .unwrap_or_else(|| Origin::new(self.loc, SetBy::Written)),
            ),
        }
    }

    /// Terraform's equality for known values.
    pub fn equals(&self, other: &V) -> Option<bool> {
        match (&self.val, &other.val) {
            (Val::Unknown(..), _) | (_, Val::Unknown(..)) => None,
            (Val::Num(a), Val::Num(b)) => Some(a == b),
            (Val::List(a), Val::List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                let mut all = Some(true);
                for (x, y) in a.iter().zip(b) {
                    match x.equals(y) {
                        Some(false) => return Some(false),
                        None => all = None,
                        Some(true) => {}
                    }
                }
                all
            }
            (Val::Map(a), Val::Map(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                let mut all = Some(true);
                for (k, x) in a {
                    match other.get(k).map(|y| x.equals(y)) {
                        None | Some(Some(false)) => return Some(false),
                        Some(None) => all = None,
                        Some(Some(true)) => {}
                    }
                }
                all
            }
            (a, b) => Some(a == b),
        }
    }
}

pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One step of a traversal after its root name.
#[derive(Clone, Debug)]
pub enum Step {
    Attr(String),
    Index(V),
    Splat,
}

/// What an expression can name beyond its own text: variables, locals,
/// resources, data sources, module outputs. One implementation per module
/// instance.
pub trait Names {
    fn var(&self, name: &str, loc: Loc) -> Option<V>;
    fn local(&self, name: &str, loc: Loc) -> Option<V>;
    /// `path.module`.
    fn module_dir(&self) -> String;
    /// A traversal rooted at a resource type, `data` or `module`: the value
    /// and how many steps it consumed.
    fn reference(&self, root: &str, steps: &[Step], loc: Loc) -> Option<(V, usize)>;
    /// A plan value computed at apply time from `references`.
    fn computed(&self, references: &[&str], module: &str, loc: Loc) -> V {
        let _ = (references, module);
        V::unknown(UnknownReason::Computed, loc)
    }
    /// The address prefix of the module instance (`""`, `module.cdn.`):
    /// what makes its variables distinct from another instance's.
    fn prefix(&self) -> &str {
        ""
    }
    /// Reads a file relative to the module directory.
    fn read_file(&self, path: &str) -> Option<String>;
    fn budget(&self) -> &Budget;
}

/// Which budget of [`Budget`] ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Steps,
    Bytes,
    Instances,
}

impl Limit {
    /// What was exceeded, with its constant's value.
    pub fn describe(self) -> String {
        match self {
            Limit::Steps => format!("evaluation stopped after {MAX_EVAL_STEPS} steps here"),
            Limit::Bytes => format!(
                "evaluation stopped here: values built would exceed {} MiB",
                MAX_EVAL_BYTES / (1024 * 1024)
            ),
            Limit::Instances => format!(
                "evaluation stopped here: more than {MAX_INSTANCES} module and resource instances"
            ),
        }
    }
}

/// Steps taken, bytes built, instances expanded and nesting depth, shared
/// by one unit's evaluations. Once any of them is spent, every later step
/// fails, so what is evaluated from there on is Unknown.
#[derive(Default)]
pub struct Budget {
    steps: Cell<u64>,
    bytes: Cell<u64>,
    instances: Cell<usize>,
    depth: Cell<u32>,
    /// Where evaluation first ran out, and of what.
    spent_at: Cell<Option<(Loc, Limit)>>,
}

impl Budget {
    /// Counts one step, evaluating what is at `loc`; false once the
    /// budget is spent.
    pub fn step(&self, loc: Loc) -> bool {
        self.spend(1, loc)
    }

    /// Counts `n` steps at once: the comparisons of `distinct`, `toset`,
    /// `contains` … whose cost grows with their input, not their call.
    pub fn spend(&self, n: u64, loc: Loc) -> bool {
        let total = self.steps.get().saturating_add(n);
        self.steps.set(total);
        self.check(total > MAX_EVAL_STEPS, Limit::Steps, loc)
    }

    /// Counts `bytes` built at `loc`; false (and nothing may be built)
    /// once the total would pass [`MAX_EVAL_BYTES`].
    pub fn build(&self, bytes: u64, loc: Loc) -> bool {
        let total = self.bytes.get().saturating_add(bytes);
        self.bytes.set(total);
        self.check(total > MAX_EVAL_BYTES, Limit::Bytes, loc)
    }

    /// Counts `n` instances of a block expanded at `loc`.
    pub fn instances(&self, n: usize, loc: Loc) -> bool {
        let total = self.instances.get().saturating_add(n);
        self.instances.set(total);
        self.check(total > MAX_INSTANCES, Limit::Instances, loc)
    }

    fn check(&self, over: bool, limit: Limit, loc: Loc) -> bool {
        if over && self.spent_at.get().is_none() {
            self.spent_at.set(Some((loc, limit)));
        }
        self.spent_at.get().is_none()
    }

    /// Where evaluation first ran out, and of what, if it did.
    pub fn spent_at(&self) -> Option<(Loc, Limit)> {
        self.spent_at.get()
    }

    /// Runs `f` one level deeper, or returns `None` past the depth cap.
    pub fn nested<T>(&self, f: impl FnOnce() -> T) -> Option<T> {
        let d = self.depth.get();
        if d >= MAX_EVAL_DEPTH {
            return None;
        }
        self.depth.set(d + 1);
        let out = f();
        self.depth.set(d);
        Some(out)
    }
}

/// Names bound by `for` expressions, `count`, `for_each` and `dynamic`
/// iterators, innermost first.
#[derive(Clone, Default)]
pub struct Scope(Option<Rc<Frame>>);

pub struct Frame {
    vars: Vec<(String, V)>,
    parent: Scope,
}

impl Scope {
    pub fn get(&self, name: &str) -> Option<&V> {
        let mut at = self.0.as_deref();
        while let Some(frame) = at {
            if let Some((_, v)) = frame.vars.iter().find(|(n, _)| n == name) {
                return Some(v);
            }
            at = frame.parent.0.as_deref();
        }
        None
    }

    /// This scope with more names bound.
    pub fn with(&self, vars: Vec<(String, V)>) -> Scope {
        Scope(Some(Rc::new(Frame {
            vars,
            parent: self.clone(),
        })))
    }
}

/// The bytes `n` elements of a list or map take, for [`Budget::build`].
pub fn elements(n: usize) -> u64 {
    (n as u64).saturating_mul(std::mem::size_of::<V>() as u64)
}
