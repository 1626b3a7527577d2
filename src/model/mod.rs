//! The normalized deployment model: one graph per unit, whatever format it
//! was read from. Objects live in an arena; fields are slots laid out by the
//! schema; links between objects are edges rules follow like fields.

mod associations;
mod coverage;
pub mod defaults;
pub mod derive;
mod lookup;
pub mod names;
mod origin_facts;
pub mod partial;
pub mod reads;
pub mod schema;
pub mod typo;
pub mod value;

use std::sync::Arc;

pub use schema::{EntityDef, FieldDef, ScalarType, Ty};
pub use value::{Attribute, Origin, Part, Reference, Scalar, SetBy, State, UnknownReason, Value};

use crate::source::Loc;

/// Index of an object in its model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjId(pub u32);

/// What a field holds.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Slot {
    #[default]
    Absent,
    /// A scalar; in a list-typed field, an Unknown value stands for a whole
    /// list that cannot be known.
    Value(Value),
    /// A list of scalars.
    Values(Vec<Value>),
    /// A list of scalars whose length and elements are unknown but that
    /// cannot be empty (a CloudFormation `List<AWS::EC2::Subnet::Id>`
    /// parameter without default): `empty` fails, `exists` holds, each
    /// element is Unknown. The value locates the list and says why it is
    /// unknown. See [`partial`].
    NonEmpty(Value),
    Object(ObjId),
    Objects(Vec<ObjId>),
}

/// One object: an instance of an entity.
#[derive(Clone, Debug)]
pub struct Object {
    pub def: &'static EntityDef,
    /// Every field, by its index in `def.fields` (`Absent` where the file
    /// has none), so always as long as `def.fields`: objects hold about
    /// half their fields, and a read by index is then one step, not a
    /// search.
    slots: Vec<Slot>,
    /// The object's span (for a Default inside it, the span shown).
    pub loc: Loc,
    /// The resource the object belongs to (logical id, Terraform address).
    pub resource: Option<Arc<str>>,
    /// A stable path from the resource to this object, for fingerprints
    /// (`origins[web]`, `behaviors[/api/*].lambda_associations[viewer-request]`).
    pub path: Arc<str>,
}

impl Object {
    fn new(
        def: &'static EntityDef,
        loc: Loc,
        resource: Option<Arc<str>>,
        path: Arc<str>,
    ) -> Object {
        Object {
            def,
            slots: std::iter::repeat_with(|| Slot::Absent)
                .take(def.fields.len())
                .collect(),
            loc,
            resource,
            path,
        }
    }

    /// A field that is present.
    fn slot_at(&self, index: usize) -> Option<&Slot> {
        self.slots
            .get(index)
            .filter(|slot| !matches!(slot, Slot::Absent))
    }
}

/// The model of one unit.
#[derive(Clone, Debug)]
pub struct Model {
    objects: Vec<Object>,
    /// The key a Default field would be written under in its object, as
    /// the front-end looked for it: where a fix adds the field.
    absent_keys: Vec<(ObjId, &'static str, &'static str)>,
}

impl Default for Model {
    fn default() -> Model {
        Model::new()
    }
}

impl Model {
    pub fn new() -> Model {
        let root = Object::new(&schema::DEPLOYMENT, Loc::default(), None, Arc::from(""));
        Model {
            objects: vec![root],
            absent_keys: Vec::new(),
        }
    }

    pub fn root(&self) -> ObjId {
        ObjId(0)
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.len() <= 1
    }

    /// Creates an object that is not yet attached anywhere.
    pub fn create(
        &mut self,
        def: &'static EntityDef,
        loc: Loc,
        resource: Option<Arc<str>>,
        path: impl Into<Arc<str>>,
    ) -> ObjId {
        self.objects
            .push(Object::new(def, loc, resource, path.into()));
        ObjId(u32::try_from(self.objects.len() - 1).unwrap_or(u32::MAX))
    }

    /// Creates a top-level object and appends it to the root collection that
    /// holds its entity.
    pub fn add_resource(&mut self, def: &'static EntityDef, loc: Loc, resource: &str) -> ObjId {
        let field = schema::DEPLOYMENT
            .fields
            .iter()
            .find(|f| matches!(f.ty, Ty::Objects(e) if std::ptr::eq(e, def)))
            .map_or("", |f| f.name);
        self.add_resource_to(field, def, loc, resource)
    }

    /// Creates a top-level object in a named collection, for entities that
    /// more than one collection holds (cache and origin request policies).
    pub fn add_resource_to(
        &mut self,
        collection: &str,
        def: &'static EntityDef,
        loc: Loc,
        resource: &str,
    ) -> ObjId {
        let id = self.create(def, loc, Some(Arc::from(resource)), "");
        if !collection.is_empty() {
            self.push(self.root(), collection, id);
        }
        self.set(
            id,
            "id",
            Slot::Value(Value::known(Scalar::str(resource), loc)),
        );
        id
    }

    /// Creates a child object, owned by `parent` through `field`.
    pub fn add_child(&mut self, parent: ObjId, field: &str, loc: Loc, key: &str) -> Option<ObjId> {
        let parent_obj = self.object(parent);
        let ty = parent_obj.def.field(field)?.ty;
        let def = ty.entity()?;
        let resource = parent_obj.resource.clone();
        // written into one buffer of the right size, made shared once
        let mut path = String::with_capacity(parent_obj.path.len() + field.len() + key.len() + 3);
        if !parent_obj.path.is_empty() {
            path.push_str(&parent_obj.path);
            path.push('.');
        }
        path.push_str(field);
        path.push('[');
        path.push_str(key);
        path.push(']');
        let child = self.create(def, loc, resource, path.as_str());
        match ty {
            Ty::Object(_) => self.set(parent, field, Slot::Object(child)),
            _ => self.push(parent, field, child),
        }
        Some(child)
    }

    pub fn object(&self, id: ObjId) -> &Object {
        // Ids are only made by this model, so the index is in range.
        #[allow(clippy::indexing_slicing)]
        &self.objects[id.0 as usize]
    }

    fn object_mut(&mut self, id: ObjId) -> &mut Object {
        #[allow(clippy::indexing_slicing)]
        &mut self.objects[id.0 as usize]
    }

    pub fn objects(&self) -> impl Iterator<Item = (ObjId, &Object)> {
        self.objects
            .iter()
            .enumerate()
            .map(|(i, o)| (ObjId(i as u32), o))
    }

    /// The slot of a field; `Absent` for unknown field names.
    pub fn slot(&self, id: ObjId, field: &str) -> &Slot {
        match self.object(id).def.field_index(field) {
            Some(index) => self.slot_at(id, index),
            None => &Slot::Absent,
        }
    }

    /// A field by its index in the object's `def.fields`, for callers that
    /// looked the name up once.
    pub fn slot_at(&self, id: ObjId, index: usize) -> &Slot {
        self.object(id).slot_at(index).unwrap_or(&Slot::Absent)
    }

    /// A field to write. A field name not in the schema is a bug in a
    /// front-end, caught by its tests.
    fn slot_mut(&mut self, id: ObjId, field: &str) -> Option<&mut Slot> {
        let obj = self.object_mut(id);
        let index = obj.def.field_index(field);
        debug_assert!(index.is_some(), "{} has no field {field}", obj.def.name);
        obj.slots.get_mut(index?)
    }

    /// Sets a field.
    pub fn set(&mut self, id: ObjId, field: &str, slot: Slot) {
        if let Some(s) = self.slot_mut(id, field) {
            *s = slot;
        }
    }

    pub fn set_value(&mut self, id: ObjId, field: &str, value: Value) {
        self.set(id, field, Slot::Value(value));
    }

    /// Appends to a list of objects.
    pub fn push(&mut self, id: ObjId, field: &str, child: ObjId) {
        if let Some(s) = self.slot_mut(id, field) {
            match s {
                Slot::Objects(list) => list.push(child),
                _ => *s = Slot::Objects(vec![child]),
            }
        }
    }

    /// Records that `field` of `id` is absent from the file, where it
    /// would be written as `key`.
    pub fn note_absent_key(&mut self, id: ObjId, field: &'static str, key: &'static str) {
        self.absent_keys.push((id, field, key));
    }

    /// The key an absent field would be written under, when known.
    pub fn absent_key(&self, id: ObjId, field: &str) -> Option<&'static str> {
        self.absent_keys
            .iter()
            .rev()
            .find(|(o, f, _)| *o == id && *f == field)
            .map(|(_, _, key)| *key)
    }

    /// The value of a scalar field.
    pub fn value(&self, id: ObjId, field: &str) -> Option<&Value> {
        match self.slot(id, field) {
            Slot::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn str(&self, id: ObjId, field: &str) -> Option<&str> {
        self.value(id, field).and_then(Value::as_str)
    }

    pub fn int(&self, id: ObjId, field: &str) -> Option<i64> {
        self.value(id, field).and_then(Value::as_int)
    }

    pub fn bool(&self, id: ObjId, field: &str) -> Option<bool> {
        self.value(id, field).and_then(Value::as_bool)
    }

    /// The values of a list field (empty when absent or unknown).
    pub fn values(&self, id: ObjId, field: &str) -> &[Value] {
        match self.slot(id, field) {
            Slot::Values(v) => v,
            _ => &[],
        }
    }

    /// The objects of an object or link field (empty when absent).
    pub fn linked(&self, id: ObjId, field: &str) -> &[ObjId] {
        match self.slot(id, field) {
            Slot::Object(o) => std::slice::from_ref(o),
            Slot::Objects(list) => list,
            _ => &[],
        }
    }

    /// [`Model::linked`], copied for a caller that changes the model as it
    /// goes through them.
    pub fn children(&self, id: ObjId, field: &str) -> Vec<ObjId> {
        self.linked(id, field).to_vec()
    }

    pub fn link(&self, id: ObjId, field: &str) -> Option<ObjId> {
        match self.slot(id, field) {
            Slot::Object(o) => Some(*o),
            _ => None,
        }
    }

    /// Every top-level object of one entity.
    pub fn all(&self, collection: &str) -> Vec<ObjId> {
        self.children(self.root(), collection)
    }

    /// [`Model::all`], borrowed.
    pub fn top_level(&self, collection: &str) -> &[ObjId] {
        self.linked(self.root(), collection)
    }

    /// The top-level object whose resource name is `name`.
    pub fn resource(&self, name: &str) -> Option<ObjId> {
        let root = self.object(self.root());
        root.slots.iter().find_map(|slot| match slot {
            Slot::Objects(list) => list
                .iter()
                .copied()
                .find(|&id| self.object(id).resource.as_deref() == Some(name)),
            _ => None,
        })
    }

    /// The model as JSON without spans: owned objects nested, links as the
    /// linked object's path. Parity tests compare these.
    pub fn to_json(&self) -> serde_json::Value {
        self.object_json(self.root())
    }

    fn object_json(&self, id: ObjId) -> serde_json::Value {
        let obj = self.object(id);
        let mut map = serde_json::Map::new();
        for (index, field) in obj.def.fields.iter().enumerate() {
            let slot = obj.slot_at(index).unwrap_or(&Slot::Absent);
            let json = match (slot, field.ty) {
                (Slot::Absent, _) => continue,
                (Slot::Value(v), _) => value_json(v),
                (Slot::Values(vs), _) => vs.iter().map(value_json).collect(),
                (Slot::NonEmpty(v), _) => serde_json::json!({ "non_empty": value_json(v) }),
                (Slot::Object(o), Ty::Link(_)) => self.link_json(*o),
                (Slot::Objects(os), Ty::Links(_)) => {
                    os.iter().map(|o| self.link_json(*o)).collect()
                }
                (Slot::Object(o), _) => self.object_json(*o),
                (Slot::Objects(os), _) => os.iter().map(|o| self.object_json(*o)).collect(),
            };
            map.insert(field.name.to_string(), json);
        }
        serde_json::Value::Object(map)
    }

    fn link_json(&self, id: ObjId) -> serde_json::Value {
        let obj = self.object(id);
        serde_json::Value::String(format!(
            "{}:{}{}{}",
            obj.def.name,
            obj.resource.as_deref().unwrap_or(""),
            if obj.path.is_empty() { "" } else { "." },
            obj.path
        ))
    }
}

fn value_json(value: &Value) -> serde_json::Value {
    match &value.state {
        State::Known(s) => scalar_json(s),
        State::Default(s) => serde_json::json!({ "default": scalar_json(s) }),
        State::Unknown(_) => {
            let refs: Vec<String> = value
                .parts
                .iter()
                .filter_map(|p| match p {
                    Part::Ref(r) => Some(format!("{}.{:?}", r.resource, r.attribute)),
                    _ => None,
                })
                .collect();
            serde_json::json!({ "unknown": refs })
        }
    }
}

fn scalar_json(scalar: &Scalar) -> serde_json::Value {
    match scalar {
        Scalar::Str(s) => serde_json::Value::String(s.to_string()),
        Scalar::Int(i) => serde_json::Value::from(*i),
        Scalar::Float(f) => serde_json::Value::from(*f),
        Scalar::Bool(b) => serde_json::Value::Bool(*b),
    }
}
