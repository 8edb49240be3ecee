//! The catalogue's corrections, applied to the operations before emit: overrides replace a
//! document's lists, and granular mappings fill the granular list of classic-only operations.
//! Entries naming no operation change nothing here; the drift report lists them.

use super::catalogue::{Catalogue, operation_key};
use crate::ir::{Api, ScopeRef, ScopeSources};
use crate::manifest::Variant;

pub fn apply(api: &mut Api, catalogue: &Catalogue) {
    for product in &mut api.products {
        let (rest, master) = (product.feature(Variant::Rest), product.feature(Variant::Master));
        for surface in product.rest.iter_mut().chain(product.master.iter_mut()) {
            let feature = if surface.variant == Variant::Master { &master } else { &rest };
            for op in &mut surface.operations {
                let key = operation_key(feature, &op.id);
                if let Some(entry) = catalogue.override_for(&key) {
                    if let Some(classic) = &entry.classic {
                        op.scopes.classic = from_catalogue(classic);
                    }
                    if let Some(granular) = &entry.granular {
                        op.scopes.granular = from_catalogue(granular);
                    }
                }
                let mapped = catalogue.granular_mapping(&key).and_then(|m| m.granular.as_ref());
                if let Some(granular) = mapped.filter(|_| op.scopes.granular.is_empty()) {
                    op.scopes.granular = from_catalogue(granular);
                }
            }
        }
    }
}

fn from_catalogue(names: &[String]) -> Vec<ScopeRef> {
    let sources = ScopeSources { catalogue: true, ..ScopeSources::default() };
    names.iter().map(|name| ScopeRef { name: name.clone(), sources }).collect()
}
