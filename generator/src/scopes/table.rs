//! The scope table of one surface, as the generated `OPERATIONS` table carries it (after the
//! catalogue's corrections): per operation, its classic and granular alternatives by tier, role
//! privileges and rate-limit label. Snapshotted per surface, so a review shows scope moves.

use std::fmt::Write as _;

use zoom_scopes::{Model, Scope, Tier};

use crate::ir::{Operation, ScopeRef, Surface};

pub fn render(surface: &Surface) -> String {
    let mut ops: Vec<_> = surface.operations.iter().collect();
    ops.sort_by(|a, b| (&a.path, a.method.as_str()).cmp(&(&b.path, b.method.as_str())));
    ops.into_iter().map(|op| entry(op, &op.id)).collect()
}

/// One operation's lines: `METHOD /path  title  [rate]`, then its scopes by model and tier and
/// its role privileges.
pub fn entry(op: &Operation, title: &str) -> String {
    let mut out = String::new();
    let rate = op.rate_limit.as_ref().map_or("no rate-limit label", |r| r.raw.as_str());
    let _ = writeln!(out, "{} {}  {title}  [{rate}]", op.method.as_str(), op.path);
    let lists = [(Model::Classic, &op.scopes.classic), (Model::Granular, &op.scopes.granular)];
    for (model, list) in lists {
        if !list.is_empty() {
            let _ = writeln!(out, "  {:<9} {}", model.as_str(), by_tier(list, model));
        }
    }
    if op.scopes.classic.is_empty() && op.scopes.granular.is_empty() {
        let _ = writeln!(out, "  no scopes");
    }
    if !op.permissions.is_empty() {
        let _ = writeln!(out, "  {:<9} {}", "roles", op.permissions.join(", "));
    }
    out
}

/// `user: a, b · admin: c`; scopes from the catalogue carry a `*`.
fn by_tier(list: &[ScopeRef], model: Model) -> String {
    let tiered: Vec<(Option<Tier>, &ScopeRef)> =
        list.iter().map(|s| (Scope::parse_as(&s.name, model).map(|p| p.tier()).ok(), s)).collect();
    let mut groups: Vec<String> = Vec::new();
    for tier in [Some(Tier::User), Some(Tier::Admin), Some(Tier::Master), None] {
        let names: Vec<String> = tiered
            .iter()
            .filter(|(t, _)| *t == tier)
            .map(|(_, s)| if s.sources.catalogue { format!("{}*", s.name) } else { s.name.clone() })
            .collect();
        if !names.is_empty() {
            let label = tier.map_or("unparsed", Tier::as_str);
            groups.push(format!("{label}: {}", names.join(", ")));
        }
    }
    groups.join(" · ")
}
