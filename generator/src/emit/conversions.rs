//! `impl From<answer> for request` for each [`Conversion`] lowering planned (read → modify →
//! update; see `lower::conversions`).

use proc_macro2::TokenStream;
use quote::quote;

use super::context::{Ctx, ident};
use super::docs::doc_attrs;
use super::models::extra_ident;
use crate::ir::{Carry, Convert, FieldValue, TypeKind, TypeRef};

/// `value` converted as `convert` says: itself, an `into()`, or an `into()` of each item.
fn converted(convert: &Convert, value: TokenStream) -> TokenStream {
    match convert {
        Convert::Same => value,
        Convert::Into => quote!(#value.into()),
        Convert::Each(each) => {
            let each = converted(each, quote!(item));
            quote!(#value.into_iter().map(|item| #each).collect())
        }
    }
}

fn value(field: &FieldValue) -> TokenStream {
    match field {
        FieldValue::Unset => quote!(None),
        FieldValue::Empty => quote!(Default::default()),
        FieldValue::Moved { from, carry, convert } => {
            let from = ident(from);
            match (carry, convert) {
                (Carry::Plain, _) => converted(convert, quote!(read.#from)),
                (Carry::IntoSome, _) => {
                    let value = converted(convert, quote!(read.#from));
                    quote!(Some(#value))
                }
                (Carry::Inside, Convert::Same) => quote!(read.#from),
                (Carry::Inside, Convert::Into) => quote!(read.#from.map(Into::into)),
                (Carry::Inside, _) => {
                    let each = converted(convert, quote!(value));
                    quote!(read.#from.map(|value| #each))
                }
            }
        }
    }
}

/// The conversions whose request type lives in this module.
pub fn conversion_items(ctx: &Ctx) -> syn::Result<Vec<syn::Item>> {
    let mut items = Vec::new();
    for conversion in ctx.product.conversions.iter().filter(|c| ctx.product.ty(c.to).home == ctx.home()) {
        let (from, to) = (conversion.from, conversion.to);
        let TypeKind::Struct(b) = &ctx.product.ty(to).kind else { continue };
        let (from_ty, to_ty) = (ctx.rust_type(&TypeRef::Named(from)), ident(&ctx.product.ty(to).name));
        let from_name = from_ty.to_string().replace(' ', "");
        let to_name = &ctx.product.ty(to).name;
        let mut paragraphs =
            vec![format!("Read → modify → update: the fields [`{from_name}`] and [`{to_name}`] share, moved across.")];
        let listed = |names: &[String]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        if !conversion.dropped.is_empty() {
            paragraphs.push(format!("Not sent (only Zoom sets them): {}.", listed(&conversion.dropped)));
        }
        if !conversion.unset.is_empty() {
            paragraphs.push(format!("Left unset: {}.", listed(&conversion.unset)));
        }
        paragraphs.push("Fields this crate does not know (`extra`) are not sent either.".to_owned());
        let docs = doc_attrs(&paragraphs);
        let names = conversion.fields.iter().map(|(name, _)| ident(name));
        let values = conversion.fields.iter().map(|(_, field)| value(field));
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
