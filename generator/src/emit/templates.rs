//! Struct items built by filling templates that are parsed once per thread, instead of printing
//! tokens and having syn parse them back. The types modules are two thirds of the output, and
//! parsing them was where regen spent most of its time (BENCHMARKS.md).
//!
//! A template is ordinary Rust with placeholders: `__Name` (an identifier), `"__key"` (a string
//! literal), `__Type` (a type), and a `__fields` entry in a struct or struct expression that
//! stands for a list of entries.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use syn::visit_mut::{self, VisitMut};
use syn::{
    Arm, Attribute, ExprMatch, ExprStruct, Field, FieldValue, Fields, Ident, ItemImpl, ItemStruct, Lit, LitStr, Stmt,
    Type, parse_quote,
};

struct Templates {
    doc: Attribute,
    from_json: ItemImpl,
    from_json_no_fields: ItemImpl,
    local: Stmt,
    read_required: Arm,
    read_optional: Arm,
    take_required: FieldValue,
    take_optional: FieldValue,
    read_field: Arm,
    read_nullable_field: Arm,
    read_required_field: Arm,
    read_required_nullable_field: Arm,
    take_expected: FieldValue,
    take_expected_object: FieldValue,
    to_json: ItemImpl,
    put_required: Stmt,
    put_optional: Stmt,
    put_object: Stmt,
    types: HashMap<String, Type>,
}

thread_local! {
    static TEMPLATES: RefCell<Templates> = RefCell::new(Templates {
        doc: parse_quote!(#[doc = "__doc"]),
        // `de` and `key` are renamed when a field has the name (`DecodeNames`); fields' arms go
        // before the last one, their locals before the first statement. `#[inline]`, like the
        // request builders: rustc compiles a type's JSON code in the crates that use the type,
        // for the types an application uses, instead of in zoom-client for all of them.
        from_json: parse_quote! {
            impl FromJson for __Name {
                #[inline]
                fn decode(de: &mut json::Decoder<'_>) -> Result<Self, DecodeError> {
                    let mut __extra = JsonObject::new();
                    de.object()?;
                    while let Some(key) = de.next_key()? {
                        match key {
                            _ => {
                                let key = key.to_owned();
                                de.unknown(key, &mut __extra)?
                            }
                        }
                    }
                    Ok(Self { __fields: (), __extra })
                }
            }
        },
        from_json_no_fields: parse_quote! {
            impl FromJson for __Name {
                #[inline]
                fn decode(de: &mut json::Decoder<'_>) -> Result<Self, DecodeError> {
                    Ok(Self { __extra: FromJson::decode(de)? })
                }
            }
        },
        local: parse_quote!(let mut __field = None;),
        read_required: parse_quote!("__key" => __field = Some(de.required("__key")?),),
        read_optional: parse_quote!("__key" => __field = de.optional("__key")?,),
        take_required: parse_quote!(__field: json::present(__field, "__key")?),
        take_optional: parse_quote!(__field),
        // Types Zoom sends: every field read tolerantly (see `Decoder::field`), a required one
        // noted as seen (`Some`) so that `expect` can tell "never came" from "came unreadable".
        read_field: parse_quote!("__key" => __field = de.field("__key", &mut __extra)?,),
        read_nullable_field: parse_quote!("__key" => __field = de.nullable_field("__key", &mut __extra)?,),
        read_required_field: parse_quote!("__key" => __field = Some(de.field("__key", &mut __extra)?),),
        read_required_nullable_field: parse_quote!(
            "__key" => __field = Some(de.nullable_field("__key", &mut __extra)?),
        ),
        take_expected: parse_quote!(__field: de.expect(__field, "__key")?),
        take_expected_object: parse_quote!(__field: de.expect_object(__field, "__key")?),
        to_json: parse_quote! {
            impl ToJson for __Name {
                #[inline]
                fn to_json(&self) -> Value {
                    let mut json = json::Writer::new(&self.__extra);
                    json.finish()
                }
            }
        },
        put_required: parse_quote!(json.required("__key", &self.__field);),
        put_optional: parse_quote!(json.optional("__key", &self.__field);),
        put_object: parse_quote!(json.object("__key", &self.__field);),
        types: HashMap::new(),
    });
}

/// Replaces placeholders in a cloned template.
struct Fill<'a> {
    idents: &'a [(&'a str, &'a str)],
    key: Option<&'a str>,
    doc: Option<&'a str>,
    /// Entries for the `__fields` placeholder of a struct expression.
    values: Option<Vec<FieldValue>>,
    /// Arms to put before the last arm of a `match`.
    arms: Option<Vec<Arm>>,
}

impl VisitMut for Fill<'_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if let Some((_, to)) = self.idents.iter().find(|(from, _)| ident == from) {
            *ident = Ident::new(to, ident.span());
        }
    }

    fn visit_lit_mut(&mut self, lit: &mut Lit) {
        if let Lit::Str(s) = lit {
            let replacement = match s.value().as_str() {
                "__key" => self.key,
                "__doc" => self.doc,
                _ => None,
            };
            if let Some(text) = replacement {
                *s = LitStr::new(text, Span::call_site());
            }
        }
    }

    // Entries and arms go in after the template around them is filled: they were filled on their
    // own, and a field named like a renamed local (`de`) must keep its name.
    fn visit_expr_struct_mut(&mut self, expr: &mut ExprStruct) {
        let values = self.values.take();
        visit_mut::visit_expr_struct_mut(self, expr);
        if let Some(values) = values {
            let rest: Vec<FieldValue> =
                std::mem::take(&mut expr.fields).into_iter().filter(|f| !is_member(&f.member, "__fields")).collect();
            expr.fields.extend(values);
            expr.fields.extend(rest);
        }
    }

    fn visit_expr_match_mut(&mut self, expr: &mut ExprMatch) {
        let arms = self.arms.take();
        visit_mut::visit_expr_match_mut(self, expr);
        if let Some(arms) = arms {
            let last = expr.arms.pop();
            expr.arms.extend(arms);
            expr.arms.extend(last);
        }
    }
}

fn is_member(member: &syn::Member, name: &str) -> bool {
    matches!(member, syn::Member::Named(ident) if ident == name)
}

fn fill<T: Clone>(template: &T, visit: impl FnOnce(&mut Fill, &mut T), fill: Fill) -> T {
    let mut out = template.clone();
    let mut fill = fill;
    visit(&mut fill, &mut out);
    out
}

fn plain<'a>(idents: &'a [(&'a str, &'a str)]) -> Fill<'a> {
    Fill { idents, key: None, doc: None, values: None, arms: None }
}

/// `#[doc = "..."]` attributes, one per line (the lines as `docs::doc_attrs` makes them).
pub fn doc_attrs(lines: &[String]) -> Vec<Attribute> {
    TEMPLATES.with_borrow(|t| {
        lines
            .iter()
            .map(|line| fill(&t.doc, |f, a| f.visit_attribute_mut(a), Fill { doc: Some(line), ..plain(&[]) }))
            .collect()
    })
}

/// The syn type for a type's tokens, parsed once per distinct spelling.
pub fn ty(tokens: &TokenStream) -> syn::Result<Type> {
    let key = tokens.to_string();
    TEMPLATES.with_borrow_mut(|t| {
        if let Some(ty) = t.types.get(&key) {
            return Ok(ty.clone());
        }
        let parsed: Type = syn::parse2(tokens.clone())?;
        t.types.insert(key, parsed.clone());
        Ok(parsed)
    })
}

/// One field of a struct being built.
pub struct StructField<'a> {
    pub ident: &'a str,
    pub wire: &'a str,
    pub ty: Type,
    pub docs: Vec<Attribute>,
    pub read: Read,
    pub write: Write,
}

/// How a field is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// A type only this crate sends: `required` (absent is an error) or `optional`.
    Strict { required: bool },
    /// A type Zoom sends: read with `field`, never failing on what Zoom got wrong.
    Tolerant { nullable: bool, required: Expect },
}

/// What a tolerantly read field does when it never came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Nothing: the document does not require it.
    No,
    /// A deviation; the field is an `Option`.
    Option,
    /// A deviation; the field is an object, left empty.
    Object,
}

/// How a field is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    /// Written even when `None` (as `null`).
    Always,
    /// Left out when `None`.
    Optional,
    /// An object, left out only when it is empty and `extra` holds the value Zoom sent for it.
    Object,
}

/// `pub struct Name { fields…, pub extra: JsonObject }`.
pub fn struct_item(
    attrs: Vec<Attribute>,
    name: &str,
    fields: &[StructField],
    extra: &str,
    extra_docs: Vec<Attribute>,
) -> ItemStruct {
    let mut item: ItemStruct = parse_quote!(
        pub struct __Name {
            pub __extra: JsonObject,
        }
    );
    item.attrs = attrs;
    item.ident = Ident::new(name, Span::call_site());
    if let Fields::Named(named) = &mut item.fields {
        let mut list: Vec<Field> = fields
            .iter()
            .map(|f| {
                let mut field: Field = parse_quote!(pub __field: ());
                field.attrs = f.docs.clone();
                field.ident = Some(Ident::new(f.ident, Span::call_site()));
                field.ty = f.ty.clone();
                field
            })
            .collect();
        let mut last: Field = parse_quote!(pub __extra: JsonObject);
        last.ident = Some(Ident::new(extra, Span::call_site()));
        last.attrs = extra_docs;
        list.push(last);
        named.named = list.into_iter().collect();
    }
    item
}

/// Names of the decoder and key locals in a `FromJson` impl, chosen not to be any field's.
struct DecodeNames {
    decoder: String,
    key: String,
}

impl DecodeNames {
    fn for_fields(fields: &[StructField], extra: &str) -> Self {
        let taken = |name: &str| name == extra || fields.iter().any(|f| f.ident == name);
        let fresh = |base: &str, other: &str| {
            let mut name = base.to_owned();
            while taken(&name) || name == other {
                name.push('_');
            }
            name
        };
        let decoder = fresh("de", "");
        let key = fresh("key", &decoder);
        DecodeNames { decoder, key }
    }
}

/// `impl FromJson for Name`: reads the object's keys, each known one into its field's local,
/// each other into `extra`, then checks that the required fields came.
pub fn from_json(name: &str, fields: &[StructField], extra: &str) -> ItemImpl {
    TEMPLATES.with_borrow(|t| {
        let names = DecodeNames::for_fields(fields, extra);
        let renamed = [("de", names.decoder.as_str()), ("key", names.key.as_str())];
        let idents = [("__Name", name), ("__extra", extra), renamed[0], renamed[1]];
        if fields.is_empty() {
            return fill(&t.from_json_no_fields, |v, x| v.visit_item_impl_mut(x), plain(&idents));
        }
        let mut locals = Vec::with_capacity(fields.len());
        let mut arms = Vec::with_capacity(fields.len());
        let mut values = Vec::with_capacity(fields.len());
        for f in fields {
            let idents = [("__field", f.ident), ("__extra", extra), renamed[0], renamed[1]];
            let field = || Fill { key: Some(f.wire), ..plain(&idents) };
            locals.push(fill(&t.local, |v, x| v.visit_stmt_mut(x), field()));
            let (read, take) = match f.read {
                Read::Strict { required: true } => (&t.read_required, &t.take_required),
                Read::Strict { required: false } => (&t.read_optional, &t.take_optional),
                Read::Tolerant { nullable, required } => {
                    let read = match (nullable, required == Expect::No) {
                        (false, true) => &t.read_field,
                        (true, true) => &t.read_nullable_field,
                        (false, false) => &t.read_required_field,
                        (true, false) => &t.read_required_nullable_field,
                    };
                    let take = match required {
                        Expect::No => &t.take_optional,
                        Expect::Option => &t.take_expected,
                        Expect::Object => &t.take_expected_object,
                    };
                    (read, take)
                }
            };
            arms.push(fill(read, |v, x| v.visit_arm_mut(x), field()));
            values.push(fill(take, |v, x| v.visit_field_value_mut(x), field()));
        }
        let mut item = fill(
            &t.from_json,
            |v, x| v.visit_item_impl_mut(x),
            Fill { values: Some(values), arms: Some(arms), ..plain(&idents) },
        );
        if let Some(syn::ImplItem::Fn(method)) = item.items.first_mut() {
            method.block.stmts.splice(0..0, locals);
        }
        item
    })
}

/// `impl ToJson for Name` writing every field over `extra`.
pub fn to_json(name: &str, fields: &[StructField], extra: &str) -> ItemImpl {
    TEMPLATES.with_borrow(|t| {
        let mut item =
            fill(&t.to_json, |v, x| v.visit_item_impl_mut(x), plain(&[("__Name", name), ("__extra", extra)]));
        let puts: Vec<Stmt> = fields
            .iter()
            .map(|f| {
                let template = match f.write {
                    Write::Always => &t.put_required,
                    Write::Optional => &t.put_optional,
                    Write::Object => &t.put_object,
                };
                fill(template, |v, x| v.visit_stmt_mut(x), Fill { key: Some(f.wire), ..plain(&[("__field", f.ident)]) })
            })
            .collect();
        if let Some(syn::ImplItem::Fn(method)) = item.items.first_mut() {
            let stmts = &mut method.block.stmts;
            let tail = stmts.split_off(1);
            stmts.extend(puts);
            stmts.extend(tail);
        }
        item
    })
}
