//! A module instance: a configuration with its input values, evaluated
//! lazily. It answers every name an expression can use — variables,
//! locals, resources and data sources (with `count`/`for_each`
//! instances), module outputs — for the evaluator.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use super::attributes;
use super::config::{Config, ResourceBlock};
use super::eval::{eval, iteration};
use super::syntax::{Body, Expr};
use super::value::{Budget, Names, Scope, Step, V, Val};
use crate::model::{SetBy, UnknownReason};
use crate::source::Loc;

/// Local modules nest at most this deep; deeper calls read as remote.
pub const MAX_MODULE_DEPTH: usize = 8;

/// What every instance of one unit shares.
pub struct Shared<'a> {
    pub configs: &'a [Config<'a>],
    pub budget: Budget,
    /// `--region`: the region when no provider says.
    pub region: Option<String>,
}

/// How a `count` or `for_each` expands.
#[derive(Clone)]
pub enum Expansion {
    /// Neither is set: one instance, no key.
    Single,
    /// Known instances: key suffix (`[0]`, `["a"]`) and the names they bind.
    Keys(Vec<(String, Vec<(String, V)>)>),
    /// The collection is not known: one instance standing for all, whose
    /// iterator values are Unknown.
    Unknown(Vec<(String, V)>),
}

impl Expansion {
    /// Each instance: its address suffix and its scope bindings.
    pub fn instances(&self) -> Vec<(String, Vec<(String, V)>)> {
        match self {
            Expansion::Single => vec![(String::new(), Vec::new())],
            Expansion::Keys(keys) => keys.clone(),
            Expansion::Unknown(vars) => vec![(String::new(), vars.clone())],
        }
    }

    /// The names one instance binds, by its address suffix.
    fn find(&self, key: &str) -> Option<&[(String, V)]> {
        match self {
            Expansion::Single if key.is_empty() => Some(&[]),
            Expansion::Keys(keys) => keys
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, vars)| vars.as_slice()),
            Expansion::Unknown(vars) if key.is_empty() => Some(vars),
            _ => None,
        }
    }

    /// Each instance's address suffix and names, without copying them.
    fn each(&self) -> Vec<(&str, &[(String, V)])> {
        match self {
            Expansion::Single => vec![("", &[])],
            Expansion::Keys(keys) => keys
                .iter()
                .map(|(k, vars)| (k.as_str(), vars.as_slice()))
                .collect(),
            Expansion::Unknown(vars) => vec![("", vars.as_slice())],
        }
    }
}

/// Expands `count` / `for_each` of a block body, evaluated in `names`.
pub fn expand(names: &dyn Names, body: &Body<'_>, scope: &Scope) -> Expansion {
    if let Some(count) = body.attr("count") {
        let v = eval(names, count, scope);
        return match v.as_num() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 10_000.0 => Expansion::Keys(
                (0..n as usize)
                    .map(|i| {
                        let index = V::new(Val::Num(i as f64), v.loc);
                        let count = V::new(Val::Map(vec![("index".into(), index)]), v.loc);
                        (format!("[{i}]"), vec![("count".to_string(), count)])
                    })
                    .collect(),
            ),
            _ => {
                let unknown = V::unknown(UnknownReason::Unsupported, v.loc);
                let count = V::new(Val::Map(vec![("index".into(), unknown)]), v.loc);
                Expansion::Unknown(vec![("count".to_string(), count)])
            }
        };
    }
    if let Some(for_each) = body.attr("for_each") {
        let v = eval(names, for_each, scope);
        let items = match &v.val {
            // a set of strings: each key is its value
            Val::List(items) => items
                .iter()
                .map(|i| i.to_text().map(|k| (k, i.clone())))
                .collect::<Option<Vec<_>>>(),
            Val::Map(entries) => Some(entries.clone()),
            _ => None,
        };
        return match items {
            Some(items) if !v.has_unknown_keys() => Expansion::Keys(
                items
                    .into_iter()
                    .map(|(k, value)| {
                        let key = V::str(&k, value.loc);
                        let each = V::new(
                            Val::Map(vec![("key".into(), key), ("value".into(), value)]),
                            v.loc,
                        );
                        (format!("[{k:?}]"), vec![("each".to_string(), each)])
                    })
                    .collect(),
            ),
            _ => Expansion::Unknown(vec![(
                "each".to_string(),
                V::unknown(UnknownReason::Unsupported, v.loc),
            )]),
        };
    }
    Expansion::Single
}

impl V {
    /// Whether a `for_each` collection has unknown keys (list items).
    fn has_unknown_keys(&self) -> bool {
        match &self.val {
            Val::List(items) => items.iter().any(V::is_unknown),
            Val::Unknown(..) => true,
            _ => false,
        }
    }
}

/// One instance of a module.
pub struct Instance<'a> {
    pub shared: &'a Shared<'a>,
    pub config: &'a Config<'a>,
    /// Address prefix of everything in it: `""`, `module.cdn.`,
    /// `module.cdn["a"].`.
    pub prefix: String,
    pub depth: usize,
    vars: HashMap<String, V>,
    locals: RefCell<HashMap<String, Option<V>>>,
    expansions: RefCell<HashMap<usize, Expansion>>,
    /// How each module call expands, by call name (memoized: every
    /// instance of a call looks it up); `None` while its `count` or
    /// `for_each` is evaluated.
    calls: RefCell<HashMap<String, Option<Rc<Expansion>>>>,
    children: RefCell<HashMap<String, Rc<Instance<'a>>>>,
    /// Provider configurations visible here: `aws`, `aws.<alias>` → the
    /// region when set.
    pub providers: HashMap<String, Option<V>>,
    /// The plan document, when this instance reads a plan.
    pub plan: Option<&'a crate::document::Node>,
}

impl<'a> Instance<'a> {
    pub fn new(
        shared: &'a Shared<'a>,
        config: &'a Config<'a>,
        prefix: String,
        depth: usize,
        inputs: HashMap<String, V>,
        cli_vars: &[(String, V)],
        inherited: HashMap<String, Option<V>>,
    ) -> Instance<'a> {
        let mut instance = Instance {
            shared,
            config,
            prefix,
            depth,
            vars: HashMap::new(),
            locals: RefCell::new(HashMap::new()),
            expansions: RefCell::new(HashMap::new()),
            calls: RefCell::new(HashMap::new()),
            children: RefCell::new(HashMap::new()),
            providers: inherited,
            plan: None,
        };
        // defaults, then .tfvars, then the command line (root only), then
        // module inputs
        let mut vars = HashMap::new();
        for (name, body) in &config.variables {
            if vars.contains_key(name) {
                continue;
            }
            if let Some(default) = body.attr("default") {
                let v = eval(&instance, default, &Scope::default());
                // `default = ""` is how a reusable module marks a value
                // every caller must set: a placeholder, not what is
                // deployed, so it is left unknown like no default at all
                let placeholder = v.as_str() == Some("");
                if !matches!(v.val, Val::Null) && !placeholder {
                    vars.insert(name.clone(), v.set_by(&SetBy::Default));
                }
            }
        }
        for (name, expr) in &config.tfvars {
            let v = eval(&instance, *expr, &Scope::default());
            vars.insert(name.clone(), v.set_by(&SetBy::VarFile));
        }
        for (name, v) in cli_vars {
            let given = SetBy::Given {
                flag: "--var",
                name: Arc::from(name.as_str()),
            };
            vars.insert(name.clone(), v.clone().set_by(&given));
        }
        for (name, v) in inputs {
            vars.insert(name, v);
        }
        instance.vars = vars;
        let mut providers = instance.providers.clone();
        for body in &config.providers {
            let alias = body
                .attr("alias")
                .and_then(|a| eval(&instance, a, &Scope::default()).to_text());
            let key = alias.map_or_else(|| "aws".to_string(), |a| format!("aws.{a}"));
            let region = body
                .attr("region")
                .map(|r| eval(&instance, r, &Scope::default()));
            providers.insert(key, region);
        }
        instance.providers = providers;
        instance
    }

    /// How a resource block expands (memoized).
    pub fn expansion(&self, index: usize) -> Expansion {
        if let Some(e) = self.expansions.borrow().get(&index) {
            return e.clone();
        }
        let Some(block) = self.config.resources.get(index) else {
            return Expansion::Single;
        };
        let e = self
            .shared
            .budget
            .nested(|| expand(self, &block.body, &Scope::default()))
            .unwrap_or(Expansion::Unknown(Vec::new()));
        let e = self.counted(e, &block.body);
        self.expansions.borrow_mut().insert(index, e.clone());
        e
    }

    /// How a module call expands (memoized); `None` while it is being
    /// evaluated.
    fn call_expansion(&self, call: &super::config::ModuleCall<'_>) -> Option<Rc<Expansion>> {
        if let Some(e) = self.calls.borrow().get(&call.name) {
            return e.clone();
        }
        // Marked first: a `count` or `for_each` that reads the call's own
        // outputs would otherwise expand the same call again on every
        // level, each a stack segment deeper, until memory runs out.
        self.calls.borrow_mut().insert(call.name.clone(), None);
        let e = self
            .shared
            .budget
            .nested(|| expand(self, &call.body, &Scope::default()))
            .unwrap_or(Expansion::Unknown(Vec::new()));
        let e = Rc::new(self.counted(e, &call.body));
        self.calls
            .borrow_mut()
            .insert(call.name.clone(), Some(e.clone()));
        Some(e)
    }

    /// Whether a module call's `count` or `for_each` is being evaluated:
    /// reading its outputs now is a cycle.
    fn expanding(&self, name: &str) -> bool {
        self.calls.borrow().get(name).is_some_and(Option::is_none)
    }

    /// An expansion counted against the unit's instance budget: past it,
    /// the block's instances are one Unknown instance.
    fn counted(&self, e: Expansion, body: &Body<'_>) -> Expansion {
        let loc = body
            .attr("count")
            .or_else(|| body.attr("for_each"))
            .map_or_else(|| body.loc(), |e| e.loc());
        let n = match &e {
            Expansion::Keys(keys) => keys.len(),
            _ => 1,
        };
        if self.shared.budget.instances(n, loc) {
            e
        } else {
            Expansion::Unknown(Vec::new())
        }
    }

    /// Where a path an argument or `file()` names is on disk. Terraform
    /// reads a relative path from the directory it runs in, the root
    /// module's (`${path.root}` is `.`); `${path.module}/x` already starts
    /// with the module's directory as edgelint reads it and is kept.
    pub fn local_path(&self, path: &str) -> PathBuf {
        let path = Path::new(path);
        let root = self
            .shared
            .configs
            .first()
            .map_or(self.config.dir.as_path(), |c| c.dir.as_path());
        let under = |dir: &Path| !dir.as_os_str().is_empty() && path.starts_with(dir);
        if path.is_absolute() || under(&self.config.dir) || under(root) {
            path.to_path_buf()
        } else {
            root.join(path)
        }
    }

    /// The instances of every module call, created on first use.
    pub fn child(&self, name: &str, key: &str) -> Option<Rc<Instance<'a>>> {
        let id = format!("{name}{key}");
        if let Some(c) = self.children.borrow().get(&id) {
            return Some(c.clone());
        }
        let call = self.config.modules.iter().find(|m| m.name == name)?;
        let expansion = self.call_expansion(call)?;
        self.make_child(call, key, expansion.find(key)?)
    }

    /// Creates the instance `key` of a module call, whose iterator names
    /// are `vars`.
    fn make_child(
        &self,
        call: &super::config::ModuleCall<'_>,
        key: &str,
        vars: &[(String, V)],
    ) -> Option<Rc<Instance<'a>>> {
        let name = &call.name;
        let id = format!("{name}{key}");
        if let Some(c) = self.children.borrow().get(&id) {
            return Some(c.clone());
        }
        let child_config = self.shared.configs.get(call.child?)?;
        if self.depth >= MAX_MODULE_DEPTH {
            return None;
        }
        let scope = Scope::default().with(vars.to_vec());
        let mut inputs = HashMap::new();
        for (arg, expr, _) in call.body.attrs() {
            if matches!(
                arg.as_str(),
                "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
            ) {
                continue;
            }
            let v = self
                .shared
                .budget
                .nested(|| eval(self, expr, &scope))
                .unwrap_or_else(|| V::unsupported(expr.loc()));
            inputs.insert(arg, v);
        }
        // providers: inherited by default, or as the call maps them
        let mut providers = self.providers.clone();
        if let Some(map) = call.body.attr("providers") {
            let mut mapped = providers.clone();
            for (inner, outer) in provider_map(map) {
                let region = self.providers.get(&outer).cloned().unwrap_or(None);
                mapped.insert(inner, region);
            }
            providers = mapped;
        }
        let child = Rc::new(Instance::new(
            self.shared,
            child_config,
            format!("{}module.{name}{key}.", self.prefix),
            self.depth + 1,
            inputs,
            &[],
            providers,
        ));
        self.children.borrow_mut().insert(id, child.clone());
        Some(child)
    }

    /// Every instance of every local module call, one level down.
    pub fn children(&self) -> Vec<Rc<Instance<'a>>> {
        let mut out = Vec::new();
        for call in &self.config.modules {
            if call.child.is_none() {
                continue;
            }
            let Some(expansion) = self.call_expansion(call) else {
                continue;
            };
            if matches!(&*expansion, Expansion::Unknown(vars) if vars.is_empty())
                && self.shared.budget.spent_at().is_some()
            {
                // past the instance budget: no more instances
                continue;
            }
            for (key, vars) in expansion.each() {
                if let Some(c) = self.make_child(call, key, vars) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// The region of a resource: its `region` argument (provider v6),
    /// else its provider's, else `--region`.
    pub fn region(&self, body: &Body<'_>, scope: &Scope) -> Option<V> {
        if let Some(r) = body.attr("region") {
            return Some(eval(self, r, scope));
        }
        let key = body.attr("provider").and_then(provider_name);
        let key = key.unwrap_or_else(|| "aws".to_string());
        match self.providers.get(&key) {
            Some(Some(region)) => Some(region.clone()),
            _ => None,
        }
    }

    /// Whether a resource is created by the default `aws` provider, the only
    /// one `--region` stands for: an alias whose block is not in the unit
    /// (a module's `configuration_aliases`, generated files) has a region
    /// no argument here gives, and its name is no evidence of one.
    pub fn uses_default_provider(&self, body: &Body<'_>) -> bool {
        match body.attr("provider") {
            None => true,
            Some(provider) => provider_name(provider).as_deref() == Some("aws"),
        }
    }

    fn resource_value(
        &self,
        index: usize,
        block: &ResourceBlock<'a>,
        steps: &[Step],
        loc: Loc,
    ) -> Option<(V, usize)> {
        let expansion = self.expansion(index);
        let (key, vars, used) = match (&expansion, steps.first()) {
            (Expansion::Single, _) => (String::new(), Vec::new(), 0),
            (Expansion::Unknown(vars), Some(Step::Index(_) | Step::Splat)) => {
                (String::new(), vars.clone(), 1)
            }
            (Expansion::Unknown(vars), _) => (String::new(), vars.clone(), 0),
            (Expansion::Keys(keys), Some(Step::Index(k))) => {
                if k.is_unknown() {
                    return Some((V::unknown(UnknownReason::Unsupported, loc), 1));
                }
                let text = k.to_text()?;
                let wanted = match k.val {
                    Val::Num(_) => format!("[{text}]"),
                    _ => format!("[{text:?}]"),
                };
                let (key, vars) = keys.iter().find(|(s, _)| *s == wanted)?.clone();
                (key, vars, 1)
            }
            (Expansion::Keys(keys), Some(Step::Splat)) => {
                // every instance's attribute, as a list
                let rest = steps.get(1..).unwrap_or(&[]);
                let attr = match rest.first() {
                    Some(Step::Attr(a)) => a.clone(),
                    _ => return Some((V::unsupported(loc), steps.len())),
                };
                let items = keys
                    .iter()
                    .map(|(key, vars)| {
                        let address = format!("{}{}{key}", self.prefix, block.address);
                        let scope = Scope::default().with(vars.clone());
                        attributes::read(self, block, &address, &scope, &attr, loc)
                    })
                    .collect();
                return Some((V::new(Val::List(items), loc), 2));
            }
            (Expansion::Keys(_), _) => {
                return Some((V::unsupported(loc), 0));
            }
        };
        let address = format!("{}{}{key}", self.prefix, block.address);
        let scope = Scope::default().with(vars);
        match steps.get(used) {
            Some(Step::Attr(attr)) => {
                let v = attributes::read(self, block, &address, &scope, attr, loc);
                Some((v, used + 1))
            }
            _ => Some((V::unknown(UnknownReason::Computed, loc), used)),
        }
    }
}

/// `aws.east` from a `provider = aws.east` argument.
pub fn provider_name(expr: Expr<'_>) -> Option<String> {
    match expr {
        Expr::Hcl(e, _) => match e {
            hcl_edit::expr::Expression::Variable(v) => Some(v.as_str().to_string()),
            hcl_edit::expr::Expression::Traversal(t) => {
                let root = t.expr.as_variable()?.as_str();
                let mut name = root.to_string();
                for op in &t.operators {
                    match op.value() {
                        hcl_edit::expr::TraversalOperator::GetAttr(a) => {
                            name.push('.');
                            name.push_str(a.as_str());
                        }
                        _ => return None,
                    }
                }
                Some(name)
            }
            _ => e.as_str().map(str::to_string),
        },
        Expr::Json(n, _) | Expr::Literal(n, _) => n.as_str().map(str::to_string),
        Expr::Computed { .. } => None,
    }
}

/// `providers = { aws = aws.east, "aws.west" = aws.other }` as pairs.
fn provider_map(expr: Expr<'_>) -> Vec<(String, String)> {
    match expr {
        Expr::Hcl(hcl_edit::expr::Expression::Object(object), src) => object
            .iter()
            .filter_map(|(k, v)| {
                let key = match k {
                    hcl_edit::expr::ObjectKey::Ident(i) => i.as_str().to_string(),
                    hcl_edit::expr::ObjectKey::Expression(e) => match e {
                        hcl_edit::expr::Expression::Traversal(_)
                        | hcl_edit::expr::Expression::Variable(_) => {
                            provider_name(Expr::Hcl(e, src))?
                        }
                        _ => e.as_str()?.to_string(),
                    },
                };
                Some((key, provider_name(Expr::Hcl(v.expr(), src))?))
            })
            .collect(),
        Expr::Json(node, _) | Expr::Literal(node, _) => node
            .entries()
            .iter()
            .filter_map(|e| Some((e.key.to_string(), e.value.as_str()?.to_string())))
            .collect(),
        _ => Vec::new(),
    }
}

impl Names for Instance<'_> {
    fn var(&self, name: &str, _loc: Loc) -> Option<V> {
        self.vars.get(name).cloned()
    }

    fn local(&self, name: &str, loc: Loc) -> Option<V> {
        match self.locals.borrow().get(name) {
            Some(Some(v)) => return Some(v.clone()),
            // a cycle: Terraform refuses it; here it is unknown
            Some(None) => return Some(V::unsupported(loc)),
            None => {}
        }
        let (_, expr) = self.config.locals.iter().find(|(n, _)| n == name)?;
        self.locals.borrow_mut().insert(name.to_string(), None);
        let v = self
            .shared
            .budget
            .nested(|| eval(self, *expr, &Scope::default()))
            .unwrap_or_else(|| V::unsupported(loc));
        self.locals
            .borrow_mut()
            .insert(name.to_string(), Some(v.clone()));
        Some(v)
    }

    fn module_dir(&self) -> String {
        // Terraform's own `path.module` of a root module run in place
        if self.config.dir.as_os_str().is_empty() {
            return ".".to_string();
        }
        self.config.dir.display().to_string()
    }

    fn reference(&self, root: &str, steps: &[Step], loc: Loc) -> Option<(V, usize)> {
        let name_at = |i: usize| match steps.get(i) {
            Some(Step::Attr(n)) => Some(n.as_str()),
            _ => None,
        };
        match root {
            "module" => {
                let name = name_at(0)?;
                let call = self.config.modules.iter().find(|m| m.name == name)?;
                if call.child.is_some() && self.expanding(name) {
                    // a cycle: Terraform refuses it; here it is unknown
                    return Some((V::unsupported(loc), steps.len()));
                }
                let (key, used) = match steps.get(1) {
                    Some(Step::Index(k)) => {
                        let text = k.to_text();
                        match (text, &k.val) {
                            (Some(t), Val::Num(_)) => (format!("[{t}]"), 2),
                            (Some(t), _) => (format!("[{t:?}]"), 2),
                            _ => return Some((V::unknown(UnknownReason::Unsupported, loc), 2)),
                        }
                    }
                    _ => (String::new(), 1),
                };
                let Some(child) = call.child.and_then(|_| self.child(name, &key)) else {
                    // a remote module: its outputs come from outside
                    return Some((V::unknown(UnknownReason::External, loc), steps.len()));
                };
                let Some(output) = name_at(used) else {
                    return Some((V::unknown(UnknownReason::Unsupported, loc), used));
                };
                let body = child
                    .config
                    .outputs
                    .iter()
                    .find(|(n, _)| n == output)
                    .map(|(_, b)| *b);
                let v = body
                    .and_then(|b| b.attr("value"))
                    .and_then(|e| {
                        self.shared
                            .budget
                            .nested(|| eval(&*child, e, &Scope::default()))
                    })
                    .unwrap_or_else(|| V::unsupported(loc));
                Some((v, used + 1))
            }
            "data" => {
                let (ty, name) = (name_at(0)?, name_at(1)?);
                let index = self
                    .config
                    .resources
                    .iter()
                    .position(|r| r.data && r.ty == ty && r.name == name)?;
                let block = self.config.resources.get(index)?;
                let (v, used) = self.resource_value(index, block, steps.get(2..)?, loc)?;
                Some((v, used + 2))
            }
            ty => {
                let name = name_at(0)?;
                let index = self
                    .config
                    .resources
                    .iter()
                    .position(|r| !r.data && r.ty == ty && r.name == name)?;
                let block = self.config.resources.get(index)?;
                let (v, used) = self.resource_value(index, block, steps.get(1..)?, loc)?;
                Some((v, used + 1))
            }
        }
    }

    fn computed(&self, references: &[&str], module: &str, loc: Loc) -> V {
        match self.plan {
            Some(doc) => super::computed::computed(doc, references, module, loc),
            None => V::unknown(UnknownReason::Computed, loc),
        }
    }

    fn prefix(&self) -> &str {
        &self.prefix
    }

    fn read_file(&self, path: &str) -> Option<String> {
        let full = self.local_path(path);
        // a FIFO or device would block or never end: regular files only,
        // and no more bytes than a module file may hold
        crate::source::read::read_text(&full, super::MAX_MODULE_FILE_BYTES).ok()
    }

    fn budget(&self) -> &Budget {
        &self.shared.budget
    }
}

/// The iterator scopes of a `dynamic` block's `for_each`.
pub fn dynamic_items(
    names: &dyn Names,
    for_each: Option<Expr<'_>>,
    iterator: &str,
    scope: &Scope,
    loc: Loc,
) -> Vec<Scope> {
    let Some(for_each) = for_each else {
        return Vec::new();
    };
    let collection = eval(names, for_each, scope);
    // iterating copies each item; past the byte budget the content is
    // read once, as for an unknown collection
    let affordable = names.budget().build(collection.size(), loc);
    match iteration(&collection).filter(|_| affordable) {
        Some(items) => items
            .into_iter()
            .map(|(key, value)| {
                let it = V::new(
                    Val::Map(vec![("key".into(), key), ("value".into(), value)]),
                    loc,
                );
                scope.with(vec![(iterator.to_string(), it)])
            })
            .collect(),
        // Not known: the content once, with an unknown iterator.
        None => vec![scope.with(vec![(
            iterator.to_string(),
            V::unknown(UnknownReason::Unsupported, loc),
        )])],
    }
}
