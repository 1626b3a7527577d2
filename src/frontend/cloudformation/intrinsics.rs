//! Intrinsic functions evaluated into model values: `Ref`, `Fn::GetAtt`,
//! `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`,
//! `Fn::If`, `Fn::ImportValue`, … in long form and as YAML tags alike.
//!
//! Nothing here fails: what cannot be evaluated is an Unknown value with
//! the reason, and as much of its shape (`parts`) as is known.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::document::{Node, NodeValue};
use crate::model::{
    Attribute, Origin, Part, Reference, Scalar, SetBy, State, UnknownReason, Value,
};
use crate::source::Loc;

use super::call::{Call, call, long_form, scalar_text};
use super::template::{ParamKind, Template};

/// Deepest nesting of intrinsic functions evaluated; deeper is Unknown.
pub const MAX_EVAL_DEPTH: usize = 64;
/// Evaluation steps allowed for one scenario; beyond, values are Unknown.
/// Each piece `Fn::Split` or a list parameter makes counts as a step.
pub const MAX_EVAL_STEPS: usize = 2_000_000;
/// Bytes of text `Fn::Sub`, `Fn::Join` and `Fn::ToJsonString` may build in
/// one scenario.
pub const MAX_EVAL_BYTES: usize = 64 * 1024 * 1024;

/// What an expression evaluates to.
#[derive(Clone, Debug)]
pub enum Ev {
    /// `AWS::NoValue` or null: the property is absent.
    Absent,
    Value(Value),
    /// A list of known length (its items may be Unknown).
    List(Vec<Value>),
    /// A mapping, or a shape no scalar can come from.
    Other,
}

/// Evaluates expressions of one template under one assignment of the
/// undecided conditions.
pub struct Eval<'a> {
    pub t: &'a Template<'a>,
    /// Values chosen for undecided conditions in this scenario.
    pub assignment: HashMap<String, bool>,
    steps: Cell<usize>,
    bytes: Cell<usize>,
    /// The expression being evaluated when a budget ran out.
    spent_at: Cell<Option<Loc>>,
    pub(super) condition_memo: RefCell<HashMap<String, Option<bool>>>,
    pub(super) condition_visiting: RefCell<HashSet<String>>,
}

impl<'a> Eval<'a> {
    pub fn new(t: &'a Template<'a>, assignment: HashMap<String, bool>) -> Eval<'a> {
        Eval {
            t,
            assignment,
            steps: Cell::new(0),
            bytes: Cell::new(0),
            spent_at: Cell::new(None),
            condition_memo: RefCell::new(HashMap::new()),
            condition_visiting: RefCell::new(HashSet::new()),
        }
    }

    pub fn loc(&self, node: &Node) -> Loc {
        self.t.loc(node)
    }

    /// Whether this scenario's evaluation ran out of steps or bytes.
    pub fn spent(&self) -> bool {
        self.steps.get() > MAX_EVAL_STEPS || self.bytes.get() > MAX_EVAL_BYTES
    }

    /// Where evaluation ran out, when that is known.
    pub fn spent_at(&self) -> Option<Loc> {
        self.spent_at.get()
    }

    /// Counts one step; false once the depth or a budget is spent.
    pub(super) fn tick(&self, depth: usize) -> bool {
        self.tick_n(1) && depth <= MAX_EVAL_DEPTH
    }

    /// Counts `n` steps at once (the pieces of a split).
    fn tick_n(&self, n: usize) -> bool {
        let steps = self.steps.get().saturating_add(n);
        self.steps.set(steps);
        !self.spent()
    }

    /// Counts `n` bytes of text built at `loc`; false once over budget.
    fn built(&self, n: usize, loc: Loc) -> bool {
        self.bytes.set(self.bytes.get().saturating_add(n));
        self.note_spent(loc);
        !self.spent()
    }

    /// Whether `n` more bytes, still being built, fit the budget; when
    /// they do not, they are counted and the budget is spent.
    fn fits(&self, n: usize, loc: Loc) -> bool {
        if self.bytes.get().saturating_add(n) <= MAX_EVAL_BYTES {
            return true;
        }
        self.built(n, loc)
    }

    /// Remembers `loc` as where evaluation ran out, if it just did.
    fn note_spent(&self, loc: Loc) {
        if self.spent() && self.spent_at.get().is_none() {
            self.spent_at.set(Some(loc));
        }
    }

    /// Follows `Fn::If` to the chosen branch; `None` when the node is
    /// absent (`AWS::NoValue`, null, or an undecidable branch).
    pub fn resolve<'n>(&self, node: &'n Node) -> Option<&'n Node> {
        let mut current = node;
        for depth in 0..MAX_EVAL_DEPTH {
            if !self.tick(depth) {
                return None;
            }
            match call(current) {
                Some(c) if c.name == "Fn::If" => current = self.if_branch(c, depth)?,
                Some(c) if c.name == "Ref" && c.arg.as_str() == Some("AWS::NoValue") => {
                    return None;
                }
                Some(_) => return Some(current),
                None if matches!(current.value, NodeValue::Null) => return None,
                None => return Some(current),
            }
        }
        None
    }

    fn if_branch<'n>(&self, c: Call<'n>, depth: usize) -> Option<&'n Node> {
        let items = c.items();
        let name = items.first()?.as_str()?;
        if self.condition_at(name, depth + 1)? {
            items.get(1)
        } else {
            items.get(2)
        }
    }

    /// Evaluates a node.
    pub fn eval(&self, node: &Node) -> Ev {
        self.eval_at(node, false, 0)
    }

    pub(super) fn eval_at(&self, node: &Node, ignore_tag: bool, depth: usize) -> Ev {
        if !self.tick(depth) {
            self.note_spent(self.loc(node));
            return Ev::Value(Value::unknown(UnknownReason::Unsupported, self.loc(node)));
        }
        let c = if ignore_tag {
            long_form(node)
        } else {
            call(node)
        };
        match c {
            Some(c) => self.eval_call(node, c, depth + 1),
            None => self.literal(node, depth + 1),
        }
    }

    /// Evaluates an argument; a tagged call's argument is the node itself.
    fn eval_arg(&self, c: Call<'_>, depth: usize) -> Ev {
        self.eval_at(c.arg, c.tagged, depth)
    }

    fn literal(&self, node: &Node, depth: usize) -> Ev {
        let loc = self.loc(node);
        match &node.value {
            NodeValue::Null => Ev::Absent,
            NodeValue::Bool(b) => Ev::Value(Value::known(Scalar::Bool(*b), loc)),
            NodeValue::Int(i) => Ev::Value(Value::known(Scalar::Int(*i), loc)),
            NodeValue::Float(f) => Ev::Value(Value::known(Scalar::Float(*f), loc)),
            NodeValue::Str(s) => Ev::Value(shared_literal(s, loc)),
            NodeValue::Seq(items) => Ev::List(
                items
                    .iter()
                    .filter_map(|item| match self.eval_at(item, false, depth) {
                        Ev::Value(v) => Some(v),
                        _ => None,
                    })
                    .collect(),
            ),
            NodeValue::Map(_) => Ev::Other,
        }
    }

    fn eval_call(&self, node: &Node, c: Call<'_>, depth: usize) -> Ev {
        let loc = self.loc(node);
        match c.name {
            "Ref" => match c.arg.as_str() {
                Some(name) => self.reference(name, loc),
                None => unsupported(loc),
            },
            "Fn::GetAtt" => self.get_att(c, loc, depth),
            "Fn::Sub" => self.sub(c, loc, depth),
            "Fn::Join" => self.join(c, loc, depth),
            "Fn::Select" => self.select(c, loc, depth),
            "Fn::Split" => self.split(c, loc, depth),
            "Fn::FindInMap" => self.find_in_map(c, loc, depth),
            "Fn::If" => match self.if_branch(c, depth) {
                Some(branch) => self.eval_at(branch, false, depth),
                None => unsupported(loc),
            },
            "Fn::Base64" => self.eval_arg(c, depth),
            "Fn::ImportValue" => {
                // another stack of the same assembly may export the name
                let linked = match self.eval_arg(c, depth) {
                    Ev::Value(name) => name
                        .as_str()
                        .and_then(|name| self.t.links.exports.get(name))
                        .cloned(),
                    _ => None,
                };
                Ev::Value(match linked {
                    Some(value) => Value { loc, ..value },
                    None => {
                        Value::unknown(UnknownReason::External, loc).with_parts(vec![Part::Opaque])
                    }
                })
            }
            "Fn::Length" => match self.eval_arg(c, depth) {
                Ev::List(items) => Ev::Value(Value::known(
                    Scalar::Int(i64::try_from(items.len()).unwrap_or(i64::MAX)),
                    loc,
                )),
                Ev::Value(v) if v.is_unknown() => Ev::Value(Value { loc, ..v }),
                _ => unsupported(loc),
            },
            "Fn::ToJsonString" => self.to_json_string(c, loc, depth),
            // Fn::GetAZs, Fn::Cidr, Fn::Transform and unknown tags.
            _ => unsupported(loc),
        }
    }

    /// `Ref name`: a parameter, a pseudo parameter or a resource.
    pub fn reference(&self, name: &str, loc: Loc) -> Ev {
        if let Some(ev) = self.pseudo(name, loc) {
            return ev;
        }
        if let Some(param) = self.t.params.get(name) {
            return self.param(name, param, loc);
        }
        if let Some(ty) = self.t.resource_type(name) {
            return Ev::Value(Value::reference(
                Reference {
                    resource: Arc::from(name),
                    attribute: ref_attribute(ty),
                },
                loc,
            ));
        }
        // SAM: `!Ref Fn.Alias` is the alias SAM generates for Fn.
        if let Some(alias) = name
            .strip_suffix(".Alias")
            .and_then(|f| self.t.sam_aliases.get(f))
        {
            return Ev::Value(Value::reference(
                Reference {
                    resource: Arc::from(alias.as_str()),
                    attribute: Attribute::Arn,
                },
                loc,
            ));
        }
        // SAM generates resources (ServerlessRestApi, …) the template may
        // name without declaring.
        if self.t.sam {
            return Ev::Value(Value::reference(
                Reference {
                    resource: Arc::from(name),
                    attribute: Attribute::Id,
                },
                loc,
            ));
        }
        unsupported(loc)
    }

    fn pseudo(&self, name: &str, loc: Loc) -> Option<Ev> {
        let input = || {
            Ev::Value(
                Value::unknown(UnknownReason::Input(Arc::from(name)), loc)
                    .with_parts(vec![Part::Opaque]),
            )
        };
        Some(match name {
            "AWS::NoValue" => Ev::Absent,
            "AWS::Region" => match self.t.region {
                Some(region) => Ev::Value(Value::known(Scalar::str(region), loc)),
                None => input(),
            },
            "AWS::URLSuffix" => Ev::Value(Value::known(Scalar::str("amazonaws.com"), loc)),
            "AWS::Partition" => Ev::Value(Value::known(Scalar::str("aws"), loc)),
            "AWS::AccountId" | "AWS::StackName" | "AWS::StackId" | "AWS::NotificationARNs" => {
                input()
            }
            _ if name.starts_with("AWS::") => unsupported(loc),
            _ => return None,
        })
    }

    fn param(&self, name: &str, param: &super::template::Param<'_>, loc: Loc) -> Ev {
        if param.kind == ParamKind::Ssm {
            return Ev::Value(
                Value::unknown(UnknownReason::External, loc).with_parts(vec![Part::Opaque]),
            );
        }
        let passed = self.t.links.parameters.get(name);
        let (text, origin) = match (passed, param.given, param.default) {
            // a nested stack's parameter is what its parent passes
            (Some(value), _, _) => match (value.as_str(), param.kind) {
                (Some(text), _) => (text.to_string(), value.origin.clone()),
                (None, ParamKind::Single) => {
                    return Ev::Value(Value {
                        loc,
                        ..value.clone()
                    });
                }
                (None, _) => {
                    return Ev::Value(
                        Value::unknown(UnknownReason::Input(Arc::from(name)), loc)
                            .with_parts(vec![Part::Opaque]),
                    );
                }
            },
            (None, Some(given), _) => {
                let set_by = SetBy::Given {
                    flag: "--param",
                    name: Arc::from(name),
                };
                let declared = Loc::new(self.t.file, param.name_span);
                (given.to_string(), Some(Origin::new(declared, set_by)))
            }
            (None, None, Some(default)) => match default_text(default) {
                Some(text) => (text, Some(Origin::new(self.loc(default), SetBy::Default))),
                None => return unsupported(loc),
            },
            (None, None, None) => {
                // a single value is the same wherever it is used; a list
                // is not known as a string
                let part = match param.kind {
                    ParamKind::Single => Part::Input(Arc::from(name)),
                    _ => Part::Opaque,
                };
                return Ev::Value(
                    Value::unknown(UnknownReason::Input(Arc::from(name)), loc)
                        .with_parts(vec![part]),
                );
            }
        };
        let make = |s: &str| Value {
            origin: origin.clone(),
            ..string_literal(s, loc)
        };
        match param.kind {
            ParamKind::List if text.is_empty() => Ev::List(Vec::new()),
            ParamKind::List => {
                // one value per piece, counted before they are made
                if !self.tick_n(text.matches(',').count() + 1) {
                    self.note_spent(loc);
                    return unsupported(loc);
                }
                Ev::List(text.split(',').map(|s| make(s.trim())).collect())
            }
            _ => Ev::Value(make(&text)),
        }
    }

    fn get_att(&self, c: Call<'_>, loc: Loc, depth: usize) -> Ev {
        // `A.B` or `[A, B]`; the attribute may itself be an expression.
        let dotted = match (c.arg.as_str(), c.items()) {
            (Some(s), _) => s.to_string(),
            (None, [resource, attribute]) => {
                let Some(resource) = resource.as_str() else {
                    return unsupported(loc);
                };
                let attribute = match attribute.as_str() {
                    Some(a) if attribute.tag.is_none() => a.to_string(),
                    _ => match self.eval_at(attribute, false, depth) {
                        Ev::Value(v) => match v.as_str() {
                            Some(a) => a.to_string(),
                            None => return unsupported(loc),
                        },
                        _ => return unsupported(loc),
                    },
                };
                format!("{resource}.{attribute}")
            }
            _ => return unsupported(loc),
        };
        match self.split_resource_attribute(&dotted) {
            Some((resource, attribute)) => {
                // a template read alone has no links: no key is built
                let links = &self.t.links.attributes;
                let linked = (!links.is_empty())
                    .then(|| {
                        links
                            .get(&(resource.to_string(), attribute.to_string()))
                            .or_else(|| links.get(&(resource.to_string(), "*".to_string())))
                    })
                    .flatten();
                Ev::Value(match linked {
                    // the value another stack writes, placed where it is read
                    Some(value) => Value {
                        loc,
                        ..value.clone()
                    },
                    None => self.attribute_value(resource, attribute, loc),
                })
            }
            None => unsupported(loc),
        }
    }

    /// Splits `Res.Attr.Sub` into a resource and attribute. A SAM generated
    /// id may itself hold a dot (`Fn.Version`), so the longest known prefix
    /// wins; an undeclared resource takes the first segment (SAM only).
    fn split_resource_attribute<'s>(&self, dotted: &'s str) -> Option<(&'s str, &'s str)> {
        let mut best = None;
        // no logical id is longer than `longest_id`: later dots cannot end one
        for (i, _) in dotted.match_indices('.') {
            if i > self.t.longest_id {
                break;
            }
            let (resource, rest) = (dotted.get(..i)?, dotted.get(i + 1..)?);
            if self.t.resource_type(resource).is_some() {
                best = Some((resource, rest));
            }
        }
        if best.is_none() && self.t.sam {
            best = dotted.split_once('.');
        }
        best.filter(|(r, a)| !r.is_empty() && !a.is_empty())
    }

    /// The value of `GetAtt resource.attribute`, with the shapes that let
    /// the model tell what kind of endpoint a domain is.
    fn attribute_value(&self, resource: &str, attribute: &str, loc: Loc) -> Value {
        let ty = self.t.resource_type(resource).unwrap_or("");
        let r = |attribute: Attribute| {
            Part::Ref(Reference {
                resource: Arc::from(resource),
                attribute,
            })
        };
        let text = |s: &str| Part::Text(Arc::from(s));
        let shaped =
            |parts: Vec<Part>| Value::unknown(UnknownReason::Computed, loc).with_parts(parts);
        match (ty, attribute) {
            ("AWS::S3::Bucket", "WebsiteURL") => {
                return shaped(vec![
                    text("http://"),
                    r(Attribute::Other(Arc::from("WebsiteURL"))),
                    text(".s3-website-"),
                    Part::Opaque,
                    text(".amazonaws.com"),
                ]);
            }
            ("AWS::S3::Bucket", "DomainName") => {
                return shaped(vec![r(Attribute::DnsName), text(".s3.amazonaws.com")]);
            }
            ("AWS::S3::Bucket", "RegionalDomainName") => {
                return shaped(vec![
                    r(Attribute::DnsName),
                    text(".s3."),
                    Part::Opaque,
                    text(".amazonaws.com"),
                ]);
            }
            ("AWS::S3::Bucket", "DualStackDomainName") => {
                return shaped(vec![
                    r(Attribute::DnsName),
                    text(".s3.dualstack."),
                    Part::Opaque,
                    text(".amazonaws.com"),
                ]);
            }
            ("AWS::Lambda::Url", "FunctionUrl") => {
                return shaped(vec![
                    text("https://"),
                    r(Attribute::Other(Arc::from("FunctionUrl"))),
                    text(".lambda-url."),
                    Part::Opaque,
                    text(".on.aws/"),
                ]);
            }
            ("AWS::EC2::Instance", "PrivateDnsName") => {
                return shaped(vec![
                    r(Attribute::Other(Arc::from("PrivateDnsName"))),
                    text(".compute.internal"),
                ]);
            }
            ("AWS::ApiGatewayV2::Api", "ApiEndpoint") => {
                return shaped(vec![
                    text("https://"),
                    r(Attribute::Other(Arc::from("ApiEndpoint"))),
                    text(".execute-api."),
                    Part::Opaque,
                    text(".amazonaws.com"),
                ]);
            }
            _ => {}
        }
        Value::reference(
            Reference {
                resource: Arc::from(resource),
                attribute: getatt_attribute(ty, attribute),
            },
            loc,
        )
    }

    fn sub(&self, c: Call<'_>, loc: Loc, depth: usize) -> Ev {
        let (template, vars) = match (c.arg.as_str(), c.items()) {
            (Some(s), _) => (s, None),
            (None, [template, vars, ..]) => match template.as_str() {
                Some(s) => (s, Some(vars)),
                None => return unsupported(loc),
            },
            (None, [template]) => match template.as_str() {
                Some(s) => (s, None),
                None => return unsupported(loc),
            },
            _ => return unsupported(loc),
        };
        let mut builder = PartsBuilder::default();
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            builder.text(rest.get(..start).unwrap_or(""));
            let after = rest.get(start + 2..).unwrap_or("");
            let Some(end) = after.find('}') else {
                builder.text(rest.get(start..).unwrap_or(""));
                rest = "";
                break;
            };
            let inner = after.get(..end).unwrap_or("");
            rest = after.get(end + 1..).unwrap_or("");
            if let Some(literal) = inner.strip_prefix('!') {
                builder.text("${");
                builder.text(literal);
                builder.text("}");
                continue;
            }
            let name = inner.trim();
            let var = vars.and_then(|v| v.get(name));
            if !self.fits(builder.len(), loc) {
                return unsupported(loc);
            }
            let value = match var {
                Some(node) => match self.eval_at(node, false, depth) {
                    Ev::Value(v) => v,
                    Ev::Absent => Value::known(Scalar::str(""), loc),
                    _ => Value::unknown(UnknownReason::Unsupported, loc),
                },
                None => self.sub_variable(name, loc),
            };
            builder.value(&value);
        }
        builder.text(rest);
        self.finish(builder, loc)
    }

    /// The value a builder made, counted against the byte budget.
    fn finish(&self, builder: PartsBuilder, loc: Loc) -> Ev {
        if !self.built(builder.len(), loc) {
            return unsupported(loc);
        }
        Ev::Value(builder.finish(loc))
    }

    /// A `${name}` in `Fn::Sub` without a variable map entry: a parameter,
    /// a resource (`Ref`) or a resource attribute (`GetAtt`).
    fn sub_variable(&self, name: &str, loc: Loc) -> Value {
        let by_ref = self.t.params.contains_key(name)
            || self.t.resource_type(name).is_some()
            || name.starts_with("AWS::")
            || !name.contains('.');
        if by_ref {
            return match self.reference(name, loc) {
                Ev::Value(v) => v,
                Ev::Absent => Value::known(Scalar::str(""), loc),
                _ => Value::unknown(UnknownReason::Unsupported, loc),
            };
        }
        match self.split_resource_attribute(name) {
            Some((resource, attribute)) => self.attribute_value(resource, attribute, loc),
            None => Value::unknown(UnknownReason::Unsupported, loc),
        }
    }

    fn join(&self, c: Call<'_>, loc: Loc, depth: usize) -> Ev {
        let [delimiter, list] = c.items() else {
            return unsupported(loc);
        };
        let delimiter = match self.eval_at(delimiter, false, depth) {
            Ev::Value(v) => match v.scalar() {
                Some(s) => s.to_string(),
                None => return Ev::Value(Value { loc, ..v }),
            },
            _ => return unsupported(loc),
        };
        let items = match self.list_items(list, depth) {
            Ok(items) => items,
            Err(v) => return Ev::Value(Value { loc, ..v }),
        };
        let mut builder = PartsBuilder::default();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                builder.text(&delimiter);
            }
            builder.value(item);
            if !self.fits(builder.len(), loc) {
                return unsupported(loc);
            }
        }
        self.finish(builder, loc)
    }

    /// A list argument: its items, or the Unknown that stands for it.
    fn list_items(&self, node: &Node, depth: usize) -> Result<Vec<Value>, Value> {
        match self.eval_at(node, false, depth) {
            Ev::List(items) => Ok(items),
            Ev::Value(v) if v.is_unknown() => Err(v),
            Ev::Value(v) => Ok(vec![v]),
            Ev::Absent => Ok(Vec::new()),
            Ev::Other => Err(Value::unknown(UnknownReason::Unsupported, self.loc(node))),
        }
    }

    fn select(&self, c: Call<'_>, loc: Loc, depth: usize) -> Ev {
        let [index, list] = c.items() else {
            return unsupported(loc);
        };
        let index = match self.eval_at(index, false, depth) {
            Ev::Value(v) => match v.as_int().and_then(|i| usize::try_from(i).ok()) {
                Some(i) => i,
                None if v.is_unknown() => return Ev::Value(Value { loc, ..v }),
                None => return unsupported(loc),
            },
            _ => return unsupported(loc),
        };
        // A literal list: evaluate the chosen item where it is written.
        if call(list).is_none()
            && let NodeValue::Seq(items) = &list.value
        {
            return match items.get(index) {
                Some(item) => self.eval_at(item, false, depth),
                None => unsupported(loc),
            };
        }
        match self.list_items(list, depth) {
            Ok(items) => match items.into_iter().nth(index) {
                Some(v) => Ev::Value(Value { loc, ..v }),
                None => unsupported(loc),
            },
            Err(v) => Ev::Value(Value {
                loc,
                parts: vec![Part::Opaque],
                ..v
            }),
        }
    }

    fn split(&self, c: Call<'_>, loc: Loc, depth: usize) -> Ev {
        let [delimiter, source] = c.items() else {
            return unsupported(loc);
        };
        let Some(delimiter) = self
            .scalar_at(delimiter, depth)
            .and_then(|v| v.as_str().map(str::to_string))
        else {
            return unsupported(loc);
        };
        if delimiter.is_empty() {
            return unsupported(loc);
        }
        let Some(value) = self.scalar_at(source, depth) else {
            return unsupported(loc);
        };
        if let Some(s) = value.scalar() {
            let text = s.to_string();
            if !self.tick_n(text.matches(delimiter.as_str()).count() + 1) {
                self.note_spent(loc);
                return unsupported(loc);
            }
            return Ev::List(
                text.split(delimiter.as_str())
                    .map(|piece| Value {
                        origin: value.origin.clone(),
                        ..Value::known(Scalar::str(piece), loc)
                    })
                    .collect(),
            );
        }
        match split_url_parts(&value.parts, &delimiter) {
            Some(pieces) => Ev::List(
                pieces
                    .into_iter()
                    .map(|parts| PartsBuilder::from_parts(parts, &value).finish(loc))
                    .collect(),
            ),
            None => Ev::Value(Value { loc, ..value }),
        }
    }

    fn scalar_at(&self, node: &Node, depth: usize) -> Option<Value> {
        match self.eval_at(node, false, depth) {
            Ev::Value(v) => Some(v),
            _ => None,
        }
    }

    fn find_in_map(&self, c: Call<'_>, loc: Loc, depth: usize) -> Ev {
        let items = c.items();
        let (Some(map), Some(top), Some(second)) = (items.first(), items.get(1), items.get(2))
        else {
            return unsupported(loc);
        };
        let default = items.get(3).and_then(|options| options.get("DefaultValue"));
        let mut keys = Vec::new();
        for key in [map, top, second] {
            match self.scalar_at(key, depth) {
                Some(v) => match v.scalar() {
                    Some(s) => keys.push(s.to_string()),
                    None => return Ev::Value(Value { loc, ..v }),
                },
                None => return unsupported(loc),
            }
        }
        let found = match keys.as_slice() {
            [map, top, second] => self
                .t
                .mappings
                .get(&(map.as_str(), top.as_str(), second.as_str()))
                .copied(),
            _ => None,
        };
        let (node, origin) = match (found, default) {
            (Some(node), _) => (node, self.loc(node)),
            (None, Some(default)) => return self.eval_at(default, false, depth),
            (None, None) => return unsupported(loc),
        };
        let relocate = |v: Value| Value {
            loc,
            origin: Some(
                v.origin
                    .clone()
                    .unwrap_or_else(|| Origin::new(origin, SetBy::Written)),
            ),
            ..v
        };
        match self.eval_at(node, false, depth) {
            Ev::Value(v) => Ev::Value(relocate(v)),
            Ev::List(items) => Ev::List(items.into_iter().map(relocate).collect()),
            other => other,
        }
    }

    fn to_json_string(&self, c: Call<'_>, loc: Loc, depth: usize) -> Ev {
        match self.json_of(c.arg, c.tagged, depth) {
            Some(json) => {
                let text = json.to_string();
                if !self.built(text.len(), loc) {
                    return unsupported(loc);
                }
                Ev::Value(Value::known(Scalar::str(&text), loc))
            }
            None => unsupported(loc),
        }
    }

    /// A fully known structure as JSON; `None` when any part is Unknown.
    fn json_of(&self, node: &Node, ignore_tag: bool, depth: usize) -> Option<serde_json::Value> {
        if !self.tick(depth) {
            return None;
        }
        let is_call = if ignore_tag {
            long_form(node).is_some()
        } else {
            call(node).is_some()
        };
        if !is_call {
            match &node.value {
                NodeValue::Map(entries) => {
                    let mut map = serde_json::Map::new();
                    for e in entries {
                        if let Some(v) = self.resolve(&e.value) {
                            map.insert(e.key.to_string(), self.json_of(v, false, depth + 1)?);
                        }
                    }
                    return Some(serde_json::Value::Object(map));
                }
                NodeValue::Seq(items) => {
                    let mut list = Vec::new();
                    for item in items {
                        if let Some(v) = self.resolve(item) {
                            list.push(self.json_of(v, false, depth + 1)?);
                        }
                    }
                    return Some(serde_json::Value::Array(list));
                }
                _ => {}
            }
        }
        match self.eval_at(node, ignore_tag, depth) {
            Ev::Value(v) => scalar_json(v.scalar()?),
            Ev::List(items) => items
                .iter()
                .map(|v| v.scalar().and_then(scalar_json))
                .collect::<Option<Vec<_>>>()
                .map(serde_json::Value::Array),
            _ => None,
        }
    }
}

fn scalar_json(s: &Scalar) -> Option<serde_json::Value> {
    Some(match s {
        Scalar::Str(s) => serde_json::Value::String(s.to_string()),
        Scalar::Int(i) => serde_json::Value::from(*i),
        Scalar::Float(f) => serde_json::Value::from(*f),
        Scalar::Bool(b) => serde_json::Value::Bool(*b),
    })
}

fn unsupported(loc: Loc) -> Ev {
    Ev::Value(Value::unknown(UnknownReason::Unsupported, loc))
}

/// A parameter default as text; a list default written as a list reads
/// like its comma-joined form.
fn default_text(node: &Node) -> Option<String> {
    match &node.value {
        NodeValue::Seq(items) => items
            .iter()
            .map(scalar_text)
            .collect::<Option<Vec<_>>>()
            .map(|items| items.join(",")),
        _ => scalar_text(node),
    }
}

const DYNAMIC_REFERENCE: &str = "{{resolve:";

/// A string as written; a `{{resolve:…}}` dynamic reference anywhere in it
/// makes it Unknown (resolved from SSM or Secrets Manager at deploy).
fn string_literal(s: &str, loc: Loc) -> Value {
    shared_literal(&Arc::from(s), loc)
}

/// [`string_literal`] of a document's string, which a Known value shares.
fn shared_literal(s: &Arc<str>, loc: Loc) -> Value {
    // a brace is looked for first: most strings have none, and finding a
    // byte is much cheaper than finding a word
    if !s.contains('{') || !s.contains(DYNAMIC_REFERENCE) {
        return Value::known(Scalar::Str(Arc::clone(s)), loc);
    }
    let mut builder = PartsBuilder::default();
    builder.text(s);
    builder.finish(loc)
}

/// The attribute a `Ref` to a resource of type `ty` yields.
pub fn ref_attribute(ty: &str) -> Attribute {
    match ty {
        "AWS::Lambda::Version" => Attribute::VersionArn,
        "AWS::Lambda::Alias"
        | "AWS::CertificateManager::Certificate"
        | "AWS::ElasticLoadBalancingV2::LoadBalancer"
        | "AWS::ElasticLoadBalancingV2::Listener"
        | "AWS::ElasticLoadBalancingV2::ListenerRule"
        | "AWS::ElasticLoadBalancingV2::TargetGroup" => Attribute::Arn,
        _ => Attribute::Id,
    }
}

/// The attribute `GetAtt X.name` yields on a resource of type `ty`.
pub fn getatt_attribute(ty: &str, name: &str) -> Attribute {
    match (ty, name) {
        (_, "Arn") => Attribute::Arn,
        ("AWS::Lambda::Version", "Version") => Attribute::VersionNumber,
        ("AWS::Lambda::Version", "FunctionArn") => Attribute::VersionArn,
        ("AWS::Lambda::Alias", "AliasArn") => Attribute::Arn,
        (
            "AWS::ElasticLoadBalancingV2::LoadBalancer" | "AWS::ElasticLoadBalancing::LoadBalancer",
            "DNSName",
        )
        | ("AWS::CloudFront::Distribution", "DomainName") => Attribute::DnsName,
        ("AWS::ElasticLoadBalancingV2::LoadBalancer", "LoadBalancerArn") => Attribute::Arn,
        ("AWS::ElasticLoadBalancingV2::Listener", "ListenerArn") => Attribute::Arn,
        ("AWS::CloudFront::Function", "FunctionARN" | "FunctionMetadata.FunctionARN") => {
            Attribute::Arn
        }
        ("AWS::EC2::SecurityGroup", "GroupId") | ("AWS::EC2::PrefixList", "PrefixListId") => {
            Attribute::Id
        }
        _ => Attribute::Other(Arc::from(name)),
    }
}

/// Splits the parts of a URL-shaped value (`https://<ref>.suffix/…`) on
/// `delimiter`. Only URL shapes qualify: their references stand for host
/// labels, which hold no `/`. The host piece's reference is renamed to the
/// endpoint it now denotes.
fn split_url_parts(parts: &[Part], delimiter: &str) -> Option<Vec<Vec<Part>>> {
    let is_url = matches!(parts.first(), Some(Part::Text(t)) if t.starts_with("http://") || t.starts_with("https://"));
    if !is_url || delimiter.contains('.') || delimiter.contains('-') {
        return None;
    }
    let mut pieces: Vec<Vec<Part>> = vec![Vec::new()];
    for part in parts {
        match part {
            Part::Text(t) => {
                let mut first = true;
                for chunk in t.split(delimiter) {
                    if !first {
                        pieces.push(Vec::new());
                    }
                    first = false;
                    if !chunk.is_empty()
                        && let Some(last) = pieces.last_mut()
                    {
                        last.push(Part::Text(Arc::from(chunk)));
                    }
                }
            }
            Part::Ref(r) => {
                let attribute = match &r.attribute {
                    Attribute::Other(name) if &**name == "WebsiteURL" => Attribute::WebsiteEndpoint,
                    Attribute::Other(name)
                        if &**name == "FunctionUrl" || &**name == "ApiEndpoint" =>
                    {
                        Attribute::DnsName
                    }
                    other => other.clone(),
                };
                if let Some(last) = pieces.last_mut() {
                    last.push(Part::Ref(Reference {
                        resource: r.resource.clone(),
                        attribute,
                    }));
                }
            }
            // a piece of an input is not the input
            Part::Input(_) | Part::Opaque => {
                if let Some(last) = pieces.last_mut() {
                    last.push(Part::Opaque);
                }
            }
        }
    }
    Some(pieces)
}

/// Builds a string from pieces: Known when every piece is, else Unknown
/// with its parts and the most telling reason.
#[derive(Default)]
struct PartsBuilder {
    parts: Vec<Part>,
    /// Text after the last part, not yet a part: appending to it does not
    /// copy what came before.
    pending: String,
    /// Bytes of text so far, for the byte budget.
    len: usize,
    reason: Option<UnknownReason>,
    origin: Option<Arc<Origin>>,
}

impl PartsBuilder {
    fn from_parts(parts: Vec<Part>, like: &Value) -> PartsBuilder {
        let reason = match &like.state {
            State::Unknown(r) if parts.iter().any(|p| !matches!(p, Part::Text(_))) => {
                Some(r.clone())
            }
            _ => None,
        };
        PartsBuilder {
            parts,
            reason,
            origin: like.origin.clone(),
            ..PartsBuilder::default()
        }
    }

    /// Bytes of text built so far.
    fn len(&self) -> usize {
        self.len
    }

    /// Appends a part that is not text.
    fn push_part(&mut self, part: Part) {
        self.flush();
        self.parts.push(part);
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let text = std::mem::take(&mut self.pending);
            self.parts.push(Part::Text(Arc::from(text)));
        }
    }

    fn text(&mut self, s: &str) {
        let mut rest = s;
        // A dynamic reference inside literal text is resolved at deploy.
        while let Some(start) = rest.find(DYNAMIC_REFERENCE) {
            self.push_text(rest.get(..start).unwrap_or(""));
            self.push_part(Part::Opaque);
            self.note(UnknownReason::External);
            let after = rest.get(start..).unwrap_or("");
            rest = match after.find("}}") {
                Some(end) => after.get(end + 2..).unwrap_or(""),
                None => "",
            };
        }
        self.push_text(rest);
    }

    fn push_text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.pending.is_empty()
            && matches!(self.parts.last(), Some(Part::Text(_)))
            && let Some(Part::Text(last)) = self.parts.pop()
        {
            // text given with `from_parts` continues here
            self.pending.push_str(&last);
        }
        self.len += s.len();
        self.pending.push_str(s);
    }

    fn value(&mut self, v: &Value) {
        if self.origin.is_none() {
            self.origin = v.origin.clone();
        }
        match &v.state {
            State::Known(s) | State::Default(s) => self.text(&s.to_string()),
            State::Unknown(reason) => {
                self.note(reason.clone());
                if v.parts.is_empty() {
                    self.push_part(Part::Opaque);
                }
                for part in &v.parts {
                    match part {
                        Part::Text(t) => self.push_text(t),
                        other => self.push_part(other.clone()),
                    }
                }
            }
        }
    }

    /// Keeps the reason that tells the user most: a missing input or an
    /// outside value before a computed attribute.
    fn note(&mut self, reason: UnknownReason) {
        let rank = |r: &UnknownReason| match r {
            UnknownReason::Input(_) => 3,
            UnknownReason::External => 2,
            UnknownReason::Unsupported => 1,
            UnknownReason::Computed => 0,
        };
        if self
            .reason
            .as_ref()
            .is_none_or(|old| rank(&reason) > rank(old))
        {
            self.reason = Some(reason);
        }
    }

    fn finish(mut self, loc: Loc) -> Value {
        self.flush();
        match self.reason {
            None => {
                let text: String = self
                    .parts
                    .iter()
                    .filter_map(|p| match p {
                        Part::Text(t) => Some(&**t),
                        _ => None,
                    })
                    .collect();
                Value {
                    origin: self.origin,
                    ..Value::known(Scalar::str(&text), loc)
                }
            }
            Some(reason) => Value {
                origin: self.origin,
                ..Value::unknown(reason, loc).with_parts(self.parts)
            },
        }
    }
}
