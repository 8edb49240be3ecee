//! Emission: IR → Rust source files, formatted with prettyplease.
//!
//! Layout under the generated root: `mod.rs` (product modules and `Client` accessors), then per
//! product `<module>/mod.rs` (API handle), `types.rs` (models), `requests.rs` (request builders),
//! and the same under `<module>/master/` for the Master Account API; `<module>/webhooks.rs`
//! (webhook events). [`conformance_tree`] emits the entry points of zoom-client's own tests into
//! its test tree.

mod conformance;
mod context;
mod conversions;
mod docs;
mod events;
mod models;
mod product;
mod requests;
mod templates;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};
use crate::ir::{Api, BodyMedia, Home, PageStream, Product, TypeId, TypeRef};
use context::{Ctx, Module, ident};

pub use conformance::conformance_tree;
pub use docs::markdown;
pub use product::handle_name;

/// Where the generated tree is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Inside the zoom-client crate: runtime at `crate::`, products behind Cargo features, and
    /// accessor methods on `Client`.
    ZoomApi,
    /// Any other crate (fixture tests): runtime at `::zoom_client`, no features, no accessors.
    Standalone,
}

impl Target {
    fn runtime(&self) -> TokenStream {
        match self {
            Target::ZoomApi => quote!(crate),
            Target::Standalone => quote!(::zoom_client),
        }
    }
}

/// One generated file, with its path relative to the generated root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Emits every file of the generated tree. Files are independent jobs, run two at a time
/// (largest first, so the last job to finish is a small one).
pub fn emit(api: &Api, target: &Target) -> Result<Vec<GeneratedFile>> {
    let mut jobs: Vec<Job> = api.products.iter().flat_map(jobs).collect();
    jobs.sort_by_key(|j| std::cmp::Reverse(j.weight));
    let emitted = crate::parallel::map(&jobs, |job| job.emit(target))?;
    let mut files =
        vec![GeneratedFile { path: "mod.rs".into(), contents: render(root(api, target), "spec/documents.toml")? }];
    files.extend(emitted.into_iter().flatten());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// A file's code: tokens to parse, or syntax already built.
enum Code {
    Tokens(TokenStream),
    File(syn::Result<syn::File>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Types,
    Requests,
    Events,
    Mod,
}

/// One file to emit.
struct Job<'a> {
    product: &'a Product,
    home: Home,
    kind: FileKind,
    /// Rough size, for scheduling.
    weight: usize,
}

fn jobs(product: &Product) -> Vec<Job<'_>> {
    let mut out = Vec::new();
    for home in [Home::Rest, Home::Master] {
        let surface = surface(product, home);
        let types = product.types.iter().filter(|t| t.home == home).count();
        let ops = surface.map_or(0, |s| s.operations.len());
        if home == Home::Master && surface.is_none() {
            continue;
        }
        if types > 0 {
            out.push(Job { product, home, kind: FileKind::Types, weight: types * 4 });
        }
        if surface.is_some() {
            out.push(Job { product, home, kind: FileKind::Requests, weight: ops * 5 });
        }
        if let (Home::Rest, Some(webhooks)) = (home, &product.webhooks) {
            out.push(Job { product, home, kind: FileKind::Events, weight: webhooks.events.len() });
        }
        out.push(Job { product, home, kind: FileKind::Mod, weight: ops });
    }
    out
}

fn surface(product: &Product, home: Home) -> Option<&crate::ir::Surface> {
    match home {
        Home::Rest => product.rest.as_ref(),
        Home::Master => product.master.as_ref(),
    }
}

impl Job<'_> {
    fn emit(&self, target: &Target) -> Result<Option<GeneratedFile>> {
        let Some((path, from, code)) = self.code(target) else { return Ok(None) };
        let file = match code {
            Code::Tokens(tokens) => parse(tokens, &from)?,
            Code::File(file) => {
                file.map_err(|e| Error::Aborted(format!("emitted code for {from} does not parse: {e}")))?
            }
        };
        Ok(Some(GeneratedFile { path, contents: print(&file, &from) }))
    }

    /// The file's path, its source document and its code (`None` when the file is empty).
    fn code(&self, target: &Target) -> Option<(String, String, Code)> {
        let (product, home) = (self.product, self.home);
        let rt = target.runtime();
        let surface = surface(product, home);
        let prefix = match home {
            Home::Rest => product.module.clone(),
            Home::Master => format!("{}/master", product.module),
        };
        let from = match (surface.or(product.master.as_ref()), &product.webhooks) {
            (Some(s), _) => s.file.clone(),
            (None, Some(w)) => w.file.clone(),
            (None, None) => "spec/documents.toml".to_owned(),
        };
        let (name, code) = match self.kind {
            FileKind::Types => {
                let ctx = Ctx::new(product, Module::Types(home), rt);
                let pages = page_streams(product);
                let gate = *target == Target::ZoomApi;
                ("types.rs", Code::File(models::types_module(&ctx, &multipart_bodies(product), &pages, gate)?))
            }
            FileKind::Requests => {
                let surface = surface?;
                let ctx = Ctx::new(product, Module::Requests(home), rt);
                let mut builders = TokenStream::new();
                for op in &surface.operations {
                    builders.extend(requests::builder(&ctx, op, surface));
                }
                let imports = ctx.type_imports();
                let mut tokens = quote! {
                    //! Request builders: set optional parameters, then `send()`; stream a listing's
                    //! `pages()` or `items()`.
                    #imports
                };
                tokens.extend(builders);
                ("requests.rs", Code::Tokens(tokens))
            }
            FileKind::Events => {
                let webhooks = product.webhooks.as_ref()?;
                let ctx = Ctx::new(product, Module::Events, rt);
                let from = webhooks.file.clone();
                return Some((
                    format!("{prefix}/webhooks.rs"),
                    from,
                    Code::Tokens(events::events_file(&ctx, webhooks)),
                ));
            }
            FileKind::Mod => {
                let has_types = product.types.iter().any(|t| t.home == home);
                let has_events = home == Home::Rest && product.webhooks.is_some();
                let master_feature = (home == Home::Rest && product.master.is_some())
                    .then(|| product.feature(crate::ir::Variant::Master));
                let ctx = Ctx::new(product, Module::Mod(home), rt);
                let parts = product::ModParts { has_types, has_events, master_feature };
                ("mod.rs", Code::Tokens(product::mod_file(&ctx, surface, parts, *target == Target::ZoomApi)))
            }
        };
        Some((format!("{prefix}/{name}"), from, code))
    }
}

/// Types sent as multipart bodies (they get a `ToMultipart` impl).
fn multipart_bodies(product: &Product) -> BTreeSet<TypeId> {
    product
        .surfaces()
        .flat_map(|s| &s.operations)
        .filter_map(|op| op.body.as_ref())
        .filter(|b| b.media == BodyMedia::Multipart)
        .filter_map(|b| match b.ty {
            TypeRef::Named(id) => Some(id),
            _ => None,
        })
        .collect()
}

/// The response types of paginated operations with a stream, each once (operations that share
/// a response type share its items field: the stream is decided from the type alone).
fn page_streams(product: &Product) -> BTreeMap<TypeId, &PageStream> {
    product
        .surfaces()
        .flat_map(|s| &s.operations)
        .filter_map(|op| op.pagination.as_ref()?.stream.as_ref().ok())
        .map(|stream| (stream.page, stream))
        .collect()
}

/// `mod.rs` of the generated root.
fn root(api: &Api, target: &Target) -> TokenStream {
    let rt = target.runtime();
    let gate = *target == Target::ZoomApi;
    let mut modules = TokenStream::new();
    let mut accessors = TokenStream::new();
    let mut master_accessors = TokenStream::new();
    let mut tables = Vec::new();
    let mut event_tables = Vec::new();
    for p in &api.products {
        let module = ident(&p.module);
        let cfg_feature = if p.has_base_feature() { p.key.clone() } else { p.feature(crate::ir::Variant::Master) };
        let cfg = if gate { quote!(#[cfg(feature = #cfg_feature)]) } else { quote!() };
        modules.extend(quote! { #cfg pub mod #module; });
        if !gate {
            continue;
        }
        for surface in p.surfaces() {
            let feature = p.feature(surface.variant);
            let master = surface.variant == crate::ir::Variant::Master;
            let path = if master { quote!(#module::master) } else { quote!(#module) };
            tables.push(quote!(#[cfg(feature = #feature)] #path::OPERATIONS));
        }
        if p.webhooks.is_some() {
            let feature = &p.key;
            event_tables.push(quote!(#[cfg(all(feature = #feature, feature = "webhooks"))] #module::webhooks::EVENTS));
        }
        if p.rest.is_some() {
            let handle = ident(handle_name(p, Home::Rest));
            let doc = docs::doc_attrs(&[format!("Zoom's {} API (feature `{}`).", p.title, p.key)]);
            accessors.extend(quote! {
                #doc
                #cfg
                pub fn #module(&self) -> #module::#handle { #module::#handle::new(self.clone()) }
            });
        }
        if p.master.is_some() {
            let feature = p.feature(crate::ir::Variant::Master);
            let handle = ident(handle_name(p, Home::Master));
            let doc = docs::doc_attrs(&[format!("Zoom's {} API for Master Accounts (feature `{feature}`).", p.title)]);
            master_accessors.extend(quote! {
                #doc
                #[cfg(feature = #feature)]
                pub fn #module(&self) -> #module::master::#handle { #module::master::#handle::new(self.client.clone()) }
            });
        }
    }
    let client_impl = if gate {
        quote! {
            impl #rt::Client {
                #accessors

                /// The Master Account APIs: calls a master account makes for its sub-accounts.
                pub fn master(&self) -> Master {
                    Master { client: self.clone() }
                }
            }

            /// The Master Account APIs, from [`Client::master`](crate::Client::master).
            #[derive(Debug, Clone)]
            pub struct Master {
                #[allow(dead_code, reason = "unused when no master feature is enabled")]
                client: #rt::Client,
            }

            impl Master {
                #master_accessors
            }

            /// The `OPERATIONS` table of every enabled product feature, in feature order.
            pub(crate) const OPERATION_TABLES: &[&[&#rt::Operation]] = &[#(#tables),*];

            /// The webhook `EVENTS` table of every enabled product feature, in feature order.
            pub(crate) const EVENT_TABLES: &[&[#rt::webhook::EventInfo]] = &[#(#event_tables),*];
        }
    } else {
        quote!()
    };
    quote! {
        //! Code generated from Zoom's OpenAPI documents by `cargo xtask regen`.
        #modules
        #client_impl
    }
}

/// Formats tokens as a Rust file with the `@generated` header.
pub fn render(tokens: TokenStream, source: &str) -> Result<String> {
    Ok(print(&parse(tokens, source)?, source))
}

fn parse(tokens: TokenStream, source: &str) -> Result<syn::File> {
    syn::parse2(tokens).map_err(|e| Error::Aborted(format!("emitted code for {source} does not parse: {e}")))
}

fn print(file: &syn::File, source: &str) -> String {
    let body = space_items(&prettyplease::unparse(file));
    format!("// @generated by `cargo xtask regen` from {source}. Do not edit: regen overwrites it.\n\n{body}")
}

/// prettyplease puts no blank line between items; put one before every item (and impl member)
/// that follows the end of another, so each reads as its own paragraph.
fn space_items(code: &str) -> String {
    const STARTS: &[&str] = &[
        "///", "#[", "pub ", "pub(", "impl", "fn ", "const ", "static ", "struct ", "enum ", "mod ", "async fn", "use ",
    ];
    let mut out = String::with_capacity(code.len() + code.len() / 20);
    let mut previous = "";
    for line in code.lines() {
        let indent = line.len() - line.trim_start().len();
        let prev_indent = previous.len() - previous.trim_start().len();
        let prev = previous.trim();
        let trimmed = line.trim_start();
        let ends_item = prev == "}" || prev == "};" || (prev.ends_with(';') && !prev.starts_with("//") && indent == 0);
        let starts_item = STARTS.iter().any(|s| trimmed.starts_with(s));
        let within_uses = prev.starts_with("use ") && trimmed.starts_with("use ");
        if ends_item && starts_item && !within_uses && indent == prev_indent {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

/// The product features of zoom-client's Cargo.toml (the part between its `@generated` markers).
pub fn cargo_features(api: &Api) -> String {
    let mut all = Vec::new();
    let mut lines = Vec::new();
    for p in &api.products {
        if p.has_base_feature() {
            // A product with only webhook events has nothing without the `webhooks` feature.
            let deps = if p.rest.is_none() { "[\"webhooks\"]" } else { "[]" };
            lines.push(format!("{} = {deps}", p.key));
            all.push(p.key.clone());
        }
        if p.master.is_some() {
            let deps = if p.has_base_feature() { format!("[\"{}\"]", p.key) } else { "[]".to_owned() };
            lines.push(format!("{} = {deps}", p.feature(crate::ir::Variant::Master)));
            all.push(p.feature(crate::ir::Variant::Master));
        }
    }
    all.push("webhooks".to_owned());
    let full = all.iter().map(|f| format!("    \"{f}\",\n")).collect::<String>();
    format!("full = [\n{full}]\n{}\n", lines.join("\n"))
}
