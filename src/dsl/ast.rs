//! The typed syntax tree of rule files, with spans into the rule file.

use crate::source::Span;

#[derive(Clone, Debug)]
pub struct RuleDef {
    /// The `///` documentation, markdown, without the slashes.
    pub docs: String,
    pub name: String,
    pub name_span: Span,
    pub meta: Vec<MetaEntry>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct MetaEntry {
    pub key: String,
    pub key_span: Span,
    pub value: MetaValue,
    pub value_span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MetaValue {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<String>),
}

#[derive(Clone, Debug)]
pub enum Stmt {
    Let {
        name: String,
        expr: Expr,
        span: Span,
    },
    When {
        cond: Cond,
        body: Vec<Stmt>,
        span: Span,
    },
    Clause(Clause),
}

#[derive(Clone, Debug)]
pub struct Clause {
    pub cond: Cond,
    pub message: Option<(String, Span)>,
    pub severity: Option<(String, Span)>,
    pub related: Vec<Related>,
    /// How to change the deployment so the check holds, when mechanical.
    pub fix: Option<FixDecl>,
    pub span: Span,
}

/// A clause's `fix`: what to change, in terms of the model.
#[derive(Clone, Debug)]
pub struct FixDecl {
    /// `safe`: keeps the author's intent; `unsafe`: changes behaviour the
    /// author may rely on.
    pub safe: bool,
    /// What the fix does, in the imperative; may name fields like messages.
    pub title: String,
    pub actions: Vec<FixAction>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum FixAction {
    /// Give the selected value a new one (written where it was, or added
    /// where it is absent).
    Set {
        target: Query,
        value: Expr,
        span: Span,
    },
    /// Take the selected values or objects out of the file.
    Remove { target: Query, span: Span },
}

/// A secondary label: every object or value the query selects, with text.
#[derive(Clone, Debug)]
pub struct Related {
    pub query: Query,
    pub label: String,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Exists,
    Empty,
}

#[derive(Clone, Debug)]
pub enum Cond {
    Or(Vec<Cond>, Span),
    And(Vec<Cond>, Span),
    Not(Box<Cond>, Span),
    /// Passes when at least one selected element passes.
    Some {
        query: Query,
        body: SomeBody,
        span: Span,
    },
    /// Checks the statements for every selected element.
    Block {
        query: Query,
        body: Vec<Stmt>,
        span: Span,
    },
    Compare {
        lhs: Expr,
        op: CmpOp,
        rhs: Expr,
        span: Span,
    },
    Unary {
        expr: Expr,
        op: UnaryOp,
        span: Span,
    },
}

#[derive(Clone, Debug)]
pub enum SomeBody {
    Block(Vec<Stmt>),
    Compare(CmpOp, Expr),
}

impl Cond {
    pub fn span(&self) -> Span {
        match self {
            Cond::Or(_, s) | Cond::And(_, s) | Cond::Not(_, s) => *s,
            Cond::Some { span, .. }
            | Cond::Block { span, .. }
            | Cond::Compare { span, .. }
            | Cond::Unary { span, .. } => *span,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Str(String),
    Int(i64),
    Bool(bool),
}

#[derive(Clone, Debug)]
pub enum Expr {
    Literal(Literal, Span),
    List(Vec<Expr>, Span),
    Call {
        name: String,
        args: Vec<Expr>,
        span: Span,
    },
    Query(Query),
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Literal(_, s) | Expr::List(_, s) => *s,
            Expr::Call { span, .. } => *span,
            Expr::Query(q) => q.span,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Query {
    pub root: Root,
    pub root_span: Span,
    pub steps: Vec<Step>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Root {
    /// `%name`: a `let` binding.
    Var(String),
    /// `$name`: a setting.
    Setting(String),
    /// `this`: the element a block is checking.
    This,
    /// A bare name, before checking decides which of the two below it is.
    Name(String),
    /// A field of the element a block is checking.
    Field(String),
    /// A collection of the deployment.
    Global(String),
}

#[derive(Clone, Debug)]
pub enum Step {
    Field(String, Span),
    All,
    Filter(Box<Cond>),
}
