//! What a rule read of a model, and where two models differ.
//!
//! A template with conditions is linted once per combination of their
//! values (a scenario), and each scenario's model is built on its own.
//! Scenarios mostly differ in a few values (the branch an `Fn::If` takes),
//! so most rules read nothing that differs: their failures on the first
//! scenario are their failures on the others. An evaluation of the first
//! scenario notes what it reads ([`ReadSet`]); [`Differences`] says
//! whether any of that differs in another scenario.
//!
//! Both are bit sets over the first model's parts ([`Layout`]): noting a
//! read is setting a bit, so that noting costs the evaluation little.

use std::cell::Cell;

use super::{Model, ObjId};

/// One part of one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aspect {
    /// Its entity, location, resource and path.
    Header,
    /// The keys its absent fields would be written under (for fixes).
    AbsentKeys,
    /// The field at this index of its entity.
    Field(usize),
}

/// Where each object's bits start: its header, its absent keys, then one
/// bit per field of its entity.
#[derive(Debug)]
pub struct Layout {
    starts: Vec<usize>,
    bits: usize,
}

impl Layout {
    pub fn of(model: &Model) -> Layout {
        let mut starts = Vec::with_capacity(model.objects.len());
        let mut bits = 0;
        for object in &model.objects {
            starts.push(bits);
            bits += 2 + object.def.fields.len();
        }
        Layout { starts, bits }
    }

    fn bit(&self, object: ObjId, part: Aspect) -> Option<usize> {
        let start = *self.starts.get(usize::try_from(object.0).ok()?)?;
        Some(match part {
            Aspect::Header => start,
            Aspect::AbsentKeys => start + 1,
            Aspect::Field(index) => start + 2 + index,
        })
    }

    /// The bits of one object, all parts.
    fn object_bits(&self, index: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(index).copied().unwrap_or(self.bits);
        let end = self.starts.get(index + 1).copied().unwrap_or(self.bits);
        start..end
    }

    fn words(&self) -> usize {
        self.bits.div_ceil(64)
    }
}

/// The parts of a model an evaluation read.
#[derive(Debug)]
pub struct ReadSet<'l> {
    layout: &'l Layout,
    words: Vec<Cell<u64>>,
}

impl<'l> ReadSet<'l> {
    pub fn new(layout: &'l Layout) -> ReadSet<'l> {
        ReadSet {
            layout,
            words: (0..layout.words()).map(|_| Cell::new(0)).collect(),
        }
    }

    pub fn note(&self, object: ObjId, part: Aspect) {
        if let Some(word) = self
            .layout
            .bit(object, part)
            .and_then(|bit| Some((self.words.get(bit / 64)?, bit % 64)))
        {
            word.0.set(word.0.get() | 1 << word.1);
        }
    }

    pub fn into_bits(self) -> Vec<u64> {
        self.words.into_iter().map(Cell::into_inner).collect()
    }
}

/// Where a later model differs from the first, in the first one's
/// layout. Objects are compared by id, which front-end passes over the
/// same files hand out in the same order; an object the later model lacks,
/// or whose entity differs, differs in every part.
#[derive(Debug)]
pub struct Differences {
    words: Vec<u64>,
}

impl Differences {
    pub fn between(layout: &Layout, first: &Model, later: &Model) -> Differences {
        let mut words = vec![0u64; layout.words()];
        let mut set = |bit: usize| {
            if let Some(word) = words.get_mut(bit / 64) {
                *word |= 1 << (bit % 64);
            }
        };
        for (index, x) in first.objects.iter().enumerate() {
            let id = ObjId(u32::try_from(index).unwrap_or(u32::MAX));
            let bit = |part| layout.bit(id, part).unwrap_or(usize::MAX);
            let Some(y) = later
                .objects
                .get(index)
                .filter(|y| std::ptr::eq(x.def, y.def))
            else {
                layout.object_bits(index).for_each(&mut set);
                continue;
            };
            if x.loc != y.loc || x.resource != y.resource || x.path != y.path {
                set(bit(Aspect::Header));
            }
            // one table per field of the same entity; a field present in
            // one and absent in the other differs too
            for (field, (a, b)) in x.slots.iter().zip(&y.slots).enumerate() {
                if a != b {
                    set(bit(Aspect::Field(field)));
                }
            }
        }
        // nearly always equal: the same keys looked for in the same order
        if first.absent_keys != later.absent_keys {
            let (x, y) = (&first.absent_keys, &later.absent_keys);
            type Key = (ObjId, &'static str, &'static str);
            let only_in = |a: &[Key], b: &[Key]| {
                a.iter()
                    .filter(|entry| !b.contains(entry))
                    .map(|(object, _, _)| *object)
                    .collect::<Vec<ObjId>>()
            };
            for object in only_in(x, y).into_iter().chain(only_in(y, x)) {
                if let Some(bit) = layout.bit(object, Aspect::AbsentKeys) {
                    set(bit);
                }
            }
        }
        Differences { words }
    }

    /// Whether any of these reads (a [`ReadSet`]'s bits) differs.
    pub fn touch(&self, reads: &[u64]) -> bool {
        self.words.iter().zip(reads).any(|(d, r)| d & r != 0)
    }

    /// Whether the two models are the same in every part.
    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Scalar, Slot, Value};
    use crate::source::Loc;

    fn model(version: &str, extra: bool) -> (Model, ObjId, ObjId) {
        let value = |s: Scalar| Slot::Value(Value::known(s, Loc::default()));
        let mut m = Model::new();
        let root = m.root();
        let a = m
            .add_child(root, "distributions", Loc::default(), "a")
            .unwrap();
        m.set(a, "enabled", value(Scalar::Bool(true)));
        let b = m
            .add_child(root, "distributions", Loc::default(), "b")
            .unwrap();
        m.set(b, "http_version", value(Scalar::Str(version.into())));
        if extra {
            m.set(b, "enabled", value(Scalar::Bool(false)));
        }
        (m, a, b)
    }

    fn reads(layout: &Layout, notes: &[(ObjId, Aspect)]) -> Vec<u64> {
        let set = ReadSet::new(layout);
        for (object, part) in notes {
            set.note(*object, *part);
        }
        set.into_bits()
    }

    fn field(m: &Model, id: ObjId, name: &str) -> (ObjId, Aspect) {
        (
            id,
            Aspect::Field(m.object(id).def.field_index(name).unwrap()),
        )
    }

    #[test]
    fn only_reads_of_what_differs_touch_the_differences() {
        let (first, a, b) = model("http2", false);
        let (second, _, _) = model("http3", true);
        let layout = Layout::of(&first);
        let d = Differences::between(&layout, &first, &second);
        assert!(!d.is_empty());
        let touch = |notes: &[(ObjId, Aspect)]| d.touch(&reads(&layout, notes));
        // a value that changed, and a field one model has and one lacks
        assert!(touch(&[field(&first, b, "http_version")]));
        assert!(touch(&[field(&first, b, "enabled")]));
        // the same field of another object, and headers, did not change
        assert!(!touch(&[field(&first, a, "enabled")]));
        assert!(!touch(&[
            (a, Aspect::Header),
            (b, Aspect::Header),
            (b, Aspect::AbsentKeys),
            field(&first, a, "http_version")
        ]));
        assert!(Differences::between(&layout, &first, &model("http2", false).0).is_empty());
        // an object the later model lacks differs in every part
        let mut fewer = Model::new();
        let only = fewer
            .add_child(fewer.root(), "distributions", Loc::default(), "a")
            .unwrap();
        fewer.set(
            only,
            "enabled",
            Slot::Value(Value::known(Scalar::Bool(true), Loc::default())),
        );
        let d = Differences::between(&layout, &first, &fewer);
        assert!(d.touch(&reads(&layout, &[(b, Aspect::Header)])));
        assert!(!d.touch(&reads(&layout, &[field(&first, a, "enabled")])));
    }
}
