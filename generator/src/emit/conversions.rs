//! Read → modify → update: `From` an answer type into the request type that updates the same
//! object. For each update (`PATCH` or `PUT`) whose path Zoom also reads (`GET`), the answer
//! converts into the update's body, and so do the fields of the two that are again two different
//! structs (`settings`, `recurrence` where they differ). Fields both have are moved across; fields
//! only the answer has (set by Zoom: `id`, `created_at`, and what this crate does not know, kept in
//! `extra`) are not sent; fields only the request has are left unset.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::context::{Ctx, ident};
use super::docs::doc_attrs;
use super::models::{Shape, extra_ident, shape};
use crate::ir::{Body, BodyMedia, Home, Method, Product, ResponseBody, Struct, TypeId, TypeKind, TypeRef};

/// The (answer, request) struct pairs that convert, in the order of their ids.
pub fn update_pairs(ctx: &Ctx) -> BTreeSet<(TypeId, TypeId)> {
    let product = ctx.product;
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
        let converting: BTreeSet<_> =
            pairs.iter().copied().filter(|&(from, to)| fields(ctx, from, to, &pairs).is_some()).collect();
        if converting.len() == pairs.len() {
            return pairs;
        }
        pairs = converting;
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

/// How a value of type `a` becomes one of type `b`, `value` being the expression: itself, an
/// `into()`, or an `into()` of each item. `None` when it does not.
fn convert(a: &TypeRef, b: &TypeRef, value: TokenStream, pairs: &BTreeSet<(TypeId, TypeId)>) -> Option<TokenStream> {
    if a == b {
        return Some(value);
    }
    match (a, b) {
        (TypeRef::Named(x), TypeRef::Named(y)) if pairs.contains(&(*x, *y)) => Some(quote!(#value.into())),
        (TypeRef::Array(x), TypeRef::Array(y)) => {
            let each = convert(x, y, quote!(item), pairs)?;
            Some(quote!(#value.into_iter().map(|item| #each).collect()))
        }
        _ => None,
    }
}

/// What a conversion does with each field.
struct Fields {
    /// Every field of the request type and its value.
    values: Vec<(String, TokenStream)>,
    /// Fields of the answer the request does not send.
    dropped: Vec<String>,
    /// Fields of the request the answer has nothing for, or nothing of a type that converts.
    unset: Vec<String>,
}

/// The fields of `to` from a `read: from`; `None` when a field the request needs may be missing.
fn fields(ctx: &Ctx, from: TypeId, to: TypeId, pairs: &BTreeSet<(TypeId, TypeId)>) -> Option<Fields> {
    let (a, b) = (as_struct(ctx.product, from)?, as_struct(ctx.product, to)?);
    let (read_a, read_b) = (ctx.product.ty(from).is_read(), ctx.product.ty(to).is_read());
    let mut out = Fields { values: Vec::new(), dropped: Vec::new(), unset: Vec::new() };
    for fb in &b.fields {
        let shape_b = shape(ctx, read_b, fb);
        let source = a.fields.iter().find(|f| f.name == fb.name).and_then(|fa| {
            let field_a = ident(&fa.ident);
            match (shape(ctx, read_a, fa), shape_b) {
                (Shape::Option, Shape::Option) if fa.ty == fb.ty => Some(quote!(read.#field_a)),
                (Shape::Option, Shape::Option) => match (&fa.ty, &fb.ty) {
                    (TypeRef::Named(x), TypeRef::Named(y)) if pairs.contains(&(*x, *y)) => {
                        Some(quote!(read.#field_a.map(Into::into)))
                    }
                    _ => {
                        let each = convert(&fa.ty, &fb.ty, quote!(value), pairs)?;
                        Some(quote!(read.#field_a.map(|value| #each)))
                    }
                },
                (Shape::Plain, Shape::Option) => {
                    let value = convert(&fa.ty, &fb.ty, quote!(read.#field_a), pairs)?;
                    Some(quote!(Some(#value)))
                }
                (Shape::Plain, Shape::Plain) => convert(&fa.ty, &fb.ty, quote!(read.#field_a), pairs),
                (Shape::Option, Shape::Plain) => None,
            }
        });
        let value = match (source, shape_b) {
            (Some(value), _) => value,
            (None, Shape::Option) => {
                out.unset.push(fb.name.clone());
                quote!(None)
            }
            // A required object of a type Zoom also sends is empty when absent.
            (None, Shape::Plain) if read_b => {
                out.unset.push(fb.name.clone());
                quote!(Default::default())
            }
            (None, Shape::Plain) => return None,
        };
        out.values.push((fb.ident.clone(), value));
    }
    out.dropped =
        a.fields.iter().filter(|fa| !b.fields.iter().any(|fb| fb.name == fa.name)).map(|f| f.name.clone()).collect();
    Some(out)
}

/// `impl From<answer> for request` for every pair whose request type lives in this module.
pub fn conversion_items(ctx: &Ctx, pairs: &BTreeSet<(TypeId, TypeId)>) -> syn::Result<Vec<syn::Item>> {
    let mut items = Vec::new();
    for &(from, to) in pairs {
        if ctx.product.ty(to).home != ctx.home() {
            continue;
        }
        let Some(plan) = fields(ctx, from, to, pairs).filter(|p| p.unset.len() < p.values.len()) else { continue };
        let Some(b) = as_struct(ctx.product, to) else { continue };
        let (from_ty, to_ty) = (ctx.rust_type(&TypeRef::Named(from)), ident(&ctx.product.ty(to).name));
        let from_name = from_ty.to_string().replace(' ', "");
        let to_name = &ctx.product.ty(to).name;
        let mut paragraphs =
            vec![format!("Read → modify → update: the fields [`{from_name}`] and [`{to_name}`] share, moved across.")];
        let listed = |names: &[String]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        if !plan.dropped.is_empty() {
            paragraphs.push(format!("Not sent (only Zoom sets them): {}.", listed(&plan.dropped)));
        }
        if !plan.unset.is_empty() {
            paragraphs.push(format!("Left unset: {}.", listed(&plan.unset)));
        }
        paragraphs.push("Fields this crate does not know (`extra`) are not sent either.".to_owned());
        let docs = doc_attrs(&paragraphs);
        let names = plan.values.iter().map(|(name, _)| ident(name));
        let values = plan.values.iter().map(|(_, value)| value);
        let extra = ident(&extra_ident(b));
        items.push(syn::parse2(quote! {
            #docs
            impl From<#from_ty> for #to_ty {
                fn from(read: #from_ty) -> Self {
                    #to_ty { #(#names: #values,)* #extra: Default::default() }
                }
            }
        })?);
    }
    Ok(items)
}
