//! The zoom-client generator: Zoom's OpenAPI documents in, the `zoom-client` crate's generated tree out.
//!
//! Stages, one module each: [`manifest`] and [`load`] (which documents, read and hashed),
//! [`normalise`] (repair known quirks on raw JSON, with a report), [`parse`] (typed `openapiv3`),
//! [`lower`] (documents → [`ir`], plain data, with [`overrides`] applied), [`emit`] (IR → Rust source), [`output`] (atomic
//! write, staleness check). [`pipeline`] runs them in order, [`regen`] writes or checks the outputs; [`report`]
//! summarises a run; [`diff`] compares two editions of the documents, which [`editions`] finds.

pub mod diff;
pub mod editions;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lock;
pub mod lower;
pub mod manifest;
pub mod names;
pub mod normalise;
pub mod output;
pub mod overrides;
mod parallel;
pub mod parse;
pub mod pipeline;
pub mod regen;
pub mod release;
pub mod report;
pub mod scopes;
pub mod surface;

pub use error::{Error, Location, Result};
