//! A clause's fix, resolved against the element that failed: which values
//! change, and to what. Where they are written is the fix engine's concern.

use std::sync::Arc;

use super::{Evaluator, Item};
use crate::dsl::ast::{FixAction, FixDecl};
use crate::model::{ObjId, Scalar, State, Value};
use crate::source::Loc;

/// A fix of one failure, in terms of values and their places.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedFix {
    pub title: String,
    pub safe: bool,
    pub changes: Vec<PlannedChange>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PlannedChange {
    /// A value written in a file takes another.
    Replace { value: Value, to: Scalar },
    /// An absent field is added to the object written at `object` as
    /// `key`.
    Insert {
        object: Loc,
        key: Arc<str>,
        to: Scalar,
    },
    /// What is written at `loc` (a value or an object) is taken out with
    /// its key.
    Remove { loc: Loc },
}

impl<'a> Evaluator<'a, '_> {
    /// `None` when some part of the fix cannot be made: a value that is
    /// Unknown or defined away from its use, an absent field whose key is
    /// not known, a selection that is not one value. A `set` whose query
    /// selects several values, the failing one (at `failed`) among them,
    /// sets that one.
    pub(super) fn plan_fix(
        &mut self,
        fix: &'a FixDecl,
        owner: Option<ObjId>,
        failed: Loc,
    ) -> Option<PlannedFix> {
        let mut changes = Vec::new();
        for action in &fix.actions {
            match action {
                FixAction::Set { target, value, .. } => {
                    let mut targets = self.query(target);
                    if targets.len() > 1 {
                        targets.retain(
                            |t| matches!(t, Item::Val { value, .. } if value.loc == failed),
                        );
                    }
                    let [target] = <[Item; 1]>::try_from(targets).ok()?;
                    let [to] = <[Item; 1]>::try_from(self.expr(value)).ok()?;
                    let Item::Val { value: to, .. } = to else {
                        return None;
                    };
                    let to = to.scalar()?.clone();
                    let Item::Val {
                        value,
                        owner: Some(object),
                        field: Some(field),
                    } = target
                    else {
                        return None;
                    };
                    if value.origin.is_some() || !value.parts.is_empty() {
                        return None;
                    }
                    match &value.state {
                        State::Known(now) if *now == to => {}
                        State::Known(_) => changes.push(PlannedChange::Replace {
                            value: Value::clone(&value),
                            to,
                        }),
                        State::Default(_) => {
                            let key = Arc::from(self.absent_key(object, field)?);
                            // a Default is located at the object its key
                            // would be written in
                            changes.push(PlannedChange::Insert {
                                object: value.loc,
                                key,
                                to,
                            });
                        }
                        State::Unknown(_) => return None,
                    }
                }
                FixAction::Remove { target, .. } => {
                    for item in self.query(target) {
                        let loc = match item {
                            Item::Obj(id) => self.object(id).loc,
                            Item::Val { value, .. } => match value.state {
                                State::Known(_) if value.origin.is_none() => value.loc,
                                // nothing written here to take out
                                State::Default(_) => continue,
                                _ => return None,
                            },
                            Item::Unknown => return None,
                        };
                        changes.push(PlannedChange::Remove { loc });
                    }
                }
            }
        }
        if changes.is_empty() {
            return None;
        }
        Some(PlannedFix {
            title: self.interpolate(&fix.title, owner),
            safe: fix.safe,
            changes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::evaluate;
    use super::*;
    use crate::dsl::{check, parser};
    use crate::model::{Model, Origin, SetBy, UnknownReason, schema};
    use crate::source::{FileId, Span};

    fn loc(start: usize) -> Loc {
        Loc::new(FileId(0), Span::new(start, start + 1))
    }

    const RULE: &str = r#"rule r { meta {} distributions.origins[*] { protocol_policy == "http-only" << `{id}` >> fix safe "use http-only on `{id}`" { set protocol_policy = "http-only" } } }"#;

    /// The fixes of the failures of `RULE` on one origin whose policy is
    /// `policy`, noted as written under `key` when absent.
    fn fixes(policy: Value, key: Option<&'static str>) -> Vec<Option<PlannedFix>> {
        let mut m = Model::new();
        let dist = m.add_resource(&schema::DISTRIBUTION, loc(1), "Site");
        let o = m.add_child(dist, "origins", loc(10), "web").unwrap();
        m.set_value(o, "id", Value::known(Scalar::str("web"), loc(11)));
        m.set_value(o, "protocol_policy", policy);
        if let Some(key) = key {
            m.note_absent_key(o, "protocol_policy", key);
        }
        let mut def = parser::parse(RULE).unwrap().remove(0);
        check::check_rule(&mut def, &|_| false, &[]).unwrap();
        evaluate(&def, &m, &|_: &str| None, None)
            .into_iter()
            .map(|f| f.fix)
            .collect()
    }

    #[test]
    fn a_written_value_is_replaced_and_an_absent_one_inserted() {
        let https = Scalar::str("https-only");
        let [Some(fix)]: [Option<PlannedFix>; 1] =
            fixes(Value::known(https.clone(), loc(12)), None)
                .try_into()
                .unwrap()
        else {
            panic!("no fix")
        };
        assert_eq!(fix.title, "use http-only on `web`");
        assert!(fix.safe);
        assert_eq!(
            fix.changes,
            [PlannedChange::Replace {
                value: Value::known(https.clone(), loc(12)),
                to: Scalar::str("http-only")
            }]
        );
        let [Some(fix)]: [Option<PlannedFix>; 1] = fixes(
            Value::default_value(https.clone(), loc(10)),
            Some("OriginProtocolPolicy"),
        )
        .try_into()
        .unwrap() else {
            panic!("no fix")
        };
        assert_eq!(
            fix.changes,
            [PlannedChange::Insert {
                object: loc(10),
                key: Arc::from("OriginProtocolPolicy"),
                to: Scalar::str("http-only")
            }]
        );
    }

    #[test]
    fn no_fix_where_the_value_cannot_be_changed_in_place() {
        let https = Scalar::str("https-only");
        // a default whose key the front-end did not say
        assert_eq!(
            fixes(Value::default_value(https.clone(), loc(10)), None),
            [None]
        );
        // a value defined elsewhere (a parameter's default)
        let mut from_parameter = Value::known(https, loc(12));
        from_parameter.origin = Some(Origin::new(loc(40), SetBy::Default));
        assert_eq!(fixes(from_parameter, None), [None]);
        // an Unknown value fails nothing, so has nothing to fix
        assert!(fixes(Value::unknown(UnknownReason::Computed, loc(12)), None).is_empty());
    }
}
