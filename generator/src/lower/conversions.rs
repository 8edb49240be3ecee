//! Read → modify → update: which answer types convert into the request types that update the
//! same object. For each update (`PATCH` or `PUT`) whose path Zoom also reads (`GET`), the answer
//! converts into the update's body, and so do the fields of the two that are again two different
//! structs (`settings`, `recurrence` where they differ). Fields both have are moved across; fields
//! only the answer has (set by Zoom: `id`, `created_at`, and what this crate does not know, kept in
//! `extra`) are not sent; fields only the request has are left unset.

use std::collections::BTreeSet;

use crate::ir::{
    Body, BodyMedia, Carry, Conversion, Convert, FieldValue, Home, Method, Product, ResponseBody, Shape, Struct,
    TypeId, TypeKind, TypeRef,
};

/// Every conversion of a product, in the order of their (answer, request) ids.
pub fn plan(product: &Product) -> Vec<Conversion> {
    let mut planned = converting(product);
    // A request that would get nothing but unset fields gains nothing from a conversion.
    planned.retain(|c| c.unset.len() < c.fields.len());
    planned
}

/// The (answer, request) struct pairs that convert, each planned.
fn converting(product: &Product) -> Vec<Conversion> {
    let mut pairs = BTreeSet::new();
    for surface in product.surfaces() {
        for update in surface.operations.iter().filter(|o| matches!(o.method, Method::Patch | Method::Put)) {
            let Some(Body { media: BodyMedia::Json, ty: TypeRef::Named(to), .. }) = &update.body else { continue };
            let read = surface.operations.iter().find(|o| o.method == Method::Get && o.path == update.path);
            if let Some(ResponseBody::Json(TypeRef::Named(from))) = read.map(|o| &o.response.body) {
                pair(product, *from, *to, &mut pairs);
            }
        }
    }
    // A pair whose request needs a value the answer may not have does not convert, and neither
    // does a field of its type in another pair: drop them until every pair converts.
    loop {
        let planned: Vec<Conversion> =
            pairs.iter().filter_map(|&(from, to)| fields(product, from, to, &pairs)).collect();
        if planned.len() == pairs.len() {
            return planned;
        }
        pairs = planned.iter().map(|c| (c.from, c.to)).collect();
    }
}

/// Adds `(from, to)` and the pairs of their fields' struct types.
fn pair(product: &Product, from: TypeId, to: TypeId, pairs: &mut BTreeSet<(TypeId, TypeId)>) {
    let (Some(a), Some(b)) = (as_struct(product, from), as_struct(product, to)) else { return };
    // A request type that Zoom also sends lives where the answer's module can reach it; a master
    // answer is out of reach of a regular request type.
    let reachable = product.ty(from).home == product.ty(to).home || product.ty(from).home == Home::Rest;
    if from == to || !reachable || !pairs.insert((from, to)) {
        return;
    }
    for fb in &b.fields {
        if let Some(fa) = a.fields.iter().find(|f| f.name == fb.name)
            && let Some((x, y)) = element_types(&fa.ty, &fb.ty)
        {
            pair(product, x, y, pairs);
        }
    }
}

fn as_struct(product: &Product, id: TypeId) -> Option<&Struct> {
    match &product.ty(id).kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// The named types of two fields, or of their arrays' items.
fn element_types(a: &TypeRef, b: &TypeRef) -> Option<(TypeId, TypeId)> {
    match (a, b) {
        (TypeRef::Named(x), TypeRef::Named(y)) => Some((*x, *y)),
        (TypeRef::Array(x), TypeRef::Array(y)) => element_types(x, y),
        _ => None,
    }
}

/// How a value of type `a` becomes one of type `b`; `None` when it does not.
fn convert(a: &TypeRef, b: &TypeRef, pairs: &BTreeSet<(TypeId, TypeId)>) -> Option<Convert> {
    if a == b {
        return Some(Convert::Same);
    }
    match (a, b) {
        (TypeRef::Named(x), TypeRef::Named(y)) if pairs.contains(&(*x, *y)) => Some(Convert::Into),
        (TypeRef::Array(x), TypeRef::Array(y)) => Some(Convert::Each(Box::new(convert(x, y, pairs)?))),
        _ => None,
    }
}

/// The conversion of `from` into `to`; `None` when a field the request needs may be missing.
fn fields(product: &Product, from: TypeId, to: TypeId, pairs: &BTreeSet<(TypeId, TypeId)>) -> Option<Conversion> {
    let (a, b) = (as_struct(product, from)?, as_struct(product, to)?);
    let (read_a, read_b) = (product.ty(from).is_read(), product.ty(to).is_read());
    let mut out = Conversion { from, to, fields: Vec::new(), dropped: Vec::new(), unset: Vec::new() };
    for fb in &b.fields {
        let shape_b = product.shape(read_b, fb);
        let moved = a.fields.iter().find(|f| f.name == fb.name).and_then(|fa| {
            let carry = match (product.shape(read_a, fa), shape_b) {
                (Shape::Option, Shape::Option) => Carry::Inside,
                (Shape::Plain, Shape::Option) => Carry::IntoSome,
                (Shape::Plain, Shape::Plain) => Carry::Plain,
                (Shape::Option, Shape::Plain) => return None,
            };
            let convert = convert(&fa.ty, &fb.ty, pairs)?;
            Some(FieldValue::Moved { from: fa.ident.clone(), carry, convert })
        });
        let value = match (moved, shape_b) {
            (Some(value), _) => value,
            (None, Shape::Option) => {
                out.unset.push(fb.name.clone());
                FieldValue::Unset
            }
            // A required object of a type Zoom also sends is empty when absent.
            (None, Shape::Plain) if read_b => {
                out.unset.push(fb.name.clone());
                FieldValue::Empty
            }
            (None, Shape::Plain) => return None,
        };
        out.fields.push((fb.ident.clone(), value));
    }
    out.dropped =
        a.fields.iter().filter(|fa| !b.fields.iter().any(|fb| fb.name == fa.name)).map(|f| f.name.clone()).collect();
    Some(out)
}
