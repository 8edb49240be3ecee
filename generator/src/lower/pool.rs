//! A product's pool of named types. Structurally identical types are interned once: a second
//! position with the same shape adds an origin to the existing type instead of a new type.
//! Descriptions do not count towards the shape. Only non-empty structs and enums, and unions,
//! are ever named types, so an empty or untyped schema never stands in for another one.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::schema::numbered_ident;
use super::type_names::{Seed, pascal_words};
use crate::ir::{EnumValue, Home, Origin, TypeDef, TypeId, TypeKind, TypeRef, Variant};

#[derive(Debug, Default)]
pub struct Pool {
    pub types: Vec<TypeDef>,
    /// Per type, what each of its origins means (parallel to `origins`), to name it by.
    pub seeds: Vec<Vec<Seed>>,
    seen_origins: Vec<HashSet<Origin>>,
    by_shape: HashMap<String, TypeId>,
    /// Enums by their values alone: the types that already hold that list of values.
    enums_by_values: HashMap<String, Vec<TypeId>>,
    /// Positions folded into an existing type.
    pub folded: usize,
}

impl Pool {
    pub fn intern(&mut self, kind: TypeKind, description: Option<String>, origin: Origin, seed: Seed) -> TypeId {
        let shape = shape_key(&kind);
        let values_key = enum_values_key(&kind);
        let same_meaning = values_key.as_ref().and_then(|key| {
            let held = self.enums_by_values.get(key)?;
            held.iter().copied().find(|id| same_values_meaning(&self.types[id.0].kind, &kind))
        });
        if let Some(id) = same_meaning.or_else(|| self.by_shape.get(&shape).copied()) {
            if self.seen_origins[id.0].insert(origin.clone()) {
                self.folded += 1;
                self.types[id.0].origins.push(origin);
                self.seeds[id.0].push(seed);
            }
            if self.types[id.0].description.is_none() {
                self.types[id.0].description = description;
            }
            return id;
        }
        let id = TypeId(self.types.len());
        self.by_shape.insert(shape, id);
        if let Some(key) = values_key {
            self.enums_by_values.entry(key).or_default().push(id);
        }
        self.seen_origins.push(HashSet::from([origin.clone()]));
        self.types.push(TypeDef { name: String::new(), description, kind, home: Home::Rest, origins: vec![origin] });
        self.seeds.push(vec![seed]);
        id
    }

    /// Drops types no root reaches and renumbers the rest (keeping their order); sets each
    /// type's home. Returns the new id of every old id that survived.
    pub fn collect(&mut self, roots: &[(Variant, TypeRef)]) -> HashMap<TypeId, TypeId> {
        let mut home: Vec<Option<Home>> = vec![None; self.types.len()];
        let mut stack: Vec<(TypeId, Home)> = Vec::new();
        for (variant, root) in roots {
            let h = Home::of(*variant);
            let mut ids = BTreeSet::new();
            crate::ir::referenced_types(root, &mut ids);
            stack.extend(ids.into_iter().map(|id| (id, h)));
        }
        while let Some((id, h)) = stack.pop() {
            // A type the regular API uses lives in the regular module even if the master API
            // uses it too; revisit when it is promoted so its children follow.
            match home[id.0] {
                Some(Home::Rest) => continue,
                Some(Home::Master) if h == Home::Master => continue,
                _ => home[id.0] = Some(h),
            }
            let mut children = BTreeSet::new();
            kind_refs(&self.types[id.0].kind, &mut children);
            stack.extend(children.into_iter().map(|c| (c, h)));
        }
        let mut remap = HashMap::new();
        let mut kept = Vec::new();
        let mut kept_seeds = Vec::new();
        for (old, (ty, seeds)) in self.types.drain(..).zip(self.seeds.drain(..)).enumerate() {
            if let Some(h) = home[old] {
                remap.insert(TypeId(old), TypeId(kept.len()));
                kept.push(TypeDef { home: h, ..ty });
                kept_seeds.push(seeds);
            }
        }
        for ty in &mut kept {
            remap_kind(&mut ty.kind, &remap);
        }
        self.types = kept;
        self.seeds = kept_seeds;
        self.by_shape.clear();
        self.seen_origins.clear();
        remap
    }
}

pub fn remap_ref(ty: &mut TypeRef, remap: &HashMap<TypeId, TypeId>) {
    match ty {
        TypeRef::Named(id) => *id = remap[id],
        TypeRef::Array(inner) | TypeRef::Map(inner) => remap_ref(inner, remap),
        _ => {}
    }
}

fn remap_kind(kind: &mut TypeKind, remap: &HashMap<TypeId, TypeId>) {
    match kind {
        TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| remap_ref(&mut f.ty, remap)),
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| remap_ref(&mut v.ty, remap)),
        TypeKind::Enum(_) => {}
    }
}

pub fn kind_refs(kind: &TypeKind, out: &mut BTreeSet<TypeId>) {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| crate::ir::referenced_types(&f.ty, out)),
        TypeKind::Union(u) => u.variants.iter().for_each(|v| crate::ir::referenced_types(&v.ty, out)),
        TypeKind::Enum(_) => {}
    }
}

/// An enum's representation and values, without its variant names.
fn enum_values_key(kind: &TypeKind) -> Option<String> {
    let TypeKind::Enum(e) = kind else { return None };
    Some(e.values.iter().fold(format!("E{:?}", e.repr), |key, v| format!("{key}|{:?}", v.value)))
}

/// Whether two enums of one list of values mean the same: each value's variant names share a
/// word, or one of them is only its number (`V2`). The values of a meeting's `registration_type`,
/// described in different words by different operations (`AttendeesNeedToRegister`,
/// `AttendeesMustRegisterForEach`), are one type that reads and writes alike; `1, 2, 3` as poll
/// types (`Poll`, `AdvancedPoll`, `Quiz`) and as meeting types (`Instant`, …) are two. The first
/// type's variant names are kept.
fn same_values_meaning(a: &TypeKind, b: &TypeKind) -> bool {
    let (TypeKind::Enum(a), TypeKind::Enum(b)) = (a, b) else { return false };
    let numbered = |v: &EnumValue| numbered_ident(&v.value).is_some_and(|n| n == v.ident);
    const JOINING: &[&str] = &["and", "or", "to", "for", "of", "in", "is", "are", "be", "can"];
    let words = |ident: &str| {
        let words = pascal_words(ident).into_iter().map(|w| w.to_ascii_lowercase());
        words.filter(|w| !JOINING.contains(&w.as_str())).collect::<BTreeSet<_>>()
    };
    a.values.len() == b.values.len()
        && a.values.iter().zip(&b.values).all(|(x, y)| {
            x.ident == y.ident || numbered(x) || numbered(y) || !words(&x.ident).is_disjoint(&words(&y.ident))
        })
}

/// The shape of a type: everything that affects the generated Rust type except documentation.
fn shape_key(kind: &TypeKind) -> String {
    use std::fmt::Write;
    let mut key = String::new();
    match kind {
        TypeKind::Struct(s) => {
            key.push('S');
            for f in &s.fields {
                let _ = write!(key, "|{}:{}:{:?}:{}:{}", f.name, f.ident, f.ty, f.required, f.nullable);
            }
        }
        TypeKind::Enum(e) => {
            let _ = write!(key, "E{:?}", e.repr);
            for v in &e.values {
                let _ = write!(key, "|{}={:?}", v.ident, v.value);
            }
        }
        TypeKind::Union(u) => {
            key.push('U');
            for v in &u.variants {
                let _ = write!(key, "|{}:{:?}", v.ident, v.ty);
            }
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Enum, EnumLiteral, EnumRepr, EnumValue};

    fn integers(idents: &[&str]) -> TypeKind {
        let values = idents
            .iter()
            .enumerate()
            .map(|(i, ident)| EnumValue {
                ident: (*ident).to_owned(),
                value: EnumLiteral::Integer(i as i64 + 1),
                description: None,
            })
            .collect();
        TypeKind::Enum(Enum { repr: EnumRepr::Integer, values })
    }

    #[test]
    fn enums_of_one_value_list_are_one_type_where_their_names_agree() {
        let read = integers(&["AttendeesRegisterOnceAndCanAttend", "AttendeesMustRegisterForEach"]);
        let update = integers(&["AttendeesRegisterOnceAndCanAttend", "AttendeesNeedToRegister"]);
        assert!(same_values_meaning(&read, &update));
        assert!(same_values_meaning(&integers(&["V1", "Weekly"]), &integers(&["Daily", "Weekly"])), "a bare number");
        let polls = integers(&["Poll", "AdvancedPoll", "Quiz"]);
        let meetings = integers(&["Instant", "Scheduled", "RecurringNoFixedTime"]);
        assert!(!same_values_meaning(&polls, &meetings));
        // Joining words do not make two meanings one.
        assert!(!same_values_meaning(&integers(&["OnForAll"]), &integers(&["OffForHosts"])));
        assert!(!same_values_meaning(&integers(&["Poll"]), &integers(&["Poll", "Quiz"])), "values differ");

        let mut pool = Pool::default();
        let origin = |path: &str| Origin { variant: Variant::Rest, operation: "op".into(), path: path.into() };
        let seed = Seed::new("Op".into(), super::super::type_names::Base::Response);
        let a = pool.intern(read, None, origin("a"), seed.clone());
        let b = pool.intern(update, None, origin("b"), seed.clone());
        let c = pool.intern(polls.clone(), None, origin("c"), seed.clone());
        let d = pool.intern(meetings, None, origin("d"), seed);
        assert_eq!(a, b, "the first's variant names are kept");
        assert_ne!(c, d);
        assert_eq!(pool.types[a.0].origins.len(), 2);
    }
}
