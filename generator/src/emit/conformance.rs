//! The entry points of zoom-client's own tests against Zoom's documents, emitted into the test
//! tree (`zoom-api/tests/zoom_documents/generated/`), so the published crate carries none of it.
//! Per surface, `decode_answer` decodes a body as an operation's success answer
//! (rest_examples, deviations, fuzz) and `build_request` builds an operation's request through
//! its builder from JSON arguments (prism); `mod.rs` dispatches on an `Operation` and decodes a
//! product's webhook events. The code reaches zoom-client only through its public API, and the
//! test crate's `conformance` module (`Args`, `decode`, `decode_event`).

use proc_macro2::TokenStream;
use quote::quote;

use super::context::{Ctx, Module, ident};
use super::product::handle_name;
use super::requests::required_args;
use super::{GeneratedFile, render};
use crate::error::Result;
use crate::ir::{Api, Home, Operation, ParamIn, Product, ResponseBody, Surface, TypeRef};

/// Every file of the test tree: one module per surface and the dispatching `mod.rs`.
pub fn conformance_tree(api: &Api) -> Result<Vec<GeneratedFile>> {
    let mut modules = TokenStream::new();
    let mut answer_arms = TokenStream::new();
    let mut build_arms = TokenStream::new();
    let mut event_arms = TokenStream::new();
    let mut files = Vec::new();
    for product in &api.products {
        for surface in product.surfaces() {
            let home = Home::of(surface.variant);
            let name = surface_module(product, home);
            let module = ident(&name);
            let code = surface_file(&Ctx::new(product, Module::Requests(home), quote!(::zoom_client)), surface);
            files.push(GeneratedFile { path: format!("{name}.rs"), contents: render(code, &surface.file)? });
            let (key, master) = (&product.key, home == Home::Master);
            modules.extend(quote!(pub mod #module;));
            answer_arms.extend(quote! {
                (#key, #master) => #module::decode_answer(operation.id, body, decoding),
            });
            build_arms.extend(quote! {
                (#key, #master) => #module::build_request(client, operation.id, args),
            });
        }
        if product.webhooks.is_some() {
            let (key, module) = (&product.key, ident(&product.module));
            event_arms.extend(quote! {
                #key => Some(crate::conformance::decode_event::<::zoom_client::#module::webhooks::Event>(
                    body,
                    decoding,
                    |event| {
                        let unknown = matches!(event, ::zoom_client::#module::webhooks::Event::Unknown(_));
                        (event.name().to_owned(), unknown, event.info())
                    },
                )),
            });
        }
    }
    let root = quote! {
        //! Dispatch of zoom-client's tests against Zoom's documents: one module per API.
        #modules

        /// Decodes `body` as `operation`'s success answer and encodes it back (`None` without a
        /// JSON answer).
        pub fn decode_answer(
            operation: &::zoom_client::Operation,
            body: &[u8],
            decoding: ::zoom_client::json::Decoding,
        ) -> Option<Result<::zoom_client::json::Decoded<::zoom_client::json::Value>, ::zoom_client::json::DecodeError>> {
            match (operation.product, operation.master) {
                #answer_arms
                _ => None,
            }
        }

        /// Builds `operation`'s request through its generated builder, each argument decoded from
        /// `args` (`None` for an operation no module has).
        pub fn build_request(
            client: &::zoom_client::Client,
            operation: &::zoom_client::Operation,
            args: &crate::conformance::Args,
        ) -> Option<Result<::zoom_client::Request, ::zoom_client::json::DecodeError>> {
            match (operation.product, operation.master) {
                #build_arms
                _ => None,
            }
        }

        /// Decodes `body` as one of `product`'s webhook events (`None` for a product without
        /// events).
        pub fn decode_event(
            product: &str,
            body: &[u8],
            decoding: ::zoom_client::json::Decoding,
        ) -> Option<Result<crate::conformance::DecodedEvent, ::zoom_client::json::DecodeError>> {
            match product {
                #event_arms
                _ => None,
            }
        }
    };
    files.push(GeneratedFile { path: "mod.rs".into(), contents: render(root, "spec/documents.toml")? });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The test tree's module of one surface: `meetings`, `meetings_master`.
fn surface_module(product: &Product, home: Home) -> String {
    match home {
        Home::Rest => product.module.clone(),
        Home::Master => format!("{}_master", product.module),
    }
}

/// The module for one surface; `ctx` spells types as a `requests` module does (`types::…`,
/// `rest_types::…`), and the imports point those names into zoom-client.
fn surface_file(ctx: &Ctx, surface: &Surface) -> TokenStream {
    let home = ctx.home();
    let module = ident(&ctx.product.module);
    let api_path = match home {
        Home::Rest => quote!(::zoom_client::#module),
        Home::Master => quote!(::zoom_client::#module::master),
    };
    let handle = ident(handle_name(ctx.product, home));
    let mut answers = TokenStream::new();
    let mut builds = TokenStream::new();
    for op in &surface.operations {
        builds.extend(build_arm(ctx, op));
        if let ResponseBody::Json(ty) = &op.response.body {
            let id = &op.id;
            let ty = ctx.rust_type(ty);
            answers.extend(quote! {
                #id => crate::conformance::decode::<#ty>(body, decoding),
            });
        }
    }
    let decode = if answers.is_empty() {
        quote! {
            let _ = (id, body, decoding);
            None
        }
    } else {
        quote! {
            Some(match id {
                #answers
                _ => return None,
            })
        }
    };
    let mut imports = TokenStream::new();
    if ctx.uses_own_types.get() {
        imports.extend(quote!(use #api_path::types;));
    }
    if ctx.uses_rest_types.get() {
        imports.extend(quote!(use ::zoom_client::#module::types as rest_types;));
    }
    quote! {
        //! The operations of one API, for the tests against Zoom's documents.
        #imports

        /// Decodes `body` as the success answer of this module's operation `id` and encodes it
        /// back; `None` for an operation without a JSON answer.
        pub fn decode_answer(
            id: &str,
            body: &[u8],
            decoding: ::zoom_client::json::Decoding,
        ) -> Option<Result<::zoom_client::json::Decoded<::zoom_client::json::Value>, ::zoom_client::json::DecodeError>> {
            #decode
        }

        /// Builds the request of this module's operation `id` through its builder, each argument
        /// decoded from `args`; `None` for an id this module does not have.
        pub fn build_request(
            client: &::zoom_client::Client,
            id: &str,
            args: &crate::conformance::Args,
        ) -> Option<Result<::zoom_client::Request, ::zoom_client::json::DecodeError>> {
            let api = #api_path::#handle::new(client.clone());
            let build = || -> Result<Option<::zoom_client::Request>, ::zoom_client::json::DecodeError> {
                Ok(Some(match id {
                    #builds
                    _ => return Ok(None),
                }))
            };
            build().transpose()
        }
    }
}

/// The `build_request` arm of one operation: the handle method with its required arguments, then
/// each optional parameter and body that `args` has.
fn build_arm(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let id = &op.id;
    let method = ident(&op.name);
    let required = required_args(ctx, op).into_iter().map(|arg| match arg.param {
        Some(p) if p.location == ParamIn::Path => {
            let name = &p.name;
            quote!(args.path(#name)?)
        }
        Some(p) => {
            let (name, ty) = (&p.name, &arg.ty);
            quote!(args.required::<#ty>(#name)?)
        }
        None => {
            let ty = &arg.ty;
            quote!(args.required_body::<#ty>()?)
        }
    });
    let mut setters = TokenStream::new();
    for p in op.params.iter().filter(|p| !p.required) {
        let (name, setter) = (&p.name, ident(&p.ident));
        let ty = if p.ty == TypeRef::String { quote!(String) } else { ctx.rust_type(&p.ty) };
        setters.extend(quote! {
            if let Some(value) = args.optional::<#ty>(#name)? {
                call = call.#setter(value);
            }
        });
    }
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        let ty = ctx.rust_type(&body.ty);
        setters.extend(quote! {
            if let Some(value) = args.body::<#ty>()? {
                call = call.body(value);
            }
        });
    }
    let binding = if setters.is_empty() { quote!(call) } else { quote!(mut call) };
    quote! {
        #id => {
            let #binding = api.#method(#(#required),*);
            #setters
            #rt::Call::into_request(call).1
        }
    }
}
