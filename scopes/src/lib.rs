//! Zoom's OAuth scopes as data: the grammar of a scope string ([`Scope`]: classic or granular,
//! user / `:admin` / `:master` tier), and what a set of scopes can do.
//!
//! An operation lists alternative scopes in two lists, classic and granular ([`Requirement`]);
//! holding any one of them authorises the call. [`ScopeSet::allows`] answers whether a token's
//! scopes authorise an operation, [`least_privilege`] picks the fewest scopes that authorise a set
//! of operations, and [`migrate`] maps an app's classic scopes to granular ones. [`route`] matches a
//! request path to an operation's path template, to find the operation a request goes to.
//!
//! `zoom-client` uses it at run time and the generator at regen time, where it checks every scope
//! string in Zoom's documents and the scope catalogue in this folder's `catalogue/`.

mod cover;
mod grammar;
mod plan;
mod requirement;
pub mod route;
mod set;

pub use grammar::{Model, ParseError, Scope, Tier};
pub use plan::{Migration, Plan, Uncovered, Unmapped, least_privilege, migrate};
pub use requirement::{Needs, Requirement};
pub use set::{Access, ScopeSet};
