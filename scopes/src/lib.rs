//! Zoom's OAuth scopes as data: the grammar of a scope string ([`Scope`]: classic or granular,
//! user / `:admin` / `:master` tier).
//!
//! `zoom-api` uses it at run time and the generator at regen time, where it checks every scope
//! string in Zoom's documents and the scope catalogue in this folder's `catalogue/`.

mod grammar;

pub use grammar::{Model, ParseError, Scope, Tier};
