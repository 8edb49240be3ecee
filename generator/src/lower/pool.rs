//! A product's pool of named types. Structurally identical types are interned once: a second
//! position with the same shape adds an origin to the existing type instead of a new type.
//! Descriptions do not count towards the shape. Only non-empty structs and enums, and unions,
//! are ever named types, so an empty or untyped schema never stands in for another one.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::type_names::Seed;
use crate::ir::{Home, Origin, TypeDef, TypeId, TypeKind, TypeRef, Variant};

#[derive(Debug, Default)]
pub struct Pool {
    pub types: Vec<TypeDef>,
    /// Per type, what each of its origins means (parallel to `origins`), to name it by.
    pub seeds: Vec<Vec<Seed>>,
    seen_origins: Vec<HashSet<Origin>>,
    by_shape: HashMap<String, TypeId>,
    /// Positions folded into an existing type.
    pub folded: usize,
}

impl Pool {
    pub fn intern(&mut self, kind: TypeKind, description: Option<String>, origin: Origin, seed: Seed) -> TypeId {
        let shape = shape_key(&kind);
        if let Some(&id) = self.by_shape.get(&shape) {
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
            let h = if *variant == Variant::Master { Home::Master } else { Home::Rest };
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
