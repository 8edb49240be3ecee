//! Which scopes an app should ask for: the fewest that authorise all its operations
//! ([`least_privilege`]), and the granular scopes that replace the classic ones it holds
//! ([`migrate`]).
//!
//! Both only ever name strings the operations list: a scope is never invented, nor widened (a
//! write scope does not stand in for a read scope, nor `:admin` for the user tier).

use std::collections::BTreeSet;

use crate::cover::min_cover;
use crate::requirement::{Requirement, is_unscoped, listed};
use crate::set::tier_or_user;
use crate::{Model, Scope, ScopeSet, Tier};

/// The answer of [`least_privilege`]. Operations keep the order they were given in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Plan {
    /// The scopes to request, sorted.
    pub scopes: Vec<String>,
    /// Operations no scope of the requested model and tier authorises.
    pub uncovered: Vec<Uncovered>,
    /// Operations that list no scope at all: they need none.
    pub unscoped: Vec<String>,
}

/// An operation [`least_privilege`] could not cover at the requested tier.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uncovered {
    /// The operation's name.
    pub operation: String,
    /// The tiers at which the operation does list a scope of the requested model, ascending, so a
    /// caller can say "only user-tier granular scopes exist for it"; empty when it lists none.
    pub available: Vec<Tier>,
}

/// The smallest set of `model` scopes at exactly `tier` that authorises every operation in `ops`.
///
/// Exactly the requested tier, not "at least": an `:admin` scope reaches other users' data, which
/// an app asking for user-tier access must not get by accident, and a user-tier scope does not do
/// an admin's job. A listed string the grammar refuses is no candidate at any tier.
///
/// The cover is exact (branch and bound; an app's operations are few), and deterministic: among
/// equally small covers, the lexicographically smallest sorted list.
pub fn least_privilege<R: Requirement>(ops: &[R], tier: Tier, model: Model) -> Plan {
    let mut plan = Plan::default();
    let mut lists = Vec::new();
    for op in ops {
        if is_unscoped(op) {
            plan.unscoped.push(op.name().to_owned());
            continue;
        }
        let list = match model {
            Model::Classic => op.classic(),
            Model::Granular => op.granular(),
        };
        let parsed: Vec<(&str, Tier)> =
            listed(list).filter_map(|s| Scope::parse_as(s, model).ok().map(|scope| (s, scope.tier()))).collect();
        let candidates: Vec<&str> = parsed.iter().filter(|&&(_, t)| t == tier).map(|&(s, _)| s).collect();
        if candidates.is_empty() {
            let available = parsed.iter().map(|&(_, t)| t).collect::<BTreeSet<_>>().into_iter().collect();
            plan.uncovered.push(Uncovered { operation: op.name().to_owned(), available });
        } else {
            lists.push(candidates);
        }
    }
    plan.scopes = min_cover(&lists);
    plan
}

/// The answer of [`migrate`]. Operations keep the order they were given in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Migration {
    /// The granular scopes to request, sorted: the fewest that keep every operation the classic
    /// scopes grant, at the tier they grant it.
    pub granular: Vec<String>,
    /// Operations that list scopes but none of the held classic ones: the app cannot call them
    /// today, so there is nothing to carry over. Operations with granular scopes only are here too.
    pub not_granted: Vec<String>,
    /// Operations granted today that list no granular scope at that tier.
    pub unmapped: Vec<Unmapped>,
    /// Operations that list no scope at all: they need none before or after.
    pub unscoped: Vec<String>,
}

/// An operation [`migrate`] found no granular replacement for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unmapped {
    /// The operation's name.
    pub operation: String,
    /// The tier the held classic scopes grant it at.
    pub tier: Tier,
    /// The granular scopes the operation does list, trimmed, as listed (other tiers, or none:
    /// Zoom lists no granular scope for some operations).
    pub granular: Vec<String>,
}

/// The granular scopes an app holding the `classic` scopes needs to keep calling `ops`.
///
/// For each operation, the held classic scopes it lists set the tier it is called at today (the
/// highest of them; a held string the grammar refuses counts as user tier); its granular scopes at
/// that same tier are the candidates, so the app neither loses reach nor gains any. The answer is
/// the smallest set holding a candidate of every operation, chosen as in [`least_privilege`].
pub fn migrate<R: Requirement>(classic: &ScopeSet, ops: &[R]) -> Migration {
    let mut migration = Migration::default();
    let mut lists = Vec::new();
    for op in ops {
        if is_unscoped(op) {
            migration.unscoped.push(op.name().to_owned());
            continue;
        }
        let Some(tier) =
            listed(op.classic()).filter(|&s| classic.contains(s)).map(|s| tier_or_user(s, Model::Classic)).max()
        else {
            migration.not_granted.push(op.name().to_owned());
            continue;
        };
        let candidates: Vec<&str> = listed(op.granular())
            .filter(|&s| Scope::parse_as(s, Model::Granular).is_ok_and(|scope| scope.tier() == tier))
            .collect();
        if candidates.is_empty() {
            let granular = listed(op.granular()).map(str::to_owned).collect();
            migration.unmapped.push(Unmapped { operation: op.name().to_owned(), tier, granular });
        } else {
            lists.push(candidates);
        }
    }
    migration.granular = min_cover(&lists);
    migration
}
