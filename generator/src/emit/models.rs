//! The `types` module of a product: one Rust type per named IR type, with its JSON conversion.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::context::{Ctx, ident};
use super::conversions;
use super::docs::{doc_attrs, doc_lines, markdown};
use super::product::handle_name;
use super::templates;
use crate::ir::{
    EnumLiteral, EnumRepr, Field, Home, Origin, PageStream, Shape, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union,
    Variant,
};
use crate::lower::UNKNOWN_VARIANT;

/// How many origins a type's docs list before summarising the rest.
const ORIGINS_LISTED: usize = 3;

/// `<product>[::master]::types`, or `None` when no type lives there. `pages` are the response
/// types of paginated operations with a stream, each with its items field and type.
///
/// With `gate` (inside zoom-client), types that only webhook events use exist only with the
/// `webhooks` feature: they are about half of a product's types, and an application that only
/// calls the API should not compile them.
pub fn types_module(
    ctx: &Ctx,
    multipart: &BTreeSet<TypeId>,
    pages: &BTreeMap<TypeId, &PageStream>,
    gate: bool,
) -> Option<syn::Result<syn::File>> {
    let home = ctx.home();
    let mut ids: Vec<TypeId> =
        (0..ctx.product.types.len()).map(TypeId).filter(|id| ctx.product.ty(*id).home == home).collect();
    if ids.is_empty() {
        return None;
    }
    ids.sort_by(|a, b| ctx.product.ty(*a).name.cmp(&ctx.product.ty(*b).name));
    Some(build_types_module(ctx, multipart, pages, &ids, gate))
}

fn build_types_module(
    ctx: &Ctx,
    multipart: &BTreeSet<TypeId>,
    pages: &BTreeMap<TypeId, &PageStream>,
    ids: &[TypeId],
    gate: bool,
) -> syn::Result<syn::File> {
    let rt = &ctx.rt;
    let mut items: Vec<syn::Item> = Vec::new();
    let mut serde_types = Vec::new();
    let mut event_serde_types = Vec::new();
    let webhooks_only: syn::Attribute = syn::parse_quote!(#[cfg(feature = "webhooks")]);
    for id in ids {
        let def = ctx.product.ty(*id);
        let event_only = gate && def.origins.iter().all(|o| o.variant == Variant::Webhooks);
        let first = items.len();
        match &def.kind {
            TypeKind::Struct(s) => {
                struct_items(ctx, def, s, multipart.contains(id), &mut items)?;
                if let Some(stream) = pages.get(id) {
                    items.push(syn::parse2(page_impl(ctx, def, s, stream))?);
                }
            }
            TypeKind::Enum(e) => items.extend(syn::parse2::<syn::File>(enum_item(ctx, def, e))?.items),
            TypeKind::Union(u) => items.extend(syn::parse2::<syn::File>(union_item(ctx, def, u))?.items),
        }
        if event_only {
            for item in &mut items[first..] {
                add_attr(item, &webhooks_only)?;
            }
        }
        if !matches!(def.kind, TypeKind::Enum(_)) {
            if event_only { &mut event_serde_types } else { &mut serde_types }.push(ident(&def.name));
        }
    }
    items.extend(conversions::conversion_items(ctx)?);
    let imports = ctx.type_imports();
    // Variants are Zoom's values and a type may be named after its field, so a variant may
    // repeat the enum's name (`Recorded::NonRecorded`).
    let mut module: syn::File = syn::parse2(quote! {
        #![allow(clippy::large_enum_variant, clippy::too_many_arguments, clippy::enum_variant_names)]
        #imports
        use #rt::json::{self, DecodeError, FromJson, JsonObject, ToJson, Value};
    })?;
    module.items.extend(items);
    if !serde_types.is_empty() {
        module.items.push(syn::parse2(quote!(#rt::__json_serde!(#(#serde_types),*);))?);
    }
    if !event_serde_types.is_empty() {
        module.items.push(syn::parse2(quote!(#webhooks_only #rt::__json_serde!(#(#event_serde_types),*);))?);
    }
    Ok(module)
}

/// Puts `attr` first on one of the items a type emits.
fn add_attr(item: &mut syn::Item, attr: &syn::Attribute) -> syn::Result<()> {
    let attrs = match item {
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Macro(i) => &mut i.attrs,
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        other => return Err(syn::Error::new_spanned(other, "a type emitted an item that cannot be gated")),
    };
    attrs.insert(0, attr.clone());
    Ok(())
}

/// `listMeetings` response `.meetings[]`, `getUser` (master) param `type`; the operation is its
/// method, linked, where the method's handle is in reach of the type (same home).
fn origin_label(ctx: &Ctx, def: &TypeDef, o: &Origin) -> String {
    let split = o.path.find(['.', '[', '<', '{']).unwrap_or(o.path.len());
    let (root, rest) = o.path.split_at(split);
    let root = match root.strip_prefix("param.") {
        Some(name) => format!("parameter `{name}`"),
        None => root.to_owned(),
    };
    let rest = if rest.is_empty() { String::new() } else { format!(" `{rest}`") };
    let home = match o.variant {
        Variant::Rest => Some(Home::Rest),
        Variant::Master => Some(Home::Master),
        Variant::Webhooks => None,
    };
    let method = home.filter(|h| *h == def.home).and_then(|h| {
        let surface = ctx.product.surfaces().find(|s| s.variant == o.variant)?;
        let op = surface.operations.iter().find(|op| {
            op.id == o.operation || o.operation.split_once(':') == Some((op.method.as_str(), op.path.as_str()))
        })?;
        Some(format!("[`{}`](super::{}::{})", op.name, handle_name(ctx.product, h), op.name))
    });
    match method {
        Some(method) => format!("{method} {root}{rest}"),
        None => {
            let master = if o.variant == Variant::Master { " (master)" } else { "" };
            format!("`{}`{master} {root}{rest}", o.operation)
        }
    }
}

fn type_docs(ctx: &Ctx, def: &TypeDef) -> Vec<String> {
    let mut paragraphs = Vec::new();
    if let Some(d) = &def.description {
        paragraphs.push(markdown(d));
    }
    let mut used: Vec<String> = def.origins.iter().take(ORIGINS_LISTED).map(|o| origin_label(ctx, def, o)).collect();
    if def.origins.len() > ORIGINS_LISTED {
        used.push(format!("and {} more", def.origins.len() - ORIGINS_LISTED));
    }
    paragraphs.push(format!("Schema of {}.", used.join(", ")));
    paragraphs
}

/// The unknown-fields map's name: `extra`, unless a property took it.
pub fn extra_ident(s: &Struct) -> String {
    let mut name = "extra".to_owned();
    while s.fields.iter().any(|f| f.ident == name) {
        name.push('_');
    }
    name
}

/// How a field is declared ([`Product::shape`](crate::ir::Product::shape)).
pub fn shape(ctx: &Ctx, read: bool, f: &Field) -> Shape {
    ctx.product.shape(read, f)
}

/// How a field is read and written, from its shape and its type's direction.
fn field_io(read: bool, f: &Field, shape: Shape) -> (templates::Read, templates::Write) {
    use templates::{Expect, Read, Write};
    if !read {
        let write = if f.required { Write::Always } else { Write::Optional };
        return (Read::Strict { required: shape == Shape::Plain }, write);
    }
    let required = match (f.required, shape) {
        (false, _) => Expect::No,
        (true, Shape::Option) => Expect::Option,
        (true, Shape::Plain) => Expect::Object,
    };
    let write = match required {
        Expect::Object => Write::Object,
        // A required field that may be null is written as `null` when `None`.
        Expect::Option if f.nullable => Write::Always,
        _ => Write::Optional,
    };
    // A value of any JSON kind may be `null` as well.
    let nullable = f.nullable || f.ty == TypeRef::Any;
    (Read::Tolerant { nullable, required }, write)
}

/// A struct, its constructor and its JSON (and multipart) conversions. The struct and its
/// conversions are built from templates (see `templates`); the rarer items go through tokens.
fn struct_items(ctx: &Ctx, def: &TypeDef, s: &Struct, multipart: bool, out: &mut Vec<syn::Item>) -> syn::Result<()> {
    let name = ident(&def.name);
    let read = def.is_read();
    let extra_name = extra_ident(s);
    let extra = ident(&extra_name);
    let mut fields = Vec::with_capacity(s.fields.len());
    let mut new_args = Vec::new();
    let mut new_fields = Vec::new();
    for f in &s.fields {
        let field = ident(&f.ident);
        let ty = ctx.rust_type(&f.ty);
        let mut paragraphs = Vec::new();
        if let Some(d) = &f.description {
            paragraphs.push(markdown(d));
        }
        if f.ident != f.name {
            paragraphs.push(format!("JSON: `{}`.", f.name));
        }
        if f.deprecated {
            paragraphs.push("**Deprecated** by Zoom.".to_owned());
        }
        let shape = shape(ctx, read, f);
        if read && f.required && !f.nullable {
            paragraphs.push(match shape {
                Shape::Option => "Required by Zoom's document: `None` only when Zoom left it out.".to_owned(),
                Shape::Plain => "Required by Zoom's document: empty when Zoom left it out.".to_owned(),
            });
        }
        let (decode, encode) = field_io(read, f, shape);
        let declared = if shape == Shape::Option { quote!(Option<#ty>) } else { ty.clone() };
        match shape {
            Shape::Option => new_fields.push(quote!(#field: None)),
            // A required object of a type Zoom sends is empty by default.
            Shape::Plain if read => new_fields.push(quote!(#field: Default::default())),
            Shape::Plain => {
                new_args.push(quote!(#field: #ty));
                new_fields.push(quote!(#field));
            }
        }
        fields.push(templates::StructField {
            ident: &f.ident,
            wire: &f.name,
            ty: templates::ty(&declared)?,
            docs: templates::doc_attrs(&doc_lines(&paragraphs)),
            read: decode,
            write: encode,
        });
    }
    let mut attrs = templates::doc_attrs(&doc_lines(&type_docs(ctx, def)));
    let has_required = !new_args.is_empty();
    attrs.push(if has_required {
        syn::parse_quote!(#[derive(Debug, Clone, PartialEq)])
    } else {
        syn::parse_quote!(#[derive(Debug, Clone, PartialEq, Default)])
    });
    if def.is_non_exhaustive() {
        attrs.push(syn::parse_quote!(#[non_exhaustive]));
    }
    let extra_docs = templates::doc_attrs(&doc_lines(&[if read {
        "Fields this version of the crate does not know, and values that did not fit their field, kept as Zoom sent them and written back unchanged.".to_owned()
    } else {
        "Fields this version of the crate does not know, kept as Zoom sent them and written back unchanged.".to_owned()
    }]));
    out.push(syn::Item::Struct(templates::struct_item(attrs, &def.name, &fields, &extra_name, extra_docs)));
    if has_required {
        out.push(syn::parse2(quote! {
            impl #name {
                /// A value with the required fields set and every optional field empty.
                pub fn new(#(#new_args),*) -> Self {
                    Self { #(#new_fields,)* #extra: JsonObject::new() }
                }
            }
        })?);
    }
    out.push(syn::Item::Impl(templates::from_json(&def.name, &fields, &extra_name)));
    out.push(syn::Item::Impl(templates::to_json(&def.name, &fields, &extra_name)));
    if multipart {
        out.push(syn::parse2(multipart_item(ctx, def, s))?);
    }
    Ok(())
}

/// `impl Page`: where a page's cursor and items are. Accessors for fields the type lacks keep
/// the trait's defaults (`None`).
fn page_impl(ctx: &Ctx, def: &TypeDef, s: &Struct, stream: &PageStream) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&def.name);
    let item = ctx.rust_type(&stream.item);
    let read = def.is_read();
    let field = |wire: &str, ty: &TypeRef| s.fields.iter().find(|f| f.name == wire && f.ty == *ty);
    let mut methods = TokenStream::new();
    if let Some(f) = field("next_page_token", &TypeRef::String) {
        let id = ident(&f.ident);
        let get =
            if shape(ctx, read, f) == Shape::Option { quote!(self.#id.as_deref()) } else { quote!(Some(&self.#id)) };
        methods.extend(quote!(#[inline] fn next_page_token(&self) -> Option<&str> { #get }));
    }
    for (wire, method) in [("page_number", quote!(page_number)), ("page_count", quote!(page_count))] {
        if let Some(f) = field(wire, &TypeRef::Integer) {
            let id = ident(&f.ident);
            let get = if shape(ctx, read, f) == Shape::Option { quote!(self.#id) } else { quote!(Some(self.#id)) };
            methods.extend(quote!(#[inline] fn #method(&self) -> Option<i64> { #get }));
        }
    }
    let items = s.fields.iter().find(|f| f.name == stream.items).expect("the items field is one of the type's");
    let id = ident(&items.ident);
    let (borrow, take) = if shape(ctx, read, items) == Shape::Option {
        (quote!(self.#id.as_deref().unwrap_or_default()), quote!(self.#id.unwrap_or_default()))
    } else {
        (quote!(&self.#id), quote!(self.#id))
    };
    quote! {
        impl #rt::paginate::Page for #name {
            type Item = #item;
            #methods
            #[inline]
            fn items(&self) -> &[Self::Item] { #borrow }
            #[inline]
            fn into_items(self) -> Vec<Self::Item> { #take }
        }
    }
}

fn multipart_item(ctx: &Ctx, def: &TypeDef, s: &Struct) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&def.name);
    let extra = ident(&extra_ident(s));
    let read = def.is_read();
    let mut parts = TokenStream::new();
    for f in &s.fields {
        let field = ident(&f.ident);
        let wire = &f.name;
        let add = match &f.ty {
            TypeRef::Binary => quote!(form.file(#wire, value)),
            TypeRef::Array(inner) if **inner == TypeRef::Binary => quote!(for file in value { form.file(#wire, file) }),
            _ => quote!(form.field(#wire, value)),
        };
        parts.extend(if shape(ctx, read, f) == Shape::Option {
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
    let docs = doc_attrs(&type_docs(ctx, def));
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
    let docs = doc_attrs(&type_docs(ctx, def));
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
            "Bool" => (quote!(json::Kind::Bool), "a boolean"),
            "Integer" => (quote!(json::Kind::Integer), "an integer"),
            "Number" if has_integer => (quote!(json::Kind::Number), "a number"),
            "Number" => (quote!(json::Kind::Integer | json::Kind::Number), "a number"),
            "String" => (quote!(json::Kind::String), "a string"),
            "Array" => (quote!(json::Kind::Array), "an array"),
            _ => (quote!(json::Kind::Object), "an object"),
        };
        kinds.push(kind);
        decode.extend(quote! { #pattern => FromJson::decode(de).map(Self::#variant), });
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
            fn decode(de: &mut json::Decoder<'_>) -> Result<Self, DecodeError> {
                match de.kind()? {
                    #decode
                    kind => Err(json::expected(#expected, kind)),
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
