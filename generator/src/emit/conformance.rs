//! `<product>/conformance.rs`, compiled only with zoom-api's hidden `conformance` feature: the
//! entry points of zoom-api's own tests against Zoom's documents. `decode_answer` decodes a body
//! as an operation's success answer (tests/rest_examples.rs); `build_request` builds an
//! operation's request through its generated builder from JSON arguments (tests/prism.rs).

use proc_macro2::TokenStream;
use quote::quote;

use super::context::{Ctx, ident};
use super::product::handle_name;
use super::requests::required_args;
use crate::ir::{Operation, ParamIn, ResponseBody, Surface, TypeRef};

/// The module for one surface; `ctx` is a child module of the product's (like `requests`).
pub fn conformance_file(ctx: &Ctx, surface: &Surface) -> TokenStream {
    let rt = &ctx.rt;
    let handle = ident(handle_name(ctx.product, ctx.home()));
    let mut answers = TokenStream::new();
    let mut builds = TokenStream::new();
    for op in &surface.operations {
        builds.extend(build_arm(ctx, op));
        if let ResponseBody::Json(ty) = &op.response.body {
            let id = &op.id;
            let ty = ctx.rust_type(ty);
            answers.extend(quote! {
                #id => #rt::conformance::decode::<#ty>(body, decoding),
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
    let imports = ctx.type_imports();
    quote! {
        //! For zoom-api's own tests against Zoom's documents (hidden feature `conformance`).
        #imports

        /// Decodes `body` as the success answer of this module's operation `id` and encodes it
        /// back; `None` for an operation without a JSON answer.
        pub fn decode_answer(
            id: &str,
            body: &[u8],
            decoding: #rt::json::Decoding,
        ) -> Option<Result<#rt::json::Decoded<#rt::json::Value>, #rt::json::DecodeError>> {
            #decode
        }

        /// Builds the request of this module's operation `id` through its builder, each argument
        /// decoded from `args`; `None` for an id this module does not have.
        pub fn build_request(
            client: &#rt::Client,
            id: &str,
            args: &#rt::conformance::Args,
        ) -> Option<Result<#rt::Request, #rt::json::DecodeError>> {
            let api = super::#handle::new(client.clone());
            let build = || -> Result<Option<#rt::Request>, #rt::json::DecodeError> {
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
