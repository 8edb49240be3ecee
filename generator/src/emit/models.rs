//! The `types` module of a product: one Rust type per named IR type, with its JSON conversion.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::context::{Ctx, ident};
use super::docs::{doc_attrs, markdown};
use crate::ir::{EnumLiteral, EnumRepr, Field, Origin, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union, Variant};
use crate::lower::UNKNOWN_VARIANT;

/// How many origins a type's docs list before summarising the rest.
const ORIGINS_LISTED: usize = 3;

/// The body of `<product>[::master]::types`, or `None` when no type lives there.
pub fn types_module(ctx: &Ctx, multipart: &BTreeSet<TypeId>) -> Option<TokenStream> {
    let home = ctx.home();
    let mut ids: Vec<TypeId> =
        (0..ctx.product.types.len()).map(TypeId).filter(|id| ctx.product.ty(*id).home == home).collect();
    if ids.is_empty() {
        return None;
    }
    ids.sort_by(|a, b| ctx.product.ty(*a).name.cmp(&ctx.product.ty(*b).name));
    let rt = &ctx.rt;
    let mut items = TokenStream::new();
    let mut serde_types = Vec::new();
    for id in &ids {
        let def = ctx.product.ty(*id);
        items.extend(match &def.kind {
            TypeKind::Struct(s) => struct_item(ctx, def, s, multipart.contains(id)),
            TypeKind::Enum(e) => enum_item(ctx, def, e),
            TypeKind::Union(u) => union_item(ctx, def, u),
        });
        if !matches!(def.kind, TypeKind::Enum(_)) {
            serde_types.push(ident(&def.name));
        }
    }
    let imports = ctx.type_imports();
    // Assembled by moving, not interpolating: `quote!` would copy the whole module's tokens.
    let mut module = quote! {
        #![allow(clippy::large_enum_variant, clippy::too_many_arguments)]
        #imports
        use #rt::json::{self, DecodeError, FromJson, JsonObject, ToJson, Value};
    };
    module.extend(items);
    if !serde_types.is_empty() {
        module.extend(quote!(#rt::__json_serde!(#(#serde_types),*);));
    }
    Some(module)
}

/// `listMeetings` response `.meetings[]`, `getUser` (master) param `type`.
fn origin_label(o: &Origin) -> String {
    let master = if o.variant == Variant::Master { " (master)" } else { "" };
    let split = o.path.find(['.', '[', '<', '{']).unwrap_or(o.path.len());
    let (root, rest) = o.path.split_at(split);
    let root = match root.strip_prefix("param.") {
        Some(name) => format!("parameter `{name}`"),
        None => root.to_owned(),
    };
    let rest = if rest.is_empty() { String::new() } else { format!(" `{rest}`") };
    format!("`{}`{master} {root}{rest}", o.operation)
}

fn type_docs(def: &TypeDef) -> TokenStream {
    let mut paragraphs = Vec::new();
    if let Some(d) = &def.description {
        paragraphs.push(markdown(d));
    }
    let mut used: Vec<String> = def.origins.iter().take(ORIGINS_LISTED).map(origin_label).collect();
    if def.origins.len() > ORIGINS_LISTED {
        used.push(format!("and {} more", def.origins.len() - ORIGINS_LISTED));
    }
    paragraphs.push(format!("Schema of {}.", used.join(", ")));
    doc_attrs(&paragraphs)
}

/// The unknown-fields map's name: `extra`, unless a property took it.
pub fn extra_ident(s: &Struct) -> String {
    let mut name = "extra".to_owned();
    while s.fields.iter().any(|f| f.ident == name) {
        name.push('_');
    }
    name
}

/// A field is `Option` unless it is required and cannot be null.
pub fn is_optional(f: &Field) -> bool {
    !f.required || f.nullable
}

fn struct_item(ctx: &Ctx, def: &TypeDef, s: &Struct, multipart: bool) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let extra = ident(&extra_ident(s));
    let mut fields = TokenStream::new();
    let mut decode = TokenStream::new();
    let mut encode = TokenStream::new();
    let mut new_args = Vec::new();
    let mut new_fields = Vec::new();
    for f in &s.fields {
        let field = ident(&f.ident);
        let wire = &f.name;
        let ty = ctx.rust_type(&f.ty);
        let mut paragraphs = Vec::new();
        if let Some(d) = &f.description {
            paragraphs.push(markdown(d));
        }
        if f.ident != f.name {
            paragraphs.push(format!("JSON: `{wire}`."));
        }
        if f.deprecated {
            paragraphs.push("**Deprecated** by Zoom.".to_owned());
        }
        let field_docs = doc_attrs(&paragraphs);
        if is_optional(f) {
            fields.extend(quote! { #field_docs pub #field: Option<#ty>, });
            decode.extend(quote! { #field: json::optional(&mut object, #wire)?, });
            if f.required {
                encode.extend(quote! { json::put(&mut object, #wire, &self.#field); });
            } else {
                encode.extend(quote! { json::put_optional(&mut object, #wire, &self.#field); });
            }
            new_fields.push(quote!(#field: None));
        } else {
            fields.extend(quote! { #field_docs pub #field: #ty, });
            decode.extend(quote! { #field: json::required(&mut object, #wire)?, });
            encode.extend(quote! { json::put(&mut object, #wire, &self.#field); });
            new_args.push(quote!(#field: #ty));
            new_fields.push(quote!(#field));
        }
    }
    let has_required = !new_args.is_empty();
    let derive = if has_required {
        quote!(#[derive(Debug, Clone, PartialEq)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq, Default)])
    };
    let constructor = if has_required {
        quote! {
            impl #name {
                /// A value with the required fields set and every optional field empty.
                pub fn new(#(#new_args),*) -> Self {
                    Self { #(#new_fields,)* #extra: JsonObject::new() }
                }
            }
        }
    } else {
        quote!()
    };
    let multipart_impl = if multipart { multipart_item(ctx, def, s) } else { quote!() };
    quote! {
        #docs
        #derive
        pub struct #name {
            #fields
            /// Fields this version of the crate does not know, kept as Zoom sent them and written back unchanged.
            pub #extra: JsonObject,
        }
        #constructor
        impl FromJson for #name {
            fn from_json(value: Value) -> Result<Self, DecodeError> {
                let mut object = json::object(value)?;
                Ok(Self { #decode #extra: object })
            }
        }
        impl ToJson for #name {
            fn to_json(&self) -> Value {
                let mut object = self.#extra.clone();
                #encode
                Value::Object(object)
            }
        }
        #multipart_impl
    }
}

fn multipart_item(ctx: &Ctx, def: &TypeDef, s: &Struct) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&def.name);
    let extra = ident(&extra_ident(s));
    let mut parts = TokenStream::new();
    for f in &s.fields {
        let field = ident(&f.ident);
        let wire = &f.name;
        let add = match &f.ty {
            TypeRef::Binary => quote!(form.file(#wire, value)),
            TypeRef::Array(inner) if **inner == TypeRef::Binary => quote!(for file in value { form.file(#wire, file) }),
            _ => quote!(form.field(#wire, value)),
        };
        parts.extend(if is_optional(f) {
            quote! { if let Some(value) = &self.#field { #add; } }
        } else {
            quote! { let value = &self.#field; #add; }
        });
    }
    quote! {
        impl #rt::multipart::ToMultipart for #name {
            fn to_multipart(&self) -> #rt::multipart::Multipart {
                let mut form = #rt::multipart::Multipart::new();
                #parts
                form.extra(&self.#extra);
                form
            }
        }
    }
}

fn enum_item(ctx: &Ctx, def: &TypeDef, e: &crate::ir::Enum) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&def.name);
    let docs = type_docs(def);
    let unknown = ident(UNKNOWN_VARIANT);
    let mut variants = TokenStream::new();
    let mut to_value = TokenStream::new();
    let mut from_value = TokenStream::new();
    for v in &e.values {
        let variant = ident(&v.ident);
        let (shown, literal) = match &v.value {
            EnumLiteral::String(s) => (format!("`{s:?}`"), Literal::string(s)),
            EnumLiteral::Integer(n) => (format!("`{n}`"), Literal::i64_unsuffixed(*n)),
        };
        let shown = match &v.description {
            Some(d) => format!("{shown}: {}", markdown(d)),
            None => shown,
        };
        let vdocs = doc_attrs(&[shown]);
        variants.extend(quote! { #vdocs #variant, });
        to_value.extend(quote! { Self::#variant => #literal, });
        from_value.extend(quote! { #literal => Self::#variant, });
    }
    match e.repr {
        EnumRepr::String => quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #variants
                /// A value Zoom's documents do not list, as Zoom sent it.
                #unknown(String),
            }
            impl #name {
                /// The value as Zoom writes it.
                pub fn as_str(&self) -> &str {
                    match self { #to_value Self::#unknown(value) => value }
                }
            }
            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value { #from_value _ => Self::#unknown(value.to_owned()) }
                }
            }
            #rt::__string_enum!(#name);
        },
        EnumRepr::Integer => quote! {
            #docs
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #variants
                /// A value Zoom's documents do not list, as Zoom sent it.
                #unknown(i64),
            }
            impl #name {
                /// The value as Zoom writes it.
                pub fn as_i64(&self) -> i64 {
                    match self { #to_value Self::#unknown(value) => *value }
                }
            }
            impl From<i64> for #name {
                fn from(value: i64) -> Self {
                    match value { #from_value _ => Self::#unknown(value) }
                }
            }
            #rt::__integer_enum!(#name);
        },
    }
}

fn union_item(ctx: &Ctx, def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let mut variants = TokenStream::new();
    let mut decode = TokenStream::new();
    let mut encode = TokenStream::new();
    let mut kinds = Vec::new();
    let has_integer = u.variants.iter().any(|v| v.ident == "Integer");
    for v in &u.variants {
        let variant = ident(&v.ident);
        let ty = ctx.rust_type(&v.ty);
        variants.extend(quote! { #variant(#ty), });
        let (pattern, kind) = match v.ident.as_str() {
            "Bool" => (quote!(Value::Bool(_)), "a boolean"),
            "Integer" => (quote!(Value::Number(n) if n.is_i64() || n.is_u64()), "an integer"),
            "Number" if has_integer => (quote!(Value::Number(_)), "a number"),
            "Number" => (quote!(Value::Number(_)), "a number"),
            "String" => (quote!(Value::String(_)), "a string"),
            "Array" => (quote!(Value::Array(_)), "an array"),
            _ => (quote!(Value::Object(_)), "an object"),
        };
        kinds.push(kind);
        decode.extend(quote! { #pattern => FromJson::from_json(value).map(Self::#variant), });
        encode.extend(quote! { Self::#variant(value) => value.to_json(), });
    }
    let expected = match kinds.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => kinds.join(""),
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #variants }
        impl FromJson for #name {
            fn from_json(value: Value) -> Result<Self, DecodeError> {
                match &value {
                    #decode
                    _ => Err(json::expected(#expected, &value)),
                }
            }
        }
        impl ToJson for #name {
            fn to_json(&self) -> Value {
                match self { #encode }
            }
        }
    }
}
