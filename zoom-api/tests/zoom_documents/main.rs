//! zoom-client's generated types and builders against Zoom's own documents: one test binary, so
//! the generated dispatch (`generated/`, written by `cargo xtask regen`) compiles once. Every
//! module needs every product (`--features full`) and the documents in `$ZOOM_SPEC_DIR` or
//! `../shared/zoom-openapi`; neither ships in the published package.
//!
//! - `rest_examples`: each REST answer assembled from the schemas decodes strictly and encodes
//!   back.
//! - `webhook_events`: each event, from Zoom's examples and from the schemas, decodes strictly.
//! - `deviations`: each of those, mutated by every class of deviation, decodes tolerantly.
//! - `fuzz`: a bounded byte-level fuzz of the decoder and the webhook receiver.
//! - `prism`: every operation called against Prism (`cargo xtask conformance`; ignored otherwise).
#![cfg(feature = "full")]
#![allow(dead_code, reason = "each test module uses its own part of the helpers")]

mod conformance;
mod documents;
// Formatted by prettyplease at generation; rustfmt would rewrite every line.
#[rustfmt::skip]
mod generated;

mod deviations;
mod fuzz;
mod prism;
mod rest_examples;
mod webhook_events;
