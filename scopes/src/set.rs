//! The scopes a token holds, and whether they authorise an operation.

use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::fmt;

use crate::requirement::{Requirement, is_unscoped, listed};
use crate::{Model, Scope, Tier};

/// The scopes a token holds, kept sorted and deduplicated.
///
/// Strings are kept as given (trimmed), parseable or not: a token may carry scopes this crate's
/// grammar has never seen, and they still match an operation that lists the same string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ScopeSet {
    scopes: BTreeSet<String>,
}

impl ScopeSet {
    /// An empty set.
    pub fn new() -> ScopeSet {
        ScopeSet::default()
    }

    /// Reads the `scope` field of Zoom's token response: scopes separated by whitespace (any
    /// amount, any kind), duplicates dropped.
    ///
    /// The one granular scope with a space inside (`contact_center:write:queue disposition:admin`)
    /// cannot survive this format; collect such a scope into a set with [`FromIterator`] instead.
    pub fn from_token(scope_field: &str) -> ScopeSet {
        scope_field.split_whitespace().collect()
    }

    /// Whether the set holds exactly this scope (compared trimmed). No implication: holding
    /// `meeting:write:admin` does not make this true for `meeting:read:admin` or `meeting:write`.
    pub fn contains(&self, scope: &str) -> bool {
        self.scopes.contains(scope.trim())
    }

    /// The scopes in sorted order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.scopes.iter().map(String::as_str)
    }

    /// How many distinct scopes the set holds.
    pub fn len(&self) -> usize {
        self.scopes.len()
    }

    /// Whether the set holds no scope.
    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty()
    }

    /// Whether these scopes authorise `op`, and through which scope.
    ///
    /// Only the exact strings the operation lists count (Zoom's lists already name every scope it
    /// accepts), so a write scope never stands in for a read scope, nor `:admin` for the user tier.
    ///
    /// When several held scopes are listed, the one reported is the one of the highest tier (it
    /// reaches furthest, so it is what decides whose data the call can touch), then a classic one
    /// before a granular one, then the alphabetically first. A listed string the grammar refuses
    /// (Zoom's documents have none today) still grants the call when held and counts as
    /// [`Tier::User`], the narrowest claim.
    pub fn allows<'op, R: Requirement + ?Sized>(&self, op: &'op R) -> Access<'_, 'op> {
        if is_unscoped(op) {
            return Access::Unscoped;
        }
        let held =
            [(Model::Classic, op.classic()), (Model::Granular, op.granular())].into_iter().flat_map(|(model, list)| {
                listed(list)
                    .filter_map(|scope| self.scopes.get(scope))
                    .map(move |held| (tier_or_user(held, model), model, held))
            });
        let best = held.min_by_key(|&(tier, model, scope)| (Reverse(tier), model, scope));
        match best {
            Some((tier, model, scope)) => Access::Granted { scope: scope.as_str(), model, tier },
            None => Access::Missing { classic: op.classic(), granular: op.granular() },
        }
    }
}

/// The tier a listed scope grants, the narrowest one for a string the grammar refuses.
pub(crate) fn tier_or_user(scope: &str, model: Model) -> Tier {
    Scope::parse_as(scope, model).map_or(Tier::User, |scope| scope.tier())
}

impl<S: AsRef<str>> FromIterator<S> for ScopeSet {
    /// Collects scopes, trimmed; blank ones are dropped and duplicates kept once. Unlike
    /// [`ScopeSet::from_token`], an item is one scope even if it holds a space.
    fn from_iter<I: IntoIterator<Item = S>>(scopes: I) -> ScopeSet {
        let mut set = ScopeSet::new();
        set.extend(scopes);
        set
    }
}

impl<S: AsRef<str>> Extend<S> for ScopeSet {
    /// Adds scopes as [`FromIterator`] does.
    fn extend<I: IntoIterator<Item = S>>(&mut self, scopes: I) {
        for scope in scopes {
            let scope = scope.as_ref().trim();
            if !scope.is_empty() && !self.scopes.contains(scope) {
                self.scopes.insert(scope.to_owned());
            }
        }
    }
}

impl fmt::Display for ScopeSet {
    /// The scopes sorted and separated by single spaces, the shape of a token's `scope` field.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, scope) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(scope)?;
        }
        Ok(())
    }
}

/// The answer of [`ScopeSet::allows`]: `'s` borrows the set, `'op` the operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access<'s, 'op> {
    /// A held scope the operation lists. See [`ScopeSet::allows`] for which one is named when
    /// several are held.
    Granted {
        /// The held scope, trimmed.
        scope: &'s str,
        /// The list it was found in.
        model: Model,
        /// How far it reaches.
        tier: Tier,
    },
    /// The operation lists no scope at all: any token may call it.
    Unscoped,
    /// No held scope is listed. Any one of these (the operation's lists as given) would do.
    Missing {
        /// The classic alternatives.
        classic: &'op [&'op str],
        /// The granular alternatives.
        granular: &'op [&'op str],
    },
}

impl Access<'_, '_> {
    /// Whether the call is authorised: [`Access::Granted`] or [`Access::Unscoped`].
    pub fn is_granted(&self) -> bool {
        !matches!(self, Access::Missing { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Needs;

    const LIST_MEETINGS: Needs<'static> = Needs {
        name: "meetings",
        classic: &["meeting:read:admin", "meeting:read"],
        granular: &["meeting:read:list_meetings", "meeting:read:list_meetings:admin"],
    };

    #[test]
    fn the_token_field_is_split_on_any_whitespace_and_deduplicated() {
        let set = ScopeSet::from_token("  meeting:read:admin   user:read\tuser:read ");
        assert_eq!(set.iter().collect::<Vec<_>>(), ["meeting:read:admin", "user:read"]);
        assert_eq!(set.len(), 2);
        assert!(!set.is_empty());
        assert!(set.contains("user:read"));
        assert!(set.contains(" user:read "));
        assert!(!set.contains("user:read:admin"));
        assert_eq!(set.to_string(), "meeting:read:admin user:read");
        assert_eq!(ScopeSet::from_token(&set.to_string()), set);
    }

    #[test]
    fn empty_and_unknown_scopes() {
        let empty = ScopeSet::from_token(" \t\n");
        assert!(empty.is_empty());
        assert_eq!(empty.to_string(), "");
        let odd = ScopeSet::from_token("Not:A:Scope meeting:read");
        assert_eq!(odd.iter().collect::<Vec<_>>(), ["Not:A:Scope", "meeting:read"]);
    }

    #[test]
    fn collected_items_are_trimmed_but_not_split() {
        let set: ScopeSet = [" contact_center:write:queue disposition:admin ", "", "meeting:read", "meeting:read"]
            .into_iter()
            .collect();
        assert_eq!(set.iter().collect::<Vec<_>>(), ["contact_center:write:queue disposition:admin", "meeting:read"]);
        let owned: ScopeSet = vec![String::from("b"), String::from("a")].into_iter().collect();
        assert_eq!(owned.to_string(), "a b");
    }

    #[test]
    fn the_highest_tier_held_is_named() {
        let set = ScopeSet::from_token("meeting:read meeting:read:list_meetings:admin meeting:read:admin");
        assert_eq!(
            set.allows(&LIST_MEETINGS),
            Access::Granted { scope: "meeting:read:admin", model: Model::Classic, tier: Tier::Admin }
        );
        let set = ScopeSet::from_token("meeting:read meeting:read:list_meetings:admin");
        assert_eq!(
            set.allows(&LIST_MEETINGS),
            Access::Granted { scope: "meeting:read:list_meetings:admin", model: Model::Granular, tier: Tier::Admin }
        );
        let set = ScopeSet::from_token("meeting:read:list_meetings meeting:read");
        assert_eq!(
            set.allows(&LIST_MEETINGS),
            Access::Granted { scope: "meeting:read", model: Model::Classic, tier: Tier::User }
        );
        assert!(set.allows(&LIST_MEETINGS).is_granted());
    }

    #[test]
    fn nothing_is_implied() {
        let set = ScopeSet::from_token("meeting:write:admin meeting:read:meeting:admin user:read:admin");
        let access = set.allows(&LIST_MEETINGS);
        assert_eq!(access, Access::Missing { classic: LIST_MEETINGS.classic, granular: LIST_MEETINGS.granular });
        assert!(!access.is_granted());

        let user_only = Needs { name: "me", classic: &["user:read"], granular: &["user:read:user"] };
        assert_eq!(set.allows(&user_only), Access::Missing { classic: &["user:read"], granular: &["user:read:user"] });
    }

    #[test]
    fn an_operation_without_scopes_is_open_to_any_token() {
        let sdk = Needs { name: "sdk_jwt", classic: &[], granular: &[" "] };
        assert_eq!(ScopeSet::new().allows(&sdk), Access::Unscoped);
        assert!(ScopeSet::new().allows(&sdk).is_granted());
    }

    #[test]
    fn listed_scopes_are_compared_trimmed() {
        let divisions = Needs { name: "listDivisions", classic: &[" division:read:admin"], granular: &[] };
        let set = ScopeSet::from_token("division:read:admin");
        assert_eq!(
            set.allows(&divisions),
            Access::Granted { scope: "division:read:admin", model: Model::Classic, tier: Tier::Admin }
        );
        let by_ref: &dyn Requirement = &divisions;
        assert!(set.allows(by_ref).is_granted());
        assert!(set.allows(&&divisions).is_granted());
    }

    #[test]
    fn an_unparseable_listed_scope_grants_at_user_tier() {
        let odd = Needs { name: "odd", classic: &["Odd:Scope:admin"], granular: &[] };
        let set = ScopeSet::from_token("Odd:Scope:admin");
        assert_eq!(
            set.allows(&odd),
            Access::Granted { scope: "Odd:Scope:admin", model: Model::Classic, tier: Tier::User }
        );
    }
}
