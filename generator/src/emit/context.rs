//! What an emitted file needs to know to name things: which module it is, where the runtime is,
//! and the Rust spelling of every IR type.

use std::cell::Cell;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Home, Product, TypeRef};

/// The module a file is emitted as. `Home::Master` means the same module under
/// `<product>::master`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    /// `<product>`: the API handle.
    Mod(Home),
    /// `<product>::types`: models.
    Types(Home),
    /// `<product>::requests`: request builders.
    Requests(Home),
    /// `<product>::webhooks`: webhook events (regular module only).
    Events,
}

pub struct Ctx<'a> {
    pub product: &'a Product,
    pub module: Module,
    /// Path of the runtime crate: `crate` inside zoom-client, `::zoom_client` elsewhere.
    pub rt: TokenStream,
    /// Whether the file refers to the regular module's types from the master module.
    pub uses_rest_types: Cell<bool>,
    pub uses_own_types: Cell<bool>,
}

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

impl<'a> Ctx<'a> {
    pub fn new(product: &'a Product, module: Module, rt: TokenStream) -> Self {
        Ctx { product, module, rt, uses_rest_types: Cell::new(false), uses_own_types: Cell::new(false) }
    }

    pub fn home(&self) -> Home {
        match self.module {
            Module::Mod(h) | Module::Types(h) | Module::Requests(h) => h,
            Module::Events => Home::Rest,
        }
    }

    /// The Rust type for an IR type, as this module spells it.
    pub fn rust_type(&self, ty: &TypeRef) -> TokenStream {
        let rt = &self.rt;
        match ty {
            TypeRef::Bool => quote!(bool),
            TypeRef::Integer => quote!(i64),
            TypeRef::Number => quote!(f64),
            TypeRef::String => quote!(String),
            TypeRef::DateTime => quote!(#rt::DateTime),
            TypeRef::Date => quote!(#rt::Date),
            TypeRef::Binary => quote!(#rt::FilePart),
            // Type modules import both names.
            TypeRef::Any if matches!(self.module, Module::Types(_)) => quote!(Value),
            TypeRef::AnyObject if matches!(self.module, Module::Types(_)) => quote!(JsonObject),
            TypeRef::Any => quote!(#rt::json::Value),
            TypeRef::AnyObject => quote!(#rt::json::JsonObject),
            TypeRef::Array(inner) => {
                let inner = self.rust_type(inner);
                quote!(Vec<#inner>)
            }
            TypeRef::Map(inner) => {
                let inner = self.rust_type(inner);
                quote!(std::collections::BTreeMap<String, #inner>)
            }
            TypeRef::Named(id) => {
                let def = self.product.ty(*id);
                let name = ident(&def.name);
                if def.home == self.home() {
                    match self.module {
                        Module::Types(_) => quote!(#name),
                        Module::Mod(_) => quote!(types::#name),
                        Module::Requests(_) | Module::Events => {
                            self.uses_own_types.set(true);
                            quote!(types::#name)
                        }
                    }
                } else {
                    // Only master modules reach across, to the regular module's types.
                    self.uses_rest_types.set(true);
                    quote!(rest_types::#name)
                }
            }
        }
    }

    /// `use` lines for the type modules this file referred to.
    pub fn type_imports(&self) -> TokenStream {
        let mut out = TokenStream::new();
        if self.uses_own_types.get() {
            out.extend(quote!(
                use super::types;
            ));
        }
        if self.uses_rest_types.get() {
            out.extend(match self.module {
                Module::Mod(_) => quote!(
                    use super::types as rest_types;
                ),
                Module::Types(_) | Module::Requests(_) | Module::Events => quote!(
                    use super::super::types as rest_types;
                ),
            });
        }
        out
    }
}
