//! Request builders: one struct per operation with its required arguments, a setter per optional
//! parameter, what Zoom documents about the call as a constant, and `send`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::context::{Ctx, ident};
use super::docs::{doc_attrs, id_alias, markdown};
use crate::ir::{
    BodyMedia, Operation, PageSize, PageStyle, Pagination, Param, ParamIn, RateLimitLabel, ResponseBody, Surface,
    TypeRef,
};

/// A parameter or body as the builder holds it.
pub struct Arg<'a> {
    pub field: proc_macro2::Ident,
    pub ty: TokenStream,
    pub param: Option<&'a Param>,
}

/// Required arguments of an operation, in order: path parameters, required query and header
/// parameters, then a required body.
pub fn required_args<'a>(ctx: &Ctx, op: &'a Operation) -> Vec<Arg<'a>> {
    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        let ty = if p.location == ParamIn::Path { quote!(String) } else { ctx.rust_type(&p.ty) };
        args.push(Arg { field: ident(&p.ident), ty, param: Some(p) });
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        args.push(Arg { field: ident("body"), ty: ctx.rust_type(&body.ty), param: None });
    }
    args
}

fn param_docs(p: &Param) -> Vec<String> {
    let place = p.location.as_str();
    let mut docs = Vec::new();
    if let Some(d) = &p.description {
        docs.push(markdown(d));
    }
    docs.push(format!("Sent as the `{}` {place} parameter.", p.name));
    if p.deprecated {
        docs.push("**Deprecated** by Zoom.".to_owned());
    }
    docs
}

/// Rust expression for an argument of the handle method that becomes the builder's field.
pub fn arg_param_type(ctx: &Ctx, arg: &Arg) -> (TokenStream, TokenStream) {
    let field = &arg.field;
    match arg.param {
        Some(p) if p.location == ParamIn::Path => (quote!(impl std::fmt::Display), quote!(#field.to_string())),
        Some(p) if p.ty == TypeRef::String => (quote!(impl Into<String>), quote!(#field.into())),
        _ => {
            let ty = &arg.ty;
            let _ = ctx;
            (quote!(#ty), quote!(#field))
        }
    }
}

pub fn operation_docs(op: &Operation, surface: &Surface) -> Vec<String> {
    let mut paragraphs = Vec::new();
    paragraphs.push(markdown(op.summary.as_deref().unwrap_or(&op.id)));
    let mut line = format!("`{} {}` · Zoom operation `{}`", op.method.as_str(), op.path, op.id);
    if let Some(rate) = &op.rate_limit {
        line.push_str(&format!(" · rate limit {}", rate.label.as_str()));
    }
    paragraphs.push(line);
    if op.deprecated {
        paragraphs.push("**Deprecated** by Zoom.".to_owned());
    }
    if let Some(d) = &op.description {
        paragraphs.push(markdown(d));
    }
    let scopes =
        |list: &[crate::ir::ScopeRef]| list.iter().map(|s| format!("`{}`", s.name)).collect::<Vec<_>>().join(", ");
    if !op.scopes.classic.is_empty() || !op.scopes.granular.is_empty() {
        paragraphs.push("# Scopes\nAny one of these authorises the call.".to_owned());
        if !op.scopes.classic.is_empty() {
            paragraphs.push(format!("* Classic: {}", scopes(&op.scopes.classic)));
        }
        if !op.scopes.granular.is_empty() {
            paragraphs.push(format!("* Granular: {}", scopes(&op.scopes.granular)));
        }
        let all = op.scopes.classic.iter().chain(&op.scopes.granular);
        let from_catalogue: Vec<String> =
            all.filter(|s| s.sources.catalogue).map(|s| format!("`{}`", s.name)).collect();
        if !from_catalogue.is_empty() {
            let names = from_catalogue.join(", ");
            paragraphs.push(format!(
                "{names}: from zoom-client's scope catalogue (`scopes/catalogue/`), not Zoom's document."
            ));
        }
    }
    if !op.permissions.is_empty() {
        let p: Vec<String> = op.permissions.iter().map(|p| format!("`{p}`")).collect();
        paragraphs.push(format!("Role privileges: {}.", p.join(", ")));
    }
    let _ = surface;
    paragraphs
}

/// The builder struct and its impl for one operation.
pub fn builder(ctx: &Ctx, op: &Operation, surface: &Surface) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&op.builder);
    let docs = doc_attrs(&operation_docs(op, surface));
    let alias = id_alias(&op.id, &op.builder);
    let required = required_args(ctx, op);
    let mut fields = TokenStream::new();
    let mut init = Vec::new();
    let mut new_args = Vec::new();
    for arg in &required {
        let (field, ty) = (&arg.field, &arg.ty);
        fields.extend(quote!(#field: #ty,));
        init.push(quote!(#field));
        new_args.push(quote!(#field: #ty));
    }
    let mut setters = TokenStream::new();
    for p in op.params.iter().filter(|p| !p.required) {
        let field = ident(&p.ident);
        let ty = ctx.rust_type(&p.ty);
        fields.extend(quote!(#field: Option<#ty>,));
        init.push(quote!(#field: None));
        let pdocs = doc_attrs(&param_docs(p));
        setters.extend(if p.ty == TypeRef::String {
            quote! { #pdocs pub fn #field(mut self, value: impl Into<String>) -> Self { self.#field = Some(value.into()); self } }
        } else {
            quote! { #pdocs pub fn #field(mut self, value: #ty) -> Self { self.#field = Some(value); self } }
        });
    }
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        let ty = ctx.rust_type(&body.ty);
        fields.extend(quote!(body: Option<#ty>,));
        init.push(quote!(body: None));
        let mut bdocs = vec!["The request body.".to_owned()];
        if let Some(d) = &body.description {
            bdocs.push(markdown(d));
        }
        let bdocs = doc_attrs(&bdocs);
        setters.extend(quote! { #bdocs pub fn body(mut self, value: #ty) -> Self { self.body = Some(value); self } });
    }

    // The path, each parameter percent-encoded as one segment. Built from parts rather than with
    // `format!`, whose arguments prettyplease cannot lay out.
    let mut parts: Vec<TokenStream> = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}').map_or(rest.len(), |e| start + e);
        if start > 0 {
            let literal = &rest[..start];
            parts.push(quote!(#literal));
        }
        let var = &rest[start + 1..end];
        if let Some(p) = op.params.iter().find(|p| p.location == ParamIn::Path && p.name == var) {
            let field = ident(&p.ident);
            parts.push(if p.double_encode {
                quote!(&#rt::path::uuid_segment(&self.#field))
            } else {
                quote!(&#rt::path::segment(&self.#field))
            });
        }
        rest = &rest[(end + 1).min(rest.len())..];
    }
    if !rest.is_empty() {
        parts.push(quote!(#rest));
    }
    let path = match parts.as_slice() {
        [only] if !op.path.contains('{') => quote!(String::from(#only)),
        _ => quote!(#rt::path::join(&[#(#parts),*])),
    };
    let mut build = TokenStream::new();
    for p in op.params.iter().filter(|p| p.location != ParamIn::Path) {
        let field = ident(&p.ident);
        let wire = &p.name;
        let method = if p.location == ParamIn::Header { quote!(header) } else { quote!(query) };
        build.extend(quote!(request.#method(#wire, &self.#field);));
    }
    if let Some(body) = &op.body {
        let call = match body.media {
            BodyMedia::Json => quote!(json),
            BodyMedia::Multipart => quote!(multipart),
        };
        build.extend(if body.required {
            quote!(request.#call(&self.body);)
        } else {
            quote!(if let Some(body) = &self.body { request.#call(body); })
        });
    }
    let output = match &op.response.body {
        ResponseBody::Empty => quote!(()),
        ResponseBody::Json(ty) => ctx.rust_type(ty),
        ResponseBody::Bytes(_) => quote!(Vec<u8>),
    };
    let mut_request = if build.is_empty() { quote!(request) } else { quote!(mut request) };
    let info = operation_const(ctx, op);
    let const_name = ident(&heck::ToShoutySnakeCase::to_shouty_snake_case(op.builder.as_str()));
    let send_docs = doc_attrs(&[match &op.response.body {
        ResponseBody::Empty => "Sends the request; Zoom's answer has no content.",
        ResponseBody::Json(_) => "Sends the request and decodes Zoom's answer.",
        ResponseBody::Bytes(_) => "Sends the request and returns the bytes of Zoom's answer.",
    }
    .to_owned()]);
    let paging = op.pagination.as_ref().map(|p| paging_methods(ctx, p)).unwrap_or_default();
    // Nothing here is compiled to machine code in zoom-client: every method that runs is `#[inline]`,
    // so rustc compiles it in the crate that calls it, for the calls an application makes,
    // instead of here for all 2,574 operations. `send` and `send_with_meta` return the runtime's
    // future rather than being `async fn`s: an `async fn` per method made rustc's type checking
    // of the meetings feature about 30 % slower (`-Z time-passes`, type_check_crate).
    quote! {
        #[doc(hidden)]
        const #const_name: #rt::Operation = #info;

        #docs
        #alias
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #name {
            client: #rt::Client,
            #fields
        }

        impl #name {
            /// What Zoom documents about this operation.
            pub const OPERATION: &'static #rt::Operation = &#const_name;

            pub(super) fn new(client: #rt::Client, #(#new_args),*) -> Self {
                Self { client, #(#init),* }
            }

            #setters

            #send_docs
            #[inline]
            pub fn send(self) -> impl Future<Output = Result<#output, #rt::Error>> + Send + 'static {
                #rt::call::send(self)
            }

            /// Like [`send`](Self::send), keeping the answer's status, `x-zm-trackingid` and
            /// headers (such as the `X-RateLimit-*` ones).
            #[inline]
            pub fn send_with_meta(self) -> impl Future<Output = Result<#rt::Answer<#output>, #rt::Error>> + Send + 'static {
                #rt::call::send_with_meta(self)
            }

            #paging
        }

        impl #rt::Call for #name {
            type Output = #output;

            #[inline]
            fn into_request(self) -> (#rt::Client, #rt::Request) {
                let #mut_request = #rt::Request::new(Self::OPERATION, #path);
                #build
                (self.client, request)
            }
        }
    }
}

/// `pages()` and `items()` of a paginated operation whose answer is a page of items.
fn paging_methods(ctx: &Ctx, p: &Pagination) -> TokenStream {
    let rt = &ctx.rt;
    let Ok(stream) = &p.stream else { return TokenStream::new() };
    let page = ctx.rust_type(&TypeRef::Named(stream.page));
    let item = ctx.rust_type(&stream.item);
    let (style, walk) = match stream.style {
        PageStyle::Token => (quote!(Token), "each answer's `next_page_token` goes back for the next page"),
        PageStyle::Number => (quote!(Number), "`page_number` counts up to the answer's `page_count`"),
    };
    let size = match (p.page_size.stream_default(), p.page_size) {
        (Some(n), PageSize::Undocumented) => {
            format!("\nUnless `page_size` is set, it asks for {n} records a page (Zoom documents no maximum).")
        }
        (Some(n), _) => format!("\nUnless `page_size` is set, it asks for {n} records a page, the documented maximum."),
        (None, _) => String::new(),
    };
    let page_size = match p.page_size.stream_default() {
        Some(n) => {
            let n = Literal::i64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    let module = format!("{rt}::paginate").replace(' ', "");
    let pages_doc = doc_attrs(&[format!(
        "Every page of the listing, fetched as the stream is polled:\n{walk} ([how listings are walked]({module})).{size}"
    )]);
    let items_doc = doc_attrs(&[format!(
        "Every item (`{}`) of every page, fetched a page at a time as the stream is polled;\nsee [`pages`](Self::pages).",
        stream.items
    )]);
    quote! {
        #pages_doc
        #[inline]
        pub fn pages(self) -> impl #rt::paginate::Stream<Item = Result<#page, #rt::Error>> + Send + Unpin + 'static {
            #rt::paginate::pages(self, #rt::paginate::Style::#style, #page_size)
        }

        #items_doc
        #[inline]
        pub fn items(self) -> impl #rt::paginate::Stream<Item = Result<#item, #rt::Error>> + Send + Unpin + 'static {
            #rt::paginate::items(self, #rt::paginate::Style::#style, #page_size)
        }
    }
}

/// The `Operation` constant: Zoom's id, the Rust method's name, method, path template, scopes,
/// rate limit.
fn operation_const(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let (id, rust_name) = (&op.id, &op.name);
    let product = &ctx.product.key;
    let master = ctx.home() == crate::ir::Home::Master;
    let method = ident(match op.method {
        crate::ir::Method::Get => "Get",
        crate::ir::Method::Post => "Post",
        crate::ir::Method::Put => "Put",
        crate::ir::Method::Patch => "Patch",
        crate::ir::Method::Delete => "Delete",
        crate::ir::Method::Head => "Head",
        crate::ir::Method::Options => "Options",
        crate::ir::Method::Trace => "Trace",
    });
    let path = &op.path;
    let rate = match op.rate_limit.as_ref().map(|r| &r.label) {
        None => quote!(None),
        Some(RateLimitLabel::Light) => quote!(Some(#rt::RateLimit::Light)),
        Some(RateLimitLabel::Medium) => quote!(Some(#rt::RateLimit::Medium)),
        Some(RateLimitLabel::Heavy) => quote!(Some(#rt::RateLimit::Heavy)),
        Some(RateLimitLabel::ResourceIntensive) => quote!(Some(#rt::RateLimit::ResourceIntensive)),
        Some(RateLimitLabel::Other(s)) => {
            let s = Literal::string(s);
            quote!(Some(#rt::RateLimit::Other(#s)))
        }
    };
    let classic = op.scopes.classic.iter().map(|s| &s.name);
    let granular = op.scopes.granular.iter().map(|s| &s.name);
    let permissions = &op.permissions;
    let auth = match ctx.product.auth {
        crate::ir::Auth::Oauth => quote!(#rt::AuthKind::OAuth),
        crate::ir::Auth::SdkJwt => quote!(#rt::AuthKind::SdkJwt),
    };
    quote! {
        #rt::Operation {
            id: #id,
            rust_name: #rust_name,
            product: #product,
            master: #master,
            method: #rt::Method::#method,
            path: #path,
            auth: #auth,
            rate_limit: #rate,
            classic_scopes: &[#(#classic),*],
            granular_scopes: &[#(#granular),*],
            permissions: &[#(#permissions),*],
        }
    }
}
