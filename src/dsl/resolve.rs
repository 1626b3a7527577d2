//! What a rule's names and literals stand for, worked out once when the
//! rule loads instead of at every step of every evaluation: for each field
//! name a query reads, the entities that have it and at which index of
//! their `fields`; for each literal, its value.
//!
//! Entries are found by where the name or literal lives in the rule's
//! syntax tree (its heap address), and hold the name or literal itself: an
//! entry is used only when that is what is asked for, so a copy of the
//! tree, a changed tree or text from elsewhere (a message's
//! `{placeholder}`) is looked up in the schema instead. The table only
//! saves time; it never changes an answer.

use super::ast::*;
use crate::model::schema::{ENTITIES, EntityDef};
use crate::model::{Scalar, Value};
use crate::source::Loc;

/// The entities that have a field, with the field's index in each.
pub type FieldIndexes = [(&'static EntityDef, u16)];

#[derive(Clone, Debug, Default)]
pub struct Resolved {
    /// By the address of the name's text, sorted.
    fields: Vec<(usize, String, Vec<(&'static EntityDef, u16)>)>,
    /// By the address of the literal, sorted.
    literals: Vec<(usize, Literal, Value)>,
}

impl Resolved {
    pub fn new(rule: &RuleDef) -> Resolved {
        let mut resolved = Resolved::default();
        resolved.stmts(&rule.body);
        resolved.fields.sort_unstable_by_key(|(key, ..)| *key);
        resolved.fields.dedup_by_key(|(key, ..)| *key);
        resolved.literals.sort_unstable_by_key(|(key, ..)| *key);
        resolved.literals.dedup_by_key(|(key, ..)| *key);
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
            .filter(|(_, text, _)| text == name)
            .map(|(.., entities)| entities.as_slice())
    }

    /// The value of a literal of the rule's tree.
    pub fn literal(&self, literal: &Literal) -> Option<&Value> {
        let key = std::ptr::from_ref(literal) as usize;
        self.literals
            .binary_search_by_key(&key, |(k, ..)| *k)
            .ok()
            .and_then(|i| self.literals.get(i))
            .filter(|(_, written, _)| written == literal)
            .map(|(.., value)| value)
    }

    fn name(&mut self, name: &str) {
        let entities = ENTITIES
            .iter()
            .filter_map(|e| {
                let index = e.field_index(name)?;
                Some((*e, u16::try_from(index).ok()?))
            })
            .collect();
        self.fields
            .push((name.as_ptr() as usize, name.to_string(), entities));
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
        match expr {
            Expr::Literal(literal, _) => {
                let scalar = match literal {
                    Literal::Str(s) => Scalar::str(s),
                    Literal::Int(i) => Scalar::Int(*i),
                    Literal::Bool(b) => Scalar::Bool(*b),
                };
                self.literals.push((
                    std::ptr::from_ref(literal) as usize,
                    literal.clone(),
                    Value::known(scalar, Loc::default()),
                ));
            }
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
        let Expr::Literal(literal, _) = rhs else {
            panic!("a literal")
        };
        assert_eq!(
            resolved.literal(literal).and_then(Value::as_str),
            Some("http-only")
        );
        assert!(resolved.literal(&literal.clone()).is_none());
    }
}
