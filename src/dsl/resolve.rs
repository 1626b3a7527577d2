//! What a rule's names and literals stand for, worked out once when the
//! rule loads instead of at every step of every evaluation: for each field
//! name a query reads, the entities that have it and at which index of
//! their `fields`; for each operand written as literals, its values.
//!
//! Entries are found by where the name or literal lives in the rule's
//! syntax tree (its heap address), and hold the name or literal itself: an
//! entry is used only when that is what is asked for, so a copy of the
//! tree, a changed tree or text from elsewhere (a message's
//! `{placeholder}`) is looked up in the schema instead. The table only
//! saves time; it never changes an answer.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::ast::*;
use crate::model::schema::{ENTITIES, EntityDef};
use crate::model::{Scalar, Value};
use crate::source::Loc;

/// The entities that have a field, with the field's index in each.
pub type FieldIndexes = [(&'static EntityDef, u16)];

#[derive(Clone, Debug, Default)]
pub struct Resolved {
    /// By the address of the name's text, sorted.
    fields: Vec<(usize, &'static str, &'static FieldIndexes)>,
    /// The values of operands written as literals or lists of literals,
    /// by the address of the expression, sorted.
    operands: Vec<(usize, Vec<Literal>, Vec<Value>)>,
}

impl Resolved {
    pub fn new(rule: &RuleDef) -> Resolved {
        let mut resolved = Resolved::default();
        resolved.stmts(&rule.body);
        resolved.fields.sort_unstable_by_key(|(key, ..)| *key);
        resolved.fields.dedup_by_key(|(key, ..)| *key);
        resolved.operands.sort_unstable_by_key(|(key, ..)| *key);
        resolved.operands.dedup_by_key(|(key, ..)| *key);
        resolved
    }

    /// Where `name`, a node of the rule's tree, is in each entity; `None`
    /// when the name is not from the tree this table was made from.
    pub fn field(&self, name: &str) -> Option<&FieldIndexes> {
        let key = name.as_ptr() as usize;
        self.fields
            .binary_search_by_key(&key, |(k, ..)| *k)
            .ok()
            .and_then(|i| self.fields.get(i))
            .filter(|(_, text, _)| *text == name)
            .map(|(.., entities)| *entities)
    }

    /// The values of an expression of the rule's tree that is a literal
    /// or a list of literals.
    pub fn operand(&self, expr: &Expr) -> Option<&[Value]> {
        let key = std::ptr::from_ref(expr) as usize;
        let (_, written, values) = self
            .operands
            .binary_search_by_key(&key, |(k, ..)| *k)
            .ok()
            .and_then(|i| self.operands.get(i))?;
        let mut written = written.iter();
        let same = written_as(expr, &mut written) && written.next().is_none();
        same.then_some(values.as_slice())
    }

    /// A name no entity has is left out: the evaluator's lookup in the
    /// schema finds nothing either.
    fn name(&mut self, name: &str) {
        if let Some((text, entities)) = schema_fields().get_key_value(name) {
            self.fields
                .push((name.as_ptr() as usize, text, entities.as_slice()));
        }
    }

    fn stmts(&mut self, stmts: &[Stmt]) {
        for stmt in stmts {
            match stmt {
                Stmt::Let { expr, .. } => self.expr(expr),
                Stmt::When { cond, body, .. } => {
                    self.cond(cond);
                    self.stmts(body);
                }
                Stmt::Clause(clause) => {
                    self.cond(&clause.cond);
                    for related in &clause.related {
                        self.query(&related.query);
                    }
                }
            }
        }
    }

    fn cond(&mut self, cond: &Cond) {
        match cond {
            Cond::Or(parts, _) | Cond::And(parts, _) => parts.iter().for_each(|p| self.cond(p)),
            Cond::Not(inner, _) => self.cond(inner),
            Cond::Some { query, body, .. } => {
                self.query(query);
                match body {
                    SomeBody::Block(stmts) => self.stmts(stmts),
                    SomeBody::Compare(_, rhs) => self.expr(rhs),
                }
            }
            Cond::Block { query, body, .. } => {
                self.query(query);
                self.stmts(body);
            }
            Cond::Compare { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            Cond::Unary { expr, .. } => self.expr(expr),
        }
    }

    fn expr(&mut self, expr: &Expr) {
        let mut literals = Vec::new();
        if literals_of(expr, &mut literals) {
            let values = literals
                .iter()
                .map(|literal| Value::known(scalar_of(literal), Loc::default()))
                .collect();
            let written = literals.into_iter().cloned().collect();
            self.operands
                .push((std::ptr::from_ref(expr) as usize, written, values));
        }
        match expr {
            Expr::Literal(..) => {}
            Expr::List(items, _) => items.iter().for_each(|e| self.expr(e)),
            Expr::Call { args, .. } => args.iter().for_each(|e| self.expr(e)),
            Expr::Query(query) => self.query(query),
        }
    }

    fn query(&mut self, query: &Query) {
        match &query.root {
            Root::Field(name) | Root::Name(name) | Root::Global(name) => self.name(name),
            Root::Var(_) | Root::Setting(_) | Root::This => {}
        }
        for step in &query.steps {
            match step {
                Step::Field(name, _) => self.name(name),
                Step::Filter(cond) => self.cond(cond),
                Step::All => {}
            }
        }
    }
}

/// Collects the literals of an expression that is a literal or a list of
/// them (at any depth); false when it holds anything else.
fn literals_of<'e>(expr: &'e Expr, out: &mut Vec<&'e Literal>) -> bool {
    match expr {
        Expr::Literal(literal, _) => {
            out.push(literal);
            true
        }
        Expr::List(items, _) => items.iter().all(|e| literals_of(e, out)),
        Expr::Call { .. } | Expr::Query(_) => false,
    }
}

/// Every field name of the schema, with the entities that have it.
fn schema_fields() -> &'static HashMap<&'static str, Vec<(&'static EntityDef, u16)>> {
    static FIELDS: OnceLock<HashMap<&'static str, Vec<(&'static EntityDef, u16)>>> =
        OnceLock::new();
    FIELDS.get_or_init(|| {
        let mut fields: HashMap<&'static str, Vec<(&'static EntityDef, u16)>> = HashMap::new();
        for entity in ENTITIES {
            for (index, field) in entity.fields.iter().enumerate() {
                if let Ok(index) = u16::try_from(index) {
                    fields.entry(field.name).or_default().push((*entity, index));
                }
            }
        }
        fields
    })
}

/// Whether an expression is the literals `written` yields next, in order.
fn written_as(expr: &Expr, written: &mut std::slice::Iter<Literal>) -> bool {
    match expr {
        Expr::Literal(literal, _) => written.next() == Some(literal),
        Expr::List(items, _) => items.iter().all(|e| written_as(e, written)),
        Expr::Call { .. } | Expr::Query(_) => false,
    }
}

/// The model's value of a literal written in a rule.
pub fn scalar_of(literal: &Literal) -> Scalar {
    match literal {
        Literal::Str(s) => Scalar::str(s),
        Literal::Int(i) => Scalar::Int(*i),
        Literal::Bool(b) => Scalar::Bool(*b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::parser;
    use crate::model::schema;

    #[test]
    fn names_resolve_to_their_index_in_each_entity_and_other_text_does_not() {
        let rule = r#"rule r { meta {} distributions.origins[ id == "a" ].protocol_policy == "http-only" }"#;
        let def = parser::parse(rule).unwrap().remove(0);
        let resolved = Resolved::new(&def);
        let Some(Stmt::Clause(clause)) = def.body.first() else {
            panic!("one clause")
        };
        let Cond::Compare { lhs, rhs, .. } = &clause.cond else {
            panic!("a comparison")
        };
        let Expr::Query(query) = lhs else {
            panic!("a query")
        };
        let Some(Step::Field(name, _)) = query.steps.last() else {
            panic!("a field step")
        };
        let entities = resolved.field(name).expect("resolved");
        let want = schema::ORIGIN.field_index("protocol_policy").unwrap();
        assert!(
            entities
                .iter()
                .any(|(e, i)| std::ptr::eq(*e, &schema::ORIGIN) && usize::from(*i) == want)
        );
        assert!(
            !entities
                .iter()
                .any(|(e, _)| std::ptr::eq(*e, &schema::DISTRIBUTION))
        );
        // the same text elsewhere is not a node of the tree
        assert!(resolved.field(&name.clone()).is_none());
        let values = resolved.operand(rhs).expect("a literal");
        assert_eq!(values.len(), 1);
        assert_eq!(values[0].as_str(), Some("http-only"));
        assert!(resolved.operand(&rhs.clone()).is_none());
    }

    /// A tree changed in place after its table was made (a rule cloned
    /// with its table) has nodes at the same addresses holding other text:
    /// the table must not answer for them.
    #[test]
    fn a_node_changed_in_place_is_not_answered_for() {
        let rule = r#"rule r { meta {} distributions.origins.protocol_policy == "http-only" }"#;
        let mut def = parser::parse(rule).unwrap().remove(0);
        let resolved = Resolved::new(&def);
        let Some(Stmt::Clause(clause)) = def.body.first_mut() else {
            panic!("one clause")
        };
        let Cond::Compare { lhs, rhs, .. } = &mut clause.cond else {
            panic!("a comparison")
        };
        let Expr::Query(query) = lhs else {
            panic!("a query")
        };
        let Some(Step::Field(name, _)) = query.steps.last_mut() else {
            panic!("a field step")
        };
        assert!(resolved.field(name).is_some());
        let at = name.as_ptr();
        // `id`, a field of origins too, in the same allocation
        name.truncate(2);
        name.replace_range(.., "id");
        assert_eq!(name.as_ptr(), at, "changed in place");
        assert!(resolved.field(name).is_none());
        assert!(resolved.operand(rhs).is_some());
        let Expr::Literal(Literal::Str(text), _) = rhs else {
            panic!("a string literal")
        };
        text.truncate(4);
        assert!(resolved.operand(rhs).is_none());
    }
}
