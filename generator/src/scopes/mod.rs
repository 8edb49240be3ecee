//! OAuth scopes: the hand-maintained catalogue in `scopes/catalogue/` and how Zoom's documents
//! drift from it.

pub mod catalogue;
pub mod drift;

pub use catalogue::{Catalogue, ClassicScope, load};
pub use drift::Drift;
