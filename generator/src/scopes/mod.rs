//! OAuth scopes: the hand-maintained catalogue in `scopes/catalogue/`, how Zoom's documents
//! drift from it, the catalogue's corrections applied to the operations, and the resulting scope
//! table per surface.

pub mod apply;
pub mod catalogue;
pub mod drift;
pub mod reference;
pub mod table;

pub use apply::apply;
pub use catalogue::{Catalogue, ClassicScope, load};
pub use drift::Drift;
