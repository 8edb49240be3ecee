//! The module of one product (`<product>/mod.rs`, or `<product>/master/mod.rs`): the API handle
//! with one method per operation, and the operation table.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::{Ctx, ident};
use super::docs::{doc_attrs, id_alias, markdown};
use super::requests::{Arg, arg_param_type, operation_docs, required_args};
use crate::ir::{Home, Operation, Product, ResponseBody, Surface};

/// Name of a product's API handle type: `Meetings`, `MeetingsMaster`.
pub fn handle_name(product: &Product, home: Home) -> &str {
    let surface = match home {
        Home::Rest => product.rest.as_ref(),
        Home::Master => product.master.as_ref(),
    };
    surface.map_or("", |s| s.handle.as_str())
}

pub struct ModParts {
    pub has_types: bool,
    pub has_events: bool,
    /// Master submodule: emitted and gated by this feature.
    pub master_feature: Option<String>,
}

pub fn mod_file(ctx: &Ctx, surface: Option<&Surface>, parts: ModParts, gate: bool) -> TokenStream {
    let product = ctx.product;
    let rt = &ctx.rt;
    let home = ctx.home();
    let mut docs = Vec::new();
    match (home, surface) {
        (Home::Rest, Some(s)) => {
            docs.push(format!("Zoom's {} API.", product.title));
            docs.push(format!(
                "Generated from `{}` (version {}), {} operations. Start from [`{}`], which `Client::{}` returns.",
                s.file,
                s.version,
                s.operations.len(),
                handle_name(product, home),
                product.module
            ));
        }
        (Home::Master, Some(s)) => {
            docs.push(format!(
                "Zoom's {} API for Master Accounts: the same calls for a master account's sub-accounts.",
                product.title
            ));
            docs.push(format!(
                "Generated from `{}` (version {}), {} operations. Start from [`{}`], which `Client::master().{}()` returns.",
                s.file,
                s.version,
                s.operations.len(),
                handle_name(product, home),
                product.module
            ));
        }
        (_, None) if product.master.is_some() => {
            docs.push(format!("Zoom's {} API (Master Account variant only).", product.title))
        }
        (_, None) => docs.push(format!(
            "Zoom's {} webhooks: the events it sends to an app's endpoint, in [`webhooks`], with their types.",
            product.title
        )),
    }
    let inner_docs = doc_attrs(&docs).into_iter().collect::<TokenStream>();
    let inner_docs = inner_doc(inner_docs);
    let types = if parts.has_types {
        quote!(
            pub mod types;
        )
    } else {
        quote!()
    };
    let events = if parts.has_events {
        let cfg = gate.then(|| quote!(#[cfg(feature = "webhooks")]));
        quote!(
            #cfg
            pub mod webhooks;
        )
    } else {
        quote!()
    };
    let master = match &parts.master_feature {
        Some(feature) if gate => quote! { #[cfg(feature = #feature)] pub mod master; },
        Some(_) => quote! { pub mod master; },
        None => quote!(),
    };
    let Some(surface) = surface else {
        return quote! { #inner_docs #types #events #master };
    };
    let handle = ident(handle_name(product, home));
    let mut methods = TokenStream::new();
    let mut table = Vec::new();
    for op in &surface.operations {
        let fn_name = ident(&op.name);
        let builder = ident(&op.builder);
        let args = required_args(ctx, op);
        let mut params = Vec::new();
        let mut values = Vec::new();
        for arg in &args {
            let (ty, value) = arg_param_type(ctx, arg);
            let field = &arg.field;
            params.push(quote!(#field: #ty));
            values.push(value);
        }
        let summary = operation_docs(op, surface).into_iter().take(2).collect::<Vec<_>>();
        let mut mdocs = summary;
        mdocs.extend(argument_docs(&args));
        mdocs.push(format!("Returns a [`requests::{}`] to set optional parameters on and send.", op.builder));
        if gate {
            mdocs.push(example(product, home, op, &args));
        }
        let mdocs = doc_attrs(&mdocs);
        let alias = id_alias(&op.id, &op.name);
        methods.extend(quote! {
            #mdocs
            #alias
            pub fn #fn_name(&self, #(#params),*) -> requests::#builder {
                requests::#builder::new(self.client.clone(), #(#values),*)
            }
        });
        table.push(quote!(requests::#builder::OPERATION));
    }
    let imports = ctx.type_imports();
    let handle_doc = doc_attrs(&[match home {
        Home::Rest => format!("Zoom's {} API: one method per operation.", product.title),
        Home::Master => format!("Zoom's {} API for Master Accounts: one method per operation.", product.title),
    }]);
    quote! {
        #inner_docs
        #imports
        #types
        #events
        pub mod requests;
        #master

        #handle_doc
        #[derive(Debug, Clone)]
        pub struct #handle {
            client: #rt::Client,
        }

        impl #handle {
            /// The API on `client`, which it shares with every clone of it (connections, tokens,
            /// throttle).
            pub fn new(client: #rt::Client) -> Self {
                Self { client }
            }

            #methods
        }

        /// Every operation of this module, in path order.
        pub const OPERATIONS: &[&#rt::Operation] = &[#(#table),*];
    }
}

/// Turns `#[doc = ..]` outer attributes into `#![doc = ..]` inner ones (module docs).
pub(super) fn inner_doc(attrs: TokenStream) -> TokenStream {
    use proc_macro2::{Punct, Spacing, TokenTree};
    let mut out = TokenStream::new();
    for tt in attrs {
        if let TokenTree::Group(_) = &tt {
            out.extend([TokenTree::Punct(Punct::new('!', Spacing::Alone))]);
        }
        out.extend([tt]);
    }
    out
}

/// The required arguments, each with the first paragraph of Zoom's description on one line (a
/// list item that continues on the next line would need its indent).
fn argument_docs(args: &[Arg]) -> Option<String> {
    let items: Vec<String> = args
        .iter()
        .map(|arg| {
            let name = arg.field.to_string();
            let (wire, description) = match arg.param {
                Some(p) => {
                    let place = p.location.as_str();
                    let first = p.description.as_deref().map(markdown).unwrap_or_default();
                    let first = first.split("\n\n").next().unwrap_or_default().split_whitespace().collect::<Vec<_>>();
                    (format!("`{}` {place} parameter", p.name), first.join(" "))
                }
                None => ("request body".to_owned(), String::new()),
            };
            let description = if description.is_empty() { String::new() } else { format!(": {description}") };
            format!("- `{name}` ({wire}){description}")
        })
        .collect();
    (!items.is_empty()).then(|| format!("Required arguments:\n{}", items.join("\n")))
}

/// A call of the method from a client, its arguments standing for themselves. Not compiled as a
/// test: thousands of doctests would cost more than the examples are at risk.
fn example(product: &Product, home: Home, op: &Operation, args: &[Arg]) -> String {
    let master = if home == Home::Master { "master()." } else { "" };
    let arguments = args.iter().map(|a| a.field.to_string()).collect::<Vec<_>>().join(", ");
    let call = format!("client.{master}{}().{}({arguments}).send().await?", product.module, op.name);
    let line = match op.response.body {
        ResponseBody::Empty => format!("{call};"),
        _ => format!("let answer = {call};"),
    };
    format!("```rust,ignore\n{line}\n```")
}
