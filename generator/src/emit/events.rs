//! `<product>/webhooks.rs`: the product's webhook events as one enum, tagged by the delivery's
//! `event` field, each variant holding the event's payload type from `types.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::{Ctx, ident};
use super::docs::{doc_attrs, markdown};
use crate::ir::{ScopeRef, Webhooks};
use crate::lower::UNKNOWN_EVENT as UNKNOWN;

pub fn events_file(ctx: &Ctx, webhooks: &Webhooks) -> TokenStream {
    let rt = &ctx.rt;
    let product = ctx.product;
    let mut variants = TokenStream::new();
    let mut arms = TokenStream::new();
    let mut name_arms = TokenStream::new();
    let mut encode_arms = TokenStream::new();
    let mut info_arms = TokenStream::new();
    let mut table = Vec::new();
    let key = &product.key;
    for (index, event) in webhooks.events.iter().enumerate() {
        let variant = ident(&event.variant);
        let payload = ctx.rust_type(&event.payload);
        let name = &event.name;
        let docs = doc_attrs(&variant_docs(event));
        variants.extend(quote! { #docs #variant(#payload), });
        arms.extend(quote! { Some(#name) => Self::#variant(de.decode_text(text)?), });
        name_arms.extend(quote! { Self::#variant(_) => #name, });
        encode_arms.extend(quote! { Self::#variant(event) => #rt::json::ToJson::to_json(event), });
        info_arms.extend(quote! { Self::#variant(_) => Some(&EVENTS[#index]), });
        let classic = event.scopes.classic.iter().map(|s| &s.name);
        let granular = event.scopes.granular.iter().map(|s| &s.name);
        table.push(quote! {
            #rt::webhook::EventInfo {
                name: #name,
                product: #key,
                classic_scopes: &[#(#classic),*],
                granular_scopes: &[#(#granular),*],
            }
        });
    }
    let imports = ctx.type_imports();
    let module_docs: TokenStream = doc_attrs(&[
        format!("Webhook events of Zoom's {} API, from `{}`.", product.title, webhooks.file),
        "Check and decode a delivery with [`Receiver::receive`](crate::webhook::Receiver::receive) \
         into [`Event`]; each variant holds the event's body."
            .to_owned(),
    ])
    .into_iter()
    .collect();
    let module_docs = super::product::inner_doc(module_docs);
    let count = webhooks.events.len();
    let enum_docs = doc_attrs(&[
        format!("One of the {count} events Zoom's {} webhooks deliver, by the body's `event` field.", product.title),
        format!(
            "An event this version does not know decodes as `{UNKNOWN}`, with the body as it came; a known event \
             whose body differs from Zoom's document decodes all the same, each difference reported as a \
             [`Deviation`](crate::json::Deviation)."
        ),
    ]);
    quote! {
        #module_docs
        #imports

        #enum_docs
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant, reason = "one value per delivery; boxing would only add indirection")]
        pub enum Event {
            #variants
            /// An event this version of the crate does not know, as Zoom sent it.
            Unknown(#rt::webhook::RawEvent),
        }

        impl Event {
            /// The event's name, e.g. `meeting.started` (empty for an unknown event whose body
            /// has no `event` field).
            pub fn name(&self) -> &str {
                match self {
                    #name_arms
                    Self::Unknown(raw) => raw.event.as_deref().unwrap_or_default(),
                }
            }

            /// The event's entry in [`EVENTS`]: its scopes. `None` for an unknown event.
            pub fn info(&self) -> Option<&'static #rt::webhook::EventInfo> {
                match self {
                    #info_arms
                    Self::Unknown(_) => None,
                }
            }
        }

        /// Every event of this module, in the document's order, with the scopes that let an app
        /// receive it.
        pub const EVENTS: &[#rt::webhook::EventInfo] = &[#(#table),*];

        impl #rt::json::FromJson for Event {
            fn decode(de: &mut #rt::json::Decoder<'_>) -> Result<Self, #rt::json::DecodeError> {
                let (name, text) = de.tagged("event")?;
                Ok(match name.as_deref() {
                    #arms
                    _ => Self::Unknown(de.decode_text(text)?),
                })
            }
        }

        impl #rt::json::ToJson for Event {
            fn to_json(&self) -> #rt::json::Value {
                match self {
                    #encode_arms
                    Self::Unknown(raw) => #rt::json::ToJson::to_json(raw),
                }
            }
        }
    }
}

/// A variant's docs: the event's name, Zoom's description, and the scopes that subscribe to it.
fn variant_docs(event: &crate::ir::Event) -> Vec<String> {
    let mut docs = vec![format!("`{}`", event.name)];
    if let Some(description) = &event.description {
        docs.push(markdown(description));
    }
    let list = |refs: &[ScopeRef]| refs.iter().map(|r| format!("`{}`", r.name)).collect::<Vec<_>>().join(", ");
    if !event.scopes.classic.is_empty() {
        docs.push(format!("Scopes: {}.", list(&event.scopes.classic)));
    }
    if !event.scopes.granular.is_empty() {
        docs.push(format!("Granular scopes: {}.", list(&event.scopes.granular)));
    }
    docs
}
