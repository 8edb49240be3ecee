//! Zoom's agent-oriented API reference against the documents. The reference names scopes
//! without their tier suffix (`meeting:read:list_meetings` for an operation whose document lists
//! `…:list_meetings` and `…:list_meetings:admin`), so scopes are compared without the tier.

use std::collections::BTreeMap;

use zoom_scopes::{Model, Scope};

use super::catalogue::{ReferenceEndpoint, ReferenceField};
use crate::ir::{Operation, ScopeRef};

/// Each claim of `endpoint` that the documents' `op` contradicts, with what the documents say.
pub fn disagreements(endpoint: &ReferenceEndpoint, op: &Operation) -> BTreeMap<ReferenceField, String> {
    let mut out = BTreeMap::new();
    let mut claim = |field, scope: &str, model| {
        let list = match model {
            Model::Classic => &op.scopes.classic,
            Model::Granular => &op.scopes.granular,
        };
        if !listed_at_some_tier(scope, model, list) {
            out.insert(field, format!("the documents list {} scopes {}", model.as_str(), names(list)));
        }
    };
    claim(ReferenceField::Classic, &endpoint.classic, Model::Classic);
    if let Some(granular) = &endpoint.granular {
        claim(ReferenceField::Granular, granular, Model::Granular);
    }
    // The capability column names a granular scope, or for a few endpoints a classic one.
    let capability_model = Scope::parse(&endpoint.capability).map_or(Model::Granular, |s| s.model());
    claim(ReferenceField::Capability, &endpoint.capability, capability_model);
    let documents_label = op.rate_limit.as_ref().map(|r| r.raw.as_str());
    if documents_label.is_none_or(|label| !same_label(label, &endpoint.rate_limit)) {
        let said = documents_label.map_or("no rate-limit label".to_owned(), |l| format!("rate limit `{l}`"));
        out.insert(ReferenceField::RateLimit, format!("the documents give {said}"));
    }
    out
}

fn listed_at_some_tier(scope: &str, model: Model, list: &[ScopeRef]) -> bool {
    let Ok(wanted) = Scope::parse_as(scope, model) else { return false };
    list.iter().filter_map(|s| Scope::parse_as(&s.name, model).ok()).any(|listed| {
        (listed.resource(), listed.action(), listed.object(), listed.qualifier())
            == (wanted.resource(), wanted.action(), wanted.object(), wanted.qualifier())
    })
}

fn names(list: &[ScopeRef]) -> String {
    if list.is_empty() {
        return "none".to_owned();
    }
    list.iter().map(|s| format!("`{}`", s.name)).collect::<Vec<_>>().join(", ")
}

/// `Medium` and `MEDIUM`, `Resource-intensive` and `RESOURCE-INTENSIVE` are the same label.
fn same_label(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim().to_ascii_uppercase().replace(' ', "-");
    norm(a) == norm(b)
}
